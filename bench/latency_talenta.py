"""Benchmark: change-to-box latency of the talent engine, with a real web server and Celery worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/latency_talenta.py [--rate 20] [--seconds 60] [--redis-db 15]

Data: bench/engine_data.py (database `talenta_bench_engine`, reused while its fingerprint
matches). Before measuring, every placement of the big instansi (100,000 pegawai) is computed.

Processes, all started by this script on the bench database and its own Redis database (--redis-db,
emptied before and after: it must be one nobody else uses; the tests use 3-14):
* `gunicorn talenta.wsgi:application --workers 3` (the production command, DEBUG off);
* `celery -A talenta worker -Q petatalenta,default --concurrency 2` (the compose worker), broker and
  result backend on that Redis database; the cache (the flush's coalescing key) too.

Load: --rate SKP edits per second (default 20) for --seconds (default 60), paced, through
`POST /api/v1/skp/` with the Admin BKD's API token, each one the annual SKP of last year of a
different pegawai (none of the first 2,000, which bench/recompute_talenta.py compares against its
baseline), switching its predikat between Sangat Baik and Sangat Kurang; only pegawai whose box
that edit changes under the active rule set are picked (the engine computes the expected box
first). Measured per edit: from the API response
(the request's transaction has committed) until a poller (every --poll-ms) sees the placement row
with the expected new box and the new predikat in its stored inputs. Also printed: the
API's own response time, the server-side time from the SKP write to the placement's
`dihitung_pada`, and the flush tasks the worker ran. At the end the edited SKPs are put back
through the service and flushed, so the data stays what the generator made.

Target (issue #5, point 6): p95 <= 2 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data

PROJECT_DIR = data.PROJECT_DIR
TARGET_P95 = 2.0
RATINGS = {"Sangat Baik": ("di_atas", "di_atas"), "Sangat Kurang": ("di_bawah", "di_bawah")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=20.0, help="edits per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--redis-db", type=int, default=15)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--poll-ms", type=float, default=20.0)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    args = parser.parse_args()

    started = time.perf_counter()
    meta = data.ensure(pegawai=args.pegawai, fresh=args.fresh)
    broker = data.redis_url(args.redis_db)
    data.django_setup(broker=broker, redis_db=args.redis_db)
    import redis

    store = redis.Redis.from_url(broker)
    store.flushdb()
    tenant = meta["tenants"]["besar"]
    steady_state(tenant)
    targets = pick_targets(tenant, int(args.rate * args.seconds))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "talenta.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "CACHE_KEY_PREFIX": data.BENCH_DB,
        "PYTHONUNBUFFERED": "1",
    }
    logdir = Path(tempfile.mkdtemp(prefix="talenta-bench-latency-"))  # kept: the server and worker logs
    port = free_port()
    worker = start(
        [str(Path(sys.executable).with_name("celery")), "-A", "talenta", "worker", "-Q", "petatalenta,default",
         "--concurrency", str(args.concurrency), "--loglevel", "INFO", "-n", f"bench-latency-{os.getpid()}@localhost",
         "--without-gossip", "--without-mingle"],
        env, logdir / "worker.log",
    )  # fmt: skip
    web = start(
        [str(Path(sys.executable).with_name("gunicorn")), "talenta.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.web_workers), "--timeout", "60"],
        env, logdir / "web.log",
    )  # fmt: skip
    try:
        wait_for(
            lambda: " ready." in (logdir / "worker.log").read_text(errors="replace"), "Celery worker", 60
        )
        wait_for(lambda: http_ok(port, "/healthz"), "gunicorn", 60)
        for _ in range(3 * args.web_workers):  # every web worker loads the API once
            api_get(port, meta["token"], "/api/v1/saya/")
        print(f"Log: {logdir}")
        print(f"Server :{port} ({args.web_workers} gunicorn workers), Celery worker ({args.concurrency} proses), "
              f"Redis db {args.redis_db}; {len(targets)} pegawai sasaran.", flush=True)  # fmt: skip
        result = run(args, port, meta["token"], targets)
        restore(tenant, targets)
    finally:
        for proc in (web, worker):
            stop(proc)
        store.flushdb()
    flushes = flush_tasks(logdir / "worker.log")
    report(args, result, flushes, started)


# --- state -------------------------------------------------------------------------------------------------


def steady_state(tenant: dict) -> None:
    """Every placement of the instansi computed and clean (a full recompute here if not)."""
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.models import Penempatan
    from apps.petatalenta.services import penempatan_flush, penempatan_mark_all_dirty, periode_sekarang

    instansi = Instansi.objects.get(pk=tenant["instansi"])
    with instansi_scope(instansi):
        periode = periode_sekarang()
        placed = Penempatan.objects.filter(
            instansi=instansi, periode=periode, dirty_since__isnull=True
        ).count()
        if placed != tenant["size"]:
            t = time.perf_counter()
            print(f"Penempatan {placed:,}/{tenant['size']:,} bersih: hitung semua dulu …", flush=True)
            from unittest import mock

            with mock.patch("apps.petatalenta.services.penempatan_flush_schedule", return_value=False):
                penempatan_mark_all_dirty(instansi=instansi, penyebab="bench.latensi.siapkan")
            penempatan_flush(instansi=instansi, periode=periode)
            print(f"  selesai dalam {time.perf_counter() - t:.0f} s", flush=True)


def pick_targets(tenant: dict, n: int) -> list[dict]:
    """`n` different pegawai (not among the first 2,000) with last year's annual SKP whose box
    changes when its predikat switches (checked with the engine and the active rule set), with the
    box their placement has now and the one expected after the edit."""
    import dataclasses

    from django.db import connection

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.engine import Aturan, penempatan_compute
    from apps.petatalenta.inputs import penempatan_inputs_load
    from apps.petatalenta.services import aturan_aktif_get, periode_sekarang, tanggal_acuan_periode

    periode = periode_sekarang()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.pegawai_id, s.predikat, s.rating_hasil_kerja, s.rating_perilaku_kerja, p.kotak
              FROM kinerja_skp s
              JOIN petatalenta_penempatan p ON p.pegawai_id = s.pegawai_id AND p.periode = %s
             WHERE s.instansi_id = %s AND s.tahun = %s AND s.periode = 'tahunan'
               AND s.pegawai_id > (SELECT id FROM pegawai_pegawai WHERE instansi_id = %s ORDER BY id OFFSET 1999 LIMIT 1)
            """,
            [periode, tenant["instansi"], periode - 1, tenant["instansi"]],
        )
        rows = cursor.fetchall()
    rng = random.Random(2026)
    rng.shuffle(rows)
    instansi = Instansi.objects.get(pk=tenant["instansi"])
    out = []
    with instansi_scope(instansi):
        aturan_obj = aturan_aktif_get(instansi=instansi)
        aturan = Aturan.from_config(aturan_obj.konfigurasi)
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            inputs = penempatan_inputs_load(
                instansi=instansi, pegawai_ids=[r[0] for r in chunk],
                tanggal_acuan=tanggal_acuan_periode(periode=periode), aturan=aturan,
            )  # fmt: skip
            for pegawai_id, predikat, hasil, perilaku, kotak in chunk:
                baru = "Sangat Kurang" if predikat == "Sangat Baik" else "Sangat Baik"
                now = inputs[pegawai_id]
                skp = tuple(sorted((t, baru if t == periode - 1 else p) for t, p in now.skp_tahunan))
                after = penempatan_compute(
                    inputs=dataclasses.replace(now, skp_tahunan=skp),
                    aturan=aturan,
                    konfigurasi=aturan_obj.konfigurasi,
                )
                if after.kotak == kotak:
                    continue
                out.append({"pegawai": pegawai_id, "tahun": periode - 1, "lama": (hasil, perilaku),
                            "predikat_lama": predikat, "baru": baru, "kotak": kotak, "kotak_baru": after.kotak})  # fmt: skip
                if len(out) == n:
                    return out
    raise SystemExit(f"benchmark check failed: only {len(out)} pegawai whose box an SKP edit changes")


