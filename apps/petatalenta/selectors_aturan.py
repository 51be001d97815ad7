"""Reads of the rule-set pages, and the pure helpers they share with the services and the form:
the catalogue of settings with their Indonesian labels, the canonical (explicit, ordered) form of a
configuration, the checks that turn a configuration into per-setting problems, the JSON export,
the readable diff and the display of one version.

The engine (engine.RuleSet.from_config) stays the final authority: `konfigurasi_periksa` runs it
last, so nothing the form or the import accepts can be refused by the engine. The checks before it
exist only to say *which* setting is wrong in words a BKD clerk understands.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai
from apps.pegawai.referensi import JenjangPendidikan

from .engine import (
    HUKUMAN_SKOR_BAWAAN,
    KINERJA_KOMPONEN,
    KINERJA_LEVELS,
    KOTAK_PERMENPANRB,
    PENDIDIKAN_SKOR_BAWAAN,
    POTENSIAL_KOMPONEN,
    POTENSIAL_LEVELS,
    PREDIKAT_SKOR_BAWAAN,
    PRESET_BERBOBOT,
    PRESET_KATEGORIS,
    RuleSet,
    RuleSetError,
)
from .labels import LEVEL_LABEL, label_kotak_efektif, sel_label
from .models import AturanTalenta, HitungUlang, Penempatan, RiwayatPenempatan
from .selectors import ProgresHitungUlang

# --- the catalogue ---------------------------------------------------------------------------------

FORMAT_NAMA = "talenta/aturan-talenta"
FORMAT_VERSI = 1

# Every key a configuration may hold, in the documented (and exported) order.
KUNCI_URUTAN = (
    "model",
    "bobot_potensial",
    "bobot_kinerja",
    "batas_potensial",
    "batas_kinerja",
    "batas_jpm",
    "predikat_skor",
    "hukuman_skor",
    "pendidikan_skor",
    "jendela_tahun",
    "agregasi_skp",
    "target_jp_per_tahun",
    "target_tahun_pengalaman",
    "target_penghargaan",
    "target_sk_tim",
    "kotak",
    "label_kotak",
    "kotak_talent_pool",
)
_KUNCI_UMUM = ("model", "jendela_tahun", "kotak", "label_kotak", "kotak_talent_pool")
# The keys each model reads; the others are ignored by the engine for that model.
KUNCI_MODEL = {
    "berbobot": tuple(k for k in KUNCI_URUTAN if k != "batas_jpm"),
    "kategoris": tuple(k for k in KUNCI_URUTAN if k in (*_KUNCI_UMUM, "batas_jpm")),
}
PRESET = {"berbobot": PRESET_BERBOBOT, "kategoris": PRESET_KATEGORIS}

MODEL_LABEL = {
    "berbobot": gettext_lazy("Berbobot (Kepka BKN 411/2025)"),
    "kategoris": gettext_lazy("Kategoris (predikat SKP dan kategori JPM)"),
}
PRESET_LABEL = {
    "berbobot": gettext_lazy("Preset nasional berbobot (Kepka BKN 411/2025)"),
    "kategoris": gettext_lazy("Preset nasional kategoris (predikat SKP dan kategori JPM)"),
}
KUNCI_LABEL = {
    "model": gettext_lazy("Model perhitungan"),
    "bobot_potensial": gettext_lazy("Bobot potensial"),
    "bobot_kinerja": gettext_lazy("Bobot kinerja"),
    "batas_potensial": gettext_lazy("Batas level potensial"),
    "batas_kinerja": gettext_lazy("Batas level kinerja"),
    "batas_jpm": gettext_lazy("Batas kategori JPM"),
    "predikat_skor": gettext_lazy("Skor predikat SKP"),
    "hukuman_skor": gettext_lazy("Skor integritas (hukuman disiplin)"),
    "pendidikan_skor": gettext_lazy("Skor tingkat pendidikan"),
    "jendela_tahun": gettext_lazy("Jendela SKP (tahun)"),
    "agregasi_skp": gettext_lazy("Agregasi SKP"),
    "target_jp_per_tahun": gettext_lazy("Target JP pengembangan per tahun"),
    "target_tahun_pengalaman": gettext_lazy("Target pengalaman jabatan (tahun)"),
    "target_penghargaan": gettext_lazy("Target jumlah penghargaan"),
    "target_sk_tim": gettext_lazy("Target jumlah SK tim kerja"),
    "kotak": gettext_lazy("Penomoran kotak"),
    "label_kotak": gettext_lazy("Label kotak"),
    "kotak_talent_pool": gettext_lazy("Kotak talent pool (KRS)"),
}
BOBOT_LABEL = {
    "jpm": gettext_lazy("JPM"),
    "pengembangan": gettext_lazy("pengembangan kompetensi (JP)"),
    "pengalaman": gettext_lazy("pengalaman jabatan"),
    "potensi": gettext_lazy("nilai potensi"),
    "pendidikan": gettext_lazy("tingkat pendidikan"),
    "kesesuaian": gettext_lazy("kesesuaian bidang pendidikan"),
    "integritas": gettext_lazy("integritas"),
    "skp": gettext_lazy("predikat SKP"),
    "penghargaan": gettext_lazy("penghargaan"),
    "sk_tim": gettext_lazy("SK tim kerja"),
    "umpan_balik_360": gettext_lazy("umpan balik 360°"),
}
# docs/domain.md §6: how the components add up to the regulation's groups.
KELOMPOK_BOBOT = {
    "bobot_potensial": (
        (gettext_lazy("Kompetensi"), ("jpm", "pengembangan", "pengalaman")),
        (gettext_lazy("Potensi"), ("potensi",)),
        (gettext_lazy("Kualifikasi"), ("pendidikan", "kesesuaian")),
        (gettext_lazy("Integritas"), ("integritas",)),
    ),
    "bobot_kinerja": (
        (gettext_lazy("Kinerja utama"), ("skp",)),
        (gettext_lazy("Kinerja penguat"), ("penghargaan", "sk_tim", "umpan_balik_360")),
    ),
}
BATAS_LABEL = {
    "batas_potensial": (gettext_lazy("batas potensial menengah"), gettext_lazy("batas potensial tinggi")),
    "batas_kinerja": (
        gettext_lazy("batas kinerja sesuai ekspektasi"),
        gettext_lazy("batas kinerja di atas ekspektasi"),
    ),
    "batas_jpm": (
        gettext_lazy("batas JPM potensial menengah (Cukup Optimal)"),
        gettext_lazy("batas JPM potensial tinggi (Optimal)"),
    ),
}
# Scores are 0–100, so a cut-off above 100 could never be reached; JPM may exceed 100.
BATAS_MAKS = {"batas_potensial": Decimal(100), "batas_kinerja": Decimal(100), "batas_jpm": Decimal(999)}
HUKUMAN_LABEL = {
    "tidak_ada": gettext_lazy("tanpa hukuman disiplin"),
    "ringan": gettext_lazy("hukuman disiplin ringan"),
    "sedang": gettext_lazy("hukuman disiplin sedang"),
    "berat": gettext_lazy("hukuman disiplin berat"),
    "sedang_dijalani": gettext_lazy("sedang menjalani hukuman"),
}
PENDIDIKAN_LABEL = dict(JenjangPendidikan.choices)
AGREGASI_LABEL = {
    "terakhir": gettext_lazy("SKP tahun terakhir"),
    "rata_rata": gettext_lazy("rata-rata SKP dalam jendela"),
    "minimum": gettext_lazy("SKP terendah dalam jendela"),
}
# (key, label, lowest, highest) of the whole-number settings.
BILANGAN = (
    ("jendela_tahun", 1, 10),
    ("target_jp_per_tahun", 1, 1000),
    ("target_tahun_pengalaman", 1, 1000),
    ("target_penghargaan", 1, 1000),
    ("target_sk_tim", 1, 1000),
)
SEL = tuple(f"{k}/{p}" for k in KINERJA_LEVELS for p in POTENSIAL_LEVELS)
SKOR_KUNCI = {
    "predikat_skor": tuple(PREDIKAT_SKOR_BAWAAN),
    "hukuman_skor": tuple(HUKUMAN_SKOR_BAWAAN),
    "pendidikan_skor": tuple(PENDIDIKAN_SKOR_BAWAAN),
}
_URUTAN_DALAM = {
    "bobot_potensial": POTENSIAL_KOMPONEN,
    "bobot_kinerja": KINERJA_KOMPONEN,
    **SKOR_KUNCI,
    "kotak": SEL,
    "label_kotak": tuple(str(n) for n in range(1, 10)),
}
# Settings of one value share a section in the diff instead of each heading itself.
BAGIAN_LABEL = {
    "model": gettext_lazy("Umum"),
    "jendela_tahun": gettext_lazy("SKP dan target"),
    "agregasi_skp": gettext_lazy("SKP dan target"),
    "target_jp_per_tahun": gettext_lazy("SKP dan target"),
    "target_tahun_pengalaman": gettext_lazy("SKP dan target"),
    "target_penghargaan": gettext_lazy("SKP dan target"),
    "target_sk_tim": gettext_lazy("SKP dan target"),
    "kotak_talent_pool": gettext_lazy("Talent pool"),
}
LABEL_MAKS = 100
PENYEBAB_LABEL = {
    "aturan.aktivasi": gettext_lazy("Aktivasi aturan talenta"),
    "hitung_ulang.manual": gettext_lazy("Hitung ulang manual"),
}


def kunci_label(kunci: str) -> str:
    """The Indonesian label of a setting path ("bobot_potensial.jpm" → "Bobot JPM")."""
    if not kunci:
        return ""
    induk, _titik, anak = kunci.partition(".")
    if not anak:
        return str(KUNCI_LABEL.get(induk, induk))
    if induk in ("bobot_potensial", "bobot_kinerja"):
        return _("Bobot %(komponen)s") % {"komponen": BOBOT_LABEL.get(anak, anak)}
    if induk in BATAS_LABEL and anak in ("0", "1"):
        return capfirst(str(BATAS_LABEL[induk][int(anak)]))
    if induk == "predikat_skor":
        return _("Skor predikat %(predikat)s") % {"predikat": anak}
    if induk == "hukuman_skor":
        return _("Skor integritas: %(keadaan)s") % {"keadaan": HUKUMAN_LABEL.get(anak, anak)}
    if induk == "pendidikan_skor":
        return _("Skor pendidikan %(jenjang)s") % {"jenjang": PENDIDIKAN_LABEL.get(anak, anak)}
    if induk == "kotak" and anak in SEL:
        k, p = anak.split("/")
        return _("Nomor kotak %(sel)s") % {"sel": sel_label(k, p).lower()}
    if induk == "label_kotak":
        return _("Label kotak %(nomor)s") % {"nomor": anak}
    return f"{KUNCI_LABEL.get(induk, induk)}: {anak}"


# --- canonical form --------------------------------------------------------------------------------


def _angka_json(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _urut(mapping: dict, urutan: tuple) -> dict:
    return {k: mapping[k] for k in urutan if k in mapping} | {
        k: v for k, v in mapping.items() if k not in urutan
    }


def konfigurasi_kanonik(aturan: RuleSet) -> dict[str, Any]:
    """Every setting the model reads, explicit (engine defaults written out), in the documented
    order: what a new draf stores, so its export documents itself."""
    semua: dict[str, Any] = {
        "model": aturan.model,
        "bobot_potensial": _urut(dict(aturan.bobot_potensial), POTENSIAL_KOMPONEN),
        "bobot_kinerja": _urut(dict(aturan.bobot_kinerja), KINERJA_KOMPONEN),
        "batas_potensial": [_angka_json(v) for v in aturan.batas_potensial],
        "batas_kinerja": [_angka_json(v) for v in aturan.batas_kinerja],
        "batas_jpm": [_angka_json(v) for v in aturan.batas_jpm],
        "predikat_skor": _urut(dict(aturan.predikat_skor), SKOR_KUNCI["predikat_skor"]),
        "hukuman_skor": _urut(dict(aturan.hukuman_skor), SKOR_KUNCI["hukuman_skor"]),
        "pendidikan_skor": _urut(dict(aturan.pendidikan_skor), SKOR_KUNCI["pendidikan_skor"]),
        "jendela_tahun": aturan.jendela_tahun,
        "agregasi_skp": aturan.agregasi_skp,
        "target_jp_per_tahun": aturan.target_jp_per_tahun,
        "target_tahun_pengalaman": aturan.target_tahun_pengalaman,
        "target_penghargaan": aturan.target_penghargaan,
        "target_sk_tim": aturan.target_sk_tim,
        "kotak": {sel: aturan.kotak[tuple(sel.split("/"))] for sel in SEL},
        "label_kotak": {str(n): aturan.label_kotak[n] for n in sorted(aturan.label_kotak)},
        "kotak_talent_pool": sorted(aturan.kotak_talent_pool),
    }
    return {k: semua[k] for k in KUNCI_MODEL[aturan.model]}


def preset_konfigurasi(model: str) -> dict[str, Any]:
    return konfigurasi_kanonik(RuleSet.from_config(PRESET[model]))


def konfigurasi_urut(konfigurasi: dict[str, Any]) -> dict[str, Any]:
    """The same configuration with its keys in the documented order (values untouched): JSONB
    keeps no key order, the export must be stable."""
    hasil = _urut(dict(konfigurasi), KUNCI_URUTAN)
    for kunci, urutan in _URUTAN_DALAM.items():
        if isinstance(hasil.get(kunci), dict):
            hasil[kunci] = _urut(hasil[kunci], urutan)
    return hasil


# --- checks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Masalah:
    """One problem of a configuration. `kunci` is the setting path ("bobot_potensial",
    "batas_potensial.1", "kotak.sesuai/tinggi"; "" for the whole); `tandai` are further settings
    the form marks (the cells that share a box number)."""

    kunci: str
    pesan: str
    tandai: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return kunci_label(self.kunci)

    def teks(self) -> str:
        """For a list without the form around it (import): label, JSON key, problem."""
        if not self.kunci:
            return capfirst(self.pesan)
        return f"{self.label} ({self.kunci}): {self.pesan}"


def _bulat(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _desimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _tampil_angka(value: Any) -> str:
    return number_format(value) if isinstance(value, int | float | Decimal) else str(value)


def _daftar(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(awal)s dan %(akhir)s") % {"awal": ", ".join(items[:-1]), "akhir": items[-1]}


def _periksa_bobot(sumbu: str, nilai: Any, komponen: tuple[str, ...]) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [Masalah(sumbu, _('harus berupa daftar komponen dan bobotnya, mis. {"jpm": 20, ...}'))]
    masalah = []
    kurang = [k for k in komponen if k not in nilai]
    lebih = [k for k in nilai if k not in komponen]
    if kurang:
        masalah.append(Masalah(sumbu, _("komponen belum diisi: %(daftar)s") % {"daftar": ", ".join(kurang)}))
    if lebih:
        masalah.append(
            Masalah(
                sumbu,
                _("komponen tidak dikenal: %(lebih)s (yang dikenal: %(dikenal)s)")
                % {"lebih": ", ".join(map(str, lebih)), "dikenal": ", ".join(komponen)},
            )
        )
    bobot = {}
    for k in komponen:
        if k not in nilai:
            continue
        angka = _bulat(nilai[k])
        if angka is None or not 0 <= angka <= 100:
            masalah.append(Masalah(f"{sumbu}.{k}", _("harus bilangan bulat 0–100")))
        else:
            bobot[k] = angka
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


def _periksa_batas(nama: str, nilai: Any) -> list[Masalah]:
    contoh = "[78, 90]" if nama == "batas_jpm" else "[60, 80]"
    angka = [_desimal(v) for v in nilai] if isinstance(nilai, list) else []
    if len(angka) != 2 or None in angka:
        return [Masalah(nama, _("harus dua angka [bawah, atas], mis. %(contoh)s") % {"contoh": contoh})]
    bawah, atas = angka
    label_bawah, _label_atas = BATAS_LABEL[nama]
    masalah = []
    for i, v in enumerate(angka):
        # Huge values are refused by the upper bound below; quantizing them would overflow.
        if abs(v) < 10**6 and v != v.quantize(Decimal("0.01")):
            masalah.append(Masalah(f"{nama}.{i}", _("paling banyak dua angka di belakang koma")))
    if bawah <= 0:
        masalah.append(
            Masalah(f"{nama}.0", _("harus lebih dari 0, sekarang %(v)s") % {"v": _tampil_angka(bawah)})
        )
    if atas > BATAS_MAKS[nama]:
        pesan = (
            _("tidak boleh lebih dari 100 (skor tertinggi 100), sekarang %(v)s")
            if BATAS_MAKS[nama] == 100
            else _("tidak boleh lebih dari 999, sekarang %(v)s")
        )
        masalah.append(Masalah(f"{nama}.1", pesan % {"v": _tampil_angka(atas)}))
    if bawah >= atas:
        masalah.append(
            Masalah(
                f"{nama}.1",
                _("harus lebih besar dari %(bawah_label)s (%(bawah)s), sekarang %(atas)s")
                % {"bawah_label": label_bawah, "bawah": _tampil_angka(bawah), "atas": _tampil_angka(atas)},
            )
        )
    return masalah


def _periksa_skor(nama: str, nilai: Any) -> list[Masalah]:
    wajib = SKOR_KUNCI[nama]
    if not isinstance(nilai, dict):
        return [Masalah(nama, _("harus berupa daftar nama dan skornya"))]
    masalah = []
    kurang = [k for k in wajib if k not in nilai]
    lebih = [k for k in nilai if k not in wajib]
    if kurang:
        masalah.append(Masalah(nama, _("belum diisi: %(daftar)s") % {"daftar": ", ".join(kurang)}))
    if lebih:
        masalah.append(
            Masalah(
                nama,
                _("tidak dikenal: %(lebih)s (yang dikenal: %(dikenal)s)")
                % {"lebih": ", ".join(map(str, lebih)), "dikenal": ", ".join(wajib)},
            )
        )
    for k in wajib:
        if k in nilai:
            angka = _bulat(nilai[k])
            if angka is None or not 0 <= angka <= 100:
                masalah.append(Masalah(f"{nama}.{k}", _("harus bilangan bulat 0–100")))
    return masalah


def _periksa_kotak(nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [Masalah("kotak", _('harus berupa pasangan sel → nomor, mis. {"di_atas/tinggi": 9, ...}'))]
    masalah = []
    lebih = [k for k in nilai if k not in SEL]
    kurang = [k for k in SEL if k not in nilai]
    if lebih:
        masalah.append(
            Masalah(
                "kotak",
                _("sel tidak dikenal: %(lebih)s (sel ditulis kinerja/potensial, mis. di_atas/tinggi)")
                % {"lebih": ", ".join(map(str, lebih))},
            )
        )
    if kurang:
        masalah.append(
            Masalah("kotak", _("sel belum diberi nomor: %(daftar)s") % {"daftar": ", ".join(kurang)})
        )
    nomor = {}
    for sel in SEL:
        if sel not in nilai:
            continue
        angka = _bulat(nilai[sel])
        if angka is None or not 1 <= angka <= 9:
            masalah.append(Masalah(f"kotak.{sel}", _("harus nomor 1–9")))
        else:
            nomor[sel] = angka
    if masalah:
        return masalah
    hitung = Counter(nomor.values())
    for n in sorted(n for n, jumlah in hitung.items() if jumlah > 1):
        sel_sama = tuple(sel for sel in SEL if nomor[sel] == n)
        masalah.append(
            Masalah(
                "kotak",
                _("nomor %(n)s dipakai %(kali)s kali (%(sel)s); setiap nomor 1–9 dipakai tepat sekali")
                % {
                    "n": n,
                    "kali": len(sel_sama),
                    "sel": _daftar(sel_label(*s.split("/")).lower() for s in sel_sama),
                },
                tandai=tuple(f"kotak.{s}" for s in sel_sama),
            )
        )
    belum = [n for n in range(1, 10) if n not in hitung]
    if belum:
        masalah.append(Masalah("kotak", _("nomor %(daftar)s belum dipakai") % {"daftar": _daftar(belum)}))
    return masalah


def _periksa_label(nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [Masalah("label_kotak", _('harus berupa pasangan nomor kotak → label, mis. {"9": "Bintang"}'))]
    masalah = []
    for k, teks in nilai.items():
        if k not in _URUTAN_DALAM["label_kotak"]:
            masalah.append(Masalah("label_kotak", _("“%(k)s” bukan nomor kotak 1–9") % {"k": k}))
        elif not isinstance(teks, str) or not teks.strip():
            masalah.append(Masalah(f"label_kotak.{k}", _("harus teks yang tidak kosong")))
        elif len(teks) > LABEL_MAKS:
            masalah.append(
                Masalah(f"label_kotak.{k}", _("paling panjang %(n)s karakter") % {"n": LABEL_MAKS})
            )
    return masalah


def _periksa_pool(nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, list):
        return [Masalah("kotak_talent_pool", _("harus daftar nomor kotak, mis. [7, 8, 9]"))]
    angka = [_bulat(v) for v in nilai]
    if not angka:
        return [Masalah("kotak_talent_pool", _("pilih minimal satu kotak"))]
    if any(n is None or not 1 <= n <= 9 for n in angka):
        return [Masalah("kotak_talent_pool", _("isi hanya nomor kotak 1–9"))]
    if len(set(angka)) != len(angka):
        return [Masalah("kotak_talent_pool", _("ada nomor kotak yang ditulis lebih dari sekali"))]
    return []


def konfigurasi_periksa(konfigurasi: Any) -> list[Masalah]:
    """Every problem of a configuration, per setting; an empty list means the engine accepts it."""
    if not isinstance(konfigurasi, dict):
        return [Masalah("", _("konfigurasi harus berupa objek JSON ({ ... })"))]
    masalah: list[Masalah] = []
    for kunci in konfigurasi:
        if kunci not in KUNCI_URUTAN:
            masalah.append(
                Masalah(
                    "",
                    _("setelan “%(kunci)s” tidak dikenal; lihat docs/rulesets.md untuk daftar setelan")
                    % {"kunci": kunci},
                )
            )
    model = konfigurasi.get("model")
    if not isinstance(model, str) or model not in KUNCI_MODEL:
        masalah.append(Masalah("model", _("harus “berbobot” atau “kategoris”")))
    if model == "berbobot":
        for sumbu in ("bobot_potensial", "bobot_kinerja"):
            if sumbu not in konfigurasi:
                masalah.append(Masalah(sumbu, _("wajib diisi untuk model berbobot")))
    for sumbu, komponen in (("bobot_potensial", POTENSIAL_KOMPONEN), ("bobot_kinerja", KINERJA_KOMPONEN)):
        if sumbu in konfigurasi:
            masalah += _periksa_bobot(sumbu, konfigurasi[sumbu], komponen)
    for nama in BATAS_LABEL:
        if nama in konfigurasi:
            masalah += _periksa_batas(nama, konfigurasi[nama])
    for nama in SKOR_KUNCI:
        if nama in konfigurasi:
            masalah += _periksa_skor(nama, konfigurasi[nama])
    for nama, terendah, tertinggi in BILANGAN:
        if nama in konfigurasi:
            angka = _bulat(konfigurasi[nama])
            if angka is None or not terendah <= angka <= tertinggi:
                masalah.append(
                    Masalah(nama, _("harus bilangan bulat %(a)s–%(b)s") % {"a": terendah, "b": tertinggi})
                )
    agregasi = konfigurasi.get("agregasi_skp")
    if "agregasi_skp" in konfigurasi and not (isinstance(agregasi, str) and agregasi in AGREGASI_LABEL):
        masalah.append(Masalah("agregasi_skp", _("harus “terakhir”, “rata_rata” atau “minimum”")))
    if "kotak" in konfigurasi:
        masalah += _periksa_kotak(konfigurasi["kotak"])
    if "label_kotak" in konfigurasi:
        masalah += _periksa_label(konfigurasi["label_kotak"])
    if "kotak_talent_pool" in konfigurasi:
        masalah += _periksa_pool(konfigurasi["kotak_talent_pool"])
    if masalah:
        return masalah
    try:
        RuleSet.from_config(konfigurasi)
    except RuleSetError as error:
        return [Masalah("", p) for p in error.problems]
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as error:
        return [Masalah("", _("konfigurasi tidak dapat dibaca mesin perhitungan (%(e)s)") % {"e": error})]
    return []


# --- flat view: one row per setting ----------------------------------------------------------------


@dataclass(frozen=True)
class Setelan:
    kunci: str
    bagian: str
    label: str
    nilai: Any  # JSON value; None = the model does not read this setting


def _rule_set(konfigurasi: dict[str, Any]) -> RuleSet | None:
    try:
        return RuleSet.from_config(konfigurasi)
    except (RuleSetError, TypeError, ValueError, KeyError, AttributeError, ArithmeticError):
        return None


def setelan_datar(konfigurasi: dict[str, Any]) -> list[Setelan]:
    """Every setting of either model as (path, section, label, effective value), in the documented
    order; settings the model does not read have None. Defaults are written out and box labels
    resolved, so two versions compare on what the engine does, not on how the JSON was spelt."""
    aturan = _rule_set(konfigurasi)
    if aturan is None:
        return [Setelan(k, str(KUNCI_LABEL.get(k, k)), kunci_label(k), v) for k, v in konfigurasi.items()]
    kanonik = konfigurasi_kanonik(aturan)
    kanonik["label_kotak"] = {str(n): t for n, t in sorted(label_kotak_efektif(aturan).items())}
    baris = []
    for kunci in KUNCI_URUTAN:
        bagian = str(BAGIAN_LABEL.get(kunci, KUNCI_LABEL[kunci]))
        nilai = kanonik.get(kunci)
        if kunci in ("batas_potensial", "batas_kinerja", "batas_jpm"):
            for i in (0, 1):
                baris.append(
                    Setelan(
                        f"{kunci}.{i}",
                        bagian,
                        kunci_label(f"{kunci}.{i}"),
                        nilai[i] if nilai is not None else None,
                    )
                )
        elif kunci in _URUTAN_DALAM:
            anak = list(_URUTAN_DALAM[kunci]) + [k for k in (nilai or {}) if k not in _URUTAN_DALAM[kunci]]
            for a in anak:
                baris.append(
                    Setelan(
                        f"{kunci}.{a}",
                        bagian,
                        kunci_label(f"{kunci}.{a}"),
                        nilai.get(a) if nilai is not None else None,
                    )
                )
        else:
            baris.append(Setelan(kunci, bagian, kunci_label(kunci), nilai))
    return baris


def setelan_tampil(kunci: str, nilai: Any) -> str:
    """A setting's value as a BKD clerk reads it."""
    if nilai is None:
        return _("— (tidak dipakai)")
    if kunci == "model":
        return str(MODEL_LABEL.get(nilai, nilai))
    if kunci == "agregasi_skp":
        return str(AGREGASI_LABEL.get(nilai, nilai))
    if kunci == "kotak_talent_pool":
        return ", ".join(str(n) for n in nilai)
    if isinstance(nilai, bool):
        return str(nilai)
    return _tampil_angka(nilai)


