"""The what-if form: the pegawai's current values prefilled, the user changes some; the page (GET)
and the API (JSON, missing keys keep the current value) validate with it alike."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.pegawai.referensi import JenjangPendidikan

from .selectors_simulasi import JP_MAKS, JPM_MAKS, POTENSI_MAKS, DasarSimulasi, Perubahan

DUA_DESIMAL = Decimal("0.01")
SESUAI = {"ya": True, "tidak": False}


class NilaiField(forms.CharField):
    """A score typed the Indonesian way ("92,5") or with a point: 0 to `maks`, two decimals at most."""

    def __init__(self, *, maks: Decimal, pesan: Any, **kwargs):
        self.maks, self.pesan = maks, pesan
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "angka-input"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        teks = super().clean(value)
        if teks in ("", None):
            return None
        teks = str(teks).strip().replace(" ", "")
        if "," in teks and "." not in teks:
            teks = teks.replace(",", ".")
        try:
            angka = Decimal(teks)
        except InvalidOperation:
            angka = None
        if (
            angka is None
            or not angka.is_finite()
            or not Decimal(0) <= angka <= self.maks
            or angka != angka.quantize(DUA_DESIMAL)
        ):
            raise ValidationError(str(self.pesan))
        return angka.quantize(DUA_DESIMAL)


class SimulasiForm(forms.Form):
    jpm = NilaiField(
        label=gettext_lazy("JPM kompetensi"),
        maks=JPM_MAKS,
        pesan=gettext_lazy("JPM harus angka 0–200 dengan paling banyak dua desimal, mis. 92,50."),
        help_text=gettext_lazy("0–200, mis. 92,50."),
    )
    nilai_potensi = NilaiField(
        label=gettext_lazy("Nilai potensi"),
        maks=POTENSI_MAKS,
        pesan=gettext_lazy("Nilai potensi harus angka 0–100 dengan paling banyak dua desimal, mis. 77,50."),
        help_text=gettext_lazy("0–100, mis. 77,50."),
    )
    jp = forms.IntegerField(
        label=gettext_lazy("Jam pelajaran (JP) diklat"),
        min_value=0,
        max_value=JP_MAKS,
        error_messages={
            "required": gettext_lazy("Isi jumlah JP diklat (0–2000)."),
            "invalid": gettext_lazy("JP diklat harus bilangan bulat 0–2000."),
            "min_value": gettext_lazy("JP diklat harus bilangan bulat 0–2000."),
            "max_value": gettext_lazy("JP diklat harus bilangan bulat 0–2000."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": JP_MAKS, "step": 1, "class": "angka-input"}),
    )
    jenjang = forms.ChoiceField(label=gettext_lazy("Pendidikan tertinggi"), required=False)
    kesesuaian = forms.ChoiceField(label=gettext_lazy("Kesesuaian bidang pendidikan"), required=False)

    def __init__(self, data=None, *, dasar: DasarSimulasi, **kwargs):
        self.dasar = dasar
        inputs = dasar.inputs
        initial = {
            "jp": inputs.jp_pengembangan,
            "jenjang": inputs.jenjang_pendidikan or "",
            "kesesuaian": {True: "ya", False: "tidak"}.get(inputs.pendidikan_sesuai, ""),
        }
        sekarang = dasar.skp_sekarang
        for tahun in dasar.jendela_skp:
            initial[f"skp_{tahun}"] = sekarang.get(tahun, "")
        if data is not None and not hasattr(data, "getlist"):
            # The API: a key left out keeps the pegawai's own value.
            data = {**initial, **{k: v for k, v in data.items() if v is not None}}
        super().__init__(data, initial=initial, **kwargs)
        predikat = [(p, p) for p in dasar.predikat_pilihan]
        for tahun in dasar.jendela_skp:
            self.fields[f"skp_{tahun}"] = forms.ChoiceField(
                label=_("Predikat SKP tahunan %(tahun)s") % {"tahun": tahun},
                required=False,
                choices=[("", _("Tidak ada SKP")), *predikat],
                error_messages={"invalid_choice": _("Pilih predikat SKP dari daftar.")},
            )
        # "Belum ada" / "belum dinilai" only while it is so: a what-if adds data, it does not undo
        # what a verifier approved.
        jenjang = list(JenjangPendidikan.choices)
        self.fields["jenjang"].choices = (
            jenjang if inputs.jenjang_pendidikan else [("", _("Belum ada")), *jenjang]
        )
        self.fields["jenjang"].error_messages["invalid_choice"] = _("Pilih jenjang pendidikan dari daftar.")
        sesuai = [("ya", _("Sesuai dengan jabatan saat ini")), ("tidak", _("Tidak sesuai"))]
        self.fields["kesesuaian"].choices = (
            sesuai if inputs.pendidikan_sesuai is not None else [("", _("Belum dinilai")), *sesuai]
        )
        self.fields["kesesuaian"].error_messages["invalid_choice"] = _("Pilih kesesuaian dari daftar.")
        self.fields["jp"].help_text = _("Diklat yang selesai sejak %(sejak)s (sekarang %(jp)s JP).") % {
            "sejak": date_format(dasar.jp_sejak, "DATE_FORMAT"),
            "jp": inputs.jp_pengembangan,
        }

    @property
    def skp_fields(self) -> list:
        return [self[f"skp_{tahun}"] for tahun in self.dasar.jendela_skp]

    def clean(self):
        data = super().clean()
        jpm, potensi = data.get("jpm"), data.get("nilai_potensi")
        kosong = [name for name, value in (("jpm", jpm), ("nilai_potensi", potensi)) if value is None]
        if len(kosong) == 1 and not self.errors:
            self.add_error(
                kosong[0], _("Isi JPM dan nilai potensi bersama-sama: keduanya hasil asesmen yang sama.")
            )
        return data

    def perubahan(self) -> Perubahan:
        """What differs from the pegawai's own values (call after is_valid())."""
        data, inputs = self.cleaned_data, self.dasar.inputs
        sekarang = self.dasar.skp_sekarang
        skp = tuple(
            (tahun, data[f"skp_{tahun}"] or None)
            for tahun in self.dasar.jendela_skp
            if (data[f"skp_{tahun}"] or None) != sekarang.get(tahun)
        )
        jenjang = data.get("jenjang") or None
        sesuai = SESUAI.get(data.get("kesesuaian") or "")
        return Perubahan(
            asesmen=(data["jpm"], data["nilai_potensi"]) if data.get("jpm") is not None else None,
            skp=skp,
            jp_pengembangan=data["jp"] if data["jp"] != inputs.jp_pengembangan else None,
            jenjang_pendidikan=jenjang if jenjang != inputs.jenjang_pendidikan else None,
            pendidikan_sesuai=sesuai if sesuai != inputs.pendidikan_sesuai else None,
        )
