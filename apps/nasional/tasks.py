"""Thin task wrappers; the work is in services."""

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.nasional.tasks.ringkasan_refresh")
def ringkasan_refresh(*, instansi) -> int:
    from .services import ringkasan_refresh as refresh

    return refresh(instansi=instansi).pk


@shared_task(name="apps.nasional.tasks.ringkasan_refresh_all")
def ringkasan_refresh_all() -> int:
    """Beat: one refresh task per active instansi (each runs in its own tenant scope)."""
    from apps.instansi.models import Instansi

    ids = list(Instansi.objects.filter(aktif=True).values_list("pk", flat=True))
    for instansi_id in ids:
        ringkasan_refresh.delay(instansi_id=instansi_id)
    return len(ids)
