"""Read-only shapes of the fairness-lens API (apps/nasional/apis_keadilan.py)."""

from rest_framework import serializers

from .models import KOTAK_KEYS

SEL_KECIL = "null jika sel kecil (1 sampai batas sel kecil dikurangi satu)."


class KeadilanKelompokSerializer(serializers.Serializer):
    dimensi = serializers.CharField()
    dimensi_label = serializers.CharField()
    kelompok = serializers.CharField(help_text="Kode kelompok (perangkat daerah: id unit kerja).")
    kelompok_label = serializers.CharField()
    sel_kecil = serializers.BooleanField(
        help_text="Kelompok di bawah batas sel kecil: semua angkanya null, tidak diuji."
    )
    disembunyikan = serializers.BooleanField(
        help_text="Disembunyikan agar kelompok kecil pada dimensinya tidak dapat dihitung dari total "
        "dikurangi kelompok yang ditampilkan: semua angkanya null, tidak diuji."
    )
    n = serializers.IntegerField(allow_null=True, help_text="Pegawai dengan penempatan final; " + SEL_KECIL)
    pool = serializers.IntegerField(allow_null=True, help_text="Di talent pool (KRS); " + SEL_KECIL)
    persen_pool = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    n_lain = serializers.IntegerField(allow_null=True, help_text="Pegawai kelompok lainnya; " + SEL_KECIL)
    pool_lain = serializers.IntegerField(allow_null=True)
    persen_lain = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    uji = serializers.ChoiceField(
        choices=["fisher", "chi2"],
        allow_null=True,
        help_text="fisher: uji eksak Fisher; chi2: chi-kuadrat dengan koreksi Yates; null: tidak diuji.",
    )
    statistik = serializers.FloatField(allow_null=True, help_text="Nilai chi-kuadrat (null untuk Fisher).")
    p = serializers.FloatField(allow_null=True, help_text="Nilai p dua sisi.")
    berbeda = serializers.BooleanField(help_text="Ditandai: p < alpha.")
    arah = serializers.ChoiceField(
        choices=["tinggi", "rendah", ""], help_text="Arah perbedaan bila ditandai."
    )
    kotak = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Jumlah per kotak, kunci " + ", ".join(KOTAK_KEYS) + "; " + SEL_KECIL,
    )


class KeadilanSerializer(serializers.Serializer):
    periode = serializers.IntegerField()
    provinsi = serializers.CharField(allow_null=True, help_text="Kode Kemendagri provinsi, null = nasional.")
    instansi = serializers.CharField(allow_null=True, help_text="Kode instansi (lensa instansi sendiri).")
    batas_sel_kecil = serializers.IntegerField()
    alpha = serializers.FloatField()
    n = serializers.IntegerField(help_text="Pegawai dengan penempatan final (total, bukan sel rincian).")
    pool = serializers.IntegerField()
    jumlah_instansi = serializers.IntegerField(
        allow_null=True, help_text="Ringkasan instansi yang dijumlahkan."
    )
    diperbarui_min = serializers.DateTimeField(allow_null=True)
    diperbarui_max = serializers.DateTimeField(allow_null=True)
    kelompok = KeadilanKelompokSerializer(many=True)
