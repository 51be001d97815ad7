"""The talent engine's pure core: from one pegawai's verified inputs and a rule set to a placement.

No database, no clock, no randomness: the same inputs and rule set always give the same placement
(the placement stores a hash of both, so the Komite can reproduce it). Missing or unverified data
never raises a score: it contributes nothing and marks the placement `perlu_data` with the exact
missing items, and such a placement never enters the talent pool.

Scores are 0–100 with two decimals (Decimal, no float drift at the cut-offs). Level cut-offs are
inclusive on the lower edge: exactly 80 is `tinggi` / `di_atas`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from typing import Any

D0, D100 = Decimal(0), Decimal(100)
CENT = Decimal("0.01")

KINERJA_LEVELS = ("di_bawah", "sesuai", "di_atas")
POTENSIAL_LEVELS = ("rendah", "menengah", "tinggi")

# PermenPANRB 3/2020: kinerja rows, potensial columns; numbering is not row-major.
KOTAK_PERMENPANRB = {
    ("di_bawah", "rendah"): 1,
    ("sesuai", "rendah"): 2,
    ("di_bawah", "menengah"): 3,
    ("di_atas", "rendah"): 4,
    ("sesuai", "menengah"): 5,
    ("di_bawah", "tinggi"): 6,
    ("di_atas", "menengah"): 7,
    ("sesuai", "tinggi"): 8,
    ("di_atas", "tinggi"): 9,
}

PREDIKAT_SKOR_BAWAAN = {
    "Sangat Baik": 100,
    "Baik": 80,
    "Butuh Perbaikan": 60,
    "Kurang/Misconduct": 40,
    "Sangat Kurang": 20,
}
HUKUMAN_SKOR_BAWAAN = {"tidak_ada": 100, "ringan": 75, "sedang": 50, "berat": 25, "sedang_dijalani": 0}
PENDIDIKAN_SKOR_BAWAAN = {
    "sd": 20, "smp": 30, "sma": 40, "d1": 50, "d2": 55, "d3": 60, "d4": 75, "s1": 75, "s2": 90, "s3": 100,
}  # fmt: skip
KATEGORIS_KINERJA = {"Sangat Baik": "di_atas", "Baik": "sesuai"}  # anything else: di_bawah


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _clamp(value: Decimal) -> Decimal:
    return max(D0, min(D100, value))


# --- inputs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AsesmenInput:
    tanggal: dt.date
    berlaku_sampai: dt.date
    nilai_potensi: Decimal
    jpm: Decimal


@dataclass(frozen=True)
class HukumanInput:
    tingkat: str  # ringan | sedang | berat
    tmt_mulai: dt.date
    tmt_selesai: dt.date | None


@dataclass(frozen=True)
class PenempatanInputs:
    """Everything the engine may read about one pegawai, verified items only, as of `tanggal_acuan`."""

    tanggal_acuan: dt.date
    asesmen: AsesmenInput | None = None  # the latest asesmen, valid or not
    skp_tahunan: tuple[tuple[int, str], ...] = ()  # (tahun, predikat) of annual SKPs
    jp_pengembangan: int = 0  # approved training hours (JP) inside the look-back window
    tahun_pengalaman: Decimal | None = None  # approved riwayat jabatan, years
    jenjang_pendidikan: str | None = None  # highest approved education level
    pendidikan_sesuai: bool | None = None  # field of study fits the jabatan (None: not assessed)
    hukuman: tuple[HukumanInput, ...] = ()
    jumlah_penghargaan: int = 0  # approved, inside the award validity window
    jumlah_sk_tim: int = 0  # approved, inside the look-back window
    umpan_balik_360: Decimal | None = None

    def as_jsonable(self) -> dict[str, Any]:
        """The inputs as plain JSON values: exactly `json.loads(json.dumps(asdict(self),
        default=str))` (dates and Decimals as strings, tuples as lists), built directly: the
        round trip through asdict's deep copies cost ~0.2 ms per pegawai in a bulk recompute."""
        return _jsonable(self)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):  # bool is an int
        return value
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):  # not among the inputs today: the exact slow path
        return json.loads(json.dumps(value, default=str))
    return str(value)  # date, Decimal: what json.dumps(default=str) writes


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


# --- rule set -------------------------------------------------------------------------------------


