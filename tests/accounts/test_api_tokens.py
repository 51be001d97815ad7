"""API tokens (django-rest-knox): hashed at rest, expiring, one per device name, revoked on logout,
password change and deactivation, listed and revoked by their owner only (API and /akun/token/)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled
from knox.models import AuthToken
from rest_framework.test import APIClient

from apps.accounts.models import ApiToken
from apps.core.models import AuditEvent
from apps.instansi.models import Instansi, Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"
LOGOUT_URL = "/api/v1/auth/logout/"
SAYA_URL = "/api/v1/saya/"
PAGE_URL = "/akun/token/"


def new_token(username: str = "admin.a", nama: str | None = None) -> dict:
    data = {"username": username, "password": PASSWORD}
    if nama is not None:
        data["nama"] = nama
    response = APIClient().post(TOKEN_URL, data, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(key: str) -> bool:
    status = api(key).get(SAYA_URL).status_code
    assert status in (200, 401)
    return status == 200


def audit(action: str) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- at rest ------------------------------------------------------------------------------------


def test_the_database_never_holds_the_token(admin_bkd_a):
    key = new_token()["token"]
    assert len(key) == 64
    digest = AuthToken.objects.get(user=admin_bkd_a).digest
    assert digest == hashlib.sha512(key.encode()).hexdigest()
    with connection.cursor() as cursor:
        for table in ("knox_authtoken", "accounts_apitoken", "core_auditevent"):
            cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")  # noqa: S608 - fixed names
            for (row,) in cursor.fetchall():
                assert key not in row, f"{table} holds the token"
        cursor.execute("SELECT to_regclass('authtoken_token')")
        assert cursor.fetchone() == (None,), "DRF's plaintext token table is gone"


def test_response_shape_and_expiry_from_the_setting(admin_bkd_a):
    before = timezone.now()
    body = new_token(nama="Skrip impor SKP")
    assert set(body) == {"token", "kode", "nama", "kedaluwarsa"}
    assert body["nama"] == "Skrip impor SKP"
    token = AuthToken.objects.get(user=admin_bkd_a)
    ttl = dt.timedelta(days=django_settings.ACCOUNTS_TOKEN_TTL_DAYS)
    assert django_settings.ACCOUNTS_TOKEN_TTL_DAYS == 30
    assert before + ttl <= token.expiry <= timezone.now() + ttl


def test_an_expired_token_is_refused_and_removed(admin_bkd_a):
    key = new_token()["token"]
    assert works(key)
    AuthToken.objects.filter(user=admin_bkd_a).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    response = api(key).get(SAYA_URL)
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=admin_bkd_a).exists()
    assert not ApiToken.objects.filter(user=admin_bkd_a).exists()


def test_two_device_names_two_tokens(admin_bkd_a):
    laptop = new_token(nama="Laptop")["token"]
    skrip = new_token(nama="Skrip")["token"]
    assert works(laptop) and works(skrip)
    assert ApiToken.objects.filter(user=admin_bkd_a).count() == 2


def test_tokens_per_user_are_capped(admin_bkd_a, settings):
    settings.ACCOUNTS_TOKEN_MAX_PER_USER = 2
    new_token(nama="satu")
    new_token(nama="dua")
    response = APIClient().post(
        TOKEN_URL, {"username": "admin.a", "password": PASSWORD, "nama": "tiga"}, format="json"
    )
    assert response.status_code == 400
    assert "Cabut token yang tidak dipakai lagi" in response.json()["nama"][0]
    new_token(nama="dua")  # replacing a name is always possible


# --- revoked on logout, password change, deactivation -------------------------------------------


def test_logout_revokes_the_calling_token_only(admin_bkd_a):
    laptop = new_token(nama="Laptop")["token"]
    skrip = new_token(nama="Skrip")["token"]
    assert api(laptop).post(LOGOUT_URL).status_code == 204
    assert not works(laptop)
    assert works(skrip)
    (event,) = [e for e in audit("auth.token_revoke") if e.new_values["alasan"] == "logout"]
    assert event.new_values["nama"] == "Laptop"
    assert event.actor == admin_bkd_a


def test_logout_needs_a_token(admin_bkd_a):
    client = APIClient()
    client.force_login(admin_bkd_a)
    assert client.post(LOGOUT_URL).status_code == 401


def test_password_change_revokes_every_token(client, admin_bkd_a):
    keys = [new_token(nama=n)["token"] for n in ("Laptop", "Skrip")]
    client.post("/masuk/", {"username": "admin.a", "password": PASSWORD})
    new_password = "Sandi-Baru-Kalteng-2025"
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert not any(works(key) for key in keys)
    assert not AuthToken.objects.filter(user=admin_bkd_a).exists()
    assert {e.new_values["alasan"] for e in audit("auth.token_revoke")} == {"password_change"}


def test_a_password_set_anywhere_revokes_every_token(admin_bkd_a):
    """The operator's reset in the admin or `changepassword` call set_password() too."""
    key = new_token()["token"]
    admin_bkd_a.last_name = "Baru"
    admin_bkd_a.save()  # any other save keeps the tokens
    assert works(key)
    admin_bkd_a.set_password("Sandi-Reset-Operator-2025")
    admin_bkd_a.save()
    assert not works(key)


