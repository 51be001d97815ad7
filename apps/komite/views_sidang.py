"""Pages of committee sessions under /komite/sidang/ (namespace "komite"). Reading needs
`komite.view`; every change `komite.sekretariat`. Thin: parse with a form, call one service of
services_sidang.py, show its ValidationError and change nothing. A session of another instansi
answers 404 like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.views import FilteredListView, TenantFormMixin, TenantMixin

from . import selectors_sidang as selectors
from .forms_sidang import AgendaForm, KehadiranForm, SidangFilterForm, SidangForm, TutupForm
from .models import AgendaSidang
from .selectors import kuorum_status
from .services_sidang import (
    agenda_hapus,
    agenda_tambah,
    kehadiran_catat,
    sidang_buat,
    sidang_hapus,
    sidang_lanjutan_buat,
    sidang_mulai,
    sidang_tutup,
    sidang_ubah,
    sidang_undang,
)


def _pesan_galat(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class SidangListView(FilteredListView):
    required_permission = "komite.view"
    template_name = "komite/sidang/list.html"
    context_object_name = "sidang_list"
    filter_form_class = SidangFilterForm
    list_selector = staticmethod(selectors.sidang_list)
    paginate_by = 25


class SidangObjectMixin(TenantMixin):
    """Pages of one session of the caller's instansi (after the permission check)."""

    @cached_property
    def sidang(self):
        sidang = selectors.sidang_get(instansi=self.instansi, pk=self.kwargs["pk"])
        if sidang is None:
            raise Http404
        return sidang

    def get_context_data(self, **kwargs):
        return super().get_context_data(sidang=self.sidang, **kwargs)

    def ke_detail(self):
        return redirect("komite:sidang_detail", pk=self.sidang.pk)


class SidangTambahView(TenantFormMixin, TenantMixin, FormView):
    required_permission = "komite.sekretariat"
    template_name = "komite/sidang/form.html"
    form_class = SidangForm

    def form_valid(self, form):
        try:
            sidang = sidang_buat(instansi=self.instansi, actor=self.actor.user, **form.cleaned_data)
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(self.request, _("Sidang dibuat sebagai draf. Tambahkan agendanya."))
        return redirect("komite:sidang_detail", pk=sidang.pk)


class SidangUbahView(TenantFormMixin, SidangObjectMixin, FormView):
    required_permission = "komite.sekretariat"
    template_name = "komite/sidang/form.html"
    form_class = SidangForm

    def get_initial(self):
        s = self.sidang
        return {
            "judul": s.judul,
            "nomor": s.nomor,
            "periode": s.periode,
            "tanggal": s.tanggal,
            "waktu": s.waktu,
            "tempat": s.tempat,
        }

    def form_valid(self, form):
        try:
            sidang_ubah(sidang=self.sidang, actor=self.actor.user, **form.cleaned_data)
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(self.request, _("Perubahan sidang disimpan."))
        return self.ke_detail()


class SidangHapusView(SidangObjectMixin, TemplateView):
    required_permission = "komite.sekretariat"
    template_name = "komite/sidang/hapus.html"

    def post(self, request, *args, **kwargs):
        try:
            sidang_hapus(sidang=self.sidang, actor=self.actor.user)
        except ValidationError as error:
            _pesan_galat(request, error)
            return self.ke_detail()
        messages.success(request, _("Draf sidang %(judul)s dihapus.") % {"judul": self.sidang.judul})
        return redirect("komite:sidang_list")


class SidangDetailView(SidangObjectMixin, TemplateView):
    required_permission = "komite.view"
    template_name = "komite/sidang/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agenda = selectors.agenda_list(sidang=self.sidang)
        belum = sum(1 for a in agenda if not a.sudah_diputuskan)
        kehadiran = selectors.kehadiran_list(sidang=self.sidang)
        context.update(
            agenda_list=agenda,
            kehadiran_list=kehadiran,
            jumlah_hadir=sum(1 for k in kehadiran if k.hadir),
            kuorum=kuorum_status(sidang=self.sidang),
            langkah_berikut=selectors.sidang_langkah_berikut(
                sidang=self.sidang, jumlah_agenda=len(agenda), belum_diputuskan=belum
            ),
            belum_diputuskan=belum,
            lanjutan=self.sidang.lanjutan.order_by("pk").first(),
        )
        return context


