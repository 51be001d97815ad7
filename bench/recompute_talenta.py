"""Benchmark: full recompute of the nine-box placements of one instansi with 100,000 pegawai.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/recompute_talenta.py [--pegawai 100000] [--fresh] [--repeat 1]
    .venv/bin/python -m devserver.embedded run -- .venv/bin/python bench/recompute_talenta.py

Data: bench/engine_data.py (database `talenta_bench_engine`, built once with COPY and reused while
its fingerprint matches; --fresh rebuilds it, --drop-db drops it at the end).

Measured, each step in a fresh process after a VACUUM ANALYZE of the placement tables (what
autovacuum does between two bulk recomputes; this server may have it off) and a CHECKPOINT, as the
worker does it: `hitung_ulang_start` (every active pegawai marked dirty in one statement, the job
row, the audit event; committed; then the statistics refresh and the flush tasks queued after
commit) and the flush: `penempatan_flush` in as many processes as `services.flush_parallelism`
queues tasks for (2 for 100,000 dirty rows; --processes overrides), each loaded and waiting like a
worker process, started together and sharing the dirty rows through SKIP LOCKED:
1. first run: no placement exists yet (all 100,000 new, one history row each);
2. re-run: nothing changed (every result identical: nothing rewritten, no history);
3. rule change: a new rule-set version is activated (other cut-offs and SKP aggregation), so every
   placement is rewritten and the ones that change box get a history row.
Baseline, in the same run: a naive loop over the 2,000 pegawai of the baseline instansi (the same
people and portfolio as the first 2,000 of the big one): per pegawai the ORM queries for its
inputs, the pure engine, `Penempatan.save()` and a history row when the box changes, all in one
transaction (no commit per pegawai, the kindest version of the naive loop). Its placements must
equal the batched ones (same inputs hash, box and scores per NIP): checked.

Peak memory: VmHWM of every process doing the work, summed (the marking process and each flush
process). Also printed: time spent waiting for PostgreSQL per statement kind, and the CPU seconds
of the Python processes and of their PostgreSQL backends (same host: /proc), which unlike wall
time do not grow when other work shares the two cores. Targets (issue #5, point 6): first run <= 15 s wall,
<= 512 MB, >= 30x the naive loop's pegawai per second.

`--profile` runs the first-run flush of one process under cProfile and prints the top functions;
BENCH_PY_SPY=<file> records one flush process with py-spy (raw format) instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data

TARGET_SECONDS, TARGET_MB, TARGET_RATIO = 15.0, 512.0, 30.0
STEPS = ("baseline", "pertama", "ulang", "aturan")
LABEL = {
    "baseline": "baseline: loop naif per pegawai (ORM + save)",
    "pertama": "hitung pertama (semua penempatan baru)",
    "ulang": "hitung ulang, tidak ada yang berubah",
    "aturan": "aturan baru diaktifkan (semua berubah)",
}
# The rule change of step 3: stricter kinerja cut-offs, SKP averaged over the window.
ATURAN_BARU = {"batas_kinerja": [55, 75], "batas_potensial": [58, 78], "agregasi_skp": "rata_rata"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument(
        "--processes", type=int, default=0, help="flush processes (default: as the service decides)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step (median kept)")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--drop-db", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--profile", action="store_true", help="cProfile the first-run flush")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return

    started = time.perf_counter()
    meta = data.ensure(pegawai=args.pegawai, fresh=args.fresh)
    data.django_setup()
    try:
        run(args, meta, started)
    finally:
        from django.db import connections

        connections.close_all()
        if args.drop_db:
            data.recreate_database(data.server_url(), drop_only=True)


def run(args, meta: dict, started: float) -> None:
    tenants = meta["tenants"]
    steps = [s for s in args.steps.split(",") if s]
    processes = args.processes or flush_processes_default(meta["pegawai"])
    print(f"Baris: {json.dumps(meta['rows'])}", flush=True)
    lines = []
    for step in steps:
        runs = []
        for _ in range(max(1, args.repeat)):
            prepare(step, tenants)
            data.checkpoint()
            spec = {"step": step, "tenants": tenants, "processes": 1 if step == "baseline" else processes,
                    "profile": args.profile and step == "pertama"}  # fmt: skip
            runs.append(spawn(spec))
        result = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
        result["peak_mb"] = max(r["peak_mb"] for r in runs)
        if len(runs) > 1:
            result["note"] += " | median: " + " / ".join(f"{r['seconds']:.2f}" for r in runs) + " s"
        if step == "pertama" and "baseline" in steps:
            result["note"] += " | " + compare_with_baseline(tenants)
        lines.append(result)
        print_line(result)
    report(lines, started)


def flush_processes_default(n: int) -> int:
    from apps.petatalenta import services

    return services.flush_parallelism(dirty=n) if hasattr(services, "flush_parallelism") else 1


def prepare(step: str, tenants: dict) -> None:
    """The state each step starts from (run in the parent, not measured)."""
    from django.db import connection, transaction

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.models import AturanTalenta, Penempatan

    besar = tenants["besar"]["instansi"]
    # What autovacuum does between two bulk recomputes (this server may have it off): the dead
    # rows of the previous step are not this step's cost.
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE petatalenta_penempatan, petatalenta_riwayatpenempatan, pegawai_pegawai"
        )
    if step == "baseline":
        data.penempatan_reset([t["instansi"] for t in tenants.values()])
    elif step == "pertama":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM petatalenta_penempatan WHERE instansi_id = %s", [besar])
            if cursor.fetchone()[0]:
                # The baseline's placements stay (compared after this step); the big instansi's go.
                keep = tenants["baseline"]["instansi"]
                cursor.execute(
                    "CREATE TEMP TABLE keep_p AS SELECT * FROM petatalenta_penempatan WHERE instansi_id = %s",
                    [keep],
                )
                cursor.execute(
                    "CREATE TEMP TABLE keep_r AS SELECT * FROM petatalenta_riwayatpenempatan WHERE instansi_id = %s",
                    [keep],
                )
                data.penempatan_reset([t["instansi"] for t in tenants.values()])
                cursor.execute("INSERT INTO petatalenta_penempatan SELECT * FROM keep_p")
                cursor.execute("INSERT INTO petatalenta_riwayatpenempatan SELECT * FROM keep_r")
                cursor.execute("DROP TABLE keep_p, keep_r")
    elif step == "ulang":
        instansi = Instansi.objects.get(pk=besar)
        with instansi_scope(instansi):
            sisa = Penempatan.objects.filter(instansi=instansi, dirty_since__isnull=False).count()
            n = Penempatan.objects.filter(instansi=instansi).count()
            data.check(
                n == tenants["besar"]["size"] and sisa == 0,
                "re-run needs a computed instansi (run 'pertama' first)",
            )
    elif step == "aturan":
        from apps.petatalenta.engine import Aturan

        instansi = Instansi.objects.get(pk=besar)
        with instansi_scope(instansi), transaction.atomic():
            aktif = AturanTalenta.objects.get(instansi=instansi, status="aktif")
            konfigurasi = {**aktif.konfigurasi, **ATURAN_BARU}
            if aktif.konfigurasi == konfigurasi:  # already the new one: go back to the preset's shape
                konfigurasi = {k: v for k, v in aktif.konfigurasi.items() if k != "agregasi_skp"}
                konfigurasi.update(batas_kinerja=[60, 80], batas_potensial=[60, 80])
            Aturan.from_config(konfigurasi)
            AturanTalenta.objects.filter(pk=aktif.pk).update(status="arsip")
            AturanTalenta.objects.create(
                instansi=instansi, versi=aktif.versi + 1, nama=f"Bench v{aktif.versi + 1}", status="aktif",
                konfigurasi=konfigurasi,
            )  # fmt: skip
    connection.close()


def compare_with_baseline(tenants: dict) -> str:
    """The naive loop's placements (baseline instansi) against the batched ones of the same NIPs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE a.inputs_hash = b.inputs_hash AND a.kotak = b.kotak
                                    AND a.status = b.status AND a.skor_potensial IS NOT DISTINCT FROM b.skor_potensial
                                    AND a.skor_kinerja IS NOT DISTINCT FROM b.skor_kinerja
                                    AND a.kekurangan = b.kekurangan AND a.rincian = b.rincian
                                    AND a.talent_pool = b.talent_pool)
              FROM petatalenta_penempatan a
              JOIN pegawai_pegawai pa ON pa.id = a.pegawai_id
              JOIN pegawai_pegawai pb ON pb.nip = pa.nip AND pb.instansi_id = %s
              JOIN petatalenta_penempatan b ON b.pegawai_id = pb.id AND b.periode = a.periode
             WHERE a.instansi_id = %s
            """,
            [tenants["besar"]["instansi"], tenants["baseline"]["instansi"]],
        )
        total, same = cursor.fetchone()
    connection.close()
    data.check(
        total == tenants["baseline"]["size"] and same == total, f"naive vs batched: {same} of {total} equal"
    )
    return f"sama dengan loop naif: {same:,}/{total:,}"


def Timer():
    """bench/import_penilaian.py's per-statement PostgreSQL timer, also for the byte strings
    psycopg2's execute_values sends (labelled from their head, never cached: they are large)."""
    from import_penilaian import QueryTimer

    class _Timer(QueryTimer):
        def label(self, sql):
            if isinstance(sql, bytes):
                return super().label(sql[:200].decode(errors="replace") + " /*bytes*/")
            return super().label(sql)

    return _Timer()


