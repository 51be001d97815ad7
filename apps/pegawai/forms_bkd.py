"""Forms of the BKD pegawai pages. They only shape input: the services validate the domain rules
(NIP/NI PPPK, golongan vs status, jenjang, unit kerja) and their messages land on the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Instansi, UnitKerja

from .models import HukumanDisiplin
from .nip import nip_normalize
from .referensi import (
    GOLONGAN_CHOICES,
    JenisJabatan,
    JenisKelamin,
    JenjangFungsional,
    JenjangPendidikan,
    StatusKepegawaian,
)
from .selectors import KELENGKAPAN_RENTANG
from .services import PROFILE_FIELDS

INDENT = {UnitKerja.Jenis.PERANGKAT_DAERAH: "", UnitKerja.Jenis.BIDANG: "— ", UnitKerja.Jenis.SEKSI: "—— "}


class UnitKerjaChoiceField(forms.ModelChoiceField):
    """Units in tree order (by kode), indented by level."""

    def label_from_instance(self, obj: UnitKerja) -> str:
        return f"{INDENT.get(obj.jenis, '')}{obj.nama}"


def _units(instansi: Instansi):
    # Evaluated per request inside the tenant scope; a foreign id is "not a valid choice".
    return UnitKerja.objects.filter(instansi=instansi).order_by("kode")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PegawaiSearchForm(forms.Form):
    """GET parameters of a list of pegawai, or of records about them: name/NIP and unit kerja, plus
    the subclass's `FILTERS` (choice fields, "" when unset). An invalid value just drops that
    filter."""

    FILTERS: tuple[str, ...] = ()

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = UnitKerjaChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(instansi)

    def filters(self) -> dict:
        """Keyword arguments for the list's selector, from the valid fields only."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "unit_kerja": data.get("unit"),
            **{name: data.get(name) or "" for name in self.FILTERS},
        }


class PegawaiFilterForm(PegawaiSearchForm):
    FILTERS = ("jenis_jabatan", "golongan", "status", "kelengkapan")

    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[("", _("Semua")), *JenisJabatan.choices]
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=[("", _("Semua")), *GOLONGAN_CHOICES]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *StatusKepegawaian.choices]
    )
    kelengkapan = forms.ChoiceField(
        label=_("Kelengkapan data"),
        required=False,
        choices=[
            ("", _("Semua")),
            *((kode, label) for kode, (label, _lo, _hi) in KELENGKAPAN_RENTANG.items()),
        ],
    )


class PegawaiRecordFilterForm(PegawaiSearchForm):
    """The list of records about pegawai (asesmen, SKP): also by year, among the years that have
    records (`tahun_pilihan`)."""

    tahun = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, tahun_pilihan: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("Semua")), *((t, str(t)) for t in tahun_pilihan)]

    def filters(self) -> dict:
        return {**super().filters(), "tahun": self.cleaned_data.get("tahun")}


