"""Serializers of the penetapan API. They parse shapes only; every rule is checked by
services_penetapan.py, the same as for the pages."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api import EnumField

from .models import Penetapan, SnapshotPenempatan


class PenetapanSerializer(serializers.ModelSerializer):
    hasil = EnumField(enum_name="HasilPenetapanEnum", choices=Penetapan.Hasil.choices, read_only=True)
    sidang_judul = serializers.CharField(source="sidang.judul", read_only=True)

    class Meta:
        model = Penetapan
        fields = [
            "id",
            "sidang",
            "sidang_judul",
            "periode",
            "hasil",
            "nomor_keputusan",
            "tanggal_keputusan",
            "catatan",
            "jumlah_penempatan",
            "snapshot_hash",
            "urutan",
            "hash",
            "pada",
        ]
        read_only_fields = fields


class PenetapanWriteSerializer(serializers.Serializer):
    sidang = serializers.IntegerField(help_text="Id sidang yang sudah ditutup (selesai) di instansi ini.")
    hasil = EnumField(enum_name="HasilPenetapanEnum", choices=Penetapan.Hasil.choices)
    nomor_keputusan = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Wajib bila ditetapkan."
    )
    tanggal_keputusan = serializers.DateField(
        required=False, allow_null=True, help_text="Wajib bila ditetapkan."
    )
    catatan = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="Wajib bila dikembalikan."
    )


class PenetapanFilterSerializer(serializers.Serializer):
    sidang = serializers.IntegerField(required=False)
    periode = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    hasil = EnumField(enum_name="HasilPenetapanEnum", choices=Penetapan.Hasil.choices, required=False)


class DitetapkanSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="pegawai.nip", read_only=True)
    nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    unit_kerja = serializers.CharField(source="pegawai.unit_kerja.nama", read_only=True, default=None)
    kotak_sekarang = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Kotak hasil hitungan sekarang (terus dihitung ulang)."
    )
    berbeda = serializers.BooleanField(
        read_only=True, help_text="Kotak sekarang berbeda dengan yang ditetapkan."
    )
    nomor_keputusan = serializers.CharField(source="penetapan.nomor_keputusan", read_only=True)
    tanggal_keputusan = serializers.DateField(source="penetapan.tanggal_keputusan", read_only=True)

    class Meta:
        model = SnapshotPenempatan
        fields = [
            "id",
            "penetapan",
            "nomor_keputusan",
            "tanggal_keputusan",
            "pegawai",
            "nip",
            "nama",
            "unit_kerja",
            "periode",
            "status",
            "kotak",
            "kotak_dihitung",
            "keputusan",
            "skor_potensial",
            "skor_kinerja",
            "talent_pool",
            "krs_nasional",
            "aturan",
            "aturan_versi",
            "inputs_hash",
            "kotak_sekarang",
            "berbeda",
        ]
        read_only_fields = fields


class DitetapkanFilterSerializer(serializers.Serializer):
    periode = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Tahun periode; bawaan: periode sekarang."
    )
    perangkat_daerah = serializers.IntegerField(required=False)
    kotak = serializers.IntegerField(
        required=False, min_value=1, max_value=9, help_text="Kotak yang ditetapkan."
    )
    berbeda = serializers.BooleanField(
        required=False, help_text="Hanya yang berbeda dengan hitungan sekarang."
    )
