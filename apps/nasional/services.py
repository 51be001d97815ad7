"""Refreshing the per-instansi summary rows the national views read."""

from __future__ import annotations

from django.utils import timezone

from apps.instansi.models import Instansi, UnitKerja
from apps.instansi.selectors import membership_counts_by_role, unit_kerja_counts
from apps.petatalenta.periode import periode_sekarang

from .models import RingkasanInstansi


def ringkasan_refresh(*, instansi: Instansi) -> RingkasanInstansi:
    """Recount one instansi's summary. Runs inside that instansi's scope (InstansiTask)."""
    per_peran = membership_counts_by_role(instansi=instansi)
    units = unit_kerja_counts(instansi=instansi)
    ringkasan, _created = RingkasanInstansi.objects.update_or_create(
        instansi=instansi,
        periode=periode_sekarang(),
        defaults={
            "jumlah_pengguna": sum(per_peran.values()),
            "pengguna_per_peran": per_peran,
            "jumlah_perangkat_daerah": units[UnitKerja.Jenis.PERANGKAT_DAERAH],
            "jumlah_unit_kerja": sum(units.values()),
            "diperbarui_pada": timezone.now(),
        },
    )
    return ringkasan
