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
