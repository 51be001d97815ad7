"""In-app notifications (the inbox with a count in the top bar); each is also e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel


class Notifikasi(TenantOwnedModel):
    """One message to one user of one instansi. `jenis` names what sent it ("komite.undangan");
    `tautan` is a path inside the app where the user acts on it."""

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("penerima")
    )
    jenis = models.CharField(_("jenis"), max_length=50)
    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi"), blank=True)
    tautan = models.CharField(_("tautan"), max_length=300, blank=True)
    dibuat_pada = models.DateTimeField(_("dikirim pada"), auto_now_add=True)
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    # When the e-mail copy went out (empty: not sent yet, or the user has no e-mail address).
    email_terkirim_pada = models.DateTimeField(null=True, blank=True)
    # False: the user wants this kind by e-mail only; the row is the e-mail's outbox record and
    # never shows in the inbox or its count.
    kotak_masuk = models.BooleanField(_("di kotak masuk"), default=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        indexes = [
            models.Index(fields=["instansi", "penerima", "-dibuat_pada"], name="notifikasi_kotak_masuk"),
            models.Index(
                fields=["instansi", "penerima"],
                condition=models.Q(dibaca_pada__isnull=True),
                name="notifikasi_belum_dibaca",
            ),
        ]

    def __str__(self) -> str:
        return self.judul


class PreferensiNotifikasi(TenantOwnedModel):
    """A user's choice for one kind of notification (`jenis`, as registered in
    apps/notifikasi/jenis.py): in the inbox, by e-mail, both or neither. No row: the kind's defaults."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    jenis = models.CharField(_("jenis"), max_length=50)
    kotak_masuk = models.BooleanField(_("di kotak masuk"), default=True)
    email = models.BooleanField(_("lewat e-mail"), default=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "user", "jenis"], name="preferensi_notifikasi_unik")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.jenis}"


class PengingatTerkirim(TenantOwnedModel):
    """The reminders' idempotency ledger: one row per (recipient, key). A key names the event and
    its period ("pegawai.kelengkapan:2026-W49", "asesmen.kedaluwarsa:812"); a reminder whose key is
    already here is never sent again, whatever the number of beat runs or the length of an outage."""

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("penerima")
    )
    kunci = models.CharField(_("kunci"), max_length=200)
    dikirim_pada = models.DateTimeField(_("dikirim pada"))

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "penerima", "kunci"], name="pengingat_sekali")
        ]
        indexes = [models.Index(fields=["instansi", "dikirim_pada"], name="pengingat_dikirim_pada")]

    def __str__(self) -> str:
        return self.kunci
