"""An ASN uploads a certificate in Chromium, a verifier approves it in another browser, and the ASN's
data completeness rises.

Two browser contexts (two separate sessions) against pytest-django's live_server; the PDF is real
bytes uploaded through the file input, stored in a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.pegawai.models import Sertifikat, StatusVerifikasi
from tests.conftest import PASSWORD
from tests.factories import AsnPegawaiFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
SERTIFIKAT = "Sertifikasi Pengadaan Barang/Jasa Tingkat Dasar"


def fill_login(page: Page, username: str) -> None:
    page.get_by_label("Nama pengguna atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def completeness(page: Page) -> int:
    value = page.locator(".kelengkapan__persen").inner_text()
    match = re.fullmatch(r"(\d+)%", value.strip())
    assert match, value
    return int(match.group(1))


def test_asn_uploads_a_certificate_verifier_approves_completeness_rises(
    live_server,
    page: Page,
    browser,
    browser_context_args,
    instansi_a,
    make_user,
    settings,
    tmp_path,
    screenshot_dir,
):
    settings.MEDIA_ROOT = tmp_path
    pegawai = AsnPegawaiFactory(instansi=instansi_a, username="asn.siti", nama="Siti Rahmawati")
    make_user(Role.VERIFIKATOR, instansi_a, username="verif.a", first_name="Rina", last_name="Verifikator")

    # --- the ASN: home, then Profil Saya, then a new Sertifikat with a PDF -----------------------
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "asn.siti")
    expect(page).to_have_url(f"{live_server.url}/asn/")
    banner = page.locator(".kelengkapan__judul")
    expect(banner).to_contain_text("lengkap — lengkapi:")
    expect(banner).to_contain_text("diklat atau sertifikat")
    before = completeness(page)
    assert before == 57
    page.screenshot(path=str(screenshot_dir / "pf-01-beranda-asn.png"), full_page=True)

    page.get_by_role("link", name="Buka Profil Saya").click()
    expect(page).to_have_url(f"{live_server.url}/saya/")
    expect(page.get_by_role("heading", name="Profil Saya", exact=True)).to_be_visible()
    expect(page.locator(".nip-tampilan")).to_have_text(pegawai.nip_tampilan)
    section = page.locator("#riwayat-sertifikat")
    expect(section).to_contain_text("Belum ada data.")
    section.get_by_role("link", name="Tambah sertifikat").click()

    expect(page.get_by_role("heading", name="Tambah sertifikat")).to_be_visible()
    page.get_by_label("Nama sertifikat").fill(SERTIFIKAT)
    page.get_by_label("Penerbit").fill("LKPP")
    page.get_by_label("Nomor", exact=True).fill("LKPP-2024-0001")
    page.get_by_label("Tanggal terbit").fill("2024-03-15")
    page.get_by_label("Dokumen pendukung").set_input_files(
        files=[{"name": "sertifikat-lkpp.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.screenshot(path=str(screenshot_dir / "pf-02-form-sertifikat.png"), full_page=True)
    page.get_by_role("button", name="Simpan dan ajukan verifikasi").click()

    expect(page).to_have_url(f"{live_server.url}/saya/#riwayat-sertifikat")
    expect(page.locator(".message")).to_contain_text("menunggu verifikasi")
    row = page.locator("#riwayat-sertifikat tbody tr", has_text=SERTIFIKAT)
    expect(row).to_contain_text("Menunggu verifikasi")
    expect(row).to_contain_text("Tanggal terbit: 15 Maret 2024")
    expect(row.get_by_role("link", name="PDF")).to_have_attribute(
        "href", re.compile(r"^/dokumen/[0-9a-f-]{36}/$")
    )
    page.screenshot(path=str(screenshot_dir / "pf-03-profil-saya-menunggu.png"), full_page=True)

    page.goto(f"{live_server.url}/asn/")
    waiting = completeness(page)
    assert waiting == before  # a waiting item does not count yet
    expect(page.locator(".kelengkapan__catatan")).to_contain_text(
        f"Menunggu verifikasi: sertifikat “{SERTIFIKAT} — LKPP”"
    )

    # --- the verifier, in a browser of their own -----------------------------------------------------
    context = browser.new_context(**browser_context_args)
    try:
        verif = context.new_page()
        verif.goto(f"{live_server.url}/masuk/")
        fill_login(verif, "verif.a")
        expect(verif).to_have_url(f"{live_server.url}/verifikator/")
        verif.goto(f"{live_server.url}/verifikasi/")
        expect(verif.get_by_role("heading", name="Verifikasi portofolio")).to_be_visible()
        current_tab = verif.locator(".tabs a[aria-current=page]")
        expect(current_tab).to_contain_text("Sertifikat")
        expect(current_tab.locator(".badge")).to_have_text("1")
        queue_row = verif.locator("tbody tr", has_text="Siti Rahmawati")
        expect(queue_row).to_contain_text(pegawai.nip_tampilan)
        expect(queue_row).to_contain_text(SERTIFIKAT)
        verif.screenshot(path=str(screenshot_dir / "pf-04-antrean-verifikasi.png"), full_page=True)

        # The document opens for the verifier, as a PDF, not cacheable.
        href = queue_row.get_by_role("link", name="PDF").get_attribute("href")
        response = verif.request.get(f"{live_server.url}{href}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["cache-control"] == "private, no-store"
        assert response.body() == PDF

        queue_row.get_by_role("button", name="Setujui").click()
        expect(verif.locator(".message")).to_contain_text("Disetujui:")
        expect(verif.get_by_text("Tidak ada data yang menunggu verifikasi.")).to_be_visible()
        expect(verif.locator(".tabs a", has_text="Sertifikat").locator(".badge")).to_have_text("0")
        verif.screenshot(path=str(screenshot_dir / "pf-05-antrean-setelah-setujui.png"), full_page=True)
    finally:
        context.close()

    # --- the ASN reloads the home page: higher completeness -----------------------------------------
    page.reload()
    after = completeness(page)
    assert after > before
    assert after == 71
    expect(page.locator(".kelengkapan__judul")).not_to_contain_text("diklat atau sertifikat")
    page.screenshot(path=str(screenshot_dir / "pf-06-beranda-asn-naik.png"), full_page=True)

    page.goto(f"{live_server.url}/saya/")
    expect(page.locator("#riwayat-sertifikat tbody tr", has_text=SERTIFIKAT)).to_contain_text("Disetujui")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.screenshot(path=str(screenshot_dir / "pf-07-profil-saya-ponsel.png"), full_page=True)

    with scopes_disabled():
        item = Sertifikat.objects.get(pegawai=pegawai)
    assert item.status == StatusVerifikasi.DISETUJUI
    assert item.diverifikasi_oleh.username == "verif.a"


def test_wrong_upload_then_rejection_with_a_reason_seen_by_the_asn(
    live_server,
    page: Page,
    browser,
    browser_context_args,
    instansi_a,
    make_user,
    settings,
    tmp_path,
    screenshot_dir,
):
    settings.MEDIA_ROOT = tmp_path
    AsnPegawaiFactory(instansi=instansi_a, username="asn.siti", nama="Siti Rahmawati")
    make_user(Role.VERIFIKATOR, instansi_a, username="verif.a")
    alasan = "Nomor pada dokumen berbeda dengan isian; periksa lagi."

    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "asn.siti")
    page.goto(f"{live_server.url}/saya/riwayat/sertifikat/tambah/")
    page.get_by_label("Nama sertifikat").fill(SERTIFIKAT)
    page.get_by_label("Penerbit").fill("LKPP")
    page.get_by_label("Nomor", exact=True).fill("LKPP-2024-0001")
    page.get_by_label("Tanggal terbit").fill("2024-03-15")
    # An HTML page renamed .pdf: refused by its content, the message on the upload field.
    page.get_by_label("Dokumen pendukung").set_input_files(
        files=[
            {
                "name": "sertifikat.pdf",
                "mimeType": "application/pdf",
                "buffer": b"<html><body>x</body></html>",
            }
        ]
    )
    page.get_by_role("button", name="Simpan dan ajukan verifikasi").click()
    field = page.locator(".field--error", has=page.get_by_label("Dokumen pendukung"))
    expect(field.get_by_role("alert")).to_contain_text(
        "Jenis berkas tidak didukung: unggah PDF, JPG atau PNG"
    )
    expect(page.get_by_label("Nama sertifikat")).to_have_value(SERTIFIKAT)  # the rest is kept
    page.screenshot(path=str(screenshot_dir / "pf-08-unggahan-ditolak.png"), full_page=True)
    page.get_by_label("Dokumen pendukung").set_input_files(
        files=[{"name": "sertifikat.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Simpan dan ajukan verifikasi").click()
    expect(page).to_have_url(f"{live_server.url}/saya/#riwayat-sertifikat")

    context = browser.new_context(**browser_context_args)
    try:
        verif = context.new_page()
        verif.goto(f"{live_server.url}/masuk/")
        fill_login(verif, "verif.a")
        verif.goto(f"{live_server.url}/verifikasi/sertifikat/")
        verif.locator("tbody tr", has_text="Siti Rahmawati").get_by_role("link", name="Tolak…").click()
        expect(verif.get_by_role("heading", name=f"{SERTIFIKAT} — LKPP")).to_be_visible()
        verif.get_by_role("button", name="Tolak", exact=True).click()  # no reason given
        expect(verif.get_by_role("alert").last).to_have_text(
            "Tuliskan alasan penolakan agar ASN tahu apa yang harus diperbaiki."
        )
        verif.screenshot(path=str(screenshot_dir / "pf-09-tolak-tanpa-alasan.png"), full_page=True)
        verif.get_by_label("Alasan penolakan").fill(alasan)
        verif.get_by_role("button", name="Tolak", exact=True).click()
        expect(verif).to_have_url(f"{live_server.url}/verifikasi/sertifikat/")
        expect(verif.locator(".message")).to_contain_text("Ditolak:")
    finally:
        context.close()

    page.goto(f"{live_server.url}/asn/")
    expect(page.locator(".kelengkapan__catatan")).to_contain_text(alasan)
    page.screenshot(path=str(screenshot_dir / "pf-10-beranda-ditolak.png"), full_page=True)
    page.goto(f"{live_server.url}/saya/")
    row = page.locator("#riwayat-sertifikat tbody tr", has_text=SERTIFIKAT)
    expect(row).to_contain_text("Ditolak")
    expect(row).to_contain_text(alasan)
    row.get_by_role("link", name=re.compile("^Perbaiki")).click()
    expect(page.get_by_role("heading", name="Ubah sertifikat")).to_be_visible()
    page.get_by_label("Nomor", exact=True).fill("LKPP-2024-0010")
    page.get_by_role("button", name="Simpan dan ajukan verifikasi").click()
    row = page.locator("#riwayat-sertifikat tbody tr", has_text=SERTIFIKAT)
    expect(row).to_contain_text("Menunggu verifikasi")
    expect(row).not_to_contain_text(alasan)
    page.screenshot(path=str(screenshot_dir / "pf-11-diajukan-ulang.png"), full_page=True)
