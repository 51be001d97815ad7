"""Pages of the committee's membership and settings under /komite/anggota/. Reading: `komite.view`;
adding, changing, ending a term and the settings: `komite.manage`. Thin: parse with a form, call one
service of services_anggota.py. A member of another instansi answers 404 like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.permissions import role_has_permission
from apps.core.views import TenantMixin, form_add_service_errors

from .forms_anggota import AkhiriForm, AnggotaKomiteForm, PengaturanKomiteForm
from .models import KehadiranSidang
from .selectors import pengaturan_komite_get
from .selectors_anggota import (
    anggota_komite_get,
    anggota_komite_susunan,
    kuorum_aturan_teks,
    kuorum_minimal,
)
from .services_anggota import (
    PENGATURAN_FIELDS,
    anggota_komite_akhiri,
    anggota_komite_hapus,
    anggota_komite_tambah,
    anggota_komite_ubah,
    pengaturan_komite_ubah,
    sidang_terakhir_dihitung,
)


class AnggotaListView(TenantMixin, TemplateView):
    required_permission = "komite.view"
    template_name = "komite/anggota/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hari_ini = timezone.localdate()
        pengaturan = pengaturan_komite_get(instansi=self.instansi)
        susunan = anggota_komite_susunan(instansi=self.instansi, tanggal=hari_ini)
        ada_ketua = any(a.peran == "ketua" for a in susunan.aktif)
        ada_pengganti = any(a.pengganti_ketua for a in susunan.aktif)
        context.update(
            hari_ini=hari_ini,
            susunan=susunan,
            pengaturan=pengaturan,
            kuorum_teks=kuorum_aturan_teks(pengaturan=pengaturan),
            kuorum_minimal=kuorum_minimal(pengaturan=pengaturan, jumlah_aktif=len(susunan.aktif))
            if susunan.aktif
            else 0,
            ada_ketua=ada_ketua,
            ada_pengganti=ada_pengganti,
            boleh_kelola=role_has_permission(role=self.actor.role, permission="komite.manage"),
        )
        return context


class AnggotaTambahView(TenantMixin, FormView):
    required_permission = "komite.manage"
    template_name = "komite/anggota/form.html"
    form_class = AnggotaKomiteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instansi": self.instansi}

    def get_initial(self):
        return {"mulai": timezone.localdate()}

    def form_valid(self, form):
        try:
            anggota = anggota_komite_tambah(
                instansi=self.instansi, actor=self.actor.user, **form.data_layanan()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(nama)s ditambahkan sebagai %(peran)s Komite Talenta.")
            % {"nama": anggota.user, "peran": anggota.get_peran_display().lower()},
        )
        return redirect("komite:anggota_list")


class AnggotaObjectMixin(TenantMixin):
    @cached_property
    def anggota(self):
        anggota = anggota_komite_get(instansi=self.instansi, pk=self.kwargs["pk"])
        if anggota is None:
            raise Http404
        return anggota

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            anggota=self.anggota,
            sidang_terakhir=sidang_terakhir_dihitung(anggota=self.anggota),
            pernah_diundang=KehadiranSidang.objects.filter(
                instansi=self.instansi, anggota=self.anggota
            ).exists(),
            **kwargs,
        )


class AnggotaUbahView(AnggotaObjectMixin, FormView):
    required_permission = "komite.manage"
    template_name = "komite/anggota/form.html"
    form_class = AnggotaKomiteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instansi": self.instansi, "anggota": self.anggota}

    def form_valid(self, form):
        try:
            anggota_komite_ubah(anggota=self.anggota, actor=self.actor.user, **form.data_layanan())
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Perubahan keanggotaan %(nama)s disimpan.") % {"nama": self.anggota.user}
        )
        return redirect("komite:anggota_list")


class AnggotaAkhiriView(AnggotaObjectMixin, FormView):
    required_permission = "komite.manage"
    template_name = "komite/anggota/akhiri.html"
    form_class = AkhiriForm

    def get_initial(self):
        return {"selesai": timezone.localdate()}

    def form_valid(self, form):
        try:
            anggota_komite_akhiri(
                anggota=self.anggota, actor=self.actor.user, selesai=form.cleaned_data["selesai"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Masa keanggotaan %(nama)s berakhir pada %(tanggal)s.")
            % {"nama": self.anggota.user, "tanggal": form.cleaned_data["selesai"].strftime("%d-%m-%Y")},
        )
        return redirect("komite:anggota_list")


class AnggotaHapusView(AnggotaObjectMixin, View):
    """POST only (the button is on the change page): delete a membership entered by mistake."""

    required_permission = "komite.manage"

    def post(self, request, pk: int):
        nama = str(self.anggota.user)
        try:
            anggota_komite_hapus(anggota=self.anggota, actor=self.actor.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("komite:anggota_ubah", pk=self.anggota.pk)
        messages.success(request, _("Keanggotaan %(nama)s dihapus.") % {"nama": nama})
        return redirect("komite:anggota_list")


class PengaturanView(TenantMixin, FormView):
    required_permission = "komite.manage"
    template_name = "komite/anggota/pengaturan.html"
    form_class = PengaturanKomiteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": pengaturan_komite_get(instansi=self.instansi)}

    def form_valid(self, form):
        try:
            pengaturan_komite_ubah(
                instansi=self.instansi,
                actor=self.actor.user,
                **{name: form.cleaned_data[name] for name in PENGATURAN_FIELDS},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Pengaturan Komite Talenta disimpan."))
        return redirect("komite:anggota_list")
