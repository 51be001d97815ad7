"""Tenant isolation of the key-post routes (suksesi: jabatan): a post or nomination of another
instansi answers exactly like a missing one (same status, same body), for every page and endpoint
with an object id, and nothing of the other instansi changes. tests/tenancy/test_isolation.py
points here for these routes."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.suksesi.models import JabatanKunci, NominasiKhusus
from tests.factories import JabatanKunciFactory, PegawaiFactory, UnitKerjaFactory
from tests.tenancy.test_isolation import _call, _normalise

pytestmark = pytest.mark.django_db

MISSING = 99999999
# (method, URL template with {pk} the post and {n} the nomination, body, who: manage/nominasi)
REQUESTS = [
    ("get", "/suksesi/jabatan-kunci/{pk}/ubah/", None, "manage"),
    ("post", "/suksesi/jabatan-kunci/{pk}/ubah/", {"nama": "Diambil alih"}, "manage"),
    ("get", "/suksesi/jabatan-kunci/{pk}/nonaktifkan/", None, "manage"),
    ("post", "/suksesi/jabatan-kunci/{pk}/nonaktifkan/", {"alasan": "Diambil alih"}, "manage"),
    ("get", "/suksesi/jabatan-kunci/{pk}/nominasi/", None, "nominasi"),
    ("post", "/suksesi/jabatan-kunci/{pk}/nominasi/", {"nip": "x", "alasan": "Diambil alih"}, "nominasi"),
    ("get", "/suksesi/jabatan-kunci/{pk}/nominasi/{n}/cabut/", None, "nominasi"),
    ("post", "/suksesi/jabatan-kunci/{pk}/nominasi/{n}/cabut/", {"alasan": "Diambil alih"}, "nominasi"),
    ("get", "/api/v1/jabatan-kunci/{pk}/", None, "manage"),
    ("patch", "/api/v1/jabatan-kunci/{pk}/", {"nama": "Diambil alih"}, "manage"),
    ("put", "/api/v1/jabatan-kunci/{pk}/", {"nama": "Diambil alih"}, "manage"),
    ("post", "/api/v1/jabatan-kunci/{pk}/nonaktifkan/", {"alasan": "Diambil alih"}, "manage"),
]


@pytest.fixture
def foreign(instansi_b, instansi_c):
    """A post and a standing nomination in B (same province) and in C (another province)."""
    objects = {}
    for instansi in (instansi_b, instansi_c):
        unit = UnitKerjaFactory(instansi=instansi, kode=f"X.{instansi.kode}", nama="Dinas Lain")
        with scopes_disabled():
            jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, nama="Kepala Dinas Lain")
            pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit)
            nominasi = NominasiKhusus.objects.create(
                instansi=instansi, jabatan_kunci=jabatan, pegawai=pegawai, alasan="Alasan asli"
            )
        objects[instansi.kode] = (jabatan, nominasi)
    return objects


@pytest.mark.parametrize(("method", "template", "body", "who"), REQUESTS, ids=lambda v: str(v)[:45])
@pytest.mark.parametrize("other", ["6202", "6101"])
def test_a_foreign_post_or_nomination_answers_exactly_like_a_missing_one(
    method, template, body, who, other, foreign, make_user, instansi_a, unit_tree_a, api_login
):
    role = Role.ADMIN_BKD if who == "manage" else Role.KOMITE_KETUA
    client = api_login(make_user(role, instansi_a, username=f"iso.{who}"))
    jabatan, nominasi = foreign[other]
    foreign_url = template.format(pk=jabatan.pk, n=nominasi.pk)
    missing_url = template.format(pk=MISSING, n=MISSING)
    foreign_response = _call(client, method, foreign_url, body)
    missing_response = _call(client, method, missing_url, body)
    assert foreign_response.status_code == missing_response.status_code == 404
    assert _normalise(foreign_response.content, foreign_url) == _normalise(
        missing_response.content, missing_url
    )
    with scopes_disabled():
        jabatan = JabatanKunci.objects.get(pk=jabatan.pk)
        nominasi = NominasiKhusus.objects.get(pk=nominasi.pk)
    assert (jabatan.nama, jabatan.aktif, nominasi.dicabut_pada) == ("Kepala Dinas Lain", True, None)


def test_a_nomination_of_an_own_post_is_not_reachable_through_a_foreign_post(
    foreign, make_user, instansi_a, unit_tree_a, api_login
):
    """The nomination id must belong to the post in the URL: an own post with a foreign nomination id."""
    with scopes_disabled():
        own = JabatanKunciFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0], nama="Kepala Dinas")
    client = api_login(make_user(Role.KOMITE_KETUA, instansi_a, username="iso.ketua"))
    _jabatan, nominasi = foreign["6202"]
    url = f"/suksesi/jabatan-kunci/{own.pk}/nominasi/{nominasi.pk}/cabut/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"alasan": "x"}).status_code == 404
    with scopes_disabled():
        assert NominasiKhusus.objects.get(pk=nominasi.pk).dicabut_pada is None
