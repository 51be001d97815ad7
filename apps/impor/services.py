"""Import jobs: create from an upload, run (inline or on the `imports` queue), commit on request.

Flow: `import_job_create` checks what can be checked cheaply (size, type from the content, empty
file), stores the bytes privately under MEDIA_ROOT/impor/<instansi_id>/<uuid>.berkas and records the
job; `import_job_schedule` runs the preview inline when the file has at most
settings.IMPORT_SYNC_MAX_ROWS rows (default 2,000), otherwise queues `import_job_run_task` once the
request's transaction has committed. `import_job_commit` ("Simpan") does the same for the write.

`import_job_run` is the body of both paths and is idempotent: a job already done is not redone, and
the save writes the data *and* marks the job "selesai" in one transaction, so a task that runs again
after a lost worker finds it done (or finds nothing written and writes it once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import time
import uuid
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.spreadsheets import CSV, Limits, SpreadsheetError, spreadsheet_detect_format
from apps.core.tenancy import instansi_scope

from .models import ImportJob
from .pipeline import ImportResult, importer_get

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

logger = logging.getLogger(__name__)

SYNC_MAX_ROWS_DEFAULT = 2000
# Errors kept in the job's result (and its errors sheet); the count of all of them is kept too.
ERRORS_KEPT = 50_000
FILE_MAX_AGE = dt.timedelta(days=1)
SUFFIX = ".berkas"


class _AlreadySaved(Exception):
    """A second run of the same save found the job done: its (empty) write is rolled back."""


def sync_max_rows() -> int:
    return int(getattr(settings, "IMPORT_SYNC_MAX_ROWS", SYNC_MAX_ROWS_DEFAULT))


# --- the stored file ------------------------------------------------------------------------------


def _directory(instansi_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "impor" / str(int(instansi_id))


def _path(job: ImportJob) -> Path:
    """Always rebuilt from the instansi and the uuid, never taken from anything stored."""
    return _directory(job.instansi_id) / f"{job.uuid.hex}{SUFFIX}"


def _relative(job: ImportJob) -> str:
    return f"impor/{int(job.instansi_id)}/{job.uuid.hex}{SUFFIX}"


def import_job_file_read(*, job: ImportJob) -> bytes | None:
    if not job.berkas_path:
        return None
    try:
        return _path(job).read_bytes()
    except OSError:
        return None


def _file_remove(job: ImportJob) -> None:
    _path(job).unlink(missing_ok=True)
    if job.berkas_path:
        job.berkas_path = ""
        ImportJob.objects.filter(instansi=job.instansi_id, pk=job.pk).update(berkas_path="")


def _file_remove_scoped(job: ImportJob, instansi: Instansi) -> None:
    """For on_commit callbacks, which may run after the request's scope has ended."""
    with instansi_scope(instansi):
        _file_remove(job)


def _files_clean(*, instansi: Instansi) -> None:
    """Uploads never saved are kept a day; orphans (a request rolled back after storing) too."""
    cutoff = timezone.now() - FILE_MAX_AGE
    for job in ImportJob.objects.filter(instansi=instansi, dibuat_pada__lt=cutoff).exclude(berkas_path=""):
        _file_remove(job)
    directory = _directory(instansi.pk)
    if directory.is_dir():
        for path in directory.glob(f"*{SUFFIX}"):
            if path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)


# --- create and schedule --------------------------------------------------------------------------


def import_job_create(
    *, instansi: Instansi, actor: User | None, kind: str, data: bytes, nama: str
) -> ImportJob:
    """Store an upload and record its job (nothing is checked row by row yet).

    Raises SpreadsheetError for what needs no parsing: too big, empty, not a spreadsheet.
    """
    if importer_get(kind) is None:
        raise ValueError(f"unknown import kind {kind!r}")
    limits = Limits.from_settings()
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            _(
                "Berkas terlalu besar (%(ukuran)s MB); maksimal %(maks)s MB. Bagi data menjadi beberapa berkas."
            )
            % {"ukuran": f"{len(data) / 1024 / 1024:.1f}", "maks": limits.max_bytes // (1024 * 1024)},
            code="ukuran",
        )
    spreadsheet_detect_format(data)  # empty, PDF, image, program, old .xls, UTF-16 ...
    _files_clean(instansi=instansi)
    job = ImportJob(
        instansi=instansi,
        uuid=uuid.uuid4(),
        kind=kind,
        nama_berkas=Path(nama or "berkas").name[:200],
        ukuran=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=actor if actor is not None and actor.pk else None,
    )
    job.berkas_path = _relative(job)
    directory = _directory(instansi.pk)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _path(job).write_bytes(data)
    job.save()
    return job


