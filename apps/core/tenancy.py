"""Fail-closed tenancy at the ORM.

Every tenant-owned model's default manager is `ScopedManager`. It reads the django-scopes state
(`scope(instansi=...)`, `scopes_disabled()`), and without an active `instansi` scope it returns a
`ClosedQuerySet`, on which *every* read or write path raises `ScopeError`.

Why our own manager and not `django_scopes.ScopedManager`: its DisabledQuerySet blocks a list of
methods but leaves others open (`exists()`, `in_bulk()`, `exclude(...).count()`, use as a subquery
through `Subquery(qs)`, ...). Every one of those reaches the database through `QuerySet.query`, so
closing that single property closes them all. Only `create()`, `bulk_create()` and `none()` stay
usable: writes name their instansi explicitly, and `none()` is what schema generation needs.
"""

from __future__ import annotations

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
    "ScopeError",
    "ScopedManager",
    "instansi_scope",
    "scopes_disabled",
    "tenant_model",
]

TENANT_DIMENSION = "instansi"


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
