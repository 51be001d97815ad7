"""API v1 of the IDP: /api/v1/pengembangan/idp/ and /api/v1/pengembangan/kegiatan-idp/.

Reading: `idp.view` (Admin BKD, PPK, Komite); drafting, editing, approving and returning:
`idp.manage` (Admin BKD); the ASN's own plans (`GET idp/saya/`) and progress on their own
activities (`POST kegiatan-idp/{id}/progres/`): `idp.own`. Thin: parse, resolve ids inside the
caller's instansi (another instansi's id answers like an unknown one), call one service."""

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
from apps.pegawai.models import Pegawai

from . import selectors
from .models import Idp, KegiatanIdp
from .serializers import (
    IdpCreateSerializer,
    IdpDetailSerializer,
    IdpFilterSerializer,
    IdpSerializer,
    KegiatanFilterSerializer,
    KegiatanIdpSerializer,
    KegiatanIdpWriteSerializer,
    KembalikanSerializer,
    ProgresSerializer,
)
from .services import (
    idp_hapus,
    idp_kembalikan,
    idp_setujui,
    idp_susun,
    kegiatan_hapus,
    kegiatan_progres,
    kegiatan_tambah,
    kegiatan_ubah,
)

WRITE = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}


def _error(field: str, message: str):
    return service_error_as_api_error(DjangoValidationError({field: [message]}))


