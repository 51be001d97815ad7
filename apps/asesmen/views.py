"""Asesmen pages: the instansi's list with filters, one asesmen in full, and the form that records
one (through asesmen_record, like the API)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from apps.core.context import hari_ini
from apps.core.views import FilteredListView, TenantObjectMixin
from apps.pegawai.views_record import PegawaiRecordFormView

from . import selectors
from .forms import AsesmenFilterForm, AsesmenForm
from .models import Asesmen, Sumber
from .services import asesmen_record, masa_berlaku_tahun


class AsesmenListView(FilteredListView):
    required_permission = "penilaian.view"
    template_name = "asesmen/asesmen_list.html"
    context_object_name = "asesmen_list"
    filter_form_class = AsesmenFilterForm
    list_selector = staticmethod(selectors.asesmen_list)

    def get_filter_form_kwargs(self):
        return {
            **super().get_filter_form_kwargs(),
            "tahun_pilihan": selectors.asesmen_tahun(instansi=self.actor.instansi),
        }


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


class AsesmenCreateView(PegawaiRecordFormView):
    required_permission = "penilaian.manage"
    template_name = "asesmen/asesmen_form.html"
    form_class = AsesmenForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["masa_berlaku"] = masa_berlaku_tahun(instansi=self.actor.instansi)
        return kwargs

    def record(self, *, form, pegawai):
        asesmen, _baru = asesmen_record(
            instansi=self.actor.instansi,
            actor=self.actor.user,
            pegawai=pegawai,
            sumber=Sumber.MANUAL,
            today=hari_ini(),
            **form.service_values(),
        )
        messages.success(
            self.request,
            _("Asesmen %(pegawai)s tanggal %(tanggal)s disimpan.")
            % {"pegawai": pegawai.nama_lengkap, "tanggal": date_format(asesmen.tanggal, "DATE_FORMAT")},
        )
        return redirect("asesmen:detail", pk=asesmen.pk)
