"""The Peta Talenta card of the BKD pegawai page, loaded by its own include.

The pegawai app must not import the talent engine (DESIGN.md §3: petatalenta depends on pegawai,
never the reverse), so the card fetches its data here instead of in the pegawai view's context.
"""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

from ..selectors_profil import RingkasanPenempatan, penempatan_ringkasan_get

register = template.Library()


@register.simple_tag(takes_context=True)
def talenta_ringkasan(context, pegawai) -> RingkasanPenempatan | None:
    """`{% talenta_ringkasan pegawai as talenta %}`: None unless the actor holds talenta.view."""
    actor = context.get("actor")
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return None
    if not role_has_permission(role=actor.role, permission="talenta.view"):
        return None
    if pegawai.instansi_id != actor.instansi.pk:
        return None
    return penempatan_ringkasan_get(instansi=actor.instansi, pegawai=pegawai)


@register.inclusion_tag("petatalenta/ninebox/_ringkasan_beranda.html", takes_context=True)
def talenta_ringkasan_beranda(context) -> dict:
    """`{% talenta_ringkasan_beranda %}`: the current period's nine-box in miniature on the home
    pages of roles that hold talenta.view (one GROUP BY, as on the nine-box page)."""
    from ..periode import periode_sekarang
    from ..selectors_ninebox import SaringanNinebox, ninebox_grid

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="talenta.view")
    ):
        return {"grid": None}
    grid = ninebox_grid(instansi=actor.instansi, periode=periode_sekarang(), saringan=SaringanNinebox())
    return {"grid": grid}
