"""Thin task wrappers of the succession flush; the work is in services. They run on the
"petatalenta" queue with the placements' flush (derived data of the same workers)."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.suksesi.tasks.suksesi_flush", queue="petatalenta")
def suksesi_flush_task(*, instansi) -> dict:
    from .services import suksesi_flush, suksesi_flush_release

    suksesi_flush_release(instansi_id=instansi.pk)
    return asdict(suksesi_flush(instansi=instansi))


@shared_task(name="apps.suksesi.tasks.suksesi_sweep", queue="petatalenta")
def suksesi_sweep_task(older_than_seconds: int = 30) -> list[int]:
    """Beat: queue a flush for every instansi with succession marks older than a moment (a lost
    message, a worker killed mid-flush, Redis down while data changed)."""
    from .services import suksesi_sweep_targets

    targets = suksesi_sweep_targets(older_than_seconds=older_than_seconds)
    for instansi_id in targets:
        suksesi_flush_task.delay(instansi_id=instansi_id)
    return targets


@shared_task(name="apps.suksesi.tasks.suksesi_refresh", queue="petatalenta")
def suksesi_refresh_task() -> list[int]:
    """Beat, nightly: the planning date moved; every key post is recomputed."""
    from .services import suksesi_refresh_all

    return suksesi_refresh_all()