def rows_estimate(data: bytes, *, enough: int) -> int:
    """About how many data rows the file has, counting no further than `enough` + 1 (cheap: it only
    decides whether the job runs inline or on the worker; the real count comes from the reader).
    An .xlsx the reader will refuse anyway counts as 0, so its refusal shows at once."""
    limit = enough + 2  # + the header row
    try:
        fmt = spreadsheet_detect_format(data)
    except SpreadsheetError:
        return 0
    if fmt == CSV:
        return max(data.count(b"\n", 0, len(data)) - 1, 0)
    limits = Limits.from_settings()
    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                name = entry.filename
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                if entry.file_size > limits.max_uncompressed_bytes or (
                    entry.file_size > limits.ratio_checked_above
                    and entry.file_size > limits.max_compression_ratio * max(entry.compress_size, 1)
                ):
                    return 0  # the reader refuses it with its own message
                with archive.open(entry) as stream:
                    tail = b""  # 4 bytes: a "<row " split across two chunks is counted once
                    while chunk := stream.read(1 << 16):
                        count += (tail + chunk).count(b"<row ")
                        tail = chunk[-4:]
                        if count >= limit:
                            return count - 1
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, RuntimeError, EOFError):
        return 0
    return max(count - 1, 0)


def import_job_schedule(*, job: ImportJob) -> ImportJob:
    """Run the job's next step now (small files) or on the `imports` queue once the current
    transaction commits (big ones). Returns the job as it is after an inline run."""
    rows = job.result.get("baris") if job.mode == ImportJob.Mode.SIMPAN else None
    if rows is None:
        data = import_job_file_read(job=job) or b""
        rows = rows_estimate(data, enough=sync_max_rows())
    if rows <= sync_max_rows():
        return import_job_run(instansi=job.instansi, job_id=job.pk)
    from .tasks import import_job_run_task

    task_id = str(uuid.uuid4())
    ImportJob.objects.filter(instansi=job.instansi, pk=job.pk).update(task_id=task_id)
    job.task_id = task_id
    instansi_id, job_id = job.instansi_id, job.pk
    transaction.on_commit(
        lambda: import_job_run_task.apply_async(
            kwargs={"instansi_id": instansi_id, "job_id": job_id}, task_id=task_id
        )
    )
    return job


def import_job_commit(*, job: ImportJob, actor: User | None) -> ImportJob:
    """ "Simpan" on a previewed job: only a preview without errors, with changes, whose file is still
    kept. A second click finds the job already taken and changes nothing."""
    result = ImportResult.from_json(job.result)
    if job.mode == ImportJob.Mode.PRATINJAU and job.berjalan:
        raise ValidationError(
            _("Pemeriksaan berkas belum selesai; tunggu hingga pratinjau tampil."), code="belum"
        )
    if job.mode != ImportJob.Mode.PRATINJAU or job.status != ImportJob.Status.SIAP:
        raise ValidationError(_("Impor ini sudah disimpan atau sedang disimpan."), code="sudah")
    if result.errors:
        raise ValidationError(_("Berkas ini masih bermasalah; perbaiki lalu unggah ulang."), code="galat")
    if not result.has_changes:
        raise ValidationError(_("Tidak ada perubahan yang perlu disimpan."), code="tanpa_perubahan")
    if not job.berkas_path or not _path(job).is_file():
        raise ValidationError(
            _("Berkas impor sudah tidak tersimpan (lebih dari sehari); unggah ulang."), code="kedaluwarsa"
        )
    taken = ImportJob.objects.filter(
        instansi=job.instansi, pk=job.pk, mode=ImportJob.Mode.PRATINJAU, status=ImportJob.Status.SIAP
    ).update(
        mode=ImportJob.Mode.SIMPAN,
        status=ImportJob.Status.MENUNGGU,
        disimpan_oleh=actor if actor is not None and actor.pk else None,
        progress_done=0,
        diubah_pada=timezone.now(),
    )
    if not taken:
        raise ValidationError(_("Impor ini sudah disimpan atau sedang disimpan."), code="sudah")
    job.refresh_from_db()
    return import_job_schedule(job=job)


