"""Benchmark: the national summary refresh (apps.nasional.services.ringkasan_refresh) of one
instansi with 100,000 pegawai, against a naive per-pegawai recount in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/nasional_refresh.py [--runs 7] [--pegawai 100000]

Data: bench/engine_data.py's generator (100,000 pegawai with asesmen, SKP and portfolio in the big
instansi, 2,000 copies in the baseline one, 1,000 in the small one), in its own database
`talenta_bench_ringkasan` (TALENTA_BENCH_RINGKASAN_DB to rename; reused while its fingerprint
matches, --fresh rebuilds it). On top, added once and kept: every placement of the period computed
by the real talent engine; a completeness row per pegawai; 300 key posts with a stored
succession status; a penetapan of the period whose snapshot freezes every final placement (the
established boxes are counted from 100,000 snapshot rows).

Measured in this process, inside each instansi's scope, after one warm-up: --runs refreshes of the
big instansi (the whole service: recount, KRS Nasional index, the row's upsert), wall time per
refresh (median, max), the CPU time of the PostgreSQL backend plus this process per refresh (what
the refresh costs whatever else shares the cores; a refresh runs without parallel workers, so the
backend's CPU is all of the database's work) and its SQL query count, which must equal the small
instansi's. Baseline:
the same figures counted the naive way, one pegawai at a time (completeness, asesmen, SKP and
placement read per pegawai, four queries each), on the 2,000-pegawai instansi, projected linearly
to 100,000; the refresh is also timed there, for a like-for-like comparison.

Target (issue #12, "Scale"): a refresh at 100,000 pegawai <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data
from ninebox_page import placed

TARGET_S = 1.0
DB = os.environ.get("TALENTA_BENCH_RINGKASAN_DB", "talenta_bench_ringkasan")
JABATAN_KUNCI = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    args = parser.parse_args()

    started = time.perf_counter()
    meta = data.ensure(pegawai=args.pegawai, fresh=args.fresh, db=DB)
    data.django_setup(db=DB)
    from django.db import connection

    tenants = meta["tenants"]
    for key in ("besar", "baseline", "kecil"):
        placed(tenants[key])
        extras_ensure(tenants[key])
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE pegawai_pegawai, pegawai_kelengkapandata, petatalenta_penempatan, "
            "asesmen_asesmen, kinerja_skp, komite_snapshotpenempatan, suksesi_jabatankunci, "
            "suksesi_statussuksesi"
        )

    besar = refresh_measure(tenants["besar"], runs=args.runs)
    kecil = refresh_measure(tenants["kecil"], runs=3)
    baseline_refresh = refresh_measure(tenants["baseline"], runs=3)
    naive = naive_measure(tenants["baseline"])
    report(args, besar=besar, kecil=kecil, baseline_refresh=baseline_refresh, naive=naive, started=started)


def _instansi(tenant: dict):
    from apps.instansi.models import Instansi

    return Instansi.objects.get(pk=tenant["instansi"])


def extras_ensure(tenant: dict) -> None:
    """Completeness rows, key posts with a stored status and a penetapan of the period, added once
    (idempotent: a kept database is reused as is)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import UnitKerja
    from apps.komite.integrity import rantai_tambah
    from apps.komite.models import Penetapan, Sidang
    from apps.petatalenta.periode import periode_sekarang
    from apps.suksesi.models import JabatanKunci

    instansi = _instansi(tenant)
    periode = periode_sekarang()
    t = time.perf_counter()
    with instansi_scope(instansi), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pegawai_kelengkapandata WHERE instansi_id = %s LIMIT 1", [instansi.pk])
        if cursor.fetchone() is None:
            # A spread over 0–100 % fixed by the pegawai id (the same on every rebuild).
            cursor.execute(
                """INSERT INTO pegawai_kelengkapandata (instansi_id, pegawai_id, persen, kekurangan, dihitung_pada)
                   SELECT instansi_id, id, LEAST(100, 30 + (id * 7919) %% 75), '[]'::jsonb, now()
                     FROM pegawai_pegawai WHERE instansi_id = %s""",
                [instansi.pk],
            )
        if not JabatanKunci.objects.filter(instansi=instansi).exists():
            units = list(
                UnitKerja.objects.filter(instansi=instansi).order_by("kode").values_list("pk", flat=True)
            )
            posts = JabatanKunci.objects.bulk_create(
                JabatanKunci(
                    instansi=instansi,
                    unit_kerja_id=units[n % len(units)],
                    nama=f"Jabatan Kunci Bench {n + 1}",
                    jenis_jabatan="administrator",
                    alasan="Bench",
                    aktif=n % 20 != 0,
                )
                for n in range(JABATAN_KUNCI)
            )
            cursor.execute(
                """INSERT INTO suksesi_statussuksesi
                       (instansi_id, jabatan_kunci_id, jumlah_kandidat, jumlah_memenuhi, jumlah_perlu_verifikasi,
                        jumlah_tidak_memenuhi, jumlah_siap_sekarang, jumlah_siap_1_2, kekuatan_bench, berisiko,
                        alasan_risiko, dihitung_pada, penyebab_kotor)
                   SELECT %s, id, 5, 3, 1, 1, id %% 3, 1, id %% 4, id %% 5 = 0, '', now(), ''
                     FROM suksesi_jabatankunci WHERE id = ANY(%s)""",
                [instansi.pk, [p.pk for p in posts]],
            )
        if not Penetapan.objects.filter(instansi=instansi, periode=periode).exists():
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.get(pk=tenant["user"])
            today = timezone.localdate()
            sidang = Sidang.objects.create(
                instansi=instansi, judul="Sidang bench", periode=periode, tanggal=today, tempat="Bench",
                status=Sidang.Status.DITETAPKAN,
            )  # fmt: skip
            penetapan = rantai_tambah(
                Penetapan(
                    instansi=instansi, sidang=sidang, periode=periode, hasil=Penetapan.Hasil.DITETAPKAN,
                    nomor_keputusan="800/BENCH/1", tanggal_keputusan=today, oleh=user, pada=timezone.now(),
                )
            )  # fmt: skip
            cursor.execute(
                """INSERT INTO komite_snapshotpenempatan
                       (instansi_id, penetapan_id, pegawai_id, periode, status, kotak, kotak_dihitung,
                        talent_pool, krs_nasional, inputs_hash, nama, nip, status_kepegawaian,
                        nama_jabatan, jenjang_fungsional, unit_kerja_nama)
                   SELECT instansi_id, %s, pegawai_id, periode, status, kotak, kotak, talent_pool,
                          kotak = 9, inputs_hash, '', '', '', '', '', ''
                     FROM petatalenta_penempatan
                    WHERE instansi_id = %s AND periode = %s AND status = 'final'""",
                [penetapan.pk, instansi.pk, periode],
            )
    took = time.perf_counter() - t
    if took > 1:
        print(f"{instansi.nama}: data tambahan ringkasan dibuat ({took:.0f} s)", flush=True)


