"""Reads for the role home pages: the verification backlog per kind and by age.

Counts over the stored waiting items only (one aggregate query per portfolio kind, whatever the
queue's length), with the same filters as the queue page so every figure links to exactly the
items it counts (`/verifikasi/<kode>/?dari=…&sampai=…`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .selectors_portfolio import MENUNGGU, _antrean_base, menunggu_sejak, verifikasi_models

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

# Age of a waiting item in calendar days since it was submitted: (kode, label, from, to or None).
UMUR_ANTREAN = (
    ("baru", _("0–2 hari"), 0, 2),
    ("pekan", _("3–7 hari"), 3, 7),
    ("bulan", _("8–30 hari"), 8, 30),
    ("lama", _("Lebih dari 30 hari"), 31, None),
)


@dataclass(frozen=True)
class SelUmur:
    kode: str
    jumlah: int
    dari: dt.date | None  # the queue's "diajukan sejak" filter for this cell
    sampai: dt.date  # and its "diajukan sampai"


@dataclass(frozen=True)
class BarisAntrean:
    kode: str
    label: str
    jumlah: int
    tertua: dt.datetime | None
    umur: tuple[SelUmur, ...]


def _rentang(hari_ini: dt.date, dari_hari: int, sampai_hari: int | None) -> tuple[dt.date | None, dt.date]:
    """Submission dates of items `dari_hari`..`sampai_hari` days old (inclusive)."""
    sampai = hari_ini - dt.timedelta(days=dari_hari)
    dari = hari_ini - dt.timedelta(days=sampai_hari) if sampai_hari is not None else None
    return dari, sampai


def verifikasi_backlog(
    *, instansi: Instansi, verifikator: User | None, hari_ini: dt.date
) -> list[BarisAntrean]:
    """Waiting items per kind, split by age, with the oldest submission: one query per kind."""
    rentang = {kode: _rentang(hari_ini, a, b) for kode, _label, a, b in UMUR_ANTREAN}

    def q_umur(kode: str) -> Q:
        dari, sampai = rentang[kode]
        q = Q(menunggu_sejak__date__lte=sampai)
        return q & Q(menunggu_sejak__date__gte=dari) if dari is not None else q

    rows = []
    for model in verifikasi_models():
        hasil = (
            _antrean_base(model=model, instansi=instansi, verifikator=verifikator)
            .filter(MENUNGGU)
            .annotate(menunggu_sejak=menunggu_sejak())
            .aggregate(
                jumlah=Count("pk"),
                tertua=Min("menunggu_sejak"),
                **{f"u_{kode}": Count("pk", filter=q_umur(kode)) for kode, *_rest in UMUR_ANTREAN},
            )
        )
        rows.append(
            BarisAntrean(
                kode=model.KODE,
                label=capfirst(str(model._meta.verbose_name_plural)),
                jumlah=hasil["jumlah"],
                tertua=hasil["tertua"],
                umur=tuple(
                    SelUmur(
                        kode=kode, jumlah=hasil[f"u_{kode}"], dari=rentang[kode][0], sampai=rentang[kode][1]
                    )
                    for kode, *_rest in UMUR_ANTREAN
                ),
            )
        )
    return rows
