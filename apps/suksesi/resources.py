"""The key-post spreadsheet format, on django-import-export: columns, export and template.

`JabatanKunciResource` is the one description of the file; the import (apps/suksesi/imports.py)
reads the same columns and checks every row with the rules of services_jabatan.py; the export and
the template use the same headers, so an export can be edited and imported again. `import_data()`
is closed on purpose (every import runs through the pipeline: all or nothing).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from import_export import fields

from apps.core.spreadsheets import ANY, TEXT, XlsxSheet
from apps.impor.resources import (
    SHEET_REFERENSI,
    LabelWidget,
    NilaiWidget,
    SpreadsheetResource,
    export_xlsx,
    referensi_range,
    referensi_rows,
    template_xlsx,
)
from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.referensi import GOLONGAN_PNS, JenjangFungsional
from apps.pegawai.resources import NIP_ANGKA

from .models import JENIS_JABATAN_KUNCI, JabatanKunci
from .services_jabatan import standar_kompetensi_teks

SHEET_DATA = "Jabatan Kunci"

# (field, column title, required column, kind, other accepted titles, what to write)
KOLOM: list[tuple[str, str, bool, str, tuple[str, ...], str]] = [
    ("kode_unit", "Kode Unit", True, TEXT, ("Kode Unit Kerja", "Unit Kerja"),
     "Kode unit kerja aktif instansi ini (lembar Referensi), sebagai teks."),
    ("nama_unit", "Nama Unit", False, ANY, ("Nama Unit Kerja",),
     "Tidak diimpor; hanya agar baris mudah dibaca."),
    ("nama", "Nama Jabatan", True, ANY, ("Jabatan", "Nama Jabatan Kunci"),
     "Nama jabatan, mis. Kepala Dinas. Kode Unit + Nama Jabatan adalah kunci: yang sudah ada diperbarui."),
    ("tingkat", "Tingkat", True, TEXT, ("Tingkat Jabatan", "Jenis Jabatan"),
     "JPT Pratama, Administrator, Pengawas atau Fungsional."),
    ("jenjang", "Jenjang Fungsional", False, TEXT, ("Jenjang",),
     "Wajib untuk Fungsional (mis. Ahli Madya), kosong untuk jabatan struktural."),
    ("nip", "NIP Pemegang", False, TEXT, ("NIP", "NIP Pemegang Jabatan"),
     "NIP pegawai aktif instansi ini, sebagai teks; kosong bila jabatan lowong."),
    ("nama_pemegang", "Nama Pemegang", False, ANY, (),
     "Tidak diimpor; hanya agar baris mudah dibaca."),
    ("alasan", "Alasan", True, ANY, ("Alasan Jabatan Kunci",),
     "Mengapa jabatan ini kritikal."),
    ("standar", "Standar Kompetensi", False, ANY, ("Standar",),
     "Kompetensi:level 1–5 dipisah titik koma, mis. Integritas:4; Kerja Sama:3."),
    ("golongan_minimum", "Golongan Minimum", False, TEXT, ("Golongan Min",),
     "Opsional: golongan ruang PNS, mis. IV/a."),
    ("bidang_pendidikan", "Bidang Pendidikan", False, ANY, (),
     "Opsional: dipisah titik koma, mis. Hukum; Ilmu Pemerintahan."),
    ("sertifikat", "Sertifikat", False, ANY, (),
     "Opsional: dipisah titik koma, mis. PKA; Sertifikat PBJ."),
]  # fmt: skip
FIELD_ORDER = tuple(name for name, *_rest in KOLOM)
HEADER_BY_FIELD = {name: header for name, header, *_rest in KOLOM}
H = HEADER_BY_FIELD


def _field(name: str, attribute: str | None = None, widget=None) -> fields.Field:
    return fields.Field(
        attribute=attribute or name, column_name=H[name], widget=widget or NilaiWidget(), readonly=True
    )


class JabatanKunciResource(SpreadsheetResource):
    kolom = KOLOM
    sheet_data = SHEET_DATA
    numeric_messages = {"nip": NIP_ANGKA}
    import_closed = (
        "Import key posts through apps.suksesi.imports.jabatan_kunci_import(): it checks every row with "
        "the rules of services_jabatan and writes all or nothing through jabatan_kunci_write."
    )

    kode_unit = _field("kode_unit", "unit_kerja__kode")
    nama_unit = _field("nama_unit", "unit_kerja__nama")
    nama = _field("nama")
    tingkat = _field("tingkat", "jenis_jabatan", LabelWidget(JabatanKunci._meta.get_field("jenis_jabatan")))
    jenjang = _field("jenjang", "jenjang_fungsional", LabelWidget(JenjangFungsional))
    nip = _field("nip", "pemegang__nip")
    nama_pemegang = _field("nama_pemegang", "pemegang__nama")
    alasan = _field("alasan")
    standar = fields.Field(column_name=H["standar"], readonly=True)
    golongan_minimum = fields.Field(column_name=H["golongan_minimum"], readonly=True)
    bidang_pendidikan = fields.Field(column_name=H["bidang_pendidikan"], readonly=True)
    sertifikat = fields.Field(column_name=H["sertifikat"], readonly=True)

    class Meta:
        model = JabatanKunci
        fields = FIELD_ORDER
        export_order = FIELD_ORDER

    def dehydrate_standar(self, jabatan: JabatanKunci) -> str:
        return standar_kompetensi_teks(jabatan.standar_kompetensi)

    def dehydrate_golongan_minimum(self, jabatan: JabatanKunci) -> str:
        return (jabatan.syarat_tambahan or {}).get("golongan_minimum", "")

    def dehydrate_bidang_pendidikan(self, jabatan: JabatanKunci) -> str:
        return "; ".join((jabatan.syarat_tambahan or {}).get("bidang_pendidikan", []))

    def dehydrate_sertifikat(self, jabatan: JabatanKunci) -> str:
        return "; ".join((jabatan.syarat_tambahan or {}).get("sertifikat", []))

    def get_queryset(self):
        return (
            JabatanKunci.objects.filter(instansi=self.instansi, aktif=True)
            .select_related("unit_kerja", "pemegang")
            .order_by("unit_kerja__kode", "nama")
        )


def _widths() -> list[float]:
    return JabatanKunciResource.widths(
        {"nama_unit": 34, "nama": 34, "nip": 22, "nama_pemegang": 28, "alasan": 40, "standar": 40}, 18
    )


TEXT_COLUMNS = [FIELD_ORDER.index(name) for name in ("kode_unit", "nip", "golongan_minimum")]


def jabatan_kunci_export_xlsx(*, instansi: Instansi) -> bytes:
    return export_xlsx(JabatanKunciResource(instansi=instansi), widths=_widths(), text_columns=TEXT_COLUMNS)


def jabatan_kunci_template_xlsx(*, instansi: Instansi) -> bytes:
    """The empty import template: sheet "Jabatan Kunci" (titles, codes formatted as Text,
    drop-downs), sheet "Referensi" (levels, jenjang, golongan and the instansi's active unit kerja
    codes), sheet "Petunjuk"."""
    units = list(UnitKerja.objects.filter(instansi=instansi, aktif=True).order_by("kode"))
    with translation.override("id"):
        referensi: list[tuple[str, list[Any]]] = [
            ("Tingkat", [str(label) for _value, label in JENIS_JABATAN_KUNCI]),
            ("Jenjang Fungsional", [str(label) for label in JenjangFungsional.labels]),
            ("Golongan Minimum", list(GOLONGAN_PNS)),
            ("Kode Unit", [unit.kode for unit in units]),
            ("Nama Unit", [unit.nama for unit in units]),
        ]
    col = {title: index for index, (title, _values) in enumerate(referensi)}

    def source(title: str) -> str:
        return referensi_range(col[title], len(referensi[col[title]][1]))

    lists = {
        FIELD_ORDER.index("tingkat"): source("Tingkat"),
        FIELD_ORDER.index("jenjang"): source("Jenjang Fungsional"),
        FIELD_ORDER.index("golongan_minimum"): source("Golongan Minimum"),
    }
    if units:
        lists[FIELD_ORDER.index("kode_unit")] = source("Kode Unit")
    petunjuk: list[list[Any]] = [
        [],
        ["Isi data mulai baris 2 lembar Jabatan Kunci; satu baris untuk satu jabatan kunci."],
        ["Kode Unit + Nama Jabatan adalah kunci: jabatan yang sudah tercatat diperbarui (dan diaktifkan lagi), yang baru ditambahkan."],
        ["Satu pegawai hanya memegang satu jabatan kunci; NIP pemegang harus pegawai aktif instansi ini."],
        ["Satu baris bermasalah → tidak ada yang disimpan; perbaiki semua kesalahan lalu unggah lagi."],
        ["Contoh baris:"],
        [units[0].kode if units else "01", units[0].nama if units else "Dinas Pendidikan", "Kepala Dinas",
         "JPT Pratama", "", "197905122005012003", "Siti Rahmawati",
         "Pemegang mencapai BUP dalam 2 tahun", "Integritas:4; Kerja Sama:3; Orientasi pada Hasil:4",
         "IV/a", "Pendidikan; Manajemen", "PKA"],
    ]  # fmt: skip
    return template_xlsx(
        JabatanKunciResource(instansi=instansi),
        widths=_widths(),
        text_columns=TEXT_COLUMNS,
        lists=lists,
        referensi=XlsxSheet(
            title=SHEET_REFERENSI,
            headers=[title for title, _values in referensi],
            rows=referensi_rows(referensi),
            widths=[18, 20, 16, 16, 40],
        ),
        petunjuk=petunjuk,
        petunjuk_widths=[24, 8, 90],
    )
