"""Rule-set pages of any kind (a `jenis.JenisAturan`, given to `as_view(jenis=...)` by
`aturan.urls.aturan_urlpatterns`): versions, one version's configuration, clone, edit, JSON export
and import, the diff of two versions, activation, deleting a draf.

Reading needs the kind's view permission, writing its manage permission. A version is looked up by
its id inside the caller's instansi: another instansi's version answers 404 exactly like a missing
one. Pages never write on GET. Templates are the kind's own (`<template_folder>/<name>`) where it
has one, else the generic ones in templates/aturan/.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.progress import progress_response
from apps.core.services import audit_event_record
from apps.core.spreadsheets import XlsxSheet, xlsx_write
from apps.core.views import TenantMixin, form_add_service_errors

from . import pratinjau, services
from . import selectors as sel
from .diff import konfigurasi_banding, perbedaan_ringkas
from .forms import AktifkanForm, BandingForm, ImporForm, SalinForm
from .jenis import JenisAturan
from .json_io import aturan_ekspor


class JenisMixin(TenantMixin):
    """A page of one kind of rule set: its permission, its templates, its words in the context."""

    jenis: JenisAturan | None = None
    kelola = False  # True: the kind's manage permission, else its view permission
    template_nama = ""

    @property
    def required_permission(self) -> str:
        return self.jenis.izin_kelola if self.kelola else self.jenis.izin_lihat

    def get_template_names(self):
        return self.jenis.template(self.template_nama)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(jenis=self.jenis, rute=self.jenis.rute)
        return context

    @cached_property
    def versi(self) -> list:
        return list(sel.aturan_list(jenis=self.jenis, instansi=self.instansi))


class VersiMixin(JenisMixin):
    """Pages of one version (`pk` in the URL). Looked up after the permission check of dispatch:
    refused roles get 403 whether or not the version exists."""

    @cached_property
    def aturan(self):
        aturan = sel.aturan_get(jenis=self.jenis, instansi=self.instansi, pk=self.kwargs["pk"])
        if aturan is None:
            raise Http404(_("Versi aturan tidak ditemukan."))
        return aturan


# --- reading ----------------------------------------------------------------------------------------


class AturanListView(JenisMixin, TemplateView):
    template_nama = "list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versi = self.versi
        Status = self.jenis.model.Status
        aktif = next((a for a in versi if a.status == Status.AKTIF), None)
        draf = next((a for a in versi if a.status == Status.DRAF), None)
        banding_awal = {}
        if aktif and draf:
            banding_awal = {"a": str(aktif.pk), "b": str(draf.pk)}
        elif len(versi) >= 2:
            banding_awal = {"a": str(versi[1].pk), "b": str(versi[0].pk)}
        context.update(
            versi=versi,
            aktif=aktif,
            banding_form=BandingForm(initial=banding_awal, versi=versi) if len(versi) >= 2 else None,
            preset_label=self.jenis.preset_label[self.jenis.preset_awal],
        )
        return context


class AturanDetailView(VersiMixin, TemplateView):
    template_nama = "detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aturan = self.aturan
        ada_pratinjau = (
            self.jenis.pratinjau_hitung is not None and aturan.status != self.jenis.model.Status.AKTIF
        )
        terkini = (
            pratinjau.pratinjau_terkini(jenis=self.jenis, instansi=self.instansi, aturan=aturan)
            if ada_pratinjau
            else None
        )
        context.update(
            aturan=aturan,
            aktif=sel.aturan_aktif(jenis=self.jenis, instansi=self.instansi),
            alasan_terkunci=sel.aturan_alasan_terkunci(jenis=self.jenis, aturan=aturan),
            bisa_dihapus=aturan.status == self.jenis.model.Status.DRAF and not aturan.digunakan,
            pratinjau_ada=ada_pratinjau,
            pratinjau=terkini,
            pratinjau_siap=terkini is not None and terkini.status == pratinjau.Status.SELESAI,
            **self.konfigurasi_konteks(),
        )
        return context

    def konfigurasi_konteks(self) -> dict:
        """The configuration laid out for reading; a kind with a display of its own overrides this
        (and the template block "konfigurasi")."""
        return {"setelan": sel.aturan_setelan_tampil(jenis=self.jenis, konfigurasi=self.aturan.konfigurasi)}


class AturanEksporView(VersiMixin, View):
    def get(self, request, *args, **kwargs):
        aturan = self.aturan
        return attachment_response(
            aturan_ekspor(aturan=aturan, katalog=self.jenis.katalog),
            filename=f"aturan-{self.jenis.kode}-{self.instansi.kode}-v{aturan.versi}.json",
            content_type="application/json; charset=utf-8",
            personal=False,
        )


class AturanBandingView(JenisMixin, TemplateView):
    """Two versions side by side, setting by setting (?a=<pk>&b=<pk>; ?semua=1 shows the unchanged
    settings too). An id that is not one of the instansi's versions is a 404."""

    template_nama = "banding.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        a = b = None
        if params.get("a") or params.get("b"):
            a = sel.aturan_get(jenis=self.jenis, instansi=self.instansi, pk=params.get("a"))
            b = sel.aturan_get(jenis=self.jenis, instansi=self.instansi, pk=params.get("b"))
            if a is None or b is None:
                raise Http404(_("Versi aturan tidak ditemukan."))
        semua = params.get("semua") == "1"
        perbedaan = (
            konfigurasi_banding(lama=a.konfigurasi, baru=b.konfigurasi, katalog=self.jenis.katalog)
            if a and b
            else []
        )
        context.update(
            versi=self.versi,
            form=BandingForm(initial={"a": params.get("a"), "b": params.get("b")}, versi=self.versi),
            a=a,
            b=b,
            semua=semua,
            perbedaan=perbedaan if semua else perbedaan_ringkas(perbedaan),
            jumlah_berubah=sum(1 for p in perbedaan if p.berubah),
        )
        return context


