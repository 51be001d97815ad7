"""#14 point 4: the error pages are Talenta's own, in Bahasa Indonesia (English for a user who chose
it), with DEBUG off (the test settings, like production and `make demo`): never a debug page, a
traceback or the URL list. The 500, 400 and CSRF pages need no context processor and no database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import translation

from apps.core.roles import Role
from talenta.urls import urlpatterns as talenta_urlpatterns

pytestmark = pytest.mark.django_db

DEBUG_MARKS = (
    "Using the URLconf",
    "Traceback",
    "technical_500",
    "Django tried these URL patterns",
    "DEBUG = True",
)


def meledak(request):
    raise RuntimeError("sengaja")


# This module is the URLconf of the 500 tests: every real URL plus one that fails.
urlpatterns = [path("uji-galat/", meledak), *talenta_urlpatterns]


def assert_no_debug(content: str) -> None:
    for mark in DEBUG_MARKS:
        assert mark not in content, mark


def english(user):
    user.bahasa = "en"
    user.save(update_fields=["bahasa"])
    return user


def test_debug_is_off():
    from django.conf import settings

    assert settings.DEBUG is False


def test_unknown_url_is_the_indonesian_404(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "Halaman tidak ditemukan" in content
    assert "Kembali ke beranda" in content
    assert 'href="/static/css/talenta.css"' in content
    assert_no_debug(content)
    assert "Content-Security-Policy" in response


def test_unknown_url_for_a_signed_in_user_keeps_the_layout_and_no_store(client, admin_bkd_a):
    client.force_login(admin_bkd_a)
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Halaman tidak ditemukan" in content
    assert 'aria-label="Menu utama"' in content  # the signed-in layout, navigation included
    assert response["Cache-Control"] == "private, no-store"
    assert_no_debug(content)


def test_unknown_url_in_english_for_a_user_who_chose_english(client, admin_bkd_a):
    client.force_login(english(admin_bkd_a))
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Page not found" in content and "Back to home" in content
    assert "Halaman tidak ditemukan" not in content


def test_unknown_api_url_is_a_404_without_the_url_list(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert_no_debug(response.content.decode())
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_the_role_may_not_open_is_the_indonesian_403(client, make_user, instansi_a):
    client.force_login(make_user(Role.ASN, instansi_a))
    response = client.get(reverse("pegawai:pegawai_list"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Akses ditolak" in content
    assert "Peran Anda tidak memiliki izin untuk membuka halaman ini." in content
    assert_no_debug(content)


def test_a_server_error_is_the_indonesian_500(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/uji-galat/")
    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "Terjadi kesalahan pada server" in content
    assert 'href="/static/css/talenta.css"' in content
    assert "sengaja" not in content and "RuntimeError" not in content
    assert_no_debug(content)
    assert "Content-Security-Policy" in response


def test_a_server_error_follows_the_users_language(settings, admin_bkd_a):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(english(admin_bkd_a))
    response = client.get("/uji-galat/")
    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Back to home" in content
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("template", ["500.html", "400.html", "403_csrf.html"])
def test_standalone_error_pages_render_without_request_context_or_database(template):
    """Django renders these without a request (500: whatever failed may be the database)."""
    with translation.override("id"), CaptureQueriesContext(connection) as queries:
        content = loader.get_template(template).render()
    assert len(queries) == 0
    assert '<html lang="id">' in content
    assert "Kembali ke beranda" in content
    assert 'href="/static/css/talenta.css"' in content


def test_a_bad_request_is_the_indonesian_400(client):
    response = client.get("/masuk/", HTTP_HOST="bukan-host-kita.example")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Permintaan tidak sah" in content
    assert_no_debug(content)


def test_a_csrf_failure_is_the_indonesian_page(admin_bkd_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "admin.a", "password": "salah"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulir kedaluwarsa" in content
    assert "Tidak ada data yang tersimpan dari pengiriman ini." in content
    assert "CSRF verification failed" not in content
    assert_no_debug(content)
