"""Reads of the nine-box pages: the 3×3 grid of one period, the people of one box, the placements
that still need data, and the year-over-year transition matrix.

Every read runs inside the caller's instansi scope and also filters `instansi=` explicitly. The grid
and the transition matrix are one aggregate query each, whatever the number of pegawai; lists are
paginated querysets with their pegawai and unit kerja joined in.

Which placements count: the instansi's placements of the period whose pegawai is still an active
pegawai of the instansi (the map of the people it manages now). The "from" side of the transition
matrix is the instansi's own history, so people who left since then show up as "keluar".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.selectors import unit_kerja_subtree_ids

from .engine import KINERJA_LEVELS, KOTAK_PERMENPANRB, POTENSIAL_LEVELS, Aturan
from .labels import LEVEL_SUMBU_LABEL, REKOMENDASI_SINGKAT, rekomendasi_kotak
from .models import Penempatan
from .periode import periode_sekarang, tanggal_acuan_periode
from .selectors import aturan_aktif_konfigurasi

FINAL = Penempatan.Status.FINAL
PERLU_DATA = Penempatan.Status.PERLU_DATA

# Age bands of the filter: code -> (label, lowest age, age it stops at; None = open).
RENTANG_USIA: dict[str, tuple[str, int | None, int | None]] = {
    "lt30": (_("di bawah 30 tahun"), None, 30),
    "30_39": (_("30–39 tahun"), 30, 40),
    "40_49": (_("40–49 tahun"), 40, 50),
    "50": (_("50 tahun ke atas"), 50, None),
}

# Sort orders of the box list: code -> order_by().
URUTAN_KOTAK: dict[str, tuple] = {
    "nama": ("pegawai__nama", "pk"),
    "-potensial": (F("skor_potensial").desc(nulls_last=True), "pegawai__nama", "pk"),
    "potensial": (F("skor_potensial").asc(nulls_last=True), "pegawai__nama", "pk"),
    "-kinerja": (F("skor_kinerja").desc(nulls_last=True), "pegawai__nama", "pk"),
    "kinerja": (F("skor_kinerja").asc(nulls_last=True), "pegawai__nama", "pk"),
}
URUTAN_BAWAAN = "-potensial"


# --- filters ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaringanNinebox:
    """The pegawai filters shared by every nine-box page (all optional)."""

    unit_kerja: UnitKerja | None = None
    jenis_jabatan: str = ""
    golongan: str = ""
    status_kepegawaian: str = ""
    jenis_kelamin: str = ""
    usia: str = ""  # a key of RENTANG_USIA

    @property
    def aktif(self) -> bool:
        return any(
            (
                self.unit_kerja,
                self.jenis_jabatan,
                self.golongan,
                self.status_kepegawaian,
                self.jenis_kelamin,
                self.usia in RENTANG_USIA,
            )
        )


def tanggal_ulang_tahun(tanggal: dt.date, tahun: int) -> dt.date:
    """The date `tahun` years before `tanggal` (29 February falls back to 28 February)."""
    try:
        return tanggal.replace(year=tanggal.year - tahun)
    except ValueError:
        return tanggal.replace(year=tanggal.year - tahun, day=28)


@lru_cache(maxsize=100_000)
def rentang_usia_kode(*, tanggal_lahir: dt.date | None, tanggal_acuan: dt.date) -> str:
    """The age band (a key of RENTANG_USIA) of someone born on `tanggal_lahir`, on `tanggal_acuan`,
    by the rule of `usia_q` (aged N from the Nth birthday on); "" when the birth date is unknown.
    For the in-memory breakdowns of the rule-set previews; cached, as a whole instansi shares a few
    thousand birth dates."""
    if tanggal_lahir is None:
        return ""
    for kode, (_label, dari, sampai) in RENTANG_USIA.items():
        if dari is not None and tanggal_lahir > tanggal_ulang_tahun(tanggal_acuan, dari):
            continue
        if sampai is not None and tanggal_lahir <= tanggal_ulang_tahun(tanggal_acuan, sampai):
            continue
        return kode
    return ""


def usia_q(*, usia: str, tanggal_acuan: dt.date, prefix: str = "") -> Q:
    """Pegawai whose age on `tanggal_acuan` falls in the band: aged N from their Nth birthday on."""
    if usia not in RENTANG_USIA:
        return Q()
    _label, dari, sampai = RENTANG_USIA[usia]
    condition = Q()
    if dari is not None:  # at least `dari` years old: born on or before that birthday
        condition &= Q(**{f"{prefix}tanggal_lahir__lte": tanggal_ulang_tahun(tanggal_acuan, dari)})
    if sampai is not None:  # not yet `sampai`: born after that birthday
        condition &= Q(**{f"{prefix}tanggal_lahir__gt": tanggal_ulang_tahun(tanggal_acuan, sampai)})
    return condition


def saringan_q(
    *, instansi: Instansi, saringan: SaringanNinebox, tanggal_acuan: dt.date, prefix: str = "pegawai__"
) -> Q:
    """The filters as a condition on the pegawai (through `prefix`); the unit includes its subtree."""
    condition = Q()
    if saringan.unit_kerja is not None:
        ids = unit_kerja_subtree_ids(instansi=instansi, unit=saringan.unit_kerja)
        condition &= Q(**{f"{prefix}unit_kerja_id__in": ids})
    for name in ("jenis_jabatan", "golongan", "status_kepegawaian", "jenis_kelamin"):
        value = getattr(saringan, name)
        if value:
            condition &= Q(**{f"{prefix}{name}": value})
    return condition & usia_q(usia=saringan.usia, tanggal_acuan=tanggal_acuan, prefix=prefix)


def _penempatan_aktif(
    *, instansi: Instansi, periode: int, saringan: SaringanNinebox, kondisi: Q | None = None
) -> QuerySet[Penempatan]:
    """The period's placements of the instansi's active pegawai that pass the filters (`kondisi`:
    the filters already turned into a condition, to read the unit tree once)."""
    if kondisi is None:
        kondisi = saringan_q(
            instansi=instansi, saringan=saringan, tanggal_acuan=tanggal_acuan_periode(periode=periode)
        )
    return Penempatan.objects.filter(
        kondisi, instansi=instansi, periode=periode, pegawai__instansi=instansi, pegawai__aktif=True
    )


def ninebox_periode_list(*, instansi: Instansi) -> list[int]:
    """Years with placements, newest first; the current year is always offered.

    One index probe per year (a loose index scan on penempatan_kotak, as a recursive query): a
    DISTINCT read every placement of the instansi on every nine-box page (35 ms at 20,000 pegawai,
    bench/load_run.py)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE tahun(periode) AS (
                (SELECT periode FROM petatalenta_penempatan WHERE instansi_id = %(i)s ORDER BY periode DESC LIMIT 1)
                UNION ALL
                SELECT (SELECT p.periode FROM petatalenta_penempatan p
                         WHERE p.instansi_id = %(i)s AND p.periode < tahun.periode
                         ORDER BY p.periode DESC LIMIT 1)
                  FROM tahun WHERE tahun.periode IS NOT NULL
            )
            SELECT periode FROM tahun WHERE periode IS NOT NULL
            """,
            {"i": instansi.pk},
        )
        years = {row[0] for row in cursor.fetchall()}
    years.add(periode_sekarang())
    return sorted(years, reverse=True)


# --- layout -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tata:
    """The active rule set's layout: box number ↔ (kinerja, potensial) cell, labels, talent pool."""

    posisi: dict[int, tuple[int, int]]  # kotak -> (kinerja index, potensial index), 0 = lowest
    nomor: dict[tuple[str, str], int]
    label: dict[int, str]
    talent_pool: frozenset[int]

    @classmethod
    def from_aturan(cls, aturan: Aturan) -> Tata:
        posisi = {
            n: (KINERJA_LEVELS.index(k), POTENSIAL_LEVELS.index(p)) for (k, p), n in aturan.kotak.items()
        }
        if aturan.label_kotak:
            label = {n: aturan.label_kotak.get(n, "") for n in posisi}
        elif aturan.kotak == KOTAK_PERMENPANRB:
            label = {n: str(REKOMENDASI_SINGKAT[n]) for n in posisi}
        else:
            label = dict.fromkeys(posisi, "")
        return cls(posisi=posisi, nomor=dict(aturan.kotak), label=label, talent_pool=aturan.kotak_talent_pool)

    def tingkat(self, kotak: int) -> int:
        """0 (both axes lowest) … 4 (both highest): the colour step of the cell."""
        k, p = self.posisi[kotak]
        return k + p

    def arah(self, dari: int, ke: int) -> str:
        """ "tetap", "naik" (no axis lower, one higher), "turun", or "bergeser" (one up, one down)."""
        (k0, p0), (k1, p1) = self.posisi[dari], self.posisi[ke]
        if (k0, p0) == (k1, p1):
            return "tetap"
        if k1 >= k0 and p1 >= p0:
            return "naik"
        if k1 <= k0 and p1 <= p0:
            return "turun"
        return "bergeser"


