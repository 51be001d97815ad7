"""Reads of the key-post management pages (Admin BKD): the list with its filters, one post with its
holder's BUP date, its nominations, the settings. The Komite's pages (candidates, bench) read
elsewhere."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from apps.instansi.models import UnitKerja
from apps.pegawai.referensi import bup_usia, tanggal_pensiun_dari
from apps.pegawai.selectors import pengaturan_bup

from .models import JabatanKunci, NominasiKhusus, PengaturanSuksesi
from .selectors import perangkat_daerah_q

if TYPE_CHECKING:
    from apps.instansi.models import Instansi


def jabatan_kunci_kelola_list(
    *,
    instansi: Instansi,
    q: str = "",
    perangkat_daerah: UnitKerja | None = None,
    jenis_jabatan: str = "",
    status: str = "",
) -> QuerySet[JabatanKunci]:
    """The instansi's key posts for management, active first. `status`: "aktif", "nonaktif",
    "lowong" (active and vacant); empty = all."""
    queryset = JabatanKunci.objects.filter(instansi=instansi).select_related(
        "unit_kerja", "unit_kerja__induk", "unit_kerja__induk__induk", "pemegang"
    )
    if q:
        queryset = queryset.filter(
            Q(nama__icontains=q)
            | Q(unit_kerja__nama__icontains=q)
            | Q(pemegang__nama__icontains=q)
            | Q(pemegang__nip=q)
        )
    if perangkat_daerah is not None:
        queryset = queryset.filter(perangkat_daerah_q(perangkat_daerah))
    if jenis_jabatan:
        queryset = queryset.filter(jenis_jabatan=jenis_jabatan)
    if status == "aktif":
        queryset = queryset.filter(aktif=True)
    elif status == "nonaktif":
        queryset = queryset.filter(aktif=False)
    elif status == "lowong":
        queryset = queryset.filter(aktif=True, pemegang__isnull=True)
    return queryset.order_by("-aktif", "unit_kerja__kode", "nama", "pk")


def jabatan_kunci_get(*, instansi: Instansi, pk: int) -> JabatanKunci | None:
    return (
        JabatanKunci.objects.filter(instansi=instansi, pk=pk)
        .select_related("unit_kerja", "pemegang", "pemegang__unit_kerja")
        .first()
    )


def perangkat_daerah_choices(*, instansi: Instansi) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(
        instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH, aktif=True
    ).order_by("kode")


def unit_kerja_choices(*, instansi: Instansi, termasuk: int | None = None) -> QuerySet[UnitKerja]:
    """Active units (and the post's own unit, `termasuk`, even if it was deactivated since)."""
    return UnitKerja.objects.filter(Q(aktif=True) | Q(pk=termasuk), instansi=instansi).order_by("kode")


def tanggal_bup_pemegang(*, jabatan: JabatanKunci, pengaturan: dict | None = None) -> dt.date | None:
    """The holder's BUP date from their birth date and the BUP of the post's level (the
    instansi's setting, else the national default); None for a vacant post. A pure read."""
    if jabatan.pemegang is None:
        return None
    usia = bup_usia(
        jenis_jabatan=jabatan.jenis_jabatan,
        jenjang_fungsional=jabatan.jenjang_fungsional,
        pengaturan=pengaturan,
    )
    return tanggal_pensiun_dari(tanggal_lahir=jabatan.pemegang.tanggal_lahir, usia=usia)


def jabatan_kunci_tanggal_bup(*, instansi: Instansi, jabatan_list: list[JabatanKunci]) -> None:
    """Set `tanggal_bup` on each post of a page (one read of the instansi's BUP setting)."""
    pengaturan = pengaturan_bup(instansi=instansi)
    for jabatan in jabatan_list:
        jabatan.tanggal_bup = tanggal_bup_pemegang(jabatan=jabatan, pengaturan=pengaturan)


def nominasi_khusus_list(*, jabatan: JabatanKunci) -> QuerySet[NominasiKhusus]:
    """A post's nominations, standing ones first."""
    return (
        NominasiKhusus.objects.filter(instansi_id=jabatan.instansi_id, jabatan_kunci=jabatan)
        .select_related("pegawai", "dibuat_oleh")
        .order_by("dicabut_pada", "-dibuat_pada")
    )


def nominasi_khusus_get(*, jabatan: JabatanKunci, pk: int) -> NominasiKhusus | None:
    return (
        NominasiKhusus.objects.filter(instansi_id=jabatan.instansi_id, jabatan_kunci=jabatan, pk=pk)
        .select_related("pegawai")
        .first()
    )


def pengaturan_suksesi_get(*, instansi: Instansi) -> PengaturanSuksesi:
    """The instansi's succession settings (unsaved defaults when it never saved any)."""
    return PengaturanSuksesi.objects.filter(instansi=instansi).first() or PengaturanSuksesi(instansi=instansi)
