"""API v1 for asesmen: reads for BKD and the committee, integration writes (single and batch) for
Admin BKD, and the ASN's own results.

Thin: parse with a serializer, call one selector or service, answer with a serializer. Every
queryset comes from `TenantViewSet` (scoped manager and an explicit `instansi=` filter), and pegawai
are resolved inside the caller's instansi, so another tenant's id or NIP reads like a missing one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.response import Response

from apps.core.api import RESPONSE_BATCH_INVALID as BATCH_INVALID
from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import (
    ActorAPIView,
    BatchHasilSerializer,
    BatchValidasi,
    BatchWriteMixin,
    TenantViewSet,
    service_error_as_api_error,
)
from apps.instansi.models import UnitKerja
from apps.pegawai.apis import belum_terhubung
from apps.pegawai.selectors_portfolio import pegawai_get_own
from apps.pegawai.serializers import batch_validate, pegawai_ref_get

from . import selectors
from .models import Asesmen, Sumber
from .serializers import (
    AsesmenBatchSerializer,
    AsesmenFilterSerializer,
    AsesmenInputSerializer,
    AsesmenSerializer,
)
from .services import AsesmenData, asesmen_clean, asesmen_record, asesmen_write, masa_berlaku_tahun

PAGE_NOT_FOUND = OpenApiResponse(description="Halaman tidak ada.")


@extend_schema_view(
    list=extend_schema(
        parameters=[AsesmenFilterSerializer],
        responses={200: AsesmenSerializer(many=True), 400: INVALID, 403: FORBIDDEN, 404: PAGE_NOT_FOUND},
    ),
    retrieve=extend_schema(responses={200: AsesmenSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
    create=extend_schema(
        request=AsesmenInputSerializer,
        responses={200: AsesmenSerializer, 201: AsesmenSerializer, 400: INVALID, 403: FORBIDDEN},
        description=(
            "Catat satu asesmen (integrasi). Pegawai ditunjuk dengan `nip` (teks) atau `pegawai` (id) "
            "di instansi pemanggil. Asesmen dengan pegawai, tanggal dan metode yang sama diperbarui "
            "(200); yang baru dijawab 201."
        ),
    ),
    batch=extend_schema(
        request=AsesmenBatchSerializer,
        responses={200: BatchHasilSerializer, 400: BATCH_INVALID, 403: FORBIDDEN},
        description=(
            "Catat banyak asesmen sekaligus (paling banyak 5.000), semua atau tidak sama sekali: setiap "
            "item divalidasi dulu; bila ada yang gagal, jawabannya 400 dengan kesalahan per item "
            "(`index` mulai dari 0) dan tidak ada yang disimpan."
        ),
    ),
)
class AsesmenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BatchWriteMixin, TenantViewSet):
    """Asesmen of the caller's instansi, newest first. Filters: `q`, `pegawai`, `unit_kerja` (with the
    units below it), `tahun`, `metode`, `status` (valid/kedaluwarsa today)."""

    model = Asesmen
    serializer_class = AsesmenSerializer
    batch_serializer_class = AsesmenBatchSerializer
    permission_map = {
        "list": "penilaian.view",
        "retrieve": "penilaian.view",
        "create": "penilaian.manage",
        "batch": "penilaian.manage",
    }

    def get_serializer_class(self):
        if self.action == "create":
            return AsesmenInputSerializer
        if self.action == "batch":
            return AsesmenBatchSerializer
        return AsesmenSerializer

    def safely_get_queryset(self, queryset):
        instansi = self.actor.instansi
        if self.action != "list":
            return selectors.asesmen_queryset(queryset, instansi=instansi)
        params = AsesmenFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        unit = None
        if "unit_kerja" in f:
            unit = UnitKerja.objects.filter(instansi=instansi, pk=f["unit_kerja"]).first()
            if unit is None:  # another instansi's unit reads like a missing one: nothing in it
                return queryset.none()
        listed = selectors.asesmen_list(
            instansi=instansi,
            q=f.get("q", ""),
            unit_kerja=unit,
            tahun=f.get("tahun"),
            metode=f.get("metode", ""),
            status=f.get("status", ""),
            pegawai_id=f.get("pegawai"),
        )
        return listed.prefetch_related(selectors.kompetensi_prefetch(instansi.pk))

    def create(self, request, *args, **kwargs):
        actor = self.actor
        serializer = AsesmenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pegawai = pegawai_ref_get(instansi=actor.instansi, data=serializer.validated_data)
        before = set(
            selectors.asesmen_list(instansi=actor.instansi, pegawai_id=pegawai.pk).values_list(
                "pk", flat=True
            )
        )
        try:
            asesmen = asesmen_record(
                instansi=actor.instansi,
                actor=actor.user,
                pegawai=pegawai,
                sumber=Sumber.API,
                today=selectors.hari_ini(),
                **serializer.service_values(),
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        asesmen = self.get_queryset().get(pk=asesmen.pk)
        code = status.HTTP_200_OK if asesmen.pk in before else status.HTTP_201_CREATED
        return Response(AsesmenSerializer(asesmen).data, status=code)

    def batch_validate(self, items: list) -> BatchValidasi:
        instansi = self.actor.instansi
        masa_berlaku = masa_berlaku_tahun(instansi=instansi)
        today = selectors.hari_ini()
        return batch_validate(
            items=items,
            item_serializer=AsesmenInputSerializer,
            instansi=instansi,
            clean=lambda values: asesmen_clean(masa_berlaku=masa_berlaku, today=today, **values),
            make_row=lambda pegawai_id, cleaned: AsesmenData(pegawai_id=pegawai_id, **cleaned),
            duplicate_message=lambda first: (
                _("Pegawai, tanggal dan metode sama dengan item %(index)s dalam kiriman ini.")
                % {"index": first}
            ),
            item_errors=_kompetensi_per_asesmen,
        )

    def batch_write(self, rows: list):
        return asesmen_write(
            instansi=self.actor.instansi,
            actor=self.actor.user,
            rows=rows,
            sumber=Sumber.API,
            cause="asesmen.api",
        )


def _kompetensi_per_asesmen(data: dict) -> dict[str, list[str]]:
    # Per-competency levels replace what is stored; a batch upserts many asesmen at once, so they
    # are accepted one asesmen at a time (POST /api/v1/asesmen/).
    if data.get("kompetensi"):
        return {"kompetensi": [_("Level kompetensi dikirim per asesmen, bukan dalam batch.")]}
    return {}


class SayaAsesmenApi(ActorAPIView):
    """The ASN's own asesmen (recorded by their instansi), newest first."""

    permission_map = {"get": "portfolio.own"}

    @extend_schema(responses={200: AsesmenSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request):
        pegawai = pegawai_get_own(actor=self.actor)
        if pegawai is None:
            raise exceptions.NotFound(belum_terhubung())
        return Response(AsesmenSerializer(selectors.asesmen_pegawai(pegawai=pegawai), many=True).data)
