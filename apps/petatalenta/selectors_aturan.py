"""Reads of the rule-set pages: the versions of an instansi, why one is locked, the latest bulk
recomputes and their progress. Checking, comparing, display and the JSON files of a configuration
live in the `aturan` package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai

from .labels import penyebab_label
from .models import AturanTalenta, HitungUlang, Penempatan, RiwayatPenempatan
from .selectors import HitungUlangProgress


def aturan_list(*, instansi: Instansi) -> QuerySet[AturanTalenta]:
    return AturanTalenta.objects.filter(instansi=instansi).select_related("dibuat_oleh").order_by("-versi")


def aturan_get(*, instansi: Instansi, pk: Any) -> AturanTalenta | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return AturanTalenta.objects.filter(instansi=instansi, pk=pk).select_related("dibuat_oleh").first()


def aturan_alasan_terkunci(*, aturan: AturanTalenta) -> str:
    """Why a version cannot be edited any more ("" if it can)."""
    if aturan.digunakan:
        return _(
            "Versi ini sudah dipakai untuk menghitung penempatan talenta. Agar setiap penempatan dapat "
            "ditelusuri kembali, isinya tidak boleh berubah lagi. Salin versi ini menjadi draf baru untuk "
            "menyusun perubahan."
        )
    if aturan.status == AturanTalenta.Status.AKTIF:
        return _(
            "Versi ini sedang aktif: penempatan talenta dihitung dengannya. Salin versi ini menjadi draf "
            "baru, ubah drafnya, lalu aktifkan."
        )
    if aturan.status == AturanTalenta.Status.ARSIP:
        return _(
            "Versi ini sudah diarsipkan dan disimpan apa adanya sebagai catatan. Salin versi ini menjadi "
            "draf baru untuk menyusun perubahan."
        )
    return ""


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
