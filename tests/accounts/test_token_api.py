"""POST /api/v1/auth/token/: username or NIP in, API token out; the token then works on the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from knox.models import AuthToken
from rest_framework.test import APIClient

from apps.core.models import AuditEvent
from apps.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
SAYA_URL = "/api/v1/saya/"
UNIT_URL = "/api/v1/unit-kerja/"
WRONG = "salah-sekali-123"
NIP = "198705122010012003"


def request_token(username: str, password: str = PASSWORD, client=None):
    return (client or APIClient()).post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )


def token_client(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def audit_actions() -> list[str]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action__startswith="auth.").values_list("action", flat=True))


@pytest.fixture
def asn_a(make_user, instansi_a):
    return make_user(Role.ASN, instansi_a, username="dewi.lestari", nip=NIP)


def test_token_by_username_works_on_saya(admin_bkd_a, instansi_a):
    response = request_token("Admin.A")
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert AuthToken.objects.filter(user=admin_bkd_a).count() == 1

    saya = token_client(key).get(SAYA_URL)
    assert saya.status_code == 200
    body = saya.json()
    assert body["username"] == "admin.a"
    assert body["role"] == "admin_bkd"
    assert body["instansi"] == instansi_a.kode == "6201"
    assert body["nip"] is None
    assert "auth.login" in audit_actions()


@pytest.mark.parametrize("typed", [NIP, "19870512 201001 2 003"])
def test_token_by_nip_works_on_saya(asn_a, instansi_a, typed):
    response = request_token(typed)
    assert response.status_code == 200, response.content
    body = token_client(response.json()["token"]).get(SAYA_URL).json()
    assert body["username"] == "dewi.lestari"
    assert body["nip"] == NIP
    assert body["role"] == "asn"
    assert body["instansi"] == "6201"


def test_one_token_per_device_name_whether_named_by_username_or_nip(asn_a):
    """A token is shown once, so a second request cannot return the first: it replaces the token
    of the same device name (default "api") and the first stops working."""
    by_username = request_token("dewi.lestari").json()["token"]
    by_nip = request_token(NIP).json()["token"]
    assert by_username != by_nip
    assert AuthToken.objects.filter(user=asn_a).count() == 1
    assert token_client(by_username).get(SAYA_URL).status_code == 401
    assert token_client(by_nip).get(SAYA_URL).status_code == 200


def test_token_for_bkn_has_role_and_no_instansi(bkn_user):
    key = request_token("bkn.pusat").json()["token"]
    body = token_client(key).get(SAYA_URL).json()
    assert body["role"] == "bkn"
    assert body["instansi"] is None


def test_admin_bkd_token_lists_only_own_unit_kerja(admin_bkd_a, unit_tree_a, unit_b):
    key = request_token("admin.a").json()["token"]
    response = token_client(key).get(UNIT_URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["kode"] for row in body["results"]] == ["A.01", "A.01.01", "A.01.01.01"]
    assert [row["nama"] for row in body["results"]] == [
        "Dinas Pendidikan",
        "Bidang Pembinaan SD",
        "Seksi Kurikulum",
    ]
    assert "Dinas Kesehatan" not in response.content.decode()
    # Instansi B's row does not exist for this token.
    assert token_client(key).get(f"{UNIT_URL}{unit_b.pk}/").status_code == 404


def test_tokens_of_two_tenants_see_their_own_rows(admin_bkd_a, admin_bkd_b, unit_tree_a, unit_b):
    key_b = request_token("admin.b").json()["token"]
    rows = token_client(key_b).get(UNIT_URL).json()["results"]
    assert [row["nama"] for row in rows] == ["Dinas Kesehatan"]
    dinas_a = unit_tree_a[0]
    assert token_client(key_b).get(f"{UNIT_URL}{dinas_a.pk}/").status_code == 404


def test_wrong_password_is_400_with_indonesian_detail(admin_bkd_a):
    response = request_token("admin.a", WRONG)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("Nama pengguna/NIP atau kata sandi salah")
    assert "token" not in response.json()
    assert not AuthToken.objects.filter(user=admin_bkd_a).exists()
    assert audit_actions() == ["auth.login_failed"]


def test_missing_fields_are_400_per_field():
    response = APIClient().post(TOKEN_URL, {"username": "admin.a"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"password"}


def test_inactive_user_gets_no_token(make_user, instansi_a):
    make_user(Role.ADMIN_BKD, instansi_a, username="nonaktif", is_active=False)
    response = request_token("nonaktif")
    assert response.status_code == 400


def test_token_of_deactivated_user_stops_working(admin_bkd_a):
    key = request_token("admin.a").json()["token"]
    admin_bkd_a.is_active = False
    admin_bkd_a.save(update_fields=["is_active"])
    assert token_client(key).get(SAYA_URL).status_code == 401


def test_invalid_token_is_401(admin_bkd_a):
    response = token_client("0" * 40).get(SAYA_URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()


def test_invalid_token_is_not_rescued_by_a_session(admin_bkd_a):
    """A bad token with a valid session cookie still fails: the token header decides."""
    api = APIClient()
    api.force_login(admin_bkd_a)
    assert api.get(SAYA_URL).status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token " + "f" * 40)
    assert api.get(SAYA_URL).status_code == 401


def test_token_request_needs_no_csrf(admin_bkd_a):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        TOKEN_URL, {"username": "admin.a", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["token"]

    # Also when the same browser already holds a session (and thus a CSRF-protected cookie).
    strict.force_login(admin_bkd_a)
    response = strict.post(
        TOKEN_URL, {"username": "admin.a", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200


def test_token_authenticated_write_needs_no_csrf(admin_bkd_a, unit_tree_a):
    key = request_token("admin.a").json()["token"]
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        UNIT_URL,
        {"kode": "A.02", "nama": "Dinas Perhubungan", "jenis": "perangkat_daerah"},
        content_type="application/json",
        headers={"authorization": f"Token {key}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["nama"] == "Dinas Perhubungan"


def test_session_authenticated_write_does_need_csrf(admin_bkd_a, unit_tree_a):
    strict = APIClient(enforce_csrf_checks=True)
    strict.force_login(admin_bkd_a)
    response = strict.post(
        UNIT_URL, {"kode": "A.03", "nama": "Dinas Sosial", "jenis": "perangkat_daerah"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


@pytest.mark.parametrize("url", [SAYA_URL, UNIT_URL, "/api/v1/instansi/saya/", "/api/v1/anggota/"])
def test_anonymous_api_requests_are_401_with_token_challenge(url):
    """The app answers 401 (not 403) to unauthenticated API calls, on every endpoint alike:
    TokenAuthentication comes first, and its WWW-Authenticate challenge makes DRF send 401."""
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Data autentikasi tidak diberikan."  # DRF's Indonesian


def test_token_user_without_role_is_403_on_saya():
    """Authenticated but no membership: 403, distinct from the anonymous 401."""
    from tests.factories import UserFactory

    UserFactory(username="tanpa.peran")
    key = request_token("tanpa.peran").json()["token"]
    response = token_client(key).get(SAYA_URL)
    assert response.status_code == 403