class AturanError(ValueError):
    """A rule set that cannot be used; the message lists every problem (Bahasa Indonesia)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Aturan:
    """A validated rule-set configuration (the JSON stored in AturanTalenta.konfigurasi)."""

    model: str  # "berbobot" (weighted, Kepka BKN 411-style) | "kategoris"
    # weighted model: points per component; each axis sums to 100
    bobot_potensial: dict[str, int] = field(default_factory=dict)
    bobot_kinerja: dict[str, int] = field(default_factory=dict)
    batas_potensial: tuple[Decimal, Decimal] = (Decimal(60), Decimal(80))  # menengah, tinggi
    batas_kinerja: tuple[Decimal, Decimal] = (Decimal(60), Decimal(80))  # sesuai, di_atas
    # categorical model: potensial level from JPM (lower bounds of menengah, tinggi)
    batas_jpm: tuple[Decimal, Decimal] = (Decimal(78), Decimal(90))
    predikat_skor: dict[str, int] = field(default_factory=lambda: dict(PREDIKAT_SKOR_BAWAAN))
    hukuman_skor: dict[str, int] = field(default_factory=lambda: dict(HUKUMAN_SKOR_BAWAAN))
    pendidikan_skor: dict[str, int] = field(default_factory=lambda: dict(PENDIDIKAN_SKOR_BAWAAN))
    jendela_tahun: int = 2  # SKP look-back window (years before the reference year)
    agregasi_skp: str = "terakhir"  # terakhir | rata_rata | minimum
    target_jp_per_tahun: int = 20  # training hours per year that count as 100
    target_tahun_pengalaman: int = 5  # years in jabatan that count as 100
    target_penghargaan: int = 1
    target_sk_tim: int = 2
    kotak: dict[tuple[str, str], int] = field(default_factory=lambda: dict(KOTAK_PERMENPANRB))
    label_kotak: dict[int, str] = field(default_factory=dict)
    kotak_talent_pool: frozenset[int] = frozenset({7, 8, 9})

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Aturan:
        problems: list[str] = []
        model = config.get("model")
        if model not in ("berbobot", "kategoris"):
            problems.append("model harus 'berbobot' atau 'kategoris'")
        kwargs: dict[str, Any] = {"model": model}
        if model == "berbobot":
            for axis, expected in (
                ("bobot_potensial", POTENSIAL_KOMPONEN),
                ("bobot_kinerja", KINERJA_KOMPONEN),
            ):
                weights = {k: int(v) for k, v in (config.get(axis) or {}).items()}
                if set(weights) != set(expected):
                    problems.append(f"{axis}: komponen harus tepat {', '.join(expected)}")
                elif sum(weights.values()) != 100:
                    problems.append(f"{axis}: jumlah bobot harus 100, bukan {sum(weights.values())}")
                elif any(w < 0 for w in weights.values()):
                    problems.append(f"{axis}: bobot tidak boleh negatif")
                kwargs[axis] = weights
        for name in ("batas_potensial", "batas_kinerja", "batas_jpm"):
            if name in config:
                low, high = (Decimal(str(v)) for v in config[name])
                if not (D0 < low < high <= Decimal(999)):
                    problems.append(f"{name}: batas harus naik (0 < bawah < atas), bukan {low} dan {high}")
                kwargs[name] = (low, high)
        for name in ("predikat_skor", "hukuman_skor", "pendidikan_skor"):
            if name in config:
                kwargs[name] = {k: int(v) for k, v in config[name].items()}
                if any(not 0 <= v <= 100 for v in kwargs[name].values()):
                    problems.append(f"{name}: setiap skor harus 0–100")
        for name in (
            "jendela_tahun",
            "target_jp_per_tahun",
            "target_tahun_pengalaman",
            "target_penghargaan",
            "target_sk_tim",
        ):
            if name in config:
                kwargs[name] = int(config[name])
                if kwargs[name] < 1:
                    problems.append(f"{name} harus 1 atau lebih")
        if "agregasi_skp" in config:
            if config["agregasi_skp"] not in ("terakhir", "rata_rata", "minimum"):
                problems.append("agregasi_skp harus terakhir, rata_rata atau minimum")
            kwargs["agregasi_skp"] = config["agregasi_skp"]
        if "kotak" in config:
            mapping = {}
            for key, number in config["kotak"].items():
                kinerja, potensial = key.split("/")
                mapping[(kinerja, potensial)] = int(number)
            cells = {(k, p) for k in KINERJA_LEVELS for p in POTENSIAL_LEVELS}
            if set(mapping) != cells:
                problems.append("kotak: kesembilan sel (kinerja/potensial) harus diberi nomor")
            elif sorted(mapping.values()) != list(range(1, 10)):
                problems.append("kotak: nomor 1–9 masing-masing dipakai tepat sekali")
            kwargs["kotak"] = mapping
        if "label_kotak" in config:
            kwargs["label_kotak"] = {int(k): str(v) for k, v in config["label_kotak"].items()}
        if "kotak_talent_pool" in config:
            pool = frozenset(int(n) for n in config["kotak_talent_pool"])
            if not pool or not pool <= set(range(1, 10)):
                problems.append("kotak_talent_pool: isi nomor kotak 1–9")
            kwargs["kotak_talent_pool"] = pool
        if problems:
            raise AturanError(problems)
        return cls(**kwargs)


# Weighted model: the components of each axis (docs/domain.md §6).
POTENSIAL_KOMPONEN = (
    "jpm",
    "pengembangan",
    "pengalaman",
    "potensi",
    "pendidikan",
    "kesesuaian",
    "integritas",
)
KINERJA_KOMPONEN = ("skp", "penghargaan", "sk_tim", "umpan_balik_360")

PRESET_BERBOBOT = {
    "model": "berbobot",
    # Kompetensi 40 = JPM 20 + pengembangan 10 + pengalaman 10; Potensi 25;
    # Kualifikasi 20 = pendidikan 10 + kesesuaian 10; Integritas 15.
    "bobot_potensial": {
        "jpm": 20, "pengembangan": 10, "pengalaman": 10, "potensi": 25,
        "pendidikan": 10, "kesesuaian": 10, "integritas": 15,
    },
    # Kinerja utama 60 (SKP predikat); penguat 40 = penghargaan 15 + SK tim kerja 15 + 360° 10.
    "bobot_kinerja": {"skp": 60, "penghargaan": 15, "sk_tim": 15, "umpan_balik_360": 10},
    "batas_potensial": [60, 80],
    "batas_kinerja": [60, 80],
}  # fmt: skip
PRESET_KATEGORIS = {"model": "kategoris", "batas_jpm": [78, 90]}


# --- result ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Komponen:
    kode: str
    sumbu: str  # potensial | kinerja
    nilai: Decimal | None  # the component's own 0–100 score; None = no data
    bobot: int
    kontribusi: Decimal  # points added to the axis score
    keterangan: str = ""

    def as_jsonable(self) -> dict[str, Any]:
        """The component as stored in a placement's explanation (`rincian["komponen"]`)."""
        return {
            "kode": self.kode,
            "sumbu": self.sumbu,
            "nilai": str(self.nilai) if self.nilai is not None else None,
            "bobot": self.bobot,
            "kontribusi": str(self.kontribusi),
            "keterangan": self.keterangan,
        }

    @cached_property
    def as_json(self) -> str:
        """`json.dumps(self.as_jsonable())`, kept on the (shared, immutable) instance."""
        return json.dumps(self.as_jsonable())


