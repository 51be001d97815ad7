"""The Profil Talenta PDF: a real PDF with extractable text and the shipped font embedded, served
as a private attachment, audited; and WeasyPrint confined to the app's own static files."""

from __future__ import annotations

import io
import re
import socket
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.petatalenta.models import RiwayatPenempatan
from apps.petatalenta.pdf import (
    DOKUMEN_ORIGIN,
    StaticOnlyFetcher,
    UrlDitolak,
    html_to_pdf,
    profil_pdf_render,
    static_path_for_url,
)
from tests.factories import AsesmenFactory, PegawaiFactory

from .profil_data import flush, skp_buat

PROJECT_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db
FONT_URL = f"{DOKUMEN_ORIGIN}static/fonts/DejaVuSans.ttf"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(pdf: bytes) -> dict[str, bool]:
    """BaseFont name -> whether the font program is embedded in the PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).get_object().values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants.get_object()[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.fixture
def pegawai_placed(instansi_a, unit_tree_a):
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Siti Rahmawati", unit_kerja=unit_tree_a[2])
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)
    return pegawai


def test_bkd_pdf_is_a_private_attachment_with_the_profile_as_text(login, admin_bkd_a, pegawai_placed):
    pegawai = pegawai_placed
    response = login(admin_bkd_a).get(f"/pegawai/{pegawai.pk}/talenta/profil.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="profil-talenta-{pegawai.nip}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    flat = re.sub(r"\s+", "", text)
    assert pegawai.nip in flat  # shown grouped ("19700101 199403 1 001"), digits all there
    assert "Siti Rahmawati" in text and "Seksi Kurikulum" in text
    assert "Kotak 2" in text and "posisi saat ini" in text
    assert "Kinerja sesuai ekspektasi, potensial rendah" in text
    assert "57,50" in text and "60,00" in text
    assert "Capai nilai potensi minimal 100 pada asesmen berikutnya" in text  # next steps
    assert "Belum ada riwayat pendidikan yang disetujui." in text  # missing items
    assert "Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai." in text  # follow-up
    assert "Riwayat penempatan" in text and "versi 1" in text
    with translation.override("id"):
        today = date_format(timezone.localdate(), "j F Y")
    assert f"Dibuat {today}" in text  # Indonesian date, whatever the downloader's language
    # Every font is the shipped one (WeasyPrint names the subset after the @font-face family of
    # profil-print.css, e.g. "ABCDEF+Talenta-Sans"; a system fallback would carry its own name),
    # and its program is embedded.
    fonts = _fonts(pdf)
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+Talenta-Sans(-Bold)?", name) for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_pdf_download_is_audited(login, admin_bkd_a, instansi_a, pegawai_placed):
    login(admin_bkd_a).get(f"/pegawai/{pegawai_placed.pk}/talenta/profil.pdf")
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="profil_talenta.unduh")
    assert event.actor == admin_bkd_a and event.instansi == instansi_a
    assert (event.target_type, event.target_id) == ("pegawai.Pegawai", str(pegawai_placed.pk))
    assert event.new_values["kotak"] == 2 and event.new_values["status"] == "final"


def test_pdf_is_in_indonesian_even_for_an_english_session(login, admin_bkd_a, instansi_a, pegawai_placed):
    client = login(admin_bkd_a)
    client.cookies["django_language"] = "en"
    page = client.get(f"/pegawai/{pegawai_placed.pk}/talenta/")
    assert page["Content-Language"] == "en"  # the session really is English
    text = _text(client.get(f"/pegawai/{pegawai_placed.pk}/talenta/profil.pdf").content)
    with instansi_scope(instansi_a):
        dicatat = RiwayatPenempatan.objects.get(pegawai=pegawai_placed).dicatat_pada
    with translation.override("id"):
        indonesian = date_format(timezone.localtime(dicatat), "DATETIME_FORMAT")  # "22 November 2026, 18.13"
    with translation.override("en"):
        english = date_format(timezone.localtime(dicatat), "DATETIME_FORMAT")  # "Nov. 22, 2026, 6:13 p.m."
    assert indonesian != english
    assert indonesian in text and english not in text
    assert "Identitas pegawai" in text and "Halaman 1 dari" in text


def test_pdf_of_a_pegawai_never_placed_says_so(login, admin_bkd_a, instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    response = login(admin_bkd_a).get(f"/pegawai/{pegawai.pk}/talenta/profil.pdf")
    assert response.status_code == 200
    assert "Penempatan talenta belum pernah dihitung." in _text(response.content)


def test_the_shipped_font_is_what_weasyprint_loads(instansi_a, pegawai_placed):
    fetcher = StaticOnlyFetcher()
    with instansi_scope(instansi_a):
        pdf, _p = profil_pdf_render(instansi=instansi_a, pegawai=pegawai_placed, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert FONT_URL in fetcher.fetched
    assert f"{DOKUMEN_ORIGIN}static/css/profil-print.css" in fetcher.fetched
    assert fetcher.refused == []


# --- the fetcher --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/static/fonts/DejaVuSans.ttf",
        "file:///etc/passwd",
        # The app's own print CSS, asked for by its path on disk instead of its static URL.
        (PROJECT_DIR / "static" / "css" / "profil-print.css").as_uri(),
        "data:text/css,body{color:red}",
        "ftp://example.com/x.css",
        f"{DOKUMEN_ORIGIN}etc/passwd",
        f"{DOKUMEN_ORIGIN}static/../../etc/passwd",
        f"{DOKUMEN_ORIGIN}static/%2e%2e/%2e%2e/etc/passwd",
        f"{DOKUMEN_ORIGIN}static/fonts/../../../etc/passwd",
        f"{DOKUMEN_ORIGIN}static/admin/css/base.css",  # a static file, but outside the prefixes
        f"{DOKUMEN_ORIGIN}static/fonts/DejaVu-LICENSE.txt",  # inside, but not a font or CSS
        f"{DOKUMEN_ORIGIN}static/fonts/tidak-ada.ttf",
    ],
)
def test_fetcher_refuses_everything_but_own_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(UrlDitolak):
        fetcher.fetch(url)
    assert fetcher.refused == [url] and fetcher.fetched == []


def test_fetcher_serves_the_font_from_static(settings):
    path = static_path_for_url(FONT_URL)
    assert path.name == "DejaVuSans.ttf" and path.is_file()
    response = StaticOnlyFetcher().fetch(FONT_URL)
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    response.close()


def test_foreign_urls_in_the_html_are_never_fetched(monkeypatch):
    """Whatever lands in the document (an <img> to another host, a file:// URL), WeasyPrint asks
    the fetcher, the fetcher refuses, and no socket is ever opened."""
    attempts = []

    def no_network(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError("network access from the PDF renderer")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: no_network(None, a))
    html = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
        '<link rel="stylesheet" href="/static/css/profil-print.css"></head><body>'
        '<p>Rahasia</p><img src="http://127.0.0.1:9/track.png"><img src="file:///etc/passwd">'
        '<img src="https://example.com/pixel.gif"><iframe src="file:///etc/hostname"></iframe>'
        '<object data="file:///etc/passwd"></object></body></html>'
    )
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf(html=html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF") and "Rahasia" in _text(pdf)
    assert attempts == []
    assert {
        "http://127.0.0.1:9/evil.css",
        "http://127.0.0.1:9/track.png",
        "file:///etc/passwd",
        "https://example.com/pixel.gif",
    } <= set(fetcher.refused)
    assert all(url.startswith(f"{DOKUMEN_ORIGIN}static/") for url in fetcher.fetched)
    assert "root:" not in _text(pdf)
