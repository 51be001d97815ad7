"""Succession reports (suksesi.view): the "Daftar Calon Suksesor" PDF of one key post, the batch
PDF of every post (queued on `reports`, with its progress page), and the Excel export of every
post × candidate with each criterion as columns."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.laporan import laporan_job_file, laporan_job_progress_response
from apps.core.spreadsheets import XlsxSheet, xlsx_write
from apps.core.views import TenantMixin

from . import selectors
from .views import JabatanKunciMixin


class LaporanPdfView(JabatanKunciMixin, View):
    """GET /suksesi/jabatan-kunci/<pk>/calon-suksesor.pdf: the report of one key post."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        from .pdf import laporan_jabatan_pdf_filename, laporan_jabatan_pdf_generate  # WeasyPrint on use

        jabatan = self.get_jabatan()
        pdf = laporan_jabatan_pdf_generate(instansi=self.instansi, jabatan=jabatan, actor=self.actor.user)
        return attachment_response(
            pdf, filename=laporan_jabatan_pdf_filename(jabatan), content_type="application/pdf"
        )


class LaporanMixin(TenantMixin):
    required_permission = "suksesi.view"


class LaporanSemuaView(LaporanMixin, TemplateView):
    """GET /suksesi/laporan/: what the reports hold and the buttons; POST: queue the PDF of every
    post and go to its progress page."""

    template_name = "suksesi/laporan/index.html"
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bench"] = selectors.bench_ringkasan(instansi=self.instansi)
        return context

    def post(self, request, *args, **kwargs):
        from .pdf import laporan_job_create

        job = laporan_job_create(instansi=self.instansi, actor=self.actor.user)
        return HttpResponseRedirect(reverse("suksesi:laporan_job", kwargs={"uuid": job.uuid}))


class LaporanJobMixin(LaporanMixin):
    def get_job(self):
        from .pdf import laporan_job_get

        job = laporan_job_get(instansi=self.instansi, uuid=self.kwargs["uuid"])
        if job is None:
            raise Http404
        return job


class LaporanJobView(LaporanJobMixin, TemplateView):
    """GET /suksesi/laporan/<uuid>/: the batch's progress (static/js/progress.js), then the link."""

    template_name = "suksesi/laporan/job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.get_job()
        return context


class LaporanJobStatusView(LaporanJobMixin, View):
    """GET /suksesi/laporan/<uuid>/status.json."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return laporan_job_progress_response(self.get_job())


class LaporanJobUnduhView(LaporanJobMixin, View):
    """GET /suksesi/laporan/<uuid>/calon-suksesor.pdf: the finished batch PDF."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        path = laporan_job_file(self.get_job())
        if path is None:
            raise Http404
        return attachment_response(
            path.open("rb"), filename="calon-suksesor-semua.pdf", content_type="application/pdf"
        )


class LaporanXlsxView(LaporanMixin, View):
    """GET /suksesi/laporan/calon-suksesor.xlsx[?jabatan=<pk>]: every post × candidate (or one
    post's), each criterion as two columns (result, reason)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        jabatan = None
        if request.GET.get("jabatan"):
            jabatan = selectors.jabatan_kunci_get(instansi=self.instansi, pk=request.GET["jabatan"])
            if jabatan is None:
                raise Http404
        headers, rows = selectors.laporan_xlsx_rows(instansi=self.instansi, jabatan=jabatan)
        content = xlsx_write(
            [XlsxSheet(title="Calon suksesor", headers=headers, rows=rows, text_columns=(4,))]
        )
        nama = f"calon-suksesor-{jabatan.pk}.xlsx" if jabatan else "calon-suksesor.xlsx"
        return attachment_response(content, filename=nama, content_type=XLSX_CONTENT_TYPE)