@lru_cache(maxsize=50_000)
def _komponen_berbobot(kode: str, sumbu: str, nilai: Decimal | None, bobot: int) -> Komponen:
    """One weighted component. Its value has two decimals and a bounded range (a JPM of 40–145, a
    number of years, a count), so across a whole instansi the same few thousand come back: made
    once, the quantizing and the JSON of the explanation are not redone for every pegawai. Equal
    values give equal results whatever their exponent (80 and 80.00 both quantize to 80.00)."""
    return Komponen(
        kode, sumbu, _q(nilai) if nilai is not None else None, bobot, _q((nilai or D0) * bobot / 100)
    )


@dataclass(frozen=True)
class PenempatanResult:
    skor_potensial: Decimal | None
    skor_kinerja: Decimal | None
    level_potensial: str
    level_kinerja: str
    kotak: int
    status: str  # final | perlu_data
    kekurangan: tuple[str, ...]
    komponen: tuple[Komponen, ...]
    talent_pool: bool
    inputs_hash: str


def _skp_dalam_jendela(inputs: PenempatanInputs, aturan: Aturan) -> list[tuple[int, str]]:
    """Annual SKPs of the last `jendela_tahun` complete years before the reference year."""
    akhir = inputs.tanggal_acuan.year - 1
    awal = akhir - aturan.jendela_tahun + 1
    return sorted((t, p) for t, p in inputs.skp_tahunan if awal <= t <= akhir)


def _agregasi(nilai: list[Decimal], cara: str) -> Decimal:
    if cara == "rata_rata":
        return sum(nilai) / len(nilai)
    if cara == "minimum":
        return min(nilai)
    return nilai[-1]  # terakhir: the most recent year


def _skor_hukuman(inputs: PenempatanInputs, aturan: Aturan) -> Decimal:
    """The worst discipline record; a sanction still running scores as `sedang_dijalani`."""
    skor = Decimal(aturan.hukuman_skor["tidak_ada"])
    for hukuman in inputs.hukuman:
        berjalan = hukuman.tmt_selesai is None or hukuman.tmt_selesai >= inputs.tanggal_acuan
        key = "sedang_dijalani" if berjalan and hukuman.tmt_mulai <= inputs.tanggal_acuan else hukuman.tingkat
        skor = min(skor, Decimal(aturan.hukuman_skor.get(key, 0)))
    return skor


def _level(skor: Decimal, batas: tuple[Decimal, Decimal], levels: tuple[str, str, str]) -> str:
    if skor >= batas[1]:
        return levels[2]
    if skor >= batas[0]:
        return levels[1]
    return levels[0]


def konfigurasi_json(konfigurasi: dict[str, Any]) -> str:
    """The rule set's canonical JSON (part of every placement's hash): computed once per flush."""
    return json.dumps(konfigurasi, sort_keys=True, default=str)


def inputs_json(inputs: PenempatanInputs) -> str:
    """The inputs' canonical JSON (sorted keys): hashed, and stored in the explanation as is.

    Exactly `json.dumps(inputs.as_jsonable(), sort_keys=True, default=str)`; for the usual types
    the dicts are built with their keys already in order and encoded without sorting (a bulk
    recompute serialises every pegawai's inputs)."""
    if _FAST_INPUTS and type(inputs) is PenempatanInputs:
        try:
            return _PLAIN_ENCODER.encode(_inputs_sorted(inputs))
        except _NotPlain:
            pass
    return json.dumps(inputs.as_jsonable(), sort_keys=True, default=str)


class _NotPlain(Exception):
    pass


