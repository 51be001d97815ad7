"""Forms of the implementation-stage tracker: a declaration with its PDF, a withdrawal, and BKN's
filter of the list of every instansi."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.pegawai.forms_bkd import DateInput

from .models import DeklarasiTahap
from .tahap import TAHAP_NAMA


class DeklarasiTahapForm(forms.Form):
    butir = forms.ChoiceField(label=_("Butir yang dinyatakan"), choices=DeklarasiTahap.Butir.choices)
    nomor = forms.CharField(label=_("Nomor dokumen"), max_length=100)
    tanggal = forms.DateField(label=_("Tanggal dokumen"), widget=DateInput)
    keterangan = forms.CharField(
        label=_("Keterangan (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    berkas = forms.FileField(
        label=_("Dokumen bukti (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, maks_kb: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if maks_kb:
            self.fields["berkas"].help_text = _("PDF, paling besar %(maks)s KB.") % {"maks": maks_kb}

    def data_layanan(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("butir", "nomor", "tanggal", "keterangan", "berkas")
        }


class CabutDeklarasiForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan pencabutan"), max_length=500)


class TahapFilterForm(forms.Form):
    """BKN's filter: period, province (Kemendagri code) and stage reached (0–5)."""

    periode = forms.TypedChoiceField(label=_("Periode"), coerce=int, required=False, empty_value=None)
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)
    tahap = forms.TypedChoiceField(
        label=_("Tahap"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Semua tahap")), (0, _("0 — belum memenuhi tahap 1"))]
        + [(n, f"{n} — {nama}") for n, nama in TAHAP_NAMA.items()],
    )

    def __init__(self, *args, provinsi_list=(), periode_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = [("", _("Semua provinsi"))] + [
            (w.kode, f"{w.kode} — {w.nama}") for w in provinsi_list
        ]
        self.fields["periode"].choices = [("", _("Terbaru"))] + [(p, str(p)) for p in periode_list]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "periode": self.cleaned_data.get("periode"),
            "provinsi": self.cleaned_data.get("provinsi") or None,
            "tahap": self.cleaned_data.get("tahap"),
        }
