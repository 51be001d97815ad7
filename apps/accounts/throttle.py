"""Brute-force throttling of sign-ins, shared by the login page and the API token endpoint.

Failures are counted in Redis per account (whichever of username or NIP was typed: both name the
same account, so they share one counter) and per client IP. After
LOGIN_THROTTLE_MAX_FAILURES failures the key is locked for LOGIN_THROTTLE_LOCK_SECONDS; even the
right password is refused while locked. A success clears the identifier's counter.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _keys(*, identifier: str, ip_address: str | None) -> list[str]:
    keys = [_key("id", identifier)]
    if ip_address:
        keys.append(_key("ip", ip_address))
    return keys


def login_is_locked(*, identifier: str, ip_address: str | None) -> bool:
    limit = settings.LOGIN_THROTTLE_MAX_FAILURES
    # The per-IP limit is wider: an office behind one NAT address has many honest users.
    limits = [limit, limit * 10]
    values = cache.get_many(_keys(identifier=identifier, ip_address=ip_address))
    return any(
        values.get(key, 0) >= lim
        for key, lim in zip(_keys(identifier=identifier, ip_address=ip_address), limits, strict=False)
    )


def login_failure_register(*, identifier: str, ip_address: str | None) -> None:
    timeout = settings.LOGIN_THROTTLE_LOCK_SECONDS
    for key in _keys(identifier=identifier, ip_address=ip_address):
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=timeout)


def login_success_register(*, identifier: str) -> None:
    cache.delete(_key("id", identifier))
