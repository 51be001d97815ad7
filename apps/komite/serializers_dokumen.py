"""Serializers of the session documents API."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import EnumField

from .models import DokumenKomite


class DokumenBuatSerializer(serializers.Serializer):
    jenis = EnumField(
        enum_name="DokumenKomiteJenis",
        choices=DokumenKomite.Jenis.choices,
        help_text="berita_acara (sejak sidang ditutup); keputusan dan lampiran_xlsx (setelah ditetapkan PPK).",
    )


class DokumenKomiteSerializer(serializers.ModelSerializer):
    """A document job: its progress and, once finished, where to download it."""

    sidang = serializers.IntegerField(source="sidang_id", read_only=True)
    jenis = EnumField(enum_name="DokumenKomiteJenis", choices=DokumenKomite.Jenis.choices, read_only=True)
    status = EnumField(enum_name="DokumenKomiteStatus", choices=DokumenKomite.Status.choices, read_only=True)
    persen = serializers.SerializerMethodField(help_text="0–100.")
    unduh = serializers.SerializerMethodField(
        allow_null=True, help_text="URL unduhan (API) bila selesai, selain itu null."
    )
    unduh_halaman = serializers.SerializerMethodField(
        allow_null=True, help_text="URL unduhan halaman web bila selesai, selain itu null."
    )

    class Meta:
        model = DokumenKomite
        fields = [
            "uuid",
            "sidang",
            "jenis",
            "status",
            "selesai_langkah",
            "total_langkah",
            "persen",
            "pesan",
            "dibuat_pada",
            "selesai_pada",
            "unduh",
            "unduh_halaman",
        ]
        read_only_fields = fields

    def get_persen(self, obj: DokumenKomite) -> int:
        from .views_dokumen import dokumen_persen

        return dokumen_persen(obj)

    def _selesai(self, obj: DokumenKomite) -> bool:
        return obj.status == DokumenKomite.Status.SELESAI and bool(obj.berkas)

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_unduh(self, obj: DokumenKomite) -> str | None:
        if not self._selesai(obj):
            return None
        return self._absolute(reverse("api:komite-dokumen-unduh", kwargs={"uuid": obj.uuid}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_unduh_halaman(self, obj: DokumenKomite) -> str | None:
        if not self._selesai(obj):
            return None
        return self._absolute(reverse("komite:dokumen_unduh", kwargs={"pk": obj.sidang_id, "uuid": obj.uuid}))
