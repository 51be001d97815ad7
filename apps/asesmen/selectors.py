"""Reads for asesmen pages and the API: the filtered list, one asesmen with its competencies, one
pegawai's history.

Everything runs inside the caller's instansi scope and also filters `instansi=` explicitly, so a
foreign row is simply not found. Validity (valid / kedaluwarsa) is computed against "today" in the
database (`berlaku` annotation), so lists never need a query or a clock call per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from apps.core.context import hari_ini
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors import pegawai_search, unit_kerja_subtree_ids

from .jpm import BATAS_MS, KategoriMS
from .models import Asesmen, AsesmenKompetensi

if TYPE_CHECKING:
    from apps.instansi.models import Instansi, UnitKerja

STATUS_VALID = "valid"
STATUS_KEDALUWARSA = "kedaluwarsa"
STATUS_CHOICES = [(STATUS_VALID, _("Valid")), (STATUS_KEDALUWARSA, _("Kedaluwarsa"))]


def berlaku_q(today: dt.date, prefix: str = "") -> Q:
    """Valid on `today`: taken by then and not past its validity end (the end day still counts)."""
    return Q(**{f"{prefix}tanggal__lte": today, f"{prefix}berlaku_sampai__gte": today})


def _with_status(queryset: QuerySet[Asesmen], today: dt.date) -> QuerySet[Asesmen]:
    """`berlaku`: valid on `today`; `kode_ms`: the MS/MMS/KMS code of the JPM (jpm.py's bounds)."""
    return queryset.annotate(
        berlaku=ExpressionWrapper(berlaku_q(today), output_field=BooleanField()),
        kode_ms=Case(
            When(jpm__gte=BATAS_MS[0], then=Value(KategoriMS.MS.value)),
            When(jpm__gte=BATAS_MS[1], then=Value(KategoriMS.MMS.value)),
            default=Value(KategoriMS.KMS.value),
            output_field=CharField(),
        ),
    )


def kompetensi_prefetch(instansi_id: int) -> Prefetch:
    return Prefetch(
        "kompetensi",
        queryset=AsesmenKompetensi.objects.filter(instansi=instansi_id).order_by(
            "kelompok", "kompetensi", "pk"
        ),
    )


def asesmen_queryset(
    queryset: QuerySet[Asesmen], *, instansi: Instansi | int, today: dt.date | None = None
) -> QuerySet[Asesmen]:
    """Decorate an asesmen queryset for display: pegawai and unit loaded, competencies prefetched,
    validity on `today` annotated as `berlaku`."""
    instansi_id = getattr(instansi, "pk", instansi)
    return _with_status(
        queryset.filter(instansi=instansi_id)
        .select_related("pegawai__unit_kerja")
        .prefetch_related(kompetensi_prefetch(instansi_id)),
        today or hari_ini(),
    )


def asesmen_list(
    *,
    instansi: Instansi,
    q: str = "",
    unit_kerja: UnitKerja | None = None,
    tahun: int | None = None,
    metode: str = "",
    status: str = "",
    pegawai_id: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Asesmen]:
    """Asesmen of the instansi, newest first. `q` matches the pegawai's name or NIP (typed with or
    without spaces); `unit_kerja` includes every unit below it (the pegawai's current unit);
    `tahun` is the year of the assessment date; `status` is valid / kedaluwarsa on `today`."""
    today = today or hari_ini()
    queryset = _with_status(
        Asesmen.objects.filter(instansi=instansi).select_related("pegawai__unit_kerja"), today
    )
    queryset = pegawai_search(queryset, q=q, path="pegawai__")
    if unit_kerja is not None:
        queryset = queryset.filter(
            pegawai__unit_kerja_id__in=unit_kerja_subtree_ids(instansi=instansi, unit=unit_kerja)
        )
    if tahun:
        queryset = queryset.filter(tanggal__year=tahun)
    if metode:
        queryset = queryset.filter(metode=metode)
    if status == STATUS_VALID:
        queryset = queryset.filter(berlaku_q(today))
    elif status == STATUS_KEDALUWARSA:
        queryset = queryset.exclude(berlaku_q(today))
    if pegawai_id:
        queryset = queryset.filter(pegawai_id=pegawai_id)
    return queryset.order_by("-tanggal", "pegawai__nama", "pk")


def asesmen_tahun(*, instansi: Instansi) -> list[int]:
    """Years that have asesmen, newest first (for the year filter)."""
    return [d.year for d in Asesmen.objects.filter(instansi=instansi).dates("tanggal", "year", order="DESC")]


@dataclass(frozen=True)
class AspekNilai:
    label: str
    nilai: object  # Decimal or None


def aspek_nilai(asesmen: Asesmen) -> list[AspekNilai]:
    """The eight potential aspects in the order of the BKN report, with their labels."""
    return [AspekNilai(str(label), getattr(asesmen, name)) for name, label in Asesmen.ASPEK]


def asesmen_tampil(items: Iterable[Asesmen]) -> list[Asesmen]:
    """Attach the aspects for display (`aspek_tampil`, `ada_aspek`); no queries."""
    items = list(items)
    for item in items:
        item.aspek_tampil = aspek_nilai(item)
        item.ada_aspek = any(a.nilai is not None for a in item.aspek_tampil)
    return items


def asesmen_pegawai(*, pegawai: Pegawai, today: dt.date | None = None) -> list[Asesmen]:
    """One pegawai's asesmen recorded by their current instansi, newest first, ready to display
    (competencies prefetched, aspects listed): two queries."""
    items = asesmen_queryset(
        Asesmen.objects.filter(pegawai=pegawai), instansi=pegawai.instansi_id, today=today
    ).order_by("-tanggal", "-pk")
    return asesmen_tampil(items)
