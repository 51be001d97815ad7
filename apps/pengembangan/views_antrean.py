"""Pages and API of the assessment queue (docs/pengembangan-antrean.md). Thin: parse, call one
selector or service, render. The queue itself is read from the stored build; when none is stored
(or it was built on an earlier day) the page queues a build and says so."""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.response import Response

from apps.asesmen.models import Asesmen
from apps.core.api import (
    RESPONSE_FORBIDDEN,
    RESPONSE_INVALID,
    RESPONSE_NOT_FOUND,
    EnumField,
    TenantViewSet,
    service_error_as_api_error,
)
from apps.core.context import hari_ini
from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.permissions import role_has_permission
from apps.core.views import TenantMixin, form_add_service_errors
from apps.pegawai.models import Pegawai

from . import selectors_antrean as sel
from .forms_antrean import AnggaranAsesmenForm, AntreanFilterForm
from .models import AnggaranAsesmen
from .resources_antrean import antrean_asesmen_export_xlsx
from .services_antrean import METODE, AnggaranData, anggaran_asesmen_save, antrean_asesmen_schedule

PER_HALAMAN = 50


def _saringan(values: dict) -> sel.SaringanAntrean:
    pd = values.get("perangkat_daerah")
    return sel.SaringanAntrean(
        perangkat_daerah_id=pd.pk if pd else None,
        kelompok=values.get("kelompok"),
        status=values.get("status") or "",
        cakupan=values.get("cakupan") or "",
    )


def _antrean_konteks(*, instansi, params) -> dict:
    """The parts every read of the queue shares: filters, stored queue, budget line, coverage."""
    form = AntreanFilterForm(params or None, instansi=instansi)
    values = form.values()
    tahun = values.get("tahun") or hari_ini().year
    tersimpan = sel.antrean_tersimpan_get(instansi=instansi)
    if tersimpan is None or tersimpan.usang:
        antrean_asesmen_schedule(instansi_id=instansi.pk)
    ringkasan = sel.antrean_ringkasan(instansi=instansi, tahun=tahun, tersimpan=tersimpan)
    saringan = _saringan(values)
    tercakup = ringkasan.garis.tercakup if ringkasan.garis else None
    rows = (
        sel.antrean_saring(tersimpan=tersimpan, saringan=saringan, tercakup=tercakup or 0)
        if tersimpan is not None
        else []
    )
    return {
        "filter_form": form,
        "filtered": any(v for k, v in values.items() if k != "tahun"),
        "tahun": tahun,
        "tersimpan": tersimpan,
        "ringkasan": ringkasan,
        "rows": rows,
        "tercakup": tercakup,
    }


class AntreanView(TenantMixin, TemplateView):
    """GET /pengembangan/antrean-asesmen/: the ranked queue with the budget line drawn through it."""

    required_permission = "antrean_asesmen.view"
    template_name = "pengembangan/antrean.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ctx = _antrean_konteks(instansi=self.instansi, params=self.request.GET)
        paginator = Paginator(ctx["rows"], PER_HALAMAN)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        tercakup = ctx["tercakup"]
        halaman_garis = None
        if tercakup and not ctx["filtered"] and ctx["rows"]:
            halaman_garis = min(math.ceil(tercakup / PER_HALAMAN), paginator.num_pages)
        context.update(
            ctx,
            page_obj=page_obj,
            paginator=paginator,
            is_paginated=paginator.num_pages > 1,
            page_param="page",
            baris_list=sel.antrean_baris_tampil(
                instansi=self.instansi, baris=list(page_obj.object_list), tercakup=tercakup
            ),
            halaman_garis=halaman_garis,
            kelompok_label=sel.KELOMPOK_LABEL,
            status_label=sel.STATUS_LABEL,
            boleh_kelola=role_has_permission(role=self.actor.role, permission="antrean_asesmen.manage"),
        )
        return context


class AntreanEksporView(TenantMixin, View):
    """GET /pengembangan/antrean-asesmen/ekspor.xlsx: the (filtered) queue for the assessment centre."""

    required_permission = "antrean_asesmen.view"

    def get(self, request, *args, **kwargs):
        ctx = _antrean_konteks(instansi=self.instansi, params=request.GET)
        if ctx["tersimpan"] is None:
            messages.info(request, _("Antrean sedang disusun. Coba ekspor lagi sebentar lagi."))
            return redirect("pengembangan:antrean")
        ringkasan = ctx["ringkasan"]
        tampil = sel.antrean_baris_tampil(instansi=self.instansi, baris=ctx["rows"], tercakup=ctx["tercakup"])
        rows = []
        for b in tampil:
            p = b.pegawai
            if p is None:
                continue
            p.antrean_peringkat = b.peringkat
            p.antrean_prioritas = b.kelompok_label
            p.antrean_alasan = b.alasan
            p.antrean_status_asesmen = b.status_teks
            p.antrean_asesmen_terakhir = b.asesmen_terakhir
            p.antrean_berlaku_sampai = b.berlaku_sampai
            p.antrean_metode = ringkasan.metode_label
            p.antrean_biaya = int(ringkasan.biaya_satuan) if ringkasan.biaya_satuan else None
            p.antrean_dalam_anggaran = (
                ("Ya" if b.tercakup else "Tidak") if ctx["tercakup"] is not None else ""
            )
            rows.append(p)
        content = antrean_asesmen_export_xlsx(instansi=self.instansi, rows=rows)
        return attachment_response(
            content, filename=f"antrean-asesmen-{ctx['tahun']}.xlsx", content_type=XLSX_CONTENT_TYPE
        )


