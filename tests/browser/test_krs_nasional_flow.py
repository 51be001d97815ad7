"""KRS Nasional in a real browser: the operator grants the search, a BKN analyst states a purpose,
searches and opens a profile, and the pegawai's own instansi sees who looked. Screenshots at 1280
and 390 px; no page scrolls sideways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.nasional import krs
from tests.conftest import PASSWORD
from tests.factories import AsesmenFactory, AsesmenKompetensiFactory, PegawaiFactory, PenempatanFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAMA = "Gandawasita Purnamasari"
NAMA_B = "Wiradarma Sekartaji"
TUJUAN = "Pengisian JPT Pratama Sekretaris Daerah lintas provinsi (ND BKN 800/12/2026)"


def _nominee(instansi, *, nama, nip, **kwargs):
    with instansi_scope(instansi):
        pegawai = PegawaiFactory(instansi=instansi, nama=nama, nip=nip, **kwargs)
        PenempatanFactory(
            pegawai=pegawai, kotak=9, skor_potensial=Decimal("88.50"), skor_kinerja=Decimal("92.00")
        )
        asesmen = AsesmenFactory(pegawai=pegawai, jpm=Decimal("91.25"))
        for nama_k, level in (("Integritas", 4), ("Pengambilan Keputusan", 4), ("Kerja Sama", 3)):
            AsesmenKompetensiFactory(asesmen=asesmen, kompetensi=nama_k, level_individu=level)
        krs.krs_indeks_refresh(instansi=instansi, periode=timezone.localdate().year)
    return pegawai


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk/")
    page.get_by_label("Nama pengguna atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def _logout(page: Page, base: str) -> None:
    page.context.clear_cookies()


def _shots(page: Page, screenshot_dir, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (name, width, overflow)
        page.screenshot(path=str(screenshot_dir / f"krs-nasional-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_grant_search_profile_and_the_instansi_sees_who_looked(
    live_server, page: Page, make_user, instansi_a, instansi_c, screenshot_dir
):
    base = live_server.url
    make_user(Role.OPERATOR, None, username="operator.krs")
    make_user(Role.BKN, None, username="bkn.analis", first_name="Rina", last_name="Analis")
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.krs.a")
    _nominee(
        instansi_a,
        nama=NAMA,
        nip="198501012010011001",
        gelar_depan="Dr.",
        gelar_belakang="M.Si.",
        jenis_jabatan="administrator",
        nama_jabatan="Kepala Bidang Anggaran Badan Pengelolaan Keuangan dan Aset Daerah",
        golongan="IV/a",
        tanggal_lahir=dt.date(1985, 1, 1),
    )
    _nominee(
        instansi_c,
        nama=NAMA_B,
        nip="198702022012012002",
        jenis_jabatan="fungsional",
        jenjang_fungsional="ahli_madya",
        nama_jabatan="Analis Kebijakan Ahli Madya",
        tanggal_lahir=dt.date(1987, 2, 2),
    )

    # The operator grants the search.
    _login(page, base, "operator.krs")
    page.goto(f"{base}/operator/akses-krs/")
    page.get_by_label("Akun BKN").select_option(label="Rina Analis (bkn.analis)")
    page.get_by_label("Dasar pemberian akses").fill("ND Kepala BKN 800/12/2026")
    page.get_by_label("Berlaku mulai").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Beri akses").click()
    expect(page.get_by_text("Akses KRS Nasional diberikan.")).to_be_visible()
    expect(page.locator("table")).to_contain_text("bkn.analis")
    _shots(page, screenshot_dir, "akses")
    _logout(page, base)

    # The analyst: the menu, the purpose form, the results, a filter, a profile.
    _login(page, base, "bkn.analis")
    page.get_by_text("Nasional", exact=True).click()
    page.get_by_role("link", name="Pencarian KRS Nasional").click()
    expect(page.get_by_role("heading", name="Nyatakan tujuan pencarian")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(NAMA)
    _shots(page, screenshot_dir, "tujuan")
    page.get_by_label("Tujuan pencarian").fill(TUJUAN)
    page.get_by_role("button", name="Mulai sesi pencarian").click()
    expect(page.locator("table")).to_contain_text(NAMA)
    expect(page.locator("table")).to_contain_text(NAMA_B)
    _shots(page, screenshot_dir, "hasil")
    page.get_by_text("Saringan", exact=True).click()
    page.get_by_label("Provinsi").select_option("62")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("table")).to_contain_text(NAMA)
    expect(page.locator("table")).not_to_contain_text(NAMA_B)
    page.get_by_role("link", name=f"Dr. {NAMA}, M.Si.").click()
    expect(page.get_by_role("heading", name=f"Dr. {NAMA}, M.Si.")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("198501012010011001")
    expect(page.locator("table")).to_contain_text("Pengambilan Keputusan")
    _shots(page, screenshot_dir, "profil")
    _logout(page, base)

    # The pegawai's own instansi sees who looked and why.
    _login(page, base, "admin.krs.a")
    page.goto(f"{base}/krs-nasional/pemantauan/")
    expect(page.locator("table")).to_contain_text(NAMA)
    expect(page.locator("table")).to_contain_text("bkn.analis")
    expect(page.locator("table")).to_contain_text(TUJUAN)
    expect(page.locator("body")).not_to_contain_text(NAMA_B)
    _shots(page, screenshot_dir, "pemantauan")
