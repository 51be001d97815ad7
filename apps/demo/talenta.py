"""Demo data of the talent map (`manage.py seed_demo` runs it after the pegawai):
asesmen and annual SKP for the demo pegawai, a few awards and SK tim kerja for strong performers,
and the placements of this year and last year, so the nine-box is populated and the transition
matrix shows real movement.

Everything goes through the input services (they announce the change to the engine like any other
write). Generation is deterministic per pegawai (seeded by instansi code and NIP) and idempotent:
identical asesmen and SKP rows are left alone by the upserts, awards and SK are only created when
missing, and recomputing unchanged placements writes nothing. Years are relative to the current
one, so the demo stays meaningful in any year.

Why awards: under the national weighted preset the SKP predikat is 60 of the 100 kinerja points,
so "kinerja di atas ekspektasi" (≥ 80) needs penguat (awards, SK tim kerja) as well — exactly as the
rule intends, and the top row of the grid would otherwise stay empty.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.asesmen.models import Asesmen
from apps.asesmen.services import AsesmenData, asesmen_write, berlaku_sampai_default, masa_berlaku_tahun
from apps.instansi.models import Instansi
from apps.kinerja.models import Periode
from apps.kinerja.predikat import Predikat, Rating
from apps.kinerja.services import SkpData, skp_write
from apps.pegawai.models import Pegawai, Penghargaan, RiwayatDiklat, SkTimKerja
from apps.pegawai.referensi import StatusKepegawaian
from apps.pegawai.services import riwayat_approve, riwayat_create
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.services import penempatan_flush, penempatan_mark_dirty

from .pegawai import demo_verifikator

# Performance tendencies, worst first, and the ratings (hasil kerja, perilaku kerja) that give them.
PREDIKAT_URUTAN = [Predikat.BUTUH_PERBAIKAN, Predikat.BAIK, Predikat.SANGAT_BAIK]
RATING = {
    Predikat.SANGAT_BAIK: (Rating.DI_ATAS, Rating.DI_ATAS),
    Predikat.BAIK: (Rating.SESUAI, Rating.SESUAI),
    Predikat.BUTUH_PERBAIKAN: (Rating.DI_BAWAH, Rating.SESUAI),
    Predikat.KURANG_MISCONDUCT: (Rating.SESUAI, Rating.DI_BAWAH),
}
# Asesmen ranges per potential tendency: (JPM, nilai potensi).
ASESMEN_RENTANG = {
    0: ((45, 65), (35, 55)),  # rendah
    1: ((78, 96), (66, 84)),  # menengah
    2: ((100, 125), (88, 100)),  # tinggi
}
# Share of each potential tendency with recent competency development (40+ JP last year).
DIKLAT_PELUANG = (0.1, 0.35, 0.85)
DIKLAT = [
    ("Pelatihan Analisis Kebijakan Publik", "teknis"),
    ("Pelatihan Manajemen Kinerja Organisasi", "teknis"),
    ("Pelatihan Kepemimpinan Pengawas", "struktural"),
    ("Pelatihan Transformasi Digital Pemerintahan", "teknis"),
]
LEMBAGA = [
    "UPT Penilaian Kompetensi Pegawai BKD Provinsi",
    "Pusat Penilaian Kompetensi ASN BKN",
    "Kantor Regional VIII BKN Banjarmasin",
]
PENGHARGAAN = [
    ("ASN Berprestasi", ""),
    ("Pegawai Teladan", ""),
    ("Inovator Pelayanan Publik", "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"),
]
KEPALA_DAERAH = {
    Instansi.Jenis.PEMKOT: "Wali Kota",
    Instansi.Jenis.PEMKAB: "Bupati",
    Instansi.Jenis.PEMPROV: "Gubernur",
}
TIM = [
    "Tim Percepatan Penurunan Stunting",
    "Tim Reformasi Birokrasi",
    "Tim Penyusun Laporan Kinerja Instansi Pemerintah",
    "Tim Satu Data Indonesia Daerah",
]
# Recently appointed: no placement last year (they show as "baru" in the transition matrix).
BARU_DIANGKAT = {StatusKepegawaian.CPNS, StatusKepegawaian.PPPK_PARUH_WAKTU}


@dataclass
class RencanaPenilaian:
    pegawai: Pegawai
    asesmen: list[AsesmenData]
    skp: list[SkpData]
    penghargaan: bool
    sk_tim: int
    diklat: bool = False


def _acak(*, instansi: Instansi, pegawai: Pegawai) -> random.Random:
    return random.Random(f"talenta-demo-penilaian:{instansi.kode}:{pegawai.nip}")  # noqa: S311 - demo data


def _angka(rng: random.Random, rentang: tuple[int, int]) -> Decimal:
    return Decimal(rng.randint(rentang[0] * 4, rentang[1] * 4)) / 4


def _asesmen(rng, *, pegawai, tanggal: dt.date, tingkat: int, masa: int) -> AsesmenData:
    jpm, potensi = ASESMEN_RENTANG[tingkat]
    return AsesmenData(
        pegawai_id=pegawai.pk,
        tanggal=tanggal,
        metode=Asesmen.Metode.ASSESSMENT_CENTER,
        lembaga=rng.choice(LEMBAGA),
        nilai_potensi=_angka(rng, potensi),
        jpm=_angka(rng, jpm),
        berlaku_sampai=berlaku_sampai_default(tanggal, masa),
    )


def penilaian_demo_rencana(
    *, instansi: Instansi, pegawai: Pegawai, tahun: int, hari_ini: dt.date, masa: int
) -> RencanaPenilaian:
    """One pegawai's demo asesmen, SKP and penguat (pure: same arguments, same plan)."""
    rng = _acak(instansi=instansi, pegawai=pegawai)
    rencana = RencanaPenilaian(pegawai=pegawai, asesmen=[], skp=[], penghargaan=False, sk_tim=0)
    if pegawai.status_kepegawaian == StatusKepegawaian.CPNS:
        return rencana  # no asesmen and no annual SKP yet: "perlu data"

    # --- asesmen: one two years ago; some were reassessed this year, some never assessed, some expired
    potensial = rng.choices([0, 1, 2], weights=[28, 44, 28])[0]
    rencana.diklat = rng.random() < DIKLAT_PELUANG[potensial]
    nasib = rng.random()
    if nasib < 0.05:
        pass  # never assessed
    elif nasib < 0.09:
        lama = dt.date(tahun - 5, rng.randint(3, 10), rng.randint(1, 28))
        rencana.asesmen.append(_asesmen(rng, pegawai=pegawai, tanggal=lama, tingkat=potensial, masa=masa))
    else:
        dulu = dt.date(tahun - 2, rng.randint(3, 10), rng.randint(1, 28))
        rencana.asesmen.append(_asesmen(rng, pegawai=pegawai, tanggal=dulu, tingkat=potensial, masa=masa))
    if rencana.asesmen and rng.random() < 0.3:
        # Reassessed in the first months of this year: the potential moves one step or stays. The
        # date does not depend on today; one still in the future is simply not there yet.
        tanggal = dt.date(tahun, 1, 2) + dt.timedelta(days=rng.randint(0, 150))
        baru = min(2, max(0, potensial + rng.choice([-1, 1, 1, 0])))
        asesmen = _asesmen(rng, pegawai=pegawai, tanggal=tanggal, tingkat=baru, masa=masa)
        if tanggal <= hari_ini:
            rencana.asesmen.append(asesmen)

    # --- annual SKP of the last three years: a tendency that sometimes moves a step
    if pegawai.status_kepegawaian == StatusKepegawaian.PPPK_PARUH_WAKTU:
        tahun_skp = [tahun - 1]
    else:
        tahun_skp = [tahun - 3, tahun - 2, tahun - 1]
    kinerja = rng.choices([0, 1, 2], weights=[12, 58, 30])[0]
    tanpa_skp = rng.random() < 0.04  # the last SKP not entered yet
    for t in tahun_skp:
        if rng.random() < 0.3:
            kinerja = min(2, max(0, kinerja + rng.choice([-1, 1])))
        if t == tahun - 1 and tanpa_skp:
            continue
        predikat = PREDIKAT_URUTAN[kinerja]
        if predikat == Predikat.BUTUH_PERBAIKAN and rng.random() < 0.2:
            predikat = Predikat.KURANG_MISCONDUCT
        hasil, perilaku = RATING[predikat]
        rencana.skp.append(SkpData(pegawai.pk, t, Periode.TAHUNAN, hasil, perilaku, predikat))

    # --- penguat: awards and SK tim kerja, mostly for strong performers
    rencana.penghargaan = rng.random() < (0.6, 0.15, 0.05)[2 - kinerja]
    rencana.sk_tim = rng.choices([0, 1, 2], weights=[(15, 20, 65), (35, 25, 40), (60, 30, 10)][2 - kinerja])[
        0
    ]
    return rencana


