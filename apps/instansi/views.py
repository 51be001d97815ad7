"""Pages: role home pages, instansi profile, unit kerja tree, members, audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from apps.core.models import AuditEvent
from apps.core.permissions import HOME_PERMISSION_BY_ROLE
from apps.core.roles import KOMITE_ROLES, Role
from apps.core.views import (
    PermissionRequiredMixin,
    TenantFormMixin,
    TenantObjectMixin,
)

from . import selectors
from .forms import UnitKerjaForm
from .models import UnitKerja
from .services import unit_kerja_create, unit_kerja_update

HOME_URL_BY_PERMISSION = {
    "home.admin_bkd": "instansi:home_admin_bkd",
    "home.verifikator": "instansi:home_verifikator",
    "home.komite": "instansi:home_komite",
    "home.ppk": "instansi:home_ppk",
    "home.asn": "pegawai:home_asn",
    "home.bkn": "nasional:home",
    "home.operator": "nasional:home_operator",
}


def home_url_for_role(role: Role | None) -> str | None:
    if role is None:
        return None
    return reverse(HOME_URL_BY_PERMISSION[HOME_PERMISSION_BY_ROLE[role]])


class BerandaView(TemplateView):
    """/beranda/: sends each role to its own home page."""

    template_name = "instansi/tanpa_peran.html"

    def get(self, request, *args, **kwargs):
        actor = request.actor
        if not actor.is_authenticated:
            return redirect("accounts:login")
        url = home_url_for_role(actor.role)
        if url is None:
            # Signed in but not (or no longer) a member of an active instansi.
            return self.render_to_response(self.get_context_data(), status=403)
        return redirect(url)


class InstansiContextMixin(PermissionRequiredMixin):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi"] = self.actor.instansi
        return context


class HomeAdminBkdView(InstansiContextMixin, TemplateView):
    required_permission = "home.admin_bkd"
    template_name = "instansi/home_admin_bkd.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instansi = self.actor.instansi
        context["unit_counts"] = selectors.unit_kerja_counts(instansi=instansi)
        context["member_counts"] = _role_rows(selectors.membership_counts_by_role(instansi=instansi))
        context["recent_events"] = AuditEvent.objects.filter(instansi=instansi).select_related("actor")[:10]
        return context


class HomeVerifikatorView(InstansiContextMixin, TemplateView):
    required_permission = "home.verifikator"
    template_name = "instansi/home_verifikator.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit_counts"] = selectors.unit_kerja_counts(instansi=self.actor.instansi)
        return context


class HomeKomiteView(InstansiContextMixin, TemplateView):
    required_permission = "home.komite"
    template_name = "instansi/home_komite.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["komite"] = selectors.membership_list(
            instansi=self.actor.instansi, roles=[role.value for role in KOMITE_ROLES]
        )
        return context


class HomePpkView(InstansiContextMixin, TemplateView):
    required_permission = "home.ppk"
    template_name = "instansi/home_ppk.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instansi = self.actor.instansi
        context["unit_counts"] = selectors.unit_kerja_counts(instansi=instansi)
        context["member_counts"] = _role_rows(selectors.membership_counts_by_role(instansi=instansi))
        return context


class InstansiProfilView(InstansiContextMixin, TemplateView):
    required_permission = "instansi.view"
    template_name = "instansi/profil.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit_counts"] = selectors.unit_kerja_counts(instansi=self.actor.instansi)
        return context


class UnitKerjaTreeView(InstansiContextMixin, TemplateView):
    required_permission = "unit_kerja.view"
    template_name = "instansi/unit_kerja_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = selectors.unit_kerja_tree(instansi=self.actor.instansi)
        context["unit_counts"] = selectors.unit_kerja_counts(instansi=self.actor.instansi)
        return context


class UnitKerjaDetailView(TenantObjectMixin, DetailView):
    required_permission = "unit_kerja.view"
    model = UnitKerja
    template_name = "instansi/unit_kerja_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return super().get_queryset().select_related("induk", "induk__induk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = self.object.anak.order_by("kode")
        return context


class UnitKerjaFormMixin(TenantFormMixin):
    template_name = "instansi/unit_kerja_form.html"


class UnitKerjaCreateView(UnitKerjaFormMixin, InstansiContextMixin, FormView):
    required_permission = "unit_kerja.manage"
    form_class = UnitKerjaForm

    def get_initial(self):
        initial = super().get_initial()
        induk_pk = self.request.GET.get("induk")
        if induk_pk and induk_pk.isdigit():
            induk = UnitKerja.objects.filter(instansi=self.actor.instansi, pk=induk_pk).first()
            if induk is not None:
                initial["induk"] = induk
                initial["jenis"] = (
                    UnitKerja.Jenis.BIDANG
                    if induk.jenis == UnitKerja.Jenis.PERANGKAT_DAERAH
                    else UnitKerja.Jenis.SEKSI
                )
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            unit = unit_kerja_create(
                instansi=self.actor.instansi,
                actor=self.actor.user,
                kode=data["kode"],
                nama=data["nama"],
                jenis=data["jenis"],
                induk=data["induk"],
            )
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(self.request, _("Unit kerja %(nama)s ditambahkan.") % {"nama": unit.nama})
        return redirect("instansi:unit_kerja_detail", pk=unit.pk)


class UnitKerjaUpdateView(UnitKerjaFormMixin, TenantObjectMixin, FormView):
    required_permission = "unit_kerja.manage"
    form_class = UnitKerjaForm
    model = UnitKerja

    def get_object(self) -> UnitKerja:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["exclude_pk"] = self.object.pk
        return kwargs

    def get_initial(self):
        unit = self.object
        return {
            "kode": unit.kode,
            "nama": unit.nama,
            "jenis": unit.jenis,
            "induk": unit.induk,
            "aktif": unit.aktif,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit"] = self.object
        context["instansi"] = self.actor.instansi
        return context

    def form_valid(self, form):
        try:
            unit_kerja_update(unit=self.object, actor=self.actor.user, **form.cleaned_data)
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(self.request, _("Perubahan unit kerja disimpan."))
        return redirect("instansi:unit_kerja_detail", pk=self.object.pk)


class AnggotaListView(InstansiContextMixin, ListView):
    required_permission = "membership.view"
    template_name = "instansi/anggota_list.html"
    context_object_name = "memberships"
    paginate_by = 50

    def get_queryset(self):
        return selectors.membership_list(instansi=self.actor.instansi)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member_counts"] = _role_rows(
            selectors.membership_counts_by_role(instansi=self.actor.instansi)
        )
        return context


class AuditListView(InstansiContextMixin, ListView):
    required_permission = "audit.view"
    template_name = "instansi/audit_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return AuditEvent.objects.filter(instansi=self.actor.instansi).select_related("actor")


def _role_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) for every tenant role, in the order of the Role enum, zeros included."""
    return [(role.label, counts.get(role.value, 0)) for role in Role if role not in (Role.BKN, Role.OPERATOR)]
