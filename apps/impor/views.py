"""Pages of the generic imports: upload → preview (every row's errors) → Simpan → result.

Every page of a kind requires the permission the kind registered (apps/impor/pipeline.py). A job is
looked up only inside the caller's instansi: another instansi's job answers 404 exactly like a
missing one. The file never travels back to the browser: "Simpan" commits the copy kept server-side.
Big files run on the `imports` queue; the job page shows a progress bar (static/js/progress.js polls
status.json) and, without JavaScript, reloads itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.permissions import role_has_permission
from apps.core.progress import progress_response
from apps.core.spreadsheets import Limits, SpreadsheetError
from apps.core.views import TenantMixin

from .models import ImportJob
from .pipeline import ImportResult, importer_get, importers
from .selectors import import_job_errors_xlsx, import_job_get, import_jobs_recent
from .services import import_job_commit, import_job_create, import_job_schedule, sync_max_rows

ERRORS_SHOWN = 500
MB = 1024 * 1024


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas (.xlsx atau .csv)"),
        allow_empty_file=True,  # the reader explains an empty file in its own words
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


class ImporKindMixin(TenantMixin):
    """Pages of one kind (/impor/<kind>/...): an unknown kind is 404, the kind's permission applies."""

    @cached_property
    def entry(self):
        entry = importer_get(self.kwargs["kind"])
        if entry is None:
            raise Http404(_("Jenis impor tidak dikenal."))
        return entry

    @property
    def required_permission(self) -> str:
        return self.entry.permission


class ImporJobMixin(TenantMixin):
    """Pages of one job: the job's kind's permission applies. A job that is not found (missing, or
    another instansi's) is checked against the import permissions the role holds, so a role without
    any of them gets 403 whether the job exists or not, and a role with one gets 404."""

    with_result = True

    @cached_property
    def job(self) -> ImportJob | None:
        instansi = self.actor.instansi
        if instansi is None:
            return None
        job = import_job_get(instansi=instansi, job_uuid=self.kwargs["uuid"], with_result=self.with_result)
        if job is None or importer_get(job.kind) is None:
            return None
        return job

    @property
    def required_permission(self) -> str:
        job = self.job
        if job is not None:
            return importer_get(job.kind).permission
        codes = sorted({entry.permission for entry in importers()})
        held = [code for code in codes if role_has_permission(role=self.actor.role, permission=code)]
        return (held or codes)[0]

    def get_job(self) -> ImportJob:
        if self.job is None:
            raise Http404(_("Impor tidak ditemukan."))
        return self.job


# --- kind pages -----------------------------------------------------------------------------------


class ImporUnggahView(ImporKindMixin, FormView):
    """Download the template, upload a filled file, see this kind's recent imports."""

    template_name = "impor/unggah.html"
    form_class = UnggahForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limits = Limits.from_settings()
        context.update(
            entry=self.entry,
            instansi=self.instansi,
            maks_mb=limits.max_bytes // MB,
            maks_baris=limits.max_rows,
            sync_max_rows=sync_max_rows(),
            kolom=[(column.header, column.required) for column in self.entry.columns],
            jobs=import_jobs_recent(instansi=self.instansi, kind=self.entry.kind),
        )
        return context

    def form_valid(self, form):
        berkas = form.cleaned_data["berkas"]
        limits = Limits.from_settings()
        if berkas.size > limits.max_bytes:  # refused before reading it into memory
            form.add_error(
                "berkas",
                _(
                    "Berkas terlalu besar (%(ukuran)s MB); maksimal %(maks)s MB. Bagi data menjadi beberapa berkas."
                )
                % {"ukuran": f"{berkas.size / MB:.1f}", "maks": limits.max_bytes // MB},
            )
            return self.form_invalid(form)
        try:
            job = import_job_create(
                instansi=self.instansi,
                actor=self.actor.user,
                kind=self.entry.kind,
                data=berkas.read(),
                nama=berkas.name,
            )
        except SpreadsheetError as error:
            for message in error.messages:
                form.add_error("berkas", message)
            return self.form_invalid(form)
        job = import_job_schedule(job=job)
        return redirect("impor:job", uuid=job.uuid)


class ImporTemplatView(ImporKindMixin, View):
    def get(self, request, *args, **kwargs):
        data = self.entry.template_builder(instansi=self.instansi)
        return attachment_response(
            data,
            content_type=XLSX_CONTENT_TYPE,
            filename=f"templat-impor-{self.entry.kind}-{self.instansi.kode}.xlsx",
        )


# --- job pages ------------------------------------------------------------------------------------


def _status_text(job: ImportJob) -> str:
    if job.status == ImportJob.Status.MENUNGGU:
        return _("Menunggu giliran diproses…")
    if job.status in (ImportJob.Status.MEMERIKSA, ImportJob.Status.MENYIMPAN):
        if not job.progress_total:
            return _("Membaca berkas…")
        if job.status == ImportJob.Status.MENYIMPAN and job.progress_done >= job.progress_total:
            return _("Menyimpan ke basis data…")
        return _("Memeriksa baris %(done)s dari %(total)s…") % {
            "done": number_format(job.progress_done, force_grouping=True),
            "total": number_format(job.progress_total, force_grouping=True),
        }
    return str(job.get_status_display())


class ImporJobView(ImporJobMixin, TemplateView):
    """Progress while the job runs; then the preview (counts, warnings, every row's errors, Simpan)
    or the result of the save."""

    template_name = "impor/job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_job()
        result = ImportResult.from_json(job.result)
        galat_total = job.result.get("galat_total", len(result.errors))
        context.update(
            job=job,
            entry=importer_get(job.kind),
            result=result,
            errors=result.errors[:ERRORS_SHOWN],
            errors_hidden=max(galat_total - ERRORS_SHOWN, 0),
            galat_total=galat_total,
            status_text=_status_text(job),
            changes_named=any(change[2] for change in result.changes),
            pegawai_rows=result.pegawai_rows(),
            can_save=(
                job.mode == ImportJob.Mode.PRATINJAU
                and job.status == ImportJob.Status.SIAP
                and not result.errors
                and result.has_changes
                and bool(job.berkas_path)
            ),
        )
        return context


class ImporJobStatusView(ImporJobMixin, View):
    """What the progress bar needs (the result itself is not loaded)."""

    with_result = False

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        return progress_response(
            selesai=not job.berjalan,
            done=job.progress_done,
            total=job.progress_total,
            persen=job.persen,
            teks=_status_text(job),
        )


class ImporJobSimpanView(ImporJobMixin, View):
    """POST: save a previewed job (all or nothing); small files at once, big ones on the worker."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        try:
            job = import_job_commit(job=job, actor=self.actor.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("impor:job", uuid=job.uuid)
        if job.status == ImportJob.Status.SELESAI:
            result = ImportResult.from_json(job.result)
            messages.success(
                request,
                _("Impor %(berkas)s tersimpan: %(baru)s baru, %(diubah)s diubah, %(tetap)s tidak berubah.")
                % {
                    "berkas": job.nama_berkas,
                    "baru": result.baru,
                    "diubah": result.diubah,
                    "tetap": result.tetap,
                },
            )
        return redirect("impor:job", uuid=job.uuid)


class ImporJobGalatView(ImporJobMixin, View):
    """The job's errors and warnings as an .xlsx (every cell escaped)."""

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        return attachment_response(
            import_job_errors_xlsx(job=job),
            content_type=XLSX_CONTENT_TYPE,
            filename=f"galat-impor-{job.kind}-{job.uuid.hex[:8]}.xlsx",
        )
