"""Succession pages the Komite, the PPK and the BKD read (suksesi.view), and the ASN's own
candidacies (suksesi.own): bench strength, key posts with their stored candidates, the talent pool.
They read what the workers stored; nothing is computed on a page view."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.spreadsheets import XlsxSheet, csv_write, xlsx_write
from apps.core.views import FilteredListView, PermissionRequiredMixin, TenantMixin
from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.referensi import JenisKelamin
from apps.pegawai.selectors_portfolio import pegawai_get_own
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.selectors_ninebox import RENTANG_USIA

from . import selectors
from .selectors import SaringanKrs


def _semua(choices) -> list:
    return [("", _("Semua")), *choices]


TINGKAT_CHOICES = [(kode, label) for kode, label in selectors.TINGKAT_LABEL.items()]
TINGKAT_JABATAN_CHOICES = [(k, v) for k, v in TINGKAT_CHOICES if k != "pelaksana"]
YA_TIDAK = [("", _("Semua")), ("1", _("Ya")), ("0", _("Tidak"))]


class PerangkatDaerahField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitKerja) -> str:
        return obj.nama


class JabatanKunciFilterForm(forms.Form):
    perangkat_daerah = PerangkatDaerahField(
        label=_("Perangkat daerah"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    tingkat = forms.ChoiceField(
        label=_("Tingkat jabatan"), required=False, choices=_semua(TINGKAT_JABATAN_CHOICES)
    )
    berisiko = forms.ChoiceField(label=_("Berisiko"), required=False, choices=YA_TIDAK)
    lowong = forms.ChoiceField(label=_("Lowong"), required=False, choices=YA_TIDAK)

    def __init__(self, data, *, instansi: Instansi, **kwargs):
        super().__init__(data, **kwargs)
        # Per request, inside the tenant scope: another instansi's unit is "not a valid choice".
        self.fields["perangkat_daerah"].queryset = selectors.perangkat_daerah_list(instansi=instansi)

    def filters(self) -> dict:
        """The valid filters as keyword arguments of jabatan_kunci_list (an invalid one is dropped)."""
        self.is_valid()
        data = self.cleaned_data
        ya_tidak = {"1": True, "0": False}
        return {
            "perangkat_daerah": data.get("perangkat_daerah"),
            "tingkat": data.get("tingkat") or "",
            "berisiko": ya_tidak.get(data.get("berisiko") or ""),
            "lowong": ya_tidak.get(data.get("lowong") or ""),
        }


class BenchView(TenantMixin, TemplateView):
    """GET /suksesi/: bench strength of the instansi and per perangkat daerah."""

    required_permission = "suksesi.view"
    template_name = "suksesi/bench.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bench"] = selectors.bench_ringkasan(instansi=self.instansi)
        return context


class JabatanKunciListView(FilteredListView):
    """GET /suksesi/jabatan-kunci/: key posts with holder, BUP, bench strength and risk."""

    required_permission = "suksesi.view"
    template_name = "suksesi/jabatan_list.html"
    context_object_name = "jabatan_list"
    paginate_by = 50
    filter_form_class = JabatanKunciFilterForm
    list_selector = staticmethod(selectors.jabatan_kunci_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for jabatan in context["jabatan_list"]:
            jabatan.status_tersimpan = selectors.status_of(jabatan)
        context["bench"] = selectors.bench_ringkasan(instansi=self.actor.instansi)  # how fresh
        return context


class JabatanKunciMixin(TenantMixin):
    required_permission = "suksesi.view"

    def get_jabatan(self):
        # After dispatch()'s permission check: refused roles get 403, foreign or unknown ids 404.
        jabatan = selectors.jabatan_kunci_get(instansi=self.instansi, pk=self.kwargs["pk"])
        if jabatan is None:
            raise Http404
        return jabatan


# The page parameter of each candidate group on the key-post page (`?hal_memenuhi=2`).
HALAMAN_KELOMPOK = {
    "memenuhi": "hal_memenuhi",
    "perlu_verifikasi": "hal_perlu_verifikasi",
    "tidak_memenuhi": "hal_tidak_memenuhi",
}


class JabatanKunciDetailView(JabatanKunciMixin, TemplateView):
    """GET /suksesi/jabatan-kunci/<pk>/: the post, then its ranked eligible candidates, those to
    verify (and what), and the ineligible (and what each lacks), each group a page at a time
    (`?hal_memenuhi=2&hal_tidak_memenuhi=3`; a page past the end shows the last)."""

    template_name = "suksesi/jabatan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jabatan = self.get_jabatan()
        context.update(
            jabatan=jabatan,
            status=selectors.status_of(jabatan),
            daftar=selectors.kandidat_halaman(
                instansi=self.instansi,
                jabatan_kunci=jabatan,
                halaman={k: self.request.GET.get(p) for k, p in HALAMAN_KELOMPOK.items()},
            ),
            halaman_kelompok=HALAMAN_KELOMPOK,
        )
        return context


class KrsFilterForm(forms.Form):
    perangkat_daerah = PerangkatDaerahField(
        label=_("Perangkat daerah"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    tingkat = forms.ChoiceField(label=_("Tingkat jabatan"), required=False, choices=_semua(TINGKAT_CHOICES))
    kotak = forms.TypedChoiceField(
        label=_("Kotak"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_semua((n, str(n)) for n in range(9, 0, -1)),
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=_semua(JenisKelamin.choices)
    )
    usia = forms.ChoiceField(
        label=_("Usia"),
        required=False,
        choices=_semua((kode, label) for kode, (label, _dari, _sampai) in RENTANG_USIA.items()),
    )

    def __init__(self, data, *, instansi: Instansi, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["perangkat_daerah"].queryset = selectors.perangkat_daerah_list(instansi=instansi)

    def saringan(self) -> SaringanKrs:
        if not self.is_bound:
            return SaringanKrs()
        self.is_valid()
        data = self.cleaned_data
        return SaringanKrs(
            perangkat_daerah=data.get("perangkat_daerah"),
            tingkat=data.get("tingkat") or "",
            kotak=data.get("kotak"),
            jenis_kelamin=data.get("jenis_kelamin") or "",
            usia=data.get("usia") or "",
        )


class KrsMixin(TenantMixin):
    required_permission = "suksesi.view"
    nasional = False

    def krs_queryset(self):
        instansi = self.instansi
        self.filter_form = KrsFilterForm(self.request.GET or None, instansi=instansi)
        self.saringan = self.filter_form.saringan()
        if self.nasional:
            return selectors.krs_nasional_list(instansi=instansi, saringan=self.saringan)
        return selectors.krs_list(instansi=instansi, saringan=self.saringan)


class KrsView(KrsMixin, ListView):
    """GET /suksesi/krs/: the KRS Instansi of the current period, with filters and export."""

    template_name = "suksesi/krs.html"
    context_object_name = "penempatan_list"
    paginate_by = 50

    def get_queryset(self):
        return self.krs_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hari_ini = timezone.localdate()
        for p in context["penempatan_list"]:
            p.usia = selectors.usia_pada(p.pegawai.tanggal_lahir, hari_ini)
        context.update(
            filter_form=self.filter_form,
            filtered=self.saringan.aktif,
            periode=periode_sekarang(),
            nasional=self.nasional,
            kotak_nasional=sorted(selectors.aturan_suksesi_berlaku(instansi=self.instansi).kotak_krs_nasional)
            if self.nasional
            else None,
        )
        return context


class KrsNasionalView(KrsView):
    """GET /suksesi/krs-nasional/: the KRS members in the rule set's KRS Nasional boxes."""

    nasional = True


