"""The Peta Talenta report of the nine-box page: a PDF and an Excel file of the page's period and
filters, rendered on the `reports` queue with a progress page, downloaded (audited) by the roles
that see the map, never by another instansi."""

from __future__ import annotations

import io
import uuid
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.core.laporan import laporan_job_create
from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.laporan import (
    LAPORAN_PETA_TALENTA,
    peta_talenta_laporan_get,
    peta_talenta_laporan_jalankan,
)
from apps.petatalenta.pdf import StaticOnlyFetcher
from tests.factories import PegawaiFactory, PenempatanFactory

from .laporan_data import TAHUN, peta_laporan_data

pytestmark = pytest.mark.django_db

URL = "/talenta/sembilan-kotak/laporan/"


@pytest.fixture
def peta(instansi_a, instansi_b, unit_tree_a):
    return peta_laporan_data(instansi_a, instansi_b, unit_tree_a)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf_text(pdf: bytes) -> str:
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def minta(client, *, ekstensi="pdf", qs=""):
    """POST the nine-box page's button; eager in tests, the task already ran. Returns the job URL."""
    response = client.post(f"{URL}?{qs}", {"format": ekstensi})
    assert response.status_code == 302
    return response["Location"]


def unduh(client, job_url) -> bytes:
    response = client.get(f"{job_url}unduh/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


def test_pdf_job_prints_filters_counts_lists_reasons_and_transitions(peta, instansi_a, admin_bkd_a):
    with instansi_scope(instansi_a):
        job = laporan_job_create(
            jenis=LAPORAN_PETA_TALENTA,
            instansi=instansi_a,
            actor=admin_bkd_a,
            parameter={"qs": f"periode={TAHUN}&unit={peta['dinas'].pk}", "periode": TAHUN},
        )
        fetcher = StaticOnlyFetcher()
        job = peta_talenta_laporan_jalankan(instansi=instansi_a, uuid=job.uuid, fetcher=fetcher)
    assert (job.status, job.done, job.total) == ("selesai", job.total, 13)
    assert fetcher.refused == []
    assert job.hasil["baris"]["kotak_9"] == 1 and job.hasil["baris"]["perlu_data"] == 1
    path = job_file(job)
    text = pdf_text(path.read_bytes())
    assert f"Laporan Peta Talenta {TAHUN}" in text
    assert "Unit kerja: Dinas Pendidikan dan unit di bawahnya" in text
    assert "Dibuat" in text and "oleh" in text
    # Counts and shares in Indonesian format: 3 final placements in the Dinas, one per box.
    assert "33,3%" in text and "1 pegawai" in text
    for nama in ("Ahmad Bintang Unggul", "Budi Tengah Stabil", "Citra Turun Kotak", "Dewi Kurang Data"):
        assert nama in text
    assert "88,50" in text and "Kepala Seksi Kurikulum" in text
    assert peta["ahmad"].nip_tampilan in text
    assert "Belum ada hasil asesmen kompetensi." in text
    assert f"Tidak ada SKP tahunan tahun {TAHUN - 2}–{TAHUN - 1}." in text
    assert "Naik: 1 · Tetap: 1 · Turun: 1 · Bergeser: 0" in text
    assert f"Perpindahan kotak {TAHUN - 1} → {TAHUN}" in text
    assert "Halaman 1 dari" in text
    # The filter really filters: the Dinas Kesehatan's pegawai and instansi B's are absent.
    assert "Eko Luar Unit" not in text and "Rahasia" not in text
    # Lists in box order, best first: box 9 before box 5 before box 1, perlu data last.
    assert (
        text.index("Ahmad Bintang")
        < text.index("Budi Tengah")
        < text.index("Citra Turun")
        < text.index("Dewi Kurang")
    )


def job_file(job):
    from apps.core.laporan import laporan_job_file

    path = laporan_job_file(job)
    assert path is not None
    return path


def test_without_filters_the_pdf_says_so_and_counts_everyone(peta, instansi_a, admin_bkd_a, login):
    client = login(admin_bkd_a)
    job_url = minta(client, qs=f"periode={TAHUN}")
    text = pdf_text(unduh(client, job_url))
    assert "Saringan Tanpa saringan" in text
    assert "Eko Luar Unit" in text and "Ahmad Bintang Unggul" in text
    assert "Rahasia" not in text
    assert "50,0%" in text  # box 9: Ahmad and Eko of 4 final placements


def test_button_job_progress_and_download_with_a_jenis_jabatan_filter(peta, instansi_a, admin_bkd_a, login):
    client = login(admin_bkd_a)
    page = client.get(f"/talenta/sembilan-kotak/?periode={TAHUN}&jenis_jabatan=fungsional").content.decode()
    assert f'action="{URL}?periode={TAHUN}&amp;jenis_jabatan=fungsional"' in page
    assert 'name="format" value="pdf"' in page and 'name="format" value="xlsx"' in page
    job_url = minta(client, qs=f"periode={TAHUN}&jenis_jabatan=fungsional")
    status = client.get(f"{job_url}status.json").json()
    assert (status["selesai"], status["persen"]) == (True, 100)
    job_page = client.get(job_url).content.decode()
    assert f"{job_url}unduh/" in job_page and "Jenis jabatan: Fungsional" in job_page
    text = pdf_text(unduh(client, job_url))
    assert "Jenis jabatan: Fungsional" in text
    assert "Budi Tengah Stabil" in text
    for other in ("Ahmad Bintang Unggul", "Citra Turun Kotak", "Dewi Kurang Data", "Eko Luar Unit"):
        assert other not in text
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="peta_talenta.laporan_unduh")
    assert event.actor_id == admin_bkd_a.pk
    assert event.new_values["format"] == "pdf"
    assert event.new_values["saringan"] == ["Jenis jabatan: Fungsional"]
    assert event.new_values["saringan_kode"] == {"periode": str(TAHUN), "jenis_jabatan": "fungsional"}
    assert event.new_values["baris"]["kotak_5"] == 1 and event.new_values["baris"]["kotak_9"] == 0


