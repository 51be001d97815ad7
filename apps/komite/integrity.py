"""The tamper-evident record: decisions and penetapan rows are hash-chained per instansi.

Each row's `hash` is sha256 over the hash of the previous row of its instansi (same table) and the
canonical JSON of its own content (every column but `id` and `hash`). A penetapan's content
includes `snapshot_hash`, the digest of the snapshot rows it froze. Rows are appended under a
transaction-level advisory lock per (table, instansi), so two writers never take the same number.
`rantai_periksa` recomputes everything and names the first row that does not match.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection

from .models import KeputusanKomite, Penetapan

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

HASH_AWAL = "0" * 64
# Advisory-lock namespaces (first key) per chained table.
_KUNCI = {KeputusanKomite: 7101, Penetapan: 7102}


def _nilai(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.quantize(decimal.Decimal("0.01")), "f")
    return value


def isi_kanonik(row: KeputusanKomite | Penetapan) -> str:
    """The row's content as canonical JSON: every concrete column except `id` and `hash`."""
    data = {
        field.attname: _nilai(getattr(row, field.attname))
        for field in row._meta.concrete_fields
        if field.attname not in ("id", "hash")
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def hash_hitung(row: KeputusanKomite | Penetapan) -> str:
    payload = f"{row.hash_sebelumnya}\n{isi_kanonik(row)}".encode()
    return hashlib.sha256(payload).hexdigest()


def rantai_tambah(row: KeputusanKomite | Penetapan) -> KeputusanKomite | Penetapan:
    """Number, chain and insert `row` (unsaved, its instansi set) in the caller's transaction."""
    model = type(row)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_KUNCI[model], row.instansi_id])
    terakhir = (
        model.objects.filter(instansi_id=row.instansi_id).order_by("-urutan").values("urutan", "hash").first()
    )
    row.urutan = (terakhir["urutan"] + 1) if terakhir else 1
    row.hash_sebelumnya = terakhir["hash"] if terakhir else HASH_AWAL
    row.hash = hash_hitung(row)
    row.save(force_insert=True)
    return row


_SNAPSHOT_SQL = """
SELECT encode(sha256(convert_to(coalesce(string_agg(baris, E'\\n' ORDER BY kunci), ''), 'UTF8')), 'hex')
FROM (
    SELECT 'p' || lpad(pegawai_id::text, 12, '0') AS kunci,
           concat_ws('|', 'p', pegawai_id, periode, status, coalesce(kotak::text, '-'),
                     coalesce(kotak_dihitung::text, '-'), coalesce(keputusan_id::text, '-'),
                     coalesce(skor_potensial::text, '-'), coalesce(skor_kinerja::text, '-'),
                     talent_pool, krs_nasional, coalesce(aturan_id::text, '-'),
                     coalesce(aturan_versi::text, '-'), inputs_hash, nama, nip, status_kepegawaian,
                     nama_jabatan, jenjang_fungsional, unit_kerja_nama) AS baris
    FROM komite_snapshotpenempatan WHERE instansi_id = %(instansi)s AND penetapan_id = %(penetapan)s
    UNION ALL
    SELECT 's' || lpad(jabatan_kunci_id::text, 12, '0') || peran || lpad(urutan::text, 5, '0'),
           concat_ws('|', 's', jabatan_kunci_id, pegawai_id, peran, kesiapan, urutan, keputusan_id,
                     nama, nip, status_kepegawaian, nama_jabatan, jenjang_fungsional, unit_kerja_nama,
                     jabatan_kunci_nama, jabatan_kunci_unit, pemegang_nama)
    FROM komite_snapshotsuksesor WHERE instansi_id = %(instansi)s AND penetapan_id = %(penetapan)s
) AS isi
"""


def snapshot_digest(*, instansi_id: int, penetapan_id: int) -> str:
    """sha256 of a penetapan's snapshot rows, computed in the database (100k rows in one pass)."""
    with connection.cursor() as cursor:
        cursor.execute(_SNAPSHOT_SQL, {"instansi": instansi_id, "penetapan": penetapan_id})
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class MasalahRantai:
    model: str
    urutan: int
    pk: int
    alasan: str

    def __str__(self) -> str:
        return f"{self.model} nomor urut {self.urutan} (id {self.pk}): {self.alasan}"


def rantai_periksa(*, instansi: Instansi) -> list[MasalahRantai]:
    """Walk both chains of the instansi; for each, the first row that does not match (if any)."""
    masalah: list[MasalahRantai] = []
    for model in (KeputusanKomite, Penetapan):
        sebelumnya = HASH_AWAL
        for nomor, row in enumerate(model.objects.filter(instansi=instansi).order_by("urutan").iterator(), 1):
            alasan = ""
            if row.urutan != nomor:
                alasan = f"nomor urut {row.urutan}, seharusnya {nomor} (baris hilang atau disisipkan)"
            elif row.hash_sebelumnya != sebelumnya:
                alasan = "hash baris sebelumnya tidak cocok"
            elif row.hash != hash_hitung(row):
                alasan = "isi baris tidak cocok dengan hash-nya (isi diubah)"
            elif (
                isinstance(row, Penetapan)
                and row.hasil == Penetapan.Hasil.DITETAPKAN
                and snapshot_digest(instansi_id=row.instansi_id, penetapan_id=row.pk) != row.snapshot_hash
            ):
                alasan = "snapshot penempatan atau suksesor tidak cocok dengan hash-nya"
            if alasan:
                masalah.append(MasalahRantai(model._meta.verbose_name, row.urutan, row.pk, alasan))
                break
            sebelumnya = row.hash
    return masalah
