"""The database itself refuses an SKP whose predikat is not the matrix's."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.kinerja.models import SKP
from tests.factories import AsesmenFactory, PegawaiFactory
from tests.kinerja.test_predikat import TABEL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("hasil", "perilaku", "predikat"), TABEL)
def test_matrix_rows_are_accepted_and_any_other_predikat_refused(instansi_a, hasil, perilaku, predikat):
    pegawai = PegawaiFactory(instansi=instansi_a)
    SKP.objects.create(
        instansi=instansi_a, pegawai=pegawai, tahun=2025, periode="tahunan",
        rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku, predikat=predikat,
    )  # fmt: skip
    for wrong in {"Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"} - {
        predikat
    }:
        with pytest.raises(IntegrityError), transaction.atomic():
            SKP.objects.create(
                instansi=instansi_a, pegawai=pegawai, tahun=2024, periode="tahunan",
                rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku, predikat=wrong,
            )  # fmt: skip


def test_jpm_above_100_is_stored_exactly_as_given(instansi_a):
    import datetime as dt

    pegawai = PegawaiFactory(instansi=instansi_a)
    asesmen = AsesmenFactory(
        pegawai=pegawai,
        tanggal=dt.date(2025, 3, 1),
        jpm=Decimal("138.89"),
        berlaku_sampai=dt.date(2028, 3, 1),
    )
    asesmen.refresh_from_db()
    assert asesmen.jpm == Decimal("138.89")
    assert asesmen.kategori_optimal == "Optimal"
    assert asesmen.kategori_ms == "Memenuhi Syarat"
    assert asesmen.berlaku_pada(dt.date(2028, 3, 1)) is True
    assert asesmen.berlaku_pada(dt.date(2028, 3, 2)) is False
