"""BKD verification queue: waiting portfolio items per kind, approve, reject with a reason, bulk approve."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from apps.core.text import titik_tunggal
from apps.core.views import PermissionRequiredMixin, form_add_service_errors

from . import selectors_portfolio as selectors
from .forms_portfolio import AntreanFilterForm, TolakForm
from .models import Riwayat, StatusVerifikasi
from .services import (
    riwayat_approve,
    riwayat_bulk_approve,
    riwayat_dokumen_baru_approve,
    riwayat_dokumen_baru_reject,
    riwayat_reject,
)

PER_HALAMAN = 50
FILTER_PARAMS = ("unit_kerja", "dari", "sampai", "cari", "page")


def _filter_params(data: QueryDict) -> list[tuple[str, str]]:
    """The queue's own filter parameters of a request (nothing else is carried along)."""
    return [(name, data[name]) for name in FILTER_PARAMS if data.get(name)]


def _filter_query(data: QueryDict) -> str:
    return urlencode(_filter_params(data))


def _antrean_url(kode: str, query: str = "") -> str:
    url = reverse("pegawai:verifikasi_jenis", kwargs={"kode": kode})
    return f"{url}?{query}" if query else url


class VerifikasiMixin(PermissionRequiredMixin):
    required_permission = "portfolio.verify"

    def get_model(self) -> type[Riwayat]:
        model = selectors.riwayat_model_for_kode(self.kwargs["kode"], diisi_asn_only=True)
        if model is None:
            raise Http404
        return model

    def get_item(self, model: type[Riwayat]) -> Riwayat:
        item = selectors.verifikasi_get(
            model=model, instansi=self.actor.instansi, verifikator=self.actor.user, pk=self.kwargs["pk"]
        )
        if item is None:
            raise Http404
        return item


class AntreanView(VerifikasiMixin, TemplateView):
    """GET /verifikasi/ and /verifikasi/<kode>/: tabs per kind with waiting counts, filters, table."""

    template_name = "pegawai/verifikasi/antrean.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instansi, user = self.actor.instansi, self.actor.user
        counts = selectors.verifikasi_counts(instansi=instansi, verifikator=user)
        models = selectors.verifikasi_models()
        if "kode" in self.kwargs:
            model = self.get_model()
        else:
            # The first kind with something waiting, else the first kind.
            model = next((m for m in models if counts[m.KODE]), models[0])
        filter_form = AntreanFilterForm(
            self.request.GET or None,
            unit_kerja_queryset=selectors.unit_kerja_pilihan(instansi=instansi),
        )
        filters = filter_form.filters() if filter_form.is_bound else {}
        queryset = selectors.verifikasi_antrean(
            model=model,
            instansi=instansi,
            verifikator=user,
            unit_kerja=filters.get("unit_kerja"),
            dari=filters.get("dari"),
            sampai=filters.get("sampai"),
            cari=filters.get("cari") or "",
        )
        page_obj = Paginator(queryset, PER_HALAMAN).get_page(self.request.GET.get("page"))
        context.update(
            {
                "tabs": [
                    {
                        "kode": m.KODE,
                        "label": capfirst(str(m._meta.verbose_name_plural)),
                        "jumlah": counts[m.KODE],
                        "aktif": m is model,
                    }
                    for m in models
                ],
                "kode": model.KODE,
                "label": capfirst(str(model._meta.verbose_name_plural)),
                "filter_form": filter_form,
                "difilter": any(filters.get(name) for name in ("unit_kerja", "dari", "sampai", "cari")),
                "page_obj": page_obj,
                "items": page_obj.object_list,
                "kembali": _filter_query(self.request.GET),
                "kembali_params": _filter_params(self.request.GET),
            }
        )
        return context


