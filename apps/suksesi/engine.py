"""The succession engine's pure core: the succession rule set, and (below it) the judgement of one
candidate against one key post.

No database, no clock: the same inputs and rule set always give the same result. Missing,
unverified or expired data is `perlu_verifikasi`, never `memenuhi` (docs/succession.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

D0, D100 = Decimal(0), Decimal(100)

# --- levels ("tingkat") ----------------------------------------------------------------------------
# A key post's level, and a pegawai's, as one code: the jenis jabatan of a structural post, the
# jenjang of a fungsional one (the path criterion speaks of both: "Administrator or Ahli Madya").
TINGKAT_STRUKTURAL = ("jpt_pratama", "administrator", "pengawas", "pelaksana")
TINGKAT_FUNGSIONAL = (
    "ahli_utama",
    "ahli_madya",
    "ahli_muda",
    "ahli_pertama",
    "penyelia",
    "mahir",
    "terampil",
    "pemula",
)
TINGKAT = (*TINGKAT_STRUKTURAL, *TINGKAT_FUNGSIONAL)
# The levels a key post may have (docs/succession.md): managerial posts below JPT Madya, and the
# fungsional jenjang an instansi marks as key (Ahli Madya and Ahli Utama by default).
TINGKAT_JABATAN_KUNCI = ("jpt_pratama", "administrator", "pengawas", *TINGKAT_FUNGSIONAL)
TINGKAT_MANAJERIAL = frozenset({"jpt_pratama", "administrator", "pengawas"})


def tingkat_dari(*, jenis_jabatan: str, jenjang_fungsional: str = "") -> str:
    """The level code of a jabatan: its jenjang when fungsional, else its jenis ("" if the jenjang
    of a fungsional post is unknown)."""
    if jenis_jabatan == "fungsional":
        return jenjang_fungsional or ""
    return jenis_jabatan


# --- results ---------------------------------------------------------------------------------------
MEMENUHI = "memenuhi"
TIDAK_MEMENUHI = "tidak_memenuhi"
PERLU_VERIFIKASI = "perlu_verifikasi"
# Worst first: the overall value of a candidate is the worst of its criteria.
HASIL_URUTAN = (TIDAK_MEMENUHI, PERLU_VERIFIKASI, MEMENUHI)

SIAP_SEKARANG = "siap_sekarang"
SIAP_1_2 = "siap_1_2"
SIAP_3 = "siap_3"
KESIAPAN = (SIAP_SEKARANG, SIAP_1_2, SIAP_3)

# The criteria, in the order they are checked and shown (docs/succession.md §Kriteria).
KRITERIA = (
    "status",
    "pendidikan",
    "jalur",
    "kinerja",
    "asesmen",
    "usia",
    "hukuman",
    "krs",
    "tambahan",
)

PREDIKAT_URUTAN = ("Sangat Kurang", "Kurang/Misconduct", "Butuh Perbaikan", "Baik", "Sangat Baik")


# --- rule set --------------------------------------------------------------------------------------
class AturanError(ValueError):
    """A succession rule set that cannot be used; the message lists every problem (Bahasa
    Indonesia)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


BOBOT_KOMPONEN = ("kotak", "jpm", "potensial", "kinerja")

PRESET_NASIONAL: dict[str, Any] = {
    "status_pppk_fungsional": False,
    "pendidikan_minimum": {
        "jpt_pratama": "d4",
        "administrator": "d4",
        "pengawas": "d3",
        "fungsional": "d4",
    },
    "jalur": {
        "jpt_pratama": {"asal": ["administrator", "ahli_madya"], "tahun": 2},
        "administrator": {"asal": ["pengawas", "ahli_muda"], "tahun": 3},
        "pengawas": {"asal": ["pelaksana", "ahli_pertama", "mahir", "penyelia"], "tahun": 4},
        "ahli_utama": {"asal": ["ahli_madya"], "tahun": 2},
        "ahli_madya": {"asal": ["ahli_muda"], "tahun": 2},
        "ahli_muda": {"asal": ["ahli_pertama"], "tahun": 2},
    },
    "tahun_pengalaman_jpt": 5,
    "skp_tahun": 2,
    "skp_predikat_minimum": "Baik",
    "tahun_ke_bup_minimum": 2,
    "usia_maksimum": {"jpt_pratama": 56},
    "hukuman_tahun": 3,
    "hukuman_tingkat": ["sedang", "berat"],
    "kotak_krs_nasional": [9],
    "bobot_peringkat": {"kotak": 40, "jpm": 30, "potensial": 15, "kinerja": 15},
    "skor_kotak": {"9": 100, "8": 80, "7": 60},
    "jpm_siap_sekarang": 80,
    "jpm_siap_1_2": 68,
    "bulan_siap_1_2": 24,
    "bulan_berisiko": 24,
}

