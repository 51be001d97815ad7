"""Parsing and loading of the Kemendagri region reference (provinsi, kabupaten/kota).

Two CSV formats are read:

* our own, with a header ``kode,nama,jenis,induk`` (``fixtures/wilayah.csv``): codes without the dot,
  names already in proper case without the "Kabupaten"/"Kota" prefix;
* the common full Kemendagri dump, without a header: ``kode,nama`` with dotted codes (``62``,
  ``62.71``, ``62.71.01``, ``62.71.01.1001``) and upper-case names with a prefix
  (``KAB. KOTAWARINGIN TIMUR``, ``KOTA ADM. JAKARTA PUSAT``). Kecamatan and desa rows are skipped:
  Talenta's tenants are provinces and kabupaten/kota only.

Parsing collects every bad line before failing, so an operator fixes a file in one pass instead of
one error per run. Loading is an upsert by kode in one transaction, so re-running it is harmless and
a full Kemendagri file can be loaded over the bundled list.

Both functions take the model class as a parameter so the data migration can pass the historical
model from ``apps.get_model`` and reuse exactly this code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from .models import Wilayah

WilayahModel = type[models.Model]

JENIS_PROVINSI = Wilayah.Jenis.PROVINSI.value
JENIS_KABUPATEN = Wilayah.Jenis.KABUPATEN.value
JENIS_KOTA = Wilayah.Jenis.KOTA.value
JENIS_KABUPATEN_ADMINISTRASI = Wilayah.Jenis.KABUPATEN_ADMINISTRASI.value
JENIS_KOTA_ADMINISTRASI = Wilayah.Jenis.KOTA_ADMINISTRASI.value

JENIS_KABUPATEN_SET = frozenset({JENIS_KABUPATEN, JENIS_KABUPATEN_ADMINISTRASI})
JENIS_KOTA_SET = frozenset({JENIS_KOTA, JENIS_KOTA_ADMINISTRASI})
JENIS_SEMUA = frozenset(Wilayah.Jenis.values)

HEADER = ("kode", "nama", "jenis", "induk")
NAMA_MAX_LENGTH = Wilayah._meta.get_field("nama").max_length

# Kemendagri numbering: kota have kab/kota numbers from 71 up, kabupaten below.
KOTA_NOMOR_AWAL = 71

_KODE_POLOS = re.compile(r"\d{2}(?:\d{2})?")
# PP, PP.KK, PP.KK.CCC (kecamatan, 2 or 3 digits across dump versions), PP.KK.CC.DDDD (desa/kelurahan).
_KODE_BERTITIK = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2,3}(?:\.\d{4})?)?)?")

# Prefixes of the dump format, most specific first ("KAB. ADM." before "KAB."). `\b` after KOTA keeps
# names such as "KOTAWARINGIN" or "KOTABARU" (always preceded by "KAB." anyway) from matching.
_PREFIKS = (
    (
        re.compile(r"KAB(?:UPATEN\b|\.|\b)\s*ADM(?:INISTRASI\b|\.|\b)\s*", re.IGNORECASE),
        JENIS_KABUPATEN_ADMINISTRASI,
    ),
    (re.compile(r"KOTA\s+ADM(?:INISTRASI\b|\.|\b)\s*", re.IGNORECASE), JENIS_KOTA_ADMINISTRASI),
    (re.compile(r"KAB(?:UPATEN\b|\.|\b)\s*", re.IGNORECASE), JENIS_KABUPATEN),
    (re.compile(r"KOTA\b\s*", re.IGNORECASE), JENIS_KOTA),
)
_PREFIKS_PROVINSI = re.compile(r"PROV(?:INSI\b|\.|\b)\s*", re.IGNORECASE)

# Words that keep their own spelling in a proper-cased name.
_KATA_KHUSUS = {"dki": "DKI"}
# Conjunctions stay lower case inside a name ("Pangkajene dan Kepulauan").
_KATA_KECIL = frozenset({"dan"})
# Abbreviated province names found in older dumps, spelled out as in Kepmendagri 100.1.1-6117/2022.
_NAMA_PROVINSI_LENGKAP = {"di yogyakarta": "Daerah Istimewa Yogyakarta"}

JENIS_LABEL = {
    JENIS_PROVINSI: "provinsi",
    JENIS_KABUPATEN: "kabupaten",
    JENIS_KOTA: "kota",
    JENIS_KABUPATEN_ADMINISTRASI: "kabupaten administrasi",
    JENIS_KOTA_ADMINISTRASI: "kota administrasi",
}


def wilayah_fixture_path() -> Path:
    """The bundled Kemendagri list (38 provinces + 514 kabupaten/kota, fixtures/README.md)."""
    return Path(settings.BASE_DIR) / "fixtures" / "wilayah.csv"


@dataclass(frozen=True)
class WilayahRow:
    """One province or kabupaten/kota, normalised to the shape of the `Wilayah` model.

    `induk` is the province's kode (None for a province); `baris` is the source line number, kept so
    that later checks (and the loader) can point at the line, and ignored in comparisons.
    """

    kode: str
    nama: str
    jenis: str
    induk: str | None
    baris: int = field(default=0, compare=False)

    @property
    def is_provinsi(self) -> bool:
        return self.jenis == JENIS_PROVINSI


class WilayahRows(list[WilayahRow]):
    """The parsed rows, plus how many kecamatan/desa rows were skipped (a full dump has ~90k)."""

    skipped: int = 0


class WilayahParseError(ValueError):
    """A region file has bad lines; `errors` holds one message per problem, all of them at once."""

    def __init__(self, errors: list[str], *, line_numbers: list[int] | None = None) -> None:
        self.errors = list(errors)
        self.line_numbers = sorted(set(line_numbers or []))
        jumlah = len(self.errors)
        super().__init__(f"Berkas wilayah tidak valid ({jumlah} kesalahan):\n" + "\n".join(self.errors))


@dataclass(frozen=True)
class WilayahLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class _LineError(Exception):
    """A problem with one line; collected by the parser, never raised to callers."""


def wilayah_nama_normalise(*, nama: str) -> str:
    """Proper case for an upper-case Kemendagri name: "PANGKAJENE DAN KEPULAUAN" → "Pangkajene dan Kepulauan".

    Hyphenated parts are capitalised each ("Toli-Toli"), "DKI" stays an acronym and "dan" stays lower
    case. Names are stored this way so they read naturally after the "Kabupaten"/"Kota" prefix that
    `Wilayah.nama_lengkap` adds.
    """
    words = nama.split()
    result = []
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in _KATA_KHUSUS:
            result.append(_KATA_KHUSUS[lower])
        elif index > 0 and lower in _KATA_KECIL:
            result.append(lower)
        else:
            result.append("-".join(_capitalise(part) for part in lower.split("-")))
    joined = " ".join(result)
    return _NAMA_PROVINSI_LENGKAP.get(joined.lower(), joined)


def _capitalise(word: str) -> str:
    # Capitalise the first letter, even after an opening parenthesis or quote.
    for index, char in enumerate(word):
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1 :]
    return word


def _split_line(text: str) -> list[str]:
    try:
        fields = next(csv.reader([text], strict=True))
    except csv.Error as exc:
        raise _LineError(f"baris CSV rusak ({exc})") from exc
    return [value.strip() for value in fields]


def _check_nama(nama: str) -> str:
    nama = " ".join(nama.split())
    if not nama:
        raise _LineError("nama kosong")
    if len(nama) > NAMA_MAX_LENGTH:
        raise _LineError(f"nama lebih dari {NAMA_MAX_LENGTH} karakter")
    return nama


def _check_kode_kabkota(kode: str, jenis: str, *, tertulis: str) -> None:
    """Kabupaten numbers run 01–70 and kota numbers from 71 (Kemendagri), so a mismatch is a typo.

    `tertulis` is the code as written in the file, so the message quotes what the operator sees.
    """
    nomor = int(kode[2:])
    if nomor == 0:
        raise _LineError(f"kode '{tertulis}' tidak sah: nomor kabupaten/kota tidak boleh 00")
    if jenis in JENIS_KOTA_SET and nomor < KOTA_NOMOR_AWAL:
        raise _LineError(
            f"jenis '{JENIS_LABEL[jenis]}' tidak cocok dengan kode '{tertulis}' (nomor kota mulai dari 71)"
        )
    if jenis in JENIS_KABUPATEN_SET and nomor >= KOTA_NOMOR_AWAL:
        raise _LineError(
            f"jenis '{JENIS_LABEL[jenis]}' tidak cocok dengan kode '{tertulis}' (nomor 71 ke atas adalah kota)"
        )


def _check_kode_provinsi(kode: str, *, tertulis: str) -> None:
    if kode[:2] == "00":
        raise _LineError(f"kode '{tertulis}' tidak sah: kode provinsi tidak boleh 00")


def _parse_header_line(fields: list[str], baris: int) -> WilayahRow:
    if len(fields) != len(HEADER):
        raise _LineError(f"harus ada 4 kolom (kode,nama,jenis,induk), ditemukan {len(fields)}")
    kode, nama, jenis, induk = fields
    if not _KODE_POLOS.fullmatch(kode):
        raise _LineError(
            f"kode '{kode}' bukan kode wilayah Kemendagri (2 angka untuk provinsi, 4 angka untuk kabupaten/kota)"
        )
    _check_kode_provinsi(kode, tertulis=kode)
    nama = _check_nama(nama)
    jenis = jenis.lower()
    if jenis not in JENIS_SEMUA:
        raise _LineError(f"jenis '{jenis}' tidak dikenal (pilihan: {', '.join(sorted(JENIS_SEMUA))})")
    if len(kode) == 2:
        if jenis != JENIS_PROVINSI:
            raise _LineError(f"kode '{kode}' adalah kode provinsi tetapi jenisnya '{jenis}'")
        if induk:
            raise _LineError(f"provinsi '{kode}' tidak boleh punya induk (ditemukan '{induk}')")
        return WilayahRow(kode=kode, nama=nama, jenis=jenis, induk=None, baris=baris)
    if jenis == JENIS_PROVINSI:
        raise _LineError(f"kode '{kode}' adalah kode kabupaten/kota tetapi jenisnya 'provinsi'")
    _check_kode_kabkota(kode, jenis, tertulis=kode)
    if not induk:
        raise _LineError(f"induk kosong: kabupaten/kota '{kode}' harus berinduk provinsi '{kode[:2]}'")
    if induk != kode[:2]:
        raise _LineError(f"induk '{induk}' tidak cocok dengan kode '{kode}' (seharusnya '{kode[:2]}')")
    return WilayahRow(kode=kode, nama=nama, jenis=jenis, induk=induk, baris=baris)


def _parse_dump_line(fields: list[str], baris: int) -> WilayahRow | None:
    """One `kode,nama` line of a Kemendagri dump; None for a kecamatan/desa row (skipped)."""
    if len(fields) != 2:
        raise _LineError(f"harus ada 2 kolom (kode,nama), ditemukan {len(fields)}")
    kode_bertitik, nama = fields
    if not _KODE_BERTITIK.fullmatch(kode_bertitik):
        raise _LineError(f"kode '{kode_bertitik}' bukan kode wilayah Kemendagri (contoh: 62 atau 62.71)")
    bagian = kode_bertitik.split(".")
    if len(bagian) > 2:
        return None
    kode = "".join(bagian)
    _check_kode_provinsi(kode, tertulis=kode_bertitik)
    nama = _check_nama(nama)
    if len(bagian) == 1:
        nama = _check_nama(_PREFIKS_PROVINSI.sub("", nama, count=1))
        return WilayahRow(
            kode=kode, nama=wilayah_nama_normalise(nama=nama), jenis=JENIS_PROVINSI, induk=None, baris=baris
        )
    jenis = None
    for pattern, jenis_prefiks in _PREFIKS:
        match = pattern.match(nama)
        if match:
            jenis, nama = jenis_prefiks, nama[match.end() :]
            break
    if jenis is None:
        # No prefix: the number tells (kota from 71, kabupaten below).
        jenis = JENIS_KOTA if int(kode[2:]) >= KOTA_NOMOR_AWAL else JENIS_KABUPATEN
    nama = _check_nama(nama)
    _check_kode_kabkota(kode, jenis, tertulis=kode_bertitik)
    return WilayahRow(
        kode=kode, nama=wilayah_nama_normalise(nama=nama), jenis=jenis, induk=kode[:2], baris=baris
    )


def wilayah_rows_parse(*, lines: Iterable[str], model: WilayahModel | None = None) -> WilayahRows:
    """Parse a region file (either format, detected from the first line) into validated rows.

    Every line is checked and every problem reported in one `WilayahParseError`, with the line
    number, so a file is fixed in one pass. A kabupaten/kota must have its province either in the
    same file or already in the database (read through `model`, default `Wilayah`; the migration
    passes its historical model); the database is only queried when the file lacks a province.
    Returns the rows in file order; `.skipped` counts the kecamatan/desa rows left out.
    """
    model = model or Wilayah
    rows = WilayahRows()
    problems: list[tuple[int, str]] = []
    first_line_of_kode: dict[str, int] = {}
    header_format: bool | None = None

    for baris, raw in enumerate(lines, start=1):
        text = raw.lstrip("\ufeff").strip() if baris == 1 else raw.strip()
        if not text:
            continue
        try:
            fields = _split_line(text)
            if header_format is None:
                # Our format starts with its header; a Kemendagri dump starts with a province code.
                header_format = bool(fields) and fields[0].lower() == HEADER[0]
                if header_format:
                    if tuple(value.lower() for value in fields) != HEADER:
                        raise _LineError(f"baris judul harus '{','.join(HEADER)}', ditemukan '{text}'")
                    continue
            row = _parse_header_line(fields, baris) if header_format else _parse_dump_line(fields, baris)
        except _LineError as exc:
            problems.append((baris, str(exc)))
            continue
        if row is None:
            rows.skipped += 1
        elif row.kode in first_line_of_kode:
            problems.append(
                (baris, f"kode '{row.kode}' ganda (sudah ada di baris {first_line_of_kode[row.kode]})")
            )
        else:
            first_line_of_kode[row.kode] = baris
            rows.append(row)

    provinsi_di_berkas = {row.kode for row in rows if row.is_provinsi}
    tanpa_provinsi = [row for row in rows if not row.is_provinsi and row.induk not in provinsi_di_berkas]
    if tanpa_provinsi:
        di_basis_data = _provinsi_ids(model, {row.induk for row in tanpa_provinsi})
        problems.extend(
            (
                row.baris,
                f"provinsi '{row.induk}' untuk kode '{row.kode}' tidak ada di berkas maupun di basis data",
            )
            for row in tanpa_provinsi
            if row.induk not in di_basis_data
        )

    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise WilayahParseError(
            [f"Baris {baris}: {message}" for baris, message in problems],
            line_numbers=[baris for baris, _ in problems],
        )
    if not rows:
        raise WilayahParseError(["Berkas tidak berisi satu pun baris provinsi atau kabupaten/kota."])
    return rows


def _provinsi_ids(model: WilayahModel, kodes: Iterable[str]) -> dict[str, int]:
    """Primary keys of the provinces with these kodes that are already in the database."""
    queryset = model._default_manager.filter(kode__in=set(kodes), jenis=JENIS_PROVINSI)
    return dict(queryset.values_list("kode", "pk"))


def wilayah_load(*, rows: list[WilayahRow], model: WilayahModel | None = None) -> WilayahLoadResult:
    """Upsert the rows by kode in one transaction, provinces first, and count what changed.

    Idempotent: a row whose nama, jenis and induk already match is not written at all, so loading
    the same file twice reports everything unchanged the second time. Rows missing from the file are
    never deleted: the bundled list and a later Kemendagri file can be loaded in any order.
    `model` defaults to `Wilayah`; the data migration passes its historical model.
    """
    model = model or Wilayah
    provinsi_rows = [row for row in rows if row.is_provinsi]
    kabkota_rows = [row for row in rows if not row.is_provinsi]
    with transaction.atomic():
        existing = {
            obj.kode: obj for obj in model._default_manager.filter(kode__in=[row.kode for row in rows])
        }
        # Provinces first: a kabupaten/kota needs its province's id, which may be created just now.
        result = _upsert(model=model, rows=provinsi_rows, existing=existing, induk_ids={})
        induk_ids = _provinsi_ids(model, {row.induk for row in kabkota_rows})
        missing = [row for row in kabkota_rows if row.induk not in induk_ids]
        if missing:
            # Only reachable with rows that did not come from `wilayah_rows_parse`.
            raise WilayahParseError(
                [
                    f"Baris {row.baris}: provinsi '{row.induk}' untuk kode '{row.kode}' belum ada"
                    for row in missing
                ],
                line_numbers=[row.baris for row in missing],
            )
        kabkota = _upsert(model=model, rows=kabkota_rows, existing=existing, induk_ids=induk_ids)
    return WilayahLoadResult(
        created=result.created + kabkota.created,
        updated=result.updated + kabkota.updated,
        unchanged=result.unchanged + kabkota.unchanged,
    )


def _upsert(
    *,
    model: WilayahModel,
    rows: list[WilayahRow],
    existing: dict[str, models.Model],
    induk_ids: dict[str, int],
) -> WilayahLoadResult:
    to_create, to_update = [], []
    unchanged = 0
    for row in rows:
        induk_id = induk_ids[row.induk] if row.induk else None
        obj = existing.get(row.kode)
        if obj is None:
            to_create.append(model(kode=row.kode, nama=row.nama, jenis=row.jenis, induk_id=induk_id))
        elif (obj.nama, obj.jenis, obj.induk_id) != (row.nama, row.jenis, induk_id):
            obj.nama, obj.jenis, obj.induk_id = row.nama, row.jenis, induk_id
            to_update.append(obj)
        else:
            unchanged += 1
    model._default_manager.bulk_create(to_create)
    model._default_manager.bulk_update(to_update, ["nama", "jenis", "induk"])
    return WilayahLoadResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)
