"""Reads of the decisions part: the decisions of a session, the calibration in force for a period,
the session's nine-box before and after its approved calibrations (with the distribution warnings),
and the difference marker of a decided calibration (the placement's box now vs the decided box).

Everything reads stored rows (placements are computed by the workers) and filters `instansi=`
explicitly; the nine-box is one GROUP BY query plus one small query for the calibrated pegawai.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from apps.pegawai.selectors import unit_kerja_subtree_ids
from apps.petatalenta.models import Penempatan
from apps.petatalenta.selectors_ninebox import Grid, _grid_kosong, persen, tata_aktif
from apps.suksesi.models import Kandidat

from .models import AgendaSidang, KeputusanKomite, Penetapan, Sidang, UsulanKalibrasi
from .selectors import pengaturan_komite_get

if TYPE_CHECKING:
    from apps.instansi.models import Instansi, UnitKerja
    from apps.pegawai.models import Pegawai

KALIBRASI = AgendaSidang.Jenis.KALIBRASI
SETUJU = KeputusanKomite.Hasil.SETUJU


# --- decisions ------------------------------------------------------------------------------------


def keputusan_list(*, instansi: Instansi, sidang: Sidang | None = None) -> QuerySet[KeputusanKomite]:
    """The instansi's decisions (of one session when given), in the order they were recorded."""
    queryset = KeputusanKomite.objects.filter(instansi=instansi)
    if sidang is not None:
        queryset = queryset.filter(sidang=sidang)
    return keputusan_dengan_penempatan(
        queryset.select_related("agenda", "pegawai", "jabatan_kunci", "dicatat_oleh").order_by("urutan")
    )


def keputusan_dengan_penempatan(queryset: QuerySet[KeputusanKomite]) -> QuerySet[KeputusanKomite]:
    """Decisions with the placement's current box and status joined in (one query for a list's
    difference markers instead of one per row)."""
    penempatan = Penempatan.objects.filter(
        instansi_id=OuterRef("instansi_id"), pegawai_id=OuterRef("pegawai_id"), periode=OuterRef("periode")
    )
    return queryset.annotate(
        kotak_sekarang=Subquery(penempatan.values("kotak")[:1]),
        status_sekarang=Subquery(penempatan.values("status")[:1]),
    )


def keputusan_agenda_get(*, agenda: AgendaSidang) -> KeputusanKomite | None:
    return (
        KeputusanKomite.objects.filter(instansi=agenda.instansi, agenda=agenda)
        .select_related("dicatat_oleh", "pegawai", "jabatan_kunci")
        .first()
    )


def usulan_get(*, agenda: AgendaSidang) -> UsulanKalibrasi | None:
    return (
        UsulanKalibrasi.objects.filter(instansi=agenda.instansi, agenda=agenda)
        .select_related("diusulkan_oleh")
        .first()
    )


def penempatan_get(*, instansi: Instansi, pegawai: Pegawai | int, periode: int) -> Penempatan | None:
    """The pegawai's current (computed) placement of the period."""
    pegawai_id = pegawai if isinstance(pegawai, int) else pegawai.pk
    return Penempatan.objects.filter(instansi=instansi, pegawai_id=pegawai_id, periode=periode).first()


def kalibrasi_berlaku(*, instansi: Instansi, periode: int) -> dict[int, KeputusanKomite]:
    """pegawai id → the approved calibration decision in force for the period: the latest approved
    calibration of a session the PPK has set (ditetapkan), latest by penetapan then by decision."""
    rows = (
        KeputusanKomite.objects.filter(
            instansi=instansi,
            periode=periode,
            jenis=KALIBRASI,
            hasil=SETUJU,
            sidang__penetapan__instansi=instansi,
            sidang__penetapan__hasil=Penetapan.Hasil.DITETAPKAN,
        )
        .order_by("pegawai_id", "-sidang__penetapan__urutan", "-urutan")
        .distinct("pegawai_id")
    )
    return {row.pegawai_id: row for row in rows}


def krs_pegawai_ids(*, instansi: Instansi, jabatan_kunci_id: int) -> set[int]:
    """The post's computed candidate list (KRS): candidates not added by a special nomination."""
    return set(
        Kandidat.objects.filter(
            instansi=instansi, jabatan_kunci_id=jabatan_kunci_id, nominasi=False
        ).values_list("pegawai_id", flat=True)
    )