def test_deactivating_the_user_revokes_every_token(admin_bkd_a):
    key = new_token()["token"]
    admin_bkd_a.is_active = False
    admin_bkd_a.save()
    assert not AuthToken.objects.filter(user=admin_bkd_a).exists()
    admin_bkd_a.is_active = True
    admin_bkd_a.save()
    assert not works(key), "re-activation must not bring an old token back"
    assert [e.new_values["alasan"] for e in audit("auth.token_revoke")] == ["user_deactivated"]


def test_removing_the_membership_revokes_every_token(admin_bkd_a):
    key = new_token()["token"]
    with scopes_disabled():
        Membership.objects.get(user=admin_bkd_a).delete()
    assert not works(key)
    assert not AuthToken.objects.filter(user=admin_bkd_a).exists()


def test_deactivating_the_instansi_revokes_its_users_tokens(admin_bkd_a, admin_bkd_b, instansi_a):
    key_a = new_token("admin.a")["token"]
    key_b = new_token("admin.b")["token"]
    instansi = Instansi.objects.get(pk=instansi_a.pk)
    instansi.aktif = False
    instansi.save()
    assert not works(key_a)
    assert works(key_b)


# --- the owner lists and revokes ----------------------------------------------------------------


def test_owner_lists_own_tokens_without_secrets(admin_bkd_a, admin_bkd_b):
    laptop = new_token(nama="Laptop")
    new_token(nama="Skrip")
    new_token("admin.b", nama="Punya B")
    response = api(laptop["token"]).get(TOKENS_URL)
    assert response.status_code == 200
    rows = response.json()
    assert [r["nama"] for r in rows] == ["Skrip", "Laptop"]
    assert set(rows[0]) == {"kode", "nama", "dibuat", "kedaluwarsa", "terakhir_dipakai", "token_ini"}
    assert [r["token_ini"] for r in rows] == [False, True]
    laptop_row = rows[1]
    assert laptop_row["terakhir_dipakai"] is not None  # this very call used it
    assert rows[0]["terakhir_dipakai"] is None
    text = response.content.decode()
    for token in AuthToken.objects.all():
        assert token.digest not in text and token.token_key not in text
    assert "Punya B" not in text


def test_owner_revokes_one_and_cannot_touch_another_users(admin_bkd_a, admin_bkd_b):
    laptop = new_token(nama="Laptop")
    skrip = new_token(nama="Skrip")
    punya_b = new_token("admin.b", nama="Punya B")

    assert api(laptop["token"]).delete(f"{TOKENS_URL}{punya_b['kode']}/").status_code == 404
    assert works(punya_b["token"])

    assert api(laptop["token"]).delete(f"{TOKENS_URL}{skrip['kode']}/").status_code == 204
    assert not works(skrip["token"])
    assert works(laptop["token"])


def test_owner_revokes_all_own_tokens(admin_bkd_a, admin_bkd_b):
    laptop = new_token(nama="Laptop")["token"]
    skrip = new_token(nama="Skrip")["token"]
    punya_b = new_token("admin.b")["token"]
    assert api(laptop).delete(TOKENS_URL).status_code == 204
    assert not works(laptop) and not works(skrip)
    assert works(punya_b)