class AnggaranView(TenantMixin, FormView):
    """GET/POST /pengembangan/antrean-asesmen/anggaran/?tahun=: the year's budget."""

    required_permission = "antrean_asesmen.manage"
    template_name = "pengembangan/antrean_anggaran.html"
    form_class = AnggaranAsesmenForm

    def tahun(self) -> int:
        try:
            return int(self.request.GET.get("tahun") or hari_ini().year)
        except ValueError:
            return hari_ini().year

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instansi"] = self.instansi
        return kwargs

    def get_initial(self):
        tahun = self.tahun()
        return AnggaranAsesmenForm.initial_for(
            sel.anggaran_asesmen_get(instansi=self.instansi, tahun=tahun), tahun=tahun
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["anggaran_list"] = sel.anggaran_asesmen_list(instansi=self.instansi)
        context["metode_label"] = sel.METODE_LABEL
        return context

    def form_valid(self, form):
        try:
            anggaran = anggaran_asesmen_save(
                instansi=self.instansi, actor=self.actor.user, data=form.data_anggaran()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Anggaran asesmen %(tahun)s disimpan.") % {"tahun": anggaran.tahun})
        return redirect(f"{reverse('pengembangan:antrean')}?tahun={anggaran.tahun}")


# --- API --------------------------------------------------------------------------------------


class AnggaranAsesmenSerializer(serializers.ModelSerializer):
    jenis = EnumField(
        enum_name="JenisAnggaranAsesmenEnum", choices=AnggaranAsesmen.Jenis.choices, read_only=True
    )
    slot = serializers.SerializerMethodField(help_text="Jumlah pegawai yang dibiayai anggaran ini.")

    class Meta:
        model = AnggaranAsesmen
        fields = [
            "tahun",
            "jenis",
            "jumlah_slot",
            "jumlah_rupiah",
            "metode",
            "biaya_per_metode",
            "slot",
            "diubah_pada",
        ]

    def get_slot(self, obj: AnggaranAsesmen) -> int:
        from .antrean import slot_anggaran

        return slot_anggaran(sel.anggaran_nilai(obj))


class AnggaranAsesmenInputSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    jenis = EnumField(enum_name="JenisAnggaranAsesmenEnum", choices=AnggaranAsesmen.Jenis.choices)
    jumlah_slot = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    jumlah_rupiah = serializers.DecimalField(
        required=False, allow_null=True, max_digits=15, decimal_places=0, min_value=0
    )
    metode = EnumField(enum_name="MetodeAsesmenEnum", choices=Asesmen.Metode.choices)
    biaya_per_metode = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text="Biaya per orang (rupiah) per metode: assessment_center, cact, uji_kompetensi.",
    )


class AnggaranAsesmenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The assessment budgets of the caller's instansi, one per year (`/anggaran-asesmen/<tahun>/`).
    POST creates (201) or replaces (200) the year's budget."""

    model = AnggaranAsesmen
    serializer_class = AnggaranAsesmenSerializer
    lookup_field = "tahun"
    lookup_value_regex = r"\d{4}"
    permission_map = {
        "list": "antrean_asesmen.view",
        "retrieve": "antrean_asesmen.view",
        "create": "antrean_asesmen.manage",
    }

    def safely_get_queryset(self, queryset):
        return queryset.order_by("-tahun")

    @extend_schema(
        request=AnggaranAsesmenInputSerializer,
        responses={
            200: AnggaranAsesmenSerializer,
            201: AnggaranAsesmenSerializer,
            400: RESPONSE_INVALID,
            403: RESPONSE_FORBIDDEN,
        },
    )
    def create(self, request, *args, **kwargs):
        masukan = AnggaranAsesmenInputSerializer(data=request.data)
        masukan.is_valid(raise_exception=True)
        d = masukan.validated_data
        biaya = {m: d.get("biaya_per_metode", {}).get(m) for m in METODE}
        biaya = {m: b for m, b in biaya.items() if b is not None}
        data = AnggaranData(
            tahun=d["tahun"],
            jenis=d["jenis"],
            jumlah_slot=d.get("jumlah_slot"),
            jumlah_rupiah=d.get("jumlah_rupiah"),
            metode=d["metode"],
            biaya_per_metode=biaya,
        )
        baru = not self.get_queryset().filter(tahun=data.tahun).exists()
        try:
            anggaran = anggaran_asesmen_save(instansi=self.actor.instansi, actor=self.actor.user, data=data)
        except ValidationError as error:
            raise service_error_as_api_error(error) from None
        return Response(AnggaranAsesmenSerializer(anggaran).data, status=201 if baru else 200)


class AntreanPegawaiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nip = serializers.CharField()
    nama = serializers.CharField()
    jabatan = serializers.CharField()
    unit_kerja = serializers.CharField(allow_null=True)


class AntreanBarisSerializer(serializers.Serializer):
    peringkat = serializers.IntegerField()
    pegawai = AntreanPegawaiSerializer()
    kelompok = serializers.IntegerField(
        help_text="1 jabatan kunci berisiko, 2 KRS, 3 tingkat sumber, 4 lainnya."
    )
    kelompok_label = serializers.CharField()
    alasan = serializers.CharField()
    status_asesmen = serializers.CharField()
    status_teks = serializers.CharField()
    asesmen_terakhir = serializers.DateField(allow_null=True)
    berlaku_sampai = serializers.DateField(allow_null=True)
    dalam_anggaran = serializers.BooleanField(allow_null=True)


class AntreanFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, help_text="Tahun anggaran (bawaan: tahun ini).")
    perangkat_daerah = serializers.IntegerField(required=False)
    kelompok = serializers.IntegerField(required=False, min_value=1, max_value=4)
    status = serializers.CharField(required=False, help_text="belum_pernah, kedaluwarsa, segera_kedaluwarsa.")
    cakupan = serializers.CharField(required=False, help_text="tercakup atau di_luar.")
    page = serializers.IntegerField(required=False, min_value=1)


