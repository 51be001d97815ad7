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
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Avg, Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.asesmen.models import Asesmen
from apps.asesmen.selectors import berlaku_q
from apps.core.tasks import queue_once, queue_release
from apps.instansi.models import Instansi, UnitKerja
from apps.instansi.selectors import membership_counts_by_role, unit_kerja_counts
from apps.kinerja.models import SKP
from apps.kinerja.models import Periode as PeriodeSkp
from apps.komite.models import Penetapan, SnapshotPenempatan
from apps.pegawai.models import Pegawai
from apps.pegawai.referensi import JenisJabatan, JenisKelamin, StatusKepegawaian
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import periode_sekarang, tanggal_acuan_periode
from apps.suksesi.models import JabatanKunci
from apps.suksesi.selectors import aturan_suksesi_berlaku

from .kelompok import DIMENSI, PENDIDIKAN, USIA, kelompok_pendidikan
from .krs import krs_indeks_refresh
from .models import KOTAK_KEYS, RingkasanInstansi, RingkasanKotor
from .tahap import tahap_baca

logger = logging.getLogger(__name__)

# Completeness buckets (percent, inclusive bounds) as the JSON keys of `kelengkapan_sebaran`.
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


def _usia_case(acuan: dt.date, *, prefix: str = "") -> Case:
    """kelompok.kelompok_usia in SQL: the age band of the birth date on `acuan`."""
    return Case(
        *[
            When(**{f"{prefix}tanggal_lahir__gt": _batas_lahir(acuan, tahun)}, then=Value(kode))
            for tahun, kode in ((30, "<30"), (40, "30-39"), (50, "40-49"))
        ],
        default=Value("50+"),
        output_field=CharField(),
    )


def _pegawai_hitung(*, instansi: Instansi, hari: dt.date) -> dict:
    """Active pegawai per (status, jenis jabatan) with completeness and input coverage: one
    GROUP BY query. The asesmen/SKP conditions are uncorrelated `IN (SELECT ...)` subqueries,
    which PostgreSQL hashes once instead of probing per pegawai."""
    asesmen = Asesmen.objects.filter(instansi=instansi)
    asesmen_valid = asesmen.filter(berlaku_q(hari)).values("pegawai_id")
    asesmen_ada = asesmen.values("pegawai_id")
    skp = SKP.objects.filter(instansi=instansi, periode=PeriodeSkp.TAHUNAN)
    skp_valid = skp.filter(tahun=hari.year - 1).values("pegawai_id")
    skp_ada = skp.values("pegawai_id")
    # A pegawai without a completeness row of this instansi yet counts as 0% (as the instansi's own
    # page counts); a row left in another instansi is never read.
    persen = Case(
        When(kelengkapan__instansi=instansi, then=F("kelengkapan__persen")),
        default=Value(0),
        output_field=IntegerField(),
    )
    kelengkapan = {
        f"k_{n}": Count("pk", filter=Q(persen_k__gte=low, persen_k__lte=high))
        for n, (low, high) in enumerate(KELENGKAPAN_SEBARAN.values())
    }
    rows = list(
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .annotate(persen_k=persen)
        .values("status_kepegawaian", "jenis_jabatan")
        .annotate(
            n=Count("pk"),
            persen_total=Sum("persen_k"),
            asesmen_valid=Count("pk", filter=Q(pk__in=asesmen_valid)),
            asesmen_ada=Count("pk", filter=Q(pk__in=asesmen_ada)),
            skp_valid=Count("pk", filter=Q(pk__in=skp_valid)),
            skp_ada=Count("pk", filter=Q(pk__in=skp_ada)),
            **kelengkapan,
        )
        .order_by()
    )
    per_status = dict.fromkeys(StatusKepegawaian.values, 0)
    per_jenis = dict.fromkeys(JenisJabatan.values, 0)
    sebaran = dict.fromkeys(KELENGKAPAN_SEBARAN, 0)
    total = dict.fromkeys(("n", "persen_total", "asesmen_valid", "asesmen_ada", "skp_valid", "skp_ada"), 0)
    for row in rows:
        per_status[row["status_kepegawaian"]] = per_status.get(row["status_kepegawaian"], 0) + row["n"]
        per_jenis[row["jenis_jabatan"]] = per_jenis.get(row["jenis_jabatan"], 0) + row["n"]
        for n, key in enumerate(KELENGKAPAN_SEBARAN):
            sebaran[key] += row[f"k_{n}"]
        for key in total:
            total[key] += row[key] or 0
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
    }


