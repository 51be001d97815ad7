"""Shared data of the talent-engine benchmarks (recompute_talenta, latency_talenta, ninebox_page).

One database, `talenta_bench_engine`, on the PostgreSQL server of DATABASE_URL, built once and kept:
a benchmark reuses it when the fingerprint stored in it (generator version, sizes, reference year)
matches, and rebuilds it from scratch otherwise or with --fresh. It never touches the demo or test
databases. Building it takes about a minute: migrate, then every table written with COPY.

Data, for the reference year Y (the current year, the placements' period):
* instansi "besar" (Provinsi Kalimantan Tengah) with N pegawai (default 100,000; the generator of
  bench/import_penilaian.py: NIP / NI PPPK consistent with birth date, sex and status, a realistic
  status/golongan/jabatan/education mix) in a 520-unit three-level tree;
* instansi "baseline" (Kab. Kotawaringin Barat) holding copies of the first 2,000 of them with the
  same portfolio (the naive per-pegawai loop runs there), and instansi "kecil" (Kab. Kotawaringin
  Timur) with copies of the first 1,000 (the nine-box page's query count at 1k);
* per pegawai, what apps/petatalenta/inputs.py reads: asesmen (~80 % have one, ~15 % of those an
  older one too; dated 2022 to Y, ~12 % expired; potential ~N(68, 9), JPM ~N(82, 12)), annual SKP for
  Y-2 and Y-1 (CPNS only Y-1; predikat mix 15/70/10/4/1 %) plus quarterly SKP of Y for 40 %, and the
  portfolio: education history (1-3 rows, up to the pegawai's level), jabatan history (1-4
  consecutive posts), diklat (0-8, 8-80 JP), SK tim kerja (0-6), Satyalencana and other awards
  (~40 %), hukuman disiplin (~2.5 %: ringan/sedang/berat, some still running); ~90 % of portfolio rows
  approved (disetujui), the rest submitted or rejected, which the engine must ignore;
* an Admin BKD user per instansi (password "bench-password-123", an API token for the big one).

Rows are written with COPY under `session_replication_role = replica` (no row-history triggers,
no FK trigger checks: the generator is consistent by construction, and seeding history is not what
is measured); when the role is not a superuser it falls back to ordinary triggers.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

import benchkit  # noqa: E402 - bench/ is the script's folder
from benchkit import backend_pid, check, peak_mb, with_database  # noqa: E402, F401 - the engine benches use data.check, …

BENCH_DB = "talenta_bench_engine"
GENERATOR_VERSION = 3
PASSWORD = "bench-password-123"  # noqa: S105 - the throwaway bench database's logins
BASELINE_PEGAWAI = 2_000
KECIL_PEGAWAI = 1_000


# --- database -----------------------------------------------------------------------------------------


def server_url() -> str:
    url = benchkit.server_url()
    if urlsplit(url).path.strip("/") == BENCH_DB:
        url = with_database(url, "postgres")
    return url


def _admin(url: str):
    import psycopg2

    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    return connection


def recreate_database(url: str, *, drop_only: bool = False, db: str = BENCH_DB) -> None:
    benchkit.recreate_database(url, db, drop_only=drop_only)


def stored_meta(url: str, db: str = BENCH_DB) -> dict | None:
    """The metadata a previous build left in the database, or None."""
    import psycopg2

    connection = _admin(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            if cursor.fetchone() is None:
                return None
    finally:
        connection.close()
    try:
        connection = psycopg2.connect(with_database(url, db))
    except psycopg2.Error:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_meta')")
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute("SELECT value FROM bench_meta WHERE key = 'meta'")
            row = cursor.fetchone()
            return row[0] if row else None
    finally:
        connection.close()


def fingerprint(pegawai: int) -> str:
    return f"v{GENERATOR_VERSION}:{pegawai}:{BASELINE_PEGAWAI}:{KECIL_PEGAWAI}:{dt.date.today().year}"


def django_setup(
    *, broker: str = "memory://localhost/", redis_db: int | None = None, db: str = BENCH_DB
) -> None:
    """Django on the bench database (`db`: bench/suksesi_data.py has its own), DEBUG off. Celery
    messages go to `broker` (by default an
    in-process broker that drops them: no worker of the demo stack ever sees the bench's flushes);
    cache keys get the bench database's prefix, on `redis_db` when given."""
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DATABASE_URL"] = with_database(server_url(), db)
    os.environ["CELERY_BROKER_URL"] = broker
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://" if broker.startswith("memory") else broker
    os.environ["CACHE_KEY_PREFIX"] = db
    if redis_db is not None:
        os.environ["REDIS_URL"] = redis_url(redis_db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings.local")
    import django

    django.setup()
    from django.conf import settings

    check(settings.DATABASES["default"]["NAME"] == db, "not the bench database")


def redis_url(db: int) -> str:
    base = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def cpu_seconds(pid: int | str = "self") -> float:
    """benchkit.cpu_seconds, 0.0 where /proc cannot be read (the engine benches subtract two)."""
    return benchkit.cpu_seconds(pid) or 0.0


def machine() -> str:
    import platform

    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):  # noqa: SIM115 - read once
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} inti ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, {platform.platform()}"


