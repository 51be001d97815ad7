"""The Admin BKD home's data-quality card (completeness, asesmen and SKP coverage, perlu data),
read from the instansi's stored summary row: `{% load nasional_beranda %}{% data_talenta_beranda %}`
(a lower layer's template loads this library by name, never by import)."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


def _persen(bagian: int, total: int) -> int | None:
    return round(100 * bagian / total) if total else None


@register.inclusion_tag("nasional/_beranda_data.html", takes_context=True)
def data_talenta_beranda(context) -> dict:
    from apps.petatalenta.periode import periode_sekarang

    from ..selectors_beranda import ringkasan_instansi_get, ringkasan_menunggu_pembaruan
    from ..services import KELENGKAPAN_SEBARAN

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="kelengkapan.view")
    ):
        return {"tampil": False}
    periode = periode_sekarang()
    r = ringkasan_instansi_get(instansi=actor.instansi, periode=periode)
    if r is None:
        return {"tampil": True, "r": None, "periode": periode}
    n = r.jumlah_pegawai
    sebaran = r.kelengkapan_sebaran or {}
    return {
        "tampil": True,
        "periode": periode,
        "r": r,
        "menunggu": ringkasan_menunggu_pembaruan(instansi=actor.instansi),
        "sebaran": [
            (f"{a}–{b}%" if a != b else f"{a}%", sebaran.get(kode, 0))
            for kode, (a, b) in KELENGKAPAN_SEBARAN.items()
        ],
        "lengkap": sebaran.get("100", 0),
        "persen_lengkap": _persen(sebaran.get("100", 0), n),
        "persen_asesmen": _persen(r.asesmen_valid, n),
        "persen_skp": _persen(r.skp_valid, n),
        "tahun_skp": periode - 1,
        "boleh_penilaian": role_has_permission(role=actor.role, permission="penilaian.view"),
        "boleh_talenta": role_has_permission(role=actor.role, permission="talenta.view"),
    }
