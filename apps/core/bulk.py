"""Upsert by natural key at COPY speed: the one bulk write every import and batch service uses.

    written = rows_upsert(
        model=SKP,
        key=("pegawai_id", "tahun", "periode"),
        fields=("rating_hasil_kerja", "rating_perilaku_kerja", "predikat"),
        rows=[(pegawai_id, 2025, "tahunan", "sesuai", "sesuai", "Baik"), ...],
        existing=SKP.objects.filter(instansi=instansi, tahun=2025),
        insert_values={"instansi_id": instansi.pk, "sumber": "impor"},
        update_values={"sumber": "impor"},
    )
    written.baru, written.diubah, written.tetap, written.changed_keys

Each row is the key's values then the fields' values, as the model holds them once cleaned (a
Decimal already quantized to the column's places, a date, a str within max_length): the values are
compared with what is stored by Python equality and written as they are, so a value the column
would round differently is seen as changed on every run.

* Rows whose key is not stored are inserted with one `COPY … FROM STDIN` per chunk into a temporary
  table, then one `INSERT … SELECT` into the table (row-level security refuses COPY FROM into a
  table with policies for the application role), their primary keys taken from the table's
  sequence beforehand (COPY returns nothing). `insert_values` are
  columns every new row gets; columns not given take the model field's default, `auto_now` and
  `auto_now_add` columns the time of the call.
* Rows whose fields differ from the stored ones are updated with one `UPDATE … FROM unnest(…)` per
  chunk: the fields, `update_values` and the `auto_now` columns.
* Identical rows are not touched: no statement, no row-history event.

No model instance is built and no value goes through Django's per-field preparation; row triggers
(pghistory's row history, FK checks) fire for COPY and UPDATE rows alike. The whole write is one
transaction (a savepoint inside an outer one): it happens completely or not at all. Errors are
Django's (`IntegrityError`, `DataError`, …) whichever statement raised them.

`tenant_rows_write` is the write of the input services (SKP, asesmen) on top of it: an instansi's
rows keyed by pegawai, with the actor and cause in the row history, an audit event and
`inputs_changed` when anything was written.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pghistory
from django.db import connections, models, router, transaction
from django.utils import timezone

from .events import inputs_changed_send
from .services import audit_event_record

__all__ = [
    "CHUNK_SIZE",
    "TenantRowsWritten",
    "UpsertResult",
    "rows_insert",
    "rows_stored",
    "rows_upsert",
    "tenant_rows_write",
]

CHUNK_SIZE = 20_000
# psycopg2 hands COPY data to the server in pieces of this size (its default, 8 kB, means ~1,500
# round trips into libpq for 100,000 rows of 120 bytes).
COPY_BUFFER = 1 << 20

Key = tuple[Any, ...]


@dataclass
class UpsertResult:
    """What `rows_upsert` did: counts, the primary keys it inserted and updated, and the keys of the
    rows it inserted or updated (in the order of the input rows)."""

    baru: int = 0
    diubah: int = 0
    tetap: int = 0
    inserted_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    changed_keys: list[Key] = field(default_factory=list)


def rows_stored(*, existing: models.QuerySet, key: Sequence[str], fields: Sequence[str]) -> dict[Key, tuple]:
    """What `existing` stores, as `rows_upsert` compares it: {key values: (pk, *field values)}.
    A caller that needs the stored values itself (e.g. to keep a stored value a row leaves empty)
    reads them once with this and passes the map to `rows_upsert(stored=…)`."""
    width = len(key)
    return {
        tuple(row[1 : width + 1]): (row[0], *row[width + 1 :])
        for row in existing.values_list("pk", *key, *fields)
    }


def rows_upsert(
    *,
    model: type[models.Model],
    key: Sequence[str],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    existing: models.QuerySet | None = None,
    stored: Mapping[Key, Sequence[Any]] | None = None,
    insert_values: Mapping[str, Any] | None = None,
    update_values: Mapping[str, Any] | None = None,
    update_unchanged: bool = False,
    chunk_size: int = CHUNK_SIZE,
    using: str | None = None,
) -> UpsertResult:
    """Insert the rows whose key is new, update those whose `fields` changed, leave the others.

    `key` and `fields` are column attnames (`pegawai_id`, not `pegawai`); each row holds the key's
    values then the fields' values. What is stored is looked up either in `existing` (a queryset
    of `model` that holds every stored row one of these keys could match, e.g. the instansi's rows
    of the file's years) or in `stored` (the map `rows_stored` returns, read by the caller).
    The same key twice in `rows` is a ValueError: deciding which one wins is the caller's job.
    `update_unchanged=True` updates stored rows even when their fields are equal (a derived row
    whose `auto_now` stamp says when it was last computed). The model's primary key must be an
    auto-incremented integer.
    """
    if (existing is None) == (stored is None):
        raise TypeError("rows_upsert() needs exactly one of existing= or stored=")
    key, fields = tuple(key), tuple(fields)
    insert_values = dict(insert_values or {})
    update_values = dict(update_values or {})
    by_attname = _writable_columns(model, (*key, *fields, *insert_values, *update_values))
    if stored is None:
        stored = rows_stored(existing=existing, key=key, fields=fields)

    result = UpsertResult()
    width = len(key)
    new: list[Sequence[Any]] = []
    changed: list[tuple[int, Sequence[Any]]] = []
    seen: set[Key] = set()
    stored_get = stored.get
    for row in rows:
        if type(row) is not tuple:
            row = tuple(row)
        row_key = row[:width]
        if row_key in seen:
            raise ValueError(f"rows_upsert(): the key {row_key!r} appears twice")
        seen.add(row_key)
        current = stored_get(row_key)
        if current is None:
            new.append(row)
        else:
            if type(current) is not tuple:
                current = tuple(current)
            if not update_unchanged and current[1:] == row[width:]:
                result.tetap += 1
                continue
            changed.append((current[0], row))
        result.changed_keys.append(row_key)
    del seen
    if not new and not changed:
        return result

    now = timezone.now()
    using = using or router.db_for_write(model)
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _settings_apply(cursor)
        if changed:
            result.updated_ids = _update(
                cursor, model, fields, width, changed, update_values, now, by_attname, chunk_size
            )
            result.diubah = len(changed)
        if new:
            result.inserted_ids = _insert(
                cursor, connection, model, key, fields, new, insert_values, now, chunk_size
            )
            result.baru = len(new)
    return result


def rows_insert(
    *,
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    insert_values: Mapping[str, Any] | None = None,
    chunk_size: int = CHUNK_SIZE,
    using: str | None = None,
) -> list[int]:
    """Insert rows that cannot be stored yet (audit events, the rows of objects created in the
    same transaction) with COPY, without reading what is stored; returns their primary keys in the
    order of `rows`. Each row holds the `fields`' values (attnames); `insert_values` and the
    defaults fill the other columns as in `rows_upsert`."""
    fields, insert_values = tuple(fields), dict(insert_values or {})
    _writable_columns(model, (*fields, *insert_values))
    if not rows:
        return []
    using = using or router.db_for_write(model)
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _settings_apply(cursor)
        return _insert(cursor, connection, model, (), fields, rows, insert_values, timezone.now(), chunk_size)


def _writable_columns(model: type[models.Model], names: Iterable[str]) -> dict[str, models.Field]:
    """The model's columns by attname, once `names` are checked to be writable columns of it."""
    opts = model._meta
    pk = opts.pk
    if not isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
        raise ValueError(f"{opts.label} has no auto-incremented primary key")
    by_attname = {f.attname: f for f in opts.concrete_fields}
    for name in names:
        if name not in by_attname or name == pk.attname:
            raise ValueError(f"{opts.label} has no writable column {name!r}")
    return by_attname


