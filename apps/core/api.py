"""DRF base classes. Every tenant API derives from `TenantViewSet`, which subclasses cannot bypass.

The base fixes how the queryset and the object are found (scoped manager *and* an explicit
`instansi=` filter), how permissions are checked (the role matrix), and which user the request is
for. Subclasses customise through named hooks: `safely_get_queryset`, `permission_map`.
A foreign tenant's object is simply not in the queryset, so it answers exactly like a missing one.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, viewsets
from rest_framework.views import APIView

from .actor import ANONYMOUS, Actor

# Documented error answers shared by every endpoint (the schema must list them; schemathesis checks).
RESPONSE_FORBIDDEN = OpenApiResponse(description="Peran Anda tidak memiliki izin.")
RESPONSE_NOT_FOUND = OpenApiResponse(description="Tidak ditemukan (termasuk data instansi lain).")
RESPONSE_INVALID = OpenApiResponse(description="Data tidak valid; pesan per kolom.")


def service_error_as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as DRF's 400 body: messages per field, else non_field_errors."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError({k: [str(m) for m in v] for k, v in error.message_dict.items()})
    return serializers.ValidationError({"non_field_errors": error.messages})


class ActorMixin:
    """Shared by every API view: the actor resolved by the middleware, checked against DRF's user."""

    permission_map: ClassVar[dict[str, str]] = {}

    @property
    def actor(self) -> Actor:
        return getattr(self.request._request, "actor", ANONYMOUS)

    def required_permission_for(self, request) -> str:
        action = getattr(self, "action", None) or request.method.lower()
        try:
            return self.permission_map[action]
        except KeyError:
            # An action nobody mapped is an action nobody may call.
            raise exceptions.PermissionDenied(_("Tindakan ini tidak tersedia.")) from None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF authenticated the request on its own; it must be the same user the middleware
        # scoped the request for, or the scope would belong to someone else.
        if request.user.is_authenticated and (
            self.actor.user is None or self.actor.user.pk != request.user.pk
        ):
            raise exceptions.PermissionDenied(_("Sesi tidak konsisten. Silakan masuk kembali."))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["actor"] = self.actor
        return context


class ActorAPIView(ActorMixin, APIView):
    """Base for non-tenant endpoints (the caller's own account, reference data)."""


class TenantViewSet(ActorMixin, viewsets.GenericViewSet):
    model: ClassVar[type[models.Model]]

    _protected = (
        "get_queryset",
        "get_object",
        "get_permissions",
        "get_authenticators",
        "initial",
        "required_permission_for",
    )

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in cls._protected:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} overrides {name}(); tenant viewsets customise through "
                    "safely_get_queryset() and permission_map instead."
                )
        if "model" in cls.__dict__ and "queryset" not in cls.__dict__:
            # Schema generation inspects `queryset` outside any request; `none()` is scope-safe.
            cls.queryset = cls.model.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        instansi = self.actor.instansi
        if instansi is None:
            raise exceptions.PermissionDenied(_("Akun Anda tidak terhubung dengan instansi."))
        return self.safely_get_queryset(self.model.objects.filter(instansi=instansi))

    def safely_get_queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset
