"""Talent-map pieces that pages of lower apps show (the home pages' miniature nine-box)."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


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


@register.filter
def kekurangan_teks(asli: str) -> str:
    """`{{ item|kekurangan_teks }}`: one stored missing-data item as people read it
    ("Umpan balik 360°: Belum ada umpan balik 360° yang masih berlaku."), see selectors_profil."""
    from ..selectors_profil import kekurangan_tampil

    item = kekurangan_tampil(str(asli))
    return f"{item.label}: {item.teks}"
