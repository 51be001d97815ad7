"""Writes of key posts (jabatan kunci), the Komite's exception nominations and the per-instansi
succession settings. Every write is audited and marks the affected posts dirty in the same
transaction (`status_suksesi_mark_dirty`), so the workers recompute their candidate lists.

One set of rules for the form, the import and the API (docs/imports.md, "Impor jabatan kunci"):
- the level is a key-post level; a fungsional post names its jenjang, a structural one none;
- the same post (unit kerja + nama) exists once per instansi;
- the unit kerja is an active unit of the instansi;
- the holder is an active pegawai of the instansi (a pegawai of another instansi answers exactly
  like an unknown one) who holds no other key post;
- the competency standard lists each competency once, each at level 1–5;
- the extra requirements name a PNS golongan as minimum, and lists of education fields and
  certificates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record, changed_fields
from apps.impor.pipeline import nip_tidak_terdaftar
from apps.instansi.models import UnitKerja
from apps.pegawai.models import Pegawai
from apps.pegawai.nip import nip_normalize
from apps.pegawai.referensi import GOLONGAN_PNS, JenisJabatan, JenjangFungsional

from .models import JENIS_JABATAN_KUNCI, JabatanKunci, NominasiKhusus, PengaturanSuksesi
from .selectors import perangkat_daerah_q
from .services import status_suksesi_mark_dirty

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

JENIS_KUNCI = frozenset(value for value, _label in JENIS_JABATAN_KUNCI)
LEVEL_MIN, LEVEL_MAX = 1, 5
# "Integritas:4; Kerja Sama:3" (also "=" or "-" before the level, "," or new lines between items).
_PEMISAH_ITEM = re.compile(r"[;\n]+")
_PEMISAH_LEVEL = re.compile(r"\s*[:=]\s*|\s+-\s+")
_PEMISAH_DAFTAR = re.compile(r"[;,\n]+")
FIELDS = (
    "unit_kerja",
    "nama",
    "jenis_jabatan",
    "jenjang_fungsional",
    "pemegang",
    "alasan",
    "standar_kompetensi",
    "syarat_tambahan",
    "aktif",
)


# --- parsing and checking (pure) -------------------------------------------------------------------


def nama_rapikan(nama: Any) -> str:
    """A post's name as stored: spaces trimmed and collapsed (the same post typed twice is found)."""
    return " ".join(str(nama or "").split())


