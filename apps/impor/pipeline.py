"""The generic spreadsheet import framework: one pipeline for every kind of row import.

An import kind (asesmen, SKP, ...) registers itself from its AppConfig.ready() with
`importer_register(kind, label=, importer=, template_builder=, permission=)`; the import pages
(views.py here), the management commands and the benchmarks only talk to the registry, so this app never
imports the apps that own the data.

An importer is usually a `RowImporter` subclass run by `import_run()`:

1. `spreadsheet_read()` reads the upload with every guard (apps/core/spreadsheets.py; a date column
   also takes Excel day counts and says in a warning what they were read as); a file that cannot
   be used at all becomes a result with `berkas_ditolak` and its reasons as row-0 errors;
2. `prepare()` loads what the rows are checked against, once (e.g. NIP → pegawai of the instansi in
   one query); there are no queries per row;
3. every row goes through `clean_row()`, which reuses the owning app's validation service and
   returns the row's natural key, the cleaned item and the row's errors; two rows with the same key
   are both errors ("juga ada di baris 7");
4. `warnings()` adds non-blocking remarks (e.g. the kurva distribusi of SKP);
5. dry run: `classify()` counts new / changed / unchanged against what is stored (read only);
   commit: only if no row has an error, inside one transaction that holds a per-instansi advisory
   lock, `verify()` checks the lookups still hold, `write()` upserts everything through the app's
   bulk write service, a summary audit event "<kind>.import" is recorded, and `finalize(result)`
   (the job's own bookkeeping) runs in the same transaction. Nothing is half-written: any error
   rolls the whole write back.

`progress(done, total)` is called every 1 % of the rows (at most every `PROGRESS_EVERY` rows)
while rows are checked.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from apps.core.permissions import PERMISSIONS
from apps.core.services import audit_event_record
from apps.core.spreadsheets import Column, SpreadsheetError, spreadsheet_read

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

__all__ = [
    "ADVISORY_LOCK_CLASS",
    "ImportCommand",
    "ImportResult",
    "Importer",
    "RowImporter",
    "import_run",
    "importer_get",
    "importer_register",
    "importers",
]

# pg_advisory_xact_lock(class, instansi id): one import (of any kind) writes at a time per instansi.
ADVISORY_LOCK_CLASS = 7302
PROGRESS_EVERY = 1000
CHANGES_KEPT = 200
RESERVED_KINDS = frozenset({"job", "jobs", "template"})

ProgressCallback = Callable[[int, int], None]


# --- the result ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did or would do. `errors` are (baris, kolom, pesan): the spreadsheet row number
    (header = 1, first data row = 2; 0 = the whole file), the column title ("" = the whole row) and
    a message in Indonesian. `baris_galat` counts rows with at least one error."""

    dry_run: bool = True
    format: str = ""
    baris: int = 0
    baru: int = 0
    diubah: int = 0
    tetap: int = 0
    baris_galat: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (baris, NIP, nama, [(kolom, lama, baru), …]) for the first CHANGES_KEPT changed rows of a dry
    # run; the values as the file writes them (labels, DD-MM-YYYY), nama "" where the kind has none.
    changes: list[tuple[int, str, str, list[tuple[str, str, str]]]] = field(default_factory=list)
    # (baris, NIP, nama, [(kolom, nilai), …]) for the first CHANGES_KEPT new rows, like `changes`.
    baru_rows: list[tuple[int, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    # NIP → pegawai id of the people in `changes` and `baru_rows` (the result page links to them;
    # a saved pegawai import adds the ids of the pegawai it created).
    pegawai_pk: dict[str, int] = field(default_factory=dict)
    berkas_ditolak: bool = False
    committed: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.baru or self.diubah)

    def to_json(self, *, max_errors: int | None = None) -> dict[str, Any]:
        data = asdict(self)
        data["galat_total"] = len(self.errors)
        if max_errors is not None and len(self.errors) > max_errors:
            data["errors"] = data["errors"][:max_errors]
        data["errors"] = [list(e) for e in data["errors"]]
        data["changes"] = [[*c[:3], [list(f) for f in c[3]]] for c in data["changes"]]
        data["baru_rows"] = [[*c[:3], [list(f) for f in c[3]]] for c in data["baru_rows"]]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ImportResult:
        data = dict(data or {})
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        result = cls(**known)
        result.errors = [tuple(e) for e in result.errors]
        result.changes = [(*c[:3], [tuple(f) for f in c[3]]) for c in result.changes if len(c) == 4]
        result.baru_rows = [(*c[:3], [tuple(f) for f in c[3]]) for c in result.baru_rows if len(c) == 4]
        result.pegawai_pk = {str(k): int(v) for k, v in (result.pegawai_pk or {}).items()}
        return result

    def pegawai_rows(self) -> list[tuple[str, str, int]]:
        """(NIP, nama, pegawai id) of the people the new and changed rows name, once each, in row
        order (only those whose id is known)."""
        seen: dict[str, tuple[str, str, int]] = {}
        rows = sorted([*self.baru_rows, *self.changes], key=lambda row: row[0])
        for _baris, nip, nama, _fields in rows:
            pk = self.pegawai_pk.get(nip)
            if nip and pk is not None and nip not in seen:
                seen[nip] = (nip, nama, pk)
        return list(seen.values())


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Importer:
    """One registered import kind.

    `importer(*, instansi, actor, data, nama="", dry_run, progress=None, finalize=None)` returns an
    ImportResult; `template_builder(*, instansi)` returns the .xlsx template's bytes; `permission`
    is the code (apps/core/permissions.py) every page of this kind requires. The upload page shows
    `template_help` ((what the template holds — trusted markup, a help line), the generic text when
    empty), `rules` (the short rules; the generic ones when empty) and `links` ((label, URL name)
    buttons beside the title, e.g. the kind's export).
    """

    kind: str
    label: str
    importer: Callable[..., ImportResult]
    template_builder: Callable[..., bytes]
    permission: str
    columns: tuple[Column, ...] = ()
    template_help: tuple[str, str] | tuple[()] = ()
    rules: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    # (label, URL name) buttons of a saved import's result page: where its effect shows (nine-box).
    result_links: tuple[tuple[str, str], ...] = ()
    # Whether the result page links the people of the new and changed rows to their pegawai page.
    links_pegawai: bool = True


_REGISTRY: dict[str, Importer] = {}


def importer_register(
    kind: str,
    *,
    label: str,
    importer: Callable[..., ImportResult],
    template_builder: Callable[..., bytes],
    permission: str,
    columns: Sequence[Column] = (),
    template_help: tuple[str, str] | tuple[()] = (),
    rules: Sequence[str] = (),
    links: Sequence[tuple[str, str]] = (),
    result_links: Sequence[tuple[str, str]] = (),
    links_pegawai: bool = True,
) -> Importer:
    """Register an import kind (call from AppConfig.ready()). Registering the same importer twice is
    harmless; a different importer under a taken kind is a programming error."""
    if not kind.isascii() or not kind.isidentifier() or not kind.islower() or kind in RESERVED_KINDS:
        raise ImproperlyConfigured(
            f"import kind {kind!r}: use a short lower-case word (not {sorted(RESERVED_KINDS)})"
        )
    if permission not in PERMISSIONS:
        raise ImproperlyConfigured(f"import kind {kind!r}: unknown permission {permission!r}")
    entry = Importer(
        kind=kind,
        label=label,
        importer=importer,
        template_builder=template_builder,
        permission=permission,
        columns=tuple(columns),
        template_help=template_help,
        rules=tuple(rules),
        links=tuple(links),
        result_links=tuple(result_links),
        links_pegawai=links_pegawai,
    )
    existing = _REGISTRY.get(kind)
    if existing is not None and existing.importer is not importer:
        raise ImproperlyConfigured(f"import kind {kind!r} is already registered")
    if existing is not None:
        return existing  # ready() twice: the first registration (with its links) stays
    _REGISTRY[kind] = entry
    return entry


def importer_get(kind: str) -> Importer | None:
    return _REGISTRY.get(kind)


def importers() -> list[Importer]:
    return sorted(_REGISTRY.values(), key=lambda entry: entry.kind)


# --- row importers -------------------------------------------------------------------------------


def nip_tidak_terdaftar(nip: str) -> str:
    """The one answer for a NIP that is not a pegawai of the instansi, whatever the reason (unknown,
    or a pegawai of another instansi): imports and services say the same words."""
    return _(
        "NIP %(nip)s tidak terdaftar sebagai pegawai instansi ini. Periksa NIP-nya, atau impor data "
        "pegawainya lebih dulu."
    ) % {"nip": nip}


def kosong(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowImporter:
    """One kind's rules for `import_run`. Subclasses set `kind`, `columns`, `sheet_name` and
    `key_column`, and implement `prepare`, `clean_row`, `duplicate_message`, `classify`, `write`
    (and optionally `warnings`, `verify`).

    The NIP helpers map the NIP column to the instansi's pegawai: subclasses load `nip_pk`
    (NIP → pegawai pk, one query) in `prepare()` and set `nip_normalize` (the pegawai app's rule:
    spaces removed, numbers refused).
    """

    kind: str = ""
    columns: Sequence[Column] = ()
    sheet_name: str | None = None
    key_column: str = "NIP"
    nip_normalize: Callable[[Any], str] | None = None
    # The pegawai app's NIP / NI PPPK rule: raises ValidationError saying why a NIP is not valid.
    # Asked only for a NIP that is not found, so "tidak terdaftar" is said of valid NIPs only.
    nip_check: Callable[[str], Any] | None = None
    nip_numeric_message: str = ""

    def __init__(self, *, instansi: Instansi, actor: User | None, nama: str = ""):
        self.instansi = instansi
        self.actor = actor
        self.nama = nama
        self.nip_pk: dict[str, int] = {}
        self.nip_used: dict[str, int] = {}
        self.headers = {column.key: column.header for column in self.columns}

    @classmethod
    def run(
        cls,
        *,
        instansi: Instansi,
        actor: User | None,
        data: bytes,
        nama: str = "",
        dry_run: bool,
        progress: ProgressCallback | None = None,
        finalize: Callable[[ImportResult], None] | None = None,
    ) -> ImportResult:
        """The kind's importer function (what `importer_register(importer=)` takes): check every row;
        unless `dry_run`, write them all in one transaction when (and only when) no row has an
        error. Runs inside the instansi's scope."""
        importer = cls(instansi=instansi, actor=actor, nama=nama)
        return import_run(importer, data=data, dry_run=dry_run, progress=progress, finalize=finalize)

    # -- to implement -----------------------------------------------------------------------------

    def prepare(self) -> None:
        """Load everything rows are checked against (once, before the first row)."""

    def clean_row(
        self, values: dict[str, Any], invalid: set[str]
    ) -> tuple[Hashable | None, Any | None, list[tuple[str, str]] | None]:
        """(key or None, cleaned item or None, [(column title, message)] or None) for one row.
        `invalid` names the cells the reader already reported: do not report them again."""
        raise NotImplementedError

    def duplicate_message(self, key: Hashable, others: str) -> str:
        raise NotImplementedError

    def classify(self, rows: list[tuple[int, Any]], result: ImportResult) -> None:
        """Dry run: set result.baru / diubah / tetap (and result.changes) against what is stored."""
        raise NotImplementedError

    def write(self, items: list[Any]) -> tuple[int, int, int]:
        """Commit: upsert the items through the app's bulk service; returns (baru, diubah, tetap)."""
        raise NotImplementedError

    def warnings(self, items: list[Any]) -> list[str]:
        return []

    def verify(self) -> str | None:
        """Inside the write lock: None if what the rows were checked against still holds, else a
        message. The default re-reads nothing; NIP-based importers use `nip_verify`."""
        return None

    # -- helpers ----------------------------------------------------------------------------------

    def required_missing(
        self, values: dict[str, Any], invalid: set[str], names: Iterable[str], errors: list
    ) -> set[str]:
        """Report required cells left empty ("Tahun wajib diisi."); returns their keys."""
        missing = set()
        for name in names:
            if name not in invalid and kosong(values.get(name)):
                missing.add(name)
                header = self.headers.get(name, name)
                errors.append((header, _("%(kolom)s wajib diisi.") % {"kolom": header}))
        return missing

    def nip_lookup(self, value: Any, invalid: set[str], errors: list) -> tuple[str | None, int | None]:
        """(normalised NIP or None, pegawai pk or None); problems are appended to `errors`."""
        if "nip" in invalid:
            return None, None
        header = self.headers.get("nip", "NIP")
        if type(value) is str and len(value) == 18 and value.isdigit():  # the common case, no regex
            nip = value
        else:
            if kosong(value):
                errors.append((header, _("%(kolom)s wajib diisi.") % {"kolom": header}))
                return None, None
            try:
                nip = self.nip_normalize(value) if self.nip_normalize else str(value).strip()
            except ValidationError as error:
                errors.extend((header, message) for message in error.messages)
                return None, None
        pk = self.nip_pk.get(nip)
        if pk is None:
            if self.nip_check is not None:
                try:
                    self.nip_check(nip)
                except ValidationError as error:
                    errors.extend((header, message) for message in error.messages)
                    return None, None
            errors.append((header, nip_tidak_terdaftar(nip)))
            return nip, None
        self.nip_used[nip] = pk
        return nip, pk

    def nip_verify(self, current: dict[str, int]) -> str | None:
        """Compare the NIPs the rows used with the instansi's pegawai now (inside the lock)."""
        moved = sorted(nip for nip, pk in self.nip_used.items() if current.get(nip) != pk)
        if not moved:
            return None
        return _(
            "Data pegawai berubah ketika impor berjalan (NIP %(daftar)s); tidak ada yang disimpan. "
            "Ulangi impor."
        ) % {"daftar": ", ".join(moved[:5]) + (" …" if len(moved) > 5 else "")}

    def change_add(
        self,
        result: ImportResult,
        number: int,
        nip: str,
        fields: list[tuple[str, str, str]],
        *,
        nama: str = "",
        pegawai_id: int | None = None,
    ) -> None:
        """Keep one changed row (its columns as (title, old, new) text) for the preview."""
        if len(result.changes) < CHANGES_KEPT:
            result.changes.append((number, nip, nama, fields))
            if nip and pegawai_id is not None:
                result.pegawai_pk[nip] = pegawai_id

    def new_add(
        self,
        result: ImportResult,
        number: int,
        nip: str,
        fields: list[tuple[str, str]],
        *,
        nama: str = "",
        pegawai_id: int | None = None,
    ) -> None:
        """Keep one new row (its filled columns as (title, value) text) for the preview."""
        if len(result.baru_rows) < CHANGES_KEPT:
            result.baru_rows.append((number, nip, nama, fields))
            if nip and pegawai_id is not None:
                result.pegawai_pk[nip] = pegawai_id

    def classified(self, result: ImportResult) -> None:
        """After `classify()` of a dry run: complete the kept rows (e.g. the pegawai's names)."""

    def pegawai_written(self, items: list[Any]) -> dict[str, int]:
        """After a save: NIP → id of pegawai the save created (the pegawai import), for the
        result page's links. Other kinds write rows of pegawai that exist already."""
        return {}

    def summary_values(self, result: ImportResult) -> dict[str, Any]:
        """The "<kind>.import" audit event's values."""
        return {
            "berkas": self.nama[:200],
            "format": result.format,
            "baris": result.baris,
            "baru": result.baru,
            "diubah": result.diubah,
            "tetap": result.tetap,
        }

    def errors_in(self, error: ValidationError, skip: set[str], errors: list) -> None:
        """A service's ValidationError as (column title, message) pairs, minus the fields in `skip`."""
        for name, messages in error.message_dict.items():
            if name in skip:
                continue
            header = self.headers.get(name, "")
            errors.extend((header, message) for message in messages)


def import_run(
    importer: RowImporter,
    *,
    data: bytes,
    dry_run: bool,
    progress: ProgressCallback | None = None,
    finalize: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Read, check every row, and (unless `dry_run`, and only if no row has an error) write all of
    them in one transaction. See the module docstring."""
    started = time.perf_counter()
    result = ImportResult(dry_run=dry_run)
    try:
        sheet = spreadsheet_read(data, columns=importer.columns, sheet_name=importer.sheet_name)
    except SpreadsheetError as error:
        result.berkas_ditolak = True
        result.errors = [(0, "", message) for message in error.messages]
        result.seconds = time.perf_counter() - started
        return result
    result.format = sheet.format
    result.warnings = list(sheet.warnings)
    rows = sheet.rows
    sheet.rows = []
    total = result.baris = len(rows)
    importer.prepare()

    errors_by_row: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for cell_error in sheet.errors:
        errors_by_row[cell_error.row].append((cell_error.row, cell_error.column, cell_error.message))
    first_of: dict[Hashable, int] = {}
    duplicates: dict[Hashable, list[int]] = {}
    kept: list[tuple[int, Any]] = []
    clean_row = importer.clean_row
    every = max(1, min(PROGRESS_EVERY, total // 100))
    if progress:
        progress(0, total)
    for index in range(total):
        row = rows[index]
        rows[index] = None  # the read rows are released as they are checked
        number = row.number
        key, item, errors = clean_row(row.values, row.invalid)
        if errors:
            errors_by_row[number].extend((number, column, message) for column, message in errors)
        if key is not None:
            first = first_of.setdefault(key, number)
            if first != number:
                duplicates.setdefault(key, [first]).append(number)
        if item is not None and number not in errors_by_row:
            kept.append((number, item))
        if progress and (index + 1) % every == 0:
            progress(index + 1, total)
    del rows
    for key, numbers in duplicates.items():
        for number in numbers:
            others = ", ".join(str(n) for n in numbers if n != number)
            errors_by_row[number].append(
                (number, importer.key_column, importer.duplicate_message(key, others))
            )
    if errors_by_row:
        kept = [(number, item) for number, item in kept if number not in errors_by_row]
        order = {"": -1, **{column.header: i for i, column in enumerate(importer.columns)}}
        for number in sorted(errors_by_row):
            result.errors.extend(sorted(errors_by_row[number], key=lambda e: order.get(e[1], 99)))
        result.baris_galat = len(errors_by_row)
    if progress:
        progress(total, total)

    items = [item for _number, item in kept]
    result.warnings += importer.warnings(items)
    if dry_run or result.errors:
        importer.classify(kept, result)
        importer.classified(result)
        result.seconds = time.perf_counter() - started
        return result
    del kept

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_CLASS, importer.instansi.pk]
                )
            problem = importer.verify()
            if problem:
                result.errors.append((0, "", problem))
            else:
                result.baru, result.diubah, result.tetap = importer.write(items)
                result.pegawai_pk.update(importer.pegawai_written(items))
                if result.has_changes:
                    audit_event_record(
                        action=f"{importer.kind}.import",
                        instansi=importer.instansi,
                        actor=importer.actor,
                        new_values=importer.summary_values(result),
                    )
                result.committed = True
                if finalize is not None:
                    finalize(result)
    except IntegrityError:
        # Only reachable when the same record was entered through a form at the same moment;
        # the whole write was rolled back.
        result.baru = result.diubah = result.tetap = 0
        result.committed = False
        result.errors.append(
            (0, "", _("Data berubah ketika impor berjalan; tidak ada yang disimpan. Ulangi impor."))
        )
    result.seconds = time.perf_counter() - started
    return result


# --- the management commands' shared body ---------------------------------------------------------


class ImportCommand(BaseCommand):
    """`python manage.py import_<kind> FILE --instansi KODE [--dry-run]` for a registered kind: the
    same checks as the import page, inside the instansi's scope; exits non-zero on any error."""

    kind = ""
    noun = ""  # "SKP", "asesmen": for the summary lines

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx atau .csv (format: docs/imports.md)")
        parser.add_argument("--instansi", required=True, help="Kode Kemendagri instansi, mis. 6201")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya periksa dan tampilkan hasilnya; tidak menyimpan apa pun.",
        )

    def handle(self, *args, **options):
        from pathlib import Path

        from apps.core.spreadsheets import Limits
        from apps.core.tenancy import instansi_scope
        from apps.instansi.models import Instansi

        entry = importer_get(self.kind)
        if entry is None:  # pragma: no cover - registered in the app's ready()
            raise CommandError(f"Impor {self.kind} tidak terdaftar.")
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(f"Instansi dengan kode {options['instansi']} tidak ditemukan.")
        if not instansi.aktif:
            raise CommandError(f"Instansi {instansi.nama} tidak aktif.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        limits = Limits.from_settings()
        if path.stat().st_size > limits.max_bytes:
            raise CommandError(
                f"Berkas terlalu besar ({path.stat().st_size / 1024 / 1024:.1f} MB); "
                f"maksimal {limits.max_bytes // (1024 * 1024)} MB."
            )
        dry_run = options["dry_run"]
        with instansi_scope(instansi):
            result = entry.importer(
                instansi=instansi, actor=None, data=path.read_bytes(), nama=path.name, dry_run=dry_run
            )
        if result.berkas_ditolak:
            raise CommandError("Berkas ditolak: " + " ".join(message for _b, _k, message in result.errors))
        self.stdout.write(f"Instansi:          {instansi.kode} {instansi.nama}")
        self.stdout.write(f"Berkas:            {path.name} ({result.format.upper()})")
        self.stdout.write(f"Baris data:        {result.baris}")
        self.stdout.write(f"{self.noun} baru:".ljust(19) + str(result.baru))
        self.stdout.write(f"Diubah:            {result.diubah}")
        self.stdout.write(f"Tidak berubah:     {result.tetap}")
        self.stdout.write(f"Baris bermasalah:  {result.baris_galat}")
        for warning in result.warnings:
            self.stderr.write(f"Peringatan: {warning}")
        for row, column, message in result.errors:
            where = f"Baris {row}" if row else "Berkas"
            kolom = f", kolom {column}" if column else ""
            self.stderr.write(f"{where}{kolom}: {message}")
        if result.errors:
            if result.baris_galat:
                raise CommandError(f"{result.baris_galat} baris bermasalah; tidak ada data yang disimpan.")
            raise CommandError("Tidak ada data yang disimpan.")
        if dry_run:
            self.stdout.write("Uji coba (--dry-run): semua baris valid; tidak ada data yang disimpan.")
        elif result.has_changes:
            self.stdout.write(self.style.SUCCESS(f"Tersimpan dalam {result.seconds:.1f} detik."))
        else:
            self.stdout.write("Tidak ada perubahan; tidak ada data yang disimpan.")
