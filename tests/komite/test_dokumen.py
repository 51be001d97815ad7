"""The session documents: the Berita Acara (from the session's close on), the Keputusan PPK with
its annexes and the Excel annexes (once the PPK has set the session), made as `reports` jobs with
progress, downloaded as attachments, every request and download audited."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import RequestFactory
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.core.actor import Actor
from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import DokumenKomite, Sidang
from apps.komite.services_dokumen import dokumen_jalankan
from apps.komite.tasks_dokumen import dokumen_jalankan_task
from apps.pegawai.models import Pegawai

from .dokumen_data import (
    ALASAN_KALIBRASI,
    ALASAN_LUAR_KRS,
    NOMOR_KEPUTUSAN,
    PENDAPAT_BERBEDA,
    dokumen_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _teks(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def _dokumen(instansi, **filters) -> list[DokumenKomite]:
    with instansi_scope(instansi):
        return list(DokumenKomite.objects.filter(instansi=instansi, **filters))


def _buat(client, sidang, jenis, capture):
    with capture(execute=True):
        return client.post(f"/komite/sidang/{sidang.pk}/dokumen/{jenis}/")


def _unduh(client, response_or_url) -> bytes:
    response = client.get(response_or_url) if isinstance(response_or_url, str) else response_or_url
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_berita_acara_holds_attendance_agenda_decisions_and_signature_blocks(
    instansi_a, make_user, login, django_capture_on_commit_callbacks
):
    data = dokumen_data(instansi_a)
    user = make_user(Role.KOMITE_SEKRETARIS, instansi_a)
    client = login(user)
    response = _buat(client, data.sidang, "berita_acara", django_capture_on_commit_callbacks)
    (dokumen,) = _dokumen(instansi_a)
    assert response.status_code == 302
    assert response["Location"] == f"/komite/sidang/{data.sidang.pk}/dokumen/#dokumen-{dokumen.uuid}"
    assert (dokumen.status, dokumen.selesai_langkah, dokumen.total_langkah) == ("selesai", 1, 1)

    status = client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/status/").json()
    assert (status["selesai"], status["persen"]) == (True, 100)
    halaman = client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/").content.decode()
    unduh_url = f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/unduh/"
    assert unduh_url in halaman

    response = client.get(unduh_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    teks = _teks(_unduh(client, response))
    # Letterhead, title, session facts in Indonesian.
    assert "PEMERINTAH KABUPATEN KOTAWARINGIN BARAT" in teks and "SEKRETARIAT DAERAH" in teks
    assert "BERITA ACARA SIDANG KOMITE TALENTA" in teks
    assert "Nomor: 005/KT/XII/2026" in teks
    assert "Senin, tanggal 7 Desember 2026" in teks and "Aula Sekretariat Daerah" in teks
    assert "pukul 09.00" in teks
    # Attendance with roles; the absent member is named as absent.
    assert "Periode 2026" in teks
    assert "Hadir 3 dari 4 anggota" in teks
    assert re.search(r"Ir\. Hendra Gunawan, M\.T\..{0,40}Ketua Hadir", teks)
    assert re.search(r"Yusuf Maulana Anggota Tidak hadir", teks)
    # The calibration: boxes, result, votes, reason, dissent, proposer, evidence, recused member.
    assert "kotak hasil perhitungan 5, diusulkan 8, diputuskan 8" in teks
    assert "Pemungutan suara: 3 setuju, 0 tidak setuju, 0 abstain" in teks
    assert ALASAN_KALIBRASI in teks
    assert PENDAPAT_BERBEDA in teks
    assert "laporan-banjir-2025.pdf" in teks
    # The succession: ordered shortlist with the outside-KRS reason, successors with readiness,
    # the emergency successor, directions.
    assert "Kepala Bidang Bina Marga" in teks and "pemegang: Agus Salim" in teks
    assert "Musyawarah mufakat" in teks
    assert "Rahmat Hidayat — Anda termasuk calon suksesor jabatan ini." in teks
    assert teks.index("Citra Lestari") < teks.index("Eka Saputra")
    assert ALASAN_LUAR_KRS in teks
    assert "Siap sekarang" in teks and "Suksesor darurat" in teks and "Siap 1–2 tahun" in teks
    assert "Pelatihan (Eka Saputra): Pelatihan Kepemimpinan Administrator" in teks
    assert "Rotasi: Rotasi antarbidang dalam dua tahun" in teks
    # The review item's note and the closing note; signature blocks with names, no signature.
    assert "Perlu asesmen ulang untuk lima pejabat pengawas" in teks
    assert "Kotak 9 berisi 14% pegawai, di atas batas 10%." in teks
    assert "Diusulkan oleh Hendra Gunawan" in teks
    assert "Sidang ditutup pukul 12.00" in teks
    assert "Ketua Komite Talenta" in teks and "Sekretaris Komite Talenta" in teks
    assert teks.index("Ketua Komite Talenta") < teks.rindex("Ir. Hendra Gunawan, M.T.")
    assert "Sri Wahyuni" in teks
    with instansi_scope(instansi_a):
        actions = list(
            AuditEvent.objects.filter(action__startswith="komite.dokumen.").values_list("action", flat=True)
        )
    assert sorted(actions) == ["komite.dokumen.buat", "komite.dokumen.unduh"]


def test_berita_acara_is_refused_while_the_session_is_open(
    instansi_a, make_user, login, django_capture_on_commit_callbacks
):
    data = dokumen_data(instansi_a, status=Sidang.Status.BERLANGSUNG)
    client = login(make_user(Role.KOMITE_SEKRETARIS, instansi_a))
    response = _buat(client, data.sidang, "berita_acara", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    halaman = client.get(response["Location"]).content.decode()
    assert "Berita acara tersedia setelah sidang ditutup." in halaman
    assert _dokumen(instansi_a) == []
    with instansi_scope(instansi_a):
        assert not AuditEvent.objects.filter(action="komite.dokumen.buat").exists()


@pytest.mark.parametrize("jenis", ["keputusan", "lampiran_xlsx"])
def test_keputusan_and_annexes_are_refused_before_the_ppk_sets_the_session(
    jenis, instansi_a, make_user, login, api_login, django_capture_on_commit_callbacks
):
    data = dokumen_data(instansi_a)  # selesai: waiting for the PPK
    user = make_user(Role.ADMIN_BKD, instansi_a)
    client = login(user)
    response = _buat(client, data.sidang, jenis, django_capture_on_commit_callbacks)
    halaman = client.get(response["Location"]).content.decode()
    assert "tersedia setelah hasil sidang ditetapkan PPK" in halaman
    api = api_login(user)
    response = api.post(f"/api/v1/komite/sidang/{data.sidang.pk}/dokumen/", {"jenis": jenis}, format="json")
    assert response.status_code == 400
    assert "ditetapkan PPK" in str(response.json())
    assert _dokumen(instansi_a) == []


def test_unknown_kind_is_refused_and_nothing_is_queued(instansi_a, make_user, login):
    data = dokumen_data(instansi_a)
    client = login(make_user(Role.KOMITE_KETUA, instansi_a))
    response = client.post(f"/komite/sidang/{data.sidang.pk}/dokumen/surat_cinta/")
    assert "Jenis dokumen tidak dikenal." in client.get(response["Location"]).content.decode()
    assert _dokumen(instansi_a) == []


def test_keputusan_pdf_reads_the_annexes_from_the_snapshot(
    instansi_a, make_user, login, django_capture_on_commit_callbacks
):
    data = dokumen_data(instansi_a, status=Sidang.Status.DITETAPKAN)
    # Edits after the penetapan never reach the decree's annexes: they print the frozen identity.
    with scopes_disabled():
        Pegawai.objects.filter(pk=data.budi.pk).update(nama="Budi Sesudah Mutasi", nama_jabatan="Staf Baru")
    client = login(make_user(Role.PPK, instansi_a))
    _buat(client, data.sidang, "keputusan", django_capture_on_commit_callbacks)
    (dokumen,) = _dokumen(instansi_a)
    # Body, annex I (six small boxes in one step), II, III, IV.
    assert (dokumen.status, dokumen.selesai_langkah, dokumen.total_langkah) == ("selesai", 5, 5)
    teks = _teks(_unduh(client, f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/unduh/"))
    assert "KEPUTUSAN BUPATI KOTAWARINGIN BARAT" in teks
    assert f"NOMOR {NOMOR_KEPUTUSAN}" in teks
    assert "PENETAPAN HASIL MANAJEMEN TALENTA TAHUN 2026" in teks
    assert "Ditetapkan pada tanggal 10 Desember 2026" in teks
    assert "H. Sugianto Sabran" in teks  # the PPK who set it signs the decree
    assert "6 penempatan ditetapkan; KRS Instansi 2 pegawai; calon KRS Nasional 1 pegawai" in teks
    # Annex I per box, highest first, with the calibrated mark on Budi (computed 5, decided 8).
    assert "PETA TALENTA TAHUN 2026 PER KOTAK" in teks
    assert (
        teks.index("Kotak 9 (1 pegawai)")
        < teks.index("Kotak 8 (1 pegawai)")
        < teks.index("Kotak 1 (1 pegawai)")
    )
    assert re.search(
        r"Budi Santoso [0-9 ]+ Kepala Seksi Jalan Dinas Pekerjaan Umum 5 8 Dikalibrasi Komite", teks
    )
    assert "Tanpa kotak — data belum lengkap (1 pegawai)" in teks
    # II KRS Instansi (Budi and Citra), III KRS Nasional (Citra), IV successors of the post.
    ii = teks[teks.index("KELOMPOK RENCANA SUKSESI (KRS) INSTANSI") : teks.index("CALON KELOMPOK RENCANA")]
    assert "Budi Santoso" in ii and "Citra Lestari" in ii and "Eka Saputra" not in ii
    iii = teks[
        teks.index("CALON KELOMPOK RENCANA SUKSESI (KRS) NASIONAL") : teks.index("SUKSESOR JABATAN KUNCI")
    ]
    assert "Citra Lestari" in iii and "Budi Santoso" not in iii
    assert "Sesudah Mutasi" not in teks and "Staf Baru" not in teks
    iv = teks[teks.index("SUKSESOR JABATAN KUNCI") :]
    assert "Kepala Bidang Bina Marga" in iv and "Pemegang: Agus Salim" in iv
    assert re.search(
        r"Suksesor 1 Citra Lestari.*Siap sekarang.*Suksesor darurat 1 Eka Saputra.*Siap 1–2 tahun", iv
    )


def test_excel_annexes_one_sheet_per_annex(
    instansi_a, make_user, api_login, django_capture_on_commit_callbacks
):
    data = dokumen_data(instansi_a, status=Sidang.Status.DITETAPKAN)
    api = api_login(make_user(Role.ADMIN_BKD, instansi_a))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/komite/sidang/{data.sidang.pk}/dokumen/", {"jenis": "lampiran_xlsx"}, format="json"
        )
    assert response.status_code == 201
    uuid = response.json()["uuid"]
    status = api.get(f"/api/v1/komite/dokumen/{uuid}/").json()
    assert (status["status"], status["persen"], status["total_langkah"]) == ("selesai", 100, 4)
    assert status["unduh"].endswith(f"/api/v1/komite/dokumen/{uuid}/unduh/")
    assert status["unduh_halaman"].endswith(f"/komite/sidang/{data.sidang.pk}/dokumen/{uuid}/unduh/")
    response = api.get(f"/api/v1/komite/dokumen/{uuid}/unduh/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(_unduh(api, response)), read_only=True)
    assert book.sheetnames == ["I Peta Talenta", "II KRS Instansi", "III KRS Nasional", "IV Suksesor"]
    peta = list(book["I Peta Talenta"].iter_rows(values_only=True))
    assert peta[0][:3] == ("No.", "Nama", "NIP")
    assert len(peta) == 1 + 6
    budi = next(row for row in peta if row[1] == "Budi Santoso")
    assert (budi[5], budi[6], budi[7]) == (5, 8, "Ya")
    assert [row[1] for row in list(book["III KRS Nasional"].iter_rows(values_only=True))[1:]] == [
        "Citra Lestari"
    ]
    suksesor = list(book["IV Suksesor"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[3], r[5], r[8]) for r in suksesor] == [
        ("Kepala Bidang Bina Marga", "Suksesor", "Citra Lestari", "Siap sekarang"),
        ("Kepala Bidang Bina Marga", "Suksesor darurat", "Eka Saputra", "Siap 1–2 tahun"),
    ]


def test_a_kind_being_made_is_not_queued_twice(instansi_a, make_user, login):
    data = dokumen_data(instansi_a)
    client = login(make_user(Role.KOMITE_SEKRETARIS, instansi_a))
    # on_commit callbacks are not run here: the job stays waiting, as while the worker is busy.
    first = client.post(f"/komite/sidang/{data.sidang.pk}/dokumen/berita_acara/")
    second = client.post(f"/komite/sidang/{data.sidang.pk}/dokumen/berita_acara/")
    (dokumen,) = _dokumen(instansi_a)
    assert (
        first["Location"]
        == second["Location"]
        == f"/komite/sidang/{data.sidang.pk}/dokumen/#dokumen-{dokumen.uuid}"
    )
    assert dokumen.status == "antri"
    status = client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/status/").json()
    assert (status["selesai"], status["teks"]) == (False, "Menunggu giliran…")
    halaman = client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/").content.decode()
    assert "js/progress.js" in halaman and "data-progress-status=" in halaman
    # Not finished: nothing to download.
    assert client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/unduh/").status_code == 404


def test_running_twice_is_idempotent(instansi_a, make_user, login, django_capture_on_commit_callbacks):
    data = dokumen_data(instansi_a)
    client = login(make_user(Role.KOMITE_SEKRETARIS, instansi_a))
    _buat(client, data.sidang, "berita_acara", django_capture_on_commit_callbacks)
    (dokumen,) = _dokumen(instansi_a)
    nama, selesai_pada = dokumen.berkas.name, dokumen.selesai_pada
    result = dokumen_jalankan_task(instansi_id=instansi_a.pk, dokumen_id=dokumen.pk)
    assert result["status"] == "selesai"
    (again,) = _dokumen(instansi_a)
    assert (again.berkas.name, again.selesai_pada) == (nama, selesai_pada)


def test_a_rerun_after_a_lost_worker_replaces_the_partial_file(instansi_a):
    data = dokumen_data(instansi_a)
    with instansi_scope(instansi_a):
        dokumen = DokumenKomite.objects.create(
            instansi=instansi_a, sidang=data.sidang, jenis="berita_acara", status="proses"
        )
        dokumen.berkas.save("sisa.pdf", ContentFile(b"sisa"), save=True)
        dokumen = dokumen_jalankan(dokumen=dokumen)
    assert dokumen.status == "selesai"
    assert dokumen.berkas.read().startswith(b"%PDF")


def test_a_failed_job_says_so(instansi_a, make_user, login):
    """A job whose session does not allow the document (here: written directly) fails with the
    reason; the status answers finished, the page shows the message, nothing to download."""
    data = dokumen_data(instansi_a)
    with instansi_scope(instansi_a):
        dokumen = DokumenKomite.objects.create(instansi=instansi_a, sidang=data.sidang, jenis="keputusan")
    dokumen_jalankan_task(instansi_id=instansi_a.pk, dokumen_id=dokumen.pk)
    (dokumen,) = _dokumen(instansi_a)
    assert dokumen.status == "gagal" and "ditetapkan PPK" in dokumen.pesan
    client = login(make_user(Role.ADMIN_BKD, instansi_a))
    status = client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/status/").json()
    assert status["selesai"] is True and "ditetapkan PPK" in status["teks"]
    assert "Gagal" in client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/").content.decode()
    assert client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}/unduh/").status_code == 404


def test_session_page_block_offers_what_the_session_allows(instansi_a, make_user):
    data = dokumen_data(instansi_a)
    user = make_user(Role.KOMITE_ANGGOTA, instansi_a)
    request = RequestFactory().get("/")
    request.actor = Actor(user=user, role=Role.KOMITE_ANGGOTA, instansi=instansi_a)
    request.user = user
    template = Template('{% include "komite/dokumen/_sidang.html" %}')
    with instansi_scope(instansi_a):
        html = template.render(Context({"sidang": data.sidang, "request": request}))
    assert f'action="/komite/sidang/{data.sidang.pk}/dokumen/berita_acara/"' in html
    assert "/dokumen/keputusan/" not in html
    assert "tersedia setelah hasil sidang ditetapkan PPK" in html
    request.actor = Actor(user=user, role=Role.ASN, instansi=instansi_a)
    with instansi_scope(instansi_a):
        assert (
            Template('{% include "komite/dokumen/_sidang.html" %}')
            .render(Context({"sidang": data.sidang, "request": request}))
            .strip()
            == ""
        )


def test_big_annexes_are_made_in_chunks_of_rows(instansi_a, monkeypatch):
    """Annex I packs boxes into steps of at most POTONGAN rows (a big box is cut); II and III are
    cut too: the progress moves per chunk on a large instansi."""
    from apps.komite import pdf
    from apps.petatalenta.pdf import StaticOnlyFetcher

    data = dokumen_data(instansi_a, status=Sidang.Status.DITETAPKAN)
    monkeypatch.setattr(pdf, "POTONGAN", 2)
    with instansi_scope(instansi_a):
        langkah = pdf.keputusan_langkah(
            sidang=data.sidang, penetapan=data.penetapan, fetcher=StaticOnlyFetcher()
        )
        # body + annex I: [9, 8] [6, 5] [1, no box] + II (2 rows: one chunk) + III (1 row) + IV
        assert len(langkah) == 7
        halaman = [_teks(step.buat().write_pdf()) for step in langkah[1:4]]
    assert "Kotak 9 (1 pegawai)" in halaman[0] and "Kotak 8 (1 pegawai)" in halaman[0]
    assert "Kotak 6 (1 pegawai)" in halaman[1] and "Kotak 5 (1 pegawai)" in halaman[1]
    assert "Kotak 1 (1 pegawai)" in halaman[2] and "Tanpa kotak" in halaman[2]
    assert "PETA TALENTA TAHUN 2026" in halaman[0] and "PETA TALENTA" not in halaman[1]
