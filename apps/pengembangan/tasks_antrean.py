"""Thin task wrapper of the assessment queue's build (services_antrean.py), on the "petatalenta"
queue with the other derived data."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(
    base=InstansiTask, name="apps.pengembangan.tasks_antrean.antrean_asesmen_build", queue="petatalenta"
)
def antrean_asesmen_build_task(*, instansi) -> int:
    from .services_antrean import antrean_asesmen_rebuild

    return len(antrean_asesmen_rebuild(instansi=instansi)["baris"])
