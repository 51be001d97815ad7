"""Rule-set pages (/talenta/aturan/...): versions, one version's configuration, clone, edit, JSON
export and import, the diff of two versions, activation with its bulk recompute and the progress
page, the talent settings.

Reading needs aturan.view (Admin BKD, PPK, Komite); writing needs aturan.manage (Admin BKD). A
version is looked up by its id inside the caller's instansi and a recompute job by its uuid: another
instansi's object answers 404 exactly like a missing one. Pages never write on GET.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.http import attachment_response
from apps.core.progress import progress_response
from apps.core.views import TenantMixin, form_add_service_errors

from . import selectors_aturan as sel
from .aturan.diff import konfigurasi_banding, perbedaan_ringkas
from .aturan.json_io import aturan_ekspor
from .aturan.talenta import MODEL_LABEL, PRESET_LABEL, TALENTA
from .aturan.tampilan import aturan_tampilan
from .forms_aturan import AktifkanForm, AturanForm, BandingForm, ImporForm, PengaturanForm, SalinForm
from .labels import penyebab_label
from .models import AturanTalenta
from .periode import periode_sekarang
from .selectors import aturan_aktif, hitung_ulang_get, hitung_ulang_progress, pengaturan_talenta_get
from .services_aturan import (
    aturan_aktifkan,
    aturan_hapus,
    aturan_impor,
    aturan_salin,
    aturan_ubah,
    hitung_ulang_manual,
    pengaturan_talenta_ubah,
)


class _AturanMixin(TenantMixin):
    """Pages of one version (`pk` in the URL). Looked up after the permission check of dispatch:
    refused roles get 403 whether or not the version exists."""

    @cached_property
    def aturan(self) -> AturanTalenta:
        aturan = sel.aturan_get(instansi=self.instansi, pk=self.kwargs["pk"])
        if aturan is None:
            raise Http404(_("Versi aturan tidak ditemukan."))
        return aturan


# --- reading ----------------------------------------------------------------------------------------


class AturanListView(TenantMixin, TemplateView):
    required_permission = "aturan.view"
    template_name = "petatalenta/aturan/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versi = list(sel.aturan_list(instansi=self.instansi))
        aktif = next((a for a in versi if a.status == AturanTalenta.Status.AKTIF), None)
        draf = next((a for a in versi if a.status == AturanTalenta.Status.DRAF), None)
        banding_awal = {}
        if aktif and draf:
            banding_awal = {"a": str(aktif.pk), "b": str(draf.pk)}
        elif len(versi) >= 2:
            banding_awal = {"a": str(versi[1].pk), "b": str(versi[0].pk)}
        context.update(
            versi=versi,
            aktif=aktif,
            jobs=sel.hitung_ulang_terbaru(instansi=self.instansi),
            banding_form=BandingForm(initial=banding_awal, versi=versi) if len(versi) >= 2 else None,
            periode=periode_sekarang(),
            preset_label=PRESET_LABEL["berbobot"],
        )
        return context


class AturanDetailView(_AturanMixin, TemplateView):
    required_permission = "aturan.view"
    template_name = "petatalenta/aturan/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aturan = self.aturan
        aktif = aturan_aktif(instansi=self.instansi)
        context.update(
            aturan=aturan,
            aktif=aktif,
            tampilan=aturan_tampilan(konfigurasi=aturan.konfigurasi),
            alasan_terkunci=sel.aturan_alasan_terkunci(aturan=aturan),
            bisa_dihapus=aturan.status == AturanTalenta.Status.DRAF and not aturan.digunakan,
        )
        return context


class AturanEksporView(_AturanMixin, View):
    required_permission = "aturan.view"

    def get(self, request, *args, **kwargs):
        aturan = self.aturan
        return attachment_response(
            aturan_ekspor(aturan=aturan, katalog=TALENTA),
            filename=f"aturan-talenta-{self.instansi.kode}-v{aturan.versi}.json",
            content_type="application/json; charset=utf-8",
            personal=False,
        )


class AturanBandingView(TenantMixin, TemplateView):
    """Two versions side by side, setting by setting (?a=<pk>&b=<pk>; ?semua=1 shows the unchanged
    settings too). An id that is not one of the instansi's versions is a 404."""

    required_permission = "aturan.view"
    template_name = "petatalenta/aturan/banding.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versi = list(sel.aturan_list(instansi=self.instansi))
        params = self.request.GET
        a = b = None
        if params.get("a") or params.get("b"):
            a = sel.aturan_get(instansi=self.instansi, pk=params.get("a"))
            b = sel.aturan_get(instansi=self.instansi, pk=params.get("b"))
            if a is None or b is None:
                raise Http404(_("Versi aturan tidak ditemukan."))
        semua = params.get("semua") == "1"
        perbedaan = (
            konfigurasi_banding(lama=a.konfigurasi, baru=b.konfigurasi, katalog=TALENTA) if a and b else []
        )
        context.update(
            versi=versi,
            form=BandingForm(initial={"a": params.get("a"), "b": params.get("b")}, versi=versi),
            a=a,
            b=b,
            semua=semua,
            perbedaan=perbedaan if semua else perbedaan_ringkas(perbedaan),
            jumlah_berubah=sum(1 for p in perbedaan if p.berubah),
        )
        return context


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


