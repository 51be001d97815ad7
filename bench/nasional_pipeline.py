"""Benchmark: the real pipeline at a million pegawai — 50 instansi × 20,000 pegawai through the
talent engine's recompute and the summary refresh, with 1 and with 2 worker processes, and the
projected wall time of a national full recompute (4.2 million pegawai) on N worker machines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/nasional_pipeline.py [--instansi 50] [--pegawai 20000] \\
        [--processes 1,2] [--db talenta_bench_pipeline] [--fresh] [--drop-db]

    quick run: --instansi 6 --pegawai 2000

Data: `--instansi` kabupaten/kota tenants (real Kemendagri codes, in code order), each with
`--pegawai` pegawai and their whole portfolio from bench/engine_data.py (the same generator and
COPY writer as the talent-engine benchmarks: asesmen, two years of annual SKP, riwayat, hukuman;
every instansi holds the same people, so each is the same amount of work), in its own database
(`talenta_bench_pipeline`, kept and reused while its fingerprint matches; --fresh rebuilds it,
--drop-db drops it at the end). Building 50 × 20,000 takes ~10 minutes on two cores.

Measured, for each process count P (default 1 and 2), from "never computed" (no placement, no
summary row; tables vacuumed, CHECKPOINT): P worker processes (multiprocessing, each with its own
Django and PostgreSQL connection) wait loaded, then take instansi from one queue until it is empty;
per instansi, inside its tenant scope, what the workers do after a bulk change:
`penempatan_mark_all_dirty` + `penempatan_flush` (apps/petatalenta/services.py: every placement
computed by the real engine and written, with its history row) and then
`apps.nasional.services.ringkasan_refresh` (that instansi's summary row). Figures: wall time,
pegawai per second in total and per worker process, the split between recompute and refresh, the
CPU seconds of the worker processes and of their PostgreSQL backends (/proc; they do not grow
while other work shares the cores). Checked: every pegawai has a computed placement, no row is
left dirty, every instansi has its summary row of the period.

Projection: a national full recompute of 4,200,000 pegawai on N worker machines of W worker
processes each, (a) from the per-process rate of the largest P measured (the contended one: worker,
database and other work share this machine), (b) from the CPU seconds per pegawai of the workers
plus their backends (each process and its backend with a core of their own), with the PostgreSQL
cores rate (b) needs; and the ceiling the database puts on it (backend CPU seconds per pegawai: a
primary with C cores serves at most C / that many pegawai per second). The database size after the
run, per pegawai, is printed too.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data

BENCH_DB = "talenta_bench_pipeline"
NASIONAL_PEGAWAI = 4_200_000
PIPELINE_VERSION = 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--instansi", type=int, default=50)
    parser.add_argument("--pegawai", type=int, default=20_000, help="pegawai per instansi")
    parser.add_argument("--processes", default="1,2", help="worker process counts to measure")
    parser.add_argument("--db", default=BENCH_DB)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--drop-db", action="store_true", help="drop the bench database at the end")
    args = parser.parse_args()

    started = time.perf_counter()
    meta = data.ensure(
        pegawai=args.pegawai,
        fresh=args.fresh,
        db=args.db,
        builder=lambda n: build(instansi=args.instansi, pegawai=n),
        tanda=f":pipeline{PIPELINE_VERSION}:{args.instansi}",
    )
    data.django_setup(db=args.db)
    results = []
    try:
        for processes in [int(p) for p in args.processes.split(",") if p]:
            prepare(meta)
            print(f"== {processes} proses worker", flush=True)
            result = run(meta, processes, args.db)
            verify(meta)
            results.append(result)
            line(result)
        size = database_size(meta)
    finally:
        from django.db import connections

        connections.close_all()
        if args.drop_db:
            data.recreate_database(data.server_url(), drop_only=True, db=args.db)
    report(results, meta, started)
    print(size)


def database_size(meta: dict) -> str:
    """The database after a full recompute, per pegawai (the sizing figure of docs/scaling.md)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 8"
        )
        top = cursor.fetchall()
    per = total / meta["pegawai"]
    lines = [f"Ukuran basis data: {total / 2**20:,.0f} MB = {per / 1024:.1f} kB per pegawai "
             f"(nasional {per * NASIONAL_PEGAWAI / 2**30:,.0f} GB); terbesar:"]  # fmt: skip
    lines += [f"  {name}: {size / 2**20:,.0f} MB" for name, size in top]
    return "\n".join(lines)


