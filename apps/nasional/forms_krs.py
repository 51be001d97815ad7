"""Forms of KRS Nasional: the stated purpose, the search filters, the operator's grant."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Wilayah
from apps.pegawai.referensi import JenisJabatan
from apps.suksesi.selectors import TINGKAT_LABEL

from .krs import SaringanKrsNasional, pengguna_bkn_list

TUJUAN_MIN = 20


class TujuanForm(forms.Form):
    tujuan = forms.CharField(
        label=_("Tujuan pencarian"),
        min_length=TUJUAN_MIN,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Untuk apa data ini dicari (misalnya: pengisian JPT Pratama lintas instansi di provinsi "
            "tertentu, dasar suratnya). Dicatat bersama setiap pencarian dan profil yang dibuka."
        ),
    )


class SaringanKrsForm(forms.Form):
    tingkat = forms.ChoiceField(label=_("Tingkat jabatan"), required=False)
    jenis_jabatan = forms.ChoiceField(label=_("Jenis jabatan"), required=False)
    jpm_min = forms.DecimalField(
        label=_("JPM minimal (%)"),
        required=False,
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("999.99"))],
    )
    kompetensi = forms.CharField(
        label=_("Kompetensi"),
        required=False,
        max_length=120,
        help_text=_("Nama kompetensi persis seperti di hasil asesmen, misalnya Integritas."),
    )
    kompetensi_level = forms.IntegerField(
        label=_("Level kompetensi minimal"), required=False, min_value=1, max_value=5
    )
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)
    tahun_ke_bup_min = forms.IntegerField(
        label=_("Sisa masa kerja ke BUP minimal (tahun)"), required=False, min_value=0, max_value=45
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        semua = [("", _("Semua"))]
        self.fields["tingkat"].choices = semua + [(k, v) for k, v in TINGKAT_LABEL.items()]
        self.fields["jenis_jabatan"].choices = semua + list(JenisJabatan.choices)
        self.fields["provinsi"].choices = semua + list(
            Wilayah.objects.filter(jenis=Wilayah.Jenis.PROVINSI).order_by("kode").values_list("kode", "nama")
        )

    def clean(self):
        data = super().clean()
        if data.get("kompetensi_level") and not data.get("kompetensi"):
            self.add_error("kompetensi", _("Isi nama kompetensi untuk menyaring menurut levelnya."))
        return data

    def saringan(self) -> SaringanKrsNasional:
        d = self.cleaned_data
        return SaringanKrsNasional(
            tingkat=d.get("tingkat") or "",
            jenis_jabatan=d.get("jenis_jabatan") or "",
            jpm_min=d.get("jpm_min"),
            kompetensi=(d.get("kompetensi") or "").strip(),
            kompetensi_level=d.get("kompetensi_level"),
            provinsi=d.get("provinsi") or "",
            tahun_ke_bup_min=d.get("tahun_ke_bup_min"),
        )


class AksesForm(forms.Form):
    user = forms.ChoiceField(label=_("Akun BKN"))
    dasar = forms.CharField(
        label=_("Dasar pemberian akses"),
        max_length=255,
        help_text=_("Nomor dan tanggal surat atau penugasan yang mendasari akses."),
    )
    berlaku_mulai = forms.DateField(label=_("Berlaku mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    berlaku_sampai = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan bila sampai dicabut."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pengguna = {str(u.pk): u for u in pengguna_bkn_list()}
        self.fields["user"].choices = [("", "—")] + [
            (pk, f"{u.get_full_name() or u.get_username()} ({u.get_username()})")
            for pk, u in self.pengguna.items()
        ]

    def clean(self):
        data = super().clean()
        mulai, sampai = data.get("berlaku_mulai"), data.get("berlaku_sampai")
        if mulai and sampai and sampai < mulai:
            self.add_error("berlaku_sampai", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        if data.get("user"):
            data["user"] = self.pengguna[data["user"]]
        return data