# --- building ---------------------------------------------------------------------------------------------


def ensure(*, pegawai: int, fresh: bool, db: str = BENCH_DB, builder=None, tanda: str = "") -> dict:
    """The bench database with its data: reused when its fingerprint matches, else built. Returns
    the stored metadata (instansi, user ids, API token, pegawai count). Another data module passes
    its own database, `builder(pegawai) -> meta` and fingerprint suffix (bench/suksesi_data.py)."""
    url = server_url()
    meta = None if fresh else stored_meta(url, db)
    wanted = fingerprint(pegawai) + tanda
    if meta is not None and meta.get("fingerprint") == wanted:
        print(f"Database {db}: dipakai ulang ({meta['fingerprint']}).", flush=True)
        return meta
    started = time.perf_counter()
    print(f"Database {db}: dibuat dari awal …", flush=True)
    recreate_database(url, db=db)
    django_setup(db=db)
    meta = (builder or build)(pegawai)
    meta["fingerprint"] = wanted
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
        cursor.execute("INSERT INTO bench_meta VALUES ('meta', %s)", [json.dumps(meta)])
    connection.close()
    print(f"Database {db} siap dalam {time.perf_counter() - started:.0f} s.", flush=True)
    return meta


def build(n: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from apps.core.roles import Role
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Membership, UnitKerja, Wilayah
    from apps.instansi.services import instansi_create
    from apps.petatalenta.services import aturan_aktif_get

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate {time.perf_counter() - t:.0f} s", flush=True)
    User = get_user_model()
    tenants = {}
    for key, kode, size in (
        ("besar", "62", n),
        ("baseline", "6201", BASELINE_PEGAWAI),
        ("kecil", "6202", KECIL_PEGAWAI),
    ):
        instansi = instansi_create(wilayah=Wilayah.objects.get(kode=kode), actor=None)
        user = User.objects.create_user(username=f"bench-bkd-{kode}", password=PASSWORD)
        Membership.objects.create(user=user, instansi=instansi, role=Role.ADMIN_BKD)
        with instansi_scope(instansi):
            aturan_aktif_get(instansi=instansi)  # the national weighted preset, version 1
            units = _units(instansi, UnitKerja)
        tenants[key] = {"instansi": instansi.pk, "kode": kode, "user": user.pk, "size": size, "units": units}
    from apps.accounts.services import api_token_create

    token = api_token_create(user=User.objects.get(pk=tenants["besar"]["user"]), nama="bench").plaintext

    t = time.perf_counter()
    from import_penilaian import pegawai_generate  # the house generator of realistic pegawai

    specs = pegawai_generate(n, list(range(len(tenants["besar"]["units"]))))
    print(f"  {n:,} pegawai dibangkitkan {time.perf_counter() - t:.0f} s", flush=True)
    with connection.cursor() as cursor:
        try:
            cursor.execute("SET session_replication_role = replica")
        except DatabaseError:  # not a superuser: triggers fire, with pgtrigger.ignore defined
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', false)")
        counts: dict[str, int] = {}
        for key, tenant in tenants.items():
            t = time.perf_counter()
            mine = specs[: tenant["size"]]
            rows = _tenant_rows(tenant, mine)
            for table, model_rows in rows.items():
                counts[table] = counts.get(table, 0) + model_rows
            print(f"  {key}: {len(mine):,} pegawai + portofolio {time.perf_counter() - t:.0f} s", flush=True)
        cursor.execute("SET session_replication_role = DEFAULT")
        t = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")  # autocommit: outside any transaction
        print(f"  analyze {time.perf_counter() - t:.0f} s", flush=True)
    for tenant in tenants.values():
        del tenant["units"]
    return {"tenants": tenants, "token": token, "pegawai": n, "rows": counts}


def _units(instansi, UnitKerja) -> list[int]:
    dinas = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=instansi, kode=f"{i:02d}", nama=f"Perangkat Daerah {i}", jenis="perangkat_daerah")
        for i in range(1, 41)
    )
    bidang = UnitKerja.objects.bulk_create(
        UnitKerja(
            instansi=instansi, kode=f"{d.kode}.{j:02d}", nama=f"Bidang {d.kode}.{j}", jenis="bidang", induk=d
        )
        for d in dinas
        for j in range(1, 5)
    )
    seksi = UnitKerja.objects.bulk_create(
        UnitKerja(
            instansi=instansi, kode=f"{b.kode}.{k:02d}", nama=f"Seksi {b.kode}.{k}", jenis="seksi", induk=b
        )
        for b in bidang
        for k in range(1, 3)
    )
    return [u.pk for u in (*dinas, *bidang, *seksi)]


