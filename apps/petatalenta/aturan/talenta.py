"""The talent rule set's catalogue: its settings in the documented order with their Indonesian
labels, the check of each, the canonical (explicit, ordered) form of a configuration and the
`TALENTA` catalogue that drives checking, comparing and the JSON files."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.pegawai.referensi import JenjangPendidikan

from ..engine import (
    HUKUMAN_SKOR_BAWAAN,
    KINERJA_KOMPONEN,
    KINERJA_LEVELS,
    PENDIDIKAN_SKOR_BAWAAN,
    POTENSIAL_KOMPONEN,
    POTENSIAL_LEVELS,
    PREDIKAT_SKOR_BAWAAN,
    PRESET_BERBOBOT,
    PRESET_KATEGORIS,
    Aturan,
    AturanError,
)
from ..labels import BOBOT_LABEL, label_kotak_efektif, sel_label
from .katalog import Katalog, angka_json, daftar_tampil, nilai_tampil_umum, urut
from .validasi import (
    Masalah,
    bulat_per_kunci,
    periksa_batas,
    periksa_bilangan,
    periksa_bobot,
    periksa_nomor_kotak,
    periksa_pilihan,
    periksa_skor,
)

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
# How the components add up to the regulation's groups (Kepka BKN 411/2025).
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
# (key, lowest, highest) of the whole-number settings.
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
URUTAN_DALAM = {
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


def _bagian_label(kunci: str) -> str:
    return str(BAGIAN_LABEL.get(kunci, KUNCI_LABEL[kunci]))


def setelan_nilai_tampil(kunci: str, nilai: Any) -> str:
    """A talent setting's value as a BKD clerk reads it."""
    if kunci == "model":
        return str(MODEL_LABEL.get(nilai, nilai))
    if kunci == "agregasi_skp":
        return str(AGREGASI_LABEL.get(nilai, nilai))
    if kunci == "kotak_talent_pool":
        return ", ".join(str(n) for n in nilai)
    return nilai_tampil_umum(nilai)


# --- canonical form --------------------------------------------------------------------------------


def konfigurasi_kanonik(aturan: Aturan) -> dict[str, Any]:
    """Every setting the model reads, explicit (engine defaults written out), in the documented
    order: what a new draf stores, so its export documents itself."""
    semua: dict[str, Any] = {
        "model": aturan.model,
        "bobot_potensial": urut(dict(aturan.bobot_potensial), POTENSIAL_KOMPONEN),
        "bobot_kinerja": urut(dict(aturan.bobot_kinerja), KINERJA_KOMPONEN),
        "batas_potensial": [angka_json(v) for v in aturan.batas_potensial],
        "batas_kinerja": [angka_json(v) for v in aturan.batas_kinerja],
        "batas_jpm": [angka_json(v) for v in aturan.batas_jpm],
        "predikat_skor": urut(dict(aturan.predikat_skor), SKOR_KUNCI["predikat_skor"]),
        "hukuman_skor": urut(dict(aturan.hukuman_skor), SKOR_KUNCI["hukuman_skor"]),
        "pendidikan_skor": urut(dict(aturan.pendidikan_skor), SKOR_KUNCI["pendidikan_skor"]),
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


def _konfigurasi_banding(aturan: Aturan) -> dict[str, Any]:
    """The canonical form with every box's effective label: a label left to its default and the
    same text written out compare equal."""
    kanonik = konfigurasi_kanonik(aturan)
    kanonik["label_kotak"] = {str(n): t for n, t in sorted(label_kotak_efektif(aturan).items())}
    return kanonik


def preset_konfigurasi(model: str) -> dict[str, Any]:
    return konfigurasi_kanonik(Aturan.from_config(PRESET[model]))


# --- checks of the talent-only settings ------------------------------------------------------------


def _periksa_kotak(_kunci: str, nilai: Any) -> list[Masalah]:
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
    nomor, salah = bulat_per_kunci("kotak", nilai, SEL, 1, 9, _("harus nomor 1–9"))
    masalah += salah
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
                    "sel": daftar_tampil(sel_label(*s.split("/")).lower() for s in sel_sama),
                },
                tandai=tuple(f"kotak.{s}" for s in sel_sama),
            )
        )
    belum = [n for n in range(1, 10) if n not in hitung]
    if belum:
        masalah.append(
            Masalah("kotak", _("nomor %(daftar)s belum dipakai") % {"daftar": daftar_tampil(belum)})
        )
    return masalah


def _periksa_label(_kunci: str, nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [Masalah("label_kotak", _('harus berupa pasangan nomor kotak → label, mis. {"9": "Bintang"}'))]
    masalah = []
    for k, teks in nilai.items():
        if k not in URUTAN_DALAM["label_kotak"]:
            masalah.append(Masalah("label_kotak", _("“%(k)s” bukan nomor kotak 1–9") % {"k": k}))
        elif not isinstance(teks, str) or not teks.strip():
            masalah.append(Masalah(f"label_kotak.{k}", _("harus teks yang tidak kosong")))
        elif len(teks) > LABEL_MAKS:
            masalah.append(
                Masalah(f"label_kotak.{k}", _("paling panjang %(n)s karakter") % {"n": LABEL_MAKS})
            )
    return masalah


TALENTA = Katalog(
    format_nama=FORMAT_NAMA,
    format_versi=FORMAT_VERSI,
    kunci_urutan=KUNCI_URUTAN,
    urutan_dalam=URUTAN_DALAM,
    kunci_model=KUNCI_MODEL,
    kunci_wajib={
        "berbobot": (("bobot_potensial", "bobot_kinerja"), gettext_lazy("wajib diisi untuk model berbobot"))
    },
    kunci_berindeks=dict.fromkeys(BATAS_LABEL, 2),
    pemeriksa=(
        ("bobot_potensial", periksa_bobot(POTENSIAL_KOMPONEN)),
        ("bobot_kinerja", periksa_bobot(KINERJA_KOMPONEN)),
        *(
            (
                nama,
                periksa_batas(
                    label_bawah=BATAS_LABEL[nama][0],
                    maks=BATAS_MAKS[nama],
                    contoh="[78, 90]" if nama == "batas_jpm" else "[60, 80]",
                ),
            )
            for nama in BATAS_LABEL
        ),
        *((nama, periksa_skor(wajib)) for nama, wajib in SKOR_KUNCI.items()),
        *((nama, periksa_bilangan(terendah, tertinggi)) for nama, terendah, tertinggi in BILANGAN),
        (
            "agregasi_skp",
            periksa_pilihan(AGREGASI_LABEL, gettext_lazy("harus “terakhir”, “rata_rata” atau “minimum”")),
        ),
        ("kotak", _periksa_kotak),
        ("label_kotak", _periksa_label),
        ("kotak_talent_pool", periksa_nomor_kotak("[7, 8, 9]")),
    ),
    mesin=Aturan,
    mesin_galat=AturanError,
    banding=_konfigurasi_banding,
    kunci_label=kunci_label,
    bagian_label=_bagian_label,
    nilai_tampil=setelan_nilai_tampil,
    pesan_model=gettext_lazy("harus “berbobot” atau “kategoris”"),
    pesan_bukan_format=gettext_lazy("Berkas ini bukan ekspor aturan talenta: “format” harus “%(f)s”."),
    pesan_terlalu_besar=gettext_lazy(
        "Berkas terlalu besar (%(kb)s KB); berkas aturan talenta paling besar %(maks)s KB."
    ),
)
