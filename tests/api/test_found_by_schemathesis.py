"""Server errors the schemathesis run found, each kept as a plain case."""

from __future__ import annotations

import pytest

from apps.core.tenancy import scopes_disabled
from apps.instansi.models import UnitKerja

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("aktif", [True, False])
def test_creating_a_unit_kerja_with_aktif_stores_it(admin_bkd_a, api_login, aktif):
    # `aktif` is a documented writable field; the create service did not accept it (500).
    response = api_login(admin_bkd_a).post(
        "/api/v1/unit-kerja/",
        {"kode": "X.01", "nama": "Dinas Baru", "jenis": "perangkat_daerah", "aktif": aktif},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["aktif"] is aktif
    with scopes_disabled():
        assert UnitKerja.objects.get(pk=response.json()["id"]).aktif is aktif
