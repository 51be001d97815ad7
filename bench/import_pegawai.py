"""Benchmark: import 100,000 generated pegawai from CSV and XLSX (dry run and commit timed apart).

    .venv/bin/python -m devserver.embedded run -- .venv/bin/python bench/import_pegawai.py --rows 100000
    DATABASE_URL=postgres://... .venv/bin/python bench/import_pegawai.py --rows 100000

It never touches the demo or test data: it creates its own database (`--db-name`, default
`talenta_bench_pegawai`) on the same PostgreSQL server (dropped first if a previous run left it,
and dropped again at the end unless --keep-db), migrates it, and runs with talenta.settings.local
pointed at it (DEBUG off).

Data: Indonesian names (Faker id_ID), NIP/NI PPPK consistent with birth date, sex and status,
a realistic status/golongan/jabatan/education mix, unit codes of a 3-level tree of ~500 units.

Printed: rows per second for reading, dry run and commit of each format, an idempotent re-import
(checked to write nothing: no pegawai, history, audit or completeness row changes), peak memory,
the CPU seconds of this process and of its PostgreSQL backend per step (on a shared, loaded
machine the wall time includes waiting for a core; the CPU time does not), and as a baseline in the same run a plain django-import-export
ModelResource with default settings importing the first 2,000 rows, with the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import sys
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
    peak_reset,
    recreate_database,
    server_url,
    with_database,
)

BENCH_DB = "talenta_bench_pegawai"  # --db-name
TODAY = dt.date(2026, 1, 1)


# --- data generation ------------------------------------------------------------------------------------

JABATAN_PELAKSANA = [
    "Pengadministrasi Umum",
    "Pengelola Keuangan",
    "Pengadministrasi Kepegawaian",
    "Pengelola Barang Milik Negara",
    "Pengemudi",
    "Pengelola Data",
    "Pengadministrasi Perkantoran",
    "Operator Layanan Operasional",
]
JABATAN_FUNGSIONAL_AHLI = [
    "Guru",
    "Dokter",
    "Analis Kebijakan",
    "Perencana",
    "Auditor",
    "Analis Sumber Daya Manusia Aparatur",
    "Pranata Komputer",
    "Penyuluh Pertanian",
    "Apoteker",
    "Pengawas Sekolah",
]
JABATAN_FUNGSIONAL_TERAMPIL = [
    "Perawat",
    "Bidan",
    "Pranata Laboratorium Kesehatan",
    "Arsiparis",
    "Pranata Komputer",
]
GELAR_BELAKANG = {"d3": "A.Md.", "d4": "S.Tr.", "s1": "S.Pd.", "s2": "M.Si.", "s3": "Dr."}
GOLONGAN_PNS = [
    "I/a",
    "I/b",
    "I/c",
    "I/d",
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
    "IV/d",
    "IV/e",
]
ROMAWI = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
STATUS_LABEL = {"pns": "PNS", "cpns": "CPNS", "pppk": "PPPK", "pppk_paruh_waktu": "PPPK Paruh Waktu"}
PENDIDIKAN_LABEL = {"sma": "SMA/SMK", "d3": "D-III", "d4": "D-IV", "s1": "S-1", "s2": "S-2", "s3": "S-3"}
HEADERS = [
    "NIP",
    "Gelar Depan",
    "Nama",
    "Gelar Belakang",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Status Kepegawaian",
    "Golongan",
    "TMT Golongan",
    "Jenis Jabatan",
    "Nama Jabatan",
    "Jenjang Fungsional",
    "Kode Unit Kerja",
    "TMT Jabatan",
    "Pendidikan Terakhir",
    "Email",
    "Telepon",
    "Alamat",
    "Aktif",
]
KOTA = [
    "Pangkalan Bun",
    "Sampit",
    "Palangka Raya",
    "Kuala Kapuas",
    "Banjarmasin",
    "Pontianak",
    "Surabaya",
    "Yogyakarta",
    "Muara Teweh",
    "Buntok",
    "Kasongan",
    "Nanga Bulik",
]


def pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def generate(rows: int, unit_codes: list[str], seed: int = 2026) -> list[dict[str, str]]:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    used: set[str] = set()
    out = []
    for _ in range(rows):
        kelamin = "L" if rng.random() < 0.48 else "P"
        nama = f"{fake.first_name_male() if kelamin == 'L' else fake.first_name_female()} {fake.last_name()}"
        lahir = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 34 * 365))
        status = pick(rng, {"pns": 0.70, "cpns": 0.04, "pppk": 0.21, "pppk_paruh_waktu": 0.05})
        if status == "cpns" and lahir.year < 1990:
            status = "pns"
        pendidikan = pick(rng, {"sma": 0.18, "d3": 0.14, "d4": 0.04, "s1": 0.52, "s2": 0.11, "s3": 0.01})
        digit = "1" if kelamin == "L" else "2"
        if status in ("pns", "cpns"):
            tahun = rng.randint(min(lahir.year + 20, 2025), 2025) if status == "pns" else 2025
            tmt = dt.date(tahun, rng.choice([1, 2, 3, 4, 12]), 1)
            prefix = f"{lahir:%Y%m%d}{tmt:%Y%m}{digit}"
            base = {"sma": 4, "d3": 6, "d4": 8, "s1": 8, "s2": 9, "s3": 10}[pendidikan]
            naik = 0 if status == "cpns" else min((2025 - tahun) // 4, 16 - base)
            golongan = GOLONGAN_PNS[min(base + naik, 16)]
        else:
            tahun = rng.randint(max(2019, lahir.year + 18), 2025)
            prefix = f"{lahir:%Y%m%d}{tahun}{rng.randint(1, 3):02d}{digit}"
            golongan = (
                ""
                if status == "pppk_paruh_waktu"
                else ROMAWI[
                    {"sma": 4, "d3": 6, "d4": 8, "s1": 8, "s2": 9, "s3": 10}[pendidikan] + rng.randint(0, 1)
                ]
            )
        urut = 1
        while f"{prefix}{urut:03d}" in used:
            urut += 1
        nip = f"{prefix}{urut:03d}"
        used.add(nip)

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
                nama_jabatan = rng.choice(JABATAN_FUNGSIONAL_TERAMPIL)
                jenjang = rng.choice(["Pemula", "Terampil", "Mahir", "Penyelia"])
            else:
                nama_jabatan = rng.choice(JABATAN_FUNGSIONAL_AHLI)
                jenjang = rng.choice(["Ahli Pertama", "Ahli Muda", "Ahli Madya"])
        elif jenis == "pelaksana":
            nama_jabatan = rng.choice(JABATAN_PELAKSANA)
        elif jenis == "pengawas":
            nama_jabatan = "Kepala Seksi " + rng.choice(["Perencanaan", "Pelayanan", "Data", "Umum"])
        elif jenis == "administrator":
            nama_jabatan = "Kepala Bidang " + rng.choice(
                ["Perencanaan", "Pelayanan", "Pembinaan", "Anggaran"]
            )
        else:
            nama_jabatan = "Kepala Dinas"
        tmt_jabatan = dt.date(rng.randint(max(tahun, 2015), 2025), rng.randint(1, 12), 1)
        out.append(
            {
                "NIP": nip,
                "Gelar Depan": "Dr." if pendidikan == "s3" else "",
                "Nama": nama,
                "Gelar Belakang": GELAR_BELAKANG.get(pendidikan, ""),
                "Tempat Lahir": rng.choice(KOTA),
                "Tanggal Lahir": lahir.strftime("%d-%m-%Y"),
                "Jenis Kelamin": "Laki-laki" if kelamin == "L" else "Perempuan",
                "Status Kepegawaian": STATUS_LABEL[status],
                "Golongan": golongan,
                "TMT Golongan": dt.date(rng.randint(tahun, 2025), 4, 1).strftime("%d-%m-%Y"),
                "Jenis Jabatan": {
                    "pelaksana": "Pelaksana",
                    "fungsional": "Fungsional",
                    "pengawas": "Pengawas",
                    "administrator": "Administrator",
                    "jpt_pratama": "JPT Pratama",
                }[jenis],
                "Nama Jabatan": nama_jabatan,
                "Jenjang Fungsional": jenjang,
                "Kode Unit Kerja": rng.choice(unit_codes),
                "TMT Jabatan": tmt_jabatan.strftime("%d-%m-%Y"),
                "Pendidikan Terakhir": PENDIDIKAN_LABEL[pendidikan],
                "Email": f"{nama.split()[0].lower()}.{nip[-6:]}@contoh.go.id",
                "Telepon": f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
                "Alamat": fake.street_address(),
                "Aktif": "Ya",
            }
        )
    return out


def files_generate(n: int, codes: list[str], baseline_rows: int) -> tuple[bytes, bytes, bytes, list[dict]]:
    """The CSV, the XLSX, the CSV of a monthly sync (every tenth pegawai moved to another unit with
    a new phone number) and the first rows for the baseline. Generated in a child process, so the
    100,000 rows as Python objects (~300 MB) do not count in the peak memory measured here."""
    import multiprocessing
    import pickle
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench_pegawai_") as workdir:
        child = multiprocessing.get_context("fork").Process(
            target=_files_write, args=(n, codes, baseline_rows, workdir)
        )
        child.start()
        child.join()
        check(child.exitcode == 0, "data generation failed")
        folder = Path(workdir)
        return (
            (folder / "pegawai.csv").read_bytes(),
            (folder / "pegawai.xlsx").read_bytes(),
            (folder / "pegawai_berubah.csv").read_bytes(),
            pickle.loads((folder / "baseline.pickle").read_bytes()),  # noqa: S301 (written just above)
        )


def _files_write(n: int, codes: list[str], baseline_rows: int, workdir: str) -> None:
    import pickle

    folder = Path(workdir)
    rows = generate(n, codes)
    (folder / "pegawai.csv").write_bytes(write_csv(rows))
    (folder / "pegawai.xlsx").write_bytes(write_xlsx(rows))
    changed = [
        {**row, "Kode Unit Kerja": codes[(i * 7) % len(codes)], "Telepon": f"0813{i:08d}"}
        if i % 10 == 0
        else row
        for i, row in enumerate(rows)
    ]
    (folder / "pegawai_berubah.csv").write_bytes(write_csv(changed))
    (folder / "baseline.pickle").write_bytes(pickle.dumps(rows[:baseline_rows]))


def write_csv(rows: list[dict[str, str]]) -> bytes:
    """As Indonesian Excel writes it: UTF-8 with BOM, ';' between cells."""
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row[h] for h in HEADERS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: list[dict[str, str]]) -> bytes:
    """As a clerk's Excel file: text cells, birth dates as real date cells."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(HEADERS)
    for row in rows:
        values = [row[h] for h in HEADERS]
        values[5] = dt.datetime.strptime(row["Tanggal Lahir"], "%d-%m-%Y")
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- measuring ---------------------------------------------------------------------------------------------


