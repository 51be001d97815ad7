"""Refreshing the per-instansi summary rows the national views read, and the dirty marks that
make the workers do it (docs/nasional.md, "Ringkasan per instansi" and "Kesegaran data").

`ringkasan_refresh` recounts every figure of one instansi's row of the current period from that
instansi's own tables, inside its tenant scope, in a fixed number of queries whatever the number
of pegawai (GROUP BY and FILTER aggregates; the few rows they return are bounded by the number of
codes, never by people). Nothing here reads another instansi.

The pipeline: writers (through the core events) call `ringkasan_mark_dirty` inside their
transaction; after commit one refresh per instansi is queued, coalesced through Redis. The task
clears the mark only if nobody marked it again since the refresh read it. A beat sweep queues a
refresh for marks left behind (a lost message, Redis down) and a nightly sweep refreshes every
instansi (the date moves: ages, asesmen validity, the SKP year).
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Avg, Count, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.tasks import queue_once, queue_release
from apps.core.tenancy import Lintas, lintas_instansi
from apps.instansi.models import Instansi, UnitKerja
from apps.instansi.selectors import membership_counts_by_role, unit_kerja_counts
from apps.komite.models import Penetapan, SnapshotPenempatan
from apps.pegawai.referensi import JenisJabatan, JenisKelamin, StatusKepegawaian
from apps.pengembangan.models import Idp
from apps.petatalenta.periode import periode_sekarang, tanggal_acuan_periode
from apps.suksesi.models import JabatanKunci
from apps.suksesi.selectors import aturan_suksesi_berlaku

from .kelompok import DIMENSI, PENDIDIKAN, USIA, kelompok_pendidikan
from .krs import krs_indeks_refresh
from .models import KOTAK_KEYS, RingkasanInstansi, RingkasanKotor
from .tahap import FaktaPegawai, tahap_baca

logger = logging.getLogger(__name__)

# Completeness buckets (percent, inclusive bounds) as the JSON keys of `kelengkapan_sebaran`; the
# k_0..k_3 counts of _PEGAWAI_SQL use these bounds, in this order.
KELENGKAPAN_SEBARAN: dict[str, tuple[int, int]] = {
    "0-49": (0, 49),
    "50-74": (50, 74),
    "75-99": (75, 99),
    "100": (100, 100),
}

# Codes of each fairness dimension: every group appears in `kelompok` (zeros included), so the
# rows of all instansi have the same shape and sum without special cases.
_KODE = {
    "jenis_kelamin": tuple(JenisKelamin.values),
    "usia": tuple(USIA),
    "pendidikan": tuple(PENDIDIKAN),
    "jenis_jabatan": tuple(JenisJabatan.values),
}
KELOMPOK_KODE: dict[str, tuple[str, ...]] = {dimensi: _KODE[dimensi] for dimensi in DIMENSI}


def _kotak_kosong() -> dict[str, int]:
    return dict.fromkeys(KOTAK_KEYS, 0)


def _batas_lahir(acuan: dt.date, tahun: int) -> dt.date:
    """The latest birth date of someone `tahun` years old or more on `acuan` (29 February falls
    back to the 28th in a common year, as kelompok_usia counts it)."""
    try:
        return acuan.replace(year=acuan.year - tahun)
    except ValueError:
        return acuan.replace(year=acuan.year - tahun, day=28)


# Plain SQL (as the flushes use): the ORM could not join pre-aggregated asesmen and SKP rows. The
# tenant scope does not see it, so every table's condition names the instansi.
_PEGAWAI_SQL = """
SELECT p.status_kepegawaian, p.jenis_jabatan,
       count(*) AS n,
       coalesce(sum(coalesce(k.persen, 0)), 0) AS persen_total,
       count(*) FILTER (WHERE coalesce(k.persen, 0) < 50) AS k_0,
       count(*) FILTER (WHERE k.persen >= 50 AND k.persen < 75) AS k_1,
       count(*) FILTER (WHERE k.persen >= 75 AND k.persen < 100) AS k_2,
       count(*) FILTER (WHERE k.persen >= 100) AS k_3,
       count(*) FILTER (WHERE a.berlaku) AS asesmen_valid,
       count(a.pegawai_id) AS asesmen_ada,
       count(*) FILTER (WHERE s.berlaku) AS skp_valid,
       count(s.pegawai_id) AS skp_ada,
       count(*) FILTER (WHERE t.status = 'final' AND t.kotak BETWEEN 1 AND 9) AS final,
       count(*) FILTER (WHERE t.status = 'perlu_data') AS perlu_data,
       -- For the stage tracker (tahap.FaktaPegawai), so it need not scan the pegawai again.
       count(*) FILTER (WHERE t.status = 'final') AS final_semua,
       count(*) FILTER (WHERE t.status = 'final' AND a.berlaku) AS final_asesmen,
       count(*) FILTER (WHERE t.talent_pool) AS pool
  FROM pegawai_pegawai p
  -- Only the instansi's own rows: what a pegawai left at a previous employer stays there.
  LEFT JOIN pegawai_kelengkapandata k ON k.pegawai_id = p.id AND k.instansi_id = %(instansi)s
  LEFT JOIN (SELECT pegawai_id, bool_or(tanggal <= %(hari)s AND berlaku_sampai >= %(hari)s) AS berlaku
               FROM asesmen_asesmen WHERE instansi_id = %(instansi)s GROUP BY pegawai_id) a
         ON a.pegawai_id = p.id
  LEFT JOIN (SELECT pegawai_id, bool_or(tahun = %(tahun_skp)s) AS berlaku
               FROM kinerja_skp WHERE instansi_id = %(instansi)s AND periode = 'tahunan' GROUP BY pegawai_id) s
         ON s.pegawai_id = p.id
  LEFT JOIN petatalenta_penempatan t
         ON t.pegawai_id = p.id AND t.instansi_id = %(instansi)s AND t.periode = %(periode)s
 WHERE p.instansi_id = %(instansi)s AND p.aktif
 GROUP BY 1, 2
