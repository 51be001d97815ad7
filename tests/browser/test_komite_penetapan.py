"""The PPK in Chromium: the queue card on the home page, the session, the decree number and date,
set; then the established results with the marker. Every page fits 1280 px and a phone (390 px)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.komite.models import Penetapan
from apps.petatalenta.models import Penempatan
from tests.browser.test_portfolio_flow import fill_login
from tests.komite.penetapan_bantuan import TAHUN, sidang_selesai_buat

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_ppk_sets_a_closed_session_and_sees_the_established_map(
    live_server, page: Page, instansi_a, screenshot_dir
):
    data = sidang_selesai_buat(instansi_a)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, data.ppk.username)
    page.goto(f"{live_server.url}/ppk/")
    kartu = page.locator(".penetapan-beranda")
    expect(kartu).to_contain_text("1 sidang menunggu penetapan.")
    kartu.get_by_role("link", name=data.sidang.judul).click()
    expect(page.locator("h1")).to_have_text(data.sidang.judul)
    expect(page.get_by_text("Kinerja penanganan banjir 2024")).to_be_visible()
    page.get_by_label("Nomor keputusan").fill("800.1.3/77/BKPSDM/2026")
    page.get_by_label("Tanggal keputusan").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Tetapkan hasil sidang").click()
    expect(page.locator(".messages")).to_contain_text("Keputusan nomor 800.1.3/77/BKPSDM/2026")
    expect(page.locator(".penetapan-blok")).to_contain_text("Ditetapkan PPK")
    with scopes_disabled():
        assert Penetapan.objects.get(sidang=data.sidang).jumlah_penempatan == 3
        Penempatan.objects.filter(pk=data.penempatan["Citra Lestari"].pk).update(kotak=6)

    page.locator(".penetapan-blok").get_by_role("link", name="Lihat peta talenta yang ditetapkan →").click()
    expect(page.get_by_text("kotak hitungan sekarang 6 ≠ kotak ditetapkan 9")).to_be_visible()

    urls = ["/ppk/", "/penetapan/", f"/penetapan/{data.sidang.pk}/", f"/penetapan/hasil/?periode={TAHUN}"]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in urls:
            page.goto(f"{live_server.url}{path}")
            nama = path.strip("/").replace("/", "-").split("?")[0] or "beranda"
            page.screenshot(path=str(screenshot_dir / f"penetapan-{nama}-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, width, overflow)
