"""Writes of the talent engine: rule-set versions, dirty marking, the flush that recomputes."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.core.events import penempatan_changed_send
from apps.core.services import audit_event_record
from apps.core.tasks import queue_once, queue_release
from apps.instansi.models import Instansi

from .engine import Aturan, inputs_hash, inputs_json, konfigurasi_json, penempatan_compute
from .inputs import penempatan_inputs_load
from .models import AturanTalenta, HitungUlang, Penempatan
from .periode import periode_sekarang, tanggal_acuan_periode
from .pgarray import int_array, json_array, text_array

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000
# What is derived from a placement elsewhere reads these (succession: apps/suksesi/inputs.py
# rows_periode); penempatan_changed is sent for the rewritten placements where one of them moved.
TURUNAN_FIELDS = ("kotak", "status", "talent_pool", "skor_potensial", "skor_kinerja")


def instansi_lock(*, instansi: Instansi) -> None:
    """Lock the instansi row for the rest of the transaction: every write that numbers or switches
    rule-set versions, or starts a bulk recompute, takes it first, so two of them run one after
    the other (two clerks cloning at once get v4 and v5, never a clash)."""
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()


def aturan_aktif_get(*, instansi: Instansi) -> AturanTalenta:
    """The instansi's active talent rule set; the first time, a copy of the national weighted
    preset (the generic `aturan.services.aturan_aktif_get` for the talent kind)."""
    # services_aturan and the generic rule-set services import this module (instansi_lock).
    from .aturan.services import aturan_aktif_get as aturan_aktif_get_umum
    from .services_aturan import JENIS_TALENTA

    return aturan_aktif_get_umum(jenis=JENIS_TALENTA, instansi=instansi)


def penempatan_mark_dirty(
    *, instansi_id: int, pegawai_ids: list[int] | None, periode: int | None = None, penyebab: str = ""
) -> int:
    """Mark placements dirty in one statement (creating the rows if missing), inside the caller's
    transaction; after commit, a flush is scheduled for the instansi (coalesced through Redis).
    `pegawai_ids=None` marks every active pegawai of the instansi (chosen in SQL: a bulk mark does
    not ship 100,000 ids to Python and back). `penyebab` (the sender's cause, e.g. "skp.import") is
    what the history will record."""
    if pegawai_ids is not None and not pegawai_ids:
        return 0
    ids = None if pegawai_ids is None else int_array(pegawai_ids)
    periode = periode or periode_sekarang()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO petatalenta_penempatan
                (instansi_id, pegawai_id, periode, dirty_since, penyebab_kotor, level_potensial,
                 level_kinerja, status, talent_pool, kekurangan, rincian, inputs_hash)
            SELECT %s, p.id, %s, clock_timestamp(), %s, '', '', '', false, '[]'::jsonb, '{}'::jsonb, ''
              FROM pegawai_pegawai p
             WHERE p.instansi_id = %s
               -- constants, folded by the planner: either the given ids or every active pegawai
               AND CASE WHEN %s::bigint[] IS NULL THEN p.aktif ELSE p.id = ANY(%s::bigint[]) END
            ON CONFLICT (instansi_id, pegawai_id, periode)
            DO UPDATE SET dirty_since = clock_timestamp(), penyebab_kotor = EXCLUDED.penyebab_kotor
            """,
            [instansi_id, periode, penyebab[:100], instansi_id, ids, ids],
        )
        marked = cursor.rowcount
    if marked >= ANALYZE_AFTER_MARKED:
        transaction.on_commit(_penempatan_analyze)
    tasks = flush_parallelism(dirty=marked)
    transaction.on_commit(
        lambda: penempatan_flush_schedule(instansi_id=instansi_id, periode=periode, tasks=tasks)
    )
    return marked


# A bulk mark (rule change, big import, bulk recompute) gets two flush tasks: they share the dirty
# rows through SKIP LOCKED, so both worker processes (and both cores) work on one instansi, each
# with its own PostgreSQL backend. A handful of rows is not worth a second process.
FLUSH_PARALLEL_MIN = 5000
FLUSH_TASKS_MAX = 2


def flush_parallelism(*, dirty: int) -> int:
    """How many flush tasks a mark of `dirty` rows queues."""
    return FLUSH_TASKS_MAX if dirty >= FLUSH_PARALLEL_MIN else 1


# A bulk mark turns the planner's picture of the table upside down (tens of thousands of rows
# dirty where its statistics say none, or rows that did not exist): the flush's "oldest dirty rows
# first" query then reads the whole table for every batch (~0.7 s each for 100,000 rows instead
# of a few ms through the partial index). Autovacuum would analyze only a minute later, after
# the flush is over; so a large mark refreshes the statistics itself, right after its commit.
ANALYZE_AFTER_MARKED = 5000