class Timer:
    """Wall time, CPU time of this process and of its PostgreSQL backend, and peak memory of a step.
    On a shared, oversubscribed machine the wall time includes waiting for a core; the CPU time
    does not, and their sum is what the step costs on an idle machine (I/O waits aside)."""

    def __init__(self, label: str, rows: int, lines: list[tuple]):
        self.label, self.rows, self.lines = label, rows, lines

    def __enter__(self):
        self.pid = backend_pid()
        self.backend = cpu_seconds(self.pid)
        peak_reset()
        self.cpu = os.times()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        done, backend = os.times(), cpu_seconds(self.pid)
        python = (done.user + done.system) - (self.cpu.user + self.cpu.system)
        server = backend - self.backend if backend is not None and self.backend is not None else float("nan")
        if exc[0] is None:
            rate = self.rows / self.seconds
            self.lines.append((self.label, self.rows, self.seconds, rate, python, server, peak_mb()))
            print(
                f"  {self.label:<52} {self.rows:>7,} baris {self.seconds:>7.2f} s {rate:>9,.0f} baris/s"
                f"  CPU py {python:>6.2f} s + pg {server:>6.2f} s  puncak {peak_mb():>6.0f} MB"
                f"  load {os.getloadavg()[0]:.1f}",
                flush=True,
            )


