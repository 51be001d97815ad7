"""The tamper-evident record: chained hashes, append-only triggers, verify_keputusan."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import InternalError
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.komite.integrity import HASH_AWAL, hash_hitung, rantai_periksa, rantai_tambah
from apps.komite.models import AgendaSidang, KeputusanKomite
from tests.factories import AgendaSidangFactory, SidangFactory

pytestmark = pytest.mark.django_db


def _keputusan(*, instansi, user, n: int) -> list[KeputusanKomite]:
    sidang = SidangFactory(instansi=instansi, status="berlangsung")
    rows = []
    with instansi_scope(instansi):
        for i in range(n):
            agenda = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.TINJAU_PETA)
            rows.append(
                rantai_tambah(
                    KeputusanKomite(
                        instansi=instansi,
                        sidang=sidang,
                        agenda=agenda,
                        jenis=agenda.jenis,
                        hasil=KeputusanKomite.Hasil.DICATAT,
                        periode=sidang.periode,
                        cara=KeputusanKomite.Cara.MUFAKAT,
                        alasan=f"Catatan tinjauan {i}",
                        isi={"catatan": f"Catatan {i}", "hadir": [1, 2, 3]},
                        dicatat_oleh=user,
                        dicatat_pada=timezone.now(),
                    )
                )
            )
    return rows


def test_rows_are_numbered_and_chained_per_instansi(instansi_a, instansi_b, admin_bkd_a, admin_bkd_b):
    a = _keputusan(instansi=instansi_a, user=admin_bkd_a, n=3)
    b = _keputusan(instansi=instansi_b, user=admin_bkd_b, n=1)
    assert [r.urutan for r in a] == [1, 2, 3]
    assert a[0].hash_sebelumnya == HASH_AWAL and a[1].hash_sebelumnya == a[0].hash
    assert b[0].urutan == 1 and b[0].hash_sebelumnya == HASH_AWAL
    with scopes_disabled():
        fresh = KeputusanKomite.objects.get(pk=a[2].pk)
    assert hash_hitung(fresh) == fresh.hash  # the stored row hashes to what was written
    with instansi_scope(instansi_a):
        assert rantai_periksa(instansi=instansi_a) == []


def test_append_only_trigger_refuses_update_and_delete(instansi_a, admin_bkd_a):
    (row,) = _keputusan(instansi=instansi_a, user=admin_bkd_a, n=1)
    with scopes_disabled():
        with pytest.raises(InternalError), transaction.atomic():
            KeputusanKomite.objects.filter(pk=row.pk).update(alasan="diubah diam-diam")
        with pytest.raises(InternalError), transaction.atomic():
            KeputusanKomite.objects.filter(pk=row.pk).delete()


def test_tampering_with_trigger_disabled_is_found_at_that_row(instansi_a, admin_bkd_a, capsys):
    rows = _keputusan(instansi=instansi_a, user=admin_bkd_a, n=4)
    call_command("verify_keputusan", instansi=instansi_a.kode)
    assert "utuh: 4 keputusan" in capsys.readouterr().out
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of the rows just written would block the ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE komite_keputusankomite DISABLE TRIGGER USER")
        cursor.execute("UPDATE komite_keputusankomite SET alasan = 'diubah' WHERE id = %s", [rows[2].pk])
        cursor.execute("ALTER TABLE komite_keputusankomite ENABLE TRIGGER USER")
    with pytest.raises(CommandError) as error:
        call_command("verify_keputusan", instansi=instansi_a.kode)
    assert f"nomor urut 3 (id {rows[2].pk})" in str(error.value)
    assert "isi diubah" in str(error.value)


def test_deleted_row_breaks_the_numbering(instansi_a, admin_bkd_a):
    rows = _keputusan(instansi=instansi_a, user=admin_bkd_a, n=3)
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of the rows just written would block the ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE komite_keputusankomite DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM komite_keputusankomite WHERE id = %s", [rows[1].pk])
        cursor.execute("ALTER TABLE komite_keputusankomite ENABLE TRIGGER USER")
    with instansi_scope(instansi_a):
        (masalah,) = rantai_periksa(instansi=instansi_a)
    assert masalah.urutan == 3 and "hilang" in masalah.alasan
