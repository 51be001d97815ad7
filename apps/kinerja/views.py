"""SKP pages: the instansi's list with filters and the kurva distribusi check for a year, and the
form that records one SKP (through skp_record, like the API)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from apps.core.context import hari_ini
from apps.core.views import FilteredListView
from apps.pegawai.views_record import PegawaiRecordFormView

from . import selectors
from .forms import SkpFilterForm, SkpForm, UmpanBalikFilterForm, UmpanBalikForm
from .models import Sumber
from .services import skp_record
from .services_360 import umpan_balik_record


class SkpListView(FilteredListView):
    required_permission = "penilaian.view"
    template_name = "kinerja/skp_list.html"
    context_object_name = "skp_list"
    filter_form_class = SkpFilterForm
    list_selector = staticmethod(selectors.skp_list)

    def get_filter_form_kwargs(self):
        return {
            **super().get_filter_form_kwargs(),
            "tahun_pilihan": selectors.skp_tahun(instansi=self.actor.instansi),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The kurva distribusi is checked for the chosen year, else for last year (annual SKP).
        tahun = self.filters.get("tahun") or hari_ini().year - 1
        context["kurva"] = selectors.kurva_distribusi(instansi=self.actor.instansi, tahun=tahun)
        return context


class SkpCreateView(PegawaiRecordFormView):
    """The predikat is derived, never typed."""

    required_permission = "penilaian.manage"
    template_name = "kinerja/skp_form.html"
    form_class = SkpForm

    def get_initial(self):
        return {"tahun": hari_ini().year - 1, "periode": "tahunan"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kolom, baris = selectors.matriks_predikat()
        context.update(matriks_kolom=kolom, matriks_baris=baris)
        return context

    def record(self, *, form, pegawai):
        skp, _baru = skp_record(
            instansi=self.actor.instansi,
            actor=self.actor.user,
            pegawai=pegawai,
            sumber=Sumber.MANUAL,
            today=hari_ini(),
            **form.service_values(),
        )
        messages.success(
            self.request,
            _("SKP %(periode)s %(tahun)s %(pegawai)s disimpan dengan predikat %(predikat)s.")
            % {
                "periode": skp.get_periode_display(),
                "tahun": skp.tahun,
                "pegawai": pegawai.nama_lengkap,
                "predikat": skp.predikat,
            },
        )
        return redirect(f"{reverse('pegawai:pegawai_detail', args=[pegawai.pk])}#penilaian-skp")


class UmpanBalikListView(FilteredListView):
    required_permission = "penilaian.view"
    template_name = "kinerja/umpan_balik_list.html"
    context_object_name = "umpan_balik_list"
    filter_form_class = UmpanBalikFilterForm
    list_selector = staticmethod(selectors.umpan_balik_list)

    def get_filter_form_kwargs(self):
        return {
            **super().get_filter_form_kwargs(),
            "tahun_pilihan": selectors.umpan_balik_tahun(instansi=self.actor.instansi),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["berlaku_bulan"] = settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN
        return context


class UmpanBalikCreateView(PegawaiRecordFormView):
    required_permission = "penilaian.manage"
    template_name = "kinerja/umpan_balik_form.html"
    form_class = UmpanBalikForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["berlaku_bulan"] = settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN
        return context

    def record(self, *, form, pegawai):
        stored, _baru = umpan_balik_record(
            instansi=self.actor.instansi,
            actor=self.actor.user,
            pegawai=pegawai,
            sumber=Sumber.MANUAL,
            today=hari_ini(),
            **form.service_values(),
        )
        messages.success(
            self.request,
            _("Umpan balik 360° %(pegawai)s tanggal %(tanggal)s disimpan dengan nilai %(skor)s.")
            % {
                "pegawai": pegawai.nama_lengkap,
                "tanggal": date_format(stored.tanggal, "DATE_FORMAT"),
                "skor": number_format(stored.skor, decimal_pos=2 if stored.skor % 1 else 0),
            },
        )
        return redirect("kinerja:umpan_balik")