@dataclass(frozen=True)
class Perbedaan:
    kunci: str
    bagian: str
    label: str
    lama: str
    baru: str
    berubah: bool


def konfigurasi_banding(*, lama: dict[str, Any], baru: dict[str, Any]) -> list[Perbedaan]:
    """Every setting, old → new, in the documented order (`berubah` marks the differences)."""
    a = {s.kunci: s for s in setelan_datar(lama)}
    b = {s.kunci: s for s in setelan_datar(baru)}
    hasil = []
    for kunci in list(a) + [k for k in b if k not in a]:
        sa, sb = a.get(kunci), b.get(kunci)
        acuan = sa or sb
        nilai_a = sa.nilai if sa else None
        nilai_b = sb.nilai if sb else None
        hasil.append(
            Perbedaan(
                kunci=kunci,
                bagian=acuan.bagian,
                label=acuan.label,
                lama=setelan_tampil(kunci.split(".")[0], nilai_a),
                baru=setelan_tampil(kunci.split(".")[0], nilai_b),
                berubah=nilai_a != nilai_b,
            )
        )
    return hasil


def perbedaan_ringkas(perbedaan: list[Perbedaan]) -> list[Perbedaan]:
    """The changed settings only; a section the new model no longer reads at all (a switch from
    berbobot to kategoris drops 40-odd weights and scores) becomes one row instead of one per value."""
    hasil: list[Perbedaan] = []
    tidak_dipakai = setelan_tampil("", None)
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


