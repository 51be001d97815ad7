"""Data of the succession page tests: one instansi with key posts and stored candidates written
directly (as the workers would store them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from apps.core.tenancy import instansi_scope
from apps.suksesi import engine
from apps.suksesi.models import Kandidat, StatusSuksesi
from tests.factories import (
    JabatanKunciFactory,
    KandidatFactory,
    PegawaiFactory,
    StatusSuksesiFactory,
    UnitKerjaFactory,
    kriteria_semua,
)


@dataclass
class Suksesi:
    dinas: object
    bidang: object
    jabatan: object  # Kepala Bidang, held, at risk
    lowong: object  # Sekretaris, vacant
    layak: list
    verifikasi: object
    tidak: object


def kandidat_perlu_verifikasi(*, jabatan, pegawai, **kwargs):
    return KandidatFactory(
        jabatan_kunci=jabatan,
        pegawai=pegawai,
        kotak=8,
        kriteria=kriteria_semua(
            jalur={
                "hasil": engine.PERLU_VERIFIKASI,
                "alasan": "riwayat jabatan Pengawas belum diverifikasi",
                "verifikasi": ["jabatan"],
            }
        ),
        kesiapan=engine.SIAP_3,
        alasan_kesiapan="kelayakan belum pasti",
        skor_peringkat=Decimal("70"),
        **kwargs,
    )


def kandidat_tidak_memenuhi(*, jabatan, pegawai, **kwargs):
    return KandidatFactory(
        jabatan_kunci=jabatan,
        pegawai=pegawai,
        kotak=7,
        kriteria=kriteria_semua(
            jalur={
                "hasil": engine.TIDAK_MEMENUHI,
                "alasan": "riwayat jabatan Pengawas 2 tahun 7 bulan; perlu 3 tahun",
                "waktu": True,
            }
        ),
        kesiapan=engine.SIAP_1_2,
        alasan_kesiapan="jalur jabatan terpenuhi dalam 5 bulan",
        skor_peringkat=Decimal("60"),
        **kwargs,
    )


def status_jumlah_simpan(*jabatan_list) -> None:
    """Store each post's group sizes in its StatusSuksesi from its stored candidates, as the
    worker's recount does (the key-post page reads the sizes from there, never counts rows)."""
    kelompok = {
        "jumlah_memenuhi": engine.MEMENUHI,
        "jumlah_perlu_verifikasi": engine.PERLU_VERIFIKASI,
        "jumlah_tidak_memenuhi": engine.TIDAK_MEMENUHI,
    }
    for jabatan in jabatan_list:
        with instansi_scope(jabatan.instansi):
            jumlah = Kandidat.objects.filter(jabatan_kunci=jabatan).aggregate(
                jumlah_kandidat=Count("pk"),
                **{field: Count("pk", filter=Q(kelayakan=k)) for field, k in kelompok.items()},
            )
            StatusSuksesi.objects.filter(jabatan_kunci=jabatan).update(**jumlah)


def suksesi_data(instansi, *, jumlah_layak: int = 2) -> Suksesi:
    dinas = UnitKerjaFactory(instansi=instansi, kode="S.01", nama="Dinas Pekerjaan Umum")
    bidang = UnitKerjaFactory(
        instansi=instansi, kode="S.01.01", nama="Bidang Bina Marga", jenis="bidang", induk=dinas
    )
    pemegang = PegawaiFactory(
        instansi=instansi, unit_kerja=bidang, nama="Bambang Pemegang", jenis_jabatan="administrator"
    )
    jabatan = JabatanKunciFactory(
        instansi=instansi, unit_kerja=bidang, nama="Kepala Bidang Bina Marga", pemegang=pemegang
    )
    StatusSuksesiFactory(
        jabatan_kunci=jabatan,
        tanggal_bup_pemegang=dt.date(timezone.localdate().year + 1, 3, 1),
        berisiko=True,
        alasan_risiko="pemegang mencapai BUP dalam 16 bulan dan belum ada calon siap sekarang",
        kekuatan_bench=1,
        jumlah_siap_1_2=1,
    )
    lowong = JabatanKunciFactory(
        instansi=instansi,
        unit_kerja=dinas,
        nama="Sekretaris Dinas Pekerjaan Umum",
        jenis_jabatan="administrator",
    )
    StatusSuksesiFactory(jabatan_kunci=lowong, berisiko=False, kekuatan_bench=1, jumlah_siap_sekarang=1)
    layak = []
    for i in range(jumlah_layak):
        g = PegawaiFactory(
            instansi=instansi, unit_kerja=bidang, nama=f"Calon Layak {i + 1:02d}", jenis_jabatan="pengawas"
        )
        layak.append(
            KandidatFactory(
                jabatan_kunci=jabatan,
                pegawai=g,
                skor_peringkat=Decimal(90) - i,
                kesiapan=engine.SIAP_1_2 if i else engine.SIAP_SEKARANG,
            )
        )
    verifikasi = kandidat_perlu_verifikasi(
        jabatan=jabatan,
        pegawai=PegawaiFactory(instansi=instansi, unit_kerja=bidang, nama="Dewi Perlu Verifikasi"),
    )
    tidak = kandidat_tidak_memenuhi(
        jabatan=jabatan,
        pegawai=PegawaiFactory(instansi=instansi, unit_kerja=bidang, nama="Rudi Belum Memenuhi"),
    )
    status_jumlah_simpan(jabatan, lowong)
    return Suksesi(
        dinas=dinas,
        bidang=bidang,
        jabatan=jabatan,
        lowong=lowong,
        layak=layak,
        verifikasi=verifikasi,
        tidak=tidak,
    )
