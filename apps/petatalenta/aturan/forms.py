"""Forms of the rule-set pages of any kind.

`AturanFormBase` is the editor: a kind's subclass adds every setting as its own field, grouped in
sections (`_tambah`, `_bagian_tambah`), and turns the input back into a configuration
(`_konfigurasi`). The base decides nothing itself: `validasi.konfigurasi_periksa` with the kind's
catalogue (which ends with the kind's engine) says what is wrong, and each problem lands on the
field it names, or on its section when it names several (a sum of weights).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .katalog import Katalog
from .validasi import Masalah, konfigurasi_periksa

BILANGAN_GALAT = {
    "required": gettext_lazy("Wajib diisi."),
    "invalid": gettext_lazy("Masukkan bilangan bulat."),
    "min_value": gettext_lazy("Paling kecil %(limit_value)s."),
    "max_value": gettext_lazy("Paling besar %(limit_value)s."),
}


def bilangan_field(label, terendah: int, tertinggi: int, help_text: str = "") -> forms.IntegerField:
    """A whole-number setting from `terendah` to `tertinggi`."""
    return forms.IntegerField(
        label=label,
        min_value=terendah,
        max_value=tertinggi,
        help_text=help_text,
        error_messages=BILANGAN_GALAT,
        widget=forms.NumberInput(
            attrs={"min": terendah, "max": tertinggi, "step": 1, "class": "angka-input"}
        ),
    )


class AngkaField(forms.CharField):
    """A decimal typed the Indonesian way ("72,5") or with a point; cleaned to a JSON number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "angka-input"}),
        )
        kwargs.setdefault("error_messages", {"required": _("Wajib diisi.")})
        super().__init__(**kwargs)

    def clean(self, value):
        teks = super().clean(value)
        if teks in ("", None):
            return None
        teks = teks.strip().replace(" ", "")
        if "," in teks and "." not in teks:
            teks = teks.replace(",", ".")
        try:
            angka = Decimal(teks)
        except InvalidOperation:
            angka = None
        if angka is None or not angka.is_finite():
            raise ValidationError(_("Masukkan angka, mis. 80 atau 72,5."))
        return int(angka) if angka == angka.to_integral_value() else float(angka)


class AturanFormBase(forms.Form):
    """One draf version: name, change note and the settings a subclass adds in `_bangun`."""

    katalog: Katalog  # set by the subclass
    pesan_tandai = gettext_lazy("Nomor ini dipakai lebih dari sekali.")

    nama = forms.CharField(label=gettext_lazy("Nama versi"), max_length=150)
    catatan = forms.CharField(
        label=gettext_lazy("Catatan perubahan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Apa yang diubah dan dasar keputusannya (mis. nomor SK), untuk Komite dan auditor."
        ),
    )

    def __init__(self, *args, konfigurasi: dict[str, Any], **kwargs):
        super().__init__(*args, **kwargs)
        self.peta: dict[str, str] = {}  # setting path -> field name
        self._bagian: list[dict] = []
        self._galat_bagian: list[tuple[str, str]] = []
        self.galat_bagian: dict[str, list[str]] = defaultdict(list)
        self._hanya_tanda: set[str] = set()  # fields marked for a group problem, not wrong alone
        self._bagian_tambah("identitas", _("Versi"), "", (), ["nama", "catatan"])
        self._bangun(konfigurasi)

    # --- what a kind provides -------------------------------------------------------------------

    def _bangun(self, konfigurasi: dict[str, Any]) -> None:
        """Add the kind's fields and sections."""
        raise NotImplementedError

    def _konfigurasi(self, data: dict) -> tuple[dict[str, Any], set[str]]:
        """The configuration the input describes, and the top-level settings left incomplete
        (their fields already say what is missing, so engine problems about them are not shown)."""
        raise NotImplementedError

    def _nama_field(self, kunci: str) -> str:
        return kunci.replace(".", "__").replace("/", "__")

    def _awal(self, kunci: str, kanonik: dict[str, Any]) -> Any:
        """The initial value of a setting path from the explicit configuration."""
        induk, _titik, anak = kunci.partition(".")
        nilai = kanonik.get(induk)
        if nilai is None:
            return None
        if anak:
            return nilai.get(anak, "") if isinstance(nilai, dict) else nilai[int(anak)]
        return nilai

    def _bagian_item(self, item: dict) -> dict:
        """A section's extra rendering data (the talent grid adds rows and columns)."""
        return item

    # --- building -----------------------------------------------------------------------------

    def _tambah(self, kunci: str, field: forms.Field, kanonik: dict[str, Any]) -> str:
        nama = self._nama_field(kunci)
        self.fields[nama] = field
        self.peta[kunci] = nama
        self.initial.setdefault(nama, self._awal(kunci, kanonik))
        return nama

    def _bagian_tambah(self, id_: str, judul, help_text, kunci: tuple[str, ...], fields: list[str], **extra):
        self._bagian.append(
            {
                "id": id_,
                "judul": judul,
                "help": help_text,
                "kunci": kunci,
                "fields": fields,
                "jenis": extra.get("jenis", "biasa"),
                "jumlah": extra.get("jumlah", False),
            }
        )

    # --- reading the input --------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        konfigurasi, kurang = self._konfigurasi(data)
        for masalah in konfigurasi_periksa(konfigurasi, katalog=self.katalog):
            akar = masalah.kunci.split(".")[0]
            if kurang and (akar in kurang or not masalah.kunci):
                continue  # that group's fields already say what is missing
            self._pasang(masalah)
        data["konfigurasi"] = konfigurasi
        return data

    def _pasang(self, masalah: Masalah) -> None:
        pesan = capfirst(masalah.pesan)
        nama = self.peta.get(masalah.kunci)
        if nama is not None:
            self.add_error(nama, pesan)
        else:
            akar = masalah.kunci.split(".")[0]
            bagian = next((b["id"] for b in self._bagian if akar and akar in b["kunci"]), "")
            teks = f"{masalah.label}: {masalah.pesan}" if masalah.kunci else pesan
            if bagian:
                self.galat_bagian[bagian].append(pesan)
                self._galat_bagian.append((bagian, teks))
            self.add_error(None, teks)
        for kunci in masalah.tandai:
            if kunci in self.peta and self.peta[kunci] not in self.errors:
                self.add_error(self.peta[kunci], str(self.pesan_tandai))
                self._hanya_tanda.add(self.peta[kunci])

    # --- rendering ----------------------------------------------------------------------------

    def bagian(self) -> list[dict]:
        """The fieldsets in order, with their bound fields and group-level errors."""
        hasil = []
        for b in self._bagian:
            item = dict(b, fields=[self[n] for n in b["fields"]], galat=self.galat_bagian.get(b["id"], []))
            if b["jumlah"]:
                item["total"] = self._jumlah(b["fields"])
            hasil.append(self._bagian_item(item))
        return hasil

    def _jumlah(self, nama_fields: list[str]) -> int | None:
        total = 0
        for nama in nama_fields:
            nilai = self[nama].value()
            try:
                total += int(nilai)
            except (TypeError, ValueError):
                return None
        return total

    def ringkasan_galat(self) -> list[tuple[str, str]]:
        """Every problem once, for the summary at the top: (anchor, text)."""
        hasil = []
        for nama, errors in self.errors.items():
            if nama == NON_FIELD_ERRORS or nama in self._hanya_tanda:
                continue
            for e in errors:
                hasil.append((self[nama].id_for_label or f"id_{nama}", f"{self.fields[nama].label}: {e}"))
        dikelompokkan = {teks for _b, teks in self._galat_bagian}
        hasil += [(f"bagian-{b}", teks) for b, teks in self._galat_bagian]
        hasil += [("", e) for e in self.non_field_errors() if e not in dikelompokkan]
        return hasil

    @classmethod
    def data_dari(cls, *, konfigurasi: dict[str, Any], nama: str, catatan: str = "") -> dict[str, Any]:
        """POST data that would save `konfigurasi` unchanged (tests, and a "reset" link)."""
        form = cls(konfigurasi=konfigurasi)
        data: dict[str, Any] = {"nama": nama, "catatan": catatan}
        for nama_field in form.peta.values():
            data[nama_field] = form.initial.get(nama_field, "")
        return data


