"""Benchmark: the load of issue #14 (point 6): signed-in people on every journey at once, against
gunicorn and a real Celery worker, while an SKP import of 20,000 rows commits.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/load_run.py [--users 200] [--minutes 5] [--redis-db 15] [--db talenta_bench_load]

One command does it all:
1. the data (bench/load_data.py: the demo plus 20,000 pegawai with portfolios in its first instansi,
   400 ASN accounts, 546 tenants' national summaries; kept in `--db` and reused while its
   fingerprint matches, `--fresh` rebuilds it, ~6 minutes);
2. the processes, on that database and a Redis database of its own (`--redis-db`, emptied before
   and after: one nobody else uses): `gunicorn talenta.wsgi:application` (`--web-workers` 3
   processes × `--web-threads` 2, gthread: sized for 2 cores that PostgreSQL, the worker and Locust
   share; DEBUG off), `celery worker` on every queue (default, petatalenta, imports, reports; 2
   processes, as docker-compose) and `celery beat` (the sweepers);
3. the baseline, in the same run: each page of every journey requested `--baseline-rounds` times
   (default 5) by one signed-in user, one request at a time, before the load;
4. the load: `locust` headless (bench/load/locustfile.py) with `--users` (default 200) signing in
   at `--spawn-rate` per second (default 2: a 100 s ramp), then all of them on for `--minutes`
   (default 5), think time 3–10 s between pages (`--wait-min`/`--wait-max`). The page figures are
   those of the `--minutes` with every user on; the sign-ins and the ramp's totals are reported
   apart (a sign-in hashes the password: ~0.3 s of CPU by design);
5. during the load (`--import-after` seconds, default 60, after every user has signed in), the
   Admin BKD uploads a CSV of `--import-rows` (default 20,000) annual SKP of last year through the
   import pages (upload, preview on the worker, Simpan, written by the worker: the app's real
   pipeline), each row changing that pegawai's predikat; measured: the preview and the write, and
   the change-to-box latency: from the import's commit until every placement of those pegawai
   has been recomputed by the worker (none left dirty; the first one too, and how many boxes
   changed);
6. the figures: per page the request count, errors, p50/p95/max in the baseline and under load,
   the import's timings, `uptime` before and after; written as JSON and Markdown into `--out`
   (default var/bench/load-<time>/) and printed.

Goal (issue #14): 0 errors, p95 per page <= 500 ms. Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))

import engine_data as data
import journeys
import load_data
from latency_talenta import free_port, http_ok, start, stop, wait_for

PROJECT_DIR = data.PROJECT_DIR
GOAL_P95_MS = 500
PREDIKAT_BARU = {  # each row moves the pegawai's predikat of last year to the other end
    "Sangat Baik": ("di_bawah", "sesuai", "Butuh Perbaikan"),
    "Baik": ("di_bawah", "sesuai", "Butuh Perbaikan"),
}
PREDIKAT_NAIK = ("di_atas", "di_atas", "Sangat Baik")


def app_role_url(url: str, role: str) -> str:
    """The same server and database, signed in as the application role (trust or peer auth on a
    bench server; set DATABASE_APP_PASSWORD when the server wants one)."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    password = os.environ.get("DATABASE_APP_PASSWORD")
    user = quote(role) + (f":{quote(password)}" if password else "")
    host = parts.hostname or ""
    netloc = f"{user}@{host}" + (f":{parts.port}" if parts.port else "") if host else f"{user}@"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", default=load_data.DB)
    parser.add_argument("--pegawai", type=int, default=20_000)
    parser.add_argument("--asn", type=int, default=400, help="ASN accounts (one per simulated ASN)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--spawn-rate", type=float, default=2.0)
    parser.add_argument("--wait-min", type=float, default=3.0)
    parser.add_argument("--wait-max", type=float, default=10.0)
    parser.add_argument("--import-rows", type=int, default=20_000, help="0: no import during the load")
    parser.add_argument(
        "--import-after", type=float, default=60.0, help="seconds after every user has signed in"
    )
    parser.add_argument("--baseline-rounds", type=int, default=5)
    parser.add_argument("--redis-db", type=int, default=15)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=2)
    parser.add_argument(
        "--keep-alive", type=int, default=20,
        help="gunicorn's idle keep-alive (s): longer than the think time, as behind a reverse proxy",
    )  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    started = time.perf_counter()
    out = args.out or PROJECT_DIR / "var" / "bench" / f"load-{dt.datetime.now():%Y%m%d-%H%M%S}"
    out.mkdir(parents=True, exist_ok=True)
    meta = load_data.ensure(pegawai=args.pegawai, asn=args.asn, fresh=args.fresh, db=args.db)
    broker = data.redis_url(args.redis_db)
    from django.conf import settings

    if not settings.configured:
        data.django_setup(db=args.db, broker=broker, redis_db=args.redis_db)
    import redis

    store = redis.Redis.from_url(broker)
    store.flushdb()
    from django.core.management import call_command
    from django.db import connection

    # Like production: the schema is current and web, worker and beat connect as the application
    # role, which row-level security binds (docs/operations.md, "Database roles").
    call_command("migrate", verbosity=0)
    call_command("db_roles", verbosity=0)
    with connection.cursor() as cursor:
        # Every run starts from the same state: earlier runs' imports left 20,000 dead placement and
        # SKP rows each, which a server with autovacuum off (a test server) never cleans up.
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        t = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE {time.perf_counter() - t:.0f} s (autovacuum: {autovacuum})", flush=True)
    targets = targets_collect(meta)
    (out / "targets.json").write_text(json.dumps(targets))
    t = time.perf_counter()
    cpu = cpu_per_page(targets)
    print(f"CPU per halaman: {time.perf_counter() - t:.0f} s", flush=True)
    skp = skp_file(meta, args.import_rows) if args.import_rows else None

    media = Path(tempfile.mkdtemp(prefix="talenta-bench-load-media-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "talenta.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": app_role_url(
            data.with_database(data.server_url(), args.db), settings.DATABASE_APP_ROLE
        ),
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "CACHE_KEY_PREFIX": args.db,
        "MEDIA_ROOT": str(media),
        "PYTHONUNBUFFERED": "1",
    }
    bin_dir = Path(sys.executable).parent
    port = free_port()
    load_before = os.getloadavg()
    procs = [
        start(
            [str(bin_dir / "celery"), "-A", "talenta", "worker", "-Q", "default,petatalenta,imports,reports",
             "--concurrency", str(args.concurrency), "--loglevel", "INFO", "-n", f"bench-load-{os.getpid()}@localhost",
             "--without-gossip", "--without-mingle"],
            env, out / "worker.log",
        ),
        start(
            [str(bin_dir / "celery"), "-A", "talenta", "beat", "--loglevel", "INFO",
             "--schedule", str(media / "celerybeat-schedule")],
            env, out / "beat.log",
        ),
        start(
            [str(bin_dir / "gunicorn"), "talenta.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.web_workers), "--threads", str(args.web_threads), "--worker-class", "gthread",
             "--timeout", "60", "--keep-alive", str(args.keep_alive)],
            env, out / "web.log",
        ),
    ]  # fmt: skip
    result: dict = {}
    try:
        wait_for(lambda: " ready." in (out / "worker.log").read_text(errors="replace"), "Celery worker", 90)
        wait_for(lambda: http_ok(port, "/healthz"), "gunicorn", 90)
        base = f"http://127.0.0.1:{port}"
        print(f"Server {base} ({args.web_workers} × {args.web_threads}), worker ({args.concurrency}), "
              f"Redis db {args.redis_db}; log {out}", flush=True)  # fmt: skip
        t = time.perf_counter()
        result["baseline"] = baseline_run(base, targets, args.baseline_rounds)
        print(f"Baseline: {time.perf_counter() - t:.0f} s", flush=True)
        result["load"], result["impor"] = load_run(args, base, out, env, skp)
    finally:
        for proc in reversed(procs):
            stop(proc)
        store.flushdb()
    result["uptime"] = {"sebelum": load_before, "sesudah": os.getloadavg()}
    result["mesin"] = data.machine()
    result["autovacuum"] = autovacuum
    result["cpu"] = cpu
    result["args"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    result["detik"] = round(time.perf_counter() - started)
    (out / "result.json").write_text(json.dumps(result, indent=1, default=str))
    markdown = report(result)
    (out / "ringkasan.txt").write_text(markdown)
    print(markdown)
    print(f"Hasil: {out}/result.json, {out}/ringkasan.txt")


# --- what the users visit -------------------------------------------------------------------------


def targets_collect(meta: dict) -> dict:
    """Ids and codes the journeys draw from, and the accounts (bench/load/journeys.py)."""
    from django.contrib.auth import get_user_model

    from apps.core.tenancy import instansi_scope, scopes_disabled
    from apps.instansi.models import Instansi
    from apps.komite.models import Sidang
    from apps.pegawai import selectors_portfolio as selectors
    from apps.pegawai.models import Pegawai
    from apps.suksesi.models import JabatanKunci

    instansi = Instansi.objects.get(pk=meta["instansi"])
    rng = random.Random(14)
    with instansi_scope(instansi):
        pegawai = list(Pegawai.objects.filter(instansi=instansi, aktif=True).values_list("pk", "nama", "nip"))
        sample = rng.sample(pegawai, min(2000, len(pegawai)))
        verifikasi = []
        for model in selectors.verifikasi_models():
            ids = list(
                model.objects.filter(instansi=instansi, status="diajukan")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            verifikasi += [(model.KODE, pk) for pk in rng.sample(ids, min(200, len(ids)))]
        jabatan = list(
            JabatanKunci.objects.filter(instansi=instansi, aktif=True).values_list("pk", flat=True)
        )
        sidang = list(Sidang.objects.filter(instansi=instansi).values_list("pk", flat=True))
    with scopes_disabled():
        kode = list(Instansi.objects.values_list("kode", flat=True))
    provinsi = sorted(k for k in kode if len(k) == 2)
    User = get_user_model()
    asn = list(
        User.objects.filter(username__startswith=load_data.ASN_PREFIX)
        .order_by("username")
        .values_list("username", flat=True)
    )
    data.check(bool(sample and verifikasi and jabatan and sidang and asn), "targets: something is empty")
    return {
        "pegawai": [pk for pk, _n, _nip in sample],
        "cari": sorted(
            {n.split()[0] for _pk, n, _nip in sample[:100]} | {nip[:8] for _pk, _n, nip in sample[:20]}
        ),
        "verifikasi": verifikasi,
        "jabatan_kunci": jabatan,
        "sidang": sidang,
        "provinsi": provinsi,
        "instansi": kode,
        "akun": {
            "asn": asn,
            "bkd": [f"admin.{instansi.kode}"],
            "verifikator": ["verifikator"],
            "komite": [
                "komite.ketua",
                "komite.sekretaris",
                "komite.anggota",
                "komite.anggota2",
                "komite.anggota3",
            ],
            "bkn": ["bkn", "bkn.krs"],
        },
    }


def cpu_per_page(targets: dict, repeat: int = 5) -> dict:
    """CPU of one request per page, one user, in this process through Django's test client (no
    server, no network): Python (this process) and PostgreSQL (its backend, from /proc), the
    mean of `repeat` requests after one unmeasured. Unlike wall times, CPU seconds do not grow
    while other work shares the cores, so they say what the pages cost on any machine."""
    from django.db import connection
    from django.test import Client

    rng = random.Random(7)
    out = {}
    for role, (pages, _weight) in journeys.ROLES.items():
        client = Client(HTTP_HOST="localhost")
        username = journeys.account_for(role, 1, targets)
        form = client.get(journeys.LOGIN_PATH).content.decode()
        data.check(
            journeys.signed_in(client.post(journeys.LOGIN_PATH, journeys.login_form(form, username))),
            username,
        )
        pid = data.backend_pid()
        for page in pages:
            client.get(page.build(rng, targets)[0])
            py, pg = time.process_time(), data.cpu_seconds(pid)
            for _ in range(repeat):
                response = client.get(page.build(rng, targets)[0])
                data.check(response.status_code == 200, f"{page.name}: {response.status_code}")
            out[page.name] = {
                "python": round((time.process_time() - py) / repeat * 1000, 1),
                "postgres": round((data.cpu_seconds(pid) - pg) / repeat * 1000, 1),
            }
    connection.close()
    return out


# --- the SKP import ---------------------------------------------------------------------------------------


def skp_file(meta: dict, rows: int) -> dict:
    """A CSV (as Indonesian Excel saves it) of `rows` annual SKP of last year, each one changing that
    pegawai's predikat (good ones down to Butuh Perbaikan, the others up to Sangat Baik), and the
    pegawai it touches."""
    from django.db import connection
    from import_penilaian import RATING_LABEL, SKP_HEADERS, write_csv

    from apps.petatalenta.periode import periode_sekarang

    tahun = periode_sekarang() - 1
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT p.id, p.nip, p.nama, s.predikat FROM pegawai_pegawai p
                 LEFT JOIN kinerja_skp s ON s.pegawai_id = p.id AND s.tahun = %s AND s.periode = 'tahunan'
                WHERE p.instansi_id = %s AND p.aktif ORDER BY p.id LIMIT %s""",
            [tahun, meta["instansi"], rows],
        )
        found = cursor.fetchall()
    data.check(len(found) == rows, f"only {len(found)} pegawai for {rows} SKP rows")
    lines = []
    for _pk, nip, nama, predikat in found:
        hasil, perilaku, baru = PREDIKAT_BARU.get(predikat, PREDIKAT_NAIK)
        lines.append([nip, nama, tahun, "Tahunan", RATING_LABEL[hasil], RATING_LABEL[perilaku], baru])
    return {"csv": write_csv(SKP_HEADERS, lines), "pegawai": [row[0] for row in found], "tahun": tahun}


def impor_run(base: str, targets: dict, skp: dict, result: dict) -> None:
    """Upload, preview, Simpan, as the Admin BKD does in the browser; then wait for the boxes."""
    import requests
    from django.db import connection

    from apps.core.tenancy import scopes_disabled
    from apps.impor.models import ImportJob
    from apps.petatalenta.periode import periode_sekarang

    periode = periode_sekarang()
    ids = skp["pegawai"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pegawai_id, kotak FROM petatalenta_penempatan WHERE periode = %s AND pegawai_id = ANY(%s)",
            [periode, ids],
        )
        kotak_lama = dict(cursor.fetchall())
    session = requests.Session()
    data.check(
        journeys.signed_in(journeys.login(session, targets["akun"]["bkd"][0], prefix=base)), "BKD sign-in"
    )
    page = session.get(f"{base}/impor/skp/")
    t0 = time.monotonic()
    result["mulai_epoch"] = time.time()
    response = session.post(
        f"{base}/impor/skp/",
        data={"csrfmiddlewaretoken": journeys.csrf_token(page.text)},
        files={"berkas": ("skp-beban.csv", skp["csv"], "text/csv")},
        headers={"Referer": f"{base}/impor/skp/"},
        allow_redirects=False,
    )
    data.check(
        response.status_code == 302 and "/impor/job/" in response.headers["Location"], "upload refused"
    )
    job_url = base + response.headers["Location"]
    result["unggah_detik"] = round(time.monotonic() - t0, 2)

    def job_done() -> bool:
        status = session.get(job_url + "status.json").json()
        return bool(status.get("selesai"))

    wait_for(job_done, "the preview", 600)
    result["pratinjau_detik"] = round(time.monotonic() - t0, 2)
    page = session.get(job_url)
    t1 = time.monotonic()
    response = session.post(
        job_url + "simpan/",
        data={"csrfmiddlewaretoken": journeys.csrf_token(page.text)},
        headers={"Referer": job_url},
        allow_redirects=False,
    )
    data.check(response.status_code == 302, f"Simpan: {response.status_code}")
    uuid = job_url.rstrip("/").rsplit("/", 1)[1]
    job = None

    def committed() -> bool:
        nonlocal job
        with scopes_disabled():  # the runner reads the job as a monitor, outside any request
            job = ImportJob.objects.filter(uuid=uuid).first()
        connection.close()
        return job is not None and job.status in (ImportJob.Status.SELESAI, ImportJob.Status.GAGAL)

    wait_for(committed, "the write", 900)
    t_commit = time.monotonic()
    data.check(job.status == ImportJob.Status.SELESAI, f"import failed: {job.result.get('errors')}")
    result["simpan_detik"] = round(t_commit - t1, 2)
    result["baris"] = job.result.get("baris")
    result["diubah"] = job.result.get("diubah")
    result["baru"] = job.result.get("baru")
    first = None
    dirty_seen = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT count(*) FILTER (WHERE dirty_since IS NOT NULL),
                          count(*) FILTER (WHERE dihitung_pada >= %s)
                     FROM petatalenta_penempatan WHERE periode = %s AND pegawai_id = ANY(%s)""",
                [job.selesai_pada, periode, ids],
            )
            dirty, recomputed = cursor.fetchone()
        dirty_seen = max(dirty_seen, dirty)
        now = time.monotonic()
        if first is None and recomputed:
            first = now
        if not dirty and (dirty_seen or recomputed):
            break
        data.check(now - t_commit < 900, "placements still dirty 15 minutes after the import")
        time.sleep(0.25)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pegawai_id, kotak, dihitung_pada FROM petatalenta_penempatan
                WHERE periode = %s AND pegawai_id = ANY(%s)""",
            [periode, ids],
        )
        after = cursor.fetchall()
    connection.close()
    result["selesai_epoch"] = time.time()
    result["laten_kotak_pertama_detik"] = round((first or now) - t_commit, 2)
    result["laten_kotak_semua_detik"] = round(now - t_commit, 2)
    last = max((d for _p, _k, d in after if d is not None), default=None)
    result["laten_server_detik"] = (
        round((last - job.selesai_pada).total_seconds(), 2) if last and last >= job.selesai_pada else None
    )
    result["penempatan"] = len(after)
    result["kotak_berubah"] = sum(1 for pk, kotak, _d in after if kotak_lama.get(pk) != kotak)
    result["penempatan_dihitung_ulang"] = sum(
        1 for _p, _k, d in after if d is not None and d >= job.selesai_pada
    )


# --- baseline and load ------------------------------------------------------------------------------------


def baseline_run(base: str, targets: dict, rounds: int) -> dict:
    """Each page of each journey, `rounds` times, one signed-in user, one request at a time."""
    import requests

    timings: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    rng = random.Random(2026)
    for role, (pages, _weight) in journeys.ROLES.items():
        session = requests.Session()
        username = journeys.account_for(role, 0, targets)
        data.check(journeys.signed_in(journeys.login(session, username, prefix=base)), f"sign-in {username}")
        for page in pages:  # one unmeasured request: the worker process loads the view's code
            session.get(base + page.build(rng, targets)[0], allow_redirects=False)
        for _ in range(rounds):
            for page in pages:
                path, _kwargs = page.build(rng, targets)
                t = time.perf_counter()
                response = session.get(base + path, allow_redirects=False)
                timings.setdefault(page.name, []).append((time.perf_counter() - t) * 1000)
                if response.status_code != 200:
                    errors[page.name] = errors.get(page.name, 0) + 1
                    print(f"  baseline {page.name} {path}: {response.status_code}", flush=True)
    return {
        name: {
            "n": len(values),
            "galat": errors.get(name, 0),
            "p50": round(statistics.median(values)),
            "p95": round(_pct(values, 0.95)),
            "max": round(max(values)),
        }
        for name, values in timings.items()
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def load_run(args, base: str, out: Path, env: dict, skp: dict | None) -> tuple[dict, dict]:
    impor: dict = {}
    failure: list[BaseException] = []

    ramp = math.ceil(args.users / args.spawn_rate)

    def importer() -> None:
        time.sleep(ramp + args.import_after)
        try:
            impor_run(base, json.loads((out / "targets.json").read_text()), skp, impor)
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=importer, daemon=True) if skp else None
    command = [
        str(Path(sys.executable).parent / "locust"), "-f", str(PROJECT_DIR / "bench" / "load" / "locustfile.py"),
        "--host", base, "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{ramp + int(args.minutes * 60)}s", "--csv", str(out / "locust"), "--only-summary",
        "--stop-timeout", "15", "--loglevel", "WARNING",
    ]  # fmt: skip
    locust_env = {
        **env,
        "LOAD_TARGETS": str(out / "targets.json"),
        "LOAD_WAIT_MIN": str(args.wait_min),
        "LOAD_WAIT_MAX": str(args.wait_max),
        "LOAD_RAMP_OUT": str(out / "ramp.json"),
        "LOAD_REQUESTS_OUT": str(out / "requests.csv"),
    }
    print(f"Beban: {args.users} pengguna, {args.minutes:g} menit …", flush=True)
    if thread:
        thread.start()
    with (out / "locust.log").open("wb") as log:
        subprocess.run(  # noqa: S603 - our own command line
            command, cwd=PROJECT_DIR, env=locust_env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    if thread:
        thread.join(timeout=900)
        if failure:
            impor["galat"] = repr(failure[0])
        elif thread.is_alive():
            impor["galat"] = "still running 15 minutes after the load"
    stats = locust_stats(out / "locust_stats.csv")
    if (out / "requests.csv").exists():
        stats["_jendela"] = windows(out / "requests.csv", impor)
    ramp_file = out / "ramp.json"
    stats["_ramp"] = json.loads(ramp_file.read_text()) if ramp_file.exists() else None
    return stats, impor


def windows(path: Path, impor: dict) -> dict:
    """Exact per-page figures from every request with all users on (the locustfile's log): the
    whole run, and split into the import's window (upload to the last box recomputed) and the
    rest."""
    rows = []
    with path.open() as f:
        for row in csv.DictReader(f):
            rows.append((float(row["t"]), row["halaman"], float(row["ms"]), int(row["galat"])))
    start, end = impor.get("mulai_epoch"), impor.get("selesai_epoch")

    def figures(selected) -> dict:
        pages: dict[str, list] = {}
        for _t, name, ms, galat in selected:
            pages.setdefault(name, []).append((ms, galat))
            pages.setdefault("Aggregated", []).append((ms, galat))
        return {
            name: {
                "n": len(values),
                "galat": sum(g for _ms, g in values),
                "p50": round(statistics.median(ms for ms, _g in values)),
                "p95": round(_pct([ms for ms, _g in values], 0.95)),
                "max": round(max(ms for ms, _g in values)),
            }
            for name, values in pages.items()
        }

    out = {"semua": figures(rows)}
    if start and end:
        out["saat_impor"] = figures([r for r in rows if start <= r[0] <= end])
        out["di_luar_impor"] = figures([r for r in rows if not start <= r[0] <= end])
        out["impor_detik"] = round(end - start, 1)
    return out


def locust_stats(path: Path) -> dict:
    stats = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            if not int(row["Request Count"]):
                continue
            row = {k: (None if v == "N/A" else v) for k, v in row.items()}
            stats[row["Name"]] = {
                "n": int(row["Request Count"]),
                "galat": int(row["Failure Count"]),
                "p50": int(float(row["50%"] or 0)),
                "p95": int(float(row["95%"] or 0)),
                "max": round(float(row["Max Response Time"] or 0)),
                "rps": round(float(row["Requests/s"] or 0), 2),
            }
    return stats


# --- report -------------------------------------------------------------------------------------------------


def report(result: dict) -> str:
    load, base, impor = result["load"], result["baseline"], result["impor"]
    jendela = load.get("_jendela") or {}
    exact = jendela.get("semua") or load
    luar, saat = jendela.get("di_luar_impor", {}), jendela.get("saat_impor", {})
    args = result["args"]
    lines = [
        f"Beban: {args['users']} pengguna, {args['minutes']:g} menit, jeda {args['wait_min']:g}–{args['wait_max']:g} s; "
        f"gunicorn {args['web_workers']} × {args['web_threads']} thread, worker Celery {args['concurrency']} proses.",
        f"Mesin: {result['mesin']}. uptime sebelum {_la(result['uptime']['sebelum'])}, "
        f"sesudah {_la(result['uptime']['sesudah'])}. Total {result['detik']} s. "
        f"PostgreSQL autovacuum: {result.get('autovacuum', '?')}.",
        "",
        "| Halaman | CPU Python + PostgreSQL (ms) | Baseline p50 / p95 / max (ms) | Beban: permintaan | galat | p50 | p95 "
        "| max (ms) | p95 ≤ 500 ms | p95 di luar impor | p95 saat impor |",
        "|---|--:|--:|--:|--:|--:|--:|--:|:-:|--:|--:|",
    ]
    names = [p.name for p in journeys.all_pages()]
    extra = sorted(name for name in set(exact) - set(names) - {"Aggregated"} if not name.startswith("_"))
    for name in [*names, *extra, "Aggregated"]:
        row = exact.get(name)
        if row is None:
            continue
        b = base.get(name)
        b_text = f"{b['p50']} / {b['p95']} / {b['max']}" if b else "–"
        ok = "ya" if row["p95"] <= GOAL_P95_MS else "**tidak**"
        label = "Semua" if name == "Aggregated" else name
        split = " | ".join(str(w[name]["p95"]) if name in w else "–" for w in (luar, saat))
        c = result.get("cpu", {}).get(name)
        c_text = f"{c['python']:.0f} + {c['postgres']:.0f}" if c else "–"
        lines.append(
            f"| {label} | {c_text} | {b_text} | {row['n']:,} | {row['galat']} | {row['p50']} | {row['p95']} | {row['max']} | {ok} "
            f"| {split} |"
        )
    total = exact.get("Aggregated", {})
    lines += [
        "",
        f"Galat: {total.get('galat', '?')} dari {total.get('n', '?'):,} permintaan (dengan semua pengguna masuk).",
    ]
    cpu = result.get("cpu") or {}
    counted = [(row["n"], cpu[name]) for name, row in exact.items() if name in cpu]
    if counted:
        mean = sum(n * (c["python"] + c["postgres"]) for n, c in counted) / max(
            sum(n for n, _c in counted), 1
        )
        offered = args["users"] / ((args["wait_min"] + args["wait_max"]) / 2)
        served = total.get("n", 0) / (args["minutes"] * 60)
        lines.append(
            f"CPU rata-rata per permintaan pada campuran ini: {mean:.0f} ms. {args['users']} pengguna dengan jeda rata-rata "
            f"{(args['wait_min'] + args['wait_max']) / 2:g} s meminta ≈ {offered:.0f} permintaan/s (≈ {offered * mean / 1000:.1f} "
            f"inti CPU); terlayani {served:.1f} permintaan/s."
        )
    if "impor_detik" in jendela:
        lines.append(
            f"Jendela impor (unggah sampai kotak terakhir dihitung ulang): {jendela['impor_detik']} s; "
            f"permintaan di dalamnya {saat.get('Aggregated', {}).get('n', 0):,}, di luarnya "
            f"{luar.get('Aggregated', {}).get('n', 0):,}."
        )
    ramp = load.get("_ramp")
    if ramp:
        for name, row in ramp["baris"].items():
            label = "semua permintaan selama ramp" if name.startswith("Aggregated") else f"`{name}`"
            lines.append(
                f"Ramp ({ramp['pengguna']} pengguna berhasil masuk, {args['spawn_rate']:g}/s), {label}: {row['n']:,} permintaan, "
                f"{row['galat']} galat, p50 {row['p50']:.0f} / p95 {row['p95']:.0f} / max {row['max']} ms."
            )
    if impor:
        if "galat" in impor:
            lines.append(f"Impor SKP: GAGAL ({impor['galat']}).")
        if "laten_kotak_semua_detik" in impor:
            lines.append(
                f"Impor SKP {impor['baris']:,} baris ({impor['diubah']:,} diubah, {impor['baru']:,} baru): unggah "
                f"{impor['unggah_detik']} s, pratinjau selesai {impor['pratinjau_detik']} s setelah unggah, "
                f"Simpan → commit {impor['simpan_detik']} s. Perubahan → kotak: penempatan pertama "
                f"{impor['laten_kotak_pertama_detik']} s, semua {impor['penempatan']:,} penempatan "
                f"{impor['laten_kotak_semua_detik']} s setelah commit (server: {impor['laten_server_detik']} s); "
                f"{impor['penempatan_dihitung_ulang']:,} dihitung ulang, {impor['kotak_berubah']:,} kotak berubah."
            )
    return "\n".join(lines) + "\n"


def _la(values) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
