"""Forms of the ASN's own pages and of the verification queue. Input shape only: the rules
(document size and type, verification transitions) live in apps/pegawai/services.py."""

from __future__ import annotations

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Pegawai, Riwayat, riwayat_tanggal_errors
from .services import KONTAK_FIELDS, dokumen_berkas_check, riwayat_data_fields

DOKUMEN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (yyyy-mm-dd)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class KontakForm(forms.Form):
    """E-mail, telephone and address: saved at once, no verification (docs/domain.md §7)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Pegawai,
                fields=KONTAK_FIELDS,
                widgets={
                    "telepon": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                    "email": forms.EmailInput(attrs={"autocomplete": "email"}),
                    "alamat": forms.TextInput(attrs={"autocomplete": "street-address"}),
                },
            )
        )


class RiwayatForm(forms.Form):
    """Base of the generated portfolio forms: the kind's own fields plus the supporting document."""

    model: type[Riwayat]

    def __init__(self, *args, ukuran_maks_kb: int, dokumen_wajib: bool, **kwargs):
        super().__init__(*args, **kwargs)
        berkas = forms.FileField(
            label=_("Dokumen pendukung"),
            required=dokumen_wajib,
            widget=forms.FileInput(attrs={"accept": DOKUMEN_ACCEPT}),
            error_messages={"required": _("Unggah dokumen pendukung (PDF, JPG atau PNG).")},
            help_text=_("PDF, JPG atau PNG, paling besar %(kb)s KB.") % {"kb": ukuran_maks_kb},
        )
        if not dokumen_wajib:
            berkas.help_text = _(
                "Kosongkan untuk tetap memakai dokumen yang sudah diunggah. PDF, JPG atau PNG, paling besar %(kb)s KB."
            ) % {"kb": ukuran_maks_kb}
        self.fields["berkas"] = berkas
        self.ukuran_maks_kb = ukuran_maks_kb

    def clean_berkas(self):
        # The file is checked with the other fields (not only when it is stored), so a wrong file
        # and wrong dates are reported together.
        berkas = self.cleaned_data.get("berkas")
        if berkas:
            try:
                dokumen_berkas_check(berkas=berkas, maks_bytes=self.ukuran_maks_kb * 1024)
            except ValidationError as error:
                raise ValidationError(error.message_dict["berkas"]) from error
        return berkas

    def clean(self):
        cleaned = super().clean()
        for field, message in riwayat_tanggal_errors(self.model, cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def riwayat_data(self) -> dict:
        """The cleaned values of the kind's own fields (what riwayat_create/update take)."""
        return {name: self.cleaned_data[name] for name in riwayat_data_fields(self.model)}


@cache
def riwayat_form_class(model: type[Riwayat]) -> type[RiwayatForm]:
    """A form for one kind of riwayat, generated from its model fields like a ModelForm."""
    names = riwayat_data_fields(model)
    widgets = {
        f.name: DateInput()
        for f in model._meta.concrete_fields
        if f.name in names and isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
    }
    fields = forms.fields_for_model(model, fields=names, widgets=widgets)
    return type(f"{model.__name__}Form", (RiwayatForm,), {"model": model, **fields})


class TolakForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tuliskan alasan penolakan agar ASN tahu apa yang harus diperbaiki.")},
        help_text=_("Terlihat oleh ASN: sebutkan apa yang harus diperbaiki."),
    )


class AntreanFilterForm(forms.Form):
    """The queue's filters (GET). Invalid values are ignored, not an error page."""

    unit_kerja = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=None, required=False, empty_label=_("Semua unit kerja")
    )
    dari = forms.DateField(label=_("Diajukan sejak"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Diajukan sampai"), required=False, widget=DateInput())
    cari = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, unit_kerja_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = unit_kerja_queryset

    def filters(self) -> dict:
        if not self.is_valid():
            return {
                name: self.cleaned_data.get(name)
                for name in ("unit_kerja", "dari", "sampai", "cari")
                if name in self.cleaned_data
            }
        return dict(self.cleaned_data)
