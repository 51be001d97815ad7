"""Forced distribution (kurva distribusi): a unit's own organisational predikat caps how its
employees' annual predikat may be distributed (docs/domain.md §4). A breach is a *warning* on
SKP imports and pages, never a blocker: the data are what the evaluators decided."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import PredikatOrganisasi
from .predikat import Predikat

SB, B, BP, KM, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG_MISCONDUCT,
    Predikat.SANGAT_KURANG,
)


@dataclass(frozen=True)
class AturanKurva:
    """share(predikat set) compared with a bound: ("max", 0.7) or ("min", 0.6) or ("any", None)."""

    predikat: tuple[str, ...]
    jenis: str
    batas: float | None


KURVA: dict[str, list[AturanKurva]] = {
    PredikatOrganisasi.Nilai.ISTIMEWA: [AturanKurva((SB,), "max", 0.70)],
    PredikatOrganisasi.Nilai.BAIK: [AturanKurva((B,), "max", 0.70), AturanKurva((BP, KM), "any", None)],
    PredikatOrganisasi.Nilai.BUTUH_PERBAIKAN: [
        AturanKurva((BP,), "min", 0.60),
        AturanKurva((SB,), "max", 0.10),
    ],
    PredikatOrganisasi.Nilai.KURANG: [
        AturanKurva((KM,), "min", 0.60),
        AturanKurva((BP,), "min", 0.10),
        AturanKurva((SB,), "max", 0.10),
    ],
    PredikatOrganisasi.Nilai.SANGAT_KURANG: [
        AturanKurva((SK,), "min", 0.60),
        AturanKurva((KM, BP), "min", 0.10),
        AturanKurva((SB,), "max", 0.0),
    ],
}


def kurva_distribusi_check(*, predikat_organisasi: str, jumlah: dict[str, int]) -> list[str]:
    """Warnings (Bahasa Indonesia) for one unit; empty when the distribution fits the curve."""
    total = sum(jumlah.values())
    if total == 0:
        return []
    warnings = []
    label_org = PredikatOrganisasi.Nilai(predikat_organisasi).label
    for aturan in KURVA[predikat_organisasi]:
        n = sum(jumlah.get(p, 0) for p in aturan.predikat)
        share = n / total
        nama = " / ".join(aturan.predikat)
        if aturan.jenis == "max" and share > aturan.batas + 1e-9:
            warnings.append(
                _(
                    "Predikat organisasi %(org)s: '%(p)s' paling banyak %(batas)s%%, tercatat %(persen)s%% (%(n)s dari %(total)s)."
                )
                % _args(label_org, nama, aturan.batas, share, n, total)
            )
        elif aturan.jenis == "min" and share < aturan.batas - 1e-9:
            warnings.append(
                _(
                    "Predikat organisasi %(org)s: '%(p)s' paling sedikit %(batas)s%%, tercatat %(persen)s%% (%(n)s dari %(total)s)."
                )
                % _args(label_org, nama, aturan.batas, share, n, total)
            )
        elif aturan.jenis == "any" and n == 0:
            warnings.append(
                _(
                    "Predikat organisasi %(org)s: harus ada pegawai dengan predikat '%(p)s', tercatat tidak ada."
                )
                % {"org": label_org, "p": nama}
            )
    return warnings


def _args(org, nama, batas, share, n, total) -> dict:
    return {
        "org": org,
        "p": nama,
        "batas": f"{batas * 100:.0f}",
        "persen": f"{share * 100:.1f}".replace(".", ","),
        "n": n,
        "total": total,
    }
