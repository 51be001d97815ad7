"""PostgreSQL array literals ('{1,2,3}') for the engine's bulk statements.

psycopg2 sends a Python list as `ARRAY[v1, v2, ...]`: one SQL constant per element, which
PostgreSQL has to parse and type one by one. For the flush's 1,000-row writes (12 columns, two of
them JSON of ~1.6 kB) and a bulk mark's 100,000 ids that parsing costs more than the write; one
string literal per array, read by `array_in`, does not. Use with an explicit cast: `%s::bigint[]`.
"""

from __future__ import annotations

from collections.abc import Iterable

from psycopg2.extensions import AsIs


def int_array(values: Iterable[int | None]) -> str:
    return "{" + ",".join("NULL" if v is None else str(int(v)) for v in values) + "}"


def text_array(values: Iterable[object]) -> str:
    """Any values as quoted elements (text, JSON text, numbers, timestamps: the cast parses them);
    None is NULL."""
    return "{" + ",".join("NULL" if v is None else _quoted(str(v)) for v in values) + "}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def json_array(documents: Iterable[str]) -> AsIs:
    """Many JSON documents as one jsonb array literal, for `jsonb_array_elements(%s)`.

    The documents are JSON already (json.dumps output), so their array is valid JSON as it is;
    dollar-quoted with a tag that does not occur in it, the literal needs no escaping at all,
    neither here nor by psycopg2 (whose quoting of a few MB of text per batch is the costly part
    of sending the explanations)."""
    payload = "[" + ",".join(documents) + "]"
    tag, n = "$j$", 0
    while tag in payload:
        n += 1
        tag = f"$j{n}$"
    return AsIs(f"{tag}{payload}{tag}::jsonb")
