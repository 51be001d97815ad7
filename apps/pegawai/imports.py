"""Import of pegawai master data from a spreadsheet: every row checked, then all or nothing.

`pegawai_import(instansi=, actor=, data=, nama=, dry_run=)` runs the generic pipeline of
apps/impor/pipeline.py (registered as the kind "pegawai", permission pegawai.import) with the rules
here. The key is the NIP within the instansi; an existing NIP is updated, a new one created.

Rules per row:
* each cell goes through its Resource widget (labels or codes, DD-MM-YYYY dates, unit kerja by
  kode among the instansi's active units, NIP as text);
* required columns must be filled; a NIP may appear in only one row of the file;
* the merged profile goes through `services.pegawai_validate` (the same rules as the forms and the
  API: NIP against birth date, sex and status, golongan per status, jenjang only for fungsional),
  then the model's own field validation (lengths, e-mail);
* on an existing pegawai an empty cell keeps the stored value (a partial SIMPEG extract never wipes
  data the ASN maintains); the only exception is Jenjang Fungsional, which is cleared when the row
  moves the pegawai to a non-fungsional jabatan and leaves the jenjang empty;
* a row whose values equal what is stored is "unchanged" and writes nothing, so importing the same
  file twice changes nothing the second time.

Why a bulk write (`apps.core.bulk.rows_upsert`: COPY for new pegawai, one UPDATE … FROM unnest per
chunk for changed ones) and not `pegawai_create` / `pegawai_update` per row: each service call costs about
a dozen queries (uniqueness check, insert, audit, eight reads and an upsert for completeness), which
is ~250,000 queries and several minutes for a 20,000-row kabupaten inside one request/transaction.
The bulk path keeps every guarantee the services give, in a fixed number of queries per batch:
the same validation (`pegawai_validate`), one audit event per created/updated pegawai with the same
action codes and values as the services ("pegawai.create" / "pegawai.update", one COPY through
`rows_insert`) plus one "pegawai.import" summary with the counts, completeness recomputed for every
touched pegawai with the same pure function (`kelengkapan_compute_many`: one computation per profile
shape for pegawai without riwayat), and one `inputs_changed_send` with all touched ids. Checks of
values that repeat across rows (status, golongan, unit, dates…) run once per distinct value.
The pipeline's advisory lock serialises imports of one instansi, and `verify()` refuses the write
when a pegawai of the file changed between the check and the lock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.bulk import rows_insert, rows_stored, rows_upsert
from apps.core.events import inputs_changed_send
from apps.core.models import AuditEvent
from apps.core.services import audit_event_context
from apps.impor.pipeline import CHANGES_KEPT, ImportResult, RowImporter
from apps.instansi.models import Instansi

from .kelengkapan import kelengkapan_compute_many
from .models import RIWAYAT_MODELS, KelengkapanData, Pegawai
from .referensi import JenisJabatan
from .resources import FIELD_ORDER, HEADER_BY_FIELD, REQUIRED_FIELDS, SHEET_DATA, PegawaiResource
from .services import PROFILE_FIELDS, pegawai_validate

if TYPE_CHECKING:
    from apps.accounts.models import User

LOOKUP_CHUNK = 5000
COLUMNS = PegawaiResource.columns()

# The model's own validation (lengths, e-mail format) for the free-text fields. Choices, dates, the
# unit kerja and "aktif" come out of the Resource widgets already valid; the NIP has its own rules.
_TEXT_FIELDS = {
    f.name: f
    for f in Pegawai._meta.concrete_fields
    if isinstance(f, models.CharField) and not f.choices and f.name in PROFILE_FIELDS and f.name != "nip"
}


# Columns whose value differs on nearly every row: their cell and field checks run every time.
# The others repeat (status, golongan, jabatan, unit, dates, places, titles) and their checks are
# pure functions of the value, so each distinct value is checked once per import (see _Checked).
_UNIQUE_PER_ROW = frozenset({"nip", "nama", "email", "telepon", "alamat"})


class _Checked(dict):
    """Memo of a pure check's successful results by column and value; failures are not kept, so an
    invalid value is checked (and its message built) on each row, as before."""

    def get_or_run(self, name: str, value: Any, check):
        if name in _UNIQUE_PER_ROW:
            return check(name, value)
        key = (name, type(value), value)  # 1, 1.0 and True are equal keys but different cells
        try:
            return self[key]
        except KeyError:
            result = self[key] = check(name, value)
            return result
        except TypeError:  # an unhashable cell value: nothing to share
            return check(name, value)


# The profile as rows_upsert writes it: the key (NIP) first, then these columns.
WRITTEN_COLUMNS = tuple(Pegawai._meta.get_field(name).attname for name in PROFILE_FIELDS if name != "nip")


_WRITTEN_FIELDS = tuple(name for name in PROFILE_FIELDS if name != "nip")
_UNIT_INDEX = _WRITTEN_FIELDS.index("unit_kerja")  # the one model instance among the values


def _columns(profile: dict[str, Any]) -> list[Any]:
    values = [profile[name] for name in _WRITTEN_FIELDS]
    values[_UNIT_INDEX] = _comparable(values[_UNIT_INDEX])
    return values


@dataclass
class _Planned:
    nip: str
    cleaned: dict[str, Any]  # full profile (new) or only the changed fields (update; empty: unchanged)
    pegawai: Pegawai | None = None  # the existing pegawai, for updates
    old: dict[str, Any] = field(default_factory=dict)


class PegawaiImporter(RowImporter):
    kind = "pegawai"
    columns = COLUMNS
    sheet_name = SHEET_DATA
    key_column = HEADER_BY_FIELD["nip"]

    def prepare(self) -> None:
        self.resource = PegawaiResource(instansi=self.instansi)
        # Each stored pegawai gets its unit from the widget's table of the instansi's units rather
        # than select_related, which builds one UnitKerja per pegawai (~100 MB for 100,000).
        units = {unit.pk: unit for unit in self.resource.fields["unit_kerja"].widget.units().values()}
        self.existing: dict[str, Pegawai] = {}
        for pegawai in Pegawai.objects.filter(instansi=self.instansi).iterator(chunk_size=LOOKUP_CHUNK):
            if pegawai.unit_kerja_id in units:
                pegawai.unit_kerja = units[pegawai.unit_kerja_id]
            self.existing[pegawai.nip] = pegawai
        self.seen: set[str] = set()
        self.today = timezone.localdate()
        self.cells = _Checked()
        self.text_checks = _Checked()

    def clean_row(self, values: dict[str, Any], invalid: set[str]):
        present = list(values)
        errors: list[tuple[str, str]] = []
        data: dict[str, Any] = {}
        failed: set[str] = set(invalid)
        clean_value, cells = self.resource.clean_value, self.cells
        for key in present:
            if key in failed:
                continue
            try:
                data[key] = cells.get_or_run(key, values[key], clean_value)
            except ValidationError as error:
                failed.add(key)
                errors.extend((HEADER_BY_FIELD[key], message) for message in error.messages)
            except (ValueError, TypeError) as error:
                failed.add(key)
                errors.append((HEADER_BY_FIELD[key], str(error)))
        for key in REQUIRED_FIELDS:
            if key not in failed and data.get(key) in (None, ""):
                failed.add(key)
                header = HEADER_BY_FIELD[key]
                errors.append((header, _("%(kolom)s wajib diisi.") % {"kolom": header}))
        nip = data.get("nip") if "nip" not in failed else None
        key = nip or None
        if nip:
            self.seen.add(nip)
        current = self.existing.get(nip) if nip else None
        profile_errors, cleaned = _validate_profile(
            instansi=self.instansi,
            data=data,
            failed=failed,
            current=current,
            present=present,
            today=self.today,
            text_checks=self.text_checks,
        )
        errors += profile_errors
        if errors or cleaned is None:
            return key, None, errors
        if current is None:
            return key, _Planned(nip=cleaned["nip"], cleaned=cleaned), None
        provided = _provided_for_update(data, present)
        changes = {
            name: cleaned[name]
            for name in provided
            if _comparable(getattr(current, name)) != _comparable(cleaned[name])
        }
        old = {name: getattr(current, name) for name in changes}
        return key, _Planned(nip=current.nip, cleaned=changes, pegawai=current, old=old), None

    def duplicate_message(self, key, others: str) -> str:
        return _(
            "NIP %(nip)s juga ada di baris %(baris)s. Satu pegawai hanya boleh satu baris; hapus baris ganda."
        ) % {"nip": key, "baris": others}

    def classify(self, rows: list[tuple[int, _Planned]], result: ImportResult) -> None:
        render = self.resource.render_value
        for number, item in rows:
            if item.pegawai is None:
                result.baru += 1
                if len(result.baru_rows) < CHANGES_KEPT:
                    nama = Pegawai(
                        gelar_depan=item.cleaned.get("gelar_depan") or "",
                        nama=item.cleaned.get("nama") or "",
                        gelar_belakang=item.cleaned.get("gelar_belakang") or "",
                    ).nama_lengkap
                    fields = [
                        (HEADER_BY_FIELD[name], render(name, item.cleaned[name]))
                        for name in FIELD_ORDER
                        if name in item.cleaned and name != "nip" and item.cleaned[name] not in (None, "")
                    ]
                    self.new_add(result, number, item.nip, fields, nama=nama)
            elif not item.cleaned:
                result.tetap += 1
            else:
                result.diubah += 1
                fields = [
                    (HEADER_BY_FIELD[name], render(name, item.old[name]), render(name, item.cleaned[name]))
                    for name in FIELD_ORDER
                    if name in item.cleaned
                ]
                self.change_add(
                    result,
                    number,
                    item.nip,
                    fields,
                    nama=item.pegawai.nama_lengkap,
                    pegawai_id=item.pegawai.pk,
                )

    def pegawai_written(self, items: list[_Planned]) -> dict[str, int]:
        """The ids of the pegawai this save created, for the result page's links (one query for
        at most CHANGES_KEPT NIPs)."""
        nips = [item.nip for item in items if item.pegawai is None][:CHANGES_KEPT]
        if not nips:
            return {}
        return dict(Pegawai.objects.filter(instansi=self.instansi, nip__in=nips).values_list("nip", "pk"))

    def verify(self) -> str | None:
        """The file's pegawai as they were checked: none added, none changed since."""
        # One read of the instansi's (nip, stamp) pairs: no query with the file's 100,000 NIPs as
        # parameters, which Django compiles one by one. prepare() read all of them already.
        stamps = {nip: pegawai.diubah_pada for nip, pegawai in self.existing.items()}
        moved = [
            nip
            for nip, diubah_pada in Pegawai.objects.filter(instansi=self.instansi).values_list(
                "nip", "diubah_pada"
            )
            if nip in self.seen and stamps.get(nip) != diubah_pada
        ]
        if not moved:
            return None
        return _(
            "Data pegawai berubah ketika impor berjalan (NIP %(daftar)s); tidak ada yang disimpan. Ulangi impor."
        ) % {"daftar": ", ".join(sorted(moved)[:5]) + (" …" if len(moved) > 5 else "")}

    def summary_values(self, result: ImportResult) -> dict[str, Any]:
        values = super().summary_values(result)
        values["tidak_berubah"] = values.pop("tetap")  # the key the pegawai audit log always had
        return values

    def write(self, items: list[_Planned]) -> tuple[int, int, int]:
        unchanged = sum(1 for item in items if item.pegawai is not None and not item.cleaned)
        plan = [item for item in items if item.pegawai is None or item.cleaned]
        if plan:
            _write(instansi=self.instansi, actor=self.actor, plan=plan)
        created = sum(1 for item in plan if item.pegawai is None)
        return created, len(plan) - created, unchanged


