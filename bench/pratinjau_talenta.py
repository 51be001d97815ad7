"""Benchmark: impact preview of a talent rule-set change for one instansi with 100,000 pegawai.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/pratinjau_talenta.py [--pegawai 100000] [--repeat 1] [--db talenta_bench_engine]

Data: bench/engine_data.py (the database the recompute benchmark builds and keeps; `--db` names
another one, e.g. to keep away from a concurrent run). The big instansi's placements are computed
first under its active rule set (not measured: a bulk recompute, only when they are missing or
dirty). Then two drafts are made from the active version: one cut-off changed (potensial "tinggi"
80 → 85, as a committee would try; the engine runs once per pegawai and the draft's levels, boxes
and pool are re-read from the same scores) and one weight changed (JPM 20 → 25, potensi 25 → 20;
the engine runs twice per pegawai). Measured, each in a fresh process after a VACUUM ANALYZE and a
CHECKPOINT:

1. baseline: the preview's unavoidable read, `penempatan_inputs_load` over every active pegawai in
   the preview's batches, nothing computed (what the preview adds on top is the engine twice per
   pegawai and the rows of the people who change);
2. the preview of each draft: `pratinjau_mulai` (the job row and its audit event) and
   `pratinjau_jalankan`, what the worker runs: both configurations on the same inputs for every
   active pegawai, the changed ones stored, the summary.

Checked: no placement row was written (count, max(dihitung_pada), the dirty marks and the history
count of the instansi equal before and after the preview), the preview counted every active
pegawai, and its matrix's row totals equal the stored placements per box. Target (issue #15):
<= 15 s for 100,000 pegawai.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data

TARGET_SECONDS = 15.0
STEPS = ("baseline", "pratinjau", "pratinjau_bobot")
LABEL = {
    "baseline": "baseline: hanya memuat input (batch yang sama)",
    "pratinjau": "pratinjau perubahan batas potensial 80 → 85",
    "pratinjau_bobot": "pratinjau perubahan bobot (JPM 20 → 25)",
}
# The draft of each preview step: a cut-off (the engine runs once, the draft's levels are re-read
# from the same scores) and a weight (the engine runs twice per pegawai).
PERUBAHAN = {
    "pratinjau": {"batas_potensial": [60, 85]},
    "pratinjau_bobot": {
        "bobot_potensial": {"jpm": 25, "pengembangan": 10, "pengalaman": 10, "potensi": 20,
                            "pendidikan": 10, "kesesuaian": 10, "integritas": 15},
    },
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step (median kept)")
    parser.add_argument("--db", default=data.BENCH_DB, help="bench database (default: the engine benches')")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--profile", action="store_true", help="cProfile the preview")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    started = time.perf_counter()
    meta = data.ensure(pegawai=args.pegawai, fresh=args.fresh, db=args.db)
    data.django_setup(db=args.db)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a database kept from before this benchmark existed
    besar = meta["tenants"]["besar"]
    draf_pk = prepare(besar["instansi"], besar["size"])  # {step: draft pk}
    lines = []
    for step in STEPS:
        runs = []
        for _ in range(max(1, args.repeat)):
            sebelum = placement_state(besar["instansi"])
            vacuum()
            data.checkpoint()
            spec = {"step": step, "instansi": besar["instansi"], "size": besar["size"], "draf": draf_pk.get(step),
                    "db": args.db, "profile": args.profile and step == "pratinjau"}  # fmt: skip
            result = data.benchkit.spawn(Path(__file__).resolve(), spec)
            sesudah = placement_state(besar["instansi"])
            data.check(sesudah == sebelum, f"placements written: {sebelum} → {sesudah}")
            result["note"] += (
                f" · penempatan tidak ditulis: {sesudah['jumlah']:,} baris, max(dihitung_pada) {sesudah['terakhir']}, kotor {sesudah['kotor']}, riwayat {sesudah['riwayat']:,} (sama sebelum/sesudah)"
            )
            runs.append(result)
        result = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
        if len(runs) > 1:
            result["note"] += " | median dari: " + " / ".join(f"{r['seconds']:.2f}" for r in runs) + " s"
        lines.append(result)
        print_line(result)
    report(lines, started)


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE petatalenta_penempatan, petatalenta_pratinjaupenempatan, pegawai_pegawai"
        )
    connection.close()


def placement_state(instansi_id: int) -> dict:
    """What a written placement would change: row count, newest computation, dirty marks, history."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*), max(dihitung_pada), count(*) FILTER (WHERE dirty_since IS NOT NULL),
                      (SELECT count(*) FROM petatalenta_riwayatpenempatan WHERE instansi_id = %s)
                 FROM petatalenta_penempatan WHERE instansi_id = %s""",
            [instansi_id, instansi_id],
        )
        jumlah, terakhir, kotor, riwayat = cursor.fetchone()
    connection.close()
    return {"jumlah": jumlah, "terakhir": str(terakhir), "kotor": kotor, "riwayat": riwayat}


def prepare(instansi_id: int, size: int) -> dict[str, int]:
    """Every active pegawai placed under the active rule set (a bulk recompute, not measured,
    only when needed), and the draft of each preview step (made once, reused)."""
    from django.db import connection

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.aturan import services as aturan_services
    from apps.petatalenta.models import AturanTalenta, Penempatan
    from apps.petatalenta.services import aturan_aktif_get, hitung_ulang_start, penempatan_flush
    from apps.petatalenta.services_aturan import JENIS_TALENTA

    instansi = Instansi.objects.get(pk=instansi_id)
    with instansi_scope(instansi):
        aktif = aturan_aktif_get(instansi=instansi)
        qs = Penempatan.objects.filter(instansi=instansi, aturan=aktif, dirty_since__isnull=True)
        if qs.count() < size:
            started = time.perf_counter()
            print("Menghitung penempatan dengan aturan aktif (persiapan, tidak diukur) …", flush=True)
            job = hitung_ulang_start(instansi=instansi, penyebab="bench.pratinjau")
            penempatan_flush(instansi=instansi, periode=job.periode)
            print(f"  selesai dalam {time.perf_counter() - started:.0f} s", flush=True)
        drafts = {}
        for step, perubahan in PERUBAHAN.items():
            konfigurasi = {**aktif.konfigurasi, **perubahan}
            draf = AturanTalenta.objects.filter(
                instansi=instansi, status="draf", konfigurasi=konfigurasi
            ).first()
            if draf is None:
                draf = aturan_services.aturan_salin(
                    jenis=JENIS_TALENTA, instansi=instansi, actor=None, sumber=f"versi:{aktif.pk}",
                    nama=f"Bench {step}",
                )  # fmt: skip
                draf = aturan_services.aturan_ubah(
                    jenis=JENIS_TALENTA, instansi=instansi, actor=None, aturan_id=draf.pk, nama=draf.nama,
                    catatan=LABEL[step], konfigurasi=konfigurasi,
                )  # fmt: skip
            drafts[step] = draf.pk
    connection.close()
    return drafts


# --- measured steps (child processes) -----------------------------------------------------------------


def child(spec: dict) -> None:
    data.django_setup(db=spec["db"])
    from django.db import connection
    from recompute_talenta import Timer

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi

    instansi = Instansi.objects.get(pk=spec["instansi"])
    timer = Timer()
    with instansi_scope(instansi):
        backend = data.backend_pid()
        cpu_py, cpu_pg = time.process_time(), data.cpu_seconds(backend)
        work = timer.wrap(connection, (baseline if spec["step"] == "baseline" else pratinjau)(instansi, spec))
        started = time.perf_counter()
        if spec.get("profile"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            note = profiler.runcall(work)
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(25)
        else:
            note = work()
        seconds = time.perf_counter() - started
        cpu = [time.process_time() - cpu_py, data.cpu_seconds(backend) - cpu_pg]
    result = {
        "step": spec["step"],
        "rows": spec["size"],
        "seconds": seconds,
        "peak_mb": data.peak_mb(),
        "note": note,
        "db": timer.summary(),
        "load": os.getloadavg()[0],
        "cpu_py": cpu[0],
        "cpu_pg": cpu[1],
    }
    print("RESULT " + json.dumps(result), flush=True)


def baseline(instansi, spec: dict):
    def run() -> str:
        from apps.pegawai.models import Pegawai
        from apps.petatalenta.engine import Aturan
        from apps.petatalenta.inputs import penempatan_inputs_load
        from apps.petatalenta.periode import periode_sekarang, tanggal_acuan_periode
        from apps.petatalenta.pratinjau import BATCH_SIZE
        from apps.petatalenta.services import aturan_aktif_get

        tanggal = tanggal_acuan_periode(periode=periode_sekarang())
        aturan = Aturan.from_config(aturan_aktif_get(instansi=instansi).konfigurasi)
        ids = list(
            Pegawai.objects.filter(instansi=instansi, aktif=True).order_by("pk").values_list("pk", flat=True)
        )
        dimuat = 0
        for start in range(0, len(ids), BATCH_SIZE):
            dimuat += len(
                penempatan_inputs_load(
                    instansi=instansi,
                    pegawai_ids=ids[start : start + BATCH_SIZE],
                    tanggal_acuan=tanggal,
                    aturan=aturan,
                )
            )
        data.check(dimuat == spec["size"], f"{dimuat} loaded")
        return f"input dimuat untuk {dimuat:,} pegawai"

    return run


def pratinjau(instansi, spec: dict):
    def run() -> str:
        from apps.petatalenta.aturan.pratinjau import pratinjau_jalankan, pratinjau_mulai
        from apps.petatalenta.models import Penempatan, PratinjauPenempatan
        from apps.petatalenta.services_aturan import JENIS_TALENTA

        job, _baru = pratinjau_mulai(
            jenis=JENIS_TALENTA, instansi=instansi, actor=None, aturan_id=spec["draf"]
        )
        job = pratinjau_jalankan(instansi=instansi, uuid=str(job.uuid))
        inti = job.ringkasan["inti"]
        data.check(
            job.status == "selesai" and inti["dihitung"] == spec["size"], f"preview: {job.status} {inti}"
        )
        baris = PratinjauPenempatan.objects.filter(instansi=instansi, pratinjau=job).count()
        data.check(baris == inti["berubah"], f"{baris} rows stored, {inti['berubah']} counted")
        # The matrix's rows are the placements in force, box by box (perlu data as 0).
        dari: dict[int, int] = {}
        for d, _k, n in job.ringkasan["matriks"]:
            dari[d] = dari.get(d, 0) + n
        tersimpan: dict[int, int] = {}
        for kotak, status in Penempatan.objects.filter(
            instansi=instansi, periode=job.periode, pegawai__aktif=True
        ).values_list("kotak", "status"):
            keadaan = kotak if status == "final" else 0
            tersimpan[keadaan] = tersimpan.get(keadaan, 0) + 1
        data.check(dari == tersimpan, f"matrix rows {dari} != placements {tersimpan}")
        return (
            ", ".join(f"{k} {v:,}" for k, v in inti.items())
            + " · baris matriks = penempatan tersimpan per kotak"
        )

    return run


def print_line(r: dict) -> None:
    db = r["db"]
    top = ", ".join(f"{label} {sec:.1f} s/{count}x" for label, sec, count in db["top"][:6])
    print(
        f"  {LABEL[r['step']]:<52} {r['rows']:>8,} pegawai {r['seconds']:>7.2f} s {r['rows'] / r['seconds']:>8,.0f} /s  "
        f"puncak {r['peak_mb']:>5.0f} MB  beban {r['load']:.1f}  CPU Python {r['cpu_py']:.1f} s + PostgreSQL {r['cpu_pg']:.1f} s\n"
        f"       {r['note']}\n       PostgreSQL {db['total']:.1f} s: {top}",
        flush=True,
    )


def report(lines: list[dict], started: float) -> None:
    print(f"\nTotal {time.perf_counter() - started:.0f} s. Mesin: {data.machine()}\n")
    print(
        "| Langkah | Pegawai | Detik | Pegawai/detik | Puncak memori (MB) | CPU Python + PostgreSQL (s) | Beban (1 mnt) |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    for r in lines:
        print(f"| {LABEL[r['step']]} | {r['rows']:,} | {r['seconds']:.2f} | {r['rows'] / r['seconds']:,.0f} | "
              f"{r['peak_mb']:.0f} | {r['cpu_py']:.1f} + {r['cpu_pg']:.1f} | {r['load']:.1f} |")  # fmt: skip
    by = {r["step"]: r for r in lines}
    for step in ("pratinjau", "pratinjau_bobot"):
        if step not in by:
            continue
        p = by[step]
        ok = p["seconds"] <= TARGET_SECONDS
        extra = ""
        if "baseline" in by:
            extra = f"; memuat input saja {by['baseline']['seconds']:.1f} s ({p['seconds'] / by['baseline']['seconds']:.1f}×)"
        print(
            f"\nTarget {LABEL[step]} <= {TARGET_SECONDS:.0f} s: {p['seconds']:.1f} s — "
            f"{'TERPENUHI' if ok else 'TIDAK TERPENUHI'}{extra}; tidak ada baris penempatan yang ditulis."
        )


if __name__ == "__main__":
    main()
