"""National reads. The only cross-tenant reads of the code base besides apps/nasional/krs.py, and
only of summary rows (RingkasanInstansi) and the reference tables (Instansi, Wilayah).

Province and national figures are SUMS of instansi rows of one period, never recounted from tenant
tables. Every function runs a fixed number of queries whatever the number of instansi: the scalar
figures of a period's rows are read in one query and added up in Python (546 rows at most); at the
national level the JSON breakdowns are summed per province by PostgreSQL (two GROUP BY queries),
the trend is one GROUP BY.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Max, Min, Q, Sum, TextField, Value
from django.db.models.functions import Cast

from apps.core.roles import Role
from apps.core.tenancy import Lintas, lintas_instansi
from apps.instansi.models import Instansi, Wilayah
from apps.pegawai.referensi import JenisJabatan, JenisKelamin, StatusKepegawaian

from .kelompok import PENDIDIKAN, USIA
from .models import KOTAK_KEYS, RingkasanInstansi


@contextmanager
def nasional_scope():
    """All tenants at once: allowed here only, over aggregated tables without personal data (the
    reviewed cross-tenant reason RINGKASAN_NASIONAL, apps/core/tenancy.py)."""
    with lintas_instansi(alasan=Lintas.RINGKASAN_NASIONAL):
        yield


# Count fields that add up across instansi as they are.
JUMLAH_FIELDS: tuple[str, ...] = (
    "jumlah_pengguna",
    "jumlah_perangkat_daerah",
    "jumlah_unit_kerja",
    "jumlah_pegawai",
    "jumlah_final",
    "jumlah_perlu_data",
    "jumlah_belum_dihitung",
    "jumlah_krs",
    "jumlah_krs_nasional",
    "asesmen_valid",
    "asesmen_kedaluwarsa",
    "asesmen_tidak_ada",
    "skp_valid",
    "skp_kedaluwarsa",
    "skp_tidak_ada",
    "jabatan_kunci",
    "jabatan_kunci_berisiko",
    "jabatan_kunci_siap",
)
# {kode: n} breakdowns that add up key by key.
SEBARAN_FIELDS: tuple[str, ...] = (
    "pengguna_per_peran",
    "pegawai_per_status",
    "pegawai_per_jenis_jabatan",
    "kotak_dihitung",
    "kotak_ditetapkan",
    "kelengkapan_sebaran",
)
KELENGKAPAN_KEYS = ("0-49", "50-74", "75-99", "100")
_KOLOM_BARIS = (
    *JUMLAH_FIELDS,
    *SEBARAN_FIELDS,
    "periode",
    "kelengkapan_rata",
    "kekuatan_bench_rata",
    "idp_jumlah",
    "tahap_implementasi",
    "skor_kti",
    "penetapan_tanggal",
    "kelompok",
    "diperbarui_pada",
    "instansi_id",
    "instansi__provinsi_id",
)


_KOLOM_SKALAR = tuple(k for k in _KOLOM_BARIS if k not in SEBARAN_FIELDS and k != "kelompok")


def persen(bagian: int | None, total: int | None) -> Decimal | None:
    """Share in percent with one decimal (half up); None without a total."""
    if not total or bagian is None:
        return None
    return (Decimal(bagian) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _rata(jumlah: Decimal, bobot: int) -> Decimal | None:
    if not bobot:
        return None
    return (jumlah / bobot).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Rekap:
    """The sum of a set of instansi rows of one period (one row for an instansi page).

    Means are weighted: completeness by active pegawai, bench strength by key posts, so a
    province's mean is the mean over its pegawai / posts, not a mean of means."""

    jumlah_instansi: int = 0
    jumlah: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JUMLAH_FIELDS, 0))
    sebaran: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in SEBARAN_FIELDS})
    instansi_ditetapkan: int = 0  # instansi whose PPK has set the period's boxes
    idp_jumlah: int | None = None
    idp_instansi: int = 0
    tahap_sebaran: Counter = field(default_factory=Counter)  # {tahap 0..5: instansi}
    skor_kti_sebaran: Counter = field(default_factory=Counter)  # {skor 0..4: instansi}
    # {dimensi: {kelompok: {"n", "pool", "kotak": {"1".."9"}}}}, summed.
    kelompok: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    diperbarui_min: dt.datetime | None = None
    diperbarui_max: dt.datetime | None = None
    _kelengkapan_jumlah: Decimal = Decimal(0)
    _kelengkapan_bobot: int = 0
    _bench_jumlah: Decimal = Decimal(0)
    _bench_bobot: int = 0

    def tambah(self, baris: dict[str, Any]) -> None:
        """Add one summary row (a `.values()` dict of RingkasanInstansi)."""
        self.jumlah_instansi += 1
        for name in JUMLAH_FIELDS:
            self.jumlah[name] += baris[name] or 0
        for name in SEBARAN_FIELDS:
            sebaran = self.sebaran[name]
            for kode, n in (baris.get(name) or {}).items():
                sebaran[kode] += n or 0
        if baris.get("kotak_ditetapkan"):
            self.instansi_ditetapkan += 1
        if baris["idp_jumlah"] is not None:
            self.idp_jumlah = (self.idp_jumlah or 0) + baris["idp_jumlah"]
            self.idp_instansi += 1
        self.tahap_sebaran[baris["tahap_implementasi"]] += 1
        self.skor_kti_sebaran[baris["skor_kti"]] += 1
        if baris["kelengkapan_rata"] is not None and baris["jumlah_pegawai"]:
            self._kelengkapan_jumlah += baris["kelengkapan_rata"] * baris["jumlah_pegawai"]
            self._kelengkapan_bobot += baris["jumlah_pegawai"]
        if baris["kekuatan_bench_rata"] is not None and baris["jabatan_kunci"]:
            self._bench_jumlah += baris["kekuatan_bench_rata"] * baris["jabatan_kunci"]
            self._bench_bobot += baris["jabatan_kunci"]
        for dimensi, kelompok in (baris.get("kelompok") or {}).items():
            tujuan = self.kelompok.setdefault(dimensi, {})
            for kode, isi in kelompok.items():
                sel = tujuan.setdefault(kode, {"n": 0, "pool": 0, "kotak": dict.fromkeys(KOTAK_KEYS, 0)})
                sel["n"] += isi.get("n") or 0
                sel["pool"] += isi.get("pool") or 0
                for kotak, n in (isi.get("kotak") or {}).items():
                    sel["kotak"][kotak] = sel["kotak"].get(kotak, 0) + (n or 0)
        waktu = baris["diperbarui_pada"]
        if self.diperbarui_min is None or waktu < self.diperbarui_min:
            self.diperbarui_min = waktu
        if self.diperbarui_max is None or waktu > self.diperbarui_max:
            self.diperbarui_max = waktu

    def __getattr__(self, name: str) -> Any:
        # Templates and serializers read `rekap.jumlah_pegawai` like a model field.
        jumlah = self.__dict__.get("jumlah")
        if jumlah is not None and name in jumlah:
            return jumlah[name]
        sebaran = self.__dict__.get("sebaran")
        if sebaran is not None and name in sebaran:
            return dict(sebaran[name])
        raise AttributeError(name)

    @property
    def kelengkapan_rata(self) -> Decimal | None:
        return _rata(self._kelengkapan_jumlah, self._kelengkapan_bobot)

    @property
    def kekuatan_bench_rata(self) -> Decimal | None:
        return _rata(self._bench_jumlah, self._bench_bobot)

    @property
    def kotak(self) -> dict[str, int]:
        return {k: self.sebaran["kotak_dihitung"].get(k, 0) for k in KOTAK_KEYS}

    @property
    def kotak_tetap(self) -> dict[str, int]:
        return {k: self.sebaran["kotak_ditetapkan"].get(k, 0) for k in KOTAK_KEYS}

    @property
    def jumlah_ditetapkan(self) -> int:
        return sum(self.kotak_tetap.values())

    @property
    def persen_final(self) -> Decimal | None:
        return persen(self.jumlah["jumlah_final"], self.jumlah["jumlah_pegawai"])

    @property
    def persen_asesmen(self) -> Decimal | None:
        return persen(self.jumlah["asesmen_valid"], self.jumlah["jumlah_pegawai"])

    @property
    def persen_skp(self) -> Decimal | None:
        return persen(self.jumlah["skp_valid"], self.jumlah["jumlah_pegawai"])

    @property
    def persen_krs(self) -> Decimal | None:
        return persen(self.jumlah["jumlah_krs"], self.jumlah["jumlah_final"])


