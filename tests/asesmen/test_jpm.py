"""Both JPM category scales at and around their boundaries (lower bounds inclusive)."""

from decimal import Decimal

import pytest

from apps.asesmen.jpm import kategori_ms, kategori_optimal


@pytest.mark.parametrize(
    ("jpm", "kategori"),
    [
        ("138.89", "MS"),
        ("100", "MS"),
        ("80", "MS"),
        ("79.99", "MMS"),
        ("68", "MMS"),
        ("67.99", "KMS"),
        ("0", "KMS"),
    ],
)
def test_ms_scale(jpm, kategori):
    assert kategori_ms(Decimal(jpm)) == kategori


@pytest.mark.parametrize(
    ("jpm", "kategori"),
    [
        ("138.89", "optimal"),
        ("90", "optimal"),
        ("89.99", "cukup_optimal"),
        ("78", "cukup_optimal"),
        ("77.99", "kurang_optimal"),
        ("0", "kurang_optimal"),
    ],
)
def test_optimal_scale(jpm, kategori):
    assert kategori_optimal(Decimal(jpm)) == kategori
