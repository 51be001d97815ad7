from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from apps.core.health import health_check
from apps.core.views import PermissionRequiredMixin
from apps.instansi.models import Wilayah
from apps.instansi.selectors import instansi_list_active

from . import selectors


class HomeBknView(PermissionRequiredMixin, TemplateView):
    """BKN: national → province rollup from summary rows; no personal data."""

    required_permission = "home.bkn"
    template_name = "nasional/home_bkn.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.rekap_per_provinsi()
        context["rows"] = rows
        context["total_instansi"] = sum(row.jumlah_instansi for row in rows)
        context["total_daerah"] = sum(row.jumlah_daerah_otonom for row in rows)
        context["total_pengguna"] = sum(row.jumlah_pengguna for row in rows)
        context["last_refresh"] = selectors.ringkasan_last_refresh()
        return context


class ProvinsiRekapView(PermissionRequiredMixin, TemplateView):
    required_permission = "nasional.view"
    template_name = "nasional/provinsi.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provinsi = get_object_or_404(Wilayah, kode=self.kwargs["kode"], jenis=Wilayah.Jenis.PROVINSI)
        context["provinsi"] = provinsi
        context["rows"] = selectors.ringkasan_list_for_provinsi(provinsi=provinsi)
        return context


class HomeOperatorView(PermissionRequiredMixin, TemplateView):
    required_permission = "home.operator"
    template_name = "nasional/home_operator.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi_list"] = instansi_list_active()
        context["ringkasan"] = {row.instansi_id: row for row in selectors.ringkasan_list()}
        return context


class KesehatanView(PermissionRequiredMixin, TemplateView):
    required_permission = "system.health"
    template_name = "nasional/kesehatan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = health_check(include_workers=True)
        return context
