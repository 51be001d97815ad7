"""The whole Komite Talenta cycle in Chromium, four people signed in at the same time, each in their
own browser context: the sekretaris prepares and opens a session from the menu; the anggota (from
the invitation in the inbox) proposes a calibration with a reason and decides the succession of a
key post from its computed candidates; the ketua approves the calibration; the sekretaris closes the
session; the PPK sets it from the queue on the PPK home; then the calibrated ASN (the instansi lets
ASN see their box) sees the established box on their own talent page, and the sekretaris has the
Berita Acara made by a real worker of the `reports` queue and downloads it.

Nothing is mocked: the live server, PostgreSQL, a Redis broker and a Celery worker thread.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.integrity import rantai_periksa
from apps.komite.models import (
    AgendaSidang,
    AnggotaKomite,
    DokumenKomite,
    KeputusanKomite,
    Penetapan,
    Sidang,
    SnapshotPenempatan,
    SnapshotSuksesor,
)
from apps.petatalenta.models import PengaturanTalenta
from apps.suksesi.models import Kandidat
from apps.suksesi.services import status_suksesi_mark_dirty, suksesi_flush
from tests.browser.test_portfolio_flow import fill_login
from tests.factories import (
    AnggotaKomiteFactory,
    PegawaiFactory,
    PenempatanFactory,
    UnitKerjaFactory,
    user_with_role,
)
from tests.petatalenta.workers import celery_on_test_redis, thread_worker
from tests.suksesi.pipeline_data import jabatan_kunci_buat, kandidat_buat

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAHUN = timezone.localdate().year
JUDUL = "Sidang Komite Talenta Periode Akhir Tahun"
ALASAN = "Memimpin penanganan banjir Sungai Kahayan dengan hasil luar biasa, belum tercatat di SKP."
NOMOR_SK = "800.1.13/45/BKPSDM/2026"


@dataclass
class Siklus:
    instansi: object
    sekretaris: object
    ketua: object
    anggota: object
    ppk: object
    asn: object
    budi: object  # calibrated from box 5; the ASN
    citra: object  # computed candidate, ready now
    eka: object  # computed candidate, ready in 1–2 years
    jabatan: object


@pytest.fixture
def siklus(instansi_a) -> Siklus:
    """Instansi A: a committee of four (ketua, sekretaris, two anggota), a PPK, the ASN Budi with a
    final placement in box 5, other final placements of the period, and a key post whose candidate
    list (KRS) the succession pipeline has computed. ASN may see their box."""
    instansi = instansi_a
    with scopes_disabled():
        unit = UnitKerjaFactory(instansi=instansi, kode="A.PU", nama="Dinas Pekerjaan Umum")
        orang = {}
        for role, peran, username, nama in (
            (Role.KOMITE_KETUA, AnggotaKomite.Peran.KETUA, "ketua.kt", ("Hendra", "Gunawan")),
            (Role.KOMITE_SEKRETARIS, AnggotaKomite.Peran.SEKRETARIS, "sekretaris.kt", ("Sri", "Wahyuni")),
            (Role.KOMITE_ANGGOTA, AnggotaKomite.Peran.ANGGOTA, "anggota.kt", ("Rahmat", "Hidayat")),
            (Role.KOMITE_ANGGOTA, AnggotaKomite.Peran.ANGGOTA, "anggota2.kt", ("Yusuf", "Maulana")),
        ):
            user = user_with_role(role, instansi, username=username, first_name=nama[0], last_name=nama[1])
            AnggotaKomiteFactory(instansi=instansi, user=user, peran=peran)
            orang[username] = user
        ppk = user_with_role(Role.PPK, instansi, username="ppk.kt", first_name="Bupati")
        asn = user_with_role(Role.ASN, instansi, username="budi.kt", first_name="Budi", last_name="Santoso")
        budi = PegawaiFactory(
            instansi=instansi,
            unit_kerja=unit,
            nama="Budi Santoso",
            nama_jabatan="Kepala Seksi Jalan",
            user=asn,
        )
        PenempatanFactory(pegawai=budi, kotak=5, periode=TAHUN)
        for i, kotak in enumerate((4, 5, 6, 2, 8), 1):
            p = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama=f"Pegawai Peta {i:02d}")
            PenempatanFactory(pegawai=p, kotak=kotak, periode=TAHUN)
        pemegang = kandidat_buat(instansi, unit_kerja=unit, nama="Agus Salim")
        jabatan = jabatan_kunci_buat(
            instansi, pemegang=pemegang, unit_kerja=unit, nama="Kepala Bidang Bina Marga"
        )
        citra = kandidat_buat(instansi, unit_kerja=unit, nama="Citra Lestari", kotak=9)
        eka = kandidat_buat(instansi, unit_kerja=unit, nama="Eka Saputra", jpm="72.00")
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi, defaults={"asn_boleh_lihat_kotak": True}
        )
    # The candidates are computed by the succession pipeline, as its worker does.
    with instansi_scope(instansi):
        status_suksesi_mark_dirty(instansi_id=instansi.pk, jabatan_kunci_ids=[jabatan.pk], penyebab="uji")
        suksesi_flush(instansi=instansi)
        krs = dict(Kandidat.objects.filter(jabatan_kunci=jabatan).values_list("pegawai_id", "kesiapan"))
    assert krs == {citra.pk: "siap_sekarang", eka.pk: "siap_1_2"}, krs
    return Siklus(
        instansi=instansi,
        sekretaris=orang["sekretaris.kt"],
        ketua=orang["ketua.kt"],
        anggota=orang["anggota.kt"],
        ppk=ppk,
        asn=asn,
        budi=budi,
        citra=citra,
        eka=eka,
        jabatan=jabatan,
    )


@pytest.fixture
def reports_broker():
    """Starts this process's Celery app on a real Redis broker while the documents are made (a
    worker thread of the `reports` queue is started inside)."""
    return lambda: celery_on_test_redis(label="siklus")


@pytest.fixture
def konteks(browser: Browser, browser_context_args):
    """New browser contexts (one per person), all closed after the test."""
    dibuka = []

    def buka():
        context = browser.new_context(**browser_context_args)
        dibuka.append(context)
        return context

    yield buka
    for context in dibuka:
        context.close()


def _masuk(konteks, live_server, username: str) -> Page:
    context = konteks()
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, username)
    expect(page.locator(".topbar__user")).to_be_visible()
    return page


def _lihat(page: Page, nama: str, screenshot_dir: Path) -> None:
    """A screenshot at 1280 px, then no sideways scrolling on a phone (390 px)."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"komite-siklus-{nama}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (nama, width, overflow)
    page.set_viewport_size({"width": 1280, "height": 900})


