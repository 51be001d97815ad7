"""The explanation of a placement (selectors_profil): rebuilt from the stored row and its rule-set
version, it says exactly what the engine computed — box, scores, components, next steps — under
both presets, for final and perlu-data placements, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from apps.core.tenancy import instansi_scope
from apps.petatalenta.engine import penempatan_next_steps
from apps.petatalenta.labels import REKOMENDASI_LABEL, REKOMENDASI_SINGKAT
from apps.petatalenta.models import AturanTalenta, Penempatan
from apps.petatalenta.selectors_profil import (
    asesmen_segera_sebelum,
    kekurangan_tampil,
    penempatan_penjelasan_get,
    penempatan_ringkasan_get,
)
from apps.petatalenta.services import penempatan_mark_dirty
from tests.factories import AsesmenFactory, PegawaiFactory, PenempatanFactory, RiwayatPenempatanFactory

from .profil_data import (
    PERIODE,
    aturan_kategoris,
    engine_inputs,
    engine_penempatan,
    flush,
    skp_buat,
)

pytestmark = pytest.mark.django_db


def _penjelasan(instansi, pegawai, **kwargs):
    with instansi_scope(instansi), translation.override("id"):
        return penempatan_penjelasan_get(instansi=instansi, pegawai=pegawai, **kwargs)


def _assert_matches_engine(p, expected, aturan, inputs=None):
    """Every number of the explanation is the engine's own for the same data and rule set."""
    assert p.kotak == expected.kotak
    assert p.status == expected.status
    assert p.talent_pool == expected.talent_pool
    assert [k.asli for k in p.kekurangan] == list(expected.kekurangan)
    sumbu = {s.sumbu: s for s in p.sumbu}
    assert sumbu["potensial"].skor == expected.skor_potensial
    assert sumbu["kinerja"].skor == expected.skor_kinerja
    assert sumbu["potensial"].level == expected.level_potensial
    assert sumbu["kinerja"].level == expected.level_kinerja
    assert [(k.kode, k.sumbu, k.nilai, k.bobot, k.kontribusi) for k in p.komponen] == [
        (k.kode, k.sumbu, k.nilai, k.bobot, k.kontribusi) for k in expected.komponen
    ]
    if inputs is not None:
        # The steps are the engine's own for the inputs stored with the placement.
        steps = penempatan_next_steps(
            inputs=inputs, aturan=aturan, asesmen_segera_sebelum=asesmen_segera_sebelum(inputs.tanggal_acuan)
        )
        assert [(s.sumbu, s.kode, s.level_baru) for s in p.langkah] == [
            (s.sumbu, s.kode, s.level_baru) for s in steps if not s.jaga
        ]


# --- weighted preset ----------------------------------------------------------------------------


