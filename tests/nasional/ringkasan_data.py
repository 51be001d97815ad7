"""Tenant data for the summary-refresh tests: a plain spec (what hypothesis draws, or what a test
writes out) turned into rows through the factories, and the recount of a summary row written
plainly in Python over those rows — independent of the refresh's SQL aggregates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from apps.asesmen.models import Asesmen
from apps.core.roles import Role
from apps.instansi.models import Membership, UnitKerja
from apps.kinerja.models import SKP
from apps.komite.integrity import rantai_tambah
from apps.komite.models import Penetapan, SnapshotPenempatan
from apps.nasional.kelompok import kelompok_pendidikan, kelompok_usia
from apps.pegawai.models import KelengkapanData, Pegawai
from apps.pegawai.referensi import JenisJabatan, JenisKelamin, StatusKepegawaian
from apps.petatalenta.models import Penempatan
from apps.suksesi.models import AturanSuksesi, JabatanKunci, StatusSuksesi
from tests.factories import (
    AsesmenFactory,
    AturanSuksesiFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    PenempatanFactory,
    SidangFactory,
    SKPFactory,
    StatusSuksesiFactory,
    UnitKerjaFactory,
    preset_suksesi,
    user_with_role,
)

KOTAK = [str(n) for n in range(1, 10)]


@dataclass
class PegawaiSpec:
    aktif: bool = True
    status: str = StatusKepegawaian.PNS
    jenis_jabatan: str = JenisJabatan.PELAKSANA
    kelamin: str = JenisKelamin.LAKI_LAKI
    umur: int = 40  # completed years on the reference date, before `geser_hari`
    geser_hari: int = 0  # birth date moved by this many days (around a band's edge)
    pendidikan: str = "s1"
    kelengkapan: int | None = 80
    # (days taken before today, days valid after today: negative = expired)
    asesmen: list[tuple[int, int]] = field(default_factory=list)
    skp: list[tuple[int, str]] = field(default_factory=list)  # (years before this one, periode)
    # (status, box or None, talent pool, this period?) or None: no placement row
    penempatan: tuple[str, int | None, bool, bool] | None = None
    pindah: bool = False  # moved to the next instansi after its rows were written


@dataclass
class JabatanSpec:
    aktif: bool = True
    # (berisiko, siap sekarang, bench strength) or None: status never computed
    status: tuple[bool, int, int] | None = None


@dataclass
class PenetapanSpec:
    ditetapkan: bool = True
    periode_ini: bool = True
    # (pegawai index, box or None) frozen by it
    kotak: list[tuple[int, int | None]] = field(default_factory=list)


@dataclass
class InstansiSpec:
    pegawai: list[PegawaiSpec] = field(default_factory=list)
    jabatan: list[JabatanSpec] = field(default_factory=list)
    penetapan: list[PenetapanSpec] = field(default_factory=list)
    pengguna: list[str] = field(default_factory=list)  # roles
    krs_nasional: list[int] | None = None  # an active succession rule set with these boxes
    unit_nonaktif: bool = False


def _lahir(umur: int, geser: int, acuan: dt.date) -> dt.date:
    try:
        tanggal = acuan.replace(year=acuan.year - umur)
    except ValueError:
        tanggal = acuan.replace(year=acuan.year - umur, day=28)
    return tanggal + dt.timedelta(days=geser)


def instansi_isi(instansi, spec: InstansiSpec, *, prefix: str) -> list[Pegawai]:
    """Write the spec's rows for `instansi` (inside its scope or with scopes disabled)."""
    today = timezone.localdate()
    periode = today.year
    unit = UnitKerjaFactory(instansi=instansi, kode=f"{prefix}.01")
    UnitKerjaFactory(
        instansi=instansi,
        kode=f"{prefix}.01.1",
        jenis=UnitKerja.Jenis.BIDANG,
        induk=unit,
        nama=f"Bidang {prefix}",
    )
    if spec.unit_nonaktif:
        UnitKerjaFactory(instansi=instansi, kode=f"{prefix}.02", aktif=False)
    for n, role in enumerate(spec.pengguna):
        user_with_role(role, instansi, username=f"{prefix}.u{n}")
    if spec.krs_nasional is not None:
        AturanSuksesiFactory(
            instansi=instansi,
            status="aktif",
            konfigurasi={**preset_suksesi(), "kotak_krs_nasional": spec.krs_nasional},
        )
    pegawai = []
    for p in spec.pegawai:
        row = PegawaiFactory(
            instansi=instansi,
            unit_kerja=unit,
            aktif=p.aktif,
            status_kepegawaian=p.status,
            jenis_jabatan=p.jenis_jabatan,
            jenis_kelamin=p.kelamin,
            tanggal_lahir=_lahir(p.umur, p.geser_hari, today),
            pendidikan_terakhir=p.pendidikan,
        )
        pegawai.append(row)
        if p.kelengkapan is not None:
            KelengkapanData.objects.create(instansi=instansi, pegawai=row, persen=p.kelengkapan)
        tanggal_asesmen = set()
        for lalu, sisa in p.asesmen:
            tanggal = today - dt.timedelta(days=lalu)
            if tanggal in tanggal_asesmen:  # one per day and method
                continue
            tanggal_asesmen.add(tanggal)
            sampai = max(today + dt.timedelta(days=sisa), tanggal)
            AsesmenFactory(instansi=instansi, pegawai=row, tanggal=tanggal, berlaku_sampai=sampai)
        for lalu, periode_skp in set(p.skp):
            SKPFactory(instansi=instansi, pegawai=row, tahun=periode - lalu, periode=periode_skp)
        if p.penempatan is not None:
            status, kotak, pool, periode_ini = p.penempatan
            PenempatanFactory(
                instansi=instansi,
                pegawai=row,
                periode=periode if periode_ini else periode - 1,
                status=status,
                kotak=kotak,
                talent_pool=pool,
            )
    for j in spec.jabatan:
        post = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, aktif=j.aktif)
        if j.status is not None:
            berisiko, siap, bench = j.status
            StatusSuksesiFactory(
                jabatan_kunci=post, berisiko=berisiko, jumlah_siap_sekarang=siap, kekuatan_bench=bench
            )
    if spec.penetapan:
        ppk = user_with_role(Role.PPK, instansi, username=f"{prefix}.ppk")
    for n, t in enumerate(spec.penetapan):
        tahun = periode if t.periode_ini else periode - 1
        sidang = SidangFactory(instansi=instansi, periode=tahun, status="selesai")
        penetapan = rantai_tambah(
            Penetapan(
                instansi=instansi,
                sidang=sidang,
                periode=tahun,
                hasil="ditetapkan" if t.ditetapkan else "dikembalikan",
                nomor_keputusan=f"800/{prefix}/{n}" if t.ditetapkan else "",
                tanggal_keputusan=today - dt.timedelta(days=n) if t.ditetapkan else None,
                catatan="" if t.ditetapkan else "Perbaiki data",
                oleh=ppk,
                pada=timezone.now(),
            )
        )
        seen = set()
        for index, kotak in t.kotak:
            if not pegawai or index % len(pegawai) in seen:
                continue
            seen.add(index % len(pegawai))
            SnapshotPenempatan.objects.create(
                instansi=instansi,
                penetapan=penetapan,
                pegawai=pegawai[index % len(pegawai)],
                periode=tahun,
                status="final" if kotak else "perlu_data",
                kotak=kotak,
            )
    return pegawai