pegawai_import = PegawaiImporter.run


def _profile_for_create(data: dict[str, Any]) -> dict[str, Any]:
    """A full profile for a new pegawai: columns absent or empty in the file get the model default."""
    profile: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        value = data.get(name)
        if name == "aktif":
            profile[name] = True if value is None else value
        elif name in {"tanggal_lahir", "tmt_golongan", "tmt_jabatan", "unit_kerja"}:
            profile[name] = value
        else:
            profile[name] = value or ""
    return profile


def _provided_for_update(data: dict[str, Any], present: list[str]) -> dict[str, Any]:
    """The values a row sets on an existing pegawai: filled cells only (empty keeps the stored value),
    except that a move away from fungsional with an empty jenjang clears the jenjang."""
    provided = {name: value for name, value in data.items() if value not in (None, "")}
    jenis = provided.get("jenis_jabatan")
    if jenis and jenis != JenisJabatan.FUNGSIONAL and "jenjang_fungsional" in present:
        provided.setdefault("jenjang_fungsional", "")
    return provided


def _validate_profile(
    *,
    instansi: Instansi,
    data: dict[str, Any],
    failed: set[str],
    current: Pegawai | None,
    present: list[str],
    today: dt.date,
    text_checks: _Checked,
) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
    """pegawai_validate and the model fields' validation on the merged profile. Fields whose cell
    already failed keep their stored/empty value and their follow-up errors are not repeated.
    Returns the errors and, when there are none, the validated full profile."""
    usable = {name: value for name, value in data.items() if name not in failed}
    if current is None:
        merged = _profile_for_create(usable)
    else:
        merged = {
            **{name: getattr(current, name) for name in PROFILE_FIELDS},
            **_provided_for_update(usable, present),
        }
    skip = set(failed)
    if "status_kepegawaian" in failed:
        skip |= {"nip", "golongan"}  # both are judged against the status
    if "nip" in failed:
        skip |= {"tanggal_lahir", "jenis_kelamin"}  # compared with the NIP
    errors: list[tuple[str, str]] = []
    failed_validation = False
    try:
        merged = pegawai_validate(instansi=instansi, data=merged, today=today)
    except ValidationError as error:
        failed_validation = True
        for name, messages in error.message_dict.items():
            if name in skip:
                continue
            column = HEADER_BY_FIELD.get(name, "")
            errors.extend((column, message) for message in messages)
    for name in _TEXT_FIELDS:
        if name in skip:
            continue
        try:
            text_checks.get_or_run(name, merged[name], _text_field_clean)
        except ValidationError as error:
            column = HEADER_BY_FIELD[name]
            errors.extend((column, f"{column}: {message}") for message in error.messages)
    if errors or failed_validation or failed:
        return errors, None
    return errors, {name: merged[name] for name in PROFILE_FIELDS}