def test_final_weighted_penempatan_is_explained_with_the_engines_numbers(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    expected, aturan = engine_penempatan(instansi_a, pegawai)
    p = _penjelasan(instansi_a, pegawai)

    assert p.dihitung and p.status == "final" and p.status_label == "Final"
    _assert_matches_engine(p, expected, aturan, engine_inputs(instansi_a, pegawai))
    # 20 (JPM 100) + 22,5 (potensi 90) + 15 (no discipline record) = 57,5: rendah; SKP Baik 80 × 60% = 48.
    sumbu = {s.sumbu: s for s in p.sumbu}
    assert sumbu["potensial"].skor == Decimal("57.50") and sumbu["potensial"].level == "rendah"
    assert sumbu["kinerja"].skor == Decimal("48.00") and sumbu["kinerja"].level_label == "di bawah ekspektasi"
    assert p.kotak == 1 and p.label_kotak == "Kinerja di bawah ekspektasi, potensial rendah"
    assert [(a.label, a.syarat, a.aktif) for a in sumbu["potensial"].ambang] == [
        ("tinggi", "≥ 80", False),
        ("menengah", "60 – < 80", False),
        ("rendah", "< 60", True),
    ]
    # Components carry translatable labels, the engine's codes underneath.
    jpm = next(k for k in p.komponen if k.kode == "jpm")
    assert (jpm.label, jpm.nilai, jpm.bobot, jpm.kontribusi) == (
        "JPM kompetensi (asesmen)", Decimal("100.00"), 20, Decimal("20.00"),
    )  # fmt: skip
    # Not at the top on either axis: next steps on both, each alone enough for the next level.
    assert sumbu["potensial"].langkah and sumbu["kinerja"].langkah
    # Each step is an action in the input's own unit, with the smallest amount that is enough:
    # 2,5 points of potensial = potensi 100 (×25%), 10 JP (of the 40 the two-year window counts),
    # 1,3 years in a post, or a field of study judged as fitting (10 points); 12 points of kinerja
    # = SKP Sangat Baik (60 × 100%), one award (15) or two team decrees (7,5 each). A 360° score
    # (10 points at most) cannot do it alone and is left out; so is education (none approved).
    assert [(s.kode, s.teks, s.level_baru_label) for s in sumbu["potensial"].langkah] == [
        ("potensi", "Capai nilai potensi minimal 100 pada asesmen berikutnya", "menengah"),
        ("jp", f"Selesaikan 10 JP pelatihan lagi sebelum 31 Desember {PERIODE}", "menengah"),
        ("pengalaman", "Tambah pengalaman jabatan 1,3 tahun lagi", "menengah"),
        ("kesesuaian", "Minta verifikator menilai kesesuaian bidang pendidikan dengan jabatan (bila bidangnya sesuai)", "menengah"),
    ]  # fmt: skip
    assert [(s.kode, s.teks) for s in sumbu["kinerja"].langkah] == [
        ("penghargaan", "Tambah 1 penghargaan lagi (terverifikasi)"),
        ("sk_tim", "Tambah 2 SK tim kerja lagi (terverifikasi)"),
        ("skp", f"Raih predikat SKP tahunan {PERIODE} Sangat Baik"),
    ]
    # No approved education record, no kesesuaian, no 360°: reported by name, none gates the status.
    assert [(k.kode, k.wajib, k.teks) for k in p.kekurangan] == [
        ("pendidikan", False, "Belum ada riwayat pendidikan yang disetujui."),
        ("kesesuaian", False, "Kesesuaian bidang pendidikan dengan jabatan saat ini belum dinilai verifikator."),
        ("umpan_balik_360", False, "Belum ada umpan balik 360° yang masih berlaku."),
    ]  # fmt: skip
    assert p.rekomendasi == str(REKOMENDASI_LABEL[1])
    assert (p.aturan_nama, p.aturan_versi, p.model) == (
        "Preset nasional berbobot (Kepka BKN 411/2025)",
        1,
        "berbobot",
    )
    assert [(h.kotak_lama, h.kotak_baru, h.aturan_versi) for h in p.riwayat] == [(None, 1, 1)]
    grid = [[sel.kotak for sel in row] for row in p.grid]
    assert grid == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]
    assert [sel.kotak for row in p.grid for sel in row if sel.aktif] == [1]


