"""Reads for SKP pages and the API: the filtered list, one pegawai's history and the kurva
distribusi check per unit for a year.

Everything runs inside the caller's instansi scope and also filters `instansi=` explicitly. The
aggregates are computed with a fixed number of queries (GROUP BY plus the unit tree), never per
pegawai or per unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, QuerySet

from apps.instansi.models import UnitKerja
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors import pegawai_search, unit_kerja_subtree_ids

from .distribusi import kurva_distribusi_check
from .models import SKP, Periode, PredikatOrganisasi, UmpanBalik360
from .predikat import Predikat, Rating, predikat_derive

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

# --- lists ------------------------------------------------------------------------------------------


def skp_list(
    *,
    instansi: Instansi,
    q: str = "",
    unit_kerja: UnitKerja | None = None,
    tahun: int | None = None,
    periode: str = "",
    predikat: str = "",
    pegawai_id: int | None = None,
) -> QuerySet[SKP]:
    """SKP of the instansi, newest year first. `q` matches the pegawai's name or NIP (typed with or
    without spaces); `unit_kerja` includes every unit below it (the pegawai's current unit)."""
    queryset = SKP.objects.filter(instansi=instansi).select_related("pegawai__unit_kerja")
    queryset = pegawai_search(queryset, q=q, path="pegawai__")
    if unit_kerja is not None:
        queryset = queryset.filter(
            pegawai__unit_kerja_id__in=unit_kerja_subtree_ids(instansi=instansi, unit=unit_kerja)
        )
    if tahun:
        queryset = queryset.filter(tahun=tahun)
    if periode:
        queryset = queryset.filter(periode=periode)
    if predikat:
        queryset = queryset.filter(predikat=predikat)
    if pegawai_id:
        queryset = queryset.filter(pegawai_id=pegawai_id)
    return queryset.order_by("-tahun", "periode", "pegawai__nama", "pk")


def skp_tahun(*, instansi: Instansi) -> list[int]:
    """Years that have SKP, newest first (for the year filter)."""
    return list(
        SKP.objects.filter(instansi=instansi).order_by("-tahun").values_list("tahun", flat=True).distinct()
    )


def skp_pegawai(*, pegawai: Pegawai) -> list[SKP]:
    """One pegawai's SKP recorded by their current instansi: newest year first, Tahunan before the
    quarters (one query)."""
    items = list(
        SKP.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai).order_by("-tahun", "periode", "pk")
    )
    for item in items:
        item.pegawai = pegawai
    return items


# --- kurva distribusi ---------------------------------------------------------------------------------


@dataclass
class KurvaUnit:
    """One unit's annual predikat distribution for a year, checked against its organisational
    predikat (None: the unit has none for that year)."""

    unit: UnitKerja
    predikat_organisasi: str | None
    jumlah: dict[str, int]
    peringatan: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.jumlah.values())

    @property
    def predikat_organisasi_label(self) -> str:
        return PredikatOrganisasi.Nilai(self.predikat_organisasi).label if self.predikat_organisasi else ""

    @property
    def baris_jumlah(self) -> list[tuple[str, int]]:
        """(predikat label, count) in the regulation's order."""
        return [(value, self.jumlah.get(value, 0)) for value in Predikat.values]


@dataclass
class KurvaDistribusi:
    tahun: int
    diperiksa: list[KurvaUnit]  # units with an organisational predikat for the year
    tanpa_predikat: list[KurvaUnit]  # perangkat daerah without one

    @property
    def jumlah_peringatan(self) -> int:
        return sum(len(u.peringatan) for u in self.diperiksa)


