"""ASN pages: home with data completeness, Profil Saya, portfolio, documents."""

from django.views.generic import TemplateView

from apps.core.views import PermissionRequiredMixin


class HomeAsnView(PermissionRequiredMixin, TemplateView):
    required_permission = "home.asn"
    template_name = "pegawai/home_asn.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi"] = self.actor.instansi
        return context
