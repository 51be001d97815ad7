"""Reads of committee sessions: the list, one session with its agenda and attendance, the choices
of the agenda form, and the summary card of the Komite home page. Stored rows only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.instansi.models import UnitKerja
from apps.pegawai.models import Pegawai
from apps.petatalenta.models import Penempatan
from apps.suksesi.models import JabatanKunci

from .models import AgendaSidang, KehadiranSidang, Sidang

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


def sidang_list(*, instansi: Instansi, periode: int | None = None, status: str = "") -> QuerySet[Sidang]:
    qs = Sidang.objects.filter(instansi=instansi).annotate(jumlah_agenda=Count("agenda"))
    if periode:
        qs = qs.filter(periode=periode)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-tanggal", "-id")


def sidang_periode_list(*, instansi: Instansi) -> list[int]:
    return list(
        Sidang.objects.filter(instansi=instansi)
        .values_list("periode", flat=True)
        .distinct()
        .order_by("-periode")
    )


def sidang_get(*, instansi: Instansi, pk: int) -> Sidang | None:
    return (
        Sidang.objects.filter(instansi=instansi, pk=pk)
        .select_related("sidang_asal", "dibuat_oleh", "ditutup_oleh")
        .first()
    )


def agenda_list(*, sidang: Sidang) -> list[AgendaSidang]:
    """The items in order with their subject; a calibration item carries `kotak_sekarang` (the
    placement's box as stored now) and every item `sudah_diputuskan`."""
    items = list(
        AgendaSidang.objects.filter(instansi=sidang.instansi, sidang=sidang)
        .select_related(
            "unit_kerja", "pegawai", "pegawai__unit_kerja", "jabatan_kunci", "jabatan_kunci__pemegang"
        )
        .annotate(jumlah_keputusan=Count("keputusan"))
        .order_by("urutan")
    )
    pegawai_ids = [a.pegawai_id for a in items if a.pegawai_id]
    kotak = dict(
        Penempatan.objects.filter(
            instansi=sidang.instansi, periode=sidang.periode, pegawai_id__in=pegawai_ids
        ).values_list("pegawai_id", "kotak")
    )
    for a in items:
        a.kotak_sekarang = kotak.get(a.pegawai_id)
        a.sudah_diputuskan = a.jumlah_keputusan > 0
    return items


def kehadiran_list(*, sidang: Sidang) -> list[KehadiranSidang]:
    return list(
        KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang)
        .select_related("anggota", "anggota__user")
        .order_by("anggota__peran", "anggota__user__first_name", "anggota__user__username", "pk")
    )


def sidang_langkah_berikut(*, sidang: Sidang, jumlah_agenda: int, belum_diputuskan: int) -> str:
    """What happens next, in words for the secretary."""
    S = Sidang.Status
    if sidang.status == S.DRAF:
        if not jumlah_agenda:
            return _("Tambahkan agenda sidang.")
        if sidang.diundang_pada is None:
            return _("Kirim undangan kepada anggota Komite Talenta.")
        return _("Catat kehadiran dan mulai sidang pada waktunya.")
    if sidang.status == S.BERLANGSUNG:
        if belum_diputuskan:
            return _("Komite memutuskan %(n)s agenda yang tersisa, lalu sekretaris menutup sidang.") % {
                "n": belum_diputuskan
            }
        return _("Semua agenda sudah diputuskan; sekretaris dapat menutup sidang.")
    if sidang.status == S.SELESAI:
        return _("Menunggu penetapan PPK.")
    if sidang.status == S.DITETAPKAN:
        return _("Hasil sidang sudah ditetapkan PPK; perubahan memerlukan sidang baru.")
    return _("Dikembalikan PPK; sekretaris dapat membuat sidang lanjutan untuk menjawab catatannya.")


# --- choices of the agenda form ---------------------------------------------------------------------


def perangkat_daerah_pilihan(*, instansi: Instansi) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(
        instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH, aktif=True
    ).order_by("kode")


def jabatan_kunci_pilihan(*, instansi: Instansi) -> QuerySet[JabatanKunci]:
    return (
        JabatanKunci.objects.filter(instansi=instansi, aktif=True)
        .select_related("unit_kerja", "pemegang")
        .order_by("unit_kerja__kode", "nama")
    )


def pegawai_kalibrasi_cari(
    *, instansi: Instansi, periode: int, q: str = "", batas: int = 50
) -> QuerySet[Pegawai]:
    """Active pegawai with a final placement of `periode`, found by NIP or name."""
    qs = Pegawai.objects.filter(
        instansi=instansi,
        aktif=True,
        penempatan__periode=periode,
        penempatan__status=Penempatan.Status.FINAL,
    ).select_related("unit_kerja")
    q = " ".join(str(q or "").split())
    if q:
        qs = qs.filter(Q(nip__startswith=q.replace(" ", "")) | Q(nama__icontains=q))
    return qs.order_by("nama", "pk").distinct()[:batas]


# --- home card ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RingkasanSidang:
    terbuka: list[Sidang]
    berikut: Sidang | None
    undangan: list[KehadiranSidang]
    menunggu_penetapan: int


def sidang_ringkasan(*, instansi: Instansi, user: User) -> RingkasanSidang:
    """Open sessions, the next one, the user's own invitations to open sessions."""
    today = timezone.localdate()
    terbuka = list(
        Sidang.objects.filter(instansi=instansi, status__in=Sidang.TERBUKA).order_by("tanggal", "id")[:5]
    )
    berikut = (
        Sidang.objects.filter(instansi=instansi, status__in=Sidang.TERBUKA, tanggal__gte=today)
        .order_by("tanggal", "waktu", "id")
        .first()
    )
    undangan = list(
        KehadiranSidang.objects.filter(
            instansi=instansi, anggota__user=user, sidang__status__in=Sidang.TERBUKA
        )
        .select_related("sidang")
        .order_by("sidang__tanggal")[:5]
    )
    menunggu = Sidang.objects.filter(instansi=instansi, status=Sidang.Status.SELESAI).count()
    return RingkasanSidang(terbuka=terbuka, berikut=berikut, undangan=undangan, menunggu_penetapan=menunggu)