def _baris_qs(periode: int | None = None, **filters):
    qs = RingkasanInstansi.objects.filter(instansi__aktif=True, **filters)
    if periode is not None:
        qs = qs.filter(periode=periode)
    return qs.values(*_KOLOM_BARIS)


def rekap_dari(baris: Iterable[dict[str, Any]]) -> Rekap:
    rekap = Rekap()
    for b in baris:
        rekap.tambah(b)
    return rekap


# --- periods -----------------------------------------------------------------------------------------


def periode_list(*, instansi: Instansi | None = None) -> list[int]:
    """The periods that have summary rows, newest first."""
    with nasional_scope():
        qs = RingkasanInstansi.objects.filter(instansi__aktif=True)
        if instansi is not None:
            qs = qs.filter(instansi=instansi)
        return list(qs.order_by("-periode").values_list("periode", flat=True).distinct())


def periode_pilih(*, diminta: str | None, tersedia: list[int]) -> int:
    """`?periode=YYYY` when it has rows, else the latest period with rows, else the current one."""
    if diminta and diminta.isdigit() and int(diminta) in tersedia:
        return int(diminta)
    if tersedia:
        return tersedia[0]
    from apps.petatalenta.periode import periode_sekarang

    return periode_sekarang()


# --- national, province, instansi ---------------------------------------------------------------------


