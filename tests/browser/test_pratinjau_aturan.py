"""Admin BKD in Chromium: a draf with a stricter potensial cut-off, its impact preview (who would
leave box 9, filtered), activation from the preview with its summary on the form, the recompute,
and the nine-box afterwards matching the preview's draf column box by box.

The pegawai are placed by the real engine from real inputs through the flush (Celery runs eagerly
in tests: the preview and the recompute run when their requests commit).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.models import Penempatan, PratinjauAturan
from apps.petatalenta.services import penempatan_flush
from tests.browser.test_peta_talenta_laporan import peta_talenta_pdf_unduh
from tests.browser.test_portfolio_flow import fill_login
from tests.browser.test_talenta_flow import talenta_unggul
from tests.factories import UnitKerjaFactory
from tests.petatalenta.pratinjau_data import instansi_bervariasi

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _lebar(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_admin_previews_a_stricter_cut_off_sees_who_leaves_box_9_and_activates(
    live_server, page: Page, instansi_a, make_user, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)  # the Peta Talenta report file at the end
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.a", first_name="Admin", last_name="BKD")
    units = instansi_bervariasi(instansi_a, jumlah=24)
    pu = UnitKerjaFactory(instansi=instansi_a, kode="A.09", nama="Dinas Pekerjaan Umum dan Penataan Ruang")
    unggul = talenta_unggul(instansi_a, pu)  # box 9 with potensial 88,50

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")

    # --- a draf: potensial "tinggi" from 80 to 90 ----------------------------------------------------
    page.goto(f"{live_server.url}/talenta/aturan/")
    page.get_by_role("link", name="Buat draf baru").click()
    page.get_by_label("Nama versi baru").fill("Batas potensial 90")
    page.get_by_role("button", name="Buat draf").click()
    expect(page.get_by_role("heading", name=re.compile("Ubah draf v2"))).to_be_visible()
    page.get_by_label("Batas potensial tinggi").fill("90")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".messages")).to_contain_text("Draf versi 2 disimpan.")

    # --- the impact preview ---------------------------------------------------------------------------
    kartu = page.locator(".pratinjau-kartu")
    expect(kartu).to_contain_text("Belum ada pratinjau yang berlaku")
    kartu.get_by_role("button", name="Hitung pratinjau dampak").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pratinjau dampak v2")
    matriks = page.locator("table.pratinjau-matriks")
    expect(matriks).to_be_visible()
    with instansi_scope(instansi_a):
        job = PratinjauAturan.objects.get(instansi=instansi_a, jenis="talenta")
    assert job.status == "selesai"
    keluar_9 = sum(n for d, k, n in job.ringkasan["matriks"] if d == 9 and k != 9)
    assert keluar_9 >= 1
    expect(matriks.locator('td[data-dari="9"][data-ke="7"]')).to_contain_text(
        str(sum(n for d, k, n in job.ringkasan["matriks"] if (d, k) == (9, 7)))
    )
    page.screenshot(path=str(screenshot_dir / "pratinjau-1280.png"), full_page=True)

    # Who leaves box 9: the filter of the list.
    page.get_by_label("Dari (aturan aktif)").select_option("9")
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"[?&]dari=9"))
    baris = page.locator("table.pratinjau-perubahan tbody tr")
    expect(baris).to_have_count(keluar_9)
    for i in range(keluar_9):
        expect(baris.nth(i)).to_have_attribute("data-kotak-lama", "9")
        assert baris.nth(i).get_attribute("data-kotak-baru") != "9"
    rahmat = page.locator(f'tr[data-pegawai-nip="{unggul.nip}"]')
    expect(rahmat).to_contain_text("Kotak 9")
    expect(rahmat).to_contain_text("Kotak 7")
    expect(rahmat).to_contain_text("Batas potensial tinggi 80 → 90: skor potensial 88,50 (tinggi → menengah)")
    page.screenshot(path=str(screenshot_dir / "pratinjau-dari-9-1280.png"), full_page=True)
    # A perangkat daerah without anyone leaving box 9: the list says so.
    page.get_by_label("Perangkat daerah / unit kerja").select_option(str(units["lain"].pk))
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"unit="))

    # A phone: nothing scrolls sideways, the wide tables scroll inside their wrappers.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/talenta/aturan/{job.aturan_pk}/pratinjau/{job.uuid}/?dari=9")
    assert _lebar(page) <= 391
    page.screenshot(path=str(screenshot_dir / "pratinjau-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- activation from the preview: the form shows the summary ------------------------------------------
    page.get_by_role("link", name="Lanjut ke aktivasi v2").click()
    expect(page.locator(".pratinjau-kartu .pratinjau-inti")).to_contain_text("pindah kotak")
    expect(page.locator(".pratinjau-kartu table.pratinjau-matriks")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "pratinjau-aktifkan-1280.png"), full_page=True)
    page.get_by_label(re.compile("Saya sudah memeriksa perubahannya")).check()
    page.get_by_role("button", name=re.compile("Aktifkan v2")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    with instansi_scope(instansi_a):
        penempatan_flush(instansi=instansi_a)  # idempotent: the eager flush already ran
    expect(page.get_by_text("Selesai: semua penempatan")).to_be_visible(timeout=15000)

    # --- the nine-box matches the preview's draf column -------------------------------------------------
    kolom: dict[int, int] = {}
    for _d, k, n in job.ringkasan["matriks"]:
        kolom[k] = kolom.get(k, 0) + n
    with instansi_scope(instansi_a):
        tersimpan: dict[int, int] = {}
        for kotak, status in Penempatan.objects.filter(
            instansi=instansi_a, periode=job.periode, pegawai__aktif=True
        ).values_list("kotak", "status"):
            keadaan = kotak if status == "final" else 0
            tersimpan[keadaan] = tersimpan.get(keadaan, 0) + 1
    assert tersimpan == kolom
    page.goto(f"{live_server.url}/talenta/sembilan-kotak/")
    for nomor in range(1, 10):
        sel = page.get_by_role("link", name=re.compile(rf"^Kotak {nomor}\b"))
        if kolom.get(nomor):
            expect(sel).to_contain_text(f"{kolom[nomor]} pegawai")
    page.screenshot(path=str(screenshot_dir / "pratinjau-sembilan-kotak-sesudah-1280.png"), full_page=True)

    # --- and the Peta Talenta report of the new map -----------------------------------------------------
    teks = peta_talenta_pdf_unduh(page, base_url=live_server.url)
    assert "Tanpa saringan" in teks
    # Every box's list heading carries the count the preview's draf column announced.
    for nomor in range(1, 10):
        assert re.search(rf"Kotak {nomor}\b[^()]*\({kolom.get(nomor, 0)} pegawai", teks), nomor
    with instansi_scope(instansi_a):
        kotak_unggul = Penempatan.objects.get(instansi=instansi_a, pegawai=unggul, periode=job.periode).kotak
    assert kotak_unggul != 9  # 88,50 is below the new cut-off of 90
    daftar = teks[teks.index(f"Kotak {kotak_unggul} ·") if f"Kotak {kotak_unggul} ·" in teks else 0 :]
    assert unggul.nip in daftar.replace(" ", ""), daftar[:600]
