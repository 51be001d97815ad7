"""Import of pegawai master data from a spreadsheet: validate everything, then write all or nothing.

Flow: `pegawai_import_read(bytes)` reads the upload safely (apps/core/spreadsheets.py) with the
columns of `PegawaiResource`; `pegawai_import(..., dry_run=True)` validates every row and reports
what would happen (new / updated / unchanged, every row's errors); `dry_run=False` does the same
inside one transaction and writes only if no row has an error.

Rules per row (the key is the NIP within the instansi; an existing NIP is updated):
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

Why a bulk write and not `pegawai_create` / `pegawai_update` per row: each service call costs about
a dozen queries (uniqueness check, insert, audit, eight reads and an upsert for completeness), which
is ~250,000 queries and several minutes for a 20,000-row kabupaten inside one request/transaction.
The bulk path keeps every guarantee the services give, in a fixed number of queries per batch:
the same validation (`pegawai_validate`), one audit event per created/updated pegawai with the same
action codes and values as the services ("pegawai.create" / "pegawai.update", bulk-inserted) plus
one "pegawai.import" summary with the counts, completeness recomputed for every touched pegawai with
the same pure function (`kelengkapan_compute`), and one `inputs_changed_send` with all touched ids.
Imports of one instansi are serialised by a transaction-level advisory lock, and the file is
validated again inside it, so the preview can never be committed against stale data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.context import request_context_get
from apps.core.events import inputs_changed_send
from apps.core.models import AuditEvent
from apps.core.services import audit_event_record
from apps.core.spreadsheets import Sheet, SpreadsheetError, spreadsheet_read
from apps.instansi.models import Instansi

from .kelengkapan import kelengkapan_compute
from .models import RIWAYAT_MODELS, KelengkapanData, Pegawai
from .referensi import JenisJabatan
from .resources import FIELD_ORDER, HEADER_BY_FIELD, REQUIRED_FIELDS, SHEET_DATA, PegawaiResource
from .services import PROFILE_FIELDS, pegawai_validate

if TYPE_CHECKING:
    from apps.accounts.models import User

BATCH = 1000
LOOKUP_CHUNK = 5000
# pg_advisory_xact_lock(class, object): one import at a time per instansi.
ADVISORY_LOCK_CLASS = 7301

# The model's own validation (lengths, e-mail format) for the free-text fields. Choices, dates, the
# unit kerja and "aktif" come out of the Resource widgets already valid; the NIP has its own rules.
_TEXT_FIELDS = {
    f.name: f
    for f in Pegawai._meta.concrete_fields
    if isinstance(f, models.CharField) and not f.choices and f.name in PROFILE_FIELDS and f.name != "nip"
}


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row number (header = row 1; 0 = the whole file), column title
    ("" = the whole row), message in Indonesian."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class RowChange:
    """An existing pegawai the file changes: (column title, old, new) per changed column."""

    row: int
    nip: str
    nama: str
    fields: list[tuple[str, str, str]]


@dataclass
class ImportResult:
    dry_run: bool
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    committed: bool = False
    seconds: float = 0.0

    @property
    def error_rows(self) -> int:
        """Rows with at least one error (a file-level error counts as one)."""
        return len({error.row for error in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated)


@dataclass
class _Planned:
    row: int
    nip: str
    cleaned: dict[str, Any]  # full profile (new) or only the changed fields (update)
    pegawai: Pegawai | None = None  # the existing pegawai, for updates
    old: dict[str, Any] = field(default_factory=dict)


# --- reading -----------------------------------------------------------------------------------------


def pegawai_import_read(data: bytes) -> Sheet:
    """The upload as rows of the pegawai format. Raises SpreadsheetError for unusable files."""
    return spreadsheet_read(data, columns=PegawaiResource.columns(), sheet_name=SHEET_DATA)


# --- the service -------------------------------------------------------------------------------------


def pegawai_import(
    *,
    instansi: Instansi,
    actor: User | None,
    rows: Sheet,
    dry_run: bool,
    berkas: str = "",
) -> ImportResult:
    """Validate every row of `rows`; unless `dry_run`, write them all in one transaction if (and only
    if) no row has an error. `berkas` (the uploaded file's name) goes into the audit summary."""
    started = time.perf_counter()
    if dry_run:
        result, _plan = _validate(instansi=instansi, sheet=rows, dry_run=True)
    else:
        result = _commit(instansi=instansi, actor=actor, sheet=rows, berkas=berkas)
    result.seconds = time.perf_counter() - started
    return result


def _commit(*, instansi: Instansi, actor: User | None, sheet: Sheet, berkas: str) -> ImportResult:
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_CLASS, instansi.pk])
            result, plan = _validate(instansi=instansi, sheet=sheet, dry_run=False)
            if result.errors or not result.has_changes:
                return result
            _write(instansi=instansi, actor=actor, plan=plan, result=result, sheet=sheet, berkas=berkas)
            result.committed = True
            return result
    except IntegrityError:
        # Only reachable when a pegawai with one of the file's NIPs was added through the form at
        # the same moment; nothing of the import was written.
        result = ImportResult(dry_run=False, total=len(sheet.rows))
        result.errors.append(
            RowError(
                0,
                "",
                _("Data pegawai berubah ketika impor berjalan; tidak ada yang disimpan. Ulangi impor."),
            )
        )
        return result