# --- COPY ----------------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    elif not isinstance(value, str):
        return str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Copier:
    """COPY rows (dicts keyed by attname) into a model's table; unset fields get the model's
    defaults (auto_now fields: now)."""

    def __init__(self, model, now: dt.datetime):
        from django.db import models

        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = []
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults.append(now)
            elif f.has_default():
                self.defaults.append(f.default if not callable(f.default) else f.get_default())
            elif f.null:
                self.defaults.append(None)
            elif isinstance(f, (models.CharField, models.TextField)):
                self.defaults.append("")
            else:
                self.defaults.append(KeyError)
        self.buffer = io.StringIO()
        self.count = 0

    def add(self, row: dict) -> None:
        values = []
        for f, default in zip(self.fields, self.defaults, strict=True):
            value = row.get(f.attname, default)
            if value is KeyError:
                raise KeyError(f"{self.model.__name__}.{f.attname} has no value")
            values.append(_text(value))
        self.buffer.write("\t".join(values))
        self.buffer.write("\n")
        self.count += 1

    def flush(self) -> int:
        from django.db import connection

        if self.count:
            self.buffer.seek(0)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({columns}) FROM STDIN",
                    self.buffer,
                )
        count, self.count, self.buffer = self.count, 0, io.StringIO()
        return count


# --- generated rows ---------------------------------------------------------------------------------------

PREDIKAT_PAIRS = [  # (share, (hasil kerja, perilaku kerja), predikat)
    (0.15, ("di_atas", "di_atas"), "Sangat Baik"),
    (0.56, ("sesuai", "sesuai"), "Baik"),
    (0.08, ("di_atas", "sesuai"), "Baik"),
    (0.06, ("sesuai", "di_atas"), "Baik"),
    (0.085, ("di_bawah", "sesuai"), "Butuh Perbaikan"),
    (0.015, ("di_bawah", "di_atas"), "Butuh Perbaikan"),
    (0.03, ("sesuai", "di_bawah"), "Kurang/Misconduct"),
    (0.01, ("di_atas", "di_bawah"), "Kurang/Misconduct"),
    (0.01, ("di_bawah", "di_bawah"), "Sangat Kurang"),
]
_PREDIKAT_WEIGHTS = [share for share, _pair, _p in PREDIKAT_PAIRS]
JENJANG_NAIK = ["sd", "smp", "sma", "d3", "s1", "s2", "s3"]
DIKLAT = [
    ("struktural", "Pelatihan Kepemimpinan Pengawas", "BPSDM Provinsi", 80),
    ("teknis", "Pelatihan Pengelolaan Keuangan Daerah", "BPSDM Provinsi", 32),
    ("teknis", "Pelatihan Analisis Data", "Pusdiklat BPS", 24),
    ("fungsional", "Pelatihan Fungsional Jenjang", "Instansi Pembina", 40),
    ("seminar", "Seminar Pelayanan Publik", "Ombudsman RI", 8),
    ("teknis", "Pelatihan SIASN", "BKN", 16),
]
STATUS_MIX = ["disetujui"] * 90 + ["diajukan"] * 7 + ["ditolak"] * 3


