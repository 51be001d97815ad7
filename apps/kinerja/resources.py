"""The SKP spreadsheet format, on django-import-export: columns, export and template.

`SkpResource` is the one description of the file: the Indonesian column titles and how stored
values are written (labels, not codes). The import (apps/kinerja/imports.py) reads the same
columns and checks every row with `services.skp_clean`, the export and the template use the same
headers, so an export can be edited and imported again ("tidak berubah" for untouched rows).

The Resource's own `import_data()` is closed on purpose: it would bypass skp_clean, the all-or-
nothing write through `skp_write` and its audit, history and inputs_changed event.
"""

from __future__ import annotations

from typing import Any

from import_export import fields

from apps.core.spreadsheets import ANY, TEXT, XlsxSheet
from apps.impor.resources import (
    SHEET_REFERENSI,
    LabelWidget,
    NilaiWidget,
    SpreadsheetResource,
    choice_labels,
    export_csv,
    export_xlsx,
    referensi_range,
    referensi_rows,
    template_xlsx,
)
from apps.instansi.models import Instansi
from apps.pegawai.resources import NIP_ANGKA

from .models import SKP, Periode
from .predikat import MATRIKS, Predikat, Rating

SHEET_DATA = "SKP"

# (field, column title, required column, kind, other accepted titles, what to write)
KOLOM: list[tuple[str, str, bool, str, tuple[str, ...], str]] = [
    ("nip", "NIP", True, TEXT, ("NIP / NI PPPK", "NI PPPK", "NIP Baru"),
     "NIP atau NI PPPK pegawai instansi ini, 18 digit, sebagai teks."),
    ("nama", "Nama", False, ANY, ("Nama Pegawai", "Nama Lengkap"),
     "Tidak diimpor; hanya agar baris mudah dibaca."),
    ("tahun", "Tahun", True, ANY, ("Tahun SKP", "Tahun Penilaian"), "Tahun penilaian, mis. 2025."),
    ("periode", "Periode", True, TEXT, ("Periode SKP", "Periode Penilaian"),
     "Tahunan, Triwulan I, Triwulan II, Triwulan III atau Triwulan IV."),
    ("rating_hasil_kerja", "Rating Hasil Kerja", True, TEXT, ("Hasil Kerja",),
     "Di Atas Ekspektasi, Sesuai Ekspektasi atau Di Bawah Ekspektasi."),
    ("rating_perilaku_kerja", "Rating Perilaku Kerja", True, TEXT, ("Perilaku Kerja",),
     "Di Atas Ekspektasi, Sesuai Ekspektasi atau Di Bawah Ekspektasi."),
    ("predikat", "Predikat", False, TEXT, ("Predikat Kinerja",),
     "Boleh kosong: dihitung dari kedua rating. Bila diisi harus sama dengan matriks PermenPANRB 6/2022."),
]  # fmt: skip
FIELD_ORDER = tuple(name for name, *_rest in KOLOM)
HEADER_BY_FIELD = {name: header for name, header, *_rest in KOLOM}
H = HEADER_BY_FIELD


class SkpResource(SpreadsheetResource):
    kolom = KOLOM
    sheet_data = SHEET_DATA
    numeric_messages = {"nip": NIP_ANGKA}
    import_closed = (
        "Import SKP through apps.kinerja.imports.skp_import(): it checks every row with skp_clean, "
        "writes all or nothing through skp_write (audit, row history, inputs_changed)."
    )

    nip = fields.Field(attribute="pegawai__nip", column_name=H["nip"], widget=NilaiWidget(), readonly=True)
    nama = fields.Field(attribute="pegawai__nama", column_name=H["nama"], widget=NilaiWidget(), readonly=True)
    tahun = fields.Field(attribute="tahun", column_name=H["tahun"], widget=NilaiWidget())
    periode = fields.Field(attribute="periode", column_name=H["periode"], widget=LabelWidget(Periode))
    rating_hasil_kerja = fields.Field(
        attribute="rating_hasil_kerja", column_name=H["rating_hasil_kerja"], widget=LabelWidget(Rating)
    )
    rating_perilaku_kerja = fields.Field(
        attribute="rating_perilaku_kerja", column_name=H["rating_perilaku_kerja"], widget=LabelWidget(Rating)
    )
    predikat = fields.Field(attribute="predikat", column_name=H["predikat"], widget=NilaiWidget())

    class Meta:
        model = SKP
        fields = FIELD_ORDER
        export_order = FIELD_ORDER
        import_id_fields = ("nip", "tahun", "periode")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_queryset(self):
        return (
            SKP.objects.filter(instansi=self.instansi)
            .select_related("pegawai")
            .order_by("pegawai__nama", "pegawai__nip", "-tahun", "periode")
        )


def skp_export_csv(*, instansi: Instansi) -> bytes:
    return export_csv(SkpResource(instansi=instansi))


def skp_export_xlsx(*, instansi: Instansi) -> bytes:
    return export_xlsx(SkpResource(instansi=instansi), widths=_widths(), text_columns=[0, 1])


def _widths() -> list[float]:
    return SkpResource.widths({"nip": 22, "nama": 30, "tahun": 8, "periode": 14, "predikat": 20}, 22)


def skp_template_xlsx(*, instansi: Instansi) -> bytes:
    """The empty import template: sheet "SKP" (titles, NIP formatted as Text, drop-downs), sheet
    "Referensi" (allowed values and the predikat matrix), sheet "Petunjuk"."""
    periode = list(choice_labels(Periode).values())
    rating = list(choice_labels(Rating).values())
    referensi = [("Periode", periode), ("Rating", rating), ("Predikat", list(Predikat.values))]
    ref_rows = referensi_rows(referensi)
    rating_label = choice_labels(Rating)
    ref_rows += [
        [],
        ["Matriks predikat (PermenPANRB 6/2022)"],
        ["Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat"],
        *([rating_label[h], rating_label[p], predikat] for (h, p), predikat in MATRIKS.items()),
    ]
    lists = {
        FIELD_ORDER.index("periode"): referensi_range(0, len(periode)),
        FIELD_ORDER.index("rating_hasil_kerja"): referensi_range(1, len(rating)),
        FIELD_ORDER.index("rating_perilaku_kerja"): referensi_range(1, len(rating)),
        FIELD_ORDER.index("predikat"): referensi_range(2, len(Predikat.values)),
    }
    petunjuk: list[list[Any]] = [
        [],
        ["Isi data mulai baris 2 lembar SKP; satu baris untuk satu pegawai per tahun dan periode."],
        ["NIP, Tahun dan Periode adalah kunci: yang sudah tersimpan diperbarui, yang baru ditambahkan."],
        ["Pegawai harus sudah terdaftar di instansi ini (impor data pegawai lebih dulu)."],
        ["Predikat dihitung dari kedua rating; bila diisi, harus sama dengan matriks di lembar Referensi."],
        ["Jangan memakai rumus; salin lalu Tempel Spesial → Nilai."],
        ["Contoh baris:"],
        ["198609262015051001", "Budi Santoso", 2025, "Tahunan", "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Baik"],
    ]  # fmt: skip
    return template_xlsx(
        SkpResource(instansi=instansi),
        widths=_widths(),
        text_columns=[0, 1, 3, 4, 5, 6],
        lists=lists,
        referensi=XlsxSheet(
            title=SHEET_REFERENSI,
            headers=[title for title, _values in referensi],
            rows=ref_rows,
            widths=[22, 22, 20],
        ),
        petunjuk=petunjuk,
        petunjuk_widths=[24, 8, 90],
    )
