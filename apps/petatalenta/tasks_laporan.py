"""Thin task wrapper of the Peta Talenta report (the `reports` queue); the work is in laporan.py.
Registered with the worker by PetatalentaConfig.ready()."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.petatalenta.tasks.peta_talenta_laporan", queue="reports")
def peta_talenta_laporan_task(*, instansi, uuid: str) -> dict:
    from apps.core.laporan import laporan_job_fail

    from .laporan import LAPORAN_PETA_TALENTA, peta_talenta_laporan_jalankan

    try:
        job = peta_talenta_laporan_jalankan(instansi=instansi, uuid=uuid)
    except LookupError:
        return {"uuid": uuid, "status": "tidak ditemukan"}
    except Exception:
        laporan_job_fail(jenis=LAPORAN_PETA_TALENTA, instansi_id=instansi.pk, uuid=uuid)
        raise
    return {"uuid": uuid, "status": job.status, "total": job.total}
