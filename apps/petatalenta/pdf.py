"""The Profil Talenta PDF (WeasyPrint), and the URL fetcher that keeps WeasyPrint inside the app.

The document is built from personal data and rendered on the server, so whatever ends up in its
HTML must not make the server fetch anything: the fetcher serves only the app's own static files
under a fixed prefix (the print CSS and the embedded font) and refuses every other URL (http,
https elsewhere, file, data, ftp...) without opening a connection or a file.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from apps.core.services import audit_event_record
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors import unit_kerja_path

from .selectors_profil import PenjelasanPenempatan, penempatan_penjelasan_get

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

# Relative URLs of the document resolve against this origin; the .invalid TLD never resolves, and
# the fetcher below answers for it from disk only.
DOKUMEN_ORIGIN = "https://profil-talenta.invalid/"
STATIC_PREFIXES = ("css/", "fonts/")
STATIC_SUFFIXES = {".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".svg"}
PDF_TEMPLATE = "petatalenta/profil/profil_pdf.html"


class UrlDitolak(ValueError):
    """WeasyPrint asked for a URL outside the app's own static files."""


def static_path_for_url(url: str) -> Path:
    """The file on disk behind a URL of the document's origin + STATIC_URL, or UrlDitolak."""
    prefix = urljoin(DOKUMEN_ORIGIN, settings.STATIC_URL)
    if not url.startswith(prefix):
        raise UrlDitolak(f"URL di luar berkas statis aplikasi: {url[:200]}")
    parts = urlsplit(url)
    name = unquote(parts.path[len(urlsplit(prefix).path) :])
    segments = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or any(seg in ("", ".", "..") for seg in segments)
        or posixpath.normpath(name) != name
        or not name.startswith(STATIC_PREFIXES)
        or Path(name).suffix.lower() not in STATIC_SUFFIXES
    ):
        raise UrlDitolak(f"berkas statis tidak diizinkan: {name[:200]}")
    found = finders.find(name)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        # After collectstatic (hashed names of the manifest storage): only inside STATIC_ROOT.
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise UrlDitolak(f"berkas statis tidak ditemukan: {name[:200]}")


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, reduced to the app's static files; `fetched` lists what it served
    (the tests read it)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = static_path_for_url(url)
        except UrlDitolak:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".ttf":
            content_type = "font/ttf"
        self.fetched.append(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):
        # Never the urllib opener of the parent class: only fetch() above.
        return self.fetch(getattr(url, "full_url", url))


def html_to_pdf(*, html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    return HTML(string=html, base_url=DOKUMEN_ORIGIN, url_fetcher=fetcher or StaticOnlyFetcher()).write_pdf()


def profil_pdf_filename(pegawai: Pegawai) -> str:
    return f"profil-talenta-{re.sub(r'[^0-9A-Za-z]+', '', pegawai.nip) or pegawai.pk}.pdf"


def profil_pdf_render(
    *,
    instansi: Instansi,
    pegawai: Pegawai,
    periode: int | None = None,
    fetcher: StaticOnlyFetcher | None = None,
) -> tuple[bytes, PenjelasanPenempatan]:
    """The Profil Talenta of one pegawai (from the stored placement, like the pages). Always in
    Bahasa Indonesia with Indonesian dates: a document of the instansi that is printed and filed
    reads the same whoever downloads it."""
    with translation.override("id"):
        penjelasan = penempatan_penjelasan_get(instansi=instansi, pegawai=pegawai, periode=periode)
        html = render_to_string(
            PDF_TEMPLATE,
            {
                "p": penjelasan,
                "pegawai": pegawai,
                "unit_path": unit_kerja_path(pegawai.unit_kerja),
                "instansi": instansi,
                "dibuat_pada": timezone.localtime(),
            },
        )
    return html_to_pdf(html=html, fetcher=fetcher), penjelasan


def profil_pdf_generate(
    *, instansi: Instansi, pegawai: Pegawai, actor: User | None, periode: int | None = None
) -> bytes:
    """Render the Profil Talenta and record who downloaded whose profile (personal data leaving
    the system)."""
    pdf, penjelasan = profil_pdf_render(instansi=instansi, pegawai=pegawai, periode=periode)
    audit_event_record(
        action="profil_talenta.unduh",
        instansi=instansi,
        actor=actor,
        target=pegawai,
        new_values={"periode": penjelasan.periode, "kotak": penjelasan.kotak, "status": penjelasan.status},
    )
    return pdf
