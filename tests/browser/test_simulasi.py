"""The what-if in Chromium: Admin BKD opens a pegawai's Peta Talenta, follows "Simulasi (bagaimana
jika)", sees the form prefilled with the pegawai's own values, enters a new asesmen and training
hours, and reads the simulated box beside the current one; then the ASN does the same for
themself on a phone. At 1280 and 390 px the page never scrolls sideways and every table fits or
says that it scrolls (the check of test_tabel_sempit). Screenshots: var/screenshots/simulasi-*.png.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.models import Penempatan, PengaturanTalenta, RiwayatPenempatan
from tests.browser.test_portfolio_flow import fill_login
from tests.browser.test_tabel_sempit import CHECK
from tests.factories import AsesmenFactory, PegawaiFactory, UnitKerjaFactory
from tests.petatalenta.profil_data import TAHUN_LALU, flush, skp_buat

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _rapi(page: Page) -> None:
    assert page.evaluate(CHECK) == []


def _counts(instansi):
    with instansi_scope(instansi):
        return (
            list(Penempatan.objects.values_list("pk", "kotak", "inputs_hash", "dirty_since").order_by("pk")),
            RiwayatPenempatan.objects.count(),
        )


def test_admin_bkd_and_the_asn_simulate_a_new_asesmen_and_training(
    live_server, page: Page, instansi_a, make_user, screenshot_dir
):
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.a", first_name="Admin", last_name="BKD")
    asn = make_user(Role.ASN, instansi_a, username="asn.a", first_name="Rina", last_name="Lestari")
    unit = UnitKerjaFactory(instansi=instansi_a, kode="A.01", nama="Dinas Pekerjaan Umum dan Penataan Ruang")
    pegawai = PegawaiFactory(
        instansi=instansi_a, unit_kerja=unit, user=asn, nama="Rina Lestari", nama_jabatan="Analis Kebijakan"
    )
    with instansi_scope(instansi_a):
        AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)  # box 2: potensial 57,50 (rendah), kinerja 60 (sesuai)
    sebelum = _counts(instansi_a)

    # --- Admin BKD at 1280 px -----------------------------------------------------------------------
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")
    expect(page).to_have_url(f"{live_server.url}/bkd/")
    page.goto(f"{live_server.url}/pegawai/{pegawai.pk}/talenta/")
    page.get_by_role("link", name="Simulasi (bagaimana jika)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Simulasi (bagaimana jika) · Rina Lestari")
    # Prefilled with the pegawai's own values; the asesmen fields start empty (a new one is optional).
    expect(page.get_by_label(f"Predikat SKP tahunan {TAHUN_LALU}")).to_have_value("Sangat Baik")
    expect(page.get_by_label("Jam pelajaran (JP) diklat")).to_have_value("0")
    expect(page.get_by_label("JPM kompetensi")).to_have_value("")
    expect(page.get_by_role("heading", name="Penempatan saat ini", exact=True)).to_be_visible()
    _rapi(page)

    page.get_by_label("JPM kompetensi").fill("110")
    page.get_by_label("Nilai potensi").fill("92,5")
    page.get_by_label("Jam pelajaran (JP) diklat").fill("40")
    page.get_by_label("Pendidikan tertinggi").select_option("s2")
    page.get_by_role("button", name="Hitung simulasi").click()
    expect(page.get_by_role("heading", name="Hasil simulasi", exact=True)).to_be_visible()
    perubahan = page.get_by_test_id("perubahan")
    expect(perubahan).to_contain_text("JPM 110, nilai potensi 92,50")
    expect(perubahan).to_contain_text("40 JP (sekarang: 0 JP)")
    # potensial 20 + 23,13 + 10 + 0 + 9 + 0 + 15 = 77,13 (menengah); kinerja 60 (sesuai): box 5
    expect(page.get_by_test_id("kotak-simulasi").locator(".kotak-nomor")).to_have_text("5")
    banding = page.get_by_test_id("banding")
    expect(banding.get_by_role("row", name=re.compile("^Potensial"))).to_contain_text("57,50")
    expect(banding.get_by_role("row", name=re.compile("^Potensial"))).to_contain_text("77,13")
    expect(page.locator("td.sel-kotak--aktif")).to_contain_text("simulasi")
    expect(page.locator("td.sel-kotak--saat-ini")).to_contain_text("saat ini")
    _rapi(page)
    page.screenshot(path=str(screenshot_dir / "simulasi-1280-bkd.png"), full_page=True)

    # A bad value: the message on the field, no result.
    page.get_by_label("JPM kompetensi").fill("250")
    page.get_by_role("button", name="Hitung simulasi").click()
    expect(page.get_by_text("JPM harus angka 0–200 dengan paling banyak dua desimal")).to_be_visible()
    expect(page.get_by_test_id("kotak-simulasi")).to_have_count(0)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _rapi(page)
    page.screenshot(path=str(screenshot_dir / "simulasi-390-bkd-galat.png"), full_page=True)
    page.context.clear_cookies()

    # --- the ASN, on a phone, once the instansi shows ASN their box ----------------------------------
    with instansi_scope(instansi_a):
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi_a, defaults={"asn_boleh_lihat_kotak": True}
        )
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "asn.a")
    page.goto(f"{live_server.url}/saya/talenta/")
    page.get_by_role("link", name="Simulasi (bagaimana jika)").click()
    expect(page).to_have_url(f"{live_server.url}/saya/talenta/simulasi/")
    page.get_by_label(f"Predikat SKP tahunan {TAHUN_LALU}").select_option("Baik")
    page.get_by_label("Jam pelajaran (JP) diklat").fill("40")
    page.get_by_role("button", name="Hitung simulasi").click()
    expect(page.get_by_role("heading", name="Hasil simulasi", exact=True)).to_be_visible()
    # potensial 67,50 (menengah); kinerja 48 (di bawah): box 3
    expect(page.get_by_test_id("kotak-simulasi").locator(".kotak-nomor")).to_have_text("3")
    _rapi(page)
    page.screenshot(path=str(screenshot_dir / "simulasi-390-asn.png"), full_page=True)

    assert _counts(instansi_a) == sebelum  # nothing written by any of it
