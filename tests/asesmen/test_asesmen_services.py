"""Asesmen validation and writes: ranges, Indonesian decimals, default validity, idempotency."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.asesmen.models import PengaturanAsesmen
from apps.asesmen.services import asesmen_clean, asesmen_record, berlaku_sampai_default
from apps.core.tenancy import instansi_scope
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
BASE = {
    "tanggal": "17-08-2025",
    "metode": "Assessment Center",
    "lembaga": "UPT Penilaian Kompetensi BKD",
    "nilai_potensi": "77,50",
    "jpm": "138,89",
}


def test_clean_accepts_indonesian_decimals_and_keeps_jpm_above_100():
    cleaned = asesmen_clean(**BASE, today=TODAY)
    assert cleaned["nilai_potensi"] == Decimal("77.50")
    assert cleaned["jpm"] == Decimal("138.89")
    assert cleaned["metode"] == "assessment_center"
    assert cleaned["berlaku_sampai"] == dt.date(2028, 8, 17)  # default: 3 years


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"nilai_potensi": "101"}, "nilai_potensi", "di luar rentang"),
        ({"nilai_potensi": "-1"}, "nilai_potensi", "di luar rentang"),
        ({"nilai_potensi": "tinggi"}, "nilai_potensi", "bukan angka"),
        ({"jpm": "-5"}, "jpm", "di luar rentang"),
        ({"tanggal": "31-02-2025"}, "tanggal", "bukan tanggal"),
        ({"tanggal": "01-01-2027"}, "tanggal", "belum terjadi"),
        ({"metode": "Wawancara"}, "metode", "tidak dikenal"),
        ({"lembaga": "  "}, "lembaga", "wajib diisi"),
        ({"berlaku_sampai": "01-01-2025"}, "berlaku_sampai", "lebih awal"),
        ({"aspek_intelektual": "120"}, "aspek_intelektual", "di luar rentang"),
    ],
)
def test_each_bad_value_has_its_own_message(values, field, fragment):
    with pytest.raises(ValidationError) as error:
        asesmen_clean(**{**BASE, **values}, today=TODAY)
    assert fragment in error.value.message_dict[field][0]


def test_validity_default_follows_the_instansi_setting_and_expiry_is_computed(instansi_a, admin_bkd_a):
    PengaturanAsesmen.objects.create(instansi=instansi_a, masa_berlaku_tahun=2)
    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        asesmen, baru = asesmen_record(instansi=instansi_a, actor=admin_bkd_a, pegawai=pegawai, **BASE)
        again, lagi_baru = asesmen_record(instansi=instansi_a, actor=admin_bkd_a, pegawai=pegawai, **BASE)
    assert asesmen.pk == again.pk
    assert (baru, lagi_baru) == (True, False)
    assert asesmen.berlaku_sampai == dt.date(2027, 8, 17)
    assert asesmen.berlaku_pada(dt.date(2027, 8, 17)) and not asesmen.berlaku_pada(dt.date(2027, 8, 18))


def test_leap_day_validity_falls_back_to_28_february():
    assert berlaku_sampai_default(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
