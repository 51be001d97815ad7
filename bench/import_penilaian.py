"""Benchmark: import 100,000 SKP rows and 100,000 asesmen rows (CSV and XLSX) into one instansi.

    .venv/bin/python bench/import_penilaian.py [--rows 100000] [--baseline-rows 5000]
    .venv/bin/python -m devserver.embedded run -- .venv/bin/python bench/import_penilaian.py

It never touches the demo or test data: it creates its own database (`talenta_bench2`, or the name
in the environment variable BENCH_DB) on the PostgreSQL server of DATABASE_URL (dropped first if a previous run left it, and dropped again at the
end unless --keep-db), migrates it, and runs with talenta.settings.local pointed at it (DEBUG off).

Data: one province-sized instansi with N pegawai (bulk-created: Faker id_ID names, NIP / NI PPPK
consistent with birth date, sex and status, a realistic status/jabatan mix, 520 unit kerja with
an organisational predikat per perangkat daerah), then
* an SKP file: one annual SKP 2025 per pegawai, the predikat derived from the two ratings
  (~15 % Sangat Baik, ~70 % Baik, ~10 % Butuh Perbaikan, ~4 % Kurang/Misconduct, ~1 % Sangat Kurang);
* an asesmen file: one asesmen per pegawai (2023–2026, three methods, potential score, JPM with
  ~7 % above 100, the eight potential aspects for ~30 %, an explicit validity end for ~15 %);
each written as CSV the way Indonesian Excel saves it (UTF-8 BOM, ";" between cells, decimal comma)
and as XLSX (numbers and dates as real number/date cells, NIP as text).

Measured, every step in its own fresh process so its peak memory belongs to that step alone:
reading the file (`spreadsheet_read` with the importer's columns), the dry run, the commit (first
import, every row new) and a re-import of the same file (every row unchanged), for CSV and for
XLSX; the table is emptied (TRUNCATE) before each format so both commits start from the same
state. Dry run, commit and re-import are timed end to end from the uploaded bytes, as the import
page calls them, with a breakdown from the importer's progress callback (read + lookups, row
checks, classify or write) and the time spent waiting for PostgreSQL per statement kind. Peak
memory is the kernel's high-water mark of the step's process (VmHWM, the figure behind getrusage's
ru_maxrss, which on Linux would also carry the parent's peak across fork + exec). The 1-minute load
average after each step is printed: the machine may be shared; so is each step's CPU time, in its
own process and in its PostgreSQL backend (read from /proc on the same host), which waiting for a
core does not inflate. A CHECKPOINT precedes every step,
so none pays for the previous one's dirty pages; the two figures the targets are judged on (the CSV
commit and the baseline) are the median of --repeat runs (default 3), each on an emptied table.

Baseline, in the same run: a plain django-import-export `ModelResource` with default settings
(`modelresource_factory(SKP)()` / `(Asesmen)()`, per-row save) importing the first
--baseline-rows rows of the same file, mapped to model fields, into a second instansi holding the
same pegawai; the number of rows it really wrote is checked.

Targets (issue #9, point 2), each judged in this run: the 100k-row CSV committed in <= 10 s on a
2-core machine, >= 30x the baseline's rows per second, the unchanged 100k-row file imported again in
<= 3 s with nothing written (no row, no history event, no audit event), peak memory < 512 MB, and
the 100k-row XLSX read (every guard included) in <= 8 s.

`--profile skp:csv:commit,asesmen:csv:commit` (kind:format:step, comma-separated) also runs those
steps under cProfile and prints the top functions; `--steps`, `--kinds`, `--formats` narrow a run,
`--repeat 1` shortens it. Results and their analysis: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchkit import (  # noqa: E402 - bench/ is the script's folder, on sys.path before the project
    backend_pid,
    check,
    cpu_seconds,
    peak_mb,
    recreate_database,
    server_url,
    with_database,
)

# BENCH_DB=… picks another name (two people benchmarking on one server must not share it).
BENCH_DB = os.environ.get("BENCH_DB", "talenta_bench2")
TAHUN_SKP = 2025
KINDS = ("skp", "asesmen")
FORMATS = ("csv", "xlsx")
STEPS = ("parse", "dry_run", "commit", "reimport")
TARGET_SECONDS, TARGET_MB, TARGET_RATIO = 10.0, 512.0, 30.0
TARGET_REIMPORT, TARGET_XLSX_READ = 3.0, 8.0


def django_setup() -> None:
    os.environ["DJANGO_DEBUG"] = "false"  # no query log growing in memory
    # A commit marks talent placements dirty and, after commit, queues a recompute through Celery.
    # That message must not reach a worker serving the demo database: it goes to an in-process
    # broker and is dropped (the placements simply stay dirty in the throwaway database). The
    # coalescing key still goes to the real Redis cache, under a prefix of its own.
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    os.environ["CACHE_KEY_PREFIX"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings.local")
    import django

    django.setup()
    from django.conf import settings

    check(settings.DATABASES["default"]["NAME"] == BENCH_DB, "not the bench database")


# --- data: pegawai --------------------------------------------------------------------------------------


def pick(rng: random.Random, weighted: dict) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def pegawai_generate(rows: int, units: list, seed: int = 2026) -> list[dict]:
    """Field values for `rows` pegawai (model codes, not labels): NIP / NI PPPK consistent with
    birth date, sex and status, unique within the instansi."""
    from faker import Faker

    from tests.factories import ni_pppk, nip_pns

    fake = Faker("id_ID")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    # Faker is the slow part; a pool of names keeps generation at a few seconds for 100,000 rows.
    laki = [f"{fake.first_name_male()} {fake.last_name()}" for _ in range(3000)]
    perempuan = [f"{fake.first_name_female()} {fake.last_name()}" for _ in range(3000)]
    used: set[str] = set()
    out = []
    for _ in range(rows):
        kelamin = "L" if rng.random() < 0.48 else "P"
        lahir = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 34 * 365))
        status = pick(rng, {"pns": 0.70, "cpns": 0.04, "pppk": 0.21, "pppk_paruh_waktu": 0.05})
        if status == "cpns" and lahir.year < 1990:
            status = "pns"
        pendidikan = pick(rng, {"sma": 0.18, "d3": 0.14, "d4": 0.04, "s1": 0.52, "s2": 0.11, "s3": 0.01})
        base = {"sma": 4, "d3": 6, "d4": 8, "s1": 8, "s2": 9, "s3": 10}[pendidikan]
        for urut in range(1, 1000):
            if status in ("pns", "cpns"):
                tahun = rng.randint(min(lahir.year + 20, 2025), 2025) if status == "pns" else 2025
                tmt = dt.date(tahun, rng.choice([1, 2, 3, 4, 12]), 1)
                nip = nip_pns(lahir=lahir, tmt=tmt, kelamin=kelamin, urut=urut)
            else:
                tahun = rng.randint(max(2019, lahir.year + 18), 2025)
                nip = ni_pppk(
                    lahir=lahir, tahun=tahun, perjanjian=rng.randint(1, 3), kelamin=kelamin, urut=urut
                )
            if nip not in used:
                break
        used.add(nip)
        if status in ("pns", "cpns"):
            naik = 0 if status == "cpns" else min((2025 - tahun) // 4, 16 - base)
            golongan = [
                "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b",
                "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
            ][min(base + naik, 16)]  # fmt: skip
        elif status == "pppk":
            golongan = {"sma": "V", "d3": "VII", "d4": "IX", "s1": "IX", "s2": "X", "s3": "XI"}[pendidikan]
        else:
            golongan = ""
        jenis = pick(
            rng,
            {
                "pelaksana": 0.45,
                "fungsional": 0.41,
                "pengawas": 0.09,
                "administrator": 0.04,
                "jpt_pratama": 0.01,
            },
        )
        if status != "pns" and jenis not in ("pelaksana", "fungsional"):
            jenis = "pelaksana"
        jenjang = ""
        if jenis == "fungsional":
            if pendidikan in ("sma", "d3"):
                nama_jabatan = rng.choice(["Perawat", "Bidan", "Arsiparis", "Pranata Komputer"])
                jenjang = rng.choice(["pemula", "terampil", "mahir", "penyelia"])
            else:
                nama_jabatan = rng.choice(["Guru", "Dokter", "Analis Kebijakan", "Perencana", "Auditor"])
                jenjang = rng.choice(["ahli_pertama", "ahli_muda", "ahli_madya"])
        elif jenis == "pelaksana":
            nama_jabatan = rng.choice(["Pengadministrasi Umum", "Pengelola Keuangan", "Pengelola Data"])
        elif jenis == "pengawas":
            nama_jabatan = "Kepala Seksi " + rng.choice(["Perencanaan", "Pelayanan", "Data", "Umum"])
        elif jenis == "administrator":
            nama_jabatan = "Kepala Bidang " + rng.choice(["Perencanaan", "Pelayanan", "Pembinaan"])
        else:
            nama_jabatan = "Kepala Dinas"
        out.append(
            {
                "nip": nip,
                "nama": rng.choice(laki if kelamin == "L" else perempuan),
                "tanggal_lahir": lahir,
                "jenis_kelamin": kelamin,
                "status_kepegawaian": status,
                "golongan": golongan,
                "jenis_jabatan": jenis,
                "nama_jabatan": nama_jabatan,
                "jenjang_fungsional": jenjang,
                "pendidikan_terakhir": pendidikan,
                "unit_kerja": rng.choice(units),
                "aktif": True,
            }
        )
    return out


# --- data: the two files --------------------------------------------------------------------------------

RATING_LABEL = {
    "di_atas": "Di Atas Ekspektasi",
    "sesuai": "Sesuai Ekspektasi",
    "di_bawah": "Di Bawah Ekspektasi",
}
# predikat share, then the rating pairs (hasil kerja, perilaku kerja) that give it, with weights.
PREDIKAT_MIX = {
    "Sangat Baik": (0.15, {("di_atas", "di_atas"): 1}),
    "Baik": (0.70, {("sesuai", "sesuai"): 0.80, ("di_atas", "sesuai"): 0.12, ("sesuai", "di_atas"): 0.08}),
    "Butuh Perbaikan": (0.10, {("di_bawah", "sesuai"): 0.85, ("di_bawah", "di_atas"): 0.15}),
    "Kurang/Misconduct": (0.04, {("sesuai", "di_bawah"): 0.75, ("di_atas", "di_bawah"): 0.25}),
    "Sangat Kurang": (0.01, {("di_bawah", "di_bawah"): 1}),
}
SKP_HEADERS = ["NIP", "Nama", "Tahun", "Periode", "Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat"]

METODE = {
    "Assessment Center": (
        0.60,
        [
            "UPT Penilaian Kompetensi BKD Provinsi",
            "Pusat Penilaian Kompetensi ASN BKN",
            "Kantor Regional VIII BKN Banjarmasin",
        ],
    ),
    "Uji Kompetensi": (0.25, ["UPT Penilaian Kompetensi BKD Provinsi", "Lembaga Administrasi Negara"]),
    "CACT": (0.15, ["Pusat Penilaian Kompetensi ASN BKN"]),
}
ASPEK_HEADERS = [
    "Kemampuan Intelektual",
    "Kemampuan Interpersonal",
    "Kesadaran Diri",
    "Berpikir Kritis dan Strategis",
    "Kemampuan Menyelesaikan Permasalahan",
    "Kecerdasan Emosional",
    "Motivasi dan Komitmen",
    "Kemauan Belajar",
]
# The column order of the import template (apps/asesmen/resources.py).
ASESMEN_HEADERS = [
    "NIP",
    "Nama",
    "Tanggal Asesmen",
    "Metode",
    "Lembaga",
    "Nilai Potensi",
    "JPM",
    "Berlaku Sampai",
    *ASPEK_HEADERS,
]


SHEET_TITLE = {"skp": "SKP", "asesmen": "Asesmen"}  # the templates' data sheets


def skp_generate(pegawai: list[dict], seed: int = 6) -> list[list]:
    """One annual SKP per pegawai: [NIP, Nama, tahun, periode, rating, rating, predikat]."""
    rng = random.Random(seed)
    shares = {predikat: share for predikat, (share, _pairs) in PREDIKAT_MIX.items()}
    rows = []
    for p in pegawai:
        predikat = pick(rng, shares)
        hasil, perilaku = pick(rng, PREDIKAT_MIX[predikat][1])
        rows.append(
            [p["nip"], p["nama"], TAHUN_SKP, "Tahunan", RATING_LABEL[hasil], RATING_LABEL[perilaku], predikat]
        )
    return rows


def _score(rng: random.Random, mean: float, sd: float, low: float, high: float) -> float:
    return round(min(max(rng.gauss(mean, sd), low), high), 2)


def asesmen_generate(pegawai: list[dict], seed: int = 7) -> list[list]:
    """One asesmen per pegawai, values as Python types (date, float, None for an empty cell)."""
    rng = random.Random(seed)
    first, days = dt.date(2023, 1, 2), (dt.date(2026, 10, 30) - dt.date(2023, 1, 2)).days
    rows = []
    for p in pegawai:
        tanggal = first + dt.timedelta(days=rng.randrange(days))
        while tanggal.weekday() >= 5:
            tanggal -= dt.timedelta(days=1)
        metode = pick(rng, {m: share for m, (share, _lembaga) in METODE.items()})
        potensi = _score(rng, 68, 9, 30, 99)
        jpm = _score(rng, 82, 12, 40, 145)  # ~7 % above 100, as reports do
        aspek = (
            [_score(rng, potensi, 8, 20, 100) for _ in ASPEK_HEADERS]
            if rng.random() < 0.30
            else [None] * len(ASPEK_HEADERS)
        )
        berlaku = (
            tanggal.replace(year=tanggal.year + 2) if rng.random() < 0.15 and tanggal.day != 29 else None
        )
        rows.append(
            [
                p["nip"],
                p["nama"],
                tanggal,
                metode,
                rng.choice(METODE[metode][1]),
                potensi,
                jpm,
                berlaku,
                *aspek,
            ]
        )
    return rows


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")  # Indonesian Excel writes a decimal comma
    return str(value)


def write_csv(headers: list[str], rows: list[list]) -> bytes:
    """As Indonesian Excel writes it: UTF-8 with BOM, ';' between cells, decimal comma."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    """As a clerk's Excel file: NIP as text, numbers and dates as real number and date cells."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append([dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- orchestration (parent process) --------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the CSV commit and of the baseline (median kept)"
    )
    parser.add_argument("--keep-db", action="store_true", help=f"leave the {BENCH_DB} database in place")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--profile", default="", help="kind:format:step[,...] to run under cProfile as well")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return

    url = server_url()
    if urlsplit(url).path.strip("/") == BENCH_DB:
        url = with_database(url, "postgres")
    started = time.perf_counter()
    recreate_database(url, BENCH_DB)
    os.environ["DATABASE_URL"] = with_database(url, BENCH_DB)
    django_setup()
    try:
        with tempfile.TemporaryDirectory(prefix="talenta-bench-") as workdir:
            run(args, Path(workdir), started)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            recreate_database(url, BENCH_DB, drop_only=True)


