"""Fairness lenses: box distribution and talent-pool (KRS) rate per group, and a flag where a group's
pool rate differs significantly from the rest of the population (docs/nasional-keadilan.md).

Two levels share one computation (`lensa_susun`) over one shape, the summary row's `kelompok`
JSON — {dimensi: {kelompok: {"n": int, "pool": int, "kotak": {"1".."9": int}}}}:

* instansi (`keadilan_instansi`): counted here from the period's final placements of the
  instansi's active pegawai, inside the caller's scope, by the four dimensions of
  `kelompok.DIMENSI` plus the perangkat daerah (the top unit of the pegawai's unit tree);
* province / nation (`keadilan_wilayah`): the sums of the instansi summary rows' `kelompok`
  (read through apps/nasional/selectors.py, never from tenant tables), by the four dimensions.

Small cells: a group with fewer pegawai than settings.NASIONAL_SEL_KECIL is shown as "< 5", and is
never tested nor flagged; neither is a group whose rest is that small (its rate would be the
small group's). The test is Fisher's exact test when an expected cell of the 2×2 table is below 5,
else Pearson's chi-square with Yates' continuity correction (scipy.stats).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from scipy import stats

from apps.instansi.models import Instansi, UnitKerja, Wilayah
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import tanggal_acuan_periode
from apps.petatalenta.selectors_ninebox import tanggal_ulang_tahun

from . import selectors
from .kelompok import DIMENSI, PENDIDIKAN, USIA, kelompok_pendidikan, label_kelompok
from .models import KOTAK_KEYS

# Significance level of the flag: a group is flagged when p < ALPHA (two-sided).
ALPHA = 0.05

# Below this expected count in any cell of the 2×2 table the chi-square approximation is poor
# (Cochran's rule), so Fisher's exact test is used instead.
HARAPAN_MIN_CHI2 = 5

METODE_FISHER = "fisher"
METODE_CHI2 = "chi2"
METODE_LABEL = {
    METODE_FISHER: _("Uji eksak Fisher"),
    METODE_CHI2: _("Uji chi-kuadrat (koreksi Yates)"),
}

# The instansi lens adds the perangkat daerah to the four dimensions of the summary rows; its
# groups are unit ids (as text), "-" for pegawai without a unit kerja.
PERANGKAT_DAERAH = "perangkat_daerah"
TANPA_UNIT = "-"
DIMENSI_INSTANSI: dict[str, str] = {**DIMENSI, PERANGKAT_DAERAH: _("Perangkat daerah")}

# Display order of the groups of the fixed dimensions (unknown codes follow, sorted).
_URUTAN: dict[str, tuple[str, ...]] = {
    "usia": tuple(USIA),
    "pendidikan": tuple(PENDIDIKAN),
}


def _persen(bagian: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(bagian) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the test -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uji:
    """The outcome of comparing one group's pool rate with the rest's."""

    metode: str  # METODE_FISHER | METODE_CHI2
    p: float
    statistik: float | None = None  # the chi-square statistic; None for Fisher's test

    @property
    def label(self) -> str:
        return str(METODE_LABEL[self.metode])


def uji_dua_proporsi(*, pool: int, n: int, pool_lain: int, n_lain: int) -> Uji:
    """Two-sided test of "the group's pool rate equals the rest's" on the 2×2 table
    [[pool, n - pool], [pool_lain, n_lain - pool_lain]]: Fisher's exact test when the smallest
    expected count is under HARAPAN_MIN_CHI2 (also when nobody or everybody is in the pool),
    Pearson's chi-square with Yates' continuity correction otherwise."""
    if not (0 <= pool <= n and 0 <= pool_lain <= n_lain) or not n or not n_lain:
        raise ValueError("uji_dua_proporsi needs two non-empty groups with 0 <= pool <= n")
    tabel = [[pool, n - pool], [pool_lain, n_lain - pool_lain]]
    total = n + n_lain
    total_pool = pool + pool_lain
    harapan_min = min(n, n_lain) * min(total_pool, total - total_pool) / total
    if harapan_min < HARAPAN_MIN_CHI2:
        hasil = stats.fisher_exact(tabel, alternative="two-sided")
        return Uji(metode=METODE_FISHER, p=float(hasil.pvalue))
    hasil = stats.chi2_contingency(tabel, correction=True)
    return Uji(metode=METODE_CHI2, p=float(hasil.pvalue), statistik=float(hasil.statistic))


# --- the lens -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kelompok:
    """One group of one dimension, with the rest of the population of that dimension."""

    kode: str
    label: str
    n: int  # pegawai with a final placement
    pool: int  # of whom in the talent pool (KRS)
    kotak: dict[str, int]  # {"1".."9": n}
    n_lain: int
    pool_lain: int
    kecil: bool  # fewer than the small-cell threshold: shown as "< 5", never tested
    uji: Uji | None  # None when the group or its rest is a small cell
    alasan_tanpa_uji: str = ""
    # Hidden to protect the dimension's small groups, whose figures would otherwise be the total
    # minus the groups shown (complementary suppression): shown as "disembunyikan".
    pelengkap: bool = False
    batas: int = 5  # the small-cell threshold the group was judged by

    @property
    def tersembunyi(self) -> bool:
        """No figure of the group is shown (a small cell, or the small cell's complement)."""
        return self.kecil or self.pelengkap

    @property
    def persen_pool(self) -> Decimal | None:
        # No rate where the pool count is a small cell: n × rate would give it back (the national
        # tables follow the same rule, apps/nasional/tabel.py). The test and its flag still show.
        if self.tersembunyi or 0 < self.pool < self.batas:
            return None
        return _persen(self.pool, self.n)

    @property
    def persen_lain(self) -> Decimal | None:
        if self.uji is None or 0 < self.pool_lain < self.batas:
            return None
        return _persen(self.pool_lain, self.n_lain)

    @property
    def berbeda(self) -> bool:
        """Flagged: the pool rate differs significantly (p < ALPHA) from the rest's."""
        return self.uji is not None and self.uji.p < ALPHA

    @property
    def arah(self) -> str:
        """ "lebih tinggi" / "lebih rendah" than the rest, for a flagged group."""
        if not self.berbeda:
            return ""
        return "tinggi" if self.pool * self.n_lain > self.pool_lain * self.n else "rendah"

    def kotak_list(self) -> list[tuple[str, int]]:
        """(box, count) in box order; the page shows each through the small-cell filter."""
        return [(k, self.kotak.get(k, 0)) for k in KOTAK_KEYS]


@dataclass(frozen=True)
class Dimensi:
    kode: str
    label: str
    kelompok: list[Kelompok]
    n: int  # the dimension's population (sum of its groups)
    pool: int

    @property
    def ditandai(self) -> list[Kelompok]:
        return [k for k in self.kelompok if k.berbeda]

    @property
    def ada_persen(self) -> bool:
        """Some group is shown with a rate (the chart has a bar besides the total)."""
        return any(k.persen_pool is not None for k in self.kelompok)


@dataclass(frozen=True)
class Lensa:
    periode: int
    dimensi: list[Dimensi]
    batas: int  # the small-cell threshold
    alpha: float
    n: int
    pool: int
    diperbarui_min: dt.datetime | None = None
    diperbarui_max: dt.datetime | None = None
    jumlah_instansi: int | None = None  # rows summed (province / national level)
    provinsi: Wilayah | None = None

    @property
    def persen_pool(self) -> Decimal | None:
        return _persen(self.pool, self.n)

    @property
    def ditandai(self) -> list[tuple[Dimensi, Kelompok]]:
        return [(d, k) for d in self.dimensi for k in d.ditandai]

    @property
    def kosong(self) -> bool:
        return not self.n


def _urut(dimensi: str, kode: str, label: str) -> tuple:
    urutan = _URUTAN.get(dimensi)
    if dimensi == PERANGKAT_DAERAH:
        return (kode == TANPA_UNIT, label.lower(), kode)
    if urutan and kode in urutan:
        return (0, urutan.index(kode), "")
    return (1, 0, label.lower())


def lensa_susun(
    *,
    kelompok: Mapping[str, Mapping[str, Mapping]],
    dimensi: Mapping[str, str],
    label: Callable[[str, str], str],
    batas: int | None = None,
) -> list[Dimensi]:
    """The groups of every dimension with their test against the rest of that dimension.

    `kelompok` has the summary row's shape; `label(dimensi, kode)` names a group. A group under the
    threshold is a small cell. When the small cells of a dimension together stay under the threshold
    (always so when there is only one), the smallest other group is hidden too: otherwise the total
    minus the groups shown would give the small cells' figures."""
    batas = settings.NASIONAL_SEL_KECIL if batas is None else batas
    hasil = []
    for kode_dimensi, label_dimensi in dimensi.items():
        grup = kelompok.get(kode_dimensi) or {}
        n_total = sum(int(g.get("n", 0)) for g in grup.values())
        pool_total = sum(int(g.get("pool", 0)) for g in grup.values())
        ukuran = {kode: int(g.get("n", 0)) for kode, g in grup.items() if int(g.get("n", 0))}
        kecil_semua = [kode for kode, n in ukuran.items() if n < batas]
        besar = sorted((n, kode) for kode, n in ukuran.items() if n >= batas)
        jumlah_kecil = sum(ukuran[kode] for kode in kecil_semua)
        pelengkap = besar[0][1] if kecil_semua and jumlah_kecil < batas and besar else None
        baris = []
        for kode, g in grup.items():
            n, pool = int(g.get("n", 0)), int(g.get("pool", 0))
            if not n:
                continue
            n_lain, pool_lain = n_total - n, pool_total - pool
            kecil = n < batas
            uji, alasan = None, ""
            if kecil:
                alasan = str(_("kelompok kecil"))
            elif kode == pelengkap:
                alasan = str(_("disembunyikan agar kelompok kecil tidak dapat dihitung"))
            elif not n_lain:
                alasan = str(_("tidak ada kelompok lainnya"))
            elif n_lain < batas:
                alasan = str(_("kelompok lainnya kecil"))
            else:
                uji = uji_dua_proporsi(pool=pool, n=n, pool_lain=pool_lain, n_lain=n_lain)
            baris.append(
                Kelompok(
                    kode=kode,
                    label=label(kode_dimensi, kode),
                    n=n,
                    pool=pool,
                    kotak={k: int(v) for k, v in (g.get("kotak") or {}).items()},
                    n_lain=n_lain,
                    pool_lain=pool_lain,
                    kecil=kecil,
                    uji=uji,
                    alasan_tanpa_uji=alasan,
                    pelengkap=kode == pelengkap,
                    batas=batas,
                )
            )
        baris.sort(key=lambda k: _urut(kode_dimensi, k.kode, k.label))
        hasil.append(
            Dimensi(kode=kode_dimensi, label=str(label_dimensi), kelompok=baris, n=n_total, pool=pool_total)
        )
    return hasil


def _lensa(*, periode: int, dimensi: list[Dimensi], batas: int, **extra) -> Lensa:
    # Every dimension covers the same population; the first non-empty one gives its size.
    isi = next((d for d in dimensi if d.n), None)
    return Lensa(
        periode=periode,
        dimensi=dimensi,
        batas=batas,
        alpha=ALPHA,
        n=isi.n if isi else 0,
        pool=isi.pool if isi else 0,
        **extra,
    )


# --- instansi level: from the placements ------------------------------------------------------------


def _usia_case(*, acuan: dt.date) -> Case:
    """The age band of `kelompok.kelompok_usia` on `acuan`, in SQL: aged N from the Nth birthday."""
    return Case(
        When(pegawai__tanggal_lahir__gt=tanggal_ulang_tahun(acuan, 30), then=Value("<30")),
        When(pegawai__tanggal_lahir__gt=tanggal_ulang_tahun(acuan, 40), then=Value("30-39")),
        When(pegawai__tanggal_lahir__gt=tanggal_ulang_tahun(acuan, 50), then=Value("40-49")),
        default=Value("50+"),
        output_field=CharField(),
    )


def kelompok_instansi_hitung(
    *, instansi: Instansi, periode: int
) -> tuple[dict, dict[str, str], dt.datetime | None]:
    """The instansi's groups in the summary row's shape (plus the perangkat daerah), the names of
    its perangkat daerah, and when the newest counted placement was computed.

    Counts the period's final placements of the instansi's active pegawai in ONE scan with
    GROUPING SETS: one grouping per dimension (its key, the box, the pool flag), so a few hundred
    rows leave the database whatever the number of pegawai (a plain GROUP BY over every key at once
    returned almost one row per pegawai: 16,643 rows for 20,000). Plus one query for the unit
    names. Must run inside the instansi's scope: the inner query is a scoped ORM queryset."""
    acuan = tanggal_acuan_periode(periode=periode)
    kolom = [f"g_{d}" for d in DIMENSI_INSTANSI]
    dasar = (
        Penempatan.objects.filter(
            instansi=instansi,
            periode=periode,
            status=Penempatan.Status.FINAL,
            kotak__isnull=False,
            pegawai__instansi=instansi,
            pegawai__aktif=True,
        )
        .annotate(
            g_jenis_kelamin=F("pegawai__jenis_kelamin"),
            g_usia=_usia_case(acuan=acuan),
            g_pendidikan=F("pegawai__pendidikan_terakhir"),
            g_jenis_jabatan=F("pegawai__jenis_jabatan"),
            # The tree is three levels deep: a seksi's top is its grandparent, a bidang's its parent.
            g_perangkat_daerah=Coalesce(
                "pegawai__unit_kerja__induk__induk_id",
                "pegawai__unit_kerja__induk_id",
                "pegawai__unit_kerja_id",
            ),
        )
        .values(*kolom, "kotak", "talent_pool", "dihitung_pada")
        .order_by()
    )
    sql, params = dasar.query.sql_with_params()
    # GROUPING(col) is 0 in the rows of the set grouped by that column: it names the dimension.
    set_grouping = ", ".join(f"({c}, kotak, talent_pool)" for c in kolom)
    penanda = ", ".join(f"GROUPING({c})" for c in kolom)
    kelompok: dict[str, dict[str, dict]] = {d: {} for d in DIMENSI_INSTANSI}
    dihitung = None
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT {", ".join(kolom)}, kotak, talent_pool, {penanda}, COUNT(*), MAX(dihitung_pada)
                  FROM ({sql}) AS p
                 GROUP BY GROUPING SETS ({set_grouping})""",  # noqa: S608 - a compiled ORM queryset with parameters
            params,
        )
        k = len(kolom)
        for row in cursor.fetchall():
            kunci, kotak, talent_pool, tanda = row[:k], row[k], row[k + 1], row[k + 2 : 2 * k + 2]
            n, terakhir = row[-2], row[-1]
            if terakhir is not None and (dihitung is None or terakhir > dihitung):
                dihitung = terakhir
            i = tanda.index(0)
            dimensi, kode = kolom[i][2:], kunci[i]
            if dimensi == "pendidikan":
                kode = kelompok_pendidikan(kode or "")
            elif dimensi == PERANGKAT_DAERAH:
                kode = TANPA_UNIT if kode is None else str(kode)
            else:
                kode = str(kode)
            sel = kelompok[dimensi].get(kode)
            if sel is None:
                sel = kelompok[dimensi][kode] = {"n": 0, "pool": 0, "kotak": {}}
            sel["n"] += n
            sel["pool"] += n if talent_pool else 0
            sel["kotak"][str(kotak)] = sel["kotak"].get(str(kotak), 0) + n
    unit_ids = [int(k) for k in kelompok[PERANGKAT_DAERAH] if k != TANPA_UNIT]
    nama_unit = dict(UnitKerja.objects.filter(instansi=instansi, pk__in=unit_ids).values_list("pk", "nama"))
    return kelompok, {str(pk): nama for pk, nama in nama_unit.items()}, dihitung


def keadilan_instansi(*, instansi: Instansi, periode: int) -> Lensa:
    """The instansi lens of a period (keadilan.view), by the four dimensions and perangkat daerah."""
    kelompok, nama_unit, dihitung = kelompok_instansi_hitung(instansi=instansi, periode=periode)

    def label(dimensi: str, kode: str) -> str:
        if dimensi == PERANGKAT_DAERAH:
            if kode == TANPA_UNIT:
                return str(_("Tanpa unit kerja"))
            return nama_unit.get(kode, kode)
        return label_kelompok(dimensi, kode)

    batas = settings.NASIONAL_SEL_KECIL
    dimensi = lensa_susun(kelompok=kelompok, dimensi=DIMENSI_INSTANSI, label=label, batas=batas)
    return _lensa(periode=periode, dimensi=dimensi, batas=batas, diperbarui_max=dihitung)


# --- province / national level: sums of the summary rows -------------------------------------------


def keadilan_wilayah(*, periode: int, provinsi: Wilayah | None = None) -> Lensa:
    """The national lens (or a province's, with `provinsi`) of a period (nasional.view): the sums of
    the active instansi's summary rows, by the four dimensions of the summary rows."""
    jumlah = selectors.ringkasan_kelompok_jumlah(periode=periode, provinsi=provinsi)
    batas = settings.NASIONAL_SEL_KECIL
    dimensi = lensa_susun(kelompok=jumlah.kelompok, dimensi=DIMENSI, label=label_kelompok, batas=batas)
    return _lensa(
        periode=periode,
        dimensi=dimensi,
        batas=batas,
        diperbarui_min=jumlah.diperbarui_min,
        diperbarui_max=jumlah.diperbarui_max,
        jumlah_instansi=jumlah.jumlah_instansi,
        provinsi=provinsi,
    )


# --- one table for exports and the API ---------------------------------------------------------------


def _sel(nilai: int, *, batas: int) -> int | None:
    """A breakdown count for the API: None where it is a small cell (1 .. batas-1)."""
    return None if 0 < nilai < batas else nilai


def lensa_baris(lensa: Lensa) -> list[dict]:
    """One flat row per group, small cells already suppressed (None), for exports and the API."""
    rows = []
    for d in lensa.dimensi:
        for k in d.kelompok:
            kecil = k.tersembunyi
            diuji = k.uji is not None
            rows.append(
                {
                    "dimensi": d.kode,
                    "dimensi_label": d.label,
                    "kelompok": k.kode,
                    "kelompok_label": k.label,
                    "sel_kecil": k.kecil,
                    "disembunyikan": k.pelengkap,
                    "n": None if kecil else k.n,
                    "pool": None if kecil else _sel(k.pool, batas=lensa.batas),
                    "persen_pool": k.persen_pool,
                    "n_lain": _sel(k.n_lain, batas=lensa.batas) if not kecil else None,
                    "pool_lain": _sel(k.pool_lain, batas=lensa.batas) if diuji else None,
                    "persen_lain": k.persen_lain,
                    "uji": k.uji.metode if diuji else None,
                    "statistik": k.uji.statistik if diuji else None,
                    "p": k.uji.p if diuji else None,
                    "berbeda": k.berbeda,
                    "arah": k.arah,
                    "kotak": {
                        kk: (None if kecil else _sel(k.kotak.get(kk, 0), batas=lensa.batas))
                        for kk in KOTAK_KEYS
                    },
                }
            )
    return rows


def lensa_grafik(lensa: Lensa) -> dict:
    """The chart data of the page (static/js/keadilan.js): the rate of every group shown with one
    (never a small group), flagged or not, and the whole population's rate."""
    return {
        "label_persen": str(_("% talent pool")),
        "label_total": str(_("Seluruh pegawai")),
        "persen_total": float(lensa.persen_pool) if lensa.persen_pool is not None else None,
        "dimensi": [
            {
                "kode": d.kode,
                "kelompok": [
                    {"label": k.label, "persen": float(k.persen_pool), "ditandai": k.berbeda}
                    for k in d.kelompok
                    if k.persen_pool is not None
                ],
            }
            for d in lensa.dimensi
        ],
    }