def pindahkan(pegawai: list[Pegawai], specs: list[PegawaiSpec], tujuan) -> None:
    """Move the pegawai whose spec says so to `tujuan` (their rows stay where they were written)."""
    ids = [row.pk for row, p in zip(pegawai, specs, strict=True) if p.pindah]
    Pegawai.objects.filter(pk__in=ids).update(instansi=tujuan)
    # As the transfer service does: the completeness row follows the pegawai.
    KelengkapanData.objects.filter(pegawai__in=ids).update(instansi=tujuan)


def _bulat(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ringkasan_hitung_ulang(instansi) -> dict:
    """Every figure of the instansi's current summary row, recounted plainly over its rows (call
    with scopes disabled). The rules, in words: docs/nasional.md "Ringkasan per instansi"."""
    today = timezone.localdate()
    periode = today.year
    pegawai = [p for p in Pegawai.objects.filter(instansi=instansi) if p.aktif]
    ids = {p.pk for p in pegawai}

    roles = Counter(m.role for m in Membership.objects.filter(instansi=instansi))
    units = [u for u in UnitKerja.objects.filter(instansi=instansi) if u.aktif]

    persen = {k.pegawai_id: k.persen for k in KelengkapanData.objects.filter(instansi=instansi)}
    nilai = [persen.get(p.pk, 0) for p in pegawai]
    sebaran = {"0-49": 0, "50-74": 0, "75-99": 0, "100": 0}
    for v in nilai:
        key = "0-49" if v < 50 else "50-74" if v < 75 else "75-99" if v < 100 else "100"
        sebaran[key] += 1

    asesmen = [a for a in Asesmen.objects.filter(instansi=instansi) if a.pegawai_id in ids]
    asesmen_ada = {a.pegawai_id for a in asesmen}
    asesmen_valid = {a.pegawai_id for a in asesmen if a.tanggal <= today <= a.berlaku_sampai}
    skp = [s for s in SKP.objects.filter(instansi=instansi) if s.pegawai_id in ids and s.periode == "tahunan"]
    skp_ada = {s.pegawai_id for s in skp}
    skp_valid = {s.pegawai_id for s in skp if s.tahun == today.year - 1}

    aktif_rule = AturanSuksesi.objects.filter(instansi=instansi, status="aktif").first()
    krs_boxes = set(aktif_rule.konfigurasi.get("kotak_krs_nasional", [9])) if aktif_rule else {9}
    by_pegawai = {p.pk: p for p in pegawai}
    kotak = dict.fromkeys(KOTAK, 0)
    final = perlu = krs = krs_nas = 0
    kelompok = {
        "jenis_kelamin": {
            k: {"n": 0, "pool": 0, "kotak": dict.fromkeys(KOTAK, 0)} for k in JenisKelamin.values
        },
        "usia": {
            k: {"n": 0, "pool": 0, "kotak": dict.fromkeys(KOTAK, 0)} for k in ("<30", "30-39", "40-49", "50+")
        },
        "pendidikan": {
            k: {"n": 0, "pool": 0, "kotak": dict.fromkeys(KOTAK, 0)}
            for k in ("sma_ke_bawah", "diploma", "sarjana", "s2", "s3")
        },
        "jenis_jabatan": {
            k: {"n": 0, "pool": 0, "kotak": dict.fromkeys(KOTAK, 0)} for k in JenisJabatan.values
        },
    }
    for row in Penempatan.objects.filter(instansi=instansi, periode=periode):
        p = by_pegawai.get(row.pegawai_id)
        if p is None:
            continue
        if row.status == "final" and row.kotak is not None and 1 <= row.kotak <= 9:
            key = str(row.kotak)
            kotak[key] += 1
            final += 1
            krs += row.talent_pool
            krs_nas += row.talent_pool and row.kotak in krs_boxes
            for dimensi, kode in (
                ("jenis_kelamin", p.jenis_kelamin),
                ("usia", kelompok_usia(tanggal_lahir=p.tanggal_lahir, acuan=today)),
                ("pendidikan", kelompok_pendidikan(p.pendidikan_terakhir)),
                ("jenis_jabatan", p.jenis_jabatan),
            ):
                grup = kelompok[dimensi][kode]
                grup["n"] += 1
                grup["pool"] += row.talent_pool
                grup["kotak"][key] += 1
        elif row.status == "perlu_data":
            perlu += 1

    berlaku = [
        t for t in Penetapan.objects.filter(instansi=instansi, periode=periode) if t.hasil == "ditetapkan"
    ]
    ditetapkan, tanggal = {}, None
    if berlaku:
        t = max(berlaku, key=lambda t: t.urutan)
        tanggal = t.tanggal_keputusan
        ditetapkan = dict.fromkeys(KOTAK, 0)
        for s in SnapshotPenempatan.objects.filter(instansi=instansi, penetapan=t):
            if s.kotak is not None:
                ditetapkan[str(s.kotak)] += 1

    posts = [j for j in JabatanKunci.objects.filter(instansi=instansi) if j.aktif]
    status = {s.jabatan_kunci_id: s for s in StatusSuksesi.objects.filter(instansi=instansi)}
    bench = [status[j.pk].kekuatan_bench if j.pk in status else 0 for j in posts]

    n = len(pegawai)
    return {
        "jumlah_pengguna": sum(roles.values()),
        "pengguna_per_peran": dict(roles),
        "jumlah_perangkat_daerah": sum(u.jenis == "perangkat_daerah" for u in units),
        "jumlah_unit_kerja": len(units),
        "jumlah_pegawai": n,
        "pegawai_per_status": {
            s: sum(p.status_kepegawaian == s for p in pegawai) for s in StatusKepegawaian.values
        },
        "pegawai_per_jenis_jabatan": {
            j: sum(p.jenis_jabatan == j for p in pegawai) for j in JenisJabatan.values
        },
        "kotak_dihitung": kotak,
        "jumlah_final": final,
        "jumlah_perlu_data": perlu,
        "jumlah_belum_dihitung": n - final - perlu,
        "jumlah_krs": krs,
        "jumlah_krs_nasional": krs_nas,
        "kotak_ditetapkan": ditetapkan,
        "penetapan_tanggal": tanggal,
        "kelengkapan_rata": _bulat(Decimal(sum(nilai)) / n) if n else None,
        "kelengkapan_sebaran": sebaran,
        "asesmen_valid": len(asesmen_valid),
        "asesmen_kedaluwarsa": len(asesmen_ada - asesmen_valid),
        "asesmen_tidak_ada": n - len(asesmen_ada),
        "skp_valid": len(skp_valid),
        "skp_kedaluwarsa": len(skp_ada - skp_valid),
        "skp_tidak_ada": n - len(skp_ada),
        "jabatan_kunci": len(posts),
        "jabatan_kunci_berisiko": sum(j.pk in status and status[j.pk].berisiko for j in posts),
        "jabatan_kunci_siap": sum(j.pk in status and status[j.pk].jumlah_siap_sekarang > 0 for j in posts),
        "kekuatan_bench_rata": _bulat(Decimal(sum(bench)) / len(posts)) if posts else None,
        "idp_jumlah": None,
        "kelompok": kelompok,
    }
