"""A real browser signs in, looks around its own instansi, and signs out; and a guesser gets locked out.

The server is pytest-django's live_server (a real HTTP server on the test database); Chromium talks
to it over HTTP with the Indonesian locale, so CSRF cookies, sessions, redirects and the
LocaleMiddleware all run as for a user.
"""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# serialized_rollback: a transactional test flushes the database afterwards; the Kemendagri
# reference regions (loaded by a migration) must come back for the tests that follow.

WRONG = "bukan-kata-sandinya-9"
B_UNIT = "Dinas Perikanan Sampit"


@pytest.fixture
def units(instansi_a, instansi_b):
    """Instansi A: two perangkat daerah, two bidang, one seksi. Instansi B: one dinas."""
    pendidikan = UnitKerjaFactory(instansi=instansi_a, kode="A.01", nama="Dinas Pendidikan")
    pembinaan_sd = UnitKerjaFactory(
        instansi=instansi_a, kode="A.01.01", nama="Bidang Pembinaan SD", jenis="bidang", induk=pendidikan
    )
    UnitKerjaFactory(
        instansi=instansi_a, kode="A.01.01.01", nama="Seksi Kurikulum", jenis="seksi", induk=pembinaan_sd
    )
    kesehatan = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan")
    UnitKerjaFactory(
        instansi=instansi_a,
        kode="A.02.01",
        nama="Bidang Pelayanan Kesehatan",
        jenis="bidang",
        induk=kesehatan,
    )
    UnitKerjaFactory(instansi=instansi_b, kode="B.01", nama=B_UNIT)


def fill_login(page: Page, username: str, password: str) -> None:
    page.get_by_label("Nama pengguna atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def stat(page: Page, label: str):
    return page.locator(".stat", has_text=label).locator(".stat__value")


def test_admin_bkd_logs_in_sees_own_tree_and_logs_out(
    live_server, page: Page, admin_bkd_a, instansi_a, instansi_b, units, screenshot_dir
):
    page.goto(f"{live_server.url}/masuk/")
    expect(page).to_have_title("Masuk · Talenta")
    expect(page.get_by_role("heading", name="Masuk ke Talenta")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.screenshot(path=str(screenshot_dir / "01-masuk.png"), full_page=True)

    fill_login(page, "admin.a", PASSWORD)

    # Beranda → /bkd/: the caller's instansi and its unit counts.
    expect(page).to_have_url(f"{live_server.url}/bkd/")
    expect(page.get_by_role("heading", name="Beranda Admin BKD")).to_be_visible()
    expect(page.locator(".topbar__instansi")).to_have_text(instansi_a.nama)
    expect(page.locator(".facts")).to_contain_text("Pemerintah Kabupaten Kotawaringin Barat")
    expect(page.locator(".facts")).to_contain_text("6201")
    expect(stat(page, "Perangkat daerah")).to_have_text("2")
    expect(stat(page, "Bidang/Bagian")).to_have_text("2")
    expect(stat(page, "Seksi/Subbidang")).to_have_text("1")
    expect(page.locator(".topbar__user .badge")).to_have_text("Admin BKD")
    # The login just made shows up in the recent activity.
    activity = page.locator("section", has=page.get_by_role("heading", name="Aktivitas terbaru"))
    expect(activity).to_contain_text("auth.login")
    expect(activity).to_contain_text("admin.a")
    expect(page.locator("body")).not_to_contain_text(instansi_b.nama)
    expect(page.locator("body")).not_to_contain_text(B_UNIT)
    page.screenshot(path=str(screenshot_dir / "02-beranda-admin-bkd.png"), full_page=True)

    # The menu leads to the unit kerja tree (inside the Organisasi group).
    nav = page.get_by_role("navigation", name="Menu utama")
    expect(nav.get_by_role("link", name="Unit Kerja", exact=True)).to_be_hidden()
    nav.get_by_text("Organisasi", exact=True).click()
    nav.get_by_role("link", name="Unit Kerja", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/unit-kerja/")
    expect(page.get_by_role("heading", name="Pohon unit kerja")).to_be_visible()
    tree = page.get_by_role("tree", name="Pohon unit kerja")
    for nama in [
        "Dinas Pendidikan",
        "Bidang Pembinaan SD",
        "Seksi Kurikulum",
        "Dinas Kesehatan",
        "Bidang Pelayanan Kesehatan",
    ]:
        expect(tree.get_by_role("link", name=nama, exact=True)).to_be_visible()
    # Nesting: the seksi sits in the group under its bidang, the bidang under its dinas.
    bidang_item = tree.get_by_role("link", name="Bidang Pembinaan SD", exact=True).locator("xpath=..")
    expect(bidang_item.locator("xpath=./ul[@role='group']")).to_contain_text("Seksi Kurikulum")
    dinas_item = tree.get_by_role("link", name="Dinas Pendidikan", exact=True).locator("xpath=..")
    expect(dinas_item.locator("xpath=./ul[@role='group']")).to_contain_text("Bidang Pembinaan SD")
    expect(dinas_item.locator("xpath=./ul[@role='group']")).not_to_contain_text("Bidang Pelayanan Kesehatan")
    # Two root nodes, in kode order.
    expect(tree.locator("xpath=./li/a")).to_have_text(["Dinas Pendidikan", "Dinas Kesehatan"])
    expect(page.get_by_role("link", name="Tambah perangkat daerah")).to_be_visible()
    # Instansi B's unit is nowhere, not even in the HTML source.
    expect(page.locator("body")).not_to_contain_text(B_UNIT)
    assert B_UNIT not in page.content()
    page.screenshot(path=str(screenshot_dir / "03-pohon-unit-kerja.png"), full_page=True)

    # Sign out with the header's POST button.
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}/masuk/")
    expect(page.get_by_role("heading", name="Masuk ke Talenta")).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)

    # Signed out for real: the tree now sends the browser to the login page.
    page.goto(f"{live_server.url}/unit-kerja/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/unit-kerja/$"))

    with scopes_disabled():
        actions = list(
            AuditEvent.objects.filter(actor=admin_bkd_a, action__startswith="auth.")
            .order_by("created_at", "id")
            .values_list("action", flat=True)
        )
    assert actions == ["auth.login", "auth.logout"]


