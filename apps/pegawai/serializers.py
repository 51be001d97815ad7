"""API shapes for pegawai, their portfolio (riwayat), documents and completeness.

Serializers only parse and present: every rule (NIP, golongan, uniqueness per instansi, who may
change what, verification state) lives in apps/pegawai/services.py. Related ids are resolved per
request inside the caller's instansi, so another tenant's id is simply "tidak ditemukan".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import BatchValidasi, service_error_messages
from apps.instansi.models import UnitKerja

from .models import Dokumen, KelengkapanData, Pegawai, Riwayat, StatusVerifikasi
from .nip import nip_normalize
from .referensi import GOLONGAN_CHOICES, JenisJabatan, JenjangPendidikan, StatusKepegawaian
from .selectors import PegawaiRujukan, pegawai_get, pegawai_rujukan
from .services import KONTAK_FIELDS, PROFILE_FIELDS, riwayat_data_fields

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

# --- fields ------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class TenantPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id resolved inside the caller's instansi: a foreign id reads exactly like a missing one."""

    model: type = None  # set by subclasses

    def get_queryset(self):
        actor = self.context["actor"]
        return self.model.objects.filter(instansi=actor.instansi)


class UnitKerjaField(TenantPrimaryKeyField):
    model = UnitKerja
    default_error_messages = {"does_not_exist": _("Unit kerja dengan id {pk_value} tidak ditemukan.")}


class PegawaiField(TenantPrimaryKeyField):
    model = Pegawai
    default_error_messages = {"does_not_exist": _("Pegawai dengan id {pk_value} tidak ditemukan.")}


