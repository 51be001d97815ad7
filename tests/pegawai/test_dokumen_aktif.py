"""#14 point 3: an uploaded document can never run active content in the application's origin.

Only PDF, JPG and PNG are stored, recognised by their content (not their name or the browser's
claimed type), so HTML and SVG never become documents. A PDF (which can carry JavaScript and forms)
is always a download, never shown in a tab of this origin; an image is shown. Every document answer
carries `nosniff` (the browser never guesses HTML) and a sandboxing Content-Security-Policy
(whatever the browser renders runs in an opaque origin, without script)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scopes_disabled

from apps.core.http import DOWNLOAD_CSP
from apps.pegawai.services import dokumen_store
from tests.pegawai.test_portfolio_pages import PNG, upload

pytestmark = pytest.mark.django_db

PDF_DENGAN_JS = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"3 0 obj\n<< /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# A polyglot: starts like a PDF, is HTML with a script after that.
PDF_HTML = b"%PDF-1.4\n<html><body><script>fetch('/api/v1/saya/')</script></body></html>\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
)
XML_SVG = b'<?xml version="1.0"?>\n' + SVG


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def simpan(pegawai, name, content, content_type):
    with scopes_disabled():
        return dokumen_store(pegawai=pegawai, actor=pegawai.user, berkas=upload(name, content, content_type))


def unduh(user, dokumen):
    client = Client()
    client.force_login(user)
    response = client.get(f"/dokumen/{dokumen.uuid}/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("laporan.html", HTML, "text/html"),
        ("laporan.pdf", HTML, "application/pdf"),
        ("logo.svg", SVG, "image/svg+xml"),
        ("logo.png", XML_SVG, "image/png"),
    ],
    ids=["html", "html-named-pdf", "svg", "svg-named-png"],
)
def test_html_and_svg_are_never_stored(pegawai_a, media, name, content, content_type):
    with pytest.raises(ValidationError) as error:
        simpan(pegawai_a, name, content, content_type)
    assert "Jenis berkas tidak didukung" in str(error.value)
    assert not list(media.rglob("*.*"))


@pytest.mark.parametrize(
    "content", [PDF_DENGAN_JS, PDF_HTML], ids=["pdf-with-javascript", "pdf-html-polyglot"]
)
def test_a_pdf_with_active_content_is_only_ever_a_sandboxed_download(pegawai_a, media, make_user, content):
    dokumen = simpan(pegawai_a, "bukti.html", content, "text/html")
    assert dokumen.content_type == "application/pdf"
    response = unduh(pegawai_a.user, dokumen)
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bukti.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert response["Cache-Control"] == "private, no-store"


def test_an_image_is_shown_inline_but_sandboxed(pegawai_a, media):
    dokumen = simpan(pegawai_a, "scan.png", PNG, "image/png")
    response = unduh(pegawai_a.user, dokumen)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="scan.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP


def test_generated_downloads_carry_the_sandbox_too():
    from apps.core.http import attachment_response

    response = attachment_response(b"%PDF-1.7", filename="profil.pdf", content_type="application/pdf")
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP
