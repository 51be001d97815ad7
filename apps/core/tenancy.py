"""Fail-closed tenancy at the ORM.

Every tenant-owned model's default manager is `ScopedManager`. It reads the django-scopes state
(`scope(instansi=...)`, `scopes_disabled()`), and without an active `instansi` scope it returns a
`ClosedQuerySet`, on which *every* read or write path raises `ScopeError`.

Why our own manager and not `django_scopes.ScopedManager`: its DisabledQuerySet blocks a list of
methods but leaves others open (`exists()`, `in_bulk()`, `exclude(...).count()`, use as a subquery
through `Subquery(qs)`, ...). Every one of those reaches the database through `QuerySet.query`, so
closing that single property closes them all. Only `create()`, `bulk_create()` and `none()` stay
usable: writes name their instansi explicitly, and `none()` is what schema generation needs.

The same state is the database's second fence: the backend (talenta/db/postgresql) copies the
active instansi into the transaction-local setting `app.instansi_id` that the row-level security
policies of apps/core/rls.py check. Code that must read or write several tenants goes through
`lintas_instansi(alasan=Lintas.…)`, one reviewed reason per path (tests/core/test_rls.py lists its
use sites); a plain `scopes_disabled()` lifts only the ORM filter, and the database still shows the
application role no tenant row.
"""

from __future__ import annotations

import enum
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError
from django_scopes.state import get_scope

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

__all__ = [
    "ClosedQuerySet",
    "Lintas",
    "ScopeError",
    "ScopedManager",
    "instansi_scope",
    "lintas_instansi",
    "scopes_disabled",
    "tenant_model",
]

TENANT_DIMENSION = "instansi"
# Where lintas_instansi() keeps its reason in the django-scopes state (the ORM ignores the key).
LINTAS_KEY = "_lintas_instansi"
_REASON = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class ClosedQuerySet(models.QuerySet):
    """A queryset of a tenant model used outside any tenant scope: unusable by construction."""

    @property
    def query(self):  # type: ignore[override]
        raise ScopeError(
            f"{self.model.__name__}: a tenant query needs an active instansi scope "
            "(request middleware, InstansiTask, or an explicit instansi_scope())."
        )

    @query.setter
    def query(self, value):  # QuerySet.__init__ and pickling assign it.
        self._query = value

    def none(self):
        return models.QuerySet(model=self.model, query=self._query.chain(), using=self._db).none()

    def raw(self, *args: Any, **kwargs: Any):
        raise ScopeError(f"{self.model.__name__}: raw SQL on a tenant model needs a scope.")


class ScopedManager(models.Manager):
    """Default manager of every tenant-owned model; filters by the active instansi scope."""

    def get_queryset(self) -> models.QuerySet:
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if TENANT_DIMENSION not in current:
            return ClosedQuerySet(self.model, using=self._db)
        value = current[TENANT_DIMENSION]
        queryset = super().get_queryset()
        if isinstance(value, list | tuple | set | frozenset):
            return queryset.filter(instansi__in=list(value))
        if value is None:
            # django-scopes' "all tenants" value. Only the national rollup code may use it.
            return queryset
        return queryset.filter(instansi=value)


def tenant_model() -> type[Instansi]:
    """The tenant model, named by settings.TENANT_MODEL."""
    return apps.get_model(settings.TENANT_MODEL)


@contextmanager
def instansi_scope(instansi: Instansi):
    """Activate one tenant. Refuses None, which django-scopes would read as "all tenants"."""
    if not isinstance(instansi, tenant_model()):
        raise ScopeError(f"instansi_scope() needs an Instansi, got {instansi!r}")
    with scope(instansi=instansi):
        yield


class Lintas(enum.StrEnum):
    """The closed list of reviewed reasons to work across instansi (docs/security.md, section 1).

    Adding a member is a security review: say what it reads or writes and why no single tenant's
    scope can do it. tests/core/test_rls.py compares every `lintas_instansi(...)` call in apps/
    with its reviewed list, so a new use site fails until it is reviewed there too.
    """

    # BKN's national and provincial pages: sums of the per-instansi summary rows (no personal data).
    RINGKASAN_NASIONAL = "ringkasan_nasional"
    # KRS Nasional: BKN's search of the minimal talent index of every instansi, audited per search.
    KRS_NASIONAL = "krs_nasional"
    # Beat sweepers: ids of instansi with stale marks (no personal data); each refresh then runs in
    # its own instansi's scope.
    PENYAPU = "penyapu"
    # The platform operator's Django admin (/admin/): accounts and memberships of every instansi.
    ADMIN_PLATFORM = "admin_platform"
    # Mutasi: one pegawai moves between two instansi (operator command, audited on both sides).
    MUTASI = "mutasi"
    # The privacy retention task: deletes audit events and documents past their retention period.
    RETENSI = "retensi"


@contextmanager
def lintas_instansi(*, alasan: Lintas):
    """All instansi at once, for one reviewed reason: the ORM sees every tenant (django-scopes'
    "all tenants" state) and the backend sets `app.lintas_instansi` to the reason, which the
    row-level security policies admit. An `instansi_scope()` nested inside narrows both again."""
    if not isinstance(alasan, Lintas):
        raise ScopeError(f"lintas_instansi() needs a reviewed Lintas reason, got {alasan!r}")
    with scope(instansi=None, **{LINTAS_KEY: alasan.value}):
        yield


def rls_settings() -> tuple[str, str]:
    """(app.instansi_id, app.lintas_instansi) for the current django-scopes state: what the
    database backend (talenta/db/postgresql) sets for row-level security. Empty strings admit no
    tenant row. `scopes_disabled()` and `scope(instansi=None)` alone give nothing: only
    lintas_instansi() opens every tenant to the database."""
    state = get_scope()
    if not state:
        return ("", "")
    lintas = state.get(LINTAS_KEY) or ""
    if lintas and not _REASON.match(lintas):
        raise ValueError(f"invalid cross-tenant reason {lintas!r}")
    if not state.get("_enabled", True):
        return ("", lintas)
    if TENANT_DIMENSION not in state:
        return ("", "")
    value = state[TENANT_DIMENSION]
    if value is None:
        return ("", lintas)
    if isinstance(value, list | tuple | set | frozenset):
        raise ValueError("a scope over several instansi has no row-level security setting; none is used")
    return (str(int(value if isinstance(value, int) else value.pk)), "")
