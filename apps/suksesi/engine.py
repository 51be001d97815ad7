"""The succession engine's pure core: the succession rule set, and (below it) the judgement of one
candidate against one key post.

No database, no clock: the same inputs and rule set always give the same result. Missing,
unverified or expired data is `perlu_verifikasi`, never `memenuhi` (docs/succession.md).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from typing import Any

from apps.pegawai.referensi import GOLONGAN_PNS, GOLONGAN_PPPK, golongan_urutan, tanggal_pensiun_dari

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
# Those that depend only on the pegawai and the post's level (stored once per pegawai and level,
# KandidatDasar), and those that depend on the post itself (stored on each Kandidat row).
KRITERIA_TINGKAT = KRITERIA[:7]
KRITERIA_JABATAN = KRITERIA[7:]

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


# --- one candidate against one key post --------------------------------------------------------------
# Below: pure judgement. The loader (inputs.py) builds the inputs from verified data; the flush
# (services.py) stores the results. Every reason is Bahasa Indonesia with Indonesian numbers and
# dates ("2 tahun 7 bulan", "85,50", "31-12-2026").

CENT = Decimal("0.01")
SEPERSEPULUH = Decimal("0.1")
HARI_SETAHUN = Decimal("365.25")
STATUS_PNS = "pns"
STATUS_PPPK = frozenset({"pppk", "pppk_paruh_waktu"})
_HASIL_RANK = {hasil: i for i, hasil in enumerate(HASIL_URUTAN)}
_KESIAPAN_RANK = {SIAP_3: 0, SIAP_1_2: 1, SIAP_SEKARANG: 2}
_PREDIKAT_RANK = {p: i for i, p in enumerate(PREDIKAT_URUTAN)}

TINGKAT_LABEL = {
    "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "pelaksana": "Pelaksana",
    "ahli_utama": "Ahli Utama",
    "ahli_madya": "Ahli Madya",
    "ahli_muda": "Ahli Muda",
    "ahli_pertama": "Ahli Pertama",
    "penyelia": "Penyelia",
    "mahir": "Mahir",
    "terampil": "Terampil",
    "pemula": "Pemula",
}
PENDIDIKAN_LABEL = {
    "sd": "SD", "smp": "SMP", "sma": "SMA/SMK", "d1": "D-I", "d2": "D-II", "d3": "D-III",
    "d4": "D-IV", "s1": "S-1", "s2": "S-2", "s3": "S-3",
}  # fmt: skip
STATUS_LABEL = {"pns": "PNS", "cpns": "CPNS", "pppk": "PPPK", "pppk_paruh_waktu": "PPPK Paruh Waktu"}


@dataclass(frozen=True)
class PeriodeJabatan:
    """One verified riwayat jabatan: its level and period (an open end = still in the post)."""

    tingkat: str
    tmt_mulai: dt.date
    tmt_selesai: dt.date | None = None


@dataclass(frozen=True)
class AsesmenKandidat:
    tanggal: dt.date
    berlaku_sampai: dt.date
    jpm: Decimal
    nilai_potensi: Decimal
    # (competency name normalised: trimmed, lower case; individual level), sorted
    kompetensi: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class HukumanKandidat:
    tingkat: str  # ringan | sedang | berat
    tmt_mulai: dt.date
    tmt_selesai: dt.date | None
    disetujui: bool = True  # False: entered, awaiting verification


@dataclass(frozen=True)
class SertifikatKandidat:
    """A verified sertifikat or diklat (name, expiry; a diklat does not expire)."""

    nama: str
    berlaku_sampai: dt.date | None = None


@dataclass(frozen=True)
class KandidatInputs:
    """Everything the engine may read about one pegawai (verified items only, plus how many items
    of each kind await verification)."""

    pegawai_id: int
    status_kepegawaian: str
    tanggal_lahir: dt.date
    tingkat: str  # current level (tingkat_dari of the pegawai's jabatan)
    golongan: str = ""
    jabatan: tuple[PeriodeJabatan, ...] = ()
    menunggu: tuple[tuple[str, int], ...] = ()  # (riwayat kind, items awaiting verification)
    pendidikan: str | None = None  # highest verified jenjang
    jurusan: tuple[str, ...] = ()  # verified fields of study
    skp: tuple[tuple[int, str], ...] = ()  # (tahun, predikat) of annual SKPs
    asesmen: AsesmenKandidat | None = None  # the latest asesmen, valid or not
    hukuman: tuple[HukumanKandidat, ...] = ()
    sertifikat: tuple[SertifikatKandidat, ...] = ()
    kotak: int | None = None
    status_penempatan: str = ""  # final | perlu_data | ""
    talent_pool: bool = False
    skor_potensial: Decimal | None = None
    skor_kinerja: Decimal | None = None

    def menunggu_jenis(self, *kinds: str) -> list[str]:
        """Of `kinds`, those with items awaiting verification (in the given order)."""
        waiting = {kind for kind, n in self.menunggu if n > 0}
        return [kind for kind in kinds if kind in waiting]


@dataclass(frozen=True)
class JabatanInput:
    """What the engine reads of a key post."""

    tingkat: str
    # (competency name normalised, standard level), in the post's order
    standar_kompetensi: tuple[tuple[str, int], ...] = ()
    golongan_minimum: str = ""
    bidang_pendidikan: tuple[str, ...] = ()
    sertifikat: tuple[str, ...] = ()
    bup_usia: int = 58  # retirement age of the post's level (PengaturanPegawai.bup)

    @classmethod
    def dari(cls, *, tingkat: str, standar_kompetensi, syarat_tambahan, bup_usia: int) -> JabatanInput:
        """From the stored JSON of a JabatanKunci."""
        syarat = syarat_tambahan or {}
        return cls(
            tingkat=tingkat,
            standar_kompetensi=tuple(
                (kompetensi_normal(item["kompetensi"]), int(item["level"]))
                for item in standar_kompetensi or ()
            ),
            golongan_minimum=str(syarat.get("golongan_minimum") or ""),
            bidang_pendidikan=tuple(str(b) for b in syarat.get("bidang_pendidikan") or () if str(b).strip()),
            sertifikat=tuple(str(s) for s in syarat.get("sertifikat") or () if str(s).strip()),
            bup_usia=bup_usia,
        )


def kompetensi_normal(nama: str) -> str:
    """Competency names match case-insensitively, trimmed (and inner spaces collapsed)."""
    return " ".join(str(nama).split()).lower()


@dataclass(frozen=True)
class Kriteria:
    kode: str
    hasil: str
    alasan: str
    waktu: bool = False  # unmet only by time, met within bulan_siap_1_2 months
    verifikasi: tuple[str, ...] = ()  # portfolio kinds awaiting verification that could change it

    def as_jsonable(self) -> dict[str, Any]:
        return {
            "kode": self.kode,
            "hasil": self.hasil,
            "alasan": self.alasan,
            "waktu": self.waktu,
            "verifikasi": list(self.verifikasi),
        }

    @cached_property
    def as_json(self) -> str:
        """`json.dumps(self.as_jsonable())`, kept on the instance (a bulk flush writes the
        criteria shared by every post of a level once per post)."""
        return json.dumps(self.as_jsonable())


@dataclass(frozen=True)
class KandidatHasil:
    kriteria: tuple[Kriteria, ...]
    kelayakan: str
    jpm_jabatan: Decimal | None
    jpm_sumber: str  # "kompetensi" | "asesmen" | ""
    skor_peringkat: Decimal
    kesiapan: str
    alasan_kesiapan: str
    tahun_ke_bup: Decimal | None

    def kriteria_jsonable(self) -> list[dict[str, Any]]:
        return [k.as_jsonable() for k in self.kriteria]

    def kriteria_get(self, kode: str) -> Kriteria:
        return next(k for k in self.kriteria if k.kode == kode)


# --- small helpers: dates and numbers in words -------------------------------------------------------


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """`tanggal` moved by whole months (the 31st becomes the month's last day)."""
    index = tanggal.year * 12 + tanggal.month - 1 + bulan
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(tanggal.day, last))