_PLAIN_ENCODER = json.JSONEncoder(check_circular=False)  # the dicts are fresh and flat
_AS_IS = frozenset({str, int, float, bool, type(None)})
_AS_STR = frozenset({Decimal, dt.date, dt.datetime})


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind in _AS_STR:
        return str(value)
    if isinstance(value, (str, int, float)):  # subclasses (enum choices) encode as their value
        return value
    if isinstance(value, (Decimal, dt.date)):
        return str(value)
    raise _NotPlain


def _inputs_sorted(i: PenempatanInputs) -> dict[str, Any]:
    a = i.asesmen
    if a is None:
        asesmen = None
    elif type(a) is AsesmenInput:
        asesmen = {
            "berlaku_sampai": _plain(a.berlaku_sampai),
            "jpm": _plain(a.jpm),
            "nilai_potensi": _plain(a.nilai_potensi),
            "tanggal": _plain(a.tanggal),
        }
    else:
        raise _NotPlain
    hukuman = []
    for h in i.hukuman:
        if type(h) is not HukumanInput:
            raise _NotPlain
        hukuman.append(
            {
                "tingkat": _plain(h.tingkat),
                "tmt_mulai": _plain(h.tmt_mulai),
                "tmt_selesai": _plain(h.tmt_selesai),
            }
        )
    skp = []
    for item in i.skp_tahunan:
        if not isinstance(item, (tuple, list)):
            raise _NotPlain
        skp.append([_plain(v) for v in item])
    return {
        "asesmen": asesmen,
        "hukuman": hukuman,
        "jenjang_pendidikan": _plain(i.jenjang_pendidikan),
        "jp_pengembangan": _plain(i.jp_pengembangan),
        "jumlah_penghargaan": _plain(i.jumlah_penghargaan),
        "jumlah_sk_tim": _plain(i.jumlah_sk_tim),
        "pendidikan_sesuai": _plain(i.pendidikan_sesuai),
        "skp_tahunan": skp,
        "tahun_pengalaman": _plain(i.tahun_pengalaman),
        "tanggal_acuan": _plain(i.tanggal_acuan),
        "umpan_balik_360": _plain(i.umpan_balik_360),
    }


def _fast_inputs_ok() -> bool:
    """The fast path spells the fields out in sorted order: a field added to one of the input
    classes and not to `_inputs_sorted` switches it off (the slow path stays exact)."""
    day = dt.date(2000, 1, 1)
    sample = PenempatanInputs(
        tanggal_acuan=day,
        asesmen=AsesmenInput(day, day, D0, D100),
        skp_tahunan=((1999, "Baik"),),
        hukuman=(HukumanInput("ringan", day, None),),
    )
    fast = _inputs_sorted(sample)
    return (
        list(fast) == sorted(f.name for f in fields(PenempatanInputs))
        and list(fast["asesmen"]) == sorted(f.name for f in fields(AsesmenInput))
        and list(fast["hukuman"][0]) == sorted(f.name for f in fields(HukumanInput))
        and _PLAIN_ENCODER.encode(fast) == json.dumps(sample.as_jsonable(), sort_keys=True, default=str)
    )


_FAST_INPUTS = _fast_inputs_ok()


