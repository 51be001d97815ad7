"""pgtrigger.ignore is defined on every connection (no per-row subtransaction in the triggers), and
pgtrigger.ignore() still skips a trigger and hands the setting back."""

import pgtrigger
import pytest
from django.db import connection
from django_scopes import scopes_disabled

from apps.core.bulk import rows_upsert
from apps.kinerja.models import SKP, SKPEvent
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def ignored() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        return cursor.fetchone()[0]


def skp_insert(instansi, pegawai):
    with scopes_disabled():
        rows_upsert(
            model=SKP,
            key=("pegawai_id", "tahun", "periode"),
            fields=("rating_hasil_kerja", "rating_perilaku_kerja", "predikat"),
            rows=[(pegawai.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik")],
            existing=SKP.objects.filter(instansi=instansi),
            insert_values={"instansi_id": instansi.pk},
        )


def test_every_connection_defines_pgtrigger_ignore_as_nothing_ignored():
    assert ignored() == "{}"
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
            assert cursor.fetchone()[0] == "{}"
    finally:
        other.close()


def test_pgtrigger_ignore_still_skips_a_trigger_and_the_setting_comes_back(instansi_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(2)]
    with pgtrigger.ignore("kinerja.SKP:insert_insert"):
        skp_insert(instansi_a, pegawai[0])
        assert ignored() != "{}"
    assert ignored() == "{}"
    skp_insert(instansi_a, pegawai[1])
    with scopes_disabled():
        assert list(SKPEvent.objects.values_list("pegawai_id", flat=True)) == [pegawai[1].pk]
