"""Serializers of the committee membership and settings API. They parse shapes only; every rule is
checked by services_anggota.py, the same as for the pages."""

from __future__ import annotations

from rest_framework import serializers

from apps.core.api import EnumField

from .models import AnggotaKomite, PengaturanKomite


class AnggotaKomiteSerializer(serializers.ModelSerializer):
    peran = EnumField(enum_name="PeranKomiteEnum", choices=AnggotaKomite.Peran.choices, read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    nama = serializers.SerializerMethodField()
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, allow_null=True, default=None)
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AnggotaKomite
        fields = [
            "id",
            "user",
            "username",
            "nama",
            "peran",
            "pengganti_ketua",
            "mulai",
            "selesai",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
        ]
        read_only_fields = fields

    def get_nama(self, obj: AnggotaKomite) -> str:
        return obj.user.get_full_name() or obj.user.username


class AnggotaKomiteWriteSerializer(serializers.Serializer):
    user = serializers.IntegerField(required=False, help_text="Id pengguna (hanya saat menambah).")
    peran = EnumField(enum_name="PeranKomiteEnum", choices=AnggotaKomite.Peran.choices)
    pengganti_ketua = serializers.BooleanField(required=False, default=False)
    mulai = serializers.DateField()
    selesai = serializers.DateField(required=False, allow_null=True, default=None)
    pegawai_nip = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="NIP data pegawai anggota; kosong: dicari dari akun pengguna atau NIP-nya.",
    )


class AkhiriSerializer(serializers.Serializer):
    selesai = serializers.DateField(help_text="Hari terakhir sebagai anggota.")


class PengaturanKomiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = PengaturanKomite
        fields = [
            "kuorum_persen",
            "kuorum_wajib_ketua",
            "batas_kotak_9_persen",
            "batas_talent_pool_persen",
            "kop_surat",
        ]
        # PUT sends the whole setting (the letterhead may be left out: it stays as it is).
        extra_kwargs = {
            "kuorum_persen": {"required": True},
            "kuorum_wajib_ketua": {"required": True},
            "batas_kotak_9_persen": {"required": True},
            "batas_talent_pool_persen": {"required": True},
            "kop_surat": {"required": False, "allow_blank": True},
        }