def tata_aktif(*, instansi: Instansi) -> Tata:
    return Tata.from_aturan(Aturan.from_config(aturan_aktif_konfigurasi(instansi=instansi)))


# --- the grid ---------------------------------------------------------------------------------------


def persen(bagian: int, total: int) -> Decimal | None:
    """Share in percent with one decimal (half up), None without a total."""
    if not total:
        return None
    return (Decimal(bagian) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Sel:
    nomor: int
    label: str
    level_kinerja: str
    level_potensial: str
    tingkat: int
    talent_pool: bool
    jumlah: int = 0
    persen: Decimal | None = None

    @property
    def rekomendasi(self) -> str:
        if not self.label:
            return ""
        return rekomendasi_kotak(level_kinerja=self.level_kinerja, level_potensial=self.level_potensial)


@dataclass
class Baris:
    level_kinerja: str
    label: str
    sel: list[Sel]


@dataclass
class Grid:
    periode: int
    tanggal_acuan: dt.date
    baris: list[Baris]  # kinerja from the highest row down; cells potensial low → high
    kolom: list[tuple[str, str]]  # (potensial level, label)
    ditempatkan: int = 0  # final placements (the grid's total)
    perlu_data: int = 0
    belum_dihitung: int = 0  # rows created and waiting for the engine
    talent_pool: int = 0
    per_kotak: dict[int, Sel] = field(default_factory=dict)

    @property
    def kosong(self) -> bool:
        return not (self.ditempatkan or self.perlu_data or self.belum_dihitung)

    @property
    def talent_pool_persen(self) -> Decimal | None:
        return persen(self.talent_pool, self.ditempatkan)

    @property
    def warna(self) -> list[tuple[int, list[int]]]:
        """(colour step, its boxes), the highest step first: the legend."""
        steps: dict[int, list[int]] = {}
        for sel in self.per_kotak.values():
            steps.setdefault(sel.tingkat, []).append(sel.nomor)
        return [(step, sorted(steps[step])) for step in sorted(steps, reverse=True)]


def _grid_kosong(*, tata: Tata, periode: int) -> Grid:
    kolom = [(p, str(LEVEL_SUMBU_LABEL[p])) for p in POTENSIAL_LEVELS]
    baris, per_kotak = [], {}
    for k in reversed(KINERJA_LEVELS):
        cells = []
        for p in POTENSIAL_LEVELS:
            nomor = tata.nomor[(k, p)]
            sel = Sel(
                nomor=nomor,
                label=tata.label[nomor],
                level_kinerja=k,
                level_potensial=p,
                tingkat=tata.tingkat(nomor),
                talent_pool=nomor in tata.talent_pool,
            )
            cells.append(sel)
            per_kotak[nomor] = sel
        baris.append(Baris(level_kinerja=k, label=str(LEVEL_SUMBU_LABEL[k]), sel=cells))
    return Grid(
        periode=periode,
        tanggal_acuan=tanggal_acuan_periode(periode=periode),
        baris=baris,
        kolom=kolom,
        per_kotak=per_kotak,
    )


def ninebox_grid(*, instansi: Instansi, periode: int, saringan: SaringanNinebox) -> Grid:
    """Counts per box of the period's final placements, their shares, and the counts of placements
    that need data or are still being computed: one GROUP BY query (plus the rule set, and the
    unit tree when filtering by unit)."""
    tata = tata_aktif(instansi=instansi)
    grid = _grid_kosong(tata=tata, periode=periode)
    rows = (
        _penempatan_aktif(instansi=instansi, periode=periode, saringan=saringan)
        .values("kotak", "status")
        .annotate(n=Count("pk"), pool=Count("pk", filter=Q(talent_pool=True)))
        .order_by()
    )
    for row in rows:
        if row["status"] == FINAL and row["kotak"] in grid.per_kotak:
            grid.per_kotak[row["kotak"]].jumlah += row["n"]
            grid.ditempatkan += row["n"]
            grid.talent_pool += row["pool"]
        elif row["status"] == PERLU_DATA:
            grid.perlu_data += row["n"]
        else:
            grid.belum_dihitung += row["n"]
    for sel in grid.per_kotak.values():
        sel.persen = persen(sel.jumlah, grid.ditempatkan)
    return grid


# --- lists ------------------------------------------------------------------------------------------


def ninebox_kotak_list(
    *, instansi: Instansi, periode: int, kotak: int, saringan: SaringanNinebox, urut: str = URUTAN_BAWAAN
) -> QuerySet[Penempatan]:
    """The final placements in one box (what the grid counts there), with pegawai and unit."""
    return (
        _penempatan_aktif(instansi=instansi, periode=periode, saringan=saringan)
        .filter(status=FINAL, kotak=kotak)
        .select_related("pegawai__unit_kerja")
        .order_by(*URUTAN_KOTAK.get(urut, URUTAN_KOTAK[URUTAN_BAWAAN]))
    )


def ninebox_perlu_data_list(
    *, instansi: Instansi, periode: int, saringan: SaringanNinebox
) -> QuerySet[Penempatan]:
    """Placements marked `perlu data`, with their missing items, pegawai and unit."""
    return (
        _penempatan_aktif(instansi=instansi, periode=periode, saringan=saringan)
        .filter(status=PERLU_DATA)
        .select_related("pegawai__unit_kerja")
        .order_by("pegawai__nama", "pk")
    )


# --- transitions ------------------------------------------------------------------------------------

BELUM_FINAL = 0  # state of a placement that is not final (perlu data, or still being computed)


@dataclass
class SelTransisi:
    jumlah: int
    dari: int | None  # box, BELUM_FINAL, or None (no placement)
    ke: int | None
    arah: str = ""  # for box → box: tetap / naik / turun / bergeser


@dataclass
class BarisTransisi:
    dari: int | None
    label: str
    sel: list[SelTransisi]
    total: int


@dataclass
class Transisi:
    periode: int
    periode_lalu: int
    kolom: list[tuple[int | None, str]]  # boxes 1–9, BELUM_FINAL, None ("keluar"), with labels
    baris: list[BarisTransisi]  # boxes 1–9, BELUM_FINAL, None ("baru")
    total_kolom: list[int]
    total: int
    tetap: int = 0
    naik: int = 0
    turun: int = 0
    bergeser: int = 0
    baru: int = 0  # placed this period, no placement last period
    keluar: int = 0  # placed last period, no placement of an active pegawai this period

    @property
    def dibandingkan(self) -> int:
        """Pegawai with a final box in both periods."""
        return self.tetap + self.naik + self.turun + self.bergeser


def _status_sql(queryset: QuerySet[Penempatan]) -> tuple[str, tuple]:
    """(pegawai_id, state) of each placement, as SQL of a scoped queryset."""
    state = Case(
        When(status=FINAL, kotak__isnull=False, then=F("kotak")),
        default=Value(BELUM_FINAL),
        output_field=IntegerField(),
    )
    return queryset.order_by().annotate(state=state).values("pegawai_id", "state").query.sql_with_params()


def ninebox_transisi_counts(
    *, instansi: Instansi, periode: int, saringan: SaringanNinebox
) -> dict[tuple[int | None, int | None], int]:
    """(state last period, state this period) -> pegawai, in one query: the two periods' placements
    joined on the pegawai (a full outer join, so "baru" and "keluar" are counted too).

    This period: placements of active pegawai of the instansi. Last period: the instansi's own
    placements, whoever the pegawai works for now; with filters, only pegawai still recorded in
    this instansi (the current data of someone who moved on belongs to their new instansi).
    Filters judge age on this period's reference date.
    """
    kondisi = saringan_q(
        instansi=instansi, saringan=saringan, tanggal_acuan=tanggal_acuan_periode(periode=periode)
    )
    kini = _penempatan_aktif(instansi=instansi, periode=periode, saringan=saringan, kondisi=kondisi)
    lalu = Penempatan.objects.filter(instansi=instansi, periode=periode - 1)
    if saringan.aktif:
        lalu = lalu.filter(kondisi, pegawai__instansi=instansi)
    sql_lalu, params_lalu = _status_sql(lalu)
    sql_kini, params_kini = _status_sql(kini)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT l.state, k.state, COUNT(*)
                  FROM ({sql_lalu}) AS l
                  FULL OUTER JOIN ({sql_kini}) AS k ON k.pegawai_id = l.pegawai_id
                 GROUP BY 1, 2""",  # noqa: S608 - both parts are compiled ORM querysets with parameters
            (*params_lalu, *params_kini),
        )
        return {(dari, ke): n for dari, ke, n in cursor.fetchall()}


def ninebox_transisi(*, instansi: Instansi, periode: int, saringan: SaringanNinebox) -> Transisi:
    """The transition matrix of `periode` against the year before, with its summary."""
    tata = tata_aktif(instansi=instansi)
    counts = ninebox_transisi_counts(instansi=instansi, periode=periode, saringan=saringan)
    kotak = sorted(tata.posisi)
    kolom: list[tuple[int | None, str]] = [
        *((n, _("Kotak %(n)s") % {"n": n}) for n in kotak),
        (BELUM_FINAL, str(_("Belum final"))),
        (None, str(pgettext("transisi kotak", "Keluar"))),
    ]
    baris: list[tuple[int | None, str]] = [*kolom[:-1], (None, str(_("Baru")))]
    result = Transisi(
        periode=periode,
        periode_lalu=periode - 1,
        kolom=kolom,
        baris=[],
        total_kolom=[0] * len(kolom),
        total=0,
    )
    for dari, label in baris:
        cells = []
        for i, (ke, _label) in enumerate(kolom):
            n = counts.get((dari, ke), 0) if (dari, ke) != (None, None) else 0
            arah = tata.arah(dari, ke) if dari in tata.posisi and ke in tata.posisi else ""
            cells.append(SelTransisi(jumlah=n, dari=dari, ke=ke, arah=arah))
            result.total_kolom[i] += n
            if arah:
                setattr(result, arah, getattr(result, arah) + n)
        total = sum(c.jumlah for c in cells)
        result.baris.append(BarisTransisi(dari=dari, label=label, sel=cells, total=total))
        result.total += total
    result.baru = result.baris[-1].total
    result.keluar = result.total_kolom[-1]
    return result