def tambah_tahun(tanggal: dt.date, tahun: int) -> dt.date:
    return tambah_bulan(tanggal, 12 * tahun)


def _selisih_bulan(awal: dt.date, akhir: dt.date) -> int:
    """Completed months from `awal` to `akhir` (0 if `akhir` is not later)."""
    months = (akhir.year - awal.year) * 12 + akhir.month - awal.month
    if months > 0 and tambah_bulan(awal, months) > akhir:
        months -= 1
    return max(0, months)


def usia_pada(tanggal_lahir: dt.date, tanggal: dt.date) -> int:
    """Age in completed years."""
    return _selisih_bulan(tanggal_lahir, tanggal) // 12


def lama_teks(bulan: int) -> str:
    """ "2 tahun 7 bulan", "3 tahun", "5 bulan"."""
    tahun, sisa = divmod(max(0, bulan), 12)
    if tahun and sisa:
        return f"{tahun} tahun {sisa} bulan"
    if tahun:
        return f"{tahun} tahun"
    return f"{sisa} bulan"


def _hari_ke_bulan(hari: int, acuan: dt.date) -> int:
    """Days as completed months, counted back from the planning date (exact on whole periods)."""
    return _selisih_bulan(acuan - dt.timedelta(days=hari), acuan)


def angka(nilai: Decimal, places: int = 2) -> str:
    """Indonesian decimal notation: 85,50 (1.234,50 for thousands)."""
    text = f"{nilai:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def tanggal_teks(tanggal: dt.date) -> str:
    return tanggal.strftime("%d-%m-%Y")


