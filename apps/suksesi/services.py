"""Writes of succession: the dirty marks that make the workers recompute candidate lists, and the
flush that recomputes them (docs/succession.md, "Kapan dihitung ulang").

Two marks, both set inside the writer's transaction:
- a key post's `StatusSuksesi.dirty_since`: the post, its nominations or the rule set changed, so
  its whole candidate list is recomputed;
- a pegawai's `SuksesiKotor` row: one of their inputs changed (placement, portfolio, asesmen, SKP,
  master data), so their candidacies are recomputed against every key post they may feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.core.bulk import rows_insert
from apps.core.events import ringkasan_stale_send
from apps.core.tasks import queue_once, queue_release
from apps.core.tenancy import Lintas, instansi_scope, lintas_instansi, tenant_model
from apps.instansi.models import Instansi
from apps.pegawai.models import PengaturanPegawai
from apps.pegawai.referensi import bup_usia
from apps.petatalenta.pgarray import int_array, text_array

from .engine import (
    KRITERIA_TINGKAT,
    MEMENUHI,
    PERLU_VERIFIKASI,
    SIAP_1_2,
    SIAP_SEKARANG,
    TIDAK_MEMENUHI,
    Aturan,
    JabatanInput,
    KandidatDasar,
    KandidatInputs,
    jpm_jabatan,
    kandidat_dasar,
    kandidat_nilai,
    tambah_bulan,
    tanggal_bup,
    tingkat_dari,
)
from .inputs import kandidat_inputs_load, krs_pegawai_load
from .models import AturanSuksesi, Kandidat
from .models import KandidatDasar as KandidatDasarRow

logger = logging.getLogger(__name__)


def status_suksesi_mark_dirty(
    *, instansi_id: int, jabatan_kunci_ids: list[int] | None, penyebab: str = ""
) -> int:
    """Mark key posts dirty in one statement (creating their status rows if missing), inside the
    caller's transaction; a flush is scheduled after commit. `jabatan_kunci_ids=None` marks every
    active key post of the instansi (rule-set activation, nightly refresh)."""
    if jabatan_kunci_ids is not None and not jabatan_kunci_ids:
        return 0
    marked = _status_mark(instansi_id=instansi_id, jabatan_kunci_ids=jabatan_kunci_ids, penyebab=penyebab)
    if marked:
        transaction.on_commit(lambda: suksesi_flush_schedule(instansi_id=instansi_id))
    return marked


def _status_mark(*, instansi_id: int, jabatan_kunci_ids: list[int] | None, penyebab: str) -> int:
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
        return cursor.rowcount


def kandidat_mark_dirty(*, instansi_id: int, pegawai_ids: list[int], penyebab: str = "") -> int:
    """Mark pegawai whose candidacies must be recomputed, inside the caller's transaction; a flush
    is scheduled after commit."""
    if not pegawai_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO suksesi_suksesikotor (instansi_id, pegawai_id, dirty_since, penyebab)
            SELECT %(instansi)s, p.id, clock_timestamp(), %(penyebab)s
              FROM pegawai_pegawai p
             WHERE p.id = ANY(%(ids)s::bigint[])
               -- a pegawai of the instansi, or one who left it (transfer) but still has
               -- candidacies or holds a key post here: their rows must go
               -- an instansi without active key posts has no candidate lists to keep current
               AND EXISTS (SELECT 1 FROM suksesi_jabatankunci a WHERE a.instansi_id = %(instansi)s AND a.aktif)
               AND (p.instansi_id = %(instansi)s
                    OR EXISTS (SELECT 1 FROM suksesi_kandidat k
                                WHERE k.instansi_id = %(instansi)s AND k.pegawai_id = p.id)
                    OR EXISTS (SELECT 1 FROM suksesi_jabatankunci j
                                WHERE j.instansi_id = %(instansi)s AND j.pemegang_id = p.id))
            ON CONFLICT (instansi_id, pegawai_id)
            DO UPDATE SET dirty_since = clock_timestamp(), penyebab = EXCLUDED.penyebab
            """,
            {"instansi": instansi_id, "penyebab": penyebab[:100], "ids": int_array(pegawai_ids)},
        )
        marked = cursor.rowcount
    if marked:
        transaction.on_commit(lambda: suksesi_flush_schedule(instansi_id=instansi_id))
    return marked


FLUSH_KEY = "suksesi:flush:{instansi_id}"
FLUSH_KEY_TTL = 30
FLUSH_COUNTDOWN = 1


def suksesi_flush_schedule(*, instansi_id: int) -> bool:
    """Queue one succession flush per instansi, coalesced through Redis like the placements'
    flush (apps.core.tasks.queue_once), on the "petatalenta" queue. If Redis or the broker is
    unreachable nothing is lost: the marks stay in PostgreSQL and the beat sweeper queues a flush
    once they are back."""
    from .tasks import suksesi_flush_task

    try:
        return queue_once(
            key=FLUSH_KEY.format(instansi_id=instansi_id),
            ttl=FLUSH_KEY_TTL,
            send=lambda: suksesi_flush_task.apply_async(
                kwargs={"instansi_id": instansi_id}, countdown=FLUSH_COUNTDOWN
            ),
        )
    except Exception:
        logger.warning("succession flush for instansi %s left to the sweeper", instansi_id, exc_info=True)
        return False


def suksesi_flush_release(*, instansi_id: int) -> None:
    """A starting flush frees the key, so changes made while it runs queue the next one."""
    try:
        queue_release(key=FLUSH_KEY.format(instansi_id=instansi_id))
    except Exception:
        logger.warning("succession flush key of instansi %s not released", instansi_id, exc_info=True)