def _penempatan_hitung(
    *, instansi: Instansi, periode: int, jumlah_pegawai: int, kotak_krs_nasional: frozenset[int]
) -> dict:
    """The period's current placements of active pegawai, grouped by status, box, pool and the
    pegawai's group codes: one GROUP BY query (at most a few thousand rows: codes, not people).
    Counted as the nine-box page counts them: a final placement in a box 1..9 is placed, `perlu
    data` needs data, everything else (no row yet, a row not computed yet) is not computed."""
    acuan = tanggal_acuan_periode(periode=periode)
    rows = (
        Penempatan.objects.filter(
            instansi=instansi, periode=periode, pegawai__instansi=instansi, pegawai__aktif=True
        )
        .annotate(
            g_kelamin=F("pegawai__jenis_kelamin"),
            g_pendidikan=F("pegawai__pendidikan_terakhir"),
            g_jabatan=F("pegawai__jenis_jabatan"),
            g_usia=_usia_case(acuan, prefix="pegawai__"),
        )
        .values("status", "kotak", "talent_pool", "g_kelamin", "g_pendidikan", "g_jabatan", "g_usia")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kotak = _kotak_kosong()
    final = perlu_data = krs = krs_nasional = 0
    kelompok = {
        dimensi: {kode: {"n": 0, "pool": 0, "kotak": _kotak_kosong()} for kode in kodes}
        for dimensi, kodes in KELOMPOK_KODE.items()
    }
    for row in rows:
        n = row["n"]
        if row["status"] == Penempatan.Status.FINAL and str(row["kotak"]) in kotak:
            key = str(row["kotak"])
            kotak[key] += n
            final += n
            if row["talent_pool"]:
                krs += n
                if row["kotak"] in kotak_krs_nasional:
                    krs_nasional += n
            for dimensi, kode in (
                ("jenis_kelamin", row["g_kelamin"]),
                ("usia", row["g_usia"]),
                ("pendidikan", kelompok_pendidikan(row["g_pendidikan"])),
                ("jenis_jabatan", row["g_jabatan"]),
            ):
                grup = kelompok[dimensi].setdefault(kode, {"n": 0, "pool": 0, "kotak": _kotak_kosong()})
                grup["n"] += n
                grup["pool"] += n if row["talent_pool"] else 0
                grup["kotak"][key] += n
        elif row["status"] == Penempatan.Status.PERLU_DATA:
            perlu_data += n
    return {
        "kotak_dihitung": kotak,
        "jumlah_final": final,
        "jumlah_perlu_data": perlu_data,
        "jumlah_belum_dihitung": max(jumlah_pegawai - final - perlu_data, 0),
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


def ringkasan_hitung(*, instansi: Instansi, periode: int | None = None) -> dict:
    """Every figure of the instansi's summary row (the model's fields), recounted from its own
    tables; nothing written. Runs inside the instansi's scope; a fixed number of queries."""
    periode = periode or periode_sekarang()
    hari = timezone.localdate()
    per_peran = membership_counts_by_role(instansi=instansi)
    units = unit_kerja_counts(instansi=instansi)
    pegawai = _pegawai_hitung(instansi=instansi, hari=hari)
    aturan = aturan_suksesi_berlaku(instansi=instansi)
    tahap = tahap_baca(instansi=instansi)
    return {
        "jumlah_pengguna": sum(per_peran.values()),
        "pengguna_per_peran": per_peran,
        "jumlah_perangkat_daerah": units[UnitKerja.Jenis.PERANGKAT_DAERAH],
        "jumlah_unit_kerja": sum(units.values()),
        **pegawai,
        **_penempatan_hitung(
            instansi=instansi,
            periode=periode,
            jumlah_pegawai=pegawai["jumlah_pegawai"],
            kotak_krs_nasional=aturan.kotak_krs_nasional,
        ),
        **_penetapan_hitung(instansi=instansi, periode=periode),
        **_suksesi_hitung(instansi=instansi),
        # No development plans exist in the product yet: "unknown", never a false zero.
        "idp_jumlah": None,
        "tahap_implementasi": tahap.tahap,
        "skor_kti": tahap.skor_kti,
        "tahap_rincian": tahap.rincian,
    }


def ringkasan_refresh(*, instansi: Instansi) -> RingkasanInstansi:
    """Recount one instansi's summary row of the current period and rewrite it (and the KRS
    Nasional index of the period). Runs inside that instansi's scope (InstansiTask, or a caller's
    `instansi_scope`)."""
    periode = periode_sekarang()
    figures = ringkasan_hitung(instansi=instansi, periode=periode)
    with transaction.atomic():
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
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT instansi_id FROM nasional_ringkasankotor WHERE dirty_since < %s ORDER BY 1", [limit]
        )
        return [row[0] for row in cursor.fetchall()]