def kandidat_pilihan_list(*, agenda: AgendaSidang, batas: int = 30) -> list[Kandidat]:
    """The post's stored candidates, best first (the succession decision form lists them)."""
    urutan = {
        Kandidat.Kelayakan.MEMENUHI: 0,
        Kandidat.Kelayakan.PERLU_VERIFIKASI: 1,
        Kandidat.Kelayakan.TIDAK_MEMENUHI: 2,
    }
    rows = list(
        Kandidat.objects.filter(instansi=agenda.instansi, jabatan_kunci_id=agenda.jabatan_kunci_id)
        .select_related("pegawai", "pegawai__unit_kerja")
        .filter(pegawai__aktif=True)
        .order_by("-skor_peringkat", "pegawai__nama", "pk")[: batas * 2]
    )
    rows.sort(key=lambda k: (urutan.get(k.kelayakan, 3), -k.skor_peringkat, k.pegawai.nama))
    return rows[:batas]


# --- the marker -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Penanda:
    """A decided calibration against the placement as it is computed now."""

    kotak_diputuskan: int | None
    kotak_sekarang: int | None
    status_sekarang: str
    # The computed box when the committee decided (the decision's kotak_dihitung).
    kotak_dihitung_saat_itu: int | None = None

    @property
    def berbeda(self) -> bool:
        return self.kotak_sekarang != self.kotak_diputuskan

    @property
    def hitungan_berubah(self) -> bool:
        """The inputs changed since the decision (not just the calibration itself differing)."""
        return self.kotak_sekarang != self.kotak_dihitung_saat_itu


def kalibrasi_penanda(*, keputusan: KeputusanKomite) -> Penanda | None:
    """The difference marker of a calibration decision (None for other kinds)."""
    if keputusan.jenis != KALIBRASI:
        return None
    if hasattr(keputusan, "kotak_sekarang"):  # joined in by keputusan_dengan_penempatan
        final = keputusan.status_sekarang == Penempatan.Status.FINAL
        return Penanda(
            kotak_diputuskan=keputusan.kotak_diputuskan,
            kotak_sekarang=keputusan.kotak_sekarang if final else None,
            status_sekarang=keputusan.status_sekarang or "",
            kotak_dihitung_saat_itu=keputusan.kotak_dihitung,
        )
    penempatan = penempatan_get(
        instansi=keputusan.instansi, pegawai=keputusan.pegawai_id, periode=keputusan.periode
    )
    final = penempatan is not None and penempatan.status == Penempatan.Status.FINAL
    return Penanda(
        kotak_diputuskan=keputusan.kotak_diputuskan,
        kotak_sekarang=penempatan.kotak if final else None,
        status_sekarang=penempatan.status if penempatan else "",
        kotak_dihitung_saat_itu=keputusan.kotak_dihitung,
    )


# --- the session's nine-box -------------------------------------------------------------------------


@dataclass
class Peringatan:
    kode: str  # "kotak_9" | "talent_pool"
    pesan: str


@dataclass
class Sebaran:
    """The period's final placements per box, computed (`sebelum`) and after this session's
    approved calibrations (`sesudah`), with the shares the settings limit."""

    periode: int
    unit_kerja: UnitKerja | None
    sebelum: Grid
    sesudah: Grid
    dikalibrasi: int = 0  # placements this session moved
    batas_kotak_9: int = 10
    batas_talent_pool: int = 30
    peringatan: list[Peringatan] = field(default_factory=list)

    @property
    def kotak_9_persen_sebelum(self) -> Decimal | None:
        return (
            persen(self.sebelum.per_kotak[9].jumlah, self.sebelum.ditempatkan)
            if 9 in self.sebelum.per_kotak
            else None
        )

    @property
    def kotak_9_persen_sesudah(self) -> Decimal | None:
        return (
            persen(self.sesudah.per_kotak[9].jumlah, self.sesudah.ditempatkan)
            if 9 in self.sesudah.per_kotak
            else None
        )

    @property
    def baris(self) -> list[list[tuple]]:
        """Rows of (before cell, after cell) pairs, kinerja highest first: one grid, before → after."""
        return [
            [(sel, self.sesudah.per_kotak[sel.nomor]) for sel in baris.sel] for baris in self.sebelum.baris
        ]


