"""Reads of the penetapan part: the PPK's queue, the PPK's past answers, the penetapan in force for a
period, one pegawai's established placement, and the established map side by side with the
current computed one (with the `berbeda` marker). Nothing here computes a placement: every value is
a stored row (the snapshot frozen by the penetapan, the placement the workers keep recomputing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from apps.petatalenta.models import Penempatan
from apps.suksesi.selectors import perangkat_daerah_q

from .models import AgendaSidang, KeputusanKomite, Penetapan, Sidang, SnapshotPenempatan, SnapshotSuksesor

if TYPE_CHECKING:
    from apps.instansi.models import Instansi, UnitKerja
    from apps.pegawai.models import Pegawai


def penetapan_antrian(*, instansi: Instansi) -> QuerySet[Sidang]:
    """Closed sessions waiting for the PPK's answer, oldest closed first."""
    return (
        Sidang.objects.filter(instansi=instansi, status=Sidang.Status.SELESAI)
        .select_related("ditutup_oleh")
        .order_by("ditutup_pada", "tanggal", "pk")
    )


def penetapan_riwayat_list(*, instansi: Instansi) -> QuerySet[Penetapan]:
    """The PPK's past answers (set or returned), newest first."""
    return Penetapan.objects.filter(instansi=instansi).select_related("sidang", "oleh").order_by("-urutan")


def sidang_penetapan_get(*, instansi: Instansi, pk: object) -> Sidang | None:
    """One session of the instansi (another instansi's id answers None, like an unknown one)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Sidang.objects.filter(instansi=instansi, pk=pk).first()


def penetapan_untuk_sidang(*, sidang: Sidang) -> Penetapan | None:
    """The PPK's answer to `sidang` (at most one), or None while it waits."""
    return Penetapan.objects.filter(instansi=sidang.instansi, sidang=sidang).select_related("oleh").first()


def penetapan_berlaku(*, instansi: Instansi, periode: int) -> Penetapan | None:
    """The penetapan in force for a period: the latest `ditetapkan` of that period."""
    return (
        Penetapan.objects.filter(instansi=instansi, periode=periode, hasil=Penetapan.Hasil.DITETAPKAN)
        .select_related("sidang")
        .order_by("-urutan")
        .first()
    )


