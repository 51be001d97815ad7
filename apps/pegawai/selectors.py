"""Reads for pegawai pages: the BKD list with its filters, one profile with every riwayat, and
data-completeness aggregates per unit kerja, perangkat daerah and instansi.

Everything here runs inside the caller's instansi scope and also filters `instansi=` explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditEvent
from apps.instansi.models import Instansi, UnitKerja

from .kelengkapan import HasilKelengkapan, Kekurangan, kelengkapan_compute
from .models import RIWAYAT_MODELS, Pegawai, PengaturanPegawai, Riwayat

# A pegawai counts as "complete" from this percentage on (6 of 7 checks).
AMBANG_LENGKAP = 80

# Completeness bands of the list filter: code -> (label, lowest, highest percentage).
KELENGKAPAN_RENTANG: dict[str, tuple[str, int, int]] = {
    "lengkap": (_("100% (lengkap)"), 100, 100),
    "tinggi": (_("80–99%"), 80, 99),
    "sedang": (_("50–79%"), 50, 79),
    "rendah": (_("di bawah 50%"), 0, 49),
}


# --- unit tree ------------------------------------------------------------------------------------


def unit_kerja_subtree_ids(*, instansi: Instansi, unit: UnitKerja) -> list[int]:
    """The unit and all its descendants: one query for the (id, induk) pairs, walked in memory."""
    children: dict[int | None, list[int]] = {}
    for pk, induk_id in UnitKerja.objects.filter(instansi=instansi).values_list("pk", "induk_id"):
        children.setdefault(induk_id, []).append(pk)
    result, stack = [], [unit.pk]
    while stack:
        pk = stack.pop()
        result.append(pk)
        stack.extend(children.get(pk, []))
    return result


class Hitungan:
    """Counts of a dataclass that add field by field (a unit's own figure plus those below it)."""

    def __add__(self, other):
        return type(self)(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def unit_kerja_rollup(rows: dict[int, Any]) -> list[Any]:
    """Link the rows of an aggregate, one per unit (`unit`, `langsung` its own Hitungan, `anak`),
    into the unit tree; set each row's `kedalaman` (0 perangkat daerah, 1 bidang, 2 seksi) and
    `total` (its own figure plus everything below it). Returns the roots, in the rows' order."""
    roots: list = []
    for row in rows.values():
        parent = rows.get(row.unit.induk_id)
        (parent.anak if parent else roots).append(row)

    def roll_up(row, depth: int):
        row.kedalaman = depth
        total = row.langsung
        for child in row.anak:
            total = total + roll_up(child, depth + 1)
        row.total = total
        return total

    for root in roots:
        roll_up(root, 0)
    return roots


def unit_kerja_path(unit: UnitKerja | None) -> list[UnitKerja]:
    """Perangkat daerah → … → unit, from the already loaded `induk` chain (select_related it)."""
    path = []
    while unit is not None:
        path.append(unit)
        unit = unit.induk
    return list(reversed(path))


# --- lookups and search -----------------------------------------------------------------------------


def pegawai_search(queryset: QuerySet, *, q: str, path: str = "") -> QuerySet:
    """Rows whose pegawai matches `q`: the name, or the NIP/NI typed with or without the spaces
    people group it with. `path` leads from the queryset's model to the pegawai ("pegawai__")."""
    q = (q or "").strip()
    if not q:
        return queryset
    compact = "".join(q.split())
    condition = Q(**{f"{path}nama__icontains": q})
    if compact.isdigit():
        condition |= Q(**{f"{path}nip__contains": compact})
    return queryset.filter(condition)


def pegawai_get(*, instansi: Instansi, pk: object) -> Pegawai | None:
    """One pegawai of the instansi by id (a malformed or foreign id is simply not found)."""
    try:
        pk = int(str(pk))
    except (TypeError, ValueError):
        return None
    return Pegawai.objects.filter(instansi=instansi, pk=pk).select_related("unit_kerja").first()


def pegawai_by_nip(*, instansi: Instansi, nip: str) -> Pegawai | None:
    nip = "".join(str(nip or "").split())
    if not nip:
        return None
    return Pegawai.objects.filter(instansi=instansi, nip=nip).select_related("unit_kerja").first()


@dataclass(frozen=True)
class PegawaiRujukan:
    """Pegawai of one instansi found for a batch: id by NIP, and the set of ids that exist."""

    by_nip: dict[str, int]
    ids: set[int]


def pegawai_rujukan(*, instansi: Instansi, nips: Iterable[str], ids: Iterable[int]) -> PegawaiRujukan:
    """Resolve NIPs and pegawai ids inside the instansi in one query; others are simply absent."""
    nips, ids = {n for n in nips if n}, {i for i in ids if i}
    if not nips and not ids:
        return PegawaiRujukan({}, set())
    rows = list(
        Pegawai.objects.filter(instansi=instansi)
        .filter(Q(nip__in=nips) | Q(pk__in=ids))
        .values_list("pk", "nip")
    )
    return PegawaiRujukan(
        by_nip={nip: pk for pk, nip in rows},
        ids={pk for pk, _nip in rows},
    )


# --- list -------------------------------------------------------------------------------------------


def pegawai_list(
    *,
    instansi: Instansi,
    q: str = "",
    unit_kerja: UnitKerja | None = None,
    jenis_jabatan: str = "",
    golongan: str = "",
    status: str = "",
    kelengkapan: str = "",
) -> QuerySet[Pegawai]:
    """Pegawai of the instansi for the BKD list.

    `q` matches the name, or the NIP/NI typed with or without the spaces people group it with.
    `unit_kerja` includes every unit below it. `kelengkapan` is a band of KELENGKAPAN_RENTANG;
    a pegawai without a completeness row yet counts as 0%.
    Rows carry their unit kerja and completeness row (select_related): no per-row queries.
    """
    queryset = pegawai_search(
        Pegawai.objects.filter(instansi=instansi).select_related("unit_kerja", "kelengkapan"), q=q
    )
    if unit_kerja is not None:
        queryset = queryset.filter(
            unit_kerja_id__in=unit_kerja_subtree_ids(instansi=instansi, unit=unit_kerja)
        )
    if jenis_jabatan:
        queryset = queryset.filter(jenis_jabatan=jenis_jabatan)
    if golongan:
        queryset = queryset.filter(golongan=golongan)
    if status:
        queryset = queryset.filter(status_kepegawaian=status)
    if kelengkapan in KELENGKAPAN_RENTANG:
        _label, low, high = KELENGKAPAN_RENTANG[kelengkapan]
        band = Q(kelengkapan__persen__gte=low, kelengkapan__persen__lte=high)
        if low == 0:
            band |= Q(kelengkapan__isnull=True)
        queryset = queryset.filter(band)
    return queryset.order_by("nama", "pk")


# --- one pegawai ------------------------------------------------------------------------------------


def pengaturan_bup(*, instansi: Instansi) -> dict:
    """The instansi's retirement-age settings (empty: the national defaults apply)."""
    pengaturan = PengaturanPegawai.objects.filter(instansi=instansi).first()
    return dict(pengaturan.bup) if pengaturan is not None else {}


@dataclass
class RiwayatKelompok:
    """All items of one riwayat kind for one pegawai."""

    model: type[Riwayat]
    items: list[Riwayat]

    @property
    def judul(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def kode(self) -> str:
        return self.model.KODE


def pegawai_riwayat(*, pegawai: Pegawai) -> list[RiwayatKelompok]:
    """Every riwayat kind (hukuman disiplin included), each with its document: one query per kind."""
    groups = []
    for model in RIWAYAT_MODELS:
        items = list(
            model.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai)
            .select_related("dokumen", "diverifikasi_oleh")
            .order_by("-dibuat_pada", "-pk")
        )
        for item in items:
            item.pegawai = pegawai  # str() of some kinds may touch it; avoid a query per item
        groups.append(RiwayatKelompok(model=model, items=items))
    return groups


def pegawai_kelengkapan(*, pegawai: Pegawai, riwayat: list[RiwayatKelompok]) -> HasilKelengkapan:
    """The stored completeness; computed from the loaded riwayat if no row exists yet."""
    try:
        row = pegawai.kelengkapan
    except Pegawai.kelengkapan.RelatedObjectDoesNotExist:
        row = None
    if row is not None:
        return HasilKelengkapan(
            persen=row.persen,
            kekurangan=[Kekurangan(k["kode"], k["pesan"], k["jenis"]) for k in row.kekurangan],
        )
    items = [item for group in riwayat if group.model.DIISI_ASN for item in group.items]
    return kelengkapan_compute(pegawai=pegawai, riwayat=items)


def pegawai_audit_events(*, pegawai: Pegawai, limit: int = 100) -> QuerySet[AuditEvent]:
    """The instansi's audit events about this pegawai (its profile, transfers)."""
    return AuditEvent.objects.filter(
        instansi=pegawai.instansi_id, target_type=Pegawai._meta.label, target_id=str(pegawai.pk)
    ).select_related("actor")[:limit]


# --- completeness aggregates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Agregat(Hitungan):
    """Count, summed percentage and number of complete (≥ AMBANG_LENGKAP) pegawai."""

    jumlah: int = 0
    total_persen: int = 0
    jumlah_lengkap: int = 0

    @property
    def rata_rata(self) -> float | None:
        """Average completeness in percent, one decimal; None without pegawai."""
        return round(self.total_persen / self.jumlah, 1) if self.jumlah else None

    @property
    def persen_lengkap(self) -> float | None:
        """Share of pegawai at or above AMBANG_LENGKAP, in percent, one decimal."""
        return round(100 * self.jumlah_lengkap / self.jumlah, 1) if self.jumlah else None


@dataclass
class BarisUnit:
    unit: UnitKerja
    kedalaman: int  # 0 perangkat daerah, 1 bidang, 2 seksi
    langsung: Agregat = field(default_factory=Agregat)  # pegawai placed on this very unit
    total: Agregat = field(default_factory=Agregat)  # this unit and everything below it
    anak: list[BarisUnit] = field(default_factory=list)
    peringkat: int | None = None  # perangkat daerah only


@dataclass
class RingkasanKelengkapan:
    instansi: Agregat
    tanpa_unit: Agregat  # pegawai without a unit kerja (counted in the instansi total only)
    perangkat_daerah: list[BarisUnit]  # ranked: best average first, units without pegawai last
    per_unit: dict[int, BarisUnit]

    def rincian(self, unit: UnitKerja) -> list[BarisUnit]:
        """The unit and its descendants in tree order (for the drill-down table)."""
        rows: list[BarisUnit] = []

        def walk(row: BarisUnit) -> None:
            rows.append(row)
            for child in row.anak:
                walk(child)

        walk(self.per_unit[unit.pk])
        return rows


def kelengkapan_per_unit_kerja(*, instansi: Instansi) -> dict[int | None, Agregat]:
    """Active pegawai per unit kerja (None: no unit), in one GROUP BY query.

    A pegawai without a completeness row yet counts as 0%.
    """
    persen = Coalesce("kelengkapan__persen", Value(0), output_field=IntegerField())
    rows = (
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .values("unit_kerja_id")
        .annotate(
            n=Count("pk"),
            total=Coalesce(Sum(persen), Value(0), output_field=IntegerField()),
            lengkap=Count("pk", filter=Q(kelengkapan__persen__gte=AMBANG_LENGKAP)),
        )
        .order_by()
    )
    return {row["unit_kerja_id"]: Agregat(row["n"], row["total"], row["lengkap"]) for row in rows}


def kelengkapan_ringkasan(*, instansi: Instansi) -> RingkasanKelengkapan:
    """Completeness per unit (own and rolled up through the tree), per perangkat daerah with its
    ranking, and for the whole instansi: the GROUP BY above plus the unit tree, in two queries."""
    per_unit_kerja = kelengkapan_per_unit_kerja(instansi=instansi)
    units = list(UnitKerja.objects.filter(instansi=instansi).order_by("kode"))
    rows = {
        unit.pk: BarisUnit(unit=unit, kedalaman=0, langsung=per_unit_kerja.get(unit.pk, Agregat()))
        for unit in units
    }
    roots = unit_kerja_rollup(rows)
    instansi_total = sum(per_unit_kerja.values(), Agregat())
    ranked = sorted(
        roots,
        key=lambda r: (
            r.total.jumlah == 0,
            -(r.total.rata_rata or 0),
            -(r.total.persen_lengkap or 0),
            r.unit.kode,
        ),
    )
    # Competition ranking ("1, 2, 2, 4") on the average; units without pegawai are not ranked.
    previous = None
    for position, row in enumerate(ranked, start=1):
        if row.total.jumlah == 0:
            continue
        if previous is not None and row.total.rata_rata == previous.total.rata_rata:
            row.peringkat = previous.peringkat
        else:
            row.peringkat = position
        previous = row
    return RingkasanKelengkapan(
        instansi=instansi_total,
        tanpa_unit=per_unit_kerja.get(None, Agregat()),
        perangkat_daerah=ranked,
        per_unit=rows,
    )


def kelengkapan_terendah(*, instansi: Instansi, unit: UnitKerja, limit: int = 20) -> QuerySet[Pegawai]:
    """Active pegawai of the unit's subtree with the lowest completeness, for follow-up."""
    return (
        Pegawai.objects.filter(
            instansi=instansi,
            aktif=True,
            unit_kerja_id__in=unit_kerja_subtree_ids(instansi=instansi, unit=unit),
        )
        .select_related("unit_kerja", "kelengkapan")
        .annotate(persen_urut=Coalesce("kelengkapan__persen", Value(0), output_field=IntegerField()))
        .order_by("persen_urut", "nama", "pk")[:limit]
    )
