"""The succession rule set's editor: every setting of a draf as its own field, in sections
(eligibility criteria, KRS, ranking, readiness, at-risk posts; docs/rulesets.md). Built on the
shared editor (apps/petatalenta/aturan/forms.py): the catalogue `SUKSESI` and its engine decide
what is wrong, and each problem lands on the field it names (a sum of weights on its section).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.petatalenta.aturan.forms import BILANGAN_GALAT, AngkaField, AturanFormBase, bilangan_field

from .aturan import (
    BILANGAN,
    BOBOT_LABEL,
    HUKUMAN_LABEL,
    HUKUMAN_TINGKAT,
    JALUR_TAHUN,
    KELOMPOK_LABEL,
    KUNCI_LABEL,
    PENDIDIKAN_LABEL,
    SUKSESI,
    USIA,
    konfigurasi_kanonik,
    tingkat_label,
)
from .engine import (
    BOBOT_KOMPONEN,
    JENJANG_PENDIDIKAN,
    KELOMPOK_PENDIDIKAN,
    PREDIKAT_URUTAN,
    TINGKAT,
    Aturan,
)
from .selectors import perangkat_daerah_list

BATAS = {nama: (a, b) for nama, a, b in BILANGAN}
# Settings whose empty input means "none" rather than "missing".
BOLEH_KOSONG = ("hukuman_tingkat", "usia_maksimum")


class AturanSuksesiForm(AturanFormBase):
    katalog = SUKSESI

    def _bangun(self, konfigurasi: dict[str, Any]) -> None:
        kanonik = konfigurasi_kanonik(Aturan.from_config(konfigurasi))

        def bilangan(nama: str) -> str:
            return self._tambah(nama, bilangan_field(KUNCI_LABEL[nama], *BATAS[nama]), kanonik)

        status = forms.TypedChoiceField(
            label=KUNCI_LABEL["status_pppk_fungsional"],
            choices=[("tidak", _("Tidak: hanya PNS")), ("ya", _("Ya"))],
            coerce=lambda v: v == "ya",
        )
        pendidikan = [
            self._tambah(
                f"pendidikan_minimum.{k}",
                forms.ChoiceField(
                    label=capfirst(str(KELOMPOK_LABEL[k])),
                    choices=[(j, PENDIDIKAN_LABEL[j]) for j in JENJANG_PENDIDIKAN],
                ),
                kanonik,
            )
            for k in KELOMPOK_PENDIDIKAN
        ]
        self._bagian_tambah(
            "status_pendidikan",
            _("Status dan pendidikan"),
            _(
                "Jabatan manajerial hanya untuk PNS. Pendidikan minimum per tingkat jabatan kunci (PP 11/2017 "
                "sebagaimana diubah: S-1/D-IV untuk JPT Pratama dan Administrator, D-III untuk Pengawas)."
            ),
            ("status_pppk_fungsional", "pendidikan_minimum"),
            [self._tambah("status_pppk_fungsional", status, kanonik), *pendidikan],
        )
        jalur = []
        for target in kanonik["jalur"]:
            jalur.append(
                self._tambah(
                    f"jalur.{target}.asal",
                    forms.MultipleChoiceField(
                        label=_("%(t)s: jabatan asal") % {"t": tingkat_label(target)},
                        choices=[(t, tingkat_label(t)) for t in TINGKAT if t != target],
                        widget=forms.CheckboxSelectMultiple(attrs={"class": "pilihan-ringkas"}),
                        error_messages={"required": _("Pilih minimal satu tingkat jabatan asal.")},
                    ),
                    kanonik,
                )
            )
            jalur.append(
                self._tambah(
                    f"jalur.{target}.tahun",
                    bilangan_field(
                        _("%(t)s: lama minimal (tahun)") % {"t": tingkat_label(target)}, *JALUR_TAHUN
                    ),
                    kanonik,
                )
            )
        self._bagian_tambah(
            "jalur",
            KUNCI_LABEL["jalur"],
            _(
                "Dari tingkat mana calon untuk setiap tingkat jabatan kunci berasal, dan berapa lama minimal ia "
                "menduduki salah satunya (hanya riwayat jabatan yang sudah diverifikasi yang dihitung). "
                "Jalur untuk tingkat lain dapat ditambahkan lewat impor JSON."
            ),
            ("jalur",),
            [*jalur, bilangan("tahun_pengalaman_jpt")],
        )
        predikat = forms.ChoiceField(
            label=KUNCI_LABEL["skp_predikat_minimum"],
            choices=[(p, p) for p in reversed(PREDIKAT_URUTAN)],
        )
        hukuman = forms.MultipleChoiceField(
            label=KUNCI_LABEL["hukuman_tingkat"],
            required=False,
            choices=[(t, capfirst(str(HUKUMAN_LABEL[t]))) for t in HUKUMAN_TINGKAT],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "pilihan-ringkas"}),
        )
        self._bagian_tambah(
            "kinerja_integritas",
            _("Kinerja dan integritas"),
            _(
                "Predikat SKP minimal di setiap tahun yang dinilai; hukuman disiplin dengan tingkat yang dicentang "
                "dalam masa bersih menghalangi pencalonan (hukuman yang sedang dijalani selalu menghalangi)."
            ),
            ("skp_tahun", "skp_predikat_minimum", "hukuman_tahun", "hukuman_tingkat"),
            [
                bilangan("skp_tahun"),
                self._tambah("skp_predikat_minimum", predikat, kanonik),
                bilangan("hukuman_tahun"),
                self._tambah("hukuman_tingkat", hukuman, kanonik),
            ],
        )
        usia = [
            self._tambah(
                f"usia_maksimum.{t}",
                forms.IntegerField(
                    label=_("Usia maksimal diangkat ke %(t)s") % {"t": tingkat_label(t)},
                    required=False,
                    error_messages=BILANGAN_GALAT,
                    min_value=USIA[0],
                    max_value=USIA[1],
                    widget=forms.NumberInput(attrs={"min": USIA[0], "max": USIA[1], "class": "angka-input"}),
                    help_text=_("Kosongkan bila tanpa batas usia."),
                ),
                kanonik,
            )
            for t in dict.fromkeys(["jpt_pratama", *kanonik["usia_maksimum"]])
        ]
        self._bagian_tambah(
            "usia_bup",
            _("Usia dan BUP"),
            _("Sisa masa kerja dihitung pada tanggal acuan perencanaan sampai BUP calon."),
            ("tahun_ke_bup_minimum", "usia_maksimum"),
            [bilangan("tahun_ke_bup_minimum"), *usia],
        )
        krs = forms.MultipleChoiceField(
            label=KUNCI_LABEL["kotak_krs_nasional"],
            choices=[(str(n), _("Kotak %(n)s") % {"n": n}) for n in range(1, 10)],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "pilihan-ringkas"}),
            error_messages={"required": _("Pilih minimal satu kotak untuk KRS Nasional.")},
        )
        self._bagian_tambah(
            "krs",
            _("KRS Nasional"),
            _("Anggota KRS di kotak ini dinominasikan ke KRS Nasional. Bawaan: kotak 9."),
            ("kotak_krs_nasional",),
            [self._tambah("kotak_krs_nasional", krs, kanonik)],
        )
        self._bagian_tambah(
            "bobot_peringkat",
            KUNCI_LABEL["bobot_peringkat"],
            _(
                "Poin per komponen skor peringkat (bilangan bulat); jumlahnya harus tepat 100. Peringkat hanya "
                "mengurutkan calon, terpisah dari kelayakan."
            ),
            ("bobot_peringkat",),
            [
                self._tambah(
                    f"bobot_peringkat.{k}", bilangan_field(capfirst(str(BOBOT_LABEL[k])), 0, 100), kanonik
                )
                for k in BOBOT_KOMPONEN
            ],
            jumlah=True,
        )
        self._bagian_tambah(
            "skor_kotak",
            KUNCI_LABEL["skor_kotak"],
            _("Nilai 0–100 komponen kotak talenta dalam skor peringkat."),
            ("skor_kotak",),
            [
                self._tambah(f"skor_kotak.{n}", bilangan_field(_("Kotak %(n)s") % {"n": n}, 0, 100), kanonik)
                for n in kanonik["skor_kotak"]
            ],
        )
        self._bagian_tambah(
            "kesiapan",
            _("Kesiapan"),
            _(
                "Siap sekarang: semua kriteria terpenuhi dan JPM terhadap jabatan paling sedikit batas pertama. "
                "Siap 1–2 tahun: yang belum terpenuhi hanya soal waktu dan terpenuhi dalam batas bulan, atau "
                "JPM paling sedikit batas kedua. Batas kedua harus lebih kecil dari batas pertama."
            ),
            ("jpm_siap_sekarang", "jpm_siap_1_2", "bulan_siap_1_2"),
            [
                self._tambah(
                    "jpm_siap_sekarang", AngkaField(label=KUNCI_LABEL["jpm_siap_sekarang"]), kanonik
                ),
                self._tambah("jpm_siap_1_2", AngkaField(label=KUNCI_LABEL["jpm_siap_1_2"]), kanonik),
                bilangan("bulan_siap_1_2"),
            ],
        )
        self._bagian_tambah(
            "risiko",
            _("Jabatan berisiko"),
            _(
                "Jabatan berisiko bila lowong atau pemegangnya mencapai BUP dalam sekian bulan, tanpa calon siap sekarang."
            ),
            ("bulan_berisiko",),
            [bilangan("bulan_berisiko")],
        )

    def _awal(self, kunci: str, kanonik: dict[str, Any]) -> Any:
        bagian = kunci.split(".")
        nilai = kanonik.get(bagian[0])
        if bagian[0] == "jalur":
            jalur = nilai[bagian[1]]
            return jalur["asal"] if bagian[2] == "asal" else jalur["tahun"]
        if bagian[0] in ("jpm_siap_sekarang", "jpm_siap_1_2"):
            return number_format(nilai)
        if bagian[0] == "status_pppk_fungsional":
            return "ya" if nilai else "tidak"
        if bagian[0] == "kotak_krs_nasional":
            return [str(n) for n in nilai]
        if bagian[0] == "usia_maksimum":
            return nilai.get(bagian[1])
        return super()._awal(kunci, kanonik)

    def _konfigurasi(self, data: dict) -> tuple[dict[str, Any], set[str]]:
        konfigurasi: dict[str, Any] = {"usia_maksimum": {}, "hukuman_tingkat": [], "jalur": {}}
        kurang: set[str] = set()
        for kunci, nama in self.peta.items():
            bagian = kunci.split(".")
            induk = bagian[0]
            nilai = data.get(nama)
            if nilai in (None, "", []):
                if induk not in BOLEH_KOSONG:
                    kurang.add(induk)
            elif induk == "jalur":
                konfigurasi["jalur"].setdefault(bagian[1], {})[bagian[2]] = nilai
            elif induk == "kotak_krs_nasional":
                konfigurasi[induk] = sorted(int(n) for n in nilai)
            elif len(bagian) == 2:
                konfigurasi.setdefault(induk, {})[bagian[1]] = nilai
            else:
                konfigurasi[induk] = nilai
        for induk in kurang:
            konfigurasi.pop(induk, None)
        return konfigurasi, kurang


AKTIFKAN_LABEL = gettext_lazy(
    "Saya sudah memeriksa perubahannya dan ingin mengaktifkan versi ini serta menghitung ulang daftar "
    "calon suksesor seluruh jabatan kunci."
)


class _PerangkatDaerahField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.nama


class PratinjauSaringanForm(forms.Form):
    """Filters of a succession preview's page and export: one key post (among the preview's), the
    perangkat daerah of the key post (its unit subtree). An invalid value is dropped."""

    jabatan_kunci = forms.TypedChoiceField(
        label=gettext_lazy("Jabatan kunci"), required=False, coerce=int, empty_value=None
    )
    perangkat_daerah = _PerangkatDaerahField(
        label=gettext_lazy("Perangkat daerah jabatan kunci"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Semua"),
    )

    def __init__(self, data, *, instansi, jabatan: list[dict], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["jabatan_kunci"].choices = [
            ("", _("Semua")),
            *sorted(((j["id"], j.get("nama") or str(j["id"])) for j in jabatan), key=lambda c: (c[1], c[0])),
        ]
        # Per request, inside the tenant scope: another instansi's unit is "not a valid choice".
        self.fields["perangkat_daerah"].queryset = perangkat_daerah_list(instansi=instansi)

    def saringan(self) -> dict:
        if not self.is_bound:
            return {"jabatan_kunci": None, "perangkat_daerah": None}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "jabatan_kunci": data.get("jabatan_kunci"),
            "perangkat_daerah": data.get("perangkat_daerah"),
        }