def _kepala_daerah(instansi: Instansi) -> str:
    daerah = instansi.nama.removeprefix("Pemerintah ")
    for prefix in ("Provinsi ", "Kabupaten ", "Kota "):
        daerah = daerah.removeprefix(prefix)
    return f"{KEPALA_DAERAH.get(instansi.jenis, 'Kepala Daerah')} {daerah}"


def _penguat(*, rencana: RencanaPenilaian, instansi: Instansi, tahun: int, verifikator) -> int:
    """Approved training, award and SK tim kerja of the plan, unless already there (matched on
    their certificate or SK number)."""
    pegawai = rencana.pegawai
    rng = random.Random(f"talenta-demo-penguat:{instansi.kode}:{pegawai.nip}")  # noqa: S311 - demo data
    items = []
    if rencana.diklat:
        nama, jenis = rng.choice(DIKLAT)
        mulai = dt.date(tahun - 1, rng.randint(3, 9), rng.randint(1, 20))
        items.append(
            (
                RiwayatDiklat,
                {
                    "jenis": jenis,
                    "nama": nama,
                    "penyelenggara": f"BPSDM Provinsi {instansi.provinsi.nama}"[:200],
                    "tanggal_mulai": mulai,
                    "tanggal_selesai": mulai + dt.timedelta(days=rng.randint(5, 12)),
                    "jam_pelajaran": rng.choice([40, 45, 50, 60]),
                    "nomor_sertifikat": f"STTP/{tahun - 1}/{pegawai.pk:06d}",
                },
            )
        )
    if rencana.penghargaan:
        nama, pemberi = rng.choice(PENGHARGAAN)
        pemberi = pemberi or _kepala_daerah(instansi)
        items.append(
            (
                Penghargaan,
                {
                    "jenis": Penghargaan.Jenis.LAINNYA,
                    "nama": f"{nama} Tahun {tahun - 2}",
                    "pemberi": pemberi[:200],
                    "tanggal": dt.date(tahun - 2, 8, 17),
                    "nomor_sk": f"188.45/{pegawai.pk:06d}/{tahun - 2}",
                },
            )
        )
    for i in range(rencana.sk_tim):
        items.append(
            (
                SkTimKerja,
                {
                    "nama_tim": TIM[(pegawai.pk + i) % len(TIM)],
                    "peran": rng.choice(["Anggota", "Sekretaris", "Ketua Subtim"]),
                    "nomor_sk": f"100.3.3/{pegawai.pk:06d}-{i + 1}/{tahun - 2 + i}",
                    "tanggal_sk": dt.date(tahun - 2 + i, 2, 1 + i),
                },
            )
        )
    created = 0
    for model, data in items:
        kunci = "nomor_sertifikat" if model is RiwayatDiklat else "nomor_sk"
        if model.objects.filter(instansi=instansi, pegawai=pegawai, **{kunci: data[kunci]}).exists():
            continue
        riwayat = riwayat_create(model=model, pegawai=pegawai, actor=None, data=data)
        if verifikator is not None:
            riwayat_approve(riwayat=riwayat, actor=verifikator)
        created += 1
    return created


