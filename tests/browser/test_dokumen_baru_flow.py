"""#13 point 8 in Chromium, at 1280 px and at 390 px: an ASN replaces only the document of an approved
certificate (it stays approved), a wrong file and wrong dates are reported together, the verifier
sees the new document in the queue and approves it; the gelar "S.Pd." ends the message with one
full stop. Screenshots: var/screenshots/db-<width>-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect

from apps.core.roles import Role
from apps.pegawai.models import Sertifikat, StatusVerifikasi
from apps.pegawai.services import dokumen_store, riwayat_approve, riwayat_create
from tests.browser.test_portfolio_flow import PDF, fill_login
from tests.factories import AsnPegawaiFactory
from tests.pegawai.test_portfolio_pages import upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAMA = "Sertifikasi Pengadaan Barang/Jasa Tingkat Dasar"


@pytest.mark.parametrize("width", [1280, 390])
def test_new_document_of_an_approved_item_waits_then_is_approved(
    live_server, browser: Browser, instansi_a, make_user, settings, tmp_path, screenshot_dir, width
):
    settings.MEDIA_ROOT = tmp_path
    pegawai = AsnPegawaiFactory(
        instansi=instansi_a, username="asn.siti", nama="Siti Rahmawati", gelar_belakang="S.Pd."
    )
    verifikator = make_user(Role.VERIFIKATOR, instansi_a, username="verif.a")
    with scopes_disabled():
        dokumen = dokumen_store(pegawai=pegawai, actor=pegawai.user, berkas=upload())
        item = riwayat_create(
            model=Sertifikat,
            pegawai=pegawai,
            actor=pegawai.user,
            data={"nama": NAMA, "penerbit": "LKPP", "nomor": "", "tanggal_terbit": dt.date(2024, 3, 15)},
            dokumen=dokumen,
        )
        riwayat_approve(riwayat=item, actor=verifikator)
    viewport = {"width": width, "height": 900}
    shot = lambda page, name: page.screenshot(  # noqa: E731
        path=str(screenshot_dir / f"db-{width}-{name}.png"), full_page=True
    )

    asn_context = browser.new_context(viewport=viewport, locale="id-ID")
    asn = asn_context.new_page()
    asn.goto(f"{live_server.url}/masuk/")
    fill_login(asn, "asn.siti")
    asn.goto(f"{live_server.url}/saya/riwayat/sertifikat/{item.pk}/ubah/")
    expect(asn.locator(".alert--info")).to_contain_text("hanya mengunggah dokumen baru")

    # A wrong file and an end date before the start: both errors at once, each with a capital.
    asn.get_by_label("Berlaku sampai").fill("2023-01-01")
    asn.get_by_label("Dokumen pendukung").set_input_files(
        files=[{"name": "bukan.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 60}]
    )
    asn.get_by_role("button", name="Simpan dan ajukan verifikasi").click()
    errors = asn.locator(".field__errors")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("Berlaku sampai tidak boleh lebih awal dari tanggal terbit.")
    expect(errors.nth(1)).to_contain_text("Jenis berkas tidak didukung")
    shot(asn, "1-dua-galat")

    # Only the document: the item stays approved and says the new document waits.
    asn.get_by_label("Berlaku sampai").fill("")
    asn.get_by_label("Dokumen pendukung").set_input_files(
        files=[{"name": "sertifikat-baru.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    asn.get_by_role("button", name="Simpan dan ajukan verifikasi").click()
    expect(asn.locator(".message")).to_contain_text("Data tetap disetujui dan dihitung.")
    row = asn.locator("#riwayat-sertifikat tbody tr", has_text=NAMA)
    expect(row).to_contain_text("Disetujui")
    expect(row).to_contain_text("Dokumen baru menunggu verifikasi")
    shot(asn, "2-profil-saya")
    with scopes_disabled():
        item.refresh_from_db()
    assert item.status == StatusVerifikasi.DISETUJUI and item.dokumen_baru_id is not None

    verif_context = browser.new_context(viewport=viewport, locale="id-ID")
    verif = verif_context.new_page()
    verif.goto(f"{live_server.url}/masuk/")
    fill_login(verif, "verif.a")
    verif.goto(f"{live_server.url}/verifikasi/sertifikat/")
    queue_row = verif.locator("tbody tr", has_text="Siti Rahmawati")
    expect(queue_row).to_contain_text("Dokumen baru")
    expect(queue_row).to_contain_text("data sudah disetujui")
    shot(verif, "3-antrean")
    queue_row.get_by_role("link", name=f"{NAMA} — LKPP", exact=True).click()
    expect(verif.locator(".facts").first).to_contain_text("sertifikat-baru.pdf")
    shot(verif, "4-detail")
    verif.get_by_role("button", name="Setujui", exact=True).click()
    message = verif.locator(".message")
    expect(message).to_contain_text("Dokumen baru disetujui")
    expect(message).to_contain_text("Siti Rahmawati, S.Pd.")
    assert "S.Pd.." not in message.inner_text()
    shot(verif, "5-setelah-setujui")
    with scopes_disabled():
        item.refresh_from_db()
    assert item.dokumen_baru_id is None and item.dokumen.nama_asli == "sertifikat-baru.pdf"
    asn_context.close()
    verif_context.close()
