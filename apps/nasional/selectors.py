"""National reads. The only cross-tenant reads in the code base, and only of summary rows."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Count, Max, Sum
from django_scopes import scope

from apps.instansi.models import Instansi, Wilayah

from .models import RingkasanInstansi


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


def ringkasan_kelompok_list(*, periode: int, provinsi: Wilayah | None = None) -> list[dict]:
    """The group breakdowns (`kelompok`) and refresh times of the active instansi's summary rows of
    one period, of one province or all: one query, whatever the number of instansi."""
    with nasional_scope():
        rows = RingkasanInstansi.objects.filter(periode=periode, instansi__aktif=True)
        if provinsi is not None:
            rows = rows.filter(instansi__provinsi=provinsi)
        return list(rows.order_by().values("kelompok", "diperbarui_pada"))


def ringkasan_periode_list() -> list[int]:
    """The periods that have summary rows, newest first."""
    with nasional_scope():
        return list(
            RingkasanInstansi.objects.order_by("-periode").values_list("periode", flat=True).distinct()
        )