def _tingkat_teks(tingkat: str) -> str:
    return TINGKAT_LABEL.get(tingkat, tingkat or "-")


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- the criteria -----------------------------------------------------------------------------------


def _kriteria_status(i: KandidatInputs, tingkat: str, aturan: Aturan) -> Kriteria:
    status = STATUS_LABEL.get(i.status_kepegawaian, i.status_kepegawaian)
    if i.status_kepegawaian == STATUS_PNS:
        return Kriteria("status", MEMENUHI, "PNS")
    if tingkat not in TINGKAT_MANAJERIAL and i.status_kepegawaian in STATUS_PPPK:
        if aturan.status_pppk_fungsional:
            return Kriteria("status", MEMENUHI, f"{status}; jabatan fungsional terbuka bagi PPPK")
        return Kriteria("status", TIDAK_MEMENUHI, f"{status}; jabatan fungsional ini hanya untuk PNS")
    return Kriteria("status", TIDAK_MEMENUHI, f"{status}; jabatan ini hanya untuk PNS")


def _kriteria_pendidikan(i: KandidatInputs, tingkat: str, aturan: Aturan) -> Kriteria:
    minimum = aturan.pendidikan_minimum.get(aturan.kelompok_pendidikan(tingkat), "")
    menunggu = tuple(i.menunggu_jenis("pendidikan"))
    perlu = f"perlu minimal {PENDIDIKAN_LABEL.get(minimum, minimum)}"
    if i.pendidikan is None:
        return Kriteria(
            "pendidikan",
            PERLU_VERIFIKASI,
            f"belum ada riwayat pendidikan yang disetujui; {perlu}",
            False,
            menunggu,
        )
    punya = PENDIDIKAN_LABEL.get(i.pendidikan, i.pendidikan)
    if PENDIDIKAN_PERINGKAT.get(i.pendidikan, 0) >= PENDIDIKAN_PERINGKAT.get(minimum, 0):
        return Kriteria("pendidikan", MEMENUHI, f"{punya}; {perlu}")
    if menunggu:
        return Kriteria(
            "pendidikan",
            PERLU_VERIFIKASI,
            f"{punya}; {perlu}; ada riwayat pendidikan menunggu verifikasi",
            False,
            menunggu,
        )
    return Kriteria("pendidikan", TIDAK_MEMENUHI, f"{punya}; {perlu}")


def _hari_gabungan(periode: list[tuple[dt.date, dt.date]]) -> int:
    """Days covered by the periods, overlaps counted once."""
    total, end_max = 0, None
    for mulai, selesai in sorted(periode):
        if end_max is not None and mulai < end_max:
            mulai = end_max
        if selesai > mulai:
            total += (selesai - mulai).days
        end_max = selesai if end_max is None else max(end_max, selesai)
    return total


