"""The "Daftar Calon Suksesor" PDF (one post on request, every post as a `reports` job with its
progress) and the Excel export of every post × candidate with each criterion as columns."""

from __future__ import annotations

import io
import uuid

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.suksesi import engine
from apps.suksesi.pdf import laporan_job_get
from tests.factories import JabatanKunciFactory

from .halaman_data import suksesi_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(instansi_a):
    return suksesi_data(instansi_a)


@pytest.fixture
def komite(make_user, instansi_a, login):
    return login(make_user(Role.KOMITE_SEKRETARIS, instansi_a))


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_of_one_post_lists_candidates_in_their_groups_and_is_audited(data, komite, instansi_a):
    response = komite.get(f"/suksesi/jabatan-kunci/{data.jabatan.pk}/calon-suksesor.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(_text(response.content).split())
    assert "Daftar Calon Suksesor: Kepala Bidang Bina Marga" in text
    for name in ("Calon Layak 01", "Dewi Perlu Verifikasi", "Rudi Belum Memenuhi"):
        assert name in text
    assert (
        text.index("Calon Layak 01") < text.index("Dewi Perlu Verifikasi") < text.index("Rudi Belum Memenuhi")
    )
    assert "perlu 3 tahun" in text
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="suksesi.laporan_unduh")
    assert event.new_values == {"kandidat": 4}
    assert event.actor_id is not None


def test_batch_pdf_runs_on_the_reports_queue_with_progress_then_downloads(
    data, komite, instansi_a, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    response = komite.post("/suksesi/laporan/")
    assert response.status_code == 302
    job_url = response["Location"]
    job_uuid = job_url.rstrip("/").rsplit("/", 1)[1]
    # Eager in tests: the task already ran. Its state is the instansi's, with every post counted.
    job = laporan_job_get(instansi=instansi_a, uuid=job_uuid)
    assert (job.status, job.done, job.total) == ("selesai", 2, 2)
    status = komite.get(f"{job_url}status.json").json()
    assert status["selesai"] is True and status["persen"] == 100
    page = komite.get(job_url).content.decode()
    assert f"{job_url}calon-suksesor.pdf" in page
    pdf = komite.get(f"{job_url}calon-suksesor.pdf")
    assert pdf.status_code == 200
    text = _text(b"".join(pdf.streaming_content))
    assert "Kepala Bidang Bina Marga" in text and "Sekretaris Dinas Pekerjaan Umum" in text
    with instansi_scope(instansi_a):
        assert AuditEvent.objects.filter(action="suksesi.laporan_semua").count() == 1


def test_batch_job_route_is_task_of_reports_queue():
    from apps.suksesi.tasks_laporan import laporan_semua_task

    assert laporan_semua_task.queue == "reports"


def test_batch_job_of_another_instansi_is_404(
    data, komite, make_user, instansi_b, login, client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    job_url = komite.post("/suksesi/laporan/")["Location"]
    client.logout()
    other = login(make_user(Role.KOMITE_ANGGOTA, instansi_b))
    for suffix in ("", "status.json", "calon-suksesor.pdf"):
        assert other.get(f"{job_url}{suffix}").status_code == 404
    assert other.get(f"/suksesi/laporan/{uuid.uuid4()}/").status_code == 404


def test_xlsx_has_every_post_times_candidate_with_each_criterion(data, komite, instansi_a):
    JabatanKunciFactory(instansi=instansi_a, unit_kerja=data.dinas, nama="Tanpa Calon")
    response = komite.get("/suksesi/laporan/calon-suksesor.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "Jalur jabatan" in header and "Jalur jabatan — alasan" in header
    assert len([h for h in header if h and h.endswith("— alasan")]) == len(engine.KRITERIA)
    body = rows[1:]
    assert len(body) == 4  # the post without candidates adds no row
    by_name = {row[header.index("Nama")]: row for row in body}
    rudi = by_name["Rudi Belum Memenuhi"]
    assert rudi[header.index("Jalur jabatan")] == "Tidak memenuhi"
    assert (
        rudi[header.index("Jalur jabatan — alasan")]
        == "riwayat jabatan Pengawas 2 tahun 7 bulan; perlu 3 tahun"
    )
    assert by_name["Calon Layak 01"][header.index("Peringkat")] == 1
    # NIP stays text.
    assert isinstance(by_name["Calon Layak 01"][header.index("NIP")], str)


def test_xlsx_of_one_post_and_foreign_post_404(data, komite, instansi_b, unit_b):
    response = komite.get(f"/suksesi/laporan/calon-suksesor.xlsx?jabatan={data.lowong.pk}")
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1  # header only: the vacant post has no stored candidates
    foreign = JabatanKunciFactory(instansi=instansi_b, unit_kerja=unit_b)
    assert komite.get(f"/suksesi/laporan/calon-suksesor.xlsx?jabatan={foreign.pk}").status_code == 404
