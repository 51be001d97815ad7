"""The assessment queue's spreadsheet for the assessment centre, on the shared export helpers of
apps/impor/resources.py: one row per queue place in queue order, with the reason in words, the
asesmen status, the method and unit cost, and whether the budget covers the place."""

from __future__ import annotations

from typing import Any

from import_export import fields

from apps.core.spreadsheets import ANY, TEXT
from apps.impor.resources import NilaiWidget, SpreadsheetResource, export_xlsx
from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai

SHEET_DATA = "Antrean Asesmen"

# (field, column title, required column, kind, other accepted titles, what to write)
KOLOM: list[tuple[str, str, bool, str, tuple[str, ...], str]] = [
    ("peringkat", "Urutan", False, ANY, (), "Urutan dalam antrean."),
    ("nip", "NIP", False, TEXT, (), "NIP / NI PPPK."),
    ("nama", "Nama", False, ANY, (), "Nama dengan gelar."),
    ("jabatan", "Jabatan", False, ANY, (), "Nama jabatan."),
    ("unit_kerja", "Unit Kerja", False, ANY, (), "Unit kerja."),
    ("prioritas", "Prioritas", False, ANY, (), "Kelompok prioritas antrean."),
    ("alasan", "Alasan", False, ANY, (), "Alasan urutan dalam kata-kata."),
    ("status_asesmen", "Status Asesmen", False, ANY, (), "Belum pernah, kedaluwarsa atau segera kedaluwarsa."),
    ("asesmen_terakhir", "Asesmen Terakhir", False, ANY, (), "Tanggal asesmen terakhir."),
    ("berlaku_sampai", "Berlaku Sampai", False, ANY, (), "Akhir masa berlaku asesmen terakhir."),
    ("metode", "Metode", False, ANY, (), "Metode asesmen anggaran."),
    ("biaya", "Biaya (Rp)", False, ANY, (), "Biaya per orang menurut metode."),
    ("dalam_anggaran", "Dalam Anggaran", False, ANY, (), "Ya bila urutan ini tercakup anggaran."),
]  # fmt: skip
FIELD_ORDER = tuple(name for name, *_rest in KOLOM)
H = {name: header for name, header, *_rest in KOLOM}


def _field(name: str) -> fields.Field:
    return fields.Field(attribute=f"antrean_{name}", column_name=H[name], widget=NilaiWidget(), readonly=True)


class AntreanAsesmenResource(SpreadsheetResource):
    """Export only: the queue is derived, never imported."""

    kolom = KOLOM
    sheet_data = SHEET_DATA
    import_closed = "The assessment queue is derived from stored rows; it is never imported."

    peringkat = _field("peringkat")
    nip = fields.Field(attribute="nip", column_name=H["nip"], widget=NilaiWidget(), readonly=True)
    nama = fields.Field(attribute="nama_lengkap", column_name=H["nama"], widget=NilaiWidget(), readonly=True)
    jabatan = fields.Field(
        attribute="nama_jabatan", column_name=H["jabatan"], widget=NilaiWidget(), readonly=True
    )
    unit_kerja = fields.Field(
        attribute="unit_kerja__nama", column_name=H["unit_kerja"], widget=NilaiWidget(), readonly=True
    )
    prioritas = _field("prioritas")
    alasan = _field("alasan")
    status_asesmen = _field("status_asesmen")
    asesmen_terakhir = _field("asesmen_terakhir")
    berlaku_sampai = _field("berlaku_sampai")
    metode = _field("metode")
    biaya = _field("biaya")
    dalam_anggaran = _field("dalam_anggaran")

    class Meta:
        model = Pegawai
        fields = FIELD_ORDER
        export_order = FIELD_ORDER

    def __init__(self, *, instansi: Instansi, rows: list[Pegawai], **kwargs):
        super().__init__(instansi=instansi, **kwargs)
        self.rows = rows

    def get_queryset(self) -> Any:
        return self.rows


TEXT_COLUMNS = [FIELD_ORDER.index("nip")]


def antrean_asesmen_export_xlsx(*, instansi: Instansi, rows: list[Pegawai]) -> bytes:
    """`rows`: pegawai in queue order carrying `antrean_<column>` attributes (views_antrean.py)."""
    widths = AntreanAsesmenResource.widths(
        {"peringkat": 8, "nip": 22, "nama": 30, "jabatan": 30, "unit_kerja": 30, "prioritas": 34, "alasan": 60,
         "status_asesmen": 36, "dalam_anggaran": 14},
        16,
    )  # fmt: skip
    return export_xlsx(
        AntreanAsesmenResource(instansi=instansi, rows=rows), widths=widths, text_columns=TEXT_COLUMNS
    )
