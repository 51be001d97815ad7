"""Writes of succession: the dirty marks that make the workers recompute candidate lists, and the
flush that recomputes them (docs/succession.md, "Kapan dihitung ulang").

Two marks, both set inside the writer's transaction:
- a key post's `StatusSuksesi.dirty_since`: the post, its nominations or the rule set changed, so
  its whole candidate list is recomputed;
- a pegawai's `SuksesiKotor` row: one of their inputs changed (placement, portfolio, asesmen, SKP,
  master data), so their candidacies are recomputed against every key post they may feed.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction

from apps.petatalenta.pgarray import int_array

logger = logging.getLogger(__name__)


def status_suksesi_mark_dirty(
    *, instansi_id: int, jabatan_kunci_ids: list[int] | None, penyebab: str = ""
) -> int:
    """Mark key posts dirty in one statement (creating their status rows if missing), inside the
    caller's transaction; a flush is scheduled after commit. `jabatan_kunci_ids=None` marks every
    active key post of the instansi (rule-set activation, nightly refresh)."""
    if jabatan_kunci_ids is not None and not jabatan_kunci_ids:
        return 0
    ids = None if jabatan_kunci_ids is None else int_array(jabatan_kunci_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO suksesi_statussuksesi
                (instansi_id, jabatan_kunci_id, dirty_since, penyebab_kotor, jumlah_kandidat,
                 jumlah_memenuhi, jumlah_perlu_verifikasi, jumlah_tidak_memenuhi, jumlah_siap_sekarang,
                 jumlah_siap_1_2, kekuatan_bench, berisiko, alasan_risiko)
            SELECT %s, j.id, clock_timestamp(), %s, 0, 0, 0, 0, 0, 0, 0, false, ''
              FROM suksesi_jabatankunci j
             WHERE j.instansi_id = %s
               AND CASE WHEN %s::bigint[] IS NULL THEN j.aktif ELSE j.id = ANY(%s::bigint[]) END
            ON CONFLICT (jabatan_kunci_id)
            DO UPDATE SET dirty_since = clock_timestamp(), penyebab_kotor = EXCLUDED.penyebab_kotor
            """,
            [instansi_id, penyebab[:100], instansi_id, ids, ids],
        )
        marked = cursor.rowcount
    transaction.on_commit(lambda: suksesi_flush_schedule(instansi_id=instansi_id))
    return marked


def kandidat_mark_dirty(*, instansi_id: int, pegawai_ids: list[int], penyebab: str = "") -> int:
    """Mark pegawai whose candidacies must be recomputed, inside the caller's transaction; a flush
    is scheduled after commit."""
    if not pegawai_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO suksesi_suksesikotor (instansi_id, pegawai_id, dirty_since, penyebab)
            SELECT %s, p.id, clock_timestamp(), %s
              FROM pegawai_pegawai p
             WHERE p.instansi_id = %s AND p.id = ANY(%s::bigint[])
            ON CONFLICT (instansi_id, pegawai_id)
            DO UPDATE SET dirty_since = clock_timestamp(), penyebab = EXCLUDED.penyebab
            """,
            [instansi_id, penyebab[:100], instansi_id, int_array(pegawai_ids)],
        )
        marked = cursor.rowcount
    transaction.on_commit(lambda: suksesi_flush_schedule(instansi_id=instansi_id))
    return marked


def suksesi_flush_schedule(*, instansi_id: int) -> bool:
    """Queue one succession flush per instansi (coalesced like the placements' flush)."""
    # Implemented with the flush (see the succession engine work).
    return False
