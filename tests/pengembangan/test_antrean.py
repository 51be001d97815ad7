"""The assessment queue's pure core: who is in the queue, its order (table-driven), the budget
line in slots and in rupiah, and the coverage after it (apps/pengembangan/antrean.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

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
