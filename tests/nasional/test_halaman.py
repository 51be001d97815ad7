"""BKN's pages and their exports: national → province → instansi from summary rows only.

Rows are written with RingkasanInstansiFactory (as the workers store them): the pages only read."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from apps.instansi.models import Wilayah
from apps.petatalenta.periode import periode_sekarang
from tests.assertions import assert_absent
from tests.factories import instansi_for
from tests.factories_nasional import RingkasanInstansiFactory

pytestmark = pytest.mark.django_db

SEKARANG = periode_sekarang()


def _tabel(html: str, kunci: str) -> list[list[str]]:
    """Body rows of the page's table `kunci` (section id="tabel-<kunci>") as plain-text cells."""
    bagian = re.search(rf'<section[^>]*id="tabel-{kunci}".*?</section>', html, flags=re.S)
    assert bagian, kunci
    tbody = re.search(r"<tbody>(.*?)</tbody>", bagian.group(0), flags=re.S)
    if not tbody:
        return []
    return [
        [unescape(strip_tags(c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", tbody.group(1), flags=re.S)
    ]


def _baris(html: str, kunci: str, pertama: str) -> list[str]:
    return next(r for r in _tabel(html, kunci) if r[0] == pertama)


@pytest.fixture
def ringkasan(instansi_a, instansi_b, instansi_c):
    """Two instansi in Kalimantan Tengah (62) and one in Kalimantan Barat (61), two periods."""
    rows = {
        "a": RingkasanInstansiFactory(instansi=instansi_a, jumlah_pegawai=100),
        "b": RingkasanInstansiFactory(
            instansi=instansi_b,
            jumlah_pegawai=250,
            jumlah_final=200,
            kotak_dihitung={"1": 10, "2": 20, "3": 20, "4": 30, "5": 50, "6": 20, "7": 20, "8": 20, "9": 10},
            kotak_ditetapkan={"9": 8, "5": 40},
            kelengkapan_rata="50.00",
            tahap_implementasi=4,
        ),
        "c": RingkasanInstansiFactory(instansi=instansi_c, jumlah_pegawai=40),
        "a_lalu": RingkasanInstansiFactory(instansi=instansi_a, periode=SEKARANG - 1, jumlah_pegawai=90),
    }
    return rows


def test_national_page_sums_instansi_rows_per_province_and_nation(login, bkn_user, ringkasan):
    response = login(bkn_user).get("/nasional/")
    assert response.status_code == 200
    html = response.content.decode()
    otonom_62 = Wilayah.objects.filter(induk__kode="62", jenis__in=["kabupaten", "kota"]).count() + 1
    baris_62 = _baris(html, "provinsi", "62")
    # kode, provinsi, daerah otonom, terdaftar, dengan ringkasan, pegawai, final, % final, …
    assert baris_62[:8] == ["62", "Kalimantan Tengah", str(otonom_62), "2", "2", "350", "280", "80,0"]
    assert _baris(html, "provinsi", "61")[3:7] == ["1", "1", "40", "80"]
    assert _baris(html, "provinsi", "11")[3:6] == ["0", "0", "0"]  # Aceh: nobody registered
    assert len(_tabel(html, "provinsi")) == Wilayah.objects.filter(jenis="provinsi").count()
    assert 'href="/nasional/provinsi/62/?periode=' in html
    # National figures are the sums of this period's rows only (not last period's 90).
    assert _baris(html, "ringkasan", "Pegawai aktif") == ["Pegawai aktif", "390"]
    # Box 5: 25 + 50 + 25 of 360 final placements; established boxes from the one penetapan.
    assert _baris(html, "kotak", "5")[2:] == ["100", "27,8", "40", "83,3"]
    # Completeness weighted by pegawai: (100×78.5 + 250×50 + 40×78.5) / 390.
    assert _baris(html, "ringkasan", "Rata-rata kelengkapan data (%)")[1] == "60,23"
    assert "Data per periode" in html and "diperbarui" in html


def test_trend_lists_every_period_with_rows(login, bkn_user, ringkasan):
    html = login(bkn_user).get("/nasional/").content.decode()
    tren = _tabel(html, "tren")
    assert [r[0] for r in tren] == [str(SEKARANG - 1), str(SEKARANG)]
    assert tren[0][1:3] == ["1", "90"]
    assert tren[1][1:3] == ["3", "390"]
    # Boxes summed from the JSON keys ("5" is a key, not an array index): 25 + 50 + 25.
    assert tren[1][12:21] == ["16", "30", "34", "50", "100", "36", "40", "34", "20"]
    assert 'data-grafik="garis"' in html and 'id="data-tren"' in html


def test_period_parameter_selects_the_rows(login, bkn_user, ringkasan):
    html = login(bkn_user).get(f"/nasional/?periode={SEKARANG - 1}").content.decode()
    assert _baris(html, "ringkasan", "Pegawai aktif") == ["Pegawai aktif", "90"]
    # An unknown period falls back to the latest one with rows.
    html = login(bkn_user).get("/nasional/?periode=1999").content.decode()
    assert _baris(html, "ringkasan", "Pegawai aktif") == ["Pegawai aktif", "390"]


def test_small_cells_show_as_less_than_five(login, bkn_user, instansi_a):
    RingkasanInstansiFactory(instansi=instansi_a)
    html = login(bkn_user).get("/nasional/instansi/6201/").content.decode()
    usia = _baris(html, "kelompok", "Kelompok usia")  # the first group: "<30", n = 3, pool 1
    assert usia[1] == "di bawah 30 tahun"
    assert usia[2:5] == ["< 5", "< 5", "—"]  # n, pool, and no pool rate for a small group
    assert "< 5" in usia[5:]
    laki = _baris(html, "kelompok", "Jenis kelamin")
    assert laki[2:5] == ["45", "12", "26,7"]
    pengawas = next(r for r in _tabel(html, "kelompok") if r[1] == "Pengawas")
    assert pengawas[2:5] == ["10", "< 5", "—"]  # 10 × 40 % would give the hidden pool count back


def test_province_page_lists_its_instansi_with_links_back_and_down(login, bkn_user, ringkasan, instansi_a):
    html = login(bkn_user).get("/nasional/provinsi/62/").content.decode()
    rows = _tabel(html, "instansi")
    assert [r[0] for r in rows] == ["6201", "6202"]
    assert rows[0][1] == instansi_a.nama
    assert rows[0][2:4] == ["100", "80"]
    assert f'href="/nasional/instansi/6201/?periode={SEKARANG}"' in html
    assert f'href="/nasional/?periode={SEKARANG}"' in html  # back to the nation
    assert _baris(html, "ringkasan", "Pegawai aktif") == ["Pegawai aktif", "350"]


def test_province_page_shows_registered_instansi_without_a_row(login, bkn_user, ringkasan):
    instansi_for("6271")  # Kota Palangka Raya: registered, not yet refreshed
    rows = _tabel(login(bkn_user).get("/nasional/provinsi/62/").content.decode(), "instansi")
    assert rows[-1][0] == "6271"
    assert rows[-1][-1] == "belum ada ringkasan"


def test_instansi_page_shows_its_rows_and_trend(login, bkn_user, ringkasan, instansi_a):
    response = login(bkn_user).get("/nasional/instansi/6201/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _baris(html, "ringkasan", "Pegawai aktif") == ["Pegawai aktif", "100"]
    assert _baris(html, "ringkasan", "Tahap implementasi (0–5)") == ["Tahap implementasi (0–5)", "2"]
    assert [r[0] for r in _tabel(html, "tren")] == [str(SEKARANG - 1), str(SEKARANG)]
    assert 'href="/nasional/provinsi/62/?periode=' in html
    assert _baris(html, "pengguna", "Admin BKD") == ["Admin BKD", "2"]


def test_unknown_codes_are_404(login, bkn_user, instansi_a):
    client = login(bkn_user)
    assert client.get("/nasional/provinsi/99/").status_code == 404
    assert client.get("/nasional/provinsi/6201/").status_code == 404  # a kabupaten, not a province
    assert client.get("/nasional/instansi/9999/").status_code == 404
    assert client.get("/nasional/instansi/6202/").status_code == 404  # a region without a tenant


def test_pages_without_rows_render(login, bkn_user, instansi_a):
    client = login(bkn_user)
    for path in ("/nasional/", "/nasional/provinsi/62/", "/nasional/instansi/6201/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "belum ada ringkasan yang dihitung" in response.content.decode()


def test_pages_are_refused_to_tenant_roles(login, admin_bkd_a):
    client = login(admin_bkd_a)
    for path in ("/nasional/", "/nasional/provinsi/62/", "/nasional/instansi/6201/", "/nasional/ekspor.csv"):
        assert client.get(path).status_code == 403, path


# --- exports -----------------------------------------------------------------------------------------


def test_csv_export_is_the_table_of_the_page(login, bkn_user, ringkasan):
    response = login(bkn_user).get("/nasional/provinsi/62/ekspor.csv?tabel=instansi")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"provinsi-62-{SEKARANG}-instansi.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kode", "Instansi", "Pegawai aktif"]
    assert [r[0] for r in rows[1:]] == ["6201", "6202"]
    assert rows[1][2] == "100"


def test_xlsx_export_without_table_holds_every_table(login, bkn_user, ringkasan):
    response = login(bkn_user).get("/nasional/ekspor.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[:3] == ["Per provinsi", "Angka utama", "Sebaran sembilan kotak"]
    kelompok = [list(r) for r in book["Rincian per kelompok"].iter_rows(values_only=True)]
    usia_muda = next(r for r in kelompok if r[1] == "di bawah 30 tahun")
    assert usia_muda[2:4] == [9, "< 5"]  # the nation: n = 3 + 3 + 3, pool 1 + 1 + 1

    response = login(bkn_user).get("/nasional/instansi/6201/ekspor.xlsx?tabel=kelompok")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Rincian per kelompok"]
    kelompok = [list(r) for r in book.active.iter_rows(values_only=True)]
    usia_muda = next(r for r in kelompok if r[1] == "di bawah 30 tahun")
    assert usia_muda[2:5] == ["< 5", "< 5", "—"]  # a small cell stays small in the file


def test_export_of_an_unknown_table_is_404(login, bkn_user, ringkasan):
    assert login(bkn_user).get("/nasional/instansi/6201/ekspor.csv?tabel=tidak-ada").status_code == 404


# --- fixed query count -------------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_instansi(login, bkn_user):
    client = login(bkn_user)
    client.get("/nasional/")  # warm the session and caches
    kode = ["6201", "6202", "6203", "6204", "6205", "6206", "6207", "6208", "6209", "6210", "6211", "6212"]
    for k in kode[:2]:
        _dua_periode(instansi_for(k))
    kecil = {
        p: _queries(client, p) for p in ("/nasional/", "/nasional/provinsi/62/", "/nasional/ekspor.xlsx")
    }
    for k in kode[2:]:
        _dua_periode(instansi_for(k))
    besar = {p: _queries(client, p) for p in kecil}
    assert besar == kecil
    # session and user, periods, the cache stamp (2), 6 for the rollup on a miss, the trend
    assert kecil["/nasional/"] <= 16


def _dua_periode(instansi) -> None:
    RingkasanInstansiFactory(instansi=instansi)
    RingkasanInstansiFactory(instansi=instansi, periode=SEKARANG - 1)


# --- API ---------------------------------------------------------------------------------------------


def test_api_rekap_is_the_sum_of_instansi_rows(api_login, bkn_user, ringkasan):
    body = api_login(bkn_user).get("/api/v1/nasional/rekap/").json()
    assert body["periode"] == SEKARANG
    assert body["periode_tersedia"] == [SEKARANG, SEKARANG - 1]
    assert body["total"]["jumlah_pegawai"] == 390
    assert body["total"]["jumlah_instansi"] == 3
    assert body["total"]["kotak_dihitung"]["5"] == 100
    assert body["total"]["kotak_ditetapkan"]["9"] == 8
    assert body["total"]["kelengkapan_rata"] == "60.23"
    kalteng = next(p for p in body["provinsi"] if p["provinsi"]["kode"] == "62")
    assert kalteng["jumlah_instansi"] == 2
    assert kalteng["rekap"]["jumlah_pegawai"] == 350
    assert sum(p["rekap"]["jumlah_pegawai"] for p in body["provinsi"]) == 390


def test_api_province_and_instansi(api_login, bkn_user, ringkasan):
    api = api_login(bkn_user)
    body = api.get("/api/v1/nasional/provinsi/62/").json()
    assert [i["instansi"]["kode"] for i in body["instansi"]] == ["6201", "6202"]
    assert body["total"]["jumlah_pegawai"] == 350
    body = api.get(f"/api/v1/nasional/instansi/6201/?periode={SEKARANG - 1}").json()
    assert body["periode"] == SEKARANG - 1
    assert body["rekap"]["jumlah_pegawai"] == 90
    assert body["provinsi"] == {"kode": "62", "nama": "Kalimantan Tengah"}
    assert [t["periode"] for t in body["tren"]] == [SEKARANG - 1, SEKARANG]
    # Breakdowns per group follow the small-cell rule in the API too.
    assert body["rekap"]["kelompok"]["usia"]["<30"]["n"] == "< 5"
    assert body["rekap"]["kelompok"]["jenis_kelamin"]["L"]["n"] == 45
    assert api.get("/api/v1/nasional/provinsi/6201/").status_code == 404
    assert api.get("/api/v1/nasional/instansi/6271/").status_code == 404  # no tenant there


def test_api_ringkasan_lists_one_period(api_login, bkn_user, ringkasan):
    api = api_login(bkn_user)
    body = api.get("/api/v1/nasional/ringkasan/").json()
    rows = body["results"]
    assert body["count"] == 3 and body["next"] is None
    assert sorted(r["kode"] for r in rows) == ["6101", "6201", "6202"]
    assert {r["periode"] for r in rows} == {SEKARANG}
    rows = api.get(f"/api/v1/nasional/ringkasan/?periode={SEKARANG - 1}").json()["results"]
    assert [(r["kode"], r["jumlah_pegawai"]) for r in rows] == [("6201", 90)]
    assert rows[0]["kelompok"]["pendidikan"]["sma_ke_bawah"]["pool"] == 0


def test_api_ringkasan_is_paged_in_instansi_code_order(api_login, bkn_user, ringkasan):
    api = api_login(bkn_user)
    first = api.get("/api/v1/nasional/ringkasan/?page_size=2").json()
    assert first["count"] == 3 and [r["kode"] for r in first["results"]] == ["6101", "6201"]
    second = api.get(first["next"]).json()
    assert [r["kode"] for r in second["results"]] == ["6202"] and second["next"] is None
    assert api.get("/api/v1/nasional/ringkasan/?page=9").status_code == 404


def test_api_is_refused_to_tenant_roles(api_login, admin_bkd_a, ringkasan):
    api = api_login(admin_bkd_a)
    for path in ("rekap/", "provinsi/62/", "instansi/6201/", "ringkasan/"):
        assert api.get(f"/api/v1/nasional/{path}").status_code == 403, path


def test_api_query_count_does_not_grow_with_the_number_of_instansi(api_login, bkn_user):
    api = api_login(bkn_user)
    paths = ("/api/v1/nasional/rekap/", "/api/v1/nasional/provinsi/62/", "/api/v1/nasional/ringkasan/")
    for k in ("6201", "6202"):
        _dua_periode(instansi_for(k))
    kecil = {p: _queries(api, p) for p in paths}
    for k in ("6203", "6204", "6205", "6206", "6207"):
        _dua_periode(instansi_for(k))
    assert {p: _queries(api, p) for p in paths} == kecil


# --- no personal data ----------------------------------------------------------------------------------


def test_pages_exports_and_api_show_no_name_or_nip(login, api_login, bkn_user, make_user, instansi_a):
    """Pegawai and users with distinctive names, refreshed through the real service: nothing of
    them reaches BKN's pages, files or API (the full crawl of every route is test_tanpa_data_pribadi)."""
    from apps.core.roles import Role
    from apps.core.tenancy import instansi_scope
    from apps.nasional.services import ringkasan_refresh
    from tests.factories import PegawaiFactory

    with instansi_scope(instansi_a):
        pegawai = PegawaiFactory(instansi=instansi_a, nama="Sekarwangi Wiratmadjaningrat")
    make_user(Role.ASN, instansi_a, username="asn.rahasia", first_name="Pramudyawardhani", last_name="Kusumo")
    with instansi_scope(instansi_a):
        ringkasan_refresh(instansi=instansi_a)
    nip = pegawai.nip
    rahasia = ["Sekarwangi", "Wiratmadjaningrat", "Pramudyawardhani", "asn.rahasia", nip]
    rahasia.append(f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")  # the spaced display form
    client, api = login(bkn_user), api_login(bkn_user)
    for path in (
        "/nasional/",
        "/nasional/provinsi/62/",
        "/nasional/instansi/6201/",
        "/nasional/ekspor.csv",
        "/nasional/provinsi/62/ekspor.csv?tabel=instansi",
        "/nasional/instansi/6201/ekspor.csv?tabel=pengguna",
    ):
        assert_absent(client.get(path), *rahasia)
    for path in (
        "/nasional/ekspor.xlsx",
        "/nasional/provinsi/62/ekspor.xlsx",
        "/nasional/instansi/6201/ekspor.xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        teks = " ".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
        for text in rahasia:
            assert text not in teks, (path, text)
    for path in ("rekap/", "provinsi/62/", "instansi/6201/", "ringkasan/"):
        assert_absent(api.get(f"/api/v1/nasional/{path}"), *rahasia)


def test_the_national_rollup_is_summed_once_per_state_of_its_rows(ringkasan, instansi_c):
    from django.utils import timezone

    from apps.core.tenancy import scopes_disabled
    from apps.nasional import selectors

    pertama = selectors.rekap_nasional(periode=SEKARANG)
    with CaptureQueriesContext(connection) as captured:
        lagi = selectors.rekap_nasional(periode=SEKARANG)
    assert len(captured.captured_queries) == 2  # the stamp only
    assert lagi.total.jumlah == pertama.total.jumlah
    # A refresh of one row is seen at the next request.
    row = ringkasan["a"]
    with scopes_disabled():
        row.jumlah_pegawai += 7
        row.diperbarui_pada = timezone.now()
        row.save()
    sesudah = selectors.rekap_nasional(periode=SEKARANG)
    assert sesudah.total.jumlah["jumlah_pegawai"] == pertama.total.jumlah["jumlah_pegawai"] + 7
    # So is an instansi leaving the platform, without any row changing.
    instansi_c.aktif = False
    instansi_c.save()
    tanpa_c = selectors.rekap_nasional(periode=SEKARANG)
    assert tanpa_c.total.jumlah_instansi == sesudah.total.jumlah_instansi - 1
