"""The talent preview's summary laid out for the card on a version's page and its activation form
(`{% pratinjau_talenta_ringkas ringkasan as r %}`): the headline figures with their labels and the
transition matrix without its empty rows and columns."""

from __future__ import annotations

from django import template

from ..pratinjau import pratinjau_inti, pratinjau_matriks

register = template.Library()


@register.simple_tag
def pratinjau_talenta_ringkas(ringkasan) -> dict:
    ringkasan = ringkasan or {}
    matriks = pratinjau_matriks(ringkasan)
    kolom_isi = [i for i, n in enumerate(matriks["total_kolom"]) if n]
    baris = [
        {"dari": b.dari, "label": b.label, "sel": [b.sel[i] for i in kolom_isi], "total": b.total}
        for b in matriks["baris"]
        if b.total
    ]
    return {
        "inti": pratinjau_inti(ringkasan),
        "kolom": [matriks["kolom"][i] for i in kolom_isi],
        "total_kolom": [matriks["total_kolom"][i] for i in kolom_isi],
        "baris": baris,
        "total": matriks["total"],
        "talent_pool": ringkasan.get("talent_pool") or {},
        "perlu_data": ringkasan.get("perlu_data") or {},
    }