class AgendaTambahView(TenantFormMixin, SidangObjectMixin, FormView):
    required_permission = "komite.sekretariat"
    template_name = "komite/sidang/agenda_form.html"
    form_class = AgendaForm

    def get_initial(self):
        return {"jenis": self.request.GET.get("jenis") or AgendaSidang.Jenis.TINJAU_PETA}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        context["q"] = q
        context["hasil_cari"] = (
            selectors.pegawai_kalibrasi_cari(instansi=self.instansi, periode=self.sidang.periode, q=q)
            if q
            else None
        )
        return context

    def form_valid(self, form):
        try:
            agenda = agenda_tambah(sidang=self.sidang, actor=self.actor.user, **form.service_kwargs())
        except ValidationError as error:
            return self.service_error(form, error)
        messages.success(
            self.request,
            _("Agenda %(urutan)s ditambahkan: %(jenis)s.")
            % {"urutan": agenda.urutan, "jenis": agenda.get_jenis_display()},
        )
        return self.ke_detail()


class AgendaHapusView(SidangObjectMixin, View):
    required_permission = "komite.sekretariat"

    def post(self, request, *args, **kwargs):
        agenda = AgendaSidang.objects.filter(
            instansi=self.instansi, sidang=self.sidang, pk=self.kwargs["agenda_pk"]
        ).first()
        if agenda is None:
            raise Http404
        try:
            agenda_hapus(agenda=agenda, actor=self.actor.user)
        except ValidationError as error:
            _pesan_galat(request, error)
        else:
            messages.success(request, _("Agenda %(urutan)s dihapus.") % {"urutan": agenda.urutan})
        return self.ke_detail()


class _AksiView(SidangObjectMixin, View):
    """A POST button on the session page that calls one service and returns to the page."""

    required_permission = "komite.sekretariat"
    pesan_berhasil = ""

    def jalankan(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            hasil = self.jalankan()
        except ValidationError as error:
            _pesan_galat(request, error)
            return self.ke_detail()
        messages.success(request, self.pesan(hasil))
        return self.ke_detail()

    def pesan(self, hasil) -> str:
        return str(self.pesan_berhasil)


class SidangUndangView(_AksiView):
    def jalankan(self):
        return sidang_undang(sidang=self.sidang, actor=self.actor.user)

    def pesan(self, hasil) -> str:
        return _("Undangan dikirim kepada %(n)s anggota (notifikasi dan e-mail).") % {"n": len(hasil)}


class SidangMulaiView(_AksiView):
    def jalankan(self):
        return sidang_mulai(sidang=self.sidang, actor=self.actor.user)

    def pesan(self, hasil) -> str:
        return _("Sidang dimulai. Anggota yang hadir dapat mencatat keputusan.")


class SidangLanjutanView(_AksiView):
    def post(self, request, *args, **kwargs):
        try:
            baru = sidang_lanjutan_buat(sidang_asal=self.sidang, actor=self.actor.user)
        except ValidationError as error:
            _pesan_galat(request, error)
            return self.ke_detail()
        messages.success(request, _("Sidang lanjutan dibuat sebagai draf dengan agenda yang sama."))
        return redirect("komite:sidang_detail", pk=baru.pk)


class KehadiranView(SidangObjectMixin, FormView):
    required_permission = "komite.sekretariat"
    template_name = "komite/sidang/kehadiran.html"
    form_class = KehadiranForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kehadiran": selectors.kehadiran_list(sidang=self.sidang)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kuorum=kuorum_status(sidang=self.sidang), **kwargs)

    def form_valid(self, form):
        try:
            kehadiran_catat(sidang=self.sidang, actor=self.actor.user, hadir=form.hadir())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        kuorum = kuorum_status(sidang=self.sidang)
        messages.success(
            self.request,
            _("Kehadiran dicatat. Sidang sudah kuorum.")
            if kuorum.tercapai
            else _("Kehadiran dicatat. ") + kuorum.alasan,
        )
        return self.ke_detail()


class SidangTutupView(SidangObjectMixin, FormView):
    required_permission = "komite.sekretariat"
    template_name = "komite/sidang/tutup.html"
    form_class = TutupForm

    def get_context_data(self, **kwargs):
        agenda = selectors.agenda_list(sidang=self.sidang)
        return super().get_context_data(belum=[a for a in agenda if not a.sudah_diputuskan], **kwargs)

    def form_valid(self, form):
        try:
            sidang_tutup(sidang=self.sidang, actor=self.actor.user, catatan=form.cleaned_data["catatan"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Sidang ditutup dan diteruskan kepada PPK untuk penetapan."))
        return self.ke_detail()
