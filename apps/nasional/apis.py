"""API v1 of the national view, read-only, the same rollups as BKN's pages (selectors.py): counts
only, province and national figures as sums of instansi rows. `?periode=YYYY` on every endpoint
(default: the latest period with rows)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN, RESPONSE_NOT_FOUND, ActorAPIView
from apps.core.pagination import Pagination
from apps.instansi.models import Instansi, Wilayah

from . import selectors
from .serializers import (
    RekapInstansiSerializer,
    RekapNasionalSerializer,
    RekapProvinsiSerializer,
    RingkasanHalamanSerializer,
    RingkasanInstansiSerializer,
)

PERIODE = OpenApiParameter(
    "periode",
    OpenApiTypes.INT,
    required=False,
    description="Periode (tahun). Bawaan: periode terbaru yang punya ringkasan.",
)


class _NasionalApi(ActorAPIView):
    permission_map = {"get": "nasional.view"}

    def periode(self, *, instansi: Instansi | None = None) -> tuple[int, list[int]]:
        tersedia = selectors.periode_list(instansi=instansi)
        return selectors.periode_pilih(
            diminta=self.request.query_params.get("periode"), tersedia=tersedia
        ), tersedia


class RekapNasionalApi(_NasionalApi):
    """GET /api/v1/nasional/rekap/: the nation and each province."""

    @extend_schema(
        parameters=[PERIODE],
        responses={200: RekapNasionalSerializer, 403: RESPONSE_FORBIDDEN},
        description="Jumlah nasional dan per provinsi dari ringkasan per instansi (agregat, tanpa data pribadi).",
    )
    def get(self, request):
        periode, tersedia = self.periode()
        rekap = selectors.rekap_nasional(periode=periode)
        data = {
            "periode": periode,
            "periode_tersedia": tersedia,
            "total": rekap.total,
            "provinsi": rekap.provinsi,
        }
        return Response(RekapNasionalSerializer(data).data)


class RekapProvinsiApi(_NasionalApi):
    """GET /api/v1/nasional/provinsi/{kode}/: a province and each of its instansi."""

    @extend_schema(
        parameters=[PERIODE],
        responses={200: RekapProvinsiSerializer, 403: RESPONSE_FORBIDDEN, 404: RESPONSE_NOT_FOUND},
        description="Jumlah provinsi (kode Kemendagri, mis. 62) dan angka tiap instansinya.",
    )
    def get(self, request, kode: str):
        provinsi = get_object_or_404(Wilayah, kode=kode, jenis=Wilayah.Jenis.PROVINSI)
        periode, tersedia = self.periode()
        rekap = selectors.rekap_provinsi(provinsi=provinsi, periode=periode)
        data = {
            "periode": periode,
            "periode_tersedia": tersedia,
            "provinsi": provinsi,
            "jumlah_daerah_otonom": rekap.jumlah_daerah_otonom,
            "total": rekap.total,
            "instansi": rekap.instansi,
        }
        return Response(RekapProvinsiSerializer(data).data)


class RekapInstansiApi(_NasionalApi):
    """GET /api/v1/nasional/instansi/{kode}/: one instansi's figures and its trend."""

    @extend_schema(
        parameters=[PERIODE],
        responses={200: RekapInstansiSerializer, 403: RESPONSE_FORBIDDEN, 404: RESPONSE_NOT_FOUND},
        description="Angka satu instansi (kode Kemendagri, mis. 6271) pada periode itu dan semua periodenya.",
    )
    def get(self, request, kode: str):
        instansi = get_object_or_404(Instansi.objects.select_related("provinsi"), kode=kode, aktif=True)
        periode, tersedia = self.periode(instansi=instansi)
        rekap = selectors.rekap_instansi(instansi=instansi, periode=periode)
        baris = rekap.baris or {}
        data = {
            "periode": periode,
            "periode_tersedia": tersedia,
            "instansi": instansi,
            "provinsi": instansi.provinsi,
            "rekap": rekap.rekap,
            "tahap_implementasi": baris.get("tahap_implementasi"),
            "skor_kti": baris.get("skor_kti"),
            "penetapan_tanggal": baris.get("penetapan_tanggal"),
            "riwayat": [{"periode": p, "rekap": r} for p, r in rekap.riwayat],
        }
        return Response(RekapInstansiSerializer(data).data)


class RingkasanApi(_NasionalApi):
    """GET /api/v1/nasional/ringkasan/: every instansi's row of one period, as stored, in pages
    (546 rows of 37 fields in one answer cost ~350 ms to serialise; a page of 50, a tenth)."""

    @extend_schema(
        parameters=[
            PERIODE,
            OpenApiParameter(
                "page", OpenApiTypes.INT, required=False, description="Nomor halaman (mulai 1)."
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                required=False,
                description="Baris per halaman (bawaan 50, maks. 500).",
            ),
        ],
        responses={
            200: RingkasanHalamanSerializer,
            403: RESPONSE_FORBIDDEN,
            404: RESPONSE_NOT_FOUND,
        },
        description=(
            "Ringkasan setiap instansi aktif pada satu periode (agregat, tanpa data pribadi), urut kode "
            "instansi, per halaman. Halaman di luar jangkauan menjawab 404."
        ),
    )
    def get(self, request):
        periode, _tersedia = self.periode()
        paginator = Pagination()
        rows = paginator.paginate_queryset(selectors.RingkasanHalaman(periode=periode), request, view=self)
        return paginator.get_paginated_response(RingkasanInstansiSerializer(rows, many=True).data)