# --- the flush ----------------------------------------------------------------------------------------

# pg_advisory_lock(class, instansi id): one succession flush at a time per instansi (a second one
# queued meanwhile waits, then drains what is left). The import pipeline uses class 7302.
ADVISORY_LOCK_CLASS = 7310
POST_BATCH = 10
PEGAWAI_BATCH = 1000
# Rows written per COPY: bounds the memory of a post batch whatever the feeder pools' size.
WRITE_CHUNK = 10_000
# A Kandidat row: the key, then the result columns (compared through `hasil_hash`, the last one).
KANDIDAT_FIELDS = (
    "jabatan_kunci_id",
    "pegawai_id",
    "tingkat",
    "kotak",
    "nominasi",
    "kelayakan",
    "kriteria",
    "jpm_jabatan",
    "jpm_sumber",
    "skor_peringkat",
    "kesiapan",
    "alasan_kesiapan",
    "tahun_ke_bup",
    "hasil_hash",
)
DASAR_FIELDS = ("pegawai_id", "tingkat", "kriteria", "hasil_hash")


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass
class FlushResult:
    jabatan: int = 0  # key posts whose whole list was recomputed
    pegawai: int = 0  # dirty pegawai whose candidacies were recomputed
    kandidat: int = 0  # candidate rows computed
    status: int = 0  # status rows recounted
    # What was written: rows whose computed result differs from the stored one (or is new, or gone).
    kandidat_baru: int = 0
    kandidat_diubah: int = 0
    kandidat_dihapus: int = 0
    dasar_baru: int = 0
    dasar_diubah: int = 0
    dasar_dihapus: int = 0
    status_diubah: int = 0

    @property
    def ditulis(self) -> int:
        """Rows inserted, updated or deleted (candidates, level-only criteria, status counts)."""
        return (
            self.kandidat_baru
            + self.kandidat_diubah
            + self.kandidat_dihapus
            + self.dasar_baru
            + self.dasar_diubah
            + self.dasar_dihapus
            + self.status_diubah
        )


@dataclass(frozen=True)
class _Post:
    id: int
    aktif: bool
    tingkat: str
    jabatan: JabatanInput
    pemegang_id: int | None
    pemegang_lahir: dt.date | None  # None: vacant, or the holder is no longer active here


@dataclass
class _Context:
    instansi: Instansi
    aturan_obj: AturanSuksesi
    aturan: Aturan
    acuan: dt.date
    bup_pengaturan: dict
    inputs: dict[int, KandidatInputs] = field(default_factory=dict)
    # (pegawai, level, BUP age) -> (level-only result, its criteria as JSON text, their hash)
    dasar: dict[tuple[int, str, int], tuple[KandidatDasar, str, str]] = field(default_factory=dict)
    # (pegawai, level) whose stored KandidatDasar row this flush already wrote or found equal
    dasar_tersimpan: set[tuple[int, str]] = field(default_factory=set)
    jpm: dict[tuple[int, tuple], tuple] = field(default_factory=dict)  # (pegawai, standard) -> JPM

    def inputs_ensure(self, pegawai_ids, *, fresh: bool = False) -> None:
        """Load (in one fixed set of queries) the inputs not cached yet, or all of them."""
        missing = list(pegawai_ids) if fresh else [p for p in pegawai_ids if p not in self.inputs]
        if not missing:
            return
        loaded = kandidat_inputs_load(instansi=self.instansi, pegawai_ids=missing, tanggal_acuan=self.acuan)
        if fresh:
            gone = set(missing)
            for pegawai_id in gone:
                self.inputs.pop(pegawai_id, None)
            self.dasar = {key: value for key, value in self.dasar.items() if key[0] not in gone}
            self.dasar_tersimpan = {key for key in self.dasar_tersimpan if key[0] not in gone}
            self.jpm = {key: value for key, value in self.jpm.items() if key[0] not in gone}
        self.inputs.update(loaded)


