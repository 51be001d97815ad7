"""The stored assessment queue kept current by a real Celery worker, with nobody calling the
build: an asesmen import commits, the receiver queues the coalesced build on the "petatalenta"
queue, and the worker's build drops the pegawai just assessed (apps/pengembangan/services_antrean.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.asesmen.imports import asesmen_import
from apps.core.tenancy import instansi_scope
from apps.pengembangan.selectors_antrean import antrean_tersimpan_get
from apps.pengembangan.services_antrean import antrean_asesmen_build
from tests.factories import PegawaiFactory
from tests.impor.util import ASESMEN_HEADERS, asesmen_row, xlsx_bytes
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _antrean(instansi) -> list[int]:
    with instansi_scope(instansi):
        tersimpan = antrean_tersimpan_get(instansi=instansi)
    return [] if tersimpan is None or tersimpan.kotor else [row[0] for row in tersimpan.baris]


def test_an_asesmen_import_ends_with_a_rebuilt_queue(broker, instansi_a):  # noqa: F811
    with scopes_disabled():
        dinilai = PegawaiFactory(instansi=instansi_a, nama="Akan Dinilai")
        lain = PegawaiFactory(instansi=instansi_a, nama="Belum Dinilai")
    with instansi_scope(instansi_a):
        antrean_asesmen_build(instansi=instansi_a)
    assert sorted(_antrean(instansi_a)) == sorted([dinilai.pk, lain.pk])

    data = xlsx_bytes(
        [asesmen_row(dinilai.nip, **{"Tanggal Asesmen": timezone.localdate().strftime("%d-%m-%Y")})],
        ASESMEN_HEADERS,
    )
    with thread_worker(queues=("petatalenta", "default")):
        with instansi_scope(instansi_a):
            result = asesmen_import(instansi=instansi_a, actor=None, data=data, nama="a.xlsx", dry_run=False)
        assert result.errors == [] and result.committed
        antrean = wait_for(
            lambda: (ids := _antrean(instansi_a)) == [lain.pk] and ids,
            what="the worker to rebuild the queue without the pegawai just assessed",
        )
    assert antrean == [lain.pk]
