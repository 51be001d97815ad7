"""Celery base task for tenant work: ids in, the instansi's scope around the body."""

from __future__ import annotations

from celery import Task
from django.db import InterfaceError, OperationalError


class InstansiTask(Task):
    """Tasks that work on one instansi's data.

    Callers pass `instansi_id=<pk>` (JSON-safe ids only). The base loads the instansi (tenants
    themselves are not scoped), enters its scope, and calls the body with `instansi=<Instansi>`
    instead, so task code reads like request code and cannot reach another tenant's rows.
    Bodies must be idempotent: tasks are acked late and re-run if a worker dies.
    """

    # Callers pass instansi_id, the body takes instansi: Celery's call-signature check would refuse.
    typing = False
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = True
    retry_backoff_max = 300
    max_retries = 5

    def __call__(self, *args, **kwargs):
        from .tenancy import instansi_scope, tenant_model

        instansi_id = kwargs.pop("instansi_id", None)
        if instansi_id is None:
            raise TypeError(f"{self.name} needs instansi_id=<pk>")
        instansi = tenant_model().objects.get(pk=instansi_id)
        with instansi_scope(instansi):
            return super().__call__(*args, instansi=instansi, **kwargs)


def queue_once(*, key: str, ttl: int, send) -> bool:
    """Coalesced queueing: the first caller wins the Redis key `key` (SET NX EX `ttl` s) and calls
    `send()` (which queues the task); later callers within the key's life queue nothing and get
    False. The task frees the key as it starts (queue_release), so changes made while it runs
    queue the next one. Cache and broker errors propagate: the caller logs them and relies on
    its sweeper (the dirty marks are in PostgreSQL)."""
    from django.core.cache import cache

    if not cache.add(key, 1, timeout=ttl):
        return False
    send()
    return True


def queue_release(*, key: str) -> None:
    """Free a queue_once key (a starting task); errors propagate to the caller."""
    from django.core.cache import cache

    cache.delete(key)
