"""Sign-in throttling (django-axes, records in PostgreSQL) and the client address (django-ipware).

Every attempt is a real POST through the middleware, the form or API view, the axes backend and
signal handler, and the audit trail. The policy (docs/security.md section 2): failures lock the
pair (account, address) after AXES_FAILURE_LIMIT and the address after
ACCOUNTS_ADDRESS_FAILURE_FACTOR × that; the account alone never locks; a success clears the
account's failures from that address only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from apps.core.http import client_address
from apps.core.models import AuditEvent
from apps.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/masuk/"
TOKEN_URL = "/api/v1/auth/token/"
WRONG = "salah-sekali-123"
MSG_INVALID = "Nama pengguna/NIP atau kata sandi salah"
MSG_LOCKED = "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."
NIP = "199003152015032002"
NIP_SPACED = "19900315 201503 2 002"
NEW_PASSWORD = "Sandi-Baru-Kalteng-2025"


def post_login(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def actions(action: str, **filters) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action, **filters))


def is_lockout_page(response) -> bool:
    html = response.content.decode()
    return (
        response.status_code == 429
        and MSG_LOCKED in html
        and '<html lang="id">' in html  # extends base.html
        and "<title>Terlalu banyak percobaan · Talenta</title>" in html
    )


@pytest.fixture
def asn_a(make_user, instansi_a):
    return make_user(Role.ASN, instansi_a, username="siti.rahayu", nip=NIP)


# --- the pair (account, address) ----------------------------------------------------------------


def test_fifth_failure_locks_the_pair_with_the_indonesian_lockout_page(client, admin_bkd_a):
    for _ in range(4):
        response = post_login(client, "admin.a", WRONG)
        assert response.status_code == 200 and MSG_INVALID in response.content.decode()

    fifth = post_login(client, "admin.a", WRONG)
    assert is_lockout_page(fifth)
    assert fifth["Retry-After"] == "900"

    right = post_login(client, "admin.a", PASSWORD)  # even the right password is refused now
    assert is_lockout_page(right)
    assert signed_in(client) is None

    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "password=" in stored and WRONG not in stored, "axes must not keep the typed password"
    assert len(actions("auth.login_failed")) == 5
    assert len(actions("auth.lockout")) == 1
    (locked,) = actions("auth.login_locked")
    assert locked.actor_label == "admin.a"
    assert locked.ip_address == "127.0.0.1"
    assert actions("auth.login") == []


def test_a_locked_account_still_signs_in_from_another_address(client, admin_bkd_a):
    """No one can lock every user out: the guesser's address is locked, not the account."""
    for _ in range(6):
        post_login(client, "admin.a", WRONG)
    assert is_lockout_page(post_login(client, "admin.a"))

    office = Client(REMOTE_ADDR="10.20.30.40")
    assert post_login(office, "admin.a").status_code == 302
    assert signed_in(office) == str(admin_bkd_a.pk)


def test_another_account_from_the_same_address_can_still_sign_in(client, admin_bkd_a, users_by_role):
    for _ in range(6):
        post_login(client, "admin.a", WRONG)
    other = users_by_role[Role.VERIFIKATOR]
    assert post_login(client, other.username).status_code == 302
    assert signed_in(client) == str(other.pk)


def test_every_spelling_of_the_account_counts_on_one_pair(client, asn_a):
    for typed in ["Siti.Rahayu", "SITI.RAHAYU", NIP, NIP_SPACED, " siti.rahayu"]:
        post_login(client, typed, WRONG)
    assert is_lockout_page(post_login(client, NIP))
    assert is_lockout_page(post_login(client, "siti.rahayu"))
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"siti.rahayu"}


def test_success_clears_the_accounts_failures(client, admin_bkd_a):
    for _ in range(4):
        post_login(client, "admin.a", WRONG)
    assert post_login(client, "admin.a").status_code == 302
    assert not AccessAttempt.objects.filter(username="admin.a").exists()
    client.logout()

    for _ in range(4):
        assert MSG_INVALID in post_login(client, "admin.a", WRONG).content.decode()
    assert post_login(client, "admin.a").status_code == 302, "4 failures after a success must not lock"
    client.logout()

    for _ in range(5):  # counting starts again from zero: five fresh failures lock
        post_login(client, "admin.a", WRONG)
    assert is_lockout_page(post_login(client, "admin.a"))


def test_cool_off_ends_the_lock(client, admin_bkd_a):
    for _ in range(5):
        post_login(client, "admin.a", WRONG)
    assert is_lockout_page(post_login(client, "admin.a"))
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert post_login(client, "admin.a").status_code == 302


# --- the address --------------------------------------------------------------------------------


def test_address_limit_is_ten_times_wider(client, admin_bkd_a, users_by_role):
    # 49 failures from one address, spread over identifiers (an office behind one NAT address).
    for i in range(49):
        post_login(client, f"tebakan{i % 12}", WRONG)

    assert post_login(client, "admin.a").status_code == 302, "49 failures must not lock the address"
    client.logout()

    post_login(client, "tebakan-terakhir", WRONG)  # the 50th failure from this address
    verifikator = users_by_role[Role.VERIFIKATOR]
    assert is_lockout_page(post_login(client, verifikator.username))
    assert signed_in(client) is None

    elsewhere = Client(REMOTE_ADDR="10.20.30.40")
    assert post_login(elsewhere, verifikator.username).status_code == 302


