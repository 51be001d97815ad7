"""Benchmark: the assessment queue (issue #13) of one instansi of 100,000 pegawai.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/antrean_asesmen.py [--fresh] [--write-docs]
    .venv/bin/python -m devserver.embedded run -- .venv/bin/python bench/antrean_asesmen.py

Data: bench/suksesi_data.py (100,000 pegawai with a realistic jabatan mix, asesmen of several
ages, SKP, placements by the talent engine, 300 key posts), in its own database
`talenta_bench_antrean` (TALENTA_BENCH_SUKSESI_DB overrides it) so that it never disturbs the
succession benchmark; the candidate lists and key-post statuses are computed once (not measured)
so that the at-risk group of the queue is real. A budget of Rp 1.750.000.000 at Rp 3.500.000 per
Assessment Center (500 slots) is set for the current year.

Steps:
1. `bangun` — `antrean_asesmen_build` (what the worker runs: eight queries, the pure ranking, one
   cache write) --runs times in this process; wall time of each and the part spent loading rows.
   Target: each build <= 2 s.
2. `naif` — the baseline, in the same run: a per-pegawai ORM loop (latest asesmen, current
   placement, candidacies for at-risk key posts, one query each) for a sample of --sample pegawai,
   extrapolated to the instansi (said so in the report); its `Calon` values must equal the batched
   loader's for the sample, else the ratio means nothing.
3. `halaman` — the queue page (`pengembangan:antrean`) through Django's test client (the whole
   middleware stack, templates, DEBUG off) as the Admin BKD: page 1, the page with the budget line,
   a deep page, a perangkat-daerah filter and a priority filter, and the API list; 3 warm-up
   requests each, then --requests requests spread over them; p50/p95/max and the SQL query count
   of each URL. Target: p95 <= 200 ms. The Admin BKD home with the queue-head card is measured too.

`--write-docs` replaces the "Antrean asesmen" section of docs/benchmarks.md with this run's figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TALENTA_BENCH_SUKSESI_DB", "talenta_bench_antrean")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data
import suksesi_data

TARGET_BUILD_S, TARGET_PAGE_MS = 2.0, 200.0
DOCS = data.PROJECT_DIR / "docs" / "benchmarks.md"
SECTION = "## Antrean asesmen: build and page (100.000 pegawai)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=1_000, help="pegawai of the naive baseline")
    parser.add_argument("--requests", type=int, default=120)
    parser.add_argument("--redis-db", type=int, default=14)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    meta = suksesi_data.ensure(pegawai=args.pegawai, fresh=args.fresh)
    suksesi_data.django_setup(redis_db=args.redis_db)
    from django.db import connections

    try:
        instansi = prepare(meta)
        build = bangun(instansi, args.runs)
        naive = naif(instansi, args.sample, build["seconds"])
        pages = halaman(meta, instansi, args.requests)
        lines = report(args, meta, build, naive, pages, started)
        if args.write_docs:
            docs_write(lines)
    finally:
        connections.close_all()


def prepare(meta: dict):
    """Succession computed once (the at-risk posts and their candidates), and the year's budget."""
    from unittest import mock

    from django.db import connection

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.pengembangan.models import AnggaranAsesmen
    from apps.suksesi.models import StatusSuksesi
    from apps.suksesi.services import status_suksesi_mark_dirty, suksesi_flush

    instansi = Instansi.objects.get(pk=meta["instansi"])
    with instansi_scope(instansi):
        if not StatusSuksesi.objects.filter(instansi=instansi, dihitung_pada__isnull=False).exists():
            t = time.perf_counter()
            with mock.patch("apps.suksesi.services.suksesi_flush_schedule", return_value=False):
                status_suksesi_mark_dirty(instansi_id=instansi.pk, jabatan_kunci_ids=None, penyebab="bench")
            suksesi_flush(instansi=instansi)
            print(f"  suksesi dihitung {time.perf_counter() - t:.0f} s", flush=True)
        AnggaranAsesmen.objects.update_or_create(
            instansi=instansi,
            tahun=dt.date.today().year,
            defaults={
                "jenis": "rupiah",
                "jumlah_rupiah": 1_750_000_000,
                "metode": "assessment_center",
                "biaya_per_metode": {
                    "assessment_center": 3_500_000,
                    "cact": 1_500_000,
                    "uji_kompetensi": 750_000,
                },
            },
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE asesmen_asesmen, petatalenta_penempatan, pegawai_pegawai, suksesi_kandidat"
        )
    return instansi