def _periode_sampai(i: KandidatInputs, acuan: dt.date, tingkat: set[str] | None):
    """Verified periods (at the given levels, or all) clipped to the planning date."""
    out = []
    for p in i.jabatan:
        if p.tmt_mulai > acuan or (tingkat is not None and p.tingkat not in tingkat):
            continue
        selesai = acuan if p.tmt_selesai is None else min(p.tmt_selesai, acuan)
        out.append((p.tmt_mulai, selesai))
    return out


def _kriteria_jalur(i: KandidatInputs, tingkat: str, aturan: Aturan, acuan: dt.date) -> Kriteria:
    jalur = aturan.jalur.get(tingkat)
    if jalur is None:
        return Kriteria("jalur", MEMENUHI, "tidak ada syarat jalur jabatan untuk tingkat ini")
    asal = set(jalur.asal)
    asal_teks = " atau ".join(_tingkat_teks(t) for t in jalur.asal)
    syarat: list[tuple[str, int, int, int]] = []  # (what, days held, days needed, years needed)
    hari = _hari_gabungan(_periode_sampai(i, acuan, asal))
    syarat.append(
        (f"riwayat jabatan {asal_teks}", hari, (acuan - tambah_tahun(acuan, -jalur.tahun)).days, jalur.tahun)
    )
    if tingkat == "jpt_pratama" and aturan.tahun_pengalaman_jpt:
        total = _hari_gabungan(_periode_sampai(i, acuan, None))
        tahun = aturan.tahun_pengalaman_jpt
        syarat.append(("pengalaman jabatan", total, (acuan - tambah_tahun(acuan, -tahun)).days, tahun))
    bagian, kurang_hari = [], 0
    for apa, punya, perlu, tahun in syarat:
        bagian.append(f"{apa} {lama_teks(_hari_ke_bulan(punya, acuan))}; perlu {tahun} tahun")
        kurang_hari = max(kurang_hari, perlu - punya)
    alasan = "; ".join(bagian)
    if kurang_hari <= 0:
        return Kriteria("jalur", MEMENUHI, alasan)
    # Short by time only: still in a feeder-level post, and the rest accrues within the horizon.
    menjabat = any(
        p.tingkat in asal and p.tmt_mulai <= acuan and (p.tmt_selesai is None or p.tmt_selesai > acuan)
        for p in i.jabatan
    )
    batas = (tambah_bulan(acuan, aturan.bulan_siap_1_2) - acuan).days
    waktu = menjabat and kurang_hari <= batas
    if waktu:
        terpenuhi = acuan + dt.timedelta(days=kurang_hari)
        alasan += f"; terpenuhi pada {tanggal_teks(terpenuhi)} bila tetap menjabat"
    menunggu = tuple(i.menunggu_jenis("jabatan"))
    if menunggu:
        return Kriteria(
            "jalur", PERLU_VERIFIKASI, alasan + "; ada riwayat jabatan menunggu verifikasi", waktu, menunggu
        )
    return Kriteria("jalur", TIDAK_MEMENUHI, alasan, waktu)


def _kriteria_kinerja(i: KandidatInputs, aturan: Aturan, acuan: dt.date) -> Kriteria:
    minimum = aturan.skp_predikat_minimum
    tahun_list = [acuan.year - n for n in range(aturan.skp_tahun, 0, -1)]
    per_tahun = dict(i.skp)
    kurang, hilang, bagian = [], [], []
    for tahun in tahun_list:
        predikat = per_tahun.get(tahun)
        if predikat is None:
            hilang.append(tahun)
            bagian.append(f"{tahun} belum ada")
        else:
            bagian.append(f"{tahun} {predikat}")
            if _PREDIKAT_RANK.get(predikat, -1) < _PREDIKAT_RANK[minimum]:
                kurang.append(tahun)
    alasan = f"SKP {', '.join(bagian)}; perlu minimal {minimum} tiap tahun"
    if kurang:
        return Kriteria("kinerja", TIDAK_MEMENUHI, alasan)
    if hilang:
        return Kriteria("kinerja", PERLU_VERIFIKASI, alasan)
    return Kriteria("kinerja", MEMENUHI, alasan)


def _asesmen_valid(i: KandidatInputs, acuan: dt.date) -> bool:
    # The validity end day itself still counts (as in the talent engine).
    return i.asesmen is not None and i.asesmen.tanggal <= acuan <= i.asesmen.berlaku_sampai