def _settings_apply(cursor) -> None:
    # pghistory (actor, cause) and pgtrigger (ignored triggers) attach their transaction-local
    # settings to the statements Django executes; COPY goes past Django, so one such statement
    # runs first.
    cursor.execute("DO $$ BEGIN END $$")


# --- insert: COPY ----------------------------------------------------------------------------------


def _insert(cursor, connection, model, key, fields, rows, insert_values, now, chunk_size) -> list[int]:
    opts = model._meta
    pk = opts.pk
    given = {*key, *fields, *insert_values}
    constant: dict[str, Any] = dict(insert_values)
    per_row_default: dict[str, Any] = {}
    for f in opts.concrete_fields:
        if f.attname in given or f is pk:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constant[f.attname] = now
        elif f.has_default():
            if callable(f.default):
                per_row_default[f.attname] = f.default
            else:
                constant[f.attname] = f.get_default()
    tail = [_copy_text(value) for value in constant.values()]
    tail_text = "\t" + "\t".join(tail) if tail else ""
    columns = [pk.column, *(opts.get_field(name).column for name in (*key, *fields))]
    columns += [opts.get_field(name).column for name in (*constant, *per_row_default)]
    # PostgreSQL refuses COPY FROM into a table with row-level security for a role subject to it
    # (the application role): COPY goes into a temporary table of the same columns (no
    # constraints, no triggers, no policies), then one INSERT … SELECT moves each chunk, so the
    # policies' WITH CHECK and the row triggers see every row. Dropped at the end (and by a
    # rollback), so the next call in the same transaction creates it again.
    table = _quote(connection, opts.db_table)
    column_list = ", ".join(_quote(connection, c) for c in columns)
    staging = _quote(connection, f"_bulk_{opts.db_table}"[:63])
    cursor.execute(
        f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {column_list} FROM {table} WITH NO DATA"  # noqa: S608
    )
    sql = f"COPY {staging} ({column_list}) FROM STDIN"
    move = f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {staging}"  # noqa: S608
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [opts.db_table, pk.column, len(rows)],
    )
    ids = [row[0] for row in cursor.fetchall()]
    text = _copy_text
    defaults = list(per_row_default.values())
    end = tail_text + "\n"
    for start in range(0, len(rows), chunk_size):
        chunk = zip(ids[start : start + chunk_size], rows[start : start + chunk_size], strict=True)
        if defaults:
            lines = [
                f"{pk_value}\t"
                + "\t".join(map(text, row))
                + tail_text
                + "".join("\t" + text(default()) for default in defaults)
                + "\n"
                for pk_value, row in chunk
            ]
        else:
            lines = [f"{pk_value}\t" + "\t".join(map(text, row)) + end for pk_value, row in chunk]
        buffer = io.StringIO("".join(lines))
        del lines
        with connection.wrap_database_errors:
            cursor.cursor.copy_expert(sql, buffer, size=COPY_BUFFER)
        cursor.execute(move)
        cursor.execute(f"TRUNCATE {staging}")
    cursor.execute(f"DROP TABLE {staging}")
    return ids