class DokumenField(serializers.SlugRelatedField):
    """A document by its uuid. The view puts the documents the caller may attach in the context
    (`dokumen_queryset`): the ASN's own, or every document of the instansi for BKD."""

    default_error_messages = {
        "does_not_exist": _("Dokumen {value} tidak ditemukan; unggah dulu lewat /api/v1/dokumen/."),
        "invalid": _("Dokumen harus berupa UUID."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "uuid")
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.context["dokumen_queryset"]

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(uuid=str(data))
        except Dokumen.DoesNotExist:
            self.fail("does_not_exist", value=str(data)[:64])
        except (TypeError, ValueError, DjangoValidationError):
            self.fail("invalid")


class JenjangPendidikanField(serializers.ChoiceField):
    """Education level (SD … S3). Pegawai.pendidikan_terakhir and RiwayatPendidikan.jenjang share
    the choice set; one named schema component serves both (see the extension below)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", JenjangPendidikan.choices)
        super().__init__(**kwargs)


class JenjangPendidikanFieldExtension(OpenApiSerializerFieldExtension):
    """Without this, drf-spectacular names the same choice set twice (after each field name) and
    warns, which fails `spectacular --fail-on-warn`."""

    target_class = JenjangPendidikanField

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name="JenjangPendidikanEnum",
            type=ResolvedComponent.SCHEMA,
            object="JenjangPendidikanEnum",
            schema={
                "type": "string",
                "enum": list(JenjangPendidikan.values),
                "description": "\n".join(
                    f"* `{value}` - {label}" for value, label in JenjangPendidikan.choices
                ),
            },
        )
        auto_schema.registry.register_on_missing(component)
        if self.target.allow_blank:
            return {"oneOf": [component.ref, {"type": "string", "enum": [""]}]}
        return component.ref


@extend_schema_field(
    {
        "type": "string",
        "example": "19860926 201505 1 001",
        "description": "18 digit, sebagai teks (spasi pengelompokan diabaikan). Bukan angka.",
    }
)
class NipField(serializers.Field):
    """NIP / NI PPPK as text. A JSON number is refused with the spreadsheet explanation: an
    18-digit number has already lost its last digits in most clients."""

    default_error_messages = {"invalid": _("NIP harus berupa teks.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        try:
            return nip_normalize(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return str(value)


# --- pegawai ------------------------------------------------------------------------------------------


class PegawaiSerializer(serializers.ModelSerializer):
    """A row of the pegawai list."""

    nip = serializers.CharField(read_only=True, help_text="18 digit, selalu teks.")
    nip_tampilan = serializers.CharField(read_only=True, help_text="NIP dikelompokkan untuk dibaca.")
    nama_lengkap = serializers.CharField(read_only=True)
    golongan_tampilan = serializers.CharField(read_only=True)
    jabatan_tampilan = serializers.CharField(read_only=True)
    unit_kerja_nama = serializers.CharField(source="unit_kerja.nama", read_only=True, default="")
    kelengkapan_persen = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Kelengkapan data (%); kosong bila belum dihitung."
    )

    class Meta:
        model = Pegawai
        fields = [
            "id",
            "nip",
            "nip_tampilan",
            "gelar_depan",
            "nama",
            "gelar_belakang",
            "nama_lengkap",
            "status_kepegawaian",
            "golongan",
            "golongan_tampilan",
            "jenis_jabatan",
            "nama_jabatan",
            "jenjang_fungsional",
            "jabatan_tampilan",
            "unit_kerja",
            "unit_kerja_nama",
            "aktif",
            "kelengkapan_persen",
        ]
        read_only_fields = fields


class KekuranganSerializer(serializers.Serializer):
    kode = serializers.CharField()
    pesan = serializers.CharField()
    jenis = serializers.ChoiceField(choices=["kurang", "menunggu", "ditolak"])


class KelengkapanSerializer(serializers.ModelSerializer):
    kekurangan = KekuranganSerializer(many=True, read_only=True)

    class Meta:
        model = KelengkapanData
        fields = ["persen", "kekurangan", "dihitung_pada"]
        read_only_fields = fields


class JumlahRiwayatSerializer(serializers.Serializer):
    """Portfolio items per verification status."""

    diajukan = serializers.IntegerField()
    disetujui = serializers.IntegerField()
    ditolak = serializers.IntegerField()


class RingkasanRiwayatSerializer(serializers.Serializer):
    total = JumlahRiwayatSerializer()
    per_jenis = serializers.DictField(
        child=JumlahRiwayatSerializer(), help_text="Per jenis riwayat (kode: pendidikan, diklat, …)."
    )


class PegawaiDetailSerializer(PegawaiSerializer):
    """The full profile, its completeness and the portfolio's verification counts.

    The view attaches `ringkasan_riwayat` (see apis.py) before serialising."""

    pendidikan_terakhir = JenjangPendidikanField(read_only=True, allow_blank=True)
    kelengkapan = serializers.SerializerMethodField()
    ringkasan_riwayat = RingkasanRiwayatSerializer(read_only=True)

    class Meta(PegawaiSerializer.Meta):
        fields = [
            *PegawaiSerializer.Meta.fields,
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "tmt_golongan",
            "tmt_jabatan",
            "pendidikan_terakhir",
            "email",
            "telepon",
            "alamat",
            "dibuat_pada",
            "diubah_pada",
            "kelengkapan",
            "ringkasan_riwayat",
        ]
        read_only_fields = fields

    @extend_schema_field(KelengkapanSerializer(allow_null=True))
    def get_kelengkapan(self, pegawai: Pegawai) -> dict | None:
        try:
            row = pegawai.kelengkapan
        except KelengkapanData.DoesNotExist:
            return None
        return KelengkapanSerializer(row).data


class PegawaiWriteSerializer(serializers.ModelSerializer):
    """Profile fields BKD writes (create, update). Rules are checked by pegawai_validate()."""

    nip = NipField()
    unit_kerja = UnitKerjaField(allow_null=True, required=False)
    pendidikan_terakhir = JenjangPendidikanField(allow_blank=True, required=False)

    class Meta:
        model = Pegawai
        fields = PROFILE_FIELDS
        # NIP uniqueness per instansi is the service's check (it knows the instansi).
        validators = []


class PegawaiKontakSerializer(serializers.ModelSerializer):
    """What the ASN changes directly: contact data only. Other fields sent along are ignored."""

    class Meta:
        model = Pegawai
        fields = KONTAK_FIELDS


# --- filters (query parameters) ----------------------------------------------------------------------


class PegawaiFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, help_text="Cari nama atau NIP (spasi pada NIP diabaikan).", max_length=100
    )
    unit_kerja = serializers.IntegerField(required=False, min_value=1, help_text="Id unit kerja (persis).")
    perangkat_daerah = serializers.IntegerField(
        required=False, min_value=1, help_text="Id unit kerja; termasuk bidang dan seksi di bawahnya."
    )
    jenis_jabatan = serializers.ChoiceField(choices=JenisJabatan.choices, required=False)
    golongan = serializers.ChoiceField(choices=GOLONGAN_CHOICES, required=False)
    status_kepegawaian = serializers.ChoiceField(choices=StatusKepegawaian.choices, required=False)
    kelengkapan_min = serializers.IntegerField(required=False, min_value=0, max_value=100)
    kelengkapan_max = serializers.IntegerField(required=False, min_value=0, max_value=100)


class RiwayatFilterSerializer(serializers.Serializer):
    pegawai = serializers.IntegerField(required=False, min_value=1, help_text="Id pegawai.")
    status = serializers.ChoiceField(choices=StatusVerifikasi.choices, required=False)


# --- riwayat -----------------------------------------------------------------------------------------

RIWAYAT_STATUS_FIELDS = ["status", "alasan_penolakan", "diajukan_pada", "diverifikasi_pada"]


class RiwayatSerializerBase(serializers.ModelSerializer):
    """Common part of every generated riwayat serializer (see riwayat_serializer_for)."""

    pegawai = serializers.PrimaryKeyRelatedField(read_only=True)
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    judul = serializers.CharField(read_only=True)
    dokumen = DokumenField(
        required=False,
        allow_null=True,
        help_text="UUID dokumen pendukung yang sudah diunggah (POST /api/v1/dokumen/).",
    )


class HukumanSerializerBase(RiwayatSerializerBase):
    """Hukuman disiplin: BKD names the pegawai (resolved inside the instansi) on create."""

    pegawai = PegawaiField()

    def validate_pegawai(self, pegawai: Pegawai) -> Pegawai:
        if self.instance is not None and pegawai.pk != self.instance.pegawai_id:
            raise serializers.ValidationError(_("Pegawai pada hukuman disiplin tidak dapat diubah."))
        return pegawai


def riwayat_serializer_for(model: type[Riwayat]) -> type[serializers.ModelSerializer]:
    """A serializer for one kind: its own data fields, writable; status fields read-only."""
    base = RiwayatSerializerBase if model.DIISI_ASN else HukumanSerializerBase
    data_fields = riwayat_data_fields(model)
    fields = ["id", "pegawai", "pegawai_nama", "judul", *data_fields, "dokumen", *RIWAYAT_STATUS_FIELDS]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "read_only_fields": RIWAYAT_STATUS_FIELDS,
            "validators": [],
        },
    )
    attrs: dict = {"Meta": meta, "__module__": __name__}
    for name in data_fields:
        field = model._meta.get_field(name)
        if field.choices and list(field.choices) == list(JenjangPendidikan.choices):
            attrs[name] = JenjangPendidikanField(allow_blank=field.blank, required=not field.blank)
    return type(f"{model.__name__}Serializer", (base,), attrs)


class TolakSerializer(serializers.Serializer):
    alasan = serializers.CharField(help_text="Apa yang harus diperbaiki ASN (minimal 5 karakter).")


class SetujuiMassalSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=500
    )


class SetujuiMassalHasilSerializer(serializers.Serializer):
    disetujui = serializers.IntegerField(help_text="Jumlah yang disetujui (yang tidak menunggu dilewati).")


# --- documents ----------------------------------------------------------------------------------------


class DokumenUploadSerializer(serializers.Serializer):
    berkas = serializers.FileField(help_text="PDF, JPG atau PNG (isi berkas diperiksa).")
    pegawai = PegawaiField(
        required=False, help_text="Hanya untuk BKD: id pegawai pemilik dokumen. ASN: diabaikan."
    )


class DokumenSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dokumen
        fields = ["uuid", "content_type", "ukuran"]
        read_only_fields = fields


# --- integration writes about a pegawai (asesmen, SKP, …) ------------------------------------------


class PegawaiRujukanSerializer(serializers.Serializer):
    """Which pegawai an integration item is about: `nip` (text) or `pegawai` (id), inside the
    caller's instansi. Resolution happens in bulk (see pegawai_ref_resolve)."""

    nip = NipField(required=False, help_text="NIP / NI PPPK sebagai teks (18 digit). Isi ini atau `pegawai`.")
    pegawai = serializers.IntegerField(
        required=False, min_value=1, help_text="Id pegawai. Isi ini atau `nip`."
    )


class PegawaiRecordFilterSerializer(serializers.Serializer):
    """Query filters of a list of records about pegawai (asesmen, SKP, …): name/NIP, pegawai, unit
    kerja; subclasses add their own."""

    q = serializers.CharField(
        required=False, max_length=100, help_text="Cari nama atau NIP pegawai (spasi pada NIP diabaikan)."
    )
    pegawai = serializers.IntegerField(required=False, min_value=1, help_text="Id pegawai.")
    unit_kerja = serializers.IntegerField(
        required=False, min_value=1, help_text="Id unit kerja; termasuk bidang dan seksi di bawahnya."
    )

    @classmethod
    def filters(cls, *, query_params, instansi: Instansi) -> dict | None:
        """The valid filters (else a 400), `unit_kerja` as the unit found inside the instansi; None
        when it is not there: another instansi's unit reads like a missing one, nothing in it."""
        params = cls(data=query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        if "unit_kerja" in filters:
            filters["unit_kerja"] = UnitKerja.objects.filter(
                instansi=instansi, pk=filters["unit_kerja"]
            ).first()
            if filters["unit_kerja"] is None:
                return None
        return filters


def pegawai_ref_resolve(data: dict, rujukan: PegawaiRujukan) -> tuple[int | None, dict[str, list[str]]]:
    """The pegawai id an item names (by NIP or id, inside the instansi), or the field errors."""
    nip, pk = data.get("nip"), data.get("pegawai")
    if not nip and not pk:
        return None, {"nip": [gettext("Isi NIP (teks) atau id pegawai.")]}
    by_nip = rujukan.by_nip.get(nip) if nip else None
    if nip and by_nip is None:
        return None, {"nip": [gettext("NIP tidak terdaftar di instansi ini.")]}
    if pk and pk not in rujukan.ids:
        return None, {"pegawai": [gettext("Pegawai dengan id %(id)s tidak ditemukan.") % {"id": pk}]}
    if nip and pk and by_nip != pk:
        return None, {"pegawai": [gettext("NIP dan id pegawai menunjuk pegawai yang berbeda.")]}
    return by_nip or pk, {}


def pegawai_ref_get(*, instansi: Instansi, data: dict) -> Pegawai:
    """The pegawai a single integration write names, or a 400 with the field's message."""
    rujukan = pegawai_rujukan(instansi=instansi, nips=[data.get("nip") or ""], ids=[data.get("pegawai") or 0])
    pegawai_id, errors = pegawai_ref_resolve(data, rujukan)
    if errors:
        raise serializers.ValidationError(errors)
    return pegawai_get(instansi=instansi, pk=pegawai_id)


def batch_validate(
    *,
    items: list,
    item_serializer: type[PegawaiRujukanSerializer],
    instansi: Instansi,
    clean: Callable[[dict], dict],
    make_row: Callable[[int, dict], Any],
    duplicate_message: Callable[[int], str],
    item_errors: Callable[[dict], dict[str, list[str]]] = lambda data: {},
) -> BatchValidasi:
    """Validate every item of a batch before anything is written: its shape (item_serializer),
    its pegawai (NIP or id inside the instansi, resolved for the whole batch in one query), what
    `item_errors` refuses, its values (`clean`, the service's validation; it gets the item without
    the pegawai reference and without `kompetensi`) and its key (no two items for the same row).
    Every failing item is reported with its index; nothing is skipped silently."""
    result = BatchValidasi(jumlah=len(items))
    serializer = item_serializer()  # one instance: its fields are built once, not per item
    parsed: list[tuple[int, dict] | None] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            result.errors.append(
                {"index": index, "errors": {"non_field_errors": [gettext("Item harus berupa objek.")]}}
            )
            parsed.append(None)
            continue
        try:
            parsed.append((index, serializer.run_validation(item)))
        except serializers.ValidationError as error:
            result.errors.append({"index": index, "errors": _error_lists(error.detail)})
            parsed.append(None)
    valid = [entry for entry in parsed if entry is not None]
    rujukan = pegawai_rujukan(
        instansi=instansi,
        nips=(data.get("nip") for _i, data in valid),
        ids=(data.get("pegawai") for _i, data in valid),
    )
    seen: dict[tuple, int] = {}
    for index, data in valid:
        pegawai_id, errors = pegawai_ref_resolve(data, rujukan)
        errors = {**errors, **item_errors(data)}
        values = {k: v for k, v in data.items() if k not in ("nip", "pegawai", "kompetensi")}
        try:
            cleaned = clean(values)
        except DjangoValidationError as error:
            errors = {**service_error_messages(error), **errors}
        if errors:
            result.errors.append({"index": index, "errors": errors})
            continue
        row = make_row(pegawai_id, cleaned)
        if row.kunci in seen:
            result.errors.append(
                {"index": index, "errors": {"non_field_errors": [duplicate_message(seen[row.kunci])]}}
            )
            continue
        seen[row.kunci] = index
        result.rows.append(row)
    result.errors.sort(key=lambda e: e["index"])
    return result


def _error_lists(errors) -> dict[str, list[str]]:
    return {
        field: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        for field, messages in errors.items()
    }
