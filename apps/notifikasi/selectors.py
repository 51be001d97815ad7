"""Reads of the inbox: always the caller's own notifications in the caller's instansi."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Notifikasi

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


def notifikasi_list(*, instansi: Instansi | None, user: User) -> QuerySet[Notifikasi]:
    """The user's notifications, newest first (an account without an instansi has none)."""
    if instansi is None:
        return Notifikasi.objects.none()
    return Notifikasi.objects.filter(instansi=instansi, penerima=user, kotak_masuk=True).order_by(
        "-dibuat_pada", "-id"
    )


def notifikasi_belum_dibaca_count(*, instansi: Instansi | None, user: User) -> int:
    """The unread count of the top bar: one COUNT on the partial index `notifikasi_belum_dibaca`."""
    if instansi is None:
        return 0
    return Notifikasi.objects.filter(
        instansi=instansi, penerima=user, dibaca_pada__isnull=True, kotak_masuk=True
    ).count()


def tautan_internal(tautan: str) -> str:
    """`tautan` when it is a path inside this application ("/komite/…"), else "" (never an
    absolute or scheme-relative address: the read link must not send the user elsewhere)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if not tautan or not tautan.startswith("/") or tautan.startswith("//") or "\\" in tautan:
        return ""
    if not url_has_allowed_host_and_scheme(tautan, allowed_hosts=set()):
        return ""
    return tautan


def preferensi_list(*, instansi: Instansi | None, user: User, peran: str) -> list[dict]:
    """The rows of the user's preferences: every kind their role receives (apps/notifikasi/pengingat.py)
    with the stored choice, or the default (inbox and e-mail). One query."""
    from .models import PreferensiNotifikasi
    from .pengingat import jenis_untuk_peran

    if instansi is None:
        return []
    jenis = jenis_untuk_peran(peran)
    tersimpan = {
        row.jenis: row
        for row in PreferensiNotifikasi.objects.filter(
            instansi=instansi, user=user, jenis__in=[j.kode for j in jenis]
        )
    }
    return [
        {
            "jenis": j.kode,
            "label": j.label,
            "keterangan": j.keterangan,
            "kotak_masuk": tersimpan[j.kode].kotak_masuk if j.kode in tersimpan else True,
            "email": tersimpan[j.kode].email if j.kode in tersimpan else True,
        }
        for j in jenis
    ]
