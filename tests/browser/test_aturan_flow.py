"""Admin BKD in Chromium: a draf from the categorical preset, a numbering mistake caught by the
form, the fix, its impact preview, activation with confirmation, and the progress bar polling status.json until the
recompute finishes (then the page shows the result by itself).

The flush is held back while the page is open (as when the worker is busy) and run from the test,
so the JavaScript has a running job to follow.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta import services as petatalenta_services
from apps.petatalenta.models import AturanTalenta, Penempatan
from apps.petatalenta.services import aturan_aktif_get, penempatan_flush
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import AsesmenFactory, PegawaiFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_drafts_fixes_activates_and_watches_the_recompute(
    live_server, page: Page, admin_bkd_a, instansi_a, screenshot_dir, monkeypatch
):
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Sri Wahyuni")
    today = timezone.localdate()
    with instansi_scope(instansi_a):
        AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal(100), jpm=Decimal(100))
        skp_write(instansi=instansi_a, actor=None,
                  rows=[SkpData(pegawai.pk, today.year - 1, "tahunan", "di_atas", "di_atas", "Sangat Baik")])  # fmt: skip
        aturan_aktif_get(instansi=instansi_a)
        penempatan_flush(instansi=instansi_a)
        assert Penempatan.objects.get(pegawai=pegawai).kotak == 5
    # The worker is "busy": nothing is queued after commit until the test runs the flush itself.
    monkeypatch.setattr(petatalenta_services, "penempatan_flush_schedule", lambda **kwargs: False)

    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, admin_bkd_a.username)
    page.goto(f"{live_server.url}/talenta/aturan/")
    expect(page.locator(".aturan-baris--aktif")).to_contain_text("Preset nasional berbobot")
    page.get_by_role("link", name="Buat draf baru").click()
    page.get_by_label("Salin dari").select_option("preset:kategoris")
    page.get_by_label("Nama versi baru").fill("Kategoris 2027")
    page.get_by_role("button", name="Buat draf").click()
    expect(page.get_by_role("heading", name=re.compile("Ubah draf v2"))).to_be_visible()

    # A numbering mistake: 5 twice, 9 nowhere.
    page.get_by_label("Kinerja di atas ekspektasi, potensial tinggi").fill("5")
    page.get_by_role("button", name="Simpan draf").click()
    ringkasan = page.locator("#ringkasan-galat")
    expect(ringkasan).to_contain_text("nomor 5 dipakai 2 kali")
    expect(ringkasan).to_contain_text("nomor 9 belum dipakai")
    expect(page.locator("td.kotak-sel.field--error")).to_have_count(2)
    page.screenshot(path=str(screenshot_dir / "aturan-ubah-galat.png"), full_page=True)
    page.get_by_label("Kinerja di atas ekspektasi, potensial tinggi").fill("9")
    page.get_by_label("Kotak 9", exact=True).first.fill("Bintang Kobar")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".messages")).to_contain_text("Draf versi 2 disimpan.")
    expect(page.locator(".kotak-grid")).to_contain_text("Bintang Kobar")
    page.screenshot(path=str(screenshot_dir / "aturan-detail.png"), full_page=True)

    # Activation is offered once the impact preview has been computed (the worker runs it eagerly
    # here when the request commits); tests/browser/test_pratinjau_aturan.py walks the preview.
    page.locator(".pratinjau-kartu").get_by_role("button", name="Hitung pratinjau dampak").click()
    expect(page.locator("table.pratinjau-perubahan")).to_contain_text("Sri Wahyuni")
    page.get_by_role("link", name="Lanjut ke aktivasi v2").click()
    expect(page.locator(".banding")).to_contain_text("Berbobot (Kepka BKN 411/2025)")
    expect(page.locator(".pratinjau-kartu")).to_contain_text("pindah kotak")
    page.screenshot(path=str(screenshot_dir / "aturan-aktifkan.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Aktifkan v2")).click()
    expect(page.locator(".error")).to_contain_text("Centang konfirmasi")
    page.get_by_label(re.compile("Saya sudah memeriksa perubahannya")).check()
    page.get_by_role("button", name=re.compile("Aktifkan v2")).click()

    progress = page.locator("[data-progress-status]")
    expect(progress).to_contain_text("0 dari 1 pegawai sudah dihitung ulang")
    page.screenshot(path=str(screenshot_dir / "aturan-hitung-ulang-berjalan.png"), full_page=True)
    with instansi_scope(instansi_a):
        penempatan_flush(instansi=instansi_a)
    # status.json says selesai; the script reloads and the server renders the result.
    expect(page.locator(".message--success")).to_contain_text("Selesai", timeout=15000)
    expect(page.locator(".stat", has_text="pindah kotak").locator(".stat__value")).to_have_text("1")
    page.screenshot(path=str(screenshot_dir / "aturan-hitung-ulang-selesai.png"), full_page=True)
    page.get_by_role("link", name="Kembali ke aturan talenta").click()
    expect(page.locator(".aturan-baris--aktif")).to_contain_text("Kategoris 2027")
    page.screenshot(path=str(screenshot_dir / "aturan-daftar.png"), full_page=True)
    with instansi_scope(instansi_a):
        assert Penempatan.objects.get(pegawai=pegawai).kotak == 9
        assert dict(AturanTalenta.objects.values_list("versi", "status")) == {1: "arsip", 2: "aktif"}
