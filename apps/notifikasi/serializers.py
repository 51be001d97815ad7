"""Serializers of the inbox API (/api/v1/notifikasi/): read-only shapes."""

from __future__ import annotations

from rest_framework import serializers

from .models import Notifikasi


class NotifikasiSerializer(serializers.ModelSerializer):
    dibaca = serializers.SerializerMethodField(help_text="Sudah dibaca.")

    class Meta:
        model = Notifikasi
        fields = ["id", "jenis", "judul", "isi", "tautan", "dibuat_pada", "dibaca_pada", "dibaca"]
        read_only_fields = fields

    def get_dibaca(self, obj: Notifikasi) -> bool:
        return obj.dibaca_pada is not None


class PreferensiSerializer(serializers.Serializer):
    jenis = serializers.CharField(help_text="Kode jenis notifikasi, mis. pegawai.kelengkapan_mingguan.")
    label = serializers.CharField(read_only=True)
    keterangan = serializers.CharField(read_only=True)
    kotak_masuk = serializers.BooleanField(help_text="Tampil di kotak masuk.")
    email = serializers.BooleanField(help_text="Dikirim juga lewat e-mail.")
