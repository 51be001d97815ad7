"""Fairness lenses (apps/nasional/keadilan.py): the test statistic against hand-computed cases,
small-cell suppression (never tested, never flagged), the instansi lens from placements (isolation,
fixed query count), the province/national lens as sums of summary rows, pages, exports and API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.nasional import selectors
from apps.nasional.keadilan import (
    METODE_CHI2,
    METODE_FISHER,
    PERANGKAT_DAERAH,
    keadilan_instansi,
    keadilan_wilayah,
    lensa_susun,
    uji_dua_proporsi,
)
from apps.nasional.kelompok import DIMENSI, kelompok_pendidikan, kelompok_usia, label_kelompok
from apps.nasional.models import RingkasanInstansi
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import periode_sekarang, tanggal_acuan_periode
from tests.factories import PegawaiFactory, PenempatanFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

PERIODE = periode_sekarang()


# --- the test statistic ---------------------------------------------------------------------------


def test_chi_square_with_yates_correction_equals_the_hand_computation():
    # 20 of 100 in the group are in the pool, 50 of 100 in the rest: every expected count is ≥ 5.
    hasil = uji_dua_proporsi(pool=20, n=100, pool_lain=50, n_lain=100)
    # Expected: 70 of 200 in the pool → 35 per row in the pool, 65 per row outside it.
    # Yates: Σ (|O − E| − ½)² / E, and |O − E| = 15 in every cell.
    statistik = (15 - 0.5) ** 2 * (1 / 35 + 1 / 35 + 1 / 65 + 1 / 65)
    assert statistik == pytest.approx(18.4835, abs=1e-4)
    # One degree of freedom: P(χ² ≥ x) = erfc(√(x/2)).
    p = math.erfc(math.sqrt(statistik / 2))
    assert hasil.metode == METODE_CHI2
    assert hasil.statistik == pytest.approx(statistik, rel=1e-9)
    assert hasil.p == pytest.approx(p, rel=1e-9)
    assert hasil.p < 0.05


def test_fisher_exact_for_small_expected_counts_equals_the_hand_computation():
    # 1 of 10 in the pool against 6 of 10: expected pool count per row is 3.5 < 5 → Fisher.
    hasil = uji_dua_proporsi(pool=1, n=10, pool_lain=6, n_lain=10)

    # Hypergeometric: 20 pegawai, 7 in the pool, 10 drawn into the group.
    def peluang(x: int) -> float:
        return math.comb(7, x) * math.comb(13, 10 - x) / math.comb(20, 10)

    teramati = peluang(1)
    # Two-sided: every table at most as likely as the one observed.
    p = sum(peluang(x) for x in range(0, 8) if peluang(x) <= teramati * (1 + 1e-7))
    assert hasil.metode == METODE_FISHER
    assert hasil.statistik is None
    assert hasil.p == pytest.approx(p, rel=1e-9)
    assert p == pytest.approx(0.0573, abs=1e-4)  # not significant at 0.05


def test_nobody_or_everybody_in_the_pool_is_not_a_difference():
    assert uji_dua_proporsi(pool=0, n=50, pool_lain=0, n_lain=80).p == pytest.approx(1.0)
    assert uji_dua_proporsi(pool=50, n=50, pool_lain=80, n_lain=80).p == pytest.approx(1.0)


# --- small cells -----------------------------------------------------------------------------------


def _grup(n, pool, kotak=None):
    return {"n": n, "pool": pool, "kotak": kotak or {}}


def test_a_small_group_shows_as_small_and_is_never_tested_nor_flagged():
    # 4 women, all in the pool, against 200 men of whom none is: as different as it gets, but 4 < 5.
    kelompok = {"jenis_kelamin": {"P": _grup(4, 4, {"9": 4}), "L": _grup(200, 0, {"5": 200})}}
    [dimensi] = lensa_susun(kelompok=kelompok, dimensi={"jenis_kelamin": "JK"}, label=label_kelompok, batas=5)
    by = {k.kode: k for k in dimensi.kelompok}
    perempuan, laki = by["P"], by["L"]
    assert (
        perempuan.kecil and perempuan.uji is None and not perempuan.berbeda and perempuan.persen_pool is None
    )
    # The men are hidden too: total minus men would be the women's figures.
    assert not laki.kecil and laki.pelengkap and laki.tersembunyi
    assert laki.uji is None and not laki.berbeda and laki.persen_pool is None
    assert dimensi.ditandai == []


def test_small_groups_under_the_threshold_together_hide_the_smallest_other_group():
    kelompok = {
        "usia": {"<30": _grup(2, 1), "30-39": _grup(2, 0), "40-49": _grup(40, 9), "50+": _grup(60, 3)}
    }
    [dimensi] = lensa_susun(kelompok=kelompok, dimensi={"usia": "U"}, label=label_kelompok, batas=5)
    by = {k.kode: k for k in dimensi.kelompok}
    assert by["40-49"].pelengkap and by["40-49"].uji is None  # 2 + 2 < 5: the smallest other group
    assert not by["50+"].tersembunyi and by["50+"].uji is not None  # its rest hides 4 + 40 together
    assert [k.kode for k in dimensi.kelompok if k.tersembunyi] == ["<30", "30-39", "40-49"]


def test_the_threshold_is_the_setting(settings):
    settings.NASIONAL_SEL_KECIL = 10
    kelompok = {"jenis_kelamin": {"P": _grup(8, 8), "L": _grup(200, 0)}}
    [dimensi] = lensa_susun(kelompok=kelompok, dimensi={"jenis_kelamin": "JK"}, label=label_kelompok)
    assert all(k.uji is None for k in dimensi.kelompok)
    settings.NASIONAL_SEL_KECIL = 5
    [dimensi] = lensa_susun(kelompok=kelompok, dimensi={"jenis_kelamin": "JK"}, label=label_kelompok)
    assert {k.kode for k in dimensi.ditandai} == {"P", "L"}


def test_a_rate_whose_pool_count_is_a_small_cell_is_not_shown_but_the_flag_is():
    # 60 pegawai with 2 in the pool against 200 with 100: 2 would be n × rate.
    kelompok = {"jenis_kelamin": {"P": _grup(60, 2), "L": _grup(200, 100)}}
    [dimensi] = lensa_susun(kelompok=kelompok, dimensi={"jenis_kelamin": "JK"}, label=label_kelompok, batas=5)
    by = {k.kode: k for k in dimensi.kelompok}
    assert by["P"].persen_pool is None and by["P"].berbeda and by["P"].arah == "rendah"
    assert by["L"].persen_lain is None  # the rest of L is P, whose pool count is small
    assert str(by["L"].persen_pool) == "50.0" and str(by["P"].persen_lain) == "50.0"


def test_a_large_group_with_a_different_rate_is_flagged_with_both_rates_and_sizes():
    kelompok = {
        "pendidikan": {
            "s2": _grup(100, 40),
            "sarjana": _grup(300, 30),
            "s3": _grup(3, 3),  # small: counted in the rest of the others, itself untested
            "diploma": _grup(2, 0),  # the two small groups together reach the threshold
        }
    }
    [dimensi] = lensa_susun(kelompok=kelompok, dimensi={"pendidikan": "P"}, label=label_kelompok, batas=5)
    by = {k.kode: k for k in dimensi.kelompok}
    assert [k.kode for k in dimensi.kelompok] == ["diploma", "sarjana", "s2", "s3"]  # PENDIDIKAN order
    s2 = by["s2"]
    assert s2.berbeda and s2.arah == "tinggi"
    assert (s2.n, s2.pool, s2.n_lain, s2.pool_lain) == (100, 40, 305, 33)
    assert str(s2.persen_pool) == "40.0" and str(s2.persen_lain) == "10.8"
    assert not any(k.pelengkap for k in dimensi.kelompok)
    assert by["sarjana"].berbeda and by["sarjana"].arah == "rendah"
    assert by["s3"].uji is None and not by["s3"].berbeda


# --- instansi lens from the placements ---------------------------------------------------------------


def _pegawai(instansi, *, unit=None, kotak=5, status=Penempatan.Status.FINAL, aktif=True, **kwargs):
    pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, aktif=aktif, **kwargs)
    PenempatanFactory(pegawai=pegawai, periode=PERIODE, kotak=kotak, status=status)
    return pegawai


@pytest.fixture
def data_a(instansi_a, instansi_b, unit_tree_a, unit_b):
    """Instansi A: 12 pegawai with final placements under Dinas Pendidikan (at every level of its
    tree), one in another perangkat daerah, one without a unit; plus a perlu-data placement and an
    inactive pegawai that never count. Instansi B: 30 pegawai who must never appear in A's lens."""
    dinas, bidang, seksi = unit_tree_a
    lain = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Perhubungan")
    with instansi_scope(instansi_a):
        for i in range(12):
            _pegawai(
                instansi_a,
                unit=(dinas, bidang, seksi)[i % 3],
                kotak=9 if i < 6 else 5,
                jenis_kelamin="P" if i < 6 else "L",
                pendidikan_terakhir="s2" if i < 6 else "s1",
            )
        _pegawai(instansi_a, unit=lain, kotak=8, jenis_kelamin="L", pendidikan_terakhir="d3")
        _pegawai(instansi_a, unit=None, kotak=1, jenis_kelamin="L", pendidikan_terakhir="")
        _pegawai(instansi_a, unit=dinas, kotak=None, status=Penempatan.Status.PERLU_DATA)
        _pegawai(instansi_a, unit=dinas, kotak=9, aktif=False)
    with instansi_scope(instansi_b):
        for _i in range(30):
            _pegawai(instansi_b, unit=unit_b, kotak=9, jenis_kelamin="P")
    return {"dinas": dinas, "lain": lain}


