"""Coverage of asesmen and SKP: share of active pegawai with a valid asesmen today and with an annual
SKP for last year, per unit (rolled up through the tree), per perangkat daerah and per instansi.
Expired asesmen, quarterly SKP, inactive pegawai, other years and anything of another instansi never
count; the figures take a fixed number of queries whatever the number of pegawai."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.permissions import role_has_permission
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.selectors_cakupan import Cakupan, cakupan_ringkasan
from tests.factories import AsesmenFactory, PegawaiFactory, SKPFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)  # last year, for SKP: 2025
# An asesmen valid on TODAY.
DIUJI, BERLAKU = dt.date(2025, 8, 17), dt.date(2028, 8, 17)


@pytest.fixture
def data(instansi_a, instansi_b, unit_tree_a, unit_b):
    dinas, bidang, seksi = unit_tree_a
    rsud = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="RSUD")
    kosong = UnitKerjaFactory(instansi=instansi_a, kode="A.03", nama="Dinas Tanpa Pegawai")
    p1 = PegawaiFactory(instansi=instansi_a, unit_kerja=seksi)
    AsesmenFactory(pegawai=p1, tanggal=DIUJI, berlaku_sampai=BERLAKU)
    SKPFactory(pegawai=p1, tahun=2025)
    p2 = PegawaiFactory(instansi=instansi_a, unit_kerja=bidang)
    AsesmenFactory(pegawai=p2, tanggal=dt.date(2020, 1, 10), berlaku_sampai=dt.date(2023, 1, 10))  # expired
    for triwulan in ("tw1", "tw2", "tw3", "tw4"):
        SKPFactory(pegawai=p2, tahun=2025, periode=triwulan)  # quarterly only: not an annual SKP
    p3 = PegawaiFactory(instansi=instansi_a, unit_kerja=dinas)
    AsesmenFactory(
        pegawai=p3, tanggal=dt.date(2020, 1, 10), berlaku_sampai=dt.date(2023, 1, 10)
    )  # an old, expired one…
    AsesmenFactory(
        pegawai=p3, tanggal=dt.date(2024, 2, 1), berlaku_sampai=dt.date(2027, 2, 1)
    )  # …and a valid one
    SKPFactory(pegawai=p3, tahun=2024)  # two years ago: not last year
    SKPFactory(pegawai=p3, tahun=2026)  # this year: not last year either
    p4 = PegawaiFactory(instansi=instansi_a, unit_kerja=rsud)
    AsesmenFactory(pegawai=p4, tanggal=dt.date(2023, 11, 22), berlaku_sampai=TODAY)  # the last valid day
    SKPFactory(pegawai=p4, tahun=2025)
    p5 = PegawaiFactory(instansi=instansi_a, unit_kerja=None)
    AsesmenFactory(pegawai=p5, tanggal=DIUJI, berlaku_sampai=BERLAKU)
    nonaktif = PegawaiFactory(instansi=instansi_a, unit_kerja=seksi, aktif=False)
    AsesmenFactory(pegawai=nonaktif, tanggal=DIUJI, berlaku_sampai=BERLAKU)
    SKPFactory(pegawai=nonaktif, tahun=2025)
    # Another instansi's pegawai, with everything: never counted in A.
    rahasia = PegawaiFactory(instansi=instansi_b, unit_kerja=unit_b)
    AsesmenFactory(pegawai=rahasia, tanggal=DIUJI, berlaku_sampai=BERLAKU)
    SKPFactory(pegawai=rahasia, tahun=2025)
    # A pegawai who moved from A to B: A's results stay with A, but the person is B's now.
    pindah = PegawaiFactory(instansi=instansi_b, unit_kerja=unit_b)
    AsesmenFactory(pegawai=pindah, tanggal=DIUJI, berlaku_sampai=BERLAKU, instansi=instansi_a)
    SKPFactory(pegawai=pindah, tahun=2025, instansi=instansi_a)
    # A pegawai who came from B to A: B's results stay with B and do not count in A.
    datang = PegawaiFactory(instansi=instansi_a, unit_kerja=rsud)
    AsesmenFactory(pegawai=datang, tanggal=DIUJI, berlaku_sampai=BERLAKU, instansi=instansi_b)
    SKPFactory(pegawai=datang, tahun=2025, instansi=instansi_b)
    return {"dinas": dinas, "bidang": bidang, "seksi": seksi, "rsud": rsud, "kosong": kosong}


def ringkasan(instansi, today=TODAY):
    with instansi_scope(instansi):
        return cakupan_ringkasan(instansi=instansi, today=today)


def test_coverage_arithmetic(instansi_a, data):
    r = ringkasan(instansi_a)
    assert r.tahun_skp == 2025 and r.tanggal == TODAY
    # p1, p2, p3, p4, p5 and the newcomer; valid asesmen: p1, p3, p4, p5; annual SKP 2025: p1, p4.
    assert r.instansi == Cakupan(jumlah=6, asesmen_valid=4, skp_tahunan=2)
    assert (r.instansi.persen_asesmen, r.instansi.persen_skp) == (66.7, 33.3)
    assert r.tanpa_unit == Cakupan(1, 1, 0)
    per = {row.unit.pk: row for row in r.per_unit.values()}
    assert per[data["seksi"].pk].total == Cakupan(1, 1, 1)
    assert per[data["bidang"].pk].langsung == Cakupan(1, 0, 0)
    assert per[data["bidang"].pk].total == Cakupan(2, 1, 1)
    assert per[data["dinas"].pk].total == Cakupan(3, 2, 1)  # rolled up through bidang and seksi
    assert per[data["rsud"].pk].total == Cakupan(2, 1, 1)
    assert per[data["kosong"].pk].total == Cakupan(0, 0, 0)
    assert per[data["kosong"].pk].total.persen_asesmen is None
    assert [row.unit.nama for row in r.perangkat_daerah] == [
        "Dinas Pendidikan",
        "RSUD",
        "Dinas Tanpa Pegawai",
    ]
    assert [row.unit.pk for row in per[data["dinas"].pk].rincian()] == [data["bidang"].pk, data["seksi"].pk]
    assert [row.kedalaman for row in per[data["dinas"].pk].rincian()] == [1, 2]


def test_other_instansi_counts_only_its_own(instansi_b, data):
    # B: the foreign pegawai (everything, by B) and the one who moved in (A's results stay in A).
    assert ringkasan(instansi_b).instansi == Cakupan(jumlah=2, asesmen_valid=1, skp_tahunan=1)


def test_last_year_follows_today_and_validity_is_judged_on_today(instansi_a, data):
    early = ringkasan(instansi_a, today=dt.date(2026, 1, 2))
    assert early.tahun_skp == 2025
    assert early.instansi.skp_tahunan == 2
    next_year = ringkasan(instansi_a, today=dt.date(2027, 1, 5))
    assert next_year.tahun_skp == 2026
    # SKP 2026 annual: only p3. Valid on 5 January 2027: p1 and p5 (until 2028); p3's ended on
    # 1 February 2027 so it still counts; p4's ended on 22 November 2026.
    assert next_year.instansi == Cakupan(jumlah=6, asesmen_valid=3, skp_tahunan=1)
    before = ringkasan(instansi_a, today=dt.date(2025, 1, 1))
    # Nothing taken after that day counts as valid yet (p1, p5 were assessed in August 2025).
    assert before.instansi.asesmen_valid == 2  # p3 (2024) and p4 (2023)


def test_the_day_after_the_validity_end_it_no_longer_counts(instansi_a, data):
    assert ringkasan(instansi_a, today=TODAY + dt.timedelta(days=1)).instansi.asesmen_valid == 3


def _grow(instansi, units, n):
    for i in range(n):
        p = PegawaiFactory(instansi=instansi, unit_kerja=units[i % len(units)])
        if i % 2:
            AsesmenFactory(pegawai=p)
        if i % 3:
            SKPFactory(pegawai=p)


def test_selector_query_count_is_fixed(instansi_a, unit_tree_a, django_assert_max_num_queries):
    units = list(unit_tree_a)
    _grow(instansi_a, units, 5)
    with django_assert_max_num_queries(2):
        small = ringkasan(instansi_a, today=dt.date.today())
    _grow(instansi_a, units, 35)
    with django_assert_max_num_queries(2):
        large = ringkasan(instansi_a, today=dt.date.today())
    assert (small.instansi.jumlah, large.instansi.jumlah) == (5, 40)


def test_page_query_count_does_not_grow_with_pegawai(
    login, admin_bkd_a, instansi_a, unit_tree_a, django_assert_max_num_queries
):
    client = login(admin_bkd_a)
    units = list(unit_tree_a)
    _grow(instansi_a, units, 5)
    with django_assert_max_num_queries(15) as small:
        assert client.get("/cakupan/").status_code == 200
    _grow(instansi_a, units, 35)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/cakupan/")
    assert response.context["ringkasan"].instansi.jumlah == 40


def test_page_shows_indonesian_percentages_and_the_year(login, admin_bkd_a, instansi_a, unit_tree_a):
    seksi = unit_tree_a[2]
    today = timezone.localdate()
    for i in range(3):
        p = PegawaiFactory(instansi=instansi_a, unit_kerja=seksi)
        if i == 0:
            AsesmenFactory(
                pegawai=p,
                tanggal=today - dt.timedelta(days=30),
                berlaku_sampai=today + dt.timedelta(days=365),
            )
            SKPFactory(pegawai=p, tahun=today.year - 1)
    content = login(admin_bkd_a).get("/cakupan/").content.decode()
    assert "33,3%" in content
    assert f"SKP tahunan {today.year - 1}" in content
    assert "Dinas Pendidikan" in content and "Seksi Kurikulum" in content  # the drill-down rows


@pytest.mark.parametrize("role", list(Role))
def test_role_cells(login, make_user, instansi_a, role):
    response = login(make_user(role, instansi_a)).get("/cakupan/")
    assert response.status_code == (
        200 if role_has_permission(role=role, permission="penilaian.view") else 403
    )