class AntreanHalamanSerializer(serializers.Serializer):
    disusun = serializers.BooleanField(help_text="False: antrean sedang disusun pekerja; coba lagi.")
    disusun_pada = serializers.DateTimeField(allow_null=True)
    tahun = serializers.IntegerField()
    panjang_antrean = serializers.IntegerField()
    slot_anggaran = serializers.IntegerField(allow_null=True)
    tercakup = serializers.IntegerField(allow_null=True)
    cakupan_sekarang_persen = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    cakupan_setelah_persen = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = AntreanBarisSerializer(many=True)


class AntreanAsesmenViewSet(TenantViewSet):
    """The ranked assessment queue of the caller's instansi, 50 places a page, with the budget line
    of the year's budget (`dalam_anggaran`) and the coverage before and after it."""

    model = Pegawai
    permission_map = {"list": "antrean_asesmen.view"}
    # Its own page of 50 (`page`, past the end: the last page) inside its own envelope, not DRF's.
    pagination_class = None
    list_answers_one_object = True

    @extend_schema(
        parameters=[AntreanFilterSerializer],
        responses={200: AntreanHalamanSerializer, 403: RESPONSE_FORBIDDEN, 404: RESPONSE_NOT_FOUND},
    )
    def list(self, request, *args, **kwargs):
        instansi = self.actor.instansi
        self.get_queryset()  # the tenant checks of the base (an account without instansi: 403)
        params = request.query_params.copy()
        ctx = _antrean_konteks(instansi=instansi, params=params)
        paginator = Paginator(ctx["rows"], PER_HALAMAN)
        page = paginator.get_page(request.query_params.get("page"))
        tampil = sel.antrean_baris_tampil(
            instansi=instansi, baris=list(page.object_list), tercakup=ctx["tercakup"]
        )
        ringkasan, tersimpan = ctx["ringkasan"], ctx["tersimpan"]
        data = {
            "disusun": tersimpan is not None,
            "disusun_pada": tersimpan.dibuat_pada if tersimpan else None,
            "tahun": ctx["tahun"],
            "panjang_antrean": ringkasan.panjang,
            "slot_anggaran": ringkasan.garis.slot if ringkasan.garis else None,
            "tercakup": ringkasan.garis.tercakup if ringkasan.garis else None,
            "cakupan_sekarang_persen": ringkasan.cakupan.persen_sekarang if ringkasan.cakupan else None,
            "cakupan_setelah_persen": ringkasan.cakupan.persen_setelah if ringkasan.cakupan else None,
            "count": paginator.count,
            "page": page.number,
            "num_pages": paginator.num_pages,
            "results": [
                {
                    "peringkat": b.peringkat,
                    "pegawai": {
                        "id": b.pegawai.pk,
                        "nip": b.pegawai.nip,
                        "nama": b.pegawai.nama_lengkap,
                        "jabatan": b.pegawai.nama_jabatan,
                        "unit_kerja": b.pegawai.unit_kerja.nama if b.pegawai.unit_kerja_id else None,
                    },
                    "kelompok": b.kelompok,
                    "kelompok_label": b.kelompok_label,
                    "alasan": b.alasan,
                    "status_asesmen": b.status,
                    "status_teks": b.status_teks,
                    "asesmen_terakhir": b.asesmen_terakhir,
                    "berlaku_sampai": b.berlaku_sampai,
                    "dalam_anggaran": b.tercakup if ctx["tercakup"] is not None else None,
                }
                for b in tampil
                if b.pegawai is not None
            ],
        }
        return Response(AntreanHalamanSerializer(data).data)
