"""The writers whose changes no placement event announces send `ringkasan_stale`, inside their
transaction: the PPK setting a period, Komite membership changes, and the succession flush once it
rewrote key-post statuses. Each leaves the instansi's summary marked dirty with its cause."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.komite.models import SnapshotPenempatan
from apps.komite.services_anggota import anggota_komite_akhiri, anggota_komite_tambah
from apps.komite.services_penetapan import penetapan_tetapkan
from apps.nasional.models import RingkasanKotor
from apps.nasional.services import ringkasan_refresh
from apps.suksesi.services import status_suksesi_mark_dirty, suksesi_flush
from tests.factories import user_with_role
from tests.komite.penetapan_bantuan import sidang_selesai_buat
from tests.suksesi.pipeline_data import jabatan_kunci_buat, kandidat_buat

pytestmark = pytest.mark.django_db


def _penyebab(instansi) -> str | None:
    with scopes_disabled():
        return RingkasanKotor.objects.filter(instansi=instansi).values_list("penyebab", flat=True).first()


def _bersihkan() -> None:
    with scopes_disabled():
        RingkasanKotor.objects.all().delete()


def test_setting_a_period_marks_the_summary_and_the_refresh_counts_the_established_boxes(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    _bersihkan()
    with instansi_scope(instansi_a):
        penetapan = penetapan_tetapkan(
            sidang=data.sidang,
            actor=data.ppk,
            nomor_keputusan="800/1/2026",
            tanggal_keputusan=timezone.localdate(),
        )
    assert _penyebab(instansi_a) == "komite.penetapan"
    with instansi_scope(instansi_a):
        row = ringkasan_refresh(instansi=instansi_a)
        frozen = SnapshotPenempatan.objects.filter(penetapan=penetapan, kotak__isnull=False).count()
    assert frozen > 0
    assert sum(row.kotak_ditetapkan.values()) == frozen
    assert row.penetapan_tanggal == timezone.localdate()


def test_komite_membership_changes_mark_the_summary(instansi_a, admin_bkd_a):
    user = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.pengirim")
    with instansi_scope(instansi_a):
        anggota = anggota_komite_tambah(
            instansi=instansi_a, actor=admin_bkd_a, user=user, peran="anggota", mulai=dt.date(2025, 1, 1)
        )
    assert _penyebab(instansi_a) == "komite.anggota"
    _bersihkan()
    with instansi_scope(instansi_a):
        anggota_komite_akhiri(anggota=anggota, actor=admin_bkd_a, selesai=timezone.localdate())
    assert _penyebab(instansi_a) == "komite.anggota"


def test_the_succession_flush_marks_the_summary_once_it_wrote_statuses(instansi_a):
    with scopes_disabled():
        kandidat_buat(instansi_a, kotak=9)
        post = jabatan_kunci_buat(instansi_a, nama="Kepala Bidang Pengirim")
    with instansi_scope(instansi_a):
        status_suksesi_mark_dirty(instansi_id=instansi_a.pk, jabatan_kunci_ids=[post.pk], penyebab="uji")
        _bersihkan()
        suksesi_flush(instansi=instansi_a)
    assert _penyebab(instansi_a) == "suksesi.flush"
    # Nothing left to recompute: no status changes, no new mark.
    _bersihkan()
    with instansi_scope(instansi_a):
        suksesi_flush(instansi=instansi_a)
    assert _penyebab(instansi_a) is None
