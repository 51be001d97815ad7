from rest_framework import serializers

from .models import RingkasanInstansi


class RingkasanInstansiSerializer(serializers.ModelSerializer):
    kode = serializers.CharField(source="instansi.kode")
    nama = serializers.CharField(source="instansi.nama")
    provinsi = serializers.CharField(source="instansi.provinsi.kode")

    class Meta:
        model = RingkasanInstansi
        fields = [
            "kode",
            "nama",
            "provinsi",
            "jumlah_pengguna",
            "pengguna_per_peran",
            "jumlah_perangkat_daerah",
            "jumlah_unit_kerja",
            "diperbarui_pada",
        ]
