"""Reads behind the explanation of one pegawai's placement: the BKD talent page, the ASN's own page
and the Profil Talenta PDF.

Everything is rebuilt from the stored placement row and the rule-set version that produced it,
never recomputed from today's data: what the page says is exactly what was stored (and what the
history recorded). The next steps are the pure engine's answer for the inputs stored with the
placement under its rule-set version (engine.penempatan_next_steps, about 1 ms; nothing is written). The engine keeps codes and Indonesian technical text; the labels people read
are mapped here through gettext.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai

from .aturan.katalog import aturan_baca
from .aturan.talenta import TALENTA
from .engine import (
    KINERJA_LEVELS,
    KOTAK_PERMENPANRB,
    POTENSIAL_LEVELS,
    Aturan,
    Komponen,
    Langkah,
    PenempatanInputs,
    PenempatanResult,
    penempatan_inputs_from_json,
    penempatan_kombinasi,
    penempatan_next_steps,
)
from .labels import (
    KOMPONEN_LABEL,
    LEVEL_LABEL,
    LEVEL_SUMBU_LABEL,
    kombinasi_teks,
    kotak_label,
    langkah_teks,
    penyebab_label,
    rekomendasi_kotak,
)
from .models import AturanTalenta, Penempatan, RiwayatPenempatan

D0 = Decimal(0)
RIWAYAT_MAKS = 50  # the page shows the latest changes; older ones stay in the table and the audit

SUMBU_LABEL = {"potensial": gettext_lazy("Potensial"), "kinerja": gettext_lazy("Kinerja")}
STATUS_LABEL = dict(Penempatan.Status.choices)
KEKURANGAN_LABEL = {
    "asesmen": gettext_lazy("Asesmen"),
    "skp": gettext_lazy("SKP tahunan"),
    "pendidikan": gettext_lazy("Riwayat pendidikan"),
    "kesesuaian": gettext_lazy("Kesesuaian bidang pendidikan"),
    "umpan_balik_360": gettext_lazy("Umpan balik 360°"),
}


# --- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KekuranganPenjelasan:
    kode: str  # asesmen | skp | pendidikan | any other prefix the engine uses
    label: str
    teks: str
    asli: str  # the stored text, word for word
    wajib: bool  # without it the placement stays "perlu data"


@dataclass(frozen=True)
class KomponenPenjelasan:
    kode: str
    label: str
    sumbu: str
    nilai: Decimal | None  # the component's own 0–100 score; None = no data
    bobot: int
    kontribusi: Decimal
    keterangan: str


@dataclass(frozen=True)
class LangkahPenjelasan:
    sumbu: str
    kode: str  # the engine's action code (engine.Langkah)
    label: str  # the component it works through
    level_baru: str
    level_baru_label: str
    teks: str  # the action, in the input's own unit
    jaga: bool = False  # keeps the level (an asesmen about to expire) rather than lifting it


@dataclass(frozen=True)
class AmbangLevel:
    level: str
    label: str
    syarat: str  # "≥ 80", "60 – < 80", "predikat Baik", ...
    aktif: bool


@dataclass(frozen=True)
class SumbuPenjelasan:
    sumbu: str
    label: str
    skor: Decimal | None  # None in the categorical model: the level is read straight from the data
    level: str
    level_label: str
    dasar: str  # what the level is read from
    ambang: list[AmbangLevel]
    komponen: list[KomponenPenjelasan]
    langkah: list[LangkahPenjelasan]  # each alone lifts the axis one level
    jaga: list[LangkahPenjelasan] = field(default_factory=list)  # keep the level from falling
    kombinasi: list[str] = field(default_factory=list)  # pairs that together lift it (no single one does)

    @property
    def tertinggi(self) -> bool:
        return self.level in ("tinggi", "di_atas")


@dataclass(frozen=True)
class SelKotak:
    kotak: int
    label: str
    level_kinerja: str
    level_potensial: str
    aktif: bool
    level_kinerja_label: str = ""  # the row and column heads ("Kinerja di atas ekspektasi")
    level_potensial_label: str = ""


@dataclass(frozen=True)
class RiwayatBaris:
    periode: int
    dicatat_pada: dt.datetime
    kotak_lama: int | None
    kotak_baru: int | None
    status: str
    status_label: str
    skor_potensial: Decimal | None
    skor_kinerja: Decimal | None
    penyebab: str
    aturan_nama: str
    aturan_versi: int | None


@dataclass(frozen=True)
class PenjelasanHasil:
    """The explanation of one engine result (penempatan_hasil_jelaskan), without the stored row's
    own facts (period, history, when it was computed)."""

    kotak: int
    label_kotak: str
    status: str
    status_label: str
    talent_pool: bool
    model: str  # berbobot | kategoris
    kekurangan: list[KekuranganPenjelasan]
    sumbu: list[SumbuPenjelasan]  # potensial, kinerja
    rekomendasi: str
    grid: list[list[SelKotak]]

    @property
    def komponen(self) -> list[KomponenPenjelasan]:
        return [k for s in self.sumbu for k in s.komponen]

    @property
    def kekurangan_wajib(self) -> list[KekuranganPenjelasan]:
        return [k for k in self.kekurangan if k.wajib]


@dataclass(frozen=True)
class PenjelasanPenempatan:
    pegawai: Pegawai
    periode: int | None
    periode_tersedia: list[int]
    penempatan: Penempatan | None  # None: never computed (for this period)
    menunggu_hitung: bool  # the inputs changed and a recompute is pending
    kotak: int | None = None
    label_kotak: str = ""
    status: str = ""
    status_label: str = ""
    talent_pool: bool = False
    dihitung_pada: dt.datetime | None = None
    model: str = ""  # berbobot | kategoris
    aturan_nama: str = ""
    aturan_versi: int | None = None
    kekurangan: list[KekuranganPenjelasan] = field(default_factory=list)
    sumbu: list[SumbuPenjelasan] = field(default_factory=list)  # potensial, kinerja
    rekomendasi: str = ""
    grid: list[list[SelKotak]] = field(default_factory=list)  # kinerja rows top-down, potensial columns
    riwayat: list[RiwayatBaris] = field(default_factory=list)

    @property
    def dihitung(self) -> bool:
        return self.penempatan is not None

    @property
    def komponen(self) -> list[KomponenPenjelasan]:
        return [k for s in self.sumbu for k in s.komponen]

    @property
    def langkah(self) -> list[LangkahPenjelasan]:
        return [step for s in self.sumbu for step in s.langkah]

    @property
    def langkah_jaga(self) -> list[LangkahPenjelasan]:
        return [step for s in self.sumbu for step in s.jaga]

    @property
    def kekurangan_wajib(self) -> list[KekuranganPenjelasan]:
        return [k for k in self.kekurangan if k.wajib]


@dataclass(frozen=True)
class RingkasanPenempatan:
    """What the BKD pegawai page shows in its Peta Talenta card."""

    periode: int | None
    dihitung: bool
    menunggu_hitung: bool
    kotak: int | None = None
    label_kotak: str = ""
    status: str = ""
    status_label: str = ""
    skor_potensial: Decimal | None = None
    skor_kinerja: Decimal | None = None
    level_potensial_label: str = ""
    level_kinerja_label: str = ""
    talent_pool: bool = False
    jumlah_kekurangan: int = 0


# --- public reads -------------------------------------------------------------------------------


def penempatan_penjelasan_get(
    *, instansi: Instansi, pegawai: Pegawai, periode: int | None = None
) -> PenjelasanPenempatan:
    """The full explanation of one pegawai's placement for `periode` (default: the latest period
    with a placement row), in three queries whatever the history length."""
    rows = Penempatan.objects.filter(instansi=instansi, pegawai=pegawai)
    periode_tersedia = sorted(set(rows.values_list("periode", flat=True)), reverse=True)
    if periode is None and periode_tersedia:
        periode = periode_tersedia[0]
    row = None
    if periode is not None and periode in periode_tersedia:
        row = rows.select_related("aturan").filter(periode=periode).first()
    riwayat = [
        _riwayat_baris(h)
        for h in RiwayatPenempatan.objects.filter(instansi=instansi, pegawai=pegawai).select_related(
            "aturan"
        )[:RIWAYAT_MAKS]
    ]
    menunggu = row is not None and row.dirty_since is not None
    if row is None or row.kotak is None or not row.status:
        return PenjelasanPenempatan(
            pegawai=pegawai,
            periode=periode,
            periode_tersedia=periode_tersedia,
            penempatan=None,
            menunggu_hitung=menunggu,
            riwayat=riwayat,
        )
    aturan = _aturan(row.aturan)
    model = (
        aturan.model if aturan is not None else ("kategoris" if row.skor_potensial is None else "berbobot")
    )
    hasil = penempatan_hasil_jelaskan(
        penempatan=penempatan_from_row(row), inputs=_inputs(row), aturan=aturan, model=model
    )
    return PenjelasanPenempatan(
        pegawai=pegawai,
        periode=periode,
        periode_tersedia=periode_tersedia,
        penempatan=row,
        menunggu_hitung=menunggu,
        kotak=hasil.kotak,
        label_kotak=hasil.label_kotak,
        status=hasil.status,
        status_label=hasil.status_label,
        talent_pool=hasil.talent_pool,
        dihitung_pada=row.dihitung_pada,
        model=hasil.model,
        aturan_nama=row.aturan.nama if row.aturan else "",
        aturan_versi=row.aturan.versi if row.aturan else None,
        kekurangan=hasil.kekurangan,
        sumbu=hasil.sumbu,
        rekomendasi=hasil.rekomendasi,
        grid=hasil.grid,
        riwayat=riwayat,
    )


def penempatan_hasil_jelaskan(
    *,
    penempatan: PenempatanResult,
    inputs: PenempatanInputs | None,
    aturan: Aturan | None,
    model: str | None = None,
) -> PenjelasanHasil:
    """The explanation of one engine result, stored or not: box, status, the components of both
    axes against the cut-offs, the missing data and the next steps (the pure engine's answer for
    `inputs` under `aturan`, nothing written). The placement pages pass a stored row rebuilt with
    penempatan_from_row; the what-if (selectors_simulasi) passes a result it has just computed."""
    if model is None:
        model = aturan.model if aturan is not None else "berbobot"
    langkah = (
        penempatan_next_steps(
            inputs=inputs, aturan=aturan, asesmen_segera_sebelum=asesmen_segera_sebelum(inputs.tanggal_acuan)
        )
        if aturan is not None and inputs is not None
        else []
    )
    return PenjelasanHasil(
        kotak=penempatan.kotak,
        label_kotak=kotak_label(kotak=penempatan.kotak, aturan=aturan),
        status=penempatan.status,
        status_label=str(STATUS_LABEL.get(penempatan.status, penempatan.status)),
        talent_pool=penempatan.talent_pool,
        model=model,
        kekurangan=[kekurangan_tampil(teks) for teks in penempatan.kekurangan],
        sumbu=[
            _sumbu(
                sumbu=s,
                penempatan=penempatan,
                aturan=aturan,
                model=model,
                langkah=[step for step in langkah if step.sumbu == s],
                inputs=inputs,
            )
            for s in ("potensial", "kinerja")
        ],
        rekomendasi=rekomendasi_kotak(
            level_kinerja=penempatan.level_kinerja, level_potensial=penempatan.level_potensial
        ),
        grid=_grid(aturan=aturan, kotak=penempatan.kotak),
    )


def penempatan_ringkasan_get(*, instansi: Instansi, pegawai: Pegawai) -> RingkasanPenempatan:
    """The latest period's placement in one query: the card on the BKD pegawai page."""
    row = (
        Penempatan.objects.filter(instansi=instansi, pegawai=pegawai)
        .select_related("aturan")
        .order_by("-periode")
        .first()
    )
    if row is None:
        return RingkasanPenempatan(periode=None, dihitung=False, menunggu_hitung=False)
    menunggu = row.dirty_since is not None
    if row.kotak is None or not row.status:
        return RingkasanPenempatan(periode=row.periode, dihitung=False, menunggu_hitung=menunggu)
    return RingkasanPenempatan(
        periode=row.periode,
        dihitung=True,
        menunggu_hitung=menunggu,
        kotak=row.kotak,
        label_kotak=kotak_label(kotak=row.kotak, aturan=_aturan(row.aturan)),
        status=row.status,
        status_label=str(STATUS_LABEL.get(row.status, row.status)),
        skor_potensial=row.skor_potensial,
        skor_kinerja=row.skor_kinerja,
        level_potensial_label=str(LEVEL_LABEL.get(row.level_potensial, row.level_potensial)),
        level_kinerja_label=str(LEVEL_LABEL.get(row.level_kinerja, row.level_kinerja)),
        talent_pool=row.talent_pool,
        jumlah_kekurangan=len(row.kekurangan),
    )