def test_perlu_data_weighted_penempatan_lists_exactly_what_is_missing(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    expected, aturan = engine_penempatan(instansi_a, pegawai)
    p = _penjelasan(instansi_a, pegawai)

    assert p.status == "perlu_data" and p.status_label == "Perlu data" and not p.talent_pool
    _assert_matches_engine(p, expected, aturan, engine_inputs(instansi_a, pegawai))
    assert [(k.kode, k.label, k.teks, k.wajib) for k in p.kekurangan] == [
        ("asesmen", "Asesmen", "Belum ada hasil asesmen kompetensi.", True),
        ("pendidikan", "Riwayat pendidikan", "Belum ada riwayat pendidikan yang disetujui.", False),
        ("kesesuaian", "Kesesuaian bidang pendidikan",
         "Kesesuaian bidang pendidikan dengan jabatan saat ini belum dinilai verifikator.", False),
        ("umpan_balik_360", "Umpan balik 360°", "Belum ada umpan balik 360° yang masih berlaku.", False),
    ]  # fmt: skip
    assert [k.kode for k in p.kekurangan_wajib] == ["asesmen"]
    jpm = next(k for k in p.komponen if k.kode == "jpm")
    assert jpm.nilai is None and jpm.kontribusi == 0
    # Potensial is 15 (integritas alone): only an asesmen at the top of both scores (20 + 25) reaches
    # 60; nothing else alone can. Kinerja 48: the SKP, one award or two team decrees.
    sumbu = {s.sumbu: s for s in p.sumbu}
    assert sumbu["potensial"].skor == Decimal("15.00")
    assert [s.teks for s in sumbu["potensial"].langkah] == [
        "Ikut asesmen kompetensi dengan JPM dan nilai potensi masing-masing minimal 100"
    ]
    assert [s.kode for s in sumbu["kinerja"].langkah] == ["penghargaan", "sk_tim", "skp"]


@pytest.mark.parametrize(
    "fields, teks",
    [
        ({"kode": "jpm", "jumlah": Decimal("62.50")}, "Capai JPM minimal 62,50 pada asesmen berikutnya"),
        ({"kode": "potensi", "jumlah": Decimal("81")}, "Capai nilai potensi minimal 81 pada asesmen berikutnya"),
        ({"kode": "jp", "jumlah": Decimal("14"), "batas_tanggal": dt.date(2026, 12, 31)},
         "Selesaikan 14 JP pelatihan lagi sebelum 31 Desember 2026"),
        ({"kode": "jp", "jumlah": Decimal("1250"), "batas_tanggal": dt.date(2026, 12, 31)},
         "Selesaikan 1.250 JP pelatihan lagi sebelum 31 Desember 2026"),
        ({"kode": "asesmen", "jumlah": Decimal("72"), "asesmen_tanggal": dt.date(2022, 3, 3),
          "batas_tanggal": dt.date(2025, 3, 3)},
         "Ikut asesmen ulang (hasil 2022 berlaku sampai 3 Maret 2025) dengan JPM dan nilai potensi "
         "masing-masing minimal 72"),
        ({"kode": "asesmen_ulang", "jaga": True, "asesmen_tanggal": dt.date(2023, 3, 3),
          "batas_tanggal": dt.date(2026, 3, 3)},
         "Ikut asesmen ulang sebelum 3 Maret 2026: hasil asesmen 2023 berlaku sampai 3 Maret 2026"),
        ({"kode": "skp", "nilai": "Sangat Baik", "tahun": 2026}, "Raih predikat SKP tahunan 2026 Sangat Baik"),
        ({"kode": "skp", "nilai": "Baik", "tahun": 2026}, "Raih predikat SKP tahunan 2026 minimal Baik"),
        ({"kode": "pendidikan", "nilai": "s2"}, "Lanjut pendidikan S-2"),
        ({"kode": "pendidikan", "nilai": "d4/s1"}, "Lanjut pendidikan D-IV atau S-1"),
        ({"kode": "umpan_balik_360", "jumlah": Decimal("75")}, "Umpan balik 360° dengan nilai minimal 75"),
        ({"kode": "pengalaman", "jumlah": Decimal("1.3")}, "Tambah pengalaman jabatan 1,3 tahun lagi"),
        ({"kode": "penghargaan", "jumlah": Decimal("1")}, "Tambah 1 penghargaan lagi (terverifikasi)"),
        ({"kode": "sk_tim", "jumlah": Decimal("2")}, "Tambah 2 SK tim kerja lagi (terverifikasi)"),
    ],
)  # fmt: skip
def test_each_step_reads_in_its_inputs_own_unit_with_indonesian_numbers_and_dates(fields, teks):
    from apps.petatalenta.engine import Langkah
    from apps.petatalenta.selectors_profil import langkah_tampil

    step = Langkah(sumbu="potensial", level_baru="menengah", **fields)
    with translation.override("id"):
        shown = langkah_tampil(step, model="berbobot")
    assert shown.teks == teks
    assert shown.level_baru_label == "menengah" and shown.jaga == fields.get("jaga", False)


def test_categorical_asesmen_step_asks_for_the_jpm_only():
    from apps.petatalenta.engine import Langkah
    from apps.petatalenta.selectors_profil import langkah_tampil

    step = Langkah("potensial", "asesmen", "menengah", jumlah=Decimal("78"))
    with translation.override("id"):
        assert langkah_tampil(step, model="kategoris").teks == "Ikut asesmen kompetensi dengan JPM minimal 78"


def test_an_expired_asesmen_is_explained_with_indonesian_dates(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    asesmen = AsesmenFactory(
        pegawai=pegawai,
        nilai_potensi=Decimal("70"),
        jpm=Decimal("80"),
        tanggal=timezone.localdate() - dt.timedelta(days=1200),
        berlaku_sampai=timezone.localdate() - dt.timedelta(days=10),
    )
    skp_buat(instansi_a, pegawai)
    flush(instansi_a)
    p = _penjelasan(instansi_a, pegawai)
    item = p.kekurangan[0]
    assert item.kode == "asesmen" and item.wajib and p.status == "perlu_data"
    with translation.override("id"):
        tanggal = date_format(asesmen.tanggal, "j F Y")
        sampai = date_format(asesmen.berlaku_sampai, "j F Y")
    assert item.teks == f"Hasil asesmen tanggal {tanggal} sudah kedaluwarsa sejak {sampai}."
    assert item.asli.startswith("asesmen: hasil asesmen ")


# --- categorical preset -------------------------------------------------------------------------


def test_final_categorical_penempatan_is_explained_with_the_engines_levels(instansi_a):
    aturan_kategoris(instansi_a)
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("85"))
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    expected, aturan = engine_penempatan(instansi_a, pegawai)
    p = _penjelasan(instansi_a, pegawai)

    assert p.model == "kategoris" and p.status == "final"
    _assert_matches_engine(p, expected, aturan, engine_inputs(instansi_a, pegawai))
    assert p.kotak == 5 and p.label_kotak == "Kinerja sesuai ekspektasi, potensial menengah"
    sumbu = {s.sumbu: s for s in p.sumbu}
    assert sumbu["potensial"].skor is None and sumbu["potensial"].level == "menengah"
    assert [(a.label, a.syarat) for a in sumbu["potensial"].ambang] == [
        ("tinggi", "≥ 90"), ("menengah", "78 – < 90"), ("rendah", "< 78"),
    ]  # fmt: skip
    assert [k.keterangan for k in p.komponen] == [
        "kategori JPM: potensial menengah",
        f"predikat Baik ({PERIODE - 1}): kinerja sesuai ekspektasi",
    ]
    assert [s.teks for s in p.langkah] == [
        "Capai JPM minimal 90 pada asesmen berikutnya",
        f"Raih predikat SKP tahunan {PERIODE} Sangat Baik",
    ]
    assert p.rekomendasi == str(REKOMENDASI_LABEL[5])


def test_perlu_data_categorical_penempatan(instansi_a):
    aturan_kategoris(instansi_a)
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("95"))
    flush(instansi_a)
    expected, aturan = engine_penempatan(instansi_a, pegawai)
    p = _penjelasan(instansi_a, pegawai)
    _assert_matches_engine(p, expected, aturan, engine_inputs(instansi_a, pegawai))
    assert p.status == "perlu_data" and p.kotak == 6
    awal, akhir = PERIODE - 2, PERIODE - 1
    assert [(k.kode, k.teks) for k in p.kekurangan] == [
        ("skp", f"Tidak ada SKP tahunan tahun {awal}–{akhir}.")
    ]
    # Potensial is at the top: no step there; kinerja below: the predikat that lifts it.
    sumbu = {s.sumbu: s for s in p.sumbu}
    assert sumbu["potensial"].tertinggi and sumbu["potensial"].langkah == []
    assert [s.teks for s in sumbu["kinerja"].langkah] == [f"Raih predikat SKP tahunan {PERIODE} minimal Baik"]


