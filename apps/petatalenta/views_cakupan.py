"""The coverage page: asesmen and SKP per perangkat daerah and instansi."""

from __future__ import annotations

from django.views.generic import TemplateView

from apps.core.views import TenantMixin

from .selectors_cakupan import cakupan_ringkasan


class CakupanView(TenantMixin, TemplateView):
    required_permission = "penilaian.view"
    template_name = "petatalenta/cakupan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi"] = self.instansi
        context["ringkasan"] = cakupan_ringkasan(instansi=self.instansi)
        return context
