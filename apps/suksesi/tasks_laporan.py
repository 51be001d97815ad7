"""Thin task wrappers of the succession reports (the `reports` queue); the work is in pdf.py.
Registered with the worker by SuksesiConfig.ready() (the flush tasks live in tasks.py)."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.suksesi.tasks.laporan_semua", queue="reports")
def laporan_semua_task(*, instansi, uuid: str) -> dict:
    from .pdf import laporan_job_fail, laporan_job_run

    try:
        job = laporan_job_run(instansi=instansi, uuid=uuid)
    except LookupError:
        return {"uuid": uuid, "status": "tidak ditemukan"}
    except Exception:
        laporan_job_fail(instansi_id=instansi.pk, uuid=uuid)
        raise
    return {"uuid": uuid, "status": job.status, "total": job.total}