def _validate(*, instansi: Instansi, sheet: Sheet, dry_run: bool) -> tuple[ImportResult, list[_Planned]]:
    resource = PegawaiResource(instansi=instansi)
    result = ImportResult(dry_run=dry_run, total=len(sheet.rows), warnings=list(sheet.warnings))
    errors_by_row: dict[int, list[RowError]] = defaultdict(list)
    for cell_error in sheet.errors:
        errors_by_row[cell_error.row].append(RowError(cell_error.row, cell_error.column, cell_error.message))
    present = [column.key for column in sheet.columns]

    # Pass 1: every cell through its widget.
    cleaned_rows: list[tuple[int, dict[str, Any], set[str]]] = []
    nip_rows: dict[str, list[int]] = defaultdict(list)
    for sheet_row in sheet.rows:
        number = sheet_row.number
        data: dict[str, Any] = {}
        failed: set[str] = set(sheet_row.invalid)
        for key in present:
            if key in failed:
                continue
            raw = sheet_row.values.get(key)
            try:
                data[key] = resource.clean_value(key, raw)
            except ValidationError as error:
                failed.add(key)
                errors_by_row[number].extend(
                    RowError(number, HEADER_BY_FIELD[key], m) for m in error.messages
                )
            except (ValueError, TypeError) as error:
                failed.add(key)
                errors_by_row[number].append(RowError(number, HEADER_BY_FIELD[key], str(error)))
        for key in REQUIRED_FIELDS:
            if key not in failed and data.get(key) in (None, ""):
                failed.add(key)
                errors_by_row[number].append(
                    RowError(
                        number,
                        HEADER_BY_FIELD[key],
                        _("%(kolom)s wajib diisi.") % {"kolom": HEADER_BY_FIELD[key]},
                    )
                )
        if data.get("nip") and "nip" not in failed:
            nip_rows[data["nip"]].append(number)
        cleaned_rows.append((number, data, failed))

    # Duplicates within the file: every row of the group is marked.
    duplicate_nips = {nip for nip, numbers in nip_rows.items() if len(numbers) > 1}
    for nip in duplicate_nips:
        numbers = nip_rows[nip]
        for number in numbers:
            others = ", ".join(str(n) for n in numbers if n != number)
            errors_by_row[number].append(
                RowError(
                    number,
                    HEADER_BY_FIELD["nip"],
                    _(
                        "NIP %(nip)s juga ada di baris %(baris)s. Satu pegawai hanya boleh satu baris; "
                        "hapus baris ganda."
                    )
                    % {"nip": nip, "baris": others},
                )
            )

    existing = _existing_by_nip(instansi=instansi, nips=list(nip_rows))

    # Pass 2: merge with what is stored, validate the profile, decide new / update / unchanged.
    plan: list[_Planned] = []
    for number, data, failed in cleaned_rows:
        nip = data.get("nip") if "nip" not in failed else None
        current = existing.get(nip) if nip else None
        row_errors, cleaned = _validate_profile(
            instansi=instansi, data=data, failed=failed, current=current, present=present, number=number
        )
        errors_by_row[number].extend(row_errors)
        if errors_by_row.get(number) or nip in duplicate_nips or cleaned is None:
            continue
        if current is None:
            plan.append(_Planned(row=number, nip=cleaned["nip"], cleaned=cleaned))
            result.new += 1
            continue
        provided = _provided_for_update(data, present)
        changes = {
            name: cleaned[name]
            for name in provided
            if _comparable(getattr(current, name)) != _comparable(cleaned[name])
        }
        if not changes:
            result.unchanged += 1
            continue
        old = {name: getattr(current, name) for name in changes}
        plan.append(_Planned(row=number, nip=current.nip, cleaned=changes, pegawai=current, old=old))
        result.updated += 1
        result.changes.append(
            RowChange(
                row=number,
                nip=current.nip,
                nama=current.nama_lengkap,
                fields=[
                    (
                        HEADER_BY_FIELD[name],
                        resource.render_value(name, old[name]),
                        resource.render_value(name, changes[name]),
                    )
                    for name in FIELD_ORDER
                    if name in changes
                ],
            )
        )

    column_order = {"": -1, **{HEADER_BY_FIELD[key]: i for i, key in enumerate(FIELD_ORDER)}}
    for number in sorted(errors_by_row):
        # within a row, in the order of the columns (sorted() keeps the order of one cell's messages)
        result.errors.extend(sorted(errors_by_row[number], key=lambda e: column_order.get(e.column, 99)))
    if result.errors:
        plan = []
    return result, plan


