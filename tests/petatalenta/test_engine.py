"""The pure placement engine: all nine boxes under both presets, every cut-off boundary,
fail-closed on missing data, and properties (monotone, deterministic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.petatalenta.engine import (
    KINERJA_LEVELS,
    POTENSIAL_LEVELS,
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


# --- next steps ----------------------------------------------------------------------------------


def _steps(inputs, aturan=BERBOBOT, **kwargs):
    from apps.petatalenta.engine import penempatan_next_steps

    return penempatan_next_steps(inputs=inputs, aturan=aturan, **kwargs)


def _apply(inputs, step, aturan=BERBOBOT):
    """The inputs after doing exactly what the step says, in its own unit."""
    import dataclasses

    acuan = inputs.tanggal_acuan
    a = inputs.asesmen
    k = step.kode
    if k == "jp":
        return dataclasses.replace(inputs, jp_pengembangan=inputs.jp_pengembangan + int(step.jumlah))
    if k == "asesmen":
        potensi = step.jumlah if aturan.model == "berbobot" else Decimal(0)
        return dataclasses.replace(inputs, asesmen=asesmen(str(potensi), str(step.jumlah), acuan, acuan))
    if k in ("jpm", "potensi"):
        return dataclasses.replace(inputs, asesmen=asesmen(
            str(step.jumlah if k == "potensi" else a.nilai_potensi), str(step.jumlah if k == "jpm" else a.jpm),
            a.tanggal, a.berlaku_sampai,
        ))  # fmt: skip
    if k == "skp":
        # Next year: this year's annual SKP joins the window and the oldest year drops out.
        nanti = dataclasses.replace(
            inputs,
            tanggal_acuan=dt.date(acuan.year + 1, 1, 1),
            skp_tahunan=(*inputs.skp_tahunan, (step.tahun, step.nilai)),
        )
        return nanti
    if k == "pendidikan":
        return dataclasses.replace(inputs, jenjang_pendidikan=step.nilai.split("/")[0])
    if k == "kesesuaian":
        return dataclasses.replace(inputs, pendidikan_sesuai=True)
    if k == "umpan_balik_360":
        return dataclasses.replace(inputs, umpan_balik_360=step.jumlah)
    if k == "pengalaman":
        return dataclasses.replace(inputs, tahun_pengalaman=(inputs.tahun_pengalaman or 0) + step.jumlah)
    if k == "penghargaan":
        return dataclasses.replace(inputs, jumlah_penghargaan=inputs.jumlah_penghargaan + int(step.jumlah))
    if k == "sk_tim":
        return dataclasses.replace(inputs, jumlah_sk_tim=inputs.jumlah_sk_tim + int(step.jumlah))
    raise AssertionError(k)


def _level(result, sumbu):
    return result.level_potensial if sumbu == "potensial" else result.level_kinerja


# A middle-box pegawai: valid asesmen (JPM 80, potensi 70), 6 JP, S-1, 3 years, Baik in 2025.
MENENGAH = full(
    asesmen=asesmen("70", "80", dt.date(2024, 3, 3), dt.date(2027, 3, 3)),
    skp_tahunan=((2025, "Baik"),), jp_pengembangan=6, tahun_pengalaman=Decimal(3), jenjang_pendidikan="s1",
    pendidikan_sesuai=None, jumlah_penghargaan=0, jumlah_sk_tim=0, umpan_balik_360=None,
)  # fmt: skip


@pytest.mark.parametrize(
    "inputs, expected",
    [
        # Potensial 63,5 (16 + 17,5 + 1,5 + 6 + 7,5 + 0 + 15): 16,5 points to tinggi, more than any
        # one input can add (kesesuaian 10 is the most). Kinerja 48: 12 points to sesuai; a 360°
        # score gives 10 at most: not listed.
        (MENENGAH, {
            ("kinerja", "penghargaan", Decimal(1), "", "sesuai"),
            ("kinerja", "sk_tim", Decimal(2), "", "sesuai"),
            ("kinerja", "skp", None, "Sangat Baik", "sesuai"),
        }),
        # Potensial 57,75 (a finished ringan sanction: integritas 75): 2,25 points to menengah.
        # JPM 82 (81,25 needed, whole numbers), potensi 79, 9 JP (15 of 40 = 3,75 points),
        # 1,2 more years (1,125 needed), kesesuaian; S-2 adds only 1,5.
        (full(asesmen=asesmen("70", "70"), jp_pengembangan=6, tahun_pengalaman=Decimal(3),
              jenjang_pendidikan="s1", pendidikan_sesuai=None,
              hukuman=(HukumanInput("ringan", dt.date(2020, 1, 1), dt.date(2020, 6, 1)),)), {
            ("potensial", "jpm", Decimal(82), "", "menengah"),
            ("potensial", "potensi", Decimal(79), "", "menengah"),
            ("potensial", "jp", Decimal(9), "", "menengah"),
            ("potensial", "pengalaman", Decimal("1.2"), "", "menengah"),
            ("potensial", "kesesuaian", None, "", "menengah"),
        }),
        # Potensial 49,5: only potensi 82 (+10,5) is enough; JPM (+6), JP (+7,5), years (+8) and D-IV
        # or S-1 (+1,5) are not; a field judged as not fitting offers no step. Kinerja at the top.
        (full(asesmen=asesmen("40", "70"), jp_pengembangan=10, skp_tahunan=((2025, "Sangat Baik"),),
              jumlah_sk_tim=0, jenjang_pendidikan="d3", tahun_pengalaman=Decimal(1), pendidikan_sesuai=False), {
            ("potensial", "potensi", Decimal(82), "", "menengah"),
        }),
        # Potensial 58,65 (D-III, 4,2 years): 1,35 points; D-IV or S-1 (+1,5) is enough alone.
        (full(asesmen=asesmen("70", "70"), jp_pengembangan=6, tahun_pengalaman=Decimal("4.2"),
              jenjang_pendidikan="d3", pendidikan_sesuai=False,
              hukuman=(HukumanInput("ringan", dt.date(2020, 1, 1), dt.date(2020, 6, 1)),)), {
            ("potensial", "jpm", Decimal(77), "", "menengah"),
            ("potensial", "potensi", Decimal(76), "", "menengah"),
            ("potensial", "jp", Decimal(6), "", "menengah"),
            ("potensial", "pengalaman", Decimal("0.7"), "", "menengah"),
            ("potensial", "pendidikan", None, "d4/s1", "menengah"),
        }),
    ],
)  # fmt: skip
def test_next_steps_table(inputs, expected):
    got = {(s.sumbu, s.kode, s.jumlah, s.nilai, s.level_baru) for s in _steps(inputs)}
    assert got == expected


def test_each_next_step_alone_lifts_its_axis_and_a_smaller_amount_does_not():
    for inputs in (MENENGAH, full(asesmen=asesmen("40", "70"), jp_pengembangan=10, jumlah_sk_tim=0,
                                  skp_tahunan=((2025, "Baik"),), jenjang_pendidikan="d3",
                                  tahun_pengalaman=Decimal(1), umpan_balik_360=Decimal(50))):  # fmt: skip
        before = compute(inputs)
        steps = _steps(inputs)
        assert steps
        for step in steps:
            after = compute(_apply(inputs, step))
            levels = POTENSIAL_LEVELS if step.sumbu == "potensial" else KINERJA_LEVELS
            assert levels.index(_level(after, step.sumbu)) == levels.index(_level(before, step.sumbu)) + 1
            assert _level(after, step.sumbu) == step.level_baru
            if step.jumlah is not None and step.kode not in ("skp",):
                smaller = step.jumlah - (Decimal("0.1") if step.kode == "pengalaman" else 1)
                if smaller > 0:
                    import dataclasses

                    less = compute(_apply(inputs, dataclasses.replace(step, jumlah=smaller)))
                    assert _level(less, step.sumbu) == _level(before, step.sumbu), step


def test_jp_never_asks_beyond_what_the_component_can_give():
    # 38 of the 40 JP the window counts: at most 2 more JP can count, worth 0,5 points: no JP step.
    inputs = full(asesmen=asesmen("40", "70"), jp_pengembangan=38, jenjang_pendidikan="d3",
                  tahun_pengalaman=Decimal(1), pendidikan_sesuai=False)  # fmt: skip
    assert compute(inputs).level_potensial == "rendah"
    assert "jp" not in {s.kode for s in _steps(inputs)}
    # The deadline is the end of the reference year.
    step = next(s for s in _steps(MENENGAH.__class__(**{**MENENGAH.__dict__, "jp_pengembangan": 0,
                                                        "asesmen": asesmen("40", "70")})) if s.kode == "jp")  # fmt: skip
    assert step.batas_tanggal == dt.date(ACUAN.year, 12, 31)


def test_skp_step_is_none_when_even_sangat_baik_is_not_enough():
    # Kinerja from the SKP alone: penghargaan, SK tim, 360° all zero; 2 years averaged, the older
    # Sangat Kurang stays in next year's window: (20 + 100) / 2 × 60% = 36 < 60.
    aturan = Aturan.from_config({**PRESET_BERBOBOT, "agregasi_skp": "rata_rata"})
    inputs = full(skp_tahunan=((2024, "Sangat Kurang"), (2025, "Sangat Kurang")), jumlah_penghargaan=0,
                  jumlah_sk_tim=0, umpan_balik_360=None)  # fmt: skip
    result = compute(inputs, aturan, {**PRESET_BERBOBOT, "agregasi_skp": "rata_rata"})
    assert result.level_kinerja == "di_bawah"
    kinerja = [s for s in _steps(inputs, aturan) if s.sumbu == "kinerja"]
    assert "skp" not in {s.kode for s in kinerja}
    # The award (15) or the team decrees (15) alone are not enough either, and no two together
    # reach 60 (36 + 15 at most): the page says so.
    assert kinerja == []
    from apps.petatalenta.engine import penempatan_kombinasi

    assert penempatan_kombinasi(inputs=inputs, aturan=aturan, sumbu="kinerja") == []


def test_when_no_single_step_is_enough_the_pairs_that_are_are_named():
    from apps.petatalenta.engine import penempatan_kombinasi

    assert [s for s in _steps(MENENGAH) if s.sumbu == "potensial"] == []
    # 16,5 points: kesesuaian (10) with potensi 100 (7,5) or 40 JP (8,5); no other pair.
    assert penempatan_kombinasi(inputs=MENENGAH, aturan=BERBOBOT, sumbu="potensial") == [
        ("potensi", "kesesuaian"),
        ("jp", "kesesuaian"),
    ]


def test_expired_asesmen_asks_for_a_new_one_with_its_dates():
    old = asesmen("70", "80", dt.date(2022, 3, 3), dt.date(2025, 3, 3))
    inputs = full(asesmen=old)
    step = next(s for s in _steps(inputs) if s.kode == "asesmen")
    assert (step.asesmen_tanggal, step.batas_tanggal) == (dt.date(2022, 3, 3), dt.date(2025, 3, 3))
    # Potensial 55 without it: 5 points; JPM and potensi 12 each give 5,4 (11 would give 4,95).
    assert step.jumlah == Decimal(12)
    assert compute(_apply(inputs, step)).level_potensial == step.level_baru == "menengah"


def test_asesmen_expiring_soon_adds_a_keeping_step_even_at_the_top():
    soon = asesmen("100", "100", dt.date(2024, 1, 10), dt.date(2027, 1, 10))
    inputs = full(asesmen=soon)
    assert compute(inputs).kotak == 9
    steps = _steps(inputs, asesmen_segera_sebelum=dt.date(2027, 5, 22))
    assert [(s.kode, s.jaga, s.batas_tanggal, s.asesmen_tanggal) for s in steps] == [
        ("asesmen_ulang", True, dt.date(2027, 1, 10), dt.date(2024, 1, 10))
    ]
    assert _steps(inputs, asesmen_segera_sebelum=dt.date(2026, 12, 31)) == []


def test_categorical_steps_name_the_jpm_and_the_predikat():
    inputs = full(asesmen=asesmen("70", "80"), skp_tahunan=((2025, "Butuh Perbaikan"),))
    steps = _steps(inputs, KATEGORIS)
    assert [(s.sumbu, s.kode, s.jumlah, s.nilai, s.level_baru) for s in steps] == [
        ("potensial", "jpm", Decimal(90), "", "tinggi"),
        ("kinerja", "skp", None, "Baik", "sesuai"),
    ]
    missing = _steps(full(asesmen=None, skp_tahunan=((2025, "Sangat Baik"),)), KATEGORIS)
    assert [(s.kode, s.jumlah, s.level_baru) for s in missing] == [("asesmen", Decimal(78), "menengah")]


def test_inputs_round_trip_through_the_stored_json():
    import json

    from apps.petatalenta.engine import inputs_json, penempatan_inputs_from_json

    inputs = full(hukuman=(HukumanInput("ringan", dt.date(2020, 1, 1), None),))
    assert penempatan_inputs_from_json(json.loads(inputs_json(inputs))) == inputs


@pytest.mark.parametrize(
    "bobot, kesesuaian, umpan_balik, expected",
    [
        (PRESET_BERBOBOT, None, None, ["kesesuaian", "umpan_balik_360"]),
        (PRESET_BERBOBOT, False, Decimal(40), []),
        ({**PRESET_BERBOBOT,
          "bobot_potensial": {**PRESET_BERBOBOT["bobot_potensial"], "kesesuaian": 0, "pendidikan": 20},
          "bobot_kinerja": {"skp": 70, "penghargaan": 15, "sk_tim": 15, "umpan_balik_360": 0}},
         None, None, []),
    ],
)  # fmt: skip
def test_kesesuaian_and_360_are_named_when_missing_and_weighted_never_gate_the_status(
    bobot, kesesuaian, umpan_balik, expected
):
    aturan = Aturan.from_config(bobot)
    result = compute(full(pendidikan_sesuai=kesesuaian, umpan_balik_360=umpan_balik), aturan, bobot)
    assert [k.split(":")[0] for k in result.kekurangan] == expected
    assert result.status == "final"
    # The categorical model reads neither: never listed there.
    assert (
        compute(full(pendidikan_sesuai=None, umpan_balik_360=None), KATEGORIS, PRESET_KATEGORIS).kekurangan
        == ()
    )
