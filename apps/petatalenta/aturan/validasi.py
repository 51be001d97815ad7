"""The checks that turn a configuration into per-setting problems, in Indonesian: the generic ones
(weights, cut-offs, score tables, whole numbers, choices) and `konfigurasi_periksa`, which runs a
catalogue's checks and then its engine, so nothing a form or an import accepts can be refused by
the engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .katalog import Katalog, angka_tampil

Pemeriksa = Callable[[str, Any], list["Masalah"]]


@dataclass(frozen=True)
class Masalah:
    """One problem of a configuration. `kunci` is the setting path ("bobot_potensial",
    "batas_potensial.1", "kotak.sesuai/tinggi"; "" for the whole); `tandai` are further settings
    the form marks (the cells that share a box number); `label` is the setting's name for people
    (filled by konfigurasi_periksa from the catalogue)."""

    kunci: str
    pesan: str
    tandai: tuple[str, ...] = ()
    label: str = ""

    def teks(self) -> str:
        """For a list without the form around it (import): label, JSON key, problem."""
        if not self.kunci:
            return capfirst(self.pesan)
        return f"{self.label} ({self.kunci}): {self.pesan}"


def bulat(value: Any) -> int | None:
    """A JSON whole number (80 or 80.0), never a boolean; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def desimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def bulat_per_kunci(
    induk: str, nilai: dict, kunci: tuple[str, ...], terendah: int, tertinggi: int, pesan: str
) -> tuple[dict[str, int], list[Masalah]]:
    """The values of a mapping setting under `kunci` (absent ones skipped) that are whole numbers
    from `terendah` to `tertinggi`, and a problem (`pesan`) on each other one."""
    sah, masalah = {}, []
    for k in kunci:
        if k not in nilai:
            continue
        angka = bulat(nilai[k])
        if angka is None or not terendah <= angka <= tertinggi:
            masalah.append(Masalah(f"{induk}.{k}", pesan))
        else:
            sah[k] = angka
    return sah, masalah


def periksa_bobot(komponen: tuple[str, ...]) -> Pemeriksa:
    """Weights: every component, each a whole number 0–100, adding up to 100."""

    def periksa(sumbu: str, nilai: Any) -> list[Masalah]:
        if not isinstance(nilai, dict):
            return [Masalah(sumbu, _('harus berupa daftar komponen dan bobotnya, mis. {"jpm": 20, ...}'))]
        masalah = []
        kurang = [k for k in komponen if k not in nilai]
        lebih = [k for k in nilai if k not in komponen]
        if kurang:
            masalah.append(
                Masalah(sumbu, _("komponen belum diisi: %(daftar)s") % {"daftar": ", ".join(kurang)})
            )
        if lebih:
            masalah.append(
                Masalah(
                    sumbu,
                    _("komponen tidak dikenal: %(lebih)s (yang dikenal: %(dikenal)s)")
                    % {"lebih": ", ".join(map(str, lebih)), "dikenal": ", ".join(komponen)},
                )
            )
        bobot, salah = bulat_per_kunci(sumbu, nilai, komponen, 0, 100, _("harus bilangan bulat 0–100"))
        masalah += salah
        if not masalah:
            total = sum(bobot.values())
            if total != 100:
                selisih = (
                    _("kurang %(n)s") % {"n": 100 - total}
                    if total < 100
                    else _("lebih %(n)s") % {"n": total - 100}
                )
                masalah.append(
                    Masalah(
                        sumbu,
                        _("jumlah bobot harus 100, sekarang %(total)s (%(selisih)s)")
                        % {"total": total, "selisih": selisih},
                    )
                )
        return masalah

    return periksa


def periksa_batas(*, label_bawah: Any, maks: Decimal, contoh: str) -> Pemeriksa:
    """Two rising cut-offs [bawah, atas] with at most two decimals, above 0 and at most `maks`."""

    def periksa(nama: str, nilai: Any) -> list[Masalah]:
        angka = [desimal(v) for v in nilai] if isinstance(nilai, list) else []
        if len(angka) != 2 or None in angka:
            return [Masalah(nama, _("harus dua angka [bawah, atas], mis. %(contoh)s") % {"contoh": contoh})]
        bawah, atas = angka
        masalah = []
        for i, v in enumerate(angka):
            # Huge values are refused by the upper bound below; quantizing them would overflow.
            if abs(v) < 10**6 and v != v.quantize(Decimal("0.01")):
                masalah.append(Masalah(f"{nama}.{i}", _("paling banyak dua angka di belakang koma")))
        if bawah <= 0:
            masalah.append(
                Masalah(f"{nama}.0", _("harus lebih dari 0, sekarang %(v)s") % {"v": angka_tampil(bawah)})
            )
        if atas > maks:
            pesan = (
                _("tidak boleh lebih dari 100 (skor tertinggi 100), sekarang %(v)s")
                if maks == 100
                else _("tidak boleh lebih dari 999, sekarang %(v)s")
            )
            masalah.append(Masalah(f"{nama}.1", pesan % {"v": angka_tampil(atas)}))
        if bawah >= atas:
            masalah.append(
                Masalah(
                    f"{nama}.1",
                    _("harus lebih besar dari %(bawah_label)s (%(bawah)s), sekarang %(atas)s")
                    % {
                        "bawah_label": label_bawah,
                        "bawah": angka_tampil(bawah),
                        "atas": angka_tampil(atas),
                    },
                )
            )
        return masalah

    return periksa


