"""National reads. The only cross-tenant reads in the code base, and only of summary rows."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, Max, Min, Sum
from django_scopes import scope

from apps.instansi.models import Instansi, Wilayah

from .models import KOTAK_KEYS, RingkasanInstansi


@contextmanager
def nasional_scope():
    """All tenants at once: allowed here only, over aggregated tables without personal data."""
    with scope(instansi=None):
        yield


@dataclass(frozen=True)
class ProvinsiRekap:
    provinsi: Wilayah
    jumlah_daerah_otonom: int
    jumlah_instansi: int
    jumlah_pengguna: int
    jumlah_unit_kerja: int


def rekap_per_provinsi() -> list[ProvinsiRekap]:
    """One row per province: how many of its governments use Talenta and their totals."""
    provinces = list(Wilayah.objects.filter(jenis=Wilayah.Jenis.PROVINSI).order_by("kode"))
    # Autonomous kab/kota per province, plus the province government itself.
    otonom = dict(
        Wilayah.objects.filter(jenis__in=[Wilayah.Jenis.KABUPATEN, Wilayah.Jenis.KOTA])
        .values_list("induk_id")
        .annotate(n=Count("id"))
    )
    instansi_counts = dict(
        Instansi.objects.filter(aktif=True).values_list("provinsi_id").annotate(n=Count("id"))
    )
    with nasional_scope():
        totals = {
            row["instansi__provinsi_id"]: row
            for row in RingkasanInstansi.objects.filter(instansi__aktif=True)
            .values("instansi__provinsi_id")
            .annotate(pengguna=Sum("jumlah_pengguna"), unit=Sum("jumlah_unit_kerja"))
        }
    return [
        ProvinsiRekap(
            provinsi=provinsi,
            jumlah_daerah_otonom=otonom.get(provinsi.pk, 0) + 1,
            jumlah_instansi=instansi_counts.get(provinsi.pk, 0),
            jumlah_pengguna=(totals.get(provinsi.pk) or {}).get("pengguna") or 0,
            jumlah_unit_kerja=(totals.get(provinsi.pk) or {}).get("unit") or 0,
        )
        for provinsi in provinces
    ]


def ringkasan_list_for_provinsi(*, provinsi: Wilayah) -> list[RingkasanInstansi]:
    with nasional_scope():
        return list(
            RingkasanInstansi.objects.filter(instansi__provinsi=provinsi, instansi__aktif=True)
            .select_related("instansi")
            .order_by("instansi__kode")
        )


def ringkasan_list() -> list[RingkasanInstansi]:
    with nasional_scope():
        return list(RingkasanInstansi.objects.select_related("instansi").order_by("instansi__kode"))


def ringkasan_last_refresh():
    with nasional_scope():
        return RingkasanInstansi.objects.aggregate(last=Max("diperbarui_pada"))["last"]


# --- keadilan: the fairness lens's read of the summary rows (apps/nasional/keadilan.py) ----------


@dataclass(frozen=True)
class RingkasanKelompok:
    kelompok: dict  # {dimensi: {kelompok: {"n", "pool", "kotak": {"1".."9": n}}}}, summed
    jumlah_instansi: int
    diperbarui_min: datetime | None
    diperbarui_max: datetime | None


_KELOMPOK_JUMLAH_SQL = """
    SELECT d.key, g.key,
           SUM(COALESCE((g.value ->> 'n')::bigint, 0)),
           SUM(COALESCE((g.value ->> 'pool')::bigint, 0)),
           {kotak}
      FROM {ringkasan} r
      JOIN {instansi} i ON i.id = r.instansi_id
     CROSS JOIN LATERAL jsonb_each(r.kelompok) d
     CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(d.value) = 'object' THEN d.value END) g
     WHERE r.periode = %s AND i.aktif AND jsonb_typeof(r.kelompok) = 'object' {provinsi}
     GROUP BY 1, 2
"""


def ringkasan_kelompok_jumlah(*, periode: int, provinsi: Wilayah | None = None) -> RingkasanKelompok:
    """The group breakdowns (`kelompok`) of the active instansi's summary rows of one period, of one
    province or all, summed by PostgreSQL (jsonb_each) so that 546 rows' JSON never leaves the
    database; with how many rows were summed and their oldest and newest refresh. Two queries,
    whatever the number of instansi."""
    kotak = ", ".join(f"SUM(COALESCE((g.value -> 'kotak' ->> '{k}')::bigint, 0))" for k in KOTAK_KEYS)
    sql = _KELOMPOK_JUMLAH_SQL.format(
        kotak=kotak,
        ringkasan=connection.ops.quote_name(RingkasanInstansi._meta.db_table),
        instansi=connection.ops.quote_name(Instansi._meta.db_table),
        provinsi="AND i.provinsi_id = %s" if provinsi is not None else "",
    )
    params = [periode] + ([provinsi.pk] if provinsi is not None else [])
    kelompok: dict[str, dict[str, dict]] = {}
    with nasional_scope():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for dimensi, kode, n, pool, *per_kotak in cursor.fetchall():
                kelompok.setdefault(dimensi, {})[kode] = {
                    "n": int(n),
                    "pool": int(pool),
                    "kotak": {k: int(v) for k, v in zip(KOTAK_KEYS, per_kotak, strict=True) if v},
                }
        rows = RingkasanInstansi.objects.filter(periode=periode, instansi__aktif=True)
        if provinsi is not None:
            rows = rows.filter(instansi__provinsi=provinsi)
        meta = rows.aggregate(jumlah=Count("pk"), dari=Min("diperbarui_pada"), sampai=Max("diperbarui_pada"))
    return RingkasanKelompok(
        kelompok=kelompok,
        jumlah_instansi=meta["jumlah"],
        diperbarui_min=meta["dari"],
        diperbarui_max=meta["sampai"],
    )


def ringkasan_periode_list() -> list[int]:
    """The periods that have summary rows, newest first."""
    with nasional_scope():
        return list(
            RingkasanInstansi.objects.order_by("-periode").values_list("periode", flat=True).distinct()
        )
