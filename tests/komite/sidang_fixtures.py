"""Data of the session tests: a committee of three in instansi A (ketua, sekretaris, anggota), a PPK,
a pegawai with a final placement of the current period, a key post."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from apps.core.roles import Role
from apps.komite.integrity import rantai_tambah
from apps.komite.models import AgendaSidang, AnggotaKomite, KeputusanKomite
from tests.factories import (
    AnggotaKomiteFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    PenempatanFactory,
    UnitKerjaFactory,
    user_with_role,
)


@dataclass
class Komite:
    instansi: object
    ketua: object
    sekretaris: object
    anggota: object
    ppk: object
    unit: object
    pegawai: object
    jabatan: object
    anggota_rows: dict


def komite_buat(instansi, prefix: str) -> Komite:
    ketua = user_with_role(
        Role.KOMITE_KETUA, instansi, username=f"{prefix}.ketua", email=f"{prefix}.k@example.go.id"
    )
    sekretaris = user_with_role(Role.KOMITE_SEKRETARIS, instansi, username=f"{prefix}.sekretaris")
    anggota = user_with_role(Role.KOMITE_ANGGOTA, instansi, username=f"{prefix}.anggota")
    ppk = user_with_role(Role.PPK, instansi, username=f"{prefix}.ppk")
    rows = {
        "ketua": AnggotaKomiteFactory(instansi=instansi, user=ketua, peran=AnggotaKomite.Peran.KETUA),
        "sekretaris": AnggotaKomiteFactory(
            instansi=instansi, user=sekretaris, peran=AnggotaKomite.Peran.SEKRETARIS
        ),
        "anggota": AnggotaKomiteFactory(instansi=instansi, user=anggota, peran=AnggotaKomite.Peran.ANGGOTA),
    }
    unit = UnitKerjaFactory(instansi=instansi, nama=f"Dinas Uji {prefix}")
    pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama=f"Pegawai Kalibrasi {prefix}")
    PenempatanFactory(pegawai=pegawai, kotak=6)
    jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, nama=f"Kepala Bidang {prefix}")
    return Komite(instansi, ketua, sekretaris, anggota, ppk, unit, pegawai, jabatan, rows)


@pytest.fixture
def komite_a(instansi_a):
    return komite_buat(instansi_a, "a")


@pytest.fixture
def komite_b(instansi_b):
    return komite_buat(instansi_b, "b")


def keputusan_catat(agenda: AgendaSidang, user) -> KeputusanKomite:
    """A decision written directly (the decisions part owns the real service)."""
    return rantai_tambah(
        KeputusanKomite(
            instansi=agenda.instansi,
            sidang=agenda.sidang,
            agenda=agenda,
            jenis=agenda.jenis,
            pegawai=agenda.pegawai,
            jabatan_kunci=agenda.jabatan_kunci,
            hasil=KeputusanKomite.Hasil.DICATAT,
            periode=agenda.sidang.periode,
            cara=KeputusanKomite.Cara.MUFAKAT,
            alasan="Peta talenta ditinjau dan diterima.",
            isi={},
            dicatat_oleh=user,
            dicatat_pada=timezone.now(),
        )
    )
