"""The ASN's download of their own data (docs/privacy.md, "Hak ASN")."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.generic import TemplateView

from apps.core.http import attachment_response
from apps.core.views import PermissionRequiredMixin
from apps.pegawai.selectors_portfolio import pegawai_get_own

from .ekspor import data_pribadi_ekspor


class DataPribadiView(PermissionRequiredMixin, TemplateView):
    """GET /saya/data-pribadi/: what the download holds; POST: the ZIP. The URL names nobody: the
    data is always the signed-in user's own (their linked pegawai record in their instansi)."""

    required_permission = "portfolio.own"
    template_name = "privasi/data_pribadi.html"
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        if pegawai_get_own(actor=self.actor) is None:
            return render(request, "pegawai/portfolio/belum_terhubung.html")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        pegawai = pegawai_get_own(actor=self.actor)
        if pegawai is None:
            return render(request, "pegawai/portfolio/belum_terhubung.html")
        berkas = data_pribadi_ekspor(actor=self.actor, pegawai=pegawai)
        return attachment_response(
            berkas,
            filename=f"data-pribadi-{pegawai.nip}-{timezone.localdate():%Y%m%d}.zip",
            content_type="application/zip",
        )