def standar_kompetensi_parse(teks: Any) -> list[dict[str, Any]]:
    """ "Integritas:4; Kerja Sama:3" → [{"kompetensi": "Integritas", "level": 4}, …]; an empty text
    is an empty standard. Raises ValidationError (field `standar_kompetensi`) naming each bad item."""
    if isinstance(teks, list):
        return standar_kompetensi_check(teks)
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    for bagian in _PEMISAH_ITEM.split(str(teks or "")):
        bagian = bagian.strip()
        if not bagian:
            continue
        parts = _PEMISAH_LEVEL.split(bagian, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip():
            problems.append(
                _("“%(bagian)s” bukan pasangan kompetensi dan level; tulis mis. “Integritas:4”.")
                % {"bagian": bagian}
            )
            continue
        items.append({"kompetensi": parts[0].strip(), "level": parts[1].strip()})
    if problems:
        raise ValidationError({"standar_kompetensi": problems})
    return standar_kompetensi_check(items)


def standar_kompetensi_check(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Each item {"kompetensi": non-empty text, "level": whole number 1–5}, each competency once."""
    cleaned: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            problems.append(_("Setiap butir standar kompetensi berisi kompetensi dan level."))
            continue
        nama = " ".join(str(item.get("kompetensi") or "").split())
        level = item.get("level")
        if not nama:
            problems.append(_("Nama kompetensi pada standar kompetensi wajib diisi."))
            continue
        angka = _level(level)
        if angka is None:
            problems.append(
                _("Level kompetensi %(kompetensi)s harus bilangan bulat 1–5 (tertulis “%(level)s”).")
                % {"kompetensi": nama, "level": level}
            )
            continue
        if nama.casefold() in seen:
            problems.append(_("Kompetensi %(kompetensi)s tertulis dua kali.") % {"kompetensi": nama})
            continue
        seen.add(nama.casefold())
        cleaned.append({"kompetensi": nama, "level": angka})
    if problems:
        raise ValidationError({"standar_kompetensi": problems})
    return cleaned


def _level(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and LEVEL_MIN <= value <= LEVEL_MAX:
        return value
    return None


def standar_kompetensi_teks(items: Sequence[dict[str, Any]]) -> str:
    """The standard as the form and the spreadsheet write it: "Integritas:4; Kerja Sama:3"."""
    return "; ".join(f"{item['kompetensi']}:{item['level']}" for item in items or ())


def daftar_parse(value: Any) -> list[str]:
    """ "Hukum; Ilmu Pemerintahan" (or a list) → ["Hukum", "Ilmu Pemerintahan"], each once."""
    parts = value if isinstance(value, list | tuple) else _PEMISAH_DAFTAR.split(str(value or ""))
    hasil: list[str] = []
    for part in parts:
        text = " ".join(str(part or "").split())
        if text and text.casefold() not in {h.casefold() for h in hasil}:
            hasil.append(text)
    return hasil


def syarat_tambahan_build(
    *, golongan_minimum: Any = "", bidang_pendidikan: Any = (), sertifikat: Any = ()
) -> dict[str, Any]:
    """The extra requirements as stored; only what is given appears. A golongan minimum must be a
    PNS golongan ruang (III/c, IV/a …)."""
    syarat: dict[str, Any] = {}
    golongan = str(golongan_minimum or "").strip()
    if golongan:
        cocok = next((g for g in GOLONGAN_PNS if g.casefold() == golongan.replace(" ", "").casefold()), None)
        if cocok is None:
            raise ValidationError(
                {
                    "golongan_minimum": _(
                        "Golongan minimum “%(golongan)s” tidak dikenal; tulis golongan ruang PNS, mis. III/c atau IV/a."
                    )
                    % {"golongan": golongan}
                }
            )
        syarat["golongan_minimum"] = cocok
    bidang = daftar_parse(bidang_pendidikan)
    if bidang:
        syarat["bidang_pendidikan"] = bidang
    daftar_sertifikat = daftar_parse(sertifikat)
    if daftar_sertifikat:
        syarat["sertifikat"] = daftar_sertifikat
    return syarat


def tingkat_check(*, jenis_jabatan: str, jenjang_fungsional: str) -> None:
    """A key-post level; the jenjang is given for a fungsional post and only for it."""
    if jenis_jabatan not in JENIS_KUNCI:
        raise ValidationError(
            {
                "jenis_jabatan": _(
                    "Tingkat jabatan “%(tingkat)s” tidak dikenal; pilih JPT Pratama, Administrator, Pengawas atau Fungsional."
                )
                % {"tingkat": jenis_jabatan}
            }
        )
    if jenis_jabatan == JenisJabatan.FUNGSIONAL:
        if not jenjang_fungsional:
            raise ValidationError(
                {"jenjang_fungsional": _("Jenjang fungsional wajib diisi untuk jabatan fungsional.")}
            )
        if jenjang_fungsional not in JenjangFungsional.values:
            raise ValidationError(
                {
                    "jenjang_fungsional": _("Jenjang fungsional “%(jenjang)s” tidak dikenal.")
                    % {"jenjang": jenjang_fungsional}
                }
            )
    elif jenjang_fungsional:
        raise ValidationError(
            {
                "jenjang_fungsional": _(
                    "Jenjang fungsional hanya untuk jabatan fungsional; kosongkan untuk %(tingkat)s."
                )
                % {"tingkat": JenisJabatan(jenis_jabatan).label}
            }
        )


# --- checks against the database -------------------------------------------------------------------


def pemegang_by_nip(*, instansi: Instansi, nip: Any, field: str = "pemegang") -> Pegawai | None:
    """The holder named by NIP, among the instansi's pegawai only; empty = vacant."""
    if nip in (None, "") or (isinstance(nip, str) and not nip.strip()):
        return None
    try:
        nip = nip_normalize(nip)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    pegawai = Pegawai.objects.filter(instansi=instansi, nip=nip).first()
    if pegawai is None:
        raise ValidationError({field: nip_tidak_terdaftar(nip)})
    return pegawai


def pemegang_by_id(*, instansi: Instansi, pegawai_id: int, field: str = "pemegang") -> Pegawai:
    """The holder named by id, among the instansi's pegawai only (another instansi's id answers like
    a missing one)."""
    pegawai = Pegawai.objects.filter(instansi=instansi, pk=pegawai_id).first()
    if pegawai is None:
        raise ValidationError(
            {field: _("Pegawai dengan id %(id)s tidak ditemukan di instansi ini.") % {"id": pegawai_id}}
        )
    return pegawai


def pemegang_aktif_message(pegawai: Pegawai) -> str:
    return _(
        "%(nama)s (NIP %(nip)s) tidak aktif; pemegang jabatan kunci harus pegawai aktif, atau kosongkan bila lowong."
    ) % {"nama": pegawai.nama, "nip": pegawai.nip}


def pemegang_ganda_message(pegawai: Pegawai, jabatan_nama: str, unit_nama: str) -> str:
    return _(
        "%(nama)s (NIP %(nip)s) sudah memegang jabatan kunci %(jabatan)s di %(unit)s; satu pegawai hanya "
        "memegang satu jabatan kunci."
    ) % {"nama": pegawai.nama, "nip": pegawai.nip, "jabatan": jabatan_nama, "unit": unit_nama}


def jabatan_ganda_message(nama: str, unit_nama: str) -> str:
    return _("Jabatan kunci %(nama)s di %(unit)s sudah ada; satu jabatan hanya dicatat sekali per unit.") % {
        "nama": nama,
        "unit": unit_nama,
    }


def _db_check(
    *, instansi: Instansi, unit_kerja: UnitKerja, nama: str, pemegang: Pegawai | None, jabatan_pk: int | None
) -> None:
    errors: dict[str, str] = {}
    if unit_kerja.instansi_id != instansi.pk:
        errors["unit_kerja"] = _("Unit kerja tidak ditemukan di instansi ini.")
    elif not unit_kerja.aktif:
        errors["unit_kerja"] = _("Unit kerja %(nama)s sudah tidak aktif; pilih unit yang aktif.") % {
            "nama": unit_kerja.nama
        }
    elif (
        JabatanKunci.objects.filter(instansi=instansi, unit_kerja=unit_kerja, nama=nama)
        .exclude(pk=jabatan_pk)
        .exists()
    ):
        errors["nama"] = jabatan_ganda_message(nama, unit_kerja.nama)
    if pemegang is not None:
        if pemegang.instansi_id != instansi.pk:
            errors["pemegang"] = nip_tidak_terdaftar(pemegang.nip)
        elif not pemegang.aktif:
            errors["pemegang"] = pemegang_aktif_message(pemegang)
        else:
            lain = (
                JabatanKunci.objects.filter(instansi=instansi, pemegang=pemegang)
                .exclude(pk=jabatan_pk)
                .select_related("unit_kerja")
                .first()
            )
            if lain is not None:
                errors["pemegang"] = pemegang_ganda_message(pemegang, lain.nama, lain.unit_kerja.nama)
    if errors:
        raise ValidationError(errors)


def _integrity_as_validation(error: IntegrityError) -> ValidationError:
    """A concurrent write that still hit a constraint: the same words as the checks above."""
    text = str(error)
    if "jabatankunci_satu_per_pemegang" in text:
        return ValidationError(
            {"pemegang": _("Pegawai ini baru saja dicatat sebagai pemegang jabatan kunci lain.")}
        )
    if "jabatankunci_unik_per_unit" in text:
        return ValidationError({"nama": _("Jabatan kunci ini baru saja dicatat untuk unit yang sama.")})
    raise error


def _snapshot(jabatan: JabatanKunci) -> dict[str, Any]:
    return {
        "unit_kerja": jabatan.unit_kerja_id,
        "nama": jabatan.nama,
        "jenis_jabatan": jabatan.jenis_jabatan,
        "jenjang_fungsional": jabatan.jenjang_fungsional,
        "pemegang": jabatan.pemegang_id,
        "alasan": jabatan.alasan,
        "standar_kompetensi": jabatan.standar_kompetensi,
        "syarat_tambahan": jabatan.syarat_tambahan,
        "aktif": jabatan.aktif,
    }


# --- key posts ---------------------------------------------------------------------------------------


def _collect(errors: dict[str, list[str]], check) -> Any:
    """Run one check; its ValidationError's messages are added to `errors` (every rule is checked,
    so the caller reports all problems at once). Returns the check's result, None on error."""
    try:
        return check()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
        return None


def _post_check(
    *, instansi: Instansi, values: dict[str, Any], jabatan_pk: int | None
) -> list[dict[str, Any]] | None:
    """Every rule on a post as it would be stored (`values`: FIELDS); raises one ValidationError with
    every problem. Returns the cleaned competency standard."""
    errors: dict[str, list[str]] = {}
    if not values["nama"]:
        errors["nama"] = [_("Nama jabatan wajib diisi.")]
    if not values["alasan"]:
        errors["alasan"] = [_("Alasan jabatan ini menjadi jabatan kunci wajib diisi.")]
    _collect(
        errors,
        lambda: tingkat_check(
            jenis_jabatan=values["jenis_jabatan"], jenjang_fungsional=values["jenjang_fungsional"]
        ),
    )
    standar = _collect(errors, lambda: standar_kompetensi_check(values["standar_kompetensi"]))
    _collect(
        errors,
        lambda: _db_check(
            instansi=instansi,
            unit_kerja=values["unit_kerja"],
            nama=values["nama"],
            pemegang=values["pemegang"],
            jabatan_pk=jabatan_pk,
        ),
    )
    if errors:
        raise ValidationError(errors)
    return standar


def jabatan_kunci_create(
    *,
    instansi: Instansi,
    actor: User | None,
    unit_kerja: UnitKerja,
    nama: str,
    jenis_jabatan: str,
    jenjang_fungsional: str = "",
    pemegang: Pegawai | None = None,
    alasan: str,
    standar_kompetensi: Sequence[dict[str, Any]] = (),
    syarat_tambahan: dict[str, Any] | None = None,
) -> JabatanKunci:
    """Record a key post; nothing is written when any rule fails (ValidationError per field)."""
    values = {
        "unit_kerja": unit_kerja,
        "nama": nama_rapikan(nama),
        "jenis_jabatan": jenis_jabatan,
        "jenjang_fungsional": jenjang_fungsional or "",
        "pemegang": pemegang,
        "alasan": str(alasan or "").strip(),
        "standar_kompetensi": list(standar_kompetensi),
        "syarat_tambahan": dict(syarat_tambahan or {}),
    }
    values["standar_kompetensi"] = _post_check(instansi=instansi, values=values, jabatan_pk=None)
    try:
        with (
            transaction.atomic(),
            pghistory.context(user=actor.pk if actor else None, penyebab="jabatan_kunci.create"),
        ):
            jabatan = JabatanKunci.objects.create(instansi=instansi, **values)
            audit_event_record(
                action="jabatan_kunci.create",
                instansi=instansi,
                actor=actor,
                target=jabatan,
                new_values=_snapshot(jabatan),
            )
            status_suksesi_mark_dirty(
                instansi_id=instansi.pk, jabatan_kunci_ids=[jabatan.pk], penyebab="jabatan_kunci.create"
            )
    except IntegrityError as error:
        raise _integrity_as_validation(error) from None
    return jabatan


def jabatan_kunci_update(*, jabatan: JabatanKunci, actor: User | None, **changes: Any) -> JabatanKunci:
    """Change any of FIELDS; the whole post is checked again as it would become. Records only what
    actually changed; an unchanged save writes nothing."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"jabatan_kunci_update() cannot change {sorted(unknown)}")
    if "nama" in changes:
        changes["nama"] = nama_rapikan(changes["nama"])
    if "alasan" in changes:
        changes["alasan"] = str(changes["alasan"] or "").strip()
    if "jenjang_fungsional" in changes:
        changes["jenjang_fungsional"] = changes["jenjang_fungsional"] or ""
    after = {name: changes.get(name, getattr(jabatan, name)) for name in FIELDS}
    standar = _post_check(instansi=jabatan.instansi, values=after, jabatan_pk=jabatan.pk)
    if "standar_kompetensi" in changes:
        changes["standar_kompetensi"] = standar
    old_values, new_values = changed_fields(jabatan, list(FIELDS), changes)
    if not new_values:
        return jabatan
    try:
        with (
            transaction.atomic(),
            pghistory.context(user=actor.pk if actor else None, penyebab="jabatan_kunci.update"),
        ):
            for name in new_values:
                setattr(jabatan, name, changes[name])
            jabatan.save(update_fields=[*new_values.keys(), "diubah_pada"])
            audit_event_record(
                action="jabatan_kunci.update",
                instansi=jabatan.instansi,
                actor=actor,
                target=jabatan,
                old_values=old_values,
                new_values=new_values,
            )
            status_suksesi_mark_dirty(
                instansi_id=jabatan.instansi_id,
                jabatan_kunci_ids=[jabatan.pk],
                penyebab="jabatan_kunci.update",
            )
    except IntegrityError as error:
        raise _integrity_as_validation(error) from None
    return jabatan


@transaction.atomic
def jabatan_kunci_deactivate(*, jabatan: JabatanKunci, actor: User | None, alasan: str) -> JabatanKunci:
    """The post is no longer key: it leaves every list (kept, with its history, for the record)
    and lets go of its holder, who may then hold another key post; the reason and the former
    holder are written in the audit trail."""
    alasan = str(alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Tuliskan alasan jabatan ini tidak lagi menjadi jabatan kunci.")})
    if not jabatan.aktif:
        return jabatan
    with pghistory.context(user=actor.pk if actor else None, penyebab="jabatan_kunci.deactivate"):
        pemegang_id = jabatan.pemegang_id
        jabatan.aktif = False
        jabatan.pemegang = None
        jabatan.save(update_fields=["aktif", "pemegang", "diubah_pada"])
    audit_event_record(
        action="jabatan_kunci.deactivate",
        instansi=jabatan.instansi,
        actor=actor,
        target=jabatan,
        old_values={"aktif": True, "pemegang": pemegang_id},
        new_values={"aktif": False, "pemegang": None, "alasan": alasan},
    )
    status_suksesi_mark_dirty(
        instansi_id=jabatan.instansi_id, jabatan_kunci_ids=[jabatan.pk], penyebab="jabatan_kunci.deactivate"
    )
    return jabatan


@dataclass
class TandaiMassalHasil:
    dibuat: int = 0
    dilewati: int = 0


TINGKAT_TANDAI_MASSAL = (JenisJabatan.JPT_PRATAMA, JenisJabatan.ADMINISTRATOR)


@transaction.atomic
def jabatan_kunci_bulk_mark(
    *, instansi: Instansi, actor: User | None, perangkat_daerah: UnitKerja, alasan: str
) -> TandaiMassalHasil:
    """Every active JPT Pratama or Administrator pegawai of a perangkat daerah (its bidang and seksi
    included) becomes the holder of a key post named after their jabatan in their unit, with one
    reason. Posts that exist already (same unit and name) and pegawai who already hold a key post
    are skipped. One insert, one audit event, one dirty mark."""
    alasan = str(alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Alasan jabatan-jabatan ini menjadi jabatan kunci wajib diisi.")})
    if (
        perangkat_daerah.instansi_id != instansi.pk
        or perangkat_daerah.jenis != UnitKerja.Jenis.PERANGKAT_DAERAH
    ):
        raise ValidationError({"perangkat_daerah": _("Perangkat daerah tidak ditemukan di instansi ini.")})
    calon = list(
        Pegawai.objects.filter(instansi=instansi, aktif=True, jenis_jabatan__in=TINGKAT_TANDAI_MASSAL)
        .filter(perangkat_daerah_q(perangkat_daerah))
        .filter(unit_kerja__aktif=True)
        .order_by("unit_kerja__kode", "nama_jabatan", "pk")
        .values_list("pk", "unit_kerja_id", "nama_jabatan", "jenis_jabatan")
    )
    ada = set(
        JabatanKunci.objects.filter(instansi=instansi, unit_kerja_id__in={c[1] for c in calon}).values_list(
            "unit_kerja_id", "nama"
        )
    )
    memegang = set(
        JabatanKunci.objects.filter(instansi=instansi, pemegang_id__in=[c[0] for c in calon]).values_list(
            "pemegang_id", flat=True
        )
    )
    baru: list[JabatanKunci] = []
    hasil = TandaiMassalHasil()
    for pegawai_id, unit_id, nama_jabatan, jenis in calon:
        nama = nama_rapikan(nama_jabatan)
        if not nama or (unit_id, nama) in ada or pegawai_id in memegang:
            hasil.dilewati += 1
            continue
        ada.add((unit_id, nama))
        memegang.add(pegawai_id)
        baru.append(
            JabatanKunci(
                instansi=instansi,
                unit_kerja_id=unit_id,
                nama=nama,
                jenis_jabatan=jenis,
                pemegang_id=pegawai_id,
                alasan=alasan,
            )
        )
    if baru:
        with pghistory.context(user=actor.pk if actor else None, penyebab="jabatan_kunci.bulk_mark"):
            dibuat = JabatanKunci.objects.bulk_create(baru)
        hasil.dibuat = len(dibuat)
        status_suksesi_mark_dirty(
            instansi_id=instansi.pk,
            jabatan_kunci_ids=[jabatan.pk for jabatan in dibuat],
            penyebab="jabatan_kunci.bulk_mark",
        )
    audit_event_record(
        action="jabatan_kunci.bulk_mark",
        instansi=instansi,
        actor=actor,
        target=perangkat_daerah,
        new_values={
            "perangkat_daerah": perangkat_daerah.pk,
            "alasan": alasan,
            "dibuat": hasil.dibuat,
            "dilewati": hasil.dilewati,
            "jabatan_kunci": [jabatan.pk for jabatan in baru],
        },
    )
    return hasil


# --- the import's write ------------------------------------------------------------------------------


@dataclass
class JabatanKunciData:
    """One checked row of the import, keyed by (unit_kerja_id, nama)."""

    unit_kerja_id: int
    nama: str
    jenis_jabatan: str
    jenjang_fungsional: str
    pemegang_id: int | None
    alasan: str
    standar_kompetensi: list[dict[str, Any]]
    syarat_tambahan: dict[str, Any]

    VALUE_FIELDS = (
        "jenis_jabatan",
        "jenjang_fungsional",
        "pemegang_id",
        "alasan",
        "standar_kompetensi",
        "syarat_tambahan",
        "aktif",
    )

    @property
    def kunci(self) -> tuple[int, str]:
        return (self.unit_kerja_id, self.nama)

    def values(self) -> tuple:
        return (
            self.jenis_jabatan,
            self.jenjang_fungsional,
            self.pemegang_id,
            self.alasan,
            self.standar_kompetensi,
            self.syarat_tambahan,
            True,
        )


@dataclass
class JabatanKunciWritten:
    baru: int = 0
    diubah: int = 0
    tetap: int = 0


def jabatan_kunci_write(
    *, instansi: Instansi, actor: User | None, rows: Sequence[JabatanKunciData], penyebab: str
) -> JabatanKunciWritten:
    """Upsert checked rows by (unit kerja, nama) in bulk: new posts inserted, changed ones updated
    (a row in the file makes an inactive post active again), identical ones left alone. One audit
    event per written post, one dirty mark for all of them, in one transaction."""
    from apps.core.bulk import rows_stored, rows_upsert

    result = JabatanKunciWritten()
    if not rows:
        return result
    key = ("unit_kerja_id", "nama")
    fields = JabatanKunciData.VALUE_FIELDS
    with transaction.atomic(), pghistory.context(user=actor.pk if actor else None, penyebab=penyebab):
        units = {r.unit_kerja_id for r in rows}
        stored = rows_stored(
            existing=JabatanKunci.objects.filter(instansi=instansi, unit_kerja_id__in=units),
            key=key,
            fields=fields,
        )
        written = rows_upsert(
            model=JabatanKunci,
            key=key,
            fields=fields,
            rows=[(*r.kunci, *r.values()) for r in rows],
            stored=stored,
            insert_values={"instansi_id": instansi.pk},
        )
        result.baru, result.diubah, result.tetap = written.baru, written.diubah, written.tetap
        if written.changed_keys:
            pk_of = {
                (unit_id, nama): pk
                for unit_id, nama, pk in JabatanKunci.objects.filter(
                    instansi=instansi, unit_kerja_id__in=units
                ).values_list("unit_kerja_id", "nama", "pk")
            }
            by_key = {r.kunci: r for r in rows}
            for row_key in written.changed_keys:
                row, lama = by_key[row_key], stored.get(row_key)
                baru = dict(zip(fields, row.values(), strict=True))
                old_values = dict(zip(fields, lama[1:], strict=True)) if lama else {}
                changed = [name for name in fields if not lama or old_values[name] != baru[name]]
                audit_event_record(
                    action="jabatan_kunci.update" if lama else "jabatan_kunci.create",
                    instansi=instansi,
                    actor=actor,
                    old_values={"id": pk_of[row_key], **{n: old_values[n] for n in changed}}
                    if lama
                    else None,
                    new_values={
                        "id": pk_of[row_key],
                        "unit_kerja": row.unit_kerja_id,
                        "nama": row.nama,
                        "sumber": "impor",
                        **{n: baru[n] for n in changed},
                    },
                )
            status_suksesi_mark_dirty(
                instansi_id=instansi.pk,
                jabatan_kunci_ids=[pk_of[row_key] for row_key in written.changed_keys],
                penyebab=penyebab,
            )
    return result


# --- the Komite's exception nominations ----------------------------------------------------------------


@transaction.atomic
def nominasi_khusus_create(
    *, jabatan: JabatanKunci, actor: User | None, pegawai: Pegawai, alasan: str
) -> NominasiKhusus:
    """The Komite nominates a pegawai outside the talent pool for a key post, with a written reason."""
    alasan = str(alasan or "").strip()
    errors: dict[str, str] = {}
    if not alasan:
        errors["alasan"] = _("Alasan nominasi wajib ditulis.")
    if pegawai.instansi_id != jabatan.instansi_id:
        errors["pegawai"] = nip_tidak_terdaftar(pegawai.nip)
    elif not pegawai.aktif:
        errors["pegawai"] = _(
            "%(nama)s (NIP %(nip)s) tidak aktif; hanya pegawai aktif yang dapat dinominasikan."
        ) % {
            "nama": pegawai.nama,
            "nip": pegawai.nip,
        }
    elif jabatan.pemegang_id == pegawai.pk:
        errors["pegawai"] = _("%(nama)s adalah pemegang jabatan ini.") % {"nama": pegawai.nama}
    elif NominasiKhusus.objects.filter(
        instansi_id=jabatan.instansi_id, jabatan_kunci=jabatan, pegawai=pegawai, dicabut_pada__isnull=True
    ).exists():
        errors["pegawai"] = _("%(nama)s sudah dinominasikan untuk jabatan ini.") % {"nama": pegawai.nama}
    if not jabatan.aktif:
        errors.setdefault("pegawai", _("Jabatan kunci ini tidak aktif."))
    if errors:
        raise ValidationError(errors)
    nominasi = NominasiKhusus.objects.create(
        instansi_id=jabatan.instansi_id,
        jabatan_kunci=jabatan,
        pegawai=pegawai,
        alasan=alasan,
        dibuat_oleh=actor if actor is not None and actor.pk else None,
    )
    audit_event_record(
        action="nominasi_khusus.create",
        instansi=jabatan.instansi,
        actor=actor,
        target=nominasi,
        new_values={"jabatan_kunci": jabatan.pk, "pegawai": pegawai.pk, "alasan": alasan},
    )
    status_suksesi_mark_dirty(
        instansi_id=jabatan.instansi_id, jabatan_kunci_ids=[jabatan.pk], penyebab="nominasi_khusus.create"
    )
    return nominasi


@transaction.atomic
def nominasi_khusus_revoke(*, nominasi: NominasiKhusus, actor: User | None, alasan: str) -> NominasiKhusus:
    """Withdraw a nomination, with a written reason (kept in the audit trail); the row stays."""
    alasan = str(alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Alasan pencabutan nominasi wajib ditulis.")})
    nominasi = NominasiKhusus.objects.select_for_update().get(
        pk=nominasi.pk, instansi_id=nominasi.instansi_id
    )
    if nominasi.dicabut_pada is not None:
        raise ValidationError(_("Nominasi ini sudah dicabut."))
    nominasi.dicabut_pada = timezone.now()
    nominasi.save(update_fields=["dicabut_pada"])
    audit_event_record(
        action="nominasi_khusus.revoke",
        instansi=nominasi.instansi,
        actor=actor,
        target=nominasi,
        old_values={"dicabut_pada": None},
        new_values={"dicabut_pada": nominasi.dicabut_pada.isoformat(), "alasan": alasan},
    )
    status_suksesi_mark_dirty(
        instansi_id=nominasi.instansi_id,
        jabatan_kunci_ids=[nominasi.jabatan_kunci_id],
        penyebab="nominasi_khusus.revoke",
    )
    return nominasi


# --- settings ----------------------------------------------------------------------------------------------


@transaction.atomic
def pengaturan_suksesi_update(
    *, instansi: Instansi, actor: User | None, asn_boleh_lihat_pencalonan: bool
) -> PengaturanSuksesi:
    """Save the succession settings (the row is created the first time, then locked while it
    changes). What the ASN may see changes no candidate list, so nothing is marked dirty."""
    PengaturanSuksesi.objects.get_or_create(instansi=instansi)
    pengaturan = PengaturanSuksesi.objects.select_for_update().get(instansi=instansi)
    lama = pengaturan.asn_boleh_lihat_pencalonan
    if lama != asn_boleh_lihat_pencalonan:
        pengaturan.asn_boleh_lihat_pencalonan = asn_boleh_lihat_pencalonan
        pengaturan.save(update_fields=["asn_boleh_lihat_pencalonan"])
        audit_event_record(
            action="pengaturan_suksesi.update",
            instansi=instansi,
            actor=actor,
            target=pengaturan,
            old_values={"asn_boleh_lihat_pencalonan": lama},
            new_values={"asn_boleh_lihat_pencalonan": asn_boleh_lihat_pencalonan},
        )
    return pengaturan
