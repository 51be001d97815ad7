"""Demo key posts (apps/demo/suksesi.py): real-sounding posts in the seeded perangkat daerah held
by the seeded heads, vacant Sekretaris posts, Ahli Madya posts, one Komite nomination; every post
marked dirty for the workers; a second run writes nothing."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.demo.instansi import demo_seed
from apps.demo.pegawai import pegawai_demo_seed
from apps.demo.suksesi import suksesi_demo_seed
from apps.instansi.models import Instansi
from apps.suksesi.models import JabatanKunci, NominasiKhusus, StatusSuksesi

pytestmark = pytest.mark.django_db


def test_demo_key_posts(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    demo_seed()
    instansi = Instansi.objects.get(kode="6271")
    with instansi_scope(instansi):
        pegawai_demo_seed(instansi=instansi, jumlah=60)
        hasil = suksesi_demo_seed(instansi=instansi)
    with scopes_disabled():
        posts = list(JabatanKunci.objects.filter(instansi=instansi).select_related("pemegang", "unit_kerja"))
        names = {j.nama for j in posts}
        assert {
            "Kepala Dinas Pendidikan",
            "Sekretaris Dinas Pendidikan",
            "Kepala Bidang Bina Marga",
            "Inspektur",
        } <= names
        vacant = [j for j in posts if j.pemegang is None]
        assert hasil.lowong == len(vacant) >= 3
        assert all(
            j.nama.startswith("Sekretaris")
            for j in vacant
            if j.jenis_jabatan == "administrator" and j.unit_kerja.jenis == "perangkat_daerah"
        )
        for jabatan in posts:
            if jabatan.pemegang is not None:
                assert jabatan.pemegang.aktif and jabatan.pemegang.instansi_id == instansi.pk
                if jabatan.jenis_jabatan == "fungsional":
                    assert jabatan.pemegang.jenjang_fungsional == jabatan.jenjang_fungsional == "ahli_madya"
                else:
                    assert (jabatan.pemegang.jenis_jabatan, jabatan.pemegang.unit_kerja_id) == (
                        jabatan.jenis_jabatan,
                        jabatan.unit_kerja_id,
                    )
            assert all(1 <= item["level"] <= 5 for item in jabatan.standar_kompetensi)
        assert any(j.jenis_jabatan == "fungsional" for j in posts)
        assert StatusSuksesi.objects.filter(
            jabatan_kunci__in=posts, dirty_since__isnull=False
        ).count() == len(posts)
        assert NominasiKhusus.objects.filter(instansi=instansi).count() == hasil.nominasi
        audit = AuditEvent.objects.filter(instansi=instansi).count()

    with instansi_scope(instansi):
        again = suksesi_demo_seed(instansi=instansi)
    assert (again.jabatan, again.nominasi) == (0, 0)
    with scopes_disabled():
        assert AuditEvent.objects.filter(instansi=instansi).count() == audit
