"""Two versions side by side: every setting as (path, section, label, value), the readable diff
of two configurations, its short form and the changed values for the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .katalog import Katalog, aturan_baca

TIDAK_DIPAKAI = gettext_lazy("— (tidak dipakai)")


@dataclass(frozen=True)
class Setelan:
    kunci: str
    bagian: str
    label: str
    nilai: Any  # JSON value; None = the model does not read this setting


def setelan_datar(konfigurasi: dict[str, Any], *, katalog: Katalog) -> list[Setelan]:
    """Every setting of any model as (path, section, label, effective value), in the documented
    order; settings the model does not read have None. Defaults are written out (and whatever the
    catalogue resolves for comparing), so two versions compare on what the engine does, not on how
    the JSON was spelt."""
    aturan = aturan_baca(konfigurasi, katalog=katalog)
    if aturan is None:
        return [Setelan(k, katalog.kunci_label(k), katalog.kunci_label(k), v) for k, v in konfigurasi.items()]
    kanonik = katalog.banding(aturan)
    baris = []
    for kunci in katalog.kunci_urutan:
        bagian = katalog.bagian_label(kunci)
        nilai = kanonik.get(kunci)
        if kunci in katalog.kunci_berindeks:
            anak = [str(i) for i in range(katalog.kunci_berindeks[kunci])]
            nilai_anak = {a: nilai[int(a)] for a in anak} if nilai is not None else None
        elif kunci in katalog.urutan_dalam:
            urutan = katalog.urutan_dalam[kunci]
            anak = list(urutan) + [k for k in (nilai or {}) if k not in urutan]
            nilai_anak = nilai
        else:
            baris.append(Setelan(kunci, bagian, katalog.kunci_label(kunci), nilai))
            continue
        for a in anak:
            path = f"{kunci}.{a}"
            baris.append(
                Setelan(
                    path,
                    bagian,
                    katalog.kunci_label(path),
                    nilai_anak.get(a) if nilai_anak is not None else None,
                )
            )
    return baris


def setelan_tampil(kunci: str, nilai: Any, *, katalog: Katalog) -> str:
    """A setting's value as a BKD clerk reads it (`kunci` is the top-level key)."""
    if nilai is None:
        return str(TIDAK_DIPAKAI)
    return katalog.nilai_tampil(kunci, nilai)


@dataclass(frozen=True)
class Perbedaan:
    kunci: str
    bagian: str
    label: str
    lama: str
    baru: str
    berubah: bool


def konfigurasi_banding(*, lama: dict[str, Any], baru: dict[str, Any], katalog: Katalog) -> list[Perbedaan]:
    """Every setting, old → new, in the documented order (`berubah` marks the differences)."""
    a = {s.kunci: s for s in setelan_datar(lama, katalog=katalog)}
    b = {s.kunci: s for s in setelan_datar(baru, katalog=katalog)}
    hasil = []
    for kunci in list(a) + [k for k in b if k not in a]:
        sa, sb = a.get(kunci), b.get(kunci)
        acuan = sa or sb
        nilai_a = sa.nilai if sa else None
        nilai_b = sb.nilai if sb else None
        induk = kunci.split(".")[0]
        hasil.append(
            Perbedaan(
                kunci=kunci,
                bagian=acuan.bagian,
                label=acuan.label,
                lama=setelan_tampil(induk, nilai_a, katalog=katalog),
                baru=setelan_tampil(induk, nilai_b, katalog=katalog),
                berubah=nilai_a != nilai_b,
            )
        )
    return hasil


def perbedaan_ringkas(perbedaan: list[Perbedaan]) -> list[Perbedaan]:
    """The changed settings only; a section the new model no longer reads at all (a switch from
    berbobot to kategoris drops 40-odd weights and scores) becomes one row instead of one per value."""
    hasil: list[Perbedaan] = []
    tidak_dipakai = str(TIDAK_DIPAKAI)
    per_bagian: dict[str, list[Perbedaan]] = {}
    for p in perbedaan:
        per_bagian.setdefault(p.bagian, []).append(p)
    for bagian, baris in per_bagian.items():
        hilang = [p for p in baris if p.berubah and p.baru == tidak_dipakai]
        if len(hilang) > 1:
            hasil.append(
                Perbedaan(
                    kunci=hilang[0].kunci.split(".")[0],
                    bagian=bagian,
                    label=bagian,
                    lama=_("%(n)s setelan") % {"n": len(hilang)},
                    baru=tidak_dipakai,
                    berubah=True,
                )
            )
            hasil += [p for p in baris if p.berubah and p not in hilang]
        else:
            hasil += [p for p in baris if p.berubah]
    return hasil


def konfigurasi_perubahan_nilai(
    *, lama: dict[str, Any], baru: dict[str, Any], katalog: Katalog
) -> tuple[dict, dict]:
    """The changed settings as JSON-ready old and new values (for the audit trail)."""
    a = {s.kunci: s.nilai for s in setelan_datar(lama, katalog=katalog)}
    b = {s.kunci: s.nilai for s in setelan_datar(baru, katalog=katalog)}
    berubah = [k for k in list(a) + [k for k in b if k not in a] if a.get(k) != b.get(k)]
    return {k: a.get(k) for k in berubah}, {k: b.get(k) for k in berubah}
