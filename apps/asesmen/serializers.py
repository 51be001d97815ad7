"""API shapes for asesmen, and the parts every integration write shares (SKP uses them too): the
pegawai reference (NIP as text, or id) and the batch envelope with per-item errors.

Serializers only parse and present. The values of an asesmen are validated by asesmen_clean() in
apps/asesmen/services.py; pegawai references are resolved inside the caller's instansi, so another
tenant's NIP or id reads exactly like an unknown one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.pegawai.serializers import NipField

from .jpm import KategoriMS, KategoriOptimal, kategori_ms, kategori_optimal
from .models import Asesmen, AsesmenKompetensi, Sumber
from .selectors import STATUS_CHOICES, STATUS_KEDALUWARSA, STATUS_VALID, PegawaiRujukan, pegawai_rujukan

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

BATCH_MAKS = 5000
ASPEK_FIELDS = [name for name, _label in Asesmen.ASPEK]


# --- fields -------------------------------------------------------------------------------------------


class EnumField(serializers.ChoiceField):
    """A choice field documented as one named schema component (`enum_name`). Field names such as
    `status`, `metode` or `sumber` carry different choice sets in different apps; without a fixed
    name drf-spectacular reports the collision as a warning, which fails `--fail-on-warn`."""

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        values = [str(value) for value in field.choices]
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "type": "string",
                "enum": values,
                "description": "\n".join(f"* `{value}` - {label}" for value, label in field.choices.items()),
            },
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_null:
            return {"oneOf": [component.ref, {"type": "null"}]}
        return component.ref


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


class AsesmenFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text="Cari nama atau NIP pegawai (spasi pada NIP diabaikan)."
    )
    pegawai = serializers.IntegerField(required=False, min_value=1, help_text="Id pegawai.")
    unit_kerja = serializers.IntegerField(
        required=False, min_value=1, help_text="Id unit kerja; termasuk bidang dan seksi di bawahnya."
    )
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


class PegawaiRujukanSerializer(serializers.Serializer):
    """Which pegawai an integration item is about: `nip` (text) or `pegawai` (id), inside the
    caller's instansi. Resolution happens in bulk in the view (see pegawai_ref_errors)."""

    nip = NipField(required=False, help_text="NIP / NI PPPK sebagai teks (18 digit). Isi ini atau `pegawai`.")
    pegawai = serializers.IntegerField(
        required=False, min_value=1, help_text="Id pegawai. Isi ini atau `nip`."
    )


def pegawai_ref_resolve(data: dict, rujukan: PegawaiRujukan) -> tuple[int | None, dict[str, list[str]]]:
    """The pegawai id an item names (by NIP or id, inside the instansi), or the field errors."""
    nip, pk = data.get("nip"), data.get("pegawai")
    if not nip and not pk:
        return None, {"nip": [_("Isi NIP (teks) atau id pegawai.")]}
    by_nip = rujukan.by_nip.get(nip) if nip else None
    if nip and by_nip is None:
        return None, {"nip": [_("NIP tidak terdaftar di instansi ini.")]}
    if pk and pk not in rujukan.ids:
        return None, {"pegawai": [_("Pegawai dengan id %(id)s tidak ditemukan.") % {"id": pk}]}
    if nip and pk and by_nip != pk:
        return None, {"pegawai": [_("NIP dan id pegawai menunjuk pegawai yang berbeda.")]}
    return by_nip or pk, {}


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


class BatchHasilSerializer(serializers.Serializer):
    baru = serializers.IntegerField(help_text="Ditambahkan.")
    diubah = serializers.IntegerField(help_text="Sudah ada dengan nilai lain; diperbarui.")
    tetap = serializers.IntegerField(help_text="Sudah ada dengan nilai yang sama; tidak diubah.")


class BatchItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Posisi item dalam `items`, mulai dari 0.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Pesan per kolom."
    )


class BatchErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    items = BatchItemErrorSerializer(many=True, help_text="Hanya item yang gagal.")


def batch_items_field(item_serializer: type[serializers.Serializer]) -> serializers.ListField:
    """`items`: a list of 1…BATCH_MAKS objects, each validated later on its own (per-item errors
    keep their index); documented as a list of `item_serializer`."""

    @extend_schema_field(item_serializer(many=True))
    class ItemsField(serializers.ListField):
        pass

    return ItemsField(
        child=serializers.JSONField(),
        allow_empty=False,
        max_length=BATCH_MAKS,
        help_text=f"1 sampai {BATCH_MAKS} item; semua atau tidak sama sekali.",
    )


class AsesmenBatchSerializer(serializers.Serializer):
    items = batch_items_field(AsesmenInputSerializer)


# --- batch validation ---------------------------------------------------------------------------------


def validation_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as messages per field (else under non_field_errors)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


@dataclass
class BatchValidasi:
    rows: list = field(default_factory=list)  # validated rows (AsesmenData / SkpData), in order
    errors: list[dict] = field(default_factory=list)  # [{"index": i, "errors": {field: [...]}}]
    jumlah: int = 0


def batch_validate(
    *,
    items: list,
    item_serializer: type[PegawaiRujukanSerializer],
    instansi: Instansi,
    clean: Callable[[dict], dict],
    make_row: Callable[[int, dict], Any],
    duplicate_message: Callable[[int], str],
) -> BatchValidasi:
    """Validate every item of a batch before anything is written: its shape (item_serializer),
    its pegawai (NIP or id inside the instansi, resolved for the whole batch in one query), its
    values (`clean`, the service's validation) and its key (no two items for the same row).
    Every failing item is reported with its index; nothing is skipped silently."""
    result = BatchValidasi(jumlah=len(items))
    serializer = item_serializer()  # one instance: its fields are built once, not per item
    parsed: list[tuple[int, dict] | None] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            result.errors.append(
                {"index": index, "errors": {"non_field_errors": [_("Item harus berupa objek.")]}}
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
        if data.get("kompetensi"):
            # Per-competency levels replace what is stored; a batch upserts many asesmen at once,
            # so they are accepted one asesmen at a time (POST /api/v1/asesmen/).
            errors = {**errors, "kompetensi": [_("Level kompetensi dikirim per asesmen, bukan dalam batch.")]}
        values = {k: v for k, v in data.items() if k not in ("nip", "pegawai", "kompetensi")}
        try:
            cleaned = clean(values)
        except DjangoValidationError as error:
            errors = {**validation_messages(error), **errors}
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
