"""Thin task wrapper; the work is in services.import_job_run (idempotent)."""

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.impor.tasks.import_job_run_task", acks_late=True)
def import_job_run_task(*, instansi, job_id: int) -> str:
    """Run an import job's current step on the `imports` queue (CELERY_TASK_ROUTES)."""
    from .services import import_job_run

    job = import_job_run(instansi=instansi, job_id=job_id)
    return job.status if job is not None else "hilang"