def _text_field_clean(name: str, value: Any) -> Any:
    return _TEXT_FIELDS[name].clean(value, None)


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value


# --- writing -----------------------------------------------------------------------------------------


def _write(*, instansi: Instansi, actor: User | None, plan: list[_Planned]) -> None:
    creates = [item for item in plan if item.pegawai is None]
    updates = [item for item in plan if item.pegawai is not None]
    rows = [(item.cleaned["nip"], *_columns(item.cleaned)) for item in creates]
    stored = {}
    profiles: dict[int, dict[str, Any]] = {}
    for item in updates:
        pegawai = item.pegawai
        profile = {name: getattr(pegawai, name) for name in PROFILE_FIELDS}
        stored[(pegawai.nip,)] = (pegawai.pk, *_columns(profile))
        rows.append((pegawai.nip, *_columns({**profile, **item.cleaned})))
        profiles[pegawai.pk] = {**profile, **item.cleaned}
    written = rows_upsert(
        model=Pegawai,
        key=("nip",),
        fields=WRITTEN_COLUMNS,
        rows=rows,
        stored=stored,
        insert_values={"instansi_id": instansi.pk},
    )
    created = dict(zip(written.inserted_ids, creates, strict=True))
    profiles.update((pk, item.cleaned) for pk, item in created.items())
    kelengkapan_recompute_bulk(instansi=instansi, profiles=profiles, created=created.keys())

    # No Pegawai instance per new row: the audit target's text is Pegawai.__str__ on a scratch
    # instance given the three name fields it reads.
    scratch = Pegawai()
    creates_audit = []
    for pk, item in created.items():
        scratch.gelar_depan, scratch.nama, scratch.gelar_belakang = (
            item.cleaned["gelar_depan"],
            item.cleaned["nama"],
            item.cleaned["gelar_belakang"],
        )
        creates_audit.append((str(pk), str(scratch)[:255], {"nip": item.nip, "nama": item.cleaned["nama"]}))
    _audit_insert(
        instansi=instansi,
        actor=actor,
        action="pegawai.create",
        fields=("target_id", "target_repr", "new_values"),
        rows=creates_audit,
    )
    _audit_insert(
        instansi=instansi,
        actor=actor,
        action="pegawai.update",
        fields=("target_id", "target_repr", "old_values", "new_values"),
        rows=[
            (str(item.pegawai.pk), str(item.pegawai)[:255], _jsonable(item.old), _jsonable(item.cleaned))
            for item in updates
        ],
    )
    inputs_changed_send(
        instansi_id=instansi.pk,
        pegawai_ids=[*created, *(item.pegawai.pk for item in updates)],
        penyebab="pegawai.import",
    )