def _status(rng: random.Random, now: dt.datetime) -> dict:
    status = rng.choice(STATUS_MIX)
    out = {"status": status, "diajukan_pada": now - dt.timedelta(days=rng.randrange(1, 400))}
    if status != "diajukan":
        out["diverifikasi_pada"] = out["diajukan_pada"] + dt.timedelta(days=rng.randrange(0, 20))
    if status == "ditolak":
        out["alasan_penolakan"] = "Dokumen pendukung tidak terbaca."
    return out


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _tenant_rows(tenant: dict, specs: list[dict]) -> dict[str, int]:
    """COPY one instansi's pegawai and everything the engine reads about them. The same spec index
    gets the same portfolio in every instansi (seeded per index), so copies compare exactly."""
    from django.db import connection
    from django.utils import timezone

    from apps.asesmen.models import Asesmen
    from apps.kinerja.models import SKP
    from apps.pegawai.models import (
        HukumanDisiplin,
        Pegawai,
        Penghargaan,
        RiwayatDiklat,
        RiwayatJabatan,
        RiwayatPendidikan,
        SkTimKerja,
    )

    now = timezone.now()
    today = timezone.localdate()
    y = today.year
    instansi_id, units = tenant["instansi"], tenant["units"]
    pegawai = Copier(Pegawai, now)
    for spec in specs:
        pegawai.add({**spec, "unit_kerja_id": units[spec["unit_kerja"]], "instansi_id": instansi_id})
    counts = {"pegawai": pegawai.flush()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT nip, id FROM pegawai_pegawai WHERE instansi_id = %s", [instansi_id])
        ids = dict(cursor.fetchall())

    copiers = {
        name: Copier(model, now)
        for name, model in (
            ("asesmen", Asesmen), ("skp", SKP), ("pendidikan", RiwayatPendidikan), ("jabatan", RiwayatJabatan),
            ("diklat", RiwayatDiklat), ("sk_tim", SkTimKerja), ("penghargaan", Penghargaan),
            ("hukuman", HukumanDisiplin),
        )
    }  # fmt: skip
    for index, spec in enumerate(specs):
        rng = random.Random(index * 7919 + 11)
        base = {"instansi_id": instansi_id, "pegawai_id": ids[spec["nip"]]}
        masuk = max(dt.date(spec["tanggal_lahir"].year + 20, 1, 1), dt.date(1986, 1, 1))
        if spec["status_kepegawaian"] == "cpns":
            masuk = dt.date(y - 1, 3, 1)
        elif spec["status_kepegawaian"] != "pns":
            masuk = max(masuk, dt.date(2019, 1, 1))
        masuk = min(masuk, dt.date(y - 1, 6, 1))

        # asesmen: ~80 %, dated towards recent years; ~15 % of them also an older one
        if rng.random() < 0.80:
            tahun = rng.choices([y - 4, y - 3, y - 2, y - 1, y], weights=[10, 20, 30, 30, 10])[0]
            tanggal = _date(rng, dt.date(tahun, 1, 2), min(dt.date(tahun, 12, 20), today))
            dates = [tanggal]
            if rng.random() < 0.15:
                dates.append(tanggal - dt.timedelta(days=rng.randrange(400, 1200)))
            for i, tanggal in enumerate(dates):
                potensi = min(max(rng.gauss(68, 9), 30), 99)
                aspek = rng.random() < 0.30
                row = {
                    **base, "tanggal": tanggal, "lembaga": "UPT Penilaian Kompetensi BKD Provinsi",
                    "metode": rng.choice(["assessment_center", "assessment_center", "uji_kompetensi", "cact"]),
                    "nilai_potensi": Decimal(f"{potensi:.2f}"),
                    "jpm": Decimal(f"{min(max(rng.gauss(82 - 4 * i, 12), 40), 145):.2f}"),
                    "berlaku_sampai": _plus_years(tanggal, 3), "sumber": "impor",
                }  # fmt: skip
                if aspek:
                    for field, _label in Asesmen.ASPEK:
                        row[field] = Decimal(f"{min(max(rng.gauss(potensi, 8), 20), 100):.2f}")
                copiers["asesmen"].add(row)

        # SKP: annual for the two years the engine reads, quarterly of the current year for some
        for tahun in (y - 2, y - 1):
            if dt.date(tahun, 12, 31) < masuk or rng.random() < 0.02:
                continue
            _share, (hasil, perilaku), predikat = rng.choices(PREDIKAT_PAIRS, weights=_PREDIKAT_WEIGHTS)[0]
            copiers["skp"].add({**base, "tahun": tahun, "periode": "tahunan", "rating_hasil_kerja": hasil,
                                "rating_perilaku_kerja": perilaku, "predikat": predikat, "sumber": "impor"})  # fmt: skip
        if rng.random() < 0.40:
            for tw in ("tw1", "tw2", "tw3")[: max(1, min(3, (today.month - 1) // 3))]:
                _share, (hasil, perilaku), predikat = rng.choices(PREDIKAT_PAIRS, weights=_PREDIKAT_WEIGHTS)[
                    0
                ]
                copiers["skp"].add({**base, "tahun": y, "periode": tw, "rating_hasil_kerja": hasil,
                                    "rating_perilaku_kerja": perilaku, "predikat": predikat, "sumber": "impor"})  # fmt: skip

        # education up to the pegawai's level
        top = (
            JENJANG_NAIK.index(spec["pendidikan_terakhir"])
            if spec["pendidikan_terakhir"] in JENJANG_NAIK
            else 2
        )
        for jenjang in JENJANG_NAIK[max(2, top - rng.randrange(3)) : top + 1] or [
            spec["pendidikan_terakhir"]
        ]:
            lulus = spec["tanggal_lahir"].year + {
                "sma": 18,
                "d3": 21,
                "d4": 22,
                "s1": 22,
                "s2": 26,
                "s3": 31,
            }.get(jenjang, 18)
            copiers["pendidikan"].add({**base, **_status(rng, now), "jenjang": jenjang, "jurusan": "Administrasi Publik",
                                       "institusi": "Universitas Palangka Raya", "tahun_lulus": min(lulus, y)})  # fmt: skip

        # consecutive posts since joining, the last one still running
        if spec.get("karier"):  # a career up the levels to the current post (bench/suksesi_data.py)
            for post in karier_rows(rng, spec["karier"], masuk, today):
                copiers["jabatan"].add({**base, **_status(rng, now), **post,
                                        "unit": "Pemerintah Provinsi Kalimantan Tengah"})  # fmt: skip
        posts = 0 if spec.get("karier") else rng.randint(1, 4)
        mulai = masuk
        for i in range(posts):
            selesai = (
                None
                if i == posts - 1
                else _date(rng, mulai + dt.timedelta(days=200), mulai + dt.timedelta(days=2500))
            )
            if selesai is not None and selesai >= today:
                selesai = None
            copiers["jabatan"].add({**base, **_status(rng, now), "jenis_jabatan": spec["jenis_jabatan"],
                                    "nama_jabatan": spec["nama_jabatan"], "unit": "Pemerintah Provinsi Kalimantan Tengah",
                                    "tmt_mulai": mulai, "tmt_selesai": selesai})  # fmt: skip
            if selesai is None:
                break
            mulai = selesai + dt.timedelta(days=1)

        for _ in range(rng.choices(range(9), weights=[8, 14, 18, 18, 14, 10, 8, 6, 4])[0]):
            jenis, nama, penyelenggara, jp = rng.choice(DIKLAT)
            selesai = _date(rng, max(masuk, dt.date(y - 5, 1, 1)), today)
            copiers["diklat"].add({**base, **_status(rng, now), "jenis": jenis, "nama": nama, "penyelenggara": penyelenggara,
                                   "tanggal_mulai": selesai - dt.timedelta(days=jp // 8), "tanggal_selesai": selesai,
                                   "jam_pelajaran": jp})  # fmt: skip
        for _ in range(rng.choices(range(7), weights=[25, 25, 20, 12, 8, 6, 4])[0]):
            copiers["sk_tim"].add({**base, **_status(rng, now), "nama_tim": "Tim Percepatan Reformasi Birokrasi",
                                   "peran": rng.choice(["Ketua", "Sekretaris", "Anggota", "Anggota", "Anggota"]),
                                   "nomor_sk": f"800/{rng.randrange(1, 999)}/BKD",
                                   "tanggal_sk": _date(rng, max(masuk, dt.date(y - 4, 1, 1)), today)})  # fmt: skip
        masa = (today - masuk).days // 365
        if masa >= 10 and rng.random() < 0.6:
            jenis = "satyalencana_xx" if masa >= 20 else "satyalencana_x"
            copiers["penghargaan"].add({**base, **_status(rng, now), "jenis": jenis, "pemberi": "Presiden RI",
                                        "tanggal": _date(rng, dt.date(y - 8, 8, 17), today)})  # fmt: skip
        if rng.random() < 0.08:
            copiers["penghargaan"].add({**base, **_status(rng, now), "jenis": "lainnya", "nama": "Pegawai Teladan",
                                        "pemberi": "Gubernur", "tanggal": _date(rng, dt.date(y - 6, 1, 1), today)})  # fmt: skip
        if rng.random() < 0.025:
            tingkat = rng.choices(["ringan", "sedang", "berat"], weights=[60, 30, 10])[0]
            mulai = _date(rng, dt.date(y - 6, 1, 1), today)
            selesai = (
                None
                if tingkat == "berat" and rng.random() < 0.3
                else mulai + dt.timedelta(days=rng.choice([180, 365]))
            )
            copiers["hukuman"].add({**base, "status": "disetujui", "diverifikasi_pada": now, "tingkat": tingkat,
                                    "jenis_hukuman": "Teguran tertulis" if tingkat == "ringan" else "Penurunan jabatan",
                                    "nomor_sk": f"862/{rng.randrange(1, 999)}/BKD", "tmt_mulai": mulai,
                                    "tmt_selesai": selesai})  # fmt: skip
        if index % 20_000 == 19_999:
            for name, copier in copiers.items():
                counts[name] = counts.get(name, 0) + copier.flush()
    for name, copier in copiers.items():
        counts[name] = counts.get(name, 0) + copier.flush()
    return counts


def karier_rows(rng: random.Random, karier: list, masuk: dt.date, today: dt.date) -> list[dict]:
    """Consecutive posts, one per step of `karier` ([(jenis_jabatan, jenjang_fungsional,
    nama_jabatan), …], lowest first, the last one the current post), laid out backwards from
    today: the current post began 0.3–9 years ago, each earlier one lasted 1–8 years; steps that
    do not fit after `masuk` are left out (the earliest kept post then starts at `masuk`)."""
    rows, selesai = [], None
    mulai_paling_awal = masuk
    for i, (jenis, jenjang, nama) in enumerate(reversed(karier)):
        lama = rng.uniform(0.3, 9.0) if i == 0 else rng.uniform(1.0, 8.0)
        akhir = selesai or today
        mulai = akhir - dt.timedelta(days=int(lama * 365.25))
        last = mulai <= mulai_paling_awal
        mulai = max(mulai, mulai_paling_awal)
        rows.append({"jenis_jabatan": jenis, "jenjang_fungsional": jenjang, "nama_jabatan": nama,
                     "tmt_mulai": mulai, "tmt_selesai": selesai})  # fmt: skip
        if last:
            break
        selesai = mulai - dt.timedelta(days=1)
    return rows[::-1]


def _plus_years(tanggal: dt.date, years: int) -> dt.date:
    try:
        return tanggal.replace(year=tanggal.year + years)
    except ValueError:
        return tanggal.replace(year=tanggal.year + years, day=28)


# --- state helpers shared by the benchmarks -----------------------------------------------------------------


def penempatan_reset(instansi_ids: list[int]) -> None:
    """Back to "never computed": no placements, no history, no jobs, only rule-set version 1 (the
    preset), not yet used. History rows are append-only (a trigger refuses DELETE): TRUNCATE is
    the maintenance path, and the bench database is the only one it touches."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE petatalenta_penempatan, petatalenta_riwayatpenempatan, petatalenta_hitungulang"
        )
        cursor.execute(
            "DELETE FROM petatalenta_aturantalenta WHERE versi > 1 AND instansi_id = ANY(%s)", [instansi_ids]
        )
        cursor.execute(
            "UPDATE petatalenta_aturantalenta SET status = 'aktif', digunakan = false WHERE instansi_id = ANY(%s)",
            [instansi_ids],
        )


def checkpoint() -> None:
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        print(f"  (CHECKPOINT dilewati: {str(error).strip()})", flush=True)
