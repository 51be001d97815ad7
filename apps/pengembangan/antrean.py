"""The assessment queue's pure core: who to assess first when the budget is limited
(docs/pengembangan-antrean.md).

No database, no clock: the loader (services_antrean.py) reads the stored rows of an instansi into
`Calon` values and the day to judge on; `antrean_susun` returns the ranked queue, and
`garis_anggaran` draws the budget line through it. The same inputs always give the same queue.

Who is in the queue: an active pegawai without a valid asesmen (never assessed, or the last result
expired), or whose asesmen expires within the setting's months. The order, group by group:

1. candidates for a key post at risk (the succession status says `berisiko`);
2. those whose other data would place them in the KRS: a KRS member whose asesmen is about to
   expire, or a pegawai whose kinerja and other potential components reach a talent-pool box with a
   good asesmen result;
3. pegawai on a managerial or fungsional level the instansi's key posts draw their candidates from;
4. everyone else.

Inside a group: longest without a valid assessment first (never assessed, then the oldest expiry
date), then the pegawai id (a stable order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import NamedTuple


class Kelompok(IntEnum):
    JABATAN_KUNCI_BERISIKO = 1
    CALON_KRS = 2
    TINGKAT_SUMBER = 3
    LAINNYA = 4


class StatusAsesmen:
    BELUM_PERNAH = "belum_pernah"
    KEDALUWARSA = "kedaluwarsa"
    SEGERA_KEDALUWARSA = "segera_kedaluwarsa"


class Calon(NamedTuple):
    """One active pegawai as the queue sees them (every field read from stored rows). A named
    tuple: the loader makes 100,000 of them per build."""

    pegawai_id: int
    tingkat: str = ""  # level code: jenis jabatan, or the jenjang of a fungsional
    perangkat_daerah_id: int | None = None
    asesmen_terakhir: dt.date | None = None  # date of the latest asesmen
    berlaku_sampai: dt.date | None = None  # the latest validity end of any asesmen
    # Names of at-risk key posts the pegawai is a candidate for (succession's derived rows).
    jabatan_kunci_berisiko: tuple[str, ...] = ()
    krs: bool = False  # in the talent pool now (final placement in a KRS box)
    kotak: int | None = None  # the current box
    # The talent-pool box the other data reach with an asesmen result in line with them (None: none).
    kotak_dengan_asesmen: int | None = None
    # The key-post levels this pegawai's level feeds (from the key posts and the succession rules).
    tingkat_tujuan: tuple[str, ...] = ()


class Baris(NamedTuple):
    """One place in the queue. `alasan` is the reason as data; labels turn it into words."""

    peringkat: int
    pegawai_id: int
    kelompok: int  # a Kelompok value
    status_asesmen: str
    perangkat_daerah_id: int | None
    asesmen_terakhir: dt.date | None
    berlaku_sampai: dt.date | None
    alasan: tuple


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """`tanggal` plus `bulan` calendar months (the day clipped to the month's last day)."""
    bulan_total = tanggal.month - 1 + bulan
    tahun, bulan_baru = tanggal.year + bulan_total // 12, bulan_total % 12 + 1
    for hari in (tanggal.day, 30, 29, 28):
        try:
            return dt.date(tahun, bulan_baru, hari)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Plain ints in the stored rows (pickled fast, no enum class needed to read them).
_BERISIKO, _KRS, _SUMBER, _LAINNYA = (int(k) for k in Kelompok)


def kelompok_dan_alasan(calon: Calon) -> tuple[int, tuple]:
    """The pegawai's priority group and the data of its reason (selectors_antrean words it)."""
    if calon.jabatan_kunci_berisiko:
        return _BERISIKO, tuple(sorted(calon.jabatan_kunci_berisiko))
    if calon.krs:
        return _KRS, ("krs", calon.kotak)
    if calon.kotak_dengan_asesmen is not None:
        return _KRS, ("bisa_krs", calon.kotak_dengan_asesmen)
    if calon.tingkat_tujuan:
        return _SUMBER, (calon.tingkat, tuple(sorted(calon.tingkat_tujuan)))
    return _LAINNYA, ()


def antrean_susun(calon: Iterable[Calon], *, tanggal: dt.date, bulan_segera: int) -> list[Baris]:
    """The ranked queue of the given pegawai on `tanggal` (see the module docstring)."""
    batas_segera = tambah_bulan(tanggal, bulan_segera)
    belum, lewat, segera = (
        StatusAsesmen.BELUM_PERNAH,
        StatusAsesmen.KEDALUWARSA,
        StatusAsesmen.SEGERA_KEDALUWARSA,
    )
    kunci = []
    for c in calon:
        sampai = c.berlaku_sampai
        if sampai is None:
            status, lama = belum, 0
        elif sampai < tanggal:
            status, lama = lewat, sampai.toordinal()
        elif sampai <= batas_segera:
            status, lama = segera, sampai.toordinal()
        else:
            continue
        kelompok, alasan = kelompok_dan_alasan(c)
        # One integer for (group, longest without a valid asesmen); day ordinals stay below 10^7.
        # The pegawai id second: unique, so the comparison never reaches the other items.
        kunci.append((kelompok * 10_000_000 + lama, c.pegawai_id, kelompok, status, c.perangkat_daerah_id,
                      c.asesmen_terakhir, sampai, alasan))  # fmt: skip
    kunci.sort()
    # tuple.__new__: the named tuple without its Python-level __new__ (tens of thousands of rows).
    baru = tuple.__new__
    return [baru(Baris, (nomor, *k[1:])) for nomor, k in enumerate(kunci, start=1)]


# --- the budget line --------------------------------------------------------------------------


@dataclass(frozen=True)
class Anggaran:
    """A budget as the queue needs it: slots, or rupiah with the unit cost of the chosen method."""

    jenis: str  # "slot" | "rupiah"
    jumlah_slot: int | None = None
    jumlah_rupiah: Decimal | None = None
    biaya_satuan: Decimal | None = None  # rupiah per person for the chosen method


@dataclass(frozen=True)
class GarisAnggaran:
    slot: int  # how many pegawai from the head of the queue the budget covers
    tercakup: int  # min(slot, queue length)
    biaya_terpakai: Decimal | None  # rupiah spent on the covered (rupiah budgets only)
    sisa_rupiah: Decimal | None
    kurang_slot: int  # queue places past the line (not covered)


def slot_anggaran(anggaran: Anggaran) -> int:
    """Slots a budget buys: the number itself, or whole assessments the rupiah pays for."""
    if anggaran.jenis == "rupiah":
        if not anggaran.jumlah_rupiah or not anggaran.biaya_satuan or anggaran.biaya_satuan <= 0:
            return 0
        return int(anggaran.jumlah_rupiah // anggaran.biaya_satuan)
    return max(int(anggaran.jumlah_slot or 0), 0)


def garis_anggaran(anggaran: Anggaran, *, panjang_antrean: int) -> GarisAnggaran:
    slot = slot_anggaran(anggaran)
    tercakup = min(slot, panjang_antrean)
    if anggaran.jenis == "rupiah" and anggaran.biaya_satuan:
        terpakai = anggaran.biaya_satuan * tercakup
        sisa = (anggaran.jumlah_rupiah or Decimal(0)) - terpakai
    else:
        terpakai = sisa = None
    return GarisAnggaran(
        slot=slot,
        tercakup=tercakup,
        biaya_terpakai=terpakai,
        sisa_rupiah=sisa,
        kurang_slot=max(panjang_antrean - slot, 0),
    )


@dataclass(frozen=True)
class Cakupan:
    """Asesmen coverage of the instansi's active pegawai now and once the covered are assessed."""

    total_pegawai: int
    berlaku_sekarang: int
    berlaku_setelah: int  # valid now + covered pegawai who have no valid asesmen now
    diperbarui: int  # covered pegawai whose still-valid asesmen is renewed before it expires

    @staticmethod
    def persen(bagian: int, total: int) -> Decimal:
        if not total:
            return Decimal(0)
        return (Decimal(bagian) * 100 / total).quantize(Decimal("0.1"))

    @property
    def persen_sekarang(self) -> Decimal:
        return self.persen(self.berlaku_sekarang, self.total_pegawai)

    @property
    def persen_setelah(self) -> Decimal:
        return self.persen(self.berlaku_setelah, self.total_pegawai)


def cakupan_hitung(status_tercakup: Sequence[str], *, total_pegawai: int, berlaku_sekarang: int) -> Cakupan:
    """Coverage from the asesmen status of the covered queue places (the head of the queue)."""
    tanpa_berlaku = sum(1 for s in status_tercakup if s != StatusAsesmen.SEGERA_KEDALUWARSA)
    return Cakupan(
        total_pegawai=total_pegawai,
        berlaku_sekarang=berlaku_sekarang,
        berlaku_setelah=berlaku_sekarang + tanpa_berlaku,
        diperbarui=len(status_tercakup) - tanpa_berlaku,
    )