def _audit_insert(
    *, instansi: Instansi, actor: User | None, action: str, fields: tuple[str, ...], rows: list[tuple]
) -> None:
    """AuditEvents about pegawai with the columns core.services.audit_event_record fills, one COPY
    for all: `rows` hold the per-event `fields`; what every event shares (actor, request, action)
    is written once as constants, and the columns not given get the record's empty values."""
    shared = {
        **audit_event_context(instansi=instansi, actor=actor, action=action),
        "target_type": Pegawai._meta.label,
    }
    empty = {name: {} for name in ("old_values", "new_values") if name not in fields}
    rows_insert(model=AuditEvent, fields=fields, rows=rows, insert_values={**shared, **empty})


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[key] = value
    return out


def kelengkapan_recompute_bulk(
    *, instansi: Instansi, profiles: Mapping[int, Mapping[str, Any]], created: Collection[int] = ()
) -> int:
    """`services.kelengkapan_recompute` for many pegawai at once: the same pure computation
    (`kelengkapan_compute_many`), the riwayat read in one query per kind, the rows written by
    `rows_upsert` (COPY for new ones). `profiles`: {pegawai pk: profile by field name};
    `created`: the pks of pegawai created in this transaction, which have no riwayat and no
    completeness row yet, so neither is read for them."""
    if not profiles:
        return 0
    created = set(created)
    ids = [pk for pk in profiles if pk not in created]
    riwayat: dict[int, list] = defaultdict(list)
    stored = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        for model in RIWAYAT_MODELS:
            if model.DIISI_ASN:
                for item in model.objects.filter(instansi=instansi, pegawai_id__in=chunk).order_by("pk"):
                    riwayat[item.pegawai_id].append(item)
        stored.update(
            rows_stored(
                existing=KelengkapanData.objects.filter(instansi=instansi, pegawai_id__in=chunk),
                key=("pegawai_id",),
                fields=(),  # rewritten whatever they hold (update_unchanged): only the pk is needed
            )
        )
    results = kelengkapan_compute_many(
        items=((profile, riwayat.get(pk, [])) for pk, profile in profiles.items())
    )
    # One list (and one JSON text) per shared result, not one per pegawai; the result is kept
    # beside them so its id is not reused while the map lives.
    kekurangan: dict[int, tuple[Any, list[dict], str]] = {}
    new_rows, rows = [], []
    for pk, hasil in zip(profiles, results, strict=True):
        if id(hasil) not in kekurangan:
            listed = [k.as_dict() for k in hasil.kekurangan]
            kekurangan[id(hasil)] = (hasil, listed, json.dumps(listed))
        _hasil, listed, text = kekurangan[id(hasil)]
        if pk in created:
            new_rows.append((pk, hasil.persen, text))  # the jsonb column parses the text
        else:
            rows.append((pk, hasil.persen, listed))
    rows_insert(
        model=KelengkapanData,
        fields=("pegawai_id", "persen", "kekurangan"),
        rows=new_rows,
        insert_values={"instansi_id": instansi.pk},
    )
    # Stored pegawai's rows are rewritten even when equal, as services.kelengkapan_recompute does,
    # so dihitung_pada says when the completeness was last computed.
    rows_upsert(
        model=KelengkapanData,
        key=("pegawai_id",),
        fields=("persen", "kekurangan"),
        rows=rows,
        stored=stored,
        insert_values={"instansi_id": instansi.pk},
        update_unchanged=True,
    )
    return len(new_rows) + len(rows)


__all__ = ["COLUMNS", "PegawaiImporter", "kelengkapan_recompute_bulk", "pegawai_import"]