@dataclass
class ProvinsiRekap:
    provinsi: Wilayah
    jumlah_daerah_otonom: int  # the province government and its autonomous kab/kota
    jumlah_instansi: int  # of those, the instansi registered in Talenta (active)
    rekap: Rekap

    # The old home page's fields, kept for callers that read them.
    @property
    def jumlah_pengguna(self) -> int:
        return self.rekap.jumlah["jumlah_pengguna"]

    @property
    def jumlah_unit_kerja(self) -> int:
        return self.rekap.jumlah["jumlah_unit_kerja"]


@dataclass
class RekapNasional:
    periode: int
    total: Rekap
    provinsi: list[ProvinsiRekap]

    @property
    def jumlah_daerah_otonom(self) -> int:
        return sum(p.jumlah_daerah_otonom for p in self.provinsi)

    @property
    def jumlah_instansi_terdaftar(self) -> int:
        return sum(p.jumlah_instansi for p in self.provinsi)


def _json_kunci() -> dict[str, tuple[str, ...]]:
    """The keys each breakdown field can hold (the codes its refresh writes)."""
    return {
        "pengguna_per_peran": tuple(r.value for r in Role),
        "pegawai_per_status": tuple(StatusKepegawaian.values),
        "pegawai_per_jenis_jabatan": tuple(JenisJabatan.values),
        "kotak_dihitung": KOTAK_KEYS,
        "kotak_ditetapkan": KOTAK_KEYS,
        "kelengkapan_sebaran": KELENGKAPAN_KEYS,
    }


def _kelompok_kunci() -> dict[str, tuple[str, ...]]:
    return {
        "jenis_kelamin": tuple(JenisKelamin.values),
        "usia": tuple(USIA),
        "pendidikan": tuple(PENDIDIKAN),
        "jenis_jabatan": tuple(JenisJabatan.values),
    }


def _int_json(field: str, *path: str):
    """SUM of an integer at `path` inside a JSON field, summed by PostgreSQL. Not Django's
    KeyTextTransform: it reads a key such as "5" as an array index."""
    teks = Func(
        F(field), *[Value(k) for k in path], function="jsonb_extract_path_text", output_field=TextField()
    )
    return Sum(Cast(teks, IntegerField()))


