"""The factories build rows the application itself would accept, in the pegawai's own instansi."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.pegawai.models import RIWAYAT_MODELS
from tests.factories import (
    RIWAYAT_FACTORIES,
    AsesmenFactory,
    AsesmenKompetensiFactory,
    AturanTalentaFactory,
    PegawaiFactory,
    PenempatanFactory,
    PredikatOrganisasiFactory,
    RiwayatPenempatanFactory,
    SKPFactory,
    UnitKerjaFactory,
)

pytestmark = pytest.mark.django_db


def test_every_riwayat_kind_has_a_factory():
    assert set(RIWAYAT_FACTORIES) == set(RIWAYAT_MODELS)


@pytest.mark.parametrize("model", RIWAYAT_MODELS, ids=lambda model: model.KODE)
def test_riwayat_rows_are_valid_and_belong_to_the_pegawais_instansi(instansi_a, model):
    pegawai = PegawaiFactory(instansi=instansi_a)
    item = RIWAYAT_FACTORIES[model](pegawai=pegawai)
    with scopes_disabled():
        item.full_clean()
    assert item.instansi == instansi_a


def test_penilaian_and_placement_rows_are_valid_and_tenant_owned(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    asesmen = AsesmenFactory(pegawai=pegawai)
    rows = [
        asesmen,
        AsesmenKompetensiFactory(asesmen=asesmen),
        SKPFactory(pegawai=pegawai),
        PredikatOrganisasiFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_a)),
        AturanTalentaFactory(instansi=instansi_a),
        PenempatanFactory(pegawai=pegawai, kotak=8),
    ]
    with scopes_disabled():
        for row in rows:
            row.full_clean()
    # The history row has no form: its empty "before" values are nulls no form would allow.
    history = RiwayatPenempatanFactory(pegawai=pegawai)
    assert {row.instansi for row in [*rows, history]} == {instansi_a}
    assert asesmen.berlaku_pada()


def test_a_row_stays_with_the_instansi_that_made_it_when_told(instansi_a, instansi_b):
    pindah = PegawaiFactory(instansi=instansi_b)
    assert AsesmenFactory(pegawai=pindah, instansi=instansi_a).instansi == instansi_a


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ("sesuai", "sesuai", "Baik")),
        ({"predikat": "Sangat Baik"}, ("di_atas", "di_atas", "Sangat Baik")),
        ({"predikat": "Butuh Perbaikan"}, ("di_bawah", "sesuai", "Butuh Perbaikan")),
        (
            {"rating_hasil_kerja": "di_atas", "rating_perilaku_kerja": "di_bawah"},
            ("di_atas", "di_bawah", "Kurang/Misconduct"),
        ),
        ({"rating_hasil_kerja": "di_bawah"}, ("di_bawah", "sesuai", "Butuh Perbaikan")),
    ],
)
def test_skp_predikat_and_ratings_follow_from_each_other(instansi_a, kwargs, expected):
    skp = SKPFactory(pegawai=PegawaiFactory(instansi=instansi_a), **kwargs)
    assert (skp.rating_hasil_kerja, skp.rating_perilaku_kerja, skp.predikat) == expected


def test_a_placement_takes_the_levels_and_talent_pool_of_its_box(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    top = PenempatanFactory(pegawai=pegawai, kotak=9)
    assert (top.level_kinerja, top.level_potensial, top.talent_pool) == ("di_atas", "tinggi", True)
    waiting = PenempatanFactory(pegawai=pegawai, periode=top.periode - 1, kotak=9, status="perlu_data")
    assert waiting.talent_pool is False