def spawn(spec: dict) -> dict:
    return data.benchkit.spawn(Path(__file__).resolve(), spec)


# --- measured steps (child processes) -----------------------------------------------------------------


def child(spec: dict) -> None:
    data.django_setup()
    if spec.get("flush_worker"):
        flush_worker(spec)
        return
    from django.db import connection

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.models import Penempatan, RiwayatPenempatan

    step = spec["step"]
    key = "baseline" if step == "baseline" else "besar"
    instansi = Instansi.objects.get(pk=spec["tenants"][key]["instansi"])
    n = spec["tenants"][key]["size"]
    timer = Timer()
    with instansi_scope(instansi):
        history_before = RiwayatPenempatan.objects.filter(instansi=instansi).count()
        start_mb = data.peak_mb()
        backend = data.backend_pid()
        cpu_py, cpu_pg = time.process_time(), data.cpu_seconds(backend)
        if step == "baseline":
            started = time.perf_counter()
            timer.wrap(connection, lambda: naive_loop(instansi))()
            seconds = time.perf_counter() - started
            mark_seconds, flush_peak, counts, flush_cpu = 0.0, 0.0, {"diproses": n}, [0.0, 0.0]
        else:
            from apps.petatalenta.services import hitung_ulang_start

            # The flush processes stand ready (Django loaded), like a worker waiting for its task.
            workers = flush_workers_start(spec, instansi.pk)
            started = time.perf_counter()
            job = timer.wrap(
                connection, lambda: hitung_ulang_start(instansi=instansi, penyebab=f"bench.{step}")
            )()
            mark_seconds = time.perf_counter() - started
            data.check(job.total == n, f"{job.total} marked dirty")
            counts, flush_peak, flush_db, flush_cpu = flush_workers_run(workers, job.periode)
            seconds = time.perf_counter() - started
            for label, sec, count in flush_db:
                timer.seconds[f"flush: {label}"] = timer.seconds.get(f"flush: {label}", 0.0) + sec
                timer.count[f"flush: {label}"] = timer.count.get(f"flush: {label}", 0) + count
        cpu = [time.process_time() - cpu_py + flush_cpu[0], data.cpu_seconds(backend) - cpu_pg + flush_cpu[1]]
        penempatan_qs = Penempatan.objects.filter(instansi=instansi)
        stored = penempatan_qs.count()
        dirty = penempatan_qs.filter(dirty_since__isnull=False).count()
        history = RiwayatPenempatan.objects.filter(instansi=instansi).count() - history_before
    data.check(stored == n and dirty == 0, f"{stored} placements, {dirty} still dirty")
    data.check(counts["diproses"] >= n, f"{counts['diproses']} processed")
    if step == "pertama":
        data.check(
            counts.get("berubah") == n and history == n, f"first run: {counts}, {history} history rows"
        )
    elif step == "ulang":
        data.check(
            counts.get("tetap") == n and counts.get("berubah") == 0 and history == 0,
            f"re-run: {counts}, {history}",
        )
    elif step == "aturan":
        data.check(
            counts.get("berubah") == n and history == counts.get("kotak_berubah"),
            f"rule change: {counts}, {history}",
        )
    note = ", ".join(f"{k} {v:,}" for k, v in counts.items()) + f" · riwayat +{history:,}"
    if step != "baseline":
        note += f" · tandai kotor {mark_seconds:.2f} s · {spec['processes']} proses flush"
    result = {
        "step": step,
        "rows": n,
        "seconds": seconds,
        "peak_mb": data.peak_mb() + flush_peak,
        "start_mb": start_mb,
        "note": note,
        "db": timer.summary(),
        "load": os.getloadavg()[0],
        "cpu_py": cpu[0],
        "cpu_pg": cpu[1],
    }
    print("RESULT " + json.dumps(result), flush=True)


