"""Two members pressing "Catat keputusan" at the same moment: the session row lock serialises them,
one decision is recorded, the other is refused with a message (never a second row or a 500)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.komite.models import KeputusanKomite
from apps.komite.services_keputusan import keputusan_kalibrasi_catat, usulan_kalibrasi_simpan
from tests.komite.test_keputusan_services import komite_build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_decisions_record_exactly_one(instansi_a):
    with scopes_disabled():
        k = komite_build(instansi_a)
    with instansi_scope(instansi_a):
        usulan_kalibrasi_simpan(agenda=k.kalibrasi, actor=k.users["ketua"], kotak_usulan=8, alasan="Alasan.")
    hasil: list[str] = []
    mulai = threading.Barrier(2)

    def putus(user):
        try:
            with instansi_scope(instansi_a):
                mulai.wait(timeout=10)
                keputusan_kalibrasi_catat(agenda=k.kalibrasi, actor=user, hasil="setuju", cara="mufakat")
            hasil.append("dicatat")
        except ValidationError as error:
            hasil.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=putus, args=(k.users[u],)) for u in ("ketua", "anggota")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(hasil) == sorted(
        ["dicatat", "Agenda ini sudah diputuskan; perubahan memerlukan sidang baru."]
    )
    with scopes_disabled():
        assert KeputusanKomite.objects.filter(agenda=k.kalibrasi).count() == 1
