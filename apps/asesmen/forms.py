"""Forms of the asesmen pages. They only shape input: asesmen_clean() validates the values (ranges,
Indonesian decimals, dates, validity) and its messages land on the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.forms_bkd import DateInput, UnitKerjaChoiceField
from apps.pegawai.nip import nip_normalize

from .models import Asesmen
from .selectors import STATUS_CHOICES


def _units(instansi: Instansi):
    # Evaluated per request inside the tenant scope; a foreign id is "not a valid choice".
    return UnitKerja.objects.filter(instansi=instansi).order_by("kode")


class AsesmenFilterForm(forms.Form):
    """GET parameters of the list; an invalid value just drops that filter."""

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = UnitKerjaChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    tahun = forms.TypedChoiceField(label=_("Tahun asesmen"), required=False, coerce=int, empty_value=None)
    metode = forms.ChoiceField(
        label=_("Metode"), required=False, choices=[("", _("Semua")), *Asesmen.Metode.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua")), *STATUS_CHOICES])

    def __init__(self, *args, instansi: Instansi, tahun_pilihan: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(instansi)
        self.fields["tahun"].choices = [("", _("Semua")), *((t, str(t)) for t in tahun_pilihan)]

    def filters(self) -> dict:
        """Keyword arguments for selectors.asesmen_list, from the valid fields only."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "unit_kerja": data.get("unit"),
            "tahun": data.get("tahun"),
            "metode": data.get("metode") or "",
            "status": data.get("status") or "",
        }


def _angka(label, *, required: bool = True, help_text: str = "") -> forms.CharField:
    # Text, not a number input: BKD staff type Indonesian decimals ("77,50"); the service parses.
    return forms.CharField(
        label=label,
        required=required,
        max_length=12,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class AsesmenForm(forms.Form):
    """One asesmen for asesmen_record(). `nip` is asked only when the page was opened without a
    pegawai (the view removes it otherwise)."""

    nip = forms.CharField(
        label=_("NIP / NI PPPK pegawai"),
        max_length=40,
        help_text=_("18 digit, boleh diketik dengan spasi."),
    )
    tanggal = forms.DateField(label=_("Tanggal asesmen"), widget=DateInput)
    metode = forms.ChoiceField(label=_("Metode"), choices=[("", "—"), *Asesmen.Metode.choices])
    lembaga = forms.CharField(label=_("Lembaga / assessment center"), max_length=200)
    nilai_potensi = _angka(_("Nilai potensi"), help_text=_("0–100, mis. 77,50."))
    jpm = _angka(_("JPM kompetensi (%)"), help_text=_("Boleh lebih dari 100, mis. 138,89."))
    berlaku_sampai = forms.DateField(label=_("Berlaku sampai"), widget=DateInput, required=False)

    ASPEK_FIELDS = [name for name, _label in Asesmen.ASPEK]

    def __init__(self, *args, masa_berlaku: int, dengan_nip: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not dengan_nip:
            del self.fields["nip"]
        self.fields["berlaku_sampai"].help_text = _(
            "Kosongkan: otomatis %(n)s tahun sejak tanggal asesmen."
        ) % {"n": masa_berlaku}
        for name, label in Asesmen.ASPEK:
            self.fields[name] = _angka(label, required=False, help_text=_("0–100, boleh kosong."))

    def clean_nip(self) -> str:
        # A NIP pasted from a spreadsheet as a number ("1.98E+17") has lost digits: say so.
        try:
            return nip_normalize(self.cleaned_data["nip"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    @property
    def fieldsets(self):
        utama = [name for name in ("nip", "tanggal", "metode", "lembaga") if name in self.fields]
        return [
            (_("Asesmen"), [self[name] for name in utama]),
            (_("Hasil"), [self[name] for name in ("nilai_potensi", "jpm", "berlaku_sampai")]),
            (_("Delapan aspek potensi"), [self[name] for name in self.ASPEK_FIELDS]),
        ]

    def service_values(self) -> dict:
        """Keyword arguments for asesmen_record()."""
        data = self.cleaned_data
        values = {
            name: data.get(name)
            for name in ("tanggal", "metode", "lembaga", "nilai_potensi", "jpm", "berlaku_sampai")
        }
        values.update({name: data.get(name) or None for name in self.ASPEK_FIELDS})
        return values
