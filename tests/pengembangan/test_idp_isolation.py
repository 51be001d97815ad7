"""Another instansi's IDP, activity or pegawai answers exactly like a missing one (same status, same
body) on every IDP page and endpoint with an object in its URL, for the BKD routes (as Admin BKD of
A) and the ASN's and atasan's own routes (as an ASN of A); nothing of it changes."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.pengembangan.models import Idp, KegiatanIdp
from tests.factories import AsnPegawaiFactory, IdpFactory, KegiatanIdpFactory, PegawaiFactory
from tests.tenancy.test_isolation import _normalise

pytestmark = pytest.mark.django_db
MISSING = 987654321

BKD = [
    ("get", "/pengembangan/idp/{idp}/", None),
    ("post", "/pengembangan/idp/{idp}/setujui/", {}),
    ("get", "/pengembangan/idp/{idp}/kembalikan/", None),
    ("post", "/pengembangan/idp/{idp}/kembalikan/", {"alasan": "Diambil alih"}),
    ("post", "/pengembangan/idp/{idp}/hapus/", {}),
    ("get", "/pengembangan/idp/{idp}/kegiatan/tambah/", None),
    ("post", "/pengembangan/idp/{idp}/kegiatan/tambah/", {"sub_jenis": "rotasi", "nama": "x"}),
    ("get", "/pengembangan/idp/{idp}/kegiatan/{kegiatan}/ubah/", None),
    ("post", "/pengembangan/idp/{idp}/kegiatan/{kegiatan}/ubah/", {"nama": "Diambil alih"}),
    ("post", "/pengembangan/idp/{idp}/kegiatan/{kegiatan}/hapus/", {}),
    ("post", "/pengembangan/idp/pegawai/{pegawai}/susun/", {}),
    ("get", "/api/v1/pengembangan/idp/{idp}/", None),
    ("delete", "/api/v1/pengembangan/idp/{idp}/", None),
    ("post", "/api/v1/pengembangan/idp/{idp}/setujui/", {}),
    ("post", "/api/v1/pengembangan/idp/{idp}/kembalikan/", {"alasan": "Diambil alih"}),
    ("get", "/api/v1/pengembangan/kegiatan-idp/{kegiatan}/", None),
    ("patch", "/api/v1/pengembangan/kegiatan-idp/{kegiatan}/", {"nama": "Diambil alih"}),
    ("delete", "/api/v1/pengembangan/kegiatan-idp/{kegiatan}/", None),
]
ASN = [
    ("post", "/pengembangan/idp/saya/{idp}/ajukan/", {}),
    ("get", "/pengembangan/idp/saya/kegiatan/{kegiatan}/progres/", None),
    ("post", "/pengembangan/idp/saya/kegiatan/{kegiatan}/progres/", {"progres": "50"}),
    ("get", "/pengembangan/idp/saya/kegiatan/{kegiatan}/selesai/", None),
    ("post", "/pengembangan/idp/saya/kegiatan/{kegiatan}/selesai/", {}),
    ("get", "/pengembangan/idp/atasan/{idp}/", None),
    ("post", "/pengembangan/idp/atasan/{idp}/setujui/", {}),
    ("get", "/pengembangan/idp/atasan/{idp}/kembalikan/", None),
    ("post", "/pengembangan/idp/atasan/{idp}/kembalikan/", {"alasan": "Diambil alih"}),
    ("post", "/api/v1/pengembangan/kegiatan-idp/{kegiatan}/progres/", {"progres": 50}),
]


@pytest.fixture
def idp_b(instansi_b):
    """B's submitted plan of a pegawai whose atasan is B's own ASN."""
    with instansi_scope(instansi_b):
        atasan = AsnPegawaiFactory(instansi=instansi_b, username="asn.atasan.b", jenis_jabatan="pengawas")
        pegawai = PegawaiFactory(instansi=instansi_b, nama="Rahasia Pegawai B")
        idp = IdpFactory(pegawai=pegawai, atasan=atasan, status=Idp.Status.DIAJUKAN)
        kegiatan = KegiatanIdpFactory(idp=idp, nama="Rahasia Kegiatan B")
    return {"idp": idp.pk, "kegiatan": kegiatan.pk, "pegawai": pegawai.pk}


def _call(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    if url.startswith("/api/"):
        return getattr(client, method)(url, data=body, format="json")
    return getattr(client, method)(url, data=body)


def _check(client, method, template, body, ids):
    foreign_url = template.format(**ids)
    missing_url = template.format(**dict.fromkeys(ids, MISSING))
    foreign = _call(client, method, foreign_url, body)
    missing = _call(client, method, missing_url, body)
    assert foreign.status_code == missing.status_code == 404
    assert _normalise(foreign.content, foreign_url) == _normalise(missing.content, missing_url)


def _unchanged(ids):
    with scopes_disabled():
        idp = Idp.objects.get(pk=ids["idp"])
        kegiatan = KegiatanIdp.objects.get(pk=ids["kegiatan"])
    assert (idp.status, idp.alasan_pengembalian) == ("diajukan", "")
    assert (kegiatan.nama, kegiatan.progres) == ("Rahasia Kegiatan B", 0)


@pytest.mark.parametrize(("method", "template", "body"), BKD, ids=lambda v: str(v)[:50])
def test_bkd_routes(method, template, body, api_login, admin_bkd_a, idp_b):
    _check(api_login(admin_bkd_a), method, template, body, idp_b)
    _unchanged(idp_b)


@pytest.mark.parametrize(("method", "template", "body"), ASN, ids=lambda v: str(v)[:50])
def test_asn_and_atasan_routes(method, template, body, api_login, pegawai_a, idp_b):
    _check(api_login(pegawai_a.user), method, template, body, idp_b)
    _unchanged(idp_b)


def test_lists_never_show_foreign_plans(api_login, admin_bkd_a, pegawai_a, idp_b):
    api = api_login(admin_bkd_a)
    for url in ("/pengembangan/idp/", "/pengembangan/idp/prioritas/", "/pengembangan/idp/krs/", "/bkd/"):
        assert "Rahasia" not in api.get(url).content.decode(), url
    assert api.get("/api/v1/pengembangan/idp/").json()["results"] == []
    assert api.get("/api/v1/pengembangan/kegiatan-idp/").json()["results"] == []
    asn = api_login(pegawai_a.user)
    for url in ("/pengembangan/idp/saya/", "/pengembangan/idp/atasan/", "/asn/"):
        assert "Rahasia" not in asn.get(url).content.decode(), url
