"""An ASN finds the beat's reminders in the inbox (a rejection with its reason, the weekly digest),
opens the preferences from there and turns the digest's e-mail off; inbox and preferences fit at
1280 px and at 390 px (nothing scrolls sideways)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from apps.core.tenancy import instansi_scope
from apps.notifikasi.models import PreferensiNotifikasi
from apps.notifikasi.services_pengingat import pengingat_jalankan
from apps.pegawai.models import StatusVerifikasi
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import AsnPegawaiFactory, RiwayatDiklatFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _tanpa_gulir_samping(page: Page) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        # Chromium lays the page out again after a resize on its own schedule: give it up to 2 s to
        # fit before measuring (a page that never fits still fails below).
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth", timeout=2000)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"


def test_asn_reads_reminders_and_turns_the_digest_email_off(live_server, browser, instansi_a, screenshot_dir):
    with scopes_disabled():
        asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.browser.pengingat")
        RiwayatDiklatFactory(
            pegawai=asn,
            status=StatusVerifikasi.DITOLAK,
            alasan_penolakan="Sertifikat tidak terbaca",
            diverifikasi_pada=timezone.now() - dt.timedelta(hours=3),
        )
    senin_pagi = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(9, 0)))
    with scopes_disabled(), instansi_scope(instansi_a):
        pengingat_jalankan(instansi=instansi_a, sekarang=max(timezone.now(), senin_pagi))

    page = browser.new_page(locale="id-ID")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, asn.user.username)
    page.get_by_role("link", name="Notifikasi: 2 belum dibaca").click()
    expect(page.get_by_text("Data diklat / pelatihan Anda ditolak verifikator", exact=True)).to_be_visible()
    expect(page.get_by_text("Alasan: Sertifikat tidak terbaca.")).to_be_visible()
    expect(page.get_by_text("Kelengkapan data Anda baru 57%", exact=True)).to_be_visible()
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(screenshot_dir / "notifikasi-pengingat-390.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Atur preferensi notifikasi").click()
    expect(page.get_by_role("heading", name="Preferensi notifikasi", level=1)).to_be_visible()
    email = page.get_by_role("checkbox", name="Ringkasan mingguan kelengkapan data — E-mail")
    expect(email).to_be_checked()
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(screenshot_dir / "notifikasi-preferensi-390.png"), full_page=True)
    email.uncheck()
    page.get_by_role("button", name="Simpan preferensi").click()
    expect(page.locator(".messages")).to_contain_text("Preferensi notifikasi disimpan.")
    expect(
        page.get_by_role("checkbox", name="Ringkasan mingguan kelengkapan data — E-mail")
    ).not_to_be_checked()
    expect(
        page.get_by_role("checkbox", name="Ringkasan mingguan kelengkapan data — Kotak masuk")
    ).to_be_checked()
    page.close()
    with scopes_disabled():
        pref = PreferensiNotifikasi.objects.get(user=asn.user, jenis="pegawai.kelengkapan_mingguan")
    assert (pref.kotak_masuk, pref.email) == (True, False)