@functools.cache
def _sebaran_sql() -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """One GROUP BY query summing, per province, every key of the small breakdown fields
    (~40 sums). Built once; the keys are query parameters, the column names constants of this
    module. Returns (sql, key parameters, (field, key) of each sum column)."""
    kolom = ["COUNT(*) FILTER (WHERE r.kotak_ditetapkan <> '{}'::jsonb)"]
    params: list[str] = []
    arti: list[tuple[str, str]] = []
    for nama, keys in _json_kunci().items():
        for key in keys:
            kolom.append(f"SUM((jsonb_extract_path_text(r.{nama}, %s))::int)")
            params.append(key)
            arti.append((nama, key))
    sql = (
        f"SELECT i.provinsi_id, {', '.join(kolom)} "  # noqa: S608 - constant column names
        "FROM nasional_ringkasaninstansi r JOIN instansi_instansi i ON i.id = r.instansi_id "
        "WHERE r.periode = %s AND i.aktif GROUP BY i.provinsi_id"
    )
    return sql, tuple(params), tuple(arti)


# The per-group breakdowns, summed per province, dimension and group. `kelompok` is a few kB and
# stored compressed: jsonb_each expands it ONCE per row (a path lookup per figure decompressed it
# ~200 times per row), the figures are then read from the small group values.
_KELOMPOK_SQL = (
    "SELECT i.provinsi_id, d.key, g.key, SUM((g.value->>'n')::int), SUM((g.value->>'pool')::int), "
    "SUM((g.value->'kotak'->>'1')::int), SUM((g.value->'kotak'->>'2')::int), "
    "SUM((g.value->'kotak'->>'3')::int), SUM((g.value->'kotak'->>'4')::int), "
    "SUM((g.value->'kotak'->>'5')::int), SUM((g.value->'kotak'->>'6')::int), "
    "SUM((g.value->'kotak'->>'7')::int), SUM((g.value->'kotak'->>'8')::int), "
    "SUM((g.value->'kotak'->>'9')::int)"
    " FROM nasional_ringkasaninstansi r JOIN instansi_instansi i ON i.id = r.instansi_id"
    " CROSS JOIN LATERAL jsonb_each(r.kelompok) d CROSS JOIN LATERAL jsonb_each(d.value) g"
    " WHERE r.periode = %s AND i.aktif AND jsonb_typeof(r.kelompok) = 'object'"
    " AND jsonb_typeof(d.value) = 'object' GROUP BY 1, 2, 3"
)


def _json_jumlah(per_provinsi: dict[int, Rekap], total: Rekap, *, periode: int) -> None:
    """Add the breakdown fields and per-group counts of a period's rows, summed by PostgreSQL, to
    each province's Rekap and to the total (2 queries)."""
    sql, params, arti = _sebaran_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, periode])
        for provinsi_id, ditetapkan, *sums in cursor.fetchall():
            for rekap in (per_provinsi.setdefault(provinsi_id, Rekap()), total):
                rekap.instansi_ditetapkan += ditetapkan
                for (nama, key), n in zip(arti, sums, strict=True):
                    if n is not None:
                        rekap.sebaran[nama][key] += n
        cursor.execute(_KELOMPOK_SQL, [periode])
        for provinsi_id, dimensi, kode, n, pool, *kotak in cursor.fetchall():
            for rekap in (per_provinsi.setdefault(provinsi_id, Rekap()), total):
                sel = rekap.kelompok.setdefault(dimensi, {}).setdefault(
                    kode, {"n": 0, "pool": 0, "kotak": dict.fromkeys(KOTAK_KEYS, 0)}
                )
                sel["n"] += n or 0
                sel["pool"] += pool or 0
                for k, jumlah in zip(KOTAK_KEYS, kotak, strict=True):
                    sel["kotak"][k] += jumlah or 0


REKAP_CACHE_KEY = "nasional:rekap:v1:{periode}:{stempel}"
REKAP_CACHE_TTL = 24 * 60 * 60


