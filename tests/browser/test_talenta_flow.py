"""Admin BKD in Chromium: the nine-box, a click on box 9, the pegawai in it, and the Profil Talenta
PDF downloaded from the pegawai page.

The pegawai of box 9 is placed by the real engine from real inputs (asesmen, SKP, approved
portfolio items) through the flush; the other pegawai of the grid get their placements written
directly, so the grid has something in every kind of cell without a long setup.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.models import Penempatan
from apps.petatalenta.services import penempatan_flush, penempatan_mark_dirty
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import (
    AsesmenFactory,
    PegawaiFactory,
    PenempatanFactory,
    PenghargaanFactory,
    RiwayatDiklatFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    SkTimKerjaFactory,
    UnitKerjaFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAHUN = timezone.localdate().year
# Filler placements per box, this year and last year (box → count).
SEBARAN = {1: 4, 2: 6, 3: 9, 4: 3, 5: 14, 6: 2, 7: 5, 8: 4, 9: 2}
SEBARAN_LALU = {1: 5, 2: 7, 3: 8, 4: 4, 5: 13, 6: 2, 7: 4, 8: 3, 9: 1}


def talenta_unggul(instansi, unit) -> object:
    """A pegawai whose verified data put them in box 9 under the national weighted preset:
    potensial 20 (JPM) + 24,5 (potensi) + 10 (40 JP) + 10 (10 years) + 9 (S-2) + 15 (integrity) = 88,5;
    kinerja 60 (Sangat Baik) + 15 (award) + 15 (two SK tim) = 90."""
    pegawai = PegawaiFactory(
        instansi=instansi, unit_kerja=unit, nama="Rahmat Hidayat", gelar_belakang="S.T., M.T.",
        jenis_jabatan="administrator", nama_jabatan="Kepala Bidang Bina Marga", golongan="IV/a",
        pendidikan_terakhir="s2",
    )  # fmt: skip
    today = timezone.localdate()
    with instansi_scope(instansi):
        AsesmenFactory(
            pegawai=pegawai, tanggal=today - dt.timedelta(days=200), lembaga="UPT Asesmen",
            metode="assessment_center", nilai_potensi=Decimal("98"), jpm=Decimal("112.5"),
            berlaku_sampai=today + dt.timedelta(days=800),
        )  # fmt: skip
        skp_write(
            instansi=instansi,
            actor=None,
            rows=[
                SkpData(pegawai.pk, TAHUN - 1, "tahunan", "di_atas", "di_atas", "Sangat Baik"),
                SkpData(pegawai.pk, TAHUN - 2, "tahunan", "di_atas", "sesuai", "Baik"),
            ],
        )
        RiwayatPendidikanFactory(
            pegawai=pegawai,
            status="disetujui",
            jenjang="s2",
            jurusan="Teknik Sipil",
            institusi="Universitas Lambung Mangkurat",
            tahun_lulus=2012,
        )
        RiwayatJabatanFactory(
            pegawai=pegawai,
            status="disetujui",
            jenis_jabatan="administrator",
            nama_jabatan="Kepala Bidang Bina Marga",
            unit="Dinas PUPR",
            tmt_mulai=dt.date(TAHUN - 10, 1, 1),
        )
        RiwayatDiklatFactory(
            pegawai=pegawai,
            status="disetujui",
            jenis="struktural",
            nama="Pelatihan Kepemimpinan Administrator",
            penyelenggara="BPSDM Provinsi Kalimantan Tengah",
            tanggal_mulai=dt.date(TAHUN - 1, 3, 1),
            tanggal_selesai=dt.date(TAHUN - 1, 3, 20),
            jam_pelajaran=60,
        )
        PenghargaanFactory(
            pegawai=pegawai,
            status="disetujui",
            jenis="lainnya",
            nama="ASN Berprestasi",
            pemberi="Bupati Kotawaringin Barat",
            tanggal=dt.date(TAHUN - 1, 8, 17),
        )
        for i in (1, 2):
            SkTimKerjaFactory(
                pegawai=pegawai,
                status="disetujui",
                nama_tim=f"Tim Kerja {i}",
                peran="Ketua",
                nomor_sk=f"100.3.3/{i}/{TAHUN - 1}",
                tanggal_sk=dt.date(TAHUN - 1, i, 10),
            )
        for periode in (TAHUN - 1, TAHUN):
            penempatan_mark_dirty(instansi_id=instansi.pk, pegawai_ids=[pegawai.pk], periode=periode)
            penempatan_flush(instansi=instansi, periode=periode)
        penempatan = Penempatan.objects.get(pegawai=pegawai, periode=TAHUN)
    assert (penempatan.kotak, penempatan.status) == (9, "final"), (penempatan.kotak, penempatan.kekurangan)
    return pegawai


def isi_kotak(instansi, unit) -> None:
    """Filler placements in every box, this year and last (computed rows written directly)."""
    pegawai = []
    for kotak, n in SEBARAN.items():
        for _ in range(n):
            p = PegawaiFactory(instansi=instansi, unit_kerja=unit)
            pegawai.append(p)
            PenempatanFactory(
                pegawai=p, periode=TAHUN, kotak=kotak, status="final", talent_pool=kotak >= 7,
                skor_potensial=Decimal(40 + 5 * kotak), skor_kinerja=Decimal(40 + 5 * kotak),
            )  # fmt: skip
    lalu = [k for kotak, n in SEBARAN_LALU.items() for k in [kotak] * n]
    for p, kotak in zip(pegawai[: len(lalu)], lalu, strict=False):
        PenempatanFactory(pegawai=p, periode=TAHUN - 1, kotak=kotak, status="final", talent_pool=kotak >= 7)
    for _ in range(3):
        PenempatanFactory(
            pegawai=PegawaiFactory(instansi=instansi, unit_kerja=unit), periode=TAHUN, kotak=2,
            level_kinerja="sesuai", level_potensial="rendah", status="perlu_data",
            kekurangan=["asesmen: belum ada hasil asesmen"],
        )  # fmt: skip


def test_admin_bkd_opens_box_9_then_a_pegawai_and_downloads_the_profil_talenta_pdf(
    live_server, page: Page, instansi_a, make_user, screenshot_dir
):
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.a", first_name="Admin", last_name="BKD")
    unit = UnitKerjaFactory(instansi=instansi_a, kode="A.01", nama="Dinas Pekerjaan Umum dan Penataan Ruang")
    unggul = talenta_unggul(instansi_a, unit)
    isi_kotak(instansi_a, unit)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "admin.a")
    expect(page).to_have_url(f"{live_server.url}/bkd/")

    # --- the nine-box ---------------------------------------------------------------------------------
    page.goto(f"{live_server.url}/talenta/sembilan-kotak/")
    expect(page.get_by_role("heading", name=f"Peta talenta {TAHUN}", level=1)).to_be_visible()
    grid = page.locator("table.ninebox")
    # Layout of docs/domain.md §5: rows kinerja from the top, columns potensial from low to high.
    numbers = grid.locator(".ninebox__nomor").all_inner_texts()
    assert [int(re.sub(r"\D", "", n)) for n in numbers] == [4, 7, 9, 2, 5, 8, 1, 3, 6]
    box9 = page.get_by_role("link", name=re.compile(r"^Kotak 9\b"))
    total = sum(SEBARAN.values()) + 1
    expect(box9).to_contain_text("3 pegawai")
    expect(box9).to_contain_text(f"{300 / total:.1f}%".replace(".", ","))
    expect(page.locator(".ninebox-angka")).to_contain_text("Perlu data")
    page.screenshot(path=str(screenshot_dir / "nb-01-sembilan-kotak.png"), full_page=True)

    # --- box 9 ----------------------------------------------------------------------------------------
    box9.click()
    expect(page).to_have_url(re.compile(rf"/talenta/sembilan-kotak/kotak/9/\?periode={TAHUN}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kotak 9")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Sorted by potensial score, highest first: the engine-placed pegawai (88,50) leads.
    expect(rows.first).to_contain_text(unggul.nama_lengkap)
    expect(rows.first).to_contain_text("88,50")
    page.screenshot(path=str(screenshot_dir / "nb-02-kotak-9.png"), full_page=True)

    # --- the pegawai ------------------------------------------------------------------------------------
    page.get_by_role("link", name=unggul.nama_lengkap, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/pegawai/{unggul.pk}/")
    expect(page.get_by_role("heading", name=unggul.nama_lengkap, level=1)).to_be_visible()
    section = page.locator("#peta-talenta")
    expect(section).to_contain_text("9")
    page.screenshot(path=str(screenshot_dir / "nb-03-pegawai.png"), full_page=True)

    # --- the Profil Talenta PDF -------------------------------------------------------------------------
    with page.expect_download() as info:
        section.get_by_role("link", name="Unduh Profil Talenta (PDF)").click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1024
    assert download.suggested_filename.endswith(".pdf")

    # --- the transitions and a phone -----------------------------------------------------------------------
    page.goto(f"{live_server.url}/talenta/sembilan-kotak/transisi/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Perpindahan kotak {TAHUN - 1} → {TAHUN}")
    page.screenshot(path=str(screenshot_dir / "nb-04-transisi.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/talenta/sembilan-kotak/")
    page.screenshot(path=str(screenshot_dir / "nb-05-sembilan-kotak-ponsel.png"), full_page=True)
