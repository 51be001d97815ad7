# ruff: noqa: F811  (the komite_a fixture is imported from sidang_fixtures)
"""The committee secretary in Chromium prepares and opens a session: creates it, adds a
calibration item found by name, sends the invitations, records attendance, starts it; the pages
fit 1280 px and a phone (390 px) without sideways scrolling."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.komite.models import Sidang
from apps.notifikasi.models import Notifikasi
from tests.browser.test_portfolio_flow import fill_login
from tests.komite.sidang_fixtures import komite_a  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _no_sideways_scroll(page: Page, name: str, screenshot_dir) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"komite-sidang-{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, width, overflow)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_secretary_prepares_and_opens_a_session(live_server, page: Page, komite_a, screenshot_dir):
    k = komite_a
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, k.sekretaris.username)
    page.goto(f"{live_server.url}/komite/")
    expect(page.get_by_role("heading", name="Sidang", exact=True)).to_be_visible()
    page.get_by_role("link", name="Buat sidang").first.click()

    page.get_by_label("Judul").fill("Sidang Kalibrasi Triwulan IV")
    page.get_by_label("Periode (tahun)").fill(str(timezone.localdate().year))
    page.get_by_label("Tanggal").fill(timezone.localdate().isoformat())
    page.get_by_label("Pukul").fill("09:00")
    page.get_by_label("Tempat").fill("Aula Sekretariat Daerah")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Sidang Kalibrasi Triwulan IV")).to_be_visible()
    expect(page.get_by_test_id("langkah-berikut")).to_have_text("Tambahkan agenda sidang.")

    page.get_by_role("link", name="Tambah agenda").click()
    page.get_by_label("Nama atau NIP").fill(k.pegawai.nama[:10])
    page.get_by_role("button", name="Cari").click()
    row = page.locator("tr", has_text=k.pegawai.nip)
    expect(row).to_be_visible()
    _no_sideways_scroll(page, "agenda", screenshot_dir)
    row.get_by_role("button", name="Tambahkan ke agenda").click()
    expect(page.locator(".messages")).to_contain_text("Agenda 1 ditambahkan")
    expect(page.locator("#agenda-judul + ol")).to_contain_text(k.pegawai.nip)

    page.get_by_role("button", name="Mulai sidang").click()
    expect(page.locator(".messages")).to_contain_text("Kirim undangan kepada anggota")

    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".messages")).to_contain_text("Undangan dikirim kepada 3 anggota")
    page.get_by_role("link", name="Catat kehadiran").click()
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_test_id("kuorum")).to_contain_text("3 dari 3 anggota hadir")
    page.get_by_role("button", name="Mulai sidang").click()
    expect(page.locator(".messages")).to_contain_text("Sidang dimulai")
    expect(page.locator(".badge", has_text="Berlangsung")).to_be_visible()
    _no_sideways_scroll(page, "detail", screenshot_dir)

    page.goto(f"{live_server.url}/komite/sidang/")
    expect(page.get_by_role("link", name="Sidang Kalibrasi Triwulan IV")).to_be_visible()
    _no_sideways_scroll(page, "daftar", screenshot_dir)

    with scopes_disabled():
        sidang = Sidang.objects.get(judul="Sidang Kalibrasi Triwulan IV")
        assert sidang.status == Sidang.Status.BERLANGSUNG
        assert (
            Notifikasi.objects.filter(jenis="komite.undangan", tautan=f"/komite/sidang/{sidang.pk}/").count()
            == 3
        )
