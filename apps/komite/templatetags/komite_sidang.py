"""Template tags of the sessions part, loaded by name from lower layers' templates (the Komite home
page): `{% load komite_sidang %}{% sidang_beranda %}`."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


@register.inclusion_tag("komite/sidang/_beranda.html", takes_context=True)
def sidang_beranda(context) -> dict:
    """The "Sidang" card: open sessions, the next session, the user's own invitations (stored rows,
    a few small queries)."""
    from ..selectors_sidang import sidang_ringkasan

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="komite.view")
    ):
        return {"ringkasan": None}
    return {
        "ringkasan": sidang_ringkasan(instansi=actor.instansi, user=actor.user),
        "actor": actor,
        "boleh_buat": role_has_permission(role=actor.role, permission="komite.sekretariat"),
    }
