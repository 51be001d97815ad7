"""The asesmen spreadsheet format, on django-import-export: columns, export and template.

`AsesmenResource` is the one description of the file: Indonesian column titles and how stored
values are written (method labels, dates, decimals as numbers). The import
(apps/asesmen/imports.py) reads the same columns and checks every row with
`services.asesmen_clean`; the export and the template use the same headers, so an export can be
edited and imported again. `import_data()` is closed on purpose (it would bypass asesmen_clean and
the all-or-nothing write through `asesmen_write`).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from import_export import fields

from apps.core.spreadsheets import ANY, DATE, TEXT, XlsxSheet
from apps.impor.resources import (
    SHEET_REFERENSI,
    LabelWidget,
    NilaiWidget,
    SpreadsheetResource,
    export_csv,
    export_xlsx,
    referensi_range,
    template_xlsx,
)
from apps.instansi.models import Instansi
from apps.pegawai.resources import NIP_ANGKA

from .models import Asesmen

SHEET_DATA = "Asesmen"

# The eight potential aspects (Asesmen.ASPEK), as column titles.
ASPEK_KOLOM: list[tuple[str, str, tuple[str, ...]]] = [
    ("aspek_intelektual", "Kemampuan Intelektual", ("Aspek Intelektual",)),
    ("aspek_interpersonal", "Kemampuan Interpersonal", ("Aspek Interpersonal",)),
    ("aspek_kesadaran_diri", "Kesadaran Diri", ("Aspek Kesadaran Diri",)),
    ("aspek_berpikir_kritis", "Berpikir Kritis dan Strategis", ("Berpikir Kritis", "Aspek Berpikir Kritis")),
    ("aspek_pemecahan_masalah", "Kemampuan Menyelesaikan Permasalahan",
     ("Pemecahan Masalah", "Menyelesaikan Permasalahan", "Aspek Pemecahan Masalah")),
    ("aspek_kecerdasan_emosional", "Kecerdasan Emosional", ("Aspek Kecerdasan Emosional",)),
    ("aspek_motivasi", "Motivasi dan Komitmen", ("Motivasi", "Aspek Motivasi")),
    ("aspek_belajar", "Kemauan Belajar", ("Kemauan Belajar / Pengembangan Diri", "Pengembangan Diri", "Aspek Belajar")),
]  # fmt: skip

# (field, column title, required column, kind, other accepted titles, what to write)
KOLOM: list[tuple[str, str, bool, str, tuple[str, ...], str]] = [
    ("nip", "NIP", True, TEXT, ("NIP / NI PPPK", "NI PPPK", "NIP Baru"),
     "NIP atau NI PPPK pegawai instansi ini, 18 digit, sebagai teks."),
    ("nama", "Nama", False, ANY, ("Nama Pegawai", "Nama Lengkap"),
     "Tidak diimpor; hanya agar baris mudah dibaca."),
    ("tanggal", "Tanggal Asesmen", True, DATE, ("Tanggal", "Tgl Asesmen", "Tanggal Pelaksanaan"),
     "HH-BB-TTTT, mis. 17-08-2025 (atau sel tanggal Excel); tidak boleh di masa depan."),
    ("metode", "Metode", True, TEXT, ("Metode Asesmen", "Jenis Asesmen"),
     "Assessment Center, CACT atau Uji Kompetensi."),
    ("lembaga", "Lembaga", True, ANY, ("Lembaga Asesmen", "Lembaga / Assessment Center", "Penyelenggara"),
     "Nama lembaga / assessment center."),
    ("nilai_potensi", "Nilai Potensi", True, ANY, ("Potensi", "Skor Potensi"),
     "0–100, boleh desimal (77,50 atau 77.50)."),
    ("jpm", "JPM", True, ANY, ("JPM Kompetensi", "Job Person Match"),
     "Persen job-person match, boleh lebih dari 100 (mis. 138,89)."),
    ("berlaku_sampai", "Berlaku Sampai", False, DATE, ("Masa Berlaku", "Berlaku Hingga"),
     "Kosong: tanggal asesmen ditambah masa berlaku instansi (bawaan 3 tahun)."),
    *((name, header, False, ANY, aliases, "Aspek potensi, 0–100; boleh kosong.")
      for name, header, aliases in ASPEK_KOLOM),
]  # fmt: skip
FIELD_ORDER = tuple(name for name, *_rest in KOLOM)
HEADER_BY_FIELD = {name: header for name, header, *_rest in KOLOM}
H = HEADER_BY_FIELD


def _field(name: str, attribute: str | None = None, widget=None, **kwargs) -> fields.Field:
    return fields.Field(
        attribute=attribute or name, column_name=H[name], widget=widget or NilaiWidget(), **kwargs
    )


class AsesmenResource(SpreadsheetResource):
    kolom = KOLOM
    sheet_data = SHEET_DATA
    numeric_messages = {"nip": NIP_ANGKA}
    import_closed = (
        "Import asesmen through apps.asesmen.imports.asesmen_import(): it checks every row with "
        "asesmen_clean and writes all or nothing through asesmen_write (audit, history, inputs_changed)."
    )

    nip = _field("nip", "pegawai__nip", readonly=True)
    nama = _field("nama", "pegawai__nama", readonly=True)
    tanggal = _field("tanggal")
    metode = _field("metode", widget=LabelWidget(Asesmen.Metode))
    lembaga = _field("lembaga")
    nilai_potensi = _field("nilai_potensi")
    jpm = _field("jpm")
    berlaku_sampai = _field("berlaku_sampai")
    aspek_intelektual = _field("aspek_intelektual")
    aspek_interpersonal = _field("aspek_interpersonal")
    aspek_kesadaran_diri = _field("aspek_kesadaran_diri")
    aspek_berpikir_kritis = _field("aspek_berpikir_kritis")
    aspek_pemecahan_masalah = _field("aspek_pemecahan_masalah")
    aspek_kecerdasan_emosional = _field("aspek_kecerdasan_emosional")
    aspek_motivasi = _field("aspek_motivasi")
    aspek_belajar = _field("aspek_belajar")

    class Meta:
        model = Asesmen
        fields = FIELD_ORDER
        export_order = FIELD_ORDER
        import_id_fields = ("nip", "tanggal", "metode")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_queryset(self):
        return (
            Asesmen.objects.filter(instansi=self.instansi)
            .select_related("pegawai")
            .order_by("pegawai__nama", "pegawai__nip", "-tanggal", "metode")
        )


def asesmen_export_csv(*, instansi: Instansi) -> bytes:
    return export_csv(AsesmenResource(instansi=instansi))


def asesmen_export_xlsx(*, instansi: Instansi) -> bytes:
    return export_xlsx(AsesmenResource(instansi=instansi), widths=_widths(), text_columns=[0, 1])


def _widths() -> list[float]:
    return AsesmenResource.widths({"nip": 22, "nama": 30, "tanggal": 16, "metode": 20, "lembaga": 36}, 16)


def asesmen_template_xlsx(*, instansi: Instansi) -> bytes:
    """The empty import template: sheet "Asesmen" (titles, NIP formatted as Text, a drop-down for the
    method), sheet "Referensi" (the methods and the JPM categories), sheet "Petunjuk"."""
    with translation.override("id"):
        metode = [str(label) for label in Asesmen.Metode.labels]
    ref_rows: list[list[Any]] = [[label] for label in metode]
    ref_rows += [
        [],
        ["Kategori JPM (tidak diimpor, hanya keterangan)"],
        ["Memenuhi Syarat (MS)", "JPM ≥ 80"],
        ["Masih Memenuhi Syarat (MMS)", "JPM ≥ 68"],
        ["Kurang Memenuhi Syarat (KMS)", "JPM < 68"],
        ["Optimal", "JPM ≥ 90"],
        ["Cukup Optimal", "JPM ≥ 78"],
        ["Kurang Optimal", "JPM < 78"],
    ]
    petunjuk: list[list[Any]] = [
        [],
        ["Isi data mulai baris 2 lembar Asesmen; satu baris untuk satu asesmen seorang pegawai."],
        ["NIP, Tanggal Asesmen dan Metode adalah kunci: yang sudah tersimpan diperbarui, yang baru ditambahkan."],
        ["Pegawai harus sudah terdaftar di instansi ini (impor data pegawai lebih dulu)."],
        ["Pada asesmen yang sudah tersimpan, sel aspek dan Berlaku Sampai yang kosong tidak mengubah nilai lama."],
        ["Angka desimal boleh memakai koma atau titik (77,50 atau 77.50). Jangan memakai rumus."],
        ["Contoh baris:"],
        ["198609262015051001", "Budi Santoso", "17-08-2025", "Assessment Center",
         "UPT Penilaian Kompetensi BKD Provinsi", "77,50", "92,31", "", *(["75"] * len(ASPEK_KOLOM))],
    ]  # fmt: skip
    return template_xlsx(
        AsesmenResource(instansi=instansi),
        widths=_widths(),
        text_columns=[0, 1, 3, 4],
        lists={FIELD_ORDER.index("metode"): referensi_range(0, len(metode))},
        referensi=XlsxSheet(
            title=SHEET_REFERENSI, headers=["Metode", "Keterangan"], rows=ref_rows, widths=[30, 16]
        ),
        petunjuk=petunjuk,
        petunjuk_widths=[34, 8, 90],
    )