def konfigurasi_perubahan_nilai(*, lama: dict[str, Any], baru: dict[str, Any]) -> tuple[dict, dict]:
    """The changed settings as JSON-ready old and new values (for the audit trail)."""
    a = {s.kunci: s.nilai for s in setelan_datar(lama)}
    b = {s.kunci: s.nilai for s in setelan_datar(baru)}
    berubah = [k for k in list(a) + [k for k in b if k not in a] if a.get(k) != b.get(k)]
    return {k: a.get(k) for k in berubah}, {k: b.get(k) for k in berubah}


# --- display of one version ------------------------------------------------------------------------


@dataclass
class SelKotak:
    kinerja: str
    potensial: str
    nomor: int
    label: str
    talent_pool: bool


@dataclass
class TampilanAturan:
    model: str
    model_label: str
    bobot: list[dict] = field(default_factory=list)  # per axis: judul, total, kelompok
    batas: list[dict] = field(default_factory=list)  # per axis: judul, rentang per level
    skor: list[dict] = field(default_factory=list)  # score tables: judul, baris
    lainnya: list[tuple[str, str]] = field(default_factory=list)  # SKP window, targets
    kolom_potensial: list[str] = field(default_factory=list)
    baris_kotak: list[tuple[str, list[SelKotak]]] = field(default_factory=list)
    talent_pool: list[tuple[int, str]] = field(default_factory=list)
    galat: list[str] = field(default_factory=list)