def _penempatan_analyze() -> None:
    try:
        with connection.cursor() as cursor:
            # A function owned by the table's owner: the application role may not ANALYZE itself.
            cursor.execute("SELECT petatalenta_penempatan_analyze()")
    except DatabaseError:
        logger.warning("ANALYZE of the placements failed; the flush may plan badly", exc_info=True)


def penempatan_mark_all_dirty(*, instansi: Instansi, periode: int | None = None, penyebab: str = "") -> int:
    """Bulk recompute (rule-set change, big import, command): every active pegawai, one statement."""
    return penempatan_mark_dirty(
        instansi_id=instansi.pk, pegawai_ids=None, periode=periode, penyebab=penyebab
    )


@transaction.atomic
def hitung_ulang_start(
    *, instansi: Instansi, penyebab: str, actor=None, periode: int | None = None
) -> HitungUlang:
    """Start a bulk recompute of every active pegawai of the instansi for `periode`: marks them
    dirty (one statement) and records the job whose progress the page shows. The flush is queued
    after commit, like any other change."""
    instansi_lock(instansi=instansi)
    periode = periode or periode_sekarang()
    aturan = aturan_aktif_get(instansi=instansi)
    total = penempatan_mark_all_dirty(instansi=instansi, periode=periode, penyebab=penyebab)
    job = HitungUlang.objects.create(
        instansi=instansi,
        periode=periode,
        aturan=aturan,
        penyebab=penyebab[:100],
        total=total,
        dibuat_oleh=actor,
    )
    audit_event_record(
        action="hitung_ulang.start",
        instansi=instansi,
        actor=actor,
        target=job,
        new_values={"periode": periode, "total": total, "penyebab": penyebab},
    )
    return job


FLUSH_KEY = "petatalenta:flush:{instansi_id}:{periode}"
FLUSH_KEY_TTL = 30
FLUSH_COUNTDOWN = 1


def penempatan_flush_schedule(*, instansi_id: int, periode: int | None = None, tasks: int = 1) -> bool:
    """Queue one flush per instansi: the first caller wins a Redis key (SET NX EX) and the flush
    drains every dirty row, so a burst of edits becomes one or a few flushes (`tasks` of them, run
    side by side, after a bulk mark). If Redis or the broker is unreachable nothing is lost: the
    rows stay dirty in the database and the beat sweeper queues a flush once they are back."""
    from .tasks import penempatan_flush_task

    def send() -> None:
        for _ in range(max(1, tasks)):
            penempatan_flush_task.apply_async(
                kwargs={"instansi_id": instansi_id, "periode": periode}, countdown=FLUSH_COUNTDOWN
            )

    try:
        periode = periode or periode_sekarang()
        return queue_once(
            key=FLUSH_KEY.format(instansi_id=instansi_id, periode=periode), ttl=FLUSH_KEY_TTL, send=send
        )
    except Exception:
        logger.warning("flush for instansi %s not queued; the sweeper will retry", instansi_id, exc_info=True)
        return False


def penempatan_flush_release(*, instansi_id: int, periode: int | None = None) -> None:
    """A starting flush frees the key, so changes made while it runs queue the next one."""
    try:
        queue_release(key=FLUSH_KEY.format(instansi_id=instansi_id, periode=periode or periode_sekarang()))
    except Exception:
        logger.warning("flush key of instansi %s not released", instansi_id, exc_info=True)


@dataclass
class FlushResult:
    diproses: int = 0
    berubah: int = 0
    tetap: int = 0
    kotak_berubah: int = 0


