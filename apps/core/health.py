"""Liveness of the parts Talenta needs: PostgreSQL, Redis, Celery workers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection


@dataclass
class HealthReport:
    database: bool
    redis: bool
    workers: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.database and self.redis


def health_check(*, include_workers: bool, worker_timeout: float = 1.0) -> HealthReport:
    errors: list[str] = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception as error:
        database, errors = False, [*errors, f"database: {error}"]
    try:
        cache.set("health:ping", "1", timeout=10)
        redis = cache.get("health:ping") == "1"
    except Exception as error:
        redis, errors = False, [*errors, f"redis: {error}"]
    workers: list[str] = []
    if include_workers and redis:
        from celery import current_app

        replies = current_app.control.inspect(timeout=worker_timeout).ping() or {}
        workers = sorted(replies)
    return HealthReport(database=database, redis=redis, workers=workers, errors=errors)
