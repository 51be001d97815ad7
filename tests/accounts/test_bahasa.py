"""The interface language: Bahasa Indonesia whatever the browser sends; English only when the
person picks it, remembered on the account (every browser, every session) and in a cookie for the
pages nobody is signed in on (the sign-in page).

Every request goes through the real middleware stack; the English strings come from the catalog.
"""

from __future__ import annotations

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EN_PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
LOGIN = "/masuk/"
HOME_BKD = "/bkd/"
ENGLISH_BROWSERS = ["en", "en-US,en;q=0.9", "en-GB,en;q=0.8,id;q=0.2"]


@pytest.fixture(scope="module")
def en():
    po = polib.pofile(str(EN_PO))

    def english(msgid: str) -> str:
        entry = po.find(msgid)
        assert entry is not None and entry.msgstr and entry.msgstr != msgid, msgid
        return entry.msgstr

    return english


@pytest.fixture(autouse=True)
def _default_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _sign_in(client: Client, username: str):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture
def admin(make_user, instansi_a):
    return make_user(Role.ADMIN_BKD, instansi_a, username="admin.bahasa")


@pytest.mark.parametrize("accept", ENGLISH_BROWSERS)
def test_anonymous_english_browser_gets_indonesian(client, en, accept):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=accept)
    html = _html(response)
    assert '<html lang="id">' in html
    assert "Masuk ke Talenta" in html
    assert en("Masuk ke Talenta") not in html
    assert response["Content-Language"] == "id"


@pytest.mark.parametrize("accept", ENGLISH_BROWSERS)
def test_signed_in_english_browser_gets_indonesian(client, en, admin, accept):
    _sign_in(client, admin.username)
    html = _html(client.get(HOME_BKD, HTTP_ACCEPT_LANGUAGE=accept))
    assert '<html lang="id">' in html
    assert "Beranda Admin BKD" in html
    assert en("Beranda Admin BKD") not in html
    admin.refresh_from_db()
    assert admin.bahasa == ""  # the browser's language is never stored as a choice


def test_anonymous_choice_is_a_cookie(client, en):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = _html(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="id"))
    assert '<html lang="en">' in html
    assert en("Masuk ke Talenta") in html
    # … and back: the cookie wins over an English browser.
    client.post("/i18n/setlang/", {"language": "id", "next": LOGIN})
    html = _html(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="id">' in html and "Masuk ke Talenta" in html


def test_signed_in_choice_is_stored_on_the_user_and_follows_them(client, en, admin):
    _sign_in(client, admin.username)
    response = client.post("/i18n/setlang/", {"language": "en", "next": HOME_BKD})
    assert response.status_code == 302 and response["Location"] == HOME_BKD
    admin.refresh_from_db()
    assert admin.bahasa == "en"
    with scopes_disabled():
        event = AuditEvent.objects.get(action="auth.bahasa")
    assert event.actor == admin and event.new_values == {"bahasa": "en"}
    assert en("Beranda Admin BKD") in _html(client.get(HOME_BKD))

    # Next session in another browser (no cookie), with an Indonesian browser: still English.
    client.post("/keluar/")
    other = Client()
    _sign_in(other, admin.username)
    html = _html(other.get(HOME_BKD, HTTP_ACCEPT_LANGUAGE="id"))
    assert '<html lang="en">' in html
    assert en("Beranda Admin BKD") in html and "Beranda Admin BKD" not in html

    # Back to Indonesian, from that other browser: the account follows, in the first one too.
    other.post("/i18n/setlang/", {"language": "id", "next": HOME_BKD})
    admin.refresh_from_db()
    assert admin.bahasa == "id"
    third = Client()
    _sign_in(third, admin.username)
    assert "Beranda Admin BKD" in _html(third.get(HOME_BKD, HTTP_ACCEPT_LANGUAGE="en"))


def test_user_choice_wins_over_a_stale_cookie(client, en, admin):
    admin.bahasa = "id"
    admin.save(update_fields=["bahasa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _sign_in(client, admin.username)
    html = _html(client.get(HOME_BKD))
    assert '<html lang="id">' in html


def test_english_picked_on_the_sign_in_page_is_remembered_at_sign_in(client, en, admin):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    _sign_in(client, admin.username)
    admin.refresh_from_db()
    assert admin.bahasa == "en"
    other = Client()
    _sign_in(other, admin.username)
    assert en("Beranda Admin BKD") in _html(other.get(HOME_BKD))


def test_unknown_language_and_foreign_next_change_nothing(client, admin):
    _sign_in(client, admin.username)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://contoh.invalid/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    admin.refresh_from_db()
    assert admin.bahasa == ""
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="auth.bahasa").exists()


def test_switch_is_post_only(client):
    assert client.get("/i18n/setlang/?language=en").status_code == 405


def test_responses_vary_on_cookie(client):
    response = client.get(LOGIN)
    assert "Cookie" in response["Vary"]


def test_top_bar_switch_names_the_other_language_in_that_language(client, admin):
    _sign_in(client, admin.username)
    html = _html(client.get(HOME_BKD))
    assert (
        '<button type="submit" name="language" value="en" class="link-button" lang="en">English</button>'
        in html
    )
    client.post("/i18n/setlang/", {"language": "en", "next": HOME_BKD})
    html = _html(client.get(HOME_BKD))
    assert 'value="id" class="link-button" lang="id">Bahasa Indonesia</button>' in html
