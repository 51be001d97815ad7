"""Forms of the decisions part: they parse what a member typed into the keyword arguments of one
service of services_keputusan.py; every rule is the service's (the API uses the same services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.pegawai.models import Pegawai
from apps.suksesi.models import Kandidat

from .models import KeputusanKomite
from .services_keputusan import ARAHAN_JENIS

KOTAK_CHOICES = [(n, str(n)) for n in range(1, 10)]
ARAHAN_BARIS = 3
LAIN_BARIS = 2


class UsulanKalibrasiForm(forms.Form):
    kotak_usulan = forms.TypedChoiceField(label=_("Kotak yang diusulkan"), choices=KOTAK_CHOICES, coerce=int)
    alasan = forms.CharField(
        label=_("Alasan kalibrasi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib: mengapa penempatan ini dipindahkan dari kotak hasil perhitungan."),
    )
    bukti = forms.FileField(
        label=_("Bukti pendukung (PDF, opsional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, instansi=None, agenda=None, **kwargs):
        super().__init__(*args, **kwargs)

    def data_layanan(self) -> dict:
        return {
            "kotak_usulan": self.cleaned_data["kotak_usulan"],
            "alasan": self.cleaned_data["alasan"],
            "bukti": self.cleaned_data.get("bukti") or None,
        }


class CaraSuaraMixin(forms.Form):
    cara = forms.ChoiceField(
        label=_("Cara memutuskan"),
        choices=KeputusanKomite.Cara.choices,
        widget=forms.RadioSelect,
        initial=KeputusanKomite.Cara.MUFAKAT,
    )
    suara_setuju = forms.IntegerField(label=_("Suara setuju"), min_value=0, required=False)
    suara_tolak = forms.IntegerField(label=_("Suara menolak"), min_value=0, required=False)
    suara_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, required=False)
    pendapat_berbeda = forms.CharField(
        label=_("Pendapat berbeda (dissenting opinion)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def data_suara(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("cara", "suara_setuju", "suara_tolak", "suara_abstain", "pendapat_berbeda")
        }


class ArahanMixin(forms.Form):
    """Up to three directions: kind, an optional pegawai (by NIP) and the description."""

    def tambah_arahan(self) -> None:
        for i in range(ARAHAN_BARIS):
            self.fields[f"arahan_jenis_{i}"] = forms.ChoiceField(
                label=_("Jenis arahan"), choices=[("", "—"), *ARAHAN_JENIS.items()], required=False
            )
            self.fields[f"arahan_nip_{i}"] = forms.CharField(
                label=_("NIP pegawai (opsional)"), max_length=30, required=False
            )
            self.fields[f"arahan_uraian_{i}"] = forms.CharField(
                label=_("Uraian"), max_length=500, required=False
            )

    @property
    def baris_arahan(self) -> list[tuple]:
        return [
            (self[f"arahan_jenis_{i}"], self[f"arahan_nip_{i}"], self[f"arahan_uraian_{i}"])
            for i in range(ARAHAN_BARIS)
        ]

    def pegawai_nip(self, nip: str) -> int | None:
        nip = "".join(nip.split())
        if not nip:
            return None
        pegawai_id = (
            Pegawai.objects.filter(instansi=self.instansi, nip=nip, aktif=True)
            .values_list("pk", flat=True)
            .first()
        )
        return pegawai_id if pegawai_id is not None else -1  # -1: the service says "not found"

    def data_arahan(self) -> list[dict]:
        arahan = []
        for i in range(ARAHAN_BARIS):
            jenis = self.cleaned_data.get(f"arahan_jenis_{i}")
            uraian = self.cleaned_data.get(f"arahan_uraian_{i}", "")
            nip = self.cleaned_data.get(f"arahan_nip_{i}", "")
            if not (jenis or uraian.strip() or nip.strip()):
                continue
            arahan.append({"jenis": jenis, "pegawai_id": self.pegawai_nip(nip), "uraian": uraian})
        return arahan


class KeputusanKalibrasiForm(CaraSuaraMixin):
    hasil = forms.ChoiceField(
        label=_("Hasil"),
        choices=[(KeputusanKomite.Hasil.SETUJU, _("Disetujui")), (KeputusanKomite.Hasil.TOLAK, _("Ditolak"))],
        widget=forms.RadioSelect,
    )
    field_order = ["hasil", "cara"]

    def __init__(self, *args, instansi=None, agenda=None, **kwargs):
        super().__init__(*args, **kwargs)

    def data_layanan(self) -> dict:
        return {"hasil": self.cleaned_data["hasil"], **self.data_suara()}


class KeputusanTinjauForm(ArahanMixin, CaraSuaraMixin):
    catatan = forms.CharField(
        label=_("Kesimpulan tinjauan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib: kesimpulan Komite atas sebaran peta talenta."),
    )
    field_order = ["catatan"]

    def __init__(self, *args, instansi=None, agenda=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.tambah_arahan()

    def data_layanan(self) -> dict:
        return {"catatan": self.cleaned_data["catatan"], "arahan": self.data_arahan(), **self.data_suara()}


class KeputusanSuksesiForm(ArahanMixin, CaraSuaraMixin):
    """One row per stored candidate of the post (shortlist position, successor with readiness, the
    emergency successor, the reason for a nominee outside the KRS) and two rows for other pegawai by
    NIP; directions; the way of deciding."""

    alasan = forms.CharField(
        label=_("Pertimbangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, instansi=None, agenda=None, kandidat: list[Kandidat] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.kandidat = kandidat or []
        kesiapan = [("", "—"), *Kandidat.Kesiapan.choices]
        darurat = [("", _("Tidak ada"))]
        for k in self.kandidat:
            key = str(k.pegawai_id)
            self.fields[f"urutan_{key}"] = forms.IntegerField(
                label=_("Urutan di daftar pendek"), min_value=1, max_value=99, required=False
            )
            self.fields[f"suksesor_{key}"] = forms.BooleanField(label=_("Suksesor"), required=False)
            self.fields[f"kesiapan_{key}"] = forms.ChoiceField(
                label=_("Kesiapan"), choices=kesiapan, required=False, initial=k.kesiapan
            )
            self.fields[f"alasan_{key}"] = forms.CharField(
                label=_("Alasan di luar KRS"), max_length=500, required=False
            )
            darurat.append((key, k.pegawai.nama))
        for i in range(LAIN_BARIS):
            self.fields[f"lain_nip_{i}"] = forms.CharField(label=_("NIP"), max_length=30, required=False)
            self.fields[f"lain_urutan_{i}"] = forms.IntegerField(
                label=_("Urutan di daftar pendek"), min_value=1, max_value=99, required=False
            )
            self.fields[f"lain_suksesor_{i}"] = forms.BooleanField(label=_("Suksesor"), required=False)
            self.fields[f"lain_kesiapan_{i}"] = forms.ChoiceField(
                label=_("Kesiapan"), choices=kesiapan, required=False
            )
            self.fields[f"lain_alasan_{i}"] = forms.CharField(
                label=_("Alasan di luar KRS"), max_length=500, required=False
            )
            darurat.append((f"lain_{i}", _("Pegawai lain baris %(n)s") % {"n": i + 1}))
        self.fields["darurat"] = forms.ChoiceField(
            label=_("Suksesor darurat"), choices=darurat, required=False, widget=forms.RadioSelect
        )
        self.tambah_arahan()

    @property
    def baris_kandidat(self) -> list[tuple]:
        return [
            (
                k,
                self[f"urutan_{k.pegawai_id}"],
                self[f"suksesor_{k.pegawai_id}"],
                self[f"kesiapan_{k.pegawai_id}"],
                self[f"alasan_{k.pegawai_id}"],
            )
            for k in self.kandidat
        ]

    @property
    def baris_lain(self) -> list[tuple]:
        return [
            (
                self[f"lain_nip_{i}"],
                self[f"lain_urutan_{i}"],
                self[f"lain_suksesor_{i}"],
                self[f"lain_kesiapan_{i}"],
                self[f"lain_alasan_{i}"],
            )
            for i in range(LAIN_BARIS)
        ]

    def data_layanan(self) -> dict:
        data = self.cleaned_data
        baris = []  # (urutan, key, pegawai_id, suksesor, kesiapan, alasan)
        for k in self.kandidat:
            key = str(k.pegawai_id)
            if data.get(f"urutan_{key}"):
                baris.append(
                    (data[f"urutan_{key}"], key, k.pegawai_id, data.get(f"suksesor_{key}"),
                     data.get(f"kesiapan_{key}", ""), data.get(f"alasan_{key}", ""))
                )  # fmt: skip
        for i in range(LAIN_BARIS):
            nip = data.get(f"lain_nip_{i}", "")
            if not nip.strip():
                continue
            baris.append(
                (data.get(f"lain_urutan_{i}") or 99, f"lain_{i}", self.pegawai_nip(nip),
                 data.get(f"lain_suksesor_{i}"), data.get(f"lain_kesiapan_{i}", ""), data.get(f"lain_alasan_{i}", ""))
            )  # fmt: skip
        baris.sort(key=lambda b: b[0])
        darurat_key = data.get("darurat") or ""
        darurat = None
        for _urutan, key, pegawai_id, _suksesor, kesiapan, _alasan in baris:
            if key == darurat_key:
                darurat = {"pegawai_id": pegawai_id, "kesiapan": kesiapan}
        if darurat_key and darurat is None:
            darurat = {"pegawai_id": None}
        return {
            "daftar_pendek": [{"pegawai_id": b[2], "alasan_luar_krs": b[5]} for b in baris],
            "suksesor": [{"pegawai_id": b[2], "kesiapan": b[4]} for b in baris if b[3]],
            "suksesor_darurat": darurat,
            "arahan": self.data_arahan(),
            "alasan": data.get("alasan", ""),
            **self.data_suara(),
        }
