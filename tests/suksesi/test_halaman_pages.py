"""The succession pages read the stored candidates and statuses: what each page shows, its
filters, isolation between instansi, and a query count that does not grow with candidates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.roles import Role
from apps.suksesi import engine
from apps.suksesi.models import PengaturanSuksesi
from tests.assertions import assert_absent
from tests.factories import (
    JabatanKunciFactory,
    KandidatFactory,
    PegawaiFactory,
    PenempatanFactory,
    StatusSuksesiFactory,
    UnitKerjaFactory,
    kriteria_semua,
)

from .halaman_data import status_jumlah_simpan, suksesi_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(instansi_a):
    return suksesi_data(instansi_a)


@pytest.fixture
def komite(make_user, instansi_a, login):
    return login(make_user(Role.KOMITE_ANGGOTA, instansi_a))


# --- bench strength --------------------------------------------------------------------------------


def test_bench_counts_posts_ready_now_at_risk_and_vacant_per_perangkat_daerah(data, komite, instansi_a):
    other = UnitKerjaFactory(instansi=instansi_a, kode="S.02", nama="Dinas Kesehatan Kota")
    JabatanKunciFactory(
        instansi=instansi_a, unit_kerja=other, nama="Kepala Dinas Kesehatan", jenis_jabatan="jpt_pratama"
    )
    response = komite.get("/suksesi/")
    assert response.status_code == 200
    bench = response.context["bench"]
    assert (bench.total.jumlah, bench.total.siap_sekarang, bench.total.berisiko, bench.total.lowong) == (
        3,
        1,
        1,
        2,
    )
    per_unit = {b.unit.nama: (b.jumlah, b.siap_sekarang, b.berisiko, b.lowong) for b in bench.per_unit}
    # The Kepala Bidang (under the bidang) counts for its perangkat daerah.
    assert per_unit == {"Dinas Pekerjaan Umum": (2, 1, 1, 1), "Dinas Kesehatan Kota": (1, 0, 0, 1)}
    # The new post has no status yet: the page says one is being computed.
    assert bench.total.belum_dihitung == 1
    content = response.content.decode()
    assert "1 jabatan sedang dihitung ulang" in content
    assert f"/suksesi/jabatan-kunci/?perangkat_daerah={data.dinas.pk}&amp;berisiko=1" in content


# --- key-post list ---------------------------------------------------------------------------------


def test_list_shows_holder_or_vacant_bup_bench_and_risk_reason(data, komite):
    content = komite.get("/suksesi/jabatan-kunci/").content.decode()
    assert "Kepala Bidang Bina Marga" in content
    assert "Bambang Pemegang" in content
    assert "Lowong" in content
    bup = data.jabatan.status.tanggal_bup_pemegang
    assert f"{bup.day} Maret {bup.year}" in content
    assert "pemegang mencapai BUP dalam 16 bulan dan belum ada calon siap sekarang" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("berisiko=1", {"Kepala Bidang Bina Marga"}),
        ("berisiko=0", {"Sekretaris Dinas Pekerjaan Umum"}),
        ("lowong=1", {"Sekretaris Dinas Pekerjaan Umum"}),
        ("lowong=0", {"Kepala Bidang Bina Marga"}),
        ("tingkat=administrator", {"Kepala Bidang Bina Marga", "Sekretaris Dinas Pekerjaan Umum"}),
        ("tingkat=jpt_pratama", set()),
    ],
)
def test_list_filters(data, komite, query, expected):
    response = komite.get(f"/suksesi/jabatan-kunci/?{query}")
    assert {j.nama for j in response.context["jabatan_list"]} == expected


@pytest.mark.parametrize("query", ["berisiko=0&lowong=1&tingkat=pengawas", "lowong=0&berisiko=0"])
def test_list_with_a_no_filter_matching_nothing_says_the_filter_matched_nothing(data, komite, query):
    """A "Tidak" answer is a filter too: the empty list blames the filter, not a missing post."""
    response = komite.get(f"/suksesi/jabatan-kunci/?{query}")
    assert list(response.context["jabatan_list"]) == []
    assert response.context["filtered"] is True
    assert "Tidak ada jabatan kunci yang cocok dengan saringan ini." in response.content.decode()


def test_list_filter_by_perangkat_daerah_includes_units_below(data, komite, instansi_a):
    other = UnitKerjaFactory(instansi=instansi_a, kode="S.02", nama="Dinas Kesehatan Kota")
    JabatanKunciFactory(instansi=instansi_a, unit_kerja=other, nama="Kepala Dinas Kesehatan")
    response = komite.get(f"/suksesi/jabatan-kunci/?perangkat_daerah={data.dinas.pk}")
    assert {j.nama for j in response.context["jabatan_list"]} == {
        "Kepala Bidang Bina Marga",
        "Sekretaris Dinas Pekerjaan Umum",
    }


def test_list_says_when_a_post_is_being_recomputed(data, komite):
    data.jabatan.status.dirty_since = timezone.now()
    data.jabatan.status.save()
    content = komite.get("/suksesi/jabatan-kunci/").content.decode()
    assert "1 jabatan sedang dihitung ulang" in content  # the page's freshness line
    assert "Daftar calon dihitung terakhir" in content


def test_list_foreign_perangkat_daerah_is_not_a_choice(data, komite, unit_b):
    response = komite.get(f"/suksesi/jabatan-kunci/?perangkat_daerah={unit_b.pk}")
    # An invalid filter is dropped: the instansi's own posts, never the other's.
    assert len(response.context["jabatan_list"]) == 2


# --- key-post detail -------------------------------------------------------------------------------


def test_detail_ranks_eligible_then_to_verify_then_ineligible_with_reasons(data, komite):
    response = komite.get(f"/suksesi/jabatan-kunci/{data.jabatan.pk}/")
    daftar = response.context["daftar"]
    assert [t.pegawai.nama for t in daftar.memenuhi] == ["Calon Layak 01", "Calon Layak 02"]
    assert [t.peringkat for t in daftar.memenuhi] == [1, 2]
    assert [t.pegawai.nama for t in daftar.perlu_verifikasi] == ["Dewi Perlu Verifikasi"]
    assert [t.pegawai.nama for t in daftar.tidak_memenuhi] == ["Rudi Belum Memenuhi"]
    content = response.content.decode()
    order = [
        content.index(name)
        for name in ("Calon Layak 01", "Calon Layak 02", "Dewi Perlu Verifikasi", "Rudi Belum Memenuhi")
    ]
    assert order == sorted(order)
    assert "riwayat jabatan Pengawas 2 tahun 7 bulan; perlu 3 tahun" in content
    assert "riwayat jabatan Pengawas belum diverifikasi" in content
    assert "dari level per kompetensi asesmen terhadap standar jabatan" in content
    assert "Integritas" in content  # the competency standard
    assert f"/suksesi/jabatan-kunci/{data.jabatan.pk}/calon-suksesor.pdf" in content


def test_detail_ranking_ties_broken_by_stable_key(instansi_a, komite, data):
    a = PegawaiFactory(instansi=instansi_a, nama="Zaki Seri")
    b = PegawaiFactory(instansi=instansi_a, nama="Ahmad Seri")
    first, second = sorted([a, b], key=lambda g: g.pk)
    for g in (second, first):
        KandidatFactory(jabatan_kunci=data.lowong, pegawai=g, skor_peringkat=75)
    status_jumlah_simpan(data.lowong)
    response = komite.get(f"/suksesi/jabatan-kunci/{data.lowong.pk}/")
    assert [t.pegawai.pk for t in response.context["daftar"].memenuhi] == [first.pk, second.pk]


def test_detail_verification_link_only_for_verifiers(data, make_user, instansi_a, login, client):
    url = f"/suksesi/jabatan-kunci/{data.jabatan.pk}/"
    link = f"/verifikasi/jabatan/?cari={data.verifikasi.pegawai.nip}"
    content = login(make_user(Role.ADMIN_BKD, instansi_a)).get(url).content.decode()
    assert link in content
    client.logout()
    content = assert_absent(login(make_user(Role.PPK, instansi_a)).get(url), link)
    assert "perlu diperiksa" in content


def test_detail_of_another_instansi_is_404_like_an_unknown_id(instansi_b, unit_b, komite, data):
    foreign = JabatanKunciFactory(instansi=instansi_b, unit_kerja=unit_b, nama="Kepala Dinas Asing")
    assert komite.get(f"/suksesi/jabatan-kunci/{foreign.pk}/").status_code == 404
    assert komite.get("/suksesi/jabatan-kunci/999999/").status_code == 404
    assert komite.get(f"/suksesi/jabatan-kunci/{foreign.pk}/calon-suksesor.pdf").status_code == 404


def test_detail_says_not_computed_and_dirty(instansi_a, komite, data):
    fresh = JabatanKunciFactory(instansi=instansi_a, unit_kerja=data.dinas, nama="Kepala Bidang Baru")
    assert "belum dihitung" in komite.get(f"/suksesi/jabatan-kunci/{fresh.pk}/").content.decode()
    data.jabatan.status.dirty_since = timezone.now()
    data.jabatan.status.save()
    assert (
        "sedang dihitung ulang" in komite.get(f"/suksesi/jabatan-kunci/{data.jabatan.pk}/").content.decode()
    )


def _detail_queries(client, jabatan) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/suksesi/jabatan-kunci/{jabatan.pk}/")
    assert response.status_code == 200
    return len(ctx)


def test_detail_query_count_does_not_grow_with_candidates(instansi_a, komite):
    small = suksesi_data(instansi_a, jumlah_layak=1)  # 3 candidates
    dinas = UnitKerjaFactory(instansi=instansi_a, kode="T.01", nama="Dinas Besar")
    big = JabatanKunciFactory(
        instansi=instansi_a, unit_kerja=dinas, nama="Kepala Dinas Besar", jenis_jabatan="jpt_pratama"
    )
    StatusSuksesiFactory(jabatan_kunci=big)
    for i in range(30):
        g = PegawaiFactory(
            instansi=instansi_a, unit_kerja=UnitKerjaFactory(instansi=instansi_a, kode=f"T.{i + 2:02d}")
        )
        hasil = [engine.MEMENUHI, engine.PERLU_VERIFIKASI, engine.TIDAK_MEMENUHI][i % 3]
        KandidatFactory(
            jabatan_kunci=big,
            pegawai=g,
            kriteria=kriteria_semua(jalur={"hasil": hasil, "verifikasi": ["jabatan"]}),
        )
    status_jumlah_simpan(big)
    _detail_queries(komite, small.jabatan)  # warm caches (session, actor)
    assert _detail_queries(komite, small.jabatan) == _detail_queries(komite, big)


# --- KRS -------------------------------------------------------------------------------------------


@pytest.fixture
def krs(instansi_a, data):
    hari_ini = timezone.localdate()
    rows = {}
    for nama, kotak, kelamin, usia, jenis in [
        ("Ani Kotak Sembilan", 9, "P", 35, "pengawas"),
        ("Budi Kotak Delapan", 8, "L", 45, "administrator"),
        ("Citra Kotak Tujuh", 7, "P", 52, "pengawas"),
        ("Dodi Kotak Lima", 5, "L", 40, "pengawas"),
    ]:
        lahir = hari_ini - dt.timedelta(days=int(365.25 * usia) + 180)  # aged `usia` today
        g = PegawaiFactory(
            instansi=instansi_a,
            nama=nama,
            jenis_kelamin=kelamin,
            tanggal_lahir=lahir,
            unit_kerja=data.bidang,
            jenis_jabatan=jenis,
        )
        rows[nama] = PenempatanFactory(pegawai=g, kotak=kotak)
    # Last year's box 9 is not this period's pool; a box-9 that needs data is not final.
    PenempatanFactory(
        pegawai=PegawaiFactory(instansi=instansi_a, nama="Eko Tahun Lalu"), kotak=9, periode=hari_ini.year - 1
    )
    PenempatanFactory(
        pegawai=PegawaiFactory(instansi=instansi_a, nama="Fajar Perlu Data"), kotak=9, status="perlu_data"
    )
    return rows


def test_krs_lists_final_pool_placements_of_this_period(krs, komite):
    response = komite.get("/suksesi/krs/")
    assert {p.pegawai.nama for p in response.context["penempatan_list"]} == {
        "Ani Kotak Sembilan",
        "Budi Kotak Delapan",
        "Citra Kotak Tujuh",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kotak=8", {"Budi Kotak Delapan"}),
        ("jenis_kelamin=P", {"Ani Kotak Sembilan", "Citra Kotak Tujuh"}),
        ("usia=30_39", {"Ani Kotak Sembilan"}),
        ("usia=50", {"Citra Kotak Tujuh"}),
        ("tingkat=administrator", {"Budi Kotak Delapan"}),
    ],
)
def test_krs_filters(krs, komite, query, expected):
    response = komite.get(f"/suksesi/krs/?{query}")
    assert {p.pegawai.nama for p in response.context["penempatan_list"]} == expected


def test_krs_nasional_is_the_rule_sets_boxes(krs, komite):
    response = komite.get("/suksesi/krs-nasional/")
    assert {p.pegawai.nama for p in response.context["penempatan_list"]} == {"Ani Kotak Sembilan"}


def test_krs_export_csv_and_xlsx_follow_the_filters(krs, komite):
    response = komite.get("/suksesi/krs/ekspor.csv?jenis_kelamin=P")
    assert response["Content-Type"] == "text/csv"
    text = response.content.decode("utf-8-sig")
    assert "Ani Kotak Sembilan" in text and "Citra Kotak Tujuh" in text
    assert "Budi Kotak Delapan" not in text
    assert "30–39 tahun" in text
    response = komite.get("/suksesi/krs/ekspor.xlsx")
    assert response.content[:2] == b"PK"
    assert response["Cache-Control"] == "private, no-store"


def test_krs_nasional_export_holds_only_its_nominees(krs, komite):
    response = komite.get("/suksesi/krs-nasional/ekspor.csv")
    assert response["Content-Type"] == "text/csv"
    assert "krs-nasional-" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "Ani Kotak Sembilan" in text
    assert "Budi Kotak Delapan" not in text and "Citra Kotak Tujuh" not in text
    page = komite.get("/suksesi/krs-nasional/").content.decode()
    assert "/suksesi/krs-nasional/ekspor.xlsx" in page and "/suksesi/krs/ekspor.xlsx" not in page


# --- ASN's own candidacies -------------------------------------------------------------------------


@pytest.fixture
def asn_calon(data, pegawai_a):
    KandidatFactory(
        jabatan_kunci=data.jabatan,
        pegawai=pegawai_a,
        kriteria=kriteria_semua(
            kinerja={"hasil": engine.TIDAK_MEMENUHI, "alasan": "SKP 2024 Butuh Perbaikan"}
        ),
        kesiapan=engine.SIAP_3,
    )
    return pegawai_a


def test_asn_sees_nothing_while_the_instansi_has_not_opened_it(asn_calon, login, instansi_a):
    client = login(asn_calon.user)
    content = assert_absent(
        client.get("/suksesi/saya/"), "Kepala Bidang Bina Marga", "SKP 2024 Butuh Perbaikan"
    )
    assert "belum membuka pencalonan suksesor" in content
    assert "/suksesi/saya/" not in client.get("/saya/").content.decode()  # no nav link


def test_asn_sees_own_candidacies_and_what_they_lack_when_opened(asn_calon, login, instansi_a, data):
    PengaturanSuksesi.objects.create(instansi=instansi_a, asn_boleh_lihat_pencalonan=True)
    client = login(asn_calon.user)
    content = client.get("/suksesi/saya/").content.decode()
    assert "Kepala Bidang Bina Marga" in content
    assert "SKP 2024 Butuh Perbaikan" in content
    # Only their own: never another candidate's name, never the ranking page.
    assert "Calon Layak 01" not in content
    assert f"/suksesi/jabatan-kunci/{data.jabatan.pk}/" not in content
    assert "/suksesi/saya/" in client.get("/saya/").content.decode()


# --- pegawai page section and the home pages -------------------------------------------------------


def test_pegawai_page_lists_the_posts_the_pegawai_is_a_candidate_for(data, komite):
    content = komite.get(f"/pegawai/{data.tidak.pegawai.pk}/").content.decode()
    assert "Calon suksesor jabatan kunci" in content
    assert "Kepala Bidang Bina Marga" in content
    assert "riwayat jabatan Pengawas 2 tahun 7 bulan; perlu 3 tahun" in content


def _calon_banyak(data, pegawai, jumlah: int) -> list:
    """`jumlah` key posts of the data's unit, the pegawai a stored candidate for each; the score
    falls with the post number, so the first posts are the best."""
    posts = []
    for i in range(jumlah):
        jabatan = JabatanKunciFactory(
            instansi=data.jabatan.instansi, unit_kerja=data.jabatan.unit_kerja, nama=f"Jabatan Banyak {i:02d}"
        )
        KandidatFactory(jabatan_kunci=jabatan, pegawai=pegawai, skor_peringkat=90 - i)
        posts.append(jabatan)
    return posts


def test_pegawai_page_section_shows_the_best_ten_and_counts_the_rest(data, komite):
    pegawai = data.tidak.pegawai
    _calon_banyak(data, pegawai, 14)
    content = komite.get(f"/pegawai/{pegawai.pk}/").content.decode()
    # eligible first, by score: the best ten of the 14 eligible ones; the ineligible one is left out
    assert "Jabatan Banyak 00" in content and "Jabatan Banyak 09" in content
    assert "Jabatan Banyak 10" not in content and "Kepala Bidang Bina Marga" not in content
    assert "Dan 5 jabatan kunci lain" in content


def test_asn_candidacies_are_paged(asn_calon, login, instansi_a, data):
    PengaturanSuksesi.objects.create(instansi=instansi_a, asn_boleh_lihat_pencalonan=True)
    _calon_banyak(data, asn_calon, 30)
    client = login(asn_calon.user)
    first = client.get("/suksesi/saya/").content.decode()
    assert "Jabatan Banyak 00" in first and "Jabatan Banyak 24" in first
    assert "Jabatan Banyak 25" not in first and "Halaman 1 dari 2" in first
    second = client.get("/suksesi/saya/?page=2").content.decode()
    assert "Jabatan Banyak 25" in second and "Jabatan Banyak 29" in second
    assert "Kepala Bidang Bina Marga" in second  # the ineligible candidacy comes last
    assert "Jabatan Banyak 00" not in second


def test_pegawai_page_section_left_out_for_verifier(data, make_user, instansi_a, login):
    client = login(make_user(Role.VERIFIKATOR, instansi_a))
    assert_absent(client.get(f"/pegawai/{data.tidak.pegawai.pk}/"), "Calon suksesor jabatan kunci")


@pytest.mark.parametrize(("role", "home"), [(Role.KOMITE_KETUA, "/komite/"), (Role.PPK, "/ppk/")])
def test_home_shows_bench_and_posts_at_risk(data, make_user, instansi_a, login, role, home):
    content = login(make_user(role, instansi_a)).get(home).content.decode()
    assert "Suksesi jabatan kunci" in content
    assert "Kepala Bidang Bina Marga" in content  # at risk
    assert "Sekretaris Dinas Pekerjaan Umum" not in content.split("Jabatan berisiko")[1].split("</ul>")[0]
    assert 'href="/suksesi/"' in content


def test_nav_has_the_suksesi_group_for_readers_only(data, make_user, instansi_a, login, client):
    assert (
        'href="/suksesi/krs/"'
        in login(make_user(Role.KOMITE_ANGGOTA, instansi_a)).get("/komite/").content.decode()
    )
    client.logout()
    assert_absent(login(make_user(Role.VERIFIKATOR, instansi_a)).get("/verifikator/"), 'href="/suksesi/krs/"')


def test_links_carry_ids_unlocalized(instansi_a, komite):
    """Ids in query strings are never written with the thousands separator (7.654.321)."""
    dinas = UnitKerjaFactory(instansi=instansi_a, pk=7654321, kode="Z.01", nama="Dinas Berangka Besar")
    jabatan = JabatanKunciFactory(
        instansi=instansi_a, unit_kerja=dinas, pk=7654322, nama="Kepala Dinas Besar"
    )
    StatusSuksesiFactory(jabatan_kunci=jabatan, berisiko=True, alasan_risiko="lowong")
    content = komite.get("/suksesi/").content.decode()
    assert "?perangkat_daerah=7654321&amp;berisiko=1" in content
    assert "?jabatan=7654322" in komite.get(f"/suksesi/jabatan-kunci/{jabatan.pk}/").content.decode()
