"""Writes owned by core: the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .context import request_context_get
from .models import AuditEvent

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


def audit_event_record(
    *,
    action: str,
    instansi: Instansi | None,
    actor: User | None,
    actor_label: str = "",
    target: models.Model | None = None,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event in the current transaction (it commits or rolls back with the change).

    `action` is a namespaced code such as `unit_kerja.create`. Request data (IP, user agent,
    request id) come from the request context the middleware set, if any.
    """
    return AuditEvent.objects.create(
        **audit_event_context(instansi=instansi, actor=actor, actor_label=actor_label, action=action),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        old_values=old_values or {},
        new_values=new_values or {},
    )


def audit_event_context(
    *, instansi: Instansi | None, actor: User | None, action: str, actor_label: str = ""
) -> dict[str, Any]:
    """The columns of an audit event that come from who acts and the request, not from the target:
    one home for `audit_event_record` and the bulk insert of many events (core.bulk)."""
    ctx = request_context_get()
    if not actor_label:
        actor_label = actor.get_username() if actor is not None else "sistem"
    return {
        "instansi_id": instansi.pk if instansi is not None else None,
        "actor_id": actor.pk if actor is not None and actor.pk else None,
        "actor_label": actor_label[:150],
        "action": action,
        "ip_address": ctx.ip_address if ctx else None,
        "user_agent": (ctx.user_agent if ctx else "")[:255],
        "request_id": ctx.request_id if ctx else "",
    }


def changed_fields(instance: models.Model, fields: list[str], new: dict[str, Any]) -> tuple[dict, dict]:
    """Old and new values of the fields that `new` actually changes, JSON-ready."""
    old_values, new_values = {}, {}
    for name in fields:
        if name not in new:
            continue
        before = getattr(instance, name)
        after = new[name]
        if isinstance(before, models.Model):
            before = before.pk
        if isinstance(after, models.Model):
            after = after.pk
        if before != after:
            old_values[name] = before
            new_values[name] = after
    return old_values, new_values
