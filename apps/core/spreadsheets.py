"""Spreadsheets in and out: safe reading of uploaded CSV/XLSX, and exports that cannot run formulas.

Generic on purpose: the pegawai import uses it now, the asesmen and SKP imports later. An import
describes its columns (`Column`); `spreadsheet_read()` turns the uploaded bytes into rows of values
keyed by column, plus a list of cell problems (row, column, message), or refuses the whole file
with a `SpreadsheetError` a BKD clerk can act on.

Uploads are untrusted (OWASP ASVS V5). Before anything parses the content:

* the size is bounded (`Limits.max_bytes`);
* the type comes from the content, never the name: `PK\\x03\\x04` is an .xlsx candidate, anything
  else must be UTF-8 text (with or without BOM) to be read as CSV; PDFs, programs, images, old
  .xls and UTF-16 text are refused by name;
* an .xlsx is a zip: `zipfile` checks the entry count, the declared uncompressed size of every
  entry and of the whole archive, the compression ratio, symlink entries, path traversal names and
  macros *before* openpyxl opens it. Python's zipfile never inflates an entry past its declared
  size (a short read fails the CRC), so the declared sizes are a real bound for openpyxl too;
* the values are read by python-calamine (Rust, ~10x faster than openpyxl) only when every XML
  part is free of a DTD and every worksheet of formulas, Excel error cells, cells without an
  address and cells beyond the row and column limits (`_xlsx_plain`, a scan of the parts already
  bounded by the zip checks); any other workbook is read by openpyxl, which parses XML through
  defusedxml (entity expansion and external entities refused) and names each formula and error
  cell; this module refuses to load without defusedxml;
* formula cells are refused, named by cell ("Sel C5 berisi rumus; tempel sebagai nilai"): a formula
  in an openpyxl-written file has no cached value and would import as an empty cell without error,
  and a CSV cell starting with "=" becomes a live formula when the file is opened in Excel;
* a number or date in a text column is reported, never converted: a NIP typed into a General cell
  is already rounded (1.98609262015051E+17), a unit code "01.02" became the number 1.02.

Exports: `export_cell_escape()` prefixes a single quote to every text value (each line of a
multi-line value) that starts, after leading whitespace, with = + - @ or with a tab, carriage
return or NUL (OWASP "CSV injection"). django-import-export's own
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only deletes a leading "=" (and changes the data); it is
not used. `csv_write()` and `xlsx_write()` apply the escape to every text cell, headers included.
Reading strips that one quote again when it precedes a dangerous character, so an exported file
imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

try:  # openpyxl only parses XML safely when defusedxml is importable: make its absence loud.
    import defusedxml  # noqa: F401
except ImportError as missing:  # pragma: no cover - requirements.txt pins it
    raise ImproperlyConfigured(
        "defusedxml is required: openpyxl parses uploaded XML safely only when it is installed"
    ) from missing

__all__ = [
    "ANY",
    "CSV",
    "DATE",
    "TEXT",
    "XLSX",
    "CellError",
    "Column",
    "Limits",
    "Sheet",
    "SheetRow",
    "SpreadsheetError",
    "XlsxSheet",
    "column_letter",
    "csv_write",
    "export_cell_escape",
    "header_key",
    "spreadsheet_detect_format",
    "spreadsheet_read",
    "xlsx_write",
]

CSV = "csv"
XLSX = "xlsx"

# Column kinds: what a cell of the column may hold.
TEXT = "text"  # text only; numbers, dates and booleans are reported (they lost information)
DATE = "date"  # a date cell, an Excel day count (read as its date), or text the import parses
ANY = "any"  # passed through as read (text stripped)

MB = 1024 * 1024
# A date column whose cells lost their date format holds Excel's day counts (45292 = 01-01-2024).
# Only counts of plausible dates are read as dates; any other number in a date column is refused.
EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_SERIAL_FIRST = dt.date(1920, 1, 1)
DATE_SERIAL_LAST = dt.date(2099, 12, 31)
_SERIAL_TEXT = re.compile(r"^\d{1,6}(?:[.,]0+)?$")


@dataclass(frozen=True)
class Limits:
    """Bounds for one upload. Defaults fit a province of ~100,000 rows; settings may override them
    with a dict `SPREADSHEET_LIMITS` (same names)."""

    max_bytes: int = 20 * MB
    max_rows: int = 100_000
    max_columns: int = 100
    max_zip_entries: int = 250
    max_uncompressed_bytes: int = 200 * MB
    # Office files compress ~5–20x; a much higher ratio on a big entry is a decompression bomb.
    max_compression_ratio: int = 100
    ratio_checked_above: int = 1 * MB

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(**getattr(settings, "SPREADSHEET_LIMITS", {}))


class SpreadsheetError(ValidationError):
    """The whole file is refused (wrong type, too big, unreadable, no header, no rows...).
    `messages` lists every reason; `code` names the kind of refusal."""

    def __init__(self, message, code: str | None = None):
        super().__init__(message, code=code)
        self.code = code


@dataclass(frozen=True)
class Column:
    """One column an import understands.

    `header` is the canonical (Indonesian) title written in templates and exports; `aliases` are
    other titles accepted on import. Titles match ignoring case, spaces, underscores, hyphens, dots
    and a trailing "(...)" note, so "Tanggal_Lahir", "TANGGAL LAHIR" and "Tanggal lahir (HH-BB-TTTT)"
    are the same column. `numeric_message` replaces the generic message for a number found in a
    TEXT column (placeholders: %(sel)s, %(kolom)s, %(nilai)s).
    """

    key: str
    header: str
    required: bool = False
    kind: str = TEXT
    aliases: tuple[str, ...] = ()
    numeric_message: str = ""

    def match_keys(self) -> set[str]:
        return {header_key(self.header), header_key(self.key), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class CellError:
    """A problem with one cell (or one row when `column` is empty). `row` is the spreadsheet's own
    row number: the header is row 1, the first data row is row 2."""

    row: int
    column: str
    message: str
    cell: str = ""


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]  # column key -> str | date | other (ANY) | None, for columns in the file
    invalid: set[str] = field(default_factory=set)  # keys whose cell is already in Sheet.errors


@dataclass
class Sheet:
    format: str
    columns: list[Column]  # the known columns present in the file, in file order
    rows: list[SheetRow]
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def has_column(self, key: str) -> bool:
        return any(column.key == key for column in self.columns)


# --- helpers -----------------------------------------------------------------------------------------

_PAREN_NOTE = re.compile(r"\([^)]*\)\s*$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: object) -> str:
    """Normalised column title used for matching ("Tanggal_Lahir (HH-BB-TTTT)" → "tanggallahir")."""
    value = str(text or "").strip().lower()
    value = _PAREN_NOTE.sub("", value)
    return _NOT_ALNUM.sub("", value)


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA" (Excel's column names; CSV files open in Excel with the same names)."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- export escaping ---------------------------------------------------------------------------------

_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\0")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


def _escape_line(line: str) -> str:
    if line[:1] in _DANGEROUS_FIRST or line.lstrip()[:1] in _DANGEROUS_FIRST:
        return "'" + line
    return line


def export_cell_escape(value: Any) -> Any:
    """Neutralise a text value for a spreadsheet cell (OWASP ASVS 5.0 V1.2.10, "CSV injection").

    The value, and every line of a multi-line value, that starts (after leading whitespace) with
    = + - @ tab CR or NUL gets a single quote in front, so Excel/LibreOffice show it as text and
    never evaluate it. Values that are not text (dates, numbers, None) are returned unchanged: they
    cannot hold a formula.
    """
    if not isinstance(value, str) or not value:
        return value
    parts = _LINE_BREAK.split(value)
    for i in range(0, len(parts), 2):  # even items are lines, odd items the breaks between them
        parts[i] = _escape_line(parts[i])
    escaped = "".join(parts)
    if escaped[:1] in _DANGEROUS_FIRST:  # "\r=1": the first line is empty, the value starts with CR
        escaped = "'" + escaped
    return escaped


def _import_cell_unescape(value: str) -> str:
    """Undo `export_cell_escape`: "'+62 812" → "+62 812", so an export re-imports unchanged. Only a
    quote in front of a dangerous character (at the start of the value or of a line) is removed."""
    if "'" not in value:
        return value
    if value[:1] == "'" and value[1:2] in _DANGEROUS_FIRST:
        value = value[1:]
    parts = _LINE_BREAK.split(value)
    for i in range(0, len(parts), 2):
        line = parts[i]
        if line[:1] == "'" and (line[1:2] in _DANGEROUS_FIRST or line[1:].lstrip()[:1] in _DANGEROUS_FIRST):
            parts[i] = line[1:]
    return "".join(parts)


def csv_write(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> bytes:
    """UTF-8 CSV with a BOM (Excel then reads it as UTF-8), every text cell escaped.

    Dates are written as DD-MM-YYYY; other non-text values with str().
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([export_cell_escape(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    return export_cell_escape(str(value))


@dataclass
class XlsxSheet:
    """One worksheet for `xlsx_write`.

    `text_columns`: 0-based column indexes formatted as Text ("@") for the whole column, so what a
    clerk types later (a NIP, a code like 01.02) stays text. `lists`: 0-based column index → a
    range such as "Referensi!$A$2:$A$5" offered as a drop-down (a warning, not a block, when
    something else is typed). `notes`: 0-based column index → a comment on the header cell.
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]] = ()
    widths: Sequence[float] = ()
    text_columns: Sequence[int] = ()
    lists: dict[int, str] = field(default_factory=dict)
    list_rows: int = 10_000
    notes: dict[int, str] = field(default_factory=dict)
    freeze_header: bool = True


def xlsx_write(sheets: Sequence[XlsxSheet]) -> bytes:
    """A streaming (write-only) workbook: memory stays flat for 100,000-row exports. Every text
    cell is escaped; no cell is ever a formula."""
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    def clean(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", export_cell_escape(value))
        elif value is not None and not isinstance(value, int | float | Decimal | dt.date | bool):
            value = export_cell_escape(str(value))
        return value

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    for spec in sheets:
        ws = workbook.create_sheet(title=spec.title[:31])
        for index, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[column_letter(index)].width = width
        for index in spec.text_columns:
            ws.column_dimensions[column_letter(index + 1)].number_format = "@"
        for index, source in spec.lists.items():
            letter = column_letter(index + 1)
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                error=_("Nilai ini tidak ada di lembar Referensi."),
                errorTitle=_("Periksa nilai"),
            )
            validation.add(f"{letter}2:{letter}{spec.list_rows + 1}")
            ws.data_validations.append(validation)
        if spec.freeze_header:
            ws.freeze_panes = "A2"
        header_cells = []
        for index, header in enumerate(spec.headers):
            cell = WriteOnlyCell(ws, value=clean(str(header)))
            cell.font = bold
            cell.fill = fill
            if index in spec.notes:
                cell.comment = Comment(clean(spec.notes[index]), "Talenta")
            header_cells.append(cell)
        ws.append(header_cells)
        text_columns = set(spec.text_columns)
        for row in spec.rows:
            if text_columns:
                cells = []
                for index, value in enumerate(row):
                    cell = WriteOnlyCell(ws, value=clean(value))
                    if index in text_columns:
                        cell.number_format = "@"
                    cells.append(cell)
                ws.append(cells)
            else:
                ws.append([clean(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _openpyxl():
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False in the environment would switch it off
        raise ImproperlyConfigured("openpyxl must parse XML through defusedxml (unset OPENPYXL_DEFUSEDXML)")
    return openpyxl


# --- reading: type detection ------------------------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = [
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF87a", "gambar GIF"),
    (b"GIF89a", "gambar GIF"),
    (b"MZ", "program Windows (.exe)"),
    (b"\x7fELF", "program"),
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf\x27\x1c", "arsip 7-Zip"),
    (b"\x1f\x8b", "arsip gzip"),
    (b"PK\x05\x06", "arsip ZIP kosong"),
]


def _refuse_type(jenis: str) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Jenis berkas tidak didukung: isi berkas ini adalah %(jenis)s. Unggah berkas Excel (.xlsx) "
            "atau CSV; jenis berkas diperiksa dari isinya, bukan dari namanya."
        )
        % {"jenis": jenis},
        code="jenis_berkas",
    )


def spreadsheet_detect_format(data: bytes) -> str:
    """ "xlsx" or "csv", decided from the content. Raises SpreadsheetError for anything else."""
    if not data:
        raise SpreadsheetError(_("Berkas kosong (0 byte)."), code="kosong")
    if data.startswith(XLSX_MAGIC):
        return XLSX
    if data.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "Berkas ini format Excel lama (.xls) atau dilindungi kata sandi. Buka di Excel, hapus kata "
                "sandinya bila ada, lalu simpan sebagai Excel Workbook (.xlsx) atau CSV UTF-8."
            ),
            code="jenis_berkas",
        )
    head = data[:1024]
    for magic, jenis in _BINARY_MAGIC:
        if head.startswith(magic) and (magic != b"MZ" or b"\0" in head):
            raise _refuse_type(jenis)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(
            _(
                'Berkas teks ini berformat UTF-16 ("Unicode Text"). Simpan ulang dari Excel sebagai '
                '"CSV UTF-8 (Comma delimited)" atau sebagai .xlsx.'
            ),
            code="encoding",
        )
    if b"\0" in data:
        raise _refuse_type(_("berkas biner, bukan teks atau spreadsheet"))
    return CSV


# --- reading: guards ---------------------------------------------------------------------------------


def _zip_check(data: bytes, limits: Limits) -> None:
    """Everything about the archive is checked here, before openpyxl sees a byte of it."""
    rusak = SpreadsheetError(
        _("Berkas .xlsx rusak atau bukan buku kerja Excel. Simpan ulang dari Excel sebagai .xlsx."),
        code="xlsx_rusak",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise rusak from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise SpreadsheetError(
                _("Berkas .xlsx berisi %(n)s bagian; maksimal %(maks)s. Berkas ini tidak dibuka.")
                % {"n": len(entries), "maks": limits.max_zip_entries},
                code="zip_entri",
            )
        total = 0
        names = set()
        for entry in entries:
            name = entry.filename
            names.add(name)
            if stat.S_ISLNK(entry.external_attr >> 16):
                raise SpreadsheetError(
                    _("Berkas .xlsx berisi tautan simbolik (%(nama)s); berkas ini tidak dibuka.")
                    % {"nama": name[:100]},
                    code="zip_symlink",
                )
            if name.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", name) or ":" in name:
                raise SpreadsheetError(
                    _("Berkas .xlsx berisi nama bagian yang tidak sah (%(nama)s); berkas ini tidak dibuka.")
                    % {"nama": name[:100]},
                    code="zip_path",
                )
            if entry.flag_bits & 0x1:
                raise SpreadsheetError(
                    _("Berkas .xlsx terenkripsi; hapus kata sandinya lalu simpan ulang."), code="zip_enkripsi"
                )
            total += entry.file_size
            ratio_too_high = (
                entry.file_size > limits.ratio_checked_above
                and entry.file_size > limits.max_compression_ratio * max(entry.compress_size, 1)
            )
            if entry.file_size > limits.max_uncompressed_bytes or total > limits.max_uncompressed_bytes:
                raise SpreadsheetError(
                    _(
                        "Isi berkas .xlsx terlalu besar setelah diekstrak (lebih dari %(maks)s MB); berkas "
                        "ini tidak dibuka. Bagi data menjadi beberapa berkas."
                    )
                    % {"maks": limits.max_uncompressed_bytes // MB},
                    code="zip_ukuran",
                )
            if ratio_too_high:
                raise SpreadsheetError(
                    _(
                        "Berkas .xlsx dimampatkan secara tidak wajar (rasio lebih dari %(rasio)s:1) dan tidak "
                        "dibuka. Simpan ulang dari Excel."
                    )
                    % {"rasio": limits.max_compression_ratio},
                    code="zip_rasio",
                )
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise SpreadsheetError(
                _(
                    "Berkas ini arsip ZIP, tetapi bukan buku kerja Excel (.xlsx). Unggah berkas .xlsx atau CSV."
                ),
                code="jenis_berkas",
            )
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise SpreadsheetError(
                _("Berkas berisi makro (VBA). Simpan sebagai Excel Workbook (.xlsx) tanpa makro."),
                code="makro",
            )


# --- reading: raw cells ------------------------------------------------------------------------------


class _Formula:
    """A formula cell, whatever value the file caches for it (the cache is never used)."""

    __slots__ = ()


FORMULA = _Formula()


@dataclass(frozen=True)
class _ExcelError:
    """An Excel error value such as #N/A or #REF!."""

    value: Any


# Rows are lists of plain cell values (str, number, date, bool, None), with FORMULA and _ExcelError
# standing for the cells the reader refuses: no object per ordinary cell.


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                'Berkas CSV ini bukan UTF-8. Di Excel pilih Simpan Sebagai → "CSV UTF-8 (Comma '
                'delimited)", atau unggah .xlsx.'
            ),
            code="encoding",
        ) from None
    if re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:65536]):
        raise _refuse_type(_("berkas biner, bukan teks atau spreadsheet"))
    first_line = text[: text.find("\n")] if "\n" in text else text
    # Indonesian Excel writes ";" (the decimal separator is ","); tabs come from copy-paste.
    delimiter = max((";", ",", "\t"), key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise SpreadsheetError(
            _("Berkas CSV tidak dapat dibaca sekitar baris %(baris)s (%(sebab)s). Periksa tanda kutip.")
            % {"baris": reader.line_num, "sebab": error},
            code="csv_rusak",
        ) from None


def _unsafe_xml(error: BaseException) -> bool:
    """True if defusedxml refused the XML somewhere in the exception chain (openpyxl wraps parser
    errors in ValueError)."""
    from defusedxml import DefusedXmlException

    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 10:
        if isinstance(current, DefusedXmlException):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def _unreadable(error: BaseException, message: str) -> SpreadsheetError:
    if _unsafe_xml(error):
        return SpreadsheetError(
            _("Berkas .xlsx berisi XML yang tidak aman (DTD/entitas) dan tidak dibuka."),
            code="xml_tidak_aman",
        )
    return SpreadsheetError(message, code="xlsx_rusak")


def _xlsx_rows(data: bytes, limits: Limits, sheet_name: str | None) -> Iterator[list[Any]]:
    _zip_check(data, limits)
    _openpyxl()  # the fallback below must parse through defusedxml: refuse to run otherwise
    if _xlsx_plain(data, limits):
        return _calamine_rows(data, sheet_name)
    return _openpyxl_rows(data, sheet_name)


# What the scan looks for, as plain byte searches (a 100,000-row sheet is ~50 MB of XML): "<!" starts
# a DTD (also comments and CDATA, which only send a file to the slower reader); a spreadsheetml
# namespace bound to a prefix would hide "<x:f>" from the searches below.
_PREFIXED_MAIN = re.compile(rb"xmlns:[\w.-]+\s*=\s*[\"'][^\"']*spreadsheetml")
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,})\d')


