"""The recompute pipeline on real workers, a real broker and real faults.

* An SKP import moves placements on the worker with nobody calling the flush.
* A worker SIGKILLed in the middle of a bulk recompute loses nothing: the beat sweeper, sent
  through the broker, finishes the job on a fresh worker and every placement equals a synchronous
  computation, with one history row per change.
* A worker SIGKILLed while finishing a recompute leaves no used rule set unfrozen and no job open.
* Redis down while data changes: the writes succeed, the rows stay dirty in PostgreSQL, and once
  Redis is back the sweeper catches every one of them up.

To kill a worker at a known point rather than at a random one, the test holds a row lock the
worker's flush needs (a pegawai row of the last batch, or the rule set's row), waits until
pg_stat_activity shows the worker waiting on it, and then kills the worker's process group.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager
from decimal import Decimal
from io import StringIO
from uuid import uuid4

import psycopg2
import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.asesmen.models import Asesmen
from apps.core.tenancy import instansi_scope
from apps.kinerja.models import SKP
from apps.kinerja.predikat import MATRIKS
from apps.kinerja.services import SkpData, skp_write
from apps.pegawai.models import Pegawai, RiwayatJabatan, RiwayatPendidikan
from apps.petatalenta.engine import Aturan, penempatan_compute
from apps.petatalenta.inputs import penempatan_inputs_load
from apps.petatalenta.models import HitungUlang, Penempatan, RiwayatPenempatan
from apps.petatalenta.selectors import hitung_ulang_progress
from apps.petatalenta.services import (
    BATCH_SIZE,
    aturan_aktif_get,
    hitung_ulang_start,
    penempatan_flush,
    periode_sekarang,
    tanggal_acuan_periode,
)
from apps.petatalenta.tasks import penempatan_sweep_task
from talenta.settings.env import redis_url_with_db
from tests.factories import PegawaiFactory, nip_pns
from tests.impor.util import SKP_HEADERS, csv_bytes, skp_row

from .workers import (
    RedisServer,
    celery_app_on,
    free_port,
    redis_ping_or_fail,
    thread_worker,
    wait_for,
    worker_process,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Redis databases of these tests only (core tests use 3/4, import tests 7/8, the test cache 10+).
BROKER_DB, BACKEND_DB = 13, 14
PERIODE = periode_sekarang()
TAHUN_LALU = timezone.localdate().year - 1
RATINGS = {predikat: pair for pair, predikat in MATRIKS.items()}  # a (hasil, perilaku) per predikat
RATING_LABEL = {
    "di_atas": "Di Atas Ekspektasi",
    "sesuai": "Sesuai Ekspektasi",
    "di_bawah": "Di Bawah Ekspektasi",
}


@pytest.fixture
def broker():
    """This process's Celery app on Redis databases of these tests, its broker keys under a prefix
    of this test only: a concurrent run (another developer's, another xdist worker's) never
    takes these messages, whose ids name rows of this test database."""
    urls = {"broker_url": redis_url_with_db(settings.REDIS_URL, BROKER_DB)}
    urls["backend_url"] = redis_url_with_db(settings.REDIS_URL, BACKEND_DB)
    for url in urls.values():
        redis_ping_or_fail(url)
    prefix = f"talenta-pipeline-{uuid4().hex[:12]}:"
    try:
        with celery_app_on(**urls, broker_prefix=prefix):
            yield {**urls, "broker_prefix": prefix}
    finally:
        client = redis.Redis.from_url(urls["broker_url"])
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


# --- data and expectations ------------------------------------------------------------------------


def _asesmen(instansi, pegawai_id: int, potensi: str, jpm: str) -> Asesmen:
    today = timezone.localdate()
    return Asesmen(
        instansi=instansi, pegawai_id=pegawai_id, tanggal=today - dt.timedelta(days=30),
        lembaga="UPT Penilaian Kompetensi", metode="assessment_center", nilai_potensi=Decimal(potensi),
        jpm=Decimal(jpm), berlaku_sampai=today + dt.timedelta(days=700),
    )  # fmt: skip


def _skp_data(pegawai_id: int, predikat: str, *, ratings: tuple[str, str] | None = None) -> SkpData:
    hasil, perilaku = ratings or RATINGS[predikat]
    return SkpData(pegawai_id, TAHUN_LALU, "tahunan", str(hasil), str(perilaku), predikat)


def _import_row(nip: str, predikat: str, ratings: tuple[str, str] | None = None) -> dict:
    hasil, perilaku = ratings or RATINGS[predikat]
    return skp_row(
        nip,
        Tahun=str(TAHUN_LALU),
        **{
            "Rating Hasil Kerja": RATING_LABEL[str(hasil)],
            "Rating Perilaku Kerja": RATING_LABEL[str(perilaku)],
            "Predikat": predikat,
        },
    )


def _bulk_pegawai(instansi, n: int) -> list[int]:
    """`n` pegawai with a spread of inputs (asesmen, SKP, approved education and career history;
    some without asesmen or SKP), bulk-inserted: no inputs_changed, nothing dirty yet."""
    today = timezone.localdate()
    predikat = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"]
    skor = [("100", "100"), ("50", "50"), ("70", "90"), ("95", "30")]
    with scopes_disabled():
        pegawai = Pegawai.objects.bulk_create(
            [
                Pegawai(
                    instansi=instansi, nama=f"Pegawai Uji {i:05d}",
                    nip=nip_pns(lahir=dt.date(1970, 1, 1) + dt.timedelta(days=i), tmt=dt.date(2000, 3, 1),
                                kelamin="LP"[i % 2], urut=1 + i % 999),
                    tanggal_lahir=dt.date(1970, 1, 1) + dt.timedelta(days=i), jenis_kelamin="LP"[i % 2],
                    status_kepegawaian="pns", golongan="III/b", jenis_jabatan="pelaksana",
                    nama_jabatan="Pengadministrasi Umum",
                )
                for i in range(n)
            ],
            batch_size=1000,
        )  # fmt: skip
        ids = [p.pk for p in pegawai]
        Asesmen.objects.bulk_create(
            [_asesmen(instansi, pk, *skor[i % 4]) for i, pk in enumerate(ids) if i % 7], batch_size=1000
        )
        SKP.objects.bulk_create(
            [
                SKP(instansi=instansi, pegawai_id=pk, tahun=TAHUN_LALU, periode="tahunan", sumber="impor",
                    rating_hasil_kerja=RATINGS[predikat[i % 5]][0], rating_perilaku_kerja=RATINGS[predikat[i % 5]][1],
                    predikat=predikat[i % 5])
                for i, pk in enumerate(ids)
                if i % 11
            ],
            batch_size=1000,
        )  # fmt: skip
        RiwayatPendidikan.objects.bulk_create(
            [
                RiwayatPendidikan(instansi=instansi, pegawai_id=pk, jenjang="s3", institusi="Universitas Palangka Raya",
                                  tahun_lulus=2010, status="disetujui")
                for i, pk in enumerate(ids)
                if i % 3 == 0
            ],
            batch_size=1000,
        )  # fmt: skip
        RiwayatJabatan.objects.bulk_create(
            [
                RiwayatJabatan(instansi=instansi, pegawai_id=pk, jenis_jabatan="pelaksana", nama_jabatan="Analis",
                               unit="Dinas Pendidikan", tmt_mulai=today - dt.timedelta(days=8 * 365),
                               status="disetujui")
                for i, pk in enumerate(ids)
                if i % 4 == 0
            ],
            batch_size=1000,
        )  # fmt: skip
    return ids


def _penempatan_rows(instansi, pegawai_ids=None) -> dict[int, Penempatan]:
    with instansi_scope(instansi):
        rows = Penempatan.objects.filter(periode=PERIODE)
        if pegawai_ids is not None:
            rows = rows.filter(pegawai_id__in=list(pegawai_ids))
        return {p.pegawai_id: p for p in rows}


def _dirty(instansi) -> int:
    with instansi_scope(instansi):
        return Penempatan.objects.filter(periode=PERIODE, dirty_since__isnull=False).count()


def _history(instansi, pegawai_id: int) -> list[RiwayatPenempatan]:
    with instansi_scope(instansi):
        return list(RiwayatPenempatan.objects.filter(pegawai_id=pegawai_id).order_by("id"))


def assert_penempatan_equal_the_engine(instansi, pegawai_ids) -> dict:
    """Every placement is exactly what the pure engine computes now from the stored inputs."""
    ids = list(pegawai_ids)
    with instansi_scope(instansi):
        aturan_obj = aturan_aktif_get(instansi=instansi)
        aturan = Aturan.from_config(aturan_obj.konfigurasi)
        inputs = penempatan_inputs_load(
            instansi=instansi,
            pegawai_ids=ids,
            tanggal_acuan=tanggal_acuan_periode(periode=PERIODE),
            aturan=aturan,
        )
    rows = _penempatan_rows(instansi, ids)
    assert sorted(rows) == sorted(ids)
    expected, mismatches = {}, []
    for pegawai_id in ids:
        penempatan = penempatan_compute(
            inputs=inputs[pegawai_id], aturan=aturan, konfigurasi=aturan_obj.konfigurasi
        )
        expected[pegawai_id] = penempatan
        row = rows[pegawai_id]
        got = (
            row.aturan_id, row.kotak, row.status, row.level_potensial, row.level_kinerja, row.skor_potensial,
            row.skor_kinerja, row.talent_pool, row.kekurangan, row.inputs_hash, row.rincian["inputs"],
            row.dirty_since,
        )  # fmt: skip
        want = (
            aturan_obj.pk, penempatan.kotak, penempatan.status, penempatan.level_potensial, penempatan.level_kinerja,
            penempatan.skor_potensial, penempatan.skor_kinerja, penempatan.talent_pool, list(penempatan.kekurangan),
            penempatan.inputs_hash, inputs[pegawai_id].as_jsonable(), None,
        )  # fmt: skip
        if got != want:
            mismatches.append((pegawai_id, got, want))
    assert not mismatches, f"{len(mismatches)} placements differ from the engine, e.g. {mismatches[:2]}"
    return expected


class RowLock:
    """A row lock held by a database session of its own (not the test's), until released."""

    def __init__(self, sql: str, params: list):
        # Django's own parameters: they carry OPTIONS too, where the embedded run mode's socket
        # directory (`?host=` of DATABASE_URL) lives; without it libpq picks the system socket.
        self.conn = psycopg2.connect(**connection.get_connection_params())
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.pid = cursor.fetchone()[0]
            cursor.execute(sql, params)  # psycopg2 opened a transaction: held until release()
            assert cursor.rowcount == 1

    def release(self) -> None:
        if not self.conn.closed:
            self.conn.rollback()
            self.conn.close()


@contextmanager
def frozen_worker(lock: RowLock, *, broker: dict, log_path):
    """A worker subprocess, yielded once its database session waits on `lock`. The lock is
    released when the block ends, before a worker still alive (the test failed) is stopped."""
    try:
        with worker_process(log_path=log_path, **broker) as worker:
            try:
                wait_for(
                    lambda: any(lock.pid in blockers for _pid, blockers in worker.db_sessions()),
                    what="the worker to wait on the test's row lock",
                    details=worker.log,
                )
                yield worker
            finally:
                lock.release()
    finally:
        lock.release()


def kill_frozen(worker, lock: RowLock) -> None:
    """SIGKILL the worker while it waits on `lock`; once PostgreSQL has ended its session (and
    rolled back its transaction), release the lock."""
    worker.kill()
    wait_for(
        lambda: not worker.db_sessions(),
        what="PostgreSQL to end the killed worker's session",
        details=lambda: f"sessions: {worker.db_sessions()}",
    )
    lock.release()


# --- 1. an import moves placements on the worker --------------------------------------------------


def test_an_skp_import_moves_penempatan_on_the_worker_without_anyone_flushing(
    broker, instansi_a, unit_tree_a, tmp_path
):
    with scopes_disabled():
        pegawai = [PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0]) for _ in range(6)]
        # Potensial: JPM 20 + potensi 25 + integritas 15 = 60 points (menengah) for the first
        # three, 37.50 (rendah) for the others. Kinerja: only "Sangat Baik" reaches 60 (sesuai).
        Asesmen.objects.bulk_create(
            [
                _asesmen(instansi_a, p.pk, *(("100", "100") if i < 3 else ("50", "50")))
                for i, p in enumerate(pegawai)
            ]
        )
    ids = [p.pk for p in pegawai]
    awal = ["Baik", "Baik", "Sangat Baik", "Baik", "Sangat Baik", "Baik"]

    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=None, rows=[_skp_data(pk, awal[i]) for i, pk in enumerate(ids)])
    with thread_worker():
        # Nobody calls the flush: the worker places everyone after the commit.
        wait_for(
            lambda: (
                (p := _penempatan_rows(instansi_a))
                and len(p) == 6
                and all(r.dirty_since is None for r in p.values())
            ),
            what="the first placements",
        )
        before = _penempatan_rows(instansi_a)
        assert [before[pk].kotak for pk in ids] == [3, 3, 5, 1, 2, 1]
        assert all(before[pk].status == "final" for pk in ids)
        assert all(
            [(h.kotak_lama, h.penyebab) for h in _history(instansi_a, pk)] == [(None, "skp")] for pk in ids
        )

        # The import: four predikat change; pegawai[1] keeps "Baik" from other ratings (its SKP
        # row changes, its placement's inputs do not); pegawai[5] is not in the file.
        file = tmp_path / "skp.csv"
        file.write_bytes(
            csv_bytes(
                [
                    _import_row(pegawai[0].nip, "Sangat Baik"),
                    _import_row(pegawai[1].nip, "Baik", ratings=("di_atas", "sesuai")),
                    _import_row(pegawai[2].nip, "Sangat Kurang"),
                    _import_row(pegawai[3].nip, "Sangat Baik"),
                    _import_row(pegawai[4].nip, "Butuh Perbaikan"),
                ],
                SKP_HEADERS,
            )
        )
        out = StringIO()
        call_command("import_skp", str(file), instansi=instansi_a.kode, stdout=out, stderr=StringIO())
        assert "Diubah:            5" in out.getvalue()
        with instansi_scope(instansi_a):
            assert SKP.objects.get(pegawai=pegawai[0], tahun=TAHUN_LALU).predikat == "Sangat Baik"

        moved = {ids[0]: (3, 5), ids[2]: (5, 3), ids[3]: (1, 2), ids[4]: (2, 1)}
        wait_for(
            lambda: (
                (p := _penempatan_rows(instansi_a))
                and all(p[pk].kotak == new for pk, (_old, new) in moved.items())
                and not any(r.dirty_since for r in p.values())
            ),
            what="the imported predikat to reach the placements",
            timeout=30,
            details=lambda: {pk: (r.kotak, r.dirty_since) for pk, r in _penempatan_rows(instansi_a).items()},
        )

    after = _penempatan_rows(instansi_a)
    for pk, (old, new) in moved.items():
        history = _history(instansi_a, pk)
        assert [(h.kotak_lama, h.kotak_baru, h.penyebab) for h in history] == [
            (None, old, "skp"),
            (old, new, "skp.import"),
        ]
        assert history[-1].inputs_hash == after[pk].inputs_hash
        assert after[pk].dihitung_pada > before[pk].dihitung_pada
    # Same inputs: the dirty mark was cleared, nothing rewritten, no history.
    assert after[ids[1]].kotak == 3 and after[ids[1]].dihitung_pada == before[ids[1]].dihitung_pada
    assert len(_history(instansi_a, ids[1])) == 1
    # Not in the file: never marked.
    assert after[ids[5]].dihitung_pada == before[ids[5]].dihitung_pada
    assert len(_history(instansi_a, ids[5])) == 1
    assert_penempatan_equal_the_engine(instansi_a, ids)


