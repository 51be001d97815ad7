"""Forms of the session pages. They parse only; every rule is in services_sidang.py (the same for
the API)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.pegawai.models import Pegawai
from apps.pegawai.nip import nip_normalize

from . import selectors_sidang as selectors
from .models import AgendaSidang, Sidang


class SidangFilterForm(forms.Form):
    periode = forms.TypedChoiceField(label=_("Periode"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *list(Sidang.Status.choices)]
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [("", _("Semua"))] + [
            (p, str(p)) for p in selectors.sidang_periode_list(instansi=instansi)
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"periode": self.cleaned_data.get("periode"), "status": self.cleaned_data.get("status") or ""}


class SidangForm(forms.Form):
    judul = forms.CharField(label=_("Judul"), max_length=200)
    nomor = forms.CharField(label=_("Nomor undangan/sidang"), max_length=60, required=False)
    periode = forms.IntegerField(
        label=_("Periode (tahun)"),
        min_value=2000,
        max_value=2100,
        help_text=_("Tahun peta talenta yang dibahas."),
    )
    tanggal = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    waktu = forms.TimeField(
        label=_("Pukul"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    tempat = forms.CharField(label=_("Tempat"), max_length=200)

    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)


class AgendaForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis agenda"), choices=AgendaSidang.Jenis.choices, widget=forms.RadioSelect
    )
    unit_kerja = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=None,
        required=False,
        empty_label=_("Seluruh instansi"),
        help_text=_("Untuk tinjauan peta talenta: seluruh instansi atau satu perangkat daerah."),
    )
    nip = forms.CharField(
        label=_("NIP pegawai"),
        max_length=40,
        required=False,
        help_text=_(
            "Untuk kalibrasi: pegawai aktif dengan penempatan final periode sidang. Cari nama atau NIP di bawah."
        ),
    )
    jabatan_kunci = forms.ModelChoiceField(
        label=_("Jabatan kunci"), queryset=None, required=False, empty_label=_("— pilih jabatan kunci —")
    )
    keterangan = forms.CharField(
        label=_("Keterangan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["unit_kerja"].queryset = selectors.perangkat_daerah_pilihan(instansi=instansi)
        self.fields["jabatan_kunci"].queryset = selectors.jabatan_kunci_pilihan(instansi=instansi)
        self.fields["jabatan_kunci"].label_from_instance = lambda j: (
            f"{j.nama} — {j.unit_kerja.nama}" + (f" ({j.pemegang.nama})" if j.pemegang else "")
        )

    def clean(self):
        data = super().clean()
        jenis = data.get("jenis")
        data["pegawai"] = None
        if jenis == AgendaSidang.Jenis.KALIBRASI:
            nip = (data.get("nip") or "").strip()
            if not nip:
                self.add_error("nip", _("Isi NIP pegawai yang penempatannya dikalibrasi."))
            else:
                try:
                    nip = nip_normalize(nip)
                except ValidationError as error:
                    self.add_error("nip", error)
                else:
                    pegawai = Pegawai.objects.filter(instansi=self.instansi, nip=nip).first()
                    if pegawai is None:
                        self.add_error(
                            "nip", _("NIP %(nip)s tidak terdaftar di instansi ini.") % {"nip": nip}
                        )
                    data["pegawai"] = pegawai
        if jenis == AgendaSidang.Jenis.SUKSESI and not data.get("jabatan_kunci"):
            self.add_error("jabatan_kunci", _("Pilih jabatan kunci yang dibahas."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        jenis = data["jenis"]
        return {
            "jenis": jenis,
            "unit_kerja": data.get("unit_kerja") if jenis == AgendaSidang.Jenis.TINJAU_PETA else None,
            "pegawai": data.get("pegawai") if jenis == AgendaSidang.Jenis.KALIBRASI else None,
            "jabatan_kunci": data.get("jabatan_kunci") if jenis == AgendaSidang.Jenis.SUKSESI else None,
            "keterangan": data.get("keterangan", ""),
        }


class KehadiranForm(forms.Form):
    """One checkbox per invited member: checked = present, unchecked = absent."""

    def __init__(self, *args, kehadiran, **kwargs):
        super().__init__(*args, **kwargs)
        self.kehadiran = kehadiran
        for row in kehadiran:
            user = row.anggota.user
            self.fields[f"hadir_{row.anggota_id}"] = forms.BooleanField(
                label=f"{user.get_full_name() or user.username} ({row.anggota.get_peran_display()})",
                required=False,
                initial=bool(row.hadir),
            )

    def hadir(self) -> dict[int, bool]:
        return {
            row.anggota_id: bool(self.cleaned_data.get(f"hadir_{row.anggota_id}")) for row in self.kehadiran
        }


class TutupForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan penutup"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Dicantumkan pada berita acara."),
    )
