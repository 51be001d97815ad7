"""API v1 of the committee's membership and settings: /api/v1/komite/anggota/ (list, read: komite.view;
create, change, `POST {id}/akhiri/`: komite.manage) and /api/v1/komite/pengaturan/ (GET: komite.view,
PUT: komite.manage). Thin: parse, resolve the user and the pegawai inside the caller's instansi (an
id or NIP of another instansi answers exactly like an unknown one), call one service."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import ActorAPIView, TenantViewSet, service_error_as_api_error
from apps.instansi.models import Membership
from apps.pegawai.models import Pegawai
from apps.pegawai.nip import nip_normalize

from .models import AnggotaKomite
from .selectors import pengaturan_komite_get
from .serializers_anggota import (
    AkhiriSerializer,
    AnggotaKomiteSerializer,
    AnggotaKomiteWriteSerializer,
    PengaturanKomiteSerializer,
)
from .services_anggota import (
    PENGATURAN_FIELDS,
    anggota_komite_akhiri,
    anggota_komite_tambah,
    anggota_komite_ubah,
    pengaturan_komite_ubah,
)

WRITE = {400: INVALID, 403: FORBIDDEN}


@extend_schema_view(
    list=extend_schema(responses={200: AnggotaKomiteSerializer(many=True), 403: FORBIDDEN}),
    retrieve=extend_schema(responses={200: AnggotaKomiteSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
    create=extend_schema(
        request=AnggotaKomiteWriteSerializer, responses={201: AnggotaKomiteSerializer, **WRITE}
    ),
    update=extend_schema(
        request=AnggotaKomiteWriteSerializer,
        responses={200: AnggotaKomiteSerializer, **WRITE, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        request=AnggotaKomiteWriteSerializer,
        responses={200: AnggotaKomiteSerializer, **WRITE, 404: NOT_FOUND},
    ),
    akhiri=extend_schema(
        request=AkhiriSerializer,
        responses={200: AnggotaKomiteSerializer, **WRITE, 404: NOT_FOUND},
        description="Mengakhiri masa keanggotaan (data tetap tersimpan).",
    ),
)
class AnggotaKomiteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Members of the caller's instansi's Komite Talenta, every term (past ones too)."""

    model = AnggotaKomite
    serializer_class = AnggotaKomiteSerializer
    permission_map = {
        "list": "komite.view",
        "retrieve": "komite.view",
        "create": "komite.manage",
        "update": "komite.manage",
        "partial_update": "komite.manage",
        "akhiri": "komite.manage",
    }

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AnggotaKomiteWriteSerializer
        if self.action == "akhiri":
            return AkhiriSerializer
        return AnggotaKomiteSerializer

    def safely_get_queryset(self, queryset):
        return queryset.select_related("user", "pegawai").order_by("peran", "mulai", "pk")

    def _answer(self, anggota, code=status.HTTP_200_OK) -> Response:
        anggota = self.get_queryset().get(pk=anggota.pk)
        return Response(AnggotaKomiteSerializer(anggota).data, status=code)

    def _pegawai(self, nip: str):
        pegawai = (
            Pegawai.objects.filter(instansi=self.actor.instansi, nip=nip_normalize(nip))
            .order_by("-aktif", "pk")
            .first()
        )
        if pegawai is None:
            raise service_error_as_api_error(
                DjangoValidationError(
                    {"pegawai_nip": [_("NIP %(nip)s tidak terdaftar di instansi ini.") % {"nip": nip}]}
                )
            )
        return pegawai

    def create(self, request, *args, **kwargs):
        serializer = AnggotaKomiteWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user_id = data.pop("user", None)
        user = None
        if (
            user_id is not None
            and Membership.objects.filter(instansi=self.actor.instansi, user_id=user_id).exists()
        ):
            user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            raise service_error_as_api_error(
                DjangoValidationError({"user": [_("Pengguna tidak ditemukan di instansi ini.")]})
            )
        nip = data.pop("pegawai_nip", "")
        if nip:
            data["pegawai"] = self._pegawai(nip)
        try:
            anggota = anggota_komite_tambah(
                instansi=self.actor.instansi, actor=self.actor.user, user=user, **data
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(anggota, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        anggota = self.get_object()
        serializer = AnggotaKomiteWriteSerializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "user" in data and data.pop("user") != anggota.user_id:
            raise service_error_as_api_error(
                DjangoValidationError(
                    {
                        "user": [
                            _("Pengguna sebuah keanggotaan tidak dapat diganti; tambahkan keanggotaan baru.")
                        ]
                    }
                )
            )
        if "pegawai_nip" in data:
            nip = data.pop("pegawai_nip")
            data["pegawai"] = self._pegawai(nip) if nip else None
        try:
            anggota_komite_ubah(anggota=anggota, actor=self.actor.user, **data)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(anggota)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @action(detail=True, methods=["post"])
    def akhiri(self, request, *args, **kwargs):
        anggota = self.get_object()
        serializer = AkhiriSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            anggota_komite_akhiri(
                anggota=anggota, actor=self.actor.user, selesai=serializer.validated_data["selesai"]
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(anggota)


class PengaturanKomiteApi(ActorAPIView):
    """The committee's settings of the caller's instansi (defaults until first saved)."""

    permission_map = {"get": "komite.view", "put": "komite.manage"}

    def _instansi(self):
        if self.actor.instansi is None:
            raise exceptions.PermissionDenied(_("Akun Anda tidak terhubung dengan instansi."))
        return self.actor.instansi

    @extend_schema(responses={200: PengaturanKomiteSerializer, 403: FORBIDDEN})
    def get(self, request):
        return Response(PengaturanKomiteSerializer(pengaturan_komite_get(instansi=self._instansi())).data)

    @extend_schema(request=PengaturanKomiteSerializer, responses={200: PengaturanKomiteSerializer, **WRITE})
    def put(self, request):
        instansi = self._instansi()
        serializer = PengaturanKomiteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {
            name: serializer.validated_data[name]
            for name in PENGATURAN_FIELDS
            if name in serializer.validated_data
        }
        try:
            pengaturan = pengaturan_komite_ubah(instansi=instansi, actor=self.actor.user, **fields)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(PengaturanKomiteSerializer(pengaturan).data)