def _rentang(batas: tuple[Decimal, Decimal], levels: tuple[str, str, str]) -> list[tuple[str, str]]:
    bawah, atas = (_tampil_angka(_angka_json(v)) for v in batas)
    return [
        (capfirst(str(LEVEL_LABEL[levels[2]])), _("%(atas)s ke atas") % {"atas": atas}),
        (
            capfirst(str(LEVEL_LABEL[levels[1]])),
            _("%(bawah)s sampai di bawah %(atas)s") % {"bawah": bawah, "atas": atas},
        ),
        (capfirst(str(LEVEL_LABEL[levels[0]])), _("di bawah %(bawah)s") % {"bawah": bawah}),
    ]


def aturan_tampilan(*, konfigurasi: dict[str, Any]) -> TampilanAturan:
    """A version's configuration laid out for reading: weights by regulation group, level ranges,
    score tables, the 3×3 grid (kinerja rows from the top, potensial columns, docs/domain.md §5)."""
    aturan = _rule_set(konfigurasi)
    if aturan is None:
        model = konfigurasi.get("model", "")
        return TampilanAturan(
            model=model,
            model_label=str(MODEL_LABEL.get(model, model)),
            galat=[m.teks() for m in konfigurasi_periksa(konfigurasi)],
        )
    t = TampilanAturan(model=aturan.model, model_label=str(MODEL_LABEL[aturan.model]))
    if aturan.model == "berbobot":
        for sumbu in ("bobot_potensial", "bobot_kinerja"):
            bobot = getattr(aturan, sumbu)
            t.bobot.append(
                {
                    "judul": KUNCI_LABEL[sumbu],
                    "total": sum(bobot.values()),
                    "kelompok": [
                        {
                            "judul": judul,
                            "subtotal": sum(bobot[k] for k in komponen),
                            "komponen": [(capfirst(str(BOBOT_LABEL[k])), bobot[k]) for k in komponen],
                        }
                        for judul, komponen in KELOMPOK_BOBOT[sumbu]
                    ],
                }
            )
        t.batas = [
            {
                "judul": _("Level potensial (skor 0–100)"),
                "rentang": _rentang(aturan.batas_potensial, POTENSIAL_LEVELS),
            },
            {
                "judul": _("Level kinerja (skor 0–100)"),
                "rentang": _rentang(aturan.batas_kinerja, KINERJA_LEVELS),
            },
        ]
        t.skor = [
            {
                "judul": KUNCI_LABEL["predikat_skor"],
                "baris": list(_urut(aturan.predikat_skor, SKOR_KUNCI["predikat_skor"]).items()),
            },
            {
                "judul": KUNCI_LABEL["hukuman_skor"],
                "baris": [
                    (capfirst(str(HUKUMAN_LABEL.get(k, k))), v)
                    for k, v in _urut(aturan.hukuman_skor, SKOR_KUNCI["hukuman_skor"]).items()
                ],
            },
            {
                "judul": KUNCI_LABEL["pendidikan_skor"],
                "baris": [
                    (PENDIDIKAN_LABEL.get(k, k), v)
                    for k, v in _urut(aturan.pendidikan_skor, SKOR_KUNCI["pendidikan_skor"]).items()
                ],
            },
        ]
        t.lainnya = [
            (str(KUNCI_LABEL["jendela_tahun"]), str(aturan.jendela_tahun)),
            (str(KUNCI_LABEL["agregasi_skp"]), capfirst(str(AGREGASI_LABEL[aturan.agregasi_skp]))),
            (str(KUNCI_LABEL["target_jp_per_tahun"]), _tampil_angka(aturan.target_jp_per_tahun)),
            (str(KUNCI_LABEL["target_tahun_pengalaman"]), _tampil_angka(aturan.target_tahun_pengalaman)),
            (str(KUNCI_LABEL["target_penghargaan"]), _tampil_angka(aturan.target_penghargaan)),
            (str(KUNCI_LABEL["target_sk_tim"]), _tampil_angka(aturan.target_sk_tim)),
        ]
    else:
        t.batas = [
            {
                "judul": _("Level potensial dari JPM asesmen"),
                "rentang": _rentang(aturan.batas_jpm, POTENSIAL_LEVELS),
            }
        ]
        t.lainnya = [
            (str(KUNCI_LABEL["jendela_tahun"]), str(aturan.jendela_tahun)),
            (
                _("Level kinerja"),
                _(
                    "dari predikat SKP tahunan terakhir: Sangat Baik → di atas ekspektasi, "
                    "Baik → sesuai ekspektasi, lainnya → di bawah ekspektasi"
                ),
            ),
        ]
    labels = label_kotak_efektif(aturan)
    t.kolom_potensial = [capfirst(str(LEVEL_LABEL[p])) for p in POTENSIAL_LEVELS]
    for k in reversed(KINERJA_LEVELS):
        t.baris_kotak.append(
            (
                capfirst(str(LEVEL_LABEL[k])),
                [
                    SelKotak(
                        k,
                        p,
                        aturan.kotak[(k, p)],
                        labels[aturan.kotak[(k, p)]],
                        aturan.kotak[(k, p)] in aturan.kotak_talent_pool,
                    )
                    for p in POTENSIAL_LEVELS
                ],
            )
        )
    t.talent_pool = [(n, labels[n]) for n in sorted(aturan.kotak_talent_pool)]
    return t


