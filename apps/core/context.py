"""Per-request (or per-task) context that services read without taking a request argument, and
the day the request is judged on."""

from __future__ import annotations

import datetime as dt
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None = None
    user_agent: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("talenta_request_context", default=None)


def request_context_get() -> RequestContext | None:
    return _current.get()


def request_context_set(ctx: RequestContext | None):
    return _current.set(ctx)


def request_context_reset(token) -> None:
    _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def hari_ini() -> dt.date:
    """Today in the installation's time zone (Asia/Jakarta): the day validity is judged on."""
    return timezone.localdate()
