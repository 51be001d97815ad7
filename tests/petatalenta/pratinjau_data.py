"""Data for the talent rule-set preview tests: an instansi with varied pegawai (units in a tree,
both sexes, every age band, several jenis jabatan; asesmen high and low, expired or missing; SKP of
last year or only of the year before; training, education, posts, team decrees, awards), placed
through the real flush; drafts made and edited through the rule-set services; previews run the way
the worker runs them."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from apps.core.tenancy import instansi_scope
from apps.pegawai.models import StatusVerifikasi
from apps.petatalenta.aturan import pratinjau as pratinjau_umum
from apps.petatalenta.aturan import services as aturan_services
from apps.petatalenta.models import Penempatan, RiwayatPenempatan
from apps.petatalenta.services import aturan_aktif_get
from apps.petatalenta.services_aturan import JENIS_TALENTA
from tests.factories import (
    AsesmenFactory,
    PegawaiFactory,
    PenghargaanFactory,
    RiwayatDiklatFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    SKPFactory,
    SkTimKerjaFactory,
    UnitKerjaFactory,
)
from tests.petatalenta.profil_data import flush

HARI_INI = timezone.localdate()
TAHUN_LALU = HARI_INI.year - 1
OK = StatusVerifikasi.DISETUJUI
JABATAN = ("pelaksana", "fungsional", "pengawas", "administrator")
PREDIKAT = ("Sangat Baik", "Baik", "Baik", "Butuh Perbaikan", "Sangat Baik")


def instansi_bervariasi(instansi, *, jumlah: int = 48, seed: int = 15) -> dict:
    """`jumlah` pegawai with varied data, placed under the active rule set (the national weighted
    preset, version 1). Returns the units: {"induk", "anak", "lain"}."""
    rng = random.Random(seed)
    induk = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    anak = UnitKerjaFactory(instansi=instansi, nama="Bidang SMP", induk=induk, jenis="bidang")
    lain = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    units = (induk, anak, lain)
    for i in range(jumlah):
        lahir = dt.date(1966 + (i * 7) % 34, 1 + i % 12, 1 + i % 28)
        pegawai = PegawaiFactory(
            instansi=instansi,
            unit_kerja=units[i % 3],
            tanggal_lahir=lahir,
            jenis_kelamin="L" if i % 2 else "P",
            jenis_jabatan=JABATAN[i % 4],
        )
        if i % 9 != 8:  # one in nine has no asesmen: perlu data on both sides
            if i % 13 == 5:  # expired
                AsesmenFactory(
                    pegawai=pegawai,
                    tanggal=HARI_INI - dt.timedelta(days=1500),
                    berlaku_sampai=HARI_INI - dt.timedelta(days=40),
                )
            else:
                AsesmenFactory(
                    pegawai=pegawai,
                    jpm=Decimal(rng.randrange(5500, 10000)) / 100,
                    nilai_potensi=Decimal(rng.randrange(4500, 10000)) / 100,
                )
        # One in five has only the SKP of the year before last: a one-year window misses it.
        tahun_skp = TAHUN_LALU - 1 if i % 5 == 3 else TAHUN_LALU
        SKPFactory(pegawai=pegawai, tahun=tahun_skp, predikat=PREDIKAT[rng.randrange(len(PREDIKAT))])
        RiwayatPendidikanFactory(
            pegawai=pegawai, status=OK, jenjang=rng.choice(("d3", "s1", "s1", "s2", "s3"))
        )
        RiwayatJabatanFactory(pegawai=pegawai, status=OK, tmt_mulai=dt.date(2010 + i % 15, 3, 1))
        for _ in range(rng.randrange(0, 3)):
            RiwayatDiklatFactory(
                pegawai=pegawai,
                status=OK,
                tanggal_mulai=dt.date(TAHUN_LALU, 5, 6),
                tanggal_selesai=dt.date(TAHUN_LALU, 5, 10),
                jam_pelajaran=rng.randrange(8, 30),
            )
        for j in range(rng.randrange(0, 3)):
            # The year before last: outside a one-year window.
            SkTimKerjaFactory(pegawai=pegawai, status=OK, tanggal_sk=dt.date(TAHUN_LALU - j, 2, 1))
        if rng.random() < 0.3:
            PenghargaanFactory(pegawai=pegawai, status=OK, tanggal=dt.date(TAHUN_LALU, 8, 17))
    flush(instansi)
    return {"induk": induk, "anak": anak, "lain": lain}


def draf_buat(instansi, *, nama: str = "Draf uji", **ubah):
    """A draf copied from the active version with the settings in `ubah` replaced (a dict setting
    is merged: bobot_potensial={"jpm": 30, "potensi": 15})."""
    with instansi_scope(instansi):
        aktif = aturan_aktif_get(instansi=instansi)
        draf = aturan_services.aturan_salin(
            jenis=JENIS_TALENTA, instansi=instansi, actor=None, sumber=f"versi:{aktif.pk}", nama=nama
        )
        return draf_ubah(instansi, draf, **ubah)


def draf_ubah(instansi, draf, **ubah):
    konfigurasi = dict(draf.konfigurasi)
    for kunci, nilai in ubah.items():
        konfigurasi[kunci] = {**konfigurasi[kunci], **nilai} if isinstance(nilai, dict) else nilai
    with instansi_scope(instansi):
        return aturan_services.aturan_ubah(
            jenis=JENIS_TALENTA,
            instansi=instansi,
            actor=None,
            aturan_id=draf.pk,
            nama=draf.nama,
            catatan=draf.catatan,
            konfigurasi=konfigurasi,
        )


def pratinjau_jalankan(instansi, draf, actor=None):
    """Start a preview and compute it as the worker would (the queueing runs after commit)."""
    with instansi_scope(instansi):
        job, _baru = pratinjau_umum.pratinjau_mulai(
            jenis=JENIS_TALENTA, instansi=instansi, actor=actor, aturan_id=draf.pk
        )
        return pratinjau_umum.pratinjau_jalankan(instansi=instansi, uuid=str(job.uuid))


def snapshot(instansi) -> tuple:
    """Every placement column and every history row of the instansi: equal before and after means
    nothing was written."""
    with instansi_scope(instansi):
        penempatan = list(Penempatan.objects.filter(instansi=instansi).order_by("pk").values_list())
        riwayat = list(RiwayatPenempatan.objects.filter(instansi=instansi).order_by("pk").values_list())
    return penempatan, riwayat
