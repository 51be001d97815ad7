"""Retention beat (docs/privacy.md): one task per instansi, in its own scope (InstansiTask), so no
cross-tenant mechanism is needed; the platform's own audit events are handled by the sweep."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(name="apps.privasi.tasks.retensi_sweep", queue="default")
def retensi_sweep() -> dict:
    """Beat (nightly): queue one retention run per instansi, active or not (retention applies to
    the data of an instansi that left the platform too), then delete old platform events."""
    from apps.core.tenancy import tenant_model

    from .services_retensi import audit_event_retensi_platform_hapus

    ids = list(tenant_model().objects.order_by("pk").values_list("pk", flat=True))
    tugas = [retensi_jalankan_task.delay(instansi_id=instansi_id).id for instansi_id in ids]
    return {
        "instansi": len(ids),
        "tugas": tugas,
        "audit_platform_dihapus": audit_event_retensi_platform_hapus(),
    }


@shared_task(base=InstansiTask, name="apps.privasi.tasks.retensi_jalankan", queue="default")
def retensi_jalankan_task(*, instansi) -> dict:
    from .services_retensi import retensi_jalankan

    return retensi_jalankan(instansi=instansi)