def setup_data(rows: int, baseline_rows: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from apps.core.roles import Role
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Membership, UnitKerja, Wilayah
    from apps.instansi.services import instansi_create
    from apps.kinerja.models import PredikatOrganisasi
    from apps.pegawai.models import Pegawai

    print(f"Database {BENCH_DB}: migrate …", flush=True)
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    from django.db import connection

    # A province-sized tenant for the imports, a second one for the baseline (same NIPs).
    instansi = instansi_create(wilayah=Wilayah.objects.get(kode="62"), actor=None)
    instansi_base = instansi_create(wilayah=Wilayah.objects.get(kode="6201"), actor=None)
    actor = get_user_model().objects.create_user(username="bench-admin-bkd", password=None)
    Membership.objects.create(user=actor, instansi=instansi, role=Role.ADMIN_BKD)
    actor_base = get_user_model().objects.create_user(username="bench-admin-bkd-2", password=None)
    Membership.objects.create(user=actor_base, instansi=instansi_base, role=Role.ADMIN_BKD)

    with instansi_scope(instansi):
        dinas = UnitKerja.objects.bulk_create(
            UnitKerja(
                instansi=instansi, kode=f"{i:02d}", nama=f"Perangkat Daerah {i}", jenis="perangkat_daerah"
            )
            for i in range(1, 41)
        )
        bidang = UnitKerja.objects.bulk_create(
            UnitKerja(
                instansi=instansi,
                kode=f"{d.kode}.{j:02d}",
                nama=f"Bidang {d.kode}.{j}",
                jenis="bidang",
                induk=d,
            )
            for d in dinas
            for j in range(1, 5)
        )
        seksi = UnitKerja.objects.bulk_create(
            UnitKerja(
                instansi=instansi,
                kode=f"{b.kode}.{k:02d}",
                nama=f"Seksi {b.kode}.{k}",
                jenis="seksi",
                induk=b,
            )
            for b in bidang
            for k in range(1, 3)
        )
        units = [*dinas, *bidang, *seksi]
        nilai = ["istimewa"] * 8 + ["baik"] * 26 + ["butuh_perbaikan"] * 5 + ["kurang"]
        PredikatOrganisasi.objects.bulk_create(
            PredikatOrganisasi(instansi=instansi, unit_kerja=d, tahun=TAHUN_SKP, predikat=n)
            for d, n in zip(dinas, nilai, strict=True)
        )
        pegawai = pegawai_generate(rows, units)
        Pegawai.objects.bulk_create((Pegawai(instansi=instansi, **p) for p in pegawai), batch_size=5000)
        check(Pegawai.objects.filter(instansi=instansi).count() == rows)
    with instansi_scope(instansi_base):
        Pegawai.objects.bulk_create(
            (Pegawai(instansi=instansi_base, **{**p, "unit_kerja": None}) for p in pegawai[:baseline_rows]),
            batch_size=5000,
        )
    # As after a pegawai import: one inputs_changed per instansi, so the talent engine's receivers
    # find their rows (placements) in place, and every measured commit takes the same path.
    from django.db import transaction

    from apps.core.events import inputs_changed_send

    for tenant in (instansi, instansi_base):
        with instansi_scope(tenant), transaction.atomic():
            ids = list(Pegawai.objects.filter(instansi=tenant).values_list("pk", flat=True))
            inputs_changed_send(instansi_id=tenant.pk, pegawai_ids=ids, penyebab="bench.setup")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{instansi.nama}: {rows:,} pegawai, {len(units)} unit kerja; {instansi_base.nama} (baseline): "
        f"{min(rows, baseline_rows):,} pegawai — {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    return {
        "instansi": instansi.pk,
        "actor": actor.pk,
        "instansi_base": instansi_base.pk,
        "actor_base": actor_base.pk,
        "pegawai": pegawai,
    }


