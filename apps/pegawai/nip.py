"""NIP (PNS/CPNS) and NI PPPK: parsing and validation (docs/domain.md §2).

PNS NIP:  YYYYMMDD birth · YYYYMM TMT CPNS · sex digit (1 = L, 2 = P) · NNN sequence 001–999.
NI PPPK:  YYYYMMDD birth · YYYY first PPPK appointment · NN contract count · sex digit · NNN.
Digits 13–14 of an NI PPPK are not a month, so the PNS rules are never applied to PPPK numbers.
There is no check digit. Every failure has its own message a BKD clerk can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

NIP_LENGTH = 18
# Earliest plausible years: CPNS appointments under the 18-digit NIP scheme start well before 2007
# (older PNS were re-numbered); PPPK exist since 2019 (PP 49/2018).
TAHUN_PPPK_PERTAMA = 2019
USIA_MINIMAL = 18
APOSTROPHES = "'‘’`"  # ' and what autocorrect makes of it
SCIENTIFIC = re.compile(r"^\s*\d(?:[.,]\d+)?[eE][+]?\d+\s*$")


@dataclass(frozen=True)
class NipInfo:
    nip: str
    tanggal_lahir: dt.date
    jenis_kelamin: str  # "L" or "P"
    tmt_cpns: dt.date | None = None  # PNS/CPNS only: first day of the TMT month
    tahun_pppk: int | None = None  # PPPK only
    perjanjian_ke: int | None = None  # PPPK only

    @property
    def tampilan(self) -> str:
        """Grouped for reading: "19860926 201505 1 001" (PNS) or "19900315 2022 01 2 001" (PPPK)."""
        n = self.nip
        if self.tmt_cpns is not None:
            return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"


def nip_normalize(value: object) -> str:
    """Text as typed, minus the spaces people group NIPs with and the apostrophe people type in
    front ('198609262015051001) to keep a spreadsheet from turning it into a number. Numbers are
    refused outright: a spreadsheet that stored a NIP as a number has already lost its last digits."""
    if isinstance(value, int | float | Decimal):  # bool is an int too
        raise ValidationError(
            _(
                "NIP tersimpan sebagai angka, bukan teks, sehingga digit terakhirnya bisa hilang. "
                "Format kolom NIP sebagai Teks di Excel lalu ketik ulang NIP-nya."
            ),
            code="nip_angka",
        )
    text = str(value or "").strip().lstrip(APOSTROPHES).strip()
    if SCIENTIFIC.match(text) or re.fullmatch(r"\d+\.0+", text):
        raise ValidationError(
            _(
                "NIP '%(nilai)s' tersimpan sebagai angka (notasi ilmiah), sehingga digitnya hilang. "
                "Format kolom NIP sebagai Teks di Excel lalu ketik ulang NIP-nya."
            )
            % {"nilai": text},
            code="nip_angka",
        )
    return "".join(text.split())


def _tanggal_lahir(nip: str, label: str, today: dt.date) -> dt.date:
    try:
        lahir = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada %(label)s (digit 1–8: %(digit)s) bukan tanggal yang valid.")
            % {"label": label, "digit": nip[0:8]},
            code="nip_tanggal_lahir",
        ) from None
    if lahir.year < 1940 or lahir > today:
        raise ValidationError(
            _("Tanggal lahir pada %(label)s (%(tanggal)s) tidak mungkin untuk ASN aktif.")
            % {"label": label, "tanggal": lahir.strftime("%d-%m-%Y")},
            code="nip_tanggal_lahir",
        )
    return lahir


def _jenis_kelamin(digit: str, label: str, posisi: int) -> str:
    if digit not in ("1", "2"):
        raise ValidationError(
            _(
                "Digit jenis kelamin pada %(label)s (digit ke-%(posisi)s) harus 1 (laki-laki) atau 2 (perempuan), bukan %(digit)s."
            )
            % {"label": label, "posisi": posisi, "digit": digit},
            code="nip_jenis_kelamin",
        )
    return "L" if digit == "1" else "P"


def _urutan(nip: str, label: str) -> None:
    if nip[15:] == "000":
        raise ValidationError(
            _("Nomor urut pada %(label)s (3 digit terakhir) harus 001–999, bukan 000.") % {"label": label},
            code="nip_urutan",
        )


def _bentuk(nip: str, label: str) -> None:
    if not nip:
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label}, code="nip_kosong")
    if not nip.isdigit():
        raise ValidationError(
            _("%(label)s hanya boleh berisi angka; ditemukan '%(nilai)s'.") % {"label": label, "nilai": nip},
            code="nip_bukan_angka",
        )
    if len(nip) != NIP_LENGTH:
        raise ValidationError(
            _("%(label)s harus 18 digit; yang diisi %(n)s digit.") % {"label": label, "n": len(nip)},
            code="nip_panjang",
        )


def nip_pns_parse(value: object, *, today: dt.date | None = None) -> NipInfo:
    """Validate a PNS/CPNS NIP and return what it encodes."""
    today = today or timezone.localdate()
    nip = nip_normalize(value)
    _bentuk(nip, "NIP")
    lahir = _tanggal_lahir(nip, "NIP", today)
    try:
        tmt = dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        raise ValidationError(
            _("TMT CPNS pada NIP (digit 9–14: %(digit)s) bukan tahun dan bulan yang valid.")
            % {"digit": nip[8:14]},
            code="nip_tmt",
        ) from None
    if tmt > today:
        raise ValidationError(
            _("TMT CPNS pada NIP (%(tmt)s) belum terjadi.") % {"tmt": tmt.strftime("%m-%Y")}, code="nip_tmt"
        )
    if (tmt.year - lahir.year) * 12 + (tmt.month - lahir.month) < USIA_MINIMAL * 12:
        raise ValidationError(
            _("TMT CPNS pada NIP (%(tmt)s) terjadi sebelum pegawai berusia 18 tahun (lahir %(lahir)s).")
            % {"tmt": tmt.strftime("%m-%Y"), "lahir": lahir.strftime("%d-%m-%Y")},
            code="nip_tmt",
        )
    kelamin = _jenis_kelamin(nip[14], "NIP", 15)
    _urutan(nip, "NIP")
    return NipInfo(nip=nip, tanggal_lahir=lahir, jenis_kelamin=kelamin, tmt_cpns=tmt)


def ni_pppk_parse(value: object, *, today: dt.date | None = None) -> NipInfo:
    """Validate an NI PPPK (never with the PNS month rule) and return what it encodes."""
    today = today or timezone.localdate()
    label = "NI PPPK"
    nip = nip_normalize(value)
    _bentuk(nip, label)
    lahir = _tanggal_lahir(nip, label, today)
    tahun = int(nip[8:12])
    if tahun < TAHUN_PPPK_PERTAMA or tahun > today.year:
        raise ValidationError(
            _(
                "Tahun pengangkatan PPPK pada NI PPPK (digit 9–12: %(tahun)s) harus antara %(awal)s dan %(kini)s."
            )
            % {"tahun": nip[8:12], "awal": TAHUN_PPPK_PERTAMA, "kini": today.year},
            code="nip_tmt",
        )
    if tahun - lahir.year < USIA_MINIMAL:
        raise ValidationError(
            _(
                "Tahun pengangkatan PPPK (%(tahun)s) terjadi sebelum pegawai berusia 18 tahun (lahir %(lahir)s)."
            )
            % {"tahun": tahun, "lahir": lahir.strftime("%d-%m-%Y")},
            code="nip_tmt",
        )
    perjanjian = int(nip[12:14])
    if perjanjian == 0:
        raise ValidationError(
            _("Jumlah perjanjian kerja pada NI PPPK (digit 13–14) harus 01 atau lebih, bukan 00."),
            code="nip_perjanjian",
        )
    kelamin = _jenis_kelamin(nip[14], label, 15)
    _urutan(nip, label)
    return NipInfo(
        nip=nip, tanggal_lahir=lahir, jenis_kelamin=kelamin, tahun_pppk=tahun, perjanjian_ke=perjanjian
    )


def nip_check(value: object, *, today: dt.date | None = None) -> NipInfo:
    """A NIP or an NI PPPK, when the status is not known (a NIP typed in an import): whichever rule
    the number satisfies. When it satisfies neither, the NIP rule's own message says why."""
    try:
        return nip_pns_parse(value, today=today)
    except ValidationError as error:
        try:
            return ni_pppk_parse(value, today=today)
        except ValidationError:
            raise error from None


def nip_parse_for_status(value: object, *, status: str, today: dt.date | None = None) -> NipInfo:
    """The right rules for the employment status: NIP for PNS/CPNS, NI PPPK for PPPK."""
    from .referensi import STATUS_PPPK

    if status in STATUS_PPPK:
        return ni_pppk_parse(value, today=today)
    return nip_pns_parse(value, today=today)


def nip_check_profile(info: NipInfo, *, tanggal_lahir: dt.date | None, jenis_kelamin: str | None) -> None:
    """The birth date and sex in the number must agree with the profile."""
    errors = {}
    if tanggal_lahir is not None and tanggal_lahir != info.tanggal_lahir:
        errors["tanggal_lahir"] = _(
            "Tanggal lahir %(profil)s tidak sama dengan tanggal lahir pada NIP (%(nip)s)."
        ) % {"profil": tanggal_lahir.strftime("%d-%m-%Y"), "nip": info.tanggal_lahir.strftime("%d-%m-%Y")}
    if jenis_kelamin and jenis_kelamin != info.jenis_kelamin:
        errors["jenis_kelamin"] = _(
            "Jenis kelamin %(profil)s tidak sama dengan digit jenis kelamin pada NIP (%(nip)s)."
        ) % {
            "profil": "laki-laki" if jenis_kelamin == "L" else "perempuan",
            "nip": "laki-laki" if info.jenis_kelamin == "L" else "perempuan",
        }
    if errors:
        raise ValidationError(errors)
