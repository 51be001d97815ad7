"""The "Daftar Calon Suksesor" report (WeasyPrint): one key post on a page view, or every post as a
batch job on the `reports` queue with its progress.

The document is rendered from the stored candidates (like the pages) with the Profil Talenta's
WeasyPrint setup (apps/petatalenta/pdf.py: the fetcher that serves only the app's static files).

A batch job is a report job of apps/core/laporan.py (kind "suksesi": state in the cache for a
day, its PDF under MEDIA_ROOT/laporan-suksesi/<instansi_id>/<uuid>.pdf). A job of another
instansi is not found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from apps.core import laporan as core_laporan
from apps.core.laporan import (
    JenisLaporan,
    LaporanJob,
    laporan_jenis_register,
    laporan_job_finish,
    laporan_job_update,
)
from apps.core.services import audit_event_record
from apps.pegawai.selectors import unit_kerja_path
from apps.petatalenta.pdf import DOKUMEN_ORIGIN, StaticOnlyFetcher, html_to_pdf

from . import selectors
from .models import JabatanKunci

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

PDF_TEMPLATE = "suksesi/laporan/calon_suksesor_pdf.html"
JOB_DIR = "laporan-suksesi"
JOB_TTL = core_laporan.JOB_TTL


def _html(*, instansi: Instansi, bagian: list[selectors.JabatanDenganKandidat], semua: bool) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {
            "instansi": instansi,
            "bagian": [
                {
                    "jabatan": b.jabatan,
                    "status": selectors.status_of(b.jabatan),
                    "daftar": b.daftar,
                    "unit_path": unit_kerja_path(b.jabatan.unit_kerja),
                }
                for b in bagian
            ],
            "semua": semua,
            "dibuat_pada": timezone.localtime(),
        },
    )


def laporan_jabatan_pdf_filename(jabatan: JabatanKunci) -> str:
    return f"calon-suksesor-{jabatan.pk}.pdf"


def laporan_jabatan_pdf_generate(
    *, instansi: Instansi, jabatan: JabatanKunci, actor: User | None, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """The report of one key post, always in Bahasa Indonesia (a document of the instansi that is
    filed reads the same whoever downloads it); the download is audited (personal data leaves)."""
    with translation.override("id"):
        daftar = selectors.kandidat_daftar(instansi=instansi, jabatan_kunci=jabatan)
        html = _html(
            instansi=instansi,
            bagian=[selectors.JabatanDenganKandidat(jabatan=jabatan, daftar=daftar)],
            semua=False,
        )
    pdf = html_to_pdf(html=html, fetcher=fetcher)
    audit_event_record(
        action="suksesi.laporan_unduh",
        instansi=instansi,
        actor=actor,
        target=jabatan,
        new_values={"kandidat": len(daftar.semua)},
    )
    return pdf


# --- batch job (every post) ------------------------------------------------------------------------

LAPORAN_SUKSESI = laporan_jenis_register(
    JenisLaporan(
        kode="suksesi",
        direktori=JOB_DIR,
        kemajuan=gettext_lazy("%(d)s dari %(t)s jabatan kunci sudah dimuat (%(p)s%%)."),
    )
)


def laporan_job_path(*, instansi_id: int, uuid: str) -> Path:
    return core_laporan.laporan_job_path(jenis=LAPORAN_SUKSESI, instansi_id=instansi_id, uuid=uuid)


def laporan_job_get(*, instansi: Instansi, uuid: object) -> LaporanJob | None:
    """A batch job of the instansi (another instansi's, or an expired one, answers None)."""
    return core_laporan.laporan_job_get(jenis=LAPORAN_SUKSESI, instansi_id=instansi.pk, uuid=uuid)


def laporan_job_create(*, instansi: Instansi, actor: User | None) -> LaporanJob:
    """Queue the report of every key post on the `reports` queue (audited: who asked)."""
    from .tasks_laporan import laporan_semua_task

    job = core_laporan.laporan_job_create(jenis=LAPORAN_SUKSESI, instansi=instansi, actor=actor)
    audit_event_record(
        action="suksesi.laporan_semua",
        instansi=instansi,
        actor=actor,
        target=None,
        new_values={"job": job.uuid},
    )
    laporan_semua_task.delay(instansi_id=instansi.pk, uuid=job.uuid)
    return job


def laporan_job_run(*, instansi: Instansi, uuid: str) -> LaporanJob:
    """Render every active post's candidates, one post at a time (the progress moves per post),
    then join the pages into one PDF. Idempotent: a re-run renders the file again."""
    from weasyprint import HTML

    job = core_laporan.laporan_job_load(jenis=LAPORAN_SUKSESI, instansi=instansi, uuid=uuid)
    with translation.override("id"):
        bagian = selectors.laporan_semua(instansi=instansi)
        total = len(bagian)
        job = laporan_job_update(job, status="berjalan", done=0, total=total)
        documents = []
        fetcher = StaticOnlyFetcher()
        if not bagian:
            html = _html(instansi=instansi, bagian=[], semua=True)
            documents.append(HTML(string=html, base_url=DOKUMEN_ORIGIN, url_fetcher=fetcher).render())
        for i, b in enumerate(bagian, start=1):
            html = _html(instansi=instansi, bagian=[b], semua=True)
            documents.append(HTML(string=html, base_url=DOKUMEN_ORIGIN, url_fetcher=fetcher).render())
            job = laporan_job_update(job, done=i)
    pages = [page for document in documents for page in document.pages]
    return laporan_job_finish(job, content=documents[0].copy(pages).write_pdf())


def laporan_job_fail(*, instansi_id: int, uuid: str) -> None:
    core_laporan.laporan_job_fail(jenis=LAPORAN_SUKSESI, instansi_id=instansi_id, uuid=uuid)