"""


def _pegawai_hitung(*, instansi: Instansi, hari: dt.date, periode: int) -> dict:
    """Active pegawai per (status, jenis jabatan) with completeness, input coverage and placement
    status: one scan of the instansi's pegawai with hash joins to its completeness rows, its
    asesmen and annual SKP (each first reduced to one row per pegawai) and its placements of the
    period (one per pegawai). Counted as the nine-box page counts: a final placement in a box
    1..9 is placed, `perlu data` needs data, everything else (no row yet, a row the engine has
    not computed) is not computed yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            _PEGAWAI_SQL,
            {"instansi": instansi.pk, "hari": hari, "tahun_skp": hari.year - 1, "periode": periode},
        )
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    per_status = dict.fromkeys(StatusKepegawaian.values, 0)
    per_jenis = dict.fromkeys(JenisJabatan.values, 0)
    sebaran = dict.fromkeys(KELENGKAPAN_SEBARAN, 0)
    jumlah = (
        "n", "persen_total", "asesmen_valid", "asesmen_ada", "skp_valid", "skp_ada", "final", "perlu_data",
        "final_semua", "final_asesmen", "pool",
    )  # fmt: skip
    total = dict.fromkeys(jumlah, 0)
    for row in rows:
        per_status[row["status_kepegawaian"]] = per_status.get(row["status_kepegawaian"], 0) + row["n"]
        per_jenis[row["jenis_jabatan"]] = per_jenis.get(row["jenis_jabatan"], 0) + row["n"]
        for n, key in enumerate(KELENGKAPAN_SEBARAN):
            sebaran[key] += row[f"k_{n}"]
        for key in total:
            total[key] += row[key]
    n = total["n"]
    return {
        "jumlah_pegawai": n,
        "pegawai_per_status": per_status,
        "pegawai_per_jenis_jabatan": per_jenis,
        "kelengkapan_rata": (
            (Decimal(total["persen_total"]) / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if n
            else None
        ),
        "kelengkapan_sebaran": sebaran,
        "asesmen_valid": total["asesmen_valid"],
        "asesmen_kedaluwarsa": total["asesmen_ada"] - total["asesmen_valid"],
        "asesmen_tidak_ada": n - total["asesmen_ada"],
        "skp_valid": total["skp_valid"],
        "skp_kedaluwarsa": total["skp_ada"] - total["skp_valid"],
        "skp_tidak_ada": n - total["skp_ada"],
        "jumlah_final": total["final"],
        "jumlah_perlu_data": total["perlu_data"],
        "jumlah_belum_dihitung": n - total["final"] - total["perlu_data"],
        "_fakta_pegawai": FaktaPegawai(
            n=n,
            final=total["final_semua"],
            final_asesmen=total["final_asesmen"],
            pool=total["pool"],
            asesmen=total["asesmen_valid"],
        ),
    }


# One GROUPING SETS query over the final placements: per dimension, counts per (group, box, pool).
# Grouping sets keep each hash table small (a box × pool × one dimension's codes), where a GROUP BY
# of every column at once made the planner expect a group per pegawai and sort them all.
_KELOMPOK_SQL = """
SELECT kotak, talent_pool, kelamin, usia, pendidikan, jabatan,
       GROUPING(kelamin, usia, pendidikan, jabatan) AS himpunan, count(*) AS n
  FROM (SELECT t.kotak, t.talent_pool, p.jenis_kelamin AS kelamin, p.pendidikan_terakhir AS pendidikan,
               p.jenis_jabatan AS jabatan,
               CASE WHEN p.tanggal_lahir > %(batas_30)s THEN '<30'
                    WHEN p.tanggal_lahir > %(batas_40)s THEN '30-39'
                    WHEN p.tanggal_lahir > %(batas_50)s THEN '40-49'
                    ELSE '50+' END AS usia
          FROM petatalenta_penempatan t
          JOIN pegawai_pegawai p ON p.id = t.pegawai_id
         WHERE t.instansi_id = %(instansi)s AND t.periode = %(periode)s
           AND t.status = 'final' AND t.kotak BETWEEN 1 AND 9
           AND p.instansi_id = %(instansi)s AND p.aktif) x
 GROUP BY GROUPING SETS ((kotak, talent_pool, kelamin), (kotak, talent_pool, usia),
                         (kotak, talent_pool, pendidikan), (kotak, talent_pool, jabatan))
"""
# GROUPING(kelamin, usia, pendidikan, jabatan): a bit per argument, set where it is NOT grouped.
_HIMPUNAN = {0b0111: "jenis_kelamin", 0b1011: "usia", 0b1101: "pendidikan", 0b1110: "jenis_jabatan"}
_KOLOM = {"jenis_kelamin": "kelamin", "usia": "usia", "pendidikan": "pendidikan", "jenis_jabatan": "jabatan"}


def _kelompok_hitung(*, instansi: Instansi, periode: int, kotak_krs_nasional: frozenset[int]) -> dict:
    """The period's final placements of active pegawai per box, the talent pool (KRS) and the KRS
    Nasional, and per fairness dimension and group: n, pool and boxes. One query."""
    acuan = tanggal_acuan_periode(periode=periode)
    params = {"instansi": instansi.pk, "periode": periode}
    params |= {f"batas_{tahun}": _batas_lahir(acuan, tahun) for tahun in (30, 40, 50)}
    with connection.cursor() as cursor:
        cursor.execute(_KELOMPOK_SQL, params)
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    kotak = _kotak_kosong()
    krs = krs_nasional = 0
    kelompok = {
        dimensi: {kode: {"n": 0, "pool": 0, "kotak": _kotak_kosong()} for kode in kodes}
        for dimensi, kodes in KELOMPOK_KODE.items()
    }
    for row in rows:
        dimensi = _HIMPUNAN[row["himpunan"]]
        key, n = str(row["kotak"]), row["n"]
        kode = row[_KOLOM[dimensi]]
        if dimensi == "pendidikan":
            kode = kelompok_pendidikan(kode)
        grup = kelompok[dimensi].setdefault(kode, {"n": 0, "pool": 0, "kotak": _kotak_kosong()})
        grup["n"] += n
        grup["pool"] += n if row["talent_pool"] else 0
        grup["kotak"][key] += n
        if dimensi == "jenis_kelamin":  # every placement is in exactly one of its groups: the totals
            kotak[key] += n
            if row["talent_pool"]:
                krs += n
                krs_nasional += n if row["kotak"] in kotak_krs_nasional else 0
    return {
        "kotak_dihitung": kotak,
        "jumlah_krs": krs,
        "jumlah_krs_nasional": krs_nasional,
        "kelompok": kelompok,
    }


def _penetapan_hitung(*, instansi: Instansi, periode: int) -> dict:
    """The established boxes: the snapshot of the penetapan in force for the period (the latest
    `ditetapkan` one), per decided box. Two queries; empty until the PPK has set the period."""
    penetapan = (
        Penetapan.objects.filter(instansi=instansi, periode=periode, hasil=Penetapan.Hasil.DITETAPKAN)
        .order_by("-urutan")
        .values("pk", "tanggal_keputusan")
        .first()
    )
    if penetapan is None:
        return {"kotak_ditetapkan": {}, "penetapan_tanggal": None}
    kotak = _kotak_kosong()
    rows = (
        SnapshotPenempatan.objects.filter(
            instansi=instansi, penetapan_id=penetapan["pk"], kotak__isnull=False
        )
        .values("kotak")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if str(row["kotak"]) in kotak:
            kotak[str(row["kotak"])] += row["n"]
    return {"kotak_ditetapkan": kotak, "penetapan_tanggal": penetapan["tanggal_keputusan"]}


def _suksesi_hitung(*, instansi: Instansi) -> dict:
    """Active key posts with their stored succession status: one aggregate query. A post whose
    status was never computed counts as no successor ready and bench strength 0."""
    hasil = JabatanKunci.objects.filter(instansi=instansi, aktif=True).aggregate(
        jumlah=Count("pk"),
        berisiko=Count("pk", filter=Q(status__berisiko=True)),
        siap=Count("pk", filter=Q(status__jumlah_siap_sekarang__gt=0)),
        bench=Avg(Coalesce("status__kekuatan_bench", Value(0))),
    )
    bench = hasil["bench"]
    return {
        "jabatan_kunci": hasil["jumlah"],
        "jabatan_kunci_berisiko": hasil["berisiko"],
        "jabatan_kunci_siap": hasil["siap"],
        "kekuatan_bench_rata": (
            None if bench is None else Decimal(str(bench)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        ),
    }


def _idp_hitung(*, instansi: Instansi, periode: int) -> int | None:
    """Pegawai with an approved development plan (IDP) of the period's year: one query. None while
    the instansi has never made a plan ("unknown", never a false zero)."""
    hasil = Idp.objects.filter(instansi=instansi).aggregate(
        ada=Count("pk"),
        disetujui=Count("pegawai_id", filter=Q(tahun=periode, status=Idp.Status.DISETUJUI), distinct=True),
    )
    return hasil["disetujui"] if hasil["ada"] else None


def ringkasan_hitung(*, instansi: Instansi, periode: int | None = None) -> dict:
    """Every figure of the instansi's summary row (the model's fields), recounted from its own
    tables; nothing written. Runs inside the instansi's scope; a fixed number of queries."""
    periode = periode or periode_sekarang()
    # Today for the current period; 31 December for a past one (its closing figures).
    hari = tanggal_acuan_periode(periode=periode)
    per_peran = membership_counts_by_role(instansi=instansi)
    units = unit_kerja_counts(instansi=instansi)
    aturan = aturan_suksesi_berlaku(instansi=instansi)
    pegawai = _pegawai_hitung(instansi=instansi, hari=hari, periode=periode)
    tahap = tahap_baca(instansi=instansi, pegawai=pegawai.pop("_fakta_pegawai"))
    return {
        "jumlah_pengguna": sum(per_peran.values()),
        "pengguna_per_peran": per_peran,
        "jumlah_perangkat_daerah": units[UnitKerja.Jenis.PERANGKAT_DAERAH],
        "jumlah_unit_kerja": sum(units.values()),
        **pegawai,
        **_kelompok_hitung(instansi=instansi, periode=periode, kotak_krs_nasional=aturan.kotak_krs_nasional),
        **_penetapan_hitung(instansi=instansi, periode=periode),
        **_suksesi_hitung(instansi=instansi),
        "idp_jumlah": _idp_hitung(instansi=instansi, periode=periode),
        "tahap_implementasi": tahap.tahap,
        "skor_kti": tahap.skor_kti,
        "tahap_rincian": tahap.rincian,
    }


@contextmanager
def _satu_potret():
    """Every count of a refresh from one snapshot (REPEATABLE READ, read-only), so the figures of
    one row agree with each other while writers go on; inside a caller's transaction (tests, the
    demo seed) its snapshot is used as it is. One core per refresh (no parallel workers: a worker
    node runs many refreshes side by side, and each parallel worker would build the same hash
    tables again) and enough memory for its hash tables not to spill to disk."""
    luar = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if not luar:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SET LOCAL work_mem = '32MB'")
        yield


def ringkasan_refresh(*, instansi: Instansi, periode: int | None = None) -> RingkasanInstansi:
    """Recount one instansi's summary row of the current period and rewrite it (and the KRS
    Nasional index of the period). Runs inside that instansi's scope (InstansiTask, or a caller's
    `instansi_scope`). The workers only ever refresh the current period; `periode` of a past year
    recounts that year's closing row (placements of the period, coverage on its 31 December) for
    an operator's `manage.py ringkasan_refresh --periode` and the demo's trend."""
    sekarang = periode_sekarang()
    periode = periode or sekarang
    with _satu_potret():
        figures = ringkasan_hitung(instansi=instansi, periode=periode)
    with transaction.atomic():
        if periode == sekarang:  # KRS Nasional searches the current period only
            krs_indeks_refresh(instansi=instansi, periode=periode)
        ringkasan, _created = RingkasanInstansi.objects.update_or_create(
            instansi=instansi,
            periode=periode,
            defaults={**figures, "diperbarui_pada": timezone.now()},
        )
    return ringkasan


# --- the dirty marks and the coalesced refresh ---------------------------------------------------

REFRESH_KEY = "nasional:ringkasan:{instansi_id}"
REFRESH_KEY_TTL = 60
# Seconds between the first change and the refresh: a burst of changes (an import, a flush in
# batches) is summed up once.
REFRESH_COUNTDOWN = 5
# The beat sweep queues a refresh for marks older than this (the coalesced one was lost).
SWEEP_OLDER_THAN = 60


def ringkasan_mark_dirty(*, instansi_id: int, penyebab: str = "") -> None:
    """Mark the instansi's summary stale inside the caller's transaction (one upsert); after
    commit one refresh is queued, coalesced per instansi. A rolled-back change marks nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO nasional_ringkasankotor (instansi_id, dirty_since, penyebab)
            VALUES (%s, clock_timestamp(), %s)
            ON CONFLICT (instansi_id)
            DO UPDATE SET dirty_since = clock_timestamp(), penyebab = EXCLUDED.penyebab
            """,
            [instansi_id, penyebab[:100]],
        )
    transaction.on_commit(lambda: ringkasan_refresh_schedule(instansi_id=instansi_id))


def ringkasan_refresh_schedule(*, instansi_id: int) -> bool:
    """Queue one refresh per instansi (apps.core.tasks.queue_once). If Redis or the broker is
    unreachable nothing is lost: the mark stays in PostgreSQL for the sweep."""
    from .tasks import ringkasan_refresh as refresh_task

    try:
        return queue_once(
            key=REFRESH_KEY.format(instansi_id=instansi_id),
            ttl=REFRESH_KEY_TTL,
            send=lambda: refresh_task.apply_async(
                kwargs={"instansi_id": instansi_id}, countdown=REFRESH_COUNTDOWN
            ),
        )
    except Exception:
        logger.warning("summary refresh of instansi %s left to the sweep", instansi_id, exc_info=True)
        return False


def ringkasan_refresh_release(*, instansi_id: int) -> None:
    """A starting refresh frees the key, so changes made while it runs queue the next one."""
    try:
        queue_release(key=REFRESH_KEY.format(instansi_id=instansi_id))
    except Exception:
        logger.warning("summary refresh key of instansi %s not released", instansi_id, exc_info=True)


def ringkasan_refresh_marked(*, instansi: Instansi) -> RingkasanInstansi:
    """What the task runs: read the mark, refresh, then clear the mark only if nobody marked it
    again meanwhile (a change committed during the refresh keeps its mark and its own refresh)."""
    mark = RingkasanKotor.objects.filter(instansi=instansi).values_list("dirty_since", flat=True).first()
    ringkasan = ringkasan_refresh(instansi=instansi)
    if mark is not None:
        RingkasanKotor.objects.filter(instansi=instansi, dirty_since=mark).delete()
    return ringkasan


def ringkasan_sweep_targets(*, older_than_seconds: int = SWEEP_OLDER_THAN) -> list[int]:
    """Ids of instansi whose mark is older than `older_than_seconds`: a maintenance read of ids
    only, across tenants (no personal data)."""
    limit = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    with lintas_instansi(alasan=Lintas.PENYAPU), connection.cursor() as cursor:
        cursor.execute(
            "SELECT instansi_id FROM nasional_ringkasankotor WHERE dirty_since < %s ORDER BY 1", [limit]
        )
        return [row[0] for row in cursor.fetchall()]
