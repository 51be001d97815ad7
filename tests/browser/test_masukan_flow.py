"""Kesesuaian bidang pendidikan and the next steps in Chromium: a verifier on a 390 px phone marks a
pegawai's approved education as fitting the jabatan; after the recompute the Admin BKD's talent page
of that pegawai no longer lists kesesuaian as missing, and its next steps are actions in the
inputs' own units (JP hours before 31 December, the SKP predikat of this year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.services import penempatan_flush, penempatan_mark_dirty
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import AsesmenFactory, PegawaiFactory, RiwayatPendidikanFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TAHUN = timezone.localdate().year


def _tanpa_geser_samping(page: Page) -> None:
    lebar = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1], lebar


def _flush(instansi, pegawai) -> None:
    with instansi_scope(instansi):
        penempatan_mark_dirty(instansi_id=instansi.pk, pegawai_ids=[pegawai.pk], periode=TAHUN)
        penempatan_flush(instansi=instansi, periode=TAHUN)


def test_verifier_judges_kesesuaian_and_the_talent_page_shows_actions(
    live_server, page: Page, instansi_a, make_user
):
    make_user(Role.VERIFIKATOR, instansi_a, username="verif.a", first_name="Verifikator")
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.a", first_name="Admin")
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Dewi Lestari", nama_jabatan="Analis Keuangan")
    today = timezone.localdate()
    with instansi_scope(instansi_a):
        AsesmenFactory(
            pegawai=pegawai, tanggal=today - dt.timedelta(days=100), berlaku_sampai=today + dt.timedelta(days=900),
            nilai_potensi=Decimal("70"), jpm=Decimal("80"),
        )  # fmt: skip
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(pegawai.pk, TAHUN - 1, "tahunan", "sesuai", "sesuai", "Baik")],
        )
        RiwayatPendidikanFactory(
            pegawai=pegawai,
            status="disetujui",
            jenjang="s1",
            jurusan="Akuntansi",
            institusi="Universitas Palangka Raya",
        )
    _flush(instansi_a, pegawai)

    # --- the verifier, on a phone -------------------------------------------------------------------
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "verif.a")
    page.goto(f"{live_server.url}/verifikasi-kesesuaian/")
    expect(page.get_by_role("heading", name="Kesesuaian bidang pendidikan", level=1)).to_be_visible()
    baris = page.locator("tbody tr", has_text="Dewi Lestari")
    expect(baris).to_contain_text("Analis Keuangan")
    expect(baris).to_contain_text("Akuntansi")
    expect(baris).to_contain_text("Belum dinilai")
    _tanpa_geser_samping(page)
    baris.get_by_role("button", name="Sesuai", exact=False).first.click()
    expect(page.get_by_text("1 riwayat pendidikan ditandai sesuai jabatan.")).to_be_visible()
    page.goto(f"{live_server.url}/verifikasi-kesesuaian/?status=sesuai")
    expect(page.locator("tbody tr", has_text="Dewi Lestari")).to_contain_text("Sesuai jabatan")
    _tanpa_geser_samping(page)

    # --- the recompute (the worker's job), then the Admin BKD's talent page ----------------------------
    _flush(instansi_a, pegawai)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")
    page.goto(f"{live_server.url}/pegawai/{pegawai.pk}/talenta/")
    langkah = page.locator("#langkah")
    # Potensial 16 + 17,5 + 0 + 0 + 7,5 + 10 (kesesuaian now counts) + 15 = 66: 14 points to tinggi.
    # Kinerja 48: the SKP of this year Sangat Baik, one award, or two SK tim kerja lift it.
    expect(langkah).to_contain_text(f"Raih predikat SKP tahunan {TAHUN} Sangat Baik")
    expect(langkah).to_contain_text("Tambah 1 penghargaan lagi (terverifikasi)")
    # No single action gives 14 points of potensial (40 JP give 10, five years in post 10): said plainly,
    # with a pair that is enough.
    expect(langkah.get_by_test_id("langkah-potensial-tidak-cukup")).to_contain_text(
        "Tidak ada satu langkah pun yang sendirian cukup"
    )
    expect(langkah).to_contain_text("JP pelatihan sampai target dan pengalaman jabatan sampai target")
    expect(page.locator("body")).not_to_contain_text(
        "Kesesuaian bidang pendidikan dengan jabatan saat ini belum dinilai"
    )
    expect(page.locator("body")).to_contain_text("Belum ada umpan balik 360° yang masih berlaku.")
    page.set_viewport_size({"width": 390, "height": 844})
    _tanpa_geser_samping(page)