# --- data -------------------------------------------------------------------------------------------------


def build(*, instansi: int, pegawai: int) -> dict:
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import UnitKerja, Wilayah
    from apps.instansi.services import instansi_create
    from apps.petatalenta.services import aturan_aktif_get

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate {time.perf_counter() - t:.0f} s", flush=True)
    wilayah = list(Wilayah.objects.filter(jenis__in=["kabupaten", "kota"]).order_by("kode")[:instansi])
    data.check(len(wilayah) == instansi, f"only {len(wilayah)} kabupaten/kota")
    tenants = []
    for w in wilayah:
        inst = instansi_create(wilayah=w, actor=None)
        with instansi_scope(inst):
            aturan_aktif_get(instansi=inst)  # the national weighted preset, version 1
            units = data._units(inst, UnitKerja)
        tenants.append({"instansi": inst.pk, "kode": inst.kode, "size": pegawai, "units": units})

    t = time.perf_counter()
    from import_penilaian import pegawai_generate  # the house generator of realistic pegawai

    specs = pegawai_generate(pegawai, list(range(len(tenants[0]["units"]))))
    print(f"  {pegawai:,} pegawai dibangkitkan {time.perf_counter() - t:.0f} s", flush=True)
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        try:
            cursor.execute("SET session_replication_role = replica")
        except DatabaseError:  # not a superuser: triggers fire, with pgtrigger.ignore defined
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', false)")
        for i, tenant in enumerate(tenants):
            t = time.perf_counter()
            for table, n in data._tenant_rows(tenant, specs).items():
                counts[table] = counts.get(table, 0) + n
            print(f"  {i + 1}/{len(tenants)} {tenant['kode']}: {pegawai:,} pegawai + portofolio "
                  f"{time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip
        cursor.execute("SET session_replication_role = DEFAULT")
        t = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        print(f"  analyze {time.perf_counter() - t:.0f} s", flush=True)
    for tenant in tenants:
        del tenant["units"]
    return {"tenants": tenants, "pegawai": pegawai * len(tenants), "per_instansi": pegawai, "rows": counts}


def prepare(meta: dict) -> None:
    """Back to "never computed": no placement, history, job or summary row (the bench database
    only), tables vacuumed, a CHECKPOINT so the previous run's writes are not this run's cost."""
    from django.db import connection

    ids = [t["instansi"] for t in meta["tenants"]]
    data.penempatan_reset(ids)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE nasional_ringkasaninstansi, nasional_ringkasankotor")
        cursor.execute(
            "VACUUM ANALYZE petatalenta_penempatan, petatalenta_riwayatpenempatan, pegawai_pegawai"
        )
    data.checkpoint()
    connection.close()


def verify(meta: dict) -> None:
    from django.db import connection

    from apps.petatalenta.periode import periode_sekarang

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE dirty_since IS NOT NULL), count(*) FILTER (WHERE status = '')"
            " FROM petatalenta_penempatan WHERE periode = %s",
            [periode_sekarang()],
        )
        total, dirty, kosong = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM nasional_ringkasaninstansi WHERE periode = %s", [periode_sekarang()]
        )
        ringkasan = cursor.fetchone()[0]
    data.check(total == meta["pegawai"], f"{total:,} placements for {meta['pegawai']:,} pegawai")
    data.check(dirty == 0 and kosong == 0, f"{dirty} dirty, {kosong} without a status")
    data.check(
        ringkasan == len(meta["tenants"]), f"{ringkasan} summary rows for {len(meta['tenants'])} instansi"
    )
    connection.close()


# --- the workers --------------------------------------------------------------------------------------------


