"""API v1 for pegawai, their portfolio (riwayat) with verification, and document upload.

Thin: parse with a serializer, call one service, answer with a serializer. Every queryset comes from
`TenantViewSet` (scoped manager and an explicit `instansi=` filter), so another instansi's object
answers exactly like a missing one.

Two endpoints serve two audiences on one route (riwayat reads, document upload): the ASN for their
own data, BKD for the instansi's. `permission_choices` names, per action, the permissions that
open it; the caller needs the first one their role holds, and what they see follows from which.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.core.actor import Actor
from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import ActorAPIView, TenantViewSet, list_retrieve_schema, service_error_as_api_error
from apps.core.permissions import role_has_permission

from .models import RIWAYAT_MODELS, Dokumen, Pegawai, Riwayat, StatusVerifikasi
from .selectors import pegawai_search
from .selectors_portfolio import pegawai_get_own
from .serializers import (
    DokumenSerializer,
    DokumenUploadSerializer,
    PegawaiDetailSerializer,
    PegawaiFilterSerializer,
    PegawaiKontakSerializer,
    PegawaiSerializer,
    PegawaiWriteSerializer,
    RiwayatFilterSerializer,
    SetujuiMassalHasilSerializer,
    SetujuiMassalSerializer,
    TolakSerializer,
    riwayat_serializer_for,
)
from .services import (
    dokumen_store,
    pegawai_create,
    pegawai_update,
    pegawai_update_kontak,
    riwayat_approve,
    riwayat_bulk_approve,
    riwayat_create,
    riwayat_delete,
    riwayat_reject,
    riwayat_update,
)

NO_CONTENT = OpenApiResponse(description="Dihapus.")


@contextmanager
def service_errors():
    """A service's ValidationError as a 400 with messages per field. The NIP constraint is checked
    by the service first; a concurrent insert that still hits it gets the same kind of answer."""
    try:
        yield
    except DjangoValidationError as error:
        raise service_error_as_api_error(error) from None
    except IntegrityError as error:
        if "pegawai_nip_unik_per_instansi" in str(error):
            raise serializers.ValidationError(
                {"nip": [_("NIP ini sudah terdaftar di instansi ini.")]}
            ) from None
        raise


def _holds(actor: Actor, permission: str) -> bool:
    return role_has_permission(role=actor.role, permission=permission)


def belum_terhubung() -> str:
    return _("Akun Anda belum terhubung dengan data pegawai. Hubungi Admin BKD.")


def pegawai_own_or_404(actor: Actor) -> Pegawai:
    """The pegawai linked to the caller's account, or 404 saying the account is not linked."""
    pegawai = pegawai_get_own(actor=actor)
    if pegawai is None:
        raise exceptions.NotFound(belum_terhubung())
    return pegawai