def _pesan(page: Page):
    return page.locator(".messages")


def test_komite_cycle_from_session_to_penetapan_asn_box_and_berita_acara(
    live_server,
    konteks,
    siklus: Siklus,
    reports_broker,
    settings,
    tmp_path,
    screenshot_dir,
):
    settings.MEDIA_ROOT = str(tmp_path)
    s = siklus
    sekretaris = _masuk(konteks, live_server, s.sekretaris.username)
    ketua = _masuk(konteks, live_server, s.ketua.username)
    anggota = _masuk(konteks, live_server, s.anggota.username)
    ppk = _masuk(konteks, live_server, s.ppk.username)

    # --- the PPK's queue is empty -------------------------------------------------------------------
    ppk.goto(f"{live_server.url}/ppk/")
    expect(ppk.locator(".penetapan-beranda")).to_contain_text("Tidak ada sidang yang menunggu penetapan.")

    # --- the sekretaris creates the session from the menu --------------------------------------------
    sekretaris.locator("summary", has_text="Komite").click()
    sekretaris.get_by_role("link", name="Sidang Komite Talenta", exact=True).click()
    expect(sekretaris).to_have_url(f"{live_server.url}/komite/sidang/")
    sekretaris.get_by_role("link", name="Buat sidang", exact=True).click()
    sekretaris.get_by_label("Judul").fill(JUDUL)
    sekretaris.get_by_label("Periode (tahun)").fill(str(TAHUN))
    sekretaris.get_by_label("Tanggal").fill(timezone.localdate().isoformat())
    sekretaris.get_by_label("Pukul").fill("09:00")
    sekretaris.get_by_label("Tempat").fill("Aula Sekretariat Daerah")
    sekretaris.get_by_role("button", name="Simpan").click()
    expect(sekretaris.get_by_role("heading", name=JUDUL, level=1)).to_be_visible()
    expect(sekretaris.locator(".badge", has_text="Draf")).to_be_visible()
    sesi_url = sekretaris.url
    sidang_pk = int(re.search(r"/komite/sidang/(\d+)/$", sesi_url).group(1))

    # Agenda 1: the calibration of Budi's placement, found by name.
    sekretaris.get_by_role("link", name="Tambah agenda").click()
    sekretaris.get_by_label("Nama atau NIP").fill("Budi Sant")
    sekretaris.get_by_role("button", name="Cari").click()
    baris = sekretaris.locator("tr", has_text=s.budi.nip)
    expect(baris).to_have_count(1)
    baris.get_by_role("button", name="Tambahkan ke agenda").click()
    expect(_pesan(sekretaris)).to_contain_text("Agenda 1 ditambahkan: Kalibrasi penempatan")
    # Agenda 2: the succession of the key post.
    sekretaris.get_by_role("link", name="Tambah agenda").click()
    sekretaris.get_by_label("Suksesi jabatan kunci").check()
    sekretaris.get_by_label("Jabatan kunci", exact=True).select_option(
        label="Kepala Bidang Bina Marga — Dinas Pekerjaan Umum (Agus Salim)"
    )
    sekretaris.get_by_role("button", name="Tambahkan", exact=True).click()
    expect(_pesan(sekretaris)).to_contain_text("Agenda 2 ditambahkan: Suksesi jabatan kunci")
    with scopes_disabled():
        agenda = {a.jenis: a for a in AgendaSidang.objects.filter(sidang_id=sidang_pk)}
    kalibrasi_li = f"#agenda-{agenda['kalibrasi'].pk}"
    suksesi_li = f"#agenda-{agenda['suksesi'].pk}"
    expect(sekretaris.locator(kalibrasi_li)).to_contain_text("Kotak hasil perhitungan sekarang: 5")
    expect(sekretaris.locator(suksesi_li)).to_contain_text("Pemegang: Agus Salim")

    # Invitations, attendance (the ketua, the sekretaris and one anggota present), start.
    sekretaris.get_by_role("button", name="Kirim undangan").click()
    expect(_pesan(sekretaris)).to_contain_text("Undangan dikirim kepada 4 anggota")
    sekretaris.get_by_role("link", name="Catat kehadiran").click()
    sekretaris.get_by_label("Hendra Gunawan (Ketua)").check()
    sekretaris.get_by_label("Sri Wahyuni (Sekretaris)").check()
    sekretaris.get_by_label("Rahmat Hidayat (Anggota)").check()
    expect(sekretaris.get_by_label("Yusuf Maulana (Anggota)")).not_to_be_checked()
    sekretaris.get_by_role("button", name="Simpan kehadiran").click()
    expect(_pesan(sekretaris)).to_contain_text("Sidang sudah kuorum")
    expect(sekretaris.get_by_test_id("kuorum")).to_contain_text("3 dari 4 anggota hadir")
    sekretaris.get_by_role("button", name="Mulai sidang").click()
    expect(_pesan(sekretaris)).to_contain_text("Sidang dimulai")
    expect(sekretaris.locator(".badge", has_text="Berlangsung")).to_be_visible()

    # --- the anggota opens the invitation from the inbox and proposes the calibration ----------------
    anggota.reload()
    lonceng = anggota.locator(".topbar__notifikasi")
    expect(lonceng).to_have_attribute("aria-label", "Notifikasi: 1 belum dibaca")
    lonceng.click()
    anggota.get_by_role("button", name=re.compile("^Buka")).first.click()
    expect(anggota).to_have_url(sesi_url)
    usul = anggota.locator(kalibrasi_li).locator("form", has_text="Usulkan kalibrasi")
    usul.get_by_label("Kotak yang diusulkan").select_option("8")
    usul.get_by_role("button", name="Simpan usulan").click()
    # Without a reason, nothing is proposed.
    expect(anggota.locator("form", has_text="Usulkan kalibrasi").locator(".error").first).to_be_visible()
    usul = anggota.locator("form", has_text="Usulkan kalibrasi")
    usul.get_by_label("Kotak yang diusulkan").select_option("8")
    usul.get_by_label("Alasan kalibrasi").fill(ALASAN)
    usul.get_by_role("button", name="Simpan usulan").click()
    expect(_pesan(anggota)).to_contain_text("Usulan kalibrasi disimpan")
    expect(anggota.locator(kalibrasi_li)).to_contain_text("Usulan kalibrasi: kotak 5 → kotak 8")

    # --- the ketua records the decision on the calibration: approved, by consensus --------------------
    ketua.goto(sesi_url)
    blok = ketua.locator(kalibrasi_li)
    expect(blok).to_contain_text(ALASAN)
    putus = blok.locator("form", has_text="Catat keputusan")
    putus.get_by_label("Disetujui").check()
    putus.get_by_label("Mufakat").check()
    putus.get_by_role("button", name="Catat keputusan").click()
    expect(_pesan(ketua)).to_contain_text("Keputusan dicatat")
    blok = ketua.locator(kalibrasi_li)
    expect(blok.locator(".badge", has_text="Disetujui")).to_be_visible()
    expect(blok).to_contain_text("Kotak hitungan sekarang 5 ≠ kotak diputuskan 8")
    expect(blok).to_contain_text("Hasil hitungan belum berubah sejak keputusan")

    # --- the anggota decides the succession from the computed candidates -------------------------------
    anggota.reload()
    putus = anggota.locator(suksesi_li).locator("form", has_text="Catat keputusan")
    citra = putus.locator("tr", has_text="Citra Lestari")
    citra.get_by_label("Urutan", exact=True).fill("1")
    citra.get_by_label("Suksesor", exact=True).check()
    citra.get_by_label("Kesiapan", exact=True).select_option("siap_sekarang")
    eka = putus.locator("tr", has_text="Eka Saputra")
    eka.get_by_label("Urutan", exact=True).fill("2")
    putus.locator("fieldset", has_text="Suksesor darurat").get_by_label("Eka Saputra").check()
    putus.get_by_label("Jenis arahan 1").select_option("pelatihan")
    putus.get_by_label("NIP 1").fill(s.eka.nip)
    putus.get_by_label("Uraian 1").fill("Pelatihan Kepemimpinan Administrator")
    putus.get_by_role("button", name="Catat keputusan").click()
    expect(_pesan(anggota)).to_contain_text("Keputusan dicatat")
    blok = anggota.locator(suksesi_li)
    expect(blok.locator("ol")).to_contain_text("Citra Lestari")
    expect(blok.locator("ol")).to_contain_text("Siap sekarang")
    expect(blok).to_contain_text("Suksesor darurat: Eka Saputra")

    # --- the sekretaris closes the session ------------------------------------------------------------
    sekretaris.reload()
    expect(sekretaris.get_by_test_id("langkah-berikut")).to_contain_text("utup")
    sekretaris.get_by_role("link", name="Tutup sidang").click()
    sekretaris.get_by_label("Catatan penutup").fill(
        "Sidang ditutup pukul 11.30 setelah semua agenda diputuskan."
    )
    sekretaris.get_by_role("button", name="Tutup sidang").click()
    expect(_pesan(sekretaris)).to_contain_text("Sidang ditutup dan diteruskan kepada PPK")
    expect(sekretaris.locator(".badge", has_text="Selesai")).to_be_visible()
    expect(sekretaris.get_by_role("button", name="Mulai sidang")).to_have_count(0)
    expect(sekretaris.get_by_role("link", name="Tambah agenda")).to_have_count(0)

    # --- the PPK sets it from the queue on the PPK home ----------------------------------------------
    ppk.reload()
    kartu = ppk.locator(".penetapan-beranda")
    expect(kartu).to_contain_text("1 sidang menunggu penetapan.")
    kartu.get_by_role("link", name=JUDUL).click()
    expect(ppk.locator("h1")).to_have_text(JUDUL)
    expect(ppk.get_by_text(ALASAN)).to_be_visible()
    _lihat(ppk, "ppk-detail", screenshot_dir)
    ppk.get_by_label("Nomor keputusan").fill(NOMOR_SK)
    ppk.get_by_label("Tanggal keputusan").fill(timezone.localdate().isoformat())
    ppk.get_by_role("button", name="Tetapkan hasil sidang").click()
    expect(_pesan(ppk)).to_contain_text(f"Keputusan nomor {NOMOR_SK}")
    expect(ppk.locator(".penetapan-blok")).to_contain_text("Ditetapkan PPK")
    expect(ppk.get_by_role("button", name="Tetapkan hasil sidang")).to_have_count(0)

    with scopes_disabled():
        sidang = Sidang.objects.get(pk=sidang_pk)
        assert sidang.status == Sidang.Status.DITETAPKAN
        penetapan = Penetapan.objects.get(sidang=sidang)
        snap = SnapshotPenempatan.objects.get(penetapan=penetapan, pegawai=s.budi)
        assert (snap.kotak, snap.kotak_dihitung) == (8, 5)
        assert set(
            SnapshotSuksesor.objects.filter(penetapan=penetapan).values_list(
                "pegawai_id", "peran", "kesiapan"
            )
        ) == {(s.citra.pk, "suksesor", "siap_sekarang"), (s.eka.pk, "darurat", "siap_1_2")}
        kalibrasi = KeputusanKomite.objects.get(agenda=agenda["kalibrasi"])
        assert (kalibrasi.hasil, kalibrasi.kotak_diputuskan, kalibrasi.alasan, kalibrasi.dicatat_oleh) == (
            "setuju",
            8,
            ALASAN,
            s.ketua,
        )
    with instansi_scope(s.instansi):
        assert rantai_periksa(instansi=s.instansi) == []

    # --- the ASN (the calibrated Budi) sees the established box on their own talent page -------------
    anggota.get_by_role("button", name="Keluar").click()
    fill_login(anggota, s.asn.username)
    asn = anggota
    asn.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Peta Talenta Saya").click()
    ditetapkan = asn.locator(".talenta-ditetapkan")
    expect(ditetapkan).to_contain_text(f"Kotak talenta yang ditetapkan, periode {TAHUN}")
    expect(ditetapkan.locator(".kotak-nomor")).to_have_text("8")
    expect(ditetapkan).to_contain_text(f"Ditetapkan PPK — Keputusan nomor {NOMOR_SK}")
    _lihat(asn, "asn-talenta", screenshot_dir)

    # --- the Berita Acara: made by a worker of the reports queue, downloaded from the session page ---
    with reports_broker(), thread_worker(queues=("reports",)):
        sekretaris.goto(sesi_url)
        blok = sekretaris.locator("#dokumen")
        expect(blok).to_contain_text("Belum ada dokumen yang dibuat untuk sidang ini.")
        blok.get_by_role("button", name="Buat Berita Acara Sidang Komite Talenta").click()
        expect(_pesan(sekretaris)).to_contain_text("sedang dibuat")
        # progress.js polls the job and reloads the page when the worker has finished it.
        expect(sekretaris.get_by_role("link", name="Unduh PDF")).to_be_visible(timeout=60_000)
    with scopes_disabled():
        dokumen = DokumenKomite.objects.get(sidang_id=sidang_pk, jenis="berita_acara")
        assert (dokumen.status, dokumen.dibuat_oleh) == ("selesai", s.sekretaris)
    # Back on the session page: the document is there to download.
    sekretaris.locator(".breadcrumb").get_by_role("link", name=JUDUL).click()
    expect(sekretaris).to_have_url(sesi_url)
    unduh = sekretaris.locator("#dokumen").get_by_role("link", name="Unduh PDF")
    with sekretaris.expect_download() as info:
        unduh.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    isi = Path(download.path()).read_bytes()
    (screenshot_dir / "komite-siklus-berita-acara.pdf").write_bytes(isi)  # for a human to read
    pdf = PdfReader(io.BytesIO(isi))
    teks = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert "BERITA ACARA SIDANG KOMITE TALENTA" in teks and "Hadir 3 dari 4 anggota." in teks
    # The calibration: the decision and its reason.
    assert "1. Kalibrasi penempatan: Budi Santoso" in teks
    assert "Hasil Disetujui Kotak kotak hasil perhitungan 5, diusulkan 8, diputuskan 8" in teks
    assert f"Alasan {ALASAN}" in teks and "Diusulkan oleh Rahmat Hidayat" in teks
    # The succession: the shortlist, the successor with readiness, the emergency successor.
    assert "2. Suksesi jabatan kunci: Kepala Bidang Bina Marga" in teks
    assert re.search(r"1 Citra Lestari \d{18} Siap sekarang", teks), teks
    assert "Suksesor darurat Siap 1–2 tahun" in teks
    assert "Ketua Komite Talenta Hendra Gunawan Sekretaris Komite Talenta Sri Wahyuni" in teks
    _lihat(sekretaris, "sidang", screenshot_dir)