# --- rebuilding the engine's objects from the stored row --------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def penempatan_from_row(row: Penempatan) -> PenempatanResult:
    """The engine's PenempatanResult exactly as stored (components from `rincian`), for the next steps."""
    komponen = tuple(
        Komponen(
            kode=k["kode"],
            sumbu=k["sumbu"],
            nilai=_decimal(k.get("nilai")),
            bobot=int(k.get("bobot") or 0),
            kontribusi=_decimal(k.get("kontribusi")) or D0,
            keterangan=k.get("keterangan") or "",
        )
        for k in (row.rincian or {}).get("komponen", [])
    )
    return PenempatanResult(
        skor_potensial=row.skor_potensial,
        skor_kinerja=row.skor_kinerja,
        level_potensial=row.level_potensial,
        level_kinerja=row.level_kinerja,
        kotak=row.kotak,
        status=row.status,
        kekurangan=tuple(row.kekurangan or ()),
        komponen=komponen,
        talent_pool=row.talent_pool,
        inputs_hash=row.inputs_hash,
    )


def _inputs(row: Penempatan) -> PenempatanInputs | None:
    """The inputs stored with the placement (what its scores were computed from), if any."""
    data = (row.rincian or {}).get("inputs")
    if not data or not data.get("tanggal_acuan"):
        return None
    try:
        return penempatan_inputs_from_json(data)
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return None