def _rekap_stempel(*, periode: int) -> str:
    """What the national rollup of a period depends on, in two cheap aggregates: its summary rows
    (how many, the latest refresh) and the active instansi (how many, which). Any refresh, new row
    or (de)activation gives a new stamp, so a cached rollup is never older than its rows."""
    with nasional_scope():
        rows = RingkasanInstansi.objects.filter(periode=periode).aggregate(
            n=Count("pk"), t=Max("diperbarui_pada")
        )
    aktif = Instansi.objects.filter(aktif=True).aggregate(n=Count("pk"), s=Sum("pk"))
    waktu = rows["t"].timestamp() if rows["t"] else 0
    return f"{rows['n']}-{waktu}-{aktif['n']}-{aktif['s'] or 0}"


def rekap_nasional(*, periode: int) -> RekapNasional:
    """The national rollup of a period, summed once per state of its rows: BKN's national page
    and `/api/v1/nasional/rekap/` read it many times between refreshes, and summing the JSON
    breakdowns of 546 rows costs about 100 ms of CPU. Keyed by `_rekap_stempel` (2 queries), so a
    refresh anywhere shows at the next request."""
    from django.core.cache import cache

    key = REKAP_CACHE_KEY.format(periode=periode, stempel=_rekap_stempel(periode=periode))
    rekap = cache.get(key)
    if rekap is None:
        rekap = rekap_nasional_hitung(periode=periode)
        cache.set(key, rekap, REKAP_CACHE_TTL)
    return rekap


def rekap_nasional_hitung(*, periode: int) -> RekapNasional:
    """The nation and each province for one period: 6 queries. Scalar figures are added up in
    Python from the rows; the JSON breakdowns by PostgreSQL per province, then across provinces."""
    provinces = list(Wilayah.objects.filter(jenis=Wilayah.Jenis.PROVINSI).order_by("kode"))
    otonom = dict(
        Wilayah.objects.filter(jenis__in=[Wilayah.Jenis.KABUPATEN, Wilayah.Jenis.KOTA])
        .values_list("induk_id")
        .annotate(n=Count("id"))
    )
    terdaftar = dict(Instansi.objects.filter(aktif=True).values_list("provinsi_id").annotate(n=Count("id")))
    total = Rekap()
    per_provinsi: dict[int, Rekap] = {p.pk: Rekap() for p in provinces}
    with nasional_scope():
        for baris in _baris_qs(periode).values(*_KOLOM_SKALAR):
            total.tambah(baris)
            per_provinsi.setdefault(baris["instansi__provinsi_id"], Rekap()).tambah(baris)
        # Raw SQL over the summary rows: row-level security admits them inside the scope only.
        _json_jumlah(per_provinsi, total, periode=periode)
    return RekapNasional(
        periode=periode,
        total=total,
        provinsi=[
            ProvinsiRekap(
                provinsi=p,
                jumlah_daerah_otonom=otonom.get(p.pk, 0) + 1,
                jumlah_instansi=terdaftar.get(p.pk, 0),
                rekap=per_provinsi[p.pk],
            )
            for p in provinces
        ],
    )


@dataclass
class InstansiRekap:
    instansi: Instansi
    rekap: Rekap | None  # None: no summary row for the period yet
    baris: dict[str, Any] | None = None


@dataclass
class RekapProvinsi:
    provinsi: Wilayah
    periode: int
    jumlah_daerah_otonom: int
    total: Rekap
    instansi: list[InstansiRekap]


def rekap_provinsi(*, provinsi: Wilayah, periode: int) -> RekapProvinsi:
    """A province and each of its registered instansi for one period: 3 queries."""
    daftar = list(
        Instansi.objects.filter(provinsi=provinsi, aktif=True).select_related("wilayah").order_by("kode")
    )
    otonom = Wilayah.objects.filter(
        induk=provinsi, jenis__in=[Wilayah.Jenis.KABUPATEN, Wilayah.Jenis.KOTA]
    ).count()
    total = Rekap()
    per_instansi: dict[int, dict] = {}
    with nasional_scope():
        for baris in _baris_qs(periode, instansi__provinsi=provinsi):
            total.tambah(baris)
            per_instansi[baris["instansi_id"]] = baris
    return RekapProvinsi(
        provinsi=provinsi,
        periode=periode,
        jumlah_daerah_otonom=otonom + 1,
        total=total,
        instansi=[
            InstansiRekap(
                instansi=i,
                rekap=rekap_dari([per_instansi[i.pk]]) if i.pk in per_instansi else None,
                baris=per_instansi.get(i.pk),
            )
            for i in daftar
        ],
    )


