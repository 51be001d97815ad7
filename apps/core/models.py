"""Base model for tenant-owned data and the domain audit trail."""

import pghistory
import pghistory.models
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import ScopedManager


class TenantOwnedModel(models.Model):
    """Every row belongs to exactly one instansi, held in its own column.

    The column is there even when the tenant is reachable through a parent: scoping needs no JOIN,
    row-level security can filter on a plain column, and it is the distribution column Citus
    needs. Every unique constraint of a subclass must include `instansi` (a meta-test checks).
    """

    instansi = models.ForeignKey(
        "instansi.Instansi",
        on_delete=models.PROTECT,
        verbose_name=_("instansi"),
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what, to what, old and new values, from where.

    Written explicitly by services (never by signals). `instansi` is empty only for platform-level
    events (a BKN user signing in, an operator changing reference data).
    """

    instansi = models.ForeignKey(
        "instansi.Instansi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    # Kept even if the user is deleted later, and names system actors ("worker", "command").
    actor_label = models.CharField(_("nama pelaku"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=64, db_index=True)
    target_type = models.CharField(_("jenis objek"), max_length=64, blank=True)
    target_id = models.CharField(_("id objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=255, blank=True)
    old_values = models.JSONField(_("nilai lama"), default=dict, blank=True)
    new_values = models.JSONField(_("nilai baru"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=255, blank=True)
    request_id = models.CharField(_("id permintaan"), max_length=64, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="audit_instansi_time")]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class TenantEvent(pghistory.models.Event):
    """Base of the trigger-written row-history tables (django-pghistory).

    Each event copies the tracked row, its `instansi` column included, so history is tenant data
    like the row itself: scoped, and readable only inside the instansi's scope.
    """

    objects = ScopedManager()

    class Meta:
        abstract = True


def row_history(**kwargs):
    """`@row_history(model_name="SKPEvent")`: insert/update/delete history with the context
    (actor, request id, cause) stored on each event row, not in a shared cross-tenant table."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        base_model=TenantEvent,
        context_field=pghistory.ContextJSONField(),
        append_only=True,
        **kwargs,
    )