def penempatan_flush(*, instansi: Instansi, periode: int | None = None) -> FlushResult:
    """Recompute every dirty placement of the instansi, in batches, until none is left.

    Each batch locks its rows (`FOR UPDATE SKIP LOCKED`, so parallel flushes never wait on each
    other), loads the inputs in a fixed number of queries, computes, and writes in bulk: rows whose
    inputs hash is unchanged only lose their dirty mark; changed rows are rewritten, and a change of
    box or status is appended to the placement history. Idempotent and safe to retry.
    """
    periode = periode or periode_sekarang()
    aturan_obj = aturan_aktif_get(instansi=instansi)
    aturan = Aturan.from_config(aturan_obj.konfigurasi)
    tanggal = tanggal_acuan_periode(periode=periode)
    result = FlushResult()
    dirty = Penempatan.objects.filter(instansi=instansi, periode=periode, dirty_since__isnull=False)
    if not aturan_obj.digunakan and dirty.exists():
        # Frozen before the first placement under it is written, in its own transaction: a
        # worker dying later can never leave placements made under a rule set that can still be
        # edited. (One dying right after this leaves it frozen and unused: harmless.)
        AturanTalenta.objects.filter(pk=aturan_obj.pk, digunakan=False).update(digunakan=True)
    context = _FlushContext(
        instansi=instansi,
        periode=periode,
        aturan_obj=aturan_obj,
        aturan=aturan,
        konfigurasi_json=konfigurasi_json(aturan_obj.konfigurasi),
    )
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # A batch commits only derived data: the placements, their history and the cleared
                # dirty marks. Should PostgreSQL crash before this commit reaches the disk (at most
                # a few hundred ms of them), the batch is lost as a whole, its rows are still dirty,
                # and the sweeper recomputes them; so the commit need not wait for the WAL flush.
                cursor.execute("SET LOCAL synchronous_commit = off")
            rows = list(
                Penempatan.objects.select_for_update(skip_locked=True)
                .filter(instansi=instansi, periode=periode, dirty_since__isnull=False)
                .order_by("dirty_since")
                .values(
                    "id",
                    "pegawai_id",
                    "dirty_since",
                    "penyebab_kotor",
                    *TURUNAN_FIELDS,
                    "inputs_hash",
                    "aturan_id",
                )[:BATCH_SIZE]
            )
            if not rows:
                break
            inputs = penempatan_inputs_load(
                instansi=instansi,
                pegawai_ids=[r["pegawai_id"] for r in rows],
                tanggal_acuan=tanggal,
                aturan=aturan,
            )
            _flush_batch(context=context, rows=rows, inputs=inputs, result=result)
    if not dirty.exists():
        # A worker dying before this leaves the job open with nothing dirty: the sweeper also
        # queues a flush for open jobs, and that flush ends here.
        HitungUlang.objects.filter(instansi=instansi, periode=periode, selesai_pada__isnull=True).update(
            selesai_pada=timezone.now()
        )
    return result


@dataclass(frozen=True)
class _FlushContext:
    instansi: Instansi
    periode: int
    aturan_obj: AturanTalenta
    aturan: Aturan
    konfigurasi_json: str  # the rule set's canonical JSON, serialised once per flush


