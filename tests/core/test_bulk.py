"""rows_upsert: COPY for new rows, UPDATE … FROM unnest for changed ones, identical rows untouched,
row history written for both with the pghistory context."""

import datetime as dt
from decimal import Decimal

import pghistory
import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from apps.asesmen.models import Asesmen, AsesmenEvent
from apps.core.bulk import rows_insert, rows_stored, rows_upsert
from apps.core.models import AuditEvent
from apps.kinerja.models import SKP, SKPEvent
from apps.pegawai.models import KelengkapanData
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

KEY = ("pegawai_id", "tahun", "periode")
FIELDS = ("rating_hasil_kerja", "rating_perilaku_kerja", "predikat")


def skp_upsert(instansi, rows, **kwargs):
    with scopes_disabled():
        return rows_upsert(
            model=SKP,
            key=KEY,
            fields=FIELDS,
            rows=rows,
            existing=SKP.objects.filter(instansi=instansi),
            insert_values={"instansi_id": instansi.pk, "sumber": "impor"},
            update_values={"sumber": "impor"},
            **kwargs,
        )


def stored(instansi):
    with scopes_disabled():
        return {
            (s.pegawai_id, s.tahun, s.periode): s
            for s in SKP.objects.filter(instansi=instansi).order_by("pk")
        }


