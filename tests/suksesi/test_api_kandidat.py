"""The succession read API: key posts with their stored status, each post's candidates, the KRS;
another instansi's post answers 404 like an unknown id."""

from __future__ import annotations

import pytest

from apps.core.roles import Role
from tests.factories import JabatanKunciFactory, PegawaiFactory, PenempatanFactory

from .halaman_data import suksesi_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(instansi_a):
    return suksesi_data(instansi_a)


@pytest.fixture
def api(make_user, instansi_a, api_login):
    return api_login(make_user(Role.PPK, instansi_a))


def test_list_gives_status_holder_and_vacancy(data, api):
    body = api.get("/api/v1/suksesi/jabatan-kunci/").json()
    rows = {row["nama"]: row for row in body["results"]}
    kabid = rows["Kepala Bidang Bina Marga"]
    assert kabid["lowong"] is False
    assert kabid["pemegang"]["nama"] == "Bambang Pemegang"
    assert kabid["status"]["berisiko"] is True
    assert kabid["status"]["kekuatan_bench"] == 1
    assert kabid["status"]["sedang_dihitung_ulang"] is False
    assert rows["Sekretaris Dinas Pekerjaan Umum"]["lowong"] is True


def test_list_filters(data, api):
    names = {r["nama"] for r in api.get("/api/v1/suksesi/jabatan-kunci/?berisiko=true").json()["results"]}
    assert names == {"Kepala Bidang Bina Marga"}
    names = {r["nama"] for r in api.get("/api/v1/suksesi/jabatan-kunci/?lowong=true").json()["results"]}
    assert names == {"Sekretaris Dinas Pekerjaan Umum"}
    assert api.get("/api/v1/suksesi/jabatan-kunci/?tingkat=bukan").status_code == 400


def test_list_with_foreign_perangkat_daerah_is_empty(data, api, unit_b):
    assert api.get(f"/api/v1/suksesi/jabatan-kunci/?perangkat_daerah={unit_b.pk}").json()["results"] == []


def test_kandidat_groups_ranks_and_criteria(data, api):
    body = api.get(f"/api/v1/suksesi/jabatan-kunci/{data.jabatan.pk}/kandidat/").json()
    assert body["count"] == 4  # the stored status's jumlah_kandidat
    # Eligible first in rank order, then those to verify, then the ineligible (paginated list).
    assert [(c["peringkat"], c["pegawai"]["nama"], c["kelayakan"]) for c in body["results"]] == [
        (1, "Calon Layak 01", "memenuhi"),
        (2, "Calon Layak 02", "memenuhi"),
        (None, "Dewi Perlu Verifikasi", "perlu_verifikasi"),
        (None, "Rudi Belum Memenuhi", "tidak_memenuhi"),
    ]
    assert body["results"][0]["kesiapan"] == "siap_sekarang"
    verif = body["results"][2]
    jalur = next(k for k in verif["kriteria"] if k["kode"] == "jalur")
    assert jalur == {
        "kode": "jalur",
        "label": "Jalur jabatan",
        "hasil": "perlu_verifikasi",
        "alasan": "riwayat jabatan Pengawas belum diverifikasi",
        "waktu": False,
        "verifikasi": ["jabatan"],
    }


def test_foreign_post_is_404_like_unknown(data, api, instansi_b, unit_b):
    foreign = JabatanKunciFactory(instansi=instansi_b, unit_kerja=unit_b)
    for url in (
        f"/api/v1/suksesi/jabatan-kunci/{foreign.pk}/",
        f"/api/v1/suksesi/jabatan-kunci/{foreign.pk}/kandidat/",
    ):
        assert api.get(url).status_code == 404
    assert api.get("/api/v1/suksesi/jabatan-kunci/999999/kandidat/").status_code == 404


def test_krs_and_nasional(data, api, instansi_a):
    for nama, kotak in (("Sari Sembilan", 9), ("Tono Delapan", 8), ("Umar Enam", 6)):
        PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a, nama=nama), kotak=kotak)
    names = {r["pegawai"]["nama"] for r in api.get("/api/v1/suksesi/krs/").json()["results"]}
    assert names == {"Sari Sembilan", "Tono Delapan"}
    names = {r["pegawai"]["nama"] for r in api.get("/api/v1/suksesi/krs/?nasional=true").json()["results"]}
    assert names == {"Sari Sembilan"}
    names = {r["pegawai"]["nama"] for r in api.get("/api/v1/suksesi/krs/?kotak=8").json()["results"]}
    assert names == {"Tono Delapan"}


@pytest.mark.parametrize("role", [Role.BKN, Role.VERIFIKATOR, Role.ASN])
def test_refused_roles_get_403(data, make_user, instansi_a, api_login, role):
    client = api_login(make_user(role, None if role == Role.BKN else instansi_a))
    assert client.get(f"/api/v1/suksesi/jabatan-kunci/{data.jabatan.pk}/kandidat/").status_code == 403
    assert client.get("/api/v1/suksesi/krs/").status_code == 403