# --- 2. a worker killed in the middle of a bulk recompute ---------------------------------------


def test_a_worker_killed_mid_recompute_loses_nothing_and_the_sweeper_finishes(broker, instansi_a, tmp_path):
    n = 3 * BATCH_SIZE
    ids = _bulk_pegawai(instansi_a, n)
    with instansi_scope(instansi_a):
        job = hitung_ulang_start(instansi=instansi_a, penyebab="uji.hitung_ulang")
        # The flush drains the dirty rows oldest mark first: lock a pegawai of the last batch.
        last = (
            Penempatan.objects.filter(periode=PERIODE)
            .order_by("-dirty_since")
            .values_list("pegawai_id", flat=True)[0]
        )
    assert job.total == n  # the flush is on the broker now, waiting for a worker

    def progress():
        with instansi_scope(instansi_a):
            job.refresh_from_db()
            return hitung_ulang_progress(job=job)

    lock = RowLock("SELECT 1 FROM pegawai_pegawai WHERE id = %s FOR UPDATE", [last])
    with frozen_worker(lock, broker=broker, log_path=tmp_path / "worker-1.log") as worker:
        # The batches before the last one committed; the last one waits on the lock to commit.
        state = progress()
        assert state.total == n and 0 < state.diproses < n and not state.selesai, state
        kill_frozen(worker, lock)

    # Killed mid-recompute: the committed batches stay, the batch in flight was rolled back.
    dirty = _dirty(instansi_a)
    assert dirty == state.sisa, (dirty, state)
    state = progress()
    assert (state.total, state.sisa, state.selesai) == (n, dirty, False)
    with instansi_scope(instansi_a):
        assert RiwayatPenempatan.objects.count() == n - dirty  # exactly the committed rows, once each
        assert HitungUlang.objects.get(pk=job.pk).selesai_pada is None

    # Recovery as in production: the beat sweeper, through the broker, on a fresh worker.
    with worker_process(log_path=tmp_path / "worker-2.log", **broker) as worker:
        swept = penempatan_sweep_task.delay(older_than_seconds=0)
        assert swept.get(timeout=30) == [[instansi_a.pk, PERIODE]]
        wait_for(
            lambda: progress().selesai and _dirty(instansi_a) == 0,
            what="the recompute to finish",
            details=lambda: f"{progress()}\n{worker.log()}",
        )

    with instansi_scope(instansi_a):
        job = HitungUlang.objects.get(pk=job.pk)
        assert job.selesai_pada is not None
        assert aturan_aktif_get(instansi=instansi_a).digunakan
    expected = assert_penempatan_equal_the_engine(instansi_a, ids)
    assert len({p.kotak for p in expected.values()}) >= 5  # a real spread of boxes was compared
    assert {p.status for p in expected.values()} == {"final", "perlu_data"}
    with instansi_scope(instansi_a):
        history = list(
            RiwayatPenempatan.objects.values_list("pegawai_id", "kotak_lama", "kotak_baru", "penyebab")
        )
    # One history row per placement (the first one), none twice despite the re-run batch.
    assert len(history) == n
    assert sorted(h[0] for h in history) == sorted(ids)
    assert {(h[1], h[3]) for h in history} == {(None, "uji.hitung_ulang")}
    placed = _penempatan_rows(instansi_a)
    assert all(placed[pk].kotak == kotak_baru for pk, _lama, kotak_baru, _p in history)


