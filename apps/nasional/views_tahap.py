"""Pages of the implementation-stage tracker.

* `/tahap-implementasi/`: the instansi's own stage, read live from its data (tahap.view), with the
  declaration form, the withdrawal and the history (tahap.manage), and the evidence download.
* `/nasional/tahap/`: BKN's list of every instansi's stage from the summary rows (nasional.view),
  filterable by period, province and stage, exported as CSV or XLSX.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response, filename_safe
from apps.core.permissions import role_has_permission
from apps.core.spreadsheets import XlsxSheet, csv_write, xlsx_write
from apps.core.views import PermissionRequiredMixin, TenantMixin, form_add_service_errors

from . import selectors_tahap, services_tahap
from .forms_tahap import CabutDeklarasiForm, DeklarasiTahapForm, TahapFilterForm
from .tahap import (
    INDIKATOR,
    INDIKATOR_TAHAP,
    SKOR_KTI_NAMA,
    SUMBER_LABEL,
    TAHAP,
    TAHAP_NAMA,
    rincian_tampil,
    tahap_baca,
)


class TahapInstansiView(TenantMixin, TemplateView):
    """GET /tahap-implementasi/: the five stages and the KTI score of the caller's instansi."""

    required_permission = "tahap.view"
    template_name = "nasional/tahap_instansi.html"

    def get_context_data(self, form=None, form_cabut=None, cabut_uuid=None, **kwargs):
        context = super().get_context_data(**kwargs)
        hasil = tahap_baca(instansi=self.instansi)
        tahap, skor = rincian_tampil(hasil.rincian)
        boleh_kelola = role_has_permission(role=self.actor.role, permission="tahap.manage")
        maks_kb = services_tahap.deklarasi_berkas_maks_kb()
        context.update(
            hasil=hasil,
            tahap_list=tahap,
            skor_list=skor,
            skor_nama=SKOR_KTI_NAMA.get(hasil.skor_kti, ""),
            tahap_nama=TAHAP_NAMA.get(hasil.tahap, ""),
            riwayat=selectors_tahap.deklarasi_tahap_list(instansi=self.instansi),
            boleh_kelola=boleh_kelola,
            form=form or (DeklarasiTahapForm(maks_kb=maks_kb) if boleh_kelola else None),
            form_cabut=form_cabut,
            cabut_uuid=cabut_uuid,
            berlaku_uuid={
                nilai["deklarasi"]["uuid"]
                for nilai in hasil.rincian["indikator"].values()
                if nilai.get("deklarasi")
            },
        )
        return context


class DeklarasiMixin(TenantMixin):
    @cached_property
    def deklarasi(self):
        deklarasi = selectors_tahap.deklarasi_tahap_get(instansi=self.instansi, uuid=self.kwargs["uuid"])
        if deklarasi is None:
            raise Http404
        return deklarasi


