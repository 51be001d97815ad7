"""API v1 for asesmen: reads for BKD and the committee, integration writes (single and batch) for
Admin BKD, and the ASN's own results.

Thin: parse with a serializer, call one selector or service, answer with a serializer. Every
queryset comes from `TenantViewSet` (scoped manager and an explicit `instansi=` filter), and pegawai
are resolved inside the caller's instansi, so another tenant's id or NIP reads like a missing one.
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
from .models import Asesmen, Sumber
from .serializers import (
    AsesmenBatchSerializer,
    AsesmenFilterSerializer,
    AsesmenInputSerializer,
    AsesmenSerializer,
)
from .services import AsesmenData, asesmen_clean, asesmen_record, asesmen_write, masa_berlaku_tahun


@extend_schema_view(
    **list_retrieve_schema(filter_serializer=AsesmenFilterSerializer, serializer=AsesmenSerializer),
    **upsert_schema(
        input_serializer=AsesmenInputSerializer,
        batch_serializer=AsesmenBatchSerializer,
        serializer=AsesmenSerializer,
        noun="asesmen",
        create_description=(
            "Catat satu asesmen (integrasi). Pegawai ditunjuk dengan `nip` (teks) atau `pegawai` (id) "
            "di instansi pemanggil. Asesmen dengan pegawai, tanggal dan metode yang sama diperbarui "
            "(200); yang baru dijawab 201."
        ),
    ),
)
class AsesmenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, UpsertWriteMixin, TenantViewSet):
    """Asesmen of the caller's instansi, newest first. Filters: `q`, `pegawai`, `unit_kerja` (with the
    units below it), `tahun`, `metode`, `status` (valid/kedaluwarsa today)."""

    model = Asesmen
    serializer_class = AsesmenSerializer
    input_serializer_class = AsesmenInputSerializer
    batch_serializer_class = AsesmenBatchSerializer
    permission_map = upsert_permission_map(view="penilaian.view", manage="penilaian.manage")

    def safely_get_queryset(self, queryset):
        instansi = self.actor.instansi
        if self.action != "list":
            return selectors.asesmen_queryset(queryset, instansi=instansi)
        f = AsesmenFilterSerializer.filters(query_params=self.request.query_params, instansi=instansi)
        if f is None:
            return queryset.none()
        listed = selectors.asesmen_list(
            instansi=instansi,
            q=f.get("q", ""),
            unit_kerja=f.get("unit_kerja"),
            tahun=f.get("tahun"),
            metode=f.get("metode", ""),
            status=f.get("status", ""),
            pegawai_id=f.get("pegawai"),
        )
        return listed.prefetch_related(selectors.kompetensi_prefetch(instansi.pk))

    def upsert(self, serializer):
        instansi = self.actor.instansi
        pegawai = pegawai_ref_get(instansi=instansi, data=serializer.validated_data)
        return asesmen_record(
            instansi=instansi,
            actor=self.actor.user,
            pegawai=pegawai,
            sumber=Sumber.API,
            today=hari_ini(),
            **serializer.service_values(),
        )

    def batch_validate(self, items: list):
        instansi = self.actor.instansi
        masa_berlaku = masa_berlaku_tahun(instansi=instansi)
        today = hari_ini()
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
            penyebab="asesmen.api",
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
        pegawai = pegawai_own_or_404(self.actor)
        return Response(AsesmenSerializer(selectors.asesmen_pegawai(pegawai=pegawai), many=True).data)
