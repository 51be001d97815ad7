"""DRF base classes. Every tenant API derives from `TenantViewSet`, which subclasses cannot bypass.

The base fixes how the queryset and the object are found (scoped manager *and* an explicit
`instansi=` filter), how permissions are checked (the role matrix), and which user the request is
for. Subclasses customise through named hooks: `safely_get_queryset`, `permission_map`.
A foreign tenant's object is simply not in the queryset, so it answers exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.drainage import warn
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from .actor import ANONYMOUS, Actor

# Documented error answers shared by every endpoint (the schema must list them; schemathesis checks).
RESPONSE_FORBIDDEN = OpenApiResponse(description="Peran Anda tidak memiliki izin.")
RESPONSE_NOT_FOUND = OpenApiResponse(description="Tidak ditemukan (termasuk data instansi lain).")
RESPONSE_INVALID = OpenApiResponse(description="Data tidak valid; pesan per kolom.")
RESPONSE_PAGE_NOT_FOUND = OpenApiResponse(description="Halaman tidak ada.")


def list_retrieve_schema(
    *,
    filter_serializer: type[serializers.Serializer],
    serializer: type[serializers.Serializer],
    detail_serializer: type[serializers.Serializer] | None = None,
) -> dict:
    """`list` (filtered, paginated) and `retrieve` of a tenant viewset, for extend_schema_view()."""
    return {
        "list": extend_schema(
            parameters=[filter_serializer],
            responses={
                200: serializer(many=True),
                400: RESPONSE_INVALID,
                403: RESPONSE_FORBIDDEN,
                404: RESPONSE_PAGE_NOT_FOUND,
            },
        ),
        "retrieve": extend_schema(
            responses={200: detail_serializer or serializer, 403: RESPONSE_FORBIDDEN, 404: RESPONSE_NOT_FOUND}
        ),
    }


def service_error_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as messages per field (else under non_field_errors)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


def service_error_as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as DRF's 400 body: messages per field, else non_field_errors."""
    return serializers.ValidationError(service_error_messages(error))


# --- fields -------------------------------------------------------------------------------------------


class EnumField(serializers.ChoiceField):
    """A choice field documented as one named schema component (`enum_name`). Field names such as
    `status`, `metode` or `sumber` carry different choice sets in different apps; without a fixed
    name drf-spectacular reports the collision as a warning, which fails `--fail-on-warn`."""

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        values = [str(value) for value in field.choices]
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "type": "string",
                "enum": values,
                "description": "\n".join(f"* `{value}` - {label}" for value, label in field.choices.items()),
            },
        )
        if component in auto_schema.registry:
            registered = auto_schema.registry[component].schema["enum"]
            if registered != values:
                # One name, two value sets: the schema would document one of them wrongly.
                warn(f"enum {field.enum_name} has values {values} here and {registered} elsewhere")
        auto_schema.registry.register_on_missing(component)
        alternatives = [component.ref]
        if field.allow_blank:
            # "" is answered as stored (e.g. no jenjang for a structural post): drf-spectacular's
            # own BlankEnum, as for its plain choice fields.
            blank = ResolvedComponent(
                name="BlankEnum", type=ResolvedComponent.SCHEMA, object="BlankEnum", schema={"enum": [""]}
            )
            auto_schema.registry.register_on_missing(blank)
            alternatives.append(blank.ref)
        if field.allow_null:
            alternatives.append({"type": "null"})
        return {"oneOf": alternatives} if len(alternatives) > 1 else component.ref


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


# --- batch writes -------------------------------------------------------------------------------------

BATCH_MAKS = 5000


class BatchHasilSerializer(serializers.Serializer):
    baru = serializers.IntegerField(help_text="Ditambahkan.")
    diubah = serializers.IntegerField(help_text="Sudah ada dengan nilai lain; diperbarui.")
    tetap = serializers.IntegerField(help_text="Sudah ada dengan nilai yang sama; tidak diubah.")


class BatchItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Posisi item dalam `items`, mulai dari 0.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Pesan per kolom."
    )


class BatchErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    items = BatchItemErrorSerializer(many=True, help_text="Hanya item yang gagal.")


RESPONSE_BATCH_INVALID = OpenApiResponse(
    response=BatchErrorSerializer,
    description="Ada item yang tidak valid (atau amplop `items` salah); tidak ada yang disimpan.",
)


