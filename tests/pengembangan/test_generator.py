"""The IDP draft as a pure function of the box and the gaps, and the 70:20:10 check (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.pengembangan.generator import GapKompetensi, IdpInputs, idp_draf_susun, porsi_periksa

MULAI = dt.date(2026, 3, 1)


def _ringkas(kegiatan) -> list[tuple[str, str, str]]:
    return [(k.sumber, k.jenis, k.sub_jenis) for k in kegiatan]


CASES = [
    pytest.param(
        IdpInputs(tahun=2026, kotak=5, level_kinerja="sesuai", jp_tahun=20),
        [("kotak", "pengalaman", "penugasan_khusus"), ("kotak", "eksposur", "coaching")],
        id="box 5, JP met: the box's follow-up only",
    ),
    pytest.param(
        IdpInputs(tahun=2026, kotak=6, level_kinerja="di_bawah", jp_tahun=20),
        [("kotak", "pengalaman", "job_enrichment"), ("kotak", "eksposur", "coaching"), ("kotak", "eksposur", "konseling")],
        id="box 6, low kinerja: coaching comes from the box, not twice",
    ),
    pytest.param(
        IdpInputs(tahun=2026, kotak=4, level_kinerja="di_atas", jp_tahun=6),
        [("kotak", "pengalaman", "rotasi"), ("kotak", "eksposur", "komunitas_praktik"), ("jp", "pendidikan", "e_learning")],
        id="box 4 with 6 of 20 JP: training for the rest",
    ),
    pytest.param(
        IdpInputs(tahun=2026, kotak=None, level_kinerja="di_bawah", jp_tahun=25),
        [("kinerja", "eksposur", "coaching")],
        id="no placement, low kinerja: performance coaching",
    ),
    pytest.param(
        IdpInputs(
            tahun=2026, kotak=None, jp_tahun=30,
            kompetensi=(GapKompetensi("Integritas", 4, 3), GapKompetensi("Pengambilan Keputusan", 4, 2)),
        ),
        [
            ("kompetensi", "pengalaman", "proyek"),  # the larger gap first
            ("kompetensi", "pendidikan", "pelatihan_klasikal"),  # a gap of 2 levels adds training
            ("kompetensi", "pengalaman", "proyek"),
        ],
        id="competency gaps of the current post, largest first",
    ),
    pytest.param(
        IdpInputs(
            tahun=2026, kotak=9, jp_tahun=40,
            jabatan_kunci=(GapKompetensi("Kepemimpinan", 4, None, "Kepala Dinas"),),
        ),
        [("kotak", "pengalaman", "penugasan_khusus"), ("kotak", "eksposur", "mentoring"),
         ("jabatan_kunci", "eksposur", "mentoring")],
        id="box 9 with a gap to a key post: mentoring towards it",
    ),
    pytest.param(
        IdpInputs(
            tahun=2026, kotak=None, jp_tahun=40,
            jabatan_kunci=tuple(
                GapKompetensi(kompetensi, 4, level, f"Kepala Bidang {n}")
                for n in range(12)
                for kompetensi, level in (("Integritas", 3), ("Kerja Sama", 2), ("Komunikasi", 3), ("Orientasi Hasil", 3))
            ),
        ),
        [("jabatan_kunci", "eksposur", "mentoring")] * 3,
        id="a candidate of 12 key posts: one mentoring per competency, the three largest gaps, not one per post",
    ),
    pytest.param(
        IdpInputs(tahun=2026, kotak=None, jp_tahun=20, pendidikan="d3", pendidikan_minimum="d4",
                  pendidikan_untuk="Kepala Seksi"),
        [("pendidikan", "pendidikan", "tugas_belajar")],
        id="education below the post's need: study assignment",
    ),
    pytest.param(
        IdpInputs(tahun=2026, kotak=None, jp_tahun=20, pendidikan="s1", pendidikan_minimum="d4"),
        [],
        id="S-1 equals D-IV: no education gap, nothing to do",
    ),
    pytest.param(
        IdpInputs(tahun=2026, kotak=1, jp_tahun=20),
        [("kotak", "eksposur", "konseling")],
        id="box 1: counselling under the discipline rules",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("inputs", "expected"), CASES)
def test_draft_activities(inputs, expected):
    assert _ringkas(idp_draf_susun(inputs, mulai=MULAI)) == expected


def test_jp_shortfall_counts_training_already_planned():
    """A competency training of 16 JP already covers 16 of the 20; e-learning fills only the rest."""
    inputs = IdpInputs(tahun=2026, jp_tahun=0, kompetensi=(GapKompetensi("Integritas", 4, 2),))
    kegiatan = idp_draf_susun(inputs, mulai=MULAI)
    jp = {k.sub_jenis: k.jam_pelajaran for k in kegiatan if k.jenis == "pendidikan"}
    assert jp == {"pelatihan_klasikal": 16, "e_learning": 4}
    assert "0 dari 20 JP tahun 2026" in next(k.alasan for k in kegiatan if k.sumber == "jp")


def test_dates_run_from_start_to_year_end():
    kegiatan = idp_draf_susun(IdpInputs(tahun=2026, kotak=5), mulai=MULAI)
    assert {(k.tanggal_mulai, k.tanggal_selesai) for k in kegiatan} == {(MULAI, dt.date(2026, 12, 31))}
    # A plan for next year starts on 1 January.
    kegiatan = idp_draf_susun(IdpInputs(tahun=2027, kotak=5), mulai=MULAI)
    assert {k.tanggal_mulai for k in kegiatan} == {dt.date(2027, 1, 1)}


def test_a_draft_with_all_three_kinds_is_70_20_10():
    inputs = IdpInputs(tahun=2026, kotak=5, jp_tahun=4)  # 16 JP of training planned
    kegiatan = idp_draf_susun(inputs, mulai=MULAI)
    jam: dict[str, int] = {}
    for k in kegiatan:
        jam[k.jenis] = jam.get(k.jenis, 0) + k.perkiraan_jam
    porsi = porsi_periksa(jam, toleransi=15)
    assert porsi.persen == {"pengalaman": 70, "eksposur": 20, "pendidikan": 10}
    assert not porsi.jauh


PORSI = [
    pytest.param({"pengalaman": 70, "eksposur": 20, "pendidikan": 10}, False, "70:20:10", id="exact"),
    pytest.param(
        {"pengalaman": 56, "eksposur": 24, "pendidikan": 20}, False, "56:24:20", id="14 points off: inside"
    ),
    pytest.param(
        {"pengalaman": 50, "eksposur": 20, "pendidikan": 30}, True, "50:20:30", id="20 points off: warned"
    ),
    pytest.param({"pendidikan": 40}, True, "0:0:100", id="training only"),
    pytest.param({}, False, "0:0:0", id="no hours: not judged"),
]


@pytest.mark.parametrize(("jam", "jauh", "teks"), PORSI)
def test_porsi(jam, jauh, teks):
    porsi = porsi_periksa(jam, toleransi=15)
    assert (porsi.jauh, porsi.teks) == (jauh, teks)
    if jauh:
        assert porsi.pesan.startswith(f"Porsi rencana {teks} jauh dari 70:20:10")


def test_porsi_message_names_what_is_short():
    porsi = porsi_periksa({"pengalaman": 40, "eksposur": 20, "pendidikan": 40}, toleransi=15)
    assert "Pengalaman (70) kurang 30 poin" in porsi.pesan
    assert "Pendidikan dan pelatihan (10) lebih 30 poin" in porsi.pesan


def test_key_post_gaps_name_the_posts_in_the_reason_only_and_keep_the_largest_gap():
    kegiatan = idp_draf_susun(
        IdpInputs(
            tahun=2026,
            jp_tahun=40,
            jabatan_kunci=(
                GapKompetensi("Integritas", 4, 3, "Kepala Bidang A"),
                GapKompetensi("Integritas", 5, 3, "Kepala Bidang B"),
                GapKompetensi("Integritas", 4, 3, "Kepala Bidang C"),
            ),
        ),
        mulai=dt.date(2026, 1, 1),
    )
    assert [(k.nama, k.alasan) for k in kegiatan] == [
        (
            "Mentoring Integritas",
            "Level 3 dari standar 5 jabatan kunci Kepala Bidang A, Kepala Bidang B dan 1 jabatan kunci lain",
        )
    ]


def test_no_generated_name_reveals_the_box_or_a_key_post():
    """Names are shown to the ASN everywhere (plan, progress pages, portfolio, download); only the
    reason is masked where the instansi hides the box or candidacies, so names stay neutral."""
    for kotak in range(1, 10):
        kegiatan = idp_draf_susun(
            IdpInputs(
                tahun=2026,
                jp_tahun=40,
                kotak=kotak,
                jabatan_kunci=(GapKompetensi("Integritas", 4, 3, "Kepala Bidang Rahasia"),),
            ),
            mulai=dt.date(2026, 1, 1),
        )
        for k in kegiatan:
            assert "kotak" not in k.nama.lower() and "Rahasia" not in k.nama, k.nama
