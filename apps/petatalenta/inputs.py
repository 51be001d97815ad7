"""Batched loading of the engine's inputs: a fixed handful of queries per batch of pegawai, never
queries per pegawai. Only verified (disetujui) portfolio items are read; asesmen and SKP are the
instansi's own records (they stay with the instansi that produced them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection

from apps.kinerja.models import Periode
from apps.kinerja.selectors import umpan_balik_berlaku_dari
from apps.pegawai.models import (
    StatusVerifikasi,
)
from apps.pegawai.referensi import JENJANG_PENDIDIKAN_URUTAN

from .engine import AsesmenInput, Aturan, HukumanInput, PenempatanInputs
from .pgarray import int_array, text_array

DISETUJUI = StatusVerifikasi.DISETUJUI
# Awards count for five years (Kepka BKN 411 socialisation).
MASA_PENGHARGAAN_TAHUN = 5


HARI_SETAHUN = Decimal("365.25")
SEPERSEPULUH = Decimal("0.1")


def asesmen_terbaru_rows(cursor, *, instansi_id: int, ids: str, tanggal_acuan: dt.date) -> list[tuple]:
    """(pegawai_id, id, tanggal, berlaku_sampai, nilai_potensi, jpm) of each pegawai's latest
    asesmen on or before the reference date, valid or not (the engines decide); `ids` is an
    int_array literal. Shared by the talent and the succession loaders."""
    cursor.execute(
        """SELECT DISTINCT ON (pegawai_id) pegawai_id, id, tanggal, berlaku_sampai, nilai_potensi, jpm
              FROM asesmen_asesmen
             WHERE instansi_id = %s AND pegawai_id = ANY(%s::bigint[]) AND tanggal <= %s
             ORDER BY pegawai_id, tanggal DESC, id DESC""",
        [instansi_id, ids, tanggal_acuan],
    )
    return cursor.fetchall()


def skp_tahunan_rows(
    cursor, *, instansi_id: int, ids: str, tahun_dari: int, tahun_sebelum: int
) -> list[tuple]:
    """(pegawai_id, tahun, predikat) of the annual SKPs of years [tahun_dari, tahun_sebelum)."""
    cursor.execute(
        """SELECT pegawai_id, tahun, predikat FROM kinerja_skp
             WHERE instansi_id = %s AND pegawai_id = ANY(%s::bigint[]) AND periode = %s
               AND tahun >= %s AND tahun < %s""",
        [instansi_id, ids, Periode.TAHUNAN.value, tahun_dari, tahun_sebelum],
    )
    return cursor.fetchall()


def penempatan_inputs_load(
    *, instansi, pegawai_ids: list[int], tanggal_acuan: dt.date, aturan: Aturan
) -> dict[int, PenempatanInputs]:
    """Inputs for every pegawai id, in ten queries whatever the batch size.

    Plain SQL with `pegawai_id = ANY(<array>)`: the same reads as the ORM would make, without
    compiling a 1,000-value IN list per query (a bulk recompute runs them for every batch). Every
    query names the instansi explicitly, as the tenant-scoped managers would.
    """
    ids = list(pegawai_ids)
    if not ids:
        return {}
    instansi_id = instansi.pk
    window_start = dt.date(tanggal_acuan.year - aturan.jendela_tahun, 1, 1)
    award_start = dt.date(tanggal_acuan.year - MASA_PENGHARGAAN_TAHUN, 1, 1)
    params = {
        "instansi": instansi_id,
        "ids": int_array(ids),
        "ok": DISETUJUI.value,
        "acuan": tanggal_acuan,
        "window": window_start,
        "award": award_start,
        "skp_from": tanggal_acuan.year - aturan.jendela_tahun,
        "skp_to": tanggal_acuan.year,
        "jenjang": text_array(JENJANG_PENDIDIKAN_URUTAN),
        "ubl_dari": umpan_balik_berlaku_dari(tanggal_acuan),
    }
    with connection.cursor() as cursor:

        def rows(sql: str):
            cursor.execute(sql, params)
            return cursor.fetchall()

        # The latest asesmen on or before the reference date (valid or not: the engine decides).
        asesmen = {
            pegawai_id: AsesmenInput(tanggal=tanggal, berlaku_sampai=berlaku, nilai_potensi=potensi, jpm=jpm)
            for pegawai_id, _id, tanggal, berlaku, potensi, jpm in asesmen_terbaru_rows(
                cursor, instansi_id=instansi_id, ids=params["ids"], tanggal_acuan=tanggal_acuan
            )
        }
        skp: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pegawai_id, tahun, predikat in skp_tahunan_rows(
            cursor,
            instansi_id=instansi_id,
            ids=params["ids"],
            tahun_dari=params["skp_from"],
            tahun_sebelum=params["skp_to"],
        ):
            skp[pegawai_id].append((tahun, predikat))
        jp = dict(
            rows(
                """SELECT pegawai_id, SUM(jam_pelajaran) FROM pegawai_riwayatdiklat
                     WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[]) AND status = %(ok)s AND tanggal_selesai >= %(window)s AND tanggal_selesai <= %(acuan)s
                     GROUP BY pegawai_id"""
            )
        )
        # Days in each approved post up to the reference date, summed per pegawai; divided once
        # (the sum of the per-post years, exact to 0.1 year: never near a rounding tie).
        hari_jabatan = dict(
            rows(
                """SELECT pegawai_id,
                           SUM(GREATEST(0, LEAST(COALESCE(tmt_selesai, %(acuan)s), %(acuan)s) - tmt_mulai))
                      FROM pegawai_riwayatjabatan
                     WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[]) AND status = %(ok)s AND tmt_mulai <= %(acuan)s
                     GROUP BY pegawai_id"""
            )
        )
        # The highest approved level, in the order of JenjangPendidikan.
        pendidikan = dict(
            rows(
                """SELECT DISTINCT ON (pegawai_id) pegawai_id, jenjang
                      FROM pegawai_riwayatpendidikan
                     WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[]) AND status = %(ok)s
                     ORDER BY pegawai_id, array_position(%(jenjang)s::text[], jenjang::text) DESC NULLS LAST"""
            )
        )
        hukuman: dict[int, list[HukumanInput]] = defaultdict(list)
        for pegawai_id, tingkat, mulai, selesai in rows(
            """SELECT pegawai_id, tingkat, tmt_mulai, tmt_selesai FROM pegawai_hukumandisiplin
                 WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[]) AND status = %(ok)s AND tmt_mulai <= %(acuan)s"""
        ):
            hukuman[pegawai_id].append(HukumanInput(tingkat=tingkat, tmt_mulai=mulai, tmt_selesai=selesai))
        penghargaan = dict(
            rows(
                """SELECT pegawai_id, COUNT(*) FROM pegawai_penghargaan
                     WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[]) AND status = %(ok)s AND tanggal >= %(award)s AND tanggal <= %(acuan)s GROUP BY pegawai_id"""
            )
        )
        sk_tim = dict(
            rows(
                """SELECT pegawai_id, COUNT(*) FROM pegawai_sktimkerja
                     WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[]) AND status = %(ok)s AND tanggal_sk >= %(window)s AND tanggal_sk <= %(acuan)s GROUP BY pegawai_id"""
            )
        )

        # Kesesuaian bidang pendidikan counts only when a verifier judged an approved education
        # item against the pegawai's current jabatan (by name): any fitting one is enough; a
        # judgement against an earlier jabatan, one made before the item was last verified (the ASN
        # changed it since), or none, leaves it unknown (fail closed).
        kesesuaian = dict(
            rows(
                """SELECT r.pegawai_id, BOOL_OR(r.sesuai_jabatan)
                      FROM pegawai_riwayatpendidikan r
                      JOIN pegawai_pegawai p ON p.id = r.pegawai_id AND p.instansi_id = r.instansi_id
                     WHERE r.instansi_id = %(instansi)s AND r.pegawai_id = ANY(%(ids)s::bigint[]) AND r.status = %(ok)s
                       AND r.sesuai_jabatan IS NOT NULL AND r.kesesuaian_jabatan = p.nama_jabatan
                       AND (r.diverifikasi_pada IS NULL OR r.kesesuaian_dinilai_pada >= r.diverifikasi_pada)
                     GROUP BY r.pegawai_id"""
            )
        )
        # The latest 360° feedback inside its validity window (none there: unknown, scores nothing).
        umpan_balik = dict(
            rows(
                """SELECT DISTINCT ON (pegawai_id) pegawai_id, skor FROM kinerja_umpanbalik360
                     WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[])
                       AND tanggal <= %(acuan)s AND tanggal > %(ubl_dari)s
                     ORDER BY pegawai_id, tanggal DESC, id DESC"""
            )
        )

    empty: tuple = ()
    return {
        pegawai_id: PenempatanInputs(
            tanggal_acuan=tanggal_acuan,
            asesmen=asesmen.get(pegawai_id),
            skp_tahunan=tuple(sorted(skp[pegawai_id])) if pegawai_id in skp else empty,
            jp_pengembangan=int(jp.get(pegawai_id) or 0),
            tahun_pengalaman=(
                (Decimal(hari_jabatan[pegawai_id]) / HARI_SETAHUN).quantize(SEPERSEPULUH)
                if pegawai_id in hari_jabatan
                else None
            ),
            jenjang_pendidikan=pendidikan.get(pegawai_id),
            pendidikan_sesuai=kesesuaian.get(pegawai_id),
            hukuman=(
                tuple(sorted(hukuman[pegawai_id], key=lambda h: (h.tmt_mulai, h.tingkat)))
                if pegawai_id in hukuman
                else empty
            ),
            jumlah_penghargaan=penghargaan.get(pegawai_id, 0),
            jumlah_sk_tim=sk_tim.get(pegawai_id, 0),
            umpan_balik_360=umpan_balik.get(pegawai_id),
        )
        for pegawai_id in ids
    }
