"""Admin BKD in Chromium: the nine-box page with a filter, the "Unduh laporan PDF" button, the
progress page, and the downloaded Peta Talenta PDF carrying the filter and only the filtered people.
The nine-box and the progress page at 1280 and 390 px never scroll sideways.

`peta_talenta_pdf_unduh()` is the reusable part: any browser test signed in as a role with
talenta.view can download the report of the nine-box it just looked at (the rule-set preview test
does after activating a draft)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from apps.core.laporan import laporan_job_create
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.laporan import LAPORAN_PETA_TALENTA
from tests.browser.test_portfolio_flow import fill_login
from tests.petatalenta.laporan_data import TAHUN, peta_laporan_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/h4shots")  # noqa: S108 - screenshots for a human to look at
JOB_URL = re.compile(r"/talenta/sembilan-kotak/laporan/[0-9a-f-]{36}/$")


def peta_talenta_pdf_unduh(
    page: Page,
    *,
    base_url: str,
    saringan: dict[str, str] | None = None,
    periode: int | None = None,
    timeout_ms: int = 120_000,
) -> str:
    """Open the nine-box page, apply `saringan` (filter field name → option value, e.g.
    {"unit": "12", "jenis_jabatan": "fungsional"}) through the page's own filter form, press
    "Unduh laporan PDF", wait on the progress page until it offers the file (an eager or a real
    `reports` worker), download it and return its text (whitespace collapsed). The page must be
    signed in as a role with talenta.view; the caller's test should point settings.MEDIA_ROOT at
    its tmp_path (the report file is written there)."""
    url = f"{base_url}/talenta/sembilan-kotak/"
    page.goto(f"{url}?periode={periode}" if periode else url)
    if saringan:
        form = page.locator("form.ninebox-filters")
        for name, value in saringan.items():
            form.locator(f'select[name="{name}"]').select_option(value)
        form.get_by_role("button", name="Terapkan").click()
        for name, value in saringan.items():
            expect(page).to_have_url(re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|$)"))
    page.get_by_role("button", name="Unduh laporan PDF").click()
    expect(page).to_have_url(JOB_URL)
    link = page.get_by_role("link", name="Unduh PDF")
    expect(link).to_be_visible(timeout=timeout_ms)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("peta-talenta-") and download.suggested_filename.endswith(
        ".pdf"
    )
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def tidak_geser(page: Page) -> None:
    lebih = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.nav-group__menu'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    lebar, layar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar <= layar, (page.url, lebar, layar, lebih)


def test_admin_bkd_filters_the_nine_box_and_downloads_the_peta_talenta_pdf(
    live_server, page: Page, instansi_a, instansi_b, unit_tree_a, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    admin = make_user(Role.ADMIN_BKD, instansi_a, username="admin.a", first_name="Admin", last_name="BKD")
    data = peta_laporan_data(instansi_a, instansi_b, unit_tree_a)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")
    expect(page).to_have_url(f"{live_server.url}/bkd/")

    text = peta_talenta_pdf_unduh(
        page, base_url=live_server.url, saringan={"unit": str(data["dinas"].pk)}, periode=TAHUN
    )
    assert "Unit kerja: Dinas Pendidikan dan unit di bawahnya" in text
    assert f"Laporan Peta Talenta {TAHUN}" in text
    for nama in ("Ahmad Bintang Unggul", "Budi Tengah Stabil", "Citra Turun Kotak", "Dewi Kurang Data"):
        assert nama in text
    assert "Eko Luar Unit" not in text
    assert "Belum ada hasil asesmen kompetensi." in text
    assert "Naik: 1 · Tetap: 1 · Turun: 1" in text
    # The finished job page, then the nine-box with the filter, at both widths.
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Peta Talenta (PDF)")
    expect(page.locator("main")).to_contain_text("Unit kerja: Dinas Pendidikan dan unit di bawahnya")
    job_url = page.url
    nine_box = f"{live_server.url}/talenta/sembilan-kotak/?periode={TAHUN}&unit={data['dinas'].pk}"
    with instansi_scope(instansi_a):
        menunggu = laporan_job_create(jenis=LAPORAN_PETA_TALENTA, instansi=instansi_a, actor=admin)
    progress_url = f"{live_server.url}/talenta/sembilan-kotak/laporan/{menunggu.uuid}/"
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(nine_box)
        expect(page.get_by_role("button", name="Unduh laporan PDF")).to_be_visible()
        expect(page.get_by_role("button", name="Unduh Excel")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"sembilan-kotak-{width}.png"), full_page=True)
        tidak_geser(page)
        page.goto(job_url)
        page.screenshot(path=str(SHOTS / f"laporan-selesai-{width}.png"), full_page=True)
        tidak_geser(page)
        # A job nobody has taken yet: the bar and the line under it, polling.
        page.goto(progress_url)
        expect(page.locator("[data-progress-teks]")).to_have_text("Menunggu giliran…")
        page.screenshot(path=str(SHOTS / f"laporan-kemajuan-{width}.png"), full_page=True)
        tidak_geser(page)
