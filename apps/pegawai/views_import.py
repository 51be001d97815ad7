"""Pages: the pegawai export (.xlsx / .csv). The pegawai import runs on the generic import pages
(apps/impor, kind "pegawai"); /pegawai/impor/ leads there."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils import timezone
from django.views import View

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.views import TenantMixin

from .resources import pegawai_export_csv, pegawai_export_xlsx


class ImporMixin(TenantMixin):
    required_permission = "pegawai.import"


class ImporView(ImporMixin, View):
    """The former import page's address (menus, bookmarks): the generic import page of pegawai."""

    def get(self, request, *args, **kwargs):
        return redirect("impor:unggah", kind="pegawai")


class EksporXlsxView(ImporMixin, View):
    def get(self, request, *args, **kwargs):
        data = pegawai_export_xlsx(instansi=self.instansi)
        tanggal = timezone.localdate().strftime("%Y%m%d")
        return attachment_response(
            data, filename=f"pegawai-{self.instansi.kode}-{tanggal}.xlsx", content_type=XLSX_CONTENT_TYPE
        )


class EksporCsvView(ImporMixin, View):
    def get(self, request, *args, **kwargs):
        data = pegawai_export_csv(instansi=self.instansi)
        tanggal = timezone.localdate().strftime("%Y%m%d")
        return attachment_response(
            data,
            filename=f"pegawai-{self.instansi.kode}-{tanggal}.csv",
            content_type="text/csv; charset=utf-8",
        )