def suksesi_flush(*, instansi: Instansi) -> FlushResult:
    """Recompute what is dirty in the instansi's succession, in batches, until nothing is left:

    (a) key posts marked dirty (the post, its nominations or the rule set changed; the nightly
        refresh): each one's whole candidate list;
    (b) pegawai marked dirty (an input of theirs changed): their candidacies against every active
        key post (rows deleted, then written for the posts they feed now);
    (c) the status (counts, bench strength, risk) of every post a batch touched, in one statement.

    Marks are cleared only if unchanged since they were read. Synchronous and idempotent: a task,
    the benchmark and the demo call it alike, inside `instansi_scope(instansi)` (the rule set and
    the BUP setting are read through the tenant-scoped managers). The planning date is today."""
    result = FlushResult()
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM suksesi_statussuksesi WHERE instansi_id = %s AND dirty_since IS NOT NULL)
                   OR EXISTS (SELECT 1 FROM suksesi_suksesikotor WHERE instansi_id = %s)""",
            [instansi.pk, instansi.pk],
        )
        if not cursor.fetchone()[0]:
            return result  # nothing to do: no rule set is created or frozen for nothing
    acuan = timezone.localdate()
    # Imported here: services_aturan imports this module (activation marks the posts dirty).
    from .services_aturan import aturan_suksesi_aktif_get

    aturan_obj = aturan_suksesi_aktif_get(instansi=instansi)
    aturan = Aturan.from_config(aturan_obj.konfigurasi)
    pengaturan = PengaturanPegawai.objects.filter(instansi=instansi).values_list("bup", flat=True).first()
    context = _Context(
        instansi=instansi,
        aturan_obj=aturan_obj,
        aturan=aturan,
        acuan=acuan,
        bup_pengaturan=pengaturan or {},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_LOCK_CLASS, instansi.pk])
    try:
        if not aturan_obj.digunakan:
            # Frozen before the first list under it is written (in its own transaction).
            AturanSuksesi.objects.filter(pk=aturan_obj.pk, digunakan=False).update(digunakan=True)
        _posts_drain(context=context, result=result)
        if _pegawai_marks_to_posts(instansi=instansi):
            # Many pegawai at once (a talent rule set activated, a big import): recomputing every
            # post's whole list is cheaper than each pegawai against every post.
            _posts_drain(context=context, result=result)
        while True:
            with transaction.atomic():
                marks = _locked(
                    """SELECT id, pegawai_id, dirty_since FROM suksesi_suksesikotor
                        WHERE instansi_id = %s ORDER BY dirty_since LIMIT %s FOR UPDATE SKIP LOCKED""",
                    [instansi.pk, PEGAWAI_BATCH],
                )
                if not marks:
                    break
                _pegawai_batch(context=context, marks=marks, result=result)
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_LOCK_CLASS, instansi.pk])
        except DatabaseError:  # a broken connection: its session, and the lock, end with it
            logger.warning("succession flush lock of instansi %s not released", instansi.pk, exc_info=True)
    if result.status_diubah:
        # Key posts' risk, readiness or bench strength changed: the national summary counts them.
        with transaction.atomic():
            ringkasan_stale_send(instansi_id=instansi.pk, penyebab="suksesi.flush")
    return result


def _posts_drain(*, context: _Context, result: FlushResult) -> None:
    krs: dict[str, list[int]] | None = None  # level -> the pegawai in a KRS at that level
    while True:
        with transaction.atomic():
            marks = _locked(
                """SELECT id, jabatan_kunci_id, dirty_since FROM suksesi_statussuksesi
                    WHERE instansi_id = %s AND dirty_since IS NOT NULL
                    ORDER BY dirty_since LIMIT %s FOR UPDATE SKIP LOCKED""",
                [context.instansi.pk, POST_BATCH],
            )
            if not marks:
                return
            if krs is None:  # read once per drain (pegawai marked meanwhile are redone after it)
                krs = defaultdict(list)
                for pegawai_id, tingkat in krs_pegawai_load(
                    instansi=context.instansi, periode=context.acuan.year
                ).items():
                    krs[tingkat].append(pegawai_id)
            _posts_batch(context=context, marks=marks, krs=krs, result=result)


# Above this many dirty pegawai, the flush recomputes every post's list instead.
PEGAWAI_KE_JABATAN = 5000


@transaction.atomic
def _pegawai_marks_to_posts(*, instansi: Instansi) -> bool:
    """If more than PEGAWAI_KE_JABATAN pegawai are dirty: mark every key post dirty and drop the
    pegawai marks taken over (those present now: the posts' recompute starts after this commit,
    so it reads everything they announced)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM suksesi_suksesikotor WHERE instansi_id = %s LIMIT %s) t",
            [instansi.pk, PEGAWAI_KE_JABATAN + 1],
        )
        if cursor.fetchone()[0] <= PEGAWAI_KE_JABATAN:
            return False
        # _status_mark, not status_suksesi_mark_dirty: this flush drains the marks itself, a
        # second flush queued on commit would only find nothing to do.
        _status_mark(instansi_id=instansi.pk, jabatan_kunci_ids=None, penyebab="banyak pegawai berubah")
        # Every key post, active or not: a holder's own change may move an inactive post's status too.
        cursor.execute(
            """UPDATE suksesi_statussuksesi SET dirty_since = clock_timestamp(), penyebab_kotor = 'banyak pegawai berubah'
                WHERE instansi_id = %s""",
            [instansi.pk],
        )
        cursor.execute(
            "DELETE FROM suksesi_suksesikotor WHERE instansi_id = %s AND dirty_since <= clock_timestamp()",
            [instansi.pk],
        )
    return True


def _locked(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        # Derived data only: a batch lost to a crash before its WAL reaches the disk is still
        # marked dirty, and recomputed.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _posts_load(*, context: _Context) -> dict[int, _Post]:
    """Every key post of the instansi (active or not) with its holder: one query (≤ a few hundred
    rows, read fresh by every batch so a post edited meanwhile is never judged by stale data)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT j.id, j.aktif, j.jenis_jabatan, j.jenjang_fungsional, j.standar_kompetensi::text,
                      j.syarat_tambahan::text, j.pemegang_id, p.tanggal_lahir
                 FROM suksesi_jabatankunci j
                 -- the holder only while an active pegawai of this instansi (never another tenant's row)
                 LEFT JOIN pegawai_pegawai p ON p.id = j.pemegang_id AND p.instansi_id = j.instansi_id AND p.aktif
                WHERE j.instansi_id = %s""",
            [context.instansi.pk],
        )
        rows = cursor.fetchall()
    posts = {}
    for id_, aktif, jenis, jenjang, standar, syarat, pemegang_id, lahir in rows:
        tingkat = tingkat_dari(jenis_jabatan=jenis, jenjang_fungsional=jenjang)
        usia = bup_usia(jenis_jabatan=jenis, jenjang_fungsional=jenjang, pengaturan=context.bup_pengaturan)
        jabatan = JabatanInput.dari(
            tingkat=tingkat,
            standar_kompetensi=json.loads(standar),
            syarat_tambahan=json.loads(syarat),
            bup_usia=usia,
        )
        posts[id_] = _Post(id_, aktif, tingkat, jabatan, pemegang_id, lahir)
    return posts


