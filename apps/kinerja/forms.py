"""Forms of the SKP pages. They only shape input: skp_clean() validates the values and derives the
predikat from the two ratings (it is never an input here); its messages land on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.pegawai.forms_bkd import DateInput, PegawaiRecordFilterForm, PegawaiRecordForm

from .models import Periode
from .predikat import Predikat, Rating


class SkpFilterForm(PegawaiRecordFilterForm):
    FILTERS = ("periode", "predikat")

    periode = forms.ChoiceField(
        label=_("Periode"), required=False, choices=[("", _("Semua")), *Periode.choices]
    )
    predikat = forms.ChoiceField(
        label=_("Predikat"), required=False, choices=[("", _("Semua")), *Predikat.choices]
    )


class SkpForm(PegawaiRecordForm):
    """One SKP for skp_record(). The predikat is derived by the service from the two ratings."""

    tahun = forms.IntegerField(label=_("Tahun"))
    periode = forms.ChoiceField(label=_("Periode"), choices=[("", "—"), *Periode.choices])
    rating_hasil_kerja = forms.ChoiceField(
        label=_("Rating hasil kerja"), choices=[("", "—"), *Rating.choices]
    )
    rating_perilaku_kerja = forms.ChoiceField(
        label=_("Rating perilaku kerja"), choices=[("", "—"), *Rating.choices]
    )

    def service_values(self) -> dict:
        """Keyword arguments for skp_record()."""
        return {
            name: self.cleaned_data.get(name)
            for name in ("tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja")
        }


class UmpanBalikFilterForm(PegawaiRecordFilterForm):
    FILTERS = ()


class UmpanBalikForm(PegawaiRecordForm):
    """One 360° feedback result for umpan_balik_record(). The fields only carry the text: the
    service validates every value, so all problems are shown at once."""

    tanggal = forms.CharField(label=_("Tanggal penilaian"), widget=DateInput, required=False)
    skor = forms.CharField(
        required=False, label=_("Nilai (0–100)"), max_length=10, help_text=_("Boleh dengan koma, mis. 82,5.")
    )
    penyelenggara = forms.CharField(
        label=_("Penyelenggara"),
        max_length=200,
        required=False,
        help_text=_("Mis. BKD, unit kerja, lembaga survei."),
    )

    def service_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("tanggal", "skor", "penyelenggara")}
