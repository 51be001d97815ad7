"""Forms of the key-post management pages. They only parse what is typed (the holder's NIP, the
competency standard "Integritas:4; Kerja Sama:3", the extra requirements); every rule is checked
by apps/suksesi/services_jabatan.py, the same for the import and the API."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.views import form_add_service_errors
from apps.pegawai.referensi import GOLONGAN_PNS, JenjangFungsional

from .models import JENIS_JABATAN_KUNCI, JabatanKunci
from .selectors_jabatan import perangkat_daerah_choices, unit_kerja_choices
from .services_jabatan import (
    pemegang_by_nip,
    standar_kompetensi_parse,
    standar_kompetensi_teks,
    syarat_tambahan_build,
    tingkat_check,
)

STATUS_CHOICES = [
    ("", _("Semua")),
    ("aktif", _("Aktif")),
    ("lowong", _("Aktif dan lowong")),
    ("nonaktif", _("Tidak aktif")),
]
# A service's field name → the form's field that shows its message.
SERVICE_FIELDS = {"pemegang": "nip_pemegang", "pegawai": "nip"}


def service_error_on_form(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {SERVICE_FIELDS.get(name, name): messages for name, messages in error.error_dict.items()}
        )
    form_add_service_errors(form, error)


class UnitKerjaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kode} — {obj.nama}"


class JabatanKunciFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"), required=False, max_length=100, help_text=_("Nama jabatan, unit, pemegang atau NIP.")
    )
    perangkat_daerah = UnitKerjaChoiceField(
        label=_("Perangkat daerah"), required=False, queryset=None, empty_label=_("Semua")
    )
    jenis_jabatan = forms.ChoiceField(
        label=_("Tingkat jabatan"), required=False, choices=[("", _("Semua")), *JENIS_JABATAN_KUNCI]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perangkat_daerah"].queryset = perangkat_daerah_choices(instansi=instansi)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "perangkat_daerah": data["perangkat_daerah"],
            "jenis_jabatan": data["jenis_jabatan"],
            "status": data["status"],
        }


class JabatanKunciForm(forms.Form):
    """Add or change a key post. `cleaned_data["data"]` holds the service's keyword arguments."""

    FIELDSETS = [
        (_("Jabatan"), ["unit_kerja", "nama", "jenis_jabatan", "jenjang_fungsional", "aktif"]),
        (_("Pemegang"), ["nip_pemegang"]),
        (_("Alasan dan standar"), ["alasan", "standar_kompetensi"]),
        (_("Syarat tambahan (opsional)"), ["golongan_minimum", "bidang_pendidikan", "sertifikat"]),
    ]

    unit_kerja = UnitKerjaChoiceField(label=_("Unit kerja"), queryset=None)
    nama = forms.CharField(label=_("Nama jabatan"), max_length=200)
    jenis_jabatan = forms.ChoiceField(label=_("Tingkat jabatan"), choices=[("", "—"), *JENIS_JABATAN_KUNCI])
    jenjang_fungsional = forms.ChoiceField(
        label=_("Jenjang fungsional"),
        required=False,
        choices=[("", "—"), *JenjangFungsional.choices],
        help_text=_("Hanya untuk jabatan fungsional (mis. Ahli Madya)."),
    )
    aktif = forms.BooleanField(label=_("Aktif sebagai jabatan kunci"), required=False, initial=True)
    nip_pemegang = forms.CharField(
        label=_("NIP pemegang"),
        required=False,
        max_length=40,
        help_text=_("NIP pegawai aktif instansi ini yang memegang jabatan; kosongkan bila lowong."),
    )
    alasan = forms.CharField(
        label=_("Alasan jabatan kunci"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mengapa jabatan ini kritikal, mis. akan lowong karena pemegang mencapai BUP."),
    )
    standar_kompetensi = forms.CharField(
        label=_("Standar kompetensi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kompetensi dan level 1–5, dipisah titik koma, mis. Integritas:4; Kerja Sama:3."),
    )
    golongan_minimum = forms.ChoiceField(
        label=_("Golongan minimum"),
        required=False,
        choices=[("", "—"), *((g, f"{g} — {p}") for g, p in GOLONGAN_PNS.items())],
    )
    bidang_pendidikan = forms.CharField(
        label=_("Bidang pendidikan"),
        required=False,
        max_length=500,
        help_text=_("Dipisah titik koma, mis. Hukum; Ilmu Pemerintahan."),
    )
    sertifikat = forms.CharField(
        label=_("Sertifikat"),
        required=False,
        max_length=500,
        help_text=_("Dipisah titik koma, mis. PKA; Sertifikat PBJ."),
    )

    def __init__(self, *args, instansi, jabatan: JabatanKunci | None = None, **kwargs):
        if jabatan is not None:
            syarat = jabatan.syarat_tambahan or {}
            kwargs["initial"] = {
                **{
                    "unit_kerja": jabatan.unit_kerja_id,
                    "nama": jabatan.nama,
                    "jenis_jabatan": jabatan.jenis_jabatan,
                    "jenjang_fungsional": jabatan.jenjang_fungsional,
                    "aktif": jabatan.aktif,
                    "nip_pemegang": jabatan.pemegang.nip if jabatan.pemegang else "",
                    "alasan": jabatan.alasan,
                    "standar_kompetensi": standar_kompetensi_teks(jabatan.standar_kompetensi),
                    "golongan_minimum": syarat.get("golongan_minimum", ""),
                    "bidang_pendidikan": "; ".join(syarat.get("bidang_pendidikan", [])),
                    "sertifikat": "; ".join(syarat.get("sertifikat", [])),
                },
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["unit_kerja"].queryset = unit_kerja_choices(
            instansi=instansi, termasuk=jabatan.unit_kerja_id if jabatan else None
        )
        if jabatan is None:
            del self.fields["aktif"]

    def fieldsets(self) -> list[tuple[str, list]]:
        return [
            (label, [self[name] for name in names if name in self.fields]) for label, names in self.FIELDSETS
        ]

    def clean(self):
        data = super().clean()
        hasil = {}
        for name, parse in (
            ("nip_pemegang", lambda: pemegang_by_nip(instansi=self.instansi, nip=data.get("nip_pemegang"))),
            ("standar_kompetensi", lambda: standar_kompetensi_parse(data.get("standar_kompetensi", ""))),
            (
                "tingkat",
                lambda: (
                    data.get("jenis_jabatan")
                    and tingkat_check(
                        jenis_jabatan=data["jenis_jabatan"],
                        jenjang_fungsional=data.get("jenjang_fungsional", ""),
                    )
                ),
            ),
            (
                "syarat_tambahan",
                lambda: syarat_tambahan_build(
                    golongan_minimum=data.get("golongan_minimum", ""),
                    bidang_pendidikan=data.get("bidang_pendidikan", ""),
                    sertifikat=data.get("sertifikat", ""),
                ),
            ),
        ):
            try:
                hasil[name] = parse()
            except ValidationError as error:
                service_error_on_form(self, error)
        if not self.errors:
            data["data"] = {
                "unit_kerja": data["unit_kerja"],
                "nama": data["nama"],
                "jenis_jabatan": data["jenis_jabatan"],
                "jenjang_fungsional": data.get("jenjang_fungsional", ""),
                "pemegang": hasil["nip_pemegang"],
                "alasan": data["alasan"],
                "standar_kompetensi": hasil["standar_kompetensi"],
                "syarat_tambahan": hasil["syarat_tambahan"],
            }
            if "aktif" in self.fields:
                data["data"]["aktif"] = data["aktif"]
        return data


class AlasanForm(forms.Form):
    """A written reason: deactivating a post, withdrawing a nomination."""

    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TandaiMassalForm(forms.Form):
    perangkat_daerah = UnitKerjaChoiceField(label=_("Perangkat daerah"), queryset=None)
    alasan = forms.CharField(
        label=_("Alasan jabatan kunci"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Dipakai untuk semua jabatan yang ditandai."),
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perangkat_daerah"].queryset = perangkat_daerah_choices(instansi=instansi)


class NominasiForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP pegawai"), max_length=40, help_text=_("Pegawai aktif instansi ini di luar KRS.")
    )
    alasan = forms.CharField(
        label=_("Alasan nominasi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Wajib: mengapa Komite Talenta menominasikan pegawai ini sebagai pengecualian."),
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi

    def clean(self):
        data = super().clean()
        if data.get("nip"):
            try:
                data["pegawai"] = pemegang_by_nip(instansi=self.instansi, nip=data["nip"], field="nip")
            except ValidationError as error:
                service_error_on_form(self, error)
        return data


class PengaturanSuksesiForm(forms.Form):
    asn_boleh_lihat_pencalonan = forms.BooleanField(
        label=_("ASN boleh melihat pencalonannya sendiri"),
        required=False,
        help_text=_(
            "Jika dicentang, ASN melihat jabatan kunci yang ia calonkan dan syarat yang belum ia penuhi. "
            "Jika tidak, hanya Admin BKD, PPK dan Komite Talenta yang melihatnya."
        ),
    )
