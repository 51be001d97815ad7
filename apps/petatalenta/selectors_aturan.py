"""Reads of the talent rule-set pages beyond those of every kind (`aturan.selectors`: versions,
one version, why one is locked): the pegawai an activation recomputes, the latest bulk recomputes
and their progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F

from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai

from .labels import penyebab_label
from .models import HitungUlang, Penempatan, RiwayatPenempatan
from .selectors import HitungUlangProgress


def pegawai_aktif_jumlah(*, instansi: Instansi) -> int:
    """How many placements a bulk recompute will touch."""
    return Pegawai.objects.filter(instansi=instansi, aktif=True).count()


@dataclass(frozen=True)
class HitungUlangBaris:
    job: HitungUlang
    progress: HitungUlangProgress

    @property
    def penyebab_label(self) -> str:
        return penyebab_label(self.job.penyebab)


def hitung_ulang_terbaru(*, instansi: Instansi, jumlah: int = 10) -> list[HitungUlangBaris]:
    """The latest bulk recomputes with their progress, in a fixed number of queries: unfinished
    jobs of one period share one count of the period's dirty placements."""
    jobs = list(
        HitungUlang.objects.filter(instansi=instansi)
        .select_related("aturan", "dibuat_oleh")
        .order_by("-dimulai_pada", "-id")[:jumlah]
    )
    periode_berjalan = {j.periode for j in jobs if j.selesai_pada is None}
    sisa_per_periode: dict[int, int] = {}
    if periode_berjalan:
        sisa_per_periode = dict(
            Penempatan.objects.filter(
                instansi=instansi, periode__in=periode_berjalan, dirty_since__isnull=False
            )
            .values_list("periode")
            .annotate(n=Count("id"))
        )
    return [
        HitungUlangBaris(
            job=job, progress=HitungUlangProgress.of(job=job, sisa=sisa_per_periode.get(job.periode, 0))
        )
        for job in jobs
    ]


def hitung_ulang_kotak_berubah(*, job: HitungUlang) -> int:
    """How many pegawai changed box during the job (from the placement history)."""
    riwayat = RiwayatPenempatan.objects.filter(
        instansi_id=job.instansi_id,
        periode=job.periode,
        penyebab=job.penyebab,
        dicatat_pada__gte=job.dimulai_pada,
        kotak_lama__isnull=False,
    ).exclude(kotak_lama=F("kotak_baru"))
    if job.selesai_pada is not None:
        riwayat = riwayat.filter(dicatat_pada__lte=job.selesai_pada)
    return riwayat.count()
