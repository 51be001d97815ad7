"""Serializers of the session API (/api/v1/komite/sidang/). They parse shapes only; every rule is
in services_sidang.py, the same as for the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import EnumField

from .models import AgendaSidang, AnggotaKomite, KehadiranSidang, Sidang


class AgendaSidangSerializer(serializers.ModelSerializer):
    jenis = EnumField(enum_name="JenisAgendaSidangEnum", choices=AgendaSidang.Jenis.choices, read_only=True)
    unit_kerja_nama = serializers.CharField(
        source="unit_kerja.nama", read_only=True, allow_null=True, default=None
    )
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, allow_null=True, default=None)
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True, allow_null=True, default=None)
    jabatan_kunci_nama = serializers.CharField(
        source="jabatan_kunci.nama", read_only=True, allow_null=True, default=None
    )
    sudah_diputuskan = serializers.SerializerMethodField()

    class Meta:
        model = AgendaSidang
        fields = [
            "id",
            "urutan",
            "jenis",
            "unit_kerja",
            "unit_kerja_nama",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
            "jabatan_kunci",
            "jabatan_kunci_nama",
            "keterangan",
            "sudah_diputuskan",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_sudah_diputuskan(self, agenda) -> bool:
        return agenda.keputusan.exists()


class KehadiranSidangSerializer(serializers.ModelSerializer):
    anggota_nama = serializers.SerializerMethodField()
    peran = EnumField(
        enum_name="PeranKomiteEnum",
        choices=AnggotaKomite.Peran.choices,
        source="anggota.peran",
        read_only=True,
    )

    class Meta:
        model = KehadiranSidang
        fields = ["anggota", "anggota_nama", "peran", "diundang_pada", "hadir", "dicatat_pada"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_anggota_nama(self, row) -> str:
        return row.anggota.user.get_full_name() or row.anggota.user.username


class KuorumSerializer(serializers.Serializer):
    tercapai = serializers.BooleanField()
    alasan = serializers.CharField(help_text="Mengapa belum kuorum; kosong bila kuorum.")
    hadir = serializers.IntegerField()
    anggota_aktif = serializers.IntegerField()
    minimal = serializers.IntegerField()


class SidangSerializer(serializers.ModelSerializer):
    status = EnumField(enum_name="StatusSidangEnum", choices=Sidang.Status.choices, read_only=True)

    class Meta:
        model = Sidang
        fields = [
            "id",
            "nomor",
            "judul",
            "periode",
            "tanggal",
            "waktu",
            "tempat",
            "status",
            "catatan",
            "sidang_asal",
            "diundang_pada",
            "dimulai_pada",
            "ditutup_pada",
            "dibuat_pada",
        ]
        read_only_fields = fields


class SidangDetailSerializer(SidangSerializer):
    agenda = serializers.SerializerMethodField()
    kehadiran = serializers.SerializerMethodField()
    kuorum = serializers.SerializerMethodField()

    class Meta(SidangSerializer.Meta):
        fields = [*SidangSerializer.Meta.fields, "agenda", "kehadiran", "kuorum"]
        read_only_fields = fields

    @extend_schema_field(AgendaSidangSerializer(many=True))
    def get_agenda(self, sidang):
        rows = sidang.agenda.select_related("unit_kerja", "pegawai", "jabatan_kunci").order_by("urutan")
        return AgendaSidangSerializer(rows, many=True).data

    @extend_schema_field(KehadiranSidangSerializer(many=True))
    def get_kehadiran(self, sidang):
        from .selectors_sidang import kehadiran_list

        return KehadiranSidangSerializer(kehadiran_list(sidang=sidang), many=True).data

    @extend_schema_field(KuorumSerializer())
    def get_kuorum(self, sidang):
        from .selectors import kuorum_status

        k = kuorum_status(sidang=sidang)
        return {
            "tercapai": k.tercapai,
            "alasan": k.alasan,
            "hadir": k.hadir,
            "anggota_aktif": k.anggota_aktif,
            "minimal": k.minimal,
        }


class SidangWriteSerializer(serializers.Serializer):
    judul = serializers.CharField(max_length=200)
    nomor = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    periode = serializers.IntegerField(min_value=2000, max_value=2100)
    tanggal = serializers.DateField()
    waktu = serializers.TimeField(required=False, allow_null=True, default=None)
    tempat = serializers.CharField(max_length=200)


class SidangFilterSerializer(serializers.Serializer):
    periode = serializers.IntegerField(required=False)
    status = EnumField(enum_name="StatusSidangEnum", choices=Sidang.Status.choices, required=False)


class AgendaWriteSerializer(serializers.Serializer):
    jenis = EnumField(enum_name="JenisAgendaSidangEnum", choices=AgendaSidang.Jenis.choices)
    unit_kerja = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Tinjauan peta: id perangkat daerah; kosong = seluruh instansi.",
    )
    pegawai = serializers.IntegerField(required=False, allow_null=True, help_text="Kalibrasi: id pegawai.")
    pegawai_nip = serializers.CharField(
        required=False, allow_blank=True, help_text="Kalibrasi: atau NIP pegawai."
    )
    jabatan_kunci = serializers.IntegerField(
        required=False, allow_null=True, help_text="Suksesi: id jabatan kunci."
    )
    keterangan = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class KehadiranItemSerializer(serializers.Serializer):
    anggota = serializers.IntegerField(help_text="Id anggota komite yang diundang.")
    hadir = serializers.BooleanField()


class KehadiranWriteSerializer(serializers.Serializer):
    hadir = KehadiranItemSerializer(many=True, allow_empty=False)


class TutupSerializer(serializers.Serializer):
    catatan = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
