"""The API schema's shared truths, in one place instead of on every view.

`AutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to every operation the error answers it
can give, each with the body the project really sends:

- 401 `ErrorDetail` when the view authenticates (a missing, wrong or expired token);
- 403 `ErrorDetail` when a permission is checked (the role matrix, or no instansi);
- 404 `ErrorDetail` when the path names an object (foreign tenants' objects included) and on a
  paginated list (a `page` past the end or not a number);
- 400 `ValidationErrors` when the operation reads a body (a read's validated filters document their
  400 on the view, through `list_retrieve_schema`); a view's own 400
  body (the batch endpoints' `BatchError`) is kept and combined with it, because the envelope and an
  unreadable body are still answered in DRF's shape.

A response a view documented with only a description (a service's 400, sign-in's 429) gets the
body; its description stays.

Fields are documented as they are answered: a read-only field on a nullable column (or reached
through a nullable relation) is `nullable` and a read-only choice field on a column that may hold
"" also accepts "" (DRF builds read-only model fields without allow_null / allow_blank); times have
no `format: time`, whose RFC 3339 offset DRF never writes. A `list` that answers one object of its
own says so with `list_answers_one_object = True`.

tests/api/test_schemathesis.py checks every operation's answers against this schema.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.permissions import AllowAny

TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"

ERROR_DETAIL = "ErrorDetail"
VALIDATION_ERRORS = "ValidationErrors"

_SCHEMAS = {
    ERROR_DETAIL: {
        "type": "object",
        "description": "Satu pesan kesalahan untuk seluruh permintaan.",
        "properties": {"detail": {"type": "string", "description": "Pesan kesalahan."}},
        "required": ["detail"],
    },
    VALIDATION_ERRORS: {
        "type": "object",
        "description": (
            "Kesalahan validasi: untuk setiap kolom yang salah, daftar pesannya (objek bersarang untuk "
            "kolom bersarang, daftar per item untuk kolom daftar); `non_field_errors` untuk kesalahan "
            "yang tidak terkait satu kolom; `detail` bila badan permintaan tidak dapat dibaca."
        ),
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
}

_DESCRIPTIONS = {
    "400": "Data tidak valid; pesan per kolom.",
    "401": "Tidak terautentikasi: token tidak ada, salah, atau kedaluwarsa.",
    "403": "Peran Anda tidak memiliki izin (atau akun tidak terhubung dengan instansi).",
    "404": "Tidak ditemukan (termasuk data instansi lain).",
    "404-page": "Halaman tidak ada: `page` melewati halaman terakhir atau bukan bilangan.",
}


def stored_field(field: serializers.Field):
    """The model field a serializer field reads (following `source` through relations) and whether
    a relation on the way may be null; (None, False) when it reads no model field."""
    parent = field.parent
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not field.source or field.source == "*":
        return None, False
    through_null = False
    model_field = None
    for position, name in enumerate(field.source.split(".")):
        if model is None:
            return None, False
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None, False
        if model_field.one_to_many or model_field.many_to_many:
            return None, False
        if position < len(field.source.split(".")) - 1:
            through_null = through_null or model_field.null
            model = model_field.related_model
    return model_field, through_null


def _answers_null(field: serializers.Field) -> bool:
    """A read-only field (which DRF builds without allow_null) on a nullable column, or reached
    through a nullable relation, without a default standing in for the null."""
    if not field.read_only or field.allow_null or field.default not in (empty, None):
        return False
    model_field, through_null = stored_field(field)
    return model_field is not None and (model_field.null or through_null)


def _answers_blank(field: serializers.Field) -> bool:
    """A read-only choice field (which DRF builds without allow_blank) on a column that may hold ""."""
    if not isinstance(field, serializers.ChoiceField) or not field.read_only or field.allow_blank:
        return False
    model_field, _through_null = stored_field(field)
    return model_field is not None and model_field.blank and model_field.get_internal_type() == "CharField"


class AutoSchema(openapi.AutoSchema):
    def _is_list_view(self, serializer=None):
        # e.g. the assessment queue: its own envelope and paging around the rows.
        if getattr(self.view, "list_answers_one_object", False):
            return False
        return super()._is_list_view(serializer)

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, serializers.Field) and _answers_null(field):
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema.get("format") == "time":
            # DRF writes and reads "09:00" / "09:00:00" without an offset, which JSON Schema's
            # `time` format (RFC 3339, offset required) rejects.
            schema = {key: value for key, value in schema.items() if key != "format"}
            schema["pattern"] = TIME_PATTERN
        if _answers_blank(field):
            if "enum" in schema:
                # drf-spectacular's enum hook turns an inline enum with "" into oneOf [XEnum, BlankEnum].
                if "" not in schema["enum"]:
                    schema = {**schema, "enum": [*schema["enum"], ""]}
            else:
                schema = {"oneOf": [schema, {"type": "string", "enum": [""]}]}
        return schema

    def _component_ref(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=_SCHEMAS[name]
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _standard_errors(self) -> dict[str, tuple[str, str]]:
        """Status code -> (component, description) of the errors this operation can answer."""
        errors: dict[str, tuple[str, str]] = {}
        view = self.view
        # Reads document their own 400 (filters that are validated); every body is validated.
        if self.method in ("POST", "PUT", "PATCH"):
            errors["400"] = (VALIDATION_ERRORS, _DESCRIPTIONS["400"])
        if view.get_authenticators():
            errors["401"] = (ERROR_DETAIL, _DESCRIPTIONS["401"])
        if any(not isinstance(permission, AllowAny) for permission in view.get_permissions()):
            errors["403"] = (ERROR_DETAIL, _DESCRIPTIONS["403"])
        if "{" in self.path:
            errors["404"] = (ERROR_DETAIL, _DESCRIPTIONS["404"])
        elif self._is_list_view() and self._get_paginator() is not None:
            errors["404"] = (ERROR_DETAIL, _DESCRIPTIONS["404-page"])
        return errors

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, (name, description) in self._standard_errors().items():
            ref = self._component_ref(name)
            response = responses.setdefault(code, {"description": description})
            content = response.setdefault("content", {})
            if not content:
                content["application/json"] = {"schema": ref}
            elif code == "400":
                # A view's own 400 body (e.g. BatchError) or DRF's: the envelope is validated first.
                for media in content.values():
                    if media.get("schema") != ref:
                        media["schema"] = {"anyOf": [media["schema"], ref]}
        for code in ("400", "401", "403", "404", "409", "429"):
            # Any other documented error without a body (e.g. a service's 400, the 429 of sign-in)
            # answers in the same shapes.
            response = responses.get(code)
            if response is not None and not response.get("content"):
                name = VALIDATION_ERRORS if code == "400" else ERROR_DETAIL
                response["content"] = {"application/json": {"schema": self._component_ref(name)}}
        return responses
