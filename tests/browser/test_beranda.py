"""Chromium walks every role's home page at 1280 px and 390 px (screenshots in var/screenshots/),
follows a backlog figure into the filtered verification queue, and picks English with an English
browser that still gets Bahasa Indonesia until the user chooses (remembered in a new session)."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page, expect

from apps.core.roles import Role
from apps.petatalenta.models import PengaturanTalenta
from tests.conftest import PASSWORD
from tests.factories import AsnPegawaiFactory, PenempatanFactory
from tests.instansi.test_beranda import _data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOMES = {
    Role.ADMIN_BKD: (
        "/bkd/",
        "Beranda Admin BKD",
        ["Kualitas data talenta", "Antrean verifikasi portofolio", "Impor terbaru"],
    ),
    Role.VERIFIKATOR: ("/verifikator/", "Beranda Verifikator", ["Antrean verifikasi portofolio"]),
    Role.KOMITE_KETUA: ("/komite/", "Beranda Komite Talenta", ["Suksesi jabatan kunci"]),
    Role.PPK: ("/ppk/", "Beranda Pejabat Pembina Kepegawaian", ["Suksesi jabatan kunci"]),
    Role.ASN: ("/asn/", "Selamat datang", ["Kotak talenta saya"]),
}
WIDTHS = {"lebar": (1280, 900), "ponsel": (390, 844)}


@pytest.fixture
def pengguna(make_user, instansi_a):
    users = {
        role: make_user(role, instansi_a, username=f"br.{role.value}") for role in HOMES if role != Role.ASN
    }
    asn = AsnPegawaiFactory(instansi=instansi_a, username="br.asn")
    with scopes_disabled():
        PenempatanFactory(pegawai=asn, kotak=5)
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi_a, defaults={"asn_boleh_lihat_kotak": True}
        )
    users[Role.ASN] = asn.user
    _data(instansi_a, n=4)
    return users


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk/")
    page.get_by_label("Nama pengguna atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def no_page_overflow(page: Page) -> None:
    """Nothing pushes the page wider than the window (wide tables scroll in their own wrapper)."""
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1], f"{page.url}: page {lebar[0]} px wide in a {lebar[1]} px window"


@pytest.mark.parametrize("role", list(HOMES), ids=lambda r: r.value)
def test_home_pages_at_both_widths(live_server, browser: Browser, pengguna, role, screenshot_dir):
    url, judul, kartu = HOMES[role]
    for nama, (w, h) in WIDTHS.items():
        context = browser.new_context(viewport={"width": w, "height": h}, locale="id-ID")
        page = context.new_page()
        sign_in(page, live_server.url, pengguna[role].username)
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(judul)
        for teks in kartu:
            expect(page.get_by_role("heading", name=teks)).to_be_visible()
        no_page_overflow(page)
        page.screenshot(path=str(screenshot_dir / f"beranda-{role.value}-{nama}.png"), full_page=True)
        context.close()


def test_backlog_figure_opens_the_filtered_queue(live_server, page: Page, pengguna):
    sign_in(page, live_server.url, pengguna[Role.VERIFIKATOR].username)
    expect(page).to_have_url(f"{live_server.url}/verifikator/")
    kartu = page.locator(".beranda-verifikasi")
    baris = kartu.locator("tbody tr", has_text="Sertifikat")
    baris.locator("td").last.get_by_role("link").click()  # waiting longer than 30 days
    expect(page).to_have_url(re.compile(r"/verifikasi/sertifikat/\?sampai=\d{4}-\d\d-\d\d$"))
    expect(page.locator("table tbody tr")).to_have_count(4)


def test_english_browser_gets_indonesian_until_the_user_picks_english(
    live_server, browser: Browser, pengguna, screenshot_dir
):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Masuk ke Talenta")).to_be_visible()

    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in to Talenta")).to_be_visible()

    page.get_by_label("Username or NIP").fill(pengguna[Role.ADMIN_BKD].username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BKD Admin home")
    page.screenshot(path=str(screenshot_dir / "beranda-admin_bkd-english.png"), full_page=True)

    # The top bar's switch goes back to Indonesian and stays on the page.
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beranda Admin BKD")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BKD Admin home")
    context.close()

    # Another browser, Indonesian, no cookie: the account remembers English.
    other = browser.new_context(locale="id-ID")
    page = other.new_page()
    page.goto(f"{live_server.url}/masuk/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    sign_in(page, live_server.url, pengguna[Role.ADMIN_BKD].username)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("BKD Admin home")
    other.close()
