"""API shapes for SKP. The predikat is always derived by skp_clean() from the two ratings: an
integration may send it along, and then it must agree with the matrix (else 400 with the service's
message). Pegawai references and the batch envelope are shared with every integration write."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api import EnumField, batch_items_field
from apps.pegawai.serializers import PegawaiRecordFilterSerializer, PegawaiRujukanSerializer

from .models import SKP, Periode, Sumber, UmpanBalik360
from .predikat import Predikat, Rating


class SkpSerializer(serializers.ModelSerializer):
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, help_text="Selalu teks.")
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    periode = EnumField(enum_name="PeriodeSkpEnum", choices=Periode.choices, read_only=True)
    periode_tampilan = serializers.CharField(source="get_periode_display", read_only=True)
    rating_hasil_kerja = EnumField(enum_name="RatingSkpEnum", choices=Rating.choices, read_only=True)
    rating_perilaku_kerja = EnumField(enum_name="RatingSkpEnum", choices=Rating.choices, read_only=True)
    predikat = EnumField(
        enum_name="PredikatSkpEnum",
        choices=Predikat.choices,
        read_only=True,
        help_text="Label resmi PermenPANRB 6/2022, diturunkan dari kedua rating.",
    )
    sumber = EnumField(enum_name="SumberPenilaianEnum", choices=Sumber.choices, read_only=True)

    class Meta:
        model = SKP
        fields = [
            "id",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
            "tahun",
            "periode",
            "periode_tampilan",
            "rating_hasil_kerja",
            "rating_perilaku_kerja",
            "predikat",
            "sumber",
            "dibuat_pada",
            "diubah_pada",
        ]
        read_only_fields = fields


class SkpFilterSerializer(PegawaiRecordFilterSerializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    periode = EnumField(enum_name="PeriodeSkpEnum", choices=Periode.choices, required=False)
    predikat = EnumField(enum_name="PredikatSkpEnum", choices=Predikat.choices, required=False)


class SkpInputSerializer(PegawaiRujukanSerializer):
    """One SKP from an integration. Upserted by (pegawai, tahun, periode)."""

    tahun = serializers.IntegerField(help_text="Tahun penilaian, mis. 2025 (2000 sampai tahun ini).")
    periode = serializers.CharField(
        max_length=20, help_text="tahunan, tw1 … tw4 (juga 'Tahunan', 'Triwulan I' … 'Triwulan IV')."
    )
    rating_hasil_kerja = serializers.CharField(
        max_length=40, help_text="di_atas, sesuai, di_bawah (juga 'Di Atas Ekspektasi', …)."
    )
    rating_perilaku_kerja = serializers.CharField(
        max_length=40, help_text="di_atas, sesuai, di_bawah (juga 'Di Atas Ekspektasi', …)."
    )
    predikat = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=40,
        help_text="Boleh dikosongkan. Bila diisi harus sama dengan hasil matriks; tidak pernah diambil apa adanya.",
    )

    def service_values(self) -> dict:
        data = dict(self.validated_data)
        data.pop("nip", None)
        data.pop("pegawai", None)
        return data


class SkpBatchSerializer(serializers.Serializer):
    items = batch_items_field(SkpInputSerializer)


# --- umpan balik 360° ------------------------------------------------------------------------------


class UmpanBalikSerializer(serializers.ModelSerializer):
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, help_text="Selalu teks.")
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    sumber = EnumField(enum_name="SumberPenilaianEnum", choices=Sumber.choices, read_only=True)

    class Meta:
        model = UmpanBalik360
        fields = [
            "id",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
            "tanggal",
            "skor",
            "penyelenggara",
            "sumber",
            "dibuat_pada",
            "diubah_pada",
        ]
        read_only_fields = fields


class UmpanBalikFilterSerializer(PegawaiRecordFilterSerializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class UmpanBalikInputSerializer(PegawaiRujukanSerializer):
    """One 360° result from an integration. Upserted by (pegawai, tanggal)."""

    tanggal = serializers.CharField(max_length=20, help_text="Tanggal penilaian: 2025-10-15 atau 15-10-2025.")
    skor = serializers.CharField(max_length=10, help_text="Nilai 0–100, paling banyak dua desimal.")
    penyelenggara = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def service_values(self) -> dict:
        data = dict(self.validated_data)
        data.pop("nip", None)
        data.pop("pegawai", None)
        return data


class UmpanBalikBatchSerializer(serializers.Serializer):
    items = batch_items_field(UmpanBalikInputSerializer)