def truncate(kind: str) -> None:
    """Empty the kind's table and its row history, so each format's commit starts from the same state."""
    from django.apps import apps
    from django.db import connection

    model, event = {
        "skp": ("kinerja.SKP", "kinerja.SKPEvent"),
        "asesmen": ("asesmen.Asesmen", "asesmen.AsesmenEvent"),
    }[kind]
    tables = ", ".join(connection.ops.quote_name(apps.get_model(m)._meta.db_table) for m in (model, event))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def checkpoint() -> None:
    """Write out dirty pages before a measured step, so no step pays for the previous one's
    (CHECKPOINT needs a superuser or pg_checkpoint; without it the step simply runs)."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        print(f"  (CHECKPOINT skipped: {str(error).strip()})", flush=True)
    connection.close()  # the parent stays idle while the children measure


def measured(spec: dict, repeat: int, *, before) -> dict:
    """Run one step `repeat` times (calling `before()` ahead of each) and keep the median run; the
    peak memory reported is the highest of all runs."""
    runs = []
    for _ in range(max(repeat, 1)):
        before()
        runs.append(spawn(spec))
    result = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
    result["peak_mb"] = max(r["peak_mb"] for r in runs)
    if len(runs) > 1:
        result["note"] += (
            f" | median dari {len(runs)}: " + " / ".join(f"{r['seconds']:.2f}" for r in runs) + " s"
        )
    return result


def spawn(spec: dict) -> dict:
    """Run one measured step in a fresh interpreter; it prints one RESULT line of JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    process = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=False)  # noqa: S603 - our own script
    result = None
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(f"    {line}", flush=True)
    if process.returncode != 0 or result is None:
        sys.stderr.write(process.stderr[-6000:])
        raise SystemExit(f"benchmark step failed: {spec['kind']} {spec['format']} {spec['step']}")
    return result