def asesmen_segera_sebelum(tanggal_acuan: dt.date) -> dt.date:
    """The reference date plus the "expires soon" window (settings, months): a valid asesmen that
    ends by then gets a re-assessment step."""
    bulan = int(getattr(settings, "PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN", 6))
    index = tanggal_acuan.month - 1 + bulan
    tahun, bulan_ke = tanggal_acuan.year + index // 12, index % 12 + 1
    hari = min(tanggal_acuan.day, calendar.monthrange(tahun, bulan_ke)[1])
    return dt.date(tahun, bulan_ke, hari)


def _aturan(aturan: AturanTalenta | None) -> Aturan | None:
    """The rules of a stored version; a version that no longer validates still explains its stored
    scores, and only the cut-offs and next steps, which need the rules, are left out."""
    return None if aturan is None else aturan_baca(aturan.konfigurasi, katalog=TALENTA)


# --- labels -------------------------------------------------------------------------------------


def angka(value: Decimal) -> str:
    """A score as people read it: "80", "63,34" (the active language's separators)."""
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places)


_ASESMEN_KEDALUWARSA = re.compile(
    r"^asesmen: hasil asesmen (\d{2}-\d{2}-\d{4}) kedaluwarsa sejak (\d{2}-\d{2}-\d{4})$"
)
_SKP_TIDAK_ADA = re.compile(r"^skp: tidak ada SKP tahunan (\d{4})–(\d{4})$")


