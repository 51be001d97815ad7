"""API v1 of the decisions part: /api/v1/komite/keputusan/ (read; `?sidang=`) and the writes on
one agenda item, /api/v1/komite/agenda/{id}/usulan/ and /api/v1/komite/agenda/{id}/keputusan/.
Thin: parse with a serializer, call the same service as the page; a refusal is a 400 with its
message and nothing changes; another instansi's item answers 404 like a missing one."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import TenantViewSet, list_retrieve_schema, service_error_as_api_error
from apps.core.parsers import JSONParser

from . import services_keputusan as services
from .models import AgendaSidang, KeputusanKomite
from .selectors_keputusan import keputusan_dengan_penempatan
from .serializers_keputusan import (
    KeputusanFilterSerializer,
    KeputusanInputSerializer,
    KeputusanSerializer,
    UsulanInputSerializer,
    UsulanSerializer,
)

WRITE = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=KeputusanFilterSerializer, serializer=KeputusanSerializer)
)
class KeputusanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Decisions of the caller's instansi (append-only, hash-chained), in recording order; for a
    calibration, `penanda` compares the placement's box now with the decided box."""

    model = KeputusanKomite
    serializer_class = KeputusanSerializer
    permission_map = {"list": "komite.view", "retrieve": "komite.view"}

    def safely_get_queryset(self, queryset):
        queryset = keputusan_dengan_penempatan(
            queryset.select_related("pegawai", "jabatan_kunci").order_by("urutan")
        )
        if self.action == "list":
            params = KeputusanFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            if "sidang" in params.validated_data:
                queryset = queryset.filter(sidang_id=params.validated_data["sidang"])
        return queryset


@extend_schema_view(
    usulan=extend_schema(
        request={"multipart/form-data": UsulanInputSerializer, "application/json": UsulanInputSerializer},
        responses={201: UsulanSerializer, **WRITE},
        description="Usulan kalibrasi (atau penggantinya sebelum diputuskan): kotak 1–9 dan alasan wajib; "
        "bukti PDF opsional. Hanya anggota yang hadir dan tidak terhalang, saat sidang berlangsung.",
    ),
    keputusan=extend_schema(
        request=KeputusanInputSerializer,
        responses={201: KeputusanSerializer, **WRITE},
        description="Catat keputusan agenda (sekali; tidak dapat diubah). Memerlukan kuorum; pencatat "
        "anggota yang hadir dan tidak terhalang.",
    ),
)
class AgendaKeputusanViewSet(TenantViewSet):
    """Writes on one agenda item of the caller's instansi."""

    model = AgendaSidang
    serializer_class = KeputusanInputSerializer
    permission_map = {"usulan": "komite.putus", "keputusan": "komite.putus"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]  # JSON: the bounded one

    def safely_get_queryset(self, queryset):
        return queryset.select_related("sidang", "pegawai", "jabatan_kunci", "unit_kerja")

    @action(detail=True, methods=["post"])
    def usulan(self, request, *args, **kwargs):
        agenda = self.get_object()
        serializer = UsulanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            usulan = services.usulan_kalibrasi_simpan(
                agenda=agenda,
                actor=self.actor.user,
                kotak_usulan=data["kotak_usulan"],
                alasan=data["alasan"],
                bukti=data.get("bukti") or None,
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(UsulanSerializer(usulan).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def keputusan(self, request, *args, **kwargs):
        agenda = self.get_object()
        serializer = KeputusanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        suara = {
            name: data.get(name)
            for name in ("cara", "suara_setuju", "suara_tolak", "suara_abstain", "pendapat_berbeda")
        }
        try:
            if agenda.jenis == AgendaSidang.Jenis.KALIBRASI:
                keputusan = services.keputusan_kalibrasi_catat(
                    agenda=agenda, actor=self.actor.user, hasil=data.get("hasil", ""), **suara
                )
            elif agenda.jenis == AgendaSidang.Jenis.SUKSESI:
                keputusan = services.keputusan_suksesi_catat(
                    agenda=agenda,
                    actor=self.actor.user,
                    daftar_pendek=[dict(item) for item in data.get("daftar_pendek", [])],
                    suksesor=[dict(item) for item in data.get("suksesor", [])],
                    suksesor_darurat=dict(data["suksesor_darurat"]) if data.get("suksesor_darurat") else None,
                    arahan=[dict(item) for item in data.get("arahan", [])],
                    alasan=data.get("alasan", ""),
                    **suara,
                )
            else:
                keputusan = services.keputusan_tinjau_catat(
                    agenda=agenda,
                    actor=self.actor.user,
                    catatan=data.get("catatan", ""),
                    arahan=[dict(item) for item in data.get("arahan", [])],
                    **suara,
                )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(KeputusanSerializer(keputusan).data, status=status.HTTP_201_CREATED)
