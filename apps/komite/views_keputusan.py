"""Pages of the decisions part (namespace "komite", under /komite/sidang/<pk>/agenda/<agenda_pk>/):
one agenda item with its decision block, the POST targets of the proposal and of the decision
(one view dispatching on the item's kind), and the evidence download. Thin: parse with a form, call
one service; a service's refusal is shown on the item page and nothing changes. An item of another
instansi (or of another session) answers 404 like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import attachment_response, filename_safe
from apps.core.views import TenantMixin, form_add_service_errors

from . import services_keputusan as services
from .forms_keputusan import (
    KeputusanKalibrasiForm,
    KeputusanSuksesiForm,
    KeputusanTinjauForm,
    UsulanKalibrasiForm,
)
from .models import AgendaSidang
from .selectors_keputusan import kandidat_pilihan_list, usulan_get

Jenis = AgendaSidang.Jenis


def agenda_kembali_url(agenda: AgendaSidang) -> str:
    """Where a member returns after an action: the item on the session page (the item's own page
    while the session page is not there)."""
    try:
        return reverse("komite:sidang_detail", args=[agenda.sidang_id]) + f"#agenda-{agenda.pk}"
    except NoReverseMatch:
        return reverse("komite:agenda_detail", args=[agenda.sidang_id, agenda.pk])


def keputusan_form_class(agenda: AgendaSidang):
    return {
        Jenis.KALIBRASI: KeputusanKalibrasiForm,
        Jenis.SUKSESI: KeputusanSuksesiForm,
        Jenis.TINJAU_PETA: KeputusanTinjauForm,
    }[agenda.jenis]


def keputusan_form(agenda: AgendaSidang, data=None):
    """The decision form of the item's kind (the succession form lists the post's candidates)."""
    kwargs = {"instansi": agenda.instansi, "agenda": agenda, "prefix": f"k{agenda.pk}"}
    if agenda.jenis == Jenis.SUKSESI:
        kwargs["kandidat"] = kandidat_pilihan_list(agenda=agenda)
    return keputusan_form_class(agenda)(data, **kwargs)


class AgendaMixin(TenantMixin):
    @cached_property
    def agenda(self) -> AgendaSidang:
        return get_object_or_404(
            AgendaSidang.objects.filter(instansi=self.instansi, sidang_id=self.kwargs["pk"]).select_related(
                "sidang",
                "sidang__instansi",
                "pegawai",
                "jabatan_kunci",
                "jabatan_kunci__pemegang",
                "unit_kerja",
            ),
            pk=self.kwargs["agenda_pk"],
        )

    def halaman(self, **context):
        """The item page, with a bound form and its errors when an action was refused."""
        return render(
            self.request,
            "komite/agenda/detail.html",
            {"agenda": self.agenda, "sidang": self.agenda.sidang, **context},
        )


class AgendaDetailView(AgendaMixin, TemplateView):
    """One agenda item and its decision block (the same block as on the session page)."""

    required_permission = "komite.view"
    template_name = "komite/agenda/detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agenda=self.agenda, sidang=self.agenda.sidang, **kwargs)


class UsulanKalibrasiView(AgendaMixin, View):
    required_permission = "komite.putus"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.agenda.jenis != Jenis.KALIBRASI:
            raise Http404
        form = UsulanKalibrasiForm(request.POST, request.FILES, prefix=f"u{self.agenda.pk}")
        if form.is_valid():
            try:
                services.usulan_kalibrasi_simpan(
                    agenda=self.agenda, actor=self.actor.user, **form.data_layanan()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Usulan kalibrasi disimpan."))
                return redirect(agenda_kembali_url(self.agenda))
        return self.halaman(form_agenda_pk=self.agenda.pk, form_usulan=form)


class KeputusanCatatView(AgendaMixin, View):
    required_permission = "komite.putus"
    http_method_names = ["post"]

    LAYANAN = {
        Jenis.KALIBRASI: services.keputusan_kalibrasi_catat,
        Jenis.SUKSESI: services.keputusan_suksesi_catat,
        Jenis.TINJAU_PETA: services.keputusan_tinjau_catat,
    }

    def post(self, request, *args, **kwargs):
        form = keputusan_form(self.agenda, request.POST)
        if form.is_valid():
            try:
                self.LAYANAN[self.agenda.jenis](
                    agenda=self.agenda, actor=self.actor.user, **form.data_layanan()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Keputusan dicatat."))
                return redirect(agenda_kembali_url(self.agenda))
        return self.halaman(form_agenda_pk=self.agenda.pk, form_keputusan=form)


class UsulanBuktiView(AgendaMixin, View):
    """The proposal's PDF evidence, as an attachment."""

    required_permission = "komite.view"

    def get(self, request, *args, **kwargs):
        usulan = usulan_get(agenda=self.agenda)
        if usulan is None or not usulan.bukti:
            raise Http404
        nama = usulan.bukti_nama.removesuffix(".pdf").removesuffix(".PDF")
        return attachment_response(
            usulan.bukti.open("rb"),
            filename=filename_safe(nama, suffix=".pdf", default="bukti"),
            content_type="application/pdf",
        )