def test_new_rows_inserted_changed_rows_updated_identical_rows_untouched(instansi_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(4)]
    rows = [(p.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik") for p in pegawai[:3]]
    first = skp_upsert(instansi_a, rows)
    assert (first.baru, first.diubah, first.tetap) == (3, 0, 0)
    assert sorted(first.inserted_ids) == sorted(s.pk for s in stored(instansi_a).values())
    assert first.changed_keys == [row[:3] for row in rows]
    before = stored(instansi_a)
    assert all(s.sumber == "impor" and s.dibuat_pada and s.diubah_pada for s in before.values())

    rows[1] = (pegawai[1].pk, 2025, "tahunan", "di_atas", "di_atas", "Sangat Baik")
    rows.append((pegawai[3].pk, 2025, "tahunan", "di_bawah", "di_bawah", "Sangat Kurang"))
    second = skp_upsert(instansi_a, rows)
    assert (second.baru, second.diubah, second.tetap) == (1, 1, 2)
    assert second.updated_ids == [before[rows[1][:3]].pk]
    assert second.changed_keys == [rows[1][:3], rows[3][:3]]
    after = stored(instansi_a)
    assert after[rows[1][:3]].predikat == "Sangat Baik"
    assert after[rows[1][:3]].diubah_pada > before[rows[1][:3]].diubah_pada
    assert after[rows[1][:3]].dibuat_pada == before[rows[1][:3]].dibuat_pada
    for untouched in (rows[0][:3], rows[2][:3]):
        assert after[untouched].diubah_pada == before[untouched].diubah_pada
    assert after[rows[3][:3]].predikat == "Sangat Kurang"

    third = skp_upsert(instansi_a, rows)
    assert (third.baru, third.diubah, third.tetap, third.changed_keys) == (0, 0, 4, [])


def test_rows_are_written_in_chunks(instansi_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(5)]
    rows = [(p.pk, 2024, "tw1", "sesuai", "sesuai", "Baik") for p in pegawai]
    assert skp_upsert(instansi_a, rows, chunk_size=2).baru == 5
    rows = [(p.pk, 2024, "tw1", "di_atas", "di_atas", "Sangat Baik") for p in pegawai]
    assert skp_upsert(instansi_a, rows, chunk_size=2).diubah == 5
    assert {s.predikat for s in stored(instansi_a).values()} == {"Sangat Baik"}


def test_row_history_records_copy_inserts_and_unnest_updates_with_the_context(instansi_a, admin_bkd_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    rows = [(p.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik") for p in pegawai]
    with transaction.atomic(), pghistory.context(user=admin_bkd_a.pk, penyebab="uji.copy"):
        skp_upsert(instansi_a, rows)
    rows[2] = (pegawai[2].pk, 2025, "tahunan", "di_bawah", "sesuai", "Butuh Perbaikan")
    with transaction.atomic(), pghistory.context(user=admin_bkd_a.pk, penyebab="uji.unnest"):
        skp_upsert(instansi_a, rows)
    with scopes_disabled():
        events = list(SKPEvent.objects.order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "insert", "insert", "update"]
    assert {e.pegawai_id for e in events[:3]} == {p.pk for p in pegawai}
    assert all(e.pgh_context["penyebab"] == "uji.copy" for e in events[:3])
    assert events[3].pegawai_id == pegawai[2].pk
    assert (events[3].predikat, events[3].pgh_context["penyebab"]) == ("Butuh Perbaikan", "uji.unnest")
    assert events[3].pgh_context["user"] == admin_bkd_a.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_context_reaches_copied_rows_when_the_upsert_is_the_outermost_transaction(instansi_a):
    """Inside an outer transaction the savepoint statement carries pghistory's context; outside,
    nothing else Django executes before the COPY does."""
    pegawai = PegawaiFactory(instansi=instansi_a)
    with pghistory.context(penyebab="uji.luar"):
        skp_upsert(instansi_a, [(pegawai.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik")])
    with scopes_disabled():
        event = SKPEvent.objects.get()
    assert (event.pgh_label, event.pgh_context["penyebab"]) == ("insert", "uji.luar")


def test_text_decimals_dates_and_nulls_survive_copy_and_update(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    fields = ("lembaga", "nilai_potensi", "jpm", "berlaku_sampai", "aspek_motivasi", "aspek_belajar")
    lembaga = "Pusat\tPenilaian\\Kompetensi\nBKN \\N \r—"
    row = [pegawai.pk, dt.date(2024, 2, 29), "cact", lembaga, Decimal("77.50"), Decimal("138.89")]
    row += [dt.date(2027, 2, 28), None, Decimal("0.00")]

    def upsert(rows):
        with scopes_disabled():
            return rows_upsert(
                model=Asesmen,
                key=("pegawai_id", "tanggal", "metode"),
                fields=fields,
                rows=rows,
                existing=Asesmen.objects.filter(instansi=instansi_a),
                insert_values={"instansi_id": instansi_a.pk},
            )

    assert upsert([row]).baru == 1
    with scopes_disabled():
        asesmen = Asesmen.objects.get(pegawai=pegawai)
    assert asesmen.lembaga == lembaga
    assert (asesmen.nilai_potensi, asesmen.jpm) == (Decimal("77.50"), Decimal("138.89"))
    assert (asesmen.berlaku_sampai, asesmen.aspek_motivasi, asesmen.aspek_belajar) == (
        dt.date(2027, 2, 28),
        None,
        Decimal("0.00"),
    )
    assert asesmen.sumber == "manual"  # the field's default fills a column not given
    assert upsert([row]).tetap == 1

    row[3:] = ["a'b\"c\\", Decimal("80.00"), Decimal("90.00"), dt.date(2027, 3, 1), Decimal("55.25"), None]
    assert upsert([row]).diubah == 1
    with scopes_disabled():
        asesmen.refresh_from_db()
        assert AsesmenEvent.objects.filter(pgh_obj=asesmen).count() == 2
    assert asesmen.lembaga == "a'b\"c\\"
    assert (asesmen.aspek_motivasi, asesmen.aspek_belajar) == (Decimal("55.25"), None)


def test_a_stored_map_read_by_the_caller_replaces_the_query(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    skp_upsert(instansi_a, [(pegawai.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik")])
    with scopes_disabled():
        current = rows_stored(existing=SKP.objects.filter(instansi=instansi_a), key=KEY, fields=FIELDS)
    pk = stored(instansi_a)[(pegawai.pk, 2025, "tahunan")].pk
    assert current == {(pegawai.pk, 2025, "tahunan"): (pk, "sesuai", "sesuai", "Baik")}
    written = rows_upsert(
        model=SKP,
        key=KEY,
        fields=FIELDS,
        rows=[(pegawai.pk, 2025, "tahunan", "di_atas", "sesuai", "Baik")],
        stored=current,
    )
    assert (written.diubah, written.updated_ids) == (1, [pk])


def test_a_database_error_is_djangos_and_nothing_is_half_written(instansi_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    rows = [(p.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik") for p in pegawai]
    rows[2] = (pegawai[2].pk, 2025, "tahunan", "sesuai", "sesuai", "Sangat Baik")  # not the matrix
    with pytest.raises(IntegrityError):
        skp_upsert(instansi_a, rows, chunk_size=1)
    assert stored(instansi_a) == {}


def test_the_same_key_twice_and_a_missing_lookup_are_refused(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    row = (pegawai.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik")
    with pytest.raises(ValueError, match="appears twice"):
        skp_upsert(instansi_a, [row, row])
    with pytest.raises(TypeError, match="exactly one"):
        rows_upsert(model=SKP, key=KEY, fields=FIELDS, rows=[row])
    with pytest.raises(ValueError, match="no writable column"):
        rows_upsert(model=SKP, key=KEY, fields=("nilai",), rows=[row], stored={})
    assert stored(instansi_a) == {}


def test_rows_insert_copies_rows_with_constants_and_defaults(instansi_a):
    """rows_insert: COPY without a lookup; ids in input order, constants and defaults filled (the
    row history firing for COPY is covered by the pegawai import tests); a column the model lacks
    is refused before anything is written."""
    with scopes_disabled():
        pegawai = PegawaiFactory(instansi=instansi_a)
        KelengkapanData.objects.filter(pegawai=pegawai).delete()
        ids = rows_insert(
            model=AuditEvent,
            fields=("action", "target_id", "new_values"),
            rows=[("uji.satu", "1", {"nip": "1", "nama": "Tab\there"}), ("uji.dua", "2", {})],
            insert_values={
                "instansi_id": instansi_a.pk,
                **dict.fromkeys(
                    ("actor_label", "target_type", "target_repr", "user_agent", "request_id"), ""
                ),
            },
        )
        events = {e.pk: e for e in AuditEvent.objects.filter(pk__in=ids)}
        assert [events[pk].action for pk in ids] == ["uji.satu", "uji.dua"]
        assert events[ids[0]].new_values == {"nip": "1", "nama": "Tab\there"}
        assert events[ids[1]].old_values == {} and events[ids[1]].created_at is not None
        assert {e.instansi_id for e in events.values()} == {instansi_a.pk}
        with pytest.raises(ValueError, match="no writable column"):
            rows_insert(model=AuditEvent, fields=("tidak_ada",), rows=[("x",)])
        assert rows_insert(model=AuditEvent, fields=("action",), rows=[]) == []
        [row_id] = rows_insert(
            model=KelengkapanData,
            fields=("pegawai_id", "persen"),
            rows=[(pegawai.pk, 57)],
            insert_values={"instansi_id": instansi_a.pk},
        )
        row = KelengkapanData.objects.get(pk=row_id)
        assert (row.instansi_id, row.pegawai_id, row.persen, row.kekurangan) == (
            instansi_a.pk,
            pegawai.pk,
            57,
            [],
        )