def kunci_tepat(nama: str, nilai: dict, wajib: tuple[str, ...], *, pesan_lebih: str = "") -> list[Masalah]:
    """The problems of a table that must have exactly the keys of `wajib`: the missing ones, then
    the unknown ones (`pesan_lebih`, with %(lebih)s and %(dikenal)s, names what they are)."""
    masalah = []
    kurang = [k for k in wajib if k not in nilai]
    lebih = [k for k in nilai if k not in wajib]
    if kurang:
        masalah.append(Masalah(nama, _("belum diisi: %(daftar)s") % {"daftar": ", ".join(kurang)}))
    if lebih:
        pesan = pesan_lebih or _("tidak dikenal: %(lebih)s (yang dikenal: %(dikenal)s)")
        masalah.append(
            Masalah(nama, pesan % {"lebih": ", ".join(map(str, lebih)), "dikenal": ", ".join(wajib)})
        )
    return masalah


def periksa_skor(wajib: tuple[str, ...]) -> Pemeriksa:
    """A score table: exactly the names of `wajib`, each a whole number 0–100."""

    def periksa(nama: str, nilai: Any) -> list[Masalah]:
        if not isinstance(nilai, dict):
            return [Masalah(nama, _("harus berupa daftar nama dan skornya"))]
        masalah = kunci_tepat(nama, nilai, wajib)
        return masalah + bulat_per_kunci(nama, nilai, wajib, 0, 100, _("harus bilangan bulat 0–100"))[1]

    return periksa


def periksa_bilangan(terendah: int, tertinggi: int) -> Pemeriksa:
    def periksa(nama: str, nilai: Any) -> list[Masalah]:
        angka = bulat(nilai)
        if angka is None or not terendah <= angka <= tertinggi:
            return [Masalah(nama, _("harus bilangan bulat %(a)s–%(b)s") % {"a": terendah, "b": tertinggi})]
        return []

    return periksa


def periksa_pilihan(pilihan, pesan: Any) -> Pemeriksa:
    """One of the codes in `pilihan`; `pesan` names them."""

    def periksa(nama: str, nilai: Any) -> list[Masalah]:
        return [] if isinstance(nilai, str) and nilai in pilihan else [Masalah(nama, str(pesan))]

    return periksa


def periksa_nomor_kotak(contoh: str) -> Pemeriksa:
    """A list of distinct box numbers 1–9, at least one (`contoh` shows one, e.g. "[7, 8, 9]")."""

    def periksa(nama: str, nilai: Any) -> list[Masalah]:
        if not isinstance(nilai, list):
            return [Masalah(nama, _("harus daftar nomor kotak, mis. %(contoh)s") % {"contoh": contoh})]
        angka = [bulat(v) for v in nilai]
        if not angka:
            return [Masalah(nama, _("pilih minimal satu kotak"))]
        if any(n is None or not 1 <= n <= 9 for n in angka):
            return [Masalah(nama, _("isi hanya nomor kotak 1–9"))]
        if len(set(angka)) != len(angka):
            return [Masalah(nama, _("ada nomor kotak yang ditulis lebih dari sekali"))]
        return []

    return periksa


def konfigurasi_periksa(konfigurasi: Any, *, katalog: Katalog) -> list[Masalah]:
    """Every problem of a configuration, per setting; an empty list means the engine accepts it."""
    masalah = _masalah(konfigurasi, katalog=katalog)
    return [replace(m, label=katalog.kunci_label(m.kunci)) for m in masalah]


def _masalah(konfigurasi: Any, *, katalog: Katalog) -> list[Masalah]:
    if not isinstance(konfigurasi, dict):
        return [Masalah("", _("konfigurasi harus berupa objek JSON ({ ... })"))]
    masalah: list[Masalah] = []
    for kunci in konfigurasi:
        if kunci not in katalog.kunci_urutan:
            masalah.append(
                Masalah(
                    "",
                    _("setelan “%(kunci)s” tidak dikenal; lihat docs/rulesets.md untuk daftar setelan")
                    % {"kunci": kunci},
                )
            )
    if katalog.kunci_model:  # a kind of several models names its model in "model"
        model = konfigurasi.get("model")
        if not isinstance(model, str) or model not in katalog.kunci_model:
            masalah.append(Masalah("model", str(katalog.pesan_model)))
        elif model in katalog.kunci_wajib:
            wajib, pesan = katalog.kunci_wajib[model]
            masalah += [Masalah(kunci, str(pesan)) for kunci in wajib if kunci not in konfigurasi]
    for kunci, periksa in katalog.pemeriksa:
        if kunci in konfigurasi:
            masalah += periksa(kunci, konfigurasi[kunci])
    if masalah:
        return masalah
    if katalog.pemeriksa_silang is not None:
        masalah = katalog.pemeriksa_silang(konfigurasi)
        if masalah:
            return masalah
    try:
        katalog.mesin.from_config(konfigurasi)
    except katalog.mesin_galat as error:
        return [Masalah("", p) for p in error.problems]
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as error:
        return [Masalah("", _("konfigurasi tidak dapat dibaca mesin perhitungan (%(e)s)") % {"e": error})]
    return []