def inputs_hash(
    inputs: PenempatanInputs,
    konfigurasi: dict[str, Any],
    *,
    konfigurasi_json_: str | None = None,
    inputs_json_: str | None = None,
) -> str:
    """sha256 of `json.dumps({"inputs": ..., "aturan": konfigurasi}, sort_keys=True)`, assembled
    from the two parts' canonical JSON (the same text: the sorted top level is "aturan" first),
    so that a bulk recompute serialises the rule set once, not once per pegawai."""
    payload = (
        '{"aturan": '
        + (konfigurasi_json_ if konfigurasi_json_ is not None else konfigurasi_json(konfigurasi))
        + ', "inputs": '
        + (inputs_json_ if inputs_json_ is not None else inputs_json(inputs))
        + "}"
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def penempatan_compute(
    *,
    inputs: PenempatanInputs,
    aturan: Aturan,
    konfigurasi: dict[str, Any],
    konfigurasi_json_: str | None = None,
    inputs_json_: str | None = None,
) -> PenempatanResult:
    """The placement for one pegawai. `konfigurasi` is the rule set's stored JSON (for the hash);
    a bulk caller may pass its canonical JSON and the inputs' (konfigurasi_json, inputs_json),
    computed once, instead of having them serialised again here."""
    e = _evaluasi(inputs, aturan)
    kekurangan = e.kekurangan
    kotak = aturan.kotak[(e.level_kinerja, e.level_potensial)]
    status = "perlu_data" if any(k.startswith(("asesmen", "skp")) for k in kekurangan) else "final"
    return PenempatanResult(
        skor_potensial=e.skor_potensial,
        skor_kinerja=e.skor_kinerja,
        level_potensial=e.level_potensial,
        level_kinerja=e.level_kinerja,
        kotak=kotak,
        status=status,
        kekurangan=tuple(kekurangan),
        komponen=e.komponen,
        talent_pool=status == "final" and kotak in aturan.kotak_talent_pool,
        inputs_hash=inputs_hash(
            inputs, konfigurasi, konfigurasi_json_=konfigurasi_json_, inputs_json_=inputs_json_
        ),
    )


@dataclass(frozen=True)
class _Evaluasi:
    skor_potensial: Decimal | None
    skor_kinerja: Decimal | None
    level_potensial: str
    level_kinerja: str
    kekurangan: list[str]
    komponen: tuple[Komponen, ...]


def _evaluasi(
    inputs: PenempatanInputs, aturan: Aturan, *, skp_jendela: list[tuple[int, str]] | None = None
) -> _Evaluasi:
    """Scores, levels, components and missing data (no hash). `skp_jendela` replaces the annual
    SKPs inside the window (the next steps try the coming year's predikat with it)."""
    kekurangan: list[str] = []
    asesmen = inputs.asesmen
    asesmen_valid = asesmen is not None and asesmen.berlaku_sampai >= inputs.tanggal_acuan
    if asesmen is None:
        kekurangan.append("asesmen: belum ada hasil asesmen")
    elif not asesmen_valid:
        kekurangan.append(
            f"asesmen: hasil asesmen {asesmen.tanggal:%d-%m-%Y} kedaluwarsa sejak {asesmen.berlaku_sampai:%d-%m-%Y}"
        )
    skp = _skp_dalam_jendela(inputs, aturan) if skp_jendela is None else skp_jendela
    if not skp:
        akhir = inputs.tanggal_acuan.year - 1
        kekurangan.append(f"skp: tidak ada SKP tahunan {akhir - aturan.jendela_tahun + 1}–{akhir}")
    predikat_nilai = [Decimal(aturan.predikat_skor[p]) for _t, p in skp if p in aturan.predikat_skor]

    if aturan.model == "kategoris":
        komponen: list[Komponen] = []
        if asesmen_valid:
            level_p = _level(asesmen.jpm, aturan.batas_jpm, POTENSIAL_LEVELS)
            komponen.append(Komponen("jpm", "potensial", _q(asesmen.jpm), 0, D0, f"kategori JPM → {level_p}"))
        else:
            level_p = POTENSIAL_LEVELS[0]
        if skp:
            predikat = skp[-1][1]
            level_k = KATEGORIS_KINERJA.get(predikat, "di_bawah")
            komponen.append(
                Komponen("skp", "kinerja", None, 0, D0, f"predikat {predikat} ({skp[-1][0]}) → {level_k}")
            )
        else:
            level_k = KINERJA_LEVELS[0]
        skor_p = skor_k = None
    else:
        potensial_nilai: dict[str, Decimal | None] = {
            "jpm": _clamp(asesmen.jpm) if asesmen_valid else None,
            "potensi": _clamp(asesmen.nilai_potensi) if asesmen_valid else None,
            "pengembangan": _clamp(
                Decimal(inputs.jp_pengembangan) * 100 / (aturan.target_jp_per_tahun * aturan.jendela_tahun)
            ),
            "pengalaman": (
                _clamp(inputs.tahun_pengalaman * 100 / aturan.target_tahun_pengalaman)
                if inputs.tahun_pengalaman is not None
                else None
            ),
            "pendidikan": (
                Decimal(aturan.pendidikan_skor.get(inputs.jenjang_pendidikan, 0))
                if inputs.jenjang_pendidikan
                else None
            ),
            "kesesuaian": (D100 if inputs.pendidikan_sesuai else D0)
            if inputs.pendidikan_sesuai is not None
            else None,
            "integritas": _skor_hukuman(inputs, aturan),
        }
        kinerja_nilai: dict[str, Decimal | None] = {
            "skp": _agregasi(predikat_nilai, aturan.agregasi_skp) if predikat_nilai else None,
            "penghargaan": _clamp(Decimal(inputs.jumlah_penghargaan) * 100 / aturan.target_penghargaan),
            "sk_tim": _clamp(Decimal(inputs.jumlah_sk_tim) * 100 / aturan.target_sk_tim),
            "umpan_balik_360": _clamp(inputs.umpan_balik_360) if inputs.umpan_balik_360 is not None else None,
        }
        if inputs.jenjang_pendidikan is None:
            kekurangan.append("pendidikan: belum ada riwayat pendidikan yang disetujui")
        bobot_p, bobot_k = aturan.bobot_potensial, aturan.bobot_kinerja
        # Inputs that only a verifier or an assessor can supply: while absent they score nothing
        # and are named, whenever the rule set gives them weight (they never gate the status).
        if inputs.pendidikan_sesuai is None and bobot_p.get("kesesuaian", 0) > 0:
            kekurangan.append("kesesuaian: kesesuaian bidang pendidikan dengan jabatan belum dinilai")
        if inputs.umpan_balik_360 is None and bobot_k.get("umpan_balik_360", 0) > 0:
            kekurangan.append("umpan_balik_360: belum ada umpan balik 360° yang berlaku")
        komponen_p = [
            _komponen_berbobot(kode, "potensial", nilai, bobot_p[kode])
            for kode, nilai in potensial_nilai.items()
        ]
        komponen_k = [
            _komponen_berbobot(kode, "kinerja", nilai, bobot_k[kode]) for kode, nilai in kinerja_nilai.items()
        ]
        komponen = komponen_p + komponen_k
        skor_p = _q(sum((k.kontribusi for k in komponen_p), D0))
        skor_k = _q(sum((k.kontribusi for k in komponen_k), D0))
        level_p = _level(skor_p, aturan.batas_potensial, POTENSIAL_LEVELS)
        level_k = _level(skor_k, aturan.batas_kinerja, KINERJA_LEVELS)
    return _Evaluasi(skor_p, skor_k, level_p, level_k, kekurangan, tuple(komponen))


# --- next steps: actions in the inputs' own units ------------------------------------------------

# The order education levels follow (the engine's codes; equal scores are alternatives).
JENJANG_URUTAN = tuple(PENDIDIKAN_SKOR_BAWAAN)


@dataclass(frozen=True)
class Langkah:
    """One action that, alone and with every other input unchanged, lifts an axis by a level.

    `kode` names the action, the other fields are in the input's own unit:
    - "jp": `jumlah` more training hours (JP) finished by `batas_tanggal` (31 December);
    - "asesmen": a new asesmen (none yet, or `asesmen_tanggal`'s result expired on
      `batas_tanggal`) with JPM and nilai potensi each at least `jumlah`;
    - "jpm" / "potensi": that score at least `jumlah` in the next asesmen;
    - "asesmen_ulang" (`jaga`): the valid result of `asesmen_tanggal` ends on `batas_tanggal`,
      soon; re-assessment keeps the level (it lifts nothing by itself);
    - "skp": the annual SKP of year `tahun` with predikat `nilai` (the lowest that is enough);
    - "pendidikan": the next education level, `nilai` (codes joined by "/" when equal);
    - "kesesuaian": the field of study judged as fitting the current jabatan;
    - "umpan_balik_360": a 360° feedback score of at least `jumlah`;
    - "pengalaman": `jumlah` more years in approved posts;
    - "penghargaan" / "sk_tim": `jumlah` more approved awards / team decrees.
    """

    sumbu: str
    kode: str
    level_baru: str
    jumlah: Decimal | None = None
    nilai: str = ""
    tahun: int | None = None
    batas_tanggal: dt.date | None = None
    asesmen_tanggal: dt.date | None = None
    jaga: bool = False


@dataclass(frozen=True)
class _Tuas:
    """A lever: candidate values in ascending order and how each changes the inputs."""

    sumbu: str
    kode: str
    calon: tuple[Any, ...]
    ubah: Any  # (inputs, value) -> (inputs, skp_jendela | None)
    langkah: Any  # value -> Langkah fields (dict)


def _angka(start: Decimal, stop: Decimal, step: Decimal) -> tuple[Decimal, ...]:
    values, v = [], start
    while v <= stop:
        values.append(v)
        v += step
    return tuple(values)


def _jenjang_berikut(jenjang: str, aturan: Aturan) -> tuple[str, ...]:
    """The next level(s): the lowest score above the current one (equal scores are alternatives)."""
    skor = aturan.pendidikan_skor
    sekarang = skor.get(jenjang, 0)
    lebih = [
        j
        for j in JENJANG_URUTAN + tuple(k for k in skor if k not in JENJANG_URUTAN)
        if skor.get(j, 0) > sekarang
    ]
    if not lebih:
        return ()
    terendah = min(skor[j] for j in lebih)
    return tuple(j for j in lebih if skor[j] == terendah)


def _skp_tahun_depan(inputs: PenempatanInputs, aturan: Aturan, predikat: str) -> list[tuple[int, str]]:
    """The window as it will be once this year's annual SKP is in: the oldest year drops out."""
    tahun = inputs.tanggal_acuan.year
    awal = tahun - aturan.jendela_tahun + 1
    lama = sorted((t, p) for t, p in inputs.skp_tahunan if awal <= t < tahun)
    return [*lama, (tahun, predikat)]


def _asesmen_baru(inputs: PenempatanInputs, jpm: Decimal, potensi: Decimal) -> PenempatanInputs:
    acuan = inputs.tanggal_acuan
    return _ganti(inputs, asesmen=AsesmenInput(acuan, acuan, potensi, jpm))


def _ganti(inputs: PenempatanInputs, **changes: Any) -> PenempatanInputs:
    return replace(inputs, **changes)


def _tuas(inputs: PenempatanInputs, aturan: Aturan) -> list[_Tuas]:
    acuan = inputs.tanggal_acuan
    a = inputs.asesmen
    asesmen_valid = a is not None and a.berlaku_sampai >= acuan
    skor_range = _angka(Decimal(1), D100, Decimal(1))
    tuas: list[_Tuas] = []
    predikat_naik = tuple(p for p, _v in sorted(aturan.predikat_skor.items(), key=lambda item: item[1]))
    if aturan.model == "kategoris":
        predikat_naik = tuple(p for p in ("Baik", "Sangat Baik") if p in KATEGORIS_KINERJA)
        jpm_maks = max(aturan.batas_jpm).to_integral_value(rounding="ROUND_CEILING")
        jpm_calon = _angka(Decimal(1), jpm_maks, Decimal(1))
        if asesmen_valid:
            tuas.append(
                _Tuas("potensial", "jpm", tuple(v for v in jpm_calon if v > a.jpm),
                      lambda i, v: (_ganti(i, asesmen=AsesmenInput(a.tanggal, a.berlaku_sampai, a.nilai_potensi, v)), None),
                      lambda v: {"jumlah": v})
            )  # fmt: skip
        else:
            tuas.append(
                _Tuas("potensial", "asesmen", jpm_calon, lambda i, v: (_asesmen_baru(i, v, D0), None),
                      lambda v: {"jumlah": v, "asesmen_tanggal": a.tanggal if a else None,
                                 "batas_tanggal": a.berlaku_sampai if a else None})
            )  # fmt: skip
    else:
        bp, bk = aturan.bobot_potensial, aturan.bobot_kinerja
        if asesmen_valid:
            if bp.get("jpm", 0) > 0:
                tuas.append(
                    _Tuas("potensial", "jpm", tuple(v for v in skor_range if v > a.jpm),
                          lambda i, v: (_ganti(i, asesmen=AsesmenInput(a.tanggal, a.berlaku_sampai, a.nilai_potensi, v)), None),
                          lambda v: {"jumlah": v})
                )  # fmt: skip
            if bp.get("potensi", 0) > 0:
                tuas.append(
                    _Tuas("potensial", "potensi", tuple(v for v in skor_range if v > a.nilai_potensi),
                          lambda i, v: (_ganti(i, asesmen=AsesmenInput(a.tanggal, a.berlaku_sampai, v, a.jpm)), None),
                          lambda v: {"jumlah": v})
                )  # fmt: skip
        elif bp.get("jpm", 0) + bp.get("potensi", 0) > 0:
            tuas.append(
                _Tuas("potensial", "asesmen", skor_range, lambda i, v: (_asesmen_baru(i, v, v), None),
                      lambda v: {"jumlah": v, "asesmen_tanggal": a.tanggal if a else None,
                                 "batas_tanggal": a.berlaku_sampai if a else None})
            )  # fmt: skip
        if bp.get("pengembangan", 0) > 0:
            # Hours beyond the window's target add nothing: never ask for more than that.
            maks = aturan.target_jp_per_tahun * aturan.jendela_tahun
            tuas.append(
                _Tuas("potensial", "jp", tuple(range(1, maks - inputs.jp_pengembangan + 1)),
                      lambda i, v: (_ganti(i, jp_pengembangan=i.jp_pengembangan + v), None),
                      lambda v: {"jumlah": Decimal(v), "batas_tanggal": dt.date(acuan.year, 12, 31)})
            )  # fmt: skip
        if bp.get("pengalaman", 0) > 0:
            sekarang = inputs.tahun_pengalaman or D0
            tambah = _angka(
                Decimal("0.1"), Decimal(aturan.target_tahun_pengalaman) - sekarang, Decimal("0.1")
            )
            tuas.append(
                _Tuas("potensial", "pengalaman", tambah,
                      lambda i, v: (_ganti(i, tahun_pengalaman=(i.tahun_pengalaman or D0) + v), None),
                      lambda v: {"jumlah": v})
            )  # fmt: skip
        if bp.get("pendidikan", 0) > 0 and inputs.jenjang_pendidikan:
            berikut = _jenjang_berikut(inputs.jenjang_pendidikan, aturan)
            if berikut:
                tuas.append(
                    _Tuas("potensial", "pendidikan", (berikut[0],),
                          lambda i, v: (_ganti(i, jenjang_pendidikan=v), None),
                          lambda v: {"nilai": "/".join(berikut)})
                )  # fmt: skip
        if bp.get("kesesuaian", 0) > 0 and inputs.pendidikan_sesuai is None:
            tuas.append(
                _Tuas("potensial", "kesesuaian", (True,), lambda i, v: (_ganti(i, pendidikan_sesuai=v), None),
                      lambda v: {})
            )  # fmt: skip
        if bk.get("umpan_balik_360", 0) > 0:
            sekarang = inputs.umpan_balik_360
            tuas.append(
                _Tuas("kinerja", "umpan_balik_360",
                      tuple(v for v in skor_range if sekarang is None or v > sekarang),
                      lambda i, v: (_ganti(i, umpan_balik_360=v), None), lambda v: {"jumlah": v})
            )  # fmt: skip
        for kode, field_, target in (
            ("penghargaan", "jumlah_penghargaan", aturan.target_penghargaan),
            ("sk_tim", "jumlah_sk_tim", aturan.target_sk_tim),
        ):
            if bk.get(kode, 0) > 0:
                tuas.append(
                    _Tuas("kinerja", kode, tuple(range(1, target - getattr(inputs, field_) + 1)),
                          lambda i, v, f=field_: (_ganti(i, **{f: getattr(i, f) + v}), None),
                          lambda v: {"jumlah": Decimal(v)})
                )  # fmt: skip
        if bk.get("skp", 0) == 0:
            predikat_naik = ()
    if predikat_naik:
        tuas.append(
            _Tuas("kinerja", "skp", predikat_naik,
                  lambda i, v: (i, _skp_tahun_depan(i, aturan, v)),
                  lambda v: {"nilai": v, "tahun": acuan.year})
        )  # fmt: skip
    return tuas


def _level_index(e: _Evaluasi, sumbu: str) -> int:
    if sumbu == "potensial":
        return POTENSIAL_LEVELS.index(e.level_potensial)
    return KINERJA_LEVELS.index(e.level_kinerja)


def _terkecil_yang_menaikkan(tuas: _Tuas, inputs: PenempatanInputs, aturan: Aturan, target: int):
    """The smallest candidate that lifts the axis to `target` (levels are monotone in every input,
    tests/petatalenta/test_engine.py, so a binary search over the ascending candidates is exact)."""

    def cukup(value: Any) -> bool:
        changed, skp = tuas.ubah(inputs, value)
        return _level_index(_evaluasi(changed, aturan, skp_jendela=skp), tuas.sumbu) >= target

    lo, hi = 0, len(tuas.calon)
    if not hi or not cukup(tuas.calon[-1]):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if cukup(tuas.calon[mid]):
            hi = mid
        else:
            lo = mid + 1
    return tuas.calon[lo]


def penempatan_next_steps(
    *, inputs: PenempatanInputs, aturan: Aturan, asesmen_segera_sebelum: dt.date | None = None
) -> list[Langkah]:
    """For each axis below its top level: every single action that is reachable (never beyond what
    its component can give) and alone lifts the axis one level, with the smallest amount that does.
    An action that cannot do it alone is left out (see penempatan_kombinasi). A valid asesmen that
    ends on or before `asesmen_segera_sebelum` adds an "asesmen_ulang" step that keeps the level."""
    sekarang = _evaluasi(inputs, aturan)
    steps: list[Langkah] = []
    a = inputs.asesmen
    if (
        a is not None
        and asesmen_segera_sebelum is not None
        and inputs.tanggal_acuan <= a.berlaku_sampai <= asesmen_segera_sebelum
    ):
        steps.append(
            Langkah("potensial", "asesmen_ulang", sekarang.level_potensial, batas_tanggal=a.berlaku_sampai,
                    asesmen_tanggal=a.tanggal, jaga=True)
        )  # fmt: skip
    for tuas in _tuas(inputs, aturan):
        i = _level_index(sekarang, tuas.sumbu)
        if i == 2:
            continue
        value = _terkecil_yang_menaikkan(tuas, inputs, aturan, i + 1)
        if value is None:
            continue
        levels = POTENSIAL_LEVELS if tuas.sumbu == "potensial" else KINERJA_LEVELS
        steps.append(Langkah(tuas.sumbu, tuas.kode, levels[i + 1], **tuas.langkah(value)))
    return steps


def penempatan_kombinasi(*, inputs: PenempatanInputs, aturan: Aturan, sumbu: str) -> list[tuple[str, str]]:
    """When no single action lifts `sumbu`: the pairs of actions that do together, each at the most
    it can reach (empty when even two are not enough)."""
    sekarang = _evaluasi(inputs, aturan)
    i = _level_index(sekarang, sumbu)
    if i == 2:
        return []
    tuas = [t for t in _tuas(inputs, aturan) if t.sumbu == sumbu and t.calon]
    pairs = []
    for x in range(len(tuas)):
        for y in range(x + 1, len(tuas)):
            first, second = tuas[x], tuas[y]
            changed, skp = first.ubah(inputs, first.calon[-1])
            changed, skp2 = second.ubah(changed, second.calon[-1])
            e = _evaluasi(changed, aturan, skp_jendela=skp2 if skp2 is not None else skp)
            if _level_index(e, sumbu) > i:
                pairs.append((first.kode, second.kode))
    return pairs


def penempatan_inputs_from_json(data: dict[str, Any]) -> PenempatanInputs:
    """The inputs as stored with a placement (`rincian["inputs"]`, see PenempatanInputs.as_jsonable)."""

    def tanggal(v):
        return dt.date.fromisoformat(v) if v else None

    def desimal(v):
        return Decimal(str(v)) if v is not None else None

    a = data.get("asesmen")
    return PenempatanInputs(
        tanggal_acuan=tanggal(data["tanggal_acuan"]),
        asesmen=(
            AsesmenInput(
                tanggal(a["tanggal"]),
                tanggal(a["berlaku_sampai"]),
                desimal(a["nilai_potensi"]),
                desimal(a["jpm"]),
            )
            if a
            else None
        ),
        skp_tahunan=tuple((int(t), str(p)) for t, p in data.get("skp_tahunan") or ()),
        jp_pengembangan=int(data.get("jp_pengembangan") or 0),
        tahun_pengalaman=desimal(data.get("tahun_pengalaman")),
        jenjang_pendidikan=data.get("jenjang_pendidikan"),
        pendidikan_sesuai=data.get("pendidikan_sesuai"),
        hukuman=tuple(
            HukumanInput(h["tingkat"], tanggal(h["tmt_mulai"]), tanggal(h.get("tmt_selesai")))
            for h in data.get("hukuman") or ()
        ),
        jumlah_penghargaan=int(data.get("jumlah_penghargaan") or 0),
        jumlah_sk_tim=int(data.get("jumlah_sk_tim") or 0),
        umpan_balik_360=desimal(data.get("umpan_balik_360")),
    )
