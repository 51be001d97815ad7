"""The Kemendagri region reference: bundled fixture, parser, loader, command and data migration."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.instansi.models import Wilayah
from apps.instansi.wilayah import (
    WilayahParseError,
    WilayahRow,
    wilayah_fixture_path,
    wilayah_load,
    wilayah_nama_normalise,
    wilayah_rows_parse,
)

# The expected content, written out independently of the CSV (provinces per Kepmendagri
# 100.1.1-6117/2022; the kab/kota codes per Kepmendagri 300.2.2-2138/2025, as fixtures/README.md
# describes them). The Kalimantan rows are listed in full: until 2026 19 of them carried BPS codes.
PROVINSI = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "Daerah Istimewa Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

KABKOTA_KALIMANTAN = {
    # Kalimantan Barat: 12 kabupaten + 2 kota
    "6101": ("Sambas", "kabupaten"),
    "6102": ("Mempawah", "kabupaten"),
    "6103": ("Sanggau", "kabupaten"),
    "6104": ("Ketapang", "kabupaten"),
    "6105": ("Sintang", "kabupaten"),
    "6106": ("Kapuas Hulu", "kabupaten"),
    "6107": ("Bengkayang", "kabupaten"),
    "6108": ("Landak", "kabupaten"),
    "6109": ("Sekadau", "kabupaten"),
    "6110": ("Melawi", "kabupaten"),
    "6111": ("Kayong Utara", "kabupaten"),
    "6112": ("Kubu Raya", "kabupaten"),
    "6171": ("Pontianak", "kota"),
    "6172": ("Singkawang", "kota"),
    # Kalimantan Tengah: 13 kabupaten + 1 kota
    "6201": ("Kotawaringin Barat", "kabupaten"),
    "6202": ("Kotawaringin Timur", "kabupaten"),
    "6203": ("Kapuas", "kabupaten"),
    "6204": ("Barito Selatan", "kabupaten"),
    "6205": ("Barito Utara", "kabupaten"),
    "6206": ("Katingan", "kabupaten"),
    "6207": ("Seruyan", "kabupaten"),
    "6208": ("Sukamara", "kabupaten"),
    "6209": ("Lamandau", "kabupaten"),
    "6210": ("Gunung Mas", "kabupaten"),
    "6211": ("Pulang Pisau", "kabupaten"),
    "6212": ("Murung Raya", "kabupaten"),
    "6213": ("Barito Timur", "kabupaten"),
    "6271": ("Palangka Raya", "kota"),
    # Kalimantan Timur: 7 kabupaten + 3 kota
    "6401": ("Paser", "kabupaten"),
    "6402": ("Kutai Kartanegara", "kabupaten"),
    "6403": ("Berau", "kabupaten"),
    "6407": ("Kutai Barat", "kabupaten"),
    "6408": ("Kutai Timur", "kabupaten"),
    "6409": ("Penajam Paser Utara", "kabupaten"),
    "6411": ("Mahakam Ulu", "kabupaten"),
    "6471": ("Balikpapan", "kota"),
    "6472": ("Samarinda", "kota"),
    "6474": ("Bontang", "kota"),
}

JUMLAH_WILAYAH = 38 + 514
# Regions of DUMP that no instansi uses: tests delete them to watch a load create them again.
DIHAPUS = ("1101", "3101", "3171")

DUMP = """\
11,ACEH
11.01,KAB. ACEH SELATAN
11.01.01,BAKONGAN
11.01.01.2001,KEUDE BAKONGAN
31,DKI JAKARTA
31.01,KAB. ADM. KEPULAUAN SERIBU
31.01.01,KEPULAUAN SERIBU UTARA
31.71,KOTA ADM. JAKARTA PUSAT
31.71.01.1001,GAMBIR
73,SULAWESI SELATAN
73.10,KABUPATEN PANGKAJENE DAN KEPULAUAN
72,SULAWESI TENGAH
72.04,"KAB. TOLI-TOLI"
62,KALIMANTAN TENGAH
62.02,KAB. KOTAWARINGIN TIMUR
62.71,KOTA PALANGKA RAYA
"""


def _fixture_rows() -> list[WilayahRow]:
    with wilayah_fixture_path().open(encoding="utf-8") as handle:
        return wilayah_rows_parse(lines=handle)


def _parse_error(lines: list[str]) -> WilayahParseError:
    with pytest.raises(WilayahParseError) as excinfo:
        wilayah_rows_parse(lines=lines)
    return excinfo.value


# --- Bundled fixture -------------------------------------------------------------------------------


def test_fixture_has_38_provinces_with_official_names():
    rows = _fixture_rows()
    provinsi = {row.kode: row.nama for row in rows if row.jenis == "provinsi"}
    assert provinsi == PROVINSI
    assert all(row.induk is None for row in rows if row.jenis == "provinsi")


def test_fixture_is_the_full_kemendagri_list():
    rows = _fixture_rows()
    provinsi = {row.kode for row in rows if row.jenis == "provinsi"}
    kabkota = [row for row in rows if row.jenis != "provinsi"]
    assert (len(provinsi), len(kabkota), len(rows)) == (38, 514, JUMLAH_WILAYAH)
    # Every kab/kota hangs on its own province: the one its code starts with, present in the file.
    assert all(row.induk == row.kode[:2] and row.induk in provinsi for row in kabkota)
    jenis = [row.jenis for row in kabkota]
    assert (jenis.count("kabupaten_administrasi"), jenis.count("kota_administrasi")) == (1, 5)
    assert all(row.induk == "31" for row in kabkota if row.jenis.endswith("_administrasi"))


def test_fixture_kalimantan_rows_carry_kemendagri_codes_not_bps():
    by_kode = {row.kode: (row.nama, row.jenis) for row in _fixture_rows()}
    kalimantan = {
        kode: value for kode, value in by_kode.items() if kode[:2] in {"61", "62", "64"} and len(kode) == 4
    }
    assert kalimantan == KABKOTA_KALIMANTAN
    # The old BPS-only codes of Kutai Timur and Berau are gone.
    assert "6404" not in by_kode
    assert "6405" not in by_kode


def test_fixture_spot_checks_and_no_fake_names():
    by_kode = {row.kode: row for row in _fixture_rows()}
    assert (by_kode["6271"].nama, by_kode["6271"].jenis, by_kode["6271"].induk) == (
        "Palangka Raya",
        "kota",
        "62",
    )
    assert (by_kode["6411"].nama, by_kode["6411"].jenis) == ("Mahakam Ulu", "kabupaten")
    assert by_kode["6206"].nama == "Katingan"
    assert by_kode["6474"].nama == "Bontang"
    spot = {
        "6402": ("Kutai Kartanegara", "kabupaten", "64"),
        "6403": ("Berau", "kabupaten", "64"),
        "6208": ("Sukamara", "kabupaten", "62"),
        "6107": ("Bengkayang", "kabupaten", "61"),
        "3171": ("Jakarta Pusat", "kota_administrasi", "31"),
        "3101": ("Kepulauan Seribu", "kabupaten_administrasi", "31"),
        # Kota Jayapura is 91.71 in Kemendagri (province 91 Papua); 94.71 is its BPS code, and 94 is
        # Papua Tengah in Kemendagri, which has no kota.
        "9171": ("Jayapura", "kota", "91"),
    }
    assert {kode: (by_kode[kode].nama, by_kode[kode].jenis, by_kode[kode].induk) for kode in spot} == spot
    assert "9471" not in by_kode
    names = " ".join(row.nama for row in by_kode.values())
    assert "Kualakapuas" not in names
    assert "Suku" not in names.split()


# --- Parser: Kemendagri dump format ----------------------------------------------------------------


def test_dump_format_is_parsed_and_normalised_and_deeper_levels_skipped():
    rows = wilayah_rows_parse(lines=DUMP.splitlines())
    got = {row.kode: (row.nama, row.jenis, row.induk) for row in rows}
    assert got == {
        "11": ("Aceh", "provinsi", None),
        "1101": ("Aceh Selatan", "kabupaten", "11"),
        "31": ("DKI Jakarta", "provinsi", None),
        "3101": ("Kepulauan Seribu", "kabupaten_administrasi", "31"),
        "3171": ("Jakarta Pusat", "kota_administrasi", "31"),
        "73": ("Sulawesi Selatan", "provinsi", None),
        "7310": ("Pangkajene dan Kepulauan", "kabupaten", "73"),
        "72": ("Sulawesi Tengah", "provinsi", None),
        "7204": ("Toli-Toli", "kabupaten", "72"),
        "62": ("Kalimantan Tengah", "provinsi", None),
        "6202": ("Kotawaringin Timur", "kabupaten", "62"),
        "6271": ("Palangka Raya", "kota", "62"),
    }
    assert rows.skipped == 4  # two kecamatan, two desa/kelurahan


def test_dump_format_prefix_variants_and_jenis_from_code():
    lines = [
        "\ufeff63,PROVINSI KALIMANTAN SELATAN",
        "63.02,KAB.KOTABARU",
        "63.03,KAB BANJAR",
        "63.71,BANJARMASIN",
        "63.10,TANAH BUMBU",
        "31,DKI JAKARTA",
        "31.72,KOTA ADMINISTRASI JAKARTA UTARA",
        "31.01,KABUPATEN ADMINISTRASI KEPULAUAN SERIBU",
        "34,DI YOGYAKARTA",
    ]
    got = {row.kode: (row.nama, row.jenis) for row in wilayah_rows_parse(lines=lines)}
    assert got == {
        "63": ("Kalimantan Selatan", "provinsi"),
        "6302": ("Kotabaru", "kabupaten"),
        "6303": ("Banjar", "kabupaten"),
        "6371": ("Banjarmasin", "kota"),
        "6310": ("Tanah Bumbu", "kabupaten"),
        "31": ("DKI Jakarta", "provinsi"),
        "3172": ("Jakarta Utara", "kota_administrasi"),
        "3101": ("Kepulauan Seribu", "kabupaten_administrasi"),
        "34": ("Daerah Istimewa Yogyakarta", "provinsi"),
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KALIMANTAN TENGAH", "Kalimantan Tengah"),
        ("DKI JAKARTA", "DKI Jakarta"),
        ("DAERAH ISTIMEWA YOGYAKARTA", "Daerah Istimewa Yogyakarta"),
        ("PANGKAJENE DAN KEPULAUAN", "Pangkajene dan Kepulauan"),
        ("TOLI-TOLI", "Toli-Toli"),
        ("  LIMA   PULUH KOTA ", "Lima Puluh Kota"),
    ],
)
def test_nama_normalise(raw, expected):
    assert wilayah_nama_normalise(nama=raw) == expected


# --- Parser: errors --------------------------------------------------------------------------------


def test_bad_lines_are_all_reported_with_line_numbers():
    error = _parse_error(
        [
            "kode,nama,jenis,induk",
            "62,Kalimantan Tengah,provinsi,",
            "6x01,Kotawaringin Barat,kabupaten,62",
            "6202,,kabupaten,62",
            "6203,Kapuas,kecamatan,62",
            "6204,Barito Selatan,kota,62",
            "6205,Barito Utara,kabupaten,63",
            "62,Kalimantan Tengah,provinsi,",
            "6206,Sukamara,kabupaten",
            "6271,Palangka Raya,kota,62",
        ]
    )
    assert error.line_numbers == [3, 4, 5, 6, 7, 8, 9]
    assert error.errors[0] == (
        "Baris 3: kode '6x01' bukan kode wilayah Kemendagri (2 angka untuk provinsi, 4 angka untuk kabupaten/kota)"
    )
    assert error.errors[1] == "Baris 4: nama kosong"
    assert "jenis 'kecamatan' tidak dikenal" in error.errors[2]
    assert "nomor kota mulai dari 71" in error.errors[3]
    assert "induk '63' tidak cocok" in error.errors[4]
    assert "ganda (sudah ada di baris 2)" in error.errors[5]
    assert "harus ada 4 kolom" in error.errors[6]
    assert str(error).startswith("Berkas wilayah tidak valid (7 kesalahan):\nBaris 3: ")


def test_bad_dump_lines_quote_the_code_as_written():
    error = _parse_error(
        [
            "62,KALIMANTAN TENGAH",
            "62.7a,KOTA PALANGKA RAYA",
            "62.71,KAB. PALANGKA RAYA",
            "62.05,KOTA BARITO UTARA",
            "62.02",
            "62.03,KAB. ",
        ]
    )
    assert error.line_numbers == [2, 3, 4, 5, 6]
    assert error.errors[0].startswith("Baris 2: kode '62.7a' bukan kode wilayah Kemendagri")
    assert "kode '62.71'" in error.errors[1]
    assert "kode '62.05'" in error.errors[2]
    assert error.errors[3] == "Baris 5: harus ada 2 kolom (kode,nama), ditemukan 1"
    assert error.errors[4] == "Baris 6: nama kosong"


def test_wrong_header_and_empty_file_are_rejected():
    assert _parse_error(["kode,nama,jenis", "62,Kalimantan Tengah,provinsi,"]).line_numbers == [1]
    assert "tidak berisi satu pun" in str(_parse_error(["", "62.01.01,KECAMATAN SAJA"]))


@pytest.mark.django_db
def test_kabkota_needs_its_province_in_the_file_or_the_database():
    # 62 is in the database (loaded by the migration), 99 is nowhere.
    rows = wilayah_rows_parse(lines=["62.71,KOTA PALANGKA RAYA"])
    assert [row.kode for row in rows] == ["6271"]

    error = _parse_error(["62.71,KOTA PALANGKA RAYA", "99.01,KAB. ENTAH"])
    assert error.errors == [
        "Baris 2: provinsi '99' untuk kode '9901' tidak ada di berkas maupun di basis data",
    ]


# --- Loader, migration, command ----------------------------------------------------------------------


@pytest.mark.django_db
def test_migration_loaded_the_bundled_rows():
    assert Wilayah.objects.count() == JUMLAH_WILAYAH
    loaded = {w.kode: (w.nama, w.jenis, w.induk.kode if w.induk else None) for w in Wilayah.objects.all()}
    assert {kode: nama for kode, (nama, _, _) in loaded.items() if len(kode) == 2} == PROVINSI
    assert loaded["6271"] == ("Palangka Raya", "kota", "62")
    assert str(Wilayah.objects.get(kode="6202")) == "Kabupaten Kotawaringin Timur"


@pytest.mark.django_db
def test_reload_is_idempotent_and_counts_changes():
    rows = _fixture_rows()
    assert wilayah_load(rows=rows).unchanged == JUMLAH_WILAYAH  # the migration loaded it already

    Wilayah.objects.filter(kode="6474").delete()
    Wilayah.objects.filter(kode="6206").update(nama="Kualakapuas")
    first = wilayah_load(rows=rows)
    assert (first.created, first.updated, first.unchanged) == (1, 1, JUMLAH_WILAYAH - 2)
    assert Wilayah.objects.get(kode="6206").nama == "Katingan"
    assert Wilayah.objects.get(kode="6474").induk == Wilayah.objects.get(kode="64")

    second = wilayah_load(rows=rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, JUMLAH_WILAYAH)


@pytest.mark.django_db
def test_dump_load_creates_administrative_regions_under_their_province():
    Wilayah.objects.filter(kode__in=DIHAPUS).delete()
    rows = wilayah_rows_parse(lines=DUMP.splitlines())
    first = wilayah_load(rows=rows)
    # The migration loaded all twelve; the three deleted above come back.
    assert (first.created, first.updated, first.unchanged) == (3, 0, 9)
    seribu = Wilayah.objects.get(kode="3101")
    assert (seribu.jenis, seribu.induk.kode, seribu.is_otonom) == ("kabupaten_administrasi", "31", False)
    assert str(Wilayah.objects.get(kode="3171")) == "Kota Administrasi Jakarta Pusat"

    second = wilayah_load(rows=rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 12)


@pytest.mark.django_db
def test_command_dry_run_writes_nothing(tmp_path):
    Wilayah.objects.filter(kode__in=DIHAPUS).delete()
    path = tmp_path / "kemendagri.csv"
    path.write_text(DUMP, encoding="utf-8")
    out = StringIO()
    call_command("load_wilayah", str(path), "--dry-run", stdout=out)
    output = out.getvalue()
    assert "12 baris wilayah (5 provinsi, 7 kabupaten/kota); 4 baris kecamatan/desa dilewati" in output
    assert "tidak ada yang disimpan" in output
    assert "dibuat 3, diperbarui 0, tidak berubah 9" in output
    assert Wilayah.objects.count() == JUMLAH_WILAYAH - 3
    assert not Wilayah.objects.filter(kode="3101").exists()

    out = StringIO()
    call_command("load_wilayah", str(path), stdout=out)
    assert "Selesai: dibuat 3, diperbarui 0, tidak berubah 9." in out.getvalue()
    assert Wilayah.objects.count() == JUMLAH_WILAYAH


@pytest.mark.django_db
def test_command_defaults_to_the_bundled_file():
    out = StringIO()
    call_command("load_wilayah", stdout=out)
    assert f"dibuat 0, diperbarui 0, tidak berubah {JUMLAH_WILAYAH}" in out.getvalue()


@pytest.mark.django_db
def test_command_fails_with_the_parse_errors(tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_text("62,KALIMANTAN TENGAH\n6x.01,KAB. X\n62.02,\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_wilayah", str(path), stdout=StringIO())
    message = str(excinfo.value)
    assert "Baris 2: kode '6x.01' bukan kode wilayah Kemendagri" in message
    assert "Baris 3: nama kosong" in message
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        call_command("load_wilayah", str(tmp_path / "tidak-ada.csv"), stdout=StringIO())
    assert Wilayah.objects.count() == JUMLAH_WILAYAH
