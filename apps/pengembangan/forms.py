"""Forms of the IDP pages. They parse; every rule is checked by services.py (the same for the API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import UnitKerja
from apps.pegawai.forms_bkd import DateInput
from apps.pegawai.models import Pegawai

from .models import SUB_JENIS_PER_JENIS, Idp, JenisKegiatan, SubJenisKegiatan


def sub_jenis_choices():
    """The bentuk kegiatan grouped under its 70:20:10 kind."""
    return [("", "—")] + [
        (JenisKegiatan(jenis).label, [(sub, SubJenisKegiatan(sub).label) for sub in subs])
        for jenis, subs in SUB_JENIS_PER_JENIS.items()
    ]


class PegawaiChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama} — {obj.nama_jabatan}"


class KegiatanForm(forms.Form):
    sub_jenis = forms.ChoiceField(label=_("Bentuk kegiatan"), choices=sub_jenis_choices)
    nama = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    kompetensi_sasaran = forms.CharField(label=_("Kompetensi sasaran"), max_length=150, required=False)
    alasan = forms.CharField(label=_("Alasan"), max_length=300, required=False)
    tanggal_mulai = forms.DateField(label=_("Tanggal mulai"), widget=DateInput)
    tanggal_selesai = forms.DateField(label=_("Tanggal selesai"), widget=DateInput)
    perkiraan_jam = forms.IntegerField(
        label=_("Perkiraan jam"),
        min_value=0,
        max_value=2000,
        help_text=_("Porsi 70:20:10 dihitung dari perkiraan jam semua kegiatan."),
    )
    jam_pelajaran = forms.IntegerField(
        label=_("Jam pelajaran (JP)"),
        min_value=1,
        max_value=2000,
        required=False,
        help_text=_("Hanya untuk pendidikan dan pelatihan."),
    )
    penanggung_jawab = PegawaiChoiceField(label=_("Penanggung jawab"), queryset=None, required=False)

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penanggung_jawab"].queryset = Pegawai.objects.filter(
            instansi=instansi,
            aktif=True,
            jenis_jabatan__in=["jpt_pratama", "administrator", "pengawas", "fungsional"],
        ).order_by("nama")


class KembalikanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan pengembalian"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Dikirim kepada pegawai; sebutkan apa yang perlu diperbaiki."),
    )


class ProgresForm(forms.Form):
    progres = forms.IntegerField(
        label=_("Progres (%)"),
        min_value=0,
        max_value=99,
        help_text=_("Untuk 100 persen, gunakan “Tandai selesai” dan unggah buktinya."),
    )
    catatan = forms.CharField(
        label=_("Catatan progres"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class SelesaiForm(forms.Form):
    berkas = forms.FileField(
        label=_("Bukti (sertifikat, SK, atau laporan)"),
        required=False,
        help_text=_("PDF, JPG atau PNG."),
    )
    tanggal_mulai = forms.DateField(label=_("Tanggal mulai"), widget=DateInput, required=False)
    tanggal_selesai = forms.DateField(label=_("Tanggal selesai"), widget=DateInput, required=False)
    penyelenggara = forms.CharField(label=_("Penyelenggara"), max_length=200, required=False)
    nomor = forms.CharField(label=_("Nomor sertifikat / SK"), max_length=100, required=False)
    jam_pelajaran = forms.IntegerField(
        label=_("Jam pelajaran (JP)"), min_value=1, max_value=2000, required=False
    )
    catatan = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, kegiatan, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import SUB_KE_RIWAYAT

        model = SUB_KE_RIWAYAT.get(kegiatan.sub_jenis)
        kode = getattr(model, "KODE", "")
        if kode != "diklat":
            del self.fields["penyelenggara"]
            del self.fields["jam_pelajaran"]
        if kode == "":
            del self.fields["nomor"]


class SusunMassalForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    hanya_prioritas = forms.BooleanField(
        label=_("Hanya kotak 4–6"),
        required=False,
        help_text=_("Tanpa centang: kotak 4–6 disusun lebih dahulu, lalu pegawai lainnya."),
    )


class IdpFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *Idp.Status.choices]
    )
    perangkat_daerah = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=None, required=False)
    kotak = forms.TypedChoiceField(
        label=_("Kotak"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Semua"))] + [(k, str(k)) for k in range(9, 0, -1)],
    )  # fmt: skip
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perangkat_daerah"].queryset = UnitKerja.objects.filter(
            instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH
        ).order_by("kode")
