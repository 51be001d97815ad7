"""Kurva distribusi per organisational predikat: each rule at and past its bound."""

import pytest

from apps.kinerja.distribusi import kurva_distribusi_check

SB, B, BP, KM, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"


@pytest.mark.parametrize(
    ("org", "jumlah", "fragments"),
    [
        ("istimewa", {SB: 7, B: 3}, []),
        ("istimewa", {SB: 8, B: 2}, ["'Sangat Baik' paling banyak 70%, tercatat 80,0% (8 dari 10)"]),
        ("baik", {B: 7, BP: 3}, []),
        ("baik", {B: 6, SB: 4}, ["harus ada pegawai dengan predikat 'Butuh Perbaikan / Kurang/Misconduct'"]),
        ("baik", {B: 8, KM: 2}, ["'Baik' paling banyak 70%"]),
        ("butuh_perbaikan", {BP: 6, B: 3, SB: 1}, []),
        (
            "butuh_perbaikan",
            {BP: 5, B: 3, SB: 2},
            ["'Butuh Perbaikan' paling sedikit 60%", "'Sangat Baik' paling banyak 10%"],
        ),
        ("kurang", {KM: 6, BP: 1, SB: 1, B: 2}, []),
        ("kurang", {KM: 6, B: 4}, ["'Butuh Perbaikan' paling sedikit 10%"]),
        ("sangat_kurang", {SK: 6, KM: 1, B: 3}, []),
        (
            "sangat_kurang",
            {SK: 6, B: 3, SB: 1},
            ["'Kurang/Misconduct / Butuh Perbaikan' paling sedikit 10%", "'Sangat Baik' paling banyak 0%"],
        ),
    ],
)
def test_curve(org, jumlah, fragments):
    warnings = kurva_distribusi_check(predikat_organisasi=org, jumlah=jumlah)
    assert len(warnings) == len(fragments), warnings
    for fragment, warning in zip(fragments, warnings, strict=True):
        assert fragment in warning


def test_an_empty_unit_has_nothing_to_check():
    assert kurva_distribusi_check(predikat_organisasi="baik", jumlah={}) == []
