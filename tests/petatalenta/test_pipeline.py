"""Recompute pipeline: inputs changed → placements dirty in the same transaction → flush computes,
writes only what changed, keeps an append-only history; rule sets freeze once used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.models import AturanTalenta, Penempatan, RiwayatPenempatan
from apps.petatalenta.services import (
    aturan_aktif_get,
    penempatan_flush,
    penempatan_mark_all_dirty,
    penempatan_sweep_targets,
)
from tests.factories import AsesmenFactory, PegawaiFactory

pytestmark = pytest.mark.django_db
TAHUN_LALU = timezone.localdate().year - 1


def _skp(instansi, pegawai, predikat_ratings=("di_atas", "di_atas", "Sangat Baik")):
    """Through the SKP service, not a factory: the service's change announcement is what marks the
    placement dirty, and that is what these tests follow."""
    hasil, perilaku, predikat = predikat_ratings
    skp_write(
        instansi=instansi,
        actor=None,
        rows=[SkpData(pegawai.pk, TAHUN_LALU, "tahunan", hasil, perilaku, predikat)],
    )


def test_an_skp_write_marks_the_penempatan_dirty_in_the_same_transaction(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        try:
            with transaction.atomic():
                _skp(instansi_a, pegawai)
                assert Penempatan.objects.get(pegawai=pegawai).dirty_since is not None
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        # Rolled back together: no SKP, no dirty mark.
        assert not Penempatan.objects.filter(pegawai=pegawai).exists()


def test_flush_places_final_and_perlu_data_and_fills_the_talent_pool(instansi_a):
    complete, missing = PegawaiFactory(instansi=instansi_a), PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=complete, nilai_potensi=Decimal(100), jpm=Decimal(100))
    with instansi_scope(instansi_a):
        _skp(instansi_a, complete)
        _skp(instansi_a, missing)
        result = penempatan_flush(instansi=instansi_a)
        rows = {p.pegawai_id: p for p in Penempatan.objects.all()}
    assert result.diproses == 2 and result.berubah == 2
    # Sangat Baik alone is 60 of 100 kinerja points under the weighted preset: "sesuai".
    assert rows[complete.pk].status == "final" and rows[complete.pk].level_kinerja == "sesuai"
    assert rows[missing.pk].status == "perlu_data" and rows[missing.pk].talent_pool is False
    assert any("asesmen" in k for k in rows[missing.pk].kekurangan)
    assert all(p.dirty_since is None for p in rows.values())
    assert rows[complete.pk].rincian["komponen"][0]["kode"] == "jpm"


def test_unchanged_inputs_are_not_rewritten_and_add_no_history(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal(100), jpm=Decimal(100))
    with instansi_scope(instansi_a):
        _skp(instansi_a, pegawai)
        penempatan_flush(instansi=instansi_a)
        before = Penempatan.objects.get(pegawai=pegawai)
        history = RiwayatPenempatan.objects.count()
        penempatan_mark_all_dirty(instansi=instansi_a)
        again = penempatan_flush(instansi=instansi_a)
        after = Penempatan.objects.get(pegawai=pegawai)
        assert (again.tetap, again.berubah) == (1, 0)
        assert after.dihitung_pada == before.dihitung_pada and after.dirty_since is None
        assert RiwayatPenempatan.objects.count() == history


def test_a_change_of_box_is_appended_to_the_history_with_its_cause(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal(100), jpm=Decimal(100))
    with instansi_scope(instansi_a):
        _skp(instansi_a, pegawai)
        penempatan_flush(instansi=instansi_a)
        first = Penempatan.objects.get(pegawai=pegawai).kotak
        _skp(instansi_a, pegawai, ("di_bawah", "di_bawah", "Sangat Kurang"))
        result = penempatan_flush(instansi=instansi_a)
        second = Penempatan.objects.get(pegawai=pegawai).kotak
        history = list(RiwayatPenempatan.objects.filter(pegawai=pegawai).order_by("id"))
    assert first != second and result.kotak_berubah == 1
    assert [(h.kotak_lama, h.kotak_baru) for h in history] == [(None, first), (first, second)]
    # The cause the SKP service announced with the change (skp_write's default).
    assert history[-1].penyebab == "skp"
    with pytest.raises(InternalError), transaction.atomic(), scopes_disabled():
        RiwayatPenempatan.objects.filter(pk=history[0].pk).update(kotak_baru=9)


def test_a_aturan_freezes_once_it_placed_someone(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal(100), jpm=Decimal(100))
    with instansi_scope(instansi_a):
        _skp(instansi_a, pegawai)
        penempatan_flush(instansi=instansi_a)
        aturan = aturan_aktif_get(instansi=instansi_a)
        assert aturan.digunakan
        with pytest.raises(InternalError), transaction.atomic():
            AturanTalenta.objects.filter(pk=aturan.pk).update(konfigurasi={"model": "kategoris"})
        AturanTalenta.objects.filter(pk=aturan.pk).update(status="arsip")  # status may still change


def test_only_one_active_aturan_per_instansi(instansi_a):
    with instansi_scope(instansi_a):
        aturan = aturan_aktif_get(instansi=instansi_a)
        with pytest.raises(IntegrityError), transaction.atomic():
            AturanTalenta.objects.create(
                instansi=instansi_a, versi=aturan.versi + 1, nama="x", status="aktif", konfigurasi={}
            )


def test_flush_query_count_does_not_grow_with_the_number_of_pegawai(instansi_a):
    with instansi_scope(instansi_a):
        aturan_aktif_get(instansi=instansi_a)  # created once, outside the measurement

    def run(n):
        pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(n)]
        for p in pegawai:
            AsesmenFactory(pegawai=p, nilai_potensi=Decimal(100), jpm=Decimal(100))
        with instansi_scope(instansi_a):
            skp_write(
                instansi=instansi_a,
                actor=None,
                rows=[SkpData(p.pk, TAHUN_LALU, "tahunan", "sesuai", "sesuai", "Baik") for p in pegawai],
            )
            with CaptureQueriesContext(connection) as queries:
                penempatan_flush(instansi=instansi_a)
        return len(queries.captured_queries)

    run(1)  # the first placement also marks the rule set as used: one extra UPDATE, once
    assert run(5) == run(40)


def test_the_sweeper_finds_instansi_with_stale_dirty_rows(instansi_a, instansi_b):
    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        _skp(instansi_a, pegawai)
    with scopes_disabled():
        Penempatan.objects.filter(pegawai=pegawai).update(
            dirty_since=timezone.now() - dt.timedelta(minutes=5)
        )
    periode = timezone.localdate().year
    assert penempatan_sweep_targets(older_than_seconds=30) == [(instansi_a.pk, periode)]
    assert penempatan_sweep_targets(older_than_seconds=3600) == []


def test_recompute_command_places_everyone_synchronously(instansi_a):
    from io import StringIO

    from django.core.management import call_command

    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    AsesmenFactory(pegawai=pegawai[0], nilai_potensi=Decimal(100), jpm=Decimal(100))
    out = StringIO()
    call_command("recompute_talenta", instansi=instansi_a.kode, sync=True, stdout=out)
    assert "3 diproses" in out.getvalue()
    with instansi_scope(instansi_a):
        assert Penempatan.objects.filter(status="perlu_data").count() == 3  # no SKP for anyone


def test_a_bulk_mark_takes_every_active_pegawai_and_no_one_else(instansi_a, instansi_b):
    from apps.petatalenta.services import penempatan_mark_all_dirty

    aktif = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    PegawaiFactory(instansi=instansi_a, aktif=False)
    PegawaiFactory(instansi=instansi_b)
    with instansi_scope(instansi_a):
        assert penempatan_mark_all_dirty(instansi=instansi_a, penyebab="uji") == 3
        marked = set(
            Penempatan.objects.filter(instansi=instansi_a, dirty_since__isnull=False).values_list(
                "pegawai_id", flat=True
            )
        )
    assert marked == {p.pk for p in aktif}
