"""Registries of notification kinds and reminder sources (docs/notifications.md).

notifikasi sits below the apps whose events it reminds about (pegawai, asesmen, komite), so it
cannot import them. Each of those apps registers, from its AppConfig.ready(), the kinds of
notification it sends (`jenis_register`: the words of the preferences page, who may receive them)
and its reminder sources (`sumber_register`: a function that lists, in a few queries for a whole
instansi, the reminders due now). The beat task (apps/notifikasi/tasks.py) runs every source for
every active instansi; `services_pengingat.pengingat_jalankan` delivers them through the ledger, so
each (recipient, key) is sent once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass
from typing import Any


@dataclass(frozen=True)
class JenisNotifikasi:
    """One kind of notification a user can choose to get in the inbox and/or by e-mail."""

    kode: str  # "pegawai.riwayat_ditolak": the Notifikasi.jenis of its rows
    label: Any  # lazy translated words for the preferences page
    _: KW_ONLY
    keterangan: Any = ""
    # Roles that receive this kind (the preferences page lists only the user's own).
    peran: frozenset[str] = frozenset()
    order: int = 100


@dataclass(frozen=True)
class Pengingat:
    """One reminder due to one user. `kunci` names the event and its period; with the recipient it
    is the ledger's unique key, so the same reminder is never sent twice."""

    penerima_id: int
    kunci: str
    judul: str
    isi: str = ""
    tautan: str = ""


# (instansi, sekarang) -> the reminders due now. Read in a fixed number of queries for the whole
# instansi (never one per person); the runner consumes the iterable in batches.
Kumpulkan = Callable[..., Iterable[Pengingat]]


@dataclass(frozen=True)
class SumberPengingat:
    jenis: str  # the JenisNotifikasi.kode its reminders carry
    kumpulkan: Kumpulkan
    _: KW_ONLY
    # Periodic reminders (digests, backlogs) wait until NOTIFIKASI_JAM_KIRIM local time; an event
    # that just happened (a rejection) goes out at the next run whatever the hour.
    berkala: bool = True
    order: int = 100


_jenis: dict[str, JenisNotifikasi] = {}
_sumber: dict[str, SumberPengingat] = {}


def jenis_register(jenis: JenisNotifikasi) -> None:
    """Add (or, under the same code, replace) a kind; called from an AppConfig.ready()."""
    _jenis[jenis.kode] = jenis


def jenis_semua() -> list[JenisNotifikasi]:
    return sorted(_jenis.values(), key=lambda j: (j.order, j.kode))


def jenis_get(kode: str) -> JenisNotifikasi | None:
    return _jenis.get(kode)


def jenis_untuk_peran(peran: str) -> list[JenisNotifikasi]:
    """The kinds a user of this role can receive (the rows of their preferences page)."""
    return [j for j in jenis_semua() if peran in j.peran]


def sumber_register(sumber: SumberPengingat) -> None:
    """Add (or, under the same kind, replace) a reminder source; called from an AppConfig.ready()."""
    if sumber.jenis not in _jenis:
        raise ValueError(f"sumber_register: register the kind {sumber.jenis!r} first (jenis_register)")
    _sumber[sumber.jenis] = sumber


def sumber_semua() -> list[SumberPengingat]:
    return sorted(_sumber.values(), key=lambda s: (s.order, s.jenis))


# --- periods: the part of a key that makes "one per event per period" --------------------------


def periode_minggu(hari: dt.date) -> str:
    """ISO week, "2026-W49": a weekly digest's period."""
    tahun, minggu, _hari = hari.isocalendar()
    return f"{tahun}-W{minggu:02d}"


def periode_hari(hari: dt.date) -> str:
    return hari.isoformat()


def hari_kerja_mundur(hari: dt.date, jumlah: int) -> dt.date:
    """The date `jumlah` working days (Monday to Friday) before `hari`."""
    while jumlah > 0:
        hari -= dt.timedelta(days=1)
        if hari.weekday() < 5:
            jumlah -= 1
    return hari
