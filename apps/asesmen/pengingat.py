"""Reminders about asesmen validity (registered with apps/notifikasi/pengingat.py from
AsesmenConfig.ready; rules in docs/notifications.md, "Pengingat"):

- the pegawai's latest valid asesmen ends within NOTIFIKASI_ASESMEN_HARI days → the ASN, once per
  asesmen (its validity is the period);
- how many pegawai of the instansi are in that window → Admin BKD, one summary per week.

An asesmen followed by another that stays valid longer is not reminded. One query per source for
the whole instansi.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.roles import Role
from apps.notifikasi.pengingat import (
    JenisNotifikasi,
    Pengingat,
    SumberPengingat,
    jenis_register,
    periode_minggu,
    sumber_register,
)

from .models import Asesmen

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

JENIS_ASN = "asesmen.kedaluwarsa"
JENIS_BKD = "asesmen.kedaluwarsa_ringkasan"


def asesmen_segera_kedaluwarsa(*, instansi: Instansi, hari: dt.date) -> QuerySet[Asesmen]:
    """Asesmen of active pegawai whose validity ends within the setting's window from `hari` and that
    no later-ending asesmen of the same pegawai supersedes."""
    lebih_lama = Asesmen.objects.filter(
        instansi=instansi, pegawai_id=OuterRef("pegawai_id"), berlaku_sampai__gt=OuterRef("berlaku_sampai")
    )
    return Asesmen.objects.filter(
        instansi=instansi,
        pegawai__aktif=True,
        berlaku_sampai__gte=hari,
        berlaku_sampai__lte=hari + dt.timedelta(days=settings.NOTIFIKASI_ASESMEN_HARI),
    ).exclude(Exists(lebih_lama))


def asesmen_kedaluwarsa_kumpulkan(*, instansi: Instansi, sekarang: dt.datetime) -> Iterator[Pengingat]:
    hari = timezone.localtime(sekarang).date()
    tautan = reverse("pegawai:profil_saya")
    rows = (
        asesmen_segera_kedaluwarsa(instansi=instansi, hari=hari)
        .filter(pegawai__user__isnull=False)
        .values_list("pk", "pegawai__user_id", "tanggal", "berlaku_sampai")
    )
    for pk, user_id, tanggal, berlaku_sampai in rows.iterator(chunk_size=2000):
        yield Pengingat(
            penerima_id=user_id,
            kunci=f"{JENIS_ASN}:{pk}",
            judul=_("Hasil asesmen Anda berlaku sampai %(tanggal)s")
            % {"tanggal": date_format(berlaku_sampai, "j F Y")},
            isi=_(
                "Hasil asesmen tanggal %(tanggal)s segera berakhir. Tanpa asesmen yang berlaku, posisi "
                "Anda di peta talenta menjadi perlu data. Tanyakan jadwal asesmen ulang kepada BKD."
            )
            % {"tanggal": date_format(tanggal, "j F Y")},
            tautan=tautan,
        )


def asesmen_kedaluwarsa_ringkasan_kumpulkan(
    *, instansi: Instansi, sekarang: dt.datetime
) -> Iterator[Pengingat]:
    from apps.instansi.models import Membership

    hari = timezone.localtime(sekarang).date()
    jumlah = asesmen_segera_kedaluwarsa(instansi=instansi, hari=hari).values("pegawai_id").distinct().count()
    if not jumlah:
        return
    try:
        tautan = reverse("petatalenta:cakupan")
    except NoReverseMatch:  # pragma: no cover - the coverage page is part of petatalenta
        tautan = ""
    kunci = f"{JENIS_BKD}:{periode_minggu(hari)}"
    judul = _("%(jumlah)s pegawai: hasil asesmennya berakhir dalam %(hari)s hari") % {
        "jumlah": jumlah,
        "hari": settings.NOTIFIKASI_ASESMEN_HARI,
    }
    isi = _("Rencanakan asesmen ulang sebelum hasilnya tidak berlaku lagi; lihat cakupan asesmen.")
    for user_id in Membership.objects.filter(
        instansi=instansi, role=Role.ADMIN_BKD, user__is_active=True
    ).values_list("user_id", flat=True):
        yield Pengingat(penerima_id=user_id, kunci=kunci, judul=judul, isi=isi, tautan=tautan)


def pengingat_register() -> None:
    """Called from AsesmenConfig.ready()."""
    jenis_register(
        JenisNotifikasi(
            JENIS_ASN,
            gettext_lazy("Hasil asesmen segera berakhir"),
            keterangan=gettext_lazy("Sekali untuk setiap hasil asesmen, menjelang masa berlakunya habis."),
            peran=frozenset({Role.ASN}),
            order=40,
        )
    )
    jenis_register(
        JenisNotifikasi(
            JENIS_BKD,
            gettext_lazy("Ringkasan mingguan asesmen yang segera berakhir"),
            keterangan=gettext_lazy("Jumlah pegawai yang hasil asesmennya segera berakhir, sekali seminggu."),
            peran=frozenset({Role.ADMIN_BKD}),
            order=50,
        )
    )
    sumber_register(SumberPengingat(JENIS_ASN, asesmen_kedaluwarsa_kumpulkan, order=40))
    sumber_register(SumberPengingat(JENIS_BKD, asesmen_kedaluwarsa_ringkasan_kumpulkan, order=50))