LABEL = {
    "parse": "baca berkas (spreadsheet_read)",
    "dry_run": "uji coba (dry run)",
    "commit": "simpan (commit, semua baru)",
    "reimport": "impor ulang (semua tetap)",
    "baseline": "baseline ModelResource bawaan",
}


def run(args, workdir: Path, started: float) -> None:
    data = setup_data(args.rows, args.baseline_rows)
    pegawai = data.pop("pegawai")
    kinds = [k for k in args.kinds.split(",") if k]
    formats = [f for f in args.formats.split(",") if f]
    steps = [s for s in args.steps.split(",") if s]

    t = time.perf_counter()
    for kind in kinds:
        if kind == "skp":
            headers, rows = SKP_HEADERS, skp_generate(pegawai)
        else:
            headers, rows = ASESMEN_HEADERS, asesmen_generate(pegawai)
        (workdir / f"{kind}.csv").write_bytes(write_csv(headers, rows))
        if "xlsx" in formats:
            (workdir / f"{kind}.xlsx").write_bytes(write_xlsx(SHEET_TITLE[kind], headers, rows))
    del pegawai
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(workdir.iterdir()))
    print(f"Generated files in {time.perf_counter() - t:.1f} s: {sizes}", flush=True)

    lines: list[dict] = []
    common = {"dir": str(workdir), "rows": args.rows, "instansi": data["instansi"], "actor": data["actor"]}
    profiled = set(args.profile.split(","))
    for kind in kinds:
        print(f"\n{kind.upper()}", flush=True)

        def empty_table(kind=kind) -> None:
            truncate(kind)
            checkpoint()

        for fmt in formats:
            truncate(kind)
            for step in steps:
                spec = {**common, "kind": kind, "format": fmt, "step": step}
                spec["profile"] = f"{kind}:{fmt}:{step}" in profiled
                if fmt == "csv" and step == "commit":  # a target: the median of --repeat runs
                    result = measured(spec, args.repeat, before=empty_table)
                else:
                    result = measured(spec, 1, before=checkpoint)
                lines.append(result)
                print_line(result)
        if args.baseline_rows <= 0:
            continue
        spec = {
            **common,
            "kind": kind,
            "format": "csv",
            "step": "baseline",
            "rows": min(args.baseline_rows, args.rows),
            "instansi": data["instansi_base"],
            "actor": data["actor_base"],
            "profile": f"{kind}:csv:baseline" in profiled,
        }
        result = measured(spec, args.repeat, before=empty_table)
        lines.append(result)
        print_line(result)

    report(lines, started)


