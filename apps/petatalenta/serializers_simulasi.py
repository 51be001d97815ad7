"""Shapes of the what-if API (apis_simulasi): the hypothetical inputs asked, the two placements
answered. Validation is the page's own form (forms_simulasi.SimulasiForm); these serializers only
document and render."""

from __future__ import annotations

from rest_framework import serializers

from apps.pegawai.referensi import JenjangPendidikan

from .engine import PREDIKAT_SKOR_BAWAAN


class SimulasiMintaSerializer(serializers.Serializer):
    """Every key is optional: what is left out keeps the pegawai's own value."""

    jpm = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=200,
        required=False,
        help_text="JPM kompetensi hasil asesmen baru (0–200, dua desimal); wajib bersama `nilai_potensi`.",
    )
    nilai_potensi = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        help_text="Nilai potensi hasil asesmen baru (0–100, dua desimal); wajib bersama `jpm`.",
    )
    skp = serializers.DictField(
        child=serializers.ChoiceField(choices=list(PREDIKAT_SKOR_BAWAAN), allow_null=True),
        required=False,
        help_text=(
            'Predikat SKP tahunan per tahun dalam jendela aturan, mis. {"2025": "Sangat Baik"}; '
            "null: tidak ada SKP tahun itu."
        ),
    )
    jp = serializers.IntegerField(
        min_value=0, max_value=2000, required=False, help_text="Jumlah JP diklat dalam jendela (0–2000)."
    )
    jenjang = serializers.ChoiceField(
        choices=JenjangPendidikan.choices, required=False, help_text="Pendidikan tertinggi."
    )
    kesesuaian = serializers.BooleanField(
        required=False, help_text="Bidang pendidikan sesuai dengan jabatan saat ini."
    )


class SimulasiKekuranganSerializer(serializers.Serializer):
    kode = serializers.CharField()
    teks = serializers.CharField()
    wajib = serializers.BooleanField(help_text="Tanpa data ini penempatan berstatus perlu data.")


class SimulasiKomponenSerializer(serializers.Serializer):
    kode = serializers.CharField()
    sumbu = serializers.ChoiceField(choices=["potensial", "kinerja"])
    label = serializers.CharField()
    nilai = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    bobot = serializers.IntegerField()
    kontribusi = serializers.DecimalField(max_digits=5, decimal_places=2)
    keterangan = serializers.CharField(allow_blank=True)


class SimulasiLangkahSerializer(serializers.Serializer):
    sumbu = serializers.ChoiceField(choices=["potensial", "kinerja"])
    kode = serializers.CharField()
    teks = serializers.CharField()
    jaga = serializers.BooleanField(help_text="Menjaga tingkat agar tidak turun (bukan menaikkan).")


class SimulasiHasilSerializer(serializers.Serializer):
    kotak = serializers.IntegerField(min_value=1, max_value=9)
    label_kotak = serializers.CharField()
    status = serializers.CharField(help_text="`final` atau `perlu_data` (data wajib belum lengkap).")
    talent_pool = serializers.BooleanField()
    skor_potensial = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="null pada model kategoris."
    )
    skor_kinerja = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    level_potensial = serializers.ChoiceField(choices=["rendah", "menengah", "tinggi"])
    level_kinerja = serializers.ChoiceField(choices=["di_bawah", "sesuai", "di_atas"])
    kekurangan = SimulasiKekuranganSerializer(many=True)
    komponen = SimulasiKomponenSerializer(many=True)
    langkah = SimulasiLangkahSerializer(many=True, help_text="Langkah berikutnya dari hasil ini.")


class SimulasiAturanSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null: belum ada versi aktif (preset nasional).")
    nama = serializers.CharField()
    versi = serializers.IntegerField(allow_null=True)
    model = serializers.ChoiceField(choices=["berbobot", "kategoris"])


class SimulasiSerializer(serializers.Serializer):
    pegawai = serializers.IntegerField(help_text="id pegawai.")
    periode = serializers.IntegerField()
    tanggal_acuan = serializers.DateField()
    aturan = SimulasiAturanSerializer()
    perubahan = serializers.ListField(child=serializers.CharField(), help_text="Yang diandaikan, dalam kata.")
    saat_ini = SimulasiHasilSerializer(
        help_text="Dihitung dari data yang tidak diubah, dengan aturan yang sama."
    )
    simulasi = SimulasiHasilSerializer()
    tersimpan = serializers.ChoiceField(
        choices=["sama", "kotor", "beda", "belum"],
        help_text=(
            "Penempatan tersimpan dibanding `saat_ini`: sama; kotor (sedang dihitung ulang); beda "
            "(dihitung dari data atau aturan lain); belum (belum pernah dihitung)."
        ),
    )
