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
