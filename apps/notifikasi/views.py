"""The inbox (`notifikasi.own`): the caller's own notifications, unread first marked; mark one read
and follow its link (internal paths only), mark all read. Another user's or another instansi's
notification answers 404 like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from apps.core.views import PermissionRequiredMixin

from .selectors import notifikasi_belum_dibaca_count, notifikasi_list, preferensi_list, tautan_internal
from .services import notifikasi_baca, notifikasi_baca_semua
from .services_pengingat import preferensi_notifikasi_simpan


class NotifikasiListView(PermissionRequiredMixin, ListView):
    required_permission = "notifikasi.own"
    template_name = "notifikasi/list.html"
    context_object_name = "notifikasi_list"
    paginate_by = 25

    def get_queryset(self):
        return notifikasi_list(instansi=self.actor.instansi, user=self.actor.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jumlah_belum_dibaca"] = notifikasi_belum_dibaca_count(
            instansi=self.actor.instansi, user=self.actor.user
        )
        return context


class NotifikasiBacaView(PermissionRequiredMixin, View):
    """POST: mark read, then go to the notification's page (or back to the inbox)."""

    required_permission = "notifikasi.own"

    def post(self, request, pk: int):
        if self.actor.instansi is None:
            # An account without an instansi has no notifications at all: nothing to mark.
            messages.info(request, _("Tidak ada notifikasi untuk akun Anda."))
            return redirect("notifikasi:list")
        row = notifikasi_list(instansi=self.actor.instansi, user=self.actor.user).filter(pk=pk).first()
        if row is None:
            raise Http404
        notifikasi_baca(notifikasi=row, user=self.actor.user)
        return redirect(tautan_internal(row.tautan) or "notifikasi:list")


class NotifikasiBacaSemuaView(PermissionRequiredMixin, View):
    required_permission = "notifikasi.own"

    def post(self, request):
        if self.actor.instansi is not None:
            jumlah = notifikasi_baca_semua(instansi=self.actor.instansi, user=self.actor.user)
            if jumlah:
                messages.success(
                    request, _("%(jumlah)s notifikasi ditandai sudah dibaca.") % {"jumlah": jumlah}
                )
        return redirect("notifikasi:list")


class PreferensiView(PermissionRequiredMixin, TemplateView):
    """The user's choice per kind of notification: in the inbox and/or by e-mail. Only the kinds the
    user's role receives are listed; a checkbox left empty turns that channel off."""

    required_permission = "notifikasi.own"
    template_name = "notifikasi/preferensi.html"

    def baris(self) -> list[dict]:
        return preferensi_list(instansi=self.actor.instansi, user=self.actor.user, peran=self.actor.role)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["baris"] = self.baris()
        context["email_akun"] = self.actor.user.email
        return context

    def post(self, request):
        baris = self.baris()
        if not baris:
            messages.info(request, _("Tidak ada notifikasi untuk akun Anda."))
            return redirect("notifikasi:preferensi")
        pilihan = {
            b["jenis"]: (f"{b['jenis']}:kotak_masuk" in request.POST, f"{b['jenis']}:email" in request.POST)
            for b in baris
        }
        preferensi_notifikasi_simpan(instansi=self.actor.instansi, user=self.actor.user, pilihan=pilihan)
        messages.success(request, _("Preferensi notifikasi disimpan."))
        return redirect("notifikasi:preferensi")