def _lensa_a(instansi_a):
    with instansi_scope(instansi_a):
        return keadilan_instansi(instansi=instansi_a, periode=PERIODE)


def test_instansi_lens_counts_final_placements_of_active_pegawai_by_every_dimension(instansi_a, data_a):
    lensa = _lensa_a(instansi_a)
    assert (lensa.n, lensa.pool) == (14, 7)  # 6 × box 9 + 1 × box 8 in the pool
    by = {d.kode: {k.kode: k for k in d.kelompok} for d in lensa.dimensi}
    assert set(by) == {*DIMENSI, PERANGKAT_DAERAH}
    for d in lensa.dimensi:
        assert d.n == 14, d.kode  # every dimension covers the same population
    assert (by["jenis_kelamin"]["P"].n, by["jenis_kelamin"]["P"].pool) == (6, 6)
    assert by["jenis_kelamin"]["P"].kotak == {"9": 6}
    assert (by["jenis_kelamin"]["L"].n, by["jenis_kelamin"]["L"].pool) == (8, 1)
    assert {k: v.n for k, v in by["pendidikan"].items()} == {
        "s2": 6,
        "sarjana": 6,
        "diploma": 1,
        "sma_ke_bawah": 1,
    }
    # Perangkat daerah: a seksi and a bidang count under their Dinas; no unit is its own group.
    pd = {k.label: k.n for k in by[PERANGKAT_DAERAH].values()}
    assert pd == {"Dinas Pendidikan": 12, "Dinas Perhubungan": 1, "Tanpa unit kerja": 1}
    assert str(data_a["dinas"].pk) in by[PERANGKAT_DAERAH]


