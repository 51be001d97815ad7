"""API v1 for SKP: reads for BKD and the committee, integration writes (single and batch) for
Admin BKD, and the ASN's own SKP.

Thin: parse with a serializer, call one selector or service, answer with a serializer. The
predikat is never taken as given: skp_clean() derives it and refuses a disagreeing one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import (
    ActorAPIView,
    TenantViewSet,
    UpsertWriteMixin,
    list_retrieve_schema,
    upsert_permission_map,
    upsert_schema,
)
from apps.core.context import hari_ini
from apps.pegawai.apis import pegawai_own_or_404
from apps.pegawai.serializers import batch_validate, pegawai_ref_get

from . import selectors
from .models import SKP, Sumber, UmpanBalik360
from .serializers import (
    SkpBatchSerializer,
    SkpFilterSerializer,
    SkpInputSerializer,
    SkpSerializer,
    UmpanBalikBatchSerializer,
    UmpanBalikFilterSerializer,
    UmpanBalikInputSerializer,
    UmpanBalikSerializer,
)
from .services import SkpData, skp_clean, skp_record, skp_write
from .services_360 import UmpanBalikData, umpan_balik_clean, umpan_balik_record, umpan_balik_write


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=SkpFilterSerializer, serializer=SkpSerializer),
    **upsert_schema(
        input_serializer=SkpInputSerializer,
        batch_serializer=SkpBatchSerializer,
        serializer=SkpSerializer,
        noun="SKP",
        create_description=(
            "Catat satu SKP (integrasi). Pegawai ditunjuk dengan `nip` (teks) atau `pegawai` (id) di "
            "instansi pemanggil. Predikat diturunkan dari kedua rating; predikat yang dikirim dan tidak "
            "sesuai matriks ditolak (400). SKP dengan pegawai, tahun dan periode yang sama diperbarui "
            "(200); yang baru dijawab 201."
        ),
    ),
)
class SkpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, UpsertWriteMixin, TenantViewSet):
    """SKP of the caller's instansi, newest year first. Filters: `q`, `pegawai`, `unit_kerja` (with
    the units below it), `tahun`, `periode`, `predikat`."""

    model = SKP
    serializer_class = SkpSerializer
    input_serializer_class = SkpInputSerializer
    batch_serializer_class = SkpBatchSerializer
    permission_map = upsert_permission_map(view="penilaian.view", manage="penilaian.manage")

    def safely_get_queryset(self, queryset):
        instansi = self.actor.instansi
        if self.action != "list":
            return queryset.select_related("pegawai")
        f = SkpFilterSerializer.filters(query_params=self.request.query_params, instansi=instansi)
        if f is None:
            return queryset.none()
        return selectors.skp_list(
            instansi=instansi,
            q=f.get("q", ""),
            unit_kerja=f.get("unit_kerja"),
            tahun=f.get("tahun"),
            periode=f.get("periode", ""),
            predikat=f.get("predikat", ""),
            pegawai_id=f.get("pegawai"),
        )

    def upsert(self, serializer):
        instansi = self.actor.instansi
        pegawai = pegawai_ref_get(instansi=instansi, data=serializer.validated_data)
        return skp_record(
            instansi=instansi,
            actor=self.actor.user,
            pegawai=pegawai,
            sumber=Sumber.API,
            today=hari_ini(),
            **serializer.service_values(),
        )

    def batch_validate(self, items: list):
        today = hari_ini()
        return batch_validate(
            items=items,
            item_serializer=SkpInputSerializer,
            instansi=self.actor.instansi,
            clean=lambda values: skp_clean(today=today, **values),
            make_row=lambda pegawai_id, cleaned: SkpData(pegawai_id=pegawai_id, **cleaned),
            duplicate_message=lambda first: (
                _("Pegawai, tahun dan periode sama dengan item %(index)s dalam kiriman ini.")
                % {"index": first}
            ),
        )

    def batch_write(self, rows: list):
        return skp_write(
            instansi=self.actor.instansi,
            actor=self.actor.user,
            rows=rows,
            sumber=Sumber.API,
            penyebab="skp.api",
        )


class SayaSkpApi(ActorAPIView):
    """The ASN's own SKP (recorded by their instansi), newest year first."""

    permission_map = {"get": "portfolio.own"}

    @extend_schema(responses={200: SkpSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request):
        pegawai = pegawai_own_or_404(self.actor)
        return Response(SkpSerializer(selectors.skp_pegawai(pegawai=pegawai), many=True).data)


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=UmpanBalikFilterSerializer, serializer=UmpanBalikSerializer),
    **upsert_schema(
        input_serializer=UmpanBalikInputSerializer,
        batch_serializer=UmpanBalikBatchSerializer,
        serializer=UmpanBalikSerializer,
        noun="umpan balik 360°",
        create_description=(
            "Catat satu hasil umpan balik 360° (integrasi), nilai 0–100. Pegawai ditunjuk dengan `nip` "
            "(teks) atau `pegawai` (id) di instansi pemanggil. Hasil dengan pegawai dan tanggal yang sama "
            "diperbarui (200); yang baru dijawab 201."
        ),
    ),
)
class UmpanBalikViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, UpsertWriteMixin, TenantViewSet):
    """360° feedback of the caller's instansi, newest first. Filters: `q`, `pegawai`, `unit_kerja`,
    `tahun`."""

    model = UmpanBalik360
    serializer_class = UmpanBalikSerializer
    input_serializer_class = UmpanBalikInputSerializer
    batch_serializer_class = UmpanBalikBatchSerializer
    permission_map = upsert_permission_map(view="penilaian.view", manage="penilaian.manage")

    def safely_get_queryset(self, queryset):
        instansi = self.actor.instansi
        if self.action != "list":
            return queryset.select_related("pegawai")
        f = UmpanBalikFilterSerializer.filters(query_params=self.request.query_params, instansi=instansi)
        if f is None:
            return queryset.none()
        return selectors.umpan_balik_list(
            instansi=instansi,
            q=f.get("q", ""),
            unit_kerja=f.get("unit_kerja"),
            tahun=f.get("tahun"),
            pegawai_id=f.get("pegawai"),
        )

    def upsert(self, serializer):
        instansi = self.actor.instansi
        pegawai = pegawai_ref_get(instansi=instansi, data=serializer.validated_data)
        return umpan_balik_record(
            instansi=instansi,
            actor=self.actor.user,
            pegawai=pegawai,
            sumber=Sumber.API,
            today=hari_ini(),
            **serializer.service_values(),
        )

    def batch_validate(self, items: list):
        today = hari_ini()
        return batch_validate(
            items=items,
            item_serializer=UmpanBalikInputSerializer,
            instansi=self.actor.instansi,
            clean=lambda values: umpan_balik_clean(today=today, **values),
            make_row=lambda pegawai_id, cleaned: UmpanBalikData(pegawai_id=pegawai_id, **cleaned),
            duplicate_message=lambda first: (
                _("Pegawai dan tanggal sama dengan item %(index)s dalam kiriman ini.") % {"index": first}
            ),
        )

    def batch_write(self, rows: list):
        return umpan_balik_write(
            instansi=self.actor.instansi,
            actor=self.actor.user,
            rows=rows,
            sumber=Sumber.API,
            penyebab="umpan_balik_360.api",
        )


class SayaUmpanBalikApi(ActorAPIView):
    """The ASN's own 360° results (recorded by their instansi), newest first."""

    permission_map = {"get": "portfolio.own"}

    @extend_schema(responses={200: UmpanBalikSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request):
        pegawai = pegawai_own_or_404(self.actor)
        return Response(UmpanBalikSerializer(selectors.umpan_balik_pegawai(pegawai=pegawai), many=True).data)