def print_line(r: dict) -> None:
    db = r["db"]
    top = ", ".join(f"{label} {sec:.1f} s/{count}x" for label, sec, count in db["top"][:4])
    print(
        f"  {r['format'].upper():<4} {LABEL[r['step']]:<32} {r['rows']:>8,} baris {r['seconds']:>7.2f} s "
        f"{r['rows'] / r['seconds']:>8,.0f} baris/s  puncak {r['peak_mb']:>5.0f} MB (awal {r['start_mb']:.0f})  "
        f"beban {r['load']:.1f}\n"
        f"       {r['note']}\n"
        f"       PostgreSQL {db['total']:.1f} s, {db['queries']:,} kueri: {top}",
        flush=True,
    )


def report(lines: list[dict], started: float) -> None:
    print()
    print(f"Total {time.perf_counter() - started:.0f} s. Mesin: {os.cpu_count()} inti, Python "
          f"{platform.python_version()}, {platform.platform()}")  # fmt: skip
    print()
    print(
        "| Impor | Format | Langkah | Baris | Detik | Baris/detik | Di PostgreSQL (s) | Puncak memori (MB) | Beban (1 mnt) |"
    )
    print("|---|---|---|--:|--:|--:|--:|--:|--:|")
    for r in lines:
        print(
            f"| {r['kind'].upper()} | {r['format'].upper()} | {LABEL[r['step']]} | {r['rows']:,} | "
            f"{r['seconds']:.2f} | {r['rows'] / r['seconds']:,.0f} | {r['db']['total']:.1f} | {r['peak_mb']:.0f} | "
            f"{r['load']:.1f} |"
        )
    print()
    for kind in sorted({r["kind"] for r in lines}, key=KINDS.index):
        mine = [r for r in lines if r["kind"] == kind]
        step = {(r["format"], r["step"]): r for r in mine}
        commit, base = step.get(("csv", "commit")), step.get(("csv", "baseline"))
        reimport, xlsx_read = step.get(("csv", "reimport")), step.get(("xlsx", "parse"))
        worst = max(r["peak_mb"] for r in mine)
        verdict = [("puncak memori", f"{worst:.0f} MB", worst < TARGET_MB, f"< {TARGET_MB:.0f} MB")]
        if commit:
            verdict.append(
                (
                    "commit CSV",
                    f"{commit['seconds']:.1f} s",
                    commit["seconds"] <= TARGET_SECONDS,
                    f"<= {TARGET_SECONDS:.0f} s",
                )
            )
        if commit and base:
            ratio = (commit["rows"] / commit["seconds"]) / (base["rows"] / base["seconds"])
            verdict.append(
                ("rasio vs baseline", f"{ratio:.1f}×", ratio >= TARGET_RATIO, f">= {TARGET_RATIO:.0f}×")
            )
        if reimport:
            verdict.append(
                (
                    "impor ulang CSV (tanpa tulis)",
                    f"{reimport['seconds']:.1f} s",
                    reimport["seconds"] <= TARGET_REIMPORT,
                    f"<= {TARGET_REIMPORT:.0f} s",
                )
            )
        if xlsx_read:
            verdict.append(
                (
                    "baca XLSX",
                    f"{xlsx_read['seconds']:.1f} s",
                    xlsx_read["seconds"] <= TARGET_XLSX_READ,
                    f"<= {TARGET_XLSX_READ:.0f} s",
                )
            )
        print(
            f"{kind.upper()} ({mine[0]['rows']:,} baris): "
            + "; ".join(
                f"{name} {value} [{'OK' if ok else 'MELESET'}, target {target}]"
                for name, value, ok, target in verdict
            )
        )


