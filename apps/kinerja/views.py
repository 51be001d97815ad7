"""SKP pages: the instansi's list with filters and the kurva distribusi check for a year, the form
that records one SKP (through skp_record, like the API), and the coverage of asesmen and SKP per
perangkat daerah and instansi."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from apps.asesmen.selectors import pegawai_by_nip, pegawai_get
from apps.core.views import PermissionRequiredMixin, form_add_service_errors

from . import selectors
from .forms import SkpFilterForm, SkpForm
from .models import Sumber
from .services import skp_record


class SkpListView(PermissionRequiredMixin, ListView):
    required_permission = "penilaian.view"
    template_name = "kinerja/skp_list.html"
    context_object_name = "skp_list"
    paginate_by = 50

    def get_queryset(self):
        instansi = self.actor.instansi
        self.tahun_pilihan = selectors.skp_tahun(instansi=instansi)
        self.filter_form = SkpFilterForm(
            self.request.GET or None, instansi=instansi, tahun_pilihan=self.tahun_pilihan
        )
        self.filters = self.filter_form.filters() if self.filter_form.is_bound else {}
        self.filtered = any(self.filters.values())
        return selectors.skp_list(instansi=instansi, **self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The kurva distribusi is checked for the chosen year, else for last year (annual SKP).
        tahun = self.filters.get("tahun") or selectors.hari_ini().year - 1
        context.update(
            filter_form=self.filter_form,
            filtered=self.filtered,
            kurva=selectors.kurva_distribusi(instansi=self.actor.instansi, tahun=tahun),
        )
        return context


class SkpCreateView(PermissionRequiredMixin, FormView):
    """`?pegawai=<id>` fixes the pegawai (a foreign or unknown id is a 404); without it the form
    asks for the NIP, resolved inside the instansi. The predikat is derived, never typed."""

    required_permission = "penilaian.manage"
    template_name = "kinerja/skp_form.html"
    form_class = SkpForm

    def load_pegawai(self) -> None:
        # Runs after the permission check of dispatch(): refused roles get 403, foreign ids 404.
        self.pegawai = None
        raw = self.request.GET.get("pegawai")
        if raw not in (None, ""):
            self.pegawai = pegawai_get(instansi=self.actor.instansi, pk=raw)
            if self.pegawai is None:
                raise Http404

    def get(self, request, *args, **kwargs):
        self.load_pegawai()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load_pegawai()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"tahun": selectors.hari_ini().year - 1, "periode": "tahunan"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["dengan_nip"] = self.pegawai is None
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kolom, baris = selectors.matriks_predikat()
        context.update(pegawai=self.pegawai, matriks_kolom=kolom, matriks_baris=baris)
        return context

    def form_valid(self, form):
        instansi = self.actor.instansi
        pegawai = self.pegawai
        if pegawai is None:
            pegawai = pegawai_by_nip(instansi=instansi, nip=form.cleaned_data["nip"])
            if pegawai is None:
                form.add_error("nip", _("NIP tidak terdaftar di instansi ini."))
                return self.form_invalid(form)
        try:
            skp = skp_record(
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
            _("SKP %(periode)s %(tahun)s %(pegawai)s disimpan dengan predikat %(predikat)s.")
            % {
                "periode": skp.get_periode_display(),
                "tahun": skp.tahun,
                "pegawai": pegawai.nama_lengkap,
                "predikat": skp.predikat,
            },
        )
        return redirect(f"{reverse('pegawai:pegawai_detail', args=[pegawai.pk])}#penilaian-skp")


class CakupanView(PermissionRequiredMixin, TemplateView):
    required_permission = "penilaian.view"
    template_name = "kinerja/cakupan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi"] = self.actor.instansi
        context["ringkasan"] = selectors.cakupan_ringkasan(instansi=self.actor.instansi)
        return context
