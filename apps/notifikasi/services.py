"""Writes of notifications: one home for every sender (committee invitations now, reminders later),
and the reader's own marks (read one, read all)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apps.core.services import audit_event_record
from apps.instansi.models import Membership

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
    the e-mail copies are sent by a worker after the transaction commits (a rollback sends none).
    Each recipient's preference for `jenis` applies: a user who chose e-mail only gets a row that
    stays out of the inbox (the e-mail's record), a user who chose neither gets nothing."""
    users = {user.pk: user for user in penerima}
    # Fail closed: a notification of this instansi goes only to this instansi's users.
    sendiri = set(
        Membership.objects.filter(instansi=instansi, user_id__in=users).values_list("user_id", flat=True)
    )
    if sendiri != set(users):
        raise ValueError(
            f"notifikasi_kirim: users {sorted(set(users) - sendiri)} are not users of {instansi}"
        )
    # The user's choice for this kind (docs/notifications.md, "Preferensi"): inbox, e-mail, both
    # or neither; without a stored choice, both.
    from .services_pengingat import preferensi_map

    pref = preferensi_map(instansi=instansi, user_ids=users, jenis=jenis)
    rows, email_wanted = [], []
    for user in users.values():
        kotak, mau_email = pref.get(user.pk, (True, True))
        if not kotak and not mau_email:
            continue
        if not email:
            # This sender sends no e-mail copy: a user who wants it by e-mail only sees it in the inbox.
            kotak, mau_email = True, False
        rows.append(
            Notifikasi(
                instansi=instansi,
                penerima=user,
                jenis=jenis,
                judul=judul,
                isi=isi,
                tautan=tautan,
                kotak_masuk=kotak,
            )
        )
        email_wanted.append(mau_email)
    rows = Notifikasi.objects.bulk_create(rows)
    ids = [row.pk for row, mau in zip(rows, email_wanted, strict=True) if mau and row.penerima.email]
    if email and ids:
        from .tasks import notifikasi_email_kirim_task

        instansi_id = instansi.pk
        transaction.on_commit(
            lambda: notifikasi_email_kirim_task.delay(instansi_id=instansi_id, notifikasi_ids=ids)
        )
    return rows


def notifikasi_baca(*, notifikasi: Notifikasi, user: User) -> Notifikasi:
    """Mark one of the user's own notifications read (again: nothing changes)."""
    if notifikasi.penerima_id != user.pk:
        raise PermissionError("notifikasi milik pengguna lain")
    if notifikasi.dibaca_pada is None:
        with transaction.atomic():
            notifikasi.dibaca_pada = timezone.now()
            Notifikasi.objects.filter(pk=notifikasi.pk, dibaca_pada__isnull=True).update(
                dibaca_pada=notifikasi.dibaca_pada
            )
            audit_event_record(
                action="notifikasi.baca", instansi=notifikasi.instansi, actor=user, target=notifikasi
            )
    return notifikasi


def notifikasi_baca_semua(*, instansi: Instansi, user: User) -> int:
    """Mark all the user's unread notifications read; returns how many were unread."""
    with transaction.atomic():
        jumlah = Notifikasi.objects.filter(
            instansi=instansi, penerima=user, dibaca_pada__isnull=True, kotak_masuk=True
        ).update(dibaca_pada=timezone.now())
        if jumlah:
            audit_event_record(
                action="notifikasi.baca_semua",
                instansi=instansi,
                actor=user,
                new_values={"jumlah": jumlah},
            )
    return jumlah
