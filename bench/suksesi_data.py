"""Data of the succession benchmark (bench/suksesi.py): one instansi of 100,000 pegawai with 300
key posts, in its own database `talenta_bench_suksesi` (kept and reused while its fingerprint
matches; --fresh rebuilds it).

Built on bench/engine_data.py (the same COPY writer, pegawai generator and portfolio: asesmen, two
years of annual SKP, verified and unverified riwayat, hukuman for ~2.5 %), with what succession
needs on top:
* a realistic jabatan distribution: 40 JPT Pratama (one per perangkat daerah), 400 Administrator
  (Sekretaris and Kepala Bidang of every perangkat daerah, then other posts), 2,500 Pengawas,
  fungsional with their jenjang (Ahli Pertama 42 %, Muda 36 %, Madya 20 %, Utama 2 %; keterampilan
  Pemula to Penyelia), the rest pelaksana; structural posts go to older PNS with the education
  they need;
* each pegawai's riwayat jabatan is a career up the levels to the current post (with the
  jenjang of fungsional posts), laid out backwards from today (engine_data.karier_rows), ~90 %
  verified like the rest of the portfolio;
* per-competency levels (AsesmenKompetensi, nine manajerial and sosial-kultural competencies) for
  about half of the Assessment Center asesmen;
* current-period placements computed by the real talent engine, under a rule-set version with
  cut-offs fitted to this data (TALENT_BATAS): ~11 % of the pegawai land in the KRS boxes 7–9;
* 300 key posts: 40 JPT Pratama (Kepala Dinas), 200 Administrator (Sekretaris, Kepala Bidang), 60
  fungsional (50 Ahli Madya, 10 Ahli Utama), each with a competency standard, half of the JPT
  posts with a minimum golongan; every eighth post vacant, the others held by a pegawai of that
  level (their BUP follows from their birth date);
* an Admin BKD and a Komite (ketua) user, password engine_data.PASSWORD.

No succession result is stored: the benchmark computes them.
"""

from __future__ import annotations

import os
import random
import time

import engine_data as data

# TALENTA_BENCH_SUKSESI_DB: another database name (two checkouts measuring on one server).
DB = os.environ.get("TALENTA_BENCH_SUKSESI_DB", "talenta_bench_suksesi")
# Of this module's additions and of the succession tables' shape (3: KandidatDasar);
# engine_data's generator version is in the fingerprint too.
VERSION = 3

KOMPETENSI = [
    ("Integritas", "manajerial"),
    ("Kerja Sama", "manajerial"),
    ("Komunikasi", "manajerial"),
    ("Orientasi pada Hasil", "manajerial"),
    ("Pelayanan Publik", "manajerial"),
    ("Pengembangan Diri dan Orang Lain", "manajerial"),
    ("Mengelola Perubahan", "manajerial"),
    ("Pengambilan Keputusan", "manajerial"),
    ("Perekat Bangsa", "sosial_kultural"),
]
JUMLAH = {"jpt_pratama": 40, "administrator": 400, "pengawas": 2_500}
JENJANG_AHLI = {"ahli_pertama": 0.42, "ahli_muda": 0.36, "ahli_madya": 0.20, "ahli_utama": 0.02}
JENJANG_TERAMPIL = {"pemula": 0.10, "terampil": 0.40, "mahir": 0.30, "penyelia": 0.20}
LABEL_JENJANG = {
    "ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda", "ahli_madya": "Ahli Madya",
    "ahli_utama": "Ahli Utama", "pemula": "Pemula", "terampil": "Terampil", "mahir": "Mahir",
    "penyelia": "Penyelia",
}  # fmt: skip
FUNGSIONAL_AHLI = ["Analis Kebijakan", "Perencana", "Auditor", "Dokter", "Guru"]
FUNGSIONAL_TERAMPIL = ["Perawat", "Bidan", "Arsiparis", "Pranata Komputer"]
NAMA_STRUKTURAL = {
    "jpt_pratama": "Kepala Dinas",
    "administrator": "Kepala Bidang",
    "pengawas": "Kepala Seksi",
    "pelaksana": "Pengadministrasi Umum",
}
# Unit indexes of engine_data._units: 40 perangkat daerah, then their 4 bidang each, then 2 seksi each.
DINAS, BIDANG, SEKSI = range(0, 40), range(40, 200), range(200, 520)
KEY_POSTS = {"jpt_pratama": 40, "administrator": 200, "fungsional": 60}


def ensure(*, pegawai: int, fresh: bool) -> dict:
    return data.ensure(pegawai=pegawai, fresh=fresh, db=DB, builder=build, tanda=f":suksesi{VERSION}")


def django_setup(**kwargs) -> None:
    data.django_setup(db=DB, **kwargs)


# --- building ---------------------------------------------------------------------------------------------


def build(n: int) -> dict:
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from apps.core.roles import Role
    from apps.core.tenancy import instansi_scope
    from apps.instansi.models import Instansi, Membership, UnitKerja, Wilayah
    from apps.instansi.services import instansi_create
    from apps.petatalenta.services import aturan_aktif_get, penempatan_flush, penempatan_mark_all_dirty

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate {time.perf_counter() - t:.0f} s", flush=True)
    User = get_user_model()
    instansi = instansi_create(wilayah=Wilayah.objects.get(kode="62"), actor=None)
    users = {}
    for role in (Role.ADMIN_BKD, Role.KOMITE_KETUA):
        user = User.objects.create_user(username=f"bench-{role.value}", password=data.PASSWORD)
        Membership.objects.create(user=user, instansi=instansi, role=role)
        users[role.value] = user.pk
    with instansi_scope(instansi):
        aturan_aktif_get(instansi=instansi)
        units = data._units(instansi, UnitKerja)
    tenant = {"instansi": instansi.pk, "kode": "62", "size": n, "units": units}

    t = time.perf_counter()
    from import_penilaian import pegawai_generate

    specs = pegawai_generate(n, list(range(len(units))))
    holders = jabatan_distribute(specs)
    print(f"  {n:,} pegawai dibangkitkan {time.perf_counter() - t:.0f} s", flush=True)
    with connection.cursor() as cursor:
        try:
            cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', false)")
        t = time.perf_counter()
        counts = data._tenant_rows(tenant, specs)
        print(f"  {n:,} pegawai + portofolio {time.perf_counter() - t:.0f} s", flush=True)
        counts["asesmen_kompetensi"] = kompetensi_rows(cursor, instansi.pk)
        counts["jabatan_kunci"] = jabatan_kunci_rows(tenant, specs, holders)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")

    # Placements of the current period, by the real talent engine (no worker: the flush runs here).
    t = time.perf_counter()
    instansi = Instansi.objects.get(pk=instansi.pk)
    with instansi_scope(instansi):
        talent_aturan_set(instansi=instansi)
        with mock.patch("apps.petatalenta.services.penempatan_flush_schedule", return_value=False):
            penempatan_mark_all_dirty(instansi=instansi, penyebab="bench.suksesi.siapkan")
        penempatan_flush(instansi=instansi)
    print(f"  penempatan dihitung {time.perf_counter() - t:.0f} s", flush=True)
    with connection.cursor() as cursor:
        # What the placements' flush announced (penempatan_changed) is not this data's concern:
        # the benchmark starts from "nothing computed".
        for table in ("suksesi_kandidat", "suksesi_statussuksesi", "suksesi_suksesikotor"):
            cursor.execute(f"TRUNCATE {table}")
        cursor.execute("SELECT kotak, count(*) FROM petatalenta_penempatan GROUP BY kotak ORDER BY kotak")
        kotak = {str(k): c for k, c in cursor.fetchall()}
        cursor.execute("VACUUM ANALYZE")
    counts["penempatan"] = sum(kotak.values())
    return {"instansi": instansi.pk, "users": users, "pegawai": n, "rows": counts, "kotak": kotak}


# The instansi's talent rule set: the national preset with the cut-offs set to this data's score
# distribution (as a region calibrates them), so that about one pegawai in nine (a fifth of the
# final placements) lands in the KRS boxes 7–9; the preset's 60/80 leaves under 2 % there.
TALENT_BATAS = {"batas_potensial": [60, 75], "batas_kinerja": [55, 75]}


def talent_aturan_set(*, instansi) -> None:
    from apps.petatalenta.engine import Aturan
    from apps.petatalenta.models import AturanTalenta
    from apps.petatalenta.services import aturan_aktif_get

    aktif = aturan_aktif_get(instansi=instansi)
    konfigurasi = {**aktif.konfigurasi, **TALENT_BATAS}
    Aturan.from_config(konfigurasi)
    AturanTalenta.objects.filter(pk=aktif.pk).update(status="arsip")
    AturanTalenta.objects.create(
        instansi=instansi, versi=aktif.versi + 1, nama="Batas disesuaikan (bench)", status="aktif",
        konfigurasi=konfigurasi,
    )  # fmt: skip


def jabatan_distribute(specs: list[dict]) -> dict[str, list[int]]:
    """Give the generated pegawai a realistic jabatan mix (in place) and a career path; returns,
    per level, the spec indexes holding it, in the order their units were assigned (the first of
    each list are the holders of the key posts)."""
    rng = random.Random(1010)
    order = list(range(len(specs)))
    rng.shuffle(order)
    taken: set[int] = set()

    def pick(count: int, ok) -> list[int]:
        out = [i for i in order if i not in taken and ok(specs[i])][:count]
        data.check(len(out) == count, f"only {len(out)} pegawai fit")
        taken.update(out)
        return out

    def pns(s, born_by, pendidikan):
        return (
            s["status_kepegawaian"] == "pns"
            and s["tanggal_lahir"].year <= born_by
            and s["pendidikan_terakhir"] in pendidikan
        )

    s1 = {"d4", "s1", "s2", "s3"}
    chosen = {
        "jpt_pratama": pick(JUMLAH["jpt_pratama"], lambda s: pns(s, 1978, {"s2", "s3"})),
        "administrator": pick(JUMLAH["administrator"], lambda s: pns(s, 1985, s1)),
        # (a smaller run, --pegawai, gets fewer Pengawas: 1 in 40 pegawai, at most 2,500)
        "pengawas": pick(min(JUMLAH["pengawas"], len(specs) // 40), lambda s: pns(s, 1992, s1 | {"d3"})),
    }
    units = {
        "jpt_pratama": list(DINAS),
        "administrator": [*DINAS, *BIDANG],  # Sekretaris, then Kepala Bidang
        "pengawas": list(SEKSI),
    }
    for jenis, indexes in chosen.items():
        for k, i in enumerate(indexes):
            spec = specs[i]
            spec.update(jenis_jabatan=jenis, jenjang_fungsional="", nama_jabatan=NAMA_STRUKTURAL[jenis])
            if jenis == "administrator" and k < len(DINAS):
                spec["nama_jabatan"] = "Sekretaris"
            if k < len(units[jenis]):
                spec["unit_kerja"] = units[jenis][k]
            ladder = ["pelaksana", "pengawas", "administrator", "jpt_pratama"]
            steps = ladder[: ladder.index(jenis) + 1]
            if jenis != "pengawas" and rng.random() < 0.2:  # came up the fungsional route
                steps = [*["ahli_pertama", "ahli_muda", "ahli_madya"][: len(steps) - 1], jenis]
            spec["karier"] = [_langkah(step) for step in steps]
    fungsional: dict[str, list[int]] = {}
    for i in order:
        if i in taken:
            continue
        spec = specs[i]
        if spec["jenis_jabatan"] in JUMLAH:  # a structural post the mix has no room for
            spec["jenis_jabatan"] = "fungsional" if rng.random() < 0.5 else "pelaksana"
        if spec["jenis_jabatan"] == "pelaksana":
            spec.update(jenjang_fungsional="", nama_jabatan=NAMA_STRUKTURAL["pelaksana"])
            spec["karier"] = [_langkah("pelaksana")]
            continue
        ahli = spec["pendidikan_terakhir"] not in ("sma", "d3")
        jenjang = data_pick(rng, JENJANG_AHLI if ahli else JENJANG_TERAMPIL)
        if jenjang == "ahli_utama" and spec["tanggal_lahir"].year > 1976:
            jenjang = "ahli_madya"
        nama = rng.choice(FUNGSIONAL_AHLI if ahli else FUNGSIONAL_TERAMPIL)
        urutan = list(JENJANG_AHLI if ahli else JENJANG_TERAMPIL)
        steps = urutan[: urutan.index(jenjang) + 1][-rng.randint(1, 3) :]
        spec.update(jenjang_fungsional=jenjang, nama_jabatan=f"{nama} {LABEL_JENJANG[jenjang]}")
        spec["karier"] = [("fungsional", s, f"{nama} {LABEL_JENJANG[s]}") for s in steps]
        fungsional.setdefault(jenjang, []).append(i)
    # Holders of the fungsional key posts: PNS at that jenjang.
    return {
        **chosen,
        **{j: [i for i in ids if specs[i]["status_kepegawaian"] == "pns"] for j, ids in fungsional.items()},
    }


def data_pick(rng: random.Random, weighted: dict) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _langkah(tingkat: str) -> tuple[str, str, str]:
    if tingkat in NAMA_STRUKTURAL:
        return (tingkat, "", NAMA_STRUKTURAL[tingkat])
    return ("fungsional", tingkat, f"Analis Kebijakan {LABEL_JENJANG[tingkat]}")


def kompetensi_rows(cursor, instansi_id: int) -> int:
    """Per-competency levels for about half of the Assessment Center asesmen: the standard of the
    pegawai's level, the individual level around standard × JPM (deterministic per row)."""
    values = ", ".join(cursor.mogrify("(%s, %s)", k).decode() for k in KOMPETENSI)
    cursor.execute(
        f"""
        INSERT INTO asesmen_asesmenkompetensi
            (instansi_id, asesmen_id, kompetensi, kelompok, level_standar, level_individu)
        SELECT a.instansi_id, a.id, k.nama, k.kelompok, s.std,
               LEAST(5, GREATEST(1, round(s.std * a.jpm / 100.0
                                          + (abs(hashtext(a.id::text || k.nama)) %% 100) / 100.0 - 0.5)))
          FROM asesmen_asesmen a
          JOIN pegawai_pegawai p ON p.id = a.pegawai_id
         CROSS JOIN (VALUES {values}) AS k(nama, kelompok)
         CROSS JOIN LATERAL (SELECT CASE p.jenis_jabatan WHEN 'jpt_pratama' THEN 4
                                    WHEN 'administrator' THEN 3 WHEN 'pengawas' THEN 3
                                    ELSE 2 END AS std) s
         WHERE a.instansi_id = %s AND a.metode = 'assessment_center' AND abs(hashtext(a.id::text)) %% 2 = 0
        """,  # noqa: S608 - the VALUES list is mogrified
        [instansi_id],
    )
    return cursor.rowcount


def jabatan_kunci_rows(tenant: dict, specs: list[dict], holders: dict[str, list[int]]) -> int:
    """The 300 key posts, COPY-written; every eighth one vacant (and a fungsional one with no PNS
    of its jenjang to hold it, in a small run)."""
    from django.db import connection
    from django.utils import timezone

    from apps.suksesi.models import JabatanKunci

    with connection.cursor() as cursor:
        cursor.execute("SELECT nip, id FROM pegawai_pegawai WHERE instansi_id = %s", [tenant["instansi"]])
        ids = dict(cursor.fetchall())
    units = tenant["units"]

    def standar(level: int, keputusan: int | None = None) -> list[dict]:
        out = [{"kompetensi": k, "level": level} for k, _kelompok in KOMPETENSI]
        if keputusan:
            out[7]["level"] = keputusan
        return out

    posts = []
    for d in DINAS:
        posts.append(("jpt_pratama", "", units[d], "Kepala Dinas", standar(4),
                      {"golongan_minimum": "IV/b"} if d % 2 == 0 else {}, holders["jpt_pratama"][d]))  # fmt: skip
    for k in range(KEY_POSTS["administrator"]):
        nama = "Sekretaris" if k < len(DINAS) else "Kepala Bidang"
        posts.append(("administrator", "", units[[*DINAS, *BIDANG][k]], nama, standar(3, 4 if k % 2 else None),
                      {}, holders["administrator"][k]))  # fmt: skip
    madya, utama = iter(holders["ahli_madya"]), iter(holders["ahli_utama"])
    for i in range(KEY_POSTS["fungsional"]):
        jenjang = "ahli_utama" if i >= 50 else "ahli_madya"
        nama = f"{FUNGSIONAL_AHLI[(i + i // 40) % 4]} {LABEL_JENJANG[jenjang]}"
        posts.append(("fungsional", jenjang, units[DINAS[i % 40]], nama, standar(4 if jenjang == "ahli_utama" else 3),
                      {}, next(utama if jenjang == "ahli_utama" else madya, None)))  # fmt: skip
    copier = data.Copier(JabatanKunci, timezone.now())
    for n, (jenis, jenjang, unit, nama, std, syarat, holder) in enumerate(posts):
        copier.add({
            "instansi_id": tenant["instansi"], "unit_kerja_id": unit, "nama": nama, "jenis_jabatan": jenis,
            "jenjang_fungsional": jenjang, "pemegang_id": None if n % 8 == 7 or holder is None else ids[specs[holder]["nip"]],
            "alasan": "Jabatan strategis penentu capaian RPJMD perangkat daerah.", "standar_kompetensi": std,
            "syarat_tambahan": syarat, "aktif": True,
        })  # fmt: skip
    return copier.flush()


if __name__ == "__main__":  # build (or reuse) the data alone
    import argparse

    parser = argparse.ArgumentParser(description="Build the succession benchmark's database.")
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    meta = ensure(pegawai=args.pegawai, fresh=args.fresh)
    print(meta["rows"], meta["kotak"])
