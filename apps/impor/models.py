"""Import jobs: one uploaded spreadsheet of a registered kind, from preview to result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel


class ImportJob(TenantOwnedModel):
    """One upload: checked (pratinjau), then on request saved (simpan), inline or on the `imports`
    queue. The file itself is kept privately under MEDIA_ROOT/impor/<instansi_id>/ until the job no
    longer needs it; `result` holds the counts, every row's errors and the warnings."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu giliran")
        MEMERIKSA = "memeriksa", _("Memeriksa berkas")
        SIAP = "siap", _("Pratinjau siap")
        MENYIMPAN = "menyimpan", _("Menyimpan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    class Mode(models.TextChoices):
        PRATINJAU = "pratinjau", _("Pratinjau")
        SIMPAN = "simpan", _("Simpan")

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis impor"), max_length=32)
    nama_berkas = models.CharField(_("nama berkas"), max_length=200)
    # Relative to MEDIA_ROOT ("impor/<instansi_id>/<uuid>.berkas"); empty once the file is removed.
    berkas_path = models.CharField(_("berkas tersimpan"), max_length=255, blank=True)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MENUNGGU)
    mode = models.CharField(_("tahap"), max_length=10, choices=Mode.choices, default=Mode.PRATINJAU)
    progress_done = models.PositiveIntegerField(_("baris diperiksa"), default=0)
    progress_total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    disimpan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disimpan oleh"),
    )
    dibuat_pada = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("impor berkas")
        verbose_name_plural = _("impor berkas")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "uuid"], name="importjob_uuid_unik_per_instansi"),
        ]
        indexes = [models.Index(fields=["instansi", "kind", "-dibuat_pada"], name="importjob_instansi_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.nama_berkas} ({self.status})"

    @property
    def berjalan(self) -> bool:
        """Still queued or running: the page polls until this turns False."""
        return self.status in (self.Status.MENUNGGU, self.Status.MEMERIKSA, self.Status.MENYIMPAN)

    @property
    def persen(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
