"""Reminders about the portfolio (registered with apps/notifikasi/pengingat.py from PegawaiConfig.ready;
rules in docs/notifications.md, "Pengingat"):

- a portfolio item rejected → its ASN, once per rejection;
- items waiting for verification longer than NOTIFIKASI_VERIFIKASI_HARI_KERJA working days → the
  verifiers (Admin BKD when the instansi has no verifier account), once per working day;
- completeness below 100 % → the ASN, one weekly digest.

Each source reads a whole instansi in a fixed number of queries (one or two per riwayat kind, one
for the completeness rows), never one per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.roles import Role
from apps.notifikasi.pengingat import (
    JenisNotifikasi,
    Pengingat,
    SumberPengingat,
    hari_kerja_mundur,
    jenis_register,
    periode_hari,
    periode_minggu,
    sumber_register,
)

from .models import RIWAYAT_MODELS, KelengkapanData, StatusVerifikasi

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

JENIS_DITOLAK = "pegawai.riwayat_ditolak"
JENIS_VERIFIKASI = "pegawai.verifikasi_tertunda"
JENIS_KELENGKAPAN = "pegawai.kelengkapan_mingguan"
# At most this many missing items are named in the weekly digest (the page lists them all).
DIGEST_KEKURANGAN_MAKS = 5


def riwayat_ditolak_kumpulkan(*, instansi: Instansi, sekarang: dt.datetime) -> Iterator[Pengingat]:
    """Items rejected within NOTIFIKASI_DITOLAK_HARI days and still rejected, to their ASN. The key
    carries the moment of the rejection: a later rejection of the same item is a new event."""
    sejak = sekarang - dt.timedelta(days=settings.NOTIFIKASI_DITOLAK_HARI)
    tautan = reverse("pegawai:profil_saya")
    for model in RIWAYAT_MODELS:
        rows = model.objects.filter(
            instansi=instansi,
            status=StatusVerifikasi.DITOLAK,
            diverifikasi_pada__gte=sejak,
            diverifikasi_pada__lte=sekarang,
            pegawai__aktif=True,
            pegawai__user__isnull=False,
        ).values_list("pk", "pegawai__user_id", "diverifikasi_pada", "alasan_penolakan")
        jenis = str(model._meta.verbose_name)
        for pk, user_id, pada, alasan in rows.iterator(chunk_size=2000):
            yield Pengingat(
                penerima_id=user_id,
                kunci=f"{JENIS_DITOLAK}:{model.KODE}:{pk}:{pada.isoformat()}",
                judul=_("Data %(jenis)s Anda ditolak verifikator") % {"jenis": jenis},
                isi=_("Alasan: %(alasan)s Perbaiki datanya atau unggah dokumen yang benar, lalu ajukan lagi.")
                % {"alasan": _kalimat(alasan)},
                tautan=tautan,
            )
        # A refused replacement document: the item stays approved with its old document and the
        # reason (apps/pegawai/services.py, riwayat_dokumen_baru_reject); the row's last change is
        # the moment of the refusal (a new upload or a data change clears the reason).
        dokumen = (
            model.objects.filter(
                instansi=instansi,
                status=StatusVerifikasi.DISETUJUI,
                dokumen_baru__isnull=True,
                diubah_pada__gte=sejak,
                diubah_pada__lte=sekarang,
                pegawai__aktif=True,
                pegawai__user__isnull=False,
            )
            .exclude(alasan_penolakan="")
            .values_list("pk", "pegawai__user_id", "diubah_pada", "alasan_penolakan")
        )
        for pk, user_id, pada, alasan in dokumen.iterator(chunk_size=2000):
            yield Pengingat(
                penerima_id=user_id,
                kunci=f"{JENIS_DITOLAK}:{model.KODE}:dokumen:{pk}:{pada.isoformat()}",
                judul=_("Dokumen pengganti data %(jenis)s Anda ditolak verifikator") % {"jenis": jenis},
                isi=_(
                    "Alasan: %(alasan)s Data Anda tetap disetujui dengan dokumen lama; unggah dokumen yang benar."
                )
                % {"alasan": _kalimat(alasan)},
                tautan=tautan,
            )


def _kalimat(teks: str) -> str:
    """The reason as a sentence: ends with exactly one full stop (a reason ending in "S.Pd." keeps its
    own)."""
    teks = " ".join(str(teks or "").split()) or _("tidak dituliskan")
    return teks if teks.endswith((".", "!", "?")) else f"{teks}."


def verifikasi_tertunda_kumpulkan(*, instansi: Instansi, sekarang: dt.datetime) -> Iterator[Pengingat]:
    """On working days: when items (or replacement documents) have waited longer than the setting,
    one reminder per verifier per day with the count and the oldest date."""
    from apps.instansi.models import Membership

    hari = timezone.localtime(sekarang).date()
    if hari.weekday() >= 5:
        return
    hari_kerja = settings.NOTIFIKASI_VERIFIKASI_HARI_KERJA
    batas_hari = hari_kerja_mundur(hari, hari_kerja)
    batas = timezone.make_aware(dt.datetime.combine(batas_hari, dt.time.min))
    jumlah, tertua, per_jenis = 0, None, []
    for model in RIWAYAT_MODELS:
        hasil = model.objects.filter(instansi=instansi).aggregate(
            n=Count("pk", filter=Q(status=StatusVerifikasi.DIAJUKAN, diajukan_pada__lt=batas)),
            n_dok=Count("pk", filter=Q(dokumen_baru__isnull=False, dokumen_baru_diajukan_pada__lt=batas)),
            t=Min("diajukan_pada", filter=Q(status=StatusVerifikasi.DIAJUKAN, diajukan_pada__lt=batas)),
            t_dok=Min(
                "dokumen_baru_diajukan_pada",
                filter=Q(dokumen_baru__isnull=False, dokumen_baru_diajukan_pada__lt=batas),
            ),
        )
        jumlah += hasil["n"] + hasil["n_dok"]
        if hasil["n"] + hasil["n_dok"]:
            per_jenis.append(f"{model._meta.verbose_name_plural} {hasil['n'] + hasil['n_dok']}")
        for t in (hasil["t"], hasil["t_dok"]):
            if t is not None and (tertua is None or t < tertua):
                tertua = t
    if not jumlah:
        return
    penerima = list(
        Membership.objects.filter(instansi=instansi, role=Role.VERIFIKATOR, user__is_active=True).values_list(
            "user_id", flat=True
        )
    ) or list(
        Membership.objects.filter(instansi=instansi, role=Role.ADMIN_BKD, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    judul = _("%(jumlah)s data portofolio menunggu verifikasi lebih dari %(hari)s hari kerja") % {
        "jumlah": jumlah,
        "hari": hari_kerja,
    }
    isi = _("Per jenis: %(rincian)s. Yang paling lama diajukan pada %(tanggal)s.") % {
        "rincian": ", ".join(per_jenis),
        "tanggal": date_format(timezone.localtime(tertua).date(), "j F Y"),
    }
    for user_id in penerima:
        yield Pengingat(
            penerima_id=user_id,
            kunci=f"{JENIS_VERIFIKASI}:{periode_hari(hari)}",
            judul=judul,
            isi=isi,
            tautan=reverse("pegawai:verifikasi"),
        )


def kelengkapan_mingguan_kumpulkan(*, instansi: Instansi, sekarang: dt.datetime) -> Iterator[Pengingat]:
    """The weekly digest: every active ASN with an account whose completeness is below 100 %, with
    what is missing. One query over the stored completeness rows (never recomputed here)."""
    minggu = periode_minggu(timezone.localtime(sekarang).date())
    tautan = reverse("pegawai:profil_saya")
    rows = KelengkapanData.objects.filter(
        instansi=instansi, persen__lt=100, pegawai__aktif=True, pegawai__user__isnull=False
    ).values_list("pegawai__user_id", "persen", "kekurangan")
    kunci = f"{JENIS_KELENGKAPAN}:{minggu}"
    for user_id, persen, kekurangan in rows.iterator(chunk_size=2000):
        pesan = [str(k.get("pesan", "")) for k in (kekurangan or []) if k.get("pesan")]
        daftar = "\n".join(f"• {p}" for p in pesan[:DIGEST_KEKURANGAN_MAKS])
        if len(pesan) > DIGEST_KEKURANGAN_MAKS:
            daftar += "\n" + _("… dan %(jumlah)s lainnya.") % {"jumlah": len(pesan) - DIGEST_KEKURANGAN_MAKS}
        yield Pengingat(
            penerima_id=user_id,
            kunci=kunci,
            judul=_("Kelengkapan data Anda baru %(persen)s%%") % {"persen": persen},
            isi=(_("Yang masih perlu dilengkapi:") + "\n" + daftar) if daftar else "",
            tautan=tautan,
        )


def pengingat_register() -> None:
    """Called from PegawaiConfig.ready()."""
    jenis_register(
        JenisNotifikasi(
            JENIS_DITOLAK,
            gettext_lazy("Data portofolio ditolak verifikator"),
            keterangan=gettext_lazy("Segera setelah verifikator menolak data Anda, dengan alasannya."),
            peran=frozenset({Role.ASN}),
            order=10,
        )
    )
    jenis_register(
        JenisNotifikasi(
            JENIS_KELENGKAPAN,
            gettext_lazy("Ringkasan mingguan kelengkapan data"),
            keterangan=gettext_lazy("Setiap Senin selama kelengkapan data Anda belum penuh."),
            peran=frozenset({Role.ASN}),
            order=20,
        )
    )
    jenis_register(
        JenisNotifikasi(
            JENIS_VERIFIKASI,
            gettext_lazy("Antrean verifikasi yang tertunda"),
            keterangan=gettext_lazy(
                "Setiap hari kerja selama ada data yang menunggu verifikasi lebih lama dari batasnya."
            ),
            peran=frozenset({Role.VERIFIKATOR, Role.ADMIN_BKD}),
            order=30,
        )
    )
    sumber_register(SumberPengingat(JENIS_DITOLAK, riwayat_ditolak_kumpulkan, berkala=False, order=10))
    sumber_register(SumberPengingat(JENIS_KELENGKAPAN, kelengkapan_mingguan_kumpulkan, order=20))
    sumber_register(SumberPengingat(JENIS_VERIFIKASI, verifikasi_tertunda_kumpulkan, order=30))