def test_instansi_lens_never_counts_another_instansi(instansi_a, instansi_b, data_a):
    lensa = _lensa_a(instansi_a)
    assert lensa.n == 14
    with instansi_scope(instansi_b):
        lensa_b = keadilan_instansi(instansi=instansi_b, periode=PERIODE)
    assert (lensa_b.n, lensa_b.pool) == (30, 30)
    labels_b = {k.label for d in lensa_b.dimensi for k in d.kelompok}
    assert "Dinas Pendidikan" not in labels_b and "Dinas Perhubungan" not in labels_b
    assert "Dinas Kesehatan" in labels_b  # B's own unit


def test_instansi_lens_age_bands_agree_with_kelompok_usia(instansi_a):
    acuan = tanggal_acuan_periode(periode=PERIODE)
    lahir = [
        acuan.replace(year=acuan.year - 30),  # 30 today
        acuan.replace(year=acuan.year - 30) + dt.timedelta(days=1),  # 30 tomorrow
        acuan.replace(year=acuan.year - 40),
        acuan.replace(year=acuan.year - 50) + dt.timedelta(days=1),
        acuan.replace(year=acuan.year - 50),
        dt.date(1960, 1, 1),
    ]
    with instansi_scope(instansi_a):
        for tanggal in lahir:
            _pegawai(instansi_a, tanggal_lahir=tanggal)
        lensa = keadilan_instansi(instansi=instansi_a, periode=PERIODE)
    harapan: dict[str, int] = {}
    for tanggal in lahir:
        kode = kelompok_usia(tanggal_lahir=tanggal, acuan=acuan)
        harapan[kode] = harapan.get(kode, 0) + 1
    usia = next(d for d in lensa.dimensi if d.kode == "usia")
    assert {k.kode: k.n for k in usia.kelompok} == harapan
    assert harapan == {"30-39": 1, "<30": 1, "40-49": 2, "50+": 2}


