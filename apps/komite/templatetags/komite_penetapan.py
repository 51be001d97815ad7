"""Penetapan blocks other pages show: the session page's penetapan block, the PPK home card, the
ASN's established box on their own talent page and the note on the nine-box page. Each reads
stored rows only (lower layers load this library by name in templates, never by import)."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


def _actor_dengan(context, permission: str):
    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission=permission)
    ):
        return None
    return actor


@register.inclusion_tag("komite/penetapan/_blok_sidang.html", takes_context=True)
def penetapan_sidang(context, sidang) -> dict:
    """`{% penetapan_sidang sidang %}`: status of the penetapan, the decree number and date, or the
    PPK's return note."""
    from ..selectors_penetapan import penetapan_untuk_sidang

    actor = context.get("actor")
    return {
        "sidang": sidang,
        "penetapan": penetapan_untuk_sidang(sidang=sidang),
        "boleh_menjawab": actor is not None
        and role_has_permission(role=actor.role, permission="penetapan.manage"),
    }


@register.inclusion_tag("komite/penetapan/_beranda.html", takes_context=True)
def penetapan_antrian_beranda(context) -> dict:
    """`{% penetapan_antrian_beranda %}`: the PPK home's queue card (sessions waiting, the latest
    answers)."""
    from ..selectors_penetapan import penetapan_antrian, penetapan_riwayat_list

    actor = _actor_dengan(context, "komite.view")
    if actor is None:
        return {"tampil": False}
    return {
        "tampil": True,
        "antrian": list(penetapan_antrian(instansi=actor.instansi)[:10]),
        "terakhir": penetapan_riwayat_list(instansi=actor.instansi).first(),
        "boleh_menjawab": role_has_permission(role=actor.role, permission="penetapan.manage"),
    }


@register.inclusion_tag("komite/penetapan/_saya.html", takes_context=True)
def penetapan_saya(context, pegawai) -> dict:
    """`{% penetapan_saya pegawai %}` on the ASN's own talent page: the established box of the
    latest penetapan, only when the instansi lets ASN see their box."""
    from apps.petatalenta.selectors import pengaturan_talenta_get

    from ..selectors_penetapan import penempatan_ditetapkan_get

    actor = _actor_dengan(context, "portfolio.own")
    if actor is None or pegawai is None or pegawai.instansi_id != actor.instansi.pk:
        return {"snapshot": None}
    if not pengaturan_talenta_get(instansi=actor.instansi).asn_boleh_lihat_kotak:
        return {"snapshot": None}
    return {"snapshot": penempatan_ditetapkan_get(instansi=actor.instansi, pegawai=pegawai)}


@register.inclusion_tag("komite/penetapan/_ninebox_catatan.html", takes_context=True)
def penetapan_ninebox_catatan(context, periode) -> dict:
    """`{% penetapan_ninebox_catatan periode %}` on the nine-box page: whether the period's map was
    established, with a link to the established results."""
    from ..selectors_penetapan import penetapan_berlaku

    actor = _actor_dengan(context, "talenta.view")
    if actor is None or not periode:
        return {"tampil": False}
    return {
        "tampil": True,
        "periode": periode,
        "penetapan": penetapan_berlaku(instansi=actor.instansi, periode=int(periode)),
    }