# --- 2b. a worker killed while finishing a recompute ------------------------------------------------

# Rows the flush writes besides the placements. FOR NO KEY UPDATE: foreign keys to the row may
# still be checked (placements and history point at the rule set); an UPDATE of the row waits.
FINISHING_LOCKS = {
    "aturan": "SELECT 1 FROM petatalenta_aturantalenta WHERE id = %s FOR NO KEY UPDATE",
    "hitung_ulang": "SELECT 1 FROM petatalenta_hitungulang WHERE id = %s FOR NO KEY UPDATE",
}


@pytest.mark.parametrize("locked", list(FINISHING_LOCKS))
def test_a_worker_killed_while_finishing_a_recompute_leaves_no_unfrozen_aturan_and_no_open_job(
    broker, instansi_a, tmp_path, locked
):
    """Besides the placements, a flush marks its rule set used (`digunakan`: its configuration is
    frozen from then on) and closes the bulk-recompute job. A worker killed as it writes either
    must not leave placements made under a rule set that can still be edited, nor a job that the
    sweeper never finishes."""
    ids = _bulk_pegawai(instansi_a, 40)
    with instansi_scope(instansi_a):
        job = hitung_ulang_start(instansi=instansi_a, penyebab="uji.hitung_ulang")
        aturan = aturan_aktif_get(instansi=instansi_a)
    assert not aturan.digunakan

    lock = RowLock(FINISHING_LOCKS[locked], [aturan.pk if locked == "aturan" else job.pk])
    with frozen_worker(lock, broker=broker, log_path=tmp_path / "worker-1.log") as worker:
        kill_frozen(worker, lock)

    with instansi_scope(instansi_a):
        aturan.refresh_from_db()
        placed_under_it = Penempatan.objects.filter(aturan=aturan).count()
    assert not (placed_under_it and not aturan.digunakan), (
        f"{placed_under_it} placements were made under rule set v{aturan.versi}, which is not frozen "
        "(digunakan=False): its configuration can still be changed"
    )

    def job_closed() -> bool:
        with instansi_scope(instansi_a):
            return HitungUlang.objects.filter(pk=job.pk, selesai_pada__isnull=False).exists()

    # Recovery as in production: the beat sweeper, through the broker, on a fresh worker.
    with worker_process(log_path=tmp_path / "worker-2.log", **broker) as worker:
        swept = penempatan_sweep_task.delay(older_than_seconds=0).get(timeout=30)
        wait_for(
            lambda: _dirty(instansi_a) == 0 and job_closed(),
            what="the bulk-recompute job to be closed",
            timeout=20,
            details=lambda: f"dirty={_dirty(instansi_a)}, swept={swept}\n{worker.log()}",
        )
    with instansi_scope(instansi_a):
        assert aturan_aktif_get(instansi=instansi_a).digunakan
    assert_penempatan_equal_the_engine(instansi_a, ids)


