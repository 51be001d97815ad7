"""The filter form of a talent rule-set preview's list of changes (GET parameters; an invalid value
just drops that filter)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.forms_bkd import UnitKerjaChoiceField

KEADAAN_PILIHAN = [
    ("", _("Semua")),
    *((str(n), _("Kotak %(n)s") % {"n": n}) for n in range(9, 0, -1)),
    ("0", _("Perlu data")),
]


class PratinjauFilterForm(forms.Form):
    unit = UnitKerjaChoiceField(
        label=_("Perangkat daerah / unit kerja"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Semua"),
    )
    dari = forms.ChoiceField(label=_("Dari (aturan aktif)"), required=False, choices=KEADAAN_PILIHAN)
    ke = forms.ChoiceField(label=_("Ke (draf)"), required=False, choices=KEADAAN_PILIHAN)

    def __init__(self, data, *, instansi: Instansi, **kwargs):
        super().__init__(data, **kwargs)
        # Evaluated per request inside the tenant scope; a foreign unit id is "not a valid choice".
        self.fields["unit"].queryset = UnitKerja.objects.filter(instansi=instansi).order_by("kode")

    def querystring(self) -> str:
        """The valid filters as a query string (for the pages and the export link)."""
        data = self.cleaned_data
        values = [
            ("unit", data["unit"].pk if data.get("unit") else ""),
            ("dari", data.get("dari") or ""),
            ("ke", data.get("ke") or ""),
        ]
        return urlencode([(k, v) for k, v in values if v != ""])
