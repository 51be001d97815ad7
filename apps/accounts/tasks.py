"""Beat task of the accounts app: expired API tokens leave the database."""

from __future__ import annotations

from celery import shared_task

from .services import api_token_expired_purge


@shared_task(name="apps.accounts.tasks.api_token_expired_purge_task")
def api_token_expired_purge_task() -> int:
    """Idempotent: deletes whatever has expired by now."""
    return api_token_expired_purge()
