"""The committee secretary in Chromium makes the Berita Acara of a closed session from its
documents page, watches a waiting job finish (static/js/progress.js polls and reloads), and
downloads the PDF; the page fits 1280 px and a phone (390 px)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import DokumenKomite
from apps.komite.services_dokumen import dokumen_jalankan
from tests.browser.test_portfolio_flow import fill_login
from tests.komite.dokumen_data import ALASAN_KALIBRASI, dokumen_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sekretaris_makes_and_downloads_the_berita_acara(
    live_server, page: Page, instansi_a, make_user, settings, tmp_path, screenshot_dir
):
    settings.MEDIA_ROOT = str(tmp_path)
    data = dokumen_data(instansi_a)
    make_user(Role.KOMITE_SEKRETARIS, instansi_a, username="sekretaris.dokumen")
    url = f"{live_server.url}/komite/sidang/{data.sidang.pk}/dokumen/"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "sekretaris.dokumen")

    # A job already waiting (as while the worker is busy): the page polls it and reloads when the
    # worker has finished it.
    with instansi_scope(instansi_a):
        menunggu = DokumenKomite.objects.create(instansi=instansi_a, sidang=data.sidang, jenis="berita_acara")
    page.goto(url)
    baris = page.locator(f"#dokumen-{menunggu.uuid}")
    expect(baris).to_contain_text("Menunggu giliran")
    expect(page.get_by_role("button", name="Buat Keputusan PPK beserta lampiran")).to_have_count(0)
    expect(page.get_by_text("tersedia setelah hasil sidang ditetapkan PPK").first).to_be_visible()
    with instansi_scope(instansi_a):
        dokumen_jalankan(dokumen=menunggu)
    expect(baris.get_by_role("link", name="Unduh PDF")).to_be_visible(timeout=15000)

    # A new one through the button (the eager task runs when the request commits).
    page.get_by_role("button", name="Buat Berita Acara Sidang Komite Talenta").click()
    expect(page.locator(".message")).to_contain_text("sedang dibuat")
    expect(page.get_by_role("link", name="Unduh PDF")).to_have_count(2)
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").first.click()
    download = info.value
    assert download.suggested_filename == f"berita-acara-sidang-2026-{data.sidang.pk}.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    teks = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert ALASAN_KALIBRASI in teks

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.screenshot(path=str(screenshot_dir / f"komite-dokumen-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (width, overflow)
