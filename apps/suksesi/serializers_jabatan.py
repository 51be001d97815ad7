"""Serializers of the key-post API (/api/v1/jabatan-kunci/). They parse shapes only; every rule
(level and jenjang, the same post twice, the holder, the standard's levels) is checked by
services_jabatan.py, the same as for the form and the import."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import EnumField
from apps.pegawai.referensi import JenjangFungsional

from .models import JENIS_JABATAN_KUNCI, JabatanKunci


class StandarKompetensiSerializer(serializers.Serializer):
    kompetensi = serializers.CharField(max_length=200)
    level = serializers.IntegerField(help_text="Level yang dituntut, 1–5.")


class SyaratTambahanSerializer(serializers.Serializer):
    golongan_minimum = serializers.CharField(
        required=False, allow_blank=True, help_text="Golongan ruang PNS, mis. IV/a."
    )
    bidang_pendidikan = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    sertifikat = serializers.ListField(child=serializers.CharField(max_length=200), required=False)


class JabatanKunciSerializer(serializers.ModelSerializer):
    unit_kerja_kode = serializers.CharField(source="unit_kerja.kode", read_only=True)
    unit_kerja_nama = serializers.CharField(source="unit_kerja.nama", read_only=True)
    jenis_jabatan = EnumField(
        enum_name="TingkatJabatanKunciEnum", choices=JENIS_JABATAN_KUNCI, read_only=True
    )
    jenjang_fungsional = EnumField(
        enum_name="JenjangFungsionalJabatanKunciEnum",
        choices=JenjangFungsional.choices,
        allow_blank=True,
        read_only=True,
        help_text="Kosong untuk jabatan struktural.",
    )
    pemegang_nip = serializers.CharField(source="pemegang.nip", read_only=True, allow_null=True, default=None)
    pemegang_nama = serializers.CharField(
        source="pemegang.nama", read_only=True, allow_null=True, default=None
    )
    tanggal_bup_pemegang = serializers.SerializerMethodField()
    standar_kompetensi = StandarKompetensiSerializer(many=True, read_only=True)
    syarat_tambahan = SyaratTambahanSerializer(read_only=True)

    class Meta:
        model = JabatanKunci
        fields = [
            "id",
            "unit_kerja",
            "unit_kerja_kode",
            "unit_kerja_nama",
            "nama",
            "jenis_jabatan",
            "jenjang_fungsional",
            "pemegang",
            "pemegang_nip",
            "pemegang_nama",
            "tanggal_bup_pemegang",
            "alasan",
            "standar_kompetensi",
            "syarat_tambahan",
            "aktif",
            "dibuat_pada",
            "diubah_pada",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.DateField(
            allow_null=True, help_text="Dari tanggal lahir pemegang dan BUP tingkat jabatan."
        )
    )
    def get_tanggal_bup_pemegang(self, jabatan):
        from .selectors_jabatan import tanggal_bup_pemegang

        tanggal = tanggal_bup_pemegang(jabatan=jabatan, pengaturan=self.context.get("pengaturan_bup"))
        return tanggal.isoformat() if tanggal else None


class JabatanKunciWriteSerializer(serializers.Serializer):
    unit_kerja = serializers.IntegerField(help_text="Id unit kerja instansi ini.")
    nama = serializers.CharField(max_length=200)
    jenis_jabatan = EnumField(enum_name="TingkatJabatanKunciEnum", choices=JENIS_JABATAN_KUNCI)
    jenjang_fungsional = EnumField(
        enum_name="JenjangFungsionalJabatanKunciEnum",
        choices=JenjangFungsional.choices,
        required=False,
        allow_blank=True,
        help_text="Wajib untuk fungsional, kosong untuk jabatan struktural.",
    )
    pemegang = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Id pegawai pemegang; null = lowong. Atau gunakan pemegang_nip.",
    )
    pemegang_nip = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="NIP pemegang; kosong = lowong."
    )
    alasan = serializers.CharField()
    standar_kompetensi = StandarKompetensiSerializer(many=True, required=False)
    syarat_tambahan = SyaratTambahanSerializer(required=False)
    aktif = serializers.BooleanField(required=False, help_text="Hanya saat mengubah.")


class JabatanKunciFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, help_text="Nama jabatan, unit, pemegang atau NIP.")
    perangkat_daerah = serializers.IntegerField(
        required=False, help_text="Id perangkat daerah (beserta bidang dan seksinya)."
    )
    jenis_jabatan = EnumField(
        enum_name="TingkatJabatanKunciEnum", choices=JENIS_JABATAN_KUNCI, required=False
    )
    status = serializers.ChoiceField(choices=["aktif", "nonaktif", "lowong"], required=False)


class AlasanSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=2000)
