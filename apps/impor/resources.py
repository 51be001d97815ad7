"""The shared part of every import kind's spreadsheet format, on django-import-export.

A kind's resources.py describes its columns once, as `KOLOM` rows (field, column title, required
column, reader kind, other accepted titles, what to write), on a `SpreadsheetResource` subclass.
From that one description come the reader's columns (`columns()`, for apps/impor/pipeline.py), the
export (`export_csv`, `export_xlsx`: labels, not codes, every cell escaped by the writer) and the
template (`template_xlsx`: the data sheet with a note per column, the kind's "Referensi" sheet,
and a "Petunjuk" sheet listing every column), so the three can never disagree about a column.

The library's own `import_data()` is closed on purpose: every import runs through the pipeline,
which checks every row with the kind's services and writes all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from django.utils import translation
from import_export import resources, widgets

from apps.core.spreadsheets import Column, XlsxSheet, column_letter, csv_write, xlsx_write

SHEET_REFERENSI = "Referensi"
SHEET_PETUNJUK = "Petunjuk"

# (field, column title, required column, reader kind, other accepted titles, what to write)
Kolom = tuple[str, str, bool, str, tuple[str, ...], str]


def choice_labels(choices) -> dict[str, str]:
    """Stored code → Indonesian label, whatever the active language (the file format is fixed)."""
    with translation.override("id"):
        return {value: str(label) for value, label in choices.choices}


def referensi_range(column: int, count: int) -> str:
    """The cells of a drop-down's values: column `column` (0-based) of the Referensi sheet."""
    letter = column_letter(column + 1)
    return f"{SHEET_REFERENSI}!${letter}$2:${letter}${count + 1}"


def referensi_rows(referensi: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
    """Reference values side by side, one column per (title, values), as the drop-downs read them."""
    height = max(len(values) for _title, values in referensi)
    return [[values[i] if i < len(values) else None for _title, values in referensi] for i in range(height)]


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
            self._labels = choice_labels(self.choices)
        return self._labels.get(value, value)


class NilaiWidget(widgets.Widget):
    """Numbers, dates and text as stored: a number stays a number cell, a date a date cell."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class SpreadsheetResource(resources.ModelResource):
    """Base of a kind's Resource: set `kolom`, `sheet_data`, `numeric_messages` (column key →
    message for a number in that TEXT column, e.g. the NIP) and `import_closed` (where imports go)."""

    kolom: ClassVar[Sequence[Kolom]] = ()
    sheet_data: ClassVar[str] = ""
    numeric_messages: ClassVar[Mapping[str, str]] = {}
    import_closed: ClassVar[str] = ""

    def __init__(self, *, instansi, **kwargs):
        super().__init__(**kwargs)
        self.instansi = instansi

    def import_data(self, *args, **kwargs):
        raise NotImplementedError(self.import_closed)

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
                numeric_message=cls.numeric_messages.get(name, ""),
            )
            for name, header, required, kind, aliases, _help in cls.kolom
        ]

    @classmethod
    def widths(cls, lebar: Mapping[str, float], default: float) -> list[float]:
        return [lebar.get(name, default) for name, *_rest in cls.kolom]

    def export_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and rendered rows (labels, not codes), not yet escaped."""
        with translation.override("id"):
            dataset = self.export()
        return list(dataset.headers), [list(row) for row in dataset]


def export_csv(resource: SpreadsheetResource) -> bytes:
    headers, rows = resource.export_rows()
    return csv_write(headers, rows)


def export_xlsx(resource: SpreadsheetResource, *, widths: list[float], text_columns: Iterable[int]) -> bytes:
    headers, rows = resource.export_rows()
    return xlsx_write(
        [
            XlsxSheet(
                title=resource.sheet_data,
                headers=headers,
                rows=rows,
                widths=widths,
                text_columns=text_columns,
            )
        ]
    )


def template_xlsx(
    resource: SpreadsheetResource,
    *,
    widths: list[float],
    text_columns: Iterable[int],
    lists: dict[int, str],
    referensi: XlsxSheet,
    petunjuk: list[list[Any]],
    petunjuk_widths: list[float],
) -> bytes:
    """The empty import template: the data sheet (titles, a note per column, drop-downs from
    `lists`), the kind's `referensi` sheet, and "Petunjuk": every column, then the `petunjuk` lines."""
    kolom = resource.kolom
    notes = {
        index: ("Wajib. " if required else "Opsional. ") + help_text
        for index, (_name, _header, required, _kind, _aliases, help_text) in enumerate(kolom)
    }
    columns = [
        [header, "Ya" if required else "Tidak", help_text]
        for _name, header, required, _kind, _aliases, help_text in kolom
    ]
    return xlsx_write(
        [
            XlsxSheet(
                title=resource.sheet_data,
                headers=resource.get_export_headers(),
                widths=widths,
                text_columns=text_columns,
                lists=lists,
                notes=notes,
            ),
            referensi,
            XlsxSheet(
                title=SHEET_PETUNJUK,
                headers=["Kolom", "Wajib", "Isi"],
                rows=columns + petunjuk,
                widths=petunjuk_widths,
                freeze_header=False,
            ),
        ]
    )
