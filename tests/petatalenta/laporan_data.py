"""Data of the Peta Talenta report tests (tests/petatalenta/test_laporan_peta_talenta.py and the
Chromium test tests/browser/test_peta_talenta_laporan.py): a small map with one pegawai per list."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from apps.core.tenancy import instansi_scope
from tests.factories import PegawaiFactory, PenempatanFactory, UnitKerjaFactory

TAHUN = timezone.localdate().year
KURANG = ["asesmen: belum ada hasil asesmen", f"skp: tidak ada SKP tahunan {TAHUN - 2}–{TAHUN - 1}"]


def pegawai(instansi, unit, nama, **kwargs):
    return PegawaiFactory(
        instansi=instansi, unit_kerja=unit, nama=nama, gelar_depan="", gelar_belakang="", **kwargs
    )


def peta_laporan_data(instansi_a, instansi_b, unit_tree_a) -> dict:
    """Instansi A, Dinas Pendidikan and its sub-units: Ahmad in box 9 (8 last year: up), Budi
    (fungsional) in box 5 (both years: same), Citra in box 1 (2 last year: down), Dewi perlu data.
    Outside the Dinas: Eko in box 9. Instansi B: its own pegawai in box 9."""
    dinas, bidang, seksi = unit_tree_a
    kesehatan = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan")
    ahmad = pegawai(instansi_a, seksi, "Ahmad Bintang Unggul", nama_jabatan="Kepala Seksi Kurikulum")
    budi = pegawai(
        instansi_a, bidang, "Budi Tengah Stabil", jenis_jabatan="fungsional", nama_jabatan="Pengawas Sekolah"
    )
    citra = pegawai(instansi_a, dinas, "Citra Turun Kotak")
    dewi = pegawai(instansi_a, dinas, "Dewi Kurang Data")
    eko = pegawai(instansi_a, kesehatan, "Eko Luar Unit")
    rahasia = pegawai(instansi_b, None, "Rahasia Instansi B")
    with instansi_scope(instansi_a):
        for p, kotak, lalu, skor in ((ahmad, 9, 8, "88.50"), (budi, 5, 5, "61.25"), (citra, 1, 2, "40.00")):
            PenempatanFactory(
                pegawai=p, kotak=kotak, skor_potensial=Decimal(skor), skor_kinerja=Decimal(skor) + 1
            )
            PenempatanFactory(pegawai=p, kotak=lalu, periode=TAHUN - 1)
        PenempatanFactory(pegawai=dewi, kotak=None, status="perlu_data", kekurangan=KURANG)
        PenempatanFactory(pegawai=eko, kotak=9, skor_potensial=Decimal("90"), skor_kinerja=Decimal("90"))
    with instansi_scope(instansi_b):
        PenempatanFactory(pegawai=rahasia, kotak=9)
    return {"dinas": dinas, "ahmad": ahmad, "budi": budi, "citra": citra, "dewi": dewi, "eko": eko}
