"""Aggregated, per-instansi summary rows: the only data the national (BKN) views read.

No personal data lives here: counts only. Later issues add nine-box counts, asesmen/SKP coverage,
data completeness and succession readiness as further columns or tables of the same shape.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.tenancy import ScopedManager


class RingkasanInstansi(models.Model):
    instansi = models.OneToOneField(
        "instansi.Instansi",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("instansi"),
    )
    jumlah_pengguna = models.PositiveIntegerField(_("jumlah pengguna"), default=0)
    pengguna_per_peran = models.JSONField(_("pengguna per peran"), default=dict)
    jumlah_perangkat_daerah = models.PositiveIntegerField(_("jumlah perangkat daerah"), default=0)
    jumlah_unit_kerja = models.PositiveIntegerField(_("jumlah unit kerja"), default=0)
    diperbarui_pada = models.DateTimeField(_("diperbarui pada"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("ringkasan instansi")
        verbose_name_plural = _("ringkasan instansi")

    def __str__(self) -> str:
        return f"Ringkasan {self.instansi_id}"