def penetapan_periode_list(*, instansi: Instansi) -> list[int]:
    """Periods with an established talent map, newest first."""
    return sorted(
        set(
            Penetapan.objects.filter(instansi=instansi, hasil=Penetapan.Hasil.DITETAPKAN)
            .order_by()
            .values_list("periode", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def penempatan_ditetapkan_get(
    *, instansi: Instansi, pegawai: Pegawai, periode: int | None = None
) -> SnapshotPenempatan | None:
    """The pegawai's established placement: of the penetapan in force for `periode`, or (without a
    period) of the latest penetapan that froze a placement of theirs. With its penetapan."""
    if periode is not None:
        penetapan = penetapan_berlaku(instansi=instansi, periode=periode)
        if penetapan is None:
            return None
        return (
            SnapshotPenempatan.objects.filter(instansi=instansi, penetapan=penetapan, pegawai=pegawai)
            .select_related("penetapan")
            .first()
        )
    return (
        SnapshotPenempatan.objects.filter(
            instansi=instansi, pegawai=pegawai, penetapan__hasil=Penetapan.Hasil.DITETAPKAN
        )
        .select_related("penetapan")
        .order_by("-periode", "-penetapan__urutan")
        .first()
    )


def ditetapkan_vs_sekarang(
    *,
    instansi: Instansi,
    periode: int,
    perangkat_daerah: UnitKerja | None = None,
    kotak: int | None = None,
    berbeda_saja: bool = False,
) -> QuerySet[SnapshotPenempatan]:
    """The established placements of the period (the penetapan in force) with the pegawai's current
    computed box beside them: `kotak_sekarang`, `status_sekarang` and `berbeda` (the current box is
    not the established one — shown with a marker, never resolved silently). Filters: perangkat
    daerah (with its units), the established box, differences only."""
    penetapan = penetapan_berlaku(instansi=instansi, periode=periode)
    if penetapan is None:
        return SnapshotPenempatan.objects.none()
    sekarang = Penempatan.objects.filter(
        instansi=instansi, periode=periode, pegawai_id=OuterRef("pegawai_id")
    ).order_by()
    queryset = (
        SnapshotPenempatan.objects.filter(instansi=instansi, penetapan=penetapan)
        .annotate(
            kotak_sekarang=Subquery(sekarang.values("kotak")[:1], output_field=IntegerField()),
            status_sekarang=Subquery(sekarang.values("status")[:1]),
        )
        .annotate(
            berbeda=Case(
                When(
                    Q(kotak_sekarang__isnull=True, kotak__isnull=True) | Q(kotak_sekarang=F("kotak")),
                    then=Value(False),
                ),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
        .select_related("pegawai__unit_kerja", "penetapan", "keputusan")
    )
    if perangkat_daerah is not None:
        queryset = queryset.filter(perangkat_daerah_q(perangkat_daerah, prefix="pegawai__unit_kerja"))
    if kotak:
        queryset = queryset.filter(kotak=kotak)
    if berbeda_saja:
        queryset = queryset.filter(berbeda=True)
    return queryset.order_by("-kotak", "pegawai__nama", "pk")


@dataclass(frozen=True)
class RingkasanPenetapan:
    """What setting the session would freeze, from stored rows: the period's placements of active
    pegawai, how many are still being recomputed, and the decisions of the session."""

    jumlah_penempatan: int
    jumlah_kotor: int
    jumlah_kalibrasi_disetujui: int
    jumlah_suksesi: int


def penetapan_ringkasan(*, sidang: Sidang) -> RingkasanPenetapan:
    instansi = sidang.instansi
    penempatan = Penempatan.objects.filter(
        instansi=instansi, periode=sidang.periode, pegawai__instansi=instansi, pegawai__aktif=True
    )
    keputusan = KeputusanKomite.objects.filter(instansi=instansi, sidang=sidang)
    return RingkasanPenetapan(
        jumlah_penempatan=penempatan.count(),
        jumlah_kotor=Penempatan.objects.filter(
            instansi=instansi, periode=sidang.periode, dirty_since__isnull=False
        ).count(),
        jumlah_kalibrasi_disetujui=keputusan.filter(
            jenis=AgendaSidang.Jenis.KALIBRASI, hasil=KeputusanKomite.Hasil.SETUJU
        ).count(),
        jumlah_suksesi=keputusan.filter(jenis=AgendaSidang.Jenis.SUKSESI).count(),
    )


def keputusan_sidang_list(*, sidang: Sidang) -> QuerySet[KeputusanKomite]:
    """The session's decisions in agenda order (for the PPK's summary)."""
    return (
        KeputusanKomite.objects.filter(instansi=sidang.instansi, sidang=sidang)
        .select_related("agenda__unit_kerja", "pegawai", "jabatan_kunci")
        .order_by("agenda__urutan", "urutan")
    )


def agenda_tanpa_keputusan_list(*, sidang: Sidang) -> QuerySet[AgendaSidang]:
    return AgendaSidang.objects.filter(instansi=sidang.instansi, sidang=sidang).exclude(
        Exists(KeputusanKomite.objects.filter(instansi=sidang.instansi, agenda=OuterRef("pk")))
    )


def suksesor_ditetapkan_list(*, penetapan: Penetapan) -> QuerySet[SnapshotSuksesor]:
    return (
        # Posts and people as frozen on the day of the penetapan.
        SnapshotSuksesor.objects.filter(instansi=penetapan.instansi, penetapan=penetapan).order_by(
            "jabatan_kunci_nama", "jabatan_kunci_id", "urutan"
        )
    )
