"""Retention bookkeeping (docs/privacy.md, "Retensi")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel


class DokumenYatim(TenantOwnedModel):
    """A document no item refers to any more (its item was deleted, or the document was replaced
    or refused), and since when the retention task has seen it so. The file is deleted once it has
    stayed unreferenced for DOCUMENT_RETENTION_DAYS days; a document referenced again loses its mark.
    Only the document's id is kept (no foreign key): the mark must never keep a document alive."""

    dokumen_id = models.BigIntegerField(_("id dokumen"))
    sejak = models.DateTimeField(_("tidak dirujuk sejak"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen tanpa rujukan")
        verbose_name_plural = _("dokumen tanpa rujukan")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "dokumen_id"], name="dokumenyatim_satu_per_dokumen")
        ]