def test_instansi_lens_reads_in_a_fixed_number_of_queries(
    instansi_a, unit_tree_a, django_assert_max_num_queries
):
    def tambah(jumlah):
        with instansi_scope(instansi_a):
            for i in range(jumlah):
                _pegawai(
                    instansi_a,
                    unit=unit_tree_a[i % 3],
                    kotak=1 + i % 9,
                    pendidikan_terakhir=("s1", "s2", "d3")[i % 3],
                )

    tambah(5)
    with django_assert_max_num_queries(2):
        _lensa_a(instansi_a)
    tambah(60)
    with django_assert_max_num_queries(2):
        assert _lensa_a(instansi_a).n == 65


def test_pendidikan_codes_follow_the_shared_grouping():
    assert kelompok_pendidikan("s1") == "sarjana" and kelompok_pendidikan("") == "sma_ke_bawah"


# --- province / national lens from the summary rows ------------------------------------------------


def _ringkasan(instansi, kelompok, *, periode=PERIODE):
    return RingkasanInstansi.objects.create(
        instansi=instansi, periode=periode, kelompok=kelompok, diperbarui_pada=timezone.now()
    )


def _kelompok(*, p, p_pool, l, l_pool):  # noqa: E741 (L: laki-laki)
    return {
        "jenis_kelamin": {
            "P": {"n": p, "pool": p_pool, "kotak": {"9": p_pool, "5": p - p_pool}},
            "L": {"n": l, "pool": l_pool, "kotak": {"9": l_pool, "5": l - l_pool}},
        },
        "usia": {
            "<30": {
                "n": p + l,
                "pool": p_pool + l_pool,
                "kotak": {"9": p_pool + l_pool, "5": p + l - p_pool - l_pool},
            }
        },
    }


@pytest.fixture
def ringkasan_tiga(instansi_a, instansi_b, instansi_c):
    """A and B in Kalimantan Tengah (62), C in Kalimantan Barat (61); one older period of A."""
    _ringkasan(instansi_a, _kelompok(p=3, p_pool=3, l=40, l_pool=4))
    _ringkasan(instansi_b, _kelompok(p=3, p_pool=3, l=60, l_pool=6))
    _ringkasan(instansi_c, _kelompok(p=100, p_pool=10, l=100, l_pool=10))
    _ringkasan(instansi_a, _kelompok(p=1000, p_pool=0, l=1000, l_pool=0), periode=PERIODE - 1)