@dataclass
class HasilDemoTalenta:
    asesmen: int = 0
    skp: int = 0
    penguat: int = 0
    ditempatkan: dict[int, int] | None = None


def talenta_demo_seed(*, instansi: Instansi) -> HasilDemoTalenta:
    """Seed the instansi's demo asesmen, SKP and penguat, then compute last year's and this year's
    placements here (the worker would do this year's anyway; the demo should not wait for it)."""
    tahun = periode_sekarang()
    hari_ini = timezone.localdate()
    masa = masa_berlaku_tahun(instansi=instansi)
    pegawai = list(Pegawai.objects.filter(instansi=instansi, aktif=True).order_by("pk"))
    rencana = [
        penilaian_demo_rencana(instansi=instansi, pegawai=p, tahun=tahun, hari_ini=hari_ini, masa=masa)
        for p in pegawai
    ]
    hasil = HasilDemoTalenta()
    with transaction.atomic():
        hasil.asesmen = asesmen_write(
            instansi=instansi, actor=None, rows=[a for r in rencana for a in r.asesmen], penyebab="demo"
        ).baru
        hasil.skp = skp_write(
            instansi=instansi, actor=None, rows=[s for r in rencana for s in r.skp], penyebab="demo"
        ).baru
        verifikator = demo_verifikator(instansi)
        for item in rencana:
            hasil.penguat += _penguat(rencana=item, instansi=instansi, tahun=tahun, verifikator=verifikator)
    hasil.ditempatkan = {}
    for periode, ids in (
        (tahun - 1, [p.pk for p in pegawai if p.status_kepegawaian not in BARU_DIANGKAT]),
        (tahun, [p.pk for p in pegawai]),
    ):
        with transaction.atomic():
            penempatan_mark_dirty(instansi_id=instansi.pk, pegawai_ids=ids, periode=periode, penyebab="demo")
        hasil.ditempatkan[periode] = penempatan_flush(instansi=instansi, periode=periode).diproses
    return hasil
