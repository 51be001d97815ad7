"""The Peta Talenta report (talenta.view): a POST from the nine-box page queues the PDF or the
Excel file of the page's period and filters on the `reports` queue; its progress page polls
status.json (static/js/progress.js) and then offers the file. A job of another instansi is a 404."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.laporan import laporan_job_file, laporan_job_progress_response
from apps.core.views import TenantMixin

from . import laporan
from .views_ninebox import NineboxMixin

CONTENT_TYPE = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}


class LaporanMulaiView(NineboxMixin, View):
    """POST /talenta/sembilan-kotak/laporan/?<the page's filters> with format=pdf|xlsx."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ekstensi = request.POST.get("format", "pdf")
        if ekstensi not in laporan.FORMAT:
            ekstensi = "pdf"
        self.load_filters()
        job = laporan.peta_talenta_laporan_mulai(
            instansi=self.actor.instansi, actor=self.actor.user, form=self.form, ekstensi=ekstensi
        )
        return HttpResponseRedirect(reverse("petatalenta:ninebox_laporan_job", kwargs={"uuid": job.uuid}))


class LaporanJobMixin(TenantMixin):
    required_permission = "talenta.view"

    def get_job(self):
        job = laporan.peta_talenta_laporan_get(instansi=self.instansi, uuid=self.kwargs["uuid"])
        if job is None:
            raise Http404
        return job


class LaporanJobView(LaporanJobMixin, TemplateView):
    """GET /talenta/sembilan-kotak/laporan/<uuid>/: the progress, then the download link."""

    template_name = "petatalenta/laporan/job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_job()
        context.update(
            job=job,
            qs=job.parameter.get("qs", ""),
            periode=job.parameter.get("periode"),
            baris=job.hasil.get("baris", {}),
            pdf_baris_maks=laporan.PDF_BARIS_MAKS,
        )
        return context


class LaporanJobStatusView(LaporanJobMixin, View):
    """GET /talenta/sembilan-kotak/laporan/<uuid>/status.json."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return laporan_job_progress_response(self.get_job())


class LaporanJobUnduhView(LaporanJobMixin, View):
    """GET /talenta/sembilan-kotak/laporan/<uuid>/unduh/: the finished file (audited)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        path = laporan_job_file(job)
        if path is None:
            raise Http404
        laporan.peta_talenta_laporan_audit(instansi=self.instansi, actor=self.actor.user, job=job)
        return attachment_response(
            path.open("rb"),
            filename=laporan.peta_talenta_laporan_nama_berkas(job),
            content_type=CONTENT_TYPE[job.ekstensi],
        )