def _tanggal(text: str) -> str:
    return date_format(dt.datetime.strptime(text, "%d-%m-%Y").date(), "DATE_FORMAT")


def kekurangan_tampil(asli: str) -> KekuranganPenjelasan:
    """One stored missing-data item ("asesmen: ...") as a readable, translatable sentence."""
    kode, _sep, rest = asli.partition(":")
    kode = kode.strip()
    label = str(KEKURANGAN_LABEL.get(kode, capfirst(kode)))
    teks = capfirst(rest.strip()) or asli
    if asli == "asesmen: belum ada hasil asesmen":
        teks = _("Belum ada hasil asesmen kompetensi.")
    elif match := _ASESMEN_KEDALUWARSA.match(asli):
        teks = _("Hasil asesmen tanggal %(tanggal)s sudah kedaluwarsa sejak %(sejak)s.") % {
            "tanggal": _tanggal(match[1]),
            "sejak": _tanggal(match[2]),
        }
    elif match := _SKP_TIDAK_ADA.match(asli):
        if match[1] == match[2]:
            teks = _("Tidak ada SKP tahunan tahun %(tahun)s.") % {"tahun": match[1]}
        else:
            teks = _("Tidak ada SKP tahunan tahun %(awal)s–%(akhir)s.") % {
                "awal": match[1],
                "akhir": match[2],
            }
    elif asli == "pendidikan: belum ada riwayat pendidikan yang disetujui":
        teks = _("Belum ada riwayat pendidikan yang disetujui.")
    elif asli == "kesesuaian: kesesuaian bidang pendidikan dengan jabatan belum dinilai":
        teks = _("Kesesuaian bidang pendidikan dengan jabatan saat ini belum dinilai verifikator.")
    elif asli == "umpan_balik_360: belum ada umpan balik 360° yang berlaku":
        teks = _("Belum ada umpan balik 360° yang masih berlaku.")
    # The engine marks a placement "perlu data" exactly on these two (engine.penempatan_compute).
    return KekuranganPenjelasan(
        kode=kode, label=label, teks=teks, asli=asli, wajib=kode in ("asesmen", "skp")
    )


