"""Reads for the kesesuaian bidang pendidikan page: approved education items and whether their
field of study has been judged against the pegawai's current jabatan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, F, Q, Value, When

from .models import RiwayatPendidikan, StatusVerifikasi

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi, UnitKerja

# belum: never judged, or judged against a jabatan the pegawai no longer holds, or before the item was
# changed and verified again (both count as not judged: "ulang").
STATUS_KESESUAIAN = ("belum", "sesuai", "tidak_sesuai", "semua")


def pendidikan_kesesuaian_daftar(
    *,
    instansi: Instansi,
    verifikator: User | None,
    status: str = "belum",
    unit_kerja: UnitKerja | None = None,
    cari: str = "",
) -> models.QuerySet:
    """Approved RiwayatPendidikan of the instansi, annotated `keadaan` (belum | ulang | sesuai |
    tidak_sesuai), oldest pegawai name first. A verifier never sees their own items."""
    # A judgement holds for the jabatan it names, and only if the item was not changed and verified
    # again after it (apps/petatalenta/inputs.py reads the same rule).
    berlaku = Q(kesesuaian_jabatan=F("pegawai__nama_jabatan")) & (
        Q(diverifikasi_pada__isnull=True) | Q(kesesuaian_dinilai_pada__gte=F("diverifikasi_pada"))
    )
    queryset = (
        RiwayatPendidikan.objects.filter(instansi=instansi, status=StatusVerifikasi.DISETUJUI)
        .select_related("pegawai", "pegawai__unit_kerja")
        .annotate(
            keadaan=Case(
                When(sesuai_jabatan__isnull=True, then=Value("belum")),
                When(~berlaku, then=Value("ulang")),
                When(sesuai_jabatan=True, then=Value("sesuai")),
                default=Value("tidak_sesuai"),
                output_field=models.CharField(),
            )
        )
    )
    if verifikator is not None:
        queryset = queryset.exclude(pegawai__user=verifikator)
    if status == "belum":
        queryset = queryset.filter(keadaan__in=("belum", "ulang"))
    elif status in ("sesuai", "tidak_sesuai"):
        queryset = queryset.filter(keadaan=status)
    if unit_kerja is not None:
        queryset = queryset.filter(pegawai__unit_kerja=unit_kerja)
    if cari:
        queryset = queryset.filter(
            Q(pegawai__nama__icontains=cari) | Q(pegawai__nip__icontains=cari) | Q(jurusan__icontains=cari)
        )
    return queryset.order_by("pegawai__nama", "pegawai_id", "pk")


def pendidikan_kesesuaian_jumlah(*, instansi: Instansi, verifikator: User | None) -> dict[str, int]:
    """How many approved items are in each state (the tabs' counts), in one query."""
    rows = (
        pendidikan_kesesuaian_daftar(instansi=instansi, verifikator=verifikator, status="semua")
        .order_by()
        .values("keadaan")
        .annotate(n=models.Count("pk"))
    )
    counts = {row["keadaan"]: row["n"] for row in rows}
    return {
        "belum": counts.get("belum", 0) + counts.get("ulang", 0),
        "sesuai": counts.get("sesuai", 0),
        "tidak_sesuai": counts.get("tidak_sesuai", 0),
        "semua": sum(counts.values()),
    }
