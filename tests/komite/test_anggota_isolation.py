"""Another instansi's committee member answers 404 like a missing one, on every page and endpoint of
the membership part; its user cannot be made a member here; nothing of it changes."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.komite.models import AnggotaKomite, PengaturanKomite
from tests.factories import AnggotaKomiteFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def anggota_b(instansi_b):
    user = user_with_role(Role.KOMITE_ANGGOTA, instansi_b, username="anggota.b")
    return AnggotaKomiteFactory(instansi=instansi_b, user=user)


@pytest.fixture
def sekretaris_a(instansi_a):
    return user_with_role(Role.KOMITE_SEKRETARIS, instansi_a, username="sekretaris.a")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/komite/anggota/{pk}/ubah/", None),
        ("post", "/komite/anggota/{pk}/ubah/", {"peran": "anggota", "mulai": "2020-01-01"}),
        ("get", "/komite/anggota/{pk}/akhiri/", None),
        ("post", "/komite/anggota/{pk}/akhiri/", {"selesai": "2025-01-01"}),
        ("post", "/komite/anggota/{pk}/hapus/", {}),
    ],
)
def test_pages_answer_404_for_another_instansis_member(login, sekretaris_a, anggota_b, method, path, body):
    client = login(sekretaris_a)
    url = path.format(pk=anggota_b.pk)
    response = client.get(url) if body is None else client.post(url, body)
    assert response.status_code == 404
    missing = path.format(pk=anggota_b.pk + 1000)
    assert (client.get(missing) if body is None else client.post(missing, body)).status_code == 404
    with scopes_disabled():
        anggota_b.refresh_from_db()
    assert anggota_b.selesai is None


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/komite/anggota/{pk}/", None),
        ("patch", "/api/v1/komite/anggota/{pk}/", {"selesai": "2025-01-01"}),
        ("put", "/api/v1/komite/anggota/{pk}/", {"peran": "anggota", "mulai": "2020-01-01"}),
        ("post", "/api/v1/komite/anggota/{pk}/akhiri/", {"selesai": "2025-01-01"}),
    ],
)
def test_api_answers_404_for_another_instansis_member(api_login, sekretaris_a, anggota_b, method, path, body):
    api = api_login(sekretaris_a)
    response = getattr(api, method)(path.format(pk=anggota_b.pk), data=body, format="json")
    assert response.status_code == 404
    with scopes_disabled():
        anggota_b.refresh_from_db()
    assert anggota_b.selesai is None


def test_lists_show_only_own_instansi(login, api_login, sekretaris_a, anggota_b):
    assert "anggota.b" not in login(sekretaris_a).get("/komite/anggota/").content.decode()
    assert api_login(sekretaris_a).get("/api/v1/komite/anggota/").json()["results"] == []


def test_another_instansis_user_cannot_be_added(login, api_login, instansi_a, sekretaris_a, anggota_b):
    response = api_login(sekretaris_a).post(
        "/api/v1/komite/anggota/",
        {"user": anggota_b.user_id, "peran": "anggota", "mulai": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    response = login(sekretaris_a).post(
        "/komite/anggota/tambah/", {"user": anggota_b.user_id, "peran": "anggota", "mulai": "2025-01-01"}
    )
    assert response.status_code == 200  # not a choice of this instansi's form
    with scopes_disabled():
        assert not AnggotaKomite.objects.filter(instansi=instansi_a).exists()


def test_settings_are_per_instansi(api_login, instansi_a, instansi_b, sekretaris_a):
    with scopes_disabled():
        PengaturanKomite.objects.create(instansi=instansi_b, kuorum_persen=75)
    assert api_login(sekretaris_a).get("/api/v1/komite/pengaturan/").json()["kuorum_persen"] == 50
