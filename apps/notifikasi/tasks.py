"""The e-mail copy of notifications (queue `default`): sent through Django's mail backend (console in
development and the demo, SMTP in production: docs/operations.md), one message per notification,
to recipients with an e-mail address. Idempotent: a row whose `email_terkirim_pada` is set is
skipped, so a retried or redelivered task sends nothing twice."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from apps.core.tasks import InstansiTask

from .models import Notifikasi


def tautan_absolut(tautan: str) -> str:
    """The notification's internal path as a full address for the e-mail (SITE_URL + path)."""
    if not tautan:
        return ""
    return settings.SITE_URL.rstrip("/") + tautan


def notifikasi_email_kirim(*, instansi, notifikasi_ids: list[int]) -> int:
    """Send the e-mail copy of each notification still unsent; returns how many were sent. Each row is
    locked while its message goes out (a concurrent run of the same task skips it)."""
    terkirim = 0
    for pk in notifikasi_ids:
        with transaction.atomic():
            row = (
                Notifikasi.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("penerima")
                .filter(instansi=instansi, pk=pk, email_terkirim_pada__isnull=True)
                .first()
            )
            if row is None or not row.penerima.email:
                continue
            body = row.isi
            alamat = tautan_absolut(row.tautan)
            if alamat:
                body = f"{body}\n\n{alamat}" if body else alamat
            EmailMessage(
                subject=f"{settings.EMAIL_SUBJECT_PREFIX}{row.judul}",
                body=body,
                to=[row.penerima.email],
            ).send()
            row.email_terkirim_pada = timezone.now()
            row.save(update_fields=["email_terkirim_pada"])
            terkirim += 1
    return terkirim


# A mail server that is down or refuses for a while: retried with backoff (InstansiTask's limits);
# the rows already sent are skipped on every retry.
@shared_task(
    base=InstansiTask,
    name="apps.notifikasi.tasks.email_kirim",
    queue="default",
    autoretry_for=(OperationalError, InterfaceError, SMTPException, OSError),
)
def notifikasi_email_kirim_task(*, instansi, notifikasi_ids: list[int]) -> dict:
    return {"terkirim": notifikasi_email_kirim(instansi=instansi, notifikasi_ids=notifikasi_ids)}


# --- reminders (docs/notifications.md, "Pengingat") ---------------------------------------------


@shared_task(name="apps.notifikasi.tasks.pengingat_sweep", queue="default")
def pengingat_sweep() -> dict:
    """Beat: queue one reminder run per active instansi (ids only; each run is its own task, so a
    large instansi does not hold up the others and a failed one is retried alone)."""
    from apps.core.tenancy import tenant_model

    ids = list(tenant_model().objects.filter(aktif=True).order_by("pk").values_list("pk", flat=True))
    tugas = [pengingat_jalankan_task.delay(instansi_id=instansi_id).id for instansi_id in ids]
    return {"instansi": len(ids), "tugas": tugas}


@shared_task(base=InstansiTask, name="apps.notifikasi.tasks.pengingat_jalankan", queue="default")
def pengingat_jalankan_task(*, instansi) -> dict:
    from .services_pengingat import pengingat_jalankan, pengingat_ledger_bersihkan

    hasil = pengingat_jalankan(instansi=instansi)
    pengingat_ledger_bersihkan(instansi=instansi)
    return hasil