class DetailView(VerifikasiMixin, TemplateView):
    """GET /verifikasi/<kode>/<pk>/: one item in full, with approve and reject."""

    template_name = "pegawai/verifikasi/detail.html"

    def get(self, request, *args, **kwargs):
        self.model = self.get_model()
        self.item = self.get_item(self.model)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.item
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        context.update(
            {
                "item": item,
                "pegawai": item.pegawai,
                "nilai": selectors.riwayat_nilai_tampilan(item),
                "kode": self.model.KODE,
                "label": capfirst(str(self.model._meta.verbose_name)),
                "menunggu": selectors.menunggu_verifikasi(item),
                "dokumen_baru": item.status == StatusVerifikasi.DISETUJUI
                and item.dokumen_baru_id is not None,
                "kembali": _filter_query(data),
                "kembali_params": _filter_params(data),
            }
        )
        context.setdefault("tolak_form", TolakForm())
        return context


class SetujuiView(VerifikasiMixin, View):
    """POST /verifikasi/<kode>/<pk>/setujui/."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        model = self.get_model()
        item = self.get_item(model)
        dokumen_baru = item.status == StatusVerifikasi.DISETUJUI and item.dokumen_baru_id is not None
        try:
            if dokumen_baru:
                riwayat_dokumen_baru_approve(riwayat=item, actor=self.actor.user)
            else:
                riwayat_approve(riwayat=item, actor=self.actor.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if dokumen_baru:
                pesan = _("Dokumen baru disetujui: %(item)s — %(nama)s.")
            else:
                pesan = _("Disetujui: %(item)s — %(nama)s.")
            messages.success(
                request, titik_tunggal(pesan % {"item": item, "nama": item.pegawai.nama_lengkap})
            )
        return redirect(_antrean_url(model.KODE, _filter_query(request.POST)))


class TolakView(DetailView):
    """POST /verifikasi/<kode>/<pk>/tolak/: a reason is required; errors shown on the item's page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        model = self.model = self.get_model()
        item = self.item = self.get_item(model)
        form = TolakForm(request.POST)
        dokumen_baru = item.status == StatusVerifikasi.DISETUJUI and item.dokumen_baru_id is not None
        if form.is_valid():
            try:
                if dokumen_baru:
                    riwayat_dokumen_baru_reject(
                        riwayat=item, actor=self.actor.user, alasan=form.cleaned_data["alasan"]
                    )
                else:
                    riwayat_reject(riwayat=item, actor=self.actor.user, alasan=form.cleaned_data["alasan"])
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    # Not about the reason: the item is no longer waiting.
                    for message in error.messages:
                        messages.error(request, message)
                    return redirect(_antrean_url(model.KODE, _filter_query(request.POST)))
                form_add_service_errors(form, error)
            else:
                if dokumen_baru:
                    pesan = _(
                        "Dokumen baru ditolak: %(item)s — %(nama)s. Dokumen lama tetap berlaku; ASN melihat alasannya."
                    )
                else:
                    pesan = _("Ditolak: %(item)s — %(nama)s. ASN melihat alasannya.")
                messages.success(
                    request, titik_tunggal(pesan % {"item": item, "nama": item.pegawai.nama_lengkap})
                )
                return redirect(_antrean_url(model.KODE, _filter_query(request.POST)))
        return self.render_to_response(self.get_context_data(tolak_form=form))


class SetujuiMassalView(VerifikasiMixin, View):
    """POST /verifikasi/<kode>/setujui-massal/: approve the ticked items of one kind."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        model = self.get_model()
        ids = [int(value) for value in request.POST.getlist("pilih") if value.isdigit()]
        ids = selectors.verifikasi_ids_waiting(
            model=model, instansi=self.actor.instansi, verifikator=self.actor.user, ids=ids
        )
        if not ids:
            messages.error(request, _("Pilih dulu data yang akan disetujui."))
        else:
            jumlah = riwayat_bulk_approve(
                model=model, instansi=self.actor.instansi, ids=ids, actor=self.actor.user
            )
            messages.success(
                request,
                ngettext("%(n)s data disetujui.", "%(n)s data disetujui.", jumlah) % {"n": jumlah},
            )
        return redirect(_antrean_url(model.KODE, _filter_query(request.POST)))
