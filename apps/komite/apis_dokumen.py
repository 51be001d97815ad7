"""API v1 of the session documents: queue a document of a session
(POST /api/v1/komite/sidang/{id}/dokumen/), read a job's progress
(GET /api/v1/komite/dokumen/{uuid}/) and download the finished file
(GET /api/v1/komite/dokumen/{uuid}/unduh/). Permission komite.view, the same rules as the pages
(services_dokumen.py); a session or a document of another instansi answers 404 like a missing one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import TenantViewSet, service_error_as_api_error
from apps.core.http import XLSX_CONTENT_TYPE

from .models import DokumenKomite, Sidang
from .serializers_dokumen import DokumenBuatSerializer, DokumenKomiteSerializer
from .services_dokumen import dokumen_buat


class DokumenKomiteViewSet(mixins.RetrieveModelMixin, TenantViewSet):
    """Document jobs of the caller's instansi, found by their `uuid`."""

    model = DokumenKomite
    serializer_class = DokumenKomiteSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    permission_map = {"retrieve": "komite.view", "unduh": "komite.view", "buat": "komite.view"}

    def safely_get_queryset(self, queryset):
        return queryset.select_related("sidang")

    @extend_schema(
        responses={200: DokumenKomiteSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        description="Keadaan pembuatan dokumen dan URL unduhannya bila selesai.",
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=DokumenBuatSerializer,
        responses={201: DokumenKomiteSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        description=(
            "Membuat dokumen sidang di antrean `reports`: berita_acara sejak sidang ditutup; keputusan "
            "(PDF dengan lampiran) dan lampiran_xlsx setelah ditetapkan PPK. Bila dokumen jenis yang "
            "sama masih dibuat, pekerjaan itu yang dikembalikan."
        ),
    )
    def buat(self, request, *args, **kwargs):
        sidang = Sidang.objects.filter(instansi=self.actor.instansi, pk=kwargs["id"]).first()
        if sidang is None:
            raise Http404
        params = DokumenBuatSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            dokumen = dokumen_buat(sidang=sidang, actor=self.actor.user, jenis=params.validated_data["jenis"])
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from error
        dokumen.refresh_from_db()
        data = DokumenKomiteSerializer(dokumen, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
            403: FORBIDDEN,
            404: OpenApiResponse(description="Tidak ditemukan, atau dokumen belum selesai dibuat."),
        },
        description="Berkas dokumen yang sudah selesai (lampiran).",
    )
    @action(detail=True, methods=["get"], url_path="unduh", url_name="unduh")
    def unduh(self, request, *args, **kwargs):
        from .views_dokumen import dokumen_berkas_response

        return dokumen_berkas_response(dokumen=self.get_object(), actor=self.actor.user)
