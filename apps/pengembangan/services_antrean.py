"""The assessment queue's writes: the year's budget (`anggaran_asesmen_save`), and the stored
queue that a worker builds from the instansi's stored rows (`antrean_asesmen_build`) whenever an
input changed (docs/pengembangan-antrean.md).

The ranked queue is derived data: receivers (connected in apps.py) mark it stale after the
writer's transaction commits and queue one coalesced build per instansi (apps.core.tasks.queue_once);
the build reads a fixed number of queries whatever the instansi's size, ranks with the pure
`antrean.antrean_susun`, and stores the result in the cache (Redis) under one key per instansi.
A page view only reads it. If the key is missing (Redis flushed) or built on an earlier day (the
validity dates moved), the page queues a build and says so.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.asesmen.models import Asesmen
from apps.core.context import hari_ini
from apps.core.services import audit_event_record
from apps.core.tasks import queue_once, queue_release
from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.models import Pegawai
from apps.petatalenta import engine as talenta_engine
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.selectors import aturan_aktif_konfigurasi
from apps.suksesi.engine import tingkat_dari
from apps.suksesi.models import JabatanKunci, Kandidat, StatusSuksesi
from apps.suksesi.selectors import aturan_suksesi_berlaku

from .antrean import Calon, antrean_susun, tambah_bulan
from .models import AnggaranAsesmen

logger = logging.getLogger(__name__)

METODE = tuple(Asesmen.Metode.values)
ANTREAN_KEY = "pengembangan:antrean:{instansi_id}"
KOTOR_KEY = "pengembangan:antrean:kotor:{instansi_id}"
# A token per build: readers keep the unpickled queue in their process while the token matches.
BUILD_ID_KEY = "pengembangan:antrean:build-id:{instansi_id}"
BUILD_KEY = "pengembangan:antrean:build:{instansi_id}"
BUILD_KEY_TTL = 60
BUILD_COUNTDOWN = 2
VERSI = 2


# --- budget -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnggaranData:
    tahun: int
    jenis: str  # "slot" | "rupiah"
    jumlah_slot: int | None
    jumlah_rupiah: Decimal | None
    metode: str
    biaya_per_metode: dict[str, int]


def biaya_bawaan() -> dict[str, int]:
    return dict(settings.PENGEMBANGAN_BIAYA_ASESMEN_BAWAAN)


def anggaran_clean(data: AnggaranData) -> None:
    """Every problem of a budget at once, in words a BKD clerk understands."""
    errors: dict[str, list[str]] = defaultdict(list)
    tahun_ini = hari_ini().year
    if not tahun_ini - 5 <= data.tahun <= tahun_ini + 5:
        errors["tahun"].append(
            _("Tahun anggaran harus antara %(a)s dan %(b)s.") % {"a": tahun_ini - 5, "b": tahun_ini + 5}
        )
    if data.jenis not in AnggaranAsesmen.Jenis.values:
        errors["jenis"].append(_("Pilih jenis anggaran: jumlah slot atau rupiah."))
    if data.metode not in METODE:
        errors["metode"].append(_("Pilih metode asesmen dari daftar."))
    for metode, biaya in data.biaya_per_metode.items():
        if metode not in METODE:
            errors["biaya_per_metode"].append(_("Metode asesmen %(m)s tidak dikenal.") % {"m": metode})
        elif biaya is None or biaya < 0:
            errors[f"biaya_{metode}"].append(_("Biaya per orang tidak boleh kosong atau negatif."))
    if data.jenis == AnggaranAsesmen.Jenis.SLOT:
        if data.jumlah_slot is None or data.jumlah_slot < 1:
            errors["jumlah_slot"].append(_("Isi jumlah slot asesmen (paling sedikit 1)."))
    elif data.jenis == AnggaranAsesmen.Jenis.RUPIAH:
        if data.jumlah_rupiah is None or data.jumlah_rupiah <= 0:
            errors["jumlah_rupiah"].append(_("Isi jumlah anggaran dalam rupiah (lebih dari 0)."))
        if data.metode in METODE and not data.biaya_per_metode.get(data.metode):
            errors[f"biaya_{data.metode}"].append(
                _("Isi biaya per orang untuk metode yang dipakai menghitung antrean.")
            )
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def anggaran_asesmen_save(*, instansi: Instansi, actor: User | None, data: AnggaranData) -> AnggaranAsesmen:
    """Create or replace the year's budget (one per instansi and year), with an audit event."""
    anggaran_clean(data)
    rupiah = data.jenis == AnggaranAsesmen.Jenis.RUPIAH
    anggaran, dibuat = AnggaranAsesmen.objects.select_for_update().get_or_create(
        instansi=instansi, tahun=data.tahun, defaults={"jenis": data.jenis}
    )
    sebelum = {
        "jenis": anggaran.jenis,
        "jumlah_slot": anggaran.jumlah_slot,
        "jumlah_rupiah": str(anggaran.jumlah_rupiah) if anggaran.jumlah_rupiah is not None else None,
        "metode": anggaran.metode,
        "biaya_per_metode": anggaran.biaya_per_metode,
    }
    anggaran.jenis = data.jenis
    anggaran.jumlah_slot = None if rupiah else data.jumlah_slot
    anggaran.jumlah_rupiah = data.jumlah_rupiah if rupiah else None
    anggaran.metode = data.metode
    anggaran.biaya_per_metode = {m: int(b) for m, b in data.biaya_per_metode.items() if b is not None}
    anggaran.diubah_oleh = actor
    anggaran.save()
    audit_event_record(
        instansi=instansi,
        actor=actor,
        action="anggaran_asesmen.create" if dibuat else "anggaran_asesmen.update",
        target=anggaran,
        old_values=None if dibuat else sebelum,
        new_values={
            "tahun": anggaran.tahun,
            "jenis": anggaran.jenis,
            "jumlah_slot": anggaran.jumlah_slot,
            "jumlah_rupiah": str(anggaran.jumlah_rupiah) if anggaran.jumlah_rupiah is not None else None,
            "metode": anggaran.metode,
            "biaya_per_metode": anggaran.biaya_per_metode,
        },
    )
    return anggaran


