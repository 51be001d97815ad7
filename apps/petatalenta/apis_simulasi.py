"""POST /api/v1/talenta/pegawai/<pk>/simulasi/ (talenta.simulasi) and /api/v1/talenta/saya/simulasi/
(talenta.simulasi_saya, the ASN's own where the instansi shows ASN their box): the what-if of
selectors_simulasi as JSON. POST because the hypothetical inputs are a body; nothing is written."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from apps.core.api import ActorAPIView
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors_portfolio import pegawai_get_own

from .forms_simulasi import SimulasiForm
from .selectors import pengaturan_talenta_get
from .selectors_profil import PenjelasanHasil
from .selectors_simulasi import HasilSimulasi, simulasi_dasar_get, simulasi_hitung
from .serializers_simulasi import SimulasiMintaSerializer, SimulasiSerializer


def _hasil(p: PenjelasanHasil, r) -> dict:
    return {
        "kotak": p.kotak,
        "label_kotak": p.label_kotak,
        "status": p.status,
        "talent_pool": p.talent_pool,
        "skor_potensial": r.skor_potensial,
        "skor_kinerja": r.skor_kinerja,
        "level_potensial": r.level_potensial,
        "level_kinerja": r.level_kinerja,
        "kekurangan": [{"kode": k.kode, "teks": k.teks, "wajib": k.wajib} for k in p.kekurangan],
        "komponen": [
            {
                "kode": k.kode,
                "sumbu": k.sumbu,
                "label": k.label,
                "nilai": k.nilai,
                "bobot": k.bobot,
                "kontribusi": k.kontribusi,
                "keterangan": k.keterangan,
            }
            for k in p.komponen
        ],
        "langkah": [
            {"sumbu": s.sumbu, "kode": step.kode, "teks": step.teks, "jaga": step.jaga}
            for s in p.sumbu
            for step in [*s.langkah, *s.jaga]
        ],
    }


def _data(hasil: HasilSimulasi) -> dict:
    dasar = hasil.dasar
    return {
        "pegawai": dasar.pegawai.pk,
        "periode": dasar.periode,
        "tanggal_acuan": dasar.tanggal_acuan,
        "aturan": {
            "id": dasar.aturan_obj.pk if dasar.aturan_obj is not None else None,
            "nama": dasar.aturan_nama,
            "versi": dasar.aturan_versi,
            "model": dasar.aturan.model,
        },
        "perubahan": hasil.perubahan_teks,
        "saat_ini": _hasil(hasil.penjelasan_saat_ini, hasil.saat_ini),
        "simulasi": _hasil(hasil.penjelasan, hasil.simulasi),
        "tersimpan": hasil.tersimpan_status,
    }


class _SimulasiApi(ActorAPIView):
    def simulasi(self, request, *, instansi, pegawai) -> Response:
        minta = SimulasiMintaSerializer(data=request.data)
        minta.is_valid(raise_exception=True)
        dasar = simulasi_dasar_get(instansi=instansi, pegawai=pegawai)
        data = dict(minta.validated_data)
        form_data: dict = {}
        for name in ("jpm", "nilai_potensi", "jp", "jenjang"):
            if name in data:
                form_data[name] = str(data[name])
        if "kesesuaian" in data:
            form_data["kesesuaian"] = "ya" if data["kesesuaian"] else "tidak"
        jendela = dasar.jendela_skp
        for tahun, predikat in (data.get("skp") or {}).items():
            if not str(tahun).isdigit() or int(tahun) not in jendela:
                raise exceptions.ValidationError(
                    {
                        "skp": [
                            _("Tahun %(tahun)s di luar jendela SKP aturan (%(jendela)s).")
                            % {"tahun": tahun, "jendela": ", ".join(str(t) for t in sorted(jendela))}
                        ]
                    }
                )
            form_data[f"skp_{int(tahun)}"] = predikat or ""
        form = SimulasiForm(form_data, dasar=dasar)
        if not form.is_valid():
            errors: dict[str, list[str]] = {}
            for name, messages in form.errors.items():
                errors.setdefault("skp" if name.startswith("skp_") else name, []).extend(messages)
            raise exceptions.ValidationError(errors)
        return Response(
            SimulasiSerializer(_data(simulasi_hitung(dasar=dasar, perubahan=form.perubahan()))).data
        )


RESPONSES = {200: SimulasiSerializer}


class PegawaiSimulasiApi(_SimulasiApi):
    """The what-if of a pegawai of the caller's instansi (BKD, PPK, Komite)."""

    permission_map = {"post": "talenta.simulasi"}

    @extend_schema(
        request=SimulasiMintaSerializer,
        responses={**RESPONSES, 404: OpenApiResponse(description="Pegawai tidak ada di instansi Anda.")},
        summary="Simulasi (bagaimana jika) penempatan seorang pegawai; tidak menyimpan apa pun",
    )
    def post(self, request, pk: int):
        instansi = self.actor.instansi
        if instansi is None:
            raise exceptions.PermissionDenied(_("Akun Anda tidak terhubung dengan instansi."))
        pegawai = Pegawai.objects.filter(instansi=instansi, pk=pk).first()
        if pegawai is None:
            raise Http404
        return self.simulasi(request, instansi=instansi, pegawai=pegawai)


class SayaSimulasiApi(_SimulasiApi):
    """The ASN's own what-if, only where the instansi shows ASN their box."""

    permission_map = {"post": "talenta.simulasi_saya"}

    @extend_schema(
        request=SimulasiMintaSerializer,
        responses={
            **RESPONSES,
            404: OpenApiResponse(
                description="Akun belum terhubung dengan data pegawai, atau instansi belum membuka kotak talenta untuk ASN."
            ),
        },
        summary="Simulasi (bagaimana jika) penempatan diri sendiri; tidak menyimpan apa pun",
    )
    def post(self, request):
        pegawai = pegawai_get_own(actor=self.actor)
        if pegawai is None or not pengaturan_talenta_get(instansi=self.actor.instansi).asn_boleh_lihat_kotak:
            raise Http404
        return self.simulasi(request, instansi=self.actor.instansi, pegawai=pegawai)
