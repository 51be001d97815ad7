"""Thin task wrappers; the work is in services. They run on the default queue: a refresh is short
and read-mostly, and must not wait behind a bulk recompute on the "petatalenta" queue (its marks
keep it correct whenever it runs)."""

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.nasional.tasks.ringkasan_refresh")
def ringkasan_refresh(*, instansi) -> int:
    from .services import ringkasan_refresh_marked, ringkasan_refresh_release

    ringkasan_refresh_release(instansi_id=instansi.pk)
    return ringkasan_refresh_marked(instansi=instansi).pk


@shared_task(name="apps.nasional.tasks.ringkasan_sweep")
def ringkasan_sweep(older_than_seconds: int | None = None) -> list[int]:
    """Beat, every minute: a refresh for every instansi whose mark is older than a minute (the
    coalesced refresh was lost: a message dropped, Redis down when the change committed)."""
    from .services import SWEEP_OLDER_THAN, ringkasan_sweep_targets

    targets = ringkasan_sweep_targets(
        older_than_seconds=SWEEP_OLDER_THAN if older_than_seconds is None else older_than_seconds
    )
    for instansi_id in targets:
        ringkasan_refresh.delay(instansi_id=instansi_id)
    return targets


@shared_task(name="apps.nasional.tasks.ringkasan_refresh_all")
def ringkasan_refresh_all() -> int:
    """Beat, nightly: one refresh per active instansi (each in its own tenant scope). The date
    moved (ages, asesmen validity, the SKP year) without any write announcing it."""
    from apps.instansi.models import Instansi

    ids = list(Instansi.objects.filter(aktif=True).order_by("pk").values_list("pk", flat=True))
    for instansi_id in ids:
        ringkasan_refresh.delay(instansi_id=instansi_id)
    return len(ids)