# --- the stored queue -------------------------------------------------------------------------


def _perangkat_daerah_map(*, instansi: Instansi) -> dict[int, int]:
    """Unit kerja id → the id of its perangkat daerah (the root of its three-level tree)."""
    induk = dict(UnitKerja.objects.filter(instansi=instansi).values_list("id", "induk_id"))
    akar: dict[int, int] = {}
    for unit_id in induk:
        node, langkah = unit_id, 0
        while induk.get(node) is not None and langkah < 5:
            node, langkah = induk[node], langkah + 1
        akar[unit_id] = node
    return akar


def _kotak_dengan_asesmen(aturan: talenta_engine.Aturan, *, level_kinerja: str, skor_potensial) -> int | None:
    """The talent-pool box the pegawai's other data reach with an asesmen result in line with
    them: in the weighted model the potential score without the asesmen, projected onto the full
    scale (the asesmen components scoring as the other components do on average); in the
    categorical model, where the JPM category alone sets potential, a middle result. None when
    that box is not in the talent pool (or nothing is known of the kinerja)."""
    if level_kinerja not in talenta_engine.KINERJA_LEVELS:
        return None
    if aturan.model == "kategoris":
        level_p = talenta_engine.POTENSIAL_LEVELS[1]
    else:
        bobot = aturan.bobot_potensial.get("jpm", 0) + aturan.bobot_potensial.get("potensi", 0)
        if bobot >= 100:
            return None
        skor = (skor_potensial or Decimal(0)) * 100 / (100 - bobot)
        level_p = talenta_engine._level(
            min(skor, Decimal(100)), aturan.batas_potensial, talenta_engine.POTENSIAL_LEVELS
        )
    kotak = aturan.kotak.get((level_kinerja, level_p))
    return kotak if kotak in aturan.kotak_talent_pool else None


# The pegawai the queue may hold (no asesmen, or the latest validity ends by %(batas)s), with
# their latest asesmen and current placement, and the instansi's active and valid counts: one
# statement, the asesmen aggregated once.
_CALON_SQL = """
WITH a AS (
    SELECT pegawai_id, max(tanggal) AS t, max(berlaku_sampai) AS b
      FROM {asesmen} WHERE instansi_id = %(instansi)s GROUP BY pegawai_id
), p AS (
    SELECT p.id, p.jenis_jabatan, p.jenjang_fungsional, p.unit_kerja_id, a.t, a.b
      FROM {pegawai} p LEFT JOIN a ON a.pegawai_id = p.id
     WHERE p.instansi_id = %(instansi)s AND p.aktif
)
SELECT p.id, p.jenis_jabatan, p.jenjang_fungsional, p.unit_kerja_id, p.t, p.b,
       pen.kotak, pen.talent_pool, pen.level_kinerja, pen.skor_potensial,
       (SELECT count(*) FROM p) AS total,
       (SELECT count(*) FROM p WHERE p.b >= %(tanggal)s) AS berlaku
  FROM p
  LEFT JOIN {penempatan} pen
         ON pen.pegawai_id = p.id AND pen.instansi_id = %(instansi)s AND pen.periode = %(periode)s
 WHERE p.b IS NULL OR p.b <= %(batas)s
"""


