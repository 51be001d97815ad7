from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Instansi, Membership, UnitKerja, Wilayah


class WilayahSerializer(serializers.ModelSerializer):
    induk = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = Wilayah
        fields = ["kode", "nama", "jenis", "induk"]


class InstansiSerializer(serializers.ModelSerializer):
    provinsi = WilayahSerializer(read_only=True)

    class Meta:
        model = Instansi
        fields = ["id", "kode", "nama", "jenis", "nama_bkd", "alamat", "provinsi"]


class UnitKerjaIndukField(serializers.PrimaryKeyRelatedField):
    """Resolved per request inside the tenant scope: another tenant's id does not exist."""

    default_error_messages = {"does_not_exist": _("Unit induk dengan id {pk_value} tidak ditemukan.")}

    def get_queryset(self):
        actor = self.context["actor"]
        return UnitKerja.objects.filter(instansi=actor.instansi)


class UnitKerjaSerializer(serializers.ModelSerializer):
    induk = UnitKerjaIndukField(allow_null=True, required=False)

    class Meta:
        model = UnitKerja
        fields = ["id", "kode", "nama", "jenis", "induk", "aktif"]
        # Uniqueness of (instansi, kode) is checked by the service, which knows the instansi.
        validators = []


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    nama = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "username", "nama", "role", "dibuat_pada"]

    def get_nama(self, membership: Membership) -> str:
        return membership.user.get_full_name()
