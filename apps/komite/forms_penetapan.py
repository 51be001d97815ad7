"""Forms of the penetapan pages. They only parse what is typed; every rule (a closed session, one
answer, no recompute running, the decree date) is checked by services_penetapan.py, the same for
the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import UnitKerja


class TetapkanForm(forms.Form):
    nomor_keputusan = forms.CharField(
        label=_("Nomor keputusan"),
        max_length=100,
        help_text=_("Nomor Keputusan PPK, mis. 800.1.3/123/BKPSDM/2025."),
    )
    tanggal_keputusan = forms.DateField(
        label=_("Tanggal keputusan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class KembalikanForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan untuk Komite Talenta"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Apa yang perlu dibahas ulang; Komite menjawabnya dalam sidang lanjutan."),
    )


class UnitKerjaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kode} — {obj.nama}"


class DitetapkanFilterForm(forms.Form):
    periode = forms.TypedChoiceField(label=_("Periode"), coerce=int, required=False, empty_value=None)
    perangkat_daerah = UnitKerjaChoiceField(
        label=_("Perangkat daerah"), required=False, queryset=None, empty_label=_("Semua")
    )
    kotak = forms.TypedChoiceField(
        label=_("Kotak yang ditetapkan"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Semua")), *[(n, str(n)) for n in range(9, 0, -1)]],
    )
    berbeda_saja = forms.BooleanField(label=_("Hanya yang berbeda dengan hitungan sekarang"), required=False)

    def __init__(self, *args, instansi, periode_list: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(p, str(p)) for p in periode_list] or [("", "—")]
        self.fields["perangkat_daerah"].queryset = UnitKerja.objects.filter(
            instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH
        ).order_by("kode")

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "periode": data["periode"],
            "perangkat_daerah": data["perangkat_daerah"],
            "kotak": data["kotak"],
            "berbeda_saja": data["berbeda_saja"],
        }