def _nominasi_load(
    *, context: _Context, jabatan_kunci_ids: list[int] | None = None, pegawai_ids: list[int] | None = None
) -> dict[int, dict[int, str]]:
    """{post id: {pegawai id: reason}} of the active nominations (for the given posts, of the
    given pegawai)."""
    posts = None if jabatan_kunci_ids is None else int_array(jabatan_kunci_ids)
    ids = None if pegawai_ids is None else int_array(pegawai_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT jabatan_kunci_id, pegawai_id, alasan FROM suksesi_nominasikhusus
                WHERE instansi_id = %s AND dicabut_pada IS NULL
                  AND (%s::bigint[] IS NULL OR jabatan_kunci_id = ANY(%s::bigint[]))
                  AND (%s::bigint[] IS NULL OR pegawai_id = ANY(%s::bigint[]))""",
            [context.instansi.pk, posts, posts, ids, ids],
        )
        out: dict[int, dict[int, str]] = defaultdict(dict)
        for post_id, pegawai_id, alasan in cursor.fetchall():
            out[post_id][pegawai_id] = alasan
        return out


def _kandidat_row(*, context: _Context, post: _Post, pegawai_id: int, nominasi: str | None) -> tuple:
    """The Kandidat row (KANDIDAT_FIELDS) of one pegawai against one post; its level-only criteria
    are in `context.dasar` under (pegawai, level, BUP age)."""
    inputs = context.inputs[pegawai_id]
    key = (pegawai_id, post.tingkat, post.jabatan.bup_usia)
    cached = context.dasar.get(key)
    if cached is None:
        dasar = kandidat_dasar(
            inputs=inputs,
            tingkat=post.tingkat,
            bup_usia=post.jabatan.bup_usia,
            aturan=context.aturan,
            tanggal_acuan=context.acuan,
        )
        # The level-only criteria's JSON, made once and shared by every post of this level.
        dasar_json = "[" + ", ".join(k.as_json for k in dasar.kriteria) + "]"
        cached = (dasar, dasar_json, _hash(dasar_json))
        context.dasar[key] = cached
    dasar = cached[0]
    jpm_key = (pegawai_id, post.jabatan.standar_kompetensi)
    jpm = context.jpm.get(jpm_key)
    if jpm is None:
        jpm = context.jpm[jpm_key] = jpm_jabatan(
            inputs=inputs, post=post.jabatan, tanggal_acuan=context.acuan
        )
    hasil = kandidat_nilai(
        inputs=inputs,
        post=post.jabatan,
        aturan=context.aturan,
        tanggal_acuan=context.acuan,
        nominasi=nominasi is not None,
        nominasi_alasan=nominasi or "",
        dasar=dasar,
        jpm=jpm,
    )
    # The post-specific criteria only (KRITERIA_JABATAN: krs, tambahan); the level-only ones are in
    # KandidatDasar.
    kriteria_json = "[" + ", ".join(k.as_json for k in hasil.kriteria[len(KRITERIA_TINGKAT) :]) + "]"
    dalam_krs = inputs.status_penempatan == "final" and inputs.talent_pool
    values = (
        post.tingkat,
        inputs.kotak,
        nominasi is not None and not dalam_krs,
        hasil.kelayakan,
        kriteria_json,
        hasil.jpm_jabatan,
        hasil.jpm_sumber,
        hasil.skor_peringkat,
        hasil.kesiapan,
        hasil.alasan_kesiapan,
        hasil.tahun_ke_bup,
    )
    return (post.id, pegawai_id, *values, _hash("|".join(map(str, values))))


class _Writer:
    """Candidate rows compared with the stored ones ({(post, pegawai): (id, level, hash)}): new rows
    inserted by COPY in chunks (apps/core/bulk.rows_insert), changed ones updated by one
    `UPDATE … FROM unnest(…)` per chunk, equal ones left alone; `finish()` deletes the stored rows
    no longer computed."""

    def __init__(self, context: _Context, result: FlushResult, stored: dict[tuple[int, int], tuple]):
        self.context, self.result, self.stored = context, result, stored
        self.baru: list[tuple] = []
        self.diubah: list[tuple] = []
        self.now = timezone.now()
        self.touched: set[int] = set()  # posts whose rows were written
        self.lepas: set[tuple[int, str]] = set()  # (pegawai, level) a stored row no longer uses
        self.dasar: dict[tuple[int, str], tuple[str, str]] = {}  # (pegawai, level) -> (JSON, hash)

    def add(self, row: tuple, dasar: tuple[int, str, int]) -> None:
        cached = self.context.dasar[dasar]
        self.dasar[(row[1], row[2])] = (cached[1], cached[2])
        self.result.kandidat += 1
        current = self.stored.pop((row[0], row[1]), None)
        if current is None:
            self.baru.append(row)
            if len(self.baru) >= WRITE_CHUNK:
                self._insert()
        else:
            if current[2] == row[-1]:
                return
            if current[1] != row[2]:
                self.lepas.add((row[1], current[1]))
            self.diubah.append((current[0], row))
            if len(self.diubah) >= WRITE_CHUNK:
                self._update()
        self.touched.add(row[0])

    def _insert(self) -> None:
        if not self.baru:
            return
        rows_insert(
            model=Kandidat,
            fields=KANDIDAT_FIELDS,
            rows=self.baru,
            insert_values={
                "instansi_id": self.context.instansi.pk,
                "tanggal_acuan": self.context.acuan,
                "dihitung_pada": self.now,
            },
        )
        self.result.kandidat_baru += len(self.baru)
        self.baru = []

    def _update(self) -> None:
        if not self.diubah:
            return
        columns = list(zip(*(row[2:] for _id, row in self.diubah), strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE suksesi_kandidat k SET
                       tingkat = v.tingkat, kotak = v.kotak, nominasi = v.nominasi, kelayakan = v.kelayakan,
                       kriteria = v.kriteria::jsonb, jpm_jabatan = v.jpm, jpm_sumber = v.sumber,
                       skor_peringkat = v.skor, kesiapan = v.kesiapan, alasan_kesiapan = v.alasan,
                       tahun_ke_bup = v.tahun, hasil_hash = v.hash, tanggal_acuan = %s, dihitung_pada = %s
                     FROM unnest(%s::bigint[], %s::text[], %s::smallint[], %s::boolean[], %s::text[], %s::text[],
                                 %s::numeric[], %s::text[], %s::numeric[], %s::text[], %s::text[], %s::numeric[],
                                 %s::text[])
                          AS v(id, tingkat, kotak, nominasi, kelayakan, kriteria, jpm, sumber, skor, kesiapan,
                               alasan, tahun, hash)
                    WHERE k.id = v.id""",
                [
                    self.context.acuan,
                    self.now,
                    int_array(id_ for id_, _row in self.diubah),
                    text_array(columns[0]),
                    int_array(columns[1]),
                    text_array("t" if x else "f" for x in columns[2]),
                    *(text_array(column) for column in columns[3:]),
                ],
            )
        self.result.kandidat_diubah += len(self.diubah)
        self.diubah = []

    def finish(self) -> None:
        self._insert()
        self._update()
        if self.stored:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM suksesi_kandidat WHERE id = ANY(%s::bigint[])",
                    [int_array(current[0] for current in self.stored.values())],
                )
            self.result.kandidat_dihapus += len(self.stored)
            for (post_id, pegawai_id), current in self.stored.items():
                self.touched.add(post_id)
                self.lepas.add((pegawai_id, current[1]))
            self.stored = {}