class DeklarasiBuatView(TahapInstansiView):
    """POST /tahap-implementasi/deklarasi/: declare a butir with its PDF (errors: the tracker page
    again with the form, 400)."""

    required_permission = "tahap.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DeklarasiTahapForm(
            request.POST, request.FILES, maks_kb=services_tahap.deklarasi_berkas_maks_kb()
        )
        if form.is_valid():
            try:
                services_tahap.deklarasi_tahap_create(
                    instansi=self.instansi, actor=self.actor.user, **form.data_layanan()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Deklarasi dan dokumen buktinya tersimpan."))
                return redirect("nasional:tahap_instansi")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DeklarasiCabutView(DeklarasiMixin, TahapInstansiView):
    """POST /tahap-implementasi/deklarasi/<uuid>/cabut/: withdraw the current declaration."""

    required_permission = "tahap.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        deklarasi = self.deklarasi
        form = CabutDeklarasiForm(request.POST)
        if form.is_valid():
            try:
                services_tahap.deklarasi_tahap_withdraw(
                    deklarasi=deklarasi, actor=self.actor.user, alasan=form.cleaned_data["alasan"]
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Deklarasi dicabut."))
                return redirect("nasional:tahap_instansi")
        return self.render_to_response(
            self.get_context_data(form_cabut=form, cabut_uuid=str(deklarasi.uuid)), status=400
        )


class DeklarasiBerkasView(DeklarasiMixin, View):
    """GET /tahap-implementasi/deklarasi/<uuid>/berkas/: the evidence PDF, for the instansi's own
    users only (another instansi's declaration answers like a missing one)."""

    required_permission = "tahap.view"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        deklarasi = self.deklarasi
        if not deklarasi.berkas:
            raise Http404
        nama = deklarasi.nama_berkas.removesuffix(".pdf").removesuffix(".PDF")
        return attachment_response(
            deklarasi.berkas.open("rb"),
            filename=filename_safe(nama, suffix=".pdf", default="bukti"),
            content_type="application/pdf",
        )


# --- BKN -------------------------------------------------------------------------------------------


class TahapDaftarMixin(PermissionRequiredMixin):
    required_permission = "nasional.view"

    def daftar(self):
        form = TahapFilterForm(
            self.request.GET or None,
            provinsi_list=selectors_tahap.provinsi_list(),
            periode_list=selectors_tahap.tahap_periode_list(),
        )
        filters = form.filters() if form.is_bound else {}
        return form, selectors_tahap.tahap_daftar(**filters)


class TahapDaftarView(TahapDaftarMixin, TemplateView):
    """GET /nasional/tahap/: every instansi's stage, what is evidenced and what only declared."""

    template_name = "nasional/tahap_daftar.html"
    # 546 instansi on one page took most of a second to render; the distribution and the exports
    # still cover every row of the filter.
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, daftar = self.daftar()
        paginator = Paginator(daftar.baris, self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            daftar=daftar,
            baris=page_obj.object_list,
            page_obj=page_obj,
            paginator=paginator,
            is_paginated=page_obj.has_other_pages(),
            tahap_kolom=[(nomor, nama) for nomor, nama, _k in TAHAP],
            sebaran_tahap=[
                (n, TAHAP_NAMA.get(n, _("Belum memenuhi tahap 1")), daftar.sebaran_tahap[n]) for n in range(6)
            ],
            sebaran_kti=[(n, SKOR_KTI_NAMA[n], daftar.sebaran_kti[n]) for n in range(5)],
            query=_tanpa_halaman(self.request.GET),
        )
        return context


def _tanpa_halaman(params) -> str:
    """The filter's query string without the page number (for the export links)."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def tahap_ekspor_tabel(daftar) -> tuple[list[str], list[list]]:
    """The BKN list as spreadsheet rows: one row per instansi, one column per stage and indicator."""
    headers = [
        _("Kode instansi"),
        _("Instansi"),
        _("Kode provinsi"),
        _("Provinsi"),
        _("Periode"),
        _("Tahap tercapai"),
        _("Skor KTI"),
        *[_("Tahap %(n)s terpenuhi") % {"n": nomor} for nomor, _nama, _k in TAHAP],
        *[str(INDIKATOR[k].label) for k in INDIKATOR_TAHAP],
        _("Indikator terbukti sistem"),
        _("Indikator dinyatakan"),
        _("Indikator belum"),
        _("Diperbarui pada"),
    ]
    rows = [
        [
            b.kode,
            b.nama,
            b.provinsi_kode,
            b.provinsi_nama,
            b.periode,
            b.tahap,
            b.skor_kti,
            *[_("ya") if t else _("tidak") for t in b.tahap_terpenuhi],
            *[str(SUMBER_LABEL[b.sumber[k]]) for k in INDIKATOR_TAHAP],
            b.hitung["sistem"],
            b.hitung["deklarasi"],
            b.hitung["belum"],
            timezone.localtime(b.diperbarui_pada).strftime("%Y-%m-%d %H:%M"),
        ]
        for b in daftar.baris
    ]
    return [str(h) for h in headers], rows


class TahapEksporView(TahapDaftarMixin, View):
    """GET /nasional/tahap/ekspor.csv|xlsx: the filtered list as a spreadsheet (no personal data)."""

    http_method_names = ["get"]

    def get(self, request, *args, fmt: str, **kwargs):
        _form, daftar = self.daftar()
        headers, rows = tahap_ekspor_tabel(daftar)
        nama = f"tahap-implementasi-{daftar.periode or 'kosong'}"
        if fmt == "csv":
            return attachment_response(
                csv_write(headers, rows), filename=f"{nama}.csv", content_type="text/csv", personal=False
            )
        content = xlsx_write([XlsxSheet(title="Tahap", headers=headers, rows=rows, text_columns=(0, 2))])
        return attachment_response(
            content, filename=f"{nama}.xlsx", content_type=XLSX_CONTENT_TYPE, personal=False
        )
