"""Forms of the talent rule-set pages.

AturanForm shows every setting of a draf's model as its own field, grouped as the regulation
groups them. It only shapes input into a configuration dict; the shared editor machinery
(aturan.forms.AturanFormBase) runs aturan.validasi.konfigurasi_periksa (which ends with the
engine's own Aturan.from_config) and puts each problem on the field it names, or on its group (a
sum of weights, the box numbering) when it names several.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .aturan.forms import AngkaField, AturanFormBase, bilangan_field
from .aturan.talenta import (
    AGREGASI_LABEL,
    BATAS_LABEL,
    BILANGAN,
    HUKUMAN_LABEL,
    KELOMPOK_BOBOT,
    KUNCI_LABEL,
    LABEL_MAKS,
    PENDIDIKAN_LABEL,
    SKOR_KUNCI,
    TALENTA,
    konfigurasi_kanonik,
)
from .engine import KINERJA_LEVELS, POTENSIAL_LEVELS, Aturan
from .labels import BOBOT_LABEL, LEVEL_LABEL, sel_label


class AturanForm(AturanFormBase):
    """One draf version of the talent rule set: name, change note and every setting of its model
    (the model itself is fixed by the preset or file the draf came from)."""

    katalog = TALENTA

    def _bangun(self, konfigurasi: dict[str, Any]) -> None:
        aturan = Aturan.from_config(konfigurasi)
        self.model = aturan.model
        kanonik = konfigurasi_kanonik(aturan)
        if self.model == "berbobot":
            for sumbu in ("bobot_potensial", "bobot_kinerja"):
                nama = []
                for kelompok, komponen in KELOMPOK_BOBOT[sumbu]:
                    for k in komponen:
                        nama.append(
                            self._tambah(
                                f"{sumbu}.{k}",
                                bilangan_field(
                                    capfirst(str(BOBOT_LABEL[k])), 0, 100, help_text=str(kelompok)
                                ),
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
                        bilangan_field(capfirst(sel_label(k, p)), 1, 9),
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
        skp = [self._tambah("jendela_tahun", bilangan_field(KUNCI_LABEL["jendela_tahun"], 1, 10), kanonik)]
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
                self._tambah(
                    f"predikat_skor.{p}", bilangan_field(_("Skor %(p)s") % {"p": p}, 0, 100), kanonik
                )
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
                self._tambah(nama, bilangan_field(KUNCI_LABEL[nama], terendah, tertinggi), kanonik)
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
                            f"{nama}.{k}", bilangan_field(capfirst(str(labels.get(k, k))), 0, 100), kanonik
                        )
                        for k in SKOR_KUNCI[nama]
                    ],
                )

    def _tambah_batas(self, nama: str, i: int, kanonik: dict[str, Any]) -> str:
        return self._tambah(f"{nama}.{i}", AngkaField(label=capfirst(str(BATAS_LABEL[nama][i]))), kanonik)

    def _nama_field(self, kunci: str) -> str:
        induk, _titik, anak = kunci.partition(".")
        if induk == "predikat_skor":  # predikat names hold spaces and a slash
            return f"predikat_skor__{SKOR_KUNCI['predikat_skor'].index(anak)}"
        return super()._nama_field(kunci)

    def _awal(self, kunci: str, kanonik: dict[str, Any]) -> Any:
        induk, _titik, anak = kunci.partition(".")
        nilai = kanonik.get(induk)
        if nilai is None:
            return "" if induk == "label_kotak" else None
        if induk in BATAS_LABEL:
            return number_format(nilai[int(anak)])
        if induk == "kotak_talent_pool":
            return [str(n) for n in nilai]
        return super()._awal(kunci, kanonik)

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

    def _bagian_item(self, item: dict) -> dict:
        if item["jenis"] == "grid":
            item["baris"] = [
                (
                    capfirst(str(LEVEL_LABEL[k])),
                    [self[self.peta[f"kotak.{k}/{p}"]] for p in POTENSIAL_LEVELS],
                )
                for k in reversed(KINERJA_LEVELS)
            ]
            item["kolom"] = [capfirst(str(LEVEL_LABEL[p])) for p in POTENSIAL_LEVELS]
        return item


AKTIFKAN_LABEL = gettext_lazy(
    "Saya sudah memeriksa perubahannya dan ingin mengaktifkan versi ini serta menghitung ulang "
    "penempatan seluruh pegawai."
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