def test_province_and_national_lens_are_the_sums_of_summary_rows(ringkasan_tiga, instansi_a):
    nasional = keadilan_wilayah(periode=PERIODE)
    jk = {k.kode: k for k in nasional.dimensi[0].kelompok}
    assert nasional.jumlah_instansi == 3
    assert (jk["P"].n, jk["P"].pool, jk["L"].n, jk["L"].pool) == (106, 16, 200, 20)
    assert jk["P"].kotak == {"9": 16, "5": 90}
    assert (nasional.n, nasional.pool) == (306, 36)
    assert not jk["P"].berbeda  # 15.1 % vs 10 %: not significant

    provinsi = keadilan_wilayah(periode=PERIODE, provinsi=instansi_a.provinsi)
    jk = {k.kode: k for k in provinsi.dimensi[0].kelompok}
    assert provinsi.jumlah_instansi == 2
    # Each instansi's 3 women are a small cell; summed, 6 women all in the pool is a flag.
    assert (jk["P"].n, jk["P"].pool, jk["L"].n, jk["L"].pool) == (6, 6, 100, 10)
    assert jk["P"].berbeda and jk["P"].arah == "tinggi" and jk["P"].uji.metode == METODE_FISHER


def test_an_inactive_instansi_is_not_summed(ringkasan_tiga, instansi_c):
    instansi_c.aktif = False
    instansi_c.save(update_fields=["aktif"])
    assert keadilan_wilayah(periode=PERIODE).jumlah_instansi == 2


