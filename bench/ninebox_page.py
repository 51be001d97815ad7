"""Benchmark: the nine-box page (/talenta/sembilan-kotak/, route petatalenta:ninebox) of an
instansi with 100,000 placed pegawai.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/ninebox_page.py [--requests 50]

Data: bench/engine_data.py (database `talenta_bench_engine`, reused while its fingerprint
matches); every placement of the big instansi (100,000 pegawai) and of the small one (1,000, the
same people) is computed first if it is not.

The placement and pegawai tables are vacuumed and analyzed first (--no-vacuum skips it: the state
right after a bulk recompute, before autovacuum comes by). Measured in this process through
Django's test client (the whole middleware stack, templates,
DEBUG off; no network), logged in as each instansi's Admin BKD: after 3 warm-up requests,
--requests requests of each page, server time per request (p50, p95, max); and the number of SQL
queries of one request at 1,000 and at 100,000 pegawai, which must be equal. Pages: the grid
without filters (the target), the grid filtered by a perangkat daerah (its unit subtree) and a
jenis jabatan, and the first page of box 5's list.

Target (issue #5, point 6): grid p95 <= 300 ms; query count independent of the number of pegawai.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data

TARGET_P95_MS = 300.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--no-vacuum", action="store_true", help="measure without vacuuming the tables first")
    args = parser.parse_args()

    started = time.perf_counter()
    meta = data.ensure(pegawai=args.pegawai, fresh=args.fresh)
    data.django_setup()
    from django.urls import reverse

    tenants = meta["tenants"]
    for key in ("besar", "kecil"):
        placed(tenants[key])
    if not args.no_vacuum:
        # What autovacuum does within a minute of a bulk recompute (this server may have it off):
        # the page is measured on the tables' steady state, not on the previous run's dead rows.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE petatalenta_penempatan, pegawai_pegawai")
    grid = reverse("petatalenta:ninebox")
    pages = [
        ("Sembilan kotak", grid, True),
        ("Sembilan kotak, disaring (perangkat daerah + jenis jabatan)", None, False),
        ("Daftar kotak 5, halaman 1", reverse("petatalenta:ninebox_kotak", args=[5]), False),
    ]
    lines = []
    for label, path, target in pages:
        counts = {}
        for key in ("kecil", "besar"):
            client, unit = login(tenants[key])
            url = path or f"{grid}?unit={unit}&jenis_jabatan=fungsional"
            if path is None:
                filters_apply(tenants[key], url)
            counts[key] = queries(client, url)
            if key == "besar":
                times = timed(client, url, args.requests)
        lines.append(
            (label, url if path else f"{grid}?unit=…&jenis_jabatan=fungsional", times, counts, target)
        )
    report(lines, args, started)


def placed(tenant: dict) -> None:
    """Every placement of the instansi computed and clean (a full recompute here if not)."""
    from unittest import mock

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.models import Penempatan
    from apps.petatalenta.services import penempatan_flush, penempatan_mark_all_dirty, periode_sekarang

    instansi = Instansi.objects.get(pk=tenant["instansi"])
    with instansi_scope(instansi):
        periode = periode_sekarang()
        clean = Penempatan.objects.filter(
            instansi=instansi, periode=periode, dirty_since__isnull=True
        ).count()
        if clean != tenant["size"]:
            t = time.perf_counter()
            with mock.patch("apps.petatalenta.services.penempatan_flush_schedule", return_value=False):
                penempatan_mark_all_dirty(instansi=instansi, penyebab="bench.ninebox.siapkan")
            penempatan_flush(instansi=instansi, periode=periode)
            print(
                f"{instansi.nama}: {tenant['size']:,} penempatan dihitung ({time.perf_counter() - t:.0f} s)"
            )


def login(tenant: dict):
    """A test client logged in as the instansi's Admin BKD, and one perangkat daerah of it."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi, UnitKerja

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(pk=tenant["user"]))
    instansi = Instansi.objects.get(pk=tenant["instansi"])
    with instansi_scope(instansi):
        unit = UnitKerja.objects.filter(instansi=instansi, induk__isnull=True).order_by("kode").first()
    return client, unit.pk


def filters_apply(tenant: dict, url: str) -> None:
    """The page's own filter form accepts the query string (a typo would measure the unfiltered grid)."""
    from urllib.parse import urlsplit

    from django.http import QueryDict

    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi
    from apps.petatalenta.forms_ninebox import NineboxFilterForm

    instansi = Instansi.objects.get(pk=tenant["instansi"])
    with instansi_scope(instansi):
        form = NineboxFilterForm(
            QueryDict(urlsplit(url).query), instansi=instansi, periode_pilihan=[], periode_bawaan=2000
        )
        saringan = form.saringan()
    data.check(
        saringan.unit_kerja is not None and saringan.jenis_jabatan == "fungsional", f"filters ignored: {url}"
    )


def get(client, url: str):
    response = client.get(url)
    data.check(response.status_code == 200, f"GET {url}: {response.status_code}")
    return response


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get(client, url)  # warm: the first request of a session may set cookies, fill caches
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured.captured_queries)


def timed(client, url: str, n: int) -> list[float]:
    for _ in range(3):
        get(client, url)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        get(client, url)
        out.append(time.perf_counter() - t)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(lines, args, started: float) -> None:
    print(f"\nTotal {time.perf_counter() - started:.0f} s. Mesin: {data.machine()}")
    vacuum = "tanpa VACUUM" if args.no_vacuum else "setelah VACUUM ANALYZE"
    print(f"{args.requests} permintaan per halaman, klien uji Django, Admin BKD, {vacuum}\n")
    print("| Halaman | p50 (ms) | p95 (ms) | maks (ms) | Kueri @ 1.000 | Kueri @ 100.000 |")
    print("|---|--:|--:|--:|--:|--:|")
    verdict = []
    for label, url, times, counts, target in lines:
        ms = [t * 1000 for t in times]
        print(f"| {label} (`{url}`) | {pct(ms, 0.5):.0f} | {pct(ms, 0.95):.0f} | {max(ms):.0f} | "
              f"{counts['kecil']} | {counts['besar']} |")  # fmt: skip
        verdict.append(counts["kecil"] == counts["besar"])
        if target:
            p95 = pct(ms, 0.95)
            verdict_p95 = f"grid p95 {p95:.0f} ms [{'OK' if p95 <= TARGET_P95_MS else 'MELESET'}, target <= {TARGET_P95_MS:.0f} ms]"
    same = all(verdict)
    print(f"\n{verdict_p95}; jumlah kueri sama pada 1k dan 100k [{'OK' if same else 'MELESET'}]")


if __name__ == "__main__":
    main()