def main() -> None:
    global BENCH_DB

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=2_000)
    parser.add_argument("--formats", default="csv,xlsx", help="which files to import: csv, xlsx or both")
    parser.add_argument("--db-name", default=BENCH_DB, help="the throwaway database (default %(default)s)")
    parser.add_argument("--keep-db", action="store_true", help="leave the database in place")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the CSV commit into FILE (pstats)")
    args = parser.parse_args()
    BENCH_DB = args.db_name
    check(BENCH_DB.startswith("talenta_bench"), "--db-name must start with talenta_bench")

    url = server_url()
    if urlsplit(url).path.strip("/") == BENCH_DB:
        url = with_database(url, "postgres")
    started = time.perf_counter()
    recreate_database(url, BENCH_DB)
    os.environ["DATABASE_URL"] = with_database(url, BENCH_DB)
    os.environ["DJANGO_DEBUG"] = "false"  # no query log growing in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings.local")

    import django

    django.setup()
    from django.conf import settings

    check(settings.DATABASES["default"]["NAME"] == BENCH_DB, "not the bench database")

    try:
        run(args, started)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            recreate_database(url, BENCH_DB, drop_only=True)


def written_state(instansi) -> tuple:
    """What an import can write for an instansi: equal before and after means nothing was written."""
    from django.apps import apps as django_apps
    from django.db.models import Count, Max

    from apps.core.models import AuditEvent
    from apps.pegawai.models import KelengkapanData, Pegawai

    return (
        Pegawai.objects.filter(instansi=instansi).aggregate(n=Count("pk"), t=Max("diubah_pada")),
        django_apps.get_model("pegawai", "PegawaiEvent").objects.count(),  # row history
        AuditEvent.objects.filter(instansi=instansi).count(),
        KelengkapanData.objects.filter(instansi=instansi).aggregate(n=Count("pk"), t=Max("dihitung_pada")),
    )