# --- 3. Redis down while data changes ---------------------------------------------------------------


def test_changes_made_while_redis_is_down_are_kept_and_caught_up_by_the_sweeper(
    settings, caplog, login, admin_bkd_a, instansi_a, unit_tree_a, tmp_path
):
    server = RedisServer(port=free_port(), log_path=tmp_path / "redis.log").start()
    try:
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url(0)}}
        with celery_app_on(broker_url=server.url(1), backend_url=server.url(2)):
            _redis_down_scenario(server, caplog, login, admin_bkd_a, instansi_a, unit_tree_a)
    finally:
        server.kill()


def _redis_down_scenario(server, caplog, login, admin_bkd_a, instansi_a, unit_tree_a):
    with scopes_disabled():
        pegawai = [PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0]) for _ in range(4)]
        Asesmen.objects.bulk_create([_asesmen(instansi_a, p.pk, "100", "100") for p in pegawai])
    ids = [p.pk for p in pegawai]
    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=None, rows=[_skp_data(pk, "Baik") for pk in ids])
        penempatan_flush(instansi=instansi_a)  # the starting point, placed synchronously
    before = _penempatan_rows(instansi_a)
    assert [before[pk].kotak for pk in ids] == [3, 3, 3, 3]

    server.kill()  # Redis crashes; whatever it held (a queued flush, the flush key) is gone
    caplog.set_level(logging.WARNING, logger="apps.petatalenta.services")

    # A user saves an SKP on the page: the request succeeds as if nothing were wrong.
    client = login(admin_bkd_a)
    response = client.post(
        f"/skp/tambah/?pegawai={ids[0]}",
        {
            "tahun": TAHUN_LALU,
            "periode": "tahunan",
            "rating_hasil_kerja": "di_atas",
            "rating_perilaku_kerja": "di_atas",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "disimpan dengan predikat Sangat Baik" in page.content.decode()
    # A service write (an import, an integration) succeeds too.
    with instansi_scope(instansi_a):
        result = skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[_skp_data(pk, "Sangat Baik") for pk in ids[1:3]],
            penyebab="skp.sinkron",
        )
        assert result.diubah == 2
        assert set(SKP.objects.filter(pegawai_id__in=ids[:3]).values_list("predikat", flat=True)) == {
            "Sangat Baik"
        }
    # The flush could not be queued (logged, not raised): the placements wait, dirty, in PostgreSQL.
    assert sum("not queued; the sweeper will retry" in r.getMessage() for r in caplog.records) == 2
    dirty = _penempatan_rows(instansi_a)
    assert [(dirty[pk].kotak, dirty[pk].penyebab_kotor) for pk in ids[:3]] == [
        (3, "skp.record"),
        (3, "skp.sinkron"),
        (3, "skp.sinkron"),
    ]
    assert all(dirty[pk].dirty_since is not None for pk in ids[:3])
    assert dirty[ids[3]].dirty_since is None

    server.start()  # back, empty, on the same port
    with thread_worker():
        # Nothing was queued anywhere: only the sweeper can bring these rows up to date.
        assert redis.Redis(port=server.port, db=1).llen("petatalenta") == 0
        assert _dirty(instansi_a) == 3
        swept = penempatan_sweep_task.delay(older_than_seconds=0)
        assert swept.get(timeout=30) == [[instansi_a.pk, PERIODE]]
        wait_for(lambda: _dirty(instansi_a) == 0, what="the dirty placements to be flushed")

    after = _penempatan_rows(instansi_a)
    assert [after[pk].kotak for pk in ids] == [5, 5, 5, 3]
    for pk, penyebab in zip(ids[:3], ["skp.record", "skp.sinkron", "skp.sinkron"], strict=True):
        assert [(h.kotak_lama, h.kotak_baru, h.penyebab) for h in _history(instansi_a, pk)] == [
            (None, 3, "skp"),
            (3, 5, penyebab),
        ]
    assert after[ids[3]].dihitung_pada == before[ids[3]].dihitung_pada
    assert_penempatan_equal_the_engine(instansi_a, ids)