def _kriteria_asesmen(i: KandidatInputs, acuan: dt.date) -> Kriteria:
    a = i.asesmen
    if a is None:
        return Kriteria("asesmen", PERLU_VERIFIKASI, "belum ada hasil asesmen")
    if not _asesmen_valid(i, acuan):
        return Kriteria(
            "asesmen",
            PERLU_VERIFIKASI,
            f"asesmen {tanggal_teks(a.tanggal)} kedaluwarsa sejak {tanggal_teks(a.berlaku_sampai)}",
        )
    return Kriteria(
        "asesmen",
        MEMENUHI,
        f"asesmen {tanggal_teks(a.tanggal)} berlaku sampai {tanggal_teks(a.berlaku_sampai)}",
    )


@lru_cache(maxsize=100_000)
def tanggal_bup(tanggal_lahir: dt.date, usia: int) -> dt.date:
    """The BUP date: the first day of the month after the BUP birthday (apps/pegawai/referensi)."""
    return tanggal_pensiun_dari(tanggal_lahir=tanggal_lahir, usia=usia)


@lru_cache(maxsize=100_000)
def tahun_ke_bup(tanggal_lahir: dt.date, usia: int, acuan: dt.date) -> Decimal:
    """Years from the planning date to the BUP date, one decimal."""
    hari = (tanggal_bup(tanggal_lahir, usia) - acuan).days
    return (Decimal(hari) / HARI_SETAHUN).quantize(SEPERSEPULUH, rounding=ROUND_HALF_UP)


def _kriteria_usia(
    i: KandidatInputs, tingkat: str, bup_usia: int, aturan: Aturan, acuan: dt.date
) -> Kriteria:
    bup = tanggal_bup(i.tanggal_lahir, bup_usia)
    cukup = bup >= tambah_tahun(acuan, aturan.tahun_ke_bup_minimum)
    sisa = lama_teks(_selisih_bulan(acuan, bup))
    bagian = [f"BUP {tanggal_teks(bup)} ({sisa} lagi); perlu minimal {aturan.tahun_ke_bup_minimum} tahun"]
    usia = usia_pada(i.tanggal_lahir, acuan)
    maksimum = aturan.usia_maksimum.get(tingkat)
    if maksimum is not None:
        bagian.append(f"usia {usia} tahun; maksimal {maksimum} tahun")
        cukup = cukup and usia <= maksimum
    return Kriteria("usia", MEMENUHI if cukup else TIDAK_MEMENUHI, "; ".join(bagian))


def _kriteria_hukuman(i: KandidatInputs, aturan: Aturan, acuan: dt.date) -> Kriteria:
    batas = tambah_tahun(acuan, -aturan.hukuman_tahun)
    tingkat_teks = " atau ".join(t for t in ("ringan", "sedang", "berat") if t in aturan.hukuman_tingkat)
    gagal, menunggu = [], False
    for h in i.hukuman:
        if h.tmt_mulai > acuan:
            continue
        berjalan = h.tmt_selesai is None or h.tmt_selesai >= acuan
        if berjalan:
            alasan = f"hukuman {h.tingkat} sedang dijalani sejak {tanggal_teks(h.tmt_mulai)}"
        elif h.tingkat in aturan.hukuman_tingkat and h.tmt_selesai > batas:
            alasan = f"hukuman {h.tingkat} berakhir {tanggal_teks(h.tmt_selesai)}, dalam {aturan.hukuman_tahun} tahun terakhir"
        else:
            continue
        if h.disetujui:
            gagal.append(alasan)
        else:
            menunggu = True
    if gagal:
        return Kriteria("hukuman", TIDAK_MEMENUHI, "; ".join(gagal))
    if menunggu:
        return Kriteria(
            "hukuman",
            PERLU_VERIFIKASI,
            "ada catatan hukuman disiplin menunggu verifikasi",
            False,
            ("hukuman",),
        )
    return Kriteria(
        "hukuman",
        MEMENUHI,
        f"tidak ada hukuman {tingkat_teks} dalam {aturan.hukuman_tahun} tahun terakhir dan tidak sedang menjalani hukuman",
    )


_TANPA_TAMBAHAN = Kriteria("tambahan", MEMENUHI, "tidak ada syarat tambahan")


