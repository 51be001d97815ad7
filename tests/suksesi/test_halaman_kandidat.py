"""The key-post page and the candidates API show a post's stored candidates a page at a time:
each group (eligible ranked / perlu verifikasi / tidak memenuhi) pages on its own parameter, its
size read from StatusSuksesi, ranks continuing across pages, the same number of queries for 3 and
300 candidates, and a page read on the ranking index (LIMIT/OFFSET), never the whole list."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.pegawai.models import Pegawai
from apps.suksesi import engine, selectors
from apps.suksesi.models import Kandidat
from tests.factories import (
    JabatanKunciFactory,
    KandidatFactory,
    PegawaiFactory,
    StatusSuksesiFactory,
    UnitKerjaFactory,
    kriteria_semua,
)

from .halaman_data import status_jumlah_simpan

pytestmark = pytest.mark.django_db

PER_HALAMAN = selectors.KANDIDAT_PER_HALAMAN
HASIL = {
    engine.MEMENUHI: {},
    engine.PERLU_VERIFIKASI: {"jalur": {"hasil": engine.PERLU_VERIFIKASI, "verifikasi": ["jabatan"]}},
    engine.TIDAK_MEMENUHI: {"jalur": {"hasil": engine.TIDAK_MEMENUHI, "alasan": "kurang 1 tahun"}},
}


def pos_dengan_kandidat(
    instansi, *, memenuhi: int, perlu_verifikasi: int, tidak_memenuhi: int, nama="Kepala"
):
    """A key post with stored candidates in bulk (pegawai named `<kelompok> <nnn>` in rank order:
    scores descending within each group) and its StatusSuksesi sizes as the worker stores them."""
    dinas = UnitKerjaFactory(instansi=instansi, nama=f"Dinas {nama}")
    jabatan = JabatanKunciFactory(
        instansi=instansi, unit_kerja=dinas, nama=f"{nama} Dinas", jenis_jabatan="jpt_pratama"
    )
    StatusSuksesiFactory(jabatan_kunci=jabatan)
    with instansi_scope(instansi):
        rows = []
        for kelayakan, jumlah in (
            (engine.MEMENUHI, memenuhi),
            (engine.PERLU_VERIFIKASI, perlu_verifikasi),
            (engine.TIDAK_MEMENUHI, tidak_memenuhi),
        ):
            pegawai = Pegawai.objects.bulk_create(
                PegawaiFactory.build(instansi=instansi, unit_kerja=dinas, nama=f"{kelayakan} {i:03d}")
                for i in range(1, jumlah + 1)
            )
            for i, g in enumerate(pegawai):
                rows.append(
                    KandidatFactory.build(
                        instansi=instansi,
                        jabatan_kunci=jabatan,
                        pegawai=g,
                        kriteria=kriteria_semua(**HASIL[kelayakan]),
                        skor_peringkat=Decimal("99.00") - Decimal(i) / 100,
                    )
                )
        Kandidat.objects.bulk_create(rows)
    status_jumlah_simpan(jabatan)
    jabatan.refresh_from_db()  # its status as stored now
    return jabatan


@pytest.fixture
def komite(make_user, instansi_a, login):
    return login(make_user(Role.KOMITE_ANGGOTA, instansi_a))


@pytest.fixture
def pos(instansi_a):
    return pos_dengan_kandidat(instansi_a, memenuhi=60, perlu_verifikasi=30, tidak_memenuhi=27)


def _halaman(client, jabatan, query=""):
    response = client.get(f"/suksesi/jabatan-kunci/{jabatan.pk}/{query}")
    assert response.status_code == 200
    return response.context["daftar"], response.content.decode()


def _nama(page) -> list[str]:
    return [t.pegawai.nama for t in page]


def test_first_page_of_each_group_with_sizes_from_the_stored_status(pos, komite):
    daftar, content = _halaman(komite, pos)
    assert _nama(daftar.memenuhi) == [f"memenuhi {i:03d}" for i in range(1, PER_HALAMAN + 1)]
    assert [t.peringkat for t in daftar.memenuhi] == list(range(1, PER_HALAMAN + 1))
    assert _nama(daftar.perlu_verifikasi) == [f"perlu_verifikasi {i:03d}" for i in range(1, PER_HALAMAN + 1)]
    assert _nama(daftar.tidak_memenuhi) == [f"tidak_memenuhi {i:03d}" for i in range(1, PER_HALAMAN + 1)]
    assert [t.peringkat for t in daftar.tidak_memenuhi] == [None] * PER_HALAMAN
    # Group sizes in the headings, one page navigation per group with its own parameter.
    assert "(60)" in content and "(30)" in content and "(27)" in content
    assert "memenuhi 026" not in content and "perlu_verifikasi 026" not in content
    assert 'href="?hal_memenuhi=2#memenuhi"' in content
    assert 'href="?hal_perlu_verifikasi=2#perlu-verifikasi"' in content
    assert 'href="?hal_tidak_memenuhi=2#tidak-memenuhi"' in content
    assert "Halaman 1 dari 3" in content and content.count("Halaman 1 dari 2") == 2


def test_ranks_continue_across_pages_and_each_group_keeps_its_own_page(pos, komite):
    daftar, content = _halaman(komite, pos, "?hal_memenuhi=2&hal_tidak_memenuhi=2")
    assert _nama(daftar.memenuhi) == [f"memenuhi {i:03d}" for i in range(26, 51)]
    assert [t.peringkat for t in daftar.memenuhi] == list(range(26, 51))
    assert _nama(daftar.perlu_verifikasi)[0] == "perlu_verifikasi 001"  # its own page: the first
    assert _nama(daftar.tidak_memenuhi) == ["tidak_memenuhi 026", "tidak_memenuhi 027"]
    ranks = re.findall(r'data-label="Peringkat"><strong>(\d+)</strong>', content)
    assert ranks == [str(n) for n in range(26, 51)]
    # Moving one group keeps the others' pages in the link (shareable as it is).
    assert 'href="?hal_memenuhi=3&amp;hal_tidak_memenuhi=2#memenuhi"' in content
    assert 'href="?hal_memenuhi=2&amp;hal_tidak_memenuhi=1#tidak-memenuhi"' in content
    daftar, _content = _halaman(komite, pos, "?hal_memenuhi=3")
    assert [t.peringkat for t in daftar.memenuhi] == list(range(51, 61))


@pytest.mark.parametrize(
    ("query", "ranks"),
    [
        ("?hal_memenuhi=99", list(range(51, 61))),  # past the end: the last page
        ("?hal_memenuhi=abc", list(range(1, 26))),  # not a number: the first page
        ("?hal_memenuhi=-1", list(range(51, 61))),  # not a page: the last (Paginator.get_page)
    ],
)
def test_page_out_of_range_answers_with_the_last_or_first_page(pos, komite, query, ranks):
    daftar, _content = _halaman(komite, pos, query)
    assert [t.peringkat for t in daftar.memenuhi] == ranks


def test_group_size_is_the_stored_count_not_a_count_of_rows(pos, komite):
    pos.status.jumlah_memenuhi = 26
    pos.status.save()
    daftar, content = _halaman(komite, pos, "?hal_memenuhi=5")
    assert daftar.memenuhi.paginator.num_pages == 2
    assert _nama(daftar.memenuhi) == ["memenuhi 026"]
    assert "(26)" in content


def test_empty_groups_and_a_post_never_computed(instansi_a, komite):
    jabatan = pos_dengan_kandidat(instansi_a, memenuhi=2, perlu_verifikasi=0, tidak_memenuhi=0)
    daftar, content = _halaman(komite, jabatan, "?hal_perlu_verifikasi=3")
    assert [t.peringkat for t in daftar.memenuhi] == [1, 2]
    assert list(daftar.perlu_verifikasi) == [] and list(daftar.tidak_memenuhi) == []
    assert "Tidak ada calon yang menunggu verifikasi data." in content
    assert 'class="pagination"' not in content
    baru = JabatanKunciFactory(instansi=instansi_a, unit_kerja=jabatan.unit_kerja, nama="Kepala Baru")
    daftar, content = _halaman(komite, baru)
    assert "belum dihitung" in content and list(daftar.memenuhi) == []


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), len(response.content)


def test_query_count_and_page_size_equal_for_3_and_300_candidates(instansi_a, komite):
    kecil = pos_dengan_kandidat(instansi_a, memenuhi=1, perlu_verifikasi=1, tidak_memenuhi=1, nama="Kecil")
    besar = pos_dengan_kandidat(
        instansi_a, memenuhi=100, perlu_verifikasi=100, tidak_memenuhi=100, nama="Besar"
    )
    _queries(komite, f"/suksesi/jabatan-kunci/{kecil.pk}/")  # warm caches (session, actor)
    q_kecil, _size = _queries(komite, f"/suksesi/jabatan-kunci/{kecil.pk}/")
    q_besar, size = _queries(komite, f"/suksesi/jabatan-kunci/{besar.pk}/")
    q_akhir, _size = _queries(
        komite, f"/suksesi/jabatan-kunci/{besar.pk}/?hal_memenuhi=4&hal_tidak_memenuhi=2"
    )
    assert q_kecil == q_besar == q_akhir
    daftar, _content = _halaman(komite, besar)
    assert (
        sum(len(p.object_list) for p in (daftar.memenuhi, daftar.perlu_verifikasi, daftar.tidak_memenuhi))
        == 75
    )
    assert size < 400_000  # 75 rows with their criteria, not 300


def test_a_page_is_read_on_the_ranking_index(instansi_a):
    jabatan = pos_dengan_kandidat(instansi_a, memenuhi=1500, perlu_verifikasi=300, tidak_memenuhi=200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE suksesi_kandidat")
    with instansi_scope(instansi_a):
        kelompok = selectors.kandidat_tersimpan(
            instansi=instansi_a, jabatan_kunci=jabatan, kelayakan=engine.MEMENUHI
        )
        assert kelompok.count() == 1500
        plan = kelompok[1200:1225].explain()
    assert "kandidat_urutan" in plan, plan
    assert "Sort" not in plan.split("kandidat_urutan")[0], plan  # the index gives the order


# --- the API ---------------------------------------------------------------------------------------


@pytest.fixture
def api(make_user, instansi_a, api_login):
    return api_login(make_user(Role.PPK, instansi_a))


def test_api_candidates_are_paginated_in_ranking_order_with_ranks_across_pages(pos, api):
    url = f"/api/v1/suksesi/jabatan-kunci/{pos.pk}/kandidat/"
    body = api.get(url).json()
    assert body["count"] == 117
    assert len(body["results"]) == 50  # the project's page size
    assert body["results"][0]["peringkat"] == 1 and body["results"][0]["pegawai"]["nama"] == "memenuhi 001"
    assert body["next"].endswith("/kandidat/?page=2")
    body = api.get(f"{url}?page=2").json()
    assert [c["peringkat"] for c in body["results"][:10]] == list(range(51, 61))
    assert body["results"][10]["pegawai"]["nama"] == "perlu_verifikasi 001"
    assert body["results"][10]["peringkat"] is None
    body = api.get(f"{url}?kelayakan=memenuhi&page=3&page_size=20").json()
    assert body["count"] == 60
    assert [c["peringkat"] for c in body["results"]] == list(range(41, 61))
    body = api.get(f"{url}?kelayakan=tidak_memenuhi").json()
    assert body["count"] == 27 and {c["kelayakan"] for c in body["results"]} == {"tidak_memenuhi"}
    jalur = next(k for k in body["results"][0]["kriteria"] if k["kode"] == "jalur")
    assert (jalur["hasil"], jalur["alasan"]) == ("tidak_memenuhi", "kurang 1 tahun")


def test_api_page_out_of_range_is_404_and_a_bad_filter_400(pos, api):
    url = f"/api/v1/suksesi/jabatan-kunci/{pos.pk}/kandidat/"
    assert api.get(f"{url}?page=4").status_code == 404
    assert api.get(f"{url}?kelayakan=bukan").status_code == 400


def test_api_query_count_equal_for_3_and_300_candidates(instansi_a, api):
    kecil = pos_dengan_kandidat(instansi_a, memenuhi=1, perlu_verifikasi=1, tidak_memenuhi=1, nama="Kecil")
    besar = pos_dengan_kandidat(
        instansi_a, memenuhi=100, perlu_verifikasi=100, tidak_memenuhi=100, nama="Besar"
    )
    url = "/api/v1/suksesi/jabatan-kunci/{}/kandidat/"
    _queries(api, url.format(kecil.pk))
    assert _queries(api, url.format(kecil.pk))[0] == _queries(api, url.format(besar.pk))[0]
