import pytest

from apps.core.roles import Role
from tests.suksesi.halaman_data import suksesi_data

pytestmark = pytest.mark.django_db


def test_smoke(make_user, instansi_a, login):
    data = suksesi_data(instansi_a)
    client = login(make_user(Role.KOMITE_ANGGOTA, instansi_a))
    for url in [
        "/suksesi/",
        "/suksesi/jabatan-kunci/",
        f"/suksesi/jabatan-kunci/{data.jabatan.pk}/",
        "/suksesi/krs/",
        "/suksesi/krs-nasional/",
        "/suksesi/laporan/",
        "/komite/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