# --- run ------------------------------------------------------------------------------------------


def _progress_saver(job: ImportJob):
    """A short UPDATE of the two counters: outside the write transaction it is visible at once to
    the page that polls /status.json."""
    last = [0.0]

    def save(done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and now - last[0] < 0.5:
            return
        last[0] = now
        ImportJob.objects.filter(instansi=job.instansi_id, pk=job.pk).update(
            progress_done=done, progress_total=total
        )

    return save


def _done(job: ImportJob, *, status: str, result: ImportResult) -> None:
    job.status = status
    job.result = result.to_json(max_errors=ERRORS_KEPT)
    job.progress_total = result.baris
    job.progress_done = result.baris
    job.selesai_pada = timezone.now()
    job.save(
        update_fields=["status", "result", "progress_total", "progress_done", "selesai_pada", "diubah_pada"]
    )


def _failed(job: ImportJob, message: str) -> None:
    result = ImportResult.from_json(job.result)
    result.errors = [(0, "", message)]
    result.committed = False
    _done(job, status=ImportJob.Status.GAGAL, result=result)


def import_job_run(*, instansi: Instansi, job_id: int) -> ImportJob | None:
    """Run the job's current step (preview or save). Idempotent: a finished step is not redone."""
    job = (
        ImportJob.objects.filter(instansi=instansi, pk=job_id)
        .select_related("created_by", "disimpan_oleh")
        .first()
    )
    if job is None:
        logger.warning("import job %s of instansi %s not found", job_id, instansi.pk)
        return None
    simpan = job.mode == ImportJob.Mode.SIMPAN
    finished = {ImportJob.Status.SELESAI, ImportJob.Status.GAGAL}
    if job.status in finished or (not simpan and job.status == ImportJob.Status.SIAP):
        return job
    entry = importer_get(job.kind)
    data = import_job_file_read(job=job)
    if entry is None or data is None:
        _failed(job, _("Berkas impor sudah tidak tersimpan; unggah ulang berkasnya."))
        return job
    job.status = ImportJob.Status.MENYIMPAN if simpan else ImportJob.Status.MEMERIKSA
    job.save(update_fields=["status", "diubah_pada"])
    actor = (job.disimpan_oleh or job.created_by) if simpan else job.created_by

    # The preview's lists of new and changed rows stay on the saved result: its page links to the
    # people they name.
    pratinjau = ImportResult.from_json(job.result) if simpan else None

    def finalize(result: ImportResult) -> None:
        locked = ImportJob.objects.select_for_update().get(instansi=instansi, pk=job.pk)
        if locked.status == ImportJob.Status.SELESAI:
            raise _AlreadySaved
        if pratinjau is not None:
            result.changes, result.baru_rows = pratinjau.changes, pratinjau.baru_rows
            result.pegawai_pk = {**pratinjau.pegawai_pk, **result.pegawai_pk}
        _done(job, status=ImportJob.Status.SELESAI, result=result)

    try:
        result = entry.importer(
            instansi=instansi,
            actor=actor,
            data=data,
            nama=job.nama_berkas,
            dry_run=not simpan,
            progress=_progress_saver(job),
            finalize=finalize if simpan else None,
        )
    except _AlreadySaved:
        job.refresh_from_db()
        return job
    except (OperationalError, InterfaceError):
        raise  # the task retries; nothing was written
    except Exception:
        logger.exception("import job %s (%s) failed", job.uuid, job.kind)
        _failed(
            job,
            _(
                "Terjadi kesalahan sistem ketika memproses berkas; tidak ada data yang disimpan. Hubungi operator."
            ),
        )
        _file_remove(job)
        return job

    if simpan:
        if result.committed:
            transaction.on_commit(lambda: _file_remove_scoped(job, instansi))
        else:  # errors found on the second check: nothing was written
            _done(job, status=ImportJob.Status.GAGAL, result=result)
            _file_remove(job)
    else:
        _done(
            job,
            status=ImportJob.Status.GAGAL if result.berkas_ditolak else ImportJob.Status.SIAP,
            result=result,
        )
        if result.errors or not result.has_changes:
            _file_remove(job)  # nothing can be saved from it
    return job
