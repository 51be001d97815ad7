"""API v1 of the inbox: GET /api/v1/notifikasi/ (the caller's own, newest first; `?belum_dibaca=1`
for unread only) and POST /api/v1/notifikasi/{id}/baca/. Permission `notifikasi.own`.

Not a TenantViewSet: every role holds `notifikasi.own`, and an account without an instansi (BKN,
operator) simply has an empty inbox instead of a 403. The queryset is still the caller's own rows of
the caller's instansi, so another user's or another instansi's notification answers 404."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN, RESPONSE_INVALID, RESPONSE_NOT_FOUND, ActorMixin

from .models import Notifikasi
from .selectors import notifikasi_list
from .serializers import NotifikasiSerializer
from .services import notifikasi_baca


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "belum_dibaca", OpenApiTypes.BOOL, description="Hanya yang belum dibaca.", required=False
            )
        ],
        responses={200: NotifikasiSerializer(many=True), 403: RESPONSE_FORBIDDEN},
    ),
    baca=extend_schema(
        request=None,
        responses={
            200: NotifikasiSerializer,
            400: RESPONSE_INVALID,
            403: RESPONSE_FORBIDDEN,
            404: RESPONSE_NOT_FOUND,
        },
        description="Menandai notifikasi sendiri sudah dibaca (mengulang tidak mengubah apa pun).",
    ),
)
class NotifikasiViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotifikasiSerializer
    queryset = Notifikasi.objects.none()
    permission_map = {"list": "notifikasi.own", "baca": "notifikasi.own"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notifikasi.objects.none()
        rows = notifikasi_list(instansi=self.actor.instansi, user=self.actor.user)
        if self.action == "list" and self.request.query_params.get("belum_dibaca") in ("1", "true", "True"):
            rows = rows.filter(dibaca_pada__isnull=True)
        return rows

    @action(detail=True, methods=["post"])
    def baca(self, request, *args, **kwargs):
        if self.actor.instansi is None:
            raise ValidationError(
                {"detail": _("Akun Anda tidak terhubung dengan instansi; tidak ada notifikasi.")}
            )
        row = self.get_object()
        notifikasi_baca(notifikasi=row, user=self.actor.user)
        return Response(NotifikasiSerializer(row).data)