def _kandidat_stored(*, context: _Context, column: str, ids: list[int]) -> dict[tuple[int, int], tuple]:
    """{(post, pegawai): (id, level, hash)} of the stored rows of the given posts or pegawai."""
    if column not in ("jabatan_kunci_id", "pegawai_id"):
        raise ValueError(column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT jabatan_kunci_id, pegawai_id, id, tingkat, hasil_hash FROM suksesi_kandidat
                 WHERE instansi_id = %s AND {column} = ANY(%s::bigint[])""",  # noqa: S608 - a fixed column
            [context.instansi.pk, int_array(ids)],
        )
        return {(row[0], row[1]): row[2:] for row in cursor.fetchall()}


def _dasar_write(
    *, context: _Context, writer: _Writer, result: FlushResult, pegawai_ids: list[int] | None = None
) -> set[str]:
    """Write the level-only criteria the batch's rows use where they differ from the stored ones.
    `pegawai_ids` (a pegawai batch: every candidacy of theirs was recomputed): their stored rows of
    other levels are deleted. Without it (a post batch), the rows its candidates no longer use are
    deleted once no Kandidat row uses them. Returns the levels whose stored rows changed."""
    needed = writer.dasar
    if pegawai_ids is None:
        todo = {key: value for key, value in needed.items() if key not in context.dasar_tersimpan}
    else:
        todo = needed
    instansi_id = context.instansi.pk
    changed_levels: set[str] = set()
    with connection.cursor() as cursor:
        stored: dict[tuple[int, str], tuple[int, str]] = {}  # (pegawai, level) -> (id, hash)
        if pegawai_ids is not None:
            cursor.execute(
                """SELECT pegawai_id, tingkat, id, hasil_hash FROM suksesi_kandidatdasar
                    WHERE instansi_id = %s AND pegawai_id = ANY(%s::bigint[])""",
                [instansi_id, int_array(pegawai_ids)],
            )
            stored = {(row[0], row[1]): row[2:] for row in cursor.fetchall()}
        elif todo:
            cursor.execute(
                """SELECT pegawai_id, tingkat, id, hasil_hash FROM suksesi_kandidatdasar
                    WHERE instansi_id = %s AND pegawai_id = ANY(%s::bigint[]) AND tingkat = ANY(%s::text[])""",
                [instansi_id, int_array({k[0] for k in todo}), text_array({k[1] for k in todo})],
            )
            stored = {(row[0], row[1]): row[2:] for row in cursor.fetchall()}
        baru, diubah = [], []
        for key, (kriteria, digest) in todo.items():
            current = stored.pop(key, None)
            if current is None:
                baru.append((key[0], key[1], kriteria, digest))
            elif current[1] != digest:
                diubah.append((current[0], kriteria, digest))
                changed_levels.add(key[1])
        if baru:
            rows_insert(
                model=KandidatDasarRow,
                fields=DASAR_FIELDS,
                rows=baru,
                insert_values={"instansi_id": instansi_id, "dihitung_pada": writer.now},
            )
        if diubah:
            cursor.execute(
                """UPDATE suksesi_kandidatdasar d SET kriteria = v.kriteria::jsonb, hasil_hash = v.hash,
                          dihitung_pada = %s
                     FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, kriteria, hash)
                    WHERE d.id = v.id""",
                [
                    writer.now,
                    int_array(row[0] for row in diubah),
                    text_array(row[1] for row in diubah),
                    text_array(row[2] for row in diubah),
                ],
            )
        context.dasar_tersimpan |= set(todo)
        result.dasar_baru += len(baru)
        result.dasar_diubah += len(diubah)
        if pegawai_ids is not None:
            gone = [current[0] for key, current in stored.items() if key not in needed]
            if gone:
                cursor.execute(
                    "DELETE FROM suksesi_kandidatdasar WHERE id = ANY(%s::bigint[])", [int_array(gone)]
                )
                result.dasar_dihapus += len(gone)
        elif writer.lepas:
            lepas = [key for key in writer.lepas if key not in needed]
            if lepas:
                cursor.execute(
                    """DELETE FROM suksesi_kandidatdasar d
                         USING unnest(%s::bigint[], %s::text[]) AS v(pegawai_id, tingkat)
                        WHERE d.instansi_id = %s AND d.pegawai_id = v.pegawai_id AND d.tingkat = v.tingkat
                          AND NOT EXISTS (SELECT 1 FROM suksesi_kandidat k
                                           WHERE k.instansi_id = d.instansi_id AND k.pegawai_id = d.pegawai_id
                                             AND k.tingkat = d.tingkat)
                    RETURNING d.pegawai_id, d.tingkat""",
                    [int_array(k[0] for k in lepas), text_array(k[1] for k in lepas), instansi_id],
                )
                deleted = cursor.fetchall()
                context.dasar_tersimpan -= set(deleted)
                result.dasar_dihapus += len(deleted)
    return changed_levels


def _posts_batch(
    *, context: _Context, marks: list[tuple], krs: dict[str, list[int]], result: FlushResult
) -> None:
    """`krs`: {level: pegawai in a KRS at that level}, grouped once per drain."""
    posts = _posts_load(context=context)
    post_ids = [post_id for _id, post_id, _since in marks]
    nominasi = _nominasi_load(context=context, jabatan_kunci_ids=post_ids)
    feeders: dict[int, list[int]] = {}
    for post_id in post_ids:
        post = posts.get(post_id)
        if post is None or not post.aktif:
            feeders[post_id] = []
            continue
        feeders[post_id] = sorted(
            post_feeders(aturan=context.aturan, post=post, krs=krs, nominasi=nominasi.get(post_id, {}))
        )
    context.inputs_ensure({p for ids in feeders.values() for p in ids})
    writer = _Writer(
        context, result, _kandidat_stored(context=context, column="jabatan_kunci_id", ids=post_ids)
    )
    for post_id in post_ids:
        post_nominasi = nominasi.get(post_id, {})
        for pegawai_id in feeders[post_id]:
            if pegawai_id not in context.inputs:  # nominated but no longer active here
                continue
            post = posts[post_id]
            writer.add(
                _kandidat_row(
                    context=context,
                    post=post,
                    pegawai_id=pegawai_id,
                    nominasi=post_nominasi.get(pegawai_id),
                ),
                (pegawai_id, post.tingkat, post.jabatan.bup_usia),
            )
    writer.finish()
    changed_levels = _dasar_write(context=context, writer=writer, result=result)
    if changed_levels:
        # A level-only row changed (the planning date moved since it was written): the other posts
        # of that level show it too, so their rows (kelayakan, kesiapan) are recomputed as well.
        others = [
            p.id for p in posts.values() if p.aktif and p.tingkat in changed_levels and p.id not in post_ids
        ]
        if others:
            with connection.cursor() as cursor:
                cursor.execute(
                    """UPDATE suksesi_statussuksesi SET dirty_since = clock_timestamp(),
                              penyebab_kotor = 'kriteria tingkat berubah'
                        WHERE instansi_id = %s AND jabatan_kunci_id = ANY(%s::bigint[]) AND dirty_since IS NULL""",
                    [context.instansi.pk, int_array(others)],
                )
    _status_recount(context=context, posts=posts, post_ids=post_ids, result=result)
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE suksesi_statussuksesi s SET dirty_since = NULL, penyebab_kotor = '', dihitung_pada = now()
                 FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, dirty_since)
                WHERE s.id = v.id AND s.dirty_since = v.dirty_since""",
            [int_array(m[0] for m in marks), text_array(m[2] for m in marks)],
        )
    result.jabatan += len(marks)


