"""Home-page cards of the pegawai app (loaded by name from the instansi home templates):
`{% load pegawai_beranda %}{% verifikasi_beranda %}`."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from apps.core.context import hari_ini
from apps.core.permissions import role_has_permission

register = template.Library()


def _antrean_url(kode: str, **filters) -> str:
    url = reverse("pegawai:verifikasi_jenis", kwargs={"kode": kode})
    query = urlencode({name: value.isoformat() for name, value in filters.items() if value is not None})
    return f"{url}?{query}" if query else url


@register.inclusion_tag("pegawai/_verifikasi_beranda.html", takes_context=True)
def verifikasi_beranda(context) -> dict:
    """The verification backlog: waiting items per kind and by age, each figure a link into the
    queue filtered to exactly those items (one count query per kind)."""
    from ..selectors_beranda import UMUR_ANTREAN, verifikasi_backlog

    actor = context.get("actor")
    if (
        actor is None
        or actor.instansi is None
        or not role_has_permission(role=actor.role, permission="portfolio.verify")
    ):
        return {"baris": None}
    baris = verifikasi_backlog(instansi=actor.instansi, verifikator=actor.user, hari_ini=hari_ini())
    tabel = [
        {
            "kode": row.kode,
            "label": row.label,
            "jumlah": row.jumlah,
            "tertua": row.tertua,
            "url": _antrean_url(row.kode),
            "umur": [
                {
                    "label": label,
                    "jumlah": sel.jumlah,
                    "url": _antrean_url(row.kode, dari=sel.dari, sampai=sel.sampai),
                }
                for sel, (_kode, label, *_rest) in zip(row.umur, UMUR_ANTREAN, strict=True)
            ],
        }
        for row in baris
    ]
    total_umur = [
        {"label": label, "jumlah": sum(row.umur[i].jumlah for row in baris)}
        for i, (_kode, label, *_rest) in enumerate(UMUR_ANTREAN)
    ]
    tertua = min((row.tertua for row in baris if row.tertua is not None), default=None)
    return {
        "baris": tabel,
        "kolom": [label for _kode, label, *_rest in UMUR_ANTREAN],
        "total": sum(row.jumlah for row in baris),
        "total_umur": total_umur,
        "total_lama": total_umur[-1]["jumlah"],
        "kosong": [str(row.label) for row in baris if not row.jumlah],
        "tertua": tertua,
        "antrean_url": reverse("pegawai:verifikasi"),
    }