def _xlsx_plain(data: bytes, limits: Limits) -> bool:
    """True if the fast reader (python-calamine) may read this workbook: no DTD in any XML part,
    and every worksheet holds only values (no formula, no error cell), each row and cell with its
    address, within the row and column limits (the fast reader builds the sheet's whole
    rectangle). Anything else, or anything written unusually, goes to openpyxl. The archive's
    sizes were checked by `_zip_check`; this reads each XML part once."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            name = entry.filename.lower()
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            content = archive.read(entry)
            if b"<!" in content:
                return False
            if not name.startswith("xl/worksheets/"):
                continue
            if (
                _PREFIXED_MAIN.search(content)
                or _FORMULA_TAG.search(content)
                or b'"e"' in content  # t="e": an Excel error value
                or b"'e'" in content
                or b"<c>" in content
                or b"<c/>" in content
                or b"<row>" in content
                or content.count(b"<c ") != content.count(b'<c r="')
                or content.count(b"<row ") != content.count(b'<row r="')
            ):
                return False
            rows = _ROW_NUMBER.findall(content)
            if rows and max(map(int, rows)) > 2 * limits.max_rows + 1000:
                return False
            for letters in _WIDE_CELL.findall(content):
                index = 0
                for letter in letters.decode():
                    index = index * 26 + ord(letter) - 64
                if index > limits.max_columns:
                    return False
    return True


def _calamine_value(value: Any) -> Any:
    if value == "" and type(value) is str:
        return None
    kind = type(value)
    if kind is float and value.is_integer() and abs(value) < 2**53:
        return int(value)  # as openpyxl reads <v>2025</v>: an int, not 2025.0
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)  # a date cell, as openpyxl reads it
    return value


def _calamine_rows(data: bytes, sheet_name: str | None) -> Iterator[list[Any]]:
    """Cell values through python-calamine (Rust): several times faster than openpyxl for the
    values of a workbook `_xlsx_plain` found free of formulas, errors and DTDs."""
    import python_calamine

    message = _("Berkas .xlsx rusak atau tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx.")
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [
            sheet.name
            for sheet in workbook.sheets_metadata
            if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        if not names:
            raise SpreadsheetError(_("Buku kerja tidak berisi lembar kerja."), code="kosong")
        # The whole rectangle from A1, so row numbers and cell names are the file's own.
        grid = workbook.get_sheet_by_name(sheet_name if sheet_name in names else names[0]).to_python(
            skip_empty_area=False
        )
    except SpreadsheetError:
        raise
    except Exception as error:  # any parser failure on untrusted content means "unreadable"
        raise _unreadable(error, message) from None
    value_of = _calamine_value
    for index in range(len(grid)):
        row = grid[index]
        grid[index] = None  # released as read
        yield [value_of(value) for value in row]


def _openpyxl_rows(data: bytes, sheet_name: str | None) -> Iterator[list[Any]]:
    openpyxl = _openpyxl()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # any parser failure on untrusted content means "unreadable"
        raise _unreadable(
            error, _("Berkas .xlsx rusak atau tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx.")
        ) from None
    try:
        worksheets = workbook.worksheets
        if not worksheets:
            raise SpreadsheetError(_("Buku kerja tidak berisi lembar kerja."), code="kosong")
        sheet = workbook[sheet_name] if sheet_name and sheet_name in workbook.sheetnames else worksheets[0]
        sheet.reset_dimensions()  # never trust the file's own <dimension>: read what is there
        try:
            for row in sheet.iter_rows():
                yield [
                    FORMULA
                    if cell.data_type == "f"
                    else _ExcelError(cell.value)
                    if cell.data_type == "e"
                    else cell.value
                    for cell in row
                ]
        except SpreadsheetError:
            raise
        except Exception as error:  # as above
            raise _unreadable(
                error, _("Lembar kerja tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx.")
            ) from None
    finally:
        workbook.close()


# --- reading: public entry point ---------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value).upper() if "e" in repr(value) else f"{value:g}"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def spreadsheet_read(
    data: bytes,
    *,
    columns: Sequence[Column],
    limits: Limits | None = None,
    sheet_name: str | None = None,
) -> Sheet:
    """Read an uploaded CSV or XLSX into rows keyed by `columns`.

    Raises SpreadsheetError when the file as a whole cannot be used; problems with single cells
    (formulas, numbers in text columns, values under an untitled column) are returned in
    `Sheet.errors` so every row's problems can be shown at once.
    """
    limits = limits or Limits.from_settings()
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            _(
                "Berkas terlalu besar (%(ukuran)s MB); maksimal %(maks)s MB. Bagi data menjadi beberapa berkas."
            )
            % {"ukuran": f"{len(data) / MB:.1f}", "maks": limits.max_bytes // MB},
            code="ukuran",
        )
    fmt = spreadsheet_detect_format(data)
    raw_rows = _xlsx_rows(data, limits, sheet_name) if fmt == XLSX else _csv_rows(data)

    try:
        header = next(raw_rows)
    except StopIteration:
        raise SpreadsheetError(
            _("Berkas kosong: tidak ada judul kolom maupun data."), code="kosong"
        ) from None
    if all(_is_empty(raw) for raw in header):
        raise SpreadsheetError(
            _("Baris 1 harus berisi judul kolom (mis. %(contoh)s); baris itu kosong.")
            % {"contoh": ", ".join(c.header for c in columns[:3])},
            code="tanpa_judul",
        )
    if len(header) > limits.max_columns and any(not _is_empty(r) for r in header[limits.max_columns :]):
        raise SpreadsheetError(
            _("Berkas berisi lebih dari %(maks)s kolom.") % {"maks": limits.max_columns}, code="kolom"
        )

    by_key: dict[str, Column] = {}
    for column in columns:
        for key in column.match_keys():
            by_key.setdefault(key, column)
    positions: dict[int, Column] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    problems: list[str] = []
    for index, value in enumerate(header[: limits.max_columns]):
        if value is FORMULA:
            problems.append(
                _("Sel %(sel)s berisi rumus; tempel sebagai nilai.") % {"sel": f"{column_letter(index + 1)}1"}
            )
            continue
        if isinstance(value, _ExcelError):
            value = value.value
        title = "" if value is None else str(value).strip()
        if not title:
            continue
        column = by_key.get(header_key(title))
        if column is None:
            unknown.append(title)
            continue
        if column.key in seen:
            problems.append(
                _('Kolom %(kolom)s muncul dua kali (judul "%(a)s" dan "%(b)s"); hapus salah satunya.')
                % {"kolom": column.header, "a": seen[column.key], "b": title}
            )
            continue
        seen[column.key] = title
        positions[index] = column
    missing = [column.header for column in columns if column.required and column.key not in seen]
    if missing:
        problems.append(
            _("Kolom wajib tidak ditemukan: %(daftar)s. Pakai judul kolom seperti pada templat.")
            % {"daftar": ", ".join(missing)}
        )
    if problems:
        raise SpreadsheetError(problems, code="judul")

    warnings = []
    if unknown:
        warnings.append(
            _("Kolom berikut tidak dikenal dan diabaikan: %(daftar)s.") % {"daftar": ", ".join(unknown)}
        )
    sheet = Sheet(
        format=fmt,
        columns=[positions[i] for i in sorted(positions)],
        rows=[],
        warnings=warnings,
    )
    header_width = len(header)
    serials: dict[str, list] = {}
    physical = 1
    for raw_row in raw_rows:
        physical += 1
        if physical > 2 * limits.max_rows + 1000:
            raise SpreadsheetError(
                _("Berkas berisi terlalu banyak baris; maksimal %(maks)s baris data.")
                % {"maks": f"{limits.max_rows:,}".replace(",", ".")},
                code="baris",
            )
        if all(_is_empty(raw) for raw in raw_row):
            continue
        if len(sheet.rows) >= limits.max_rows:
            raise SpreadsheetError(
                _("Berkas berisi lebih dari %(maks)s baris data; bagi menjadi beberapa berkas.")
                % {"maks": f"{limits.max_rows:,}".replace(",", ".")},
                code="baris",
            )
        sheet.rows.append(_read_row(physical, raw_row, positions, header_width, fmt, sheet.errors, serials))
    if not sheet.rows:
        raise SpreadsheetError(
            _("Berkas hanya berisi judul kolom, tanpa baris data. Isi data mulai baris 2."), code="tanpa_data"
        )
    for column in sheet.columns:
        if column.key in serials:
            count, number, value, date = serials[column.key]
            sheet.warnings.append(
                _(
                    "Kolom %(kolom)s: %(n)s sel berisi angka tanggal Excel (format tanggalnya hilang) dan "
                    "dibaca sebagai tanggal, mis. baris %(baris)s: %(nilai)s → %(tanggal)s. Periksa "
                    "tanggalnya sebelum menyimpan."
                )
                % {
                    "kolom": column.header,
                    "n": count,
                    "baris": number,
                    "nilai": value,
                    "tanggal": date.strftime("%d-%m-%Y"),
                }
            )
    return sheet


def _date_serial(value: Any) -> dt.date | None:
    """The date an Excel day count stands for, or None when it is not a whole count in range."""
    if isinstance(value, str):
        if not _SERIAL_TEXT.match(value):
            return None
        value = value.replace(",", ".")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    if not (DATE_SERIAL_FIRST - EXCEL_EPOCH).days <= number <= (DATE_SERIAL_LAST - EXCEL_EPOCH).days:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _date_serial_read(
    number: int,
    index: int,
    column: Column,
    value: Any,
    values: dict[str, Any],
    invalid: set[str],
    errors: list[CellError],
    serials: dict[str, list],
) -> None:
    """A day count in a date column: its date (counted for the column's warning), or an error."""
    date = _date_serial(value)
    if date is None:
        cell = _cell_name(index, number)
        invalid.add(column.key)
        errors.append(
            CellError(
                number,
                column.header,
                _(
                    "Sel %(sel)s (%(kolom)s) berisi angka %(nilai)s, bukan tanggal. Angka tanggal Excel hanya "
                    "dibaca untuk tanggal %(awal)s sampai %(akhir)s; tulis tanggal sebagai HH-BB-TTTT, mis. "
                    "26-09-1986."
                )
                % {
                    "sel": cell,
                    "kolom": column.header,
                    "nilai": _describe(value),
                    "awal": DATE_SERIAL_FIRST.strftime("%d-%m-%Y"),
                    "akhir": DATE_SERIAL_LAST.strftime("%d-%m-%Y"),
                },
                cell,
            )
        )
        return
    values[column.key] = date
    seen = serials.setdefault(column.key, [0, number, value, date])
    seen[0] += 1


def _read_row(
    number: int,
    raw_row: list[Any],
    positions: dict[int, Column],
    header_width: int,
    fmt: str,
    errors: list[CellError],
    serials: dict[str, list],
) -> SheetRow:
    values: dict[str, Any] = {column.key: None for column in positions.values()}
    invalid: set[str] = set()
    if fmt == CSV and len(raw_row) > header_width and any(not _is_empty(r) for r in raw_row[header_width:]):
        errors.append(
            CellError(
                number,
                "",
                _(
                    "Baris %(baris)s berisi %(n)s kolom, sedangkan judulnya %(judul)s kolom. Nilai yang "
                    "mengandung tanda pemisah (%(pemisah)s) harus diapit tanda kutip."
                )
                % {"baris": number, "n": len(raw_row), "judul": header_width, "pemisah": ", atau ;"},
            )
        )
    for index, value in enumerate(raw_row):
        column = positions.get(index)
        if column is None:
            if not _is_empty(value) and (fmt != CSV or index < header_width):
                cell = _cell_name(index, number)
                errors.append(
                    CellError(
                        number,
                        "",
                        _("Sel %(sel)s berisi nilai, tetapi kolomnya tidak berjudul atau tidak dikenal.")
                        % {"sel": cell},
                        cell,
                    )
                )
            continue
        if value is None:
            continue
        if type(value) is str:  # the common case first: no further checks, no cell name
            text = value.strip()
            if text[:1] == "=":
                _cell_refused(number, index, column, invalid, errors)
                continue
            if "'" in text:
                text = _import_cell_unescape(text)
            if column.kind == DATE and _SERIAL_TEXT.match(text):  # a day count written as text (CSV)
                _date_serial_read(number, index, column, text, values, invalid, errors, serials)
                continue
            values[column.key] = text or None
            continue
        if value is FORMULA:
            _cell_refused(number, index, column, invalid, errors)
            continue
        if isinstance(value, _ExcelError):
            cell = _cell_name(index, number)
            invalid.add(column.key)
            errors.append(
                CellError(
                    number,
                    column.header,
                    _("Sel %(sel)s berisi galat Excel (%(nilai)s); isi dengan nilai yang benar.")
                    % {"sel": cell, "nilai": value.value},
                    cell,
                )
            )
            continue
        if isinstance(value, str):  # a str subclass
            value = _import_cell_unescape(value.strip())
            values[column.key] = value or None
            continue
        if column.kind == ANY:
            values[column.key] = value
            continue
        cell = _cell_name(index, number)
        if column.kind == DATE:
            if isinstance(value, dt.datetime):
                values[column.key] = value.date()
                continue
            if isinstance(value, dt.date):
                values[column.key] = value
                continue
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                _date_serial_read(number, index, column, value, values, invalid, errors, serials)
                continue
            invalid.add(column.key)
            errors.append(
                CellError(
                    number,
                    column.header,
                    _(
                        "Sel %(sel)s (%(kolom)s) berisi %(nilai)s, bukan tanggal. Tulis tanggal sebagai "
                        "HH-BB-TTTT, mis. 26-09-1986."
                    )
                    % {"sel": cell, "kolom": column.header, "nilai": _describe(value)},
                    cell,
                )
            )
            continue
        # TEXT column holding a number, a date, a time or a boolean: information is already lost.
        params = {"sel": cell, "kolom": column.header, "nilai": _describe(value)}
        if isinstance(value, dt.date | dt.datetime | dt.time):
            message = _(
                "Sel %(sel)s (%(kolom)s) tersimpan sebagai tanggal (%(nilai)s), bukan teks. Format kolom "
                "%(kolom)s sebagai Teks di Excel lalu ketik ulang isinya."
            )
        elif column.numeric_message:
            message = str(column.numeric_message)
        else:
            message = _(
                "Sel %(sel)s (%(kolom)s) tersimpan sebagai angka (%(nilai)s), bukan teks. Format kolom "
                "%(kolom)s sebagai Teks di Excel lalu ketik ulang isinya."
            )
        invalid.add(column.key)
        errors.append(CellError(number, column.header, message % params, cell))
    return SheetRow(number=number, values=values, invalid=invalid)


def _cell_name(index: int, number: int) -> str:
    """The Excel name of a cell ("C5"), built only when a message needs it."""
    return f"{column_letter(index + 1)}{number}"


def _cell_refused(
    number: int, index: int, column: Column, invalid: set[str], errors: list[CellError]
) -> None:
    cell = _cell_name(index, number)
    invalid.add(column.key)
    errors.append(
        CellError(
            number, column.header, _("Sel %(sel)s berisi rumus; tempel sebagai nilai.") % {"sel": cell}, cell
        )
    )
