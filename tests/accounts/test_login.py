"""The login page end to end through the real middleware: username/NIP, throttling, audit, homes.

Every login here is a real POST to /masuk/ (no force_login): the form, the throttle (django-axes,
tests/accounts/test_throttle.py), the backend and the audit trail all run as in production.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django_scopes import scopes_disabled

from apps.core.actor import actor_for_user
from apps.core.models import AuditEvent
from apps.core.roles import KOMITE_ROLES, TENANT_ROLES, Role
from apps.instansi.models import Instansi
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/masuk/"
WRONG = "salah-sekali-123"
MSG_INVALID = "Nama pengguna/NIP atau kata sandi salah"
MSG_LOCKED = "Terlalu banyak percobaan"
NIP = "199003152015032002"
NIP_SPACED = "19900315 201503 2 002"


def post_login(
    client: Client, username: str, password: str = PASSWORD, *, data=None, follow=False, **headers
):
    return client.post(
        LOGIN_URL, {"username": username, "password": password, **(data or {})}, follow=follow, **headers
    )


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def audit_events(action: str, **filters) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action, **filters).select_related("instansi", "actor"))


def final_path(response) -> str:
    return response.wsgi_request.path


@pytest.fixture
def asn_a(make_user, instansi_a):
    return make_user(Role.ASN, instansi_a, username="siti.rahayu", nip=NIP)


# --- the page --------------------------------------------------------------------------------


def test_login_page_renders_in_bahasa_indonesia(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert response["Content-Language"] == "id"
    assert "<title>Masuk · Talenta</title>" in html
    assert "Masuk ke Talenta" in html
    assert "Nama pengguna atau NIP" in html
    assert "Kata sandi" in html
    assert '<button type="submit" class="button button--primary">Masuk</button>' in html
    # Anonymous visitors get no navigation and no logout button.
    assert "Keluar" not in html
    assert "Username" not in html and "Password" not in html


def test_empty_submit_shows_indonesian_field_errors(client):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    # Django says "tidak boleh kosong", DRF's catalogue (which wins) says "harus diisi".
    assert html.count('<p class="error" role="alert">Bidang ini ') == 2
    assert "This field is required" not in html
    assert logged_in_user_id(client) is None


def test_authenticated_user_visiting_login_page_is_sent_home(client, admin_bkd_a):
    assert post_login(client, "admin.a").status_code == 302
    response = client.get(LOGIN_URL, follow=True)
    assert final_path(response) == "/bkd/"


# --- identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["admin.a", "ADMIN.A", "Admin.A", "  admin.a  "])
def test_login_by_username_is_case_insensitive(client, admin_bkd_a, typed):
    response = post_login(client, typed)
    assert response.status_code == 302
    assert response["Location"] == "/beranda/"
    assert logged_in_user_id(client) == str(admin_bkd_a.pk)


@pytest.mark.parametrize("typed", [NIP, NIP_SPACED, f" {NIP} ", "1990 0315 2015 0320 02"])
def test_login_by_nip_with_or_without_spaces(client, asn_a, typed):
    response = post_login(client, typed, follow=True)
    assert logged_in_user_id(client) == str(asn_a.pk)
    assert final_path(response) == "/asn/"
    html = response.content.decode()
    assert NIP in html  # the ASN home shows the account's NIP
    assert "siti.rahayu" in html


def test_nip_of_someone_else_does_not_log_in_with_own_password(client, asn_a, make_user, instansi_a):
    other = make_user(Role.ASN, instansi_a, username="budi", nip="198601012010011001")
    other.set_password("sandi-lain-Budi-77")
    other.save()
    response = post_login(client, "198601012010011001")  # PASSWORD belongs to asn_a
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


# --- failures and audit ----------------------------------------------------------------------


def test_wrong_password_shows_indonesian_error_and_is_audited(client, admin_bkd_a):
    response = post_login(client, "Admin.A", WRONG)
    assert response.status_code == 200
    html = response.content.decode()
    assert MSG_INVALID in html
    assert "Perhatikan huruf besar dan kecil" in html
    assert 'role="alert"' in html
    assert logged_in_user_id(client) is None
    # The typed username is kept, the password is not echoed back.
    assert 'value="Admin.A"' in html
    assert WRONG not in html

    failed = audit_events("auth.login_failed")
    assert len(failed) == 1
    assert failed[0].actor_label == "admin.a"  # normalised identifier
    assert failed[0].actor is None
    # The attempt shows in the trail of the instansi whose account was targeted.
    assert failed[0].instansi == admin_bkd_a.membership.instansi
    assert failed[0].target_id == str(admin_bkd_a.pk)
    assert failed[0].ip_address == "127.0.0.1"
    assert audit_events("auth.login") == []


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client, admin_bkd_a):
    unknown = post_login(client, "tidak.ada", WRONG).content.decode()
    wrong = post_login(client, "admin.a", WRONG).content.decode()
    assert MSG_INVALID in unknown and MSG_INVALID in wrong
    assert len(audit_events("auth.login_failed")) == 2


def test_successful_login_is_audited_with_the_users_instansi(client, admin_bkd_a, instansi_a):
    response = post_login(client, "admin.a", headers={"user-agent": "UjiBrowser/1.0"})
    assert response.status_code == 302
    events = audit_events("auth.login")
    assert len(events) == 1
    event = events[0]
    assert event.actor == admin_bkd_a
    assert event.actor_label == "admin.a"
    assert event.instansi == instansi_a
    assert event.ip_address == "127.0.0.1"
    assert event.user_agent == "UjiBrowser/1.0"
    assert event.request_id  # the middleware's request id travels into the audit row
    assert audit_events("auth.login_failed") == []


def test_bkn_login_is_audited_without_instansi(client, bkn_user):
    assert post_login(client, "bkn.pusat").status_code == 302
    (event,) = audit_events("auth.login")
    assert event.actor == bkn_user
    assert event.instansi is None


# --- each role lands on its own home ---------------------------------------------------------


HOME_BY_ROLE = {
    Role.ADMIN_BKD: ("/bkd/", "Beranda Admin BKD"),
    Role.VERIFIKATOR: ("/verifikator/", "Beranda Verifikator"),
    Role.KOMITE_KETUA: ("/komite/", "Beranda Komite Talenta"),
    Role.KOMITE_SEKRETARIS: ("/komite/", "Beranda Komite Talenta"),
    Role.KOMITE_ANGGOTA: ("/komite/", "Beranda Komite Talenta"),
    Role.PPK: ("/ppk/", "Beranda Pejabat Pembina Kepegawaian"),
    Role.ASN: ("/asn/", "Selamat datang"),
    Role.BKN: ("/nasional/", "Rekap nasional"),
    Role.OPERATOR: ("/operator/", "Beranda Operator"),
}


def test_every_role_has_a_home_case():
    assert set(HOME_BY_ROLE) == set(Role)


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_role_lands_on_its_own_home_after_login(client, users_by_role, instansi_a, instansi_b, role):
    user = users_by_role[role]
    expected_path, heading = HOME_BY_ROLE[role]

    response = post_login(client, user.username, follow=True)

    assert response.status_code == 200
    assert final_path(response) == expected_path
    assert [url for url, _status in response.redirect_chain] == ["/beranda/", expected_path]
    html = response.content.decode()
    assert heading in html
    assert "Keluar" in html  # the signed-in header
    if role in TENANT_ROLES:
        assert instansi_a.nama in html  # topbar and profile card of the caller's instansi
        assert "Kotawaringin Barat" in html
        assert instansi_b.nama not in html
        assert str(role.label) in html  # role badge
    if role in KOMITE_ROLES:
        # The committee table lists the three committee members of instansi A.
        for komite_role in KOMITE_ROLES:
            assert str(komite_role.label) in html
    if role == Role.ASN:
        assert user.username in html
    if role == Role.BKN:
        assert "Badan Kepegawaian Negara" in html
        assert "Kalimantan Tengah" in html
        # Every province row links to its rollup, keeping the period shown.
        assert 'href="/nasional/provinsi/62/?periode=' in html
        assert instansi_a.nama not in html  # aggregates only, no tenant names
    if role == Role.OPERATOR:
        assert instansi_a.nama in html and instansi_b.nama in html  # the platform's tenant list
        assert "Kesehatan sistem" in html


def test_user_without_membership_gets_the_not_connected_page(client):
    user = UserFactory(username="tanpa.peran")
    response = post_login(client, "tanpa.peran", follow=True)
    assert logged_in_user_id(client) == str(user.pk)
    assert final_path(response) == "/beranda/"
    assert response.status_code == 403
    html = response.content.decode()
    assert "Akun Anda belum terhubung dengan instansi" in html
    assert "Hubungi Admin BKD/BKPSDM" in html
    # No role, so no menu entries beyond Beranda, and no tenant page opens.
    assert "Unit Kerja" not in html
    assert client.get("/bkd/").status_code == 403
    assert client.get("/unit-kerja/").status_code == 403


def test_inactive_user_cannot_log_in(client, make_user, instansi_a):
    make_user(Role.ADMIN_BKD, instansi_a, username="nonaktif", is_active=False)
    response = post_login(client, "nonaktif")
    assert response.status_code == 200
    assert MSG_INVALID in response.content.decode()
    assert logged_in_user_id(client) is None
    assert audit_events("auth.login") == []
    assert len(audit_events("auth.login_failed")) == 1


def test_user_of_a_deactivated_instansi_has_no_role(client, admin_bkd_a, instansi_a):
    Instansi.objects.filter(pk=instansi_a.pk).update(aktif=False)
    admin_bkd_a.refresh_from_db()

    actor = actor_for_user(admin_bkd_a)
    assert actor.is_authenticated
    assert actor.role is None
    assert actor.instansi is None

    response = post_login(client, "admin.a", follow=True)
    assert final_path(response) == "/beranda/"
    assert response.status_code == 403
    assert "belum terhubung" in response.content.decode()
    assert client.get("/bkd/").status_code == 403
    assert client.get("/unit-kerja/").status_code == 403


# --- logout and password change --------------------------------------------------------------


def test_logout_only_by_post_and_is_audited(client, admin_bkd_a, instansi_a):
    post_login(client, "admin.a")
    assert client.get("/bkd/").status_code == 200

    response = client.get("/keluar/")
    assert response.status_code == 405
    assert logged_in_user_id(client) == str(admin_bkd_a.pk), "a GET must not sign anyone out"
    assert audit_events("auth.logout") == []

    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/"
    assert logged_in_user_id(client) is None
    (event,) = audit_events("auth.logout")
    assert event.actor == admin_bkd_a
    assert event.instansi == instansi_a

    response = client.get("/bkd/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/bkd/"


def test_logout_post_requires_csrf_token(admin_bkd_a):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(LOGIN_URL)
    token = page.context["csrf_token"]
    assert (
        browser.post(
            LOGIN_URL, {"username": "admin.a", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).status_code
        == 302
    )

    assert browser.post("/keluar/").status_code == 403  # cross-site logout refused
    assert logged_in_user_id(browser) == str(admin_bkd_a.pk)

    home = browser.get("/bkd/")
    token = home.context["csrf_token"]
    assert browser.post("/keluar/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert logged_in_user_id(browser) is None


def test_password_change_flow(client, admin_bkd_a, instansi_a):
    new_password = "Sandi-Baru-Kalteng-2025"
    post_login(client, "admin.a")

    page = client.get("/akun/kata-sandi/")
    assert page.status_code == 200
    assert "Ganti kata sandi" in page.content.decode()

    wrong_old = client.post(
        "/akun/kata-sandi/",
        {"old_password": WRONG, "new_password1": new_password, "new_password2": new_password},
    )
    assert wrong_old.status_code == 200
    assert "Sandi lama Anda yang dimasukkan salah" in wrong_old.content.decode()
    assert audit_events("auth.password_change") == []

    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert final_path(response) == "/akun/kata-sandi/selesai/"
    html = response.content.decode()
    assert "Kata sandi Anda telah diganti." in html
    assert "Kata sandi baru Anda sudah berlaku." in html
    (event,) = audit_events("auth.password_change")
    assert event.actor == admin_bkd_a
    assert event.instansi == instansi_a

    # The session that changed the password stays signed in.
    assert client.get("/bkd/").status_code == 200

    client.post("/keluar/")
    old = post_login(client, "admin.a", PASSWORD)
    assert old.status_code == 200
    assert MSG_INVALID in old.content.decode()
    assert logged_in_user_id(client) is None
    new = post_login(client, "admin.a", new_password)
    assert new.status_code == 302
    assert logged_in_user_id(client) == str(admin_bkd_a.pk)


def test_password_change_needs_login(client):
    response = client.get("/akun/kata-sandi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


# --- next= -----------------------------------------------------------------------------------


def test_next_to_an_internal_page_is_followed(client, admin_bkd_a, unit_tree_a):
    response = client.get("/unit-kerja/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/unit-kerja/"

    page = client.get(response["Location"])
    assert '<input type="hidden" name="next" value="/unit-kerja/">' in page.content.decode()

    response = post_login(client, "admin.a", data={"next": "/unit-kerja/"})
    assert response.status_code == 302
    assert response["Location"] == "/unit-kerja/"
    tree = client.get("/unit-kerja/").content.decode()
    assert "Dinas Pendidikan" in tree and "Seksi Kurikulum" in tree


@pytest.mark.parametrize(
    "evil",
    ["https://evil.example/", "//evil.example/", "https:evil.example", "http://testserver.evil.example/"],
)
def test_external_next_is_ignored(client, admin_bkd_a, evil):
    response = post_login(client, "admin.a", data={"next": evil})
    assert response.status_code == 302
    assert response["Location"] == "/beranda/"
    assert "evil" not in response["Location"]

    client.logout()
    response = client.post(
        f"{LOGIN_URL}?next={evil}", {"username": "admin.a", "password": PASSWORD}, follow=True
    )
    assert final_path(response) == "/bkd/"
    assert all("evil" not in url for url, _status in response.redirect_chain)


def test_password_change_signs_out_every_other_session(admin_bkd_a):
    laptop, ponsel = Client(), Client(REMOTE_ADDR="10.20.30.40")
    for browser in (laptop, ponsel):
        assert post_login(browser, "admin.a").status_code == 302
    new_password = "Sandi-Baru-Kalteng-2025"
    response = laptop.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert laptop.get("/bkd/").status_code == 200
    signed_out = ponsel.get("/bkd/")
    assert signed_out.status_code == 302
    assert signed_out["Location"] == "/masuk/?next=/bkd/"
