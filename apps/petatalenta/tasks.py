"""Thin task wrappers; the work is in services."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.petatalenta.tasks.placement_flush", queue="petatalenta")
def placement_flush_task(*, instansi) -> dict:
    from .services import placement_flush, placement_flush_release

    placement_flush_release(instansi_id=instansi.pk)
    result = placement_flush(instansi=instansi)
    return result.__dict__


@shared_task(name="apps.petatalenta.tasks.placement_sweep", queue="petatalenta")
def placement_sweep_task(older_than_seconds: int = 30) -> list[int]:
    """Beat: queue a flush for every instansi with placements dirty for longer than a moment
    (a lost message, a worker killed mid-flush, Redis down while data changed)."""
    from .services import placement_sweep_instansi_ids

    ids = placement_sweep_instansi_ids(older_than_seconds=older_than_seconds)
    for instansi_id in ids:
        placement_flush_task.delay(instansi_id=instansi_id)
    return ids
