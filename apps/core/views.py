"""Page-view building blocks: the permission matrix and the tenant filter, applied once."""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import cached_property

from .actor import ANONYMOUS, Actor
from .permissions import role_has_permission


class PermissionRequiredMixin:
    """Pages name one permission of apps/core/permissions.py; anonymous users go to the login."""

    required_permission: str = ""

    @property
    def actor(self) -> Actor:
        return getattr(self.request, "actor", ANONYMOUS)

    def dispatch(self, request, *args, **kwargs):
        if not self.required_permission:
            raise ImproperlyConfigured(f"{type(self).__name__} names no required_permission")
        if not self.actor.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not role_has_permission(role=self.actor.role, permission=self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TenantMixin(PermissionRequiredMixin):
    """Pages of the caller's instansi. `instansi` is looked up after the permission check of
    dispatch(); an account without an instansi gets 403."""

    @cached_property
    def instansi(self) -> models.Model:
        instansi = self.actor.instansi
        if instansi is None:
            raise PermissionDenied
        return instansi


class TenantObjectMixin(TenantMixin):
    """Pages of tenant rows: a foreign row is not found, exactly like a missing one."""

    model: type[models.Model]

    def get_queryset(self):
        return self.model.objects.filter(instansi=self.instansi)


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)