def test_top_box_has_no_next_steps(instansi_a):
    aturan_kategoris(instansi_a)
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("95"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)
    p = _penjelasan(instansi_a, pegawai)
    assert p.kotak == 9 and p.talent_pool and p.langkah == []
    assert all(s.tertinggi for s in p.sumbu)


def test_aturan_labels_and_numbering_are_used_and_follow_up_follows_the_cell(instansi_a):
    # A BUMN-style numbering: row-major from the bottom left, with its own labels.
    kotak = {f"{k}/{p}": i + 1 for i, (k, p) in enumerate(
        (k, p) for k in ("di_bawah", "sesuai", "di_atas") for p in ("rendah", "menengah", "tinggi")
    )}  # fmt: skip
    aturan_kategoris(instansi_a, kotak=kotak, label_kotak={"5": "Inti"})
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("85"))
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    p = _penjelasan(instansi_a, pegawai)
    assert (p.kotak, p.label_kotak) == (5, "Inti")
    # Cell (sesuai, menengah) is box 5 in PermenPANRB numbering too; take a cell where they differ:
    assert [[sel.kotak for sel in row] for row in p.grid] == [[7, 8, 9], [4, 5, 6], [1, 2, 3]]
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=pegawai).update(
            level_kinerja="di_atas", level_potensial="rendah", kotak=7
        )
    p = _penjelasan(instansi_a, pegawai)
    # Box 7 of this rule set is the PermenPANRB box 4 cell: its follow-up, not box 7's.
    assert p.rekomendasi == str(REKOMENDASI_LABEL[4])
    assert p.label_kotak == "Kinerja di atas ekspektasi, potensial rendah"


