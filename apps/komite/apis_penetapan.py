"""API v1 of the penetapan: /api/v1/komite/penetapan/ (the PPK's answers: list, read, answer) and
/api/v1/komite/ditetapkan/ (the established placements of a period beside the current box).

Thin: parse with a serializer, find the session inside the caller's instansi (another instansi's
session answers 404 exactly like an unknown one), call one service, answer with the read
serializer."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import TenantViewSet, list_retrieve_schema, service_error_as_api_error
from apps.instansi.models import UnitKerja
from apps.petatalenta.periode import periode_sekarang

from .models import Penetapan, SnapshotPenempatan
from .selectors_penetapan import ditetapkan_vs_sekarang, sidang_penetapan_get
from .serializers_penetapan import (
    DitetapkanFilterSerializer,
    DitetapkanSerializer,
    PenetapanFilterSerializer,
    PenetapanSerializer,
    PenetapanWriteSerializer,
)
from .services_penetapan import penetapan_kembalikan, penetapan_tetapkan


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=PenetapanFilterSerializer, serializer=PenetapanSerializer),
    create=extend_schema(
        request=PenetapanWriteSerializer,
        responses={201: PenetapanSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        description=(
            "PPK menjawab sidang yang sudah ditutup: `ditetapkan` (nomor dan tanggal keputusan wajib; "
            "membekukan snapshot peta talenta periode itu) atau `dikembalikan` (catatan wajib). "
            "Satu sidang dijawab satu kali."
        ),
    ),
)
class PenetapanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The PPK's answers of the caller's instansi, newest first. Filters: `sidang`, `periode`, `hasil`."""

    model = Penetapan
    serializer_class = PenetapanSerializer
    permission_map = {"list": "komite.view", "retrieve": "komite.view", "create": "penetapan.manage"}

    def get_serializer_class(self):
        return PenetapanWriteSerializer if self.action == "create" else PenetapanSerializer

    def safely_get_queryset(self, queryset):
        queryset = queryset.select_related("sidang").order_by("-urutan")
        if self.action != "list":
            return queryset
        params = PenetapanFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        if "sidang" in f:
            queryset = queryset.filter(sidang_id=f["sidang"])
        if "periode" in f:
            queryset = queryset.filter(periode=f["periode"])
        if f.get("hasil"):
            queryset = queryset.filter(hasil=f["hasil"])
        return queryset

    def create(self, request, *args, **kwargs):
        serializer = PenetapanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sidang = sidang_penetapan_get(instansi=self.actor.instansi, pk=data["sidang"])
        if sidang is None:
            raise NotFound()
        try:
            if data["hasil"] == Penetapan.Hasil.DITETAPKAN:
                penetapan = penetapan_tetapkan(
                    sidang=sidang,
                    actor=self.actor.user,
                    nomor_keputusan=data.get("nomor_keputusan", ""),
                    tanggal_keputusan=data.get("tanggal_keputusan"),
                )
            else:
                penetapan = penetapan_kembalikan(
                    sidang=sidang, actor=self.actor.user, catatan=data.get("catatan", "")
                )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        penetapan = self.get_queryset().get(pk=penetapan.pk)
        return Response(PenetapanSerializer(penetapan).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[DitetapkanFilterSerializer],
        responses={200: DitetapkanSerializer(many=True), 400: INVALID, 403: FORBIDDEN},
    )
)
class DitetapkanViewSet(mixins.ListModelMixin, TenantViewSet):
    """The established placements of a period (the latest `ditetapkan` penetapan of that period),
    each with the current computed box and `berbeda`. Empty when the period has no penetapan."""

    model = SnapshotPenempatan
    serializer_class = DitetapkanSerializer
    permission_map = {"list": "talenta.view"}

    def safely_get_queryset(self, queryset):
        params = DitetapkanFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        instansi = self.actor.instansi
        perangkat_daerah = None
        if "perangkat_daerah" in f:
            perangkat_daerah = UnitKerja.objects.filter(instansi=instansi, pk=f["perangkat_daerah"]).first()
            if perangkat_daerah is None:
                return queryset.none()
        return ditetapkan_vs_sekarang(
            instansi=instansi,
            periode=f.get("periode") or periode_sekarang(),
            perangkat_daerah=perangkat_daerah,
            kotak=f.get("kotak"),
            berbeda_saja=bool(f.get("berbeda")),
        )
