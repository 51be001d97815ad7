"""The retention beat entry on a real Celery worker: the sweep queues one run per instansi (each in
its own scope on the worker), old audit events go, and a second beat run deletes nothing."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.services import audit_event_record
from talenta.celery import app
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _beat_run() -> dict:
    entry = django_settings.CELERY_BEAT_SCHEDULE["privasi-retensi-harian"]
    hasil = app.send_task(entry["task"]).get(timeout=60)
    for task_id in hasil["tugas"]:
        app.AsyncResult(task_id).get(timeout=60)
    return hasil


def test_retention_beat_on_a_worker(broker, instansi_a, instansi_b):  # noqa: F811
    with scopes_disabled():
        for instansi, umur in ((instansi_a, 61), (instansi_a, 1), (instansi_b, 61), (None, 61)):
            event = audit_event_record(action="uji.lama", instansi=instansi, actor=None, actor_label="uji")
            AuditEvent.objects.filter(pk=event.pk).update(
                created_at=timezone.now() - relativedelta(months=umur)
            )
    with thread_worker(queues=("default",)):
        hasil = _beat_run()
        assert hasil["instansi"] >= 2 and hasil["audit_platform_dihapus"] == 1
        kedua = _beat_run()
        assert kedua["audit_platform_dihapus"] == 0
    with scopes_disabled():
        assert list(AuditEvent.objects.filter(action="uji.lama").values_list("instansi_id", flat=True)) == [
            instansi_a.pk
        ]
        hitung = AuditEvent.objects.filter(action="retensi.audit_hapus")
        assert sorted(hitung.values_list("new_values__jumlah", flat=True)) == [1, 1, 1]