@dataclass
class RekapSatuInstansi:
    instansi: Instansi
    periode: int
    rekap: Rekap | None
    baris: dict[str, Any] | None
    # Every period's row of this instansi, oldest first: the trend.
    riwayat: list[tuple[int, Rekap]]


def rekap_instansi(*, instansi: Instansi, periode: int) -> RekapSatuInstansi:
    """One instansi's row of the period and its rows of every period (the trend): 1 query."""
    with nasional_scope():
        semua = list(_baris_qs(None, instansi=instansi).order_by("periode"))
    baris = next((b for b in semua if b["periode"] == periode), None)
    return RekapSatuInstansi(
        instansi=instansi,
        periode=periode,
        rekap=rekap_dari([baris]) if baris else None,
        baris=baris,
        riwayat=[(b["periode"], rekap_dari([b])) for b in semua],
    )


# --- trends -----------------------------------------------------------------------------------------

TREN_FIELDS = (
    "jumlah_pegawai",
    "jumlah_final",
    "jumlah_perlu_data",
    "jumlah_krs",
    "jumlah_krs_nasional",
    "asesmen_valid",
    "skp_valid",
    "jabatan_kunci",
    "jabatan_kunci_berisiko",
)


@dataclass
class TrenPeriode:
    periode: int
    jumlah_instansi: int
    jumlah: dict[str, int]
    kotak: dict[str, int]

    def __getattr__(self, name: str) -> Any:
        jumlah = self.__dict__.get("jumlah")
        if jumlah is not None and name in jumlah:
            return jumlah[name]
        raise AttributeError(name)

    @property
    def persen_final(self) -> Decimal | None:
        return persen(self.jumlah["jumlah_final"], self.jumlah["jumlah_pegawai"])


def tren_list(*, provinsi: Wilayah | None = None) -> list[TrenPeriode]:
    """Sums per period (oldest first) of the nation or a province: one GROUP BY query, the boxes
    summed by PostgreSQL from the JSON keys."""
    aggregates = {f"s_{name}": Sum(name) for name in TREN_FIELDS}
    for kotak in KOTAK_KEYS:
        aggregates[f"k_{kotak}"] = _int_json("kotak_dihitung", kotak)
    filters = Q(instansi__aktif=True)
    if provinsi is not None:
        filters &= Q(instansi__provinsi=provinsi)
    with nasional_scope():
        rows = list(
            RingkasanInstansi.objects.filter(filters)
            .values("periode")
            .annotate(n=Count("id"), **aggregates)
            .order_by("periode")
        )
    return [
        TrenPeriode(
            periode=row["periode"],
            jumlah_instansi=row["n"],
            jumlah={name: row[f"s_{name}"] or 0 for name in TREN_FIELDS},
            kotak={k: row[f"k_{k}"] or 0 for k in KOTAK_KEYS},
        )
        for row in rows
    ]


# --- the old entry points (operator home, API `ringkasan/`) -------------------------------------------


def ringkasan_list(*, periode: int | None = None) -> list[RingkasanInstansi]:
    """Every instansi's row of one period (default: the latest period with rows)."""
    if periode is None:
        periode = periode_pilih(diminta=None, tersedia=periode_list())
    with nasional_scope():
        return list(
            RingkasanInstansi.objects.filter(periode=periode, instansi__aktif=True)
            .select_related("instansi__provinsi")
            .order_by("instansi__kode")
        )


