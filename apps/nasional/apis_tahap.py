"""GET /api/v1/nasional/tahap/: every instansi's implementation stage from the summary rows."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from apps.core.api import ActorAPIView

from .selectors_tahap import tahap_daftar
from .serializers_tahap import TahapFilterSerializer, TahapInstansiSerializer


class TahapApi(ActorAPIView):
    """The stage, KTI score and source of each indicator of every active instansi for one period
    (default: the latest with summary rows), optionally of one province and one stage."""

    permission_map = {"get": "nasional.view"}

    @extend_schema(
        parameters=[TahapFilterSerializer],
        responses={
            200: TahapInstansiSerializer(many=True),
            400: OpenApiResponse(description="Parameter tidak valid."),
            403: OpenApiResponse(description="Hanya BKN dan operator."),
        },
    )
    def get(self, request):
        filters = TahapFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        daftar = tahap_daftar(**filters.validated_data)
        return Response(TahapInstansiSerializer(daftar.baris, many=True).data)
