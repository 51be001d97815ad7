"""BKN in Chromium: the national rekap → Kalimantan Tengah (62) → Kota Palangka Raya (6271) and back,
a table exported as CSV (the download parsed), sorting a table, the charts drawn, and no sideways
scrolling at 1280 and 390 px.

Summary rows are written directly, as the workers store them (the pages only read them)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.petatalenta.periode import periode_sekarang
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import instansi_for
from tests.factories_nasional import RingkasanInstansiFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEKARANG = periode_sekarang()


def _tanpa_geser(page: Page, nama: str, screenshot_dir, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    page.screenshot(path=str(screenshot_dir / f"nasional-{nama}-{width}.png"), full_page=True)


def test_bkn_drills_from_the_nation_to_palangka_raya_and_exports_a_table(
    live_server, page: Page, make_user, screenshot_dir
):
    make_user(Role.BKN, username="bkn.pusat", first_name="Analis", last_name="BKN")
    palangka = instansi_for("6271")  # Kota Palangka Raya, Kalimantan Tengah
    kobar = instansi_for("6201")
    sambas = instansi_for("6101")
    for periode, pegawai in ((SEKARANG - 2, 4200), (SEKARANG - 1, 4350), (SEKARANG, 4500)):
        RingkasanInstansiFactory(instansi=palangka, periode=periode, jumlah_pegawai=pegawai)
    RingkasanInstansiFactory(instansi=kobar, jumlah_pegawai=3100)
    RingkasanInstansiFactory(instansi=sambas, jumlah_pegawai=5200)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "bkn.pusat")
    expect(page).to_have_url(f"{live_server.url}/nasional/")
    expect(page.get_by_role("heading", name="Rekap nasional", level=1)).to_be_visible()
    expect(page.locator(".nasional-kesegaran")).to_contain_text(f"Data per periode {SEKARANG}")
    # Charts are drawn by Chart.js from the app's static files.
    page.wait_for_function("document.querySelectorAll('canvas[data-grafik]').length >= 2")
    assert page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-grafik]')).every(c => window.Chart.getChart(c))"
    )
    expect(page.locator("#tabel-provinsi tbody tr", has_text="Kalimantan Tengah")).to_contain_text("7.600")
    _tanpa_geser(page, "nasional", screenshot_dir, 1280)

    # Sorting: by pegawai, descending → Kalimantan Tengah (7,600) before Kalimantan Barat (5,200).
    header = page.locator("#tabel-provinsi th", has_text="Pegawai aktif").locator("button")
    header.click()
    header.click()
    first = page.locator("#tabel-provinsi tbody tr").first
    expect(first).to_contain_text("Kalimantan Tengah")

    # --- the province ----------------------------------------------------------------------------
    page.locator("#tabel-provinsi").get_by_role("link", name="Kalimantan Tengah").click()
    expect(page).to_have_url(re.compile(r"/nasional/provinsi/62/\?periode=\d{4}$"))
    expect(page.get_by_role("heading", name="Provinsi Kalimantan Tengah", level=1)).to_be_visible()
    rows = page.locator("#tabel-instansi tbody tr")
    expect(rows).to_have_count(2)
    _tanpa_geser(page, "provinsi", screenshot_dir, 1280)

    # Export the per-instansi table as CSV and read the file.
    with page.expect_download() as info:
        page.locator("#tabel-instansi").get_by_role("link", name=re.compile("^CSV")).click()
    download = info.value
    assert download.suggested_filename == f"provinsi-62-{SEKARANG}-instansi.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    data = list(csv.reader(io.StringIO(content)))
    assert data[0][:3] == ["Kode", "Instansi", "Pegawai aktif"]
    assert [(r[0], r[2]) for r in data[1:]] == [("6201", "3100"), ("6271", "4500")]

    # --- the instansi ----------------------------------------------------------------------------
    page.locator("#tabel-instansi").get_by_role("link", name=palangka.nama).click()
    expect(page).to_have_url(re.compile(r"/nasional/instansi/6271/\?periode=\d{4}$"))
    expect(page.get_by_role("heading", name=palangka.nama, level=1)).to_be_visible()
    expect(page.locator("#tabel-tren tbody tr")).to_have_count(3)
    expect(page.locator("#tabel-kelompok")).to_contain_text("< 5")
    _tanpa_geser(page, "instansi", screenshot_dir, 1280)

    # The period selector shows an earlier year's row.
    page.get_by_label("Periode", exact=True).select_option(str(SEKARANG - 1))
    expect(page).to_have_url(re.compile(rf"periode={SEKARANG - 1}"))
    expect(page.locator("#tabel-ringkasan tbody tr").nth(3)).to_have_text(
        re.compile(r"Pegawai aktif\s*4\.350")
    )

    # --- back up through the breadcrumb, and the narrow screen -----------------------------------
    page.locator(".breadcrumb").get_by_role("link", name="Provinsi Kalimantan Tengah").click()
    expect(page).to_have_url(re.compile(r"/nasional/provinsi/62/"))
    page.locator(".breadcrumb").get_by_role("link", name="Nasional").click()
    expect(page).to_have_url(re.compile(r"/nasional/\?periode="))

    # --- the stage tracker from the menu, filtered to the province -------------------------------
    page.locator("summary", has_text="Nasional").click()
    page.get_by_role("link", name="Tahap Implementasi", exact=True).click()
    expect(page).to_have_url(re.compile(r"/nasional/tahap/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tahap Implementasi")
    expect(page.get_by_role("link", name=palangka.nama)).to_be_visible()
    _tanpa_geser(page, "tahap", screenshot_dir, 1280)

    page.set_viewport_size({"width": 390, "height": 844})
    for nama, path in (
        ("nasional", "/nasional/"),
        ("provinsi", "/nasional/provinsi/62/"),
        ("instansi", "/nasional/instansi/6271/"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_function("document.querySelectorAll('canvas[data-grafik]').length >= 1")
        _tanpa_geser(page, nama, screenshot_dir, 390)