# --- writing ----------------------------------------------------------------------------------------


class AturanSalinView(JenisMixin, FormView):
    """A new draf from a national preset or one of the instansi's versions (?sumber= preselects)."""

    kelola = True
    template_nama = "salin.html"
    form_class = SalinForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(versi=self.versi, preset_label=self.jenis.preset_label)
        return kwargs

    def get_initial(self):
        awal = f"preset:{self.jenis.preset_awal}"
        sumber = self.request.GET.get("sumber", awal)
        nama = ""
        asal_jenis, _titik, nilai = sumber.partition(":")
        if asal_jenis == "preset" and nilai in self.jenis.preset_label:
            nama = str(self.jenis.preset_label[nilai])
        elif asal_jenis == "versi":
            asli = next((a for a in self.versi if str(a.pk) == nilai), None)
            if asli is None:
                sumber, nama = awal, str(self.jenis.preset_label[self.jenis.preset_awal])
            else:
                nama = asli.nama
        return {"sumber": sumber, "nama": nama}

    def form_valid(self, form):
        try:
            aturan = services.aturan_salin(
                jenis=self.jenis,
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
        return redirect(self.jenis.url("ubah"), pk=aturan.pk)


class AturanUbahView(VersiMixin, FormView):
    """Edit a draf with the kind's editor form (`form_class`, an aturan.forms.AturanFormBase). An
    aktif, archived or used version shows why it cannot change instead."""

    kelola = True
    template_nama = "ubah.html"

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
            alasan_terkunci=sel.aturan_alasan_terkunci(jenis=self.jenis, aturan=self.aturan),
        )
        return context

    def form_valid(self, form):
        try:
            aturan = services.aturan_ubah(
                jenis=self.jenis,
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
        return redirect(self.jenis.url("detail"), pk=aturan.pk)


class AturanImporView(JenisMixin, FormView):
    kelola = True
    template_nama = "impor.html"
    form_class = ImporForm

    def form_valid(self, form):
        berkas = form.cleaned_data["berkas"]
        try:
            aturan = services.aturan_impor(
                jenis=self.jenis,
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
        return redirect(self.jenis.url("detail"), pk=aturan.pk)


class AturanAktifkanView(VersiMixin, FormView):
    """GET: what activating will do (the diff against the active version, and what the kind
    recomputes) and a confirmation box; POST: activate, then `aktif_berhasil`."""

    kelola = True
    template_nama = "aktifkan.html"
    aktifkan_label = ""  # the confirmation box's label (the kind's words)

    @cached_property
    def pratinjau(self):
        """The current impact preview of this version (finished or not), or None."""
        if self.jenis.pratinjau_hitung is None:
            return None
        return pratinjau.pratinjau_terkini(jenis=self.jenis, instansi=self.instansi, aturan=self.aturan)

    def get_form(self, form_class=None):
        return AktifkanForm(
            label=self.aktifkan_label,
            pratinjau_wajib=self.jenis.pratinjau_hitung is not None,
            **self.get_form_kwargs(),
        )

    def get_initial(self):
        initial = super().get_initial()
        if self.pratinjau is not None and self.pratinjau.status == pratinjau.Status.SELESAI:
            initial["pratinjau"] = self.pratinjau.uuid
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aturan = self.aturan
        aktif = sel.aturan_aktif(jenis=self.jenis, instansi=self.instansi)
        perbedaan = []
        if aktif is not None and aktif.pk != aturan.pk:
            perbedaan = perbedaan_ringkas(
                konfigurasi_banding(
                    lama=aktif.konfigurasi, baru=aturan.konfigurasi, katalog=self.jenis.katalog
                )
            )
        context.update(
            aturan=aturan,
            aktif=aktif,
            perbedaan=perbedaan,
            sudah_aktif=aturan.status == self.jenis.model.Status.AKTIF,
            pratinjau_ada=self.jenis.pratinjau_hitung is not None,
            pratinjau=self.pratinjau,
            pratinjau_siap=self.pratinjau is not None and self.pratinjau.status == pratinjau.Status.SELESAI,
        )
        return context

    def form_valid(self, form):
        try:
            hasil = services.aturan_aktifkan(
                jenis=self.jenis,
                instansi=self.instansi,
                actor=self.actor.user,
                aturan_id=self.aturan.pk,
                pratinjau_uuid=form.cleaned_data.get("pratinjau"),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        return self.aktif_berhasil(hasil)

    def aktif_berhasil(self, hasil):
        messages.success(self.request, _("Versi %(v)s sekarang aktif.") % {"v": self.aturan.versi})
        return redirect(self.jenis.url("detail"), pk=self.aturan.pk)


class AturanHapusView(VersiMixin, View):
    kelola = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        aturan = self.aturan
        try:
            services.aturan_hapus(
                jenis=self.jenis, instansi=self.instansi, actor=self.actor.user, aturan_id=aturan.pk
            )
        except ValidationError as error:
            for pesan in error.messages:
                messages.error(request, pesan)
            return redirect(self.jenis.url("detail"), pk=aturan.pk)
        messages.success(request, _("Draf versi %(v)s dihapus.") % {"v": aturan.versi})
        return redirect(self.jenis.url("list"))


# --- impact preview (aturan/pratinjau.py) --------------------------------------------------------------


class PratinjauMixin(VersiMixin):
    """Pages of a version's impact preview: readable with the kind's view permission (the Komite
    reads what it is asked to approve), started with its manage permission."""

    def dispatch(self, request, *args, **kwargs):
        if self.jenis.pratinjau_hitung is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def job(self):
        job = pratinjau.pratinjau_get(
            jenis=self.jenis, instansi=self.instansi, aturan=self.aturan, uuid=self.kwargs["uuid"]
        )
        if job is None:
            raise Http404(_("Pratinjau tidak ditemukan."))
        return job


class AturanPratinjauView(PratinjauMixin, TemplateView):
    """GET /<pk>/pratinjau/: the newest preview of the version, or the button that starts one."""

    template_nama = "pratinjau_mulai.html"

    def get(self, request, *args, **kwargs):
        terakhir = pratinjau.pratinjau_terakhir(jenis=self.jenis, instansi=self.instansi, aturan=self.aturan)
        if terakhir is not None:
            return redirect(self.jenis.url("pratinjau_detail"), pk=self.aturan.pk, uuid=terakhir.uuid)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(aturan=self.aturan, aktif=sel.aturan_aktif(jenis=self.jenis, instansi=self.instansi))
        return context


class AturanPratinjauMulaiView(PratinjauMixin, View):
    """POST /<pk>/pratinjau/mulai/: queue a preview (or open the one still running)."""

    kelola = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            job, baru = pratinjau.pratinjau_mulai(
                jenis=self.jenis, instansi=self.instansi, actor=self.actor.user, aturan_id=self.aturan.pk
            )
        except ValidationError as error:
            for pesan in error.messages:
                messages.error(request, pesan)
            return redirect(self.jenis.url("detail"), pk=self.aturan.pk)
        if not baru:
            messages.info(request, _("Pratinjau versi ini sedang dihitung; kemajuannya ada di bawah."))
        return redirect(self.jenis.url("pratinjau_detail"), pk=self.aturan.pk, uuid=job.uuid)


class AturanPratinjauDetailView(PratinjauMixin, TemplateView):
    """GET /<pk>/pratinjau/<uuid>/: the progress bar while the worker computes (static/js/progress.js
    polls status.json), then the kind's page of the result (`jenis.pratinjau_konteks`)."""

    template_nama = "pratinjau.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        selesai = job.status == pratinjau.Status.SELESAI
        context.update(
            aturan=self.aturan,
            aktif=sel.aturan_aktif(jenis=self.jenis, instansi=self.instansi),
            pratinjau=job,
            selesai=selesai,
            gagal=job.status == pratinjau.Status.GAGAL,
            terkini=pratinjau.pratinjau_masih_terkini(
                jenis=self.jenis, instansi=self.instansi, aturan=self.aturan, pratinjau=job
            ),
            persen=pratinjau.pratinjau_persen(job),
            teks=pratinjau.pratinjau_teks(job),
        )
        if selesai:
            context.update(
                self.jenis.pratinjau_konteks(instansi=self.instansi, pratinjau=job, params=self.request.GET)
            )
        return context


class AturanPratinjauStatusView(PratinjauMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        job = self.job
        return progress_response(
            selesai=job.status in (pratinjau.Status.SELESAI, pratinjau.Status.GAGAL),
            done=job.done,
            total=job.total,
            persen=pratinjau.pratinjau_persen(job),
            teks=pratinjau.pratinjau_teks(job),
        )


class AturanPratinjauXlsxView(PratinjauMixin, View):
    """GET /<pk>/pratinjau/<uuid>/perubahan.xlsx: every change, with the page's filters. Personal
    data leaves the system: the download is audited."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        job = self.job
        if job.status != pratinjau.Status.SELESAI or self.jenis.pratinjau_xlsx is None:
            raise Http404
        headers, rows = self.jenis.pratinjau_xlsx(instansi=self.instansi, pratinjau=job, params=request.GET)
        content = xlsx_write([XlsxSheet(title=str(_("Perubahan")), headers=headers, rows=rows)])
        audit_event_record(
            action=f"{self.jenis.audit_awalan}.pratinjau_unduh",
            instansi=self.instansi,
            actor=self.actor.user,
            target=self.aturan,
            new_values={"pratinjau": str(job.uuid), "baris": len(rows)},
        )
        return attachment_response(
            content,
            filename=f"pratinjau-{self.jenis.kode}-v{self.aturan.versi}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