def versi_label(aturan) -> str:
    return f"v{aturan.versi} · {aturan.nama} ({aturan.get_status_display()})"


class SalinForm(forms.Form):
    sumber = forms.ChoiceField(label=gettext_lazy("Salin dari"))
    nama = forms.CharField(label=gettext_lazy("Nama versi baru"), max_length=150)
    catatan = forms.CharField(
        label=gettext_lazy("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Boleh diisi nanti ketika draf diubah."),
    )

    def __init__(self, *args, versi: list, preset_label: dict, **kwargs):
        super().__init__(*args, **kwargs)
        preset = [(f"preset:{k}", str(v)) for k, v in preset_label.items()]
        milik = [(f"versi:{a.pk}", versi_label(a)) for a in versi]
        pilihan = [(_("Preset nasional"), preset)]
        if milik:
            pilihan.append((_("Versi instansi ini"), milik))
        self.fields["sumber"].choices = pilihan


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas JSON"),
        allow_empty_file=True,  # the service explains an empty file in its own words
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
        help_text=gettext_lazy("Berkas hasil tombol “Ekspor JSON” (dari instansi ini atau instansi lain)."),
    )
    nama = forms.CharField(
        label=gettext_lazy("Nama versi baru"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Kosongkan untuk memakai nama di dalam berkas."),
    )


class BandingForm(forms.Form):
    a = forms.ChoiceField(label=gettext_lazy("Versi lama"))
    b = forms.ChoiceField(label=gettext_lazy("Versi baru"))

    def __init__(self, *args, versi: list, **kwargs):
        super().__init__(*args, **kwargs)
        pilihan = [(str(a.pk), versi_label(a)) for a in versi]
        self.fields["a"].choices = pilihan
        self.fields["b"].choices = pilihan


class AktifkanForm(forms.Form):
    """The confirmation box; its label (what the clerk confirms) is the kind's."""

    konfirmasi = forms.BooleanField(
        error_messages={"required": gettext_lazy("Centang konfirmasi untuk mengaktifkan.")},
    )

    # The impact preview shown above the box (aturan/pratinjau.py): the service checks it is still
    # current and records it in the activation's audit event.
    pratinjau = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": gettext_lazy("Pratinjau dampak tidak dikenal. Buka pratinjau terbaru.")},
    )

    def __init__(self, *args, label, pratinjau_wajib: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["konfirmasi"].label = label
        self.pratinjau_wajib = pratinjau_wajib

    def clean_pratinjau(self):
        nilai = self.cleaned_data.get("pratinjau")
        if self.pratinjau_wajib and nilai is None:
            raise forms.ValidationError(
                gettext_lazy("Baca pratinjau dampak versi ini sebelum mengaktifkannya.")
            )
        return nilai