def run(args, started: float) -> None:
    import tablib
    from django.conf import settings
    from django.core.management import call_command
    from import_export.resources import modelresource_factory

    from apps.core.spreadsheets import spreadsheet_read
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import UnitKerja, Wilayah
    from apps.instansi.services import instansi_create
    from apps.pegawai.imports import COLUMNS, pegawai_import
    from apps.pegawai.models import KelengkapanData, Pegawai
    from apps.pegawai.resources import SHEET_DATA

    # 100,000 pegawai with addresses make a 22 MB CSV, above the 20 MB upload limit a web request
    # gets; the row limit (100,000) and every other guard stay as configured.
    settings.SPREADSHEET_LIMITS = {**getattr(settings, "SPREADSHEET_LIMITS", {}), "max_bytes": 32 * 2**20}

    print(f"Database {BENCH_DB}: migrate …", flush=True)
    call_command("migrate", verbosity=0)

    def tenant(kode: str):
        instansi = instansi_create(wilayah=Wilayah.objects.get(kode=kode), actor=None)
        units = []
        for i in range(1, 41):
            dinas = UnitKerja.objects.create(
                instansi=instansi, kode=f"{i:02d}", nama=f"Perangkat Daerah {i}", jenis="perangkat_daerah"
            )
            units.append(dinas)
            for j in range(1, 5):
                bidang = UnitKerja.objects.create(
                    instansi=instansi,
                    kode=f"{i:02d}.{j:02d}",
                    nama=f"Bidang {i}.{j}",
                    jenis="bidang",
                    induk=dinas,
                )
                units.append(bidang)
                for k in range(1, 3):
                    units.append(
                        UnitKerja.objects.create(
                            instansi=instansi,
                            kode=f"{i:02d}.{j:02d}.{k:02d}",
                            nama=f"Seksi {i}.{j}.{k}",
                            jenis="seksi",
                            induk=bidang,
                        )
                    )
        return instansi, [u.kode for u in units]

    # Three real Kalimantan Tengah tenants: CSV into one, XLSX into another, the baseline into a third.
    instansi_csv, codes = tenant("6201")
    instansi_xlsx, _ = tenant("6202")
    instansi_base, _ = tenant("6203")
    print(f"3 instansi, {len(codes)} unit kerja each", flush=True)

    t = time.perf_counter()
    csv_data, xlsx_data, changed_data, rows = files_generate(args.rows, codes, args.baseline_rows)
    print(
        f"Generated {args.rows:,} pegawai in {time.perf_counter() - t:.1f} s: CSV {len(csv_data) / 1e6:.1f} MB, "
        f"XLSX {len(xlsx_data) / 1e6:.1f} MB",
        flush=True,
    )

    lines: list[tuple] = []
    n = args.rows
    formats = [("CSV", csv_data, instansi_csv), ("XLSX", xlsx_data, instansi_xlsx)]
    formats = [item for item in formats if item[0].lower() in args.formats.lower().split(",")]
    for label, data, instansi in formats:
        with instansi_scope(instansi):
            with Timer(f"{label}: baca + periksa berkas", n, lines):
                spreadsheet_read(data, columns=COLUMNS, sheet_name=SHEET_DATA)
            with Timer(f"{label}: uji coba (baca + validasi penuh)", n, lines):
                result = pegawai_import(instansi=instansi, actor=None, data=data, dry_run=True)
            check(result.ok and result.baru == n, f"{result.errors[:5]} {result.baru}")

            def commit(data=data, instansi=instansi, label=label):
                return pegawai_import(instansi=instansi, actor=None, data=data, dry_run=False, nama=label)

            with Timer(f"{label}: simpan (baca + validasi + commit, {n:,} baru)", n, lines):
                if args.profile and label == "CSV":
                    import cProfile

                    profiler = cProfile.Profile()
                    result = profiler.runcall(commit)
                    profiler.dump_stats(args.profile)
                else:
                    result = commit()
            check(result.committed and result.baru == n)
            check(Pegawai.objects.filter(instansi=instansi).count() == n)
            check(KelengkapanData.objects.filter(instansi=instansi).count() == n)
    if "csv" in args.formats.lower():
        with instansi_scope(instansi_csv):
            before = written_state(instansi_csv)
            with Timer("CSV: impor ulang berkas yang sama (tak berubah)", n, lines):
                result = pegawai_import(instansi=instansi_csv, actor=None, data=csv_data, dry_run=False)
            check(result.tetap == n and not result.has_changes)
            check(written_state(instansi_csv) == before, "the unchanged re-import wrote something")
            with Timer("CSV: impor dengan 10% baris berubah", n, lines):
                result = pegawai_import(instansi=instansi_csv, actor=None, data=changed_data, dry_run=False)
            check(result.committed and result.diubah == (n + 9) // 10, f"{result.diubah}")

    # Baseline: django-import-export as it comes (ModelResource with default settings).
    m = min(args.baseline_rows, n)
    with instansi_scope(instansi_base):
        unit_pk = dict(UnitKerja.objects.filter(instansi=instansi_base).values_list("kode", "pk"))
        base_rows = []
        jenis = {
            "Pelaksana": "pelaksana",
            "Fungsional": "fungsional",
            "Pengawas": "pengawas",
            "Administrator": "administrator",
            "JPT Pratama": "jpt_pratama",
        }
        status = {v: k for k, v in STATUS_LABEL.items()}
        pendidikan = {v: k for k, v in PENDIDIKAN_LABEL.items()}
        jenjang = {
            "Ahli Pertama": "ahli_pertama",
            "Ahli Muda": "ahli_muda",
            "Ahli Madya": "ahli_madya",
            "Pemula": "pemula",
            "Terampil": "terampil",
            "Mahir": "mahir",
            "Penyelia": "penyelia",
            "": "",
        }

        def iso(text: str) -> str:
            return dt.datetime.strptime(text, "%d-%m-%Y").date().isoformat()

        for row in rows[:m]:
            base_rows.append(
                [
                    instansi_base.pk,
                    row["NIP"],
                    row["Gelar Depan"],
                    row["Nama"],
                    row["Gelar Belakang"],
                    row["Tempat Lahir"],
                    iso(row["Tanggal Lahir"]),
                    row["Jenis Kelamin"][0],
                    status[row["Status Kepegawaian"]],
                    row["Golongan"],
                    iso(row["TMT Golongan"]),
                    jenis[row["Jenis Jabatan"]],
                    row["Nama Jabatan"],
                    jenjang[row["Jenjang Fungsional"]],
                    unit_pk[row["Kode Unit Kerja"]],
                    iso(row["TMT Jabatan"]),
                    pendidikan[row["Pendidikan Terakhir"]],
                    row["Email"],
                    row["Telepon"],
                    row["Alamat"],
                    "1",
                ]
            )
        dataset = tablib.Dataset(
            *base_rows,
            headers=[
                "instansi",
                "nip",
                "gelar_depan",
                "nama",
                "gelar_belakang",
                "tempat_lahir",
                "tanggal_lahir",
                "jenis_kelamin",
                "status_kepegawaian",
                "golongan",
                "tmt_golongan",
                "jenis_jabatan",
                "nama_jabatan",
                "jenjang_fungsional",
                "unit_kerja",
                "tmt_jabatan",
                "pendidikan_terakhir",
                "email",
                "telepon",
                "alamat",
                "aktif",
            ],
        )
        baseline = modelresource_factory(Pegawai)()
        with Timer(f"Baseline: ModelResource bawaan, {m:,} baru", m, lines):
            base_result = baseline.import_data(dataset, dry_run=False)
        check(not base_result.has_errors() and not base_result.has_validation_errors())
        check(Pegawai.objects.filter(instansi=instansi_base).count() == m)

    ours = next((line for line in lines if line[0].startswith("CSV: simpan")), None)
    base = lines[-1]
    print()
    if ours:
        print(f"Rasio simpan CSV (validasi penuh + audit + kelengkapan) / baseline: {ours[3] / base[3]:.1f}×")
    print(
        f"Puncak memori (langkah terberat): {max(line[-1] for line in lines):.0f} MB; total {time.perf_counter() - started:.0f} s"
    )
    print(f"Mesin: {os.cpu_count()} inti, Python {platform.python_version()}, {platform.platform()}")
    print(f"Beban (load average 1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print(
        "| Langkah | Baris | Detik | Baris/detik | CPU Python (s) | CPU PostgreSQL (s) | Puncak memori (MB) |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    for label, count, seconds, rate, python, server, memory in lines:
        print(
            f"| {label} | {count:,} | {seconds:.2f} | {rate:,.0f} | {python:.2f} | {server:.2f} | {memory:.0f} |"
        )


if __name__ == "__main__":
    main()
