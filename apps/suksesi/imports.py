"""Import of key posts from a spreadsheet: every row checked, then all or nothing.

`jabatan_kunci_import(instansi=, actor=, data=, nama=, dry_run=)` runs the generic pipeline of
apps/impor/pipeline.py with the rules here (docs/imports.md, "Jabatan kunci"):

* the key is Kode Unit + Nama Jabatan: a stored post is updated (and made active again), a new one
  added; the same key twice in one file is an error on both rows;
* the unit code must be an active unit kerja of the instansi, the level a key-post level, the
  jenjang given for a fungsional post and only for it (services_jabatan.tingkat_check);
* the holder's NIP (empty = vacant) must be an active pegawai of the instansi (another instansi's
  NIP answers like an unknown one) who holds no other key post, and holds only one post in the
  file;
* the competency standard and the extra requirements are parsed by the same functions as the form;
* units, pegawai and stored posts are loaded once, never per row; the write goes through
  `services_jabatan.jabatan_kunci_write` (bulk upsert, one audit event per written post, the posts
  marked dirty for the succession workers).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.bulk import rows_stored
from apps.impor.pipeline import ImportResult, kosong
from apps.instansi.models import UnitKerja
from apps.pegawai.importer import NipRowImporter
from apps.pegawai.models import Pegawai
from apps.pegawai.referensi import JenjangFungsional

from .models import JENIS_JABATAN_KUNCI, JabatanKunci
from .resources import HEADER_BY_FIELD, SHEET_DATA, JabatanKunciResource
from .services_jabatan import (
    JabatanKunciData,
    jabatan_kunci_write,
    nama_rapikan,
    pemegang_aktif_message,
    pemegang_ganda_message,
    standar_kompetensi_parse,
    standar_kompetensi_teks,
    syarat_tambahan_build,
    tingkat_check,
)

COLUMNS = JabatanKunciResource.columns()
REQUIRED = ("kode_unit", "nama", "tingkat", "alasan")
H = HEADER_BY_FIELD
# A service's field → the column that shows its message.
SERVICE_COLUMNS = {
    "jenis_jabatan": "tingkat",
    "jenjang_fungsional": "jenjang",
    "standar_kompetensi": "standar",
    "golongan_minimum": "golongan_minimum",
}
FIELD_TITLES = {
    "jenis_jabatan": H["tingkat"],
    "jenjang_fungsional": H["jenjang"],
    "pemegang_id": H["nip"],
    "alasan": H["alasan"],
    "standar_kompetensi": H["standar"],
    "syarat_tambahan": _("Syarat Tambahan"),
    "aktif": _("Aktif"),
}


def _pilihan(choices) -> dict[str, str]:
    """Label or code, folded → code ("JPT Pratama", "jpt_pratama", "JPT  pratama" → jpt_pratama)."""
    from django.utils import translation

    hasil: dict[str, str] = {}
    with translation.override("id"):
        for value, label in choices:
            for text in (value, str(label), value.replace("_", " ")):
                hasil[" ".join(text.split()).casefold()] = value
    return hasil


TINGKAT = _pilihan(JENIS_JABATAN_KUNCI)
JENJANG = _pilihan(JenjangFungsional.choices)


class JabatanKunciImporter(NipRowImporter):
    kind = "jabatan_kunci"
    columns = COLUMNS
    sheet_name = SHEET_DATA
    key_column = H["nama"]

    def prepare(self) -> None:
        super().prepare()
        self.units: dict[str, UnitKerja] = {}
        self.units_folded: dict[str, UnitKerja] = {}
        for unit in UnitKerja.objects.filter(instansi=self.instansi):
            self.units[unit.kode] = unit
            self.units_folded[unit.kode.casefold()] = unit
        self.unit_by_pk = {unit.pk: unit for unit in self.units.values()}
        self.nip_pk = {}
        self.pegawai: dict[int, tuple[str, str, bool]] = {}
        for pk, nip, nama, aktif in Pegawai.objects.filter(instansi=self.instansi).values_list(
            "pk", "nip", "nama", "aktif"
        ):
            self.nip_pk[nip] = pk
            self.pegawai[pk] = (nip, nama, aktif)
        # Holder → the stored post they hold (unit id, nama).
        self.memegang: dict[int, tuple[int, str]] = {
            pemegang_id: (unit_id, nama)
            for pemegang_id, unit_id, nama in JabatanKunci.objects.filter(
                instansi=self.instansi, pemegang__isnull=False
            ).values_list("pemegang_id", "unit_kerja_id", "nama")
        }
        self.pemegang_di_berkas: dict[int, tuple[int, str]] = {}

    # -- one row ----------------------------------------------------------------------------------

    def clean_row(self, values: dict[str, Any], invalid: set[str]):
        errors: list[tuple[str, str]] = []
        empty = self.required_missing(values, invalid, REQUIRED, errors)
        skip = invalid | empty
        unit = None if "kode_unit" in skip else self._unit(values.get("kode_unit"), errors)
        nama = "" if "nama" in skip else nama_rapikan(values.get("nama"))
        key = (unit.pk, nama) if unit is not None and nama else None

        jenis = None if "tingkat" in skip else self._tingkat(values.get("tingkat"), errors)
        jenjang = "" if "jenjang" in invalid else self._jenjang(values.get("jenjang"), errors)
        if jenis is not None and jenjang is not None:
            self._service(lambda: tingkat_check(jenis_jabatan=jenis, jenjang_fungsional=jenjang), errors)

        pemegang_id = None
        if "nip" not in invalid and not kosong(values.get("nip")):
            pemegang_id = self._pemegang(values.get("nip"), key, errors)

        standar = self._service(lambda: standar_kompetensi_parse(values.get("standar") or ""), errors)
        syarat = self._service(
            lambda: syarat_tambahan_build(
                golongan_minimum=values.get("golongan_minimum") or "",
                bidang_pendidikan=values.get("bidang_pendidikan") or "",
                sertifikat=values.get("sertifikat") or "",
            ),
            errors,
        )
        if errors or key is None:
            return key, None, errors
        return (
            key,
            JabatanKunciData(
                unit_kerja_id=unit.pk,
                nama=nama,
                jenis_jabatan=jenis,
                jenjang_fungsional=jenjang,
                pemegang_id=pemegang_id,
                alasan=str(values.get("alasan")).strip(),
                standar_kompetensi=standar,
                syarat_tambahan=syarat,
            ),
            None,
        )

    def _service(self, call, errors: list) -> Any:
        try:
            return call()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                header = H.get(SERVICE_COLUMNS.get(name, name), "")
                errors.extend((header, message) for message in messages)
            return None

    def _unit(self, value: Any, errors: list) -> UnitKerja | None:
        kode = str(value).strip()
        unit = self.units.get(kode) or self.units_folded.get(kode.casefold())
        if unit is None:
            errors.append(
                (
                    H["kode_unit"],
                    _(
                        "Kode unit “%(kode)s” tidak ada di instansi ini. Lihat lembar Referensi pada templat "
                        "untuk kode yang berlaku."
                    )
                    % {"kode": kode},
                )
            )
            return None
        if not unit.aktif:
            errors.append(
                (
                    H["kode_unit"],
                    _("Unit kerja %(kode)s (%(nama)s) sudah tidak aktif; pilih unit yang aktif.")
                    % {"kode": unit.kode, "nama": unit.nama},
                )
            )
            return None
        return unit

    def _tingkat(self, value: Any, errors: list) -> str | None:
        text = " ".join(str(value).split())
        kode = TINGKAT.get(text.casefold())
        if kode is None:
            errors.append(
                (
                    H["tingkat"],
                    _(
                        "Tingkat “%(tingkat)s” tidak dikenal; tulis JPT Pratama, Administrator, Pengawas atau "
                        "Fungsional (lembar Referensi)."
                    )
                    % {"tingkat": text},
                )
            )
        return kode

    def _jenjang(self, value: Any, errors: list) -> str | None:
        if kosong(value):
            return ""
        text = " ".join(str(value).split())
        kode = JENJANG.get(text.casefold())
        if kode is None:
            errors.append(
                (
                    H["jenjang"],
                    _("Jenjang fungsional “%(jenjang)s” tidak dikenal; lihat lembar Referensi.")
                    % {"jenjang": text},
                )
            )
        return kode

    def _pemegang(self, value: Any, key: tuple | None, errors: list) -> int | None:
        _nip, pk = self.nip_lookup(value, set(), errors)
        if pk is None:
            return None
        nip, nama, aktif = self.pegawai[pk]
        header = H["nip"]
        if not aktif:
            errors.append((header, pemegang_aktif_message(Pegawai(nip=nip, nama=nama))))
            return None
        stored = self.memegang.get(pk)
        if stored is not None and stored != key:
            unit = self.unit_by_pk.get(stored[0])
            errors.append(
                (
                    header,
                    pemegang_ganda_message(Pegawai(nip=nip, nama=nama), stored[1], unit.nama if unit else ""),
                )
            )
            return None
        in_file = self.pemegang_di_berkas.get(pk)
        if in_file is not None and in_file != key:
            unit = self.unit_by_pk.get(in_file[0])
            errors.append(
                (
                    header,
                    _(
                        "%(nama)s (NIP %(nip)s) juga menjadi pemegang %(jabatan)s di %(unit)s pada baris lain "
                        "berkas ini; satu pegawai hanya memegang satu jabatan kunci."
                    )
                    % {"nama": nama, "nip": nip, "jabatan": in_file[1], "unit": unit.nama if unit else ""},
                )
            )
            return None
        if key is not None:
            self.pemegang_di_berkas.setdefault(pk, key)
        return pk

    def duplicate_message(self, key, others: str) -> str:
        unit_id, nama = key
        unit = self.unit_by_pk[unit_id]
        return _(
            "Jabatan %(nama)s di unit %(kode)s juga ada di baris %(baris)s. Satu jabatan kunci hanya boleh "
            "satu baris; hapus baris ganda."
        ) % {"nama": nama, "kode": unit.kode, "baris": others}

    # -- against what is stored -------------------------------------------------------------------

    def _stored(self, items: list[JabatanKunciData]) -> dict[tuple, tuple]:
        if not items:
            return {}
        return rows_stored(
            existing=JabatanKunci.objects.filter(
                instansi=self.instansi, unit_kerja_id__in={item.unit_kerja_id for item in items}
            ),
            key=("unit_kerja_id", "nama"),
            fields=JabatanKunciData.VALUE_FIELDS,
        )

    def classify(self, rows: list[tuple[int, JabatanKunciData]], result: ImportResult) -> None:
        stored = self._stored([item for _number, item in rows])
        for number, item in rows:
            current = stored.get(item.kunci)
            new = dict(zip(JabatanKunciData.VALUE_FIELDS, item.values(), strict=True))
            holder = self.pegawai.get(item.pemegang_id)
            if current is None:
                result.baru += 1
                filled = [
                    (FIELD_TITLES[name], self._text(name, new[name]))
                    for name in JabatanKunciData.VALUE_FIELDS
                ]
                self.new_add(
                    result,
                    number,
                    holder[0] if holder else "",
                    [(kolom, nilai) for kolom, nilai in filled if nilai != "—"],
                    nama=item.nama,
                )
                continue
            old = dict(zip(JabatanKunciData.VALUE_FIELDS, current[1:], strict=True))
            changed = [name for name in JabatanKunciData.VALUE_FIELDS if old[name] != new[name]]
            if not changed:
                result.tetap += 1
                continue
            result.diubah += 1
            parts = [
                (FIELD_TITLES[name], self._text(name, old[name]), self._text(name, new[name]))
                for name in changed
            ]
            self.change_add(result, number, holder[0] if holder else "", parts, nama=item.nama)

    def _text(self, name: str, value: Any) -> str:
        if value in (None, "", [], {}):
            return "—"
        if name == "pemegang_id":
            nip, nama, _aktif = self.pegawai.get(value, ("?", "?", True))
            return f"{nama} ({nip})"
        if name == "standar_kompetensi":
            return standar_kompetensi_teks(value)
        if name == "aktif":
            return _("Ya") if value else _("Tidak")
        if name == "syarat_tambahan":
            return "; ".join(f"{k}: {v}" for k, v in value.items())
        return str(value)

    def verify(self) -> str | None:
        return self.nip_verify(dict(Pegawai.objects.filter(instansi=self.instansi).values_list("nip", "pk")))

    def write(self, items: list[JabatanKunciData]) -> tuple[int, int, int]:
        written = jabatan_kunci_write(
            instansi=self.instansi, actor=self.actor, rows=items, penyebab="jabatan_kunci.import"
        )
        return written.baru, written.diubah, written.tetap


jabatan_kunci_import = JabatanKunciImporter.run