def _kriteria_krs(i: KandidatInputs, nominasi: bool, nominasi_alasan: str) -> Kriteria:
    if i.status_penempatan == "final" and i.talent_pool:
        return Kriteria("krs", MEMENUHI, f"kotak {i.kotak} (KRS)")
    if nominasi:
        return Kriteria("krs", MEMENUHI, f"nominasi Komite: {nominasi_alasan}".strip())
    if i.status_penempatan == "perlu_data":
        return Kriteria("krs", TIDAK_MEMENUHI, "penempatan talenta masih perlu data; belum masuk KRS")
    if i.kotak is None:
        return Kriteria("krs", TIDAK_MEMENUHI, "belum ada penempatan talenta; belum masuk KRS")
    return Kriteria("krs", TIDAK_MEMENUHI, f"kotak {i.kotak}; tidak termasuk KRS")


def _kriteria_tambahan(i: KandidatInputs, post: JabatanInput, acuan: dt.date) -> Kriteria:
    if not (post.golongan_minimum or post.bidang_pendidikan or post.sertifikat):
        return _TANPA_TAMBAHAN
    hasil: list[tuple[str, str, tuple[str, ...]]] = []
    if post.golongan_minimum:
        minimum = post.golongan_minimum
        sama_skema = (i.golongan in GOLONGAN_PNS) == (minimum in GOLONGAN_PNS) or (
            i.golongan in GOLONGAN_PPPK and minimum in GOLONGAN_PPPK
        )
        if not i.golongan:
            hasil.append((PERLU_VERIFIKASI, f"golongan belum tercatat; perlu minimal {minimum}", ()))
        elif sama_skema and golongan_urutan(i.golongan) >= golongan_urutan(minimum):
            hasil.append((MEMENUHI, f"golongan {i.golongan}; perlu minimal {minimum}", ()))
        else:
            hasil.append((TIDAK_MEMENUHI, f"golongan {i.golongan}; perlu minimal {minimum}", ()))
    if post.bidang_pendidikan:
        kata = [k.strip().lower() for k in post.bidang_pendidikan]
        cocok = [j for j in i.jurusan if any(k in j.lower() for k in kata)]
        bidang = ", ".join(post.bidang_pendidikan)
        if cocok:
            hasil.append((MEMENUHI, f"bidang pendidikan {cocok[0]}; perlu bidang {bidang}", ()))
        elif i.menunggu_jenis("pendidikan"):
            hasil.append(
                (PERLU_VERIFIKASI, f"bidang pendidikan {bidang} belum terverifikasi", ("pendidikan",))
            )
        else:
            hasil.append((TIDAK_MEMENUHI, f"tidak ada pendidikan bidang {bidang}", ()))
    if post.sertifikat:
        kata = [k.strip().lower() for k in post.sertifikat]
        sertifikat_teks = ", ".join(post.sertifikat)
        cocok = [s for s in i.sertifikat if any(k in s.nama.lower() for k in kata)]
        berlaku = [s for s in cocok if s.berlaku_sampai is None or s.berlaku_sampai >= acuan]
        menunggu = tuple(i.menunggu_jenis("sertifikat", "diklat"))
        if berlaku:
            hasil.append((MEMENUHI, f"sertifikat/diklat {berlaku[0].nama}; perlu {sertifikat_teks}", ()))
        elif cocok or menunggu:
            alasan = (
                f"sertifikat {cocok[0].nama} kedaluwarsa sejak {tanggal_teks(cocok[0].berlaku_sampai)}"
                if cocok
                else f"sertifikat/diklat {sertifikat_teks} belum terverifikasi"
            )
            hasil.append((PERLU_VERIFIKASI, alasan, menunggu))
        else:
            hasil.append((TIDAK_MEMENUHI, f"tidak ada sertifikat/diklat {sertifikat_teks}", ()))
    if not hasil:
        return Kriteria("tambahan", MEMENUHI, "tidak ada syarat tambahan")
    terburuk = min((h for h, _a, _v in hasil), key=_HASIL_RANK.__getitem__)
    verifikasi = tuple(dict.fromkeys(v for h, _a, vs in hasil if h != MEMENUHI for v in vs))
    return Kriteria("tambahan", terburuk, "; ".join(a for _h, a, _v in hasil), False, verifikasi)