def antrean_calon_load(*, instansi: Instansi, tanggal: dt.date) -> tuple[list[Calon], int, int]:
    """The instansi's active pegawai who may be in the queue on `tanggal` (no valid asesmen, or one
    ending within the setting's months) as `Calon`; and how many pegawai are active and how many
    have a valid asesmen. Seven queries whatever the instansi's size."""
    batas = tambah_bulan(tanggal, settings.PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN)
    pd_map = _perangkat_daerah_map(instansi=instansi)
    try:
        aturan = talenta_engine.Aturan.from_config(aturan_aktif_konfigurasi(instansi=instansi))
    except talenta_engine.AturanError:
        aturan = talenta_engine.Aturan.from_config(talenta_engine.PRESET_BERBOBOT)
    berisiko = dict(
        StatusSuksesi.objects.filter(instansi=instansi, berisiko=True, jabatan_kunci__aktif=True).values_list(
            "jabatan_kunci_id", "jabatan_kunci__nama"
        )
    )
    kandidat_berisiko: dict[int, tuple[str, ...]] = {}
    if berisiko:
        for pid, jk_id in Kandidat.objects.filter(
            instansi=instansi, jabatan_kunci_id__in=list(berisiko)
        ).values_list("pegawai_id", "jabatan_kunci_id"):
            kandidat_berisiko[pid] = (*kandidat_berisiko.get(pid, ()), berisiko[jk_id])
    aturan_suksesi = aturan_suksesi_berlaku(instansi=instansi)
    tujuan: dict[str, set[str]] = defaultdict(set)
    for jenis, jenjang in (
        JabatanKunci.objects.filter(instansi=instansi, aktif=True)
        .values_list("jenis_jabatan", "jenjang_fungsional")
        .distinct()
    ):
        target = tingkat_dari(jenis_jabatan=jenis, jenjang_fungsional=jenjang)
        for asal in aturan_suksesi.tingkat_asal(target):
            tujuan[asal].add(target)
    tujuan_tuple = {asal: tuple(sorted(targets)) for asal, targets in tujuan.items()}

    sql = _CALON_SQL.format(
        asesmen=Asesmen._meta.db_table, pegawai=Pegawai._meta.db_table, penempatan=Penempatan._meta.db_table
    )
    params = {
        "instansi": instansi.pk,
        "tanggal": tanggal,
        "batas": batas,
        "periode": periode_sekarang(tanggal),
    }
    calon: list[Calon] = []
    total = berlaku = None
    kosong: tuple = ()
    kotak_cache: dict[tuple, int | None] = {}
    baru = tuple.__new__
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor:
            pid, jenis, jenjang, unit_id, t, b, kotak, pool, level_k, skor_p = row[:10]
            total, berlaku = row[10], row[11]
            bisa = None
            if level_k and not pool and (b is None or b < tanggal):
                kunci = (level_k, skor_p)
                if kunci not in kotak_cache:
                    kotak_cache[kunci] = _kotak_dengan_asesmen(
                        aturan, level_kinerja=level_k, skor_potensial=skor_p
                    )
                bisa = kotak_cache[kunci]
            # suksesi.engine.tingkat_dari, inlined: up to 100,000 calls per build.
            tingkat = (jenjang if jenis == "fungsional" else jenis) or ""
            # tuple.__new__ with every field: Calon without its Python-level __new__.
            calon.append(
                baru(
                    Calon,
                    (
                        pid,
                        tingkat,
                        pd_map.get(unit_id),
                        t,
                        b,
                        kandidat_berisiko.get(pid, kosong),
                        bool(pool),
                        kotak,
                        bisa,
                        tujuan_tuple.get(tingkat, kosong),
                    ),
                )
            )
    if total is None:  # nobody in the queue: count apart
        aktif = Pegawai.objects.filter(instansi=instansi, aktif=True)
        total = aktif.count()
        berlaku = (
            Asesmen.objects.filter(instansi=instansi, pegawai__in=aktif, berlaku_sampai__gte=tanggal)
            .values("pegawai_id")
            .distinct()
            .count()
        )
    return calon, total, berlaku


