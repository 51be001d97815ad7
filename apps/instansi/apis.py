from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import ActorAPIView, ActorMixin, TenantViewSet, service_error_as_api_error

from .models import Membership, UnitKerja, Wilayah
from .serializers import InstansiSerializer, MembershipSerializer, UnitKerjaSerializer, WilayahSerializer
from .services import unit_kerja_create, unit_kerja_update


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "jenis", str, enum=UnitKerja.Jenis.values, description="Hanya unit kerja jenis ini."
            )
        ],
        responses={200: UnitKerjaSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(responses={200: UnitKerjaSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
    create=extend_schema(responses={201: UnitKerjaSerializer, 400: INVALID, 403: FORBIDDEN}),
    update=extend_schema(responses={200: UnitKerjaSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}),
    partial_update=extend_schema(
        responses={200: UnitKerjaSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
)
class UnitKerjaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Unit kerja of the caller's instansi. Writes go through the unit kerja services."""

    model = UnitKerja
    serializer_class = UnitKerjaSerializer
    permission_map = {
        "list": "unit_kerja.view",
        "retrieve": "unit_kerja.view",
        "create": "unit_kerja.manage",
        "update": "unit_kerja.manage",
        "partial_update": "unit_kerja.manage",
    }

    def safely_get_queryset(self, queryset):
        queryset = queryset.order_by("kode")
        jenis = self.request.query_params.get("jenis")
        if jenis:
            queryset = queryset.filter(jenis=jenis)
        return queryset

    def perform_create(self, serializer):
        try:
            serializer.instance = unit_kerja_create(
                instansi=self.actor.instansi, actor=self.actor.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None

    def perform_update(self, serializer):
        try:
            serializer.instance = unit_kerja_update(
                unit=serializer.instance, actor=self.actor.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None


@extend_schema_view(
    list=extend_schema(responses={200: MembershipSerializer(many=True), 403: FORBIDDEN}),
    retrieve=extend_schema(responses={200: MembershipSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
)
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Users of the caller's instansi and their roles."""

    model = Membership
    serializer_class = MembershipSerializer
    permission_map = {"list": "membership.view", "retrieve": "membership.view"}

    def safely_get_queryset(self, queryset):
        return queryset.select_related("user").order_by("role", "user__username")


class InstansiSayaApi(ActorAPIView):
    """The caller's own instansi."""

    permission_map = {"get": "instansi.view"}

    @extend_schema(responses={200: InstansiSerializer, 403: FORBIDDEN})
    def get(self, request):
        return Response(InstansiSerializer(self.actor.instansi).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("jenis", str, enum=Wilayah.Jenis.values, description="Hanya wilayah jenis ini."),
            OpenApiParameter("induk", str, description="Kode provinsi: hanya kabupaten/kota di dalamnya."),
        ],
        responses={200: WilayahSerializer(many=True)},
    ),
    retrieve=extend_schema(responses={200: WilayahSerializer, 404: NOT_FOUND}),
)
class WilayahViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Kemendagri region reference (not tenant data). Filters: `jenis`, `induk` (province kode)."""

    queryset = Wilayah.objects.select_related("induk").order_by("kode")
    serializer_class = WilayahSerializer
    lookup_field = "kode"
    permission_map = {"list": "wilayah.view", "retrieve": "wilayah.view"}

    def get_queryset(self):
        queryset = super().get_queryset()
        params = self.request.query_params
        if params.get("jenis"):
            queryset = queryset.filter(jenis=params["jenis"])
        if params.get("induk"):
            queryset = queryset.filter(induk__kode=params["induk"])
        return queryset
