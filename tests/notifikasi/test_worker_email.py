"""The e-mail copy goes out through a real Celery worker (queue `default`) after the sender's
transaction commits, and the worker marks the row sent. (The worker thread's mail backend is the
test backend; the row's `email_terkirim_pada` is what the test can see across the broker.)"""

from __future__ import annotations

import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.notifikasi.models import Notifikasi
from apps.notifikasi.services import notifikasi_kirim
from tests.factories import user_with_role
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _terkirim(pk: int):
    with scopes_disabled():
        return Notifikasi.objects.filter(pk=pk).values_list("email_terkirim_pada", flat=True).first()


def test_the_worker_sends_the_copy_and_marks_the_row(broker, instansi_a):  # noqa: F811
    with scopes_disabled():
        ketua = user_with_role(
            Role.KOMITE_KETUA, instansi_a, username="ketua.worker", email="k@example.go.id"
        )
        tanpa = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.worker", email="")
    with thread_worker(queues=("default",)):
        with instansi_scope(instansi_a), transaction.atomic():
            rows = notifikasi_kirim(
                instansi=instansi_a,
                penerima=[ketua, tanpa],
                jenis="komite.undangan",
                judul="Undangan Sidang Komite Talenta",
                tautan="/komite/sidang/1/",
            )
        by_user = {row.penerima_id: row.pk for row in rows}
        wait_for(lambda: _terkirim(by_user[ketua.pk]), what="email_terkirim_pada of the ketua's row")
    assert _terkirim(by_user[tanpa.pk]) is None
