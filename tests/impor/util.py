"""Spreadsheet builders and fixtures shared by the asesmen/SKP import tests."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

SKP_HEADERS = ["NIP", "Nama", "Tahun", "Periode", "Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat"]
ASPEK_HEADERS = [
    "Kemampuan Intelektual",
    "Kemampuan Interpersonal",
    "Kesadaran Diri",
    "Berpikir Kritis dan Strategis",
    "Kemampuan Menyelesaikan Permasalahan",
    "Kecerdasan Emosional",
    "Motivasi dan Komitmen",
    "Kemauan Belajar",
]
ASESMEN_HEADERS = [
    "NIP",
    "Nama",
    "Tanggal Asesmen",
    "Metode",
    "Lembaga",
    "Nilai Potensi",
    "JPM",
    "Berlaku Sampai",
    *ASPEK_HEADERS,
]


def skp_row(nip: str, **changes) -> dict[str, object]:
    row = {
        "NIP": nip,
        "Nama": "Pegawai Uji",
        "Tahun": "2025",
        "Periode": "Tahunan",
        "Rating Hasil Kerja": "Sesuai Ekspektasi",
        "Rating Perilaku Kerja": "Sesuai Ekspektasi",
        "Predikat": "Baik",
    }
    row.update(changes)
    return row


def asesmen_row(nip: str, **changes) -> dict[str, object]:
    row = {
        "NIP": nip,
        "Nama": "Pegawai Uji",
        "Tanggal Asesmen": "17-08-2025",
        "Metode": "Assessment Center",
        "Lembaga": "UPT Penilaian Kompetensi BKD Provinsi",
        "Nilai Potensi": "77,50",
        "JPM": "92,31",
        "Berlaku Sampai": "",
    }
    row.update(changes)
    return row


def csv_bytes(rows: list[dict], headers: list[str], *, delimiter: str = ";") -> bytes:
    lines = [delimiter.join(headers)]
    for row in rows:
        cells = []
        for header in headers:
            value = "" if row.get(header) is None else str(row.get(header))
            if any(c in value for c in (delimiter, '"', "\n")):
                value = '"' + value.replace('"', '""') + '"'
            cells.append(value)
        lines.append(delimiter.join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows: list[dict], headers: list[str], *, title: str = "Data") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        values = []
        for header in headers:
            value = row.get(header)
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_read(data: bytes) -> dict[str, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}
