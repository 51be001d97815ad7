"""The succession engine, criterion by criterion at its boundaries (docs/succession.md): each row
changes one input of a candidate who otherwise meets everything."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

import pytest

from apps.suksesi.engine import (
    KRITERIA,
    MEMENUHI,
    PERLU_VERIFIKASI,
    SIAP_1_2,
    SIAP_3,
    SIAP_SEKARANG,
    TIDAK_MEMENUHI,
    AsesmenKandidat,
    HukumanKandidat,
    JabatanInput,
    PeriodeJabatan,
    SertifikatKandidat,
    angka,
    kandidat_urutan_key,
    lama_teks,
)

from .engine_data import ACUAN, aturan, jabatan, kandidat, nilai

TIGA_TAHUN_LALU = dt.date(2023, 6, 15)  # ACUAN - 3 years


def test_the_base_candidate_meets_everything_and_is_ready_now():
    hasil = nilai()
    assert [k.kode for k in hasil.kriteria] == list(KRITERIA)
    assert {k.kode: k.hasil for k in hasil.kriteria} == dict.fromkeys(KRITERIA, MEMENUHI)
    assert hasil.kelayakan == MEMENUHI
    assert (hasil.kesiapan, hasil.jpm_jabatan, hasil.jpm_sumber) == (
        SIAP_SEKARANG,
        Decimal("85.00"),
        "asesmen",
    )
    assert hasil.alasan_kesiapan == "semua kriteria memenuhi; JPM 85,00 ≥ 80,00"


# --- status ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "tingkat", "pppk_fungsional", "expected"),
    [
        ("pns", "administrator", False, MEMENUHI),
        ("cpns", "administrator", False, TIDAK_MEMENUHI),
        ("pppk", "administrator", True, TIDAK_MEMENUHI),  # managerial: PNS only, whatever the setting
        ("pppk", "ahli_madya", False, TIDAK_MEMENUHI),
        ("pppk", "ahli_madya", True, MEMENUHI),
        ("pppk_paruh_waktu", "ahli_madya", True, MEMENUHI),
        ("cpns", "ahli_madya", True, TIDAK_MEMENUHI),
    ],
)
def test_status(status, tingkat, pppk_fungsional, expected):
    hasil = nilai(
        kandidat(status_kepegawaian=status, jabatan=(PeriodeJabatan("ahli_muda", dt.date(2015, 1, 1)),)),
        jabatan(tingkat=tingkat, bup_usia=60),
        aturan(status_pppk_fungsional=pppk_fungsional),
    )
    assert hasil.kriteria_get("status").hasil == expected


# --- education -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pendidikan", "menunggu", "tingkat", "expected", "verifikasi"),
    [
        ("d4", (), "administrator", MEMENUHI, []),  # D-IV and S-1 are one level
        ("d3", (), "administrator", TIDAK_MEMENUHI, []),
        ("d3", (("pendidikan", 1),), "administrator", PERLU_VERIFIKASI, ["pendidikan"]),
        ("d3", (), "pengawas", MEMENUHI, []),
        (None, (), "administrator", PERLU_VERIFIKASI, []),
        (None, (("pendidikan", 2),), "administrator", PERLU_VERIFIKASI, ["pendidikan"]),
        ("s2", (("pendidikan", 1),), "administrator", MEMENUHI, []),
    ],
)
def test_education(pendidikan, menunggu, tingkat, expected, verifikasi):
    inputs = kandidat(
        pendidikan=pendidikan, menunggu=menunggu, jabatan=(PeriodeJabatan("pelaksana", dt.date(2010, 1, 1)),)
    )
    k = nilai(inputs, jabatan(tingkat=tingkat)).kriteria_get("pendidikan")
    assert (k.hasil, k.as_jsonable()["verifikasi"]) == (expected, verifikasi)


# --- path --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("periode", "menunggu", "expected", "waktu", "verifikasi"),
    [
        # exactly 3 years on the path, still in the post
        ((PeriodeJabatan("pengawas", TIGA_TAHUN_LALU),), (), MEMENUHI, False, []),
        # one day short, still in the post: time will do it
        ((PeriodeJabatan("pengawas", TIGA_TAHUN_LALU + dt.timedelta(days=1)),), (), TIDAK_MEMENUHI, True, []),
        # a fungsional of that level counts too
        ((PeriodeJabatan("ahli_muda", TIGA_TAHUN_LALU),), (), MEMENUHI, False, []),
        # one day short, but the post ended: time will not do it
        (
            (PeriodeJabatan("pengawas", dt.date(2020, 1, 2), dt.date(2022, 12, 31)),),
            (),
            TIDAK_MEMENUHI,
            False,
            [],
        ),
        # two overlapping periods count once: 2021-06-15 .. ACUAN = 5 years
        (
            (
                PeriodeJabatan("pengawas", dt.date(2021, 6, 15), dt.date(2024, 1, 1)),
                PeriodeJabatan("ahli_muda", dt.date(2023, 1, 1)),
            ),
            (),
            MEMENUHI,
            False,
            [],
        ),
        # overlapping periods adding to 2 years 6 months, not 3 + 1: short, and still in the post
        (
            (
                PeriodeJabatan("pengawas", dt.date(2023, 12, 15), dt.date(2025, 6, 15)),
                PeriodeJabatan("pengawas", dt.date(2024, 6, 15)),
            ),
            (),
            TIDAK_MEMENUHI,
            True,
            [],
        ),
        # another level does not count
        ((PeriodeJabatan("pelaksana", dt.date(2010, 1, 1)),), (), TIDAK_MEMENUHI, False, []),
        # more than 24 months short, even in the post
        ((PeriodeJabatan("pengawas", dt.date(2026, 1, 1)),), (), TIDAK_MEMENUHI, False, []),
        # short, with a riwayat jabatan awaiting verification
        ((), (("jabatan", 1),), PERLU_VERIFIKASI, False, ["jabatan"]),
        # a period starting after the planning date does not count
        ((PeriodeJabatan("pengawas", ACUAN + dt.timedelta(days=1)),), (), TIDAK_MEMENUHI, False, []),
    ],
)
def test_path(periode, menunggu, expected, waktu, verifikasi):
    k = nilai(kandidat(jabatan=periode, menunggu=menunggu)).kriteria_get("jalur")
    assert (k.hasil, k.waktu, list(k.verifikasi)) == (expected, waktu, verifikasi)


def test_path_reason_in_words():
    k = nilai(kandidat(jabatan=(PeriodeJabatan("pengawas", dt.date(2023, 11, 1)),))).kriteria_get("jalur")
    assert k.alasan == (
        "riwayat jabatan Pengawas atau Ahli Muda 2 tahun 7 bulan; perlu 3 tahun; "
        "terpenuhi pada 01-11-2026 bila tetap menjabat"
    )


def test_jpt_pratama_needs_five_years_of_jabatan_in_total():
    post = jabatan(tingkat="jpt_pratama", bup_usia=60)
    dua_tahun = (PeriodeJabatan("administrator", dt.date(2024, 6, 15)),)
    k = nilai(kandidat(jabatan=dua_tahun), post).kriteria_get("jalur")
    assert k.hasil == TIDAK_MEMENUHI and not k.waktu  # 3 years of experience short
    assert "pengalaman jabatan 2 tahun; perlu 5 tahun" in k.alasan
    lima_tahun = (PeriodeJabatan("pengawas", dt.date(2021, 6, 15), dt.date(2024, 6, 15)), *dua_tahun)
    assert nilai(kandidat(jabatan=lima_tahun), post).kriteria_get("jalur").hasil == MEMENUHI


# --- performance ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skp", "expected"),
    [
        (((2024, "Baik"), (2025, "Baik")), MEMENUHI),
        (((2024, "Baik"), (2025, "Butuh Perbaikan")), TIDAK_MEMENUHI),
        (((2024, "Butuh Perbaikan"), (2025, "Sangat Baik")), TIDAK_MEMENUHI),
        (((2025, "Sangat Baik"),), PERLU_VERIFIKASI),  # 2024 missing
        (((2024, "Kurang/Misconduct"),), TIDAK_MEMENUHI),  # a lower year outweighs a missing one
        (((2023, "Baik"), (2026, "Baik")), PERLU_VERIFIKASI),  # outside the two years before 2026
        ((), PERLU_VERIFIKASI),
    ],
)
def test_performance(skp, expected):
    k = nilai(kandidat(skp=skp)).kriteria_get("kinerja")
    assert k.hasil == expected
    assert k.verifikasi == ()  # SKP is imported by BKD, not a portfolio item


def test_performance_reason():
    k = nilai(kandidat(skp=((2024, "Baik"), (2025, "Butuh Perbaikan")))).kriteria_get("kinerja")
    assert k.alasan == "SKP 2024 Baik, 2025 Butuh Perbaikan; perlu minimal Baik tiap tahun"


# --- asesmen ----------------------------------------------------------------------------------------------


def _asesmen(berlaku_sampai, **changes):
    return AsesmenKandidat(
        tanggal=changes.pop("tanggal", dt.date(2023, 6, 15)),
        berlaku_sampai=berlaku_sampai,
        jpm=changes.pop("jpm", Decimal("85.00")),
        nilai_potensi=Decimal(80),
        kompetensi=changes.pop("kompetensi", ()),
    )


@pytest.mark.parametrize(
    ("asesmen", "expected", "jpm"),
    [
        (_asesmen(ACUAN), MEMENUHI, Decimal("85.00")),  # expires on the planning date: still valid
        (_asesmen(ACUAN - dt.timedelta(days=1)), PERLU_VERIFIKASI, None),
        (None, PERLU_VERIFIKASI, None),
    ],
)
def test_asesmen_validity(asesmen, expected, jpm):
    hasil = nilai(kandidat(asesmen=asesmen))
    assert (hasil.kriteria_get("asesmen").hasil, hasil.jpm_jabatan) == (expected, jpm)
    if expected != MEMENUHI:
        assert hasil.kesiapan == SIAP_3


# --- years to BUP and age ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lahir", "tingkat", "bup", "expected"),
    [
        (dt.date(1970, 6, 14), "administrator", 58, MEMENUHI),  # pension 01-07-2028 > 15-06-2028
        (dt.date(1970, 5, 14), "administrator", 58, TIDAK_MEMENUHI),  # pension 01-06-2028 < 15-06-2028
        # JPT Pratama: at most 56 on the planning date
        (dt.date(1970, 6, 15), "jpt_pratama", 60, MEMENUHI),  # 56 today
        (dt.date(1969, 6, 15), "jpt_pratama", 60, TIDAK_MEMENUHI),  # 57 today
        (dt.date(1969, 6, 16), "jpt_pratama", 60, MEMENUHI),  # 57 tomorrow
    ],
)
def test_usia(lahir, tingkat, bup, expected):
    post = jabatan(tingkat=tingkat, bup_usia=bup)
    inputs = kandidat(tanggal_lahir=lahir, jabatan=(PeriodeJabatan("administrator", dt.date(2015, 1, 1)),))
    assert nilai(inputs, post).kriteria_get("usia").hasil == expected


@pytest.mark.parametrize(
    ("acuan", "expected"), [(dt.date(2026, 6, 1), MEMENUHI), (dt.date(2026, 6, 2), TIDAK_MEMENUHI)]
)
def test_exactly_two_years_to_bup_is_enough(acuan, expected):
    # Born 10-05-1970, BUP 58: pension on 01-06-2028, exactly two years after 01-06-2026.
    inputs = kandidat(tanggal_lahir=dt.date(1970, 5, 10), skp=((2024, "Baik"), (2025, "Baik")))
    hasil = nilai(inputs, acuan=acuan)
    assert hasil.kriteria_get("usia").hasil == expected
    assert hasil.tahun_ke_bup == Decimal("2.0")


# --- hukuman ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hukuman", "expected", "verifikasi"),
    [
        ((HukumanKandidat("sedang", dt.date(2022, 6, 15), TIGA_TAHUN_LALU),), MEMENUHI, []),  # ended exactly 3 years ago
        ((HukumanKandidat("berat", dt.date(2022, 6, 15), TIGA_TAHUN_LALU + dt.timedelta(days=1)),), TIDAK_MEMENUHI, []),
        ((HukumanKandidat("ringan", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),), MEMENUHI, []),  # ringan: not counted
        ((HukumanKandidat("ringan", dt.date(2026, 1, 1), None),), TIDAK_MEMENUHI, []),  # running now, any level
        ((HukumanKandidat("ringan", dt.date(2026, 1, 1), ACUAN),), TIDAK_MEMENUHI, []),  # its last day
        ((HukumanKandidat("sedang", ACUAN + dt.timedelta(days=1), None),), MEMENUHI, []),  # not started yet
        ((HukumanKandidat("berat", dt.date(2025, 1, 1), dt.date(2025, 6, 30), disetujui=False),), PERLU_VERIFIKASI, ["hukuman"]),
    ],
)  # fmt: skip
def test_hukuman(hukuman, expected, verifikasi):
    k = nilai(kandidat(hukuman=hukuman)).kriteria_get("hukuman")
    assert (k.hasil, list(k.verifikasi)) == (expected, verifikasi)


# --- KRS and nominations -----------------------------------------------------------------------------------


def test_krs_from_the_placement_or_a_nomination():
    assert nilai().kriteria_get("krs").alasan == "kotak 8 (KRS)"
    luar = kandidat(kotak=5, talent_pool=False)
    assert nilai(luar).kriteria_get("krs").hasil == TIDAK_MEMENUHI
    k = nilai(luar, nominasi=True, nominasi_alasan="Penugasan khusus proyek strategis").kriteria_get("krs")
    assert (k.hasil, k.alasan) == (MEMENUHI, "nominasi Komite: Penugasan khusus proyek strategis")
    perlu_data = kandidat(kotak=9, status_penempatan="perlu_data", talent_pool=False)
    assert nilai(perlu_data).kriteria_get("krs").hasil == TIDAK_MEMENUHI


# --- extra requirements -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "inputs", "expected", "verifikasi"),
    [
        (jabatan(), kandidat(), MEMENUHI, []),
        (jabatan(golongan_minimum="III/d"), kandidat(golongan="III/d"), MEMENUHI, []),
        (jabatan(golongan_minimum="IV/a"), kandidat(golongan="III/d"), TIDAK_MEMENUHI, []),
        (jabatan(golongan_minimum="IV/a"), kandidat(golongan="IX"), TIDAK_MEMENUHI, []),  # PPPK grade
        (jabatan(golongan_minimum="IV/a"), kandidat(golongan=""), PERLU_VERIFIKASI, []),
        (jabatan(bidang_pendidikan=("hukum", "pemerintahan")), kandidat(jurusan=("Ilmu HUKUM",)), MEMENUHI, []),
        (jabatan(bidang_pendidikan=("ekonomi",)), kandidat(), TIDAK_MEMENUHI, []),
        (jabatan(bidang_pendidikan=("ekonomi",)), kandidat(menunggu=(("pendidikan", 1),)), PERLU_VERIFIKASI, ["pendidikan"]),
        (jabatan(sertifikat=("PKA",)), kandidat(sertifikat=(SertifikatKandidat("Pelatihan Kepemimpinan Administrator (PKA)"),)), MEMENUHI, []),
        (jabatan(sertifikat=("auditor",)), kandidat(sertifikat=(SertifikatKandidat("Sertifikat Auditor", ACUAN),)), MEMENUHI, []),
        (jabatan(sertifikat=("auditor",)), kandidat(sertifikat=(SertifikatKandidat("Sertifikat Auditor", ACUAN - dt.timedelta(days=1)),)), PERLU_VERIFIKASI, []),
        (jabatan(sertifikat=("auditor",)), kandidat(menunggu=(("diklat", 1), ("sertifikat", 2))), PERLU_VERIFIKASI, ["sertifikat", "diklat"]),
        (jabatan(sertifikat=("auditor",)), kandidat(), TIDAK_MEMENUHI, []),
    ],
)  # fmt: skip
def test_extra_requirements(post, inputs, expected, verifikasi):
    k = nilai(inputs, post).kriteria_get("tambahan")
    assert (k.hasil, list(k.verifikasi)) == (expected, verifikasi)


def test_no_extra_requirements_is_said_in_words():
    assert nilai().kriteria_get("tambahan").alasan == "tidak ada syarat tambahan"


def test_post_from_stored_json():
    post = JabatanInput.dari(
        tingkat="administrator",
        standar_kompetensi=[{"kompetensi": "  Integritas ", "level": 4}],
        syarat_tambahan={"golongan_minimum": "IV/a", "bidang_pendidikan": ["hukum", " "], "sertifikat": []},
        bup_usia=58,
    )
    assert post.standar_kompetensi == (("integritas", 4),)
    assert (post.golongan_minimum, post.bidang_pendidikan, post.sertifikat) == ("IV/a", ("hukum",), ())


# --- JPM against the post ----------------------------------------------------------------------------------


def test_jpm_from_competency_levels_when_the_asesmen_has_them_all():
    post = jabatan(standar_kompetensi=(("integritas", 4), ("kerja sama", 4)))
    hasil = nilai(kandidat(), post)
    assert (hasil.jpm_jabatan, hasil.jpm_sumber) == (Decimal("87.50"), "kompetensi")  # 7 / 8
    # one competency of the standard missing from the asesmen: its overall JPM, said so
    post = jabatan(standar_kompetensi=(("integritas", 4), ("orientasi pada hasil", 4)))
    assert (nilai(kandidat(), post).jpm_jabatan, nilai(kandidat(), post).jpm_sumber) == (
        Decimal("85.00"),
        "asesmen",
    )


def test_jpm_above_100_is_kept_and_capped_only_in_the_ranking():
    post = jabatan(standar_kompetensi=(("integritas", 2),))
    hasil = nilai(kandidat(skor_potensial=None, skor_kinerja=None, kotak=9), post)
    assert hasil.jpm_jabatan == Decimal("200.00")
    # 40 × 100 (box 9) + 30 × 100 (JPM capped) + 0 + 0, over 100
    assert hasil.skor_peringkat == Decimal("70.00")


def test_ranking_score_weights():
    # box 8 → 80 × 40 + JPM 85 × 30 + 82 × 15 + 85 × 15 = 3200 + 2550 + 1230 + 1275 = 8255 / 100
    assert nilai().skor_peringkat == Decimal("82.55")
    assert (
        nilai(kandidat(kotak=None, skor_potensial=None, skor_kinerja=None, asesmen=None)).skor_peringkat == 0
    )


def test_ranking_is_stable_with_ties_by_pegawai_id():
    rows = [
        ("memenuhi", Decimal("80.00"), 7),
        ("memenuhi", Decimal("80.00"), 3),
        ("memenuhi", Decimal("91.25"), 9),
        ("perlu_verifikasi", Decimal("99.00"), 1),
        ("tidak_memenuhi", Decimal("99.00"), 2),
        ("memenuhi", Decimal("80.00"), 5),
    ]
    expected = [9, 3, 5, 7, 1, 2]
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        ordered = sorted(
            shuffled, key=lambda r: kandidat_urutan_key(kelayakan=r[0], skor_peringkat=r[1], pegawai_id=r[2])
        )
        assert [r[2] for r in ordered] == expected


# --- readiness ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jpm", "mulai", "expected"),
    [
        (Decimal("80.00"), TIGA_TAHUN_LALU, SIAP_SEKARANG),
        (Decimal("79.99"), TIGA_TAHUN_LALU, SIAP_1_2),
        (Decimal("68.00"), TIGA_TAHUN_LALU, SIAP_1_2),
        (Decimal("67.99"), TIGA_TAHUN_LALU, SIAP_3),
        # path short by time only (met within 24 months): 1–2 years, if the JPM is at least 68
        (Decimal("90.00"), dt.date(2024, 7, 1), SIAP_1_2),
        (Decimal("67.99"), dt.date(2024, 7, 1), SIAP_3),
        # short by more than 24 months
        (Decimal("90.00"), dt.date(2025, 7, 1), SIAP_3),
    ],
)
def test_readiness(jpm, mulai, expected):
    inputs = kandidat(
        jabatan=(PeriodeJabatan("pengawas", mulai),),
        asesmen=_asesmen(dt.date(2027, 1, 1), jpm=jpm),
    )
    assert nilai(inputs).kesiapan == expected


def test_readiness_is_3_years_when_anything_but_time_is_missing():
    hasil = nilai(kandidat(skp=((2025, "Baik"),)))
    assert (hasil.kelayakan, hasil.kesiapan) == (PERLU_VERIFIKASI, SIAP_3)
    assert hasil.alasan_kesiapan == "belum memenuhi: kinerja; JPM 85,00"


def test_readiness_reason_names_what_time_will_bring():
    hasil = nilai(kandidat(jabatan=(PeriodeJabatan("pengawas", dt.date(2024, 7, 1)),)))
    assert hasil.alasan_kesiapan == "jalur terpenuhi dalam 24 bulan; JPM 85,00 ≥ 68,00"


def test_kriteria_json_contract():
    item = nilai(kandidat(menunggu=(("jabatan", 1),), jabatan=())).kriteria_jsonable()[2]
    assert set(item) == {"kode", "hasil", "alasan", "waktu", "verifikasi"}
    assert item["kode"] == "jalur" and item["verifikasi"] == ["jabatan"] and item["waktu"] is False


def test_indonesian_numbers_and_durations():
    assert angka(Decimal("1234.5")) == "1.234,50"
    assert [lama_teks(n) for n in (0, 5, 12, 31)] == ["0 bulan", "5 bulan", "1 tahun", "2 tahun 7 bulan"]


def test_a_different_rule_set_changes_the_thresholds():
    inputs = replace(kandidat(), jabatan=(PeriodeJabatan("pengawas", dt.date(2024, 6, 15)),))
    assert nilai(inputs).kriteria_get("jalur").hasil == TIDAK_MEMENUHI
    jalur = {**aturan().jalur}
    config = {"jalur": {t: {"asal": list(j.asal), "tahun": j.tahun} for t, j in jalur.items()}}
    config["jalur"]["administrator"]["tahun"] = 2
    assert nilai(inputs, aturan_=aturan(**config)).kriteria_get("jalur").hasil == MEMENUHI
