"""Thin task wrappers; the work is in services."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.petatalenta.tasks.penempatan_flush", queue="petatalenta")
def penempatan_flush_task(*, instansi, periode: int | None = None) -> dict:
    from .services import penempatan_flush, penempatan_flush_release

    penempatan_flush_release(instansi_id=instansi.pk, periode=periode)
    result = penempatan_flush(instansi=instansi, periode=periode)
    return result.__dict__


@shared_task(name="apps.petatalenta.tasks.penempatan_sweep", queue="petatalenta")
def penempatan_sweep_task(older_than_seconds: int = 30) -> list[list[int]]:
    """Beat: queue a flush for every instansi with placements dirty for longer than a moment
    (a lost message, a worker killed mid-flush, Redis down while data changed)."""
    from .services import penempatan_sweep_targets

    targets = penempatan_sweep_targets(older_than_seconds=older_than_seconds)
    for instansi_id, periode in targets:
        penempatan_flush_task.delay(instansi_id=instansi_id, periode=periode)
    return [list(t) for t in targets]


@shared_task(base=InstansiTask, name="apps.petatalenta.tasks.pratinjau_hitung", queue="reports")
def pratinjau_hitung_task(*, instansi, uuid: str) -> dict:
    """The impact preview of a rule-set version (aturan/pratinjau.py); a read-heavy job on the
    `reports` queue, so it never delays the flushes of the `petatalenta` queue."""
    from .aturan.pratinjau import pratinjau_gagal, pratinjau_jalankan

    try:
        pratinjau = pratinjau_jalankan(instansi=instansi, uuid=uuid)
    except LookupError:
        return {"uuid": uuid, "status": "tidak ditemukan"}
    except Exception:
        pratinjau_gagal(instansi_id=instansi.pk, uuid=uuid)
        raise
    return {"uuid": uuid, "status": pratinjau.status, "total": pratinjau.total}