def _flush_batch(*, context: _FlushContext, rows: list[dict], inputs: dict, result: FlushResult) -> None:
    aturan_obj, aturan = context.aturan_obj, context.aturan
    konfigurasi = aturan_obj.konfigurasi
    unchanged_ids, unchanged_marks = [], []
    changed: list[tuple[dict, object, str]] = []
    history: list[tuple[dict, object]] = []
    for row in rows:
        pegawai_inputs = inputs[row["pegawai_id"]]
        # Serialised once: hashed, and stored as is in the explanation.
        pegawai_inputs_json = inputs_json(pegawai_inputs)
        hash_ = inputs_hash(
            pegawai_inputs,
            konfigurasi,
            konfigurasi_json_=context.konfigurasi_json,
            inputs_json_=pegawai_inputs_json,
        )
        if hash_ == row["inputs_hash"] and row["aturan_id"] == aturan_obj.pk:
            # Same inputs, same rule set: the engine is pure, the stored placement stands.
            unchanged_ids.append(row["id"])
            unchanged_marks.append(row["dirty_since"])
            continue
        penempatan = penempatan_compute(
            inputs=pegawai_inputs,
            aturan=aturan,
            konfigurasi=konfigurasi,
            konfigurasi_json_=context.konfigurasi_json,
            inputs_json_=pegawai_inputs_json,
        )
        changed.append((row, penempatan, pegawai_inputs_json))
        if penempatan.kotak != row["kotak"] or penempatan.status != row["status"]:
            history.append((row, penempatan))
    result.diproses += len(rows)
    result.tetap += len(unchanged_ids)
    result.berubah += len(changed)
    result.kotak_berubah += sum(
        1 for row, p in history if row["kotak"] is not None and row["kotak"] != p.kotak
    )
    now = timezone.now()
    # Each write is one statement over arrays (unnest, see pgarray), whatever the batch size.
    with connection.cursor() as cursor:
        if unchanged_ids:
            # Clear the mark only where it is still the one we read: a newer change stays dirty.
            cursor.execute(
                """UPDATE petatalenta_penempatan p SET dirty_since = NULL
                     FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, dirty_since)
                    WHERE p.id = v.id AND p.dirty_since = v.dirty_since""",
                [int_array(unchanged_ids), text_array(unchanged_marks)],
            )
        if changed:
            cursor.execute(
                """UPDATE petatalenta_penempatan p SET
                       aturan_id = %s, skor_potensial = v.skor_potensial, skor_kinerja = v.skor_kinerja,
                       level_potensial = v.level_potensial, level_kinerja = v.level_kinerja, kotak = v.kotak,
                       status = v.status, talent_pool = v.talent_pool, kekurangan = v.kekurangan,
                       rincian = v.rincian, inputs_hash = v.inputs_hash, dihitung_pada = %s,
                       dirty_since = CASE WHEN p.dirty_since = v.dirty_since THEN NULL ELSE p.dirty_since END
                     FROM ROWS FROM (
                            unnest(%s::bigint[]), unnest(%s::numeric[]), unnest(%s::numeric[]),
                            unnest(%s::text[]), unnest(%s::text[]), unnest(%s::smallint[]), unnest(%s::text[]),
                            unnest(%s::boolean[]), jsonb_array_elements(%s), jsonb_array_elements(%s),
                            unnest(%s::text[]), unnest(%s::timestamptz[])
                          ) AS v(id, skor_potensial, skor_kinerja, level_potensial, level_kinerja, kotak,
                                 status, talent_pool, kekurangan, rincian, inputs_hash, dirty_since)
                    WHERE p.id = v.id""",
                [
                    aturan_obj.pk,
                    now,
                    int_array(row["id"] for row, _p, _j in changed),
                    text_array(p.skor_potensial for _r, p, _j in changed),
                    text_array(p.skor_kinerja for _r, p, _j in changed),
                    text_array(p.level_potensial for _r, p, _j in changed),
                    text_array(p.level_kinerja for _r, p, _j in changed),
                    int_array(p.kotak for _r, p, _j in changed),
                    text_array(p.status for _r, p, _j in changed),
                    text_array(p.talent_pool for _r, p, _j in changed),
                    json_array(json.dumps(list(p.kekurangan)) for _r, p, _j in changed),
                    json_array(_rincian_json(p, inputs_json_) for _r, p, inputs_json_ in changed),
                    text_array(p.inputs_hash for _r, p, _j in changed),
                    text_array(row["dirty_since"] for row, _p, _j in changed),
                ],
            )
        if history:
            cursor.execute(
                """INSERT INTO petatalenta_riwayatpenempatan
                       (instansi_id, periode, aturan_id, dicatat_pada, pegawai_id, kotak_lama, kotak_baru,
                        status, skor_potensial, skor_kinerja, penyebab, inputs_hash)
                   SELECT %s, %s, %s, %s, v.*
                     FROM unnest(%s::bigint[], %s::smallint[], %s::smallint[], %s::text[], %s::numeric[],
                                 %s::numeric[], %s::text[], %s::text[]) AS v""",
                [
                    context.instansi.pk,
                    context.periode,
                    aturan_obj.pk,
                    now,
                    int_array(row["pegawai_id"] for row, _p in history),
                    int_array(row["kotak"] for row, _p in history),
                    int_array(p.kotak for _r, p in history),
                    text_array(p.status for _r, p in history),
                    text_array(p.skor_potensial for _r, p in history),
                    text_array(p.skor_kinerja for _r, p in history),
                    text_array((row["penyebab_kotor"] or "perubahan data")[:100] for row, _p in history),
                    text_array(p.inputs_hash for _r, p in history),
                ],
            )
    # Inside the batch's transaction: whatever derives from placements is marked with them, for
    # the placements whose announced fields moved (new inputs often leave box and scores as they
    # were: those pegawai are not recomputed downstream for nothing).
    penempatan_changed_send(
        instansi_id=context.instansi.pk,
        pegawai_ids=[
            row["pegawai_id"]
            for row, p, _j in changed
            if any(getattr(p, name) != row[name] for name in TURUNAN_FIELDS)
        ],
        penyebab="penempatan.flush",
    )


def _rincian(penempatan, inputs) -> dict:
    """The explanation stored with a placement: its components and the inputs used."""
    return {
        "komponen": [k.as_jsonable() for k in penempatan.komponen],
        "inputs": inputs.as_jsonable(),
    }


def _rincian_json(penempatan, inputs_json_: str) -> str:
    """`_rincian` as JSON text, from the JSON already made for the hash (the inputs) and kept on
    the shared components."""
    return (
        '{"komponen": ['
        + ", ".join(k.as_json for k in penempatan.komponen)
        + '], "inputs": '
        + inputs_json_
        + "}"
    )


def penempatan_sweep_targets(*, older_than_seconds: int) -> list[tuple[int, int]]:
    """(instansi id, periode) pairs with placements dirty, or a bulk recompute still open, for
    longer than `older_than_seconds`: a maintenance read of ids only (no personal data), the one
    cross-tenant read of the engine."""
    from apps.core.tenancy import Lintas, lintas_instansi

    limit = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    with lintas_instansi(alasan=Lintas.PENYAPU):
        dirty = set(
            Penempatan.objects.filter(dirty_since__lt=limit).values_list("instansi_id", "periode").distinct()
        )
        open_jobs = set(
            HitungUlang.objects.filter(selesai_pada__isnull=True, dimulai_pada__lt=limit).values_list(
                "instansi_id", "periode"
            )
        )
        return sorted(dirty | open_jobs)