def _existing_by_nip(*, instansi: Instansi, nips: list[str]) -> dict[str, Pegawai]:
    found: dict[str, Pegawai] = {}
    for start in range(0, len(nips), LOOKUP_CHUNK):
        chunk = nips[start : start + LOOKUP_CHUNK]
        for pegawai in Pegawai.objects.filter(instansi=instansi, nip__in=chunk).select_related("unit_kerja"):
            found[pegawai.nip] = pegawai
    return found


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
    number: int,
) -> tuple[list[RowError], dict[str, Any] | None]:
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
    errors: list[RowError] = []
    failed_validation = False
    try:
        merged = pegawai_validate(instansi=instansi, data=merged)
    except ValidationError as error:
        failed_validation = True
        for name, messages in error.message_dict.items():
            if name in skip:
                continue
            column = HEADER_BY_FIELD.get(name, "")
            errors.extend(RowError(number, column, message) for message in messages)
    for name, model_field in _TEXT_FIELDS.items():
        if name in skip:
            continue
        try:
            model_field.clean(merged[name], None)
        except ValidationError as error:
            column = HEADER_BY_FIELD[name]
            errors.extend(RowError(number, column, f"{column}: {message}") for message in error.messages)
    if errors or failed_validation or failed:
        return errors, None
    return errors, {name: merged[name] for name in PROFILE_FIELDS}


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value


# --- writing -----------------------------------------------------------------------------------------


def _write(
    *,
    instansi: Instansi,
    actor: User | None,
    plan: list[_Planned],
    result: ImportResult,
    sheet: Sheet,
    berkas: str,
) -> None:
    now = timezone.now()
    creates = [item for item in plan if item.pegawai is None]
    updates = [item for item in plan if item.pegawai is not None]

    created = [Pegawai(instansi=instansi, **item.cleaned) for item in creates]
    Pegawai.objects.bulk_create(created, batch_size=BATCH)

    updated: list[Pegawai] = []
    changed_names: set[str] = set()
    for item in updates:
        pegawai = item.pegawai
        for name, value in item.cleaned.items():
            setattr(pegawai, name, value)
        pegawai.diubah_pada = now
        changed_names |= set(item.cleaned)
        updated.append(pegawai)
    if updated:
        Pegawai.objects.bulk_update(updated, [*sorted(changed_names), "diubah_pada"], batch_size=BATCH // 2)

    touched = created + updated
    kelengkapan_recompute_bulk(instansi=instansi, pegawai=touched)

    events = [
        _audit(
            action="pegawai.create",
            instansi=instansi,
            actor=actor,
            target=pegawai,
            new_values={"nip": pegawai.nip, "nama": pegawai.nama},
        )
        for pegawai in created
    ]
    events += [
        _audit(
            action="pegawai.update",
            instansi=instansi,
            actor=actor,
            target=item.pegawai,
            old_values=_jsonable(item.old),
            new_values=_jsonable(item.cleaned),
        )
        for item in updates
    ]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    audit_event_record(
        action="pegawai.import",
        instansi=instansi,
        actor=actor,
        new_values={
            "berkas": berkas[:200],
            "format": sheet.format,
            "baris": result.total,
            "baru": result.new,
            "diubah": result.updated,
            "tidak_berubah": result.unchanged,
        },
    )
    inputs_changed_send(
        instansi_id=instansi.pk, pegawai_ids=[pegawai.pk for pegawai in touched], cause="pegawai.import"
    )


def _audit(
    *,
    action: str,
    instansi: Instansi,
    actor: User | None,
    target: Pegawai,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
) -> AuditEvent:
    """An AuditEvent exactly as core.services.audit_event_record fills it, for bulk_create."""
    ctx = request_context_get()
    return AuditEvent(
        instansi=instansi,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None else "sistem")[:150],
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        old_values=old_values or {},
        new_values=new_values or {},
        ip_address=ctx.ip_address if ctx else None,
        user_agent=(ctx.user_agent if ctx else "")[:255],
        request_id=ctx.request_id if ctx else "",
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[key] = value
    return out


def kelengkapan_recompute_bulk(*, instansi: Instansi, pegawai: list[Pegawai]) -> int:
    """`services.kelengkapan_recompute` for many pegawai at once: the same pure `kelengkapan_compute`,
    with the riwayat read in one query per kind and the rows upserted in batches."""
    if not pegawai:
        return 0
    ids = [p.pk for p in pegawai]
    riwayat: dict[int, list] = defaultdict(list)
    for model in RIWAYAT_MODELS:
        if not model.DIISI_ASN:
            continue
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start : start + LOOKUP_CHUNK]
            for item in model.objects.filter(instansi=instansi, pegawai_id__in=chunk).order_by("pk"):
                riwayat[item.pegawai_id].append(item)
    rows = []
    for person in pegawai:
        hasil = kelengkapan_compute(pegawai=person, riwayat=riwayat.get(person.pk, []))
        rows.append(
            KelengkapanData(
                instansi=instansi,
                pegawai=person,
                persen=hasil.persen,
                kekurangan=[k.as_dict() for k in hasil.kekurangan],
            )
        )
    KelengkapanData.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["pegawai"],
        update_fields=["instansi", "persen", "kekurangan", "dihitung_pada"],
    )
    return len(rows)