JENJANG_PENDIDIKAN = ("sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")
# D-IV and S-1 are the same level for appointment (PP 11/2017 as amended): equal rank here.
PENDIDIKAN_PERINGKAT = {
    "sd": 1,
    "smp": 2,
    "sma": 3,
    "d1": 4,
    "d2": 5,
    "d3": 6,
    "d4": 7,
    "s1": 7,
    "s2": 8,
    "s3": 9,
}
KELOMPOK_PENDIDIKAN = ("jpt_pratama", "administrator", "pengawas", "fungsional")


@dataclass(frozen=True)
class Jalur:
    asal: tuple[str, ...]  # the feeder levels
    tahun: int  # minimum years at one of them (verified riwayat jabatan)


@dataclass(frozen=True)
class Aturan:
    """A validated succession rule set (the JSON stored in AturanSuksesi.konfigurasi)."""

    status_pppk_fungsional: bool = False
    pendidikan_minimum: dict[str, str] = field(default_factory=dict)  # kelompok -> jenjang
    jalur: dict[str, Jalur] = field(default_factory=dict)  # target level -> path
    tahun_pengalaman_jpt: int = 5
    skp_tahun: int = 2
    skp_predikat_minimum: str = "Baik"
    tahun_ke_bup_minimum: int = 2
    usia_maksimum: dict[str, int] = field(default_factory=dict)  # target level -> age
    hukuman_tahun: int = 3
    hukuman_tingkat: frozenset[str] = frozenset({"sedang", "berat"})
    kotak_krs_nasional: frozenset[int] = frozenset({9})
    bobot_peringkat: dict[str, int] = field(default_factory=dict)
    skor_kotak: dict[int, int] = field(default_factory=dict)
    jpm_siap_sekarang: Decimal = Decimal(80)
    jpm_siap_1_2: Decimal = Decimal(68)
    bulan_siap_1_2: int = 24
    bulan_berisiko: int = 24

    def kelompok_pendidikan(self, tingkat: str) -> str:
        return tingkat if tingkat in TINGKAT_MANAJERIAL else "fungsional"

    def tingkat_asal(self, tingkat: str) -> tuple[str, ...]:
        """The levels a key post of `tingkat` draws its candidates from."""
        jalur = self.jalur.get(tingkat)
        return jalur.asal if jalur else ()

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Aturan:
        problems: list[str] = []
        config = {**PRESET_NASIONAL, **config}
        kwargs: dict[str, Any] = {"status_pppk_fungsional": bool(config["status_pppk_fungsional"])}

        pendidikan = dict(config["pendidikan_minimum"])
        if set(pendidikan) != set(KELOMPOK_PENDIDIKAN):
            problems.append("pendidikan_minimum: isi tepat " + ", ".join(KELOMPOK_PENDIDIKAN))
        if any(v not in JENJANG_PENDIDIKAN for v in pendidikan.values()):
            problems.append(
                "pendidikan_minimum: jenjang harus salah satu dari " + ", ".join(JENJANG_PENDIDIKAN)
            )
        kwargs["pendidikan_minimum"] = pendidikan

        jalur: dict[str, Jalur] = {}
        for target, value in dict(config["jalur"]).items():
            asal = tuple(value.get("asal") or ())
            tahun = int(value.get("tahun", 0))
            if target not in TINGKAT_JABATAN_KUNCI:
                problems.append(f"jalur: tingkat {target} tidak dikenal")
            if not asal or any(a not in TINGKAT for a in asal):
                problems.append(f"jalur {target}: jabatan asal harus tingkat yang dikenal")
            if target in asal:
                problems.append(f"jalur {target}: jabatan asal tidak boleh tingkat yang sama")
            if not 0 <= tahun <= 40:
                problems.append(f"jalur {target}: lama minimal 0–40 tahun")
            jalur[target] = Jalur(asal=asal, tahun=tahun)
        kwargs["jalur"] = jalur

        for name, low, high in (
            ("tahun_pengalaman_jpt", 0, 40),
            ("skp_tahun", 1, 5),
            ("tahun_ke_bup_minimum", 0, 20),
            ("hukuman_tahun", 0, 20),
            ("bulan_siap_1_2", 1, 120),
            ("bulan_berisiko", 1, 120),
        ):
            kwargs[name] = int(config[name])
            if not low <= kwargs[name] <= high:
                problems.append(f"{name} harus {low}–{high}")

        if config["skp_predikat_minimum"] not in PREDIKAT_URUTAN:
            problems.append("skp_predikat_minimum harus salah satu predikat SKP")
        kwargs["skp_predikat_minimum"] = config["skp_predikat_minimum"]

        usia = {str(k): int(v) for k, v in dict(config["usia_maksimum"]).items()}
        if any(k not in TINGKAT_JABATAN_KUNCI for k in usia) or any(not 18 <= v <= 70 for v in usia.values()):
            problems.append("usia_maksimum: tingkat yang dikenal, usia 18–70")
        kwargs["usia_maksimum"] = usia

        tingkat_hukuman = frozenset(config["hukuman_tingkat"])
        if not tingkat_hukuman <= {"ringan", "sedang", "berat"}:
            problems.append("hukuman_tingkat: ringan, sedang atau berat")
        kwargs["hukuman_tingkat"] = tingkat_hukuman

        krs_nasional = frozenset(int(n) for n in config["kotak_krs_nasional"])
        if not krs_nasional or not krs_nasional <= set(range(1, 10)):
            problems.append("kotak_krs_nasional: isi nomor kotak 1–9")
        kwargs["kotak_krs_nasional"] = krs_nasional

        bobot = {str(k): int(v) for k, v in dict(config["bobot_peringkat"]).items()}
        if set(bobot) != set(BOBOT_KOMPONEN):
            problems.append("bobot_peringkat: komponen harus tepat " + ", ".join(BOBOT_KOMPONEN))
        elif any(v < 0 for v in bobot.values()):
            problems.append("bobot_peringkat: bobot tidak boleh negatif")
        elif sum(bobot.values()) != 100:
            problems.append(f"bobot_peringkat: jumlah bobot harus 100, bukan {sum(bobot.values())}")
        kwargs["bobot_peringkat"] = bobot

        skor_kotak = {int(k): int(v) for k, v in dict(config["skor_kotak"]).items()}
        if not set(skor_kotak) <= set(range(1, 10)) or any(not 0 <= v <= 100 for v in skor_kotak.values()):
            problems.append("skor_kotak: nomor kotak 1–9, skor 0–100")
        kwargs["skor_kotak"] = skor_kotak

        kwargs["jpm_siap_sekarang"] = Decimal(str(config["jpm_siap_sekarang"]))
        kwargs["jpm_siap_1_2"] = Decimal(str(config["jpm_siap_1_2"]))
        if not D0 < kwargs["jpm_siap_1_2"] < kwargs["jpm_siap_sekarang"] <= Decimal(200):
            problems.append("jpm_siap_1_2 harus di atas 0 dan di bawah jpm_siap_sekarang")

        unknown = set(config) - set(PRESET_NASIONAL)
        if unknown:
            problems.append("setelan tidak dikenal: " + ", ".join(sorted(unknown)))
        if problems:
            raise AturanError(problems)
        return cls(**kwargs)
