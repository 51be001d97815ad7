"""API v1 of key posts: /api/v1/jabatan-kunci/ (list, read, create, change, deactivate).

Thin: parse with a serializer, resolve the unit and the holder inside the caller's instansi (an
id or NIP of another instansi answers exactly like an unknown one), call one service of
services_jabatan.py, answer with the read serializer.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import TenantViewSet, list_retrieve_schema, service_error_as_api_error
from apps.instansi.models import UnitKerja
from apps.pegawai.selectors import pengaturan_bup

from .models import JabatanKunci
from .selectors_jabatan import jabatan_kunci_kelola_list
from .serializers_jabatan import (
    AlasanSerializer,
    JabatanKunciFilterSerializer,
    JabatanKunciSerializer,
    JabatanKunciWriteSerializer,
)
from .services_jabatan import (
    jabatan_kunci_create,
    jabatan_kunci_deactivate,
    jabatan_kunci_update,
    pemegang_by_id,
    pemegang_by_nip,
    standar_kompetensi_check,
    syarat_tambahan_build,
)

WRITE = {400: INVALID, 403: FORBIDDEN}


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=JabatanKunciFilterSerializer, serializer=JabatanKunciSerializer),
    create=extend_schema(
        request=JabatanKunciWriteSerializer, responses={201: JabatanKunciSerializer, **WRITE}
    ),
    update=extend_schema(
        request=JabatanKunciWriteSerializer, responses={200: JabatanKunciSerializer, **WRITE, 404: NOT_FOUND}
    ),
    partial_update=extend_schema(
        request=JabatanKunciWriteSerializer, responses={200: JabatanKunciSerializer, **WRITE, 404: NOT_FOUND}
    ),
    nonaktifkan=extend_schema(
        request=AlasanSerializer,
        responses={200: JabatanKunciSerializer, **WRITE, 404: NOT_FOUND},
        description="Jabatan tidak lagi menjadi jabatan kunci (tetap tersimpan); alasan wajib.",
    ),
)
class JabatanKunciViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Key posts of the caller's instansi. Filters: `q`, `perangkat_daerah`, `jenis_jabatan`,
    `status` (aktif, nonaktif, lowong). The holder is given by `pemegang` (id) or `pemegang_nip`."""

    model = JabatanKunci
    serializer_class = JabatanKunciSerializer
    permission_map = {
        "list": "suksesi.view",
        "retrieve": "suksesi.view",
        "create": "suksesi.manage",
        "update": "suksesi.manage",
        "partial_update": "suksesi.manage",
        "nonaktifkan": "suksesi.manage",
    }

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return JabatanKunciWriteSerializer
        if self.action == "nonaktifkan":
            return AlasanSerializer
        return JabatanKunciSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.actor.instansi is not None and not getattr(self, "swagger_fake_view", False):
            context["pengaturan_bup"] = pengaturan_bup(instansi=self.actor.instansi)
        return context

    def safely_get_queryset(self, queryset):
        if self.action != "list":
            return queryset.select_related("unit_kerja", "pemegang").order_by("pk")
        params = JabatanKunciFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        perangkat_daerah = None
        if "perangkat_daerah" in f:
            perangkat_daerah = UnitKerja.objects.filter(
                instansi=self.actor.instansi, pk=f["perangkat_daerah"]
            ).first()
            if perangkat_daerah is None:
                return queryset.none()
        return jabatan_kunci_kelola_list(
            instansi=self.actor.instansi,
            q=f.get("q", "").strip(),
            perangkat_daerah=perangkat_daerah,
            jenis_jabatan=f.get("jenis_jabatan", ""),
            status=f.get("status", ""),
        )

    def _answer(self, jabatan, code=status.HTTP_200_OK) -> Response:
        jabatan = self.get_queryset().get(pk=jabatan.pk)
        return Response(
            JabatanKunciSerializer(jabatan, context=self.get_serializer_context()).data, status=code
        )

    def _data(self, validated: dict) -> dict:
        """The service's keyword arguments from the request: the unit and the holder found inside
        the caller's instansi only."""
        instansi = self.actor.instansi
        data = {
            name: validated[name]
            for name in ("nama", "jenis_jabatan", "jenjang_fungsional", "alasan", "aktif")
            if name in validated
        }
        errors = {}
        if "unit_kerja" in validated:
            unit = UnitKerja.objects.filter(instansi=instansi, pk=validated["unit_kerja"]).first()
            if unit is None:
                errors["unit_kerja"] = [
                    _("Unit kerja dengan id %(id)s tidak ditemukan di instansi ini.")
                    % {"id": validated["unit_kerja"]}
                ]
            data["unit_kerja"] = unit
        try:
            if validated.get("pemegang_nip"):
                data["pemegang"] = pemegang_by_nip(instansi=instansi, nip=validated["pemegang_nip"])
            elif validated.get("pemegang") is not None:
                data["pemegang"] = pemegang_by_id(instansi=instansi, pegawai_id=validated["pemegang"])
            elif "pemegang" in validated or "pemegang_nip" in validated:
                data["pemegang"] = None
        except DjangoValidationError as error:
            errors.update(error.message_dict)
        try:
            if "standar_kompetensi" in validated:
                data["standar_kompetensi"] = standar_kompetensi_check(
                    [dict(item) for item in validated["standar_kompetensi"]]
                )
            if "syarat_tambahan" in validated:
                data["syarat_tambahan"] = syarat_tambahan_build(**validated["syarat_tambahan"])
        except DjangoValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise service_error_as_api_error(DjangoValidationError(errors))
        return data

    def create(self, request, *args, **kwargs):
        serializer = JabatanKunciWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = self._data(serializer.validated_data)
        data.pop("aktif", None)
        try:
            jabatan = jabatan_kunci_create(instansi=self.actor.instansi, actor=self.actor.user, **data)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(jabatan, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        jabatan = self.get_object()
        serializer = JabatanKunciWriteSerializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = self._data(serializer.validated_data)
        try:
            jabatan_kunci_update(jabatan=jabatan, actor=self.actor.user, **data)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(jabatan)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @action(detail=True, methods=["post"])
    def nonaktifkan(self, request, *args, **kwargs):
        jabatan = self.get_object()
        serializer = AlasanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            jabatan_kunci_deactivate(
                jabatan=jabatan, actor=self.actor.user, alasan=serializer.validated_data["alasan"]
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(jabatan)