@extend_schema_view(
    **list_retrieve_schema(
        filter_serializer=IdpFilterSerializer, serializer=IdpSerializer, detail_serializer=IdpDetailSerializer
    ),
    create=extend_schema(request=IdpCreateSerializer, responses={201: IdpDetailSerializer, **WRITE}),
    destroy=extend_schema(responses={204: None, **WRITE}),
    setujui=extend_schema(request=None, responses={200: IdpDetailSerializer, **WRITE}),
    kembalikan=extend_schema(request=KembalikanSerializer, responses={200: IdpDetailSerializer, **WRITE}),
    saya=extend_schema(
        parameters=[IdpFilterSerializer],
        responses={200: IdpDetailSerializer(many=True), 400: INVALID, 403: FORBIDDEN},
        description="IDP milik pegawai yang masuk (ASN), lengkap dengan kegiatannya.",
    ),
)
class IdpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    model = Idp
    serializer_class = IdpSerializer
    permission_map = {
        "list": "idp.view",
        "retrieve": "idp.view",
        "create": "idp.manage",
        "destroy": "idp.manage",
        "setujui": "idp.manage",
        "kembalikan": "idp.manage",
        "saya": "idp.own",
    }

    def get_serializer_class(self):
        if self.action in ("retrieve", "saya"):
            return IdpDetailSerializer
        return IdpSerializer

    def safely_get_queryset(self, queryset):
        queryset = queryset.select_related("pegawai")
        if self.action == "saya":
            queryset = queryset.filter(pegawai__user=self.actor.user)
        if self.action in ("list", "saya"):
            filters = IdpFilterSerializer(data=self.request.query_params)
            filters.is_valid(raise_exception=True)
            for key in ("tahun", "status"):
                if filters.validated_data.get(key):
                    queryset = queryset.filter(**{key: filters.validated_data[key]})
            if filters.validated_data.get("pegawai"):
                queryset = queryset.filter(pegawai_id=filters.validated_data["pegawai"])
        return queryset.order_by("-tahun", "pegawai__nama", "pk")

    def _answer(self, idp, code=status.HTTP_200_OK) -> Response:
        idp = Idp.objects.filter(instansi=self.actor.instansi, pk=idp.pk).select_related("pegawai").get()
        return Response(IdpDetailSerializer(idp).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = IdpCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pegawai = Pegawai.objects.filter(
            instansi=self.actor.instansi, pk=serializer.validated_data["pegawai"], aktif=True
        ).first()
        if pegawai is None:
            raise _error("pegawai", _("Pegawai tidak ditemukan di instansi ini."))
        try:
            idp = idp_susun(pegawai=pegawai, tahun=serializer.validated_data["tahun"], actor=self.actor.user)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(idp, status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        try:
            idp_hapus(idp=self.get_object(), actor=self.actor.user)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def setujui(self, request, pk=None):
        try:
            idp = idp_setujui(idp=self.get_object(), actor=self.actor.user)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(idp)

    @action(detail=True, methods=["post"])
    def kembalikan(self, request, pk=None):
        serializer = KembalikanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            idp = idp_kembalikan(
                idp=self.get_object(), actor=self.actor.user, alasan=serializer.validated_data["alasan"]
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(idp)

    @action(detail=False, methods=["get"], pagination_class=None)  # every own plan, one list
    def saya(self, request):
        tampilan = selectors.idp_tampilan_asn(instansi=self.actor.instansi)
        return Response(
            IdpDetailSerializer(self.get_queryset(), many=True, context={"tampilan_asn": tampilan}).data
        )


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=KegiatanFilterSerializer, serializer=KegiatanIdpSerializer),
    create=extend_schema(request=KegiatanIdpWriteSerializer, responses={201: KegiatanIdpSerializer, **WRITE}),
    partial_update=extend_schema(
        request=KegiatanIdpWriteSerializer, responses={200: KegiatanIdpSerializer, **WRITE}
    ),
    destroy=extend_schema(responses={204: None, **WRITE}),
    progres=extend_schema(
        request=ProgresSerializer,
        responses={200: KegiatanIdpSerializer, **WRITE},
        description="Progres kegiatan IDP milik sendiri (ASN), 0–99 %; selesai dengan bukti lewat halaman IDP Saya.",
    ),
)
class KegiatanIdpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    model = KegiatanIdp
    serializer_class = KegiatanIdpSerializer
    permission_map = {
        "list": "idp.view",
        "retrieve": "idp.view",
        "create": "idp.manage",
        "partial_update": "idp.manage",
        "destroy": "idp.manage",
        "progres": "idp.own",
    }

    def safely_get_queryset(self, queryset):
        queryset = queryset.select_related("idp", "dokumen")
        if self.action == "progres":
            queryset = queryset.filter(idp__pegawai__user=self.actor.user)
        if self.action == "list":
            filters = KegiatanFilterSerializer(data=self.request.query_params)
            filters.is_valid(raise_exception=True)
            if filters.validated_data.get("idp"):
                queryset = queryset.filter(idp_id=filters.validated_data["idp"])
        return queryset.order_by("idp_id", "urutan", "pk")

    def _data(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        data.pop("idp", None)
        if "penanggung_jawab" in data:
            pj = data["penanggung_jawab"]
            if pj is not None:
                data["penanggung_jawab"] = Pegawai.objects.filter(instansi=self.actor.instansi, pk=pj).first()
                if data["penanggung_jawab"] is None:
                    raise _error("penanggung_jawab", _("Penanggung jawab tidak ditemukan di instansi ini."))
        return data

    def create(self, request, *args, **kwargs):
        serializer = KegiatanIdpWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idp = Idp.objects.filter(
            instansi=self.actor.instansi, pk=serializer.validated_data.get("idp") or 0
        ).first()
        if idp is None:
            raise _error("idp", _("IDP tidak ditemukan di instansi ini."))
        try:
            kegiatan = kegiatan_tambah(idp=idp, actor=self.actor.user, **self._data(serializer))
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(KegiatanIdpSerializer(kegiatan).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        kegiatan = self.get_object()
        serializer = KegiatanIdpWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            kegiatan = kegiatan_ubah(kegiatan=kegiatan, actor=self.actor.user, **self._data(serializer))
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(KegiatanIdpSerializer(kegiatan).data)

    def destroy(self, request, *args, **kwargs):
        try:
            kegiatan_hapus(kegiatan=self.get_object(), actor=self.actor.user)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def progres(self, request, pk=None):
        kegiatan = self.get_object()
        serializer = ProgresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            kegiatan = kegiatan_progres(
                kegiatan=kegiatan,
                actor=self.actor.user,
                progres=serializer.validated_data["progres"],
                catatan=serializer.validated_data["catatan"],
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(KegiatanIdpSerializer(kegiatan).data)
