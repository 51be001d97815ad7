"""Admin BKD in Chromium: a succession rule-set draf from the national preset, weights that do not
sum to 100 caught on their section (the running sum updates as they type), the fix, activation —
on a 1280 px screen and on a 390 px phone, where no page may scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.core.tenancy import instansi_scope
from apps.suksesi.models import AturanSuksesi
from tests.browser.test_portfolio_flow import fill_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _tanpa_geser_samping(page: Page) -> None:
    lebar = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1], lebar


@pytest.mark.parametrize("lebar", [1280, 390])
def test_admin_drafts_fixes_and_activates_a_succession_rule_set(
    lebar, live_server, page: Page, admin_bkd_a, instansi_a, screenshot_dir
):
    page.set_viewport_size({"width": lebar, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, admin_bkd_a.username)
    page.goto(f"{live_server.url}/suksesi/aturan/")
    expect(page.get_by_role("heading", name="Aturan suksesi")).to_be_visible()
    page.get_by_role("link", name="Buat draf baru").click()
    expect(page.get_by_label("Salin dari")).to_have_value("preset:nasional")
    page.get_by_label("Nama versi baru").fill("Suksesi 2027")
    page.get_by_role("button", name="Buat draf").click()
    expect(page.get_by_role("heading", name=re.compile("Ubah draf v1"))).to_be_visible()
    _tanpa_geser_samping(page)

    bagian = page.locator("#bagian-bobot_peringkat")
    bagian.get_by_label("Kotak talenta").fill("30")
    expect(bagian.locator("[data-jumlah-hasil]")).to_have_text("90")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator("#ringkasan-galat")).to_contain_text(
        "Bobot peringkat: jumlah bobot harus 100, sekarang 90 (kurang 10)"
    )
    expect(page.locator("#bagian-bobot_peringkat .error")).to_contain_text("sekarang 90 (kurang 10)")
    _tanpa_geser_samping(page)
    page.screenshot(path=str(screenshot_dir / f"aturan-suksesi-ubah-galat-{lebar}.png"), full_page=True)

    page.locator("#bagian-bobot_peringkat").get_by_label("JPM terhadap standar jabatan").fill("40")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".messages")).to_contain_text("Draf versi 1 disimpan.")
    expect(page.locator("main")).to_contain_text("Bobot JPM terhadap standar jabatan")
    _tanpa_geser_samping(page)
    page.screenshot(path=str(screenshot_dir / f"aturan-suksesi-detail-{lebar}.png"), full_page=True)

    page.get_by_role("link", name="Aktifkan", exact=True).click()
    page.get_by_label(re.compile("Saya sudah memeriksa perubahannya")).check()
    page.get_by_role("button", name=re.compile("Aktifkan v1")).click()
    expect(page.locator(".messages")).to_contain_text("Versi 1 sekarang aktif.")
    _tanpa_geser_samping(page)
    with instansi_scope(instansi_a):
        aturan = AturanSuksesi.objects.get()
    assert aturan.status == "aktif" and aturan.konfigurasi["bobot_peringkat"]["jpm"] == 40
    page.goto(f"{live_server.url}/suksesi/aturan/")
    _tanpa_geser_samping(page)
    kepala = page.locator(".aturan-versi thead")
    # On a phone the versions table stacks each version's cells instead of clipping its columns.
    if lebar == 1280:
        expect(kepala).to_be_visible()
    else:
        expect(kepala).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / f"aturan-suksesi-list-{lebar}.png"), full_page=True)