def _copy_text(value: Any) -> str:
    """One value in COPY's text format (tab-separated, \\N for NULL, backslash escapes)."""
    kind = type(value)
    if value is None:
        return "\\N"
    if kind is str:
        return _escape(value)
    if kind is int or kind is Decimal:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is dt.date or kind is dt.datetime or kind is dt.time:
        return value.isoformat()
    if kind is dict or kind is list:
        return _escape(json.dumps(value))
    return _escape(str(value))


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


# --- update: UPDATE … FROM unnest(…) ---------------------------------------------------------------


def _update(cursor, model, fields, width, changed, update_values, now, by_attname, chunk_size) -> list[int]:
    opts = model._meta
    connection = cursor.db
    pk = opts.pk
    constant = dict(update_values)
    for f in opts.concrete_fields:
        if getattr(f, "auto_now", False) and f.attname not in constant and f.attname not in fields:
            constant[f.attname] = now
    table = _quote(connection, opts.db_table)
    targets = [pk, *(by_attname[name] for name in fields)]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in targets)
    names = ", ".join(_quote(connection, f"v{i}") for i in range(len(targets)))
    assignments = [
        f"{_quote(connection, f.column)} = v.{_quote(connection, f'v{i}')}"
        for i, f in enumerate(targets)
        if i
    ]
    assignments += [f"{_quote(connection, by_attname[name].column)} = %s" for name in constant]
    where = f"{table}.{_quote(connection, pk.column)} = v.{_quote(connection, 'v0')}"
    # Table and column names come from the model, quoted; every value is a parameter.
    sql = f"UPDATE {table} SET {', '.join(assignments)} FROM unnest({arrays}) AS v({names}) WHERE {where}"  # noqa: S608
    json_columns = [i for i, f in enumerate(targets) if isinstance(f, models.JSONField)]
    ids = []
    for start in range(0, len(changed), chunk_size):
        chunk = changed[start : start + chunk_size]
        columns: list[list[Any]] = [[pk_value for pk_value, _row in chunk]]
        columns += [[row[width + i] for _pk, row in chunk] for i in range(len(fields))]
        for i in json_columns:  # psycopg2 adapts no dict/list inside an array: send JSON text
            columns[i] = [None if value is None else json.dumps(value) for value in columns[i]]
        cursor.execute(sql, [*constant.values(), *columns])
        ids += columns[0]
    return ids


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


# --- a tenant's per-pegawai rows, written the way every input service writes them ------------------


@dataclass
class TenantRowsWritten:
    baru: int = 0
    diubah: int = 0
    tetap: int = 0
    pegawai_ids: set[int] = field(default_factory=set)


def tenant_rows_write(
    *,
    model: type[models.Model],
    instansi: Any,
    actor: Any,
    key: Sequence[str],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    existing: models.QuerySet | None = None,
    stored: Mapping[Key, Sequence[Any]] | None = None,
    sumber: str,
    penyebab: str,
    action: str,
) -> TenantRowsWritten:
    """`rows_upsert` of an instansi's rows whose key starts with `pegawai_id` (an SKP, an asesmen):
    new rows get the instansi and `sumber`, changed rows `sumber`; row history carries the actor and
    `penyebab`; when anything was written, one audit event `action` with the counts and one
    `inputs_changed` for the pegawai whose rows were written, in the same transaction."""
    result = TenantRowsWritten()
    if not rows:
        return result
    with transaction.atomic(), pghistory.context(user=actor.pk if actor else None, penyebab=penyebab):
        written = rows_upsert(
            model=model,
            key=key,
            fields=fields,
            rows=rows,
            existing=existing,
            stored=stored,
            insert_values={"instansi_id": instansi.pk, "sumber": sumber},
            update_values={"sumber": sumber},
        )
        result.baru, result.diubah, result.tetap = written.baru, written.diubah, written.tetap
        result.pegawai_ids = {row_key[0] for row_key in written.changed_keys}
        if written.changed_keys:
            audit_event_record(
                action=action,
                instansi=instansi,
                actor=actor,
                new_values={
                    "baru": result.baru,
                    "diubah": result.diubah,
                    "tetap": result.tetap,
                    "sumber": sumber,
                },
            )
            inputs_changed_send(
                instansi_id=instansi.pk, pegawai_ids=sorted(result.pegawai_ids), penyebab=penyebab
            )
    return result