def test_token_management_needs_a_signed_in_user():
    assert APIClient().get(TOKENS_URL).status_code == 401
    assert APIClient().delete(TOKENS_URL).status_code == 401


def test_token_create_and_revoke_are_audited(admin_bkd_a, instansi_a):
    body = new_token(nama="Laptop")
    api(body["token"]).delete(f"{TOKENS_URL}{body['kode']}/")
    (created,) = audit("auth.token_create")
    assert created.actor == admin_bkd_a
    assert created.instansi == instansi_a
    assert created.new_values == {"nama": "Laptop", "kode": body["kode"]}
    (revoked,) = audit("auth.token_revoke")
    assert revoked.new_values == {"nama": "Laptop", "kode": body["kode"], "alasan": "revoked"}


# --- the page in the account area ---------------------------------------------------------------


@pytest.fixture
def signed_in(admin_bkd_a) -> Client:
    client = Client()
    assert client.post("/masuk/", {"username": "admin.a", "password": PASSWORD}).status_code == 302
    return client


def test_page_creates_a_token_shown_once(signed_in, admin_bkd_a):
    page = signed_in.get(PAGE_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Token API · Talenta</title>" in html
    assert "Anda belum memiliki token API yang aktif." in html
    assert "no-store" in page["Cache-Control"]

    created = signed_in.post(PAGE_URL, {"nama": "Laptop kantor"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    key = created.context["baru"].plaintext
    html = created.content.decode()
    assert key in html
    assert "hanya ditampilkan sekali" in html
    assert works(key)

    again = signed_in.get(PAGE_URL).content.decode()
    assert key not in again
    assert "Laptop kantor" in again
    assert "belum pernah" not in again  # works() just used it


def test_page_refuses_an_empty_name(signed_in):
    response = signed_in.post(PAGE_URL, {"nama": "  "})
    assert response.status_code == 400
    assert (
        "Bidang ini tidak boleh kosong" in response.content.decode()
        or "harus diisi" in response.content.decode()
    )


def test_page_revokes_own_token_and_404s_on_another_users(signed_in, admin_bkd_b):
    own = new_token(nama="Laptop")
    other = new_token("admin.b", nama="Punya B")
    page = signed_in.get(PAGE_URL).content.decode()
    assert "Punya B" not in page

    assert signed_in.post(f"{PAGE_URL}{other['kode']}/cabut/").status_code == 404
    assert works(other["token"])

    response = signed_in.post(f"{PAGE_URL}{own['kode']}/cabut/", follow=True)
    assert response.redirect_chain == [(PAGE_URL, 302)]
    assert "Token “Laptop” dicabut." in response.content.decode()
    assert not works(own["token"])


def test_page_revokes_all(signed_in):
    keys = [new_token(nama=n)["token"] for n in ("Laptop", "Skrip")]
    response = signed_in.post(f"{PAGE_URL}cabut-semua/", follow=True)
    assert "2 token dicabut." in response.content.decode()
    assert not any(works(k) for k in keys)


def test_page_needs_sign_in(client):
    response = client.get(PAGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


def test_page_template_has_no_inline_script():
    text = (Path(django_settings.BASE_DIR) / "templates" / "accounts" / "api_token.html").read_text()
    assert "<script" not in text and "style=" not in text and " on" + "click" not in text


def test_nightly_purge_removes_expired_tokens_only(admin_bkd_a, settings):
    from apps.accounts.tasks import api_token_expired_purge_task

    live = new_token(nama="Hidup")
    new_token(nama="Lama")
    AuthToken.objects.filter(info__nama="Lama").update(expiry=timezone.now() - dt.timedelta(days=1))
    assert api_token_expired_purge_task.delay().get() == 2  # the knox token and its ApiToken row
    assert list(ApiToken.objects.values_list("nama", flat=True)) == ["Hidup"]
    assert works(live["token"])
    entry = settings.CELERY_BEAT_SCHEDULE["accounts-token-kedaluwarsa"]
    assert entry["task"] == api_token_expired_purge_task.name