# --- JPM, ranking, readiness ----------------------------------------------------------------------------


def jpm_jabatan(
    *, inputs: KandidatInputs, post: JabatanInput, tanggal_acuan: dt.date
) -> tuple[Decimal | None, str]:
    """JPM against the post: per competency when the asesmen has every competency of the post's
    standard (Σ individual ÷ Σ standard × 100), else the asesmen's own JPM; None without a valid
    asesmen."""
    if not _asesmen_valid(inputs, tanggal_acuan):
        return None, ""
    a = inputs.asesmen
    if post.standar_kompetensi:
        levels = dict(a.kompetensi)
        if all(nama in levels for nama, _level in post.standar_kompetensi):
            standar = sum(level for _nama, level in post.standar_kompetensi)
            individu = sum(levels[nama] for nama, _level in post.standar_kompetensi)
            if standar > 0:
                return _q(Decimal(individu) * 100 / Decimal(standar)), "kompetensi"
    return _q(a.jpm), "asesmen"


def skor_peringkat(*, inputs: KandidatInputs, jpm: Decimal | None, aturan: Aturan) -> Decimal:
    """Weighted 0–100 ordering score: box, JPM against the post (capped at 100 here only),
    potensial and kinerja scores; missing parts count 0."""
    return _skor(_skor_tetap(inputs, aturan), jpm, aturan)


def _skor_tetap(inputs: KandidatInputs, aturan: Aturan) -> Decimal:
    """The part of the ranking score that does not depend on the post (× 100)."""
    bobot = aturan.bobot_peringkat
    kotak = Decimal(aturan.skor_kotak.get(inputs.kotak, 0)) if inputs.kotak is not None else D0
    return (
        kotak * bobot.get("kotak", 0)
        + (inputs.skor_potensial or D0) * bobot.get("potensial", 0)
        + (inputs.skor_kinerja or D0) * bobot.get("kinerja", 0)
    )


def _skor(tetap: Decimal, jpm: Decimal | None, aturan: Aturan) -> Decimal:
    jpm_bagian = min(jpm, D100) * aturan.bobot_peringkat.get("jpm", 0) if jpm is not None else D0
    return _q((tetap + jpm_bagian) / 100)


@lru_cache(maxsize=50_000)
def _kesiapan(
    belum: tuple[Kriteria, ...], jpm: Decimal | None, siap_sekarang: Decimal, siap_1_2: Decimal, bulan: int
) -> tuple[str, str]:
    """Readiness from the criteria not met and the JPM (the rule set's thresholds passed as
    values: the same few thousand combinations recur across a bulk flush)."""
    jpm_teks = f"JPM {angka(jpm)}" if jpm is not None else "JPM belum ada"
    if not belum and jpm is not None and jpm >= siap_sekarang:
        return SIAP_SEKARANG, f"semua kriteria memenuhi; {jpm_teks} ≥ {angka(siap_sekarang)}"
    # Siap 1–2 tahun: what is still unmet is only a matter of time (met within the horizon), and
    # the JPM is at least the lower threshold. (The JPM condition holds on both branches, so that
    # meeting a criterion never lowers readiness.)
    if jpm is not None and jpm >= siap_1_2 and all(k.waktu for k in belum):
        if belum:
            kode = ", ".join(k.kode for k in belum)
            return SIAP_1_2, f"{kode} terpenuhi dalam {bulan} bulan; {jpm_teks} ≥ {angka(siap_1_2)}"
        return SIAP_1_2, (
            f"semua kriteria memenuhi; {jpm_teks} di antara {angka(siap_1_2)} dan {angka(siap_sekarang)}"
        )
    if belum:
        return SIAP_3, "belum memenuhi: " + ", ".join(k.kode for k in belum if not k.waktu) + f"; {jpm_teks}"
    return SIAP_3, f"{jpm_teks} di bawah {angka(siap_1_2)}"


# --- the whole judgement -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KandidatDasar:
    """What depends on the pegawai and the post's level only (computed once per pegawai and level,
    shared by every post of that level): the criteria but `krs` and `tambahan`, in KRITERIA order,
    and the parts of the result they fix."""

    kriteria: tuple[Kriteria, ...]
    terburuk: str  # worst of these criteria
    belum: tuple[Kriteria, ...]  # those not met
    krs: Kriteria  # the KRS criterion without a nomination
    skor_tetap: Decimal
    tahun_ke_bup: Decimal


