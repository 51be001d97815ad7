"""Management pages of key posts (Admin BKD, `suksesi.manage`): the list with edit links, add,
change, deactivate, mark a perangkat daerah's JPT/Administrator posts at once, the succession
settings; and the Komite's exception nominations (`suksesi.nominasi`). Thin: parse with a form,
call one service of services_jabatan.py. A post of another instansi answers 404 like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.views import FilteredListView, TenantFormMixin, TenantMixin

from . import selectors_jabatan as selectors
from .forms_jabatan import (
    AlasanForm,
    JabatanKunciFilterForm,
    JabatanKunciForm,
    NominasiForm,
    PengaturanSuksesiForm,
    TandaiMassalForm,
    service_error_on_form,
)
from .services_jabatan import (
    jabatan_kunci_bulk_mark,
    jabatan_kunci_create,
    jabatan_kunci_deactivate,
    jabatan_kunci_update,
    nominasi_khusus_create,
    nominasi_khusus_revoke,
    pengaturan_suksesi_update,
)


class JabatanKelolaView(FilteredListView):
    required_permission = "suksesi.manage"
    template_name = "suksesi/jabatan/kelola.html"
    context_object_name = "jabatan_list"
    filter_form_class = JabatanKunciFilterForm
    list_selector = staticmethod(selectors.jabatan_kunci_kelola_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.jabatan_kunci_tanggal_bup(
            instansi=self.actor.instansi, jabatan_list=context["jabatan_list"]
        )
        return context


class JabatanEksporView(TenantMixin, View):
    """The instansi's active key posts in the import's columns (edit, then import again)."""

    required_permission = "suksesi.manage"

    def get(self, request):
        from .resources import jabatan_kunci_export_xlsx

        return attachment_response(
            jabatan_kunci_export_xlsx(instansi=self.instansi),
            filename=f"jabatan-kunci-{self.instansi.kode}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )


class JabatanObjectMixin(TenantMixin):
    """Pages of one key post of the caller's instansi (after the permission check: refused roles
    get 403, a foreign or missing post 404)."""

    @cached_property
    def jabatan(self):
        jabatan = selectors.jabatan_kunci_get(instansi=self.instansi, pk=self.kwargs["pk"])
        if jabatan is None:
            raise Http404
        return jabatan

    def get_context_data(self, **kwargs):
        return super().get_context_data(jabatan=self.jabatan, **kwargs)


class JabatanTambahView(TenantFormMixin, TenantMixin, FormView):
    required_permission = "suksesi.manage"
    template_name = "suksesi/jabatan/form.html"
    form_class = JabatanKunciForm

    def form_valid(self, form):
        try:
            jabatan = jabatan_kunci_create(
                instansi=self.instansi, actor=self.actor.user, **form.cleaned_data["data"]
            )
        except ValidationError as error:
            service_error_on_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Jabatan kunci %(nama)s ditambahkan.") % {"nama": jabatan.nama})
        return redirect("suksesi:jabatan_kelola")


class JabatanUbahView(TenantFormMixin, JabatanObjectMixin, FormView):
    required_permission = "suksesi.manage"
    template_name = "suksesi/jabatan/form.html"
    form_class = JabatanKunciForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "jabatan": self.jabatan}

    def get_context_data(self, **kwargs):
        from apps.pegawai.selectors import pengaturan_bup

        context = super().get_context_data(**kwargs)
        context["tanggal_bup"] = selectors.tanggal_bup_pemegang(
            jabatan=self.jabatan, pengaturan=pengaturan_bup(instansi=self.instansi)
        )
        context["jumlah_nominasi"] = (
            selectors.nominasi_khusus_list(jabatan=self.jabatan).filter(dicabut_pada__isnull=True).count()
        )
        return context

    def form_valid(self, form):
        try:
            jabatan_kunci_update(jabatan=self.jabatan, actor=self.actor.user, **form.cleaned_data["data"])
        except ValidationError as error:
            service_error_on_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan jabatan kunci disimpan."))
        return redirect("suksesi:jabatan_kelola")


class JabatanNonaktifkanView(JabatanObjectMixin, FormView):
    required_permission = "suksesi.manage"
    template_name = "suksesi/jabatan/nonaktifkan.html"
    form_class = AlasanForm

    def form_valid(self, form):
        try:
            jabatan_kunci_deactivate(
                jabatan=self.jabatan, actor=self.actor.user, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as error:
            service_error_on_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(nama)s tidak lagi menjadi jabatan kunci.") % {"nama": self.jabatan.nama}
        )
        return redirect("suksesi:jabatan_kelola")


class JabatanTandaiMassalView(TenantFormMixin, TenantMixin, FormView):
    required_permission = "suksesi.manage"
    template_name = "suksesi/jabatan/tandai_massal.html"
    form_class = TandaiMassalForm

    def get_initial(self):
        return {"perangkat_daerah": self.request.GET.get("perangkat_daerah")}

    def form_valid(self, form):
        try:
            hasil = jabatan_kunci_bulk_mark(
                instansi=self.instansi,
                actor=self.actor.user,
                perangkat_daerah=form.cleaned_data["perangkat_daerah"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as error:
            service_error_on_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(dibuat)s jabatan kunci ditambahkan; %(dilewati)s dilewati karena sudah ada.")
            % {"dibuat": hasil.dibuat, "dilewati": hasil.dilewati},
        )
        return redirect(
            f"{reverse('suksesi:jabatan_kelola')}?perangkat_daerah={form.cleaned_data['perangkat_daerah'].pk}"
        )


class PengaturanView(TenantMixin, FormView):
    required_permission = "suksesi.manage"
    template_name = "suksesi/jabatan/pengaturan.html"
    form_class = PengaturanSuksesiForm

    def get_initial(self):
        pengaturan = selectors.pengaturan_suksesi_get(instansi=self.instansi)
        return {"asn_boleh_lihat_pencalonan": pengaturan.asn_boleh_lihat_pencalonan}

    def form_valid(self, form):
        pengaturan_suksesi_update(
            instansi=self.instansi,
            actor=self.actor.user,
            asn_boleh_lihat_pencalonan=form.cleaned_data["asn_boleh_lihat_pencalonan"],
        )
        messages.success(self.request, _("Pengaturan suksesi disimpan."))
        return redirect("suksesi:pengaturan")


class NominasiTambahView(TenantFormMixin, JabatanObjectMixin, FormView):
    required_permission = "suksesi.nominasi"
    template_name = "suksesi/jabatan/nominasi.html"
    form_class = NominasiForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nominasi_list=selectors.nominasi_khusus_list(jabatan=self.jabatan), **kwargs
        )

    def form_valid(self, form):
        try:
            nominasi = nominasi_khusus_create(
                jabatan=self.jabatan,
                actor=self.actor.user,
                pegawai=form.cleaned_data["pegawai"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as error:
            service_error_on_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(nama)s dinominasikan untuk %(jabatan)s; daftar calon dihitung ulang oleh sistem.")
            % {"nama": nominasi.pegawai.nama, "jabatan": self.jabatan.nama},
        )
        return redirect("suksesi:nominasi_tambah", pk=self.jabatan.pk)


class NominasiCabutView(JabatanObjectMixin, FormView):
    required_permission = "suksesi.nominasi"
    template_name = "suksesi/jabatan/nominasi_cabut.html"
    form_class = AlasanForm

    @cached_property
    def nominasi(self):
        nominasi = selectors.nominasi_khusus_get(jabatan=self.jabatan, pk=self.kwargs["nominasi_pk"])
        if nominasi is None:
            raise Http404
        return nominasi

    def get_context_data(self, **kwargs):
        return super().get_context_data(nominasi=self.nominasi, **kwargs)

    def form_valid(self, form):
        try:
            nominasi_khusus_revoke(
                nominasi=self.nominasi, actor=self.actor.user, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as error:
            service_error_on_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Nominasi %(nama)s dicabut.") % {"nama": self.nominasi.pegawai.nama})
        return redirect("suksesi:nominasi_tambah", pk=self.jabatan.pk)