class PegawaiRecordForm(forms.Form):
    """A form that records something about one pegawai (an asesmen, an SKP). `nip` is asked only
    when the page was opened without a pegawai (`dengan_nip`; the field is removed otherwise)."""

    nip = forms.CharField(
        label=_("NIP / NI PPPK pegawai"),
        max_length=40,
        help_text=_("18 digit, boleh diketik dengan spasi."),
    )

    def __init__(self, *args, dengan_nip: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not dengan_nip:
            del self.fields["nip"]

    def clean_nip(self) -> str:
        # A NIP pasted from a spreadsheet as a number ("1.98E+17") has lost digits: say so.
        try:
            return nip_normalize(self.cleaned_data["nip"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


def _blank(choices) -> list:
    return [("", "—"), *choices]


class PegawaiForm(forms.Form):
    """Profile input for pegawai_create / pegawai_update, plus the linked ASN account."""

    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=40,
        help_text=_("18 digit, boleh diketik dengan spasi (mis. 19860926 201505 1 001)."),
    )
    gelar_depan = forms.CharField(label=_("Gelar depan"), max_length=50, required=False)
    nama = forms.CharField(label=_("Nama (tanpa gelar)"), max_length=150)
    gelar_belakang = forms.CharField(label=_("Gelar belakang"), max_length=80, required=False)
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(label=_("Tanggal lahir"), widget=DateInput)
    jenis_kelamin = forms.ChoiceField(label=_("Jenis kelamin"), choices=_blank(JenisKelamin.choices))
    status_kepegawaian = forms.ChoiceField(
        label=_("Status kepegawaian"), choices=_blank(StatusKepegawaian.choices)
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"),
        choices=_blank(GOLONGAN_CHOICES),
        required=False,
        help_text=_("PNS/CPNS: I/a–IV/e. PPPK: I–XVII."),
    )
    tmt_golongan = forms.DateField(label=_("TMT golongan"), widget=DateInput, required=False)
    jenis_jabatan = forms.ChoiceField(label=_("Jenis jabatan"), choices=_blank(JenisJabatan.choices))
    nama_jabatan = forms.CharField(label=_("Nama jabatan"), max_length=200)
    jenjang_fungsional = forms.ChoiceField(
        label=_("Jenjang jabatan fungsional"),
        choices=_blank(JenjangFungsional.choices),
        required=False,
        help_text=_("Hanya untuk jabatan fungsional."),
    )
    unit_kerja = UnitKerjaChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label="—"
    )
    tmt_jabatan = forms.DateField(label=_("TMT jabatan"), widget=DateInput, required=False)
    pendidikan_terakhir = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=_blank(JenjangPendidikan.choices), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    telepon = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    alamat = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    aktif = forms.BooleanField(label=_("Aktif"), required=False, initial=True)
    akun = forms.CharField(
        label=_("Akun pengguna ASN"),
        max_length=150,
        required=False,
        help_text=_("Nama pengguna akun ASN instansi ini; kosongkan untuk melepas tautan."),
    )

    PROFILE = PROFILE_FIELDS  # the fields pegawai_update may change, in form order

    FIELDSETS = [
        (
            _("Identitas"),
            [
                "nip",
                "gelar_depan",
                "nama",
                "gelar_belakang",
                "tempat_lahir",
                "tanggal_lahir",
                "jenis_kelamin",
            ],
        ),
        (
            _("Kepegawaian"),
            ["status_kepegawaian", "golongan", "tmt_golongan", "pendidikan_terakhir", "aktif"],
        ),
        (
            _("Jabatan sekarang"),
            ["jenis_jabatan", "nama_jabatan", "jenjang_fungsional", "unit_kerja", "tmt_jabatan"],
        ),
        (_("Kontak"), ["email", "telepon", "alamat"]),
        (_("Akun pengguna"), ["akun"]),
    ]

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = _units(instansi)

    def fieldsets(self) -> list[tuple[str, list]]:
        return [
            (label, [self[name] for name in names if name in self.fields]) for label, names in self.FIELDSETS
        ]

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PROFILE if name in self.fields}


class HukumanDisiplinForm(forms.Form):
    tingkat = forms.ChoiceField(label=_("Tingkat"), choices=_blank(HukumanDisiplin.Tingkat.choices))
    jenis_hukuman = forms.CharField(
        label=_("Jenis hukuman"),
        max_length=200,
        help_text=_("Mis. teguran tertulis; pemotongan tunjangan kinerja 25% selama 6 bulan."),
    )
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100)
    tmt_mulai = forms.DateField(label=_("TMT mulai"), widget=DateInput)
    tmt_selesai = forms.DateField(label=_("TMT selesai"), widget=DateInput, required=False)
    berkas = forms.FileField(
        label=_("Dokumen SK (PDF, JPG atau PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tmt_mulai"), data.get("tmt_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tmt_selesai", _("TMT selesai tidak boleh sebelum TMT mulai."))
        return data

    def riwayat_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("tingkat", "jenis_hukuman", "nomor_sk", "tmt_mulai", "tmt_selesai")
        }