def kurva_distribusi(*, instansi: Instansi, tahun: int) -> KurvaDistribusi:
    """Annual predikat counts of each unit's pegawai (the unit and every unit below it, by their
    current unit kerja) for `tahun`, checked with the kurva distribusi of the unit's organisational
    predikat. Perangkat daerah without an organisational predikat for the year are listed apart.
    Three queries whatever the size of the instansi."""
    units = list(UnitKerja.objects.filter(instansi=instansi).order_by("kode"))
    org = dict(
        PredikatOrganisasi.objects.filter(instansi=instansi, tahun=tahun).values_list(
            "unit_kerja_id", "predikat"
        )
    )
    per_unit: dict[int, dict[str, int]] = {}
    rows = (
        SKP.objects.filter(instansi=instansi, tahun=tahun, periode=Periode.TAHUNAN)
        .values("pegawai__unit_kerja_id", "predikat")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        unit_id = row["pegawai__unit_kerja_id"]
        if unit_id is not None:
            counts = per_unit.setdefault(unit_id, {})
            counts[row["predikat"]] = counts.get(row["predikat"], 0) + row["n"]
    children: dict[int | None, list[UnitKerja]] = {}
    for unit in units:
        children.setdefault(unit.induk_id, []).append(unit)

    def subtree_counts(unit: UnitKerja) -> dict[str, int]:
        total = dict(per_unit.get(unit.pk, {}))
        for child in children.get(unit.pk, []):
            for key, n in subtree_counts(child).items():
                total[key] = total.get(key, 0) + n
        return total

    diperiksa, tanpa = [], []
    for unit in units:
        if unit.pk in org:
            jumlah = subtree_counts(unit)
            diperiksa.append(
                KurvaUnit(
                    unit=unit,
                    predikat_organisasi=org[unit.pk],
                    jumlah=jumlah,
                    peringatan=kurva_distribusi_check(predikat_organisasi=org[unit.pk], jumlah=jumlah),
                )
            )
        elif unit.induk_id is None:
            tanpa.append(KurvaUnit(unit=unit, predikat_organisasi=None, jumlah=subtree_counts(unit)))
    return KurvaDistribusi(tahun=tahun, diperiksa=diperiksa, tanpa_predikat=tanpa)


# --- the predikat matrix, for display ------------------------------------------------------------------


@dataclass(frozen=True)
class BarisMatriks:
    hasil_kerja: str  # rating label
    predikat: list[str]  # per perilaku column, in MATRIKS_KOLOM order


MATRIKS_KOLOM = [Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS]


def matriks_predikat() -> tuple[list[str], list[BarisMatriks]]:
    """The PermenPANRB 6/2022 matrix as the regulation prints it: rows hasil kerja (di atas first),
    columns perilaku kerja (di bawah first)."""
    kolom = [str(Rating(r).label) for r in MATRIKS_KOLOM]
    baris = [
        BarisMatriks(
            hasil_kerja=str(Rating(hasil).label),
            predikat=[
                predikat_derive(hasil_kerja=hasil, perilaku_kerja=perilaku) for perilaku in MATRIKS_KOLOM
            ],
        )
        for hasil in (Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH)
    ]
    return kolom, baris


def umpan_balik_list(
    *,
    instansi: Instansi,
    q: str = "",
    unit_kerja: UnitKerja | None = None,
    tahun: int | None = None,
    pegawai_id: int | None = None,
) -> QuerySet[UmpanBalik360]:
    """360° feedback of the instansi, newest first; filters as skp_list."""
    queryset = UmpanBalik360.objects.filter(instansi=instansi).select_related("pegawai__unit_kerja")
    queryset = pegawai_search(queryset, q=q, path="pegawai__")
    if unit_kerja is not None:
        queryset = queryset.filter(
            pegawai__unit_kerja_id__in=unit_kerja_subtree_ids(instansi=instansi, unit=unit_kerja)
        )
    if tahun:
        queryset = queryset.filter(tanggal__year=tahun)
    if pegawai_id:
        queryset = queryset.filter(pegawai_id=pegawai_id)
    return queryset.order_by("-tanggal", "pegawai__nama", "pk")


def umpan_balik_tahun(*, instansi: Instansi) -> list[int]:
    """Years that have 360° feedback, newest first (for the year filter)."""
    return [
        d.year for d in UmpanBalik360.objects.filter(instansi=instansi).dates("tanggal", "year", order="DESC")
    ]


def umpan_balik_pegawai(*, pegawai: Pegawai) -> list[UmpanBalik360]:
    """One pegawai's 360° results recorded by their current instansi, newest first (one query)."""
    items = list(
        UmpanBalik360.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai).order_by(
            "-tanggal", "-pk"
        )
    )
    for item in items:
        item.pegawai = pegawai
    return items


def umpan_balik_berlaku_dari(tanggal_acuan: dt.date) -> dt.date:
    """A 360° result dated after this day (and on or before `tanggal_acuan`) is valid on
    `tanggal_acuan`: the validity window is settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN months."""
    bulan = int(settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN)
    index = tanggal_acuan.year * 12 + tanggal_acuan.month - 1 - bulan
    tahun, bulan_ke = divmod(index, 12)
    hari = min(tanggal_acuan.day, calendar.monthrange(tahun, bulan_ke + 1)[1])
    return dt.date(tahun, bulan_ke + 1, hari)
