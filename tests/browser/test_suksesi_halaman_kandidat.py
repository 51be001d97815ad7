"""A Komite member in Chromium pages through a long candidate list: each group has its own
navigation, moving one keeps the others where they are, ranks continue, and the page fits 1280 px
and a phone (390 px). Candidates are written directly, as the workers store them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from tests.browser.test_portfolio_flow import fill_login
from tests.suksesi.test_halaman_kandidat import pos_dengan_kandidat

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_komite_pages_through_each_candidate_group(
    live_server, page: Page, instansi_a, make_user, screenshot_dir
):
    make_user(Role.KOMITE_ANGGOTA, instansi_a, username="komite.a")
    jabatan = pos_dengan_kandidat(instansi_a, memenuhi=60, perlu_verifikasi=30, tidak_memenuhi=27)
    url = f"{live_server.url}/suksesi/jabatan-kunci/{jabatan.pk}/"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "komite.a")
    page.goto(url)
    memenuhi = page.locator("#memenuhi")
    expect(memenuhi.locator("tbody tr")).to_have_count(25)
    expect(memenuhi.locator("h2")).to_contain_text("(60)")
    expect(memenuhi.locator(".pagination")).to_contain_text("Halaman 1 dari 3")
    page.screenshot(path=str(screenshot_dir / "suksesi-kandidat-halaman-1280.png"), full_page=True)

    # The ineligible group moves to its page 2; the eligible group stays on its page 1.
    page.locator("#tidak-memenuhi .pagination").get_by_role("link", name="Berikutnya").click()
    expect(page).to_have_url(re.compile(r"\?hal_tidak_memenuhi=2#tidak-memenuhi$"))
    expect(page.locator("#tidak-memenuhi tbody tr")).to_have_count(2)
    expect(memenuhi.locator("tbody tr").first).to_contain_text("memenuhi 001")

    # Then the eligible group to its page 3: ranks 51–60, the ineligible group still on page 2.
    memenuhi.locator(".pagination").get_by_role("link", name="Berikutnya").click()
    memenuhi.locator(".pagination").get_by_role("link", name="Berikutnya").click()
    expect(page).to_have_url(re.compile(r"\?hal_tidak_memenuhi=2&hal_memenuhi=3#memenuhi$"))
    rows = memenuhi.locator("tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first.locator("td").first).to_have_text("51")
    expect(rows.last.locator("td").first).to_have_text("60")
    expect(page.locator("#tidak-memenuhi tbody tr")).to_have_count(2)
    expect(page.locator("#perlu-verifikasi tbody tr")).to_have_count(25)

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{url}?hal_memenuhi=2#memenuhi")
        expect(memenuhi.locator(".pagination")).to_contain_text("Halaman 2 dari 3")
        page.screenshot(path=str(screenshot_dir / f"suksesi-kandidat-halaman-2-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (width, overflow)
