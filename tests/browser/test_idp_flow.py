"""An ASN in box 5 opens their IDP in Chromium, submits it, their atasan approves it, the ASN marks
the drafted training done with a certificate, the verifier approves the certificate, and the ASN's
talent page shows more JP and a changed next step — through the existing pipeline (portfolio item,
verification, inputs_changed, the talent flush; Celery runs eagerly in tests).

Three browser contexts (the ASN, the atasan, the verifier) against pytest-django's live_server."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.pegawai.models import RiwayatDiklat
from apps.pengembangan.models import Idp
from apps.pengembangan.services import idp_susun
from apps.petatalenta.models import Penempatan, PengaturanTalenta
from apps.petatalenta.services import penempatan_flush, penempatan_mark_dirty
from tests.conftest import PASSWORD
from tests.factories import (
    AsesmenFactory,
    AsnPegawaiFactory,
    AturanTalentaFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    SKPFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
TAHUN = timezone.localdate().year


def fill_login(page: Page, username: str) -> None:
    page.get_by_label("Nama pengguna atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def _box_5(instansi, unit_tree):
    """Budi: SKP Sangat Baik then Baik, JPM 75 and potensi 70, S-1, ten years in post, no JP this
    window: box 5 under the national weighted rule set. Dedi heads his seksi (his atasan)."""
    _dinas, _bidang, seksi = unit_tree
    with scopes_disabled():
        AturanTalentaFactory(instansi=instansi, status="aktif")
        PengaturanTalenta.objects.create(instansi=instansi, asn_boleh_lihat_kotak=True)
        kasi = AsnPegawaiFactory(
            instansi=instansi, unit_kerja=seksi, jenis_jabatan="pengawas", nama="Dedi Kurniawan",
            username="asn.dedi", nama_jabatan="Kepala Seksi Kurikulum",
        )  # fmt: skip
        budi = AsnPegawaiFactory(
            instansi=instansi, unit_kerja=seksi, nama="Budi Santoso", username="asn.budi",
            nama_jabatan="Analis Kurikulum",
        )  # fmt: skip
        AsesmenFactory(pegawai=budi, jpm=Decimal("75.00"), nilai_potensi=Decimal("70.00"))
        SKPFactory(pegawai=budi, tahun=TAHUN - 1, predikat="Sangat Baik")
        SKPFactory(pegawai=budi, tahun=TAHUN - 2, predikat="Baik")
        RiwayatPendidikanFactory(pegawai=budi, jenjang="s1", status="disetujui")
        RiwayatJabatanFactory(pegawai=budi, status="disetujui", tmt_mulai=dt.date(TAHUN - 10, 3, 1))
    with instansi_scope(instansi):
        penempatan_mark_dirty(instansi_id=instansi.pk, pegawai_ids=[budi.pk, kasi.pk], penyebab="uji")
        penempatan_flush(instansi=instansi)
        assert Penempatan.objects.get(pegawai=budi, periode=TAHUN).kotak == 5
        idp_susun(pegawai=budi, tahun=TAHUN, actor=None)
    return budi, kasi


def test_box_5_asn_completes_a_training_from_the_idp_and_the_verifier_approves(
    live_server, page: Page, browser, browser_context_args, instansi_a, unit_tree_a, make_user, settings,
    tmp_path, screenshot_dir,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    budi, _kasi = _box_5(instansi_a, unit_tree_a)
    make_user(Role.VERIFIKATOR, instansi_a, username="verif.a")

    # --- the ASN: the talent page before, then the IDP from the menu --------------------------------
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "asn.budi")
    expect(page).to_have_url(f"{live_server.url}/asn/")
    kartu = page.locator("section", has=page.get_by_role("heading", name=f"IDP Saya {TAHUN}"))
    expect(kartu).to_contain_text("Draf")
    page.goto(f"{live_server.url}/saya/talenta/")
    jp_row = page.locator("table.komponen tr", has_text="Pengembangan kompetensi (JP diklat)")
    jp_before = jp_row.inner_text()
    langkah_before = page.locator("#langkah").inner_text()
    assert "0,00" in jp_before

    page.get_by_role("navigation").get_by_text("Pengembangan", exact=True).click()
    page.get_by_role("link", name="IDP Saya").click()
    expect(page).to_have_url(f"{live_server.url}/pengembangan/idp/saya/")
    expect(page.get_by_role("heading", name=f"IDP tahun {TAHUN}")).to_be_visible()
    expect(page.locator(".idp-kepala")).to_contain_text("Dedi Kurniawan")  # the atasan found from the unit
    pelatihan = page.locator("tr", has_text="Pelatihan teknis bidang tugas (20 JP)")
    expect(pelatihan).to_contain_text("0 dari 20 JP tahun")  # why: none of the 20 JP done this year
    expect(page.locator("tr", has_text="Penugasan khusus untuk mengembangkan kompetensi")).to_contain_text(
        "Tindak lanjut kotak 5"
    )
    page.screenshot(path=str(screenshot_dir / "idp-01-draf-asn.png"), full_page=True)
    page.get_by_role("button", name="Ajukan kepada atasan").click()
    expect(page.locator(".message")).to_contain_text("IDP diajukan kepada atasan")
    expect(page.locator(".idp-kepala .badge")).to_have_text("Menunggu persetujuan")

    # --- the atasan approves ----------------------------------------------------------------------------
    context = browser.new_context(**browser_context_args)
    try:
        atasan = context.new_page()
        atasan.goto(f"{live_server.url}/masuk/")
        fill_login(atasan, "asn.dedi")
        expect(atasan.get_by_text("1 IDP pegawai menunggu persetujuan Anda")).to_be_visible()
        atasan.get_by_text("1 IDP pegawai menunggu persetujuan Anda").click()
        atasan.locator("tr", has_text="Budi Santoso").get_by_role("link", name="Periksa dan putuskan").click()
        atasan.get_by_role("button", name="Setujui IDP").click()
        expect(atasan.locator(".message")).to_contain_text("IDP Budi Santoso disetujui")
    finally:
        context.close()

    # --- the ASN completes the training with a certificate --------------------------------------------------
    page.reload()
    expect(page.locator(".idp-kepala .badge")).to_have_text("Disetujui")
    pelatihan = page.locator("tr", has_text="Pelatihan teknis bidang tugas (20 JP)")
    pelatihan.get_by_role("link", name="Tandai selesai").click()
    expect(page.get_by_role("heading", name="Tandai kegiatan selesai")).to_be_visible()
    expect(page.locator("main")).to_contain_text("sebagai diklat / pelatihan dan menunggu verifikasi BKD")
    # Nothing but a date first: every missing piece is named at once, nothing is saved.
    page.get_by_role("button", name="Simpan sebagai selesai").click()
    expect(page.locator(".field--error")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Unggah bukti kegiatan")
    expect(page.locator("main")).to_contain_text("Isi penyelenggara pelatihan.")
    page.get_by_label("Penyelenggara").fill("BPSDM Provinsi Kalimantan Tengah")
    page.get_by_label("Nomor sertifikat / SK").fill("STTPP/0420/2026")
    page.get_by_label("Jam pelajaran (JP)").fill("20")
    page.get_by_label("Bukti (sertifikat, SK, atau laporan)").set_input_files(
        files=[{"name": "sertifikat-pelatihan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Simpan sebagai selesai").click()
    expect(page).to_have_url(f"{live_server.url}/pengembangan/idp/saya/?tahun={TAHUN}")
    expect(page.locator(".message")).to_contain_text("masuk portofolio dan menunggu verifikasi BKD")
    row = page.locator("tr", has_text="Pelatihan teknis bidang tugas (20 JP)")
    expect(row).to_contain_text("Selesai")
    expect(row).to_contain_text("masuk portofolio")
    page.screenshot(path=str(screenshot_dir / "idp-02-selesai.png"), full_page=True)
    # Waiting for verification: the talent page does not count it yet.
    page.goto(f"{live_server.url}/saya/talenta/")
    assert (
        page.locator("table.komponen tr", has_text="Pengembangan kompetensi (JP diklat)").inner_text()
        == jp_before
    )

    # --- the verifier approves the certificate ------------------------------------------------------------------
    context = browser.new_context(**browser_context_args)
    try:
        verif = context.new_page()
        verif.goto(f"{live_server.url}/masuk/")
        fill_login(verif, "verif.a")
        verif.goto(f"{live_server.url}/verifikasi/diklat/")
        queue_row = verif.locator("tbody tr", has_text="Budi Santoso")
        expect(queue_row).to_contain_text("Pelatihan teknis bidang tugas (20 JP)")
        queue_row.get_by_role("button", name="Setujui").click()
        expect(verif.locator(".message")).to_contain_text("Disetujui:")
    finally:
        context.close()

    # --- the ASN's talent page: 20 JP counted, the next step changed -------------------------------------------
    page.goto(f"{live_server.url}/saya/talenta/")
    jp_after = page.locator("table.komponen tr", has_text="Pengembangan kompetensi (JP diklat)").inner_text()
    assert jp_after != jp_before
    assert "50,00" in jp_after  # 20 of the 40 JP of the two-year window
    assert page.locator("#langkah").inner_text() != langkah_before
    page.screenshot(path=str(screenshot_dir / "idp-03-talenta-sesudah.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/pengembangan/idp/saya/")
    page.screenshot(path=str(screenshot_dir / "idp-04-idp-ponsel.png"), full_page=True)
    # Nothing is cut off at 390 px: the activity table stacks, the page does not scroll sideways.
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 390, lebar

    with scopes_disabled():
        diklat = RiwayatDiklat.objects.get(pegawai=budi)
        penempatan = Penempatan.objects.get(pegawai=budi, periode=TAHUN)
        idp = Idp.objects.get(pegawai=budi, tahun=TAHUN)
    assert (diklat.status, diklat.jam_pelajaran, diklat.diverifikasi_oleh.username) == (
        "disetujui",
        20,
        "verif.a",
    )
    assert penempatan.rincian["inputs"]["jp_pengembangan"] == 20
    assert idp.status == "disetujui" and idp.disetujui_oleh.username == "asn.dedi"
    assert re.search(r"1 dari \d+ kegiatan selesai", page.locator(".idp-kepala").inner_text())


def test_bkd_and_komite_pages_fit_a_phone(
    live_server, page: Page, instansi_a, unit_tree_a, make_user, settings, tmp_path, screenshot_dir
):
    """The BKD's overview, priority list, a plan and the Komite's KRS view at 1280 px and 390 px:
    the page itself never scrolls sideways (wide tables stack or scroll inside their box)."""
    settings.MEDIA_ROOT = tmp_path
    budi, kasi = _box_5(instansi_a, unit_tree_a)
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.a")
    make_user(Role.KOMITE_ANGGOTA, instansi_a, username="komite.a")
    with scopes_disabled():
        idp = Idp.objects.get(pegawai=budi)
        Penempatan.objects.filter(pegawai=kasi).update(kotak=8, talent_pool=True, status="final")
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")
    expect(page.get_by_role("heading", name=f"Cakupan IDP {TAHUN}")).to_be_visible()
    urls = [
        ("idp-bkd-daftar", "/pengembangan/idp/"),
        ("idp-bkd-prioritas", "/pengembangan/idp/prioritas/"),
        ("idp-bkd-rencana", f"/pengembangan/idp/{idp.pk}/"),
        ("idp-bkd-kegiatan", f"/pengembangan/idp/{idp.pk}/kegiatan/tambah/"),
        ("idp-bkd-susun", "/pengembangan/idp/susun/"),
    ]
    for lebar in (1280, 390):
        page.set_viewport_size({"width": lebar, "height": 900})
        for nama, url in urls:
            page.goto(f"{live_server.url}{url}")
            expect(page.locator("h1")).to_be_visible()
            page.screenshot(path=str(screenshot_dir / f"{nama}-{lebar}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= lebar, (url, lebar)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/pengembangan/idp/")
    baris = page.locator(".idp-cakupan tbody tr", has_text="Dinas Pendidikan")
    expect(baris).to_contain_text("0 %")  # two active pegawai, no approved plan yet
    page.locator("tr", has_text="Budi Santoso").get_by_role("link", name="Budi Santoso").click()
    page.get_by_role("button", name="Setujui IDP").click()
    expect(page.locator(".message")).to_contain_text("IDP Budi Santoso disetujui")
    page.goto(f"{live_server.url}/pengembangan/idp/")
    expect(page.locator(".idp-cakupan tbody tr", has_text="Dinas Pendidikan")).to_contain_text("50 %")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "komite.a")
    page.goto(f"{live_server.url}/pengembangan/idp/krs/")
    expect(page.locator("tr", has_text="Dedi Kurniawan")).to_contain_text("Belum ada IDP")
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(screenshot_dir / "idp-komite-krs-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
