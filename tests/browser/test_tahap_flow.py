"""The stage tracker in a browser: the Admin BKD declares the Perkada with its PDF and downloads it
back; BKN opens the list of every instansi, narrows it to Kalimantan Tengah and exports it (the
file is parsed). Both pages fit at 1280 px and at 390 px (nothing scrolls sideways)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.nasional.models import RingkasanInstansi
from apps.nasional.tahap import tahap_baca
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _tanpa_gulir_samping(page: Page, screenshot_dir, nama: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
        page.screenshot(path=str(screenshot_dir / f"{nama}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_admin_declares_and_bkn_sees_and_exports(
    live_server, browser, instansi_a, instansi_c, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    with scopes_disabled():
        admin = user_with_role(Role.ADMIN_BKD, instansi_a, username="admin.tahap", first_name="Rina")
        bkn = user_with_role(Role.BKN, None, username="bkn.tahap")

    page = browser.new_page(locale="id-ID", accept_downloads=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, admin.username)
    page.locator("summary", has_text="Organisasi").click()
    page.get_by_role("link", name="Tahap Implementasi", exact=True).click()
    expect(page.get_by_role("heading", name="Tahap Implementasi Manajemen Talenta", level=1)).to_be_visible()
    page.get_by_label("Butir yang dinyatakan").select_option("perkada")
    page.get_by_label("Nomor dokumen").fill("188.45/12/2025")
    page.get_by_label("Tanggal dokumen").fill("2025-02-03")
    page.get_by_label("Dokumen bukti (PDF)").set_input_files(
        files=[{"name": "Perkada 12 2025.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Simpan deklarasi").click()
    expect(page.locator(".messages")).to_contain_text("Deklarasi dan dokumen buktinya tersimpan")
    tahap2 = page.locator("section", has=page.get_by_role("heading", name="Tahap 2:"))
    expect(tahap2).to_contain_text("Dokumen nomor 188.45/12/2025")
    expect(tahap2).to_contain_text("Dinyatakan dengan dokumen")
    with page.expect_download() as info:
        page.get_by_role("link", name="Perkada 12 2025.pdf").click()
    assert info.value.suggested_filename == "Perkada 12 2025.pdf"
    assert Path(info.value.path()).read_bytes() == PDF
    _tanpa_gulir_samping(page, screenshot_dir, "tahap-instansi")

    # The summary refresh stores what the tracker reads: the declaration marked instansi A's
    # summary and the (eager) worker refreshed it; instansi C's row is written here.
    with instansi_scope(instansi_a):
        hasil = tahap_baca(instansi=instansi_a)
        row = RingkasanInstansi.objects.get(instansi=instansi_a, periode=timezone.localdate().year)
    assert (row.tahap_implementasi, row.skor_kti, row.tahap_rincian) == (
        hasil.tahap,
        hasil.skor_kti,
        hasil.rincian,
    )
    RingkasanInstansi.objects.create(
        instansi=instansi_c, periode=timezone.localdate().year, diperbarui_pada=timezone.now()
    )

    bkn_page = browser.new_page(locale="id-ID", accept_downloads=True)
    bkn_page.set_viewport_size({"width": 1280, "height": 900})
    bkn_page.goto(f"{live_server.url}/masuk/")
    fill_login(bkn_page, bkn.username)
    bkn_page.locator("summary", has_text="Nasional").click()
    bkn_page.get_by_role("link", name="Tahap Implementasi", exact=True).click()
    expect(bkn_page.get_by_role("heading", level=1)).to_contain_text("Tahap Implementasi")
    tabel = bkn_page.locator("#per-instansi ~ .table-wrap table, section:has(#per-instansi) table")
    expect(tabel.first).to_contain_text(instansi_a.nama)
    expect(tabel.first).to_contain_text(instansi_c.nama)
    bkn_page.get_by_label("Provinsi").select_option("62")
    bkn_page.get_by_role("button", name="Terapkan").click()
    expect(tabel.first).to_contain_text(instansi_a.nama)
    expect(tabel.first).not_to_contain_text(instansi_c.nama)
    _tanpa_gulir_samping(bkn_page, screenshot_dir, "tahap-daftar")
    with bkn_page.expect_download() as info:
        bkn_page.get_by_role("link", name="Ekspor CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    header, *data = rows
    assert [row[0] for row in data] == [instansi_a.kode]
    assert data[0][header.index("Perkada tentang manajemen talenta")] == "Dinyatakan dengan dokumen"
