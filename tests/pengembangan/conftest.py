"""An instansi with a small organisation: a head of Dinas (JPT), a head of Bidang (administrator),
a head of Seksi (pengawas) and an ASN staff member in the Seksi, signing in as `asn.budi`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from tests.factories import AsnPegawaiFactory, PegawaiFactory, user_with_role


@pytest.fixture
def organisasi(instansi_a, unit_tree_a):
    dinas, bidang, seksi = unit_tree_a
    with instansi_scope(instansi_a):
        kadis = PegawaiFactory(
            instansi=instansi_a, unit_kerja=dinas, jenis_jabatan="jpt_pratama", nama="Kadis Hartono"
        )
        kabid = AsnPegawaiFactory(
            instansi=instansi_a,
            unit_kerja=bidang,
            jenis_jabatan="administrator",
            nama="Rina Kabid",
            username="asn.kabid",
            nama_jabatan="Kepala Bidang Pembinaan SD",
        )
        kasi = AsnPegawaiFactory(
            instansi=instansi_a,
            unit_kerja=seksi,
            jenis_jabatan="pengawas",
            nama="Dedi Kasi",
            username="asn.kasi",
            nama_jabatan="Kepala Seksi Kurikulum",
        )
        staf = AsnPegawaiFactory(
            instansi=instansi_a,
            unit_kerja=seksi,
            jenis_jabatan="pelaksana",
            nama="Budi Santoso",
            username="asn.budi",
            nama_jabatan="Analis Kurikulum",
        )
    return {"dinas": dinas, "bidang": bidang, "seksi": seksi, "kadis": kadis, "kabid": kabid, "kasi": kasi, "staf": staf}  # fmt: skip


@pytest.fixture
def komite_a(make_user, instansi_a):
    return make_user(Role.KOMITE_ANGGOTA, instansi_a, username="komite.a")


@pytest.fixture
def verifikator_a(instansi_a):
    return user_with_role(Role.VERIFIKATOR, instansi_a, username="verif.a")


TAHUN = timezone.localdate().year
HARI_INI = timezone.localdate()
LALU = HARI_INI - dt.timedelta(days=1)
JPM = Decimal("70.00")
