"""Writes of the talent engine: rule-set versions, dirty marking, the flush that recomputes."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from psycopg2.extras import Json, execute_values

from apps.core.services import audit_event_record
from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai

from .engine import PRESET_BERBOBOT, RuleSet, placement_compute
from .inputs import placement_inputs_load
from .models import AturanTalenta, HitungUlang, Penempatan, RiwayatPenempatan

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000


def periode_sekarang(tanggal: dt.date | None = None) -> int:
    return (tanggal or timezone.localdate()).year


@transaction.atomic
def aturan_aktif_get(*, instansi: Instansi) -> AturanTalenta:
    """The instansi's active rule set; the first time, a copy of the national weighted preset."""
    aktif = AturanTalenta.objects.filter(instansi=instansi, status=AturanTalenta.Status.AKTIF).first()
    if aktif is not None:
        return aktif
    # Lock the instansi row so two first-time callers do not both create version 1.
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
    aktif = AturanTalenta.objects.filter(instansi=instansi, status=AturanTalenta.Status.AKTIF).first()
    if aktif is not None:
        return aktif
    versi = (AturanTalenta.objects.filter(instansi=instansi).aggregate(v=Max("versi"))["v"] or 0) + 1
    aturan = AturanTalenta.objects.create(
        instansi=instansi,
        versi=versi,
        nama="Preset nasional berbobot (Kepka BKN 411/2025)",
        status=AturanTalenta.Status.AKTIF,
        konfigurasi=PRESET_BERBOBOT,
        diaktifkan_pada=timezone.now(),
    )
    audit_event_record(action="aturan_talenta.create", instansi=instansi, actor=None, target=aturan)
    return aturan


