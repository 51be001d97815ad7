"""API v1 of the inbox: GET /api/v1/notifikasi/ (the caller's own, newest first; `?belum_dibaca=1`
for unread only) and POST /api/v1/notifikasi/{id}/baca/. Permission `notifikasi.own`.

Not a TenantViewSet: every role holds `notifikasi.own`, and an account without an instansi (BKN,
operator) simply has an empty inbox instead of a 403. The queryset is still the caller's own rows of
the caller's instansi, so another user's or another instansi's notification answers 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.core.api import (
    RESPONSE_FORBIDDEN,
    RESPONSE_INVALID,
    RESPONSE_NOT_FOUND,
    ActorAPIView,
    ActorMixin,
    service_error_as_api_error,
)

from .models import Notifikasi
from .selectors import notifikasi_list, preferensi_list
from .serializers import NotifikasiSerializer, PreferensiSerializer
from .services import notifikasi_baca
from .services_pengingat import preferensi_notifikasi_simpan


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


class PreferensiApi(ActorAPIView):
    """GET /api/v1/notifikasi/preferensi/: the caller's choice per kind their role receives;
    PUT the same list (jenis, kotak_masuk, email) to change it. Kinds not listed keep their choice;
    a kind the caller's role does not receive is refused (nothing is saved)."""

    permission_map = {"get": "notifikasi.own", "put": "notifikasi.own"}

    def _baris(self) -> list[dict]:
        return preferensi_list(instansi=self.actor.instansi, user=self.actor.user, peran=self.actor.role)

    @extend_schema(responses={200: PreferensiSerializer(many=True), 403: RESPONSE_FORBIDDEN})
    def get(self, request):
        return Response(PreferensiSerializer(self._baris(), many=True).data)

    @extend_schema(
        request=PreferensiSerializer(many=True),
        responses={200: PreferensiSerializer(many=True), 400: RESPONSE_INVALID, 403: RESPONSE_FORBIDDEN},
    )
    def put(self, request):
        if self.actor.instansi is None:
            raise ValidationError(
                {"detail": _("Akun Anda tidak terhubung dengan instansi; tidak ada notifikasi.")}
            )
        serializer = PreferensiSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        boleh = {b["jenis"] for b in self._baris()}
        salah = sorted({item["jenis"] for item in serializer.validated_data} - boleh)
        if salah:
            raise ValidationError(
                {
                    "jenis": [
                        _("Jenis notifikasi tidak tersedia untuk peran Anda: %(jenis)s.")
                        % {"jenis": ", ".join(salah)}
                    ]
                }
            )
        try:
            preferensi_notifikasi_simpan(
                instansi=self.actor.instansi,
                user=self.actor.user,
                pilihan={
                    item["jenis"]: (item["kotak_masuk"], item["email"]) for item in serializer.validated_data
                },
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from error
        return Response(PreferensiSerializer(self._baris(), many=True).data)