def test_own_success_does_not_clear_the_address_failures_against_others(client, admin_bkd_a, users_by_role):
    """axes' stock reset would delete every record of the address on a success; an attacker with
    an account of their own could then guess without end. Only their own account's failures go."""
    for i in range(45):
        post_login(client, f"korban{i % 9}", WRONG)
    assert post_login(client, "admin.a").status_code == 302
    client.logout()
    for i in range(5):
        post_login(client, f"korban-lain{i}", WRONG)
    assert is_lockout_page(post_login(client, users_by_role[Role.VERIFIKATOR].username))


def test_spoofed_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, admin_bkd_a, users_by_role):
    for i in range(50):
        post_login(client, f"tebakan{i % 12}", WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = post_login(
        client, users_by_role[Role.VERIFIKATOR].username, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert is_lockout_page(response)
    assert {e.ip_address for e in actions("auth.login_failed")} == {"127.0.0.1"}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_x_forwarded_for_is_honoured_behind_a_trusted_proxy(admin_bkd_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="172.18.0.1")  # the reverse proxy: every request comes from it
    # The client wrote "203.0.113.9"; the proxy appended the address it saw, 10.0.0.2.
    for _ in range(5):
        post_login(proxy, "admin.a", WRONG, HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2")
    assert {e.ip_address for e in actions("auth.login_failed")} == {"10.0.0.2"}
    assert is_lockout_page(post_login(proxy, "admin.a", HTTP_X_FORWARDED_FOR="10.0.0.2"))
    # Another client behind the same proxy is another address: not locked.
    assert post_login(proxy, "admin.a", HTTP_X_FORWARDED_FOR="10.0.0.3").status_code == 302


@pytest.mark.parametrize(
    ("count", "trusted", "remote", "forwarded", "expected"),
    [
        (0, [], "127.0.0.1", "203.0.113.9", "127.0.0.1"),  # no proxy: the header is never read
        (1, [], "172.18.0.1", "203.0.113.9", "203.0.113.9"),
        (1, [], "172.18.0.1", "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # client-set entry ignored
        (1, [], "172.18.0.1", "", "172.18.0.1"),  # health check straight to the container
        (2, [], "172.18.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, ["172.18.0.0/16"], "172.18.0.1", "203.0.113.9", "203.0.113.9"),
        (1, ["172.18.0.0/16"], "198.51.100.1", "203.0.113.9", "198.51.100.1"),  # not our proxy
        (1, [], "172.18.0.1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address(settings, count, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.TRUSTED_PROXIES = trusted
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **extra)) == expected


# --- the API token endpoint shares the throttle -------------------------------------------------


def request_token(username: str, password: str = PASSWORD, client=None):
    return (client or APIClient()).post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )


def test_api_token_endpoint_locks_with_json_429(admin_bkd_a):
    api = APIClient()
    for attempt in range(4):
        assert request_token("admin.a", WRONG, api).status_code == 400, f"attempt {attempt + 1}"
    fifth = request_token("admin.a", WRONG, api)
    assert fifth.status_code == 429
    assert fifth["Content-Type"] == "application/json"
    assert fifth.json() == {"detail": MSG_LOCKED}
    assert fifth["Retry-After"] == "900"

    right = request_token("admin.a", PASSWORD, api)
    assert right.status_code == 429
    assert "token" not in right.json()
    assert len(actions("auth.login_locked")) == 1


def test_lock_is_shared_between_the_api_and_the_sign_in_page(admin_bkd_a):
    page = Client()
    for _ in range(5):
        post_login(page, "admin.a", WRONG)
    assert request_token("admin.a").status_code == 429


def test_api_success_clears_the_accounts_failures(admin_bkd_a):
    for _ in range(4):
        request_token("admin.a", WRONG)
    assert request_token("admin.a").status_code == 200
    assert not AccessAttempt.objects.filter(username="admin.a").exists()


# --- password change: the old password is guessed under the same throttle ---------------------


def change_password(client: Client, old: str):
    return client.post(
        "/akun/kata-sandi/",
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_wrong_old_passwords_are_throttled_and_audited(client, admin_bkd_a, instansi_a):
    assert post_login(client, "admin.a").status_code == 302
    for _ in range(4):
        response = change_password(client, WRONG)
        assert response.status_code == 200
        assert "Sandi lama Anda yang dimasukkan salah" in response.content.decode()
    assert is_lockout_page(change_password(client, WRONG))
    assert is_lockout_page(change_password(client, PASSWORD))  # the right one, too late

    admin_bkd_a.refresh_from_db()
    assert admin_bkd_a.check_password(PASSWORD), "the password must not have changed"
    failed = actions("auth.password_change_failed")
    assert len(failed) == 5
    assert {e.actor_id for e in failed} == {admin_bkd_a.pk}
    assert {e.instansi_id for e in failed} == {instansi_a.pk}
    assert len(actions("auth.lockout")) == 1
    assert len(actions("auth.password_change_locked")) == 1
    assert actions("auth.password_change") == []

    # axes' records of the attempts hold no password, old or new.
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "old_password=" in stored
    assert WRONG not in stored and NEW_PASSWORD not in stored and PASSWORD not in stored

    # The same lock holds for signing in again from this address.
    client.logout()
    assert is_lockout_page(post_login(client, "admin.a"))


def test_password_change_succeeds_after_a_few_wrong_tries(client, admin_bkd_a):
    post_login(client, "admin.a")
    for _ in range(3):
        change_password(client, WRONG)
    response = change_password(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/akun/kata-sandi/selesai/"
    assert not AccessAttempt.objects.exists()
    assert len(actions("auth.password_change")) == 1


def test_the_admin_has_no_sign_in_form_of_its_own(client):
    """The operator signs in on /masuk/ like everyone (audited and throttled there)."""
    response = client.get("/admin/")
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"] == "/masuk/?next=/admin/"
