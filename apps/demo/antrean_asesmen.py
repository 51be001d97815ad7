"""Demo assessment budgets (`manage.py seed_demo` runs this after the key posts): this year's
budget in every demo instansi — in rupiah for the first (Rp 105.000.000 at Rp 3.500.000 per
Assessment Center: 30 slots), in slots for the others — and the queue built once, so that
`admin.6271` sees the ranked queue with its budget line at once (the workers rebuild it after
every later change, e.g. when the succession flush marks key posts at risk).

Through the budget service (audited). Idempotent: a year that already has a budget is left alone.
"""

from __future__ import annotations

from decimal import Decimal

from apps.instansi.models import Instansi
from apps.pengembangan.models import AnggaranAsesmen
from apps.pengembangan.services_antrean import (
    AnggaranData,
    anggaran_asesmen_save,
    antrean_asesmen_build,
    biaya_bawaan,
)
from apps.petatalenta.periode import periode_sekarang


def antrean_asesmen_demo_seed(*, instansi: Instansi, utama: bool) -> int:
    """Returns the queue's length. Call inside the instansi's scope."""
    tahun = periode_sekarang()
    if not AnggaranAsesmen.objects.filter(instansi=instansi, tahun=tahun).exists():
        data = (
            AnggaranData(
                tahun=tahun,
                jenis=AnggaranAsesmen.Jenis.RUPIAH,
                jumlah_slot=None,
                jumlah_rupiah=Decimal(105_000_000),
                metode="assessment_center",
                biaya_per_metode=biaya_bawaan(),
            )
            if utama
            else AnggaranData(
                tahun=tahun,
                jenis=AnggaranAsesmen.Jenis.SLOT,
                jumlah_slot=20,
                jumlah_rupiah=None,
                metode="cact",
                biaya_per_metode=biaya_bawaan(),
            )
        )
        anggaran_asesmen_save(instansi=instansi, actor=None, data=data)
    return len(antrean_asesmen_build(instansi=instansi)["baris"])
