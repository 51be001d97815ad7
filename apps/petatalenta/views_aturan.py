"""Talent rule-set pages (/talenta/aturan/...): the pages every kind has (aturan.views, driven by
services_aturan.JENIS_TALENTA) with the talent's additions (the recent bulk recomputes on the list,
the configuration laid out on the detail, how many pegawai an activation recomputes), the progress
page of a bulk recompute, "hitung ulang sekarang" and the talent settings.

Reading needs aturan.view (Admin BKD, PPK, Komite); writing needs aturan.manage (Admin BKD). A
recompute job is looked up by its uuid inside the caller's instansi: another instansi's job answers
404 exactly like a missing one. Pages never write on GET.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.progress import progress_response
from apps.core.views import TenantMixin

from . import selectors_aturan as sel
from .aturan import views as umum
from .aturan.talenta import MODEL_LABEL
from .aturan.tampilan import aturan_tampilan
from .forms_aturan import AKTIFKAN_LABEL, PengaturanForm
from .labels import penyebab_label
from .periode import periode_sekarang
from .selectors import hitung_ulang_get, hitung_ulang_progress, pengaturan_talenta_get
from .services_aturan import hitung_ulang_manual, pengaturan_talenta_ubah


class AturanListView(umum.AturanListView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(jobs=sel.hitung_ulang_terbaru(instansi=self.instansi), periode=periode_sekarang())
        return context


class AturanDetailView(umum.AturanDetailView):
    def konfigurasi_konteks(self) -> dict:
        return {"tampilan": aturan_tampilan(konfigurasi=self.aturan.konfigurasi)}


class AturanUbahView(umum.AturanUbahView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_label"] = MODEL_LABEL.get(context["form"].model, "")
        return context


class AturanAktifkanView(umum.AturanAktifkanView):
    aktifkan_label = AKTIFKAN_LABEL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            jumlah_pegawai=sel.pegawai_aktif_jumlah(instansi=self.instansi), periode=periode_sekarang()
        )
        return context

    def aktif_berhasil(self, hasil):
        messages.success(
            self.request,
            _("Versi %(v)s sekarang aktif. Penempatan %(n)s pegawai sedang dihitung ulang.")
            % {"v": self.aturan.versi, "n": hasil.total},
        )
        return redirect("petatalenta:hitung_ulang_detail", uuid=hasil.uuid)


class HitungUlangMixin(TenantMixin):
    @cached_property
    def job(self):
        job = hitung_ulang_get(instansi=self.instansi, uuid=self.kwargs["uuid"])
        if job is None:
            raise Http404(_("Hitung ulang tidak ditemukan."))
        return job


class HitungUlangDetailView(HitungUlangMixin, TemplateView):
    """Progress of a bulk recompute; static/js/progress.js polls status.json and reloads the
    page when done; without JavaScript the page refreshes itself while the job runs."""

    required_permission = "aturan.view"
    template_name = "petatalenta/aturan/hitung_ulang.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        progress = hitung_ulang_progress(job=job)
        context.update(
            job=job,
            progress=progress,
            penyebab=penyebab_label(job.penyebab),
            kotak_berubah=sel.hitung_ulang_kotak_berubah(job=job) if progress.selesai else None,
        )
        return context


class HitungUlangStatusView(HitungUlangMixin, View):
    required_permission = "aturan.view"

    def get(self, request, *args, **kwargs):
        progress = hitung_ulang_progress(job=self.job)
        return progress_response(
            selesai=progress.selesai,
            done=progress.diproses,
            total=progress.total,
            persen=progress.persen,
            teks=progress.teks,
        )


# --- writing ----------------------------------------------------------------------------------------


class HitungUlangStartView(TenantMixin, View):
    """POST "Hitung ulang sekarang": every active pegawai with the current rules."""

    required_permission = "aturan.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job, baru = hitung_ulang_manual(instansi=self.instansi, actor=self.actor.user)
        if baru:
            messages.success(request, _("Hitung ulang %(n)s pegawai dimulai.") % {"n": job.total})
        else:
            messages.info(request, _("Hitung ulang sebelumnya masih berjalan; kemajuannya ada di bawah."))
        return redirect("petatalenta:hitung_ulang_detail", uuid=job.uuid)


class PengaturanView(TenantMixin, FormView):
    required_permission = "aturan.manage"
    template_name = "petatalenta/aturan/pengaturan.html"
    form_class = PengaturanForm

    def get_initial(self):
        pengaturan = pengaturan_talenta_get(instansi=self.instansi)
        return {"asn_boleh_lihat_kotak": pengaturan.asn_boleh_lihat_kotak}

    def form_valid(self, form):
        pengaturan_talenta_ubah(
            instansi=self.instansi,
            actor=self.actor.user,
            asn_boleh_lihat_kotak=form.cleaned_data["asn_boleh_lihat_kotak"],
        )
        messages.success(self.request, _("Pengaturan talenta disimpan."))
        return redirect(reverse("petatalenta:pengaturan"))