def antrean_asesmen_build(*, instansi: Instansi, tanggal: dt.date | None = None) -> dict:
    """Rank the instansi's queue on `tanggal` (default today) and store it; returns what was stored."""
    tanggal = tanggal or hari_ini()
    # Hundreds of thousands of small tuples, none in a reference cycle: the cyclic collector would
    # only rescan them again and again (a third of the build's time), so it pauses meanwhile.
    gc_aktif = gc.isenabled()
    gc.disable()
    try:
        return _antrean_asesmen_build(instansi=instansi, tanggal=tanggal)
    finally:
        if gc_aktif:
            gc.enable()


def _antrean_asesmen_build(*, instansi: Instansi, tanggal: dt.date) -> dict:
    calon, total, berlaku = antrean_calon_load(instansi=instansi, tanggal=tanggal)
    baris = antrean_susun(
        calon, tanggal=tanggal, bulan_segera=settings.PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN
    )
    tersimpan = {
        "versi": VERSI,
        "token": uuid.uuid4().hex,
        "tanggal": tanggal,
        "dibuat_pada": timezone.now(),
        "total_pegawai": total,
        "berlaku_sekarang": berlaku,
        "bulan_segera": settings.PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN,
        # Plain tuples with dates as day ordinals (0: none): one cache value of a few MB for
        # 100,000 pegawai, pickled and unpickled fast. selectors_antrean turns them back.
        "baris": [
            (
                pid,
                kelompok,
                status,
                pd,
                terakhir.toordinal() if terakhir else 0,
                sampai.toordinal() if sampai else 0,
                alasan,
            )
            for _n, pid, kelompok, status, pd, terakhir, sampai, alasan in baris
        ],
    }
    per_kelompok: dict[int, int] = {}
    per_status: dict[str, int] = {}
    for row in tersimpan["baris"]:
        per_kelompok[row[1]] = per_kelompok.get(row[1], 0) + 1
        per_status[row[2]] = per_status.get(row[2], 0) + 1
    tersimpan["per_kelompok"], tersimpan["per_status"] = per_kelompok, per_status
    # The queue first, then its token: a reader that sees the new token finds the new queue.
    cache.set(ANTREAN_KEY.format(instansi_id=instansi.pk), tersimpan, timeout=None)
    cache.set(BUILD_ID_KEY.format(instansi_id=instansi.pk), tersimpan["token"], timeout=None)
    return tersimpan


def antrean_asesmen_rebuild(*, instansi: Instansi) -> dict:
    """The worker's body: free the coalescing key, clear the stale mark, build. A change that
    commits while this runs marks the queue stale again and queues the next build."""
    queue_release(key=BUILD_KEY.format(instansi_id=instansi.pk))
    cache.delete(KOTOR_KEY.format(instansi_id=instansi.pk))
    return antrean_asesmen_build(instansi=instansi)


def antrean_asesmen_schedule(*, instansi_id: int) -> bool:
    """Mark the stored queue stale and queue one coalesced build (after the writer's commit).
    If Redis or the broker is down, the next page view queues the build instead."""
    from .tasks_antrean import antrean_asesmen_build_task

    try:
        cache.set(KOTOR_KEY.format(instansi_id=instansi_id), timezone.now(), timeout=None)
        return queue_once(
            key=BUILD_KEY.format(instansi_id=instansi_id),
            ttl=BUILD_KEY_TTL,
            send=lambda: antrean_asesmen_build_task.apply_async(
                kwargs={"instansi_id": instansi_id}, countdown=BUILD_COUNTDOWN
            ),
        )
    except Exception:
        logger.warning("assessment queue build for instansi %s not queued", instansi_id, exc_info=True)
        return False


def antrean_changed(sender, *, instansi_id: int, **kwargs) -> None:
    """Receiver of inputs_changed, penempatan_changed and ringkasan_stale (the succession flush
    announces new at-risk posts with it): the queue is rebuilt once the sender's data commits."""
    transaction.on_commit(lambda: antrean_asesmen_schedule(instansi_id=instansi_id))


def antrean_receivers_connect() -> None:
    """Called from AppConfig.ready(): the receivers, and the build task registered with the worker."""
    from apps.core.events import inputs_changed, penempatan_changed, ringkasan_stale

    from . import tasks_antrean  # noqa: F401

    for signal, name in (
        (inputs_changed, "inputs_changed"),
        (penempatan_changed, "penempatan_changed"),
        (ringkasan_stale, "ringkasan_stale"),
    ):
        signal.connect(antrean_changed, dispatch_uid=f"pengembangan.antrean.{name}")
