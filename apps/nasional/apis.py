from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from apps.core.api import ActorAPIView

from .selectors import ringkasan_list
from .serializers import RingkasanInstansiSerializer


class RingkasanApi(ActorAPIView):
    """Per-instansi summary counts across all tenants (aggregates only, no personal data)."""

    permission_map = {"get": "nasional.view"}

    @extend_schema(
        responses={
            200: RingkasanInstansiSerializer(many=True),
            403: OpenApiResponse(description="Hanya BKN dan operator."),
        }
    )
    def get(self, request):
        return Response(RingkasanInstansiSerializer(ringkasan_list(), many=True).data)