def bangun(instansi, runs: int) -> dict:
    from django.conf import settings
    from django.db import connection

    from apps.core.tenancy import instansi_scope
    from apps.pengembangan.antrean import antrean_susun
    from apps.pengembangan.services_antrean import antrean_asesmen_build, antrean_calon_load

    times, loads, cpu = [], [], []
    with instansi_scope(instansi):
        antrean_asesmen_build(instansi=instansi)  # the connection and the rule sets warm
        backend = data.benchkit.backend_pid(connection)
        for _ in range(runs):
            c0 = (data.cpu_seconds(), data.cpu_seconds(backend))
            t = time.perf_counter()
            stored = antrean_asesmen_build(instansi=instansi)
            times.append(time.perf_counter() - t)
            cpu.append((data.cpu_seconds() - c0[0], data.cpu_seconds(backend) - c0[1]))
        gc.disable()  # as the build does
        try:
            for _ in range(runs):
                t = time.perf_counter()
                calon, _total, _berlaku = antrean_calon_load(instansi=instansi, tanggal=stored["tanggal"])
                loads.append(time.perf_counter() - t)
            t = time.perf_counter()
            antrean_susun(
                calon,
                tanggal=stored["tanggal"],
                bulan_segera=settings.PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN,
            )
            rank = time.perf_counter() - t
        finally:
            gc.enable()
    from django.core.cache import cache

    from apps.pengembangan.services_antrean import ANTREAN_KEY

    client = cache._cache.get_client()
    size = client.strlen(cache.make_and_validate_key(ANTREAN_KEY.format(instansi_id=instansi.pk)))
    per_kelompok: dict[int, int] = {}
    for row in stored["baris"]:
        per_kelompok[row[1]] = per_kelompok.get(row[1], 0) + 1
    result = {
        "seconds": times,
        "cpu": (statistics.median(c[0] for c in cpu), statistics.median(c[1] for c in cpu)),
        "load": statistics.median(loads),
        "rank": rank,
        "queue": len(stored["baris"]),
        "pegawai": stored["total_pegawai"],
        "valid": stored["berlaku_sekarang"],
        "kelompok": dict(sorted(per_kelompok.items())),
        "bytes": size,
    }
    print(
        f"  bangun: {', '.join(f'{s:.2f}' for s in times)} s; muat {result['load']:.2f} s, urut {rank:.2f} s; "
        f"antrean {result['queue']:,} dari {result['pegawai']:,}; per kelompok {result['kelompok']}; "
        f"{size / 1e6:.1f} MB di Redis; CPU Python {result['cpu'][0]:.2f} s, PostgreSQL {result['cpu'][1]:.2f} s",
        flush=True,
    )
    return result


