"""BKN's pages: national → province → instansi, read from summary rows only (selectors.py), with
the tables of each page exportable as CSV/XLSX (tabel.py builds them once for both)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.health import health_check
from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.spreadsheets import XlsxSheet, csv_write, xlsx_write
from apps.core.views import PermissionRequiredMixin
from apps.instansi.models import Instansi, Wilayah
from apps.instansi.selectors import instansi_list_active

from . import selectors, tabel


class _TingkatMixin(PermissionRequiredMixin):
    """One level of the drill-down: `rekap_data()` returns the figures and the tables, the page
    renders them and the export view writes them."""

    tingkat = ""

    def periode_data(self, *, instansi: Instansi | None = None) -> tuple[int, list[int]]:
        tersedia = selectors.periode_list(instansi=instansi)
        return selectors.periode_pilih(diminta=self.request.GET.get("periode"), tersedia=tersedia), tersedia

    def rekap_data(self) -> dict:
        raise NotImplementedError

    def ekspor_nama(self, data: dict) -> str:
        raise NotImplementedError


class _HalamanMixin(_TingkatMixin, TemplateView):
    template_name = "nasional/rekap.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.rekap_data()
        total = data["total"]
        context.update(data)
        context.update(
            tingkat=self.tingkat,
            grid=tabel.kotak_grid(total),
            kotak_grafik=tabel.kotak_grafik(total),
            tren_grafik=tabel.tren_grafik(data["tren"]),
            kesegaran=(total.diperbarui_min, total.diperbarui_max),
            ekspor_csv=self.request.path + "ekspor.csv",
            ekspor_xlsx=self.request.path + "ekspor.xlsx",
        )
        return context


class _EksporMixin(_TingkatMixin, View):
    """GET …/ekspor.csv|xlsx?periode=YYYY&tabel=<kunci>: one table as CSV; XLSX without `tabel`
    holds every table of the page, one sheet each."""

    http_method_names = ["get"]

    def get(self, request, *args, fmt: str, **kwargs):
        data = self.rekap_data()
        semua: list[tabel.Tabel] = data["tabel_list"]
        kunci = request.GET.get("tabel")
        if kunci:
            pilih = [t for t in semua if t.kunci == kunci]
            if not pilih:
                raise Http404
        else:
            pilih = semua if fmt == "xlsx" else semua[:1]
        nama = f"{self.ekspor_nama(data)}-{data['periode']}-{kunci or ('semua' if fmt == 'xlsx' else pilih[0].kunci)}"
        # Aggregates only: no personal data, so the file may be cached like the page.
        if fmt == "csv":
            t = pilih[0]
            return attachment_response(
                csv_write(list(t.kolom), t.baris_ekspor()),
                filename=f"{nama}.csv",
                content_type="text/csv",
                personal=False,
            )
        sheets = [XlsxSheet(title=t.judul[:31], headers=list(t.kolom), rows=t.baris_ekspor()) for t in pilih]
        return attachment_response(
            xlsx_write(sheets), filename=f"{nama}.xlsx", content_type=XLSX_CONTENT_TYPE, personal=False
        )


# --- national ---------------------------------------------------------------------------------------


class _NasionalData(_TingkatMixin):
    required_permission = "home.bkn"
    tingkat = "nasional"

    def rekap_data(self) -> dict:
        periode, tersedia = self.periode_data()
        rekap = selectors.rekap_nasional(periode=periode)
        tren = selectors.tren_list()
        total = rekap.total
        return {
            "periode": periode,
            "periode_list": tersedia,
            "rekap": rekap,
            "total": total,
            "tren": tren,
            "tabel_list": [
                tabel.tabel_provinsi(rekap.provinsi, periode=periode),
                tabel.tabel_ringkasan(total),
                tabel.tabel_kotak(total),
                tabel.tabel_pegawai(total),
                tabel.tabel_cakupan(total),
                tabel.tabel_kelengkapan(total),
                tabel.tabel_tahap(total),
                tabel.tabel_kelompok(total),
                tabel.tabel_tren(tren),
            ],
        }

    def ekspor_nama(self, data: dict) -> str:
        return "nasional"


class NasionalView(_NasionalData, _HalamanMixin):
    """BKN's home: the nation and every province, no personal data."""


