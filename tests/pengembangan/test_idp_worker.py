"""The IDP on real workers: bulk drafting runs on the default queue, and a training completed with
its certificate goes through the portfolio: once the verifier approves it, the worker's talent flush
counts its JP (nobody calls the flush), and the national summary counts the approved plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.nasional.models import RingkasanInstansi
from apps.pegawai.models import RiwayatDiklat
from apps.pegawai.services import riwayat_approve
from apps.pengembangan.models import Idp, KegiatanIdp
from apps.pengembangan.services import idp_setujui, kegiatan_selesaikan
from apps.pengembangan.tasks import idp_susun_massal_task
from apps.petatalenta.models import Penempatan
from tests.factories import (
    AsesmenFactory,
    AsnPegawaiFactory,
    AturanTalentaFactory,
    IdpFactory,
    KegiatanIdpFactory,
    PegawaiFactory,
    PenempatanFactory,
    user_with_role,
)
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TAHUN = timezone.localdate().year
KEMARIN = timezone.localdate() - dt.timedelta(days=1)


def _penempatan(pegawai) -> Penempatan | None:
    with scopes_disabled():
        return Penempatan.objects.filter(
            pegawai=pegawai, periode=TAHUN, dirty_since__isnull=True, kotak__isnull=False
        ).first()


def test_bulk_drafting_on_the_worker(broker, instansi_a):  # noqa: F811
    with scopes_disabled():
        pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
        PenempatanFactory(pegawai=pegawai[0], kotak=5)
    with thread_worker(queues=("default",)):
        idp_susun_massal_task.delay(instansi_id=instansi_a.pk, tahun=TAHUN, hanya_prioritas=True)
        wait_for(lambda: _idp_count(instansi_a) == 1, what="the box-5 draft")
        idp_susun_massal_task.delay(instansi_id=instansi_a.pk, tahun=TAHUN)
        wait_for(lambda: _idp_count(instansi_a) == 3, what="every draft")
    with scopes_disabled():
        assert Idp.objects.get(pegawai=pegawai[0]).kotak == 5
        assert KegiatanIdp.objects.filter(idp__pegawai=pegawai[0], sumber="kotak").count() == 2


def _idp_count(instansi) -> int:
    with scopes_disabled():
        return Idp.objects.filter(instansi=instansi, tahun=TAHUN).count()


def test_completed_training_raises_jp_through_the_pipeline(broker, instansi_a, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    verifikator = user_with_role(Role.VERIFIKATOR, instansi_a, username="verif.pipeline")
    with scopes_disabled():
        AturanTalentaFactory(instansi=instansi_a, status="aktif")
        asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.pipeline", jenis_jabatan="pelaksana")
        AsesmenFactory(instansi=instansi_a, pegawai=asn, jpm=Decimal("75.00"), nilai_potensi=Decimal("70.00"))
    with thread_worker(queues=("petatalenta", "default")):
        with instansi_scope(instansi_a):
            skp_write(
                instansi=instansi_a,
                actor=None,
                rows=[SkpData(asn.pk, TAHUN - 1, "tahunan", "sesuai", "sesuai", "Baik")],
            )
        sebelum = wait_for(lambda: _penempatan(asn), what="the first placement")
        assert sebelum.rincian["inputs"]["jp_pengembangan"] == 0

        with instansi_scope(instansi_a):
            idp = IdpFactory(pegawai=asn, status="diajukan")
            pelatihan = KegiatanIdpFactory(
                idp=idp, jam_pelajaran=20, tanggal_mulai=KEMARIN, tanggal_selesai=KEMARIN
            )
            idp_setujui(idp=idp, actor=verifikator)  # the approval marks the national summary
        wait_for(
            lambda: (r := _ringkasan(instansi_a)) is not None and r.idp_jumlah == 1,
            what="the national summary to count the approved IDP",
        )
        with instansi_scope(instansi_a):
            pelatihan = kegiatan_selesaikan(
                kegiatan=pelatihan, actor=asn.user, berkas=SimpleUploadedFile("sertifikat.pdf", PDF),
                penyelenggara="BPSDM Provinsi", jam_pelajaran=20,
            )  # fmt: skip
            diklat = RiwayatDiklat.objects.get(pk=pelatihan.riwayat_id)
        # Submitted, not yet verified: the placement does not count it.
        assert diklat.status == "diajukan"
        with instansi_scope(instansi_a):
            riwayat_approve(riwayat=diklat, actor=verifikator)
        sesudah = wait_for(
            lambda: (p := _penempatan(asn)) and p.rincian["inputs"]["jp_pengembangan"] == 20 and p,
            what="the worker's flush to count the 20 JP",
        )
    assert sesudah.skor_potensial > sebelum.skor_potensial


def _ringkasan(instansi) -> RingkasanInstansi | None:
    with scopes_disabled():
        return RingkasanInstansi.objects.filter(instansi=instansi, periode=TAHUN).first()
