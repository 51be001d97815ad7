"""Succession rule-set pages (/suksesi/aturan/...): the pages every kind of rule set has
(apps/petatalenta/aturan/views.py, driven by services_aturan.JENIS_SUKSESI), with what activation
does to the key posts. suksesi.view reads, suksesi.manage writes; another instansi's version
answers 404 like an unknown id."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.petatalenta.aturan import views as umum

from .forms_aturan import AKTIFKAN_LABEL
from .selectors_aturan import jabatan_kunci_aktif_jumlah


class AturanAktifkanView(umum.AturanAktifkanView):
    aktifkan_label = AKTIFKAN_LABEL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jumlah_jabatan_kunci"] = jabatan_kunci_aktif_jumlah(instansi=self.instansi)
        return context

    def aktif_berhasil(self, hasil):
        messages.success(
            self.request,
            _("Versi %(v)s sekarang aktif. Daftar calon suksesor %(n)s jabatan kunci sedang dihitung ulang.")
            % {"v": self.aturan.versi, "n": hasil},
        )
        return redirect(self.jenis.url("detail"), pk=self.aturan.pk)
