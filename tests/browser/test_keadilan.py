"""The fairness lenses in Chromium: an Admin BKD opens the instansi lens through the menu, sees a
flagged group and a small cell, opens the box distribution and exports CSV; BKN opens the national
lens, picks Kalimantan Tengah and exports Excel. Every page at 1280 px and 390 px: nothing wider
than the screen.

Placements and summary rows are written directly, as the workers store them (pages only read them).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.nasional.models import RingkasanInstansi
from apps.petatalenta.periode import periode_sekarang
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import PegawaiFactory, PenempatanFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _data(instansi_a, instansi_b):
    """Instansi A: 20 women (10 in box 9), 20 men (none in the pool) in Dinas Pendidikan, and 2
    pegawai in Dinas Kesehatan (a small cell). Summary rows of A and B for the national lens."""
    dinas = UnitKerjaFactory(instansi=instansi_a, kode="A.01", nama="Dinas Pendidikan")
    kecil = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan")
    with instansi_scope(instansi_a):
        for i in range(42):
            pegawai = PegawaiFactory(
                instansi=instansi_a,
                unit_kerja=kecil if i >= 40 else dinas,
                jenis_kelamin="P" if i < 20 else "L",
                pendidikan_terakhir=("s1", "s2", "d3")[i % 3],
            )
            PenempatanFactory(pegawai=pegawai, kotak=9 if i < 10 else 5)
    kelompok = {
        "jenis_kelamin": {
            "P": {"n": 120, "pool": 40, "kotak": {"9": 40, "5": 80}},
            "L": {"n": 130, "pool": 10, "kotak": {"9": 10, "5": 118, "1": 2}},
        },
        "pendidikan": {
            "sarjana": {"n": 248, "pool": 48, "kotak": {"9": 48, "5": 200}},
            "s3": {"n": 2, "pool": 2, "kotak": {"9": 2}},
        },
    }
    for instansi in (instansi_a, instansi_b):
        RingkasanInstansi.objects.create(
            instansi=instansi, periode=periode_sekarang(), kelompok=kelompok, diperbarui_pada=timezone.now()
        )


def _tanpa_luapan(page: Page, nama: str, screenshot_dir: Path):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.screenshot(path=str(screenshot_dir / f"keadilan-{nama}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (nama, width, overflow)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_admin_bkd_and_bkn_read_their_fairness_lens_and_export_it(
    live_server, page: Page, instansi_a, instansi_b, make_user, screenshot_dir
):
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.a")
    make_user(Role.BKN, username="bkn.pusat")
    _data(instansi_a, instansi_b)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- the instansi lens, through the menu ---------------------------------------------------------
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")
    page.locator("summary", has_text="Talenta").click()
    page.get_by_role("link", name="Lensa Keadilan", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/keadilan/")
    expect(page.get_by_role("heading", name="Lensa Keadilan", level=1)).to_be_visible()
    flagged = page.locator("ul.ditandai li")
    expect(flagged.filter(has_text="Jenis kelamin: Perempuan")).to_contain_text("lebih tinggi")
    expect(flagged.filter(has_text="Jenis kelamin: Perempuan")).to_contain_text("50,0 %")
    pd = page.locator("#dimensi-perangkat_daerah")
    kesehatan = pd.locator(".tabel-keadilan tbody tr", has_text="Dinas Kesehatan")
    expect(kesehatan).to_contain_text("< 5")
    expect(kesehatan).to_contain_text("tidak diuji (sel kecil)")
    # The chart of a dimension is drawn by the bundled Chart.js: the groups shown plus the total.
    bars = page.wait_for_function(
        "() => window.Chart && Chart.getChart('grafik-jenis_kelamin')?.data.labels.length"
    ).json_value()
    assert bars == 3
    sebaran = page.locator("#dimensi-jenis_kelamin details.sebaran-kotak")
    sebaran.locator("summary").click()
    expect(sebaran.locator("tbody tr", has_text="Perempuan")).to_contain_text("10")
    _tanpa_luapan(page, "instansi", screenshot_dir)

    with page.expect_download() as info:
        page.get_by_role("link", name="Ekspor CSV").click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][1] == "Kelompok"
    assert next(r for r in rows if r[1] == "Dinas Kesehatan")[2] == "< 5"
    assert next(r for r in rows if r[1] == "Perempuan")[11] == "ya, lebih tinggi"
    page.get_by_role("button", name="Keluar").click()

    # --- the national lens, then one province --------------------------------------------------------
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "bkn.pusat")
    page.locator("summary", has_text="Nasional").click()
    page.get_by_role("link", name="Lensa Keadilan", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/nasional/keadilan/")
    expect(page.locator(".kesegaran")).to_contain_text("ringkasan 2 instansi")
    _tanpa_luapan(page, "nasional", screenshot_dir)
    page.get_by_label("Provinsi").select_option(label="Kalimantan Tengah")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalimantan Tengah")
    s3 = page.locator("#dimensi-pendidikan .tabel-keadilan tbody tr", has_text="S-3")
    expect(s3).to_contain_text("< 5")
    expect(s3).to_contain_text("tidak diuji")
    # S-3 is the only small group: D-IV/S-1 is hidden too (total minus it would give S-3), so the
    # dimension has no rate to chart.
    expect(page.locator("#dimensi-pendidikan .tabel-keadilan tbody tr", has_text="D-IV/S-1")).to_contain_text(
        "disembunyikan"
    )
    expect(page.locator("#grafik-pendidikan")).to_have_count(0)
    expect(page.locator("ul.ditandai")).to_contain_text("Perempuan")
    _tanpa_luapan(page, "provinsi", screenshot_dir)

    with page.expect_download() as info:
        page.get_by_role("link", name="Ekspor Excel").click()
    assert info.value.suggested_filename == f"lensa-keadilan-provinsi-62-{periode_sekarang()}.xlsx"
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert next(r for r in values if r[1] == "S-3")[2] == "< 5"
    assert next(r for r in values if r[1] == "Perempuan")[2] == 240
    assert errors == []