def post_feeders(
    *, aturan: Aturan, post: _Post, krs: dict[str, list[int]], nominasi: dict[int, str]
) -> set[int]:
    """The pegawai a post's list is drawn from under `aturan` (docs/succession.md "Kelompok
    kandidat"): the KRS members at the path's feeder levels (`krs`: {level: pegawai}), plus those
    nominated for it (`nominasi`: {pegawai: reason}), minus the holder. Shared with the rule-set
    preview (pratinjau.py), which draws both rule sets' lists from the same pools."""
    ids = {p for t in aturan.tingkat_asal(post.tingkat) for p in krs.get(t, ())}
    ids |= set(nominasi)
    ids.discard(post.pemegang_id)
    return ids


def _pegawai_batch(*, context: _Context, marks: list[tuple], result: FlushResult) -> None:
    ids = [pegawai_id for _id, pegawai_id, _since in marks]
    posts = _posts_load(context=context)
    nominasi = _nominasi_load(context=context, pegawai_ids=ids)
    krs = krs_pegawai_load(instansi=context.instansi, periode=context.acuan.year, pegawai_ids=ids)
    by_asal: dict[str, list[_Post]] = defaultdict(list)  # feeder level -> the active posts it feeds
    for post in posts.values():
        if post.aktif:
            for tingkat in context.aturan.tingkat_asal(post.tingkat):
                by_asal[tingkat].append(post)
    nominated: dict[int, dict[int, str]] = defaultdict(dict)  # pegawai -> {post: reason}
    for post_id, per_pegawai in nominasi.items():
        for pegawai_id, alasan in per_pegawai.items():
            nominated[pegawai_id][post_id] = alasan
    targets: list[tuple[_Post, int, str | None]] = []
    for pegawai_id in ids:
        own = nominated.get(pegawai_id, {})
        feeds = {post.id: post for post in by_asal.get(krs.get(pegawai_id), ())}
        for post_id in own:
            if post_id in posts and posts[post_id].aktif:
                feeds[post_id] = posts[post_id]
        for post in feeds.values():
            if post.pemegang_id != pegawai_id:
                targets.append((post, pegawai_id, own.get(post.id)))
    # Their inputs changed: read afresh (and forget what was cached of them).
    context.inputs_ensure(sorted({pegawai_id for _p, pegawai_id, _a in targets}), fresh=True)
    writer = _Writer(context, result, _kandidat_stored(context=context, column="pegawai_id", ids=ids))
    for post, pegawai_id, alasan in targets:
        if pegawai_id in context.inputs:
            writer.add(
                _kandidat_row(context=context, post=post, pegawai_id=pegawai_id, nominasi=alasan),
                (pegawai_id, post.tingkat, post.jabatan.bup_usia),
            )
    writer.finish()
    _dasar_write(context=context, writer=writer, result=result, pegawai_ids=ids)
    # Only the posts whose rows were written are recounted; a holder's own data (birth date,
    # status) decides the post's BUP date and risk.
    touched = set(writer.touched)
    id_set = set(ids)
    touched |= {post.id for post in posts.values() if post.pemegang_id in id_set}
    _status_recount(context=context, posts=posts, post_ids=sorted(touched), result=result)
    with connection.cursor() as cursor:
        cursor.execute(
            """DELETE FROM suksesi_suksesikotor k
                USING unnest(%s::bigint[], %s::timestamptz[]) AS v(id, dirty_since)
                WHERE k.id = v.id AND k.dirty_since = v.dirty_since""",
            [int_array(m[0] for m in marks), text_array(m[2] for m in marks)],
        )
    result.pegawai += len(marks)