def _pegawai_detail_queryset(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("unit_kerja", "kelengkapan").annotate(
        kelengkapan_persen=F("kelengkapan__persen")
    )


def _ringkasan_riwayat(pegawai: Pegawai) -> dict:
    """Portfolio items of one pegawai per verification status, in total and per kind."""
    total = dict.fromkeys(StatusVerifikasi.values, 0)
    per_jenis = {}
    for model in RIWAYAT_MODELS:
        counts = dict.fromkeys(StatusVerifikasi.values, 0)
        rows = (
            model.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai)
            .values("status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["status"]] = row["n"]
            total[row["status"]] += row["n"]
        per_jenis[model.KODE] = counts
    return {"total": total, "per_jenis": per_jenis}


def _detail_data(pegawai: Pegawai) -> dict:
    pegawai.ringkasan_riwayat = _ringkasan_riwayat(pegawai)
    return PegawaiDetailSerializer(pegawai).data


class PermissionChoicesMixin:
    """`permission_map` derived per caller from `permission_choices` (action -> permission codes):
    the first code the caller's role holds is the one required; a caller holding none is refused
    (the first code is then required, and not held)."""

    permission_choices: ClassVar[dict[str, tuple[str, ...]]] = {}

    @property
    def permission_map(self) -> dict[str, str]:
        actor = self.actor
        return {
            name: next((code for code in codes if _holds(actor, code)), codes[0])
            for name, codes in self.permission_choices.items()
        }


# --- pegawai ------------------------------------------------------------------------------------------


@extend_schema_view(
    **list_retrieve_schema(
        filter_serializer=PegawaiFilterSerializer,
        serializer=PegawaiSerializer,
        detail_serializer=PegawaiDetailSerializer,
    ),
    create=extend_schema(
        request=PegawaiWriteSerializer,
        responses={201: PegawaiDetailSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
    update=extend_schema(
        request=PegawaiWriteSerializer,
        responses={200: PegawaiDetailSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        request=PegawaiWriteSerializer,
        responses={200: PegawaiDetailSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class PegawaiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Pegawai of the caller's instansi. Filters: `q` (nama atau NIP), `unit_kerja`,
    `perangkat_daerah` (unit beserta bidang/seksi di bawahnya), `jenis_jabatan`, `golongan`,
    `status_kepegawaian`, `kelengkapan_min`, `kelengkapan_max`. Writes go through the services."""

    model = Pegawai
    serializer_class = PegawaiSerializer
    permission_map = {
        "list": "pegawai.view",
        "retrieve": "pegawai.view",
        "create": "pegawai.manage",
        "update": "pegawai.manage",
        "partial_update": "pegawai.manage",
    }

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PegawaiDetailSerializer
        if self.action in ("create", "update", "partial_update"):
            return PegawaiWriteSerializer
        return PegawaiSerializer

    def safely_get_queryset(self, queryset):
        queryset = _pegawai_detail_queryset(queryset).order_by("nama", "id")
        if self.action == "list":
            queryset = self._filter(queryset)
        return queryset

    def _filter(self, queryset: QuerySet) -> QuerySet:
        params = PegawaiFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        queryset = pegawai_search(queryset, q=f.get("q", ""))
        if "unit_kerja" in f:
            queryset = queryset.filter(unit_kerja_id=f["unit_kerja"])
        if "perangkat_daerah" in f:
            # The tree is three levels deep: the unit, its bidang, their seksi.
            pd = f["perangkat_daerah"]
            queryset = queryset.filter(
                Q(unit_kerja_id=pd) | Q(unit_kerja__induk_id=pd) | Q(unit_kerja__induk__induk_id=pd)
            )
        for name in ("jenis_jabatan", "golongan", "status_kepegawaian"):
            if name in f:
                queryset = queryset.filter(**{name: f[name]})
        if "kelengkapan_min" in f:
            queryset = queryset.filter(kelengkapan__persen__gte=f["kelengkapan_min"])
        if "kelengkapan_max" in f:
            queryset = queryset.filter(kelengkapan__persen__lte=f["kelengkapan_max"])
        return queryset

    def retrieve(self, request, *args, **kwargs):
        return Response(_detail_data(self.get_object()))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            pegawai = pegawai_create(
                instansi=self.actor.instansi, actor=self.actor.user, **serializer.validated_data
            )
        pegawai = self.get_queryset().get(pk=pegawai.pk)
        return Response(_detail_data(pegawai), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        pegawai = self.get_object()
        serializer = self.get_serializer(pegawai, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            pegawai_update(pegawai=pegawai, actor=self.actor.user, **serializer.validated_data)
        pegawai = self.get_queryset().get(pk=pegawai.pk)
        return Response(_detail_data(pegawai))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


class SayaPegawaiApi(ActorAPIView):
    """The ASN's own profile with completeness; PATCH changes contact data only (e-mail, telepon,
    alamat), without verification. Other fields in the body are ignored."""

    permission_map = {"get": "portfolio.own", "patch": "portfolio.own"}

    def _pegawai(self) -> Pegawai:
        actor = self.actor
        pegawai = (
            _pegawai_detail_queryset(Pegawai.objects.filter(instansi=actor.instansi, user=actor.user))
            .order_by("id")
            .first()
        )
        if pegawai is None:
            raise exceptions.NotFound(belum_terhubung())
        return pegawai

    @extend_schema(responses={200: PegawaiDetailSerializer, 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request):
        return Response(_detail_data(self._pegawai()))

    @extend_schema(
        request=PegawaiKontakSerializer,
        responses={200: PegawaiDetailSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request):
        pegawai = self._pegawai()
        serializer = PegawaiKontakSerializer(pegawai, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            pegawai_update_kontak(pegawai=pegawai, actor=self.actor.user, **serializer.validated_data)
        return Response(_detail_data(self._pegawai()))


# --- documents ----------------------------------------------------------------------------------------


class DokumenUploadApi(PermissionChoicesMixin, ActorAPIView):
    """Upload a supporting document (multipart `berkas`); attach it to riwayat by its `uuid`.
    The ASN uploads for themself; BKD (pegawai.manage) names the `pegawai`."""

    parser_classes = [MultiPartParser, FormParser]
    permission_choices = {"post": ("portfolio.own", "pegawai.manage")}

    @extend_schema(
        request={"multipart/form-data": DokumenUploadSerializer},
        responses={201: DokumenSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def post(self, request):
        actor = self.actor
        context = {"actor": actor, "request": request}
        if self.permission_map["post"] == "portfolio.own":
            # The ASN's document is always their own: a `pegawai` sent along is not even read.
            serializer = DokumenUploadSerializer(data={"berkas": request.data.get("berkas")}, context=context)
            serializer.is_valid(raise_exception=True)
            pegawai = pegawai_get_own(actor=actor)
            if pegawai is None:
                raise exceptions.PermissionDenied(belum_terhubung())
        else:
            serializer = DokumenUploadSerializer(data=request.data, context=context)
            serializer.is_valid(raise_exception=True)
            pegawai = serializer.validated_data.get("pegawai")
            if pegawai is None:
                raise serializers.ValidationError({"pegawai": [_("Pilih pegawai pemilik dokumen.")]})
        with service_errors():
            dokumen = dokumen_store(
                pegawai=pegawai, actor=actor.user, berkas=serializer.validated_data["berkas"]
            )
        return Response(DokumenSerializer(dokumen).data, status=status.HTTP_201_CREATED)


# --- riwayat ------------------------------------------------------------------------------------------

READ_PERMISSIONS = ("pegawai.view", "portfolio.verify", "portfolio.own")


class RiwayatViewSetBase(
    PermissionChoicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    TenantViewSet,
):
    """One kind of portfolio item. BKD readers (pegawai.view, portfolio.verify) see the instansi's
    items; the ASN (portfolio.own) sees and writes only their own. Built by riwayat_viewset_for()."""

    model: ClassVar[type[Riwayat]]

    def _sees_all(self) -> bool:
        return _holds(self.actor, "pegawai.view") or _holds(self.actor, "portfolio.verify")

    def safely_get_queryset(self, queryset):
        queryset = queryset.select_related("pegawai", "dokumen").order_by("-diajukan_pada", "-id")
        if not self._sees_all():
            if self.actor.user is None:
                return queryset.none()
            queryset = queryset.filter(pegawai__user=self.actor.user)
        if self.action == "list":
            params = RiwayatFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            if "pegawai" in params.validated_data:
                queryset = queryset.filter(pegawai_id=params.validated_data["pegawai"])
            if "status" in params.validated_data:
                queryset = queryset.filter(status=params.validated_data["status"])
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        actor = self.actor
        dokumen = Dokumen.objects.none()
        if actor.instansi is not None and not getattr(self, "swagger_fake_view", False):
            dokumen = Dokumen.objects.filter(instansi=actor.instansi)
            if self.model.DIISI_ASN:
                # The ASN attaches only their own documents; someone else's uuid is "not found".
                dokumen = dokumen.filter(pegawai__user=actor.user)
        context["dokumen_queryset"] = dokumen
        return context

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        dokumen = data.pop("dokumen", None)
        if self.model.DIISI_ASN:
            # The owner is the caller's own pegawai record, never a value from the request.
            pegawai = pegawai_get_own(actor=self.actor)
            if pegawai is None:
                raise exceptions.PermissionDenied(belum_terhubung())
        else:
            pegawai = data.pop("pegawai")
        with service_errors():
            item = riwayat_create(
                model=self.model,
                pegawai=pegawai,
                actor=self.actor.user,
                data=data,
                dokumen=dokumen,
                oleh_bkd=not self.model.DIISI_ASN,
            )
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        dokumen = data.pop("dokumen", None)
        data.pop("pegawai", None)
        with service_errors():
            item = riwayat_update(
                riwayat=item,
                actor=self.actor.user,
                data=data,
                dokumen=dokumen,
                oleh_bkd=not self.model.DIISI_ASN,
            )
        return Response(self.get_serializer(item).data)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        with service_errors():
            riwayat_delete(riwayat=item, actor=self.actor.user, oleh_bkd=not self.model.DIISI_ASN)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifikasiMixin:
    """Verification of items the ASN submitted (portfolio.verify)."""

    @action(detail=True, methods=["post"])
    def setujui(self, request, *args, **kwargs):
        item = self.get_object()
        with service_errors():
            riwayat_approve(riwayat=item, actor=self.actor.user)
        return Response(self.get_serializer(item).data)

    @action(detail=True, methods=["post"])
    def tolak(self, request, *args, **kwargs):
        item = self.get_object()
        body = TolakSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            riwayat_reject(riwayat=item, actor=self.actor.user, alasan=body.validated_data["alasan"])
        return Response(self.get_serializer(item).data)

    @action(detail=False, methods=["post"], url_path="setujui-massal")
    def setujui_massal(self, request, *args, **kwargs):
        body = SetujuiMassalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            n = riwayat_bulk_approve(
                model=self.model,
                instansi=self.actor.instansi,
                ids=body.validated_data["ids"],
                actor=self.actor.user,
            )
        return Response({"disetujui": n})


def riwayat_viewset_for(model: type[Riwayat]) -> type[RiwayatViewSetBase]:
    """The viewset of one riwayat kind, with its serializer, permissions and schema.

    Kinds the ASN fills in: the ASN writes (portfolio.own), BKD verifies (portfolio.verify).
    Hukuman disiplin: BKD writes (pegawai.manage, approved at once), nobody verifies it.
    """
    serializer = riwayat_serializer_for(model)
    nama = str(model._meta.verbose_name)
    write = ("portfolio.own",) if model.DIISI_ASN else ("pegawai.manage",)
    choices: dict[str, tuple[str, ...]] = {
        "list": READ_PERMISSIONS,
        "retrieve": READ_PERMISSIONS,
        "create": write,
        "update": write,
        "partial_update": write,
        "destroy": write,
    }
    bases: tuple[type, ...] = (RiwayatViewSetBase,)
    schemas = {
        **list_retrieve_schema(filter_serializer=RiwayatFilterSerializer, serializer=serializer),
        "create": extend_schema(responses={201: serializer, 400: INVALID, 403: FORBIDDEN}),
        "update": extend_schema(responses={200: serializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}),
        "partial_update": extend_schema(
            responses={200: serializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
        ),
        "destroy": extend_schema(responses={204: NO_CONTENT, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}),
    }
    if model.DIISI_ASN:
        bases = (VerifikasiMixin, *bases)
        choices |= dict.fromkeys(("setujui", "tolak", "setujui_massal"), ("portfolio.verify",))
        schemas |= {
            "setujui": extend_schema(
                request=None,
                responses={200: serializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
                description=f"Setujui satu {nama} yang menunggu verifikasi.",
            ),
            "tolak": extend_schema(
                request=TolakSerializer,
                responses={200: serializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
                description=f"Tolak satu {nama} yang menunggu verifikasi, dengan alasan untuk ASN.",
            ),
            "setujui_massal": extend_schema(
                request=SetujuiMassalSerializer,
                responses={200: SetujuiMassalHasilSerializer, 400: INVALID, 403: FORBIDDEN},
                description=f"Setujui banyak {nama} sekaligus; yang tidak lagi menunggu dilewati.",
            ),
        }
    doc = f"Riwayat: {nama}. BKD melihat semua milik instansi (filter `pegawai`, `status`); " + (
        "ASN melihat, menambah, mengubah (kembali diverifikasi) dan menarik miliknya sendiri."
        if model.DIISI_ASN
        else "ASN hanya melihat miliknya; hanya BKD (pegawai.manage) yang mencatat dan mengubah."
    )
    viewset = type(
        f"{model.__name__}ViewSet",
        bases,
        {
            "__doc__": doc,
            "__module__": __name__,
            "model": model,
            "serializer_class": serializer,
            "permission_choices": choices,
        },
    )
    return extend_schema_view(**schemas)(viewset)


RIWAYAT_VIEWSETS: dict[str, type[RiwayatViewSetBase]] = {
    model.KODE: riwayat_viewset_for(model) for model in RIWAYAT_MODELS
}
