"""IDP cards of the role home pages: one tag each, a few queries over stored rows.

`{% idp_kartu_asn %}` (the ASN's own plan and its progress), `{% idp_kartu_bkd %}` (coverage of
the year and the boxes 4–6), `{% idp_kartu_komite %}` (KRS members with an approved plan), and
`{% idp_atasan_menunggu %}` (plans waiting for the signed-in atasan, shown on the ASN home)."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


def _boleh(actor, permission: str) -> bool:
    return (
        actor is not None
        and actor.instansi is not None
        and role_has_permission(role=actor.role, permission=permission)
    )


@register.inclusion_tag("pengembangan/_kartu_asn.html", takes_context=True)
def idp_kartu_asn(context) -> dict:
    from apps.pegawai.selectors_portfolio import pegawai_get_own

    from ..selectors import idp_atasan_menunggu_count, idp_milik, idp_ringkas, kegiatan_list, tahun_sekarang

    actor = context.get("actor")
    if not _boleh(actor, "idp.own"):
        return {"tampil": False}
    pegawai = pegawai_get_own(actor=actor)
    if pegawai is None:
        return {"tampil": False}
    tahun = tahun_sekarang()
    idp = idp_milik(pegawai=pegawai, tahun=tahun)
    hasil = {"tampil": True, "tahun": tahun, "idp": idp}
    if idp is not None:
        hasil["ringkas"] = idp_ringkas(kegiatan=kegiatan_list(idp=idp))
    if _boleh(actor, "idp.atasan"):
        hasil["menunggu"] = idp_atasan_menunggu_count(atasan=pegawai)
    return hasil


@register.inclusion_tag("pengembangan/_kartu_bkd.html", takes_context=True)
def idp_kartu_bkd(context) -> dict:
    from ..selectors import idp_beranda_hitung, prioritas_hitung, tahun_sekarang

    actor = context.get("actor")
    if not _boleh(actor, "idp.view"):
        return {"tampil": False}
    tahun = tahun_sekarang()
    hitung = idp_beranda_hitung(instansi=actor.instansi, tahun=tahun)
    pegawai = hitung["pegawai"]
    return {
        "tampil": True,
        "tahun": tahun,
        "hitung": hitung,
        "pegawai": pegawai,
        "cakupan": round(hitung["disetujui"] * 100 / pegawai) if pegawai else 0,
        "prioritas": prioritas_hitung(instansi=actor.instansi, tahun=tahun),
    }


@register.inclusion_tag("pengembangan/_kartu_komite.html", takes_context=True)
def idp_kartu_komite(context) -> dict:
    from ..selectors import krs_idp_hitung, tahun_sekarang

    actor = context.get("actor")
    if not _boleh(actor, "idp.view"):
        return {"tampil": False}
    tahun = tahun_sekarang()
    return {"tampil": True, "tahun": tahun, "hitung": krs_idp_hitung(instansi=actor.instansi, tahun=tahun)}
