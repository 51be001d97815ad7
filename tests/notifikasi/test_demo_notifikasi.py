"""`seed_demo` fills the demo users' inboxes through the real reminder path, and a second seed (or
the demo's beat) adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from apps.notifikasi.models import Notifikasi, PengingatTerkirim

pytestmark = pytest.mark.django_db


def _inbox(username: str) -> set[str]:
    with scopes_disabled():
        return set(
            Notifikasi.objects.filter(penerima__username=username, kotak_masuk=True).values_list(
                "jenis", flat=True
            )
        )


def test_demo_users_find_their_reminders_and_a_second_seed_sends_none():
    call_command("seed_demo", pegawai=4, stdout=StringIO())
    assert {"pegawai.riwayat_ditolak", "pegawai.kelengkapan_mingguan"} <= _inbox("asn")
    assert "pegawai.verifikasi_tertunda" in _inbox("verifikator")
    with scopes_disabled():
        jumlah = Notifikasi.objects.count(), PengingatTerkirim.objects.count()
    call_command("seed_demo", pegawai=4, stdout=StringIO())
    with scopes_disabled():
        assert (Notifikasi.objects.count(), PengingatTerkirim.objects.count()) == jumlah
