"""Data of the national-page benchmark (bench/nasional_pages.py): every autonomous region's
government as a tenant and its summary rows (`nasional.RingkasanInstansi`) for 5 periods.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/nasional_data.py \\
        [--db talenta_bench_nasional] [--instansi 546] [--drop]

* Instansi: the 38 provinces and the 508 autonomous kabupaten/kota of the Wilayah table (loaded by
  migration from the Kemendagri list; DKI's administrative kota/kabupaten are not tenants), each
  created through `instansi_create` with its real Kemendagri code. `--instansi 20` builds the
  baseline instead: Kalimantan Tengah (62, its 14 kab/kota) and Kalimantan Barat (61, four of its
  kab/kota) — the same province and instansi pages exist in both.
* Sizes: a province government ~N(median 9,000), a kab/kota ~lognormal(median 6,300), a few
  large cities and provinces bigger, scaled so the 546 sum to 4,200,000 active pegawai (a share of
  the total for a smaller set).
* Summary rows for the periods Y-4 .. Y (Y = the current period), written with one bulk insert
  per database. The figures are consistent by construction, as a refresh would write them: the
  status and jenis-jabatan breakdowns sum to the pegawai count; final + perlu data + belum dihitung
  = pegawai; the box counts sum to the final placements; KRS = boxes 7–9, KRS Nasional = box 9;
  the three coverage triples and the completeness buckets each sum to the pegawai count; per
  fairness dimension the groups' n, pool and box counts sum to the totals. Adoption grows over
  the periods: each instansi starts using the talent map in some year (or not yet), and its final
  share, coverage, stage and KTI score rise from then on.
* A BKN user `bench-bkn` (password "bench-password-123") and an operator `bench-operator`.

Deterministic (seeded): the same command gives the same rows. The database is created from a
migrated template (`<db>_tmpl`, kept until --drop) so the 546 and the 20 builds migrate once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import benchkit

BENCH_DB = "talenta_bench_nasional"
TOTAL_PEGAWAI = 4_200_000
PERIODE_JUMLAH = 5
PASSWORD = "bench-password-123"  # noqa: S105 - the throwaway bench database's logins
BASELINE_KODE = ["62", *[f"62{n:02d}" for n in range(1, 14)], "6271", "61", "6101", "6102", "6103", "6171"]
SEED = 20261207

# Shares of the whole (the 2025 BKN statistics rounded: PPPK grew fast since 2022).
STATUS_MIX = {"pns": 0.66, "cpns": 0.03, "pppk": 0.26, "pppk_paruh_waktu": 0.05}
JABATAN_MIX = {
    "jpt_pratama": 0.004,
    "administrator": 0.012,
    "pengawas": 0.035,
    "fungsional": 0.58,
    "pelaksana": 0.369,
}
KOTAK_MIX = [0.02, 0.06, 0.13, 0.08, 0.31, 0.12, 0.09, 0.12, 0.07]  # boxes 1..9
USIA_MIX = {"<30": 0.12, "30-39": 0.27, "40-49": 0.31, "50+": 0.30}
PENDIDIKAN_MIX = {"sma_ke_bawah": 0.17, "diploma": 0.12, "sarjana": 0.56, "s2": 0.14, "s3": 0.01}
KELAMIN_MIX = {"L": 0.46, "P": 0.54}
# How a group's share of the top boxes differs from its share of all (fairness lenses have
# something to find): >1 means over-represented in boxes 7–9.
CONDONG = {
    "jenis_kelamin": {"L": 1.08, "P": 0.93},
    "usia": {"<30": 0.7, "30-39": 1.05, "40-49": 1.12, "50+": 0.95},
    "pendidikan": {"sma_ke_bawah": 0.55, "diploma": 0.8, "sarjana": 1.0, "s2": 1.45, "s3": 1.7},
    "jenis_jabatan": {
        "jpt_pratama": 1.6,
        "administrator": 1.5,
        "pengawas": 1.3,
        "fungsional": 1.05,
        "pelaksana": 0.8,
    },
}
PERAN = ("admin_bkd", "verifikator", "komite_ketua", "komite_sekretaris", "komite_anggota", "ppk", "asn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", default=BENCH_DB)
    parser.add_argument("--instansi", type=int, default=546, help="546 (all) or 20 (the baseline)")
    parser.add_argument("--drop", action="store_true", help="drop the database and its template, then stop")
    args = parser.parse_args()
    if args.drop:
        drop(args.db)
        return
    started = time.perf_counter()
    meta = build(db=args.db, jumlah=args.instansi, template_db=f"{args.db}_tmpl")
    print(f"{args.db}: {meta['instansi']} instansi, {meta['pegawai']:,} pegawai, {meta['baris']} baris "
          f"ringkasan dalam {time.perf_counter() - started:.0f} s")  # fmt: skip


def drop(db: str) -> None:
    url = benchkit.server_url()
    for name in (db, f"{db}_tmpl"):
        benchkit.recreate_database(url, name, drop_only=True)


def template(name: str) -> str:
    """A migrated empty database to copy (migrating for the 546 and again for the 20 would
    dominate the run); kept until --drop."""
    import psycopg2

    url = benchkit.server_url()
    connection = psycopg2.connect(benchkit.with_database(url, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone() is not None
    finally:
        connection.close()
    if not exists:
        import subprocess

        benchkit.recreate_database(url, name)
        t = time.perf_counter()
        env = {**__import__("os").environ, "DATABASE_URL": benchkit.with_database(url, name)}
        env.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings.local")
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, str(benchkit.PROJECT_DIR / "manage.py"), "migrate", "--verbosity", "0"],
            env=env,
            check=True,
        )
        print(f"  template {name} dimigrasi dalam {time.perf_counter() - t:.0f} s", flush=True)
    return name


def copy_database(db: str, source: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(benchkit.with_database(benchkit.server_url(), "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(db), sql.Identifier(source))
            )
    finally:
        connection.close()


def build(*, db: str, jumlah: int, template_db: str) -> dict:
    """Create `db` from the migrated template and fill it. Django must not be set up yet in this
    process (or already on `db`): bench/nasional_pages.py builds each database in a child process."""
    copy_database(db, template(template_db))
    django_setup(db)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from apps.core.roles import Role
    from apps.instansi.models import Membership, Wilayah
    from apps.instansi.services import instansi_create

    wilayah = list(
        Wilayah.objects.filter(jenis__in=["provinsi", "kabupaten", "kota"])
        .select_related("induk")
        .order_by("kode")
    )
    benchkit.check(len(wilayah) == 546, f"the Wilayah table has {len(wilayah)} autonomous regions, not 546")
    semua = sizes(wilayah)  # the baseline keeps the sizes its instansi have in the national set
    if jumlah != 546:
        benchkit.check(jumlah == len(BASELINE_KODE), f"--instansi is 546 or {len(BASELINE_KODE)}")
        wilayah = [w for w in wilayah if w.kode in BASELINE_KODE]
    ukuran = {w.kode: semua[w.kode] for w in wilayah}
    t = time.perf_counter()
    instansi = [instansi_create(wilayah=w, actor=None) for w in wilayah]
    print(f"  {len(instansi)} instansi dibuat {time.perf_counter() - t:.1f} s", flush=True)
    User = get_user_model()
    bkn = User.objects.create_user(
        username="bench-bkn", password=PASSWORD, first_name="BKN", last_name="Pusat"
    )
    Membership.objects.create(user=bkn, instansi=None, role=Role.BKN)
    operator = User.objects.create_user(
        username="bench-operator", password=PASSWORD, is_superuser=True, is_staff=True
    )

    t = time.perf_counter()
    rows = summary_rows(instansi, ukuran)
    from apps.core.tenancy import scopes_disabled
    from apps.nasional.models import RingkasanInstansi

    for row in rows:
        periksa(row)
    with scopes_disabled():
        RingkasanInstansi.objects.bulk_create(rows, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {len(rows)} baris ringkasan ditulis {time.perf_counter() - t:.1f} s", flush=True)
    connection.close()
    return {
        "instansi": len(instansi),
        "pegawai": sum(ukuran.values()),
        "baris": len(rows),
        "bkn": bkn.pk,
        "operator": operator.pk,
    }


def django_setup(db: str) -> None:
    import os

    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DATABASE_URL"] = benchkit.with_database(benchkit.server_url(), db)
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    os.environ["CACHE_KEY_PREFIX"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings.local")
    import django

    django.setup()
    from django.conf import settings

    benchkit.check(settings.DATABASES["default"]["NAME"] == db, "not the bench database")


# --- figures ----------------------------------------------------------------------------------------------


def sizes(wilayah) -> dict[str, int]:
    """Active pegawai per instansi, summing to TOTAL_PEGAWAI over the 546 (seeded per code)."""
    raw = {}
    for w in wilayah:
        rng = random.Random(f"{SEED}:ukuran:{w.kode}")
        if w.jenis == "provinsi":
            value = rng.lognormvariate(math.log(9_000), 0.55)
            if w.kode in ("31", "32", "33", "35"):  # DKI, Jabar, Jateng, Jatim: far larger
                value *= 3.5
        elif w.jenis == "kota":
            value = rng.lognormvariate(math.log(5_000), 0.5)
            if w.kode in ("3171", "3172", "3173", "3174", "3175", "3578", "3273", "1271", "7371", "3374"):
                value *= 2.5  # the metropolitan cities
        else:
            value = rng.lognormvariate(math.log(6_500), 0.5)
        raw[w.kode] = max(value, 900.0)
    scale = TOTAL_PEGAWAI / sum(raw.values())
    out = {kode: round(v * scale) for kode, v in raw.items()}
    first = next(iter(out))
    out[first] += TOTAL_PEGAWAI - sum(out.values())
    return out


def bagi(total: int, weights: dict | list, rng: random.Random, jitter: float = 0.08) -> list[int]:
    """`total` split in integer parts proportional to `weights` (each jittered by ±jitter),
    exactly summing to `total` (largest remainder)."""
    values = list(weights.values()) if isinstance(weights, dict) else list(weights)
    w = [max(v * (1 + rng.uniform(-jitter, jitter)), 0.0) for v in values]
    s = sum(w) or 1.0
    exact = [total * v / s for v in w]
    parts = [int(e) for e in exact]
    rest = total - sum(parts)
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)[:rest]:
        parts[i] += 1
    return parts


def summary_rows(instansi, ukuran: dict[str, int]) -> list:
    from django.utils import timezone

    from apps.petatalenta.periode import periode_sekarang

    y = periode_sekarang()
    now = timezone.now()
    rows = []
    for inst in instansi:
        rng = random.Random(f"{SEED}:{inst.kode}")
        n_now = ukuran[inst.kode]
        # The year the instansi started using the talent map; None: not yet.
        mulai = rng.choices([y - 4, y - 3, y - 2, y - 1, y, None], weights=[8, 14, 22, 24, 18, 14])[0]
        for periode in range(y - PERIODE_JUMLAH + 1, y + 1):
            rows.append(ringkasan(inst, periode, y, n_now, mulai, rng, now))
    return rows


def ringkasan(inst, periode: int, y: int, n_now: int, mulai: int | None, rng: random.Random, now):
    from apps.nasional.models import RingkasanInstansi

    lalu = y - periode
    n = round(n_now * (1 - 0.035 * lalu) * rng.uniform(0.99, 1.01))  # PPPK hiring grew the workforce
    tahun = -1 if mulai is None or periode < mulai else periode - mulai  # years of use, -1 = none
    status = dict(
        zip(
            STATUS_MIX,
            bagi(n, {**STATUS_MIX, "pppk": STATUS_MIX["pppk"] * (1 - 0.18 * lalu)}, rng),
            strict=True,
        )
    )
    jabatan_w = dict(JABATAN_MIX)
    if inst.jenis == "pemprov":
        jabatan_w["jpt_madya"] = 1 / max(n, 1)
    jabatan = dict(zip(jabatan_w, bagi(n, jabatan_w, rng, jitter=0.15), strict=True))

    final_share = 0.0 if tahun < 0 else min(0.35 + 0.17 * tahun, 0.93) * rng.uniform(0.9, 1.05)
    final = min(n, round(n * final_share))
    perlu_data = 0 if tahun < 0 else round((n - final) * rng.uniform(0.4, 0.8))
    belum = n - final - perlu_data
    kotak = bagi(final, KOTAK_MIX, rng, jitter=0.2)
    kotak_d = {str(i + 1): k for i, k in enumerate(kotak)}
    krs = sum(kotak[6:9])
    krs_nasional = kotak[8]
    ditetapkan, tanggal = {}, None
    if tahun >= 1 and rng.random() < 0.65:
        # The PPK's penetapan moves a few pegawai between neighbouring boxes.
        ditetapkan = dict(kotak_d)
        for _ in range(3):
            a, b = rng.sample(range(1, 10), 2)
            pindah = min(ditetapkan[str(a)], rng.randint(0, 3))
            ditetapkan[str(a)] -= pindah
            ditetapkan[str(b)] += pindah
        tanggal = dt.date(periode, rng.randint(3, 11), rng.randint(1, 28))
        if tanggal > now.date():
            tanggal = now.date() - dt.timedelta(days=rng.randint(1, 30))

    rata = min(96.0, 52 + 9 * max(tahun, 0) + rng.uniform(-6, 6))
    spread = {"0-49": max(0.02, (80 - rata) / 100), "50-74": 0.3, "75-99": max(0.1, (rata - 40) / 100),
              "100": max(0.02, (rata - 70) / 60)}  # fmt: skip
    kelengkapan = dict(zip(spread, bagi(n, spread, rng), strict=True))

    a_valid = min(0.9, 0.22 + 0.14 * max(tahun, 0) + rng.uniform(-0.05, 0.05))
    a_exp = rng.uniform(0.05, 0.15)
    asesmen = bagi(n, [a_valid, a_exp, max(0.0, 1 - a_valid - a_exp)], rng, jitter=0)
    s_valid = rng.uniform(0.82, 0.95) if lalu < 4 else rng.uniform(0.6, 0.8)
    skp = bagi(n, [s_valid, 0.04, max(0.0, 1 - s_valid - 0.04)], rng, jitter=0)

    kunci = (
        jabatan.get("jpt_pratama", 0) + jabatan.get("jpt_madya", 0) + round(jabatan["administrator"] * 0.6)
    )
    kunci = kunci if tahun >= 0 else 0
    berisiko = round(kunci * rng.uniform(0.15, 0.45))
    siap = round(kunci * min(0.85, 0.2 + 0.12 * max(tahun, 0)))
    bench = Decimal(f"{rng.uniform(0.6, 2.2):.2f}") if kunci else None

    tahap = 0 if tahun < 0 else min(5, 1 + tahun + (rng.random() < 0.3))
    kti = 0 if tahun < 0 else min(4, tahun + (rng.random() < 0.4))
    rincian = {
        str(t): {
            "tercapai": t <= tahap,
            "sumber": "sistem" if t in (3, 5) else "deklarasi" if t <= tahap else "belum",
        }
        for t in range(1, 6)
    }

    pengguna = bagi(max(7, round(n * 0.12 * min(1.0, 0.3 + 0.2 * max(tahun, 0)))),
                    [1, 2, 1, 1, 4, 1, 100], rng)  # fmt: skip
    pd = rng.randint(28, 46)
    diperbarui = (
        now - dt.timedelta(minutes=rng.randint(1, 600))
        if periode == y
        else (dt.datetime(periode, 12, 31, 23, 0, tzinfo=dt.UTC))
    )
    return RingkasanInstansi(
        instansi=inst,
        periode=periode,
        jumlah_pengguna=sum(pengguna),
        pengguna_per_peran=dict(zip(PERAN, pengguna, strict=True)),
        jumlah_perangkat_daerah=pd,
        jumlah_unit_kerja=pd * rng.randint(8, 14),
        jumlah_pegawai=n,
        pegawai_per_status=status,
        pegawai_per_jenis_jabatan=jabatan,
        kotak_dihitung=kotak_d if final else {},
        jumlah_final=final,
        jumlah_perlu_data=perlu_data,
        jumlah_belum_dihitung=belum,
        jumlah_krs=krs,
        jumlah_krs_nasional=krs_nasional,
        kotak_ditetapkan=ditetapkan,
        penetapan_tanggal=tanggal,
        kelengkapan_rata=Decimal(f"{rata:.2f}"),
        kelengkapan_sebaran=kelengkapan,
        asesmen_valid=asesmen[0],
        asesmen_kedaluwarsa=asesmen[1],
        asesmen_tidak_ada=asesmen[2],
        skp_valid=skp[0],
        skp_kedaluwarsa=skp[1],
        skp_tidak_ada=skp[2],
        jabatan_kunci=kunci,
        jabatan_kunci_berisiko=berisiko,
        jabatan_kunci_siap=siap,
        kekuatan_bench_rata=bench,
        idp_jumlah=None,
        tahap_implementasi=tahap,
        skor_kti=kti,
        tahap_rincian=rincian,
        kelompok=kelompok(kotak, jabatan, rng) if final else {},
        diperbarui_pada=diperbarui,
    )


def periksa(row) -> None:
    """The invariants a refresh guarantees, checked on every generated row."""
    n = row.jumlah_pegawai
    where = f"{row.instansi.kode}/{row.periode}"
    benchkit.check(sum(row.pegawai_per_status.values()) == n, f"status {where}")
    benchkit.check(sum(row.pegawai_per_jenis_jabatan.values()) == n, f"jenis jabatan {where}")
    benchkit.check(
        row.jumlah_final + row.jumlah_perlu_data + row.jumlah_belum_dihitung == n, f"status {where}"
    )
    benchkit.check(sum(row.kotak_dihitung.values()) == row.jumlah_final, f"kotak {where}")
    benchkit.check(
        row.jumlah_krs == sum(row.kotak_dihitung.get(k, 0) for k in "789")
        and row.jumlah_krs_nasional == row.kotak_dihitung.get("9", 0),
        f"krs {where}",
    )
    benchkit.check(not row.kotak_ditetapkan or sum(row.kotak_ditetapkan.values()) == row.jumlah_final, where)
    benchkit.check(sum(row.kelengkapan_sebaran.values()) == n, f"kelengkapan {where}")
    benchkit.check(
        row.asesmen_valid + row.asesmen_kedaluwarsa + row.asesmen_tidak_ada == n, f"asesmen {where}"
    )
    benchkit.check(row.skp_valid + row.skp_kedaluwarsa + row.skp_tidak_ada == n, f"skp {where}")
    benchkit.check(
        row.jabatan_kunci_berisiko <= row.jabatan_kunci >= row.jabatan_kunci_siap, f"kunci {where}"
    )
    for dimensi, groups in row.kelompok.items():
        benchkit.check(sum(g["n"] for g in groups.values()) == row.jumlah_final, f"{dimensi} n {where}")
        benchkit.check(sum(g["pool"] for g in groups.values()) == row.jumlah_krs, f"{dimensi} pool {where}")
        for box in row.kotak_dihitung:
            total = sum(g["kotak"][box] for g in groups.values())
            benchkit.check(total == row.kotak_dihitung[box], f"{dimensi} kotak {where}")


def kelompok(kotak: list[int], jabatan: dict[str, int], rng: random.Random) -> dict:
    """{dimensi: {kelompok: {"n", "pool", "kotak"}}}: each box's count split across the groups of
    a dimension (top boxes leaning as CONDONG says), so every sum matches the totals."""
    out = {}
    mixes = {
        "jenis_kelamin": KELAMIN_MIX,
        "usia": USIA_MIX,
        "pendidikan": PENDIDIKAN_MIX,
        "jenis_jabatan": {k: v for k, v in jabatan.items() if v},
    }
    for dimensi, mix in mixes.items():
        groups = {g: {"n": 0, "pool": 0, "kotak": {str(b): 0 for b in range(1, 10)}} for g in mix}
        for index, count in enumerate(kotak):
            box = index + 1
            lean = {g: w * (CONDONG[dimensi].get(g, 1.0) if box >= 7 else 1.0) for g, w in mix.items()}
            for g, part in zip(lean, bagi(count, lean, rng, jitter=0.1), strict=True):
                groups[g]["kotak"][str(box)] += part
                groups[g]["n"] += part
                if box >= 7:
                    groups[g]["pool"] += part
        out[dimensi] = groups
    return out


if __name__ == "__main__":
    main()
