"""Forms of the SKP pages. They only shape input: skp_clean() validates the values and derives the
predikat from the two ratings (it is never an input here); its messages land on the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.forms_bkd import UnitKerjaChoiceField
from apps.pegawai.nip import nip_normalize

from .models import Periode
from .predikat import Predikat, Rating


def _units(instansi: Instansi):
    # Evaluated per request inside the tenant scope; a foreign id is "not a valid choice".
    return UnitKerja.objects.filter(instansi=instansi).order_by("kode")


class SkpFilterForm(forms.Form):
    """GET parameters of the list; an invalid value just drops that filter."""

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = UnitKerjaChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    tahun = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int, empty_value=None)
    periode = forms.ChoiceField(
        label=_("Periode"), required=False, choices=[("", _("Semua")), *Periode.choices]
    )
    predikat = forms.ChoiceField(
        label=_("Predikat"), required=False, choices=[("", _("Semua")), *Predikat.choices]
    )

    def __init__(self, *args, instansi: Instansi, tahun_pilihan: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(instansi)
        self.fields["tahun"].choices = [("", _("Semua")), *((t, str(t)) for t in tahun_pilihan)]

    def filters(self) -> dict:
        """Keyword arguments for selectors.skp_list, from the valid fields only."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "unit_kerja": data.get("unit"),
            "tahun": data.get("tahun"),
            "periode": data.get("periode") or "",
            "predikat": data.get("predikat") or "",
        }


class SkpForm(forms.Form):
    """One SKP for skp_record(). The predikat is derived by the service from the two ratings.
    `nip` is asked only when the page was opened without a pegawai (the view removes it otherwise)."""

    nip = forms.CharField(
        label=_("NIP / NI PPPK pegawai"),
        max_length=40,
        help_text=_("18 digit, boleh diketik dengan spasi."),
    )
    tahun = forms.IntegerField(label=_("Tahun"))
    periode = forms.ChoiceField(label=_("Periode"), choices=[("", "—"), *Periode.choices])
    rating_hasil_kerja = forms.ChoiceField(
        label=_("Rating hasil kerja"), choices=[("", "—"), *Rating.choices]
    )
    rating_perilaku_kerja = forms.ChoiceField(
        label=_("Rating perilaku kerja"), choices=[("", "—"), *Rating.choices]
    )

    def __init__(self, *args, dengan_nip: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not dengan_nip:
            del self.fields["nip"]

    def clean_nip(self) -> str:
        # A NIP pasted from a spreadsheet as a number ("1.98E+17") has lost digits: say so.
        try:
            return nip_normalize(self.cleaned_data["nip"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def service_values(self) -> dict:
        """Keyword arguments for skp_record()."""
        return {
            name: self.cleaned_data.get(name)
            for name in ("tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja")
        }
