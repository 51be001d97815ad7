"""GET /api/v1/nasional/keadilan/ (BKN: national or one province, from the summary rows) and
/api/v1/nasional/keadilan/instansi/ (the caller's own instansi, from its placements)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from apps.core.api import ActorAPIView
from apps.instansi.models import Wilayah
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.selectors_ninebox import ninebox_periode_list

from . import selectors
from .keadilan import Lensa, keadilan_instansi, keadilan_wilayah, lensa_baris
from .serializers_keadilan import KeadilanSerializer

PERIODE = OpenApiParameter(
    "periode", OpenApiTypes.INT, description="Tahun periode (bawaan: periode terbaru yang ada datanya)."
)


def _periode(request, pilihan: list[int], bawaan: int) -> int:
    nilai = request.query_params.get("periode")
    if nilai in (None, ""):
        return bawaan
    try:
        periode = int(nilai)
    except ValueError:
        raise exceptions.ValidationError({"periode": "Periode harus berupa tahun."}) from None
    if periode not in pilihan:
        raise Http404
    return periode


def _data(lensa: Lensa, *, provinsi: str | None = None, instansi: str | None = None) -> dict:
    return {
        "periode": lensa.periode,
        "provinsi": provinsi,
        "instansi": instansi,
        "batas_sel_kecil": lensa.batas,
        "alpha": lensa.alpha,
        "n": lensa.n,
        "pool": lensa.pool,
        "jumlah_instansi": lensa.jumlah_instansi,
        "diperbarui_min": lensa.diperbarui_min,
        "diperbarui_max": lensa.diperbarui_max,
        "kelompok": lensa_baris(lensa),
    }


class KeadilanNasionalApi(ActorAPIView):
    """The fairness lens over the instansi summary rows: counts and tests only, no personal data."""

    permission_map = {"get": "nasional.view"}

    @extend_schema(
        parameters=[
            PERIODE,
            OpenApiParameter("provinsi", OpenApiTypes.STR, description="Kode Kemendagri provinsi, mis. 62."),
        ],
        responses={
            200: KeadilanSerializer,
            403: OpenApiResponse(description="Hanya BKN dan operator."),
            404: OpenApiResponse(description="Provinsi atau periode tidak dikenal."),
        },
    )
    def get(self, request):
        pilihan = selectors.periode_list()
        periode = _periode(request, pilihan, pilihan[0] if pilihan else periode_sekarang())
        kode = request.query_params.get("provinsi", "").strip()
        provinsi = get_object_or_404(Wilayah, kode=kode, jenis=Wilayah.Jenis.PROVINSI) if kode else None
        lensa = keadilan_wilayah(periode=periode, provinsi=provinsi)
        return Response(KeadilanSerializer(_data(lensa, provinsi=kode or None)).data)


class KeadilanInstansiApi(ActorAPIView):
    """The caller's own instansi lens, from its period's final placements (counts only)."""

    permission_map = {"get": "keadilan.view"}

    @extend_schema(
        parameters=[PERIODE],
        responses={
            200: KeadilanSerializer,
            403: OpenApiResponse(description="Hanya Admin BKD, Komite Talenta dan PPK."),
            404: OpenApiResponse(description="Periode tanpa penempatan."),
        },
    )
    def get(self, request):
        instansi = self.actor.instansi
        if instansi is None:
            raise exceptions.PermissionDenied
        periode = _periode(request, ninebox_periode_list(instansi=instansi), periode_sekarang())
        lensa = keadilan_instansi(instansi=instansi, periode=periode)
        return Response(KeadilanSerializer(_data(lensa, instansi=instansi.kode)).data)
