"""Tenant isolation of the penetapan routes: another instansi's session (or penetapan) answers
exactly like a missing one (same status, same body), and nothing of the other instansi changes."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import Penetapan, Sidang, SnapshotPenempatan
from apps.komite.services_penetapan import penetapan_kembalikan
from tests.tenancy.test_isolation import _call, _normalise

from .penetapan_bantuan import sidang_selesai_buat

pytestmark = pytest.mark.django_db

MISSING = 99999999
HARI_INI = timezone.localdate().isoformat()
REQUESTS = [
    ("get", "/penetapan/{pk}/", None),
    ("post", "/penetapan/{pk}/tetapkan/", {"nomor_keputusan": "800/X", "tanggal_keputusan": HARI_INI}),
    ("post", "/penetapan/{pk}/kembalikan/", {"catatan": "Diambil alih"}),
    ("get", "/api/v1/komite/penetapan/{penetapan}/", None),
]


@pytest.fixture
def foreign(instansi_b, instansi_c):
    """A closed session in B (same province) and in C (another province), each with a returned
    earlier session (a penetapan row to ask for)."""
    objects = {}
    for instansi, prefix in ((instansi_b, "b"), (instansi_c, "c")):
        data = sidang_selesai_buat(instansi, prefix=prefix)
        with scopes_disabled():
            lama = Sidang.objects.create(
                instansi=instansi, judul="Sidang lama", periode=data.sidang.periode,
                tanggal=data.sidang.tanggal, tempat="Aula", status="selesai",
            )  # fmt: skip
        with instansi_scope(instansi):
            penetapan = penetapan_kembalikan(sidang=lama, actor=data.ppk, catatan="Catatan asli")
        objects[instansi.kode] = (data.sidang, penetapan)
    return objects


@pytest.mark.parametrize(("method", "template", "body"), REQUESTS, ids=lambda v: str(v)[:40])
@pytest.mark.parametrize("other", ["6202", "6101"])
def test_a_foreign_session_answers_exactly_like_a_missing_one(
    method, template, body, other, foreign, make_user, instansi_a, api_login
):
    client = api_login(make_user(Role.PPK, instansi_a, username="iso.ppk"))
    sidang, penetapan = foreign[other]
    foreign_url = template.format(pk=sidang.pk, penetapan=penetapan.pk)
    missing_url = template.format(pk=MISSING, penetapan=MISSING)
    foreign_response = _call(client, method, foreign_url, body)
    missing_response = _call(client, method, missing_url, body)
    assert foreign_response.status_code == missing_response.status_code == 404
    assert _normalise(foreign_response.content, foreign_url) == _normalise(
        missing_response.content, missing_url
    )
    with scopes_disabled():
        assert Sidang.objects.get(pk=sidang.pk).status == "selesai"
        assert not Penetapan.objects.filter(sidang=sidang).exists()
        assert not SnapshotPenempatan.objects.exists()


@pytest.mark.parametrize("other", ["6202", "6101"])
def test_api_answer_to_a_foreign_session_is_404_and_changes_nothing(
    other, foreign, make_user, instansi_a, api_login
):
    client = api_login(make_user(Role.PPK, instansi_a, username="iso.ppk.api"))
    sidang, _penetapan = foreign[other]
    body = {
        "sidang": sidang.pk,
        "hasil": "ditetapkan",
        "nomor_keputusan": "800/X",
        "tanggal_keputusan": HARI_INI,
    }
    foreign_response = client.post("/api/v1/komite/penetapan/", body, format="json")
    missing_response = client.post("/api/v1/komite/penetapan/", {**body, "sidang": MISSING}, format="json")
    assert foreign_response.status_code == missing_response.status_code == 404
    assert foreign_response.content == missing_response.content
    with scopes_disabled():
        assert Sidang.objects.get(pk=sidang.pk).status == "selesai"
        assert not SnapshotPenempatan.objects.exists()


def test_lists_show_only_the_callers_instansi(foreign, make_user, instansi_a, api_login, login):
    user = make_user(Role.PPK, instansi_a, username="iso.ppk.list")
    assert api_login(user).get("/api/v1/komite/penetapan/").json()["results"] == []
    assert api_login(user).get("/api/v1/komite/ditetapkan/").json()["results"] == []
    text = login(user).get("/penetapan/").content.decode()
    assert "Sidang Komite Talenta Triwulan IV" not in text and "Sidang lama" not in text