def batch_items_field(item_serializer: type[serializers.Serializer]) -> serializers.ListField:
    """`items`: a list of 1…BATCH_MAKS objects, each validated later on its own (per-item errors
    keep their index); documented as a list of `item_serializer`."""

    @extend_schema_field(item_serializer(many=True))
    class ItemsField(serializers.ListField):
        pass

    return ItemsField(
        child=serializers.JSONField(),
        allow_empty=False,
        max_length=BATCH_MAKS,
        help_text=f"1 sampai {BATCH_MAKS} item; semua atau tidak sama sekali.",
    )


@dataclass
class BatchValidasi:
    rows: list = field(default_factory=list)  # validated rows, in order
    errors: list[dict] = field(default_factory=list)  # [{"index": i, "errors": {field: [...]}}]
    jumlah: int = 0


def upsert_schema(
    *,
    input_serializer: type[serializers.Serializer],
    batch_serializer: type[serializers.Serializer],
    serializer: type[serializers.Serializer],
    noun: str,
    create_description: str,
) -> dict:
    """`create` and `batch` of an UpsertWriteMixin viewset, for extend_schema_view()."""
    return {
        "create": extend_schema(
            request=input_serializer,
            responses={200: serializer, 201: serializer, 400: RESPONSE_INVALID, 403: RESPONSE_FORBIDDEN},
            description=create_description,
        ),
        "batch": extend_schema(
            request=batch_serializer,
            responses={200: BatchHasilSerializer, 400: RESPONSE_BATCH_INVALID, 403: RESPONSE_FORBIDDEN},
            description=(
                f"Catat banyak {noun} sekaligus (paling banyak 5.000), semua atau tidak sama sekali: setiap "
                "item divalidasi dulu; bila ada yang gagal, jawabannya 400 dengan kesalahan per item "
                "(`index` mulai dari 0) dan tidak ada yang disimpan."
            ),
        ),
    }


def upsert_permission_map(*, view: str, manage: str) -> dict[str, str]:
    """The permission of each action of an `UpsertWriteMixin` viewset: reads need `view`, writes
    `manage`."""
    return {"list": view, "retrieve": view, "create": manage, "batch": manage}


class UpsertWriteMixin:
    """Integration writes of a tenant viewset that upsert by a natural key.

    `create` answers 201 for a new row and 200 for one that existed (`upsert` says which); a
    service's ValidationError is a 400 with its messages per field. `batch` is all or nothing: the
    envelope is checked, every item validated (`batch_validate`) before anything is written
    (`batch_write`); if one item fails the answer is 400 with the errors of the failing items only,
    and nothing is saved."""

    input_serializer_class: ClassVar[type[serializers.Serializer]]
    batch_serializer_class: ClassVar[type[serializers.Serializer]]

    def get_serializer_class(self):
        if self.action == "create":
            return self.input_serializer_class
        if self.action == "batch":
            return self.batch_serializer_class
        return self.serializer_class

    def upsert(self, serializer: serializers.Serializer) -> tuple[models.Model, bool]:
        """Write one validated item; returns the row and whether it is new."""
        raise NotImplementedError

    def batch_validate(self, items: list) -> BatchValidasi:
        raise NotImplementedError

    def batch_write(self, rows: list):
        """Write the validated rows; returns the counts (`baru`, `diubah`, `tetap`)."""
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.input_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            row, created = self.upsert(serializer)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        row = self.get_queryset().get(pk=row.pk)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.serializer_class(row).data, status=code)

    @action(detail=False, methods=["post"])
    def batch(self, request, *args, **kwargs):
        envelope = self.batch_serializer_class(data=request.data)
        envelope.is_valid(raise_exception=True)
        result = self.batch_validate(envelope.validated_data["items"])
        if result.errors:
            body = {
                "detail": gettext("%(gagal)s dari %(jumlah)s item tidak valid; tidak ada yang disimpan.")
                % {"gagal": len(result.errors), "jumlah": result.jumlah},
                "items": result.errors,
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        written = self.batch_write(result.rows)
        return Response({"baru": written.baru, "diubah": written.diubah, "tetap": written.tetap})


# --- unknown addresses ----------------------------------------------------------------------------


@csrf_exempt  # nothing to protect, and the answer must be this 404 whatever the method
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any /api/v1/ address no endpoint matches (an unknown path, an id that is not a number) answers
    like an API 404 (`ErrorDetail`), not with the HTML error page."""
    return JsonResponse({"detail": gettext("Tidak ditemukan.")}, status=status.HTTP_404_NOT_FOUND)
