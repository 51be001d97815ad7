"""Serializers of the IDP API. They parse and present; rules live in services.py."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api import EnumField

from .models import Idp, JenisKegiatan, KegiatanIdp, SubJenisKegiatan


class KegiatanIdpSerializer(serializers.ModelSerializer):
    jenis = EnumField(enum_name="JenisKegiatanIdpEnum", choices=JenisKegiatan.choices, read_only=True)
    sub_jenis = EnumField(
        enum_name="SubJenisKegiatanIdpEnum", choices=SubJenisKegiatan.choices, read_only=True
    )
    status = EnumField(enum_name="StatusKegiatanIdpEnum", choices=KegiatanIdp.Status.choices, read_only=True)
    dokumen = serializers.SerializerMethodField(help_text="UUID dokumen bukti, bila ada.")

    class Meta:
        model = KegiatanIdp
        fields = [
            "id", "idp", "jenis", "sub_jenis", "nama", "kompetensi_sasaran", "sumber", "alasan", "tanggal_mulai",
            "tanggal_selesai", "perkiraan_jam", "jam_pelajaran", "penanggung_jawab", "status", "progres",
            "catatan_progres", "dokumen", "riwayat_kode", "riwayat_id", "diselesaikan_pada",
        ]  # fmt: skip
        read_only_fields = fields

    def get_dokumen(self, obj) -> str | None:
        return str(obj.dokumen.uuid) if obj.dokumen_id else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        tampilan = self.context.get("tampilan_asn")
        if tampilan is not None:
            data["alasan"] = tampilan.alasan(instance)
        return data


class KegiatanIdpWriteSerializer(serializers.Serializer):
    idp = serializers.IntegerField(required=False, help_text="Id IDP (hanya saat menambah).")
    sub_jenis = EnumField(enum_name="SubJenisKegiatanIdpEnum", choices=SubJenisKegiatan.choices)
    nama = serializers.CharField(max_length=200)
    kompetensi_sasaran = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    alasan = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    tanggal_mulai = serializers.DateField()
    tanggal_selesai = serializers.DateField()
    perkiraan_jam = serializers.IntegerField(min_value=0, max_value=2000, required=False, default=0)
    jam_pelajaran = serializers.IntegerField(min_value=1, max_value=2000, required=False, allow_null=True)
    penanggung_jawab = serializers.IntegerField(required=False, allow_null=True, help_text="Id pegawai.")


class ProgresSerializer(serializers.Serializer):
    progres = serializers.IntegerField(min_value=0, max_value=99)
    catatan = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IdpSerializer(serializers.ModelSerializer):
    status = EnumField(enum_name="StatusIdpEnum", choices=Idp.Status.choices, read_only=True)
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True)
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True)

    class Meta:
        model = Idp
        fields = [
            "id", "pegawai", "pegawai_nip", "pegawai_nama", "tahun", "atasan", "status", "kotak", "catatan",
            "alasan_pengembalian", "disetujui_pada", "dibuat_pada", "diubah_pada",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        tampilan = self.context.get("tampilan_asn")
        if tampilan is not None and not tampilan.kotak_terlihat:
            data["kotak"] = None
        return data


class IdpDetailSerializer(IdpSerializer):
    kegiatan = serializers.SerializerMethodField()
    porsi = serializers.SerializerMethodField(help_text="Persen perkiraan jam per jenis 70:20:10.")
    porsi_peringatan = serializers.SerializerMethodField(help_text="Kosong bila porsi dalam toleransi.")

    class Meta(IdpSerializer.Meta):
        fields = [*IdpSerializer.Meta.fields, "kegiatan", "porsi", "porsi_peringatan"]
        read_only_fields = fields

    def _ringkas(self, obj):
        if not hasattr(obj, "_ringkas"):
            from .selectors import idp_ringkas, kegiatan_list

            obj._kegiatan = kegiatan_list(idp=obj)
            obj._ringkas = idp_ringkas(kegiatan=obj._kegiatan)
        return obj._ringkas

    def get_kegiatan(self, obj) -> list[dict]:
        self._ringkas(obj)
        return KegiatanIdpSerializer(obj._kegiatan, many=True, context=self.context).data

    def get_porsi(self, obj) -> dict[str, int]:
        return dict(self._ringkas(obj).porsi.persen)

    def get_porsi_peringatan(self, obj) -> str:
        return self._ringkas(obj).porsi.pesan


class IdpCreateSerializer(serializers.Serializer):
    pegawai = serializers.IntegerField(help_text="Id pegawai.")
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)


class KembalikanSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=2000)


class IdpFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = EnumField(enum_name="StatusIdpEnum", choices=Idp.Status.choices, required=False)
    pegawai = serializers.IntegerField(required=False)


class KegiatanFilterSerializer(serializers.Serializer):
    idp = serializers.IntegerField(required=False, help_text="Id IDP.")
