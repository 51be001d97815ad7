"""BKD pages: the pegawai list and profile, adding and changing pegawai, recording hukuman
disiplin, and data completeness per perangkat daerah and unit kerja."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView

from apps.core.views import (
    FilteredListView,
    PermissionRequiredMixin,
    TenantFormMixin,
    TenantObjectMixin,
    form_add_service_errors,
)
from apps.instansi.models import UnitKerja

from . import selectors
from .forms_bkd import HukumanDisiplinForm, PegawaiFilterForm, PegawaiForm
from .models import HukumanDisiplin, Pegawai, Riwayat
from .services import dokumen_store, pegawai_create, pegawai_update, riwayat_create, riwayat_data_fields
from .services_akun import pegawai_akun_set

# --- list -------------------------------------------------------------------------------------------


class PegawaiListView(FilteredListView):
    required_permission = "pegawai.view"
    template_name = "pegawai/bkd/pegawai_list.html"
    context_object_name = "pegawai_list"
    filter_form_class = PegawaiFilterForm
    list_selector = staticmethod(selectors.pegawai_list)


# --- detail -----------------------------------------------------------------------------------------


@dataclass
class Tabel:
    """One riwayat kind as a table: column labels and, per item, (label, formatted value) cells."""

    judul: str
    kode: str
    kolom: list[str]
    baris: list[tuple[Riwayat, list[tuple[str, str]]]]


def _tampil(item: Riwayat, name: str) -> str:
    field = item._meta.get_field(name)
    value = getattr(item, name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(getattr(item, f"get_{name}_display")())
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def riwayat_tabel(groups: list[selectors.RiwayatKelompok]) -> list[Tabel]:
    tables = []
    for group in groups:
        names = riwayat_data_fields(group.model)
        labels = [capfirst(group.model._meta.get_field(name).verbose_name) for name in names]
        tables.append(
            Tabel(
                judul=group.judul,
                kode=group.kode,
                kolom=labels,
                baris=[
                    (item, [(label, _tampil(item, name)) for label, name in zip(labels, names, strict=True)])
                    for item in group.items
                ],
            )
        )
    return tables


class PegawaiDetailView(TenantObjectMixin, DetailView):
    required_permission = "pegawai.view"
    model = Pegawai
    template_name = "pegawai/bkd/pegawai_detail.html"
    context_object_name = "pegawai"

    def get_queryset(self):
        return super().get_queryset().select_related("unit_kerja__induk__induk", "user", "kelengkapan")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pegawai = self.object
        groups = selectors.pegawai_riwayat(pegawai=pegawai)
        bup = selectors.pengaturan_bup(instansi=self.actor.instansi)
        context.update(
            unit_path=selectors.unit_kerja_path(pegawai.unit_kerja),
            bup=pegawai.bup(bup),
            tanggal_pensiun=pegawai.tanggal_pensiun(bup),
            kelengkapan=selectors.pegawai_kelengkapan(pegawai=pegawai, riwayat=groups),
            riwayat=riwayat_tabel(groups),
            audit_events=selectors.pegawai_audit_events(pegawai=pegawai),
        )
        return context


# --- forms ------------------------------------------------------------------------------------------


class PegawaiFormMixin(TenantFormMixin):
    template_name = "pegawai/bkd/pegawai_form.html"
    form_class = PegawaiForm


class PegawaiCreateView(PegawaiFormMixin, PermissionRequiredMixin, FormView):
    required_permission = "pegawai.manage"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        del form.fields["aktif"]  # a new pegawai is active
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                pegawai = pegawai_create(
                    instansi=self.actor.instansi, actor=self.actor.user, **form.profile_data()
                )
                pegawai_akun_set(pegawai=pegawai, username=form.cleaned_data["akun"], actor=self.actor.user)
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(self.request, _("Pegawai %(nama)s ditambahkan.") % {"nama": pegawai.nama_lengkap})
        return redirect("pegawai:pegawai_detail", pk=pegawai.pk)


class PegawaiObjectMixin(TenantObjectMixin):
    model = Pegawai

    def get_pegawai(self) -> Pegawai:
        # Runs after the permission check of dispatch(): refused roles get 403, foreign rows 404.
        if not hasattr(self, "object"):
            self.object = get_object_or_404(self.get_queryset().select_related("user"), pk=self.kwargs["pk"])
        return self.object

    def get(self, request, *args, **kwargs):
        self.get_pegawai()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_pegawai()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pegawai"] = self.object
        return context


class PegawaiUpdateView(PegawaiFormMixin, PegawaiObjectMixin, FormView):
    required_permission = "pegawai.manage"

    def get_initial(self):
        pegawai = self.object
        initial = {name: getattr(pegawai, name) for name in PegawaiForm.PROFILE}
        initial["akun"] = pegawai.user.username if pegawai.user else ""
        return initial

    def form_valid(self, form):
        pegawai = self.object
        try:
            with transaction.atomic():
                pegawai_update(pegawai=pegawai, actor=self.actor.user, **form.profile_data())
                pegawai_akun_set(pegawai=pegawai, username=form.cleaned_data["akun"], actor=self.actor.user)
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(self.request, _("Perubahan data pegawai disimpan."))
        return redirect("pegawai:pegawai_detail", pk=pegawai.pk)


class HukumanCreateView(PegawaiObjectMixin, FormView):
    required_permission = "pegawai.manage"
    form_class = HukumanDisiplinForm
    template_name = "pegawai/bkd/hukuman_form.html"

    def form_valid(self, form):
        pegawai, user = self.object, self.actor.user
        try:
            with transaction.atomic():
                berkas = form.cleaned_data.get("berkas")
                dokumen = dokumen_store(pegawai=pegawai, actor=user, berkas=berkas) if berkas else None
                riwayat_create(
                    model=HukumanDisiplin,
                    pegawai=pegawai,
                    actor=user,
                    data=form.riwayat_data(),
                    dokumen=dokumen,
                    oleh_bkd=True,
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Hukuman disiplin dicatat."))
        return redirect("pegawai:pegawai_detail", pk=pegawai.pk)


# --- completeness -------------------------------------------------------------------------------------


class KelengkapanView(PermissionRequiredMixin, TemplateView):
    required_permission = "kelengkapan.view"
    template_name = "pegawai/kelengkapan/ringkasan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi"] = self.actor.instansi
        context["ringkasan"] = selectors.kelengkapan_ringkasan(instansi=self.actor.instansi)
        context["ambang"] = selectors.AMBANG_LENGKAP
        return context


class KelengkapanUnitView(PermissionRequiredMixin, TemplateView):
    required_permission = "kelengkapan.view"
    template_name = "pegawai/kelengkapan/unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instansi = self.actor.instansi
        unit = get_object_or_404(
            UnitKerja.objects.filter(instansi=instansi).select_related("induk__induk"), pk=self.kwargs["pk"]
        )
        ringkasan = selectors.kelengkapan_ringkasan(instansi=instansi)
        context.update(
            unit=unit,
            unit_path=selectors.unit_kerja_path(unit),
            baris=ringkasan.rincian(unit),
            ringkasan=ringkasan,
            terendah=selectors.kelengkapan_terendah(instansi=instansi, unit=unit),
            ambang=selectors.AMBANG_LENGKAP,
        )
        return context
