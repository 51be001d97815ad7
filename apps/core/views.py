"""Page-view building blocks: the permission matrix and the tenant filter, applied once."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.views.generic import ListView

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


class FilteredListView(PermissionRequiredMixin, ListView):
    """A paginated list of the caller's instansi narrowed by a GET form: `filter_form_class` (with
    `filters()`, the keyword arguments of `list_selector`) is built with `get_filter_form_kwargs()`.
    The template gets `filter_form` and `filtered` (whether any filter is set)."""

    paginate_by = 50
    filter_form_class: type[forms.Form]
    list_selector: Callable[..., models.QuerySet]  # wrap in staticmethod()

    def get_filter_form_kwargs(self) -> dict:
        return {"instansi": self.actor.instansi}

    def get_queryset(self):
        self.filter_form = self.filter_form_class(self.request.GET or None, **self.get_filter_form_kwargs())
        self.filters = self.filter_form.filters() if self.filter_form.is_bound else {}
        # A "no" (False) is a filter too (berisiko: Tidak); None and "" are not.
        self.filtered = any(value or value is False for value in self.filters.values())
        return self.list_selector(instansi=self.actor.instansi, **self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter_form=self.filter_form, filtered=self.filtered)
        return context


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)


class TenantFormMixin:
    """Form pages of the caller's instansi: the form is built for that instansi (its choices, its
    uniqueness checks), and a service's ValidationError is shown on the form instead of a 500."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instansi"] = self.actor.instansi
        return kwargs

    def service_error(self, form: forms.Form, error: ValidationError):
        form_add_service_errors(form, error)
        return self.form_invalid(form)