def _post_bup_lowong(post: _Post) -> tuple[dt.date | None, bool]:
    """(the holder's BUP date or None, whether the post counts as vacant): a holder no longer
    active here leaves it vacant."""
    bup = None
    if post.pemegang_lahir is not None:
        bup = tanggal_bup(post.pemegang_lahir, post.jabatan.bup_usia)
    return bup, post.aktif and post.pemegang_lahir is None


def status_suksesi_hitung(
    *, post: _Post, kandidat: list[tuple[str, str]], aturan: Aturan, acuan: dt.date
) -> dict:
    """The status `_status_recount` stores for a post (counts, bench strength, risk and its
    reason), computed from its candidates' (kelayakan, kesiapan) without writing: the rule-set
    preview's figures. The two must agree (tests/suksesi/test_pratinjau_suksesi.py compares them
    after a flush)."""
    bup, lowong = _post_bup_lowong(post)
    kelayakan = [k for k, _s in kandidat]
    sekarang = sum(1 for _k, s in kandidat if s == SIAP_SEKARANG)
    satu_dua = sum(1 for _k, s in kandidat if s == SIAP_1_2)
    horizon = tambah_bulan(acuan, aturan.bulan_berisiko)
    terancam = lowong or (bup is not None and bup <= horizon)
    berisiko = terancam and sekarang == 0
    alasan = ""
    if berisiko:
        sebab = "jabatan lowong" if lowong else f"pemegang mencapai BUP {bup.strftime('%d-%m-%Y')}"
        alasan = f"{sebab}; tidak ada kandidat siap sekarang"
    return {
        "jumlah_kandidat": len(kandidat),
        "jumlah_memenuhi": kelayakan.count(MEMENUHI),
        "jumlah_perlu_verifikasi": kelayakan.count(PERLU_VERIFIKASI),
        "jumlah_tidak_memenuhi": kelayakan.count(TIDAK_MEMENUHI),
        "jumlah_siap_sekarang": sekarang,
        "jumlah_siap_1_2": satu_dua,
        "kekuatan_bench": sekarang + satu_dua,
        "berisiko": berisiko,
        "alasan_risiko": alasan,
    }


