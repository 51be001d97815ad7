"""Database fixtures of the succession pipeline tests: key posts and candidates who meet every
criterion (a verified path, education, two Baik SKPs, a valid asesmen, a final placement in the
talent pool), each built by factories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apps.pegawai.models import StatusVerifikasi
from apps.suksesi.models import JabatanKunci
from tests.factories import (
    AsesmenFactory,
    PegawaiFactory,
    PenempatanFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    SKPFactory,
    UnitKerjaFactory,
)

DISETUJUI = StatusVerifikasi.DISETUJUI


def tahun_ini() -> int:
    return timezone.localdate().year


def kandidat_buat(
    instansi, *, jenis="pengawas", jenjang="", kotak=8, jpm="90.00", mulai=dt.date(2015, 1, 1), **fields
):
    """A pegawai who meets every criterion for a post one level up from `jenis`/`jenjang`."""
    pegawai = PegawaiFactory(
        instansi=instansi,
        jenis_jabatan=jenis,
        jenjang_fungsional=jenjang,
        nama_jabatan="Kepala Seksi Uji",
        tanggal_lahir=fields.pop("tanggal_lahir", dt.date(1982, 4, 10)),
        **fields,
    )
    RiwayatJabatanFactory(
        pegawai=pegawai, status=DISETUJUI, jenis_jabatan=jenis, jenjang_fungsional=jenjang, tmt_mulai=mulai
    )
    RiwayatPendidikanFactory(pegawai=pegawai, status=DISETUJUI, jenjang="s1", jurusan="Ilmu Hukum")
    for tahun in (tahun_ini() - 1, tahun_ini() - 2):
        SKPFactory(pegawai=pegawai, tahun=tahun, predikat="Baik")
    AsesmenFactory(pegawai=pegawai, jpm=Decimal(jpm))
    if kotak is not None:
        PenempatanFactory(
            pegawai=pegawai, kotak=kotak, skor_potensial=Decimal("85.00"), skor_kinerja=Decimal("82.00")
        )
    return pegawai


def jabatan_kunci_buat(instansi, *, jenis="administrator", jenjang="", pemegang=None, nama=None, **fields):
    return JabatanKunci.objects.create(
        instansi=instansi,
        unit_kerja=fields.pop("unit_kerja", None) or UnitKerjaFactory(instansi=instansi),
        nama=nama or f"Kepala Bidang {jenis} {JabatanKunci.objects.count() + 1}",
        jenis_jabatan=jenis,
        jenjang_fungsional=jenjang,
        pemegang=pemegang,
        alasan="Jabatan strategis untuk pelayanan publik",
        **fields,
    )


def kriteria_dibaca(rows: list) -> list:
    """The rows with `kriteria` replaced by all nine criteria as readers get them (the row's
    post-specific ones merged with its KandidatDasar row by the selector), as dicts."""
    from apps.suksesi.selectors import kandidat_kriteria_tampil

    rows = list(rows)
    for row, items in zip(rows, kandidat_kriteria_tampil(rows), strict=True):
        row.kriteria = [
            {
                "kode": i.kode,
                "hasil": i.hasil,
                "alasan": i.alasan,
                "waktu": i.waktu,
                "verifikasi": list(i.verifikasi),
            }
            for i in items
        ]
    return rows
