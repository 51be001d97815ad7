"""The pure placement engine: all nine boxes under both presets, every cut-off boundary,
fail-closed on missing data, and properties (monotone, deterministic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.petatalenta.engine import (
    PRESET_BERBOBOT,
    PRESET_KATEGORIS,
    AsesmenInput,
    Aturan,
    AturanError,
    HukumanInput,
    PenempatanInputs,
    penempatan_compute,
)

ACUAN = dt.date(2026, 11, 22)
BERBOBOT = Aturan.from_config(PRESET_BERBOBOT)
KATEGORIS = Aturan.from_config(PRESET_KATEGORIS)


def asesmen(potensi="80", jpm="100", tanggal=dt.date(2025, 3, 1), berlaku=dt.date(2028, 3, 1)):
    return AsesmenInput(
        tanggal=tanggal, berlaku_sampai=berlaku, nilai_potensi=Decimal(potensi), jpm=Decimal(jpm)
    )


def compute(inputs, aturan=BERBOBOT, config=PRESET_BERBOBOT):
    return penempatan_compute(inputs=inputs, aturan=aturan, konfigurasi=config)


def full(**overrides) -> PenempatanInputs:
    """Every input present and at its maximum."""
    base = {
        "tanggal_acuan": ACUAN,
        "asesmen": asesmen("100", "100"),
        "skp_tahunan": ((2024, "Sangat Baik"), (2025, "Sangat Baik")),
        "jp_pengembangan": 40,
        "tahun_pengalaman": Decimal(5),
        "jenjang_pendidikan": "s3",
        "pendidikan_sesuai": True,
        "jumlah_penghargaan": 1,
        "jumlah_sk_tim": 2,
        "umpan_balik_360": Decimal(100),
    }
    return PenempatanInputs(**{**base, **overrides})


def test_everything_at_maximum_is_box_9_with_scores_100():
    penempatan = compute(full())
    assert (penempatan.skor_potensial, penempatan.skor_kinerja) == (Decimal(100), Decimal(100))
    assert (penempatan.kotak, penempatan.status, penempatan.talent_pool) == (9, "final", True)


# Scores chosen so the weighted axes land in each level: potensial is driven by the asesmen
# (potensi and JPM carry 45 of 100 points), kinerja by the SKP predikat (60 of 100).
POTENSIAL = {"rendah": ("0", "0"), "menengah": ("20", "20"), "tinggi": ("100", "100")}
KINERJA = {"di_bawah": "Sangat Kurang", "sesuai": "Butuh Perbaikan", "di_atas": "Sangat Baik"}
BOXES = {
    ("di_bawah", "rendah"): 1, ("sesuai", "rendah"): 2, ("di_bawah", "menengah"): 3,
    ("di_atas", "rendah"): 4, ("sesuai", "menengah"): 5, ("di_bawah", "tinggi"): 6,
    ("di_atas", "menengah"): 7, ("sesuai", "tinggi"): 8, ("di_atas", "tinggi"): 9,
}  # fmt: skip


@pytest.mark.parametrize(("cell", "kotak"), BOXES.items(), ids=[f"kotak{n}" for n in BOXES.values()])
def test_all_nine_boxes_weighted_preset(cell, kotak):
    level_k, level_p = cell
    potensi, jpm = POTENSIAL[level_p]
    predikat = KINERJA[level_k]
    penempatan = compute(full(asesmen=asesmen(potensi, jpm), skp_tahunan=((2025, predikat),)))
    assert (penempatan.level_kinerja, penempatan.level_potensial, penempatan.kotak) == (
        level_k,
        level_p,
        kotak,
    )
    assert penempatan.talent_pool is (kotak in (7, 8, 9))


KATEGORIS_JPM = {"rendah": "77.99", "menengah": "78", "tinggi": "90"}
KATEGORIS_PREDIKAT = {"di_bawah": "Butuh Perbaikan", "sesuai": "Baik", "di_atas": "Sangat Baik"}


@pytest.mark.parametrize(("cell", "kotak"), BOXES.items(), ids=[f"kotak{n}" for n in BOXES.values()])
def test_all_nine_boxes_categorical_preset(cell, kotak):
    level_k, level_p = cell
    inputs = full(
        asesmen=asesmen(jpm=KATEGORIS_JPM[level_p]), skp_tahunan=((2025, KATEGORIS_PREDIKAT[level_k]),)
    )
    penempatan = compute(inputs, KATEGORIS, PRESET_KATEGORIS)
    assert penempatan.kotak == kotak


@pytest.mark.parametrize("predikat", ["Kurang/Misconduct", "Sangat Kurang", "Butuh Perbaikan"])
def test_categorical_everything_below_baik_is_di_bawah(predikat):
    penempatan = compute(full(skp_tahunan=((2025, predikat),)), KATEGORIS, PRESET_KATEGORIS)
    assert penempatan.level_kinerja == "di_bawah"


def _potensial_at(target: Decimal) -> PenempatanInputs:
    """Inputs whose weighted potensial score is exactly `target` (only the potensi score varies).

    Everything else fixed: JPM 100 (20), JP 40 (10), 5 years (10), S3 (10), fit (10), clean (15)
    = 75 points; potensi contributes potensi × 0.25, so potensi = (target − 75) × 4.
    """
    return full(asesmen=asesmen(potensi=str((target - 75) * 4), jpm="100"))


@pytest.mark.parametrize(
    ("skor", "level"),
    [("79.99", "menengah"), ("80", "tinggi"), ("80.01", "tinggi"), ("95", "tinggi"), ("100", "tinggi")],
)
def test_potensial_cutoff_80_is_inclusive(skor, level):
    penempatan = compute(_potensial_at(Decimal(skor)))
    assert penempatan.skor_potensial == Decimal(skor)
    assert penempatan.level_potensial == level


@pytest.mark.parametrize(("skor", "level"), [("59.99", "rendah"), ("60", "menengah"), ("60.01", "menengah")])
def test_potensial_cutoff_60_is_inclusive(skor, level):
    # No training or experience: pendidikan 10 + kesesuaian 10 + integritas 15 + JPM 100 × 0.2 = 55;
    # the potensi score supplies the rest (× 0.25).
    target = Decimal(skor)
    inputs = full(
        asesmen=asesmen(potensi=str((target - 55) * 4), jpm="100"),
        jp_pengembangan=0,
        tahun_pengalaman=Decimal(0),
    )
    penempatan = compute(inputs)
    assert penempatan.skor_potensial == target
    assert penempatan.level_potensial == level


@pytest.mark.parametrize(
    ("predikat", "penguat", "level"),
    [
        ("Baik", 20, "sesuai"),  # 48 + 20 = 68
        ("Sangat Baik", 20, "di_atas"),  # 60 + 20 = 80: inclusive
        ("Butuh Perbaikan", 24, "sesuai"),  # 36 + 24 = 60: inclusive
        ("Butuh Perbaikan", 23.99, "di_bawah"),
    ],
)
def test_kinerja_cutoffs_are_inclusive(predikat, penguat, level):
    # penguat points from 360° feedback only (weight 10) plus awards (15) and SK tim (15): use 360 + awards
    inputs = full(
        skp_tahunan=((2025, predikat),), jumlah_penghargaan=0, jumlah_sk_tim=0, umpan_balik_360=None
    )
    base = compute(inputs)
    extra = Decimal(str(penguat))
    inputs = full(
        skp_tahunan=((2025, predikat),),
        jumlah_penghargaan=1 if extra >= 15 else 0,
        jumlah_sk_tim=0,
        umpan_balik_360=(extra - (15 if extra >= 15 else 0)) * 10,
    )
    penempatan = compute(inputs)
    assert penempatan.skor_kinerja == base.skor_kinerja + extra
    assert penempatan.level_kinerja == level


def test_missing_asesmen_is_perlu_data_never_in_the_pool_and_adds_nothing():
    penempatan = compute(full(asesmen=None))
    assert penempatan.status == "perlu_data"
    assert penempatan.talent_pool is False
    assert any(k.startswith("asesmen: belum ada") for k in penempatan.kekurangan)
    by_code = {k.kode: k for k in penempatan.komponen}
    assert by_code["jpm"].kontribusi == by_code["potensi"].kontribusi == 0


def test_expired_asesmen_counts_as_missing_the_day_after_validity():
    valid = compute(full(asesmen=asesmen(berlaku=ACUAN)))
    expired = compute(full(asesmen=asesmen(berlaku=ACUAN - dt.timedelta(days=1))))
    assert valid.status == "final"
    assert expired.status == "perlu_data"
    assert "kedaluwarsa" in expired.kekurangan[0]
    assert expired.skor_potensial < valid.skor_potensial


def test_skp_outside_the_window_is_missing():
    penempatan = compute(full(skp_tahunan=((2023, "Sangat Baik"), (2026, "Sangat Baik"))))  # window 2024–2025
    assert penempatan.status == "perlu_data"
    assert "skp: tidak ada SKP tahunan 2024–2025" in penempatan.kekurangan


@pytest.mark.parametrize(("cara", "skor"), [("terakhir", 80), ("rata_rata", 90), ("minimum", 80)])
def test_skp_aggregation_options(cara, skor):
    aturan = Aturan.from_config({**PRESET_BERBOBOT, "agregasi_skp": cara})
    penempatan = compute(full(skp_tahunan=((2024, "Sangat Baik"), (2025, "Baik"))), aturan)
    assert next(k for k in penempatan.komponen if k.kode == "skp").nilai == skor


@pytest.mark.parametrize(
    ("hukuman", "skor"),
    [
        ((), 100),
        ((HukumanInput("ringan", dt.date(2020, 1, 1), dt.date(2020, 6, 30)),), 75),
        ((HukumanInput("berat", dt.date(2019, 1, 1), dt.date(2020, 1, 1)),), 25),
        ((HukumanInput("ringan", dt.date(2026, 1, 1), None),), 0),  # still serving
        ((HukumanInput("sedang", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),), 0),  # still serving
    ],
)
def test_integrity_from_the_discipline_record(hukuman, skor):
    penempatan = compute(full(hukuman=hukuman))
    assert next(k for k in penempatan.komponen if k.kode == "integritas").nilai == skor


def test_jpm_above_100_scores_as_100_but_is_not_changed():
    inputs = full(asesmen=asesmen(jpm="138.89"))
    assert next(k for k in compute(inputs).komponen if k.kode == "jpm").nilai == 100
    assert inputs.asesmen.jpm == Decimal("138.89")


def test_contributions_add_up_to_the_axis_scores():
    penempatan = compute(
        full(asesmen=asesmen("73.5", "88.8"), jp_pengembangan=13, tahun_pengalaman=Decimal("2.5"))
    )
    potensial = sum(k.kontribusi for k in penempatan.komponen if k.sumbu == "potensial")
    kinerja = sum(k.kontribusi for k in penempatan.komponen if k.sumbu == "kinerja")
    assert (potensial, kinerja) == (penempatan.skor_potensial, penempatan.skor_kinerja)


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        (
            {
                **PRESET_BERBOBOT,
                "bobot_kinerja": {"skp": 50, "penghargaan": 15, "sk_tim": 15, "umpan_balik_360": 10},
            },
            "jumlah bobot harus 100",
        ),
        ({**PRESET_BERBOBOT, "batas_potensial": [80, 60]}, "batas harus naik"),
        ({**PRESET_BERBOBOT, "kotak": {"di_bawah/rendah": 1}}, "kesembilan sel"),
        ({"model": "lain"}, "model harus"),
    ],
)
def test_invalid_aturan_are_refused_with_a_reason(config, fragment):
    with pytest.raises(AturanError) as error:
        Aturan.from_config(config)
    assert any(fragment in problem for problem in error.value.problems)


def test_box_numbering_is_part_of_the_aturan():
    row_major = {f"{k}/{p}": 1 + i + 3 * j for j, k in enumerate(("di_bawah", "sesuai", "di_atas")) for i, p in enumerate(("rendah", "menengah", "tinggi"))}  # fmt: skip
    aturan = Aturan.from_config({**PRESET_BERBOBOT, "kotak": row_major, "kotak_talent_pool": [9]})
    assert compute(full(), aturan).kotak == 9
    low_perf_high_pot = full(skp_tahunan=((2025, "Sangat Kurang"),))
    assert compute(low_perf_high_pot, aturan).kotak == 3  # row-major: bottom row, right column
    assert compute(low_perf_high_pot).kotak == 6  # PermenPANRB 3/2020


# --- properties ----------------------------------------------------------------------------------

PREDIKAT = ["Sangat Kurang", "Kurang/Misconduct", "Butuh Perbaikan", "Baik", "Sangat Baik"]
JENJANG = ["sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3"]
LEVEL_RANK = {"rendah": 0, "menengah": 1, "tinggi": 2, "di_bawah": 0, "sesuai": 1, "di_atas": 2}

scores = st.decimals(min_value=0, max_value=100, places=2)
inputs_strategy = st.builds(
    dict,
    potensi=scores,
    jpm=st.decimals(min_value=0, max_value=150, places=2),
    predikat=st.integers(0, 4),
    jp=st.integers(0, 80),
    pengalaman=st.decimals(min_value=0, max_value=10, places=1),
    jenjang=st.integers(0, 9),
    sesuai=st.booleans(),
    penghargaan=st.integers(0, 3),
    sk_tim=st.integers(0, 4),
    umpan=scores,
)


def _inputs(v) -> PenempatanInputs:
    return full(
        asesmen=asesmen(str(v["potensi"]), str(v["jpm"])),
        skp_tahunan=((2025, PREDIKAT[v["predikat"]]),),
        jp_pengembangan=v["jp"],
        tahun_pengalaman=v["pengalaman"],
        jenjang_pendidikan=JENJANG[v["jenjang"]],
        pendidikan_sesuai=v["sesuai"],
        jumlah_penghargaan=v["penghargaan"],
        jumlah_sk_tim=v["sk_tim"],
        umpan_balik_360=v["umpan"],
    )


RAISES = {
    "potensi": lambda v: {**v, "potensi": min(Decimal(100), v["potensi"] + 7)},
    "jpm": lambda v: {**v, "jpm": v["jpm"] + 11},
    "predikat": lambda v: {**v, "predikat": min(4, v["predikat"] + 1)},
    "jp": lambda v: {**v, "jp": v["jp"] + 9},
    "pengalaman": lambda v: {**v, "pengalaman": v["pengalaman"] + 1},
    "jenjang": lambda v: {**v, "jenjang": min(9, v["jenjang"] + 1)},
    "sesuai": lambda v: {**v, "sesuai": True},
    "penghargaan": lambda v: {**v, "penghargaan": v["penghargaan"] + 1},
    "sk_tim": lambda v: {**v, "sk_tim": v["sk_tim"] + 1},
    "umpan": lambda v: {**v, "umpan": min(Decimal(100), v["umpan"] + 13)},
}


@settings(max_examples=300, deadline=None)
@given(
    values=inputs_strategy,
    which=st.sampled_from(sorted(RAISES)),
    preset=st.sampled_from(["berbobot", "kategoris"]),
)
def test_raising_any_single_input_never_lowers_a_level(values, which, preset):
    aturan, config = (BERBOBOT, PRESET_BERBOBOT) if preset == "berbobot" else (KATEGORIS, PRESET_KATEGORIS)
    before = compute(_inputs(values), aturan, config)
    after = compute(_inputs(RAISES[which](values)), aturan, config)
    assert LEVEL_RANK[after.level_potensial] >= LEVEL_RANK[before.level_potensial]
    assert LEVEL_RANK[after.level_kinerja] >= LEVEL_RANK[before.level_kinerja]
    if before.skor_potensial is not None:
        assert after.skor_potensial >= before.skor_potensial
        assert after.skor_kinerja >= before.skor_kinerja


@settings(max_examples=100, deadline=None)
@given(values=inputs_strategy)
def test_the_result_depends_only_on_the_inputs(values):
    first, second = compute(_inputs(values)), compute(_inputs(dict(values)))
    assert first == second
    other = compute(_inputs({**values, "jp": values["jp"] + 1}))
    assert other.inputs_hash != first.inputs_hash


def test_next_steps_each_lift_the_axis_exactly_one_level():
    from apps.petatalenta.engine import penempatan_next_steps

    inputs = full(
        asesmen=asesmen("40", "70"), jp_pengembangan=10, skp_tahunan=((2025, "Baik"),), jumlah_sk_tim=0
    )
    penempatan = compute(inputs)
    steps = penempatan_next_steps(penempatan=penempatan, aturan=BERBOBOT)
    assert steps, "a pegawai below box 9 has something to do"
    field_of = {"potensi": "asesmen", "jpm": "asesmen"}
    for step in steps:
        assert step.menjadi <= 100
        # Apply the step to the component's score by rebuilding the inputs where it maps directly.
        if step.kode in field_of:
            a = inputs.asesmen
            new = asesmen(
                str(step.menjadi) if step.kode == "potensi" else str(a.nilai_potensi),
                str(step.menjadi) if step.kode == "jpm" else str(a.jpm),
            )
            raised = compute(
                full(asesmen=new, jp_pengembangan=10, skp_tahunan=((2025, "Baik"),), jumlah_sk_tim=0)
            )
            assert raised.level_potensial == step.level_baru
    assert {s.sumbu for s in steps} == {"potensial", "kinerja"}
