"""Forms of the assessment queue: the year's budget, and the queue's filters. The budget's rules
live in services_antrean.anggaran_clean; the form only reads the fields (all errors show at once)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.asesmen.models import Asesmen
from apps.core.context import hari_ini
from apps.instansi.models import Instansi, UnitKerja

from .antrean import Kelompok, StatusAsesmen
from .models import AnggaranAsesmen
from .selectors_antrean import KELOMPOK_LABEL, STATUS_LABEL, perangkat_daerah_list
from .services_antrean import METODE, AnggaranData, anggaran_clean, biaya_bawaan

BIAYA_FIELD = {metode: f"biaya_{metode}" for metode in METODE}


def tahun_pilihan() -> list[tuple[int, str]]:
    tahun = hari_ini().year
    return [(t, str(t)) for t in range(tahun - 1, tahun + 3)]


class AnggaranAsesmenForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun anggaran"), coerce=int, choices=())
    jenis = forms.ChoiceField(
        label=_("Anggaran dinyatakan dalam"),
        choices=AnggaranAsesmen.Jenis.choices,
        widget=forms.RadioSelect,
    )
    jumlah_slot = forms.IntegerField(
        label=_("Jumlah slot (orang)"),
        required=False,
        min_value=0,
        help_text=_("Diisi bila anggaran dinyatakan dalam jumlah slot."),
    )
    jumlah_rupiah = forms.DecimalField(
        label=_("Jumlah anggaran (Rp)"),
        required=False,
        min_value=Decimal(0),
        max_digits=15,
        decimal_places=0,
        help_text=_("Diisi bila anggaran dinyatakan dalam rupiah; jumlah slot = anggaran ÷ biaya per orang."),
    )
    metode = forms.ChoiceField(
        label=_("Metode asesmen yang dianggarkan"),
        choices=Asesmen.Metode.choices,
        help_text=_("Biaya per orang metode ini menghitung berapa pegawai yang tercakup."),
    )
    biaya_assessment_center = forms.IntegerField(
        label=_("Biaya Assessment Center per orang (Rp)"), min_value=0, required=False
    )
    biaya_cact = forms.IntegerField(label=_("Biaya CACT per orang (Rp)"), min_value=0, required=False)
    biaya_uji_kompetensi = forms.IntegerField(
        label=_("Biaya Uji Kompetensi per orang (Rp)"), min_value=0, required=False
    )

    FIELDSETS = (
        (_("Anggaran"), ("tahun", "jenis", "jumlah_slot", "jumlah_rupiah", "metode")),
        (_("Biaya per orang menurut metode"), tuple(BIAYA_FIELD.values())),
    )

    def fieldsets(self) -> list[tuple[str, list]]:
        return [(label, [self[name] for name in names]) for label, names in self.FIELDSETS]

    def clean(self):
        """The service's rules too, so that every problem shows at once (a field that already has
        an error keeps only its own)."""
        data = super().clean()
        if all(name in data for name in ("tahun", "jenis", "metode")):
            try:
                anggaran_clean(self.data_anggaran())
            except ValidationError as error:
                for field, pesan in error.message_dict.items():
                    if field in self.fields and field in self.errors:
                        continue
                    self.add_error(field if field in self.fields else None, pesan)
        return data

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["tahun"].choices = tahun_pilihan()

    @staticmethod
    def initial_for(anggaran: AnggaranAsesmen | None, *, tahun: int) -> dict:
        biaya = {**biaya_bawaan(), **((anggaran.biaya_per_metode or {}) if anggaran else {})}
        initial = {BIAYA_FIELD[m]: biaya.get(m) for m in METODE}
        if anggaran is None:
            return {"tahun": tahun, "jenis": AnggaranAsesmen.Jenis.SLOT, "metode": METODE[0], **initial}
        return {
            "tahun": anggaran.tahun,
            "jenis": anggaran.jenis,
            "jumlah_slot": anggaran.jumlah_slot,
            "jumlah_rupiah": anggaran.jumlah_rupiah,
            "metode": anggaran.metode,
            **initial,
        }

    def data_anggaran(self) -> AnggaranData:
        d = self.cleaned_data
        return AnggaranData(
            tahun=d["tahun"],
            jenis=d["jenis"],
            jumlah_slot=d.get("jumlah_slot"),
            jumlah_rupiah=d.get("jumlah_rupiah"),
            metode=d["metode"],
            biaya_per_metode={m: d[BIAYA_FIELD[m]] for m in METODE if d.get(BIAYA_FIELD[m]) is not None},
        )


class PerangkatDaerahField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitKerja) -> str:
        return obj.nama


CAKUPAN_CHOICES = [
    ("", _("Semua")),
    ("tercakup", _("Dalam anggaran")),
    ("di_luar", _("Di luar anggaran")),
]


class AntreanFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun anggaran"), coerce=int, required=False, choices=())
    perangkat_daerah = PerangkatDaerahField(
        label=_("Perangkat daerah"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    kelompok = forms.TypedChoiceField(
        label=_("Alasan prioritas"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Semua")), *((int(k), KELOMPOK_LABEL[k]) for k in Kelompok)],
    )
    status = forms.ChoiceField(
        label=_("Status asesmen"),
        required=False,
        choices=[
            ("", _("Semua")),
            *(
                (s, STATUS_LABEL[s])
                for s in (
                    StatusAsesmen.BELUM_PERNAH,
                    StatusAsesmen.KEDALUWARSA,
                    StatusAsesmen.SEGERA_KEDALUWARSA,
                )
            ),
        ],
    )
    cakupan = forms.ChoiceField(label=_("Garis anggaran"), required=False, choices=CAKUPAN_CHOICES)

    def __init__(self, data, *, instansi: Instansi, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["tahun"].choices = tahun_pilihan()
        self.fields["perangkat_daerah"].queryset = perangkat_daerah_list(instansi=instansi)

    def values(self) -> dict:
        """Valid values only (an invalid filter is ignored, as on the other lists)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
