"""The summary kept current by a real Celery worker, with nobody calling the refresh: an SKP
written through its service marks the placements dirty, the worker's talent flush moves the
pegawai into box 9 and announces it, and the coalesced summary refresh (default queue)
ends with a row that counts last year's SKP and the new box."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.nasional.models import RingkasanInstansi, RingkasanKotor
from apps.nasional.services import ringkasan_refresh
from apps.petatalenta.engine import PRESET_KATEGORIS
from tests.factories import AsesmenFactory, AturanTalentaFactory, PegawaiFactory
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TAHUN_LALU = timezone.localdate().year - 1


def _row(instansi) -> RingkasanInstansi | None:
    with scopes_disabled():
        return RingkasanInstansi.objects.filter(instansi=instansi).first()


def _kotor(instansi) -> bool:
    with scopes_disabled():
        return RingkasanKotor.objects.filter(instansi=instansi).exists()


def test_an_skp_change_ends_with_a_refreshed_summary(broker, instansi_a):  # noqa: F811
    with scopes_disabled():
        # The categorical preset: the box follows from the SKP predikat and the JPM category.
        AturanTalentaFactory(instansi=instansi_a, status="aktif", konfigurasi=PRESET_KATEGORIS)
        pegawai = PegawaiFactory(instansi=instansi_a, jenis_jabatan="pengawas")
        AsesmenFactory(instansi=instansi_a, pegawai=pegawai, jpm=Decimal("95.00"))
    with instansi_scope(instansi_a):
        before = ringkasan_refresh(instansi=instansi_a)
    assert (before.skp_valid, before.kotak_dihitung["9"], before.jumlah_final) == (0, 0, 0)

    # The talent flush on its queue, the summary refresh on the default one.
    with thread_worker(queues=("petatalenta", "default")):
        with instansi_scope(instansi_a):
            skp_write(
                instansi=instansi_a,
                actor=None,
                rows=[SkpData(pegawai.pk, TAHUN_LALU, "tahunan", "di_atas", "di_atas", "Sangat Baik")],
            )
        row = wait_for(
            lambda: (r := _row(instansi_a)) and r.kotak_dihitung["9"] == 1 and r,
            what="the summary to count the pegawai in box 9",
        )
        # The last refresh clears the mark (the flush's announcement came after the SKP's).
        wait_for(
            lambda: not _kotor(instansi_a),
            what="the dirty mark to be cleared",
        )
    assert row.diperbarui_pada > before.diperbarui_pada
    assert (row.skp_valid, row.skp_tidak_ada, row.jumlah_final, row.jumlah_krs) == (1, 0, 1, 1)
    assert row.kelompok["jenis_jabatan"]["pengawas"]["kotak"]["9"] == 1
