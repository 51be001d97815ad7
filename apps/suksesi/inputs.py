"""Batched loading of the succession engine's inputs: a fixed number of queries per batch of
pegawai, never queries per pegawai (plain SQL over `= ANY(<array>)`, like the talent loader, whose
asesmen and SKP queries it shares). Every query names the instansi explicitly."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection

from apps.pegawai.models import StatusVerifikasi
from apps.pegawai.referensi import JENJANG_PENDIDIKAN_URUTAN
from apps.petatalenta.inputs import asesmen_terbaru_rows, skp_tahunan_rows
from apps.petatalenta.pgarray import int_array

from .engine import (
    AsesmenKandidat,
    HukumanKandidat,
    KandidatInputs,
    PeriodeJabatan,
    SertifikatKandidat,
    kompetensi_normal,
    tingkat_dari,
)

DISETUJUI = StatusVerifikasi.DISETUJUI.value
DIAJUKAN = StatusVerifikasi.DIAJUKAN.value
# SKP years read: enough for any rule set (skp_tahun is at most 5).
SKP_TAHUN_MAKS = 5
QUERIES = 9  # what kandidat_inputs_load runs, whatever the batch size (a test holds it to this)


def kandidat_inputs_load(
    *, instansi, pegawai_ids: list[int], tanggal_acuan: dt.date
) -> dict[int, KandidatInputs]:
    """Inputs of every active pegawai of the instansi among `pegawai_ids` (others are left out:
    inactive, transferred, unknown), as of `tanggal_acuan`, in QUERIES queries."""
    ids = list(dict.fromkeys(pegawai_ids))
    if not ids:
        return {}
    instansi_id = instansi.pk
    array = int_array(ids)
    params = {
        "instansi": instansi_id,
        "ids": array,
        "ok": DISETUJUI,
        "menunggu": DIAJUKAN,
        "acuan": tanggal_acuan,
    }
    menunggu: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:

        def rows(sql: str):
            cursor.execute(sql, params)
            return cursor.fetchall()

        pegawai = {
            row[0]: row[1:]
            for row in rows(
                """SELECT id, status_kepegawaian, tanggal_lahir, jenis_jabatan, jenjang_fungsional, golongan
                     FROM pegawai_pegawai
                    WHERE instansi_id = %(instansi)s AND id = ANY(%(ids)s::bigint[]) AND aktif"""
            )
        }
        penempatan = {row[0]: row[1:] for row in rows_periode(cursor, instansi_id, array, tanggal_acuan.year)}
        jabatan: dict[int, list[PeriodeJabatan]] = defaultdict(list)
        for pegawai_id, status, jenis, jenjang, mulai, selesai in rows(
            """SELECT pegawai_id, status, jenis_jabatan, jenjang_fungsional, tmt_mulai, tmt_selesai
                 FROM pegawai_riwayatjabatan
                WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[])
                  AND status IN (%(ok)s, %(menunggu)s)"""
        ):
            if status == DISETUJUI:
                jabatan[pegawai_id].append(
                    PeriodeJabatan(
                        tingkat_dari(jenis_jabatan=jenis, jenjang_fungsional=jenjang), mulai, selesai
                    )
                )
            else:
                menunggu[pegawai_id]["jabatan"] += 1
        pendidikan: dict[int, str] = {}
        jurusan: dict[int, list[str]] = defaultdict(list)
        for pegawai_id, status, jenjang, nama_jurusan in rows(
            """SELECT pegawai_id, status, jenjang, jurusan FROM pegawai_riwayatpendidikan
                WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[])
                  AND status IN (%(ok)s, %(menunggu)s)"""
        ):
            if status != DISETUJUI:
                menunggu[pegawai_id]["pendidikan"] += 1
                continue
            current = pendidikan.get(pegawai_id)
            if current is None or JENJANG_PENDIDIKAN_URUTAN.get(jenjang, 0) > JENJANG_PENDIDIKAN_URUTAN.get(
                current, 0
            ):
                pendidikan[pegawai_id] = jenjang
            if nama_jurusan.strip():
                jurusan[pegawai_id].append(nama_jurusan.strip())
        skp: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pegawai_id, tahun, predikat in skp_tahunan_rows(
            cursor,
            instansi_id=instansi_id,
            ids=array,
            tahun_dari=tanggal_acuan.year - SKP_TAHUN_MAKS,
            tahun_sebelum=tanggal_acuan.year,
        ):
            skp[pegawai_id].append((tahun, predikat))
        asesmen_rows = asesmen_terbaru_rows(
            cursor, instansi_id=instansi_id, ids=array, tanggal_acuan=tanggal_acuan
        )
        kompetensi: dict[int, list[tuple[str, int]]] = defaultdict(list)
        cursor.execute(
            """SELECT asesmen_id, kompetensi, level_individu FROM asesmen_asesmenkompetensi
                WHERE instansi_id = %s AND asesmen_id = ANY(%s::bigint[])""",
            [instansi_id, int_array(row[1] for row in asesmen_rows)],
        )
        for asesmen_id, nama, level in cursor.fetchall():
            kompetensi[asesmen_id].append((kompetensi_normal(nama), level))
        asesmen = {
            pegawai_id: AsesmenKandidat(
                tanggal=tanggal,
                berlaku_sampai=berlaku,
                jpm=jpm,
                nilai_potensi=potensi,
                kompetensi=tuple(sorted(kompetensi.get(asesmen_id, ()))),
            )
            for pegawai_id, asesmen_id, tanggal, berlaku, potensi, jpm in asesmen_rows
        }
        hukuman: dict[int, list[HukumanKandidat]] = defaultdict(list)
        for pegawai_id, status, tingkat, mulai, selesai in rows(
            """SELECT pegawai_id, status, tingkat, tmt_mulai, tmt_selesai FROM pegawai_hukumandisiplin
                WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[])
                  AND status IN (%(ok)s, %(menunggu)s) AND tmt_mulai <= %(acuan)s"""
        ):
            hukuman[pegawai_id].append(HukumanKandidat(tingkat, mulai, selesai, status == DISETUJUI))
        sertifikat: dict[int, list[SertifikatKandidat]] = defaultdict(list)
        for pegawai_id, jenis, status, nama, berlaku in rows(
            """SELECT pegawai_id, 'sertifikat', status, nama, berlaku_sampai FROM pegawai_sertifikat
                WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[])
                  AND status IN (%(ok)s, %(menunggu)s)
               UNION ALL
               SELECT pegawai_id, 'diklat', status, nama, NULL FROM pegawai_riwayatdiklat
                WHERE instansi_id = %(instansi)s AND pegawai_id = ANY(%(ids)s::bigint[])
                  AND status IN (%(ok)s, %(menunggu)s)"""
        ):
            if status == DISETUJUI:
                sertifikat[pegawai_id].append(SertifikatKandidat(nama, berlaku))
            else:
                menunggu[pegawai_id][jenis] += 1

    out: dict[int, KandidatInputs] = {}
    for pegawai_id in ids:
        if pegawai_id not in pegawai:
            continue
        status, lahir, jenis, jenjang, golongan = pegawai[pegawai_id]
        kotak, status_penempatan, pool, skor_p, skor_k = penempatan.get(
            pegawai_id, (None, "", False, None, None)
        )
        out[pegawai_id] = KandidatInputs(
            pegawai_id=pegawai_id,
            status_kepegawaian=status,
            tanggal_lahir=lahir,
            tingkat=tingkat_dari(jenis_jabatan=jenis, jenjang_fungsional=jenjang),
            golongan=golongan,
            jabatan=tuple(sorted(jabatan.get(pegawai_id, ()), key=lambda p: (p.tmt_mulai, p.tingkat))),
            menunggu=tuple(sorted(menunggu[pegawai_id].items())) if pegawai_id in menunggu else (),
            pendidikan=pendidikan.get(pegawai_id),
            jurusan=tuple(sorted(jurusan.get(pegawai_id, ()))),
            skp=tuple(sorted(skp.get(pegawai_id, ()))),
            asesmen=asesmen.get(pegawai_id),
            hukuman=tuple(sorted(hukuman.get(pegawai_id, ()), key=lambda h: (h.tmt_mulai, h.tingkat))),
            sertifikat=tuple(
                sorted(sertifikat.get(pegawai_id, ()), key=lambda s: (s.nama, str(s.berlaku_sampai)))
            ),
            kotak=kotak,
            status_penempatan=status_penempatan or "",
            talent_pool=bool(pool),
            skor_potensial=skor_p,
            skor_kinerja=skor_k,
        )
    return out


def rows_periode(cursor, instansi_id: int, ids: str, periode: int) -> list[tuple]:
    """(pegawai_id, kotak, status, talent_pool, skor_potensial, skor_kinerja) of the placements of
    `periode`."""
    cursor.execute(
        """SELECT pegawai_id, kotak, status, talent_pool, skor_potensial, skor_kinerja
             FROM petatalenta_penempatan
            WHERE instansi_id = %s AND pegawai_id = ANY(%s::bigint[]) AND periode = %s""",
        [instansi_id, ids, periode],
    )
    return cursor.fetchall()


def krs_pegawai_load(*, instansi, periode: int, pegawai_ids: list[int] | None = None) -> dict[int, str]:
    """{pegawai id: current level} of the instansi's active pegawai in the talent pool of
    `periode` (a final placement in a pool box): the feeder pool of every key post, before the
    path's levels are applied. `pegawai_ids` restricts it to those pegawai. One query."""
    ids = None if pegawai_ids is None else int_array(pegawai_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT p.id, p.jenis_jabatan, p.jenjang_fungsional
                 FROM pegawai_pegawai p
                 JOIN petatalenta_penempatan t
                   ON t.pegawai_id = p.id AND t.instansi_id = p.instansi_id AND t.periode = %s
                WHERE p.instansi_id = %s AND p.aktif AND t.status = 'final' AND t.talent_pool
                  AND (%s::bigint[] IS NULL OR p.id = ANY(%s::bigint[]))""",
            [periode, instansi.pk, ids, ids],
        )
        return {
            pegawai_id: tingkat_dari(jenis_jabatan=jenis, jenjang_fungsional=jenjang)
            for pegawai_id, jenis, jenjang in cursor.fetchall()
        }
