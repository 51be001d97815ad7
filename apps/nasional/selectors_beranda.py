"""The Admin BKD home's data-quality card reads the instansi's own summary row (one row per
period, rewritten by the summary refresh whenever inputs change: docs/nasional.md), so the home
page costs two small queries whatever the number of pegawai. Scoped reads only (no escape)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import RingkasanInstansi, RingkasanKotor

if TYPE_CHECKING:
    from apps.instansi.models import Instansi


def ringkasan_instansi_get(*, instansi: Instansi, periode: int) -> RingkasanInstansi | None:
    return (
        RingkasanInstansi.objects.filter(instansi=instansi, periode=periode)
        .only(
            "periode",
            "jumlah_pegawai",
            "kelengkapan_rata",
            "kelengkapan_sebaran",
            "asesmen_valid",
            "asesmen_kedaluwarsa",
            "asesmen_tidak_ada",
            "skp_valid",
            "skp_kedaluwarsa",
            "skp_tidak_ada",
            "jumlah_final",
            "jumlah_perlu_data",
            "jumlah_belum_dihitung",
            "diperbarui_pada",
            "instansi_id",
        )
        .first()
    )


def ringkasan_menunggu_pembaruan(*, instansi: Instansi) -> bool:
    """Whether a change since the last refresh is still waiting for the summary worker."""
    return RingkasanKotor.objects.filter(instansi=instansi).exists()