def worker(db: str, antrean, hasil, siap, mulai) -> None:
    """One worker process: Django loaded, its own connection, then instansi after instansi."""
    from unittest import mock

    data.django_setup(db=db)
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.nasional.services import ringkasan_refresh
    from apps.petatalenta.periode import periode_sekarang
    from apps.petatalenta.services import penempatan_flush, penempatan_mark_all_dirty

    periode = periode_sekarang()
    backend = data.backend_pid()
    siap.put(os.getpid())
    mulai.wait()
    cpu_py, cpu_pg = time.process_time(), data.cpu_seconds(backend)
    per_instansi = []
    while True:
        # A blocking get until this process's end mark: get_nowait() raises Empty whenever the
        # other process holds the queue's read lock, and a worker would stop early.
        instansi_id = antrean.get(timeout=600)
        if instansi_id is None:
            break
        instansi = Instansi.objects.get(pk=instansi_id)
        t0 = time.perf_counter()
        with instansi_scope(instansi):
            # The bench measures the work, not the broker: no flush task is queued by the mark.
            with mock.patch("apps.petatalenta.services.penempatan_flush_schedule", return_value=False):
                marked = penempatan_mark_all_dirty(
                    instansi=instansi, periode=periode, penyebab="bench.nasional"
                )
            penempatan_flush(instansi=instansi, periode=periode)
            t1 = time.perf_counter()
            ringkasan_refresh(instansi=instansi)
            t2 = time.perf_counter()
        per_instansi.append(
            {"instansi": instansi_id, "pegawai": marked, "hitung": t1 - t0, "ringkasan": t2 - t1}
        )
    hasil.put(
        {
            "pid": os.getpid(),
            "instansi": per_instansi,
            "cpu_py": time.process_time() - cpu_py,
            "cpu_pg": data.cpu_seconds(backend) - cpu_pg,
            "peak_mb": data.peak_mb(),
        }
    )