def test_national_lens_reads_in_a_fixed_number_of_queries(
    ringkasan_tiga, instansi_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        keadilan_wilayah(periode=PERIODE)
    with django_assert_max_num_queries(2):
        keadilan_wilayah(periode=PERIODE, provinsi=instansi_a.provinsi)


def _jumlah_biasa(daftar):
    """An independent recount: the plain sum of several `kelompok` breakdowns."""
    jumlah = {}
    for kelompok in daftar:
        for dimensi, grup in kelompok.items():
            for kode, sel in grup.items():
                t = jumlah.setdefault(dimensi, {}).setdefault(kode, {"n": 0, "pool": 0, "kotak": {}})
                t["n"] += sel["n"]
                t["pool"] += sel["pool"]
                for k, v in sel["kotak"].items():
                    if v:
                        t["kotak"][k] = t["kotak"].get(k, 0) + v
    return jumlah


def test_the_database_sum_equals_a_plain_sum_of_random_rows(tenants):
    import random

    rng = random.Random(12)
    daftar = []
    for instansi in tenants:
        kelompok = {
            dimensi: {
                kode: {
                    "n": (n := rng.randint(0, 500)),
                    "pool": rng.randint(0, n),
                    "kotak": {str(k): rng.randint(0, 60) for k in range(1, 10) if rng.random() < 0.7},
                }
                for kode in rng.sample(["a", "b", "c", "d", "e"], rng.randint(1, 5))
            }
            for dimensi in DIMENSI
        }
        daftar.append(kelompok)
        _ringkasan(instansi, kelompok)
    _ringkasan(tenants[0], {"usia": {}}, periode=PERIODE - 1)  # another period: not summed
    jumlah = selectors.ringkasan_kelompok_jumlah(periode=PERIODE)
    assert jumlah.kelompok == _jumlah_biasa(daftar)
    assert jumlah.jumlah_instansi == 3
    provinsi = selectors.ringkasan_kelompok_jumlah(periode=PERIODE, provinsi=tenants[2].provinsi)
    assert provinsi.kelompok == _jumlah_biasa(daftar[2:])


# --- pages, exports, API ------------------------------------------------------------------------------


def test_instansi_page_shows_small_cells_and_never_another_instansi(login, admin_bkd_a, data_a):
    html = login(admin_bkd_a).get("/keadilan/").content.decode()
    assert "Dinas Pendidikan" in html and "Dinas Perhubungan" in html  # A's own units
    assert "&lt; 5" in html  # one pegawai in Dinas Perhubungan, one without a unit
    assert "Dinas Kesehatan" not in html  # instansi B's unit, where B's 30 pegawai sit
    assert "tidak diuji (sel kecil)" in html
    assert "Lensa Keadilan" in html


def test_instansi_page_flags_a_group_with_a_different_pool_rate(login, admin_bkd_a, instansi_a):
    with instansi_scope(instansi_a):
        for i in range(20):
            _pegawai(instansi_a, kotak=9 if i < 10 else 5, jenis_kelamin="P")
        for _i in range(20):
            _pegawai(instansi_a, kotak=5, jenis_kelamin="L")
    html = login(admin_bkd_a).get("/keadilan/").content.decode()
    assert "Kelompok yang berbeda signifikan" in html
    assert "lebih tinggi" in html and "lebih rendah" in html


def test_instansi_csv_export_suppresses_small_cells(login, admin_bkd_a, data_a):
    response = login(admin_bkd_a).get("/keadilan/ekspor.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Dimensi", "Kelompok", "Pegawai (penempatan final)"]
    perhubungan = next(r for r in body if r[1] == "Dinas Perhubungan")
    assert perhubungan[2] == "< 5" and all(cell in ("", "< 5") for cell in perhubungan[3:])
    # 1 + 1 pegawai in the two small groups: Dinas Pendidikan is hidden too, or 14 − 12 would tell.
    pendidikan = next(r for r in body if r[1] == "Dinas Pendidikan")
    assert pendidikan[2] == "disembunyikan" and all(cell == "" for cell in pendidikan[3:])
    perempuan = next(r for r in body if r[1] == "Perempuan")
    assert perempuan[2:5] == ["6", "6", "100.0"]


def test_national_page_and_xlsx_export(login, bkn_user, ringkasan_tiga):
    client = login(bkn_user)
    html = client.get("/nasional/keadilan/?provinsi=62").content.decode()
    assert "Kalimantan Tengah" in html and "ringkasan 2 instansi" in html
    response = client.get(f"/nasional/keadilan/ekspor.xlsx?provinsi=62&periode={PERIODE}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    perempuan = next(r for r in rows if r[1] == "Perempuan")
    assert perempuan[2] == 6 and perempuan[11] == "ya, lebih tinggi"
    assert client.get("/nasional/keadilan/?provinsi=99").status_code == 404


def test_national_page_defaults_to_the_latest_period_with_rows(login, bkn_user, instansi_a):
    _ringkasan(instansi_a, _kelompok(p=10, p_pool=1, l=10, l_pool=1), periode=PERIODE - 2)
    response = login(bkn_user).get("/nasional/keadilan/")
    assert response.context["periode"] == PERIODE - 2


def test_api_national_lens_reports_small_cells_as_null(api_login, bkn_user, ringkasan_tiga):
    data = api_login(bkn_user).get("/api/v1/nasional/keadilan/?provinsi=61").json()
    assert data["provinsi"] == "61" and data["jumlah_instansi"] == 1 and data["batas_sel_kecil"] == 5
    perempuan = next(r for r in data["kelompok"] if r["dimensi"] == "jenis_kelamin" and r["kelompok"] == "P")
    assert (perempuan["n"], perempuan["pool"], perempuan["uji"]) == (100, 10, "chi2")
    data = api_login(bkn_user).get("/api/v1/nasional/keadilan/").json()
    assert data["jumlah_instansi"] == 3


def test_api_instansi_lens_is_the_callers_own(api_login, admin_bkd_a, admin_bkd_b, instansi_a, data_a):
    data = api_login(admin_bkd_a).get("/api/v1/nasional/keadilan/instansi/").json()
    assert data["n"] == 14 and data["instansi"] == instansi_a.kode
    perhubungan = next(r for r in data["kelompok"] if r["kelompok_label"] == "Dinas Perhubungan")
    assert perhubungan["sel_kecil"] and perhubungan["n"] is None and perhubungan["p"] is None
    data_b = api_login(admin_bkd_b).get("/api/v1/nasional/keadilan/instansi/").json()
    assert data_b["n"] == 30
    assert "Dinas Pendidikan" not in str(data_b)


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.BKN, "/keadilan/", 403),
        (Role.VERIFIKATOR, "/keadilan/", 403),
        (Role.ASN, "/api/v1/nasional/keadilan/instansi/", 403),
        (Role.ADMIN_BKD, "/nasional/keadilan/", 403),
        (Role.PPK, "/keadilan/", 200),
        (Role.OPERATOR, "/nasional/keadilan/", 200),
    ],
)
def test_who_sees_which_lens(make_user, instansi_a, login, role, url, status):
    assert login(make_user(role, instansi_a)).get(url).status_code == status
