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