def naif(instansi, sample: int, build_seconds: list[float]) -> dict:
    """Per pegawai: one query per input kind, the kindest naive loader; compared with the batched."""
    from django.db import connection

    from apps.asesmen.models import Asesmen
    from apps.core.context import hari_ini
    from apps.core.tenancy import instansi_scope
    from apps.pegawai.models import Pegawai
    from apps.pengembangan.antrean import Calon
    from apps.pengembangan.services_antrean import (
        _kotak_dengan_asesmen,
        _perangkat_daerah_map,
        antrean_calon_load,
    )
    from apps.petatalenta import engine as talenta_engine
    from apps.petatalenta.models import Penempatan
    from apps.petatalenta.selectors import aturan_aktif_konfigurasi
    from apps.suksesi.engine import tingkat_dari
    from apps.suksesi.models import JabatanKunci, Kandidat
    from apps.suksesi.selectors import aturan_suksesi_berlaku

    tanggal = hari_ini()
    with instansi_scope(instansi):
        batched = {c.pegawai_id: c for c in antrean_calon_load(instansi=instansi, tanggal=tanggal)[0]}
        total = antrean_calon_load(instansi=instansi, tanggal=tanggal)[1]
        ids = sorted(batched)[:: max(1, len(batched) // sample)][:sample]
        t = time.perf_counter()
        hitung = []

        def counter(execute, sql, params, many, context):
            hitung.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            pd_map = _perangkat_daerah_map(instansi=instansi)
            aturan = talenta_engine.Aturan.from_config(aturan_aktif_konfigurasi(instansi=instansi))
            aturan_suksesi = aturan_suksesi_berlaku(instansi=instansi)
            tujuan: dict[str, set[str]] = {}
            for jk in JabatanKunci.objects.filter(instansi=instansi, aktif=True):
                for asal in aturan_suksesi.tingkat_asal(jk.tingkat):
                    tujuan.setdefault(asal, set()).add(jk.tingkat)
            naive = {}
            for pid in ids:
                p = Pegawai.objects.get(instansi=instansi, pk=pid)
                terakhir = Asesmen.objects.filter(instansi=instansi, pegawai=p).order_by("-tanggal").first()
                sampai = (
                    Asesmen.objects.filter(instansi=instansi, pegawai=p).order_by("-berlaku_sampai").first()
                )
                pen = Penempatan.objects.filter(instansi=instansi, pegawai=p, periode=tanggal.year).first()
                berisiko = list(
                    Kandidat.objects.filter(
                        instansi=instansi,
                        pegawai=p,
                        jabatan_kunci__status__berisiko=True,
                        jabatan_kunci__aktif=True,
                    ).values_list("jabatan_kunci__nama", flat=True)
                )
                berlaku_sampai = sampai.berlaku_sampai if sampai else None
                valid = berlaku_sampai is not None and berlaku_sampai >= tanggal
                tingkat = tingkat_dari(
                    jenis_jabatan=p.jenis_jabatan, jenjang_fungsional=p.jenjang_fungsional or ""
                )
                naive[pid] = Calon(
                    pegawai_id=pid,
                    tingkat=tingkat,
                    perangkat_daerah_id=pd_map.get(p.unit_kerja_id),
                    asesmen_terakhir=terakhir.tanggal if terakhir else None,
                    berlaku_sampai=berlaku_sampai,
                    jabatan_kunci_berisiko=tuple(berisiko),
                    krs=bool(pen and pen.talent_pool),
                    kotak=pen.kotak if pen else None,
                    kotak_dengan_asesmen=(
                        None
                        if valid or pen is None or pen.talent_pool or not pen.level_kinerja
                        else _kotak_dengan_asesmen(
                            aturan, level_kinerja=pen.level_kinerja, skor_potensial=pen.skor_potensial
                        )
                    ),
                    tingkat_tujuan=tuple(tujuan.get(tingkat, ())),
                )
        seconds = time.perf_counter() - t

    def same(a: Calon, b: Calon) -> bool:
        def norm(c: Calon) -> Calon:
            return c._replace(
                jabatan_kunci_berisiko=tuple(sorted(c.jabatan_kunci_berisiko)),
                tingkat_tujuan=tuple(sorted(c.tingkat_tujuan)),
                krs=bool(c.krs),
            )

        return norm(a) == norm(b)

    equal = sum(1 for pid in ids if same(naive[pid], batched[pid]))
    extrapolated = seconds / len(ids) * total
    result = {
        "sample": len(ids),
        "seconds": seconds,
        "queries": len(hitung),
        "same": equal,
        "extrapolated": extrapolated,
        "ratio": extrapolated / statistics.median(build_seconds),
    }
    print(
        f"  naif: {len(ids):,} pegawai dalam {seconds:.2f} s, {result['queries']:,} kueri; sama {equal:,}/{len(ids):,}; "
        f"diekstrapolasi {extrapolated:.0f} s untuk {total:,} (×{result['ratio']:.0f} dari build)",
        flush=True,
    )
    data.check(equal == len(ids), "the naive loader must read the same values as the batched one")
    return result


def halaman(meta: dict, instansi, requests: int) -> dict:
    import ninebox_page  # a checked GET, the query count of one request
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import UnitKerja
    from apps.pengembangan.selectors_antrean import antrean_ringkasan, antrean_tersimpan_get

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(pk=meta["users"]["admin_bkd"]))
    with instansi_scope(instansi):
        unit = UnitKerja.objects.filter(instansi=instansi, induk__isnull=True).order_by("kode").first()
        ringkasan = antrean_ringkasan(
            instansi=instansi, tahun=dt.date.today().year, tersimpan=antrean_tersimpan_get(instansi=instansi)
        )
    base = reverse("pengembangan:antrean")
    line_page = -(-ringkasan.garis.tercakup // 50)
    urls = {
        "halaman 1": base,
        f"halaman garis anggaran ({line_page})": f"{base}?page={line_page}",
        "halaman 400": f"{base}?page=400",
        "saring perangkat daerah": f"{base}?perangkat_daerah={unit.pk}",
        "saring alasan (KRS)": f"{base}?kelompok=2",
        "API daftar": "/api/v1/pengembangan/antrean-asesmen/?page=3",
    }
    queries = {label: ninebox_page.queries(client, url) for label, url in urls.items()}
    for url in urls.values():
        for _ in range(3):
            ninebox_page.get(client, url)
    times: dict[str, list[float]] = {label: [] for label in urls}
    labels = list(urls)
    for i in range(requests):
        label = labels[i % len(labels)]
        t = time.perf_counter()
        ninebox_page.get(client, urls[label])
        times[label].append((time.perf_counter() - t) * 1000)
    every = [ms for values in times.values() for ms in values]
    home = reverse("instansi:home_admin_bkd")
    home_queries = ninebox_page.queries(client, home)
    home_ms = [t * 1000 for t in ninebox_page.timed(client, home, 20)]
    result = {
        "p50": ninebox_page.pct(every, 0.5),
        "p95": ninebox_page.pct(every, 0.95),
        "max": max(every),
        "per_url": {
            label: (ninebox_page.pct(v, 0.5), ninebox_page.pct(v, 0.95), queries[label])
            for label, v in times.items()
        },
        "requests": len(every),
        "home": (ninebox_page.pct(home_ms, 0.5), ninebox_page.pct(home_ms, 0.95), home_queries),
    }
    for label, (p50, p95, q) in result["per_url"].items():
        print(f"  {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {q} kueri", flush=True)
    print(
        f"  halaman (semua): p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, maks {result['max']:.0f} ms; "
        f"beranda Admin BKD p50 {result['home'][0]:.0f} ms, p95 {result['home'][1]:.0f} ms, {home_queries} kueri",
        flush=True,
    )
    return result


def report(args, meta, build, naive, pages, started) -> list[str]:
    ok_build = max(build["seconds"]) <= TARGET_BUILD_S
    ok_page = pages["p95"] <= TARGET_PAGE_MS
    load = os.getloadavg()
    lines = [
        SECTION,
        "",
        f"`.venv/bin/python bench/antrean_asesmen.py` on {dt.date.today():%d %B %Y}, {platform.machine()} "
        f"({os.cpu_count()} cores, load average {load[0]:.1f} at the end; the machine was shared with other work); "
        f"data: bench/suksesi_data.py, {meta['pegawai']:,} pegawai, 300 key posts; budget Rp 1.750.000.000 "
        f"at Rp 3.500.000 per Assessment Center = 500 slots.",
        "",
        "| Measure | Result | Target |",
        "|---|--:|--:|",
        f"| Build (worker: load + rank + store), {len(build['seconds'])} runs | "
        f"{min(build['seconds']):.2f}–{max(build['seconds']):.2f} s (median {statistics.median(build['seconds']):.2f}) "
        f"| ≤ {TARGET_BUILD_S:.0f} s {'✓' if ok_build else '✗'} |",
        f"| of which loading the rows (7 queries) / ranking | {build['load']:.2f} s / {build['rank']:.2f} s | |",
        f"| CPU of one build: Python / PostgreSQL backend (median) | {build['cpu'][0]:.2f} s / {build['cpu'][1]:.2f} s | |",
        f"| Queue length / active pegawai / valid asesmen now | {build['queue']:,} / {build['pegawai']:,} / {build['valid']:,} | |",
        f"| Queue per priority group (1 at-risk key posts, 2 KRS, 3 feeder levels, 4 others) | {build['kelompok']} | |",
        f"| Stored queue in Redis | {build['bytes'] / 1e6:.1f} MB | |",
        f"| Naive per-pegawai ORM loader, {naive['sample']:,} pegawai ({naive['queries']:,} queries), "
        f"extrapolated to the instansi | {naive['extrapolated']:.0f} s (build is ×{naive['ratio']:.0f} faster; "
        f"same values {naive['same']:,}/{naive['sample']:,}) | |",
        f"| Queue page and API, {pages['requests']} requests over the URLs below | p50 {pages['p50']:.0f} ms, "
        f"p95 {pages['p95']:.0f} ms, max {pages['max']:.0f} ms | p95 ≤ {TARGET_PAGE_MS:.0f} ms {'✓' if ok_page else '✗'} |",
    ]
    for label, (p50, p95, q) in pages["per_url"].items():
        lines.append(f"| · {label} | p50 {p50:.0f} ms, p95 {p95:.0f} ms, {q} queries | |")
    lines.append(
        f"| Admin BKD home with the queue-head card | p50 {pages['home'][0]:.0f} ms, p95 {pages['home'][1]:.0f} ms, "
        f"{pages['home'][2]} queries | |"
    )
    lines += [
        "",
        "The queue is derived data: a worker builds it after every input change (coalesced per instansi) and "
        "stores it in Redis; a page reads a small build id from Redis, keeps the unpickled queue in its process "
        "while that id stays the same, filters it in memory and loads the 50 pegawai of the page in one query: "
        "the query count does not depend on the page, the filter or the queue's length. The build reads the "
        "pegawai who may be in the queue with their latest asesmen and placement in one statement; the "
        "cyclic garbage collector pauses during the build (it rescanned the new tuples: a third of the time). "
        "This data has no key post at risk (the succession flush marked none), so group 1 is empty here; "
        "its rows cost the same as the others' (tests/pengembangan/test_antrean*.py cover it).",
        f"Total run time {time.perf_counter() - started:.0f} s.",
        "",
    ]
    print("\n".join(lines))
    return lines


def docs_write(lines: list[str]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        nxt = rest.find("\n## ")
        text = head + "\n".join(lines) + (rest[nxt + 1 :] if nxt != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    DOCS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
