"""The filter form of the nine-box pages (GET parameters; an invalid value just drops that filter)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.forms_bkd import UnitKerjaChoiceField
from apps.pegawai.referensi import GOLONGAN_CHOICES, JenisJabatan, JenisKelamin, StatusKepegawaian

from .selectors_ninebox import RENTANG_USIA, SaringanNinebox

# The query-string parameters the pages carry from one to the other (grid → box → back).
PARAMETER = ("periode", "unit", "jenis_jabatan", "golongan", "status", "jenis_kelamin", "usia")


def _semua(choices) -> list:
    return [("", _("Semua")), *choices]


class NineboxFilterForm(forms.Form):
    periode = forms.TypedChoiceField(label=_("Periode"), required=False, coerce=int, empty_value=None)
    unit = UnitKerjaChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=_semua(JenisJabatan.choices)
    )
    golongan = forms.ChoiceField(label=_("Golongan"), required=False, choices=_semua(GOLONGAN_CHOICES))
    status = forms.ChoiceField(
        label=_("Status kepegawaian"), required=False, choices=_semua(StatusKepegawaian.choices)
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=_semua(JenisKelamin.choices)
    )
    usia = forms.ChoiceField(
        label=_("Usia"),
        required=False,
        choices=_semua((kode, label) for kode, (label, _dari, _sampai) in RENTANG_USIA.items()),
    )

    def __init__(
        self, data, *, instansi: Instansi, periode_pilihan: list[int], periode_bawaan: int, **kwargs
    ):
        # A missing or unknown period shows the default one (selected in the menu, no error).
        data = data.copy()
        if data.get("periode") not in {str(p) for p in periode_pilihan}:
            data["periode"] = str(periode_bawaan)
        super().__init__(data, **kwargs)
        # Evaluated per request inside the tenant scope; a foreign unit id is "not a valid choice".
        self.fields["unit"].queryset = UnitKerja.objects.filter(instansi=instansi).order_by("kode")
        self.fields["periode"].choices = [(p, str(p)) for p in periode_pilihan]
        self.periode_bawaan = periode_bawaan
        self.is_valid()

    @property
    def periode_terpilih(self) -> int:
        return self.cleaned_data.get("periode") or self.periode_bawaan

    def saringan(self) -> SaringanNinebox:
        data = self.cleaned_data
        return SaringanNinebox(
            unit_kerja=data.get("unit"),
            jenis_jabatan=data.get("jenis_jabatan") or "",
            golongan=data.get("golongan") or "",
            status_kepegawaian=data.get("status") or "",
            jenis_kelamin=data.get("jenis_kelamin") or "",
            usia=data.get("usia") or "",
        )

    def label_aktif(self) -> list[str]:
        """The valid filters in words, for the page to say what it shows ("Jenis kelamin: Perempuan")."""
        labels = []
        for name in PARAMETER[1:]:
            value = self.cleaned_data.get(name)
            if not value:
                continue
            field = self.fields[name]
            if name == "unit":
                text = _("%(unit)s dan unit di bawahnya") % {"unit": value.nama}
            else:
                text = dict(field.choices).get(value, value)
            labels.append(f"{field.label}: {text}")
        return labels

    def querystring(self, *, periode: int | None = None) -> str:
        """The valid filters (and the period) as a query string, to carry them to the next page."""
        data = self.cleaned_data
        values = {
            "periode": periode or self.periode_terpilih,
            "unit": data["unit"].pk if data.get("unit") else "",
            "jenis_jabatan": data.get("jenis_jabatan") or "",
            "golongan": data.get("golongan") or "",
            "status": data.get("status") or "",
            "jenis_kelamin": data.get("jenis_kelamin") or "",
            "usia": data.get("usia") or "",
        }
        return urlencode([(name, values[name]) for name in PARAMETER if values[name]])
