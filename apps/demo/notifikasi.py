"""Demo notifications: the reminders the beat would send, delivered through the real path
(apps/notifikasi/services_pengingat.py: sources, ledger, preferences), so the demo users find them
in their inbox right after `make demo` and the beat adds nothing twice (docs/notifications.md).

To give every source something to say, part of the verification queue is made older (items still
waiting, submitted two weeks ago) and the demo accounts of the main instansi get an e-mail address
under example.org (the console backend of `make demo` prints the copies)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from apps.core.roles import Role
from apps.instansi.models import Instansi, Membership
from apps.notifikasi.models import Notifikasi
from apps.notifikasi.services_pengingat import pengingat_jalankan
from apps.pegawai.models import RIWAYAT_MODELS, StatusVerifikasi

# The demo logins that get an address (the first instansi carries every role).
EMAIL_DEMO = {Role.ASN, Role.VERIFIKATOR, Role.ADMIN_BKD, Role.PPK}
# Every third waiting item of the demo was submitted this long ago (beyond the five working days).
TUNGGU_LAMA = dt.timedelta(days=15)


@dataclass
class HasilNotifikasiDemo:
    terkirim: dict[str, int]
    kotak_masuk: int


def _waktu_kirim() -> dt.datetime:
    """Now, or today at 08:00 Jakarta time when seeding before the sending hour (the periodic
    reminders of the demo must not depend on the hour `make demo` is started)."""
    sekarang = timezone.now()
    pagi = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(8, 0)))
    return max(sekarang, pagi)


def notifikasi_demo_seed(*, instansi: Instansi, utama: bool) -> HasilNotifikasiDemo:
    """Run the reminder sources once for `instansi` (inside its scope)."""
    if utama:
        for member in Membership.objects.filter(
            instansi=instansi, role__in=EMAIL_DEMO, user__email=""
        ).select_related("user"):
            member.user.email = f"{member.user.username}@demo.example.org"
            member.user.save(update_fields=["email"])
    batas = timezone.now() - TUNGGU_LAMA
    for model in RIWAYAT_MODELS:
        menunggu = list(
            model.objects.filter(instansi=instansi, status=StatusVerifikasi.DIAJUKAN, diajukan_pada__gt=batas)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if menunggu:
            model.objects.filter(instansi=instansi, pk__in=menunggu[::3]).update(diajukan_pada=batas)
    terkirim = pengingat_jalankan(instansi=instansi, sekarang=_waktu_kirim())
    return HasilNotifikasiDemo(
        terkirim=terkirim,
        kotak_masuk=Notifikasi.objects.filter(instansi=instansi, kotak_masuk=True).count(),
    )
