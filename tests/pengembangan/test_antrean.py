"""The assessment queue's pure core: who is in the queue, its order (table-driven), the budget
line in slots and in rupiah, and the coverage after it (apps/pengembangan/antrean.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.pengembangan.antrean import (
    Anggaran,
    Calon,
    Kelompok,
    StatusAsesmen,
    antrean_susun,
    cakupan_hitung,
    garis_anggaran,
    slot_anggaran,
    tambah_bulan,
)

HARI = dt.date(2026, 6, 15)


def _susun(*calon: Calon) -> list:
    return antrean_susun(calon, tanggal=HARI, bulan_segera=6)


@pytest.mark.parametrize(
    ("berlaku_sampai", "status"),
    [
        (None, StatusAsesmen.BELUM_PERNAH),
        (dt.date(2026, 6, 14), StatusAsesmen.KEDALUWARSA),
        (dt.date(2026, 6, 15), StatusAsesmen.SEGERA_KEDALUWARSA),  # the end day still counts as valid
        (dt.date(2026, 12, 15), StatusAsesmen.SEGERA_KEDALUWARSA),  # exactly six months ahead
        (dt.date(2026, 12, 16), None),  # valid long enough: not in the queue
    ],
)
def test_who_is_in_the_queue(berlaku_sampai, status):
    antrean = _susun(Calon(pegawai_id=1, berlaku_sampai=berlaku_sampai))
    assert [b.status_asesmen for b in antrean] == ([status] if status else [])


BERISIKO = Calon(pegawai_id=10, berlaku_sampai=dt.date(2026, 1, 1), jabatan_kunci_berisiko=("Kepala Dinas",))
KRS_SEKARANG = Calon(pegawai_id=20, berlaku_sampai=dt.date(2026, 9, 1), krs=True, kotak=8)
BISA_KRS = Calon(pegawai_id=30, kotak_dengan_asesmen=9)
SUMBER = Calon(pegawai_id=40, tingkat="pengawas", tingkat_tujuan=("administrator",))
LAIN_BELUM = Calon(pegawai_id=50)
LAIN_LAMA = Calon(pegawai_id=60, berlaku_sampai=dt.date(2020, 1, 1))
LAIN_BARU_LEWAT = Calon(pegawai_id=70, berlaku_sampai=dt.date(2026, 3, 1))
LAIN_SEGERA = Calon(pegawai_id=80, berlaku_sampai=dt.date(2026, 8, 1))


@pytest.mark.parametrize(
    ("calon", "urutan", "kelompok"),
    [
        # The four groups, whatever order they come in.
        (
            (LAIN_BELUM, SUMBER, BISA_KRS, KRS_SEKARANG, BERISIKO),
            [10, 30, 20, 40, 50],
            [1, 2, 2, 3, 4],
        ),
        # Inside a group: never assessed, then the oldest expiry, then expiring soon.
        ((LAIN_SEGERA, LAIN_BARU_LEWAT, LAIN_LAMA, LAIN_BELUM), [50, 60, 70, 80], [4, 4, 4, 4]),
        # Inside the KRS group the longest without a valid asesmen goes first (30 never assessed).
        ((KRS_SEKARANG, BISA_KRS), [30, 20], [2, 2]),
        # A candidate for an at-risk post outranks a KRS member, even when assessed more recently.
        (
            (Calon(pegawai_id=1, krs=True, kotak=9), Calon(pegawai_id=2, berlaku_sampai=dt.date(2026, 7, 1), jabatan_kunci_berisiko=("Sekretaris",))),
            [2, 1],
            [1, 2],
        ),
        # Same group and same date: the pegawai id decides (a stable order).
        ((Calon(pegawai_id=9), Calon(pegawai_id=3)), [3, 9], [4, 4]),
        # A feeder level without a valid asesmen but with a valid one long enough: only the first.
        ((SUMBER, Calon(pegawai_id=41, tingkat="pengawas", tingkat_tujuan=("administrator",), berlaku_sampai=dt.date(2028, 1, 1))), [40], [3]),
    ],
)  # fmt: skip
def test_queue_order(calon, urutan, kelompok):
    antrean = _susun(*calon)
    assert [b.pegawai_id for b in antrean] == urutan
    assert [int(b.kelompok) for b in antrean] == kelompok
    assert [b.peringkat for b in antrean] == list(range(1, len(urutan) + 1))


def test_reasons_carry_what_the_words_need():
    berisiko, bisa, krs, sumber, lain = _susun(
        Calon(pegawai_id=1, jabatan_kunci_berisiko=("Sekretaris", "Kepala Dinas")),
        KRS_SEKARANG,
        BISA_KRS,
        SUMBER,
        LAIN_BELUM,
    )
    assert (berisiko.kelompok, berisiko.alasan) == (
        Kelompok.JABATAN_KUNCI_BERISIKO,
        ("Kepala Dinas", "Sekretaris"),
    )
    assert krs.alasan == ("krs", 8)
    assert bisa.alasan == ("bisa_krs", 9)
    assert sumber.alasan == ("pengawas", ("administrator",))
    assert lain.alasan == ()


@pytest.mark.parametrize(
    ("anggaran", "panjang", "slot", "tercakup", "terpakai", "sisa", "di_luar"),
    [
        (Anggaran(jenis="slot", jumlah_slot=3), 10, 3, 3, None, None, 7),
        (Anggaran(jenis="slot", jumlah_slot=30), 10, 30, 10, None, None, 0),
        (Anggaran(jenis="slot", jumlah_slot=0), 10, 0, 0, None, None, 10),
        # 10,000,000 ÷ 3,500,000 = 2 whole assessments; 3,000,000 left.
        (Anggaran(jenis="rupiah", jumlah_rupiah=Decimal(10_000_000), biaya_satuan=Decimal(3_500_000)), 10, 2, 2,
         Decimal(7_000_000), Decimal(3_000_000), 8),
        # More money than queue: only the queue is spent.
        (Anggaran(jenis="rupiah", jumlah_rupiah=Decimal(10_000_000), biaya_satuan=Decimal(750_000)), 5, 13, 5,
         Decimal(3_750_000), Decimal(6_250_000), 0),
        # Exactly enough for one.
        (Anggaran(jenis="rupiah", jumlah_rupiah=Decimal(1_500_000), biaya_satuan=Decimal(1_500_000)), 4, 1, 1,
         Decimal(1_500_000), Decimal(0), 3),
        # No unit cost: nothing can be bought.
        (Anggaran(jenis="rupiah", jumlah_rupiah=Decimal(1_500_000), biaya_satuan=None), 4, 0, 0, None, None, 4),
    ],
)  # fmt: skip
def test_budget_line(anggaran, panjang, slot, tercakup, terpakai, sisa, di_luar):
    garis = garis_anggaran(anggaran, panjang_antrean=panjang)
    assert (garis.slot, garis.tercakup, garis.biaya_terpakai, garis.sisa_rupiah, garis.kurang_slot) == (
        slot,
        tercakup,
        terpakai,
        sisa,
        di_luar,
    )
    assert slot_anggaran(anggaran) == slot


def test_coverage_after_the_line_counts_only_who_lacks_a_valid_asesmen():
    status = [StatusAsesmen.BELUM_PERNAH, StatusAsesmen.SEGERA_KEDALUWARSA, StatusAsesmen.KEDALUWARSA]
    cakupan = cakupan_hitung(status, total_pegawai=20, berlaku_sekarang=10)
    assert (cakupan.berlaku_setelah, cakupan.diperbarui) == (12, 1)
    assert (cakupan.persen_sekarang, cakupan.persen_setelah) == (Decimal("50.0"), Decimal("60.0"))
    assert cakupan_hitung([], total_pegawai=0, berlaku_sekarang=0).persen_setelah == Decimal(0)


@pytest.mark.parametrize(
    ("tanggal", "bulan", "hasil"),
    [
        (dt.date(2026, 6, 15), 6, dt.date(2026, 12, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    ],
)
def test_months_ahead(tanggal, bulan, hasil):
    assert tambah_bulan(tanggal, bulan) == hasil


# --- the loader's rules that need no database ---------------------------------------------------


@pytest.mark.parametrize(
    ("model", "level_kinerja", "skor_potensial", "kotak"),
    [
        # Weighted preset (asesmen components 45 of 100, cut-offs 60/80): 50 → 90,9 → tinggi.
        ("berbobot", "di_atas", Decimal("50.00"), 9),
        ("berbobot", "sesuai", Decimal("50.00"), 8),
        # 35 → 63,6 → menengah: box 7 with kinerja above expectations, box 5 (not KRS) with sesuai.
        ("berbobot", "di_atas", Decimal("35.00"), 7),
        ("berbobot", "sesuai", Decimal("35.00"), None),
        # 30 → 54,5 → rendah: box 4, not KRS.
        ("berbobot", "di_atas", Decimal("30.00"), None),
        # Kinerja below expectations never reaches the KRS (box 6 at best).
        ("berbobot", "di_bawah", Decimal("55.00"), None),
        ("berbobot", "", Decimal("55.00"), None),
        # Categorical: a middle JPM category is assumed.
        ("kategoris", "di_atas", None, 7),
        ("kategoris", "sesuai", None, None),
    ],
)
def test_box_the_other_data_reach(model, level_kinerja, skor_potensial, kotak):
    from apps.pengembangan.services_antrean import _kotak_dengan_asesmen
    from apps.petatalenta.engine import PRESET_BERBOBOT, PRESET_KATEGORIS, Aturan

    aturan = Aturan.from_config(PRESET_BERBOBOT if model == "berbobot" else PRESET_KATEGORIS)
    assert _kotak_dengan_asesmen(aturan, level_kinerja=level_kinerja, skor_potensial=skor_potensial) == kotak


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({}, set()),
        ({"jumlah_slot": 0}, {"jumlah_slot"}),
        ({"jumlah_slot": None}, {"jumlah_slot"}),
        ({"jenis": "rupiah", "jumlah_slot": None, "jumlah_rupiah": None}, {"jumlah_rupiah"}),
        (
            {
                "jenis": "rupiah",
                "jumlah_rupiah": Decimal(5_000_000),
                "metode": "cact",
                "biaya_per_metode": {},
            },
            {"biaya_cact"},
        ),
        (
            {
                "jenis": "rupiah",
                "jumlah_rupiah": Decimal(5_000_000),
                "biaya_per_metode": {"assessment_center": 1},
            },
            set(),
        ),
        ({"metode": "wawancara"}, {"metode"}),
        ({"jenis": "orang"}, {"jenis"}),
        ({"tahun": 1999}, {"tahun"}),
        ({"biaya_per_metode": {"cact": -5}}, {"biaya_cact"}),
        # Every problem at once.
        ({"tahun": 1999, "jumlah_slot": 0, "metode": "x"}, {"tahun", "jumlah_slot", "metode"}),
    ],
)
def test_budget_rules(changes, fields):
    from django.core.exceptions import ValidationError

    from apps.pengembangan.services_antrean import AnggaranData, anggaran_clean

    base = {"tahun": timezone.localdate().year, "jenis": "slot", "jumlah_slot": 10, "jumlah_rupiah": None,
            "metode": "assessment_center", "biaya_per_metode": {"assessment_center": 3_500_000}}  # fmt: skip
    data = AnggaranData(**{**base, **changes})
    if not fields:
        anggaran_clean(data)
        return
    with pytest.raises(ValidationError) as error:
        anggaran_clean(data)
    assert set(error.value.message_dict) == fields