def restore(tenant: dict, targets: list[dict]) -> None:
    """Put the edited SKPs back through the service (so the placements follow) and wait until the
    worker has flushed them."""
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.kinerja.services import SkpData, skp_write
    from apps.petatalenta.models import Penempatan

    instansi = Instansi.objects.get(pk=tenant["instansi"])
    with instansi_scope(instansi):
        skp_write(
            instansi=instansi, actor=None, penyebab="bench.latensi.pulihkan",
            rows=[SkpData(t["pegawai"], t["tahun"], "tahunan", *t["lama"], t["predikat_lama"]) for t in targets],
        )  # fmt: skip
        wait_for(
            lambda: not Penempatan.objects.filter(instansi=instansi, dirty_since__isnull=False).exists(),
            "the restored SKPs to be flushed",
            120,
        )


# --- processes ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own command lines
            command, cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )  # fmt: skip


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait_for(condition, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def http_ok(port: int, path: str) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False


def api_get(port: int, token: str, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Authorization": f"Token {token}"})
    response = conn.getresponse()
    response.read()
    data.check(response.status == 200, f"GET {path}: {response.status}")


# --- the measured run -------------------------------------------------------------------------------------


def run(args, port: int, token: str, targets: list[dict]) -> dict:
    interval = 1.0 / args.rate
    pending: dict[int, dict] = {}
    lock = threading.Lock()
    done: list[dict] = []
    errors: list[str] = []
    sending_over = threading.Event()
    t0 = time.monotonic() + 0.5

    def sender(k: int, senders: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(k, len(targets), senders):
            target = targets[i]
            delay = t0 + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            hasil, perilaku = RATINGS[target["baru"]]
            body = json.dumps({"pegawai": target["pegawai"], "tahun": target["tahun"], "periode": "tahunan",
                               "rating_hasil_kerja": hasil, "rating_perilaku_kerja": perilaku})  # fmt: skip
            sent = time.monotonic()
            try:
                conn.request("POST", "/api/v1/skp/", body=body,
                             headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})  # fmt: skip
                response = conn.getresponse()
                payload = response.read()
            except OSError as error:
                errors.append(f"{target['pegawai']}: {error}")
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            answered = time.monotonic()
            if response.status != 200 or json.loads(payload).get("predikat") != target["baru"]:
                errors.append(f"{target['pegawai']}: {response.status} {payload[:200]!r}")
                continue
            with lock:
                pending[target["pegawai"]] = {**target, "sent": sent, "answered": answered}

    def poller() -> None:
        from django.db import connection

        while True:
            with lock:
                ids = list(pending)
            if not ids:
                if sending_over.is_set():
                    return
                time.sleep(args.poll_ms / 1000)
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    """SELECT pegawai_id, kotak, rincian->'inputs'->'skp_tahunan'
                         FROM petatalenta_penempatan WHERE pegawai_id = ANY(%s) AND dirty_since IS NULL""",
                    [ids],
                )
                rows = cursor.fetchall()
            seen = time.monotonic()
            with lock:
                for pegawai_id, kotak, skp in rows:
                    skp = json.loads(skp) if isinstance(skp, str) else skp
                    target = pending.get(pegawai_id)
                    if (
                        target
                        and kotak == target["kotak_baru"]
                        and [target["tahun"], target["baru"]] in (skp or [])
                    ):
                        done.append({**pending.pop(pegawai_id), "seen": seen})
            time.sleep(args.poll_ms / 1000)

    senders = max(2, int(args.rate // 5))  # a request takes well under senders / rate seconds
    threads = [threading.Thread(target=sender, args=(k, senders)) for k in range(senders)]
    poll = threading.Thread(target=poller)
    poll.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent_for = time.monotonic() - t0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with lock:
            if not pending:
                break
        time.sleep(0.1)
    sending_over.set()
    with lock:
        left = dict(pending)
        pending.clear()
    poll.join()
    data.check(not errors, f"{len(errors)} API errors, e.g. {errors[:3]}")
    data.check(not left, f"{len(left)} edits never reached their placement within 60 s")
    return {"done": done, "sent_for": sent_for, "server": server_side(done)}


def server_side(done: list[dict]) -> list[float]:
    """Per edit, from the SKP row's write (diubah_pada) to the placement's dihitung_pada."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXTRACT(EPOCH FROM p.dihitung_pada - s.diubah_pada)
                 FROM petatalenta_penempatan p
                 JOIN kinerja_skp s ON s.pegawai_id = p.pegawai_id AND s.periode = 'tahunan' AND s.tahun = p.periode - 1
                WHERE p.pegawai_id = ANY(%s) AND p.periode = %s""",
            [[d["pegawai"] for d in done], done[0]["tahun"] + 1],
        )
        return [float(r[0]) for r in cursor.fetchall()]


FLUSH_LINE = re.compile(
    r"Task apps\.petatalenta\.tasks\.penempatan_flush\[[^\]]+\] succeeded in ([0-9.]+)s: (\{.*\})"
)


def flush_tasks(log: Path) -> list[tuple[float, dict]]:
    out = []
    for line in log.read_text(errors="replace").splitlines():
        match = FLUSH_LINE.search(line)
        if match:
            try:
                counts = json.loads(match.group(2).replace("'", '"'))
            except ValueError:
                counts = {}
            out.append((float(match.group(1)), counts))
    return out


# --- report ------------------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(args, result: dict, flushes: list, started: float) -> None:
    from apps.petatalenta import services

    done = result["done"]
    latency = [d["seen"] - d["answered"] for d in done]
    api = [d["answered"] - d["sent"] for d in done]
    server = result["server"]
    rate = len(done) / result["sent_for"]
    print(f"\nTotal {time.perf_counter() - started:.0f} s. Mesin: {data.machine()}")
    print(f"FLUSH_COUNTDOWN = {services.FLUSH_COUNTDOWN} s, BATCH_SIZE = {services.BATCH_SIZE}; "
          f"{len(done):,} perubahan dalam {result['sent_for']:.1f} s ({rate:.1f}/s); poll tiap {args.poll_ms:.0f} ms\n")  # fmt: skip
    print("| Ukuran | p50 (s) | p95 (s) | maks (s) |")
    print("|---|--:|--:|--:|")
    for label, values in (
        ("Perubahan → kotak (respons API sampai baris penempatan baru terlihat)", latency),
        ("Respons API (POST /api/v1/skp/)", api),
        ("Di server: SKP ditulis → penempatan dihitung (dihitung_pada)", server),
    ):
        print(f"| {label} | {pct(values, 0.5):.2f} | {pct(values, 0.95):.2f} | {max(values):.2f} |")
    if flushes:
        seconds = [s for s, _c in flushes]
        per = [c.get("diproses", 0) for _s, c in flushes]
        print(f"\nTugas flush di worker: {len(flushes)} (rata-rata {statistics.mean(per):.1f} penempatan, "
              f"p50 {pct(seconds, 0.5) * 1000:.0f} ms, maks {max(seconds) * 1000:.0f} ms per tugas)")  # fmt: skip
    p95 = pct(latency, 0.95)
    print(
        f"\nlatensi p95 {p95:.2f} s [{'OK' if p95 <= TARGET_P95 else 'MELESET'}, target <= {TARGET_P95:.0f} s]"
    )


if __name__ == "__main__":
    main()
