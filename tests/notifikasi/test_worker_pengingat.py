"""The beat entry's task on a real Celery worker: the sweep queues one run per active instansi, the
worker delivers the reminders into the inbox, and a second beat run delivers nothing new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.notifikasi.models import Notifikasi
from apps.pegawai.models import StatusVerifikasi
from talenta.celery import app
from tests.factories import AsnPegawaiFactory, RiwayatDiklatFactory
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _jenis(instansi) -> list[str]:
    with scopes_disabled():
        return sorted(Notifikasi.objects.filter(instansi=instansi).values_list("jenis", flat=True))


def _beat_run() -> dict:
    """What beat does for the entry: send the task by the name the schedule holds; then wait for the
    per-instansi runs it queued."""
    entry = django_settings.CELERY_BEAT_SCHEDULE["notifikasi-pengingat"]
    hasil = app.send_task(entry["task"]).get(timeout=60)
    for task_id in hasil["tugas"]:
        app.AsyncResult(task_id).get(timeout=60)
    return hasil


def test_beat_task_on_a_worker_delivers_reminders_once(broker, settings, instansi_a, instansi_b):  # noqa: F811
    settings.NOTIFIKASI_JAM_KIRIM = 0  # whatever the hour the test runs at
    with scopes_disabled():
        asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.worker")  # completeness 57 %
        RiwayatDiklatFactory(
            pegawai=asn,
            status=StatusVerifikasi.DITOLAK,
            alasan_penolakan="Dokumen tidak terbaca",
            diverifikasi_pada=timezone.now() - dt.timedelta(hours=2),
        )
    with thread_worker(queues=("default",)):
        hasil = _beat_run()
        assert hasil["instansi"] >= 2  # every active instansi, not only the one with data
        wait_for(lambda: len(_jenis(instansi_a)) == 2, what="the two reminders of the ASN")
        assert _jenis(instansi_a) == ["pegawai.kelengkapan_mingguan", "pegawai.riwayat_ditolak"]
        _beat_run()
    assert _jenis(instansi_a) == ["pegawai.kelengkapan_mingguan", "pegawai.riwayat_ditolak"]
    assert _jenis(instansi_b) == []
    with scopes_disabled():
        assert set(Notifikasi.objects.values_list("penerima_id", flat=True)) == {asn.user_id}
