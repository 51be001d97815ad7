"""Forms of the rule-set pages.

AturanForm shows every setting of a draf's model as its own field, grouped as the regulation
groups them. It only shapes input into a configuration dict; aturan.validasi.konfigurasi_periksa
(which ends with the engine's own Aturan.from_config) decides what is wrong, and each problem lands
on the field it names, or on its group (a sum of weights, the box numbering) when it names several.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .aturan.talenta import (
    AGREGASI_LABEL,
    BATAS_LABEL,
    BILANGAN,
    HUKUMAN_LABEL,
    KELOMPOK_BOBOT,
    KUNCI_LABEL,
    LABEL_MAKS,
    PENDIDIKAN_LABEL,
    PRESET_LABEL,
    SKOR_KUNCI,
    TALENTA,
    konfigurasi_kanonik,
)
from .aturan.validasi import Masalah, konfigurasi_periksa
from .engine import KINERJA_LEVELS, POTENSIAL_LEVELS, Aturan
from .labels import BOBOT_LABEL, LEVEL_LABEL, sel_label

BILANGAN_GALAT = {
    "required": gettext_lazy("Wajib diisi."),
    "invalid": gettext_lazy("Masukkan bilangan bulat."),
    "min_value": gettext_lazy("Paling kecil %(limit_value)s."),
    "max_value": gettext_lazy("Paling besar %(limit_value)s."),
}


def _bilangan(label, terendah: int, tertinggi: int, help_text: str = "") -> forms.IntegerField:
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


def _nama_field(kunci: str) -> str:
    induk, _titik, anak = kunci.partition(".")
    if induk == "predikat_skor":  # predikat names hold spaces and a slash
        return f"predikat_skor__{SKOR_KUNCI['predikat_skor'].index(anak)}"
    return kunci.replace(".", "__").replace("/", "__")


class AturanForm(forms.Form):
    """One draf version: name, change note and every setting of its model (the model itself is
    fixed by the preset or file the draf came from)."""

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
        aturan = Aturan.from_config(konfigurasi)
        self.model = aturan.model
        kanonik = konfigurasi_kanonik(aturan)
        self.peta: dict[str, str] = {}  # setting path -> field name
        self._bagian: list[dict] = []
        self._galat_bagian: list[tuple[str, str]] = []
        self.galat_bagian: dict[str, list[str]] = defaultdict(list)
        self._hanya_tanda: set[str] = set()  # fields marked for a group problem, not wrong alone
        self._bagian_tambah("identitas", _("Versi"), "", (), ["nama", "catatan"])
        if self.model == "berbobot":
            for sumbu in ("bobot_potensial", "bobot_kinerja"):
                nama = []
                for kelompok, komponen in KELOMPOK_BOBOT[sumbu]:
                    for k in komponen:
                        nama.append(
                            self._tambah(
                                f"{sumbu}.{k}",
                                _bilangan(capfirst(str(BOBOT_LABEL[k])), 0, 100, help_text=str(kelompok)),
                                kanonik,
                            )
                        )
                self._bagian_tambah(
                    sumbu,
                    KUNCI_LABEL[sumbu],
                    _("Poin per komponen (bilangan bulat); jumlah satu sumbu harus tepat 100."),
                    (sumbu,),
                    nama,
                    jumlah=True,
                )
            self._bagian_tambah(
                "batas",
                _("Batas level"),
                _(
                    "Skor 0–100. Batas termasuk di level atas: dengan batas tinggi 80, skor tepat 80 sudah "
                    "tinggi. Batas bawah harus lebih kecil dari batas atas."
                ),
                ("batas_potensial", "batas_kinerja"),
                [
                    self._tambah_batas(nama, i, kanonik)
                    for nama in ("batas_potensial", "batas_kinerja")
                    for i in (0, 1)
                ],
            )
        else:
            self._bagian_tambah(
                "batas",
                _("Kategori JPM → level potensial"),
                _(
                    "JPM asesmen (boleh lebih dari 100). Optimal ≥ batas tinggi, Cukup Optimal ≥ batas menengah."
                ),
                ("batas_jpm",),
                [self._tambah_batas("batas_jpm", i, kanonik) for i in (0, 1)],
            )
        sel = []
        # The default labels (the cell's description), shown as placeholders for custom ones.
        bawaan = {nomor: sel_label(k, p) for (k, p), nomor in aturan.kotak.items()}
        for k in KINERJA_LEVELS:
            for p in POTENSIAL_LEVELS:
                sel.append(
                    self._tambah(
                        f"kotak.{k}/{p}",
                        _bilangan(capfirst(sel_label(k, p)), 1, 9),
                        kanonik,
                    )
                )
        self._bagian_tambah(
            "kotak",
            KUNCI_LABEL["kotak"],
            _(
                "Nomor kotak setiap sel; nomor 1–9 masing-masing dipakai tepat sekali. Bawaan PermenPANRB 3/2020."
            ),
            ("kotak",),
            sel,
            jenis="grid",
        )
        label = []
        for n in range(1, 10):
            field = forms.CharField(
                label=_("Kotak %(n)s") % {"n": n},
                required=False,
                max_length=LABEL_MAKS,
                widget=forms.TextInput(attrs={"placeholder": bawaan[n]}),
            )
            label.append(self._tambah(f"label_kotak.{n}", field, kanonik))
        self._bagian_tambah(
            "label_kotak",
            KUNCI_LABEL["label_kotak"],
            _("Kosongkan untuk memakai uraian PermenPANRB 3/2020 (kinerja dan potensial sel itu)."),
            ("label_kotak",),
            label,
        )
        pool = forms.MultipleChoiceField(
            label=KUNCI_LABEL["kotak_talent_pool"],
            choices=[(str(n), _("Kotak %(n)s") % {"n": n}) for n in range(1, 10)],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Pilih minimal satu kotak untuk talent pool.")},
        )
        self._bagian_tambah(
            "kotak_talent_pool",
            KUNCI_LABEL["kotak_talent_pool"],
            _("Pegawai berstatus final di kotak ini masuk Kelompok Rencana Suksesi. Bawaan: 7, 8, 9."),
            ("kotak_talent_pool",),
            [self._tambah("kotak_talent_pool", pool, kanonik)],
        )
        skp = [self._tambah("jendela_tahun", _bilangan(KUNCI_LABEL["jendela_tahun"], 1, 10), kanonik)]
        if self.model == "berbobot":
            skp.append(
                self._tambah(
                    "agregasi_skp",
                    forms.ChoiceField(
                        label=KUNCI_LABEL["agregasi_skp"],
                        choices=[(k, capfirst(str(v))) for k, v in AGREGASI_LABEL.items()],
                    ),
                    kanonik,
                )
            )
            skp += [
                self._tambah(f"predikat_skor.{p}", _bilangan(_("Skor %(p)s") % {"p": p}, 0, 100), kanonik)
                for p in SKOR_KUNCI["predikat_skor"]
            ]
        self._bagian_tambah(
            "skp",
            _("SKP"),
            _("SKP tahunan dari sekian tahun penuh sebelum tahun acuan yang dihitung.")
            + (" " + _("Skor tiap predikat 0–100.") if self.model == "berbobot" else ""),
            ("jendela_tahun", "agregasi_skp", "predikat_skor"),
            skp,
        )
        if self.model == "berbobot":
            target = [
                self._tambah(nama, _bilangan(KUNCI_LABEL[nama], terendah, tertinggi), kanonik)
                for nama, terendah, tertinggi in BILANGAN
                if nama != "jendela_tahun"
            ]
            self._bagian_tambah(
                "target",
                _("Target (nilai yang dihitung 100)"),
                _("Mis. target JP 20: 20 JP per tahun dalam jendela SKP memberi nilai pengembangan 100."),
                tuple(n for n, _a, _b in BILANGAN if n != "jendela_tahun"),
                target,
            )
            for nama, labels in (("hukuman_skor", HUKUMAN_LABEL), ("pendidikan_skor", PENDIDIKAN_LABEL)):
                self._bagian_tambah(
                    nama,
                    KUNCI_LABEL[nama],
                    _("Skor 0–100."),
                    (nama,),
                    [
                        self._tambah(
                            f"{nama}.{k}", _bilangan(capfirst(str(labels.get(k, k))), 0, 100), kanonik
                        )
                        for k in SKOR_KUNCI[nama]
                    ],
                )

    # --- building -----------------------------------------------------------------------------

    def _tambah(self, kunci: str, field: forms.Field, kanonik: dict[str, Any]) -> str:
        nama = _nama_field(kunci)
        self.fields[nama] = field
        self.peta[kunci] = nama
        self.initial.setdefault(nama, _awal(kunci, kanonik))
        return nama

    def _tambah_batas(self, nama: str, i: int, kanonik: dict[str, Any]) -> str:
        return self._tambah(f"{nama}.{i}", AngkaField(label=capfirst(str(BATAS_LABEL[nama][i]))), kanonik)

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
        for masalah in konfigurasi_periksa(konfigurasi, katalog=TALENTA):
            akar = masalah.kunci.split(".")[0]
            if kurang and (akar in kurang or not masalah.kunci):
                continue  # that group's fields already say what is missing
            self._pasang(masalah)
        data["konfigurasi"] = konfigurasi
        return data

    def _konfigurasi(self, data: dict) -> tuple[dict[str, Any], set[str]]:
        konfigurasi: dict[str, Any] = {"model": self.model}
        kurang: set[str] = set()
        for kunci, nama in self.peta.items():
            induk, _titik, anak = kunci.partition(".")
            nilai = data.get(nama)
            if nilai in (None, "", []):
                if induk != "label_kotak":
                    kurang.add(induk)
                continue
            if induk in BATAS_LABEL:
                konfigurasi.setdefault(induk, [None, None])[int(anak)] = nilai
            elif induk == "kotak_talent_pool":
                konfigurasi[induk] = sorted(int(n) for n in nilai)
            elif induk == "label_kotak":
                konfigurasi.setdefault(induk, {})[anak] = nilai.strip()
            elif anak:
                konfigurasi.setdefault(induk, {})[anak] = nilai
            else:
                konfigurasi[induk] = nilai
        konfigurasi.setdefault("label_kotak", {})
        for induk in kurang:
            konfigurasi.pop(induk, None)
        return konfigurasi, kurang

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
                self.add_error(self.peta[kunci], _("Nomor ini dipakai lebih dari sekali."))
                self._hanya_tanda.add(self.peta[kunci])

    # --- rendering ----------------------------------------------------------------------------

    def bagian(self) -> list[dict]:
        """The fieldsets in order, with their bound fields and group-level errors."""
        hasil = []
        for b in self._bagian:
            item = dict(b, fields=[self[n] for n in b["fields"]], galat=self.galat_bagian.get(b["id"], []))
            if b["jumlah"]:
                item["total"] = self._jumlah(b["fields"])
            if b["jenis"] == "grid":
                item["baris"] = [
                    (
                        capfirst(str(LEVEL_LABEL[k])),
                        [self[self.peta[f"kotak.{k}/{p}"]] for p in POTENSIAL_LEVELS],
                    )
                    for k in reversed(KINERJA_LEVELS)
                ]
                item["kolom"] = [capfirst(str(LEVEL_LABEL[p])) for p in POTENSIAL_LEVELS]
            hasil.append(item)
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


def _awal(kunci: str, kanonik: dict[str, Any]) -> Any:
    induk, _titik, anak = kunci.partition(".")
    nilai = kanonik.get(induk)
    if nilai is None:
        return "" if induk == "label_kotak" else None
    if induk in BATAS_LABEL:
        return number_format(nilai[int(anak)])
    if induk == "kotak_talent_pool":
        return [str(n) for n in nilai]
    if anak:
        return nilai.get(anak, "")
    return nilai


class SalinForm(forms.Form):
    sumber = forms.ChoiceField(label=gettext_lazy("Salin dari"))
    nama = forms.CharField(label=gettext_lazy("Nama versi baru"), max_length=150)
    catatan = forms.CharField(
        label=gettext_lazy("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Boleh diisi nanti ketika draf diubah."),
    )

    def __init__(self, *args, versi: list, **kwargs):
        super().__init__(*args, **kwargs)
        preset = [(f"preset:{k}", str(v)) for k, v in PRESET_LABEL.items()]
        milik = [(f"versi:{a.pk}", _versi_label(a)) for a in versi]
        pilihan = [(_("Preset nasional"), preset)]
        if milik:
            pilihan.append((_("Versi instansi ini"), milik))
        self.fields["sumber"].choices = pilihan


def _versi_label(aturan) -> str:
    return f"v{aturan.versi} · {aturan.nama} ({aturan.get_status_display()})"


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
        pilihan = [(str(a.pk), _versi_label(a)) for a in versi]
        self.fields["a"].choices = pilihan
        self.fields["b"].choices = pilihan


class AktifkanForm(forms.Form):
    konfirmasi = forms.BooleanField(
        label=gettext_lazy(
            "Saya sudah memeriksa perubahannya dan ingin mengaktifkan versi ini serta menghitung ulang "
            "penempatan seluruh pegawai."
        ),
        error_messages={"required": gettext_lazy("Centang konfirmasi untuk mengaktifkan.")},
    )


class PengaturanForm(forms.Form):
    asn_boleh_lihat_kotak = forms.BooleanField(
        label=gettext_lazy("ASN boleh melihat kotak talentanya sendiri"),
        required=False,
        help_text=gettext_lazy(
            "Jika dicentang, ASN melihat kotak, alasan dan langkah pengembangannya di Profil Saya. "
            "Jika tidak, hanya Admin BKD, PPK dan Komite Talenta yang melihatnya."
        ),
    )
