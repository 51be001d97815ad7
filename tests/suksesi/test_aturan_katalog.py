"""The succession rule set's catalogue on the shared machinery: the national preset is written out
and valid, every setting has an Indonesian label and a check that names it, the thresholds rise,
the diff reads in words, and the editor form puts each problem on its field."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from apps.petatalenta.aturan.diff import konfigurasi_banding, perbedaan_ringkas, setelan_datar
from apps.petatalenta.aturan.validasi import konfigurasi_periksa
from apps.suksesi.aturan import KUNCI_LABEL, KUNCI_URUTAN, SUKSESI, kunci_label, preset_konfigurasi
from apps.suksesi.engine import PRESET_NASIONAL, Aturan
from apps.suksesi.forms_aturan import AturanSuksesiForm

PRESET = preset_konfigurasi("nasional")


def _dengan(**ubah) -> dict:
    konfigurasi = copy.deepcopy(PRESET)
    for jalan, nilai in ubah.items():
        *induk, akhir = jalan.split("__")
        tempat = konfigurasi
        for k in induk:
            tempat = tempat[k]
        tempat[akhir] = nilai
    return konfigurasi


def _masalah(konfigurasi) -> list[tuple[str, str]]:
    return [(m.kunci, m.pesan) for m in konfigurasi_periksa(konfigurasi, katalog=SUKSESI)]


def test_the_national_preset_is_valid_written_out_and_means_the_engine_preset():
    assert konfigurasi_periksa(PRESET, katalog=SUKSESI) == []
    assert konfigurasi_periksa(PRESET_NASIONAL, katalog=SUKSESI) == []
    assert list(PRESET) == list(KUNCI_URUTAN) == list(PRESET_NASIONAL)
    tersimpan, nasional = Aturan.from_config(PRESET), Aturan.from_config(PRESET_NASIONAL)
    # The same engine rule set; a path's feeder levels are written in level order.
    assert replace(tersimpan, jalur={}) == replace(nasional, jalur={})
    assert {t: (set(j.asal), j.tahun) for t, j in tersimpan.jalur.items()} == {
        t: (set(j.asal), j.tahun) for t, j in nasional.jalur.items()
    }


def test_every_setting_has_an_indonesian_label():
    assert set(KUNCI_LABEL) == set(PRESET_NASIONAL)
    for s in setelan_datar(PRESET, katalog=SUKSESI):
        assert s.label and s.label != s.kunci and "_" not in s.label, s
    assert kunci_label("jalur.jpt_pratama.tahun") == "Jalur ke JPT Pratama: lama minimal (tahun)"
    assert kunci_label("pendidikan_minimum.pengawas") == "Pendidikan minimum Pengawas"


def test_weights_not_summing_to_100_are_refused_naming_bobot_peringkat():
    masalah = konfigurasi_periksa(_dengan(bobot_peringkat__kotak=30), katalog=SUKSESI)
    assert [m.teks() for m in masalah] == [
        "Bobot peringkat (bobot_peringkat): jumlah bobot harus 100, sekarang 90 (kurang 10)"
    ]
    assert _masalah(_dengan(bobot_peringkat__kotak=50)) == [
        ("bobot_peringkat", "jumlah bobot harus 100, sekarang 110 (lebih 10)")
    ]
    assert _masalah(_dengan(bobot_peringkat={"kotak": 100, "usia": 0})) == [
        ("bobot_peringkat", "komponen belum diisi: jpm, potensial, kinerja"),
        ("bobot_peringkat", "komponen tidak dikenal: usia (yang dikenal: kotak, jpm, potensial, kinerja)"),
    ]


@pytest.mark.parametrize(
    ("ubah", "diharapkan"),
    [
        (
            {"jpm_siap_1_2": 80},
            (
                "jpm_siap_1_2",
                "harus lebih kecil dari JPM minimal untuk siap sekarang (80), sekarang 80",
            ),
        ),
        (
            {"jpm_siap_sekarang": 0},
            ("jpm_siap_sekarang", "harus lebih dari 0 dan paling besar 200, sekarang 0"),
        ),
        ({"jpm_siap_1_2": 68.125}, ("jpm_siap_1_2", "paling banyak dua angka di belakang koma")),
        (
            {"jalur__jpt_pratama__asal": ["jpt_pratama"]},
            ("jalur.jpt_pratama.asal", "tidak boleh memuat tingkat jabatan kunci itu sendiri"),
        ),
        (
            {"jalur__jpt_pratama__asal": []},
            ("jalur.jpt_pratama.asal", "pilih minimal satu tingkat jabatan asal"),
        ),
        ({"jalur__administrator__tahun": 41}, ("jalur.administrator.tahun", "harus bilangan bulat 0–40")),
        (
            {"pendidikan_minimum__pengawas": "d5"},
            (
                "pendidikan_minimum.pengawas",
                "harus salah satu jenjang: sd, smp, sma, d1, d2, d3, d4, s1, s2, s3",
            ),
        ),
        ({"usia_maksimum__jpt_pratama": 80}, ("usia_maksimum.jpt_pratama", "harus bilangan bulat 18–70")),
        (
            {"skp_predikat_minimum": "Bagus"},
            (
                "skp_predikat_minimum",
                "harus salah satu predikat SKP: Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang",
            ),
        ),
        (
            {"hukuman_tingkat": ["berat", "sangat_berat"]},
            ("hukuman_tingkat", 'harus daftar dari "ringan", "sedang", "berat" (boleh kosong)'),
        ),
        ({"kotak_krs_nasional": []}, ("kotak_krs_nasional", "pilih minimal satu kotak")),
        ({"skor_kotak__10": 50}, ("skor_kotak", "“10” bukan nomor kotak 1–9")),
        ({"bulan_berisiko": 0}, ("bulan_berisiko", "harus bilangan bulat 1–120")),
        ({"status_pppk_fungsional": "ya"}, ("status_pppk_fungsional", "harus true atau false")),
    ],
)
def test_each_setting_is_checked_by_name(ubah, diharapkan):
    assert _masalah(_dengan(**ubah)) == [diharapkan]


def test_unknown_levels_and_settings_are_named():
    konfigurasi = _dengan(jalur__jpt_madya={"asal": ["jpt_pratama"], "tahun": 2})
    konfigurasi["usia_pensiun"] = 58
    assert _masalah(konfigurasi) == [
        ("", "setelan “usia_pensiun” tidak dikenal; lihat docs/rulesets.md untuk daftar setelan"),
        ("jalur", "tingkat jabatan kunci “jpt_madya” tidak dikenal (yang dikenal: jpt_pratama, administrator, "
         "pengawas, ahli_utama, ahli_madya, ahli_muda, ahli_pertama, penyelia, mahir, terampil, pemula)"),
    ]  # fmt: skip
    asal = _dengan(jalur__pengawas__asal=["pelaksana", "staf"])
    assert _masalah(asal)[0][0] == "jalur.pengawas.asal" and "staf" in _masalah(asal)[0][1]


@pytest.mark.parametrize("nilai", [None, "x", 3.5, [1], {"a": 1}, True])
def test_checks_never_crash_and_never_accept_what_the_engine_refuses(nilai):
    for kunci in KUNCI_URUTAN:
        konfigurasi = _dengan(**{kunci: nilai})
        masalah = konfigurasi_periksa(konfigurasi, katalog=SUKSESI)
        if not masalah:
            Aturan.from_config(konfigurasi)  # accepted: the engine must accept it too


def test_diff_lists_changed_settings_in_words():
    baru = _dengan(
        bobot_peringkat={"kotak": 30, "jpm": 40, "potensial": 15, "kinerja": 15},
        jalur__jpt_pratama__tahun=3,
        pendidikan_minimum__pengawas="d4",
        status_pppk_fungsional=True,
        jpm_siap_1_2=70.5,
    )
    perbedaan = perbedaan_ringkas(konfigurasi_banding(lama=PRESET, baru=baru, katalog=SUKSESI))
    assert [(p.label, p.lama, p.baru) for p in perbedaan] == [
        ("PPPK boleh dicalonkan untuk jabatan fungsional", "tidak", "ya"),
        ("Pendidikan minimum Pengawas", "D-III", "D-IV"),
        (
            "Jalur ke JPT Pratama",
            "Administrator atau Ahli Madya, minimal 2 tahun",
            "Administrator atau Ahli Madya, minimal 3 tahun",
        ),
        ("Bobot kotak talenta", "40", "30"),
        ("Bobot JPM terhadap standar jabatan", "30", "40"),
        ("JPM minimal untuk siap 1–2 tahun", "68", "70,5"),
    ]


def test_diff_compares_meaning_not_spelling():
    dibalik = _dengan(jalur__pengawas__asal=["penyelia", "mahir", "ahli_pertama", "pelaksana"])
    dibalik["jpm_siap_sekarang"] = 80.0
    assert not any(p.berubah for p in konfigurasi_banding(lama=PRESET, baru=dibalik, katalog=SUKSESI))


# --- the editor form ---------------------------------------------------------------------------------


def _form(konfigurasi=PRESET, **isian) -> AturanSuksesiForm:
    data = AturanSuksesiForm.data_dari(konfigurasi=konfigurasi, nama="Uji")
    data.update(isian)
    return AturanSuksesiForm(data, konfigurasi=konfigurasi)


def test_unchanged_form_gives_back_the_same_configuration():
    form = _form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["konfigurasi"] == PRESET


def test_form_shows_the_weight_sum_problem_on_its_section():
    form = _form(bobot_peringkat__kotak="30")
    assert not form.is_valid()
    assert form.galat_bagian["bobot_peringkat"] == ["Jumlah bobot harus 100, sekarang 90 (kurang 10)"]
    assert ("bagian-bobot_peringkat", "Bobot peringkat: jumlah bobot harus 100, sekarang 90 (kurang 10)") in (
        form.ringkasan_galat()
    )
    bagian = next(b for b in form.bagian() if b["id"] == "bobot_peringkat")
    assert bagian["total"] == 90


def test_form_puts_problems_on_the_field_they_name():
    form = _form(
        jpm_siap_1_2="82,5", **{"jalur__administrator__tahun": "", "usia_maksimum__jpt_pratama": "71"}
    )
    assert not form.is_valid()
    assert form.errors["jpm_siap_1_2"] == [
        "Harus lebih kecil dari JPM minimal untuk siap sekarang (80), sekarang 82,5"
    ]
    assert form.errors["jalur__administrator__tahun"] == ["Wajib diisi."]
    assert form.errors["usia_maksimum__jpt_pratama"] == ["Paling besar 70."]


def test_form_empty_age_limit_and_hukuman_mean_none():
    form = _form(usia_maksimum__jpt_pratama="", hukuman_tingkat=[], status_pppk_fungsional="ya")
    assert form.is_valid(), form.errors
    konfigurasi = form.cleaned_data["konfigurasi"]
    assert konfigurasi["usia_maksimum"] == {} and konfigurasi["hukuman_tingkat"] == []
    assert konfigurasi["status_pppk_fungsional"] is True