# --- one measured step (child process) ----------------------------------------------------------------


def importer(kind: str):
    """The import entry point under test and the columns it reads."""
    if kind == "skp":
        from apps.kinerja import imports as module

        return module.skp_import, module
    from apps.asesmen import imports as module

    return module.asesmen_import, module


def importer_columns(kind: str, module):
    for name in (f"{kind.upper()}_COLUMNS", "COLUMNS", "KOLOM"):
        if hasattr(module, name):
            return getattr(module, name)
    raise SystemExit(f"no column list found in {module.__name__}")


def child(spec: dict) -> None:
    django_setup()
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi

    kind, fmt, step, n = spec["kind"], spec["format"], spec["step"], spec["rows"]
    data = (Path(spec["dir"]) / f"{kind}.{fmt}").read_bytes()
    instansi = Instansi.objects.get(pk=spec["instansi"])
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.get(pk=spec["actor"])
    from django.db import connection

    database = QueryTimer()
    with instansi_scope(instansi):
        if step == "baseline":
            work, after = baseline_prepare(kind, data, instansi, n)
        else:
            work, after = import_prepare(kind, fmt, step, data, instansi, actor, n)
        start_mb = peak_mb()
        cpu = CpuTimer(connection)
        work = cpu.wrap(database.wrap(connection, work))
        if spec.get("profile"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            started = time.perf_counter()
            outcome = profiler.runcall(work)
            seconds = time.perf_counter() - started
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
        else:
            started = time.perf_counter()
            outcome = work()
            seconds = time.perf_counter() - started
        note = after(outcome)
    print(f"CPU: {cpu.summary()}", flush=True)
    result = {
        "kind": kind,
        "format": fmt,
        "step": step,
        "rows": n,
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "start_mb": start_mb,
        "note": note,
        "db": database.summary(),
        "load": os.getloadavg()[0],
        "cpu": cpu.seconds,
    }
    print("RESULT " + json.dumps(result), flush=True)


class CpuTimer:
    """CPU seconds the step used, in this process and in its PostgreSQL backend (same host, read
    from /proc): on a shared, oversubscribed machine the wall time includes waiting for a core,
    the CPU time does not. Their sum is what the step costs on an idle machine, I/O waits aside."""

    def __init__(self, connection):
        self.connection = connection
        self.seconds = {"python": 0.0, "postgresql": None}

    def wrap(self, work):
        def timed():
            self.pid = backend_pid(self.connection)
            server, own = cpu_seconds(self.pid), os.times()
            try:
                return work()
            finally:
                after, done = cpu_seconds(self.pid), os.times()
                self.seconds["python"] = (done.user + done.system) - (own.user + own.system)
                if server is not None and after is not None:
                    self.seconds["postgresql"] = after - server

        return timed

    def summary(self) -> str:
        py, pg = self.seconds["python"], self.seconds["postgresql"]
        if pg is None:
            return f"Python {py:.1f} s (backend not readable)"
        return f"Python {py:.1f} s + PostgreSQL backend {pg:.1f} s = {py + pg:.1f} s"


class QueryTimer:
    """Time spent waiting for PostgreSQL per kind of statement ("INSERT kinerja_skp"), through
    Django's execute_wrapper; the COMMIT at the end of the transaction is timed too."""

    _TABLE = re.compile(r'\b(?:INTO|FROM|UPDATE)\s+"?([a-z_0-9]+)"?', re.IGNORECASE)

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.count: dict[str, int] = {}
        self._labels: dict[str, str] = {}

    def label(self, sql: str) -> str:
        label = self._labels.get(sql)
        if label is None:
            head = sql[:4000].lstrip()
            verb = head.split(None, 1)[0].upper() if head else "?"
            table = self._TABLE.search(head)
            label = f"{verb} {table.group(1)}" if table else verb
            if len(self._labels) < 10_000:
                self._labels[sql] = label
        return label

    def add(self, label: str, seconds: float) -> None:
        self.seconds[label] = self.seconds.get(label, 0.0) + seconds
        self.count[label] = self.count.get(label, 0) + 1

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add(self.label(sql), time.perf_counter() - started)

    def wrap(self, connection, work):
        def timed():
            django_commit = connection._commit

            def _commit():
                started = time.perf_counter()
                try:
                    return django_commit()
                finally:
                    self.add("COMMIT", time.perf_counter() - started)

            connection._commit = _commit
            # COPY runs past Django's execute wrapper: apps.core.bulk's insert step is timed as a
            # whole (the COPY, building its text, and the id query, which is also counted above).
            from apps.core import bulk

            bulk_insert = bulk._insert

            def _insert(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return bulk_insert(*args, **kwargs)
                finally:
                    self.add("COPY+teks", time.perf_counter() - started)

            bulk._insert = _insert
            try:
                with connection.execute_wrapper(self):
                    return work()
            finally:
                connection._commit = django_commit
                bulk._insert = bulk_insert

        return timed

    def summary(self) -> dict:
        return {
            "total": sum(self.seconds.values()),
            "queries": sum(self.count.values()),
            "top": sorted(
                ([label, round(sec, 2), self.count[label]] for label, sec in self.seconds.items()),
                key=lambda item: -item[1],
            )[:6],
        }


def model_of(kind: str):
    if kind == "skp":
        from apps.kinerja.models import SKP

        return SKP
    from apps.asesmen.models import Asesmen

    return Asesmen


def import_prepare(kind, fmt, step, data, instansi, actor, n):
    """The timed call and the check of its outcome for one importer step."""
    from apps.core.spreadsheets import spreadsheet_read

    run_import, module = importer(kind)
    model = model_of(kind)

    if step == "parse":
        columns, sheet_name = importer_columns(kind, module), getattr(module, "SHEET_DATA", None)

        def work():
            return spreadsheet_read(data, columns=columns, sheet_name=sheet_name)

        def after(sheet):
            check(len(sheet.rows) == n, f"{len(sheet.rows)} rows read")
            check(not sheet.errors, f"cell errors: {sheet.errors[:5]}")
            return f"{len(sheet.columns)} kolom dikenali"

        return work, after

    # progress(done, total) is called once the file is read and the lookups are loaded (0), then
    # every 1,000 rows, and with done == total when every row is checked: enough for a breakdown.
    calls: list[tuple[int, float]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, time.perf_counter()))

    def work():
        calls.append((-1, time.perf_counter()))
        result = run_import(
            instansi=instansi,
            actor=actor,
            data=data,
            nama=f"{kind}.{fmt}",
            dry_run=step == "dry_run",
            progress=progress,
        )
        calls.append((-2, time.perf_counter()))
        return result

    before = model.objects.filter(instansi=instansi).count()

    def written_marks() -> tuple:
        """What a write leaves behind: row-history events, audit events, the latest change time."""
        from django.db.models import Max

        from apps.core.models import AuditEvent

        events = model.pgh_event_models["insert"] if hasattr(model, "pgh_event_models") else None
        history = events.objects.filter(instansi=instansi).count() if events is not None else None
        return (
            history,
            AuditEvent.objects.filter(instansi=instansi).count(),
            model.objects.filter(instansi=instansi).aggregate(Max("diubah_pada"))["diubah_pada__max"],
        )

    marks = written_marks() if step == "reimport" else None

    def after(result):
        check(not result.berkas_ditolak, f"file refused: {result.errors[:5]}")
        check(
            result.baris_galat == 0 and not result.errors,
            f"{result.baris_galat} rows with errors: {result.errors[:5]}",
        )
        check(result.baris == n, f"{result.baris} rows read")
        stored = model.objects.filter(instansi=instansi).count()
        if step == "dry_run":
            check(not result.committed and result.baru == n and result.diubah == 0, f"baru {result.baru}")
        elif step == "commit":
            check(result.committed and result.baru == n and result.diubah == 0, f"baru {result.baru}")
        else:
            check(
                result.committed and result.tetap == n and result.baru == result.diubah == 0,
                f"tetap {result.tetap}",
            )
        check(stored == (n if step in ("commit", "reimport") else before), f"{stored} rows stored")
        if marks is not None:
            check(written_marks() == marks, "the unchanged file wrote something (history, audit or a row)")
        begin, end = calls[0][1], calls[-1][1]
        ready = next(t for done, t in calls if done == 0)
        checked = [t for done, t in calls if done == n][-1]
        phases = (
            f"baca+siapkan {ready - begin:.1f} s · periksa baris {checked - ready:.1f} s · "
            f"{'klasifikasi' if step == 'dry_run' else 'tulis'} (+peringatan) {end - checked:.1f} s"
        )
        return (
            f"baru {result.baru:,} · diubah {result.diubah:,} · tetap {result.tetap:,} · tersimpan {stored:,} · "
            f"{len(result.warnings)} peringatan | {phases}"
        )

    return work, after


def baseline_prepare(kind, data, instansi, n):
    """django-import-export as it comes: the first n rows of the same CSV, mapped to model fields."""
    import tablib
    from import_export.resources import modelresource_factory

    from apps.pegawai.models import Pegawai

    model = model_of(kind)
    pegawai_pk = dict(Pegawai.objects.filter(instansi=instansi).values_list("nip", "pk"))
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    header = next(reader)
    source = [dict(zip(header, row, strict=True)) for _, row in zip(range(n), reader, strict=False)]

    def iso(text: str) -> str:
        return dt.datetime.strptime(text, "%d-%m-%Y").date().isoformat()

    def number(text: str) -> str:
        return text.replace(",", ".")

    if kind == "skp":
        from apps.kinerja.predikat import predikat_derive, rating_parse

        headers = [
            "instansi",
            "pegawai",
            "tahun",
            "periode",
            "rating_hasil_kerja",
            "rating_perilaku_kerja",
            "predikat",
            "sumber",
        ]
        rows = []
        for r in source:
            hasil, perilaku = rating_parse(r["Rating Hasil Kerja"]), rating_parse(r["Rating Perilaku Kerja"])
            rows.append(
                [instansi.pk, pegawai_pk[r["NIP"]], r["Tahun"], "tahunan", hasil, perilaku,
                 predikat_derive(hasil_kerja=hasil, perilaku_kerja=perilaku), "impor"]
            )  # fmt: skip
    else:
        from apps.asesmen.models import Asesmen
        from apps.asesmen.services import ASPEK_FIELDS, METODE_ALIASES, berlaku_sampai_default

        headers = ["instansi", "pegawai", "tanggal", "metode", "lembaga", "nilai_potensi", "jpm", *ASPEK_FIELDS, "berlaku_sampai", "sumber"]  # fmt: skip
        rows = []
        for r in source:
            tanggal = dt.datetime.strptime(r["Tanggal Asesmen"], "%d-%m-%Y").date()
            berlaku = (
                iso(r["Berlaku Sampai"])
                if r["Berlaku Sampai"]
                else berlaku_sampai_default(tanggal, 3).isoformat()
            )
            rows.append(
                [instansi.pk, pegawai_pk[r["NIP"]], tanggal.isoformat(), METODE_ALIASES[r["Metode"].lower()],
                 r["Lembaga"], number(r["Nilai Potensi"]), number(r["JPM"]),
                 *(number(r[h]) if r[h] else None for h in ASPEK_HEADERS), berlaku, "impor"]
            )  # fmt: skip
        check(len(ASPEK_HEADERS) == len(Asesmen.ASPEK))
    dataset = tablib.Dataset(*rows, headers=headers)
    resource = modelresource_factory(model)()

    def work():
        return resource.import_data(dataset, dry_run=False)

    def after(result):
        check(not result.has_errors() and not result.has_validation_errors(), "baseline import errors")
        stored = model.objects.filter(instansi=instansi).count()
        check(stored == n, f"baseline stored {stored} of {n}")
        return f"tersimpan {stored:,} (per baris: save + diff)"

    return work, after


if __name__ == "__main__":
    main()
