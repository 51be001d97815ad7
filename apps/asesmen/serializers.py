"""API shapes for asesmen. The pegawai reference (NIP as text, or id) and the batch envelope are
shared with every integration write (apps/pegawai/serializers.py, apps/core/api.py).

Serializers only parse and present. The values of an asesmen are validated by asesmen_clean() in
apps/asesmen/services.py; pegawai references are resolved inside the caller's instansi, so another
tenant's NIP or id reads exactly like an unknown one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import EnumField, batch_items_field
from apps.pegawai.serializers import PegawaiRecordFilterSerializer, PegawaiRujukanSerializer

from .jpm import KategoriMS, KategoriOptimal, kategori_ms, kategori_optimal
from .models import Asesmen, AsesmenKompetensi, Sumber
from .selectors import STATUS_CHOICES, STATUS_KEDALUWARSA, STATUS_VALID

ASPEK_FIELDS = [name for name, _label in Asesmen.ASPEK]


# --- fields -------------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string", "example": "77,50"}],
        "description": "Angka; sebagai teks boleh memakai koma desimal (77,50).",
    }
)
class AngkaField(serializers.Field):
    """A number as JSON number or as text ("77,50"): passed on as given to the service, which
    parses Indonesian decimals and checks the range with its own messages."""

    default_error_messages = {"invalid": gettext_lazy("Harus berupa angka.")}

    def to_internal_value(self, data: Any):
        if isinstance(data, bool) or not isinstance(data, int | float | str | Decimal):
            self.fail("invalid")
        return data if isinstance(data, str) else str(data)

    def to_representation(self, value):
        return str(value)


# --- read shapes --------------------------------------------------------------------------------------


class AsesmenKompetensiSerializer(serializers.ModelSerializer):
    kelompok = EnumField(enum_name="KelompokKompetensiEnum", choices=AsesmenKompetensi.Kelompok.choices)
    gap = serializers.IntegerField(read_only=True, help_text="Level individu − level standar.")

    class Meta:
        model = AsesmenKompetensi
        fields = ["kompetensi", "kelompok", "level_standar", "level_individu", "gap"]
        read_only_fields = fields


class AsesmenSerializer(serializers.ModelSerializer):
    """One asesmen with both JPM category scales and its validity on the day of the request."""

    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, help_text="Selalu teks.")
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    metode = EnumField(enum_name="MetodeAsesmenEnum", choices=Asesmen.Metode.choices, read_only=True)
    metode_tampilan = serializers.CharField(source="get_metode_display", read_only=True)
    kategori_ms = serializers.SerializerMethodField()
    kategori_ms_label = serializers.SerializerMethodField()
    kategori_optimal = serializers.SerializerMethodField()
    kategori_optimal_label = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    sumber = EnumField(enum_name="SumberPenilaianEnum", choices=Sumber.choices, read_only=True)
    kompetensi = AsesmenKompetensiSerializer(many=True, read_only=True)

    class Meta:
        model = Asesmen
        fields = [
            "id",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
            "tanggal",
            "metode",
            "metode_tampilan",
            "lembaga",
            "nilai_potensi",
            "jpm",
            "kategori_ms",
            "kategori_ms_label",
            "kategori_optimal",
            "kategori_optimal_label",
            *ASPEK_FIELDS,
            "berlaku_sampai",
            "status",
            "sumber",
            "kompetensi",
            "dibuat_pada",
            "diubah_pada",
        ]
        read_only_fields = fields

    @extend_schema_field(EnumField(enum_name="KategoriMSEnum", choices=KategoriMS.choices))
    def get_kategori_ms(self, asesmen: Asesmen) -> str:
        return str(kategori_ms(asesmen.jpm))

    @extend_schema_field(EnumField(enum_name="KategoriOptimalEnum", choices=KategoriOptimal.choices))
    def get_kategori_optimal(self, asesmen: Asesmen) -> str:
        return str(kategori_optimal(asesmen.jpm))

    def get_kategori_ms_label(self, asesmen: Asesmen) -> str:
        return str(asesmen.kategori_ms)

    def get_kategori_optimal_label(self, asesmen: Asesmen) -> str:
        return str(asesmen.kategori_optimal)

    @extend_schema_field(EnumField(enum_name="StatusBerlakuEnum", choices=STATUS_CHOICES))
    def get_status(self, asesmen: Asesmen) -> str:
        """Valid on the day of the request (the list annotates it in the database)."""
        berlaku = getattr(asesmen, "berlaku", None)
        if berlaku is None:
            berlaku = asesmen.berlaku_pada()
        return STATUS_VALID if berlaku else STATUS_KEDALUWARSA


# --- filters ------------------------------------------------------------------------------------------


class AsesmenFilterSerializer(PegawaiRecordFilterSerializer):
    tahun = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Tahun tanggal asesmen."
    )
    metode = EnumField(enum_name="MetodeAsesmenEnum", choices=Asesmen.Metode.choices, required=False)
    status = EnumField(
        enum_name="StatusBerlakuEnum",
        choices=STATUS_CHOICES,
        required=False,
        help_text="valid: masih berlaku hari ini; kedaluwarsa: masa berlakunya sudah lewat.",
    )


# --- integration writes -------------------------------------------------------------------------------


class AsesmenKompetensiInputSerializer(serializers.Serializer):
    kompetensi = serializers.CharField(max_length=120)
    kelompok = serializers.ChoiceField(choices=["manajerial", "sosial_kultural", "teknis"])
    level_standar = serializers.IntegerField(min_value=1, max_value=5)
    level_individu = serializers.IntegerField(min_value=1, max_value=5)


class AsesmenInputSerializer(PegawaiRujukanSerializer):
    """One asesmen from an integration. Upserted by (pegawai, tanggal, metode)."""

    tanggal = serializers.DateField(
        input_formats=["iso-8601", "%d-%m-%Y", "%d/%m/%Y"], help_text="Tanggal asesmen (TTTT-BB-HH)."
    )
    metode = serializers.CharField(
        max_length=40,
        help_text="assessment_center, cact atau uji_kompetensi (juga 'Assessment Center', 'CACT', 'Uji Kompetensi').",
    )
    lembaga = serializers.CharField(max_length=200, allow_blank=True)
    nilai_potensi = AngkaField(help_text="0–100.")
    jpm = AngkaField(help_text="Persen, boleh lebih dari 100 (mis. 138.89); tidak dibatasi 100.")
    berlaku_sampai = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["iso-8601", "%d-%m-%Y", "%d/%m/%Y"],
        help_text="Kosong: tanggal asesmen ditambah masa berlaku instansi (bawaan 3 tahun).",
    )
    # The eight potential aspects (Asesmen.ASPEK), each optional.
    aspek_intelektual = AngkaField(
        required=False, allow_null=True, help_text="Kemampuan intelektual (0–100)."
    )
    aspek_interpersonal = AngkaField(
        required=False, allow_null=True, help_text="Kemampuan interpersonal (0–100)."
    )
    aspek_kesadaran_diri = AngkaField(required=False, allow_null=True, help_text="Kesadaran diri (0–100).")
    aspek_berpikir_kritis = AngkaField(
        required=False, allow_null=True, help_text="Berpikir kritis dan strategis (0–100)."
    )
    aspek_pemecahan_masalah = AngkaField(
        required=False, allow_null=True, help_text="Kemampuan menyelesaikan permasalahan (0–100)."
    )
    aspek_kecerdasan_emosional = AngkaField(
        required=False, allow_null=True, help_text="Kecerdasan emosional (0–100)."
    )
    aspek_motivasi = AngkaField(required=False, allow_null=True, help_text="Motivasi dan komitmen (0–100).")
    aspek_belajar = AngkaField(
        required=False, allow_null=True, help_text="Kemauan belajar / pengembangan diri (0–100)."
    )
    kompetensi = AsesmenKompetensiInputSerializer(
        many=True,
        required=False,
        help_text="Level per kompetensi terhadap standar jabatan (opsional; jika diisi, menggantikan yang tersimpan).",
    )

    def service_values(self) -> dict:
        data = dict(self.validated_data)
        data.pop("nip", None)
        data.pop("pegawai", None)
        if "kompetensi" in data:
            data["kompetensi"] = [dict(item) for item in data["kompetensi"]]
        return data


class AsesmenBatchSerializer(serializers.Serializer):
    items = batch_items_field(AsesmenInputSerializer)