class NasionalEksporView(_NasionalData, _EksporMixin):
    pass


# --- province ---------------------------------------------------------------------------------------


class _ProvinsiData(_TingkatMixin):
    required_permission = "nasional.view"
    tingkat = "provinsi"

    def rekap_data(self) -> dict:
        provinsi = get_object_or_404(Wilayah, kode=self.kwargs["kode"], jenis=Wilayah.Jenis.PROVINSI)
        periode, tersedia = self.periode_data()
        rekap = selectors.rekap_provinsi(provinsi=provinsi, periode=periode)
        tren = selectors.tren_list(provinsi=provinsi)
        total = rekap.total
        return {
            "periode": periode,
            "periode_list": tersedia,
            "provinsi": provinsi,
            "rekap": rekap,
            "total": total,
            "tren": tren,
            "remah": [(reverse("nasional:home") + f"?periode={periode}", _("Nasional"))],
            "tabel_list": [
                tabel.tabel_instansi(rekap.instansi, periode=periode),
                tabel.tabel_ringkasan(total),
                tabel.tabel_kotak(total),
                tabel.tabel_pegawai(total),
                tabel.tabel_cakupan(total),
                tabel.tabel_kelengkapan(total),
                tabel.tabel_tahap(total),
                tabel.tabel_kelompok(total),
                tabel.tabel_tren(tren),
            ],
        }

    def ekspor_nama(self, data: dict) -> str:
        return f"provinsi-{data['provinsi'].kode}"


class ProvinsiView(_ProvinsiData, _HalamanMixin):
    """A province and each of its instansi."""


class ProvinsiEksporView(_ProvinsiData, _EksporMixin):
    pass


# --- instansi ---------------------------------------------------------------------------------------


class _InstansiData(_TingkatMixin):
    required_permission = "nasional.view"
    tingkat = "instansi"

    def rekap_data(self) -> dict:
        instansi = get_object_or_404(
            Instansi.objects.select_related("provinsi"), kode=self.kwargs["kode"], aktif=True
        )
        periode, tersedia = self.periode_data(instansi=instansi)
        rekap = selectors.rekap_instansi(instansi=instansi, periode=periode)
        total = rekap.rekap or selectors.Rekap()
        tren = tabel.tren_dari_riwayat(rekap.riwayat)
        return {
            "periode": periode,
            "periode_list": tersedia,
            "instansi": instansi,
            "provinsi": instansi.provinsi,
            "rekap": rekap,
            "total": total,
            "tren": tren,
            "remah": [
                (reverse("nasional:home") + f"?periode={periode}", _("Nasional")),
                (
                    reverse("nasional:provinsi", args=[instansi.provinsi.kode]) + f"?periode={periode}",
                    instansi.provinsi.nama_lengkap,
                ),
            ],
            "tabel_list": [
                tabel.tabel_ringkasan(total, satu_instansi=True, baris=rekap.baris),
                tabel.tabel_kotak(total),
                tabel.tabel_pegawai(total),
                tabel.tabel_cakupan(total),
                tabel.tabel_kelengkapan(total),
                tabel.tabel_pengguna(total),
                tabel.tabel_kelompok(total),
                tabel.tabel_tren(tren),
            ],
        }

    def ekspor_nama(self, data: dict) -> str:
        return f"instansi-{data['instansi'].kode}"


class InstansiView(_InstansiData, _HalamanMixin):
    """One instansi's figures and trend (counts only: no name or NIP is ever on this page)."""


class InstansiEksporView(_InstansiData, _EksporMixin):
    pass


# --- operator ---------------------------------------------------------------------------------------


class HomeOperatorView(PermissionRequiredMixin, TemplateView):
    required_permission = "home.operator"
    template_name = "nasional/home_operator.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi_list"] = instansi_list_active()
        context["ringkasan"] = {row.instansi_id: row for row in selectors.ringkasan_list()}
        return context


class KesehatanView(PermissionRequiredMixin, TemplateView):
    required_permission = "system.health"
    template_name = "nasional/kesehatan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = health_check(include_workers=True)
        return context
