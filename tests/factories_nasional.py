"""Summary rows written directly, as the workers store them (BKN's pages and API only read them).

The defaults are one consistent instansi of 100 active pegawai: every breakdown adds up to its
total, the boxes to the final placements, each coverage triple to the pegawai."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.nasional.models import RingkasanInstansi
from apps.petatalenta.periode import periode_sekarang


def kelompok_contoh() -> dict:
    """Fairness breakdowns of the 80 final placements: one small group per dimension (n = 3)."""
    return {
        "jenis_kelamin": {
            "L": {
                "n": 45,
                "pool": 12,
                "kotak": {"1": 2, "2": 3, "3": 4, "4": 5, "5": 14, "6": 5, "7": 5, "8": 4, "9": 3},
            },
            "P": {
                "n": 35,
                "pool": 10,
                "kotak": {"1": 1, "2": 2, "3": 3, "4": 5, "5": 11, "6": 3, "7": 5, "8": 3, "9": 2},
            },
        },
        "usia": {
            "<30": {"n": 3, "pool": 1, "kotak": {"5": 2, "9": 1}},
            "30-39": {
                "n": 30,
                "pool": 9,
                "kotak": {"1": 1, "2": 2, "3": 3, "4": 4, "5": 9, "6": 2, "7": 4, "8": 3, "9": 2},
            },
            "40-49": {
                "n": 27,
                "pool": 7,
                "kotak": {"1": 1, "2": 2, "3": 2, "4": 4, "5": 8, "6": 3, "7": 4, "8": 2, "9": 1},
            },
            "50+": {
                "n": 20,
                "pool": 5,
                "kotak": {"1": 1, "2": 1, "3": 2, "4": 2, "5": 6, "6": 3, "7": 2, "8": 2, "9": 1},
            },
        },
        "pendidikan": {
            "sma_ke_bawah": {"n": 3, "pool": 0, "kotak": {"1": 1, "2": 1, "5": 1}},
            "diploma": {"n": 12, "pool": 2, "kotak": {"2": 2, "3": 2, "4": 2, "5": 4, "7": 1, "8": 1}},
            "sarjana": {
                "n": 50,
                "pool": 14,
                "kotak": {"1": 2, "2": 2, "3": 4, "4": 6, "5": 15, "6": 7, "7": 6, "8": 5, "9": 3},
            },
            "s2": {"n": 15, "pool": 6, "kotak": {"3": 1, "4": 2, "5": 5, "6": 1, "7": 3, "8": 1, "9": 2}},
        },
        "jenis_jabatan": {
            "administrator": {"n": 3, "pool": 2, "kotak": {"5": 1, "8": 1, "9": 1}},
            "pengawas": {"n": 10, "pool": 4, "kotak": {"2": 1, "4": 2, "5": 3, "7": 2, "8": 1, "9": 1}},
            "fungsional": {
                "n": 47,
                "pool": 12,
                "kotak": {"1": 2, "2": 3, "3": 5, "4": 5, "5": 15, "6": 5, "7": 5, "8": 4, "9": 3},
            },
            "pelaksana": {
                "n": 20,
                "pool": 4,
                "kotak": {"1": 1, "2": 1, "3": 2, "4": 3, "5": 6, "6": 3, "7": 3, "8": 1},
            },
        },
    }


class RingkasanInstansiFactory(factory.django.DjangoModelFactory):
    """Pass `instansi=` (and `periode=` for earlier periods)."""

    class Meta:
        model = RingkasanInstansi

    periode = factory.LazyFunction(periode_sekarang)
    jumlah_pengguna = 12
    pengguna_per_peran = factory.LazyFunction(
        lambda: {"admin_bkd": 2, "komite_anggota": 3, "ppk": 1, "asn": 6}
    )
    jumlah_perangkat_daerah = 8
    jumlah_unit_kerja = 40
    jumlah_pegawai = 100
    pegawai_per_status = factory.LazyFunction(lambda: {"pns": 80, "pppk": 20})
    pegawai_per_jenis_jabatan = factory.LazyFunction(
        lambda: {"jpt_pratama": 2, "administrator": 5, "pengawas": 13, "fungsional": 55, "pelaksana": 25}
    )
    kotak_dihitung = factory.LazyFunction(
        lambda: {"1": 3, "2": 5, "3": 7, "4": 10, "5": 25, "6": 8, "7": 10, "8": 7, "9": 5}
    )
    jumlah_final = 80
    jumlah_perlu_data = 15
    jumlah_belum_dihitung = 5
    jumlah_krs = 22
    jumlah_krs_nasional = 5
    kotak_ditetapkan = factory.LazyFunction(dict)
    penetapan_tanggal = None
    kelengkapan_rata = Decimal("78.50")
    kelengkapan_sebaran = factory.LazyFunction(lambda: {"0-49": 10, "50-74": 20, "75-99": 50, "100": 20})
    asesmen_valid = 60
    asesmen_kedaluwarsa = 25
    asesmen_tidak_ada = 15
    skp_valid = 85
    skp_kedaluwarsa = 10
    skp_tidak_ada = 5
    jabatan_kunci = 10
    jabatan_kunci_berisiko = 3
    jabatan_kunci_siap = 6
    kekuatan_bench_rata = Decimal("1.20")
    idp_jumlah = None
    tahap_implementasi = 2
    skor_kti = 1
    tahap_rincian = factory.LazyFunction(dict)
    kelompok = factory.LazyFunction(kelompok_contoh)
    diperbarui_pada = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=5))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)
