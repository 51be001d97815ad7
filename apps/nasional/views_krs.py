"""KRS Nasional pages: BKN's search and profile (role, an active grant, a stated purpose), the
operator's grants, and each instansi's own nominees with who viewed them. All reads and writes go
through apps/nasional/krs.py; views only check access and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.permissions import role_has_permission
from apps.core.views import PermissionRequiredMixin, TenantMixin

from . import krs
from .forms_krs import AksesForm, SaringanKrsForm, TujuanForm
from .models import AksesKrsNasional


class KrsAksesMixin(PermissionRequiredMixin):
    """nasional.krs (the BKN role) AND a grant in force today: without the grant, 403."""

    required_permission = "nasional.krs"

    def dispatch(self, request, *args, **kwargs):
        if not self.actor.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not role_has_permission(role=self.actor.role, permission=self.required_permission):
            raise PermissionDenied
        self.akses = krs.akses_aktif_get(user=self.actor.user)
        if self.akses is None:
            raise PermissionDenied(_("Akun ini tidak memiliki akses KRS Nasional yang berlaku."))
        self.sesi = krs.sesi_aktif_get(user=self.actor.user)
        return super().dispatch(request, *args, **kwargs)


class KrsCariView(KrsAksesMixin, TemplateView):
    """The search. Without an open session the page asks for the purpose first and shows nothing."""

    template_name = "nasional/krs_cari.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(akses=self.akses, sesi=self.sesi)
        if self.sesi is None:
            context["tujuan_form"] = TujuanForm()
            return context
        form = SaringanKrsForm(self.request.GET or None)
        context["filter_form"] = form
        context["filtered"] = form.is_bound and any(v for k, v in self.request.GET.items() if k != "halaman")
        if form.is_bound and not form.is_valid():
            return context
        saringan = form.saringan() if form.is_bound else krs.SaringanKrsNasional()
        hasil = krs.krs_cari(
            saringan=saringan, halaman=self.request.GET.get("halaman"), user=self.actor.user, sesi=self.sesi
        )
        context.update(
            hasil=hasil,
            page_obj=hasil.page,
            paginator=hasil.page.paginator,
            is_paginated=hasil.page.paginator.num_pages > 1,
            page_param="halaman",
        )
        return context


class KrsSesiView(KrsAksesMixin, View):
    """POST: state the purpose, which opens a search session."""

    def get(self, request, *args, **kwargs):
        return redirect("nasional:krs_cari")

    def post(self, request, *args, **kwargs):
        form = TujuanForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(
                request, "nasional/krs_cari.html", {"akses": self.akses, "sesi": None, "tujuan_form": form}
            )
        krs.sesi_mulai(user=self.actor.user, tujuan=form.cleaned_data["tujuan"])
        messages.success(
            request, _("Tujuan pencarian dicatat. Setiap pencarian dan profil yang dibuka diaudit.")
        )
        return redirect("nasional:krs_cari")


class KrsSesiAkhiriView(KrsAksesMixin, View):
    def post(self, request, *args, **kwargs):
        if self.sesi is not None:
            krs.sesi_akhiri(sesi=self.sesi)
        return redirect("nasional:krs_cari")


class KrsProfilView(KrsAksesMixin, TemplateView):
    template_name = "nasional/krs_profil.html"

    def get(self, request, *args, **kwargs):
        if self.sesi is None:
            messages.info(request, _("Nyatakan tujuan pencarian sebelum membuka profil."))
            return HttpResponseRedirect(reverse("nasional:krs_cari"))
        self.indeks = krs.krs_profil_get(
            pegawai_id=self.kwargs["pegawai_id"], user=self.actor.user, sesi=self.sesi
        )
        if self.indeks is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(indeks=self.indeks, sesi=self.sesi, kembali=self.request.GET.get("kembali", ""))
        return context


class KrsPantauView(TenantMixin, TemplateView):
    """The instansi's own nominees and who viewed each (its own index rows and audit events)."""

    required_permission = "nasional.krs_pantau"
    template_name = "nasional/krs_pantau.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["periode"] = krs.periode_indeks()
        context["nominees"] = krs.krs_pantau_list(instansi=self.instansi, periode=context["periode"])
        return context


class KrsAksesView(PermissionRequiredMixin, TemplateView):
    """Operator: grant the search to a BKN account, see every grant, revoke."""

    required_permission = "nasional.krs_akses"
    template_name = "nasional/krs_akses.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AksesForm())
        hari_ini = timezone.localdate()
        context["akses_list"] = [(a, krs.akses_berlaku(a, hari_ini=hari_ini)) for a in krs.akses_list()]
        return context

    def post(self, request, *args, **kwargs):
        form = AksesForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        d = form.cleaned_data
        krs.akses_beri(
            user=d["user"],
            dasar=d["dasar"],
            berlaku_mulai=d["berlaku_mulai"],
            berlaku_sampai=d.get("berlaku_sampai"),
            actor=self.actor.user,
        )
        messages.success(request, _("Akses KRS Nasional diberikan."))
        return redirect("nasional:krs_akses")


class KrsAksesCabutView(PermissionRequiredMixin, View):
    required_permission = "nasional.krs_akses"

    def post(self, request, *args, **kwargs):
        akses = get_object_or_404(AksesKrsNasional, pk=self.kwargs["pk"])
        krs.akses_cabut(akses=akses, actor=self.actor.user)
        messages.success(request, _("Akses KRS Nasional dicabut."))
        return redirect("nasional:krs_akses")
