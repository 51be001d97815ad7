"""Read API of succession (suksesi.view): key posts with their stored status, each post's stored
candidates, and the talent pool (KRS). The key-post CRUD API lives at /api/v1/jabatan-kunci/.

Thin: parse the filters, call one selector, answer with a serializer. Querysets come from
TenantViewSet, so another instansi's post answers 404 like an unknown id."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action

from apps.core.api import (
    RESPONSE_FORBIDDEN,
    RESPONSE_INVALID,
    RESPONSE_NOT_FOUND,
    RESPONSE_PAGE_NOT_FOUND,
    TenantViewSet,
    list_retrieve_schema,
)
from apps.petatalenta.models import Penempatan

from . import selectors
from .models import JabatanKunci
from .serializers import (
    JabatanKunciFilterSerializer,
    JabatanKunciStatusSerializer,
    KandidatFilterSerializer,
    KandidatSerializer,
    KrsFilterSerializer,
    KrsSerializer,
)

VIEW = "suksesi.view"


@extend_schema_view(
    **list_retrieve_schema(
        filter_serializer=JabatanKunciFilterSerializer, serializer=JabatanKunciStatusSerializer
    ),
    kandidat=extend_schema(
        description=(
            "Calon tersimpan satu jabatan kunci, per halaman: yang memenuhi syarat menurut peringkat "
            "(`peringkat` berlanjut antarhalaman), lalu yang perlu verifikasi, lalu yang tidak memenuhi "
            "syarat, masing-masing dengan hasil dan alasan setiap kriteria. `kelayakan` menyaring satu "
            "kelompok; ukuran kelompok (`count`) adalah jumlah yang tersimpan pada status jabatan."
        ),
        parameters=[KandidatFilterSerializer],
        responses={
            200: KandidatSerializer(many=True),
            400: RESPONSE_INVALID,
            403: RESPONSE_FORBIDDEN,
            404: RESPONSE_NOT_FOUND,
        },
    ),
)
class JabatanKunciSuksesiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Active key posts of the caller's instansi with their stored succession status. Filters:
    `perangkat_daerah`, `tingkat`, `berisiko`, `lowong`."""

    model = JabatanKunci
    serializer_class = JabatanKunciStatusSerializer
    permission_map = {"list": VIEW, "retrieve": VIEW, "kandidat": VIEW}

    def safely_get_queryset(self, queryset):
        instansi = self.actor.instansi
        if self.action != "list":
            return queryset.select_related("unit_kerja", "pemegang__unit_kerja", "status")
        f = JabatanKunciFilterSerializer.filters(query_params=self.request.query_params, instansi=instansi)
        if f is None:
            return queryset.none()
        return selectors.jabatan_kunci_list(instansi=instansi, **f).select_related("pemegang__unit_kerja")

    @action(detail=True, methods=["get"])
    def kandidat(self, request, *args, **kwargs):
        jabatan = self.get_object()
        params = KandidatFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        kandidat = selectors.kandidat_tersimpan(
            instansi=self.actor.instansi,
            jabatan_kunci=jabatan,
            kelayakan=params.validated_data.get("kelayakan", ""),
        )
        page = self.paginate_queryset(kandidat)
        rows = selectors.kandidat_tampil_halaman(list(page), offset=self.paginator.page.start_index() - 1)
        return self.get_paginated_response(KandidatSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[KrsFilterSerializer],
        responses={
            200: KrsSerializer(many=True),
            400: RESPONSE_INVALID,
            403: RESPONSE_FORBIDDEN,
            404: RESPONSE_PAGE_NOT_FOUND,
        },
    )
)
class KrsViewSet(mixins.ListModelMixin, TenantViewSet):
    """The KRS Instansi of the current period (final placements in the pool boxes); `nasional=true`
    narrows it to the rule set's KRS Nasional boxes."""

    model = Penempatan
    serializer_class = KrsSerializer
    permission_map = {"list": VIEW}

    def safely_get_queryset(self, queryset):
        instansi = self.actor.instansi
        parsed = KrsFilterSerializer.saringan(query_params=self.request.query_params, instansi=instansi)
        if parsed is None:
            return queryset.none()
        saringan, nasional = parsed
        if nasional:
            return selectors.krs_nasional_list(instansi=instansi, saringan=saringan)
        return selectors.krs_list(instansi=instansi, saringan=saringan)
