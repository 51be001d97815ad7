"""Serializers of the decisions API. They parse shapes only; every rule is checked by
services_keputusan.py, the same as for the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import EnumField

from .models import AgendaSidang, KeputusanKomite, UsulanKalibrasi
from .services_keputusan import ARAHAN_JENIS


class PenandaSerializer(serializers.Serializer):
    kotak_diputuskan = serializers.IntegerField(allow_null=True)
    kotak_sekarang = serializers.IntegerField(
        allow_null=True, help_text="Kotak hasil perhitungan sekarang (null bila penempatan tidak final)."
    )
    berbeda = serializers.BooleanField(help_text="Kotak sekarang berbeda dari kotak yang diputuskan.")
    hitungan_berubah = serializers.BooleanField(
        help_text="Kotak hasil perhitungan sekarang berbeda dari kotak hasil perhitungan saat diputuskan "
        "(data pegawai berubah sejak keputusan)."
    )


class KeputusanSerializer(serializers.ModelSerializer):
    jenis = EnumField(enum_name="JenisAgendaSidangEnum", choices=AgendaSidang.Jenis.choices, read_only=True)
    hasil = EnumField(
        enum_name="HasilKeputusanKomiteEnum", choices=KeputusanKomite.Hasil.choices, read_only=True
    )
    cara = EnumField(
        enum_name="CaraKeputusanKomiteEnum", choices=KeputusanKomite.Cara.choices, read_only=True
    )
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, allow_null=True, default=None)
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True, allow_null=True, default=None)
    jabatan_kunci_nama = serializers.CharField(
        source="jabatan_kunci.nama", read_only=True, allow_null=True, default=None
    )
    penanda = serializers.SerializerMethodField()

    class Meta:
        model = KeputusanKomite
        fields = [
            "id",
            "urutan",
            "sidang",
            "agenda",
            "jenis",
            "hasil",
            "periode",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
            "jabatan_kunci",
            "jabatan_kunci_nama",
            "kotak_dihitung",
            "kotak_usulan",
            "kotak_diputuskan",
            "alasan",
            "cara",
            "suara_setuju",
            "suara_tolak",
            "suara_abstain",
            "pendapat_berbeda",
            "isi",
            "dicatat_oleh",
            "dicatat_pada",
            "hash_sebelumnya",
            "hash",
            "penanda",
        ]
        read_only_fields = fields

    @extend_schema_field(PenandaSerializer(allow_null=True))
    def get_penanda(self, keputusan):
        from .selectors_keputusan import kalibrasi_penanda

        penanda = kalibrasi_penanda(keputusan=keputusan)
        if penanda is None:
            return None
        return {
            "kotak_diputuskan": penanda.kotak_diputuskan,
            "kotak_sekarang": penanda.kotak_sekarang,
            "berbeda": penanda.berbeda,
            "hitungan_berubah": penanda.hitungan_berubah,
        }


class KeputusanFilterSerializer(serializers.Serializer):
    sidang = serializers.IntegerField(required=False, help_text="Hanya keputusan sidang ini.")


class UsulanInputSerializer(serializers.Serializer):
    kotak_usulan = serializers.IntegerField(help_text="Kotak 1–9, berbeda dari kotak hasil perhitungan.")
    alasan = serializers.CharField(allow_blank=True, help_text="Wajib (tidak boleh kosong).")
    bukti = serializers.FileField(required=False, allow_null=True, help_text="PDF, opsional.")


class UsulanSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsulanKalibrasi
        fields = [
            "id",
            "agenda",
            "kotak_dihitung",
            "kotak_usulan",
            "alasan",
            "bukti_nama",
            "diusulkan_oleh",
            "diusulkan_pada",
        ]
        read_only_fields = fields


class DaftarPendekSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    alasan_luar_krs = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Wajib bila pegawai tidak ada di daftar calon (KRS) jabatan.",
    )


class SuksesorSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    kesiapan = serializers.CharField(help_text="siap_sekarang, siap_1_2 atau siap_3.")


class SuksesorDaruratSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    kesiapan = serializers.CharField(required=False, allow_blank=True)


class ArahanSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=list(ARAHAN_JENIS))
    pegawai_id = serializers.IntegerField(required=False, allow_null=True)
    uraian = serializers.CharField(allow_blank=True)


class KeputusanInputSerializer(serializers.Serializer):
    """One body for the three kinds of item: kalibrasi uses `hasil`; suksesi `daftar_pendek`,
    `suksesor`, `suksesor_darurat`, `arahan`, `alasan`; tinjau_peta `catatan` and `arahan`."""

    cara = serializers.ChoiceField(choices=KeputusanKomite.Cara.choices)
    suara_setuju = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    suara_tolak = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    suara_abstain = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    pendapat_berbeda = serializers.CharField(required=False, allow_blank=True, default="")
    hasil = serializers.ChoiceField(
        choices=[KeputusanKomite.Hasil.SETUJU, KeputusanKomite.Hasil.TOLAK], required=False
    )
    catatan = serializers.CharField(required=False, allow_blank=True, default="")
    alasan = serializers.CharField(required=False, allow_blank=True, default="")
    daftar_pendek = DaftarPendekSerializer(many=True, required=False)
    suksesor = SuksesorSerializer(many=True, required=False)
    suksesor_darurat = SuksesorDaruratSerializer(required=False, allow_null=True)
    arahan = ArahanSerializer(many=True, required=False)
