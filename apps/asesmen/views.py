"""Asesmen pages: the instansi's list with filters, one asesmen in full, and the form that records
one (through asesmen_record, like the API)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from apps.core.views import PermissionRequiredMixin, TenantObjectMixin, form_add_service_errors

from . import selectors
from .forms import AsesmenFilterForm, AsesmenForm
from .models import Asesmen, Sumber
from .services import asesmen_record, masa_berlaku_tahun


class AsesmenListView(PermissionRequiredMixin, ListView):
    required_permission = "penilaian.view"
    template_name = "asesmen/asesmen_list.html"
    context_object_name = "asesmen_list"
    paginate_by = 50

    def get_queryset(self):
        instansi = self.actor.instansi
        self.filter_form = AsesmenFilterForm(
            self.request.GET or None,
            instansi=instansi,
            tahun_pilihan=selectors.asesmen_tahun(instansi=instansi),
        )
        filters = self.filter_form.filters() if self.filter_form.is_bound else {}
        self.filtered = any(filters.values())
        return selectors.asesmen_list(instansi=instansi, **filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["filtered"] = self.filtered
        return context


class AsesmenDetailView(TenantObjectMixin, DetailView):
    required_permission = "penilaian.view"
    model = Asesmen
    template_name = "asesmen/asesmen_detail.html"
    context_object_name = "asesmen"

    def get_queryset(self):
        # TenantObjectMixin filters the caller's instansi: a foreign id is a 404 like a missing one.
        return selectors.asesmen_queryset(super().get_queryset(), instansi=self.actor.instansi)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.asesmen_tampil([self.object])
        return context


class AsesmenCreateView(PermissionRequiredMixin, FormView):
    """`?pegawai=<id>` fixes the pegawai (a foreign or unknown id is a 404); without it the form
    asks for the NIP, resolved inside the instansi."""

    required_permission = "penilaian.manage"
    template_name = "asesmen/asesmen_form.html"
    form_class = AsesmenForm

    def load_pegawai(self) -> None:
        # Runs after the permission check of dispatch(): refused roles get 403, foreign ids 404.
        self.pegawai = None
        raw = self.request.GET.get("pegawai")
        if raw not in (None, ""):
            self.pegawai = selectors.pegawai_get(instansi=self.actor.instansi, pk=raw)
            if self.pegawai is None:
                raise Http404

    def get(self, request, *args, **kwargs):
        self.load_pegawai()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load_pegawai()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["masa_berlaku"] = masa_berlaku_tahun(instansi=self.actor.instansi)
        kwargs["dengan_nip"] = self.pegawai is None
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pegawai"] = self.pegawai
        return context

    def form_valid(self, form):
        instansi = self.actor.instansi
        pegawai = self.pegawai
        if pegawai is None:
            pegawai = selectors.pegawai_by_nip(instansi=instansi, nip=form.cleaned_data["nip"])
            if pegawai is None:
                form.add_error("nip", _("NIP tidak terdaftar di instansi ini."))
                return self.form_invalid(form)
        try:
            asesmen = asesmen_record(
                instansi=instansi,
                actor=self.actor.user,
                pegawai=pegawai,
                sumber=Sumber.MANUAL,
                today=selectors.hari_ini(),
                **form.service_values(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Asesmen %(pegawai)s tanggal %(tanggal)s disimpan.")
            % {"pegawai": pegawai.nama_lengkap, "tanggal": date_format(asesmen.tanggal, "DATE_FORMAT")},
        )
        return redirect("asesmen:detail", pk=asesmen.pk)
