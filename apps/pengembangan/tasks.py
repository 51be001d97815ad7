"""Thin task wrappers of the IDP (the `default` queue): bulk drafting for an instansi."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.pengembangan.tasks.idp_susun_massal", queue="default")
def idp_susun_massal_task(
    *, instansi, tahun: int, actor_id: int | None = None, hanya_prioritas: bool = False
) -> dict:
    from django.contrib.auth import get_user_model

    from .services import idp_susun_massal

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return idp_susun_massal(instansi=instansi, tahun=tahun, actor=actor, hanya_prioritas=hanya_prioritas)