def test_excel_has_the_summary_the_boxes_and_the_perlu_data_sheets(peta, instansi_a, login, make_user):
    client = login(make_user(Role.PPK, instansi_a))
    job_url = minta(client, ekstensi="xlsx", qs=f"periode={TAHUN}&unit={peta['dinas'].pk}")
    response = client.get(f"{job_url}unduh/")
    assert response["Content-Disposition"] == f'attachment; filename="peta-talenta-{TAHUN}.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Ringkasan", "Per kotak", "Perlu data"]
    ringkasan = list(book["Ringkasan"].iter_rows(values_only=True))
    assert ("Saringan", "Unit kerja: Dinas Pendidikan dan unit di bawahnya") in [r[:2] for r in ringkasan]
    box9 = next(r for r in ringkasan if r[0] == 9)
    assert box9[4:6] == (1, pytest.approx(33.3))
    assert ("Naik", 1) in [r[:2] for r in ringkasan]
    per_kotak = list(book["Per kotak"].iter_rows(values_only=True))
    assert per_kotak[0][:4] == ("Kotak", "Label kotak", "Nama", "NIP")
    assert [(r[0], r[2]) for r in per_kotak[1:]] == [
        (9, "Ahmad Bintang Unggul"),
        (5, "Budi Tengah Stabil"),
        (1, "Citra Turun Kotak"),
    ]
    nip_cell = book["Per kotak"]["D2"]
    assert nip_cell.value == peta["ahmad"].nip_tampilan and nip_cell.number_format == "@"
    assert per_kotak[1][8] == pytest.approx(88.5)
    perlu = list(book["Perlu data"].iter_rows(values_only=True))
    assert len(perlu) == 2 and perlu[1][0] == "Dewi Kurang Data"
    assert "Asesmen: Belum ada hasil asesmen kompetensi." in perlu[1][4]
    assert "SKP tahunan: Tidak ada SKP tahunan" in perlu[1][4]
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="peta_talenta.laporan_unduh")
    assert event.new_values["format"] == "xlsx" and event.new_values["baris"]["perlu_data"] == 1


@pytest.mark.parametrize("role", [Role.KOMITE_ANGGOTA, Role.PPK])
def test_ppk_and_komite_may_request_and_download(role, peta, instansi_a, login, make_user):
    client = login(make_user(role, instansi_a))
    job_url = minta(client, qs=f"periode={TAHUN}")
    assert unduh(client, job_url).startswith(b"%PDF")


