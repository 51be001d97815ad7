"""Komite's notification kinds and its reminder (registered with apps/notifikasi/pengingat.py from
KomiteConfig.ready; rules in docs/notifications.md, "Pengingat").

The invitations and the penetapan messages are sent by the komite services as they happen
(`notifikasi_kirim`); registering their kinds lets users choose inbox and/or e-mail for them. The
reminder: a closed session still waiting for the PPK a day after it closed → the PPK, once a week
per session until it is established or returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.roles import KOMITE_ROLES, Role
from apps.notifikasi.pengingat import (
    JenisNotifikasi,
    Pengingat,
    SumberPengingat,
    jenis_register,
    periode_minggu,
    sumber_register,
)

from .models import Sidang

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

JENIS_MENUNGGU = "komite.menunggu_penetapan"
# A session closed less than this long ago has just been announced to the PPK by the closing itself.
MENUNGGU_SETELAH = dt.timedelta(days=1)


def penetapan_menunggu_kumpulkan(*, instansi: Instansi, sekarang: dt.datetime) -> Iterator[Pengingat]:
    from apps.instansi.models import Membership

    sidang_list = list(
        Sidang.objects.filter(
            instansi=instansi, status=Sidang.Status.SELESAI, ditutup_pada__lt=sekarang - MENUNGGU_SETELAH
        ).values_list("pk", "judul", "periode", "ditutup_pada")
    )
    if not sidang_list:
        return
    ppk = list(
        Membership.objects.filter(instansi=instansi, role=Role.PPK, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    minggu = periode_minggu(timezone.localtime(sekarang).date())
    for pk, judul, periode, ditutup_pada in sidang_list:
        for user_id in ppk:
            yield Pengingat(
                penerima_id=user_id,
                kunci=f"{JENIS_MENUNGGU}:{pk}:{minggu}",
                judul=_("Masih menunggu penetapan: %(judul)s") % {"judul": judul},
                isi=_(
                    "Sidang Komite Talenta periode %(periode)s ditutup pada %(tanggal)s dan belum "
                    "ditetapkan atau dikembalikan."
                )
                % {
                    "periode": periode,
                    "tanggal": date_format(timezone.localtime(ditutup_pada).date(), "j F Y"),
                },
                tautan=reverse("komite:penetapan_detail", kwargs={"sidang_pk": pk}),
            )


def pengingat_register() -> None:
    """Called from KomiteConfig.ready()."""
    jenis_register(
        JenisNotifikasi(
            "komite.undangan",
            gettext_lazy("Undangan sidang Komite Talenta"),
            peran=frozenset(KOMITE_ROLES),
            order=60,
        )
    )
    jenis_register(
        JenisNotifikasi(
            JENIS_MENUNGGU,
            gettext_lazy("Sidang menunggu penetapan PPK"),
            keterangan=gettext_lazy("Saat sidang ditutup, lalu sekali seminggu selama belum ditetapkan."),
            peran=frozenset({Role.PPK}),
            order=70,
        )
    )
    jenis_register(
        JenisNotifikasi(
            "komite.penetapan",
            gettext_lazy("Hasil sidang ditetapkan PPK"),
            peran=frozenset(KOMITE_ROLES),
            order=80,
        )
    )
    jenis_register(
        JenisNotifikasi(
            "komite.penetapan_dikembalikan",
            gettext_lazy("Sidang dikembalikan PPK"),
            peran=frozenset({Role.KOMITE_SEKRETARIS, Role.KOMITE_KETUA}),
            order=90,
        )
    )
    sumber_register(SumberPengingat(JENIS_MENUNGGU, penetapan_menunggu_kumpulkan, order=70))
