"""Two reminder runs of one instansi at the same moment (a redelivered task while the first still
runs, two beat processes by mistake): each reminder still goes out once — the ledger's
INSERT … ON CONFLICT DO NOTHING makes the second run wait for the first and skip its keys."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.notifikasi.models import Notifikasi
from apps.notifikasi.services_pengingat import pengingat_jalankan
from tests.factories import AsnPegawaiFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENIN = timezone.make_aware(dt.datetime(2026, 12, 7, 8, 0))


def test_two_runs_at_once_send_each_reminder_once(instansi_a):
    with scopes_disabled():
        for i in range(30):
            AsnPegawaiFactory(instansi=instansi_a, username=f"asn.bersamaan{i}")
    mulai = threading.Barrier(2)
    hasil, galat = [], []

    def run():
        try:
            mulai.wait(timeout=30)
            with instansi_scope(instansi_a):
                hasil.append(
                    pengingat_jalankan(
                        instansi=instansi_a, sekarang=SENIN, jenis=["pegawai.kelengkapan_mingguan"]
                    )
                )
        except Exception as error:
            galat.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not galat, galat
    assert sum(h["pegawai.kelengkapan_mingguan"] for h in hasil) == 30
    with scopes_disabled():
        per_orang = Counter(Notifikasi.objects.values_list("penerima_id", flat=True))
    assert len(per_orang) == 30
    assert set(per_orang.values()) == {1}
