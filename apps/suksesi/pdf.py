"""The "Daftar Calon Suksesor" report (WeasyPrint): one key post on a page view, or every post as a
batch job on the `reports` queue with its progress.

The document is rendered from the stored candidates (like the pages) with the Profil Talenta's
WeasyPrint setup (apps/petatalenta/pdf.py: the fetcher that serves only the app's static files).

A batch job has no table of its own: its state lives in the cache for a day
(`suksesi:laporan:<uuid>`: instansi, who asked, done/total, status) and its PDF under
MEDIA_ROOT/laporan-suksesi/<instansi_id>/<uuid>.pdf. A job of another instansi is not found.
"""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record
from apps.pegawai.selectors import unit_kerja_path
from apps.petatalenta.pdf import DOKUMEN_ORIGIN, StaticOnlyFetcher, html_to_pdf

from . import selectors
from .models import JabatanKunci

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

PDF_TEMPLATE = "suksesi/laporan/calon_suksesor_pdf.html"
JOB_TTL = 60 * 60 * 24
JOB_DIR = "laporan-suksesi"


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


@dataclass(frozen=True)
class LaporanJob:
    uuid: str
    instansi_id: int
    user_id: int | None
    status: str  # "menunggu" | "berjalan" | "selesai" | "gagal"
    done: int
    total: int
    dibuat_pada: str

    @property
    def selesai(self) -> bool:
        return self.status in ("selesai", "gagal")

    @property
    def persen(self) -> int:
        if self.status == "selesai":
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def teks(self) -> str:
        if self.status == "gagal":
            return _("Laporan gagal dibuat. Coba lagi.")
        if self.status == "selesai":
            return _("Laporan selesai dibuat.")
        if not self.total:
            return _("Menunggu giliran…")
        return _("%(d)s dari %(t)s jabatan kunci sudah dimuat (%(p)s%%).") % {
            "d": number_format(self.done, force_grouping=True),
            "t": number_format(self.total, force_grouping=True),
            "p": self.persen,
        }


def _key(uuid: str) -> str:
    return f"suksesi:laporan:{uuid}"


def laporan_job_path(*, instansi_id: int, uuid: str) -> Path:
    return Path(settings.MEDIA_ROOT) / JOB_DIR / str(instansi_id) / f"{uuid}.pdf"


def _job_save(job: LaporanJob) -> None:
    cache.set(_key(job.uuid), job.__dict__, JOB_TTL)


def laporan_job_get(*, instansi: Instansi, uuid: object) -> LaporanJob | None:
    """A batch job of the instansi (another instansi's, or an expired one, answers None)."""
    data = cache.get(_key(str(uuid)))
    if not data or data.get("instansi_id") != instansi.pk:
        return None
    return LaporanJob(**data)


def laporan_job_create(*, instansi: Instansi, actor: User | None) -> LaporanJob:
    """Queue the report of every key post on the `reports` queue (audited: who asked)."""
    from .tasks_laporan import laporan_semua_task

    job = LaporanJob(
        uuid=str(uuid_lib.uuid4()),
        instansi_id=instansi.pk,
        user_id=getattr(actor, "pk", None),
        status="menunggu",
        done=0,
        total=0,
        dibuat_pada=timezone.now().isoformat(),
    )
    _job_save(job)
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

    data = cache.get(_key(uuid))
    if not data or data.get("instansi_id") != instansi.pk:
        raise LookupError(f"laporan job {uuid} not found")
    job = LaporanJob(**data)
    with translation.override("id"):
        bagian = selectors.laporan_semua(instansi=instansi)
        total = len(bagian)
        job = LaporanJob(**{**job.__dict__, "status": "berjalan", "done": 0, "total": total})
        _job_save(job)
        documents = []
        fetcher = StaticOnlyFetcher()
        if not bagian:
            html = _html(instansi=instansi, bagian=[], semua=True)
            documents.append(HTML(string=html, base_url=DOKUMEN_ORIGIN, url_fetcher=fetcher).render())
        for i, b in enumerate(bagian, start=1):
            html = _html(instansi=instansi, bagian=[b], semua=True)
            documents.append(HTML(string=html, base_url=DOKUMEN_ORIGIN, url_fetcher=fetcher).render())
            job = LaporanJob(**{**job.__dict__, "done": i})
            _job_save(job)
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    path = laporan_job_path(instansi_id=instansi.pk, uuid=uuid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    job = LaporanJob(**{**job.__dict__, "status": "selesai", "done": total})
    _job_save(job)
    return job


def laporan_job_fail(*, instansi_id: int, uuid: str) -> None:
    data = cache.get(_key(uuid))
    if data and data.get("instansi_id") == instansi_id:
        _job_save(LaporanJob(**{**data, "status": "gagal"}))
