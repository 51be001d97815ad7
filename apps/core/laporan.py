"""Report jobs that a worker of the `reports` queue renders into a file: the one home of their state.

A job has no table: its state lives in the cache for a day (`laporan:<jenis>:<uuid>`: instansi,
who asked, what to render, done/total, status) and its file under
MEDIA_ROOT/<jenis.direktori>/<instansi_id>/<uuid>.<ekstensi>. A job of another instansi, or of
another kind, is not found (the views answer 404 exactly like a missing one). Files of expired
jobs are removed when the next file of the same instansi is written (nobody can reach them).

Users: the succession batch report (apps/suksesi/pdf.py) and the Peta Talenta report
(apps/petatalenta/laporan.py). Each kind registers a `JenisLaporan` with its folder and the
sentence of its progress bar; the flow is create (the view's POST) → load + update per step (the
worker) → finish with the file's bytes, or fail.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
import uuid as uuid_lib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import JsonResponse
    from django.utils.functional import Promise

    from apps.accounts.models import User
    from apps.instansi.models import Instansi

JOB_TTL = 60 * 60 * 24
MENUNGGU, BERJALAN, SELESAI, GAGAL = "menunggu", "berjalan", "selesai", "gagal"


@dataclass(frozen=True)
class JenisLaporan:
    """A kind of report job. `kemajuan`: the progress sentence while it runs, with %(d)s (done),
    %(t)s (total) and %(p)s (percent), e.g. "%(d)s dari %(t)s jabatan kunci sudah dimuat"."""

    kode: str
    direktori: str
    kemajuan: str | Promise


_JENIS: dict[str, JenisLaporan] = {}


def laporan_jenis_register(jenis: JenisLaporan) -> JenisLaporan:
    """Make a kind known to `LaporanJob.teks` (called once, at import of the kind's module)."""
    _JENIS[jenis.kode] = jenis
    return jenis


@dataclass(frozen=True)
class LaporanJob:
    uuid: str
    jenis: str  # JenisLaporan.kode
    instansi_id: int
    user_id: int | None
    status: str  # MENUNGGU | BERJALAN | SELESAI | GAGAL
    done: int
    total: int
    dibuat_pada: str
    ekstensi: str = "pdf"
    parameter: dict[str, Any] = field(default_factory=dict)  # what to render (JSON-safe)
    hasil: dict[str, Any] = field(default_factory=dict)  # what was rendered (row counts...)

    @property
    def selesai(self) -> bool:
        return self.status in (SELESAI, GAGAL)

    @property
    def persen(self) -> int:
        if self.status == SELESAI:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def teks(self) -> str:
        if self.status == GAGAL:
            return _("Laporan gagal dibuat. Coba lagi.")
        if self.status == SELESAI:
            return _("Laporan selesai dibuat.")
        if not self.total:
            return _("Menunggu giliran…")
        return str(_JENIS[self.jenis].kemajuan) % {
            "d": number_format(self.done, force_grouping=True),
            "t": number_format(self.total, force_grouping=True),
            "p": self.persen,
        }


def _key(jenis: str, uuid: object) -> str:
    return f"laporan:{jenis}:{uuid}"


def laporan_job_save(job: LaporanJob) -> None:
    cache.set(_key(job.jenis, job.uuid), dataclasses.asdict(job), JOB_TTL)


def laporan_job_update(job: LaporanJob, **changes: Any) -> LaporanJob:
    """The job with `changes`, saved (a worker's step)."""
    job = dataclasses.replace(job, **changes)
    laporan_job_save(job)
    return job


def laporan_job_get(*, jenis: JenisLaporan, instansi_id: int, uuid: object) -> LaporanJob | None:
    """A job of the instansi (another instansi's, another kind's or an expired one answers None)."""
    data = cache.get(_key(jenis.kode, uuid))
    if not data or data.get("instansi_id") != instansi_id or data.get("jenis") != jenis.kode:
        return None
    return LaporanJob(**data)


def laporan_job_create(
    *,
    jenis: JenisLaporan,
    instansi: Instansi,
    actor: User | None,
    ekstensi: str = "pdf",
    parameter: dict[str, Any] | None = None,
) -> LaporanJob:
    """A waiting job in the cache; the caller audits the request and queues its task."""
    job = LaporanJob(
        uuid=str(uuid_lib.uuid4()),
        jenis=jenis.kode,
        instansi_id=instansi.pk,
        user_id=getattr(actor, "pk", None),
        status=MENUNGGU,
        done=0,
        total=0,
        dibuat_pada=timezone.now().isoformat(),
        ekstensi=ekstensi,
        parameter=parameter or {},
    )
    laporan_job_save(job)
    return job


def laporan_job_load(*, jenis: JenisLaporan, instansi: Instansi, uuid: str) -> LaporanJob:
    """The job a worker is about to run; LookupError when it expired or is not the instansi's."""
    job = laporan_job_get(jenis=jenis, instansi_id=instansi.pk, uuid=uuid)
    if job is None:
        raise LookupError(f"laporan job {jenis.kode}/{uuid} not found")
    return job


def laporan_job_path(*, jenis: JenisLaporan, instansi_id: int, uuid: str, ekstensi: str = "pdf") -> Path:
    return Path(settings.MEDIA_ROOT) / jenis.direktori / str(instansi_id) / f"{uuid}.{ekstensi}"


def laporan_job_file(job: LaporanJob) -> Path | None:
    """The finished job's file, or None (not finished, or the file is gone)."""
    path = laporan_job_path(
        jenis=_JENIS[job.jenis], instansi_id=job.instansi_id, uuid=job.uuid, ekstensi=job.ekstensi
    )
    if job.status != SELESAI or not path.is_file():
        return None
    return path


def laporan_job_finish(job: LaporanJob, *, content: bytes, **hasil: Any) -> LaporanJob:
    """Write the file, remove the instansi's expired files of the kind, and mark the job done.
    Idempotent: a re-run (acks_late) writes the file again."""
    path = laporan_job_path(
        jenis=_JENIS[job.jenis], instansi_id=job.instansi_id, uuid=job.uuid, ekstensi=job.ekstensi
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    _hapus_kedaluwarsa(path.parent, keep=path)
    return laporan_job_update(job, status=SELESAI, done=job.total, hasil={**job.hasil, **hasil})


def _hapus_kedaluwarsa(directory: Path, *, keep: Path) -> None:
    batas = time.time() - JOB_TTL
    for old in directory.iterdir():
        with contextlib.suppress(OSError):
            if old != keep and old.is_file() and old.stat().st_mtime < batas:
                old.unlink()


def laporan_job_fail(*, jenis: JenisLaporan, instansi_id: int, uuid: str) -> None:
    job = laporan_job_get(jenis=jenis, instansi_id=instansi_id, uuid=uuid)
    if job is not None:
        laporan_job_update(job, status=GAGAL)


def laporan_job_progress_response(job: LaporanJob) -> JsonResponse:
    """The job's status.json for static/js/progress.js."""
    from .progress import progress_response

    return progress_response(
        selesai=job.selesai, done=job.done, total=job.total, persen=job.persen, teks=job.teks
    )
