"""The assessment queue in a real browser: the Admin BKD enters the year's budget in rupiah, lands
on the ranked queue, sees the budget line after the covered places and the coverage before and
after it, narrows the list by reason, and downloads the Excel file. Screenshots at 1280 and 390 px;
no page scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.pengembangan.services_antrean import antrean_asesmen_build
from tests.conftest import PASSWORD
from tests.factories import AsesmenFactory, PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk/")
    page.get_by_label("Nama pengguna atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def _shots(page: Page, screenshot_dir, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (name, width, overflow)
        page.screenshot(path=str(screenshot_dir / f"antrean-asesmen-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_budget_then_the_queue_with_its_line(live_server, page: Page, make_user, instansi_a, screenshot_dir):
    base = live_server.url
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.antrean")
    hari = timezone.localdate()
    with instansi_scope(instansi_a):
        dinas = UnitKerjaFactory(instansi=instansi_a, kode="A.09", nama="Dinas Perhubungan")
        nama = [
            "Ayu Pramesti Wulandari", "Bagus Cahyo Nugroho", "Citra Kirana Maheswari",
            "Dimas Arya Saputra", "Eka Nur Fitriani",
        ]  # fmt: skip
        for i, n in enumerate(nama):
            pegawai = PegawaiFactory(
                instansi=instansi_a,
                nama=n,
                unit_kerja=dinas,
                jenis_jabatan="pengawas" if i == 0 else "pelaksana",
            )
            if i >= 3:  # the last two assessed long ago: expired
                AsesmenFactory(
                    instansi=instansi_a, pegawai=pegawai, tanggal=hari - dt.timedelta(days=2000),
                    berlaku_sampai=hari - dt.timedelta(days=900 - i),
                )  # fmt: skip
        antrean_asesmen_build(instansi=instansi_a)

    _login(page, base, "admin.antrean")
    page.goto(f"{base}/pengembangan/antrean-asesmen/")
    expect(page.get_by_role("heading", name="Antrean Asesmen", exact=True)).to_be_visible()
    expect(page.get_by_text("garis anggaran belum dapat ditarik")).to_be_visible()
    page.get_by_role("link", name="Isi anggaran").click()

    # Rupiah without the unit cost of the chosen method: both problems at once.
    page.get_by_label("Rupiah").check()
    page.get_by_label("Metode asesmen yang dianggarkan").select_option("cact")
    page.get_by_label("Biaya CACT per orang (Rp)").fill("")
    page.get_by_role("button", name="Simpan anggaran").click()
    expect(page.get_by_text("Isi jumlah anggaran dalam rupiah (lebih dari 0).")).to_be_visible()
    expect(
        page.get_by_text("Isi biaya per orang untuk metode yang dipakai menghitung antrean.")
    ).to_be_visible()
    _shots(page, screenshot_dir, "anggaran-galat")

    # Rp 3.000.000 at Rp 1.500.000 per CACT: two places covered.
    page.get_by_label("Jumlah anggaran (Rp)").fill("3000000")
    page.get_by_label("Biaya CACT per orang (Rp)").fill("1500000")
    page.get_by_role("button", name="Simpan anggaran").click()
    expect(page.get_by_text(f"Anggaran asesmen {hari.year} disimpan.")).to_be_visible()
    garis = page.locator("#garis-anggaran")
    expect(garis).to_contain_text("Garis anggaran: urutan 1–2 tercakup")
    rows = page.locator("table tbody tr")
    # Ayu (pengawas, never assessed) is not a feeder here (no key post): order by longest without a valid asesmen.
    expect(rows.nth(0)).to_contain_text("Tercakup")
    expect(rows.nth(3)).to_contain_text("Di luar anggaran")
    expect(page.get_by_text("= 2 slot")).to_be_visible()
    expect(page.locator(".antrean-cakupan")).to_contain_text("0,0%")
    expect(page.locator(".antrean-cakupan")).to_contain_text("40,0%")
    _shots(page, screenshot_dir, "daftar")

    page.get_by_text("Saringan", exact=True).click()
    page.get_by_label("Status asesmen").select_option("kedaluwarsa")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text("2 pegawai dalam daftar ini")).to_be_visible()
    expect(page.get_by_text("Dimas Arya Saputra")).to_be_visible()
    expect(page.get_by_text("Ayu Pramesti Wulandari")).to_have_count(0)
    _shots(page, screenshot_dir, "saring")

    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Ekspor Excel untuk assessment center").click()
    assert unduhan.value.suggested_filename == f"antrean-asesmen-{hari.year}.xlsx"
