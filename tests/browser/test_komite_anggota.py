"""The sekretaris builds the committee in a browser: adds the ketua through the form, sees the quorum
rule and the member, and the ketua follows an invitation from the bell's inbox. Both pages fit at
1280 px and at 390 px (nothing scrolls sideways)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.notifikasi.services import notifikasi_kirim
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _tanpa_gulir_samping(page: Page) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"


def test_sekretaris_adds_the_ketua_and_the_ketua_opens_the_invitation(
    live_server, browser, instansi_a, screenshot_dir
):
    with scopes_disabled():
        sekretaris = user_with_role(
            Role.KOMITE_SEKRETARIS,
            instansi_a,
            username="sekretaris.browser",
            first_name="Dewi",
            last_name="Lestari",
        )
        ketua = user_with_role(
            Role.KOMITE_KETUA, instansi_a, username="ketua.browser", first_name="Ahmad", last_name="Fauzi"
        )

    page = browser.new_page(locale="id-ID")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, sekretaris.username)
    page.goto(f"{live_server.url}/komite/anggota/")
    expect(page.get_by_role("heading", name="Susunan Komite Talenta", level=1)).to_be_visible()
    page.get_by_role("link", name="Tambah anggota").click()
    page.get_by_label("Pengguna").select_option(str(ketua.pk))
    page.get_by_label("Peran dalam komite").select_option("ketua")
    page.get_by_label("Mulai").fill("2025-01-02")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages")).to_contain_text("Ahmad Fauzi ditambahkan sebagai ketua")
    expect(page.locator("#aktif-judul + table")).to_contain_text("Ahmad Fauzi")
    expect(page.locator("#aktif-judul + table")).to_contain_text("2 Januari 2025")
    expect(page.get_by_text("termasuk ketua atau pengganti ketua")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "komite-anggota-1280.png"), full_page=True)
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(screenshot_dir / "komite-anggota-390.png"), full_page=True)
    for path, name in (("/komite/anggota/tambah/", "form"), ("/komite/anggota/pengaturan/", "pengaturan")):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}{path}")
        _tanpa_gulir_samping(page)
        page.screenshot(path=str(screenshot_dir / f"komite-anggota-{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("kuorum: lebih dari … % anggota hadir").fill("60")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("lebih dari 60% anggota aktif")).to_be_visible()
    page.close()

    with scopes_disabled(), instansi_scope(instansi_a):
        notifikasi_kirim(
            instansi=instansi_a,
            penerima=[ketua],
            jenis="komite.undangan",
            judul="Undangan Sidang Komite Talenta 2025",
            isi="Sidang pada 12 Januari 2026 di Ruang Rapat Sekretariat Daerah.",
            tautan="/komite/anggota/",
            email=False,
        )
    page = browser.new_page(locale="id-ID")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, ketua.username)
    bell = page.get_by_role("link", name="Notifikasi: 1 belum dibaca")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.locator("tbody tr")).to_contain_text("Undangan Sidang Komite Talenta 2025")
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(screenshot_dir / "notifikasi-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Buka — Undangan Sidang Komite Talenta 2025").click()
    expect(page).to_have_url(f"{live_server.url}/komite/anggota/")
    expect(page.get_by_role("link", name="Notifikasi: tidak ada yang belum dibaca")).to_be_visible()
    page.close()
