"""Succession blocks other pages show: the Komite/PPK home summary and the ASN's nav link."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


@register.inclusion_tag("suksesi/_ringkasan_beranda.html", takes_context=True)
def suksesi_ringkasan_beranda(context) -> dict:
    """`{% suksesi_ringkasan_beranda %}`: bench strength and the posts at risk on the home pages
    of roles that hold suksesi.view (one aggregate query and one list of five)."""
    from ..selectors import bench_ringkasan, jabatan_berisiko_list

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="suksesi.view")
    ):
        return {"bench": None}
    return {
        "bench": bench_ringkasan(instansi=actor.instansi),
        "berisiko": jabatan_berisiko_list(instansi=actor.instansi),
        "actor": actor,
    }


@register.simple_tag(takes_context=True)
def suksesi_saya_terbuka(context) -> bool:
    """`{% suksesi_saya_terbuka as terbuka %}`: whether the ASN's own candidacies are open to them
    (the setting is read only for roles holding suksesi.own)."""
    from ..selectors import pengaturan_suksesi_get

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="suksesi.own")
    ):
        return False
    return pengaturan_suksesi_get(instansi=actor.instansi).asn_boleh_lihat_pencalonan