def refresh_measure(tenant: dict, *, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.core.tenancy import instansi_scope
    from apps.nasional.services import ringkasan_refresh

    instansi = _instansi(tenant)
    times, cpu = [], []
    backend = data.backend_pid(connection)
    with instansi_scope(instansi):
        with CaptureQueriesContext(connection) as captured:
            row = ringkasan_refresh(instansi=instansi)  # warm-up, and the query count
        for _ in range(runs):
            c0 = data.cpu_seconds(backend) + data.cpu_seconds()
            t = time.perf_counter()
            row = ringkasan_refresh(instansi=instansi)
            times.append(time.perf_counter() - t)
            cpu.append(data.cpu_seconds(backend) + data.cpu_seconds() - c0)
    data.check(
        row.jumlah_pegawai == tenant["size"], f"{row.jumlah_pegawai} pegawai, expected {tenant['size']}"
    )
    return {
        "size": tenant["size"],
        "times": times,
        "cpu": cpu,
        "queries": len(captured.captured_queries),
        "row": row,
    }


def naive_measure(tenant: dict) -> dict:
    """The same coverage and box figures counted one pegawai at a time (what a first version
    without aggregates would do): four queries per active pegawai."""
    from django.utils import timezone

    from apps.asesmen.models import Asesmen
    from apps.core.tenancy import instansi_scope
    from apps.kinerja.models import SKP
    from apps.pegawai.models import KelengkapanData, Pegawai
    from apps.petatalenta.models import Penempatan
    from apps.petatalenta.periode import periode_sekarang

    instansi = _instansi(tenant)
    today = timezone.localdate()
    periode = periode_sekarang()
    t = time.perf_counter()
    counts = {"asesmen_valid": 0, "skp_valid": 0, "final": 0, "persen": 0, "n": 0}
    with instansi_scope(instansi):
        for pegawai in Pegawai.objects.filter(instansi=instansi, aktif=True).only("pk"):
            counts["n"] += 1
            k = KelengkapanData.objects.filter(instansi=instansi, pegawai=pegawai).values_list(
                "persen", flat=True
            )
            counts["persen"] += next(iter(k), 0)
            counts["asesmen_valid"] += Asesmen.objects.filter(
                instansi=instansi, pegawai=pegawai, tanggal__lte=today, berlaku_sampai__gte=today
            ).exists()
            counts["skp_valid"] += SKP.objects.filter(
                instansi=instansi, pegawai=pegawai, tahun=today.year - 1, periode="tahunan"
            ).exists()
            counts["final"] += Penempatan.objects.filter(
                instansi=instansi, pegawai=pegawai, periode=periode, status="final"
            ).exists()
    took = time.perf_counter() - t
    return {"size": counts["n"], "time": took, "counts": counts}


def report(args, *, besar, kecil, baseline_refresh, naive, started) -> None:
    median = statistics.median(besar["times"])
    worst = max(besar["times"])
    row = besar["row"]
    b_row = baseline_refresh["row"]
    data.check(
        (naive["counts"]["asesmen_valid"], naive["counts"]["skp_valid"], naive["counts"]["final"])
        == (b_row.asesmen_valid, b_row.skp_valid, b_row.jumlah_final),
        "the naive recount disagrees with the refresh",
    )
    naive_per = naive["time"] / naive["size"]
    lines = [
        f"Mesin: {data.machine()}; beban (load average 1/5 menit) "
        f"{os.getloadavg()[0]:.1f}/{os.getloadavg()[1]:.1f}",
        f"Refresh ringkasan, {besar['size']:,} pegawai: median {median * 1000:.0f} ms, "
        f"maks {worst * 1000:.0f} ms dari {len(besar['times'])} kali (CPU PostgreSQL + Python median "
        f"{statistics.median(besar['cpu']) * 1000:.0f} ms); {besar['queries']} query "
        f"({kecil['size']:,} pegawai: {kecil['queries']} query)",
        f"  isi baris: final {row.jumlah_final:,}, perlu data {row.jumlah_perlu_data:,}, KRS {row.jumlah_krs:,}, "
        f"KRS Nasional {row.jumlah_krs_nasional:,}, asesmen berlaku {row.asesmen_valid:,}, "
        f"SKP {row.skp_valid:,}, jabatan kunci {row.jabatan_kunci}, kotak ditetapkan "
        f"{sum(row.kotak_ditetapkan.values()):,}",
        f"Pembanding di {naive['size']:,} pegawai: refresh median "
        f"{statistics.median(baseline_refresh['times']) * 1000:.0f} ms; hitung naif per pegawai "
        f"{naive['time']:.1f} s ({naive_per * 1000:.2f} ms/pegawai, proyeksi {besar['size']:,} pegawai: "
        f"{naive_per * besar['size']:.0f} s)",
        f"Target: refresh <= {TARGET_S:.0f} s di {besar['size']:,} pegawai: waktu dinding "
        f"{'TERCAPAI' if median <= TARGET_S else 'TIDAK TERCAPAI'}, waktu CPU "
        f"{'TERCAPAI' if statistics.median(besar['cpu']) <= TARGET_S else 'TIDAK TERCAPAI'}; jumlah query tetap: "
        f"{'ya' if besar['queries'] == kecil['queries'] else 'TIDAK'}",
        f"Total waktu bench {time.perf_counter() - started:.0f} s",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