def _status_recount(
    *, context: _Context, posts: dict[int, _Post], post_ids: list[int], result: FlushResult
) -> None:
    """Counts, bench strength, the holder's BUP date and the risk of the given posts, from their
    stored candidates, in one statement (status rows created if missing)."""
    post_ids = [post_id for post_id in post_ids if post_id in posts]
    if not post_ids:
        return
    bup, lowong = [], []
    for post_id in post_ids:
        post_bup, post_lowong = _post_bup_lowong(posts[post_id])
        bup.append(post_bup)
        lowong.append(post_lowong)
    horizon = tambah_bulan(context.acuan, context.aturan.bulan_berisiko)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO suksesi_statussuksesi AS s
                (instansi_id, jabatan_kunci_id, aturan_id, tanggal_acuan, tanggal_bup_pemegang,
                 jumlah_kandidat, jumlah_memenuhi, jumlah_perlu_verifikasi, jumlah_tidak_memenuhi,
                 jumlah_siap_sekarang, jumlah_siap_1_2, kekuatan_bench, berisiko, alasan_risiko,
                 dihitung_pada, dirty_since, penyebab_kotor)
            SELECT %(instansi)s, v.id, %(aturan)s, %(acuan)s, v.bup,
                   COALESCE(c.n, 0), COALESCE(c.memenuhi, 0), COALESCE(c.perlu, 0), COALESCE(c.tidak, 0),
                   COALESCE(c.sekarang, 0), COALESCE(c.satu_dua, 0),
                   COALESCE(c.sekarang, 0) + COALESCE(c.satu_dua, 0),
                   (v.lowong OR v.bup <= %(horizon)s) AND COALESCE(c.sekarang, 0) = 0,
                   CASE WHEN (v.lowong OR v.bup <= %(horizon)s) AND COALESCE(c.sekarang, 0) = 0
                        THEN CASE WHEN v.lowong THEN 'jabatan lowong'
                                  ELSE 'pemegang mencapai BUP ' || to_char(v.bup, 'DD-MM-YYYY') END
                             || '; tidak ada kandidat siap sekarang'
                        ELSE '' END,
                   now(), NULL, ''
              FROM unnest(%(ids)s::bigint[], %(bup)s::date[], %(lowong)s::boolean[]) AS v(id, bup, lowong)
              LEFT JOIN (
                    SELECT jabatan_kunci_id, count(*) AS n,
                           count(*) FILTER (WHERE kelayakan = 'memenuhi') AS memenuhi,
                           count(*) FILTER (WHERE kelayakan = 'perlu_verifikasi') AS perlu,
                           count(*) FILTER (WHERE kelayakan = 'tidak_memenuhi') AS tidak,
                           count(*) FILTER (WHERE kesiapan = %(siap_sekarang)s) AS sekarang,
                           count(*) FILTER (WHERE kesiapan = %(siap_1_2)s) AS satu_dua
                      FROM suksesi_kandidat
                     WHERE instansi_id = %(instansi)s AND jabatan_kunci_id = ANY(%(ids)s::bigint[])
                     GROUP BY jabatan_kunci_id
                   ) c ON c.jabatan_kunci_id = v.id
            ON CONFLICT (jabatan_kunci_id) DO UPDATE SET
                aturan_id = EXCLUDED.aturan_id, tanggal_acuan = EXCLUDED.tanggal_acuan,
                tanggal_bup_pemegang = EXCLUDED.tanggal_bup_pemegang,
                jumlah_kandidat = EXCLUDED.jumlah_kandidat, jumlah_memenuhi = EXCLUDED.jumlah_memenuhi,
                jumlah_perlu_verifikasi = EXCLUDED.jumlah_perlu_verifikasi,
                jumlah_tidak_memenuhi = EXCLUDED.jumlah_tidak_memenuhi,
                jumlah_siap_sekarang = EXCLUDED.jumlah_siap_sekarang, jumlah_siap_1_2 = EXCLUDED.jumlah_siap_1_2,
                kekuatan_bench = EXCLUDED.kekuatan_bench, berisiko = EXCLUDED.berisiko,
                alasan_risiko = EXCLUDED.alasan_risiko, dihitung_pada = EXCLUDED.dihitung_pada
            -- an unchanged status is not rewritten (a post batch stamps dihitung_pada as it clears the mark)
            WHERE (s.aturan_id, s.tanggal_acuan, s.tanggal_bup_pemegang, s.jumlah_kandidat, s.jumlah_memenuhi,
                   s.jumlah_perlu_verifikasi, s.jumlah_tidak_memenuhi, s.jumlah_siap_sekarang, s.jumlah_siap_1_2,
                   s.kekuatan_bench, s.berisiko, s.alasan_risiko, s.dihitung_pada IS NULL)
                  IS DISTINCT FROM
                  (EXCLUDED.aturan_id, EXCLUDED.tanggal_acuan, EXCLUDED.tanggal_bup_pemegang,
                   EXCLUDED.jumlah_kandidat, EXCLUDED.jumlah_memenuhi, EXCLUDED.jumlah_perlu_verifikasi,
                   EXCLUDED.jumlah_tidak_memenuhi, EXCLUDED.jumlah_siap_sekarang, EXCLUDED.jumlah_siap_1_2,
                   EXCLUDED.kekuatan_bench, EXCLUDED.berisiko, EXCLUDED.alasan_risiko, false)
            """,
            {
                "instansi": context.instansi.pk,
                "aturan": context.aturan_obj.pk,
                "acuan": context.acuan,
                "horizon": horizon,
                "ids": int_array(post_ids),
                "bup": text_array(bup),
                "lowong": text_array("t" if x else "f" for x in lowong),
                "siap_sekarang": SIAP_SEKARANG,
                "siap_1_2": SIAP_1_2,
            },
        )
        result.status_diubah += cursor.rowcount
    result.status += len(post_ids)


# --- the safety net and the nightly refresh ------------------------------------------------------------


def suksesi_sweep_targets(*, older_than_seconds: int) -> list[int]:
    """Ids of instansi with succession marks older than `older_than_seconds`: a maintenance read
    of ids only (no personal data), across tenants."""
    limit = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    with lintas_instansi(alasan=Lintas.PENYAPU), connection.cursor() as cursor:
        cursor.execute(
            """SELECT instansi_id FROM suksesi_statussuksesi WHERE dirty_since < %s
               UNION
               SELECT instansi_id FROM suksesi_suksesikotor WHERE dirty_since < %s
               ORDER BY 1""",
            [limit, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def suksesi_refresh_all() -> list[int]:
    """Nightly: the planning date moved (years to BUP, SKP years, asesmen validity, time on the
    path), so every active key post of every instansi that has one is marked dirty, each instansi
    in its own transaction and scope (its flush queued after commit). Its one cross-tenant read is
    the ids of the instansi with an active key post (no personal data, Lintas.PENYAPU)."""
    with lintas_instansi(alasan=Lintas.PENYAPU), connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT instansi_id FROM suksesi_jabatankunci WHERE aktif ORDER BY 1")
        ids = [row[0] for row in cursor.fetchall()]
    for instansi in tenant_model().objects.filter(pk__in=ids).order_by("pk"):
        # Each mark in its own instansi's scope: row-level security admits only that tenant's rows.
        with instansi_scope(instansi), transaction.atomic():
            status_suksesi_mark_dirty(
                instansi_id=instansi.pk, jabatan_kunci_ids=None, penyebab="refresh harian"
            )
    return ids
