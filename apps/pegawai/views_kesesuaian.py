"""Kesesuaian bidang pendidikan (portfolio.verify): approved education items and the verifier's
judgement whether the field of study fits the pegawai's current jabatan, one by one or in bulk."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from apps.core.views import PermissionRequiredMixin

from .selectors_kesesuaian import pendidikan_kesesuaian_daftar, pendidikan_kesesuaian_jumlah
from .selectors_portfolio import unit_kerja_pilihan
from .services_kesesuaian import pendidikan_kesesuaian_set

PER_HALAMAN = 50
PARAMS = ("status", "unit_kerja", "cari", "page")
STATUS_LABEL = {
    "belum": gettext_lazy("Belum dinilai"),
    "sesuai": gettext_lazy("Sesuai jabatan"),
    "tidak_sesuai": gettext_lazy("Tidak sesuai"),
    "semua": gettext_lazy("Semua"),
}


class KesesuaianFilterForm(forms.Form):
    unit_kerja = forms.ModelChoiceField(
        label=gettext_lazy("Unit kerja"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Semua unit kerja"),
    )
    cari = forms.CharField(
        label=gettext_lazy("Cari nama, NIP atau jurusan"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, unit_kerja_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = unit_kerja_queryset


def _status(value: str | None) -> str:
    return value if value in STATUS_LABEL else "belum"


class KesesuaianView(PermissionRequiredMixin, TemplateView):
    """GET /verifikasi-kesesuaian/: the list with tabs per state; POST judges the chosen items."""

    required_permission = "portfolio.verify"
    template_name = "pegawai/verifikasi/kesesuaian.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instansi, user = self.actor.instansi, self.actor.user
        status = _status(self.request.GET.get("status"))
        form = KesesuaianFilterForm(
            self.request.GET or None, unit_kerja_queryset=unit_kerja_pilihan(instansi=instansi)
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        queryset = pendidikan_kesesuaian_daftar(
            instansi=instansi,
            verifikator=user,
            status=status,
            unit_kerja=filters.get("unit_kerja"),
            cari=filters.get("cari") or "",
        )
        page_obj = Paginator(queryset, PER_HALAMAN).get_page(self.request.GET.get("page"))
        jumlah = pendidikan_kesesuaian_jumlah(instansi=instansi, verifikator=user)
        context.update(
            {
                "tabs": [
                    {"kode": kode, "label": label, "jumlah": jumlah[kode], "aktif": kode == status}
                    for kode, label in STATUS_LABEL.items()
                ],
                "status": status,
                "filter_form": form,
                "difilter": bool(filters.get("unit_kerja") or filters.get("cari")),
                "page_obj": page_obj,
                "items": page_obj.object_list,
                "kembali_params": [
                    (name, self.request.GET[name]) for name in PARAMS if self.request.GET.get(name)
                ],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        params = [(name, request.POST[name]) for name in PARAMS if request.POST.get(name)]
        url = reverse("pegawai:verifikasi_kesesuaian")
        url = f"{url}?{urlencode(params)}" if params else url
        satu = request.POST.get("satu", "")
        if satu:
            pk, _sep, nilai = satu.partition(":")
            ids, sesuai = [pk], nilai == "1"
        else:
            ids, sesuai = request.POST.getlist("pilih"), request.POST.get("massal") == "1"
        try:
            ids = [int(pk) for pk in ids]
            jumlah = pendidikan_kesesuaian_set(
                instansi=self.actor.instansi, ids=ids, sesuai=sesuai, actor=self.actor.user
            )
        except ValueError:
            messages.error(request, _("Pilihan tidak dikenal; muat ulang halaman."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if sesuai:
                text = ngettext(
                    "%(n)s riwayat pendidikan ditandai sesuai jabatan.",
                    "%(n)s riwayat pendidikan ditandai sesuai jabatan.",
                    jumlah,
                )
            else:
                text = ngettext(
                    "%(n)s riwayat pendidikan ditandai tidak sesuai jabatan.",
                    "%(n)s riwayat pendidikan ditandai tidak sesuai jabatan.",
                    jumlah,
                )
            messages.success(request, text % {"n": jumlah})
        return redirect(url)