def test_recommendation_exists_for_every_box():
    with translation.override("id"):
        assert sorted(REKOMENDASI_LABEL) == sorted(REKOMENDASI_SINGKAT) == list(range(1, 10))
        assert "Nasional" in str(REKOMENDASI_LABEL[9])
        assert "nasional" in str(REKOMENDASI_SINGKAT[9])


# --- stored, not live ---------------------------------------------------------------------------


def test_the_explanation_is_what_was_stored_not_todays_data(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)
    before = _penjelasan(instansi_a, pegawai)
    assert before.kotak == 2  # kinerja 60: sesuai; potensial 57,5: rendah
    # New data arrives and the placement is marked dirty, but not recomputed yet.
    skp_buat(instansi_a, pegawai, "Sangat Kurang")
    p = _penjelasan(instansi_a, pegawai)
    assert p.menunggu_hitung
    assert (p.kotak, [s.skor for s in p.sumbu]) == (before.kotak, [s.skor for s in before.sumbu])
    assert p.langkah == before.langkah
    # After the flush it follows the new stored row, and the history has both, latest first.
    flush(instansi_a, penyebab="impor SKP")
    p = _penjelasan(instansi_a, pegawai)
    assert not p.menunggu_hitung
    assert {s.sumbu: s.skor for s in p.sumbu}["kinerja"] == Decimal("12.00") and p.kotak == 1
    assert [(h.kotak_lama, h.kotak_baru, h.penyebab) for h in p.riwayat] == [
        (2, 1, "impor SKP"),
        (None, 2, "Perubahan data"),  # causes are shown in words (apps/petatalenta/labels.py)
    ]


