"""Test data of the penetapan part: a closed session with a calibration and a succession decision,
written directly (the sessions and decisions parts are built in parallel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.integrity import rantai_tambah
from apps.komite.models import AgendaSidang, AnggotaKomite, KehadiranSidang, KeputusanKomite, Sidang
from tests.factories import (
    AgendaSidangFactory,
    AnggotaKomiteFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    PenempatanFactory,
    SidangFactory,
    UnitKerjaFactory,
    user_with_role,
)

TAHUN = timezone.localdate().year


@dataclass
class Data:
    instansi: object
    ppk: object
    ketua: object
    sekretaris: object
    unit: object
    pegawai: dict  # name -> Pegawai
    penempatan: dict  # name -> Penempatan
    sidang: Sidang
    kalibrasi: KeputusanKomite
    suksesi: KeputusanKomite
    jabatan: object


def keputusan_catat(*, sidang, agenda, user, **fields) -> KeputusanKomite:
    with instansi_scope(sidang.instansi):
        return rantai_tambah(
            KeputusanKomite(
                instansi=sidang.instansi,
                sidang=sidang,
                agenda=agenda,
                jenis=agenda.jenis,
                periode=sidang.periode,
                pegawai=agenda.pegawai,
                jabatan_kunci=agenda.jabatan_kunci,
                cara=KeputusanKomite.Cara.MUFAKAT,
                dicatat_oleh=user,
                dicatat_pada=timezone.now(),
                **fields,
            )
        )


def kalibrasi_catat(
    *, sidang, pegawai, user, dihitung: int, diputuskan: int, hasil="setuju"
) -> KeputusanKomite:
    agenda = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.KALIBRASI, pegawai=pegawai)
    return keputusan_catat(
        sidang=sidang,
        agenda=agenda,
        user=user,
        hasil=hasil,
        kotak_dihitung=dihitung,
        kotak_usulan=diputuskan,
        kotak_diputuskan=diputuskan if hasil == "setuju" else dihitung,
        alasan="Kinerja penanganan banjir 2024 belum tercatat di SKP.",
        isi={"hadir": [], "terhalang": []},
    )


def suksesi_catat(*, sidang, jabatan, user, suksesor: list, darurat=None) -> KeputusanKomite:
    agenda = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci=jabatan)
    return keputusan_catat(
        sidang=sidang,
        agenda=agenda,
        user=user,
        hasil=KeputusanKomite.Hasil.SETUJU,
        isi={
            "daftar_pendek": [{"pegawai_id": p.pk, "alasan_luar_krs": ""} for p, _k in suksesor],
            "suksesor": [{"pegawai_id": p.pk, "kesiapan": k} for p, k in suksesor],
            "suksesor_darurat": {"pegawai_id": darurat.pk, "kesiapan": "siap_sekarang"} if darurat else None,
            "arahan": [],
        },
    )


def sidang_selesai_buat(instansi, *, prefix: str = "a") -> Data:
    """A closed session of this year's period in `instansi`: Budi's placement (box 5) calibrated to
    box 8, a succession decision for one key post; Citra in box 9, Dedi in box 4, an inactive
    pegawai in box 7 (not frozen). The ketua and sekretaris are members; a PPK account."""
    with scopes_disabled():
        ppk = user_with_role(Role.PPK, instansi, username=f"ppk.{prefix}")
        ketua = user_with_role(Role.KOMITE_KETUA, instansi, username=f"ketua.{prefix}")
        sekretaris = user_with_role(Role.KOMITE_SEKRETARIS, instansi, username=f"sekretaris.{prefix}")
        unit = UnitKerjaFactory(instansi=instansi, kode=f"{prefix.upper()}.09", nama="Dinas Pekerjaan Umum")
        pegawai = {
            nama: PegawaiFactory(instansi=instansi, nama=nama, unit_kerja=unit)
            for nama in ("Budi Santoso", "Citra Lestari", "Dedi Kurniawan", "Eka Nonaktif")
        }
        pegawai["Eka Nonaktif"].aktif = False
        pegawai["Eka Nonaktif"].save()
        kotak = {"Budi Santoso": 5, "Citra Lestari": 9, "Dedi Kurniawan": 4, "Eka Nonaktif": 7}
        penempatan = {
            nama: PenempatanFactory(pegawai=p, kotak=kotak[nama], periode=TAHUN, inputs_hash=f"h-{nama}")
            for nama, p in pegawai.items()
        }
        anggota_ketua = AnggotaKomiteFactory(instansi=instansi, user=ketua, peran=AnggotaKomite.Peran.KETUA)
        anggota_sekretaris = AnggotaKomiteFactory(
            instansi=instansi, user=sekretaris, peran=AnggotaKomite.Peran.SEKRETARIS
        )
        sidang = SidangFactory(
            instansi=instansi,
            periode=TAHUN,
            tanggal=timezone.localdate() - dt.timedelta(days=3),
            status=Sidang.Status.BERLANGSUNG,
            judul="Sidang Komite Talenta Triwulan IV",
        )
        for anggota in (anggota_ketua, anggota_sekretaris):
            KehadiranSidang.objects.create(instansi=instansi, sidang=sidang, anggota=anggota, hadir=True)
        jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, nama="Kepala Bidang Bina Marga")
        kalibrasi = kalibrasi_catat(
            sidang=sidang, pegawai=pegawai["Budi Santoso"], user=ketua, dihitung=5, diputuskan=8
        )
        suksesi = suksesi_catat(
            sidang=sidang,
            jabatan=jabatan,
            user=ketua,
            suksesor=[(pegawai["Citra Lestari"], "siap_sekarang"), (pegawai["Budi Santoso"], "siap_1_2")],
            darurat=pegawai["Dedi Kurniawan"],
        )
        Sidang.objects.filter(pk=sidang.pk).update(
            status=Sidang.Status.SELESAI, ditutup_pada=timezone.now(), ditutup_oleh=sekretaris
        )
        sidang.refresh_from_db()
    return Data(
        instansi=instansi,
        ppk=ppk,
        ketua=ketua,
        sekretaris=sekretaris,
        unit=unit,
        pegawai=pegawai,
        penempatan=penempatan,
        sidang=sidang,
        kalibrasi=kalibrasi,
        suksesi=suksesi,
        jabatan=jabatan,
    )
