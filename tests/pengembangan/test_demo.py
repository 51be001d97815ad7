"""The demo's IDPs: drafts for everyone, two thirds of the middle boxes approved (with progress on
some), and a second run changes nothing."""

from __future__ import annotations

import pytest

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.demo.idp import idp_demo_seed
from apps.pengembangan.models import Idp, KegiatanIdp
from tests.factories import PegawaiFactory, PenempatanFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_idps(instansi_a):
    user_with_role(Role.ADMIN_BKD, instansi_a, username=f"admin.{instansi_a.kode}")
    with instansi_scope(instansi_a):
        for kotak in (4, 5, 5, 6, 8, 2):
            PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=kotak)
        PegawaiFactory(instansi=instansi_a)  # no placement yet
        hasil = idp_demo_seed(instansi=instansi_a)
        tengah = list(Idp.objects.filter(kotak__in=(4, 5, 6, 8)).values_list("pegawai_id", flat=True))
        disetujui = {p for p in tengah if p % 3 != 0}
        assert (hasil.dibuat, hasil.disetujui) == (7, len(disetujui))
        assert set(Idp.objects.filter(status="disetujui").values_list("pegawai_id", flat=True)) == disetujui
        assert Idp.objects.filter(kotak=2, status="draf").exists()
        berjalan = KegiatanIdp.objects.filter(status="berjalan", progres=40).values_list(
            "idp__pegawai_id", flat=True
        )
        assert set(berjalan) == {p for p in disetujui if p % 2 == 0}
        again = idp_demo_seed(instansi=instansi_a)
        assert (again.dibuat, again.disetujui) == (0, 0)
        assert Idp.objects.count() == 7
