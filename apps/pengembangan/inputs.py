"""Batched loading of what an IDP draft is made from (`generator.IdpInputs`), from stored rows only:
the placement of the period, the latest asesmen's competencies, the candidacies for key posts with
their competency standards, the approved training hours of the year, the approved education and
the level it needs. A fixed number of queries per batch, whatever its size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Sum

from apps.asesmen.models import Asesmen, AsesmenKompetensi
from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai, RiwayatDiklat, RiwayatPendidikan, StatusVerifikasi
from apps.petatalenta.engine import Aturan as AturanTalenta
from apps.petatalenta.models import Penempatan
from apps.petatalenta.selectors import aturan_aktif_konfigurasi
from apps.suksesi.models import Kandidat
from apps.suksesi.selectors import aturan_suksesi_berlaku

from .generator import PENDIDIKAN_LABEL, PENDIDIKAN_PERINGKAT, GapKompetensi, IdpInputs

# Levels whose post needs a minimum education in the succession rule set (pelaksana: none).
TINGKAT_PENDIDIKAN = ("jpt_pratama", "administrator", "pengawas", "fungsional")


def _kunci(nama: str) -> str:
    return " ".join(nama.lower().split())


def target_jp_baca(*, instansi: Instansi) -> int:
    """The yearly training-hour target of the active talent rule set (20 by default)."""
    try:
        return AturanTalenta.from_config(aturan_aktif_konfigurasi(instansi=instansi)).target_jp_per_tahun
    except Exception:  # an unreadable stored rule set: the national default
        return AturanTalenta().target_jp_per_tahun


def idp_inputs_load(
    *, instansi: Instansi, pegawai: list[Pegawai], tahun: int, periode: int
) -> dict[int, IdpInputs]:
    ids = [p.pk for p in pegawai]
    if not ids:
        return {}
    target_jp = target_jp_baca(instansi=instansi)
    aturan_suksesi = aturan_suksesi_berlaku(instansi=instansi)

    penempatan = {
        row["pegawai_id"]: row
        for row in Penempatan.objects.filter(instansi=instansi, periode=periode, pegawai_id__in=ids).values(
            "pegawai_id", "kotak", "level_kinerja"
        )
    }
    # The latest asesmen of each pegawai and its competencies.
    terbaru: dict[int, int] = {}
    for row in (
        Asesmen.objects.filter(instansi=instansi, pegawai_id__in=ids)
        .order_by("pegawai_id", "-tanggal", "-id")
        .distinct("pegawai_id")
        .values("pegawai_id", "id")
    ):
        terbaru[row["pegawai_id"]] = row["id"]
    kompetensi: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    pemilik = {asesmen_id: pegawai_id for pegawai_id, asesmen_id in terbaru.items()}
    for row in AsesmenKompetensi.objects.filter(instansi=instansi, asesmen_id__in=list(pemilik)).values(
        "asesmen_id", "kompetensi", "level_standar", "level_individu"
    ):
        kompetensi[pemilik[row["asesmen_id"]]].append(
            (row["kompetensi"], row["level_standar"], row["level_individu"])
        )
    # Candidacies for key posts (stored by the succession flush) with each post's standard.
    kandidat: dict[int, list[tuple[str, str, list]]] = defaultdict(list)
    for row in Kandidat.objects.filter(instansi=instansi, pegawai_id__in=ids).values(
        "pegawai_id",
        "jabatan_kunci__nama",
        "jabatan_kunci__jenis_jabatan",
        "jabatan_kunci__standar_kompetensi",
    ):
        kandidat[row["pegawai_id"]].append(
            (
                row["jabatan_kunci__nama"],
                row["jabatan_kunci__jenis_jabatan"],
                row["jabatan_kunci__standar_kompetensi"] or [],
            )
        )
    jp = dict(
        RiwayatDiklat.objects.filter(
            instansi=instansi,
            pegawai_id__in=ids,
            status=StatusVerifikasi.DISETUJUI,
            tanggal_selesai__gte=dt.date(tahun, 1, 1),
            tanggal_selesai__lte=dt.date(tahun, 12, 31),
        )
        .values("pegawai_id")
        .annotate(n=Sum("jam_pelajaran"))
        .values_list("pegawai_id", "n")
    )
    pendidikan: dict[int, str] = {}
    for pegawai_id, jenjang in RiwayatPendidikan.objects.filter(
        instansi=instansi, pegawai_id__in=ids, status=StatusVerifikasi.DISETUJUI
    ).values_list("pegawai_id", "jenjang"):
        if PENDIDIKAN_PERINGKAT.get(jenjang, 0) > PENDIDIKAN_PERINGKAT.get(pendidikan.get(pegawai_id, ""), 0):
            pendidikan[pegawai_id] = jenjang

    hasil = {}
    for p in pegawai:
        tempat = penempatan.get(p.pk, {})
        milik = kompetensi.get(p.pk, [])
        level = {_kunci(nama): individu for nama, _standar, individu in milik}
        gaps = tuple(
            GapKompetensi(nama, standar, individu) for nama, standar, individu in milik if individu < standar
        )
        kunci_gaps = []
        perlu, untuk = None, ""
        if p.jenis_jabatan in TINGKAT_PENDIDIKAN:
            perlu = aturan_suksesi.pendidikan_minimum.get(aturan_suksesi.kelompok_pendidikan(p.jenis_jabatan))
            untuk = p.nama_jabatan
        for nama, tingkat, standar in kandidat.get(p.pk, []):
            for item in standar:
                target = int(item.get("level") or 0)
                individu = level.get(_kunci(str(item.get("kompetensi", ""))))
                if target and (individu is None or individu < target):
                    kunci_gaps.append(GapKompetensi(str(item["kompetensi"]), target, individu, nama))
            butuh = aturan_suksesi.pendidikan_minimum.get(aturan_suksesi.kelompok_pendidikan(tingkat))
            if butuh and PENDIDIKAN_PERINGKAT.get(butuh, 0) > PENDIDIKAN_PERINGKAT.get(perlu or "", 0):
                perlu, untuk = butuh, nama
        hasil[p.pk] = IdpInputs(
            tahun=tahun,
            kotak=tempat.get("kotak"),
            level_kinerja=tempat.get("level_kinerja") or "",
            kompetensi=gaps,
            jabatan_kunci=tuple(kunci_gaps),
            jp_tahun=int(jp.get(p.pk) or 0),
            target_jp=target_jp,
            pendidikan=pendidikan.get(p.pk),
            pendidikan_minimum=perlu if perlu in PENDIDIKAN_LABEL else None,
            pendidikan_untuk=untuk,
        )
    return hasil
