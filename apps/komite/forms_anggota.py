"""Forms of the committee's membership and settings pages. They parse; every rule is checked by
services_anggota.py (the same for the API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.pegawai.forms_bkd import DateInput
from apps.pegawai.models import Pegawai
from apps.pegawai.nip import nip_normalize

from .models import AnggotaKomite, PengaturanKomite
from .selectors_anggota import pengguna_komite_pilihan


class PenggunaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        nama = obj.get_full_name() or obj.username
        peran = getattr(getattr(obj, "membership", None), "get_role_display", lambda: "")()
        return f"{nama} ({obj.username}) — {peran}" if peran else f"{nama} ({obj.username})"


class AnggotaKomiteForm(forms.Form):
    user = PenggunaChoiceField(
        label=_("Pengguna"),
        queryset=None,
        help_text=_("Hanya pengguna instansi ini yang masuk dengan peran Komite Talenta."),
    )
    peran = forms.ChoiceField(label=_("Peran dalam komite"), choices=AnggotaKomite.Peran.choices)
    pengganti_ketua = forms.BooleanField(
        label=_("Pengganti ketua"),
        required=False,
        help_text=_("Menggantikan ketua bila berhalangan; kehadirannya memenuhi syarat kuorum."),
    )
    mulai = forms.DateField(label=_("Mulai"), widget=DateInput)
    selesai = forms.DateField(
        label=_("Selesai"), widget=DateInput, required=False, help_text=_("Kosongkan bila belum ditentukan.")
    )
    nip_pegawai = forms.CharField(
        label=_("NIP data pegawai"),
        required=False,
        max_length=30,
        help_text=_(
            "Untuk menghalangi anggota memutus agenda tentang dirinya. Kosongkan: dicari otomatis dari "
            "akun pengguna atau NIP-nya."
        ),
    )

    def __init__(self, *args, instansi, anggota: AnggotaKomite | None = None, **kwargs):
        self.instansi = instansi
        self.anggota = anggota
        if anggota is not None:
            kwargs.setdefault(
                "initial",
                {
                    "user": anggota.user_id,
                    "peran": anggota.peran,
                    "pengganti_ketua": anggota.pengganti_ketua,
                    "mulai": anggota.mulai,
                    "selesai": anggota.selesai,
                    "nip_pegawai": anggota.pegawai.nip if anggota.pegawai_id else "",
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = pengguna_komite_pilihan(instansi=instansi)
        if anggota is not None:
            # The person of a membership does not change; a different person is a new membership.
            self.fields["user"].disabled = True
            self.fields["user"].queryset = type(anggota.user).objects.filter(pk=anggota.user_id)

    def clean_nip_pegawai(self):
        teks = self.cleaned_data.get("nip_pegawai", "").strip()
        if not teks:
            return None
        nip = nip_normalize(teks)
        pegawai = Pegawai.objects.filter(instansi=self.instansi, nip=nip).order_by("-aktif", "pk").first()
        if pegawai is None:
            raise forms.ValidationError(_("NIP %(nip)s tidak terdaftar di instansi ini.") % {"nip": teks})
        return pegawai

    def data_layanan(self) -> dict:
        """The service's keyword arguments."""
        data = {
            "peran": self.cleaned_data["peran"],
            "pengganti_ketua": self.cleaned_data["pengganti_ketua"],
            "mulai": self.cleaned_data["mulai"],
            "selesai": self.cleaned_data["selesai"],
        }
        pegawai = self.cleaned_data.get("nip_pegawai")
        if self.anggota is None:
            data["user"] = self.cleaned_data["user"]
            data["pegawai"] = pegawai
        elif pegawai is not None:
            data["pegawai"] = pegawai
        elif self.anggota.pegawai_id is not None:
            data["pegawai"] = None
        return data


class AkhiriForm(forms.Form):
    selesai = forms.DateField(label=_("Hari terakhir sebagai anggota"), widget=DateInput)


class PengaturanKomiteForm(forms.ModelForm):
    class Meta:
        model = PengaturanKomite
        fields = [
            "kuorum_persen",
            "kuorum_wajib_ketua",
            "batas_kotak_9_persen",
            "batas_talent_pool_persen",
            "kop_surat",
        ]
        widgets = {"kop_surat": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kuorum_persen"].widget.attrs.update(min=0, max=99)
        self.fields["batas_kotak_9_persen"].widget.attrs.update(min=1, max=100)
        self.fields["batas_talent_pool_persen"].widget.attrs.update(min=1, max=100)

    def _post_clean(self):
        # The service checks and saves; the model's own validation would only repeat it.
        pass