_KETERANGAN_JPM = re.compile(r"^kategori JPM → (\w+)$")
_KETERANGAN_SKP = re.compile(r"^predikat (.+) \((\d{4})\) → (\w+)$")


def keterangan_tampil(asli: str) -> str:
    """The categorical model's component notes, translatable; unknown notes are shown as stored."""
    if match := _KETERANGAN_JPM.match(asli):
        return _("kategori JPM: potensial %(level)s") % {"level": LEVEL_LABEL.get(match[1], match[1])}
    if match := _KETERANGAN_SKP.match(asli):
        return _("predikat %(predikat)s (%(tahun)s): kinerja %(level)s") % {
            "predikat": match[1],
            "tahun": match[2],
            "level": LEVEL_LABEL.get(match[3], match[3]),
        }
    return asli


def langkah_tampil(step: Langkah, *, model: str) -> LangkahPenjelasan:
    komponen = {"jp": "pengembangan", "asesmen": "jpm", "asesmen_ulang": "jpm"}.get(step.kode, step.kode)
    return LangkahPenjelasan(
        sumbu=step.sumbu,
        kode=step.kode,
        label=str(KOMPONEN_LABEL.get(komponen, komponen)),
        level_baru=step.level_baru,
        level_baru_label=str(LEVEL_LABEL.get(step.level_baru, step.level_baru)),
        teks=langkah_teks(step, model=model),
        jaga=step.jaga,
    )


# --- pieces -------------------------------------------------------------------------------------


def _ambang_skor(
    batas: tuple[Decimal, Decimal], levels: tuple[str, str, str], aktif: str
) -> list[AmbangLevel]:
    low, high = (angka(b) for b in batas)
    syarat = {
        levels[2]: f"≥ {high}",
        levels[1]: f"{low} – < {high}",
        levels[0]: f"< {low}",
    }
    return [
        AmbangLevel(level=lv, label=str(LEVEL_LABEL[lv]), syarat=syarat[lv], aktif=lv == aktif)
        for lv in reversed(levels)
    ]


