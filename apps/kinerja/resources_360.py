"""The umpan balik 360° spreadsheet format (django-import-export): columns, export and template.
The import itself (apps/kinerja/imports_360.py) reads the same columns and checks every row with
`services_360.umpan_balik_clean`; the Resource's own import is closed."""

from __future__ import annotations

from typing import Any

from import_export import fields

from apps.core.spreadsheets import ANY, DATE, TEXT, XlsxSheet
from apps.impor.resources import SHEET_REFERENSI, NilaiWidget, SpreadsheetResource, template_xlsx
from apps.instansi.models import Instansi
from apps.pegawai.resources import NIP_ANGKA

from .models import UmpanBalik360

SHEET_DATA = "Umpan Balik 360"

KOLOM: list[tuple[str, str, bool, str, tuple[str, ...], str]] = [
    ("nip", "NIP", True, TEXT, ("NIP / NI PPPK", "NI PPPK", "NIP Baru"),
     "NIP atau NI PPPK pegawai instansi ini, 18 digit, sebagai teks."),
    ("nama", "Nama", False, ANY, ("Nama Pegawai", "Nama Lengkap"),
     "Tidak diimpor; hanya agar baris mudah dibaca."),
    ("tanggal", "Tanggal Penilaian", True, DATE, ("Tanggal", "Tgl Penilaian"),
     "Tanggal penilaian 360°, format HH-BB-TTTT (mis. 17-08-2025)."),
    ("skor", "Nilai", True, ANY, ("Nilai 360", "Skor", "Nilai Umpan Balik"),
     "Angka 0–100, boleh dengan koma (mis. 82,5)."),
    ("penyelenggara", "Penyelenggara", False, TEXT, ("Sumber", "Lembaga"),
     "Opsional: siapa yang menyelenggarakan penilaian (mis. BKD)."),
]  # fmt: skip
FIELD_ORDER = tuple(name for name, *_rest in KOLOM)
HEADER_BY_FIELD = {name: header for name, header, *_rest in KOLOM}
H = HEADER_BY_FIELD


class UmpanBalikResource(SpreadsheetResource):
    kolom = KOLOM
    sheet_data = SHEET_DATA
    numeric_messages = {"nip": NIP_ANGKA}
    import_closed = (
        "Import 360° feedback through apps.kinerja.imports_360.umpan_balik_import(): it checks every "
        "row with umpan_balik_clean, writes all or nothing through umpan_balik_write."
    )

    nip = fields.Field(attribute="pegawai__nip", column_name=H["nip"], widget=NilaiWidget(), readonly=True)
    nama = fields.Field(attribute="pegawai__nama", column_name=H["nama"], widget=NilaiWidget(), readonly=True)
    tanggal = fields.Field(attribute="tanggal", column_name=H["tanggal"], widget=NilaiWidget())
    skor = fields.Field(attribute="skor", column_name=H["skor"], widget=NilaiWidget())
    penyelenggara = fields.Field(
        attribute="penyelenggara", column_name=H["penyelenggara"], widget=NilaiWidget()
    )

    class Meta:
        model = UmpanBalik360
        fields = FIELD_ORDER
        export_order = FIELD_ORDER
        import_id_fields = ("nip", "tanggal")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_queryset(self):
        return (
            UmpanBalik360.objects.filter(instansi=self.instansi)
            .select_related("pegawai")
            .order_by("pegawai__nama", "pegawai__nip", "-tanggal")
        )


def _widths() -> list[float]:
    return UmpanBalikResource.widths(
        {"nip": 22, "nama": 30, "tanggal": 18, "skor": 10, "penyelenggara": 30}, 20
    )


def umpan_balik_template_xlsx(*, instansi: Instansi) -> bytes:
    """The empty import template: data sheet, a short Referensi sheet and Petunjuk."""
    petunjuk: list[list[Any]] = [
        [],
        ["Isi data mulai baris 2; satu baris untuk satu hasil penilaian 360° seorang pegawai."],
        ["NIP dan Tanggal Penilaian adalah kunci: yang sudah tersimpan diperbarui, yang baru ditambahkan."],
        ["Pegawai harus sudah terdaftar di instansi ini (impor data pegawai lebih dulu)."],
        ["Jangan memakai rumus; salin lalu Tempel Spesial → Nilai."],
        ["Contoh baris:"],
        ["198609262015051001", "Budi Santoso", "15-10-2025", "82,5", "BKD"],
    ]
    return template_xlsx(
        UmpanBalikResource(instansi=instansi),
        widths=_widths(),
        text_columns=[0, 1, 2, 3, 4],
        lists={},
        referensi=XlsxSheet(
            title=SHEET_REFERENSI,
            headers=["Nilai"],
            rows=[["0–100; dua angka di belakang koma paling banyak"]],
            widths=[50],
        ),
        petunjuk=petunjuk,
        petunjuk_widths=[24, 8, 90],
    )