KRS_KOLOM = (
    _("NIP"),
    _("Nama"),
    _("Jenis kelamin"),
    _("Usia"),
    _("Rentang usia"),
    _("Jabatan"),
    _("Tingkat jabatan"),
    _("Golongan"),
    _("Unit kerja"),
    _("Kotak"),
    _("Skor potensial"),
    _("Skor kinerja"),
)


class KrsEksporView(KrsMixin, View):
    """GET /suksesi/krs/ekspor.xlsx|csv (and krs-nasional/…): the filtered KRS, or its KRS Nasional
    nominees, as a spreadsheet."""

    http_method_names = ["get"]

    def get(self, request, *args, fmt: str, **kwargs):
        hari_ini = timezone.localdate()
        rows = []
        for p in self.krs_queryset().iterator(chunk_size=2000):
            g = p.pegawai
            usia = selectors.usia_pada(g.tanggal_lahir, hari_ini)
            rows.append(
                [
                    g.nip,
                    g.nama_lengkap,
                    g.get_jenis_kelamin_display(),
                    usia,
                    selectors.rentang_usia_label(usia),
                    g.jabatan_tampilan,
                    g.get_jenis_jabatan_display(),
                    g.golongan,
                    g.unit_kerja.nama if g.unit_kerja else "",
                    p.kotak,
                    p.skor_potensial,
                    p.skor_kinerja,
                ]
            )
        headers = [str(h) for h in KRS_KOLOM]
        nama = f"krs-{'nasional' if self.nasional else 'instansi'}-{periode_sekarang()}"
        if fmt == "csv":
            return attachment_response(
                csv_write(headers, rows), filename=f"{nama}.csv", content_type="text/csv"
            )
        content = xlsx_write([XlsxSheet(title="KRS", headers=headers, rows=rows, text_columns=(0,))])
        return attachment_response(content, filename=f"{nama}.xlsx", content_type=XLSX_CONTENT_TYPE)


class SayaView(PermissionRequiredMixin, TemplateView):
    """GET /suksesi/saya/: the key posts the ASN is a candidate for and what they lack — only
    when the instansi opened it. Closed: a page saying so (like Peta Talenta Saya), no data."""

    required_permission = "suksesi.own"
    template_name = "suksesi/saya.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        pegawai = pegawai_get_own(actor=self.actor)
        if pegawai is None:
            return render(request, "pegawai/portfolio/belum_terhubung.html")
        boleh = selectors.pengaturan_suksesi_get(instansi=self.actor.instansi).asn_boleh_lihat_pencalonan
        context = self.get_context_data(pegawai=pegawai, boleh_lihat=boleh)
        if boleh:  # closed: no candidacy ever reaches the template
            halaman = Paginator(
                selectors.kandidat_pegawai_qs(instansi=self.actor.instansi, pegawai=pegawai), self.paginate_by
            ).get_page(request.GET.get("page"))
            context.update(
                pencalonan=selectors.kandidat_tampil_list(list(halaman.object_list)),
                page_obj=halaman,
                is_paginated=halaman.has_other_pages(),
            )
        return self.render_to_response(context)