def kotak_urutan_baku(konfigurasi: dict[str, Any]) -> bool:
    """True if the rule set numbers the boxes as PermenPANRB 3/2020 does."""
    aturan = _rule_set(konfigurasi)
    return aturan is not None and aturan.kotak == KOTAK_PERMENPANRB


# --- JSON export -----------------------------------------------------------------------------------


def aturan_ekspor(*, aturan: AturanTalenta) -> bytes:
    """The version as a JSON document (format in docs/rulesets.md): fixed key order and no
    timestamps, so exporting the same version twice gives the same bytes."""
    dokumen = {
        "format": FORMAT_NAMA,
        "versi_format": FORMAT_VERSI,
        "instansi": {"kode": aturan.instansi.kode, "nama": aturan.instansi.nama},
        "nama": aturan.nama,
        "versi": aturan.versi,
        "catatan": aturan.catatan,
        "konfigurasi": konfigurasi_urut(aturan.konfigurasi),
    }
    return (json.dumps(dokumen, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- reads -----------------------------------------------------------------------------------------


def aturan_list(*, instansi: Instansi) -> QuerySet[AturanTalenta]:
    return AturanTalenta.objects.filter(instansi=instansi).select_related("dibuat_oleh").order_by("-versi")


def aturan_get(*, instansi: Instansi, pk: Any) -> AturanTalenta | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return AturanTalenta.objects.filter(instansi=instansi, pk=pk).select_related("dibuat_oleh").first()


def aturan_aktif(*, instansi: Instansi) -> AturanTalenta | None:
    """The active version, without creating one (pages never write on a GET)."""
    return AturanTalenta.objects.filter(instansi=instansi, status=AturanTalenta.Status.AKTIF).first()


def aturan_alasan_terkunci(*, aturan: AturanTalenta) -> str:
    """Why a version cannot be edited any more ("" if it can)."""
    if aturan.digunakan:
        return _(
            "Versi ini sudah dipakai untuk menghitung penempatan talenta. Agar setiap penempatan dapat "
            "ditelusuri kembali, isinya tidak boleh berubah lagi. Salin versi ini menjadi draf baru untuk "
            "menyusun perubahan."
        )
    if aturan.status == AturanTalenta.Status.AKTIF:
        return _(
            "Versi ini sedang aktif: penempatan talenta dihitung dengannya. Salin versi ini menjadi draf "
            "baru, ubah drafnya, lalu aktifkan."
        )
    if aturan.status == AturanTalenta.Status.ARSIP:
        return _(
            "Versi ini sudah diarsipkan dan disimpan apa adanya sebagai catatan. Salin versi ini menjadi "
            "draf baru untuk menyusun perubahan."
        )
    return ""


def pegawai_aktif_jumlah(*, instansi: Instansi) -> int:
    """How many placements a bulk recompute will touch."""
    return Pegawai.objects.filter(instansi=instansi, aktif=True).count()


def penyebab_label(penyebab: str) -> str:
    return str(PENYEBAB_LABEL.get(penyebab, penyebab))


@dataclass(frozen=True)
class HitungUlangBaris:
    job: HitungUlang
    progres: ProgresHitungUlang

    @property
    def penyebab_label(self) -> str:
        return penyebab_label(self.job.penyebab)


def hitung_ulang_terbaru(*, instansi: Instansi, jumlah: int = 10) -> list[HitungUlangBaris]:
    """The latest bulk recomputes with their progress, in a fixed number of queries: unfinished
    jobs of one period share one count of the period's dirty placements."""
    jobs = list(
        HitungUlang.objects.filter(instansi=instansi)
        .select_related("aturan", "dibuat_oleh")
        .order_by("-dimulai_pada", "-id")[:jumlah]
    )
    periode_berjalan = {j.periode for j in jobs if j.selesai_pada is None}
    sisa_per_periode: dict[int, int] = {}
    if periode_berjalan:
        sisa_per_periode = dict(
            Penempatan.objects.filter(
                instansi=instansi, periode__in=periode_berjalan, dirty_since__isnull=False
            )
            .values_list("periode")
            .annotate(n=Count("id"))
        )
    hasil = []
    for job in jobs:
        if job.selesai_pada is not None:
            progres = ProgresHitungUlang(total=job.total, sisa=0, selesai=True)
        else:
            sisa = sisa_per_periode.get(job.periode, 0)
            progres = ProgresHitungUlang(total=job.total, sisa=min(sisa, job.total), selesai=sisa == 0)
        hasil.append(HitungUlangBaris(job=job, progres=progres))
    return hasil


def hitung_ulang_kotak_berubah(*, job: HitungUlang) -> int:
    """How many pegawai changed box during the job (from the placement history)."""
    riwayat = RiwayatPenempatan.objects.filter(
        instansi_id=job.instansi_id,
        periode=job.periode,
        penyebab=job.penyebab,
        dicatat_pada__gte=job.dimulai_pada,
        kotak_lama__isnull=False,
    ).exclude(kotak_lama=F("kotak_baru"))
    if job.selesai_pada is not None:
        riwayat = riwayat.filter(dicatat_pada__lte=job.selesai_pada)
    return riwayat.count()
