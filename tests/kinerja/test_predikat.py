"""Every cell of the PermenPANRB 6/2022 predikat matrix, with the exact labels."""

import pytest

from apps.kinerja.predikat import Predikat, predikat_derive, predikat_parse, rating_parse

# (hasil kerja, perilaku kerja) -> predikat, written out as the regulation's table reads.
TABEL = [
    ("di_atas", "di_bawah", "Kurang/Misconduct"),
    ("di_atas", "sesuai", "Baik"),
    ("di_atas", "di_atas", "Sangat Baik"),
    ("sesuai", "di_bawah", "Kurang/Misconduct"),
    ("sesuai", "sesuai", "Baik"),
    ("sesuai", "di_atas", "Baik"),
    ("di_bawah", "di_bawah", "Sangat Kurang"),
    ("di_bawah", "sesuai", "Butuh Perbaikan"),
    ("di_bawah", "di_atas", "Butuh Perbaikan"),
]


@pytest.mark.parametrize(("hasil", "perilaku", "predikat"), TABEL)
def test_every_cell_of_the_matrix(hasil, perilaku, predikat):
    assert predikat_derive(hasil_kerja=hasil, perilaku_kerja=perilaku) == predikat


def test_the_table_covers_all_nine_cells_and_uses_only_exact_labels():
    assert len({(h, p) for h, p, _ in TABEL}) == 9
    assert {p for _h, _p, p in TABEL} == set(Predikat.values)
    assert set(Predikat.values) == {
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    }


def test_asymmetry_poor_behaviour_is_misconduct_poor_results_need_improvement():
    assert predikat_derive(hasil_kerja="di_atas", perilaku_kerja="di_bawah") == "Kurang/Misconduct"
    assert predikat_derive(hasil_kerja="di_bawah", perilaku_kerja="di_atas") == "Butuh Perbaikan"


@pytest.mark.parametrize(
    ("typed", "rating"),
    [
        ("Di Atas Ekspektasi", "di_atas"),
        ("  di   atas ekspektasi ", "di_atas"),
        ("DIATAS EKSPEKTASI", "di_atas"),
        ("Sesuai Ekspektasi", "sesuai"),
        ("sesuai", "sesuai"),
        ("di_bawah", "di_bawah"),
        ("Di Bawah Ekspektasi", "di_bawah"),
        ("Baik", None),
        ("", None),
    ],
)
def test_rating_parse_tolerates_case_and_spacing(typed, rating):
    assert rating_parse(typed) == rating


@pytest.mark.parametrize(
    ("typed", "predikat"),
    [
        ("sangat baik", "Sangat Baik"),
        ("Kurang / Misconduct", "Kurang/Misconduct"),
        ("KURANG/MISCONDUCT", "Kurang/Misconduct"),
        ("Kurang", None),
        ("Cukup", None),
    ],
)
def test_predikat_parse_accepts_only_exact_labels(typed, predikat):
    assert predikat_parse(typed) == predikat
