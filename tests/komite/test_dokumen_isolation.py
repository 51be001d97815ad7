"""Fail-closed tenancy of the session documents: another instansi's session or document answers
404 exactly like a missing one, on every page and endpoint, and nothing is queued or changed."""

from __future__ import annotations

import pytest

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import DokumenKomite, Sidang
from tests.factories import SidangFactory

from .dokumen_data import dokumen_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def dokumen_a(instansi_a, django_capture_on_commit_callbacks, make_user, login):
    """A set session of instansi A with a finished Berita Acara."""
    data = dokumen_data(instansi_a, status=Sidang.Status.DITETAPKAN)
    client = login(make_user(Role.KOMITE_SEKRETARIS, instansi_a, username="sekretaris.a"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/komite/sidang/{data.sidang.pk}/dokumen/berita_acara/")
    with instansi_scope(instansi_a):
        dokumen = DokumenKomite.objects.get(instansi=instansi_a)
    assert dokumen.status == "selesai"
    client.logout()
    return data, dokumen


def _pages(sidang_pk, uuid):
    return [
        ("get", f"/komite/sidang/{sidang_pk}/dokumen/"),
        ("post", f"/komite/sidang/{sidang_pk}/dokumen/berita_acara/"),
        ("post", f"/komite/sidang/{sidang_pk}/dokumen/keputusan/"),
        ("get", f"/komite/sidang/{sidang_pk}/dokumen/{uuid}/status/"),
        ("get", f"/komite/sidang/{sidang_pk}/dokumen/{uuid}/unduh/"),
    ]


@pytest.mark.parametrize("role", [Role.ADMIN_BKD, Role.KOMITE_SEKRETARIS, Role.PPK])
def test_another_instansis_session_and_document_are_not_found(
    role, dokumen_a, instansi_b, make_user, login, api_login, django_capture_on_commit_callbacks
):
    data, dokumen = dokumen_a
    user = make_user(role, instansi_b)
    client = login(user)
    with django_capture_on_commit_callbacks(execute=True):
        for method, url in _pages(data.sidang.pk, dokumen.uuid):
            assert getattr(client, method)(url).status_code == 404, url
        api = api_login(user)
        assert (
            api.post(
                f"/api/v1/komite/sidang/{data.sidang.pk}/dokumen/", {"jenis": "berita_acara"}, format="json"
            ).status_code
            == 404
        )
        assert api.get(f"/api/v1/komite/dokumen/{dokumen.uuid}/").status_code == 404
        assert api.get(f"/api/v1/komite/dokumen/{dokumen.uuid}/unduh/").status_code == 404
    with instansi_scope(data.instansi):
        assert DokumenKomite.objects.filter(instansi=data.instansi).count() == 1
        assert not AuditEvent.objects.filter(action="komite.dokumen.unduh").exists()


def test_a_document_is_found_only_under_its_own_session(dokumen_a, instansi_a, make_user, login):
    data, dokumen = dokumen_a
    with instansi_scope(instansi_a):
        lain = SidangFactory(instansi=instansi_a)
    client = login(make_user(Role.ADMIN_BKD, instansi_a))
    assert client.get(f"/komite/sidang/{lain.pk}/dokumen/{dokumen.uuid}/status/").status_code == 404
    assert client.get(f"/komite/sidang/{lain.pk}/dokumen/{dokumen.uuid}/unduh/").status_code == 404
    # Under its own session it is there (the 404s above are not a broken URL).
    response = client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/unduh/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_same_instansi_roles_without_komite_view_are_refused(dokumen_a, instansi_a, make_user, login):
    data, dokumen = dokumen_a
    client = login(make_user(Role.ASN, instansi_a))
    for method, url in _pages(data.sidang.pk, dokumen.uuid):
        assert getattr(client, method)(url).status_code == 403, url