def sidang_sebaran(*, sidang: Sidang, unit_kerja: UnitKerja | None = None) -> Sebaran:
    """Counts per box of the session period's final placements of active pegawai (in `unit_kerja`
    and its subtree when given — a review item of one perangkat daerah): computed, and after the
    session's approved calibrations; warnings when the share of box 9 or of the talent pool after
    calibration exceeds the committee's limits (PengaturanKomite)."""
    instansi = sidang.instansi
    tata = tata_aktif(instansi=instansi)
    sebelum = _grid_kosong(tata=tata, periode=sidang.periode)
    sesudah = _grid_kosong(tata=tata, periode=sidang.periode)
    kondisi = Q(instansi=instansi, periode=sidang.periode, pegawai__instansi=instansi, pegawai__aktif=True)
    kondisi &= Q(status=Penempatan.Status.FINAL)
    if unit_kerja is not None:
        kondisi &= Q(pegawai__unit_kerja_id__in=unit_kerja_subtree_ids(instansi=instansi, unit=unit_kerja))
    rows = (
        Penempatan.objects.filter(kondisi)
        .values("kotak")
        .annotate(n=Count("pk"), pool=Count("pk", filter=Q(talent_pool=True)))
        .order_by()
    )
    for row in rows:
        if row["kotak"] not in sebelum.per_kotak:
            continue
        for grid in (sebelum, sesudah):
            grid.per_kotak[row["kotak"]].jumlah += row["n"]
            grid.ditempatkan += row["n"]
            grid.talent_pool += row["pool"]
    # This session's approved calibrations, applied to the placements as they are now.
    putusan = dict(
        KeputusanKomite.objects.filter(
            instansi=instansi, sidang=sidang, jenis=KALIBRASI, hasil=SETUJU
        ).values_list("pegawai_id", "kotak_diputuskan")
    )
    dikalibrasi = 0
    if putusan:
        for p in Penempatan.objects.filter(kondisi, pegawai_id__in=list(putusan)).values(
            "pegawai_id", "kotak", "talent_pool"
        ):
            baru = putusan[p["pegawai_id"]]
            if baru == p["kotak"] or baru not in sesudah.per_kotak or p["kotak"] not in sesudah.per_kotak:
                continue
            dikalibrasi += 1
            sesudah.per_kotak[p["kotak"]].jumlah -= 1
            sesudah.per_kotak[baru].jumlah += 1
            sesudah.talent_pool += int(baru in tata.talent_pool) - int(p["talent_pool"])
    for grid in (sebelum, sesudah):
        for sel in grid.per_kotak.values():
            sel.persen = persen(sel.jumlah, grid.ditempatkan)
    pengaturan = pengaturan_komite_get(instansi=instansi)
    sebaran = Sebaran(
        periode=sidang.periode,
        unit_kerja=unit_kerja,
        sebelum=sebelum,
        sesudah=sesudah,
        dikalibrasi=dikalibrasi,
        batas_kotak_9=pengaturan.batas_kotak_9_persen,
        batas_talent_pool=pengaturan.batas_talent_pool_persen,
    )
    kotak_9 = sebaran.kotak_9_persen_sesudah
    if kotak_9 is not None and kotak_9 > pengaturan.batas_kotak_9_persen:
        sebaran.peringatan.append(
            Peringatan(
                "kotak_9",
                _("Kotak 9 berisi %(persen)s%% pegawai, melebihi batas %(batas)s%%.")
                % {"persen": _angka(kotak_9), "batas": pengaturan.batas_kotak_9_persen},
            )
        )
    pool = sesudah.talent_pool_persen
    if pool is not None and pool > pengaturan.batas_talent_pool_persen:
        sebaran.peringatan.append(
            Peringatan(
                "talent_pool",
                _(
                    "Kelompok rencana suksesi (talent pool) berisi %(persen)s%% pegawai, melebihi batas %(batas)s%%."
                )
                % {"persen": _angka(pool), "batas": pengaturan.batas_talent_pool_persen},
            )
        )
    return sebaran


def _angka(value: Decimal) -> str:
    """A share as Indonesian writes it: one decimal with a comma."""
    return format(value, "f").replace(".", ",")