# --- uploads kept between preview and commit ---------------------------------------------------------

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
UPLOAD_MAX_AGE = dt.timedelta(days=1)


@dataclass(frozen=True)
class StoredUpload:
    token: str
    data: bytes
    nama: str
    diunggah_pada: str
    diunggah_oleh: str
    sha256: str


def _upload_dir(instansi: Instansi) -> Path:
    return Path(settings.MEDIA_ROOT) / "impor" / str(int(instansi.pk))


def impor_berkas_simpan(*, instansi: Instansi, actor: User | None, data: bytes, nama: str) -> str:
    """Keep an upload server-side (per instansi, random name, not web-served) until it is committed or
    abandoned; returns its token. Uploads older than a day are removed on the way."""
    directory = _upload_dir(instansi)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    impor_berkas_bersihkan(instansi=instansi)
    token = secrets.token_hex(16)
    (directory / f"{token}.bin").write_bytes(data)
    meta = {
        "nama": Path(nama or "berkas").name[:200],
        "diunggah_pada": timezone.now().isoformat(),
        "diunggah_oleh": actor.get_username() if actor is not None else "",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (directory / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def impor_berkas_baca(*, instansi: Instansi, token: str) -> StoredUpload | None:
    """The stored upload of *this* instansi, or None (unknown token, another instansi's token, expired)."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    directory = _upload_dir(instansi)
    data_path, meta_path = directory / f"{token}.bin", directory / f"{token}.json"
    try:
        data = data_path.read_bytes()
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return StoredUpload(
        token=token,
        data=data,
        nama=meta.get("nama", ""),
        diunggah_pada=meta.get("diunggah_pada", ""),
        diunggah_oleh=meta.get("diunggah_oleh", ""),
        sha256=meta.get("sha256", ""),
    )


def impor_berkas_hapus(*, instansi: Instansi, token: str) -> None:
    if not TOKEN_PATTERN.match(token or ""):
        return
    directory = _upload_dir(instansi)
    for suffix in (".bin", ".json"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


def impor_berkas_bersihkan(*, instansi: Instansi) -> int:
    directory = _upload_dir(instansi)
    if not directory.is_dir():
        return 0
    cutoff = time.time() - UPLOAD_MAX_AGE.total_seconds()
    removed = 0
    for path in directory.iterdir():
        if path.suffix in (".bin", ".json") and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


__all__ = [
    "ImportResult",
    "RowChange",
    "RowError",
    "SpreadsheetError",
    "StoredUpload",
    "impor_berkas_baca",
    "impor_berkas_hapus",
    "impor_berkas_simpan",
    "kelengkapan_recompute_bulk",
    "pegawai_import",
    "pegawai_import_read",
]