def placement_mark_dirty(
    *, instansi_id: int, pegawai_ids: list[int], periode: int | None = None, penyebab: str = ""
) -> int:
    """Mark placements dirty in one statement (creating the rows if missing), inside the caller's
    transaction; after commit, a flush is scheduled for the instansi (coalesced through Redis).
    `penyebab` (the sender's cause, e.g. "skp.import") is what the history will record."""
    if not pegawai_ids:
        return 0
    periode = periode or periode_sekarang()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO petatalenta_penempatan
                (instansi_id, pegawai_id, periode, dirty_since, penyebab_kotor, level_potensial,
                 level_kinerja, status, talent_pool, kekurangan, rincian, inputs_hash)
            SELECT %s, p.id, %s, clock_timestamp(), %s, '', '', '', false, '[]'::jsonb, '{}'::jsonb, ''
              FROM pegawai_pegawai p
             WHERE p.instansi_id = %s AND p.id = ANY(%s)
            ON CONFLICT (instansi_id, pegawai_id, periode)
            DO UPDATE SET dirty_since = clock_timestamp(), penyebab_kotor = EXCLUDED.penyebab_kotor
            """,
            [instansi_id, periode, penyebab[:100], instansi_id, list(pegawai_ids)],
        )
        marked = cursor.rowcount
    transaction.on_commit(lambda: placement_flush_schedule(instansi_id=instansi_id, periode=periode))
    return marked


def placement_mark_all_dirty(*, instansi: Instansi, periode: int | None = None, penyebab: str = "") -> int:
    """Bulk recompute (rule-set change, big import, command): every active pegawai, one statement."""
    ids = list(Pegawai.objects.filter(instansi=instansi, aktif=True).values_list("pk", flat=True))
    return placement_mark_dirty(instansi_id=instansi.pk, pegawai_ids=ids, periode=periode, penyebab=penyebab)


@transaction.atomic
def hitung_ulang_start(
    *, instansi: Instansi, penyebab: str, actor=None, periode: int | None = None
) -> HitungUlang:
    """Start a bulk recompute of every active pegawai of the instansi for `periode`: marks them
    dirty (one statement) and records the job whose progress the page shows. The flush is queued
    after commit, like any other change."""
    periode = periode or periode_sekarang()
    aturan = aturan_aktif_get(instansi=instansi)
    total = placement_mark_all_dirty(instansi=instansi, periode=periode, penyebab=penyebab)
    job = HitungUlang.objects.create(
        instansi=instansi,
        periode=periode,
        aturan=aturan,
        penyebab=penyebab[:100],
        total=total,
        dibuat_oleh=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_event_record(
        action="hitung_ulang.start",
        instansi=instansi,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label="" if getattr(actor, "is_authenticated", False) else "sistem",
        target=job,
        new_values={"periode": periode, "total": total, "penyebab": penyebab},
    )
    return job


FLUSH_KEY = "petatalenta:flush:{instansi_id}:{periode}"
FLUSH_KEY_TTL = 30
FLUSH_COUNTDOWN = 1


def placement_flush_schedule(*, instansi_id: int, periode: int | None = None) -> bool:
    """Queue one flush per instansi: the first caller wins a Redis key (SET NX EX) and the flush
    drains every dirty row, so a burst of edits becomes one or a few flushes. If Redis or the
    broker is unreachable nothing is lost: the rows stay dirty in the database and the beat sweeper
    queues a flush once they are back."""
    from django.core.cache import cache

    from .tasks import placement_flush_task

    try:
        periode = periode or periode_sekarang()
        if not cache.add(
            FLUSH_KEY.format(instansi_id=instansi_id, periode=periode), 1, timeout=FLUSH_KEY_TTL
        ):
            return False
        placement_flush_task.apply_async(
            kwargs={"instansi_id": instansi_id, "periode": periode}, countdown=FLUSH_COUNTDOWN
        )
    except Exception:
        logger.warning("flush for instansi %s not queued; the sweeper will retry", instansi_id, exc_info=True)
        return False
    return True


def placement_flush_release(*, instansi_id: int, periode: int | None = None) -> None:
    """A starting flush frees the key, so changes made while it runs queue the next one."""
    from django.core.cache import cache

    try:
        cache.delete(FLUSH_KEY.format(instansi_id=instansi_id, periode=periode or periode_sekarang()))
    except Exception:
        logger.warning("flush key of instansi %s not released", instansi_id, exc_info=True)


@dataclass
class FlushResult:
    diproses: int = 0
    berubah: int = 0
    tetap: int = 0
    kotak_berubah: int = 0


def tanggal_acuan_periode(*, periode: int) -> dt.date:
    """The reference date of a period: today for the current year, 31 December for a past one."""
    hari_ini = timezone.localdate()
    return hari_ini if periode >= hari_ini.year else dt.date(periode, 12, 31)


def placement_flush(
    *, instansi: Instansi, periode: int | None = None, penyebab: str | None = None
) -> FlushResult:
    """Recompute every dirty placement of the instansi, in batches, until none is left.

    Each batch locks its rows (`FOR UPDATE SKIP LOCKED`, so parallel flushes never wait on each
    other), loads the inputs in a fixed number of queries, computes, and writes in bulk: rows whose
    inputs hash is unchanged only lose their dirty mark; changed rows are rewritten, and a change of
    box or status is appended to the placement history. Idempotent and safe to retry.
    """
    periode = periode or periode_sekarang()
    aturan_obj = aturan_aktif_get(instansi=instansi)
    aturan = RuleSet.from_config(aturan_obj.konfigurasi)
    tanggal = tanggal_acuan_periode(periode=periode)
    result = FlushResult()
    while True:
        with transaction.atomic():
            rows = list(
                Penempatan.objects.select_for_update(skip_locked=True)
                .filter(instansi=instansi, periode=periode, dirty_since__isnull=False)
                .order_by("dirty_since")
                .values(
                    "id",
                    "pegawai_id",
                    "dirty_since",
                    "penyebab_kotor",
                    "kotak",
                    "status",
                    "inputs_hash",
                    "aturan_id",
                )[:BATCH_SIZE]
            )
            if not rows:
                break
            inputs = placement_inputs_load(
                instansi=instansi,
                pegawai_ids=[r["pegawai_id"] for r in rows],
                tanggal_acuan=tanggal,
                aturan=aturan,
            )
            _flush_batch(instansi=instansi, periode=periode, aturan_obj=aturan_obj, aturan=aturan,
                         rows=rows, inputs=inputs, penyebab=penyebab, result=result)  # fmt: skip
    if result.berubah and not aturan_obj.digunakan:
        AturanTalenta.objects.filter(pk=aturan_obj.pk).update(digunakan=True)
    sisa = Penempatan.objects.filter(instansi=instansi, periode=periode, dirty_since__isnull=False)
    if not sisa.exists():
        HitungUlang.objects.filter(instansi=instansi, periode=periode, selesai_pada__isnull=True).update(
            selesai_pada=timezone.now()
        )
    return result


def _flush_batch(
    *, instansi, periode, aturan_obj, aturan, rows, inputs, penyebab, result: FlushResult
) -> None:
    now = timezone.now()
    changed, unchanged, history = [], [], []
    for row in rows:
        placement = placement_compute(
            inputs=inputs[row["pegawai_id"]], aturan=aturan, konfigurasi=aturan_obj.konfigurasi
        )
        result.diproses += 1
        if placement.inputs_hash == row["inputs_hash"] and row["aturan_id"] == aturan_obj.pk:
            unchanged.append((row["id"], row["dirty_since"]))
            continue
        changed.append((row, placement))
        if placement.kotak != row["kotak"] or placement.status != row["status"]:
            history.append(
                RiwayatPenempatan(
                    instansi=instansi,
                    pegawai_id=row["pegawai_id"],
                    periode=periode,
                    aturan=aturan_obj,
                    kotak_lama=row["kotak"],
                    kotak_baru=placement.kotak,
                    status=placement.status,
                    skor_potensial=placement.skor_potensial,
                    skor_kinerja=placement.skor_kinerja,
                    penyebab=(penyebab or row["penyebab_kotor"] or "perubahan data")[:100],
                    inputs_hash=placement.inputs_hash,
                )
            )
    result.tetap += len(unchanged)
    result.berubah += len(changed)
    result.kotak_berubah += sum(
        1 for h in history if h.kotak_lama is not None and h.kotak_lama != h.kotak_baru
    )
    with connection.cursor() as cursor:
        if unchanged:
            # Clear the mark only where it is still the one we read: a newer change stays dirty.
            execute_values(
                cursor,
                """UPDATE petatalenta_penempatan p SET dirty_since = NULL
                     FROM (VALUES %s) AS v(id, dirty_since)
                    WHERE p.id = v.id AND p.dirty_since = v.dirty_since""",
                unchanged,
                template="(%s, %s::timestamptz)",
                page_size=1000,
            )
        if changed:
            execute_values(
                cursor,
                """UPDATE petatalenta_penempatan p SET
                       aturan_id = v.aturan_id, skor_potensial = v.skor_potensial, skor_kinerja = v.skor_kinerja,
                       level_potensial = v.level_potensial, level_kinerja = v.level_kinerja, kotak = v.kotak,
                       status = v.status, talent_pool = v.talent_pool, kekurangan = v.kekurangan,
                       rincian = v.rincian, inputs_hash = v.inputs_hash, dihitung_pada = v.dihitung_pada,
                       dirty_since = CASE WHEN p.dirty_since = v.dirty_since THEN NULL ELSE p.dirty_since END
                     FROM (VALUES %s) AS v(id, aturan_id, skor_potensial, skor_kinerja, level_potensial,
                           level_kinerja, kotak, status, talent_pool, kekurangan, rincian, inputs_hash,
                           dihitung_pada, dirty_since)
                    WHERE p.id = v.id""",
                [
                    (
                        row["id"],
                        aturan_obj.pk,
                        p.skor_potensial,
                        p.skor_kinerja,
                        p.level_potensial,
                        p.level_kinerja,
                        p.kotak,
                        p.status,
                        p.talent_pool,
                        Json(list(p.kekurangan)),
                        Json(_rincian(p, inputs[row["pegawai_id"]])),
                        p.inputs_hash,
                        now,
                        row["dirty_since"],
                    )
                    for row, p in changed
                ],
                template="(%s, %s, %s::numeric, %s::numeric, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, %s::timestamptz, %s::timestamptz)",
                page_size=1000,
            )
    RiwayatPenempatan.objects.bulk_create(history, batch_size=1000)


def _rincian(placement, inputs) -> dict:
    return {
        "komponen": [
            {
                "kode": k.kode,
                "sumbu": k.sumbu,
                "nilai": str(k.nilai) if k.nilai is not None else None,
                "bobot": k.bobot,
                "kontribusi": str(k.kontribusi),
                "keterangan": k.keterangan,
            }
            for k in placement.komponen
        ],
        "inputs": inputs.as_jsonable(),
    }


def placement_sweep_targets(*, older_than_seconds: int) -> list[tuple[int, int]]:
    """(instansi id, periode) pairs with placements dirty for longer than `older_than_seconds`: a
    maintenance read of ids only (no personal data), the one cross-tenant read of the engine."""
    from django_scopes import scopes_disabled

    limit = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    with scopes_disabled():
        return sorted(
            set(
                Penempatan.objects.filter(dirty_since__lt=limit)
                .values_list("instansi_id", "periode")
                .distinct()
            )
        )
