"""Fairness-lens pages and their exports: the instansi's own lens (keadilan.view, from its
placements) and BKN's national / province lens (nasional.view, from the summary rows)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.spreadsheets import XlsxSheet, csv_write, xlsx_write
from apps.core.views import PermissionRequiredMixin, TenantMixin
from apps.instansi.models import Wilayah
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.selectors_ninebox import ninebox_periode_list

from . import selectors
from .keadilan import METODE_LABEL, Lensa, keadilan_instansi, keadilan_wilayah, lensa_baris, lensa_grafik
from .models import KOTAK_KEYS


def _periode_dari(request, pilihan: list[int], bawaan: int | None) -> int | None:
    """`?periode=YYYY` when it is one of `pilihan`, else `bawaan`."""
    try:
        periode = int(request.GET.get("periode", ""))
    except ValueError:
        return bawaan
    return periode if periode in pilihan else bawaan


# --- instansi -----------------------------------------------------------------------------------------


class KeadilanInstansiMixin(TenantMixin):
    required_permission = "keadilan.view"

    @cached_property
    def periode_pilihan(self) -> list[int]:
        return ninebox_periode_list(instansi=self.instansi)

    @cached_property
    def periode(self) -> int:
        return _periode_dari(self.request, self.periode_pilihan, periode_sekarang())

    def lensa(self) -> Lensa:
        return keadilan_instansi(instansi=self.instansi, periode=self.periode)

    def nama_berkas(self) -> str:
        return f"lensa-keadilan-{self.instansi.kode}-{self.periode}"


class KeadilanInstansiView(KeadilanInstansiMixin, TemplateView):
    """GET /keadilan/?periode=YYYY: the instansi's box distribution and pool rate per group."""

    template_name = "nasional/keadilan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lensa = self.lensa()
        context.update(
            tingkat="instansi",
            lensa=lensa,
            grafik=lensa_grafik(lensa),
            periode=self.periode,
            periode_pilihan=self.periode_pilihan,
            kotak_keys=KOTAK_KEYS,
            metode_label=METODE_LABEL,
        )
        return context


# --- province / nation ----------------------------------------------------------------------------


class KeadilanNasionalMixin(PermissionRequiredMixin):
    required_permission = "nasional.view"

    @cached_property
    def periode_pilihan(self) -> list[int]:
        return selectors.periode_list()

    @cached_property
    def periode(self) -> int:
        # Default: the latest period with summary rows (the current year before the first refresh).
        bawaan = self.periode_pilihan[0] if self.periode_pilihan else periode_sekarang()
        return _periode_dari(self.request, self.periode_pilihan, bawaan)

    @cached_property
    def provinsi(self) -> Wilayah | None:
        kode = self.request.GET.get("provinsi", "").strip()
        if not kode:
            return None
        return get_object_or_404(Wilayah, kode=kode, jenis=Wilayah.Jenis.PROVINSI)

    def lensa(self) -> Lensa:
        return keadilan_wilayah(periode=self.periode, provinsi=self.provinsi)

    def nama_berkas(self) -> str:
        wilayah = f"provinsi-{self.provinsi.kode}" if self.provinsi else "nasional"
        return f"lensa-keadilan-{wilayah}-{self.periode}"


class KeadilanNasionalView(KeadilanNasionalMixin, TemplateView):
    """GET /nasional/keadilan/?provinsi=62&periode=YYYY: the lens over the summary rows."""

    template_name = "nasional/keadilan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lensa = self.lensa()
        context.update(
            tingkat="nasional",
            lensa=lensa,
            grafik=lensa_grafik(lensa),
            periode=self.periode,
            periode_pilihan=self.periode_pilihan,
            provinsi=self.provinsi,
            provinsi_pilihan=Wilayah.objects.filter(jenis=Wilayah.Jenis.PROVINSI).order_by("kode"),
            kotak_keys=KOTAK_KEYS,
            metode_label=METODE_LABEL,
        )
        return context


# --- exports ------------------------------------------------------------------------------------------


def _ekspor(lensa: Lensa, *, fmt: str, nama: str):
    headers = [
        _("Dimensi"),
        _("Kelompok"),
        _("Pegawai (penempatan final)"),
        _("Talent pool (KRS)"),
        _("% talent pool"),
        _("Pegawai lainnya"),
        _("Talent pool lainnya"),
        _("% talent pool lainnya"),
        _("Uji"),
        _("Chi-kuadrat"),
        _("Nilai p"),
        _("Berbeda signifikan"),
        *[_("Kotak %(nomor)s") % {"nomor": k} for k in KOTAK_KEYS],
    ]
    kecil = f"< {lensa.batas}"

    def sel(nilai, sel_kecil_ini: bool):
        if nilai is None:
            return kecil if sel_kecil_ini else ""
        return nilai

    rows = []
    for row in lensa_baris(lensa):
        # None in a count means a small cell unless the whole group is (then only n says "< 5").
        besar = not (row["sel_kecil"] or row["disembunyikan"])
        rows.append(
            [
                row["dimensi_label"],
                row["kelompok_label"],
                kecil if row["sel_kecil"] else (_("disembunyikan") if row["disembunyikan"] else row["n"]),
                sel(row["pool"], besar),
                row["persen_pool"] if row["persen_pool"] is not None else "",
                sel(row["n_lain"], besar),
                sel(row["pool_lain"], row["uji"] is not None),
                row["persen_lain"] if row["persen_lain"] is not None else "",
                str(METODE_LABEL[row["uji"]]) if row["uji"] else "",
                round(row["statistik"], 4) if row["statistik"] is not None else "",
                round(row["p"], 6) if row["p"] is not None else "",
                (_("ya, lebih tinggi") if row["arah"] == "tinggi" else _("ya, lebih rendah"))
                if row["berbeda"]
                else (_("tidak") if row["uji"] else ""),
                *[sel(row["kotak"][k], besar) for k in KOTAK_KEYS],
            ]
        )
    headers = [str(h) for h in headers]
    # Counts only, no personal data: `personal=False` lets the browser keep the file normally.
    if fmt == "csv":
        return attachment_response(
            csv_write(headers, rows), filename=f"{nama}.csv", content_type="text/csv", personal=False
        )
    content = xlsx_write([XlsxSheet(title=_("Lensa keadilan")[:31], headers=headers, rows=rows)])
    return attachment_response(
        content, filename=f"{nama}.xlsx", content_type=XLSX_CONTENT_TYPE, personal=False
    )


class KeadilanInstansiEksporView(KeadilanInstansiMixin, View):
    """GET /keadilan/ekspor.csv|xlsx?periode=YYYY: the instansi lens as a spreadsheet."""

    http_method_names = ["get"]

    def get(self, request, *args, fmt: str, **kwargs):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        return _ekspor(self.lensa(), fmt=fmt, nama=self.nama_berkas())


class KeadilanNasionalEksporView(KeadilanNasionalMixin, View):
    """GET /nasional/keadilan/ekspor.csv|xlsx?provinsi=62&periode=YYYY."""

    http_method_names = ["get"]

    def get(self, request, *args, fmt: str, **kwargs):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        return _ekspor(self.lensa(), fmt=fmt, nama=self.nama_berkas())