def test_never_computed_and_pending_only(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    p = _penjelasan(instansi_a, pegawai)
    assert not p.dihitung and p.penempatan is None and p.periode is None and not p.menunggu_hitung
    with instansi_scope(instansi_a):
        penempatan_mark_dirty(instansi_id=instansi_a.pk, pegawai_ids=[pegawai.pk], penyebab="uji")
        ringkas = penempatan_ringkasan_get(instansi=instansi_a, pegawai=pegawai)
    p = _penjelasan(instansi_a, pegawai)
    assert not p.dihitung and p.menunggu_hitung and p.periode == PERIODE
    assert not ringkas.dihitung and ringkas.menunggu_hitung


def test_periods_other_than_the_latest_can_be_read(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("80"))
    skp_buat(instansi_a, pegawai)
    flush(instansi_a)
    with instansi_scope(instansi_a):
        row = Penempatan.objects.get(pegawai=pegawai)
        PenempatanFactory(
            pegawai=pegawai, periode=PERIODE - 1, aturan=row.aturan, kotak=9, level_kinerja="di_atas",
            level_potensial="tinggi", status="final", skor_potensial=90, skor_kinerja=90,
            rincian={"komponen": []}, dihitung_pada=timezone.now(),
        )  # fmt: skip
    p = _penjelasan(instansi_a, pegawai, periode=PERIODE - 1)
    assert (p.periode, p.kotak, p.periode_tersedia) == (PERIODE - 1, 9, [PERIODE, PERIODE - 1])
    assert _penjelasan(instansi_a, pegawai).periode == PERIODE
    missing = _penjelasan(instansi_a, pegawai, periode=2001)
    assert not missing.dihitung and missing.periode == 2001


def test_unknown_missing_item_text_is_shown_as_stored():
    item = kekurangan_tampil("sertifikat: belum ada sertifikat wajib")
    assert (item.kode, item.label, item.teks, item.wajib) == (
        "sertifikat", "Sertifikat", "Belum ada sertifikat wajib", False,
    )  # fmt: skip


def test_query_count_does_not_grow_with_the_history(instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("80"))
    skp_buat(instansi_a, pegawai)
    flush(instansi_a)

    def count() -> int:
        with instansi_scope(instansi_a), CaptureQueriesContext(connection) as ctx:
            p = penempatan_penjelasan_get(instansi=instansi_a, pegawai=pegawai)
        assert p.riwayat  # rule-set version of each row already loaded (a dataclass, no lazy FK)
        return len(ctx.captured_queries)

    few = count()
    with instansi_scope(instansi_a):
        aturan = AturanTalenta.objects.get(instansi=instansi_a)
        for i in range(30):
            RiwayatPenempatanFactory(
                pegawai=pegawai, periode=PERIODE, aturan=aturan, kotak_lama=1, kotak_baru=2, status="final",
                penyebab=f"uji {i}", inputs_hash="x",
            )  # fmt: skip
    assert count() == few <= 3


def test_no_single_step_names_the_pairs_and_an_expiring_asesmen_asks_for_reassessment(instansi_a):
    from apps.petatalenta.selectors_profil import asesmen_segera_sebelum as segera

    pegawai = PegawaiFactory(instansi=instansi_a)
    hari_ini = timezone.localdate()
    # Valid for two more months: inside the 6-month "expires soon" window.
    berlaku = hari_ini + dt.timedelta(days=60)
    AsesmenFactory(
        pegawai=pegawai, nilai_potensi=Decimal("70"), jpm=Decimal("80"),
        tanggal=berlaku - dt.timedelta(days=3 * 365), berlaku_sampai=berlaku,
    )  # fmt: skip
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    p = _penjelasan(instansi_a, pegawai)
    sumbu = {s.sumbu: s for s in p.sumbu}
    # Potensial 16 + 17,5 + 15 = 48,5: 11,5 points to menengah; kesesuaian (10) or 40 JP (10) alone
    # are not enough; each of them with a higher JPM or potensi, or with each other, is.
    assert sumbu["potensial"].level == "rendah" and sumbu["potensial"].langkah == []
    assert "jenjang pendidikan berikutnya" not in " ".join(sumbu["potensial"].kombinasi)
    assert (
        "JP pelatihan sampai target dan bidang pendidikan dinilai sesuai jabatan"
        in sumbu["potensial"].kombinasi
    )
    assert segera(hari_ini) >= berlaku
    with translation.override("id"):
        sampai = date_format(berlaku, "j F Y")
    assert [s.teks for s in sumbu["potensial"].jaga] == [
        f"Ikut asesmen ulang sebelum {sampai}: hasil asesmen {berlaku.year - 3} berlaku sampai {sampai}"
    ]
    assert [s.teks for s in p.langkah_jaga] == [s.teks for s in sumbu["potensial"].jaga]
