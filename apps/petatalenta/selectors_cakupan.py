"""Coverage of the talent map's inputs: per unit kerja (own and rolled up through the tree), per
perangkat daerah and for the whole instansi, how many active pegawai hold a valid asesmen today and
an annual SKP for last year. It reads both apps, so it lives above them.

Everything filters `instansi=` explicitly; the figures take a fixed number of queries (one GROUP BY
plus the unit tree), never one per pegawai or per unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q

from apps.asesmen.models import Asesmen
from apps.asesmen.selectors import berlaku_q
from apps.core.context import hari_ini
from apps.instansi.models import UnitKerja
from apps.kinerja.models import SKP, Periode
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors import Hitungan, unit_kerja_rollup

if TYPE_CHECKING:
    from apps.instansi.models import Instansi


@dataclass(frozen=True)
class Cakupan(Hitungan):
    """Active pegawai, how many hold a valid asesmen today, how many have last year's annual SKP."""

    jumlah: int = 0
    asesmen_valid: int = 0
    skp_tahunan: int = 0

    @property
    def persen_asesmen(self) -> float | None:
        return round(100 * self.asesmen_valid / self.jumlah, 1) if self.jumlah else None

    @property
    def persen_skp(self) -> float | None:
        return round(100 * self.skp_tahunan / self.jumlah, 1) if self.jumlah else None


@dataclass
class BarisCakupan:
    unit: UnitKerja
    kedalaman: int = 0  # 0 perangkat daerah, 1 bidang, 2 seksi
    langsung: Cakupan = field(default_factory=Cakupan)  # pegawai placed on this very unit
    total: Cakupan = field(default_factory=Cakupan)  # this unit and everything below it
    anak: list[BarisCakupan] = field(default_factory=list)

    def rincian(self) -> list[BarisCakupan]:
        """The units below this one in tree order (for the drill-down)."""
        rows: list[BarisCakupan] = []
        for child in self.anak:
            rows.append(child)
            rows.extend(child.rincian())
        return rows


@dataclass
class RingkasanCakupan:
    tanggal: dt.date  # validity of asesmen is judged on this day
    tahun_skp: int  # the annual SKP year counted (the year before `tanggal`'s year)
    instansi: Cakupan
    tanpa_unit: Cakupan  # active pegawai without a unit kerja (counted in the instansi only)
    perangkat_daerah: list[BarisCakupan]
    per_unit: dict[int, BarisCakupan]


def cakupan_per_unit_kerja(*, instansi: Instansi, today: dt.date) -> dict[int | None, Cakupan]:
    """Active pegawai of the instansi per unit kerja (None: no unit) with the number holding a valid
    asesmen on `today` and the number with an annual SKP for the year before: one GROUP BY query.
    Only the instansi's own asesmen and SKP count (those of a previous employer stay there)."""
    asesmen_valid = Exists(
        Asesmen.objects.filter(instansi=instansi, pegawai=OuterRef("pk")).filter(berlaku_q(today))
    )
    skp_tahunan = Exists(
        SKP.objects.filter(
            instansi=instansi, pegawai=OuterRef("pk"), tahun=today.year - 1, periode=Periode.TAHUNAN
        )
    )
    rows = (
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .values("unit_kerja_id")
        .annotate(
            n=Count("pk"),
            n_asesmen=Count("pk", filter=Q(asesmen_valid)),
            n_skp=Count("pk", filter=Q(skp_tahunan)),
        )
        .order_by()
    )
    return {row["unit_kerja_id"]: Cakupan(row["n"], row["n_asesmen"], row["n_skp"]) for row in rows}


def cakupan_ringkasan(*, instansi: Instansi, today: dt.date | None = None) -> RingkasanCakupan:
    """Coverage per unit (own and rolled up through the tree), per perangkat daerah and for the
    whole instansi: the GROUP BY above and the unit tree, two queries."""
    today = today or hari_ini()
    per_unit_kerja = cakupan_per_unit_kerja(instansi=instansi, today=today)
    units = list(UnitKerja.objects.filter(instansi=instansi).order_by("kode"))
    rows = {
        unit.pk: BarisCakupan(unit=unit, langsung=per_unit_kerja.get(unit.pk, Cakupan())) for unit in units
    }
    roots = unit_kerja_rollup(rows)
    return RingkasanCakupan(
        tanggal=today,
        tahun_skp=today.year - 1,
        instansi=sum(per_unit_kerja.values(), Cakupan()),
        tanpa_unit=per_unit_kerja.get(None, Cakupan()),
        perangkat_daerah=roots,
        per_unit=rows,
    )
