"""Reads of the succession rule-set pages beyond those of every kind (apps/petatalenta/aturan/
selectors.py): how many key posts an activation recomputes."""

from __future__ import annotations

from apps.instansi.models import Instansi

from .models import JabatanKunci


def jabatan_kunci_aktif_jumlah(*, instansi: Instansi) -> int:
    return JabatanKunci.objects.filter(instansi=instansi, aktif=True).count()