def _sumbu(
    *,
    sumbu: str,
    penempatan: PenempatanResult,
    aturan: Aturan | None,
    model: str,
    langkah: list[Langkah],
    inputs: PenempatanInputs | None = None,
) -> SumbuPenjelasan:
    level = penempatan.level_potensial if sumbu == "potensial" else penempatan.level_kinerja
    levels = POTENSIAL_LEVELS if sumbu == "potensial" else KINERJA_LEVELS
    skor = penempatan.skor_potensial if sumbu == "potensial" else penempatan.skor_kinerja
    ambang: list[AmbangLevel] = []
    if model == "kategoris":
        if sumbu == "potensial":
            dasar = _("Kategori JPM dari asesmen yang masih berlaku")
            if aturan is not None:
                ambang = _ambang_skor(aturan.batas_jpm, levels, level)
        else:
            dasar = _("Predikat SKP tahunan terakhir")
            syarat = {
                "di_atas": _("predikat Sangat Baik"),
                "sesuai": _("predikat Baik"),
                "di_bawah": _("predikat lain atau belum ada"),
            }
            ambang = [
                AmbangLevel(level=lv, label=str(LEVEL_LABEL[lv]), syarat=syarat[lv], aktif=lv == level)
                for lv in reversed(levels)
            ]
    else:
        dasar = _("Skor 0–100: jumlah kontribusi komponen")
        if aturan is not None:
            batas = aturan.batas_potensial if sumbu == "potensial" else aturan.batas_kinerja
            ambang = _ambang_skor(batas, levels, level)
    return SumbuPenjelasan(
        sumbu=sumbu,
        label=str(SUMBU_LABEL[sumbu]),
        skor=skor,
        level=level,
        level_label=str(LEVEL_LABEL.get(level, level)),
        dasar=dasar,
        ambang=ambang,
        komponen=[
            KomponenPenjelasan(
                kode=k.kode,
                label=str(KOMPONEN_LABEL.get(k.kode, k.kode)),
                sumbu=k.sumbu,
                nilai=k.nilai,
                bobot=k.bobot,
                kontribusi=k.kontribusi,
                keterangan=keterangan_tampil(k.keterangan),
            )
            for k in penempatan.komponen
            if k.sumbu == sumbu
        ],
        langkah=[langkah_tampil(step, model=model) for step in langkah if not step.jaga],
        jaga=[langkah_tampil(step, model=model) for step in langkah if step.jaga],
        kombinasi=kombinasi_teks(
            penempatan_kombinasi(inputs=inputs, aturan=aturan, sumbu=sumbu)
            if aturan is not None and inputs is not None and not any(not step.jaga for step in langkah)
            else []
        ),
    )


def _grid(*, aturan: Aturan | None, kotak: int | None) -> list[list[SelKotak]]:
    mapping = aturan.kotak if aturan is not None else KOTAK_PERMENPANRB
    return [
        [
            SelKotak(
                kotak=mapping[(kinerja, potensial)],
                label=kotak_label(kotak=mapping[(kinerja, potensial)], aturan=aturan),
                level_kinerja=kinerja,
                level_potensial=potensial,
                aktif=mapping[(kinerja, potensial)] == kotak,
                level_kinerja_label=str(LEVEL_SUMBU_LABEL[kinerja]),
                level_potensial_label=str(LEVEL_SUMBU_LABEL[potensial]),
            )
            for potensial in POTENSIAL_LEVELS
        ]
        for kinerja in reversed(KINERJA_LEVELS)
    ]


def _riwayat_baris(h: RiwayatPenempatan) -> RiwayatBaris:
    return RiwayatBaris(
        periode=h.periode,
        dicatat_pada=h.dicatat_pada,
        kotak_lama=h.kotak_lama,
        kotak_baru=h.kotak_baru,
        status=h.status,
        status_label=str(STATUS_LABEL.get(h.status, h.status)),
        skor_potensial=h.skor_potensial,
        skor_kinerja=h.skor_kinerja,
        penyebab=penyebab_label(h.penyebab),
        aturan_nama=h.aturan.nama if h.aturan else "",
        aturan_versi=h.aturan.versi if h.aturan else None,
    )
