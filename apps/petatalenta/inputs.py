"""Batched loading of the engine's inputs: a fixed handful of queries per batch of pegawai, never
queries per pegawai. Only verified (disetujui) portfolio items are read; asesmen and SKP are the
instansi's own records (they stay with the instansi that produced them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from apps.asesmen.models import Asesmen
from apps.kinerja.models import SKP, Periode
from apps.pegawai.models import (
    HukumanDisiplin,
    Penghargaan,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    SkTimKerja,
    StatusVerifikasi,
)
from apps.pegawai.referensi import JENJANG_PENDIDIKAN_URUTAN

from .engine import AsesmenInput, HukumanInput, PlacementInputs, RuleSet

DISETUJUI = StatusVerifikasi.DISETUJUI
# Awards count for five years (Kepka BKN 411 socialisation).
MASA_PENGHARGAAN_TAHUN = 5


def _years_between(start: dt.date, end: dt.date) -> Decimal:
    return Decimal(max(0, (end - start).days)) / Decimal("365.25")


def placement_inputs_load(
    *, instansi, pegawai_ids: list[int], tanggal_acuan: dt.date, aturan: RuleSet
) -> dict[int, PlacementInputs]:
    """Inputs for every pegawai id, in nine queries whatever the batch size."""
    ids = list(pegawai_ids)
    window_start = dt.date(tanggal_acuan.year - aturan.jendela_tahun, 1, 1)
    award_start = dt.date(tanggal_acuan.year - MASA_PENGHARGAAN_TAHUN, 1, 1)

    asesmen: dict[int, AsesmenInput] = {}
    for row in (
        Asesmen.objects.filter(instansi=instansi, pegawai_id__in=ids, tanggal__lte=tanggal_acuan)
        .order_by("pegawai_id", "-tanggal", "-id")
        .distinct("pegawai_id")
        .values("pegawai_id", "tanggal", "berlaku_sampai", "nilai_potensi", "jpm")
    ):
        asesmen[row["pegawai_id"]] = AsesmenInput(
            tanggal=row["tanggal"],
            berlaku_sampai=row["berlaku_sampai"],
            nilai_potensi=row["nilai_potensi"],
            jpm=row["jpm"],
        )

    skp: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pegawai_id, tahun, predikat in SKP.objects.filter(
        instansi=instansi,
        pegawai_id__in=ids,
        periode=Periode.TAHUNAN,
        tahun__gte=tanggal_acuan.year - aturan.jendela_tahun,
        tahun__lt=tanggal_acuan.year,
    ).values_list("pegawai_id", "tahun", "predikat"):
        skp[pegawai_id].append((tahun, predikat))

    jp = dict(
        RiwayatDiklat.objects.filter(
            instansi=instansi,
            pegawai_id__in=ids,
            status=DISETUJUI,
            tanggal_selesai__gte=window_start,
            tanggal_selesai__lte=tanggal_acuan,
        )
        .values_list("pegawai_id")
        .annotate(total=Sum("jam_pelajaran"))
        .values_list("pegawai_id", "total")
    )

    pengalaman: dict[int, Decimal] = defaultdict(Decimal)
    for pegawai_id, mulai, selesai in RiwayatJabatan.objects.filter(
        instansi=instansi, pegawai_id__in=ids, status=DISETUJUI, tmt_mulai__lte=tanggal_acuan
    ).values_list("pegawai_id", "tmt_mulai", "tmt_selesai"):
        pengalaman[pegawai_id] += _years_between(mulai, min(selesai or tanggal_acuan, tanggal_acuan))

    pendidikan: dict[int, str] = {}
    for pegawai_id, jenjang in RiwayatPendidikan.objects.filter(
        instansi=instansi, pegawai_id__in=ids, status=DISETUJUI
    ).values_list("pegawai_id", "jenjang"):
        current = pendidikan.get(pegawai_id)
        if current is None or JENJANG_PENDIDIKAN_URUTAN[jenjang] > JENJANG_PENDIDIKAN_URUTAN[current]:
            pendidikan[pegawai_id] = jenjang

    hukuman: dict[int, list[HukumanInput]] = defaultdict(list)
    for pegawai_id, tingkat, mulai, selesai in HukumanDisiplin.objects.filter(
        instansi=instansi, pegawai_id__in=ids, status=DISETUJUI, tmt_mulai__lte=tanggal_acuan
    ).values_list("pegawai_id", "tingkat", "tmt_mulai", "tmt_selesai"):
        hukuman[pegawai_id].append(HukumanInput(tingkat=tingkat, tmt_mulai=mulai, tmt_selesai=selesai))

    penghargaan = _counts(Penghargaan, instansi, ids, "tanggal", award_start, tanggal_acuan)
    sk_tim = _counts(SkTimKerja, instansi, ids, "tanggal_sk", window_start, tanggal_acuan)

    return {
        pegawai_id: PlacementInputs(
            tanggal_acuan=tanggal_acuan,
            asesmen=asesmen.get(pegawai_id),
            skp_tahunan=tuple(sorted(skp.get(pegawai_id, []))),
            jp_pengembangan=int(jp.get(pegawai_id) or 0),
            tahun_pengalaman=(
                pengalaman[pegawai_id].quantize(Decimal("0.1")) if pegawai_id in pengalaman else None
            ),
            jenjang_pendidikan=pendidikan.get(pegawai_id),
            # No verified source for the fit of the field of study yet: it contributes nothing.
            pendidikan_sesuai=None,
            hukuman=tuple(sorted(hukuman.get(pegawai_id, []), key=lambda h: (h.tmt_mulai, h.tingkat))),
            jumlah_penghargaan=penghargaan.get(pegawai_id, 0),
            jumlah_sk_tim=sk_tim.get(pegawai_id, 0),
            umpan_balik_360=None,
        )
        for pegawai_id in ids
    }


def _counts(model, instansi, ids, date_field, start, end) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        model.objects.filter(
            instansi=instansi,
            pegawai_id__in=ids,
            status=DISETUJUI,
            **{f"{date_field}__gte": start, f"{date_field}__lte": end},
        )
        .values_list("pegawai_id")
        .annotate(n=Count("id"))
        .values_list("pegawai_id", "n")
    )