@pytest.mark.parametrize("role", [Role.ASN, Role.VERIFIKATOR])
def test_asn_and_verifikator_are_refused(role, peta, instansi_a, admin_bkd_a, login, make_user):
    job_url = minta(login(admin_bkd_a), qs=f"periode={TAHUN}")
    client = login(make_user(role, instansi_a))
    assert client.post(URL, {"format": "pdf"}).status_code == 403
    for suffix in ("", "status.json", "unduh/"):
        assert client.get(f"{job_url}{suffix}").status_code == 403


def test_another_instansis_job_is_not_found_and_nothing_is_audited(
    peta, instansi_a, instansi_b, admin_bkd_a, login
):
    with instansi_scope(instansi_b):
        asing = laporan_job_create(
            jenis=LAPORAN_PETA_TALENTA, instansi=instansi_b, actor=None, parameter={"qs": f"periode={TAHUN}"}
        )
        peta_talenta_laporan_jalankan(instansi=instansi_b, uuid=asing.uuid)
    client = login(admin_bkd_a)
    for job_id in (asing.uuid, str(uuid.uuid4())):
        for suffix in ("", "status.json", "unduh/"):
            assert client.get(f"{URL}{job_id}/{suffix}").status_code == 404
    for instansi in (instansi_a, instansi_b):
        with instansi_scope(instansi):
            assert not AuditEvent.objects.filter(action="peta_talenta.laporan_unduh").exists()


def test_an_unfinished_job_has_no_file_and_the_page_polls(instansi_a, admin_bkd_a, login):
    with instansi_scope(instansi_a):
        job = laporan_job_create(jenis=LAPORAN_PETA_TALENTA, instansi=instansi_a, actor=admin_bkd_a)
    client = login(admin_bkd_a)
    page = client.get(f"{URL}{job.uuid}/").content.decode()
    assert f'data-progress-status="{URL}{job.uuid}/status.json"' in page
    assert client.get(f"{URL}{job.uuid}/status.json").json()["selesai"] is False
    assert client.get(f"{URL}{job.uuid}/unduh/").status_code == 404
    with instansi_scope(instansi_a):
        assert peta_talenta_laporan_get(instansi=instansi_a, uuid=job.uuid).status == "menunggu"


def _jalankan(instansi, actor, qs: str):
    with instansi_scope(instansi):
        job = laporan_job_create(
            jenis=LAPORAN_PETA_TALENTA, instansi=instansi, actor=actor, parameter={"qs": qs}
        )
        job = peta_talenta_laporan_jalankan(instansi=instansi, uuid=job.uuid)
    return job


def test_a_long_list_runs_over_pages_with_its_header_on_each_and_numbered_pages(instansi_a, admin_bkd_a):
    with instansi_scope(instansi_a):
        for i in range(90):
            PenempatanFactory(
                pegawai=PegawaiFactory(instansi=instansi_a, nama=f"Pegawai Panjang {i:03d}"),
                kotak=5,
                skor_potensial=Decimal("60"),
                skor_kinerja=Decimal("60"),
            )
    job = _jalankan(instansi_a, admin_bkd_a, f"periode={TAHUN}")
    pages = [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(job_file(job).read_bytes())).pages
    ]
    list_pages = [text for text in pages if "Pegawai Panjang" in text]
    assert len(list_pages) >= 2
    for text in list_pages:
        assert "No. Nama NIP Jabatan Unit kerja Skor potensial Skor kinerja" in text
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
    everyone = " ".join(pages)
    assert all(f"Pegawai Panjang {i:03d}" in everyone for i in range(90))
    assert "90 pegawai, 100,0%" in everyone


def test_beyond_the_pdf_row_limit_the_lists_give_way_to_a_notice(
    peta, instansi_a, admin_bkd_a, login, monkeypatch
):
    import apps.petatalenta.laporan as laporan

    monkeypatch.setattr(laporan, "PDF_BARIS_MAKS", 3)  # the map has 4 final + 1 perlu data
    client = login(admin_bkd_a)
    job_url = minta(client, qs=f"periode={TAHUN}")
    assert "melebihi 3 baris" in client.get(job_url).content.decode()
    text = pdf_text(unduh(client, job_url))
    assert "melebihi 3 baris" in text and "unduh Excel" in text
    assert "Ahmad Bintang Unggul" not in text
    assert "50,0%" in text  # the grid is still there
    # The Excel file of the same filters lists everyone.
    book = load_workbook(io.BytesIO(unduh(client, minta(client, ekstensi="xlsx", qs=f"periode={TAHUN}"))))
    assert book["Per kotak"].max_row == 1 + 4