def kandidat_dasar(
    *, inputs: KandidatInputs, tingkat: str, bup_usia: int, aturan: Aturan, tanggal_acuan: dt.date
) -> KandidatDasar:
    kriteria = (
        _kriteria_status(inputs, tingkat, aturan),
        _kriteria_pendidikan(inputs, tingkat, aturan),
        _kriteria_jalur(inputs, tingkat, aturan, tanggal_acuan),
        _kriteria_kinerja(inputs, aturan, tanggal_acuan),
        _kriteria_asesmen(inputs, tanggal_acuan),
        _kriteria_usia(inputs, tingkat, bup_usia, aturan, tanggal_acuan),
        _kriteria_hukuman(inputs, aturan, tanggal_acuan),
    )
    return KandidatDasar(
        kriteria=kriteria,
        terburuk=min((k.hasil for k in kriteria), key=_HASIL_RANK.__getitem__),
        belum=tuple(k for k in kriteria if k.hasil != MEMENUHI),
        krs=_kriteria_krs(inputs, False, ""),
        skor_tetap=_skor_tetap(inputs, aturan),
        tahun_ke_bup=tahun_ke_bup(inputs.tanggal_lahir, bup_usia, tanggal_acuan),
    )


def kandidat_nilai(
    *,
    inputs: KandidatInputs,
    post: JabatanInput,
    aturan: Aturan,
    tanggal_acuan: dt.date,
    nominasi: bool = False,
    nominasi_alasan: str = "",
    dasar: KandidatDasar | None = None,
    jpm: tuple[Decimal | None, str] | None = None,
) -> KandidatHasil:
    """One candidate against one key post. `dasar` (kandidat_dasar for the post's level and BUP
    age) and `jpm` (jpm_jabatan for the post) may be passed by a bulk caller that judges the
    pegawai against several posts."""
    if dasar is None:
        dasar = kandidat_dasar(
            inputs=inputs,
            tingkat=post.tingkat,
            bup_usia=post.bup_usia,
            aturan=aturan,
            tanggal_acuan=tanggal_acuan,
        )
    krs = (
        _kriteria_krs(inputs, True, nominasi_alasan)
        if nominasi and dasar.krs.hasil != MEMENUHI
        else dasar.krs
    )
    tambahan = _kriteria_tambahan(inputs, post, tanggal_acuan)
    belum = dasar.belum
    if krs.hasil != MEMENUHI:
        belum = (*belum, krs)
    if tambahan.hasil != MEMENUHI:
        belum = (*belum, tambahan)
    kelayakan = min((dasar.terburuk, krs.hasil, tambahan.hasil), key=_HASIL_RANK.__getitem__)
    jpm, sumber = jpm or jpm_jabatan(inputs=inputs, post=post, tanggal_acuan=tanggal_acuan)
    kesiapan, alasan_kesiapan = _kesiapan(
        belum, jpm, aturan.jpm_siap_sekarang, aturan.jpm_siap_1_2, aturan.bulan_siap_1_2
    )
    return KandidatHasil(
        kriteria=(*dasar.kriteria, krs, tambahan),
        kelayakan=kelayakan,
        jpm_jabatan=jpm,
        jpm_sumber=sumber,
        skor_peringkat=_skor(dasar.skor_tetap, jpm, aturan),
        kesiapan=kesiapan,
        alasan_kesiapan=alasan_kesiapan[:300],
        tahun_ke_bup=dasar.tahun_ke_bup,
    )


def hasil_rank(hasil: str) -> int:
    """Order of a criterion result, worst 0."""
    return _HASIL_RANK[hasil]


def kesiapan_rank(kesiapan: str) -> int:
    """Order of a readiness, least ready 0."""
    return _KESIAPAN_RANK[kesiapan]


def kandidat_urutan_key(*, kelayakan: str, skor_peringkat: Decimal, pegawai_id: int) -> tuple:
    """The order of a post's list: eligible first, then perlu verifikasi, then ineligible; within
    each, the ranking score descending; ties by pegawai id (stable)."""
    return (-_HASIL_RANK[kelayakan], -skor_peringkat, pegawai_id)
