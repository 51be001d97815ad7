"""Pages of the penetapan: the PPK's queue with past answers, one session to set or return, the two
POST targets, and the established results of a period beside the current computed map. Thin: parse
with a form, call one service or selector. Another instansi's session answers 404 like a missing
one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from apps.core.permissions import role_has_permission
from apps.core.views import TenantMixin, form_add_service_errors
from apps.petatalenta.periode import periode_sekarang

from . import selectors_penetapan as selectors
from .forms_penetapan import DitetapkanFilterForm, KembalikanForm, TetapkanForm
from .models import Sidang
from .services_penetapan import penetapan_kembalikan, penetapan_tetapkan


class PenetapanAntrianView(TenantMixin, TemplateView):
    """GET /penetapan/: sessions waiting for the PPK, and the PPK's past answers."""

    required_permission = "komite.view"
    template_name = "komite/penetapan/antrian.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            antrian=selectors.penetapan_antrian(instansi=self.instansi),
            riwayat=selectors.penetapan_riwayat_list(instansi=self.instansi)[:50],
            **kwargs,
        )


class SidangPenetapanMixin(TenantMixin):
    @cached_property
    def sidang(self) -> Sidang:
        sidang = selectors.sidang_penetapan_get(instansi=self.instansi, pk=self.kwargs["sidang_pk"])
        if sidang is None:
            raise Http404
        return sidang


class PenetapanDetailView(SidangPenetapanMixin, TemplateView):
    """GET /penetapan/<sidang_pk>/: the session's decisions, what setting would freeze, and (for
    the PPK, while the session waits) the forms to set or to return it."""

    required_permission = "komite.view"
    template_name = "komite/penetapan/detail.html"

    def get_context_data(self, **kwargs):
        sidang = self.sidang
        penetapan = selectors.penetapan_untuk_sidang(sidang=sidang)
        boleh = (
            sidang.status == Sidang.Status.SELESAI
            and penetapan is None
            and role_has_permission(role=self.actor.role, permission="penetapan.manage")
        )
        kwargs.setdefault("form_tetapkan", TetapkanForm() if boleh else None)
        kwargs.setdefault("form_kembalikan", KembalikanForm() if boleh else None)
        return super().get_context_data(
            sidang=sidang,
            penetapan=penetapan,
            boleh_menjawab=boleh,
            keputusan_list=selectors.keputusan_sidang_list(sidang=sidang),
            ringkasan=selectors.penetapan_ringkasan(sidang=sidang)
            if sidang.status == Sidang.Status.SELESAI
            else None,
            suksesor_list=selectors.suksesor_ditetapkan_list(penetapan=penetapan)
            if penetapan is not None and penetapan.hasil == penetapan.Hasil.DITETAPKAN
            else [],
            **kwargs,
        )


class _JawabView(PenetapanDetailView):
    """POST targets: on a refusal the detail page is shown again with the message; nothing changes."""

    required_permission = "penetapan.manage"
    http_method_names = ["post"]
    form_class: type
    form_key: str

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                pesan = self.simpan(form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, pesan)
                return redirect("komite:penetapan_detail", sidang_pk=self.sidang.pk)
        context = self.get_context_data(**{self.form_key: form})
        return self.render_to_response(context, status=400)


class PenetapanTetapkanView(_JawabView):
    form_class = TetapkanForm
    form_key = "form_tetapkan"

    def simpan(self, data) -> str:
        penetapan = penetapan_tetapkan(
            sidang=self.sidang,
            actor=self.actor.user,
            nomor_keputusan=data["nomor_keputusan"],
            tanggal_keputusan=data["tanggal_keputusan"],
        )
        return _(
            "Hasil sidang ditetapkan dengan Keputusan nomor %(nomor)s tanggal %(tanggal)s; "
            "%(n)s penempatan dibekukan."
        ) % {
            "nomor": penetapan.nomor_keputusan,
            "tanggal": date_format(penetapan.tanggal_keputusan, "j F Y"),
            "n": penetapan.jumlah_penempatan,
        }


class PenetapanKembalikanView(_JawabView):
    form_class = KembalikanForm
    form_key = "form_kembalikan"

    def simpan(self, data) -> str:
        penetapan_kembalikan(sidang=self.sidang, actor=self.actor.user, catatan=data["catatan"])
        return _("Sidang dikembalikan kepada Komite Talenta dengan catatan; sekretaris telah diberi tahu.")


class DitetapkanView(TenantMixin, ListView):
    """GET /penetapan/hasil/: the established placements of a period beside the current computed
    box, with the marker; filters: period, perangkat daerah, box, differences only."""

    required_permission = "talenta.view"
    template_name = "komite/penetapan/ditetapkan.html"
    context_object_name = "baris_list"
    paginate_by = 50

    def get_queryset(self):
        periode_list = selectors.penetapan_periode_list(instansi=self.instansi)
        self.filter_form = DitetapkanFilterForm(
            self.request.GET or None, instansi=self.instansi, periode_list=periode_list
        )
        filters = self.filter_form.filters()
        self.periode = filters.pop("periode", None) or (
            periode_list[0] if periode_list else periode_sekarang()
        )
        self.filtered = any(filters.values())
        self.penetapan = selectors.penetapan_berlaku(instansi=self.instansi, periode=self.periode)
        return selectors.ditetapkan_vs_sekarang(instansi=self.instansi, periode=self.periode, **filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            filtered=self.filtered,
            periode=self.periode,
            penetapan=self.penetapan,
            qs=query.urlencode(),
        )
        return context
