"""Retention (issue #14 point 8, docs/privacy.md "Berapa lama"): old audit events and documents no
item refers to any more are deleted per instansi, idempotently, audited as counts, and nothing
still referenced is ever deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.services import audit_event_record
from apps.core.tenancy import instansi_scope
from apps.pegawai.models import Dokumen
from apps.pegawai.services import dokumen_store, riwayat_delete
from apps.privasi.models import DokumenYatim
from apps.privasi.services_retensi import audit_event_retensi_platform_hapus, retensi_jalankan
from apps.privasi.tasks import retensi_sweep
from tests.factories import AsnPegawaiFactory, IdpFactory, KegiatanIdpFactory, SertifikatFactory

pytestmark = pytest.mark.django_db


def _event(instansi, umur_bulan: int, action: str = "uji.lama") -> AuditEvent:
    event = audit_event_record(action=action, instansi=instansi, actor=None, actor_label="uji")
    with scopes_disabled():
        AuditEvent.objects.filter(pk=event.pk).update(
            created_at=timezone.now() - relativedelta(months=umur_bulan)
        )
    return event


def _jalankan(instansi, capture):
    with instansi_scope(instansi), capture(execute=True):
        return retensi_jalankan(instansi=instansi)


def test_beat_runs_retention_nightly():
    jadwal = django_settings.CELERY_BEAT_SCHEDULE["privasi-retensi-harian"]
    assert jadwal["task"] == "apps.privasi.tasks.retensi_sweep"
    assert django_settings.AUDIT_RETENTION_MONTHS == 60 and django_settings.DOCUMENT_RETENTION_DAYS == 180


def test_old_audit_events_are_deleted_per_instansi_and_counted(
    instansi_a, instansi_b, django_capture_on_commit_callbacks
):
    tua_a, muda_a = _event(instansi_a, 61), _event(instansi_a, 59)
    tua_b = _event(instansi_b, 61)

    assert _jalankan(instansi_a, django_capture_on_commit_callbacks)["audit_dihapus"] == 1

    with scopes_disabled():
        sisa = set(AuditEvent.objects.filter(action="uji.lama").values_list("pk", flat=True))
        assert sisa == {muda_a.pk, tua_b.pk}  # the other instansi is untouched by A's run
        [hitung] = AuditEvent.objects.filter(action="retensi.audit_hapus")
        assert (hitung.instansi_id, hitung.new_values["jumlah"]) == (instansi_a.pk, 1)
    assert tua_a.pk not in sisa

    # Idempotent: a second run deletes nothing and records nothing.
    assert _jalankan(instansi_a, django_capture_on_commit_callbacks)["audit_dihapus"] == 0
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="retensi.audit_hapus").count() == 1


def test_retention_period_is_a_setting(settings, instansi_a, django_capture_on_commit_callbacks):
    settings.AUDIT_RETENTION_MONTHS = 12
    _event(instansi_a, 13)
    _event(instansi_a, 11)
    assert _jalankan(instansi_a, django_capture_on_commit_callbacks)["audit_dihapus"] == 1


def test_old_platform_events_are_deleted_too(instansi_a):
    _event(None, 61)
    _event(instansi_a, 61)
    assert audit_event_retensi_platform_hapus() == 1
    with scopes_disabled():
        assert list(AuditEvent.objects.filter(action="uji.lama").values_list("instansi_id", flat=True)) == [
            instansi_a.pk
        ]


@pytest.fixture
def dokumen(settings, tmp_path, pegawai_a):
    settings.MEDIA_ROOT = str(tmp_path)

    def unggah(nama: str) -> Dokumen:
        with instansi_scope(pegawai_a.instansi):
            return dokumen_store(
                pegawai=pegawai_a,
                actor=pegawai_a.user,
                berkas=SimpleUploadedFile(f"{nama}.pdf", b"%PDF-1.4 " + nama.encode()),
            )

    return unggah


def _umurkan_tanda(hari: int) -> None:
    with scopes_disabled():
        DokumenYatim.objects.update(sejak=timezone.now() - dt.timedelta(days=hari))


# Committed for real (transaction=True): the database's own foreign-key checks run at each commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unreferenced_documents_go_after_the_period_referenced_ones_never(
    pegawai_a, dokumen, django_capture_on_commit_callbacks
):
    dipakai, dihapus_itemnya, pengganti, di_idp = (
        dokumen(n) for n in ("dipakai", "yatim", "pengganti", "idp")
    )
    SertifikatFactory(pegawai=pegawai_a, dokumen=dipakai, dokumen_baru=pengganti)
    KegiatanIdpFactory(idp=IdpFactory(pegawai=pegawai_a), dokumen=di_idp)
    item = SertifikatFactory(pegawai=pegawai_a, dokumen=dihapus_itemnya)
    with instansi_scope(pegawai_a.instansi):
        riwayat_delete(riwayat=item, actor=pegawai_a.user)
    berkas = {d.pk: Path(d.berkas.path) for d in (dipakai, dihapus_itemnya, pengganti, di_idp)}

    # First run: the orphan is marked, nothing is deleted yet.
    hasil = _jalankan(pegawai_a.instansi, django_capture_on_commit_callbacks)
    assert hasil == {"audit_dihapus": 0, "dokumen_ditandai": 1, "dokumen_dihapus": 0}
    with scopes_disabled():
        assert list(DokumenYatim.objects.values_list("dokumen_id", flat=True)) == [dihapus_itemnya.pk]

    _umurkan_tanda(179)
    assert _jalankan(pegawai_a.instansi, django_capture_on_commit_callbacks)["dokumen_dihapus"] == 0

    _umurkan_tanda(181)
    hasil = _jalankan(pegawai_a.instansi, django_capture_on_commit_callbacks)
    assert hasil["dokumen_dihapus"] == 1
    with scopes_disabled():
        assert set(Dokumen.objects.values_list("pk", flat=True)) == {dipakai.pk, pengganti.pk, di_idp.pk}
        assert not DokumenYatim.objects.exists()
        [hitung] = AuditEvent.objects.filter(action="retensi.dokumen_hapus")
        assert hitung.new_values["jumlah"] == 1
    assert not berkas[dihapus_itemnya.pk].exists()
    assert all(berkas[d.pk].exists() for d in (dipakai, pengganti, di_idp))

    # Idempotent.
    assert _jalankan(pegawai_a.instansi, django_capture_on_commit_callbacks) == {
        "audit_dihapus": 0,
        "dokumen_ditandai": 0,
        "dokumen_dihapus": 0,
    }


def test_a_document_referenced_again_loses_its_mark_and_stays(
    pegawai_a, dokumen, django_capture_on_commit_callbacks
):
    lepas = dokumen("lepas")
    _jalankan(pegawai_a.instansi, django_capture_on_commit_callbacks)
    _umurkan_tanda(400)
    SertifikatFactory(pegawai=pegawai_a, dokumen=lepas)

    assert _jalankan(pegawai_a.instansi, django_capture_on_commit_callbacks)["dokumen_dihapus"] == 0
    with scopes_disabled():
        assert Dokumen.objects.filter(pk=lepas.pk).exists()
        assert not DokumenYatim.objects.exists()
    assert Path(lepas.berkas.path).exists()


def test_the_beat_task_runs_every_instansi_in_its_own_scope(instansi_a, instansi_b, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _event(instansi_a, 70)
    _event(instansi_b, 70)
    _event(None, 70)
    lain = AsnPegawaiFactory(instansi=instansi_b, username="asn.b")
    with instansi_scope(instansi_b):
        dokumen_store(pegawai=lain, actor=None, berkas=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b"))

    hasil = retensi_sweep.delay().get()

    assert hasil["audit_platform_dihapus"] == 1
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="uji.lama").exists()
        assert set(
            AuditEvent.objects.filter(action="retensi.audit_hapus").values_list("instansi_id", flat=True)
        ) == {
            instansi_a.pk,
            instansi_b.pk,
            None,
        }
        assert list(DokumenYatim.objects.values_list("instansi_id", flat=True)) == [instansi_b.pk]
