"""Fixtures of the key-post tests (suksesi: jabatan): pejabat of instansi A in its unit tree, one
inactive pegawai, and a pegawai of instansi B."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.factories import PegawaiFactory, UnitKerjaFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def pejabat(instansi_a, instansi_b, unit_tree_a, unit_b):
    """Kepala Dinas (JPT Pratama, born 1966-05-10), Sekretaris (Administrator) in the Dinas, a
    Kepala Bidang (Administrator) in its Bidang, a Kepala Seksi (Pengawas), an Ahli Madya, an
    inactive Administrator, and an Administrator of instansi B."""
    dinas, bidang, seksi = unit_tree_a
    return SimpleNamespace(
        dinas=dinas,
        bidang=bidang,
        seksi=seksi,
        kepala=PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=dinas,
            jenis_jabatan="jpt_pratama",
            nama_jabatan="Kepala Dinas",
            tanggal_lahir=dt.date(1966, 5, 10),
            nama="Hendra Wijaya",
        ),
        sekretaris=PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=dinas,
            jenis_jabatan="administrator",
            nama_jabatan="Sekretaris",
            nama="Rina Marlina",
        ),
        kabid=PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=bidang,
            jenis_jabatan="administrator",
            nama_jabatan="Kepala Bidang Pembinaan SD",
            nama="Agus Salim",
        ),
        kasi=PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=seksi,
            jenis_jabatan="pengawas",
            nama_jabatan="Kepala Seksi Kurikulum",
        ),
        madya=PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=bidang,
            jenis_jabatan="fungsional",
            jenjang_fungsional="ahli_madya",
            nama_jabatan="Analis Kebijakan",
        ),
        nonaktif=PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=bidang,
            jenis_jabatan="administrator",
            nama_jabatan="Kepala Bidang Lama",
            aktif=False,
            nama="Bambang Lama",
        ),
        asing=PegawaiFactory(
            instansi=instansi_b,
            unit_kerja=unit_b,
            jenis_jabatan="administrator",
            nama_jabatan="Kepala Bidang",
        ),
        unit_lain=UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan"),
    )