class RingkasanHalaman(Sequence):
    """The active instansi's rows of one period in code order, read a slice at a time inside the
    national scope: a paginator counts it and slices one page, so a page of 50 reads 50 rows, not
    546 (`/api/v1/nasional/ringkasan/`)."""

    def __init__(self, *, periode: int) -> None:
        self.periode = periode

    def _qs(self):
        return (
            RingkasanInstansi.objects.filter(periode=self.periode, instansi__aktif=True)
            .select_related("instansi__provinsi")
            .order_by("instansi__kode")
        )

    def __len__(self) -> int:
        with nasional_scope():
            return self._qs().count()

    def __getitem__(self, index):
        with nasional_scope():
            if isinstance(index, slice):
                return list(self._qs()[index])
            return self._qs()[index]


def ringkasan_kesegaran(*, periode: int) -> tuple[dt.datetime | None, dt.datetime | None]:
    with nasional_scope():
        row = RingkasanInstansi.objects.filter(periode=periode, instansi__aktif=True).aggregate(
            a=Min("diperbarui_pada"), b=Max("diperbarui_pada")
        )
    return row["a"], row["b"]


# --- keadilan: the fairness lens's read of the summary rows (apps/nasional/keadilan.py) ----------


@dataclass(frozen=True)
class RingkasanKelompok:
    kelompok: dict  # {dimensi: {kelompok: {"n", "pool", "kotak": {"1".."9": n}}}}, summed
    jumlah_instansi: int
    diperbarui_min: dt.datetime | None
    diperbarui_max: dt.datetime | None


_KELOMPOK_JUMLAH_SQL = """
    SELECT d.key, g.key,
           SUM(COALESCE((g.value ->> 'n')::bigint, 0)),
           SUM(COALESCE((g.value ->> 'pool')::bigint, 0)),
           {kotak}
      FROM {ringkasan} r
      JOIN {instansi} i ON i.id = r.instansi_id
     CROSS JOIN LATERAL jsonb_each(r.kelompok) d
     CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(d.value) = 'object' THEN d.value END) g
     WHERE r.periode = %s AND i.aktif AND jsonb_typeof(r.kelompok) = 'object' {provinsi}
     GROUP BY 1, 2
"""


def ringkasan_kelompok_jumlah(*, periode: int, provinsi: Wilayah | None = None) -> RingkasanKelompok:
    """The group breakdowns (`kelompok`) of the active instansi's summary rows of one period, of one
    province or all, summed by PostgreSQL (jsonb_each) so that 546 rows' JSON never leaves the
    database; with how many rows were summed and their oldest and newest refresh. Two queries,
    whatever the number of instansi."""
    kotak = ", ".join(f"SUM(COALESCE((g.value -> 'kotak' ->> '{k}')::bigint, 0))" for k in KOTAK_KEYS)
    sql = _KELOMPOK_JUMLAH_SQL.format(
        kotak=kotak,
        ringkasan=connection.ops.quote_name(RingkasanInstansi._meta.db_table),
        instansi=connection.ops.quote_name(Instansi._meta.db_table),
        provinsi="AND i.provinsi_id = %s" if provinsi is not None else "",
    )
    params = [periode] + ([provinsi.pk] if provinsi is not None else [])
    kelompok: dict[str, dict[str, dict]] = {}
    with nasional_scope():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for dimensi, kode, n, pool, *per_kotak in cursor.fetchall():
                kelompok.setdefault(dimensi, {})[kode] = {
                    "n": int(n),
                    "pool": int(pool),
                    "kotak": {k: int(v) for k, v in zip(KOTAK_KEYS, per_kotak, strict=True) if v},
                }
        rows = RingkasanInstansi.objects.filter(periode=periode, instansi__aktif=True)
        if provinsi is not None:
            rows = rows.filter(instansi__provinsi=provinsi)
        meta = rows.aggregate(jumlah=Count("pk"), dari=Min("diperbarui_pada"), sampai=Max("diperbarui_pada"))
    return RingkasanKelompok(
        kelompok=kelompok,
        jumlah_instansi=meta["jumlah"],
        diperbarui_min=meta["dari"],
        diperbarui_max=meta["sampai"],
    )