def run(meta: dict, processes: int, db: str) -> dict:
    ctx = mp.get_context("spawn")  # a fresh interpreter each: no connection inherited from here
    antrean, hasil, siap, mulai = ctx.Queue(), ctx.Queue(), ctx.Queue(), ctx.Event()
    for tenant in meta["tenants"]:
        antrean.put(tenant["instansi"])
    for _ in range(processes):
        antrean.put(None)  # one end mark per worker
    procs = [ctx.Process(target=worker, args=(db, antrean, hasil, siap, mulai)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    for _ in procs:
        siap.get(timeout=300)
    started = time.perf_counter()
    mulai.set()
    outs = [hasil.get(timeout=24 * 3600) for _ in procs]
    seconds = time.perf_counter() - started
    for proc in procs:
        proc.join()
        data.check(proc.exitcode == 0, f"worker exit code {proc.exitcode}")
    rows = [r for out in outs for r in out["instansi"]]
    pegawai = sum(r["pegawai"] for r in rows)
    data.check(len(rows) == len(meta["tenants"]), f"{len(rows)} instansi done")
    per_process = sorted(len(out["instansi"]) for out in outs)
    # Every process must have worked (one that stopped early would make P processes look like 1).
    data.check(per_process[0] >= min(1, len(rows) // processes), f"instansi per process: {per_process}")
    return {
        "processes": processes,
        "seconds": seconds,
        "pegawai": pegawai,
        "instansi": len(rows),
        "hitung": sum(r["hitung"] for r in rows),
        "ringkasan": sum(r["ringkasan"] for r in rows),
        "ringkasan_max": max(r["ringkasan"] for r in rows),
        "cpu_py": sum(o["cpu_py"] for o in outs),
        "cpu_pg": sum(o["cpu_pg"] for o in outs),
        "peak_mb": max(o["peak_mb"] for o in outs),
        "load": os.getloadavg()[0],
        "per_proses": per_process,
    }


# --- report ---------------------------------------------------------------------------------------------------


def line(r: dict) -> None:
    rate = r["pegawai"] / r["seconds"]
    print(f"  {r['processes']} proses: {r['pegawai']:,} pegawai di {r['instansi']} instansi dalam {r['seconds']:.1f} s "
          f"= {rate:,.0f} pegawai/s ({rate / r['processes']:,.0f} per proses); hitung {r['hitung']:.1f} s, "
          f"ringkasan {r['ringkasan']:.2f} s (maks {r['ringkasan_max'] * 1000:.0f} ms/instansi); CPU python "
          f"{r['cpu_py']:.1f} s, postgres {r['cpu_pg']:.1f} s; instansi per proses {r['per_proses']}; puncak {r['peak_mb']:.0f} MB/proses; "
          f"load {r['load']:.1f}", flush=True)  # fmt: skip


def report(results: list[dict], meta: dict, started: float) -> None:
    print(f"\nTotal {time.perf_counter() - started:.0f} s. Mesin: {data.machine()}")
    print(
        f"{len(meta['tenants'])} instansi × {meta['per_instansi']:,} pegawai = {meta['pegawai']:,} pegawai\n"
    )
    print("| Proses worker | Waktu (s) | Pegawai/s | Pegawai/s per proses | Hitung ulang (s, jumlah proses) "
          "| Refresh ringkasan (s; maks per instansi) | CPU Python / PostgreSQL (s) | Puncak per proses (MB) |")  # fmt: skip
    print("|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in results:
        rate = r["pegawai"] / r["seconds"]
        print(f"| {r['processes']} | {r['seconds']:.1f} | {rate:,.0f} | {rate / r['processes']:,.0f} | {r['hitung']:.1f} | "
              f"{r['ringkasan']:.2f}; {r['ringkasan_max'] * 1000:.0f} ms | {r['cpu_py']:.0f} / {r['cpu_pg']:.0f} | "
              f"{r['peak_mb']:.0f} |")  # fmt: skip
    if not results:
        return
    top = max(results, key=lambda r: r["processes"])
    per_proc = top["pegawai"] / top["seconds"] / top["processes"]
    py_per = top["cpu_py"] / top["pegawai"]
    pg_per = top["cpu_pg"] / top["pegawai"]
    print(
        f"\nPer pegawai: {py_per * 1000:.2f} ms CPU Python (worker), {pg_per * 1000:.2f} ms CPU PostgreSQL."
    )
    # A worker process with a core of its own and its PostgreSQL backend on another: the flush is
    # Python then PostgreSQL in turn, so each pegawai costs both CPU times one after the other.
    cpu_rate = 1 / (py_per + pg_per)
    print(f"Proyeksi hitung ulang nasional ({NASIONAL_PEGAWAI:,} pegawai): (a) dari laju terukur "
          f"{per_proc:,.0f} pegawai/s per proses ({top['processes']} proses, berbagi mesin dengan "
          f"PostgreSQL dan beban lain); (b) dari CPU Python + PostgreSQL per pegawai ({cpu_rate:,.0f} "
          f"pegawai/s per proses, masing-masing dengan inti sendiri), dengan inti PostgreSQL yang dibutuhkan laju (b).")  # fmt: skip
    print("| Mesin worker | Proses per mesin | (a) menit | (b) menit | Inti PostgreSQL untuk (b) |")
    print("|--:|--:|--:|--:|--:|")
    for machines in (1, 2, 4, 8, 16):
        for procs in (2, 8):
            a = NASIONAL_PEGAWAI / (per_proc * machines * procs) / 60
            b = NASIONAL_PEGAWAI / (cpu_rate * machines * procs) / 60
            print(
                f"| {machines} | {procs} | {a:,.1f} | {b:,.1f} | {cpu_rate * machines * procs * pg_per:,.1f} |"
            )
    print(
        f"\nBatas dari basis data: {1 / pg_per:,.0f} pegawai/s per inti PostgreSQL; primer 16 inti penuh = "
        f"{NASIONAL_PEGAWAI * pg_per / 16 / 60:,.1f} menit paling cepat."
    )
    print(
        "RESULT " + json.dumps({"results": results, "per_proc": per_proc, "py_per": py_per, "pg_per": pg_per})
    )


if __name__ == "__main__":
    main()
