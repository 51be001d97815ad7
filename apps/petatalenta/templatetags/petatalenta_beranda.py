"""The ASN home's card of their own talent box (loaded by name from the pegawai home template):
`{% load petatalenta_beranda %}{% talenta_saya_beranda pegawai %}`."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


@register.inclusion_tag("petatalenta/profil/_saya_beranda.html", takes_context=True)
def talenta_saya_beranda(context, pegawai) -> dict:
    """The latest stored placement of the signed-in ASN, only when the instansi lets ASN see their
    box (two queries: the setting and the placement row). Closed, the card says so and still links
    to the talent page, which lists the data the placement is missing."""
    from ..selectors import pengaturan_talenta_get
    from ..selectors_profil import penempatan_ringkasan_get

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or pegawai is None
        or pegawai.instansi_id != actor.instansi.pk
        or not role_has_permission(role=actor.role, permission="portfolio.own")
    ):
        return {"tampil": False}
    if not pengaturan_talenta_get(instansi=actor.instansi).asn_boleh_lihat_kotak:
        return {"tampil": True, "boleh_lihat": False}
    return {
        "tampil": True,
        "boleh_lihat": True,
        "t": penempatan_ringkasan_get(instansi=actor.instansi, pegawai=pegawai),
    }
