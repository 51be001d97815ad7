"""Forms of the asesmen pages. They only shape input: asesmen_clean() validates the values (ranges,
Indonesian decimals, dates, validity) and its messages land on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.pegawai.forms_bkd import DateInput, PegawaiRecordFilterForm, PegawaiRecordForm

from .models import Asesmen
from .selectors import STATUS_CHOICES


class AsesmenFilterForm(PegawaiRecordFilterForm):
    FILTERS = ("metode", "status")

    tahun = forms.TypedChoiceField(label=_("Tahun asesmen"), required=False, coerce=int, empty_value=None)
    metode = forms.ChoiceField(
        label=_("Metode"), required=False, choices=[("", _("Semua")), *Asesmen.Metode.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua")), *STATUS_CHOICES])


def _angka(label, *, required: bool = True, help_text: str = "") -> forms.CharField:
    # Text, not a number input: BKD staff type Indonesian decimals ("77,50"); the service parses.
    return forms.CharField(
        label=label,
        required=required,
        max_length=12,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class AsesmenForm(PegawaiRecordForm):
    """One asesmen for asesmen_record()."""

    tanggal = forms.DateField(label=_("Tanggal asesmen"), widget=DateInput)
    metode = forms.ChoiceField(label=_("Metode"), choices=[("", "—"), *Asesmen.Metode.choices])
    lembaga = forms.CharField(label=_("Lembaga / assessment center"), max_length=200)
    nilai_potensi = _angka(_("Nilai potensi"), help_text=_("0–100, mis. 77,50."))
    jpm = _angka(_("JPM kompetensi (%)"), help_text=_("Boleh lebih dari 100, mis. 138,89."))
    berlaku_sampai = forms.DateField(label=_("Berlaku sampai"), widget=DateInput, required=False)

    ASPEK_FIELDS = [name for name, _label in Asesmen.ASPEK]

    def __init__(self, *args, masa_berlaku: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berlaku_sampai"].help_text = _(
            "Kosongkan: otomatis %(n)s tahun sejak tanggal asesmen."
        ) % {"n": masa_berlaku}
        for name, label in Asesmen.ASPEK:
            self.fields[name] = _angka(label, required=False, help_text=_("0–100, boleh kosong."))

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