def flush_workers_start(spec: dict, instansi_id: int) -> list:
    """Start `processes` flush processes and wait until each has loaded Django and says READY."""
    procs = []
    for i in range(spec["processes"]):
        worker = {"flush_worker": True, "instansi": instansi_id, "profile": spec.get("profile") and i == 0}
        command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(worker)]
        if os.environ.get("BENCH_PY_SPY") and i == 0:  # sampling profile of one flush process
            command = [str(Path(sys.executable).with_name("py-spy")), "record", "--format", "raw", "--rate", "250",
                       "-o", os.environ["BENCH_PY_SPY"], "--", *command]  # fmt: skip
        procs.append(
            subprocess.Popen(  # noqa: S603 - our own script
                command,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy(),
            )
        )  # fmt: skip
    for proc in procs:
        while (line := proc.stdout.readline()) and line.strip() != "READY":
            print(f"    {line.rstrip()}")  # py-spy's banner, a warning
        data.check(line.strip() == "READY", "flush process did not start")
    return procs


def flush_workers_run(procs: list, periode: int) -> tuple[dict, float, list, list]:
    """Let every flush process go at once (as that many flush tasks of the instansi would run on a
    worker); returns the summed counts, the summed peak memory, every process's statements and
    the CPU seconds of the flush processes and of their PostgreSQL backends."""
    for proc in procs:
        proc.stdin.write(f"{periode}\n")
        proc.stdin.flush()
    counts: dict[str, int] = {}
    peak, db, cpu = 0.0, [], [0.0, 0.0]
    for proc in procs:
        out, _ = proc.communicate()
        result = None
        for line in out.splitlines():
            if line.startswith("FLUSH "):
                result = json.loads(line[6:])
            else:
                print(line)
        data.check(proc.returncode == 0 and result is not None, "flush process failed")
        for k, v in result["counts"].items():
            counts[k] = counts.get(k, 0) + v
        peak += result["peak_mb"]
        db += result["db"]
        cpu = [cpu[0] + result["cpu"][0], cpu[1] + result["cpu"][1]]
    return counts, peak, db, cpu


