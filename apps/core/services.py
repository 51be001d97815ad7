"""Writes owned by core: the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connections, models, router
from django_scopes.state import get_scope

from .context import request_context_get
from .models import AuditEvent
from .tenancy import instansi_scope

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
    event = AuditEvent(
        **audit_event_context(instansi=instansi, actor=actor, actor_label=actor_label, action=action),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        old_values=old_values or {},
        new_values=new_values or {},
    )
    if instansi is None:
        _platform_event_insert(event)
        return event
    state = get_scope()
    if state.get("_enabled", True) and "instansi" not in state:
        # Written before any tenant scope exists (a sign-in: the middleware resolved no actor
        # yet). The event names the instansi of the authenticated user's membership, and is
        # written in that instansi's scope: row-level security admits nothing else.
        with instansi_scope(instansi):
            event.save(force_insert=True)
    else:
        event.save(force_insert=True)
    return event


def _platform_event_insert(event: AuditEvent) -> None:
    """A platform event (no instansi) without INSERT … RETURNING: the application role may insert
    it but not read it back (row-level security admits NULL-instansi rows to cross-tenant readers
    only, apps/core/rls.py), and RETURNING would need that read. The id comes from the sequence."""
    connection = connections[router.db_for_write(AuditEvent)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('core_auditevent', 'id'))")
        event.pk = cursor.fetchone()[0]
    fields = list(AuditEvent._meta.local_concrete_fields)
    models.QuerySet(model=AuditEvent)._insert(
        [event], fields=fields, returning_fields=None, using=connection.alias
    )
    event._state.adding = False
    event._state.db = connection.alias


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
