from django import forms
from django.utils.translation import gettext_lazy as _

from .models import UnitKerja


class UnitKerjaForm(forms.Form):
    """Input for unit_kerja_create/update; the service does the domain validation."""

    kode = forms.CharField(label=_("Kode"), max_length=30)
    nama = forms.CharField(label=_("Nama"), max_length=200)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=UnitKerja.Jenis.choices)
    induk = forms.ModelChoiceField(
        label=_("Unit induk"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("— tidak ada (perangkat daerah) —"),
    )
    aktif = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, instansi, exclude_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per request inside the tenant scope; a foreign id is "not a valid choice".
        queryset = UnitKerja.objects.filter(instansi=instansi).exclude(jenis=UnitKerja.Jenis.SEKSI)
        if exclude_pk is not None:
            queryset = queryset.exclude(pk=exclude_pk)
        self.fields["induk"].queryset = queryset.order_by("kode")
