"""SKP validation and writes: derived predikat, disagreeing predikat refused, idempotent upsert,
the talent-engine hook fired in the same transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_scopes import scopes_disabled

from apps.core.events import inputs_changed
from apps.core.tenancy import instansi_scope
from apps.kinerja.models import SKP
from apps.kinerja.services import SkpData, skp_clean, skp_record, skp_write
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def test_clean_derives_the_predikat_from_the_ratings():
    cleaned = skp_clean(
        tahun="2025",
        periode="Tahunan",
        rating_hasil_kerja="Di Atas Ekspektasi",
        rating_perilaku_kerja="Sesuai Ekspektasi",
        today=TODAY,
    )
    assert cleaned == {
        "tahun": 2025,
        "periode": "tahunan",
        "rating_hasil_kerja": "di_atas",
        "rating_perilaku_kerja": "sesuai",
        "predikat": "Baik",
    }


def test_a_supplied_predikat_that_disagrees_with_the_matrix_is_an_error():
    with pytest.raises(ValidationError) as error:
        skp_clean(
            tahun=2025, periode="Tahunan", rating_hasil_kerja="Sesuai Ekspektasi",
            rating_perilaku_kerja="Di Bawah Ekspektasi", predikat="Baik", today=TODAY,
        )  # fmt: skip
    message = error.value.message_dict["predikat"][0]
    assert "tidak sesuai matriks" in message and "'Kurang/Misconduct'" in message


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"tahun": "20x5"}, "tahun", "bukan tahun"),
        ({"tahun": 2027}, "tahun", "di luar rentang"),
        ({"tahun": 1999}, "tahun", "di luar rentang"),
        ({"periode": "Semester 1"}, "periode", "tidak dikenal"),
        ({"rating_hasil_kerja": "Bagus"}, "rating_hasil_kerja", "tidak dikenal"),
        ({"predikat": "Kurang"}, "predikat", "bukan label resmi"),
    ],
)
def test_each_bad_value_has_its_own_message(values, field, fragment):
    base = {
        "tahun": 2025,
        "periode": "Tahunan",
        "rating_hasil_kerja": "sesuai",
        "rating_perilaku_kerja": "sesuai",
    }
    with pytest.raises(ValidationError) as error:
        skp_clean(**{**base, **values}, today=TODAY)
    assert fragment in error.value.message_dict[field][0]


def test_write_is_idempotent_and_reports_new_changed_unchanged(instansi_a, admin_bkd_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    rows = [SkpData(p.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik") for p in pegawai]
    with instansi_scope(instansi_a):
        first = skp_write(instansi=instansi_a, actor=admin_bkd_a, rows=rows)
        again = skp_write(instansi=instansi_a, actor=admin_bkd_a, rows=rows)
        rows[0] = SkpData(pegawai[0].pk, 2025, "tahunan", "di_atas", "di_atas", "Sangat Baik")
        changed = skp_write(instansi=instansi_a, actor=admin_bkd_a, rows=rows)
    assert (first.baru, first.diubah, first.tetap) == (3, 0, 0)
    assert (again.baru, again.diubah, again.tetap) == (0, 0, 3)
    assert (changed.baru, changed.diubah, changed.tetap) == (0, 1, 2)
    with scopes_disabled():
        assert SKP.objects.get(pegawai=pegawai[0]).predikat == "Sangat Baik"


def test_inputs_changed_fires_inside_the_writing_transaction(instansi_a, admin_bkd_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    seen = []

    def receiver(sender, instansi_id, pegawai_ids, penyebab, **kwargs):
        seen.append((instansi_id, pegawai_ids, penyebab, transaction.get_connection().in_atomic_block))

    inputs_changed.connect(receiver)
    try:
        with instansi_scope(instansi_a):
            skp_record(
                instansi=instansi_a, actor=admin_bkd_a, pegawai=pegawai, tahun=2025, periode="Tahunan",
                rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai",
            )  # fmt: skip
            skp_record(  # unchanged: no event
                instansi=instansi_a, actor=admin_bkd_a, pegawai=pegawai, tahun=2025, periode="Tahunan",
                rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai",
            )  # fmt: skip
    finally:
        inputs_changed.disconnect(receiver)
    assert seen == [(instansi_a.pk, [pegawai.pk], "skp.record", True)]


def test_bulk_writes_are_recorded_in_row_history_with_actor_and_cause(instansi_a, admin_bkd_a):
    from apps.kinerja.models import SKPEvent

    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    rows = [SkpData(p.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik") for p in pegawai]
    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=admin_bkd_a, rows=rows, penyebab="skp.import")
        rows[1] = SkpData(pegawai[1].pk, 2025, "tahunan", "di_bawah", "sesuai", "Butuh Perbaikan")
        skp_write(instansi=instansi_a, actor=admin_bkd_a, rows=rows, penyebab="skp.import")
        events = list(SKPEvent.objects.order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "insert", "insert", "update"]
    update = events[-1]
    assert update.pegawai_id == pegawai[1].pk
    assert (update.predikat, update.rating_hasil_kerja) == ("Butuh Perbaikan", "di_bawah")
    before = next(e for e in events if e.pegawai_id == pegawai[1].pk and e.pgh_label == "insert")
    assert before.predikat == "Baik"  # old -> new, from the two snapshots
    assert update.pgh_context["user"] == admin_bkd_a.pk
    assert update.pgh_context["penyebab"] == "skp.import"


def test_row_history_is_tenant_data(instansi_a, instansi_b, admin_bkd_a):
    from apps.core.tenancy import ScopeError
    from apps.kinerja.models import SKPEvent

    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=admin_bkd_a,
            rows=[SkpData(pegawai.pk, 2025, "tahunan", "sesuai", "sesuai", "Baik")],
        )
    with pytest.raises(ScopeError):
        SKPEvent.objects.count()
    with instansi_scope(instansi_b):
        assert SKPEvent.objects.count() == 0
    with instansi_scope(instansi_a):
        assert SKPEvent.objects.count() == 1
