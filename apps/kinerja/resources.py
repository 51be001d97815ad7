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

from django.utils import translation
from import_export import fields, resources, widgets

from apps.core.spreadsheets import ANY, TEXT, Column, XlsxSheet, column_letter, csv_write, xlsx_write
from apps.instansi.models import Instansi
from apps.pegawai.resources import NIP_ANGKA

from .models import SKP, Periode
from .predikat import MATRIKS, Predikat, Rating

SHEET_DATA = "SKP"
SHEET_REFERENSI = "Referensi"
SHEET_PETUNJUK = "Petunjuk"

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


def _labels(choices) -> dict[str, str]:
    with translation.override("id"):
        return {value: str(label) for value, label in choices.choices}


class LabelWidget(widgets.Widget):
    """A stored code written as its Indonesian label ("tw1" → "Triwulan I")."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self._labels: dict[str, str] | None = None

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        if self._labels is None:
            self._labels = _labels(self.choices)
        return self._labels.get(value, value)


class NilaiWidget(widgets.Widget):
    """Numbers and text as stored (a number stays a number cell in .xlsx)."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class SkpResource(resources.ModelResource):
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

    def __init__(self, *, instansi: Instansi, **kwargs):
        super().__init__(**kwargs)
        self.instansi = instansi

    def import_data(self, *args, **kwargs):
        raise NotImplementedError(
            "Import SKP through apps.kinerja.imports.skp_import(): it checks every row with skp_clean, "
            "writes all or nothing through skp_write (audit, row history, inputs_changed)."
        )

    @classmethod
    def columns(cls) -> list[Column]:
        """The spreadsheet reader's view of the format (apps.core.spreadsheets.Column)."""
        return [
            Column(
                key=name,
                header=header,
                required=required,
                kind=kind,
                aliases=aliases,
                numeric_message=NIP_ANGKA if name == "nip" else "",
            )
            for name, header, required, kind, aliases, _help in KOLOM
        ]

    def get_queryset(self):
        return (
            SKP.objects.filter(instansi=self.instansi)
            .select_related("pegawai")
            .order_by("pegawai__nama", "pegawai__nip", "-tahun", "periode")
        )

    def export_rows(self) -> tuple[list[str], list[list[Any]]]:
        with translation.override("id"):
            dataset = self.export()
        return list(dataset.headers), [list(row) for row in dataset]


def skp_export_csv(*, instansi: Instansi) -> bytes:
    headers, rows = SkpResource(instansi=instansi).export_rows()
    return csv_write(headers, rows)


def skp_export_xlsx(*, instansi: Instansi) -> bytes:
    headers, rows = SkpResource(instansi=instansi).export_rows()
    return xlsx_write(
        [XlsxSheet(title=SHEET_DATA, headers=headers, rows=rows, widths=_widths(), text_columns=[0, 1])]
    )


def _widths() -> list[float]:
    lebar = {"nip": 22, "nama": 30, "tahun": 8, "periode": 14, "predikat": 20}
    return [lebar.get(name, 22) for name in FIELD_ORDER]


def skp_template_xlsx(*, instansi: Instansi) -> bytes:
    """The empty import template: sheet "SKP" (titles, NIP formatted as Text, drop-downs), sheet
    "Referensi" (allowed values and the predikat matrix), sheet "Petunjuk"."""
    resource = SkpResource(instansi=instansi)
    periode = list(_labels(Periode).values())
    rating = list(_labels(Rating).values())
    referensi = [("Periode", periode), ("Rating", rating), ("Predikat", list(Predikat.values))]
    height = max(len(values) for _title, values in referensi)
    ref_rows: list[list[Any]] = [
        [values[i] if i < len(values) else None for _title, values in referensi] for i in range(height)
    ]
    rating_label = _labels(Rating)
    ref_rows += [
        [],
        ["Matriks predikat (PermenPANRB 6/2022)"],
        ["Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat"],
        *([rating_label[h], rating_label[p], predikat] for (h, p), predikat in MATRIKS.items()),
    ]

    def source(column: int, count: int) -> str:
        letter = column_letter(column + 1)
        return f"{SHEET_REFERENSI}!${letter}$2:${letter}${count + 1}"

    lists = {
        FIELD_ORDER.index("periode"): source(0, len(periode)),
        FIELD_ORDER.index("rating_hasil_kerja"): source(1, len(rating)),
        FIELD_ORDER.index("rating_perilaku_kerja"): source(1, len(rating)),
        FIELD_ORDER.index("predikat"): source(2, len(Predikat.values)),
    }
    notes = {
        index: ("Wajib. " if required else "Opsional. ") + help_text
        for index, (_name, _header, required, _kind, _aliases, help_text) in enumerate(KOLOM)
    }
    petunjuk_rows: list[list[Any]] = [
        [header, "Ya" if required else "Tidak", help_text]
        for _name, header, required, _kind, _aliases, help_text in KOLOM
    ]
    petunjuk_rows += [
        [],
        ["Isi data mulai baris 2 lembar SKP; satu baris untuk satu pegawai per tahun dan periode."],
        ["NIP, Tahun dan Periode adalah kunci: yang sudah tersimpan diperbarui, yang baru ditambahkan."],
        ["Pegawai harus sudah terdaftar di instansi ini (impor data pegawai lebih dulu)."],
        ["Predikat dihitung dari kedua rating; bila diisi, harus sama dengan matriks di lembar Referensi."],
        ["Jangan memakai rumus; salin lalu Tempel Spesial → Nilai."],
        ["Contoh baris:"],
        ["198609262015051001", "Budi Santoso", 2025, "Tahunan", "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Baik"],
    ]  # fmt: skip
    return xlsx_write(
        [
            XlsxSheet(
                title=SHEET_DATA,
                headers=resource.get_export_headers(),
                widths=_widths(),
                text_columns=[0, 1, 3, 4, 5, 6],
                lists=lists,
                notes=notes,
            ),
            XlsxSheet(
                title=SHEET_REFERENSI,
                headers=[title for title, _values in referensi],
                rows=ref_rows,
                widths=[22, 22, 20],
            ),
            XlsxSheet(
                title=SHEET_PETUNJUK,
                headers=["Kolom", "Wajib", "Isi"],
                rows=petunjuk_rows,
                widths=[24, 8, 90],
                freeze_header=False,
            ),
        ]
    )