def flush_worker(spec: dict) -> None:
    """One flush process: load everything, say READY, flush the period read from stdin."""
    from django.db import connection

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.services import penempatan_flush

    instansi = Instansi.objects.get(pk=spec["instansi"])
    backend = data.backend_pid()
    timer = Timer()
    print("READY", flush=True)
    periode = int(sys.stdin.readline())
    cpu_py, cpu_pg = time.process_time(), data.cpu_seconds(backend)
    with instansi_scope(instansi):
        work = timer.wrap(connection, lambda: penempatan_flush(instansi=instansi, periode=periode))
        if spec.get("profile"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(work)
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(30)
        else:
            result = work()
    cpu = [time.process_time() - cpu_py, data.cpu_seconds(backend) - cpu_pg]
    statements = [[label, sec, timer.count[label]] for label, sec in timer.seconds.items()]
    print(
        "FLUSH "
        + json.dumps({"counts": result.__dict__, "peak_mb": data.peak_mb(), "db": statements, "cpu": cpu}),
        flush=True,
    )


def naive_loop(instansi) -> None:
    """The baseline: what a straightforward implementation would do, per pegawai."""
    from django.db import transaction

    from apps.pegawai.models import Pegawai
    from apps.petatalenta.engine import Aturan, penempatan_compute
    from apps.petatalenta.models import Penempatan, RiwayatPenempatan
    from apps.petatalenta.services import _rincian, aturan_aktif_get, periode_sekarang, tanggal_acuan_periode

    periode = periode_sekarang()
    tanggal = tanggal_acuan_periode(periode=periode)
    aturan_obj = aturan_aktif_get(instansi=instansi)
    aturan = Aturan.from_config(aturan_obj.konfigurasi)
    with transaction.atomic():
        for pegawai in Pegawai.objects.filter(instansi=instansi, aktif=True).order_by("pk"):
            inputs = naive_inputs(instansi, pegawai, tanggal, aturan)
            p = penempatan_compute(inputs=inputs, aturan=aturan, konfigurasi=aturan_obj.konfigurasi)
            row = Penempatan.objects.filter(instansi=instansi, pegawai=pegawai, periode=periode).first()
            if row is None:
                row = Penempatan(instansi=instansi, pegawai=pegawai, periode=periode)
            kotak_lama, status_lama = row.kotak, row.status
            row.aturan = aturan_obj
            row.skor_potensial, row.skor_kinerja = p.skor_potensial, p.skor_kinerja
            row.level_potensial, row.level_kinerja = p.level_potensial, p.level_kinerja
            row.kotak, row.status, row.talent_pool = p.kotak, p.status, p.talent_pool
            row.kekurangan, row.rincian = list(p.kekurangan), _rincian(p, inputs)
            row.inputs_hash, row.dihitung_pada, row.dirty_since = p.inputs_hash, timezone_now(), None
            row.save()
            if kotak_lama != p.kotak or status_lama != p.status:
                RiwayatPenempatan.objects.create(
                    instansi=instansi, pegawai=pegawai, periode=periode, aturan=aturan_obj, kotak_lama=kotak_lama,
                    kotak_baru=p.kotak, status=p.status, skor_potensial=p.skor_potensial,
                    skor_kinerja=p.skor_kinerja, penyebab="bench.naif", inputs_hash=p.inputs_hash,
                )  # fmt: skip
        if not aturan_obj.digunakan:
            aturan_obj.digunakan = True
            aturan_obj.save(update_fields=["digunakan"])


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def naive_inputs(instansi, pegawai, tanggal, aturan):
    """One pegawai's inputs, one ORM query per kind (the same rules as apps/petatalenta/inputs.py)."""
    import datetime as dt
    from decimal import Decimal

    from django.db.models import Sum

    from apps.asesmen.models import Asesmen
    from apps.kinerja.models import SKP
    from apps.pegawai.models import (
        HukumanDisiplin,
        Penghargaan,
        RiwayatDiklat,
        RiwayatJabatan,
        RiwayatPendidikan,
        SkTimKerja,
    )
    from apps.pegawai.referensi import JENJANG_PENDIDIKAN_URUTAN
    from apps.petatalenta.engine import AsesmenInput, HukumanInput, PenempatanInputs
    from apps.petatalenta.inputs import MASA_PENGHARGAAN_TAHUN

    ok = {"instansi": instansi, "pegawai": pegawai, "status": "disetujui"}
    window_start = dt.date(tanggal.year - aturan.jendela_tahun, 1, 1)
    asesmen = (
        Asesmen.objects.filter(instansi=instansi, pegawai=pegawai, tanggal__lte=tanggal)
        .order_by("-tanggal", "-id")
        .first()
    )
    skp = SKP.objects.filter(
        instansi=instansi, pegawai=pegawai, periode="tahunan",
        tahun__gte=tanggal.year - aturan.jendela_tahun, tahun__lt=tanggal.year,
    )  # fmt: skip
    jp = RiwayatDiklat.objects.filter(
        **ok, tanggal_selesai__gte=window_start, tanggal_selesai__lte=tanggal
    ).aggregate(s=Sum("jam_pelajaran"))["s"]
    pengalaman = None
    for j in RiwayatJabatan.objects.filter(**ok, tmt_mulai__lte=tanggal):
        days = max(0, (min(j.tmt_selesai or tanggal, tanggal) - j.tmt_mulai).days)
        pengalaman = (pengalaman or Decimal(0)) + Decimal(days) / Decimal("365.25")
    pendidikan = None
    for r in RiwayatPendidikan.objects.filter(**ok):
        if pendidikan is None or JENJANG_PENDIDIKAN_URUTAN[r.jenjang] > JENJANG_PENDIDIKAN_URUTAN[pendidikan]:
            pendidikan = r.jenjang
    hukuman = [
        HukumanInput(tingkat=h.tingkat, tmt_mulai=h.tmt_mulai, tmt_selesai=h.tmt_selesai)
        for h in HukumanDisiplin.objects.filter(**ok, tmt_mulai__lte=tanggal)
    ]
    award_start = dt.date(tanggal.year - MASA_PENGHARGAAN_TAHUN, 1, 1)
    return PenempatanInputs(
        tanggal_acuan=tanggal,
        asesmen=AsesmenInput(asesmen.tanggal, asesmen.berlaku_sampai, asesmen.nilai_potensi, asesmen.jpm)
        if asesmen
        else None,
        skp_tahunan=tuple(sorted((s.tahun, s.predikat) for s in skp)),
        jp_pengembangan=int(jp or 0),
        tahun_pengalaman=pengalaman.quantize(Decimal("0.1")) if pengalaman is not None else None,
        jenjang_pendidikan=pendidikan,
        pendidikan_sesuai=None,
        hukuman=tuple(sorted(hukuman, key=lambda h: (h.tmt_mulai, h.tingkat))),
        jumlah_penghargaan=Penghargaan.objects.filter(
            **ok, tanggal__gte=award_start, tanggal__lte=tanggal
        ).count(),
        jumlah_sk_tim=SkTimKerja.objects.filter(
            **ok, tanggal_sk__gte=window_start, tanggal_sk__lte=tanggal
        ).count(),
        umpan_balik_360=None,
    )


# --- report -------------------------------------------------------------------------------------------------


def print_line(r: dict) -> None:
    db = r["db"]
    top = ", ".join(f"{label} {sec:.1f} s/{count}x" for label, sec, count in db["top"][:6])
    print(
        f"  {LABEL[r['step']]:<46} {r['rows']:>8,} pegawai {r['seconds']:>7.2f} s {r['rows'] / r['seconds']:>8,.0f} /s  "
        f"puncak {r['peak_mb']:>5.0f} MB  beban {r['load']:.1f}  CPU Python {r['cpu_py']:.1f} s + PostgreSQL {r['cpu_pg']:.1f} s\n       {r['note']}\n       PostgreSQL {db['total']:.1f} s: {top}",
        flush=True,
    )


def report(lines: list[dict], started: float) -> None:
    print(f"\nTotal {time.perf_counter() - started:.0f} s. Mesin: {data.machine()}\n")
    print("| Langkah | Pegawai | Detik | Pegawai/detik | Puncak memori (MB) | Beban (1 mnt) |")
    print("|---|--:|--:|--:|--:|--:|")
    for r in lines:
        print(f"| {LABEL[r['step']]} | {r['rows']:,} | {r['seconds']:.2f} | {r['rows'] / r['seconds']:,.0f} | "
              f"{r['peak_mb']:.0f} | {r['load']:.1f} |")  # fmt: skip
    by = {r["step"]: r for r in lines}
    if "pertama" in by:
        first = by["pertama"]
        verdict = [
            (
                "hitung pertama",
                f"{first['seconds']:.1f} s",
                first["seconds"] <= TARGET_SECONDS,
                f"<= {TARGET_SECONDS:.0f} s",
            ),
            (
                "puncak memori",
                f"{first['peak_mb']:.0f} MB",
                first["peak_mb"] <= TARGET_MB,
                f"<= {TARGET_MB:.0f} MB",
            ),
        ]
        if "baseline" in by:
            base = by["baseline"]
            ratio = (first["rows"] / first["seconds"]) / (base["rows"] / base["seconds"])
            verdict.append(
                ("rasio vs loop naif", f"{ratio:.1f}×", ratio >= TARGET_RATIO, f">= {TARGET_RATIO:.0f}×")
            )
        print(
            "\n" + "; ".join(f"{n} {v} [{'OK' if ok else 'MELESET'}, target {t}]" for n, v, ok, t in verdict)
        )


if __name__ == "__main__":
    main()
