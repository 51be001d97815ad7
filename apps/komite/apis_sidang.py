"""API v1 of committee sessions: /api/v1/komite/sidang/ (list, read with agenda, attendance and
quorum; create, change; agenda items, invitations, attendance, start, close, follow-up).

Thin: parse with a serializer, resolve ids inside the caller's instansi (another instansi's id
answers exactly like an unknown one), call one service of services_sidang.py, answer with the
session as read. Reading needs `komite.view`, every write `komite.sekretariat`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import RESPONSE_FORBIDDEN as FORBIDDEN
from apps.core.api import RESPONSE_INVALID as INVALID
from apps.core.api import RESPONSE_NOT_FOUND as NOT_FOUND
from apps.core.api import TenantViewSet, list_retrieve_schema, service_error_as_api_error
from apps.instansi.models import UnitKerja
from apps.pegawai.models import Pegawai
from apps.pegawai.nip import nip_normalize
from apps.suksesi.models import JabatanKunci

from .models import AgendaSidang, Sidang
from .serializers_sidang import (
    AgendaWriteSerializer,
    KehadiranWriteSerializer,
    SidangDetailSerializer,
    SidangFilterSerializer,
    SidangSerializer,
    SidangWriteSerializer,
    TutupSerializer,
)
from .services_sidang import (
    agenda_hapus,
    agenda_tambah,
    kehadiran_catat,
    sidang_buat,
    sidang_lanjutan_buat,
    sidang_mulai,
    sidang_tutup,
    sidang_ubah,
    sidang_undang,
)

WRITE = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}


def _aksi(description: str, request=None, code: int = 200):
    return extend_schema(
        request=request, responses={code: SidangDetailSerializer, **WRITE}, description=description
    )


@extend_schema_view(
    **list_retrieve_schema(
        filter_serializer=SidangFilterSerializer,
        serializer=SidangSerializer,
        detail_serializer=SidangDetailSerializer,
    ),
    create=extend_schema(
        request=SidangWriteSerializer, responses={201: SidangDetailSerializer, 400: INVALID, 403: FORBIDDEN}
    ),
    update=_aksi("Ubah sidang berstatus draf.", SidangWriteSerializer),
    partial_update=_aksi("Ubah sebagian isian sidang berstatus draf.", SidangWriteSerializer),
    agenda=_aksi("Tambah satu agenda (draf atau berlangsung).", AgendaWriteSerializer, 201),
    agenda_hapus=extend_schema(
        request=None,
        responses={204: None, **WRITE},
        description="Hapus agenda yang belum diputuskan (draf atau berlangsung).",
    ),
    undang=_aksi("Kirim undangan (notifikasi dan e-mail) kepada anggota aktif pada tanggal sidang."),
    kehadiran=_aksi("Catat kehadiran anggota yang diundang.", KehadiranWriteSerializer),
    mulai=_aksi("Mulai sidang: draf → berlangsung (perlu agenda dan undangan)."),
    tutup=_aksi("Tutup sidang: berlangsung → selesai (semua agenda sudah diputuskan).", TutupSerializer),
    lanjutan=_aksi("Buat sidang lanjutan dari sidang yang dikembalikan PPK.", None, 201),
)
class SidangViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Sessions of the caller's instansi. Filters: `periode`, `status`."""

    model = Sidang
    serializer_class = SidangSerializer
    permission_map = {
        "list": "komite.view",
        "retrieve": "komite.view",
        "create": "komite.sekretariat",
        "update": "komite.sekretariat",
        "partial_update": "komite.sekretariat",
        "agenda": "komite.sekretariat",
        "agenda_hapus": "komite.sekretariat",
        "undang": "komite.sekretariat",
        "kehadiran": "komite.sekretariat",
        "mulai": "komite.sekretariat",
        "tutup": "komite.sekretariat",
        "lanjutan": "komite.sekretariat",
    }

    def get_serializer_class(self):
        return {
            "list": SidangSerializer,
            "create": SidangWriteSerializer,
            "update": SidangWriteSerializer,
            "partial_update": SidangWriteSerializer,
            "agenda": AgendaWriteSerializer,
            "kehadiran": KehadiranWriteSerializer,
            "tutup": TutupSerializer,
        }.get(self.action, SidangDetailSerializer)

    def safely_get_queryset(self, queryset):
        if self.action != "list":
            return queryset.order_by("pk")
        params = SidangFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        if "periode" in f:
            queryset = queryset.filter(periode=f["periode"])
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        return queryset.order_by("-tanggal", "-id")

    def _answer(self, sidang, code=status.HTTP_200_OK) -> Response:
        sidang = Sidang.objects.get(instansi=self.actor.instansi, pk=sidang.pk)
        return Response(
            SidangDetailSerializer(sidang, context=self.get_serializer_context()).data, status=code
        )

    def _run(self, func, *, code=status.HTTP_200_OK, **kwargs) -> Response:
        try:
            sidang = func(**kwargs)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(sidang, code)

    def create(self, request, *args, **kwargs):
        s = SidangWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._run(
            sidang_buat,
            code=status.HTTP_201_CREATED,
            instansi=self.actor.instansi,
            actor=self.actor.user,
            **s.validated_data,
        )

    def update(self, request, *args, **kwargs):
        sidang = self.get_object()
        partial = kwargs.pop("partial", False)
        s = SidangWriteSerializer(data=request.data, partial=partial)
        s.is_valid(raise_exception=True)
        data = {
            "judul": sidang.judul,
            "nomor": sidang.nomor,
            "periode": sidang.periode,
            "tanggal": sidang.tanggal,
            "waktu": sidang.waktu,
            "tempat": sidang.tempat,
        }
        data.update({k: v for k, v in s.validated_data.items() if not partial or k in request.data})
        return self._run(sidang_ubah, sidang=sidang, actor=self.actor.user, **data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _subjek(self, data: dict) -> dict:
        """The item's subject found inside the caller's instansi only."""
        instansi = self.actor.instansi
        errors: dict[str, list[str]] = {}
        subjek: dict = {"unit_kerja": None, "pegawai": None, "jabatan_kunci": None}
        if data.get("unit_kerja") is not None:
            subjek["unit_kerja"] = UnitKerja.objects.filter(instansi=instansi, pk=data["unit_kerja"]).first()
            if subjek["unit_kerja"] is None:
                errors["unit_kerja"] = [_("Perangkat daerah tidak ditemukan di instansi ini.")]
        if data.get("pegawai_nip"):
            try:
                nip = nip_normalize(data["pegawai_nip"])
            except DjangoValidationError as error:
                errors["pegawai_nip"] = error.messages
            else:
                subjek["pegawai"] = Pegawai.objects.filter(instansi=instansi, nip=nip).first()
                if subjek["pegawai"] is None:
                    errors["pegawai_nip"] = [_("NIP %(nip)s tidak terdaftar di instansi ini.") % {"nip": nip}]
        elif data.get("pegawai") is not None:
            subjek["pegawai"] = Pegawai.objects.filter(instansi=instansi, pk=data["pegawai"]).first()
            if subjek["pegawai"] is None:
                errors["pegawai"] = [_("Pegawai tidak ditemukan di instansi ini.")]
        if data.get("jabatan_kunci") is not None:
            subjek["jabatan_kunci"] = JabatanKunci.objects.filter(
                instansi=instansi, pk=data["jabatan_kunci"]
            ).first()
            if subjek["jabatan_kunci"] is None:
                errors["jabatan_kunci"] = [_("Jabatan kunci tidak ditemukan di instansi ini.")]
        if errors:
            raise service_error_as_api_error(DjangoValidationError(errors))
        jenis = data["jenis"]
        if jenis != AgendaSidang.Jenis.TINJAU_PETA:
            subjek["unit_kerja"] = None
        if jenis != AgendaSidang.Jenis.KALIBRASI:
            subjek["pegawai"] = None
        if jenis != AgendaSidang.Jenis.SUKSESI:
            subjek["jabatan_kunci"] = None
        return subjek

    @action(detail=True, methods=["post"])
    def agenda(self, request, *args, **kwargs):
        sidang = self.get_object()
        s = AgendaWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        subjek = self._subjek(s.validated_data)
        try:
            agenda_tambah(
                sidang=sidang,
                actor=self.actor.user,
                jenis=s.validated_data["jenis"],
                keterangan=s.validated_data.get("keterangan", ""),
                **subjek,
            )
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(sidang, status.HTTP_201_CREATED)

    @action(detail=True, methods=["delete"], url_path=r"agenda/(?P<agenda_id>\d+)")
    def agenda_hapus(self, request, *args, agenda_id=None, **kwargs):
        sidang = self.get_object()
        agenda = AgendaSidang.objects.filter(
            instansi=self.actor.instansi, sidang=sidang, pk=agenda_id
        ).first()
        if agenda is None:
            raise Http404
        try:
            agenda_hapus(agenda=agenda, actor=self.actor.user)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def undang(self, request, *args, **kwargs):
        sidang = self.get_object()
        try:
            sidang_undang(sidang=sidang, actor=self.actor.user)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(sidang)

    @action(detail=True, methods=["post"])
    def kehadiran(self, request, *args, **kwargs):
        sidang = self.get_object()
        s = KehadiranWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        hadir = {item["anggota"]: item["hadir"] for item in s.validated_data["hadir"]}
        try:
            kehadiran_catat(sidang=sidang, actor=self.actor.user, hadir=hadir)
        except DjangoValidationError as error:
            raise service_error_as_api_error(error) from None
        return self._answer(sidang)

    @action(detail=True, methods=["post"])
    def mulai(self, request, *args, **kwargs):
        return self._run(sidang_mulai, sidang=self.get_object(), actor=self.actor.user)

    @action(detail=True, methods=["post"])
    def tutup(self, request, *args, **kwargs):
        sidang = self.get_object()
        s = TutupSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._run(
            sidang_tutup, sidang=sidang, actor=self.actor.user, catatan=s.validated_data["catatan"]
        )

    @action(detail=True, methods=["post"])
    def lanjutan(self, request, *args, **kwargs):
        return self._run(
            sidang_lanjutan_buat,
            code=status.HTTP_201_CREATED,
            sidang_asal=self.get_object(),
            actor=self.actor.user,
        )