class AturanSalinView(TenantMixin, FormView):
    """A new draf from a national preset or one of the instansi's versions (?sumber= preselects)."""

    required_permission = "aturan.manage"
    template_name = "petatalenta/aturan/salin.html"
    form_class = SalinForm

    @cached_property
    def versi(self):
        return list(sel.aturan_list(instansi=self.instansi))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["versi"] = self.versi
        return kwargs

    def get_initial(self):
        sumber = self.request.GET.get("sumber", "preset:berbobot")
        nama = ""
        jenis, _titik, nilai = sumber.partition(":")
        if jenis == "preset" and nilai in PRESET_LABEL:
            nama = str(PRESET_LABEL[nilai])
        elif jenis == "versi":
            asli = next((a for a in self.versi if str(a.pk) == nilai), None)
            if asli is None:
                sumber = "preset:berbobot"
                nama = str(PRESET_LABEL["berbobot"])
            else:
                nama = asli.nama
        return {"sumber": sumber, "nama": nama}

    def form_valid(self, form):
        try:
            aturan = aturan_salin(
                instansi=self.instansi,
                actor=self.actor.user,
                sumber=form.cleaned_data["sumber"],
                nama=form.cleaned_data["nama"],
                catatan=form.cleaned_data["catatan"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Draf versi %(v)s dibuat. Sesuaikan setelannya lalu simpan; draf belum berlaku sampai diaktifkan."
            )
            % {"v": aturan.versi},
        )
        return redirect("petatalenta:aturan_ubah", pk=aturan.pk)


class AturanUbahView(_AturanMixin, FormView):
    """Edit a draf. An aktif, archived or used version shows why it cannot change instead."""

    required_permission = "aturan.manage"
    template_name = "petatalenta/aturan/ubah.html"
    form_class = AturanForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["konfigurasi"] = self.aturan.konfigurasi
        return kwargs

    def get_initial(self):
        return {"nama": self.aturan.nama, "catatan": self.aturan.catatan}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            aturan=self.aturan,
            alasan_terkunci=sel.aturan_alasan_terkunci(aturan=self.aturan),
            model_label=MODEL_LABEL.get(context["form"].model, ""),
        )
        return context

    def form_valid(self, form):
        try:
            aturan = aturan_ubah(
                instansi=self.instansi,
                actor=self.actor.user,
                aturan_id=self.aturan.pk,
                nama=form.cleaned_data["nama"],
                catatan=form.cleaned_data["catatan"],
                konfigurasi=form.cleaned_data["konfigurasi"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Draf versi %(v)s disimpan.") % {"v": aturan.versi})
        return redirect("petatalenta:aturan_detail", pk=aturan.pk)


class AturanImporView(TenantMixin, FormView):
    required_permission = "aturan.manage"
    template_name = "petatalenta/aturan/impor.html"
    form_class = ImporForm

    def form_valid(self, form):
        berkas = form.cleaned_data["berkas"]
        try:
            aturan = aturan_impor(
                instansi=self.instansi,
                actor=self.actor.user,
                data=berkas.read(),
                nama_berkas=berkas.name,
                nama=form.cleaned_data["nama"],
            )
        except ValidationError as error:
            for pesan in error.messages:
                form.add_error("berkas", pesan)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Berkas dibaca tanpa masalah: draf versi %(v)s dibuat. Periksa lalu aktifkan bila sesuai.")
            % {"v": aturan.versi},
        )
        return redirect("petatalenta:aturan_detail", pk=aturan.pk)


class AturanAktifkanView(_AturanMixin, FormView):
    """GET: what activating will do (the diff against the active version, how many pegawai will be
    recomputed) and a confirmation box; POST: activate and go to the progress page."""

    required_permission = "aturan.manage"
    template_name = "petatalenta/aturan/aktifkan.html"
    form_class = AktifkanForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aturan = self.aturan
        aktif = aturan_aktif(instansi=self.instansi)
        perbedaan = []
        if aktif is not None and aktif.pk != aturan.pk:
            perbedaan = perbedaan_ringkas(
                konfigurasi_banding(lama=aktif.konfigurasi, baru=aturan.konfigurasi, katalog=TALENTA)
            )
        context.update(
            aturan=aturan,
            aktif=aktif,
            perbedaan=perbedaan,
            jumlah_pegawai=sel.pegawai_aktif_jumlah(instansi=self.instansi),
            periode=periode_sekarang(),
            sudah_aktif=aturan.status == AturanTalenta.Status.AKTIF,
        )
        return context

    def form_valid(self, form):
        try:
            job = aturan_aktifkan(instansi=self.instansi, actor=self.actor.user, aturan_id=self.aturan.pk)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Versi %(v)s sekarang aktif. Penempatan %(n)s pegawai sedang dihitung ulang.")
            % {"v": self.aturan.versi, "n": job.total},
        )
        return redirect("petatalenta:hitung_ulang_detail", uuid=job.uuid)


class AturanHapusView(_AturanMixin, View):
    required_permission = "aturan.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        aturan = self.aturan
        try:
            aturan_hapus(instansi=self.instansi, actor=self.actor.user, aturan_id=aturan.pk)
        except ValidationError as error:
            for pesan in error.messages:
                messages.error(request, pesan)
            return redirect("petatalenta:aturan_detail", pk=aturan.pk)
        messages.success(request, _("Draf versi %(v)s dihapus.") % {"v": aturan.versi})
        return redirect("petatalenta:aturan_list")


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
