"""Rule-set configuration checks and the edit form: every problem named per setting in Indonesian,
form and engine never disagree, the canonical presets, the readable diff."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.petatalenta.aturan.diff import konfigurasi_banding, perbedaan_ringkas
from apps.petatalenta.aturan.katalog import konfigurasi_urut
from apps.petatalenta.aturan.talenta import KUNCI_URUTAN, TALENTA, preset_konfigurasi
from apps.petatalenta.aturan.tampilan import aturan_tampilan
from apps.petatalenta.aturan.validasi import konfigurasi_periksa
from apps.petatalenta.engine import PRESET_BERBOBOT, PRESET_KATEGORIS, Aturan, AturanError
from apps.petatalenta.forms_aturan import AturanForm

BERBOBOT = preset_konfigurasi("berbobot")
KATEGORIS = preset_konfigurasi("kategoris")


def _ubah(konfigurasi, **perubahan):
    hasil = copy.deepcopy(konfigurasi)
    hasil.update(perubahan)
    return hasil


def _pesan(konfigurasi) -> dict[str, list[str]]:
    hasil: dict[str, list[str]] = {}
    for m in konfigurasi_periksa(konfigurasi, katalog=TALENTA):
        hasil.setdefault(m.kunci, []).append(m.pesan)
    return hasil


# --- presets ----------------------------------------------------------------------------------------


def test_presets_are_written_out_in_full_and_mean_exactly_the_engine_presets():
    assert Aturan.from_config(BERBOBOT) == Aturan.from_config(PRESET_BERBOBOT)
    assert Aturan.from_config(KATEGORIS) == Aturan.from_config(PRESET_KATEGORIS)
    assert list(BERBOBOT) == [k for k in KUNCI_URUTAN if k != "batas_jpm"]
    assert list(KATEGORIS) == [
        "model",
        "batas_jpm",
        "jendela_tahun",
        "kotak",
        "label_kotak",
        "kotak_talent_pool",
    ]
    assert BERBOBOT["kotak"]["di_atas/tinggi"] == 9 and BERBOBOT["kotak"]["di_bawah/tinggi"] == 6
    assert BERBOBOT["kotak_talent_pool"] == [7, 8, 9]
    assert (
        konfigurasi_periksa(BERBOBOT, katalog=TALENTA) == []
        and konfigurasi_periksa(KATEGORIS, katalog=TALENTA) == []
    )


def test_export_order_is_the_documented_order_whatever_order_the_database_returned():
    acak = dict(reversed(list(BERBOBOT.items())))
    acak["bobot_potensial"] = dict(reversed(list(acak["bobot_potensial"].items())))
    urut = konfigurasi_urut(acak, katalog=TALENTA)
    assert list(urut) == list(BERBOBOT)
    assert list(urut["bobot_potensial"]) == list(BERBOBOT["bobot_potensial"])
    assert urut == BERBOBOT


# --- checks -----------------------------------------------------------------------------------------


def test_weights_that_do_not_sum_to_100_are_named_with_the_difference():
    bobot = dict(BERBOBOT["bobot_potensial"], jpm=15)
    assert _pesan(_ubah(BERBOBOT, bobot_potensial=bobot)) == {
        "bobot_potensial": ["jumlah bobot harus 100, sekarang 95 (kurang 5)"]
    }
    bobot = dict(BERBOBOT["bobot_kinerja"], skp=70)
    assert _pesan(_ubah(BERBOBOT, bobot_kinerja=bobot)) == {
        "bobot_kinerja": ["jumlah bobot harus 100, sekarang 110 (lebih 10)"]
    }


def test_weights_must_be_whole_numbers_of_known_components():
    bobot = dict(BERBOBOT["bobot_potensial"], jpm=12.5, bakat=5)
    pesan = _pesan(_ubah(BERBOBOT, bobot_potensial=bobot))
    assert pesan["bobot_potensial.jpm"] == ["harus bilangan bulat 0–100"]
    assert any("komponen tidak dikenal: bakat" in p for p in pesan["bobot_potensial"])
    kurang = {k: v for k, v in BERBOBOT["bobot_kinerja"].items() if k != "sk_tim"}
    assert _pesan(_ubah(BERBOBOT, bobot_kinerja=kurang)) == {
        "bobot_kinerja": ["komponen belum diisi: sk_tim"]
    }


def test_cut_offs_must_rise_and_stay_reachable():
    assert _pesan(_ubah(BERBOBOT, batas_potensial=[80, 75])) == {
        "batas_potensial.1": ["harus lebih besar dari batas potensial menengah (80), sekarang 75"]
    }
    assert _pesan(_ubah(BERBOBOT, batas_kinerja=[60, 60])) == {
        "batas_kinerja.1": ["harus lebih besar dari batas kinerja sesuai ekspektasi (60), sekarang 60"]
    }
    assert _pesan(_ubah(BERBOBOT, batas_kinerja=[60, 120])) == {
        "batas_kinerja.1": ["tidak boleh lebih dari 100 (skor tertinggi 100), sekarang 120"]
    }
    assert _pesan(_ubah(BERBOBOT, batas_potensial=[0, 80])) == {
        "batas_potensial.0": ["harus lebih dari 0, sekarang 0"]
    }
    assert "batas_potensial" in _pesan(_ubah(BERBOBOT, batas_potensial=[60]))
    # JPM may exceed 100 (docs/domain.md §6), so its cut-offs may too.
    assert _pesan(_ubah(KATEGORIS, batas_jpm=[95, 110])) == {}


def test_box_numbers_duplicate_and_missing_are_each_named():
    kotak = dict(BERBOBOT["kotak"], **{"di_atas/tinggi": 5})
    masalah = konfigurasi_periksa(_ubah(BERBOBOT, kotak=kotak), katalog=TALENTA)
    assert [m.pesan for m in masalah] == [
        "nomor 5 dipakai 2 kali (kinerja sesuai ekspektasi, potensial menengah dan kinerja di atas ekspektasi, "
        "potensial tinggi); setiap nomor 1–9 dipakai tepat sekali",
        "nomor 9 belum dipakai",
    ]
    assert masalah[0].tandai == ("kotak.sesuai/menengah", "kotak.di_atas/tinggi")
    kotak = {k: v for k, v in BERBOBOT["kotak"].items() if k != "sesuai/tinggi"} | {"baik/tinggi": 8}
    pesan = _pesan(_ubah(BERBOBOT, kotak=kotak))["kotak"]
    assert any("sel tidak dikenal: baik/tinggi" in p for p in pesan)
    assert any("sel belum diberi nomor: sesuai/tinggi" in p for p in pesan)
    assert _pesan(_ubah(BERBOBOT, kotak=dict(BERBOBOT["kotak"], **{"sesuai/tinggi": 10}))) == {
        "kotak.sesuai/tinggi": ["harus nomor 1–9"]
    }


def test_talent_pool_labels_scores_and_whole_numbers():
    assert _pesan(_ubah(BERBOBOT, kotak_talent_pool=[])) == {
        "kotak_talent_pool": ["pilih minimal satu kotak"]
    }
    assert _pesan(_ubah(BERBOBOT, kotak_talent_pool=[9, 10])) == {
        "kotak_talent_pool": ["isi hanya nomor kotak 1–9"]
    }
    assert _pesan(_ubah(BERBOBOT, label_kotak={"9": "x" * 101})) == {
        "label_kotak.9": ["paling panjang 100 karakter"]
    }
    assert _pesan(_ubah(BERBOBOT, label_kotak={"10": "Super"})) == {
        "label_kotak": ["“10” bukan nomor kotak 1–9"]
    }
    assert _pesan(_ubah(BERBOBOT, predikat_skor=dict(BERBOBOT["predikat_skor"], Baik=120))) == {
        "predikat_skor.Baik": ["harus bilangan bulat 0–100"]
    }
    hukuman = {k: v for k, v in BERBOBOT["hukuman_skor"].items() if k != "tidak_ada"}
    assert _pesan(_ubah(BERBOBOT, hukuman_skor=hukuman)) == {"hukuman_skor": ["belum diisi: tidak_ada"]}
    assert _pesan(_ubah(BERBOBOT, jendela_tahun=0)) == {"jendela_tahun": ["harus bilangan bulat 1–10"]}
    assert _pesan(_ubah(BERBOBOT, agregasi_skp="median")) == {
        "agregasi_skp": ["harus “terakhir”, “rata_rata” atau “minimum”"]
    }


def test_unknown_settings_and_models_are_refused():
    pesan = _pesan(_ubah(BERBOBOT, bobot_bakat={"x": 1}))
    assert pesan[""] == ["setelan “bobot_bakat” tidak dikenal; lihat docs/rulesets.md untuk daftar setelan"]
    assert _pesan(_ubah(BERBOBOT, model="campuran")) == {"model": ["harus “berbobot” atau “kategoris”"]}
    assert _pesan({"model": "berbobot"}) == {
        "bobot_potensial": ["wajib diisi untuk model berbobot"],
        "bobot_kinerja": ["wajib diisi untuk model berbobot"],
    }
    assert _pesan([1, 2]) == {"": ["konfigurasi harus berupa objek JSON ({ ... })"]}


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 150)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    kunci=st.sampled_from(KUNCI_URUTAN),
    nilai=_json,
    dasar=st.sampled_from([BERBOBOT, KATEGORIS]),
)
def test_checks_never_crash_and_never_accept_what_the_engine_refuses(kunci, nilai, dasar):
    """Whatever a file holds, the check answers with problems (never an exception), and an empty
    answer means the engine accepts the configuration."""
    konfigurasi = _ubah(dasar, **{kunci: nilai})
    masalah = konfigurasi_periksa(konfigurasi, katalog=TALENTA)
    if not masalah:
        Aturan.from_config(konfigurasi)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), nilai=_json, dasar=st.sampled_from([BERBOBOT, KATEGORIS]))
def test_checks_hold_for_any_single_inner_value(data, nilai, dasar):
    """The same, one level down: any weight, cut-off, score, cell or label replaced by anything."""
    kunci = data.draw(st.sampled_from([k for k, v in dasar.items() if isinstance(v, dict | list) and v]))
    konfigurasi = copy.deepcopy(dasar)
    if isinstance(konfigurasi[kunci], dict):
        anak = data.draw(st.sampled_from([*konfigurasi[kunci], "lain"]))
        konfigurasi[kunci][anak] = nilai
    else:
        konfigurasi[kunci][data.draw(st.integers(0, len(konfigurasi[kunci]) - 1))] = nilai
    if not konfigurasi_periksa(konfigurasi, katalog=TALENTA):
        Aturan.from_config(konfigurasi)


def test_engine_problems_still_surface_when_the_checks_before_it_pass(monkeypatch):
    def gagal(config):
        raise AturanError(["kotak: contoh masalah dari mesin"])

    monkeypatch.setattr(Aturan, "from_config", staticmethod(gagal))
    assert [m.pesan for m in konfigurasi_periksa(BERBOBOT, katalog=TALENTA)] == [
        "kotak: contoh masalah dari mesin"
    ]


# --- the form ---------------------------------------------------------------------------------------


def _form(konfigurasi=BERBOBOT, **ubah):
    data = AturanForm.data_dari(konfigurasi=konfigurasi, nama="Uji")
    data.update(ubah)
    return AturanForm(data, konfigurasi=konfigurasi)


def test_unchanged_form_gives_back_the_same_configuration():
    for konfigurasi in (BERBOBOT, KATEGORIS):
        form = _form(konfigurasi)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["konfigurasi"] == konfigurasi


def test_form_shows_the_weight_sum_problem_on_its_group():
    form = _form(bobot_potensial__jpm="15")
    assert not form.is_valid()
    assert form.galat_bagian["bobot_potensial"] == ["Jumlah bobot harus 100, sekarang 95 (kurang 5)"]
    assert ("bagian-bobot_potensial", "Bobot potensial: jumlah bobot harus 100, sekarang 95 (kurang 5)") in (
        form.ringkasan_galat()
    )
    assert "bobot_potensial__jpm" not in form.errors  # no single field is wrong


def test_form_puts_an_unordered_cut_off_on_the_upper_field():
    form = _form(batas_potensial__0="80", batas_potensial__1="75")
    assert not form.is_valid()
    assert form.errors["batas_potensial__1"] == [
        "Harus lebih besar dari batas potensial menengah (80), sekarang 75"
    ]
    assert "batas_potensial__0" not in form.errors


def test_form_reads_indonesian_decimals():
    form = _form(batas_potensial__0="62,5", batas_kinerja__1="82.25")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["konfigurasi"]["batas_potensial"] == [62.5, 80]
    assert form.cleaned_data["konfigurasi"]["batas_kinerja"] == [60, 82.25]
    form = _form(batas_potensial__0="enam puluh")
    assert not form.is_valid()
    assert form.errors["batas_potensial__0"] == ["Masukkan angka, mis. 80 atau 72,5."]


def test_form_marks_both_cells_of_a_duplicated_box_and_names_the_missing_number():
    form = _form(kotak__di_atas__tinggi="5")
    assert not form.is_valid()
    assert form.errors["kotak__di_atas__tinggi"] == ["Nomor ini dipakai lebih dari sekali."]
    assert form.errors["kotak__sesuai__menengah"] == ["Nomor ini dipakai lebih dari sekali."]
    assert form.galat_bagian["kotak"] == [
        "Nomor 5 dipakai 2 kali (kinerja sesuai ekspektasi, potensial menengah dan kinerja di atas ekspektasi, "
        "potensial tinggi); setiap nomor 1–9 dipakai tepat sekali",
        "Nomor 9 belum dipakai",
    ]
    # The summary names the problem once; the marked cells are not separate problems.
    assert [teks for _anchor, teks in form.ringkasan_galat()] == [
        "Penomoran kotak: nomor 5 dipakai 2 kali (kinerja sesuai ekspektasi, potensial menengah dan kinerja di "
        "atas ekspektasi, potensial tinggi); setiap nomor 1–9 dipakai tepat sekali",
        "Penomoran kotak: nomor 9 belum dipakai",
    ]


def test_form_field_errors_do_not_also_raise_group_noise():
    form = _form(bobot_potensial__jpm="banyak", kotak__di_atas__tinggi="")
    assert not form.is_valid()
    assert form.errors["bobot_potensial__jpm"] == ["Masukkan bilangan bulat."]
    assert form.errors["kotak__di_atas__tinggi"] == ["Wajib diisi."]
    assert not form.galat_bagian  # the sum and the numbering wait until their fields are filled


def test_form_talent_pool_labels_and_renumbering():
    data = AturanForm.data_dari(konfigurasi=BERBOBOT, nama="Uji")
    data.update({"kotak_talent_pool": [], "label_kotak__9": "  Bintang  "})
    form = AturanForm(data, konfigurasi=BERBOBOT)
    assert not form.is_valid()
    assert form.errors["kotak_talent_pool"] == ["Pilih minimal satu kotak untuk talent pool."]
    data.update(
        {"kotak_talent_pool": ["8", "9"], "kotak__di_atas__menengah": "8", "kotak__sesuai__tinggi": "7"}
    )
    form = AturanForm(data, konfigurasi=BERBOBOT)
    assert form.is_valid(), form.errors
    konfigurasi = form.cleaned_data["konfigurasi"]
    assert konfigurasi["kotak_talent_pool"] == [8, 9]
    assert konfigurasi["label_kotak"] == {"9": "Bintang"}
    assert konfigurasi["kotak"]["di_atas/menengah"] == 8 and konfigurasi["kotak"]["sesuai/tinggi"] == 7


def test_kategoris_form_has_only_the_settings_its_model_reads():
    form = AturanForm(konfigurasi=KATEGORIS)
    assert "batas_jpm__0" in form.fields and "bobot_potensial__jpm" not in form.fields
    assert "agregasi_skp" not in form.fields
    form = _form(KATEGORIS, batas_jpm__0="95", batas_jpm__1="90")
    assert not form.is_valid()
    assert form.errors["batas_jpm__1"] == [
        "Harus lebih besar dari batas JPM potensial menengah (Cukup Optimal) (95), sekarang 90"
    ]


# --- diff and display -------------------------------------------------------------------------------


def test_diff_names_each_changed_setting_old_to_new():
    baru = _ubah(
        BERBOBOT,
        bobot_potensial=dict(BERBOBOT["bobot_potensial"], jpm=25, potensi=20),
        batas_potensial=[60, 75],
        kotak=dict(BERBOBOT["kotak"], **{"di_atas/tinggi": 8, "sesuai/tinggi": 9}),
        label_kotak={"9": "Bintang"},
    )
    berubah = [
        (p.label, p.lama, p.baru)
        for p in konfigurasi_banding(lama=BERBOBOT, baru=baru, katalog=TALENTA)
        if p.berubah
    ]
    assert berubah == [
        ("Bobot JPM", "20", "25"),
        ("Bobot nilai potensi", "25", "20"),
        ("Batas potensial tinggi", "80", "75"),
        ("Nomor kotak kinerja sesuai ekspektasi, potensial tinggi", "8", "9"),
        ("Nomor kotak kinerja di atas ekspektasi, potensial tinggi", "9", "8"),
        (
            "Label kotak 8",
            "Kinerja sesuai ekspektasi, potensial tinggi",
            "Kinerja di atas ekspektasi, potensial tinggi",
        ),
        ("Label kotak 9", "Kinerja di atas ekspektasi, potensial tinggi", "Bintang"),
    ]


def test_diff_compares_meaning_not_spelling():
    # The engine's sparse preset and its written-out form compute the same: no difference.
    assert not any(
        p.berubah for p in konfigurasi_banding(lama=PRESET_BERBOBOT, baru=BERBOBOT, katalog=TALENTA)
    )
    lintas = {
        p.kunci: p for p in konfigurasi_banding(lama=BERBOBOT, baru=KATEGORIS, katalog=TALENTA) if p.berubah
    }
    assert lintas["model"].baru == "Kategoris (predikat SKP dan kategori JPM)"
    assert lintas["bobot_potensial.jpm"].baru == "— (tidak dipakai)"
    assert lintas["batas_jpm.1"].lama == "— (tidak dipakai)" and lintas["batas_jpm.1"].baru == "90"


def test_diff_summary_folds_sections_the_new_model_no_longer_reads():
    ringkas = perbedaan_ringkas(konfigurasi_banding(lama=BERBOBOT, baru=KATEGORIS, katalog=TALENTA))
    baris = [(p.label, p.lama, p.baru) for p in ringkas]
    assert ("Bobot potensial", "7 setelan", "— (tidak dipakai)") in baris
    assert ("Skor tingkat pendidikan", "10 setelan", "— (tidak dipakai)") in baris
    assert ("SKP dan target", "5 setelan", "— (tidak dipakai)") in baris  # jendela_tahun stays in use
    # Newly used settings keep their values; nothing unchanged is listed.
    assert ("Batas JPM potensial tinggi (Optimal)", "— (tidak dipakai)", "90") in baris
    assert len(baris) == 11 and all(p.berubah for p in ringkas)
    assert not any(label == "Bobot JPM" for label, _a, _b in baris)


def test_display_lays_out_the_grid_like_domain_md():
    t = aturan_tampilan(konfigurasi=_ubah(BERBOBOT, label_kotak={"9": "Bintang"}))
    assert [judul for judul, _sel in t.baris_kotak] == [
        "Di atas ekspektasi",
        "Sesuai ekspektasi",
        "Di bawah ekspektasi",
    ]
    assert [[s.nomor for s in sel] for _j, sel in t.baris_kotak] == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]
    assert t.baris_kotak[0][1][2].label == "Bintang" and t.baris_kotak[0][1][2].talent_pool
    assert t.baris_kotak[2][1][0].label == "Kinerja di bawah ekspektasi, potensial rendah"
    assert t.talent_pool == [
        (7, "Kinerja di atas ekspektasi, potensial menengah"),
        (8, "Kinerja sesuai ekspektasi, potensial tinggi"),
        (9, "Bintang"),
    ]
    kompetensi = t.bobot[0]["kelompok"][0]
    assert (str(kompetensi["judul"]), kompetensi["subtotal"]) == ("Kompetensi", 40)
    assert t.batas[0]["rentang"] == [
        ("Tinggi", "80 ke atas"),
        ("Menengah", "60 sampai di bawah 80"),
        ("Rendah", "di bawah 60"),
    ]


@pytest.mark.parametrize("konfigurasi", [BERBOBOT, KATEGORIS])
def test_display_of_both_models(konfigurasi):
    t = aturan_tampilan(konfigurasi=konfigurasi)
    assert not t.galat
    assert len(t.baris_kotak) == 3 and all(len(sel) == 3 for _j, sel in t.baris_kotak)
    assert bool(t.bobot) is (konfigurasi["model"] == "berbobot")
