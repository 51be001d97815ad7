"""The assessment queue's card on the Admin BKD home: the queue's head, the year's budget line and
the coverage after it. Reads the stored queue only (a few cache and database reads)."""

from __future__ import annotations

from django import template

from apps.core.context import hari_ini
from apps.core.permissions import role_has_permission

from .. import selectors_antrean as sel
from ..services_antrean import antrean_asesmen_schedule

register = template.Library()

KEPALA = 5


@register.inclusion_tag("pengembangan/_antrean_kepala.html", takes_context=True)
def antrean_asesmen_kepala(context) -> dict:
    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="antrean_asesmen.view")
    ):
        return {"tampil": False}
    instansi = actor.instansi
    tersimpan = sel.antrean_tersimpan_get(instansi=instansi)
    if tersimpan is None or tersimpan.usang:
        antrean_asesmen_schedule(instansi_id=instansi.pk)  # queued for a worker, coalesced
    ringkasan = sel.antrean_ringkasan(instansi=instansi, tahun=hari_ini().year, tersimpan=tersimpan)
    kepala = []
    if tersimpan is not None:
        tercakup = ringkasan.garis.tercakup if ringkasan.garis else None
        kepala = sel.antrean_baris_tampil(
            instansi=instansi, baris=list(enumerate(tersimpan.baris[:KEPALA], start=1)), tercakup=tercakup
        )
    return {"tampil": True, "tersimpan": tersimpan, "ringkasan": ringkasan, "kepala": kepala, "actor": actor}
