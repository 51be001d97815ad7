"""Data of the load benchmark (bench/load_run.py): the demo, made realistic in size.

One database (default `talenta_bench_load`, `--db` in bench/load_run.py), kept and reused while the
fingerprint stored in it matches (bench/engine_data.py's mechanism); `--fresh` rebuilds it. Built in
a few minutes:

* `seed_demo` (the five Kalimantan tenants, one login per role, 150 demo pegawai each with
  portfolios in every verification state, asesmen, SKP, placements, key posts, the Komite's
  sessions, national summaries): every page of every journey has its real content;
* N more pegawai (default 20,000) in the demo's first instansi (Kota Palangka Raya, the one that
  carries every role), written with bench/engine_data.py's generator and COPY writer: asesmen, two
  years of annual SKP, quarterly SKP, education, posts, diklat, SK tim, awards, hukuman, ~90 % of the
  portfolio verified, the rest waiting in the verifier's queue;
* that instansi's placements recomputed by the real engine (every active pegawai), its key posts'
  candidates recomputed, its national summary refreshed;
* the other 541 autonomous regions as tenants with five periods of summary rows
  (bench/nasional_data.py's generator), so BKN's national, province and instansi rollups read a
  realistic 546-instansi table;
* ASN accounts `load.asn.0001` … (default 400), each linked to one of the generated pegawai, with
  the demo password: every simulated ASN signs in as a different person. The other roles use the
  demo's accounts (several sessions each), see bench/load/locustfile.py.

Rows are written under `session_replication_role = replica` (no row-history triggers), as in
bench/engine_data.py.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_data as data

DB = "talenta_bench_load"
VERSION = 1
KODE_UTAMA = "6271"  # Kota Palangka Raya: the demo instansi with every role
ASN_PREFIX = "load.asn."


def ensure(*, pegawai: int, asn: int, fresh: bool, db: str = DB) -> dict:
    return data.ensure(
        pegawai=pegawai,
        fresh=fresh,
        db=db,
        builder=lambda n: build(n, asn=asn),
        tanda=f":load{VERSION}:asn{asn}",
    )


def build(n: int, *, asn: int) -> dict:
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from apps.core.roles import Role
    from apps.core.tenancy import instansi_scope, scopes_disabled
    from apps.demo.instansi import DEMO_PASSWORD
    from apps.instansi.models import Instansi, Membership, UnitKerja, Wilayah
    from apps.instansi.services import instansi_create
    from apps.nasional.services import ringkasan_refresh
    from apps.pegawai.models import Pegawai
    from apps.petatalenta.periode import periode_sekarang
    from apps.petatalenta.services import penempatan_flush, penempatan_mark_all_dirty
    from apps.suksesi.services import status_suksesi_mark_dirty, suksesi_flush

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    # The demo's own Celery messages (flushes after each layer) go to the in-process broker
    # (engine_data.django_setup): the seed computes what it needs inline.
    call_command("seed_demo", verbosity=0)
    print(f"  seed_demo {time.perf_counter() - t:.0f} s", flush=True)

    utama = Instansi.objects.get(kode=KODE_UTAMA)
    with instansi_scope(utama):
        units = list(UnitKerja.objects.filter(instansi=utama).order_by("kode").values_list("pk", flat=True))
        existing = set(Pegawai.objects.filter(instansi=utama).values_list("nip", flat=True))
    t = time.perf_counter()
    from import_penilaian import pegawai_generate  # the house generator of realistic pegawai

    specs = [s for s in pegawai_generate(n, list(range(len(units))), seed=2027) if s["nip"] not in existing]
    print(f"  {len(specs):,} pegawai dibangkitkan {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        try:
            cursor.execute("SET session_replication_role = replica")
        except DatabaseError:  # not a superuser: triggers fire, with pgtrigger.ignore defined
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', false)")
        counts = data._tenant_rows({"instansi": utama.pk, "units": units}, specs)
        cursor.execute("SET session_replication_role = DEFAULT")
    print(f"  {len(specs):,} pegawai + portofolio ditulis {time.perf_counter() - t:.0f} s", flush=True)

    # ASN accounts, one per simulated ASN: one password hash for all (hashing 400 would take a minute).
    t = time.perf_counter()
    User = get_user_model()
    hashed = make_password(DEMO_PASSWORD)
    nips = [s["nip"] for s in specs[:asn]]
    users = User.objects.bulk_create(
        User(
            username=f"{ASN_PREFIX}{i:04d}",
            password=hashed,
            first_name="ASN",
            last_name=f"Beban {i}",
            nip=nip,
        )
        for i, nip in enumerate(nips, start=1)
    )
    Membership.objects.bulk_create(Membership(user=u, instansi=utama, role=Role.ASN) for u in users)
    with instansi_scope(utama):
        for user in users:
            Pegawai.objects.filter(instansi=utama, nip=user.nip).update(user=user)
    print(f"  {len(users)} akun ASN {time.perf_counter() - t:.0f} s", flush=True)

    # The engine's placements, the key posts' candidates and the summary, as the worker would.
    periode = periode_sekarang()
    with instansi_scope(utama):
        t = time.perf_counter()
        with mock.patch("apps.petatalenta.services.penempatan_flush_schedule", return_value=False):
            penempatan_mark_all_dirty(instansi=utama, penyebab="bench.beban.siapkan")
        flushed = penempatan_flush(instansi=utama, periode=periode)
        print(f"  penempatan {flushed.diproses:,} dihitung {time.perf_counter() - t:.0f} s", flush=True)
        t = time.perf_counter()
        with mock.patch("apps.suksesi.services.suksesi_flush_schedule", return_value=False):
            status_suksesi_mark_dirty(instansi_id=utama.pk, jabatan_kunci_ids=None, penyebab="bench.beban")
        suksesi_flush(instansi=utama)
        ringkasan_refresh(instansi=utama)
        print(f"  suksesi + ringkasan {time.perf_counter() - t:.0f} s", flush=True)

    # The rest of the country for BKN's rollups.
    t = time.perf_counter()
    import nasional_data

    punya = set(Instansi.objects.values_list("wilayah__kode", flat=True))
    wilayah = list(
        Wilayah.objects.filter(jenis__in=["provinsi", "kabupaten", "kota"])
        .select_related("induk")
        .order_by("kode")
    )
    ukuran = nasional_data.sizes(wilayah)
    lain = [instansi_create(wilayah=w, actor=None) for w in wilayah if w.kode not in punya]
    rows = nasional_data.summary_rows(lain, ukuran)
    from apps.nasional.models import RingkasanInstansi

    with scopes_disabled():
        RingkasanInstansi.objects.bulk_create(rows, batch_size=500)
    print(
        f"  {len(lain)} instansi lain, {len(rows)} baris ringkasan {time.perf_counter() - t:.0f} s",
        flush=True,
    )

    with connection.cursor() as cursor:
        t = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        print(f"  analyze {time.perf_counter() - t:.0f} s", flush=True)
    random.seed(0)
    return {"instansi": utama.pk, "kode": KODE_UTAMA, "pegawai": n, "asn": len(users), "rows": counts}