def test_five_wrong_passwords_lock_this_address_with_the_lockout_page(
    live_server, page: Page, admin_bkd_a, screenshot_dir
):
    page.goto(f"{live_server.url}/masuk/")
    alert = page.get_by_role("alert")
    password = page.get_by_label("Kata sandi")

    for _ in range(4):
        fill_login(page, "admin.a", WRONG)
        # The re-rendered page never echoes the password: an empty field means the new page is in.
        expect(password).to_have_value("")
        expect(alert).to_contain_text("Nama pengguna/NIP atau kata sandi salah")
        expect(alert).not_to_contain_text("Terlalu banyak")
        expect(page.get_by_label("Nama pengguna atau NIP")).to_have_value("admin.a")

    fill_login(page, "admin.a", WRONG)  # the fifth: django-axes locks this (account, address)
    expect(page).to_have_title("Terlalu banyak percobaan · Talenta")
    expect(page.get_by_role("heading", name="Terlalu banyak percobaan")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."
    )
    page.screenshot(path=str(screenshot_dir / "04-masuk-terkunci.png"), full_page=True)

    # Locked means locked: the right password is refused too.
    page.get_by_role("link", name="Kembali ke halaman masuk").click()
    fill_login(page, "admin.a", PASSWORD)
    expect(page.get_by_role("heading", name="Terlalu banyak percobaan")).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)

    with scopes_disabled():
        assert AuditEvent.objects.filter(action="auth.login_failed", actor_label="admin.a").count() == 5
        assert AuditEvent.objects.filter(action="auth.lockout", actor_label="admin.a").count() == 1
        assert AuditEvent.objects.filter(action="auth.login_locked", actor_label="admin.a").count() == 1
        assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_api_token_page_at_390_px(live_server, page: Page, admin_bkd_a, screenshot_dir):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/bkd/")

    page.goto(f"{live_server.url}/akun/token/")
    expect(page.get_by_role("heading", name="Token API", exact=True)).to_be_visible()
    page.get_by_label("Nama perangkat atau aplikasi").fill("Skrip impor SKP dari laptop kantor bidang mutasi")
    page.get_by_role("button", name="Buat token").click()
    token = page.locator(".token-baru__teks")
    expect(token).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator(".token-daftar__item")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    box = token.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(screenshot_dir / "05-token-api-390.png"), full_page=True)

    page.get_by_role("button", name=re.compile("^Cabut “Skrip impor SKP")).click()
    expect(page.get_by_text("Anda belum memiliki token API yang aktif.")).to_be_visible()
    expect(page.locator(".token-baru__teks")).to_have_count(0)
