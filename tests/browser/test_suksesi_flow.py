"""A Komite member in Chromium: the bench-strength overview, the posts at risk, one at-risk post
with its ranked candidates (and every criterion of one), then the Daftar Calon Suksesor PDF.

Candidates and statuses are written directly, as the workers store them (pages only read them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import PenempatanFactory
from tests.suksesi.halaman_data import suksesi_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HALAMAN = {
    "bench": "/suksesi/",
    "jabatan-list": "/suksesi/jabatan-kunci/",
    "krs": "/suksesi/krs/",
    "krs-nasional": "/suksesi/krs-nasional/",
    "laporan": "/suksesi/laporan/",
    "beranda": "/komite/",
}


def test_komite_opens_bench_an_at_risk_post_its_ranked_candidates_and_downloads_the_pdf(
    live_server, page: Page, instansi_a, make_user, screenshot_dir
):
    make_user(Role.KOMITE_ANGGOTA, instansi_a, username="komite.a", first_name="Anggota", last_name="Komite")
    data = suksesi_data(instansi_a, jumlah_layak=3)
    for kandidat in data.layak:
        PenempatanFactory(pegawai=kandidat.pegawai, kotak=9)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "komite.a")
    expect(page).to_have_url(f"{live_server.url}/komite/")
    expect(page.locator(".ringkasan-suksesi")).to_contain_text("Kepala Bidang Bina Marga")

    # --- the bench-strength overview, through the menu ---------------------------------------------
    page.locator("summary", has_text="Suksesi").click()
    page.get_by_role("link", name="Kekuatan Bench", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/suksesi/")
    expect(page.get_by_role("heading", name="Kekuatan bench suksesi", level=1)).to_be_visible()
    rows = page.locator("#judul-pd ~ table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dinas Pekerjaan Umum")

    # --- the posts at risk -------------------------------------------------------------------------
    page.locator("a.stat", has_text="berisiko").click()
    expect(page).to_have_url(re.compile(r"/suksesi/jabatan-kunci/\?berisiko=1$"))
    table_rows = page.locator("table tbody tr")
    expect(table_rows).to_have_count(1)
    expect(table_rows.first).to_contain_text("Berisiko")
    expect(table_rows.first).to_contain_text("pemegang mencapai BUP dalam 16 bulan")

    # --- the post and its ranked candidates ---------------------------------------------------------
    page.get_by_role("link", name="Kepala Bidang Bina Marga").click()
    expect(page).to_have_url(f"{live_server.url}/suksesi/jabatan-kunci/{data.jabatan.pk}/")
    ranked = page.locator("#memenuhi tbody tr")
    expect(ranked).to_have_count(3)
    expect(ranked.nth(0)).to_contain_text("Calon Layak 01")
    expect(ranked.nth(0)).to_contain_text("Siap sekarang")
    expect(ranked.nth(2)).to_contain_text("Calon Layak 03")
    expect(page.locator("#perlu-verifikasi")).to_contain_text("riwayat jabatan Pengawas belum diverifikasi")
    expect(page.locator("#tidak-memenuhi")).to_contain_text("perlu 3 tahun")
    details = ranked.nth(0).locator("details.kandidat-rincian")
    details.locator("summary").click()
    expect(details.locator(".kriteria li")).to_have_count(9)
    page.screenshot(path=str(screenshot_dir / "suksesi-03-jabatan-detail.png"), full_page=True)

    # --- the PDF -----------------------------------------------------------------------------------
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh Daftar Calon Suksesor (PDF)").click()
    download = info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download.suggested_filename == f"calon-suksesor-{data.jabatan.pk}.pdf"

    # --- every page at 1280 px and on a phone (390 px): nothing wider than the screen ----------------
    urls = {**HALAMAN, "jabatan-detail": f"/suksesi/jabatan-kunci/{data.jabatan.pk}/"}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in urls.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=str(screenshot_dir / f"suksesi-{name}-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (name, width, overflow)
