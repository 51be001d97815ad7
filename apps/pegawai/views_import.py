"""Pages: import pegawai from a spreadsheet (upload → preview → save), template, exports.

The upload is kept server-side (apps.pegawai.imports.impor_berkas_*) under a random token in the
instansi's own directory; "Simpan" commits that stored file after validating it again. Nothing the
browser sends back is trusted except the token, which only resolves inside the caller's instansi
(another instansi's token answers 404, like a missing one).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.spreadsheets import Limits, SpreadsheetError
from apps.core.views import PermissionRequiredMixin

from .imports import (
    StoredUpload,
    impor_berkas_baca,
    impor_berkas_hapus,
    impor_berkas_simpan,
    pegawai_import,
    pegawai_import_read,
)
from .resources import KOLOM, pegawai_export_csv, pegawai_export_xlsx, pegawai_template_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHANGES_SHOWN = 200


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas data pegawai (.xlsx atau .csv)"),
        allow_empty_file=True,  # the reader explains an empty file in its own words
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal data: never kept by a shared browser cache
    return response


class ImporMixin(PermissionRequiredMixin):
    required_permission = "pegawai.import"

    @property
    def instansi(self):
        instansi = self.actor.instansi
        if instansi is None:
            raise PermissionDenied
        return instansi

    def stored_upload(self) -> StoredUpload:
        upload = impor_berkas_baca(instansi=self.instansi, token=self.kwargs["token"])
        if upload is None:
            raise Http404(_("Berkas impor tidak ditemukan atau sudah kedaluwarsa."))
        return upload


class ImporView(ImporMixin, FormView):
    """Step 1: download the template, upload a filled file."""

    template_name = "pegawai/impor/unggah.html"
    form_class = UnggahForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limits = Limits.from_settings()
        context["instansi"] = self.instansi
        context["maks_mb"] = limits.max_bytes // (1024 * 1024)
        context["maks_baris"] = limits.max_rows
        context["kolom"] = [(header, required) for _name, header, required, *_rest in KOLOM]
        return context

    def form_valid(self, form):
        berkas = form.cleaned_data["berkas"]
        limits = Limits.from_settings()
        if berkas.size > limits.max_bytes:
            form.add_error(
                "berkas",
                _(
                    "Berkas terlalu besar (%(ukuran)s MB); maksimal %(maks)s MB. Bagi data menjadi beberapa berkas."
                )
                % {"ukuran": f"{berkas.size / 1024 / 1024:.1f}", "maks": limits.max_bytes // (1024 * 1024)},
            )
            return self.form_invalid(form)
        data = berkas.read()
        try:
            pegawai_import_read(data)
        except SpreadsheetError as error:
            for message in error.messages:
                form.add_error("berkas", message)
            return self.form_invalid(form)
        token = impor_berkas_simpan(
            instansi=self.instansi, actor=self.actor.user, data=data, nama=berkas.name
        )
        return redirect("pegawai:impor_pratinjau", token=token)


class ImporPratinjauView(ImporMixin, TemplateView):
    """Step 2: what the file would do — counts, every row's errors, the changes — nothing written."""

    template_name = "pegawai/impor/pratinjau.html"

    def get(self, request, *args, **kwargs):
        upload = self.stored_upload()
        return self.render_to_response(self.preview_context(upload))

    def preview_context(self, upload: StoredUpload, result=None, file_errors=None) -> dict:
        if result is None and file_errors is None:
            try:
                sheet = pegawai_import_read(upload.data)
            except SpreadsheetError as error:
                file_errors = error.messages
            else:
                result = pegawai_import(
                    instansi=self.instansi, actor=self.actor.user, rows=sheet, dry_run=True
                )
        return self.get_context_data(
            upload=upload,
            result=result,
            file_errors=file_errors or [],
            changes=result.changes[:CHANGES_SHOWN] if result else [],
            changes_hidden=max(len(result.changes) - CHANGES_SHOWN, 0) if result else 0,
        )


class ImporSimpanView(ImporPratinjauView):
    """Step 3 (POST): validate the stored file again and write it, all or nothing."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = self.stored_upload()
        try:
            sheet = pegawai_import_read(upload.data)
        except SpreadsheetError as error:
            return self.render_to_response(self.preview_context(upload, file_errors=error.messages))
        result = pegawai_import(
            instansi=self.instansi, actor=self.actor.user, rows=sheet, dry_run=False, berkas=upload.nama
        )
        if result.errors:
            context = self.preview_context(upload, result=result)
            context["gagal_simpan"] = True
            return self.render_to_response(context)
        instansi, token = self.instansi, upload.token
        transaction.on_commit(lambda: impor_berkas_hapus(instansi=instansi, token=token))
        if result.has_changes:
            messages.success(
                request,
                _(
                    "Impor %(berkas)s selesai: %(baru)s pegawai baru, %(diubah)s diubah, %(sama)s tidak berubah."
                )
                % {
                    "berkas": upload.nama,
                    "baru": result.new,
                    "diubah": result.updated,
                    "sama": result.unchanged,
                },
            )
        else:
            messages.success(
                request,
                _("Impor %(berkas)s selesai: tidak ada perubahan (%(sama)s pegawai sudah sama).")
                % {"berkas": upload.nama, "sama": result.unchanged},
            )
        return redirect("pegawai:impor")


class ImporBatalView(ImporMixin, View):
    """Abandon a previewed upload: the stored file is deleted."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = self.stored_upload()
        impor_berkas_hapus(instansi=self.instansi, token=upload.token)
        messages.success(request, _("Impor dibatalkan; berkas yang diunggah sudah dihapus."))
        return redirect("pegawai:impor")


class TemplatImporView(ImporMixin, View):
    def get(self, request, *args, **kwargs):
        data = pegawai_template_xlsx(instansi=self.instansi)
        return _download(
            data, filename=f"templat-impor-pegawai-{self.instansi.kode}.xlsx", content_type=XLSX_CONTENT_TYPE
        )


class EksporXlsxView(ImporMixin, View):
    def get(self, request, *args, **kwargs):
        data = pegawai_export_xlsx(instansi=self.instansi)
        tanggal = timezone.localdate().strftime("%Y%m%d")
        return _download(
            data, filename=f"pegawai-{self.instansi.kode}-{tanggal}.xlsx", content_type=XLSX_CONTENT_TYPE
        )


class EksporCsvView(ImporMixin, View):
    def get(self, request, *args, **kwargs):
        data = pegawai_export_csv(instansi=self.instansi)
        tanggal = timezone.localdate().strftime("%Y%m%d")
        return _download(
            data,
            filename=f"pegawai-{self.instansi.kode}-{tanggal}.csv",
            content_type="text/csv; charset=utf-8",
        )
