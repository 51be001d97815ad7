"""JSON read from the outside (an uploaded file, an API body) with a bounded nesting depth.

Python's parser recurses once per nesting level: a document nested ~1,000 levels deep raises
RecursionError (not the ValueError every caller handles), i.e. a 500, and a little less deep
survives parsing only to hit the same limit in the code that walks it afterwards. Every outside
JSON is therefore read through json_baca: too deep is a ValueError (JsonTerlaluDalam) with an
Indonesian message, at parse time or right after it."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

# Deeper than any document this application reads (a rule-set file: 5) and far below the
# interpreter's recursion limit.
KEDALAMAN_MAKS = 32


class JsonTerlaluDalam(ValueError):
    def __init__(self, maks: int) -> None:
        self.maks = maks
        super().__init__(
            _("JSON bersarang terlalu dalam: paling banyak %(maks)s tingkat objek/daftar.") % {"maks": maks}
        )


def json_kedalaman(nilai: Any) -> int:
    """Nesting depth without recursion: a scalar is 0, [] and {} are 1, [[1]] is 2."""
    terdalam, tumpukan = 0, [(nilai, 0)]
    while tumpukan:
        nilai, kedalaman = tumpukan.pop()
        if isinstance(nilai, dict):
            anak = nilai.values()
        elif isinstance(nilai, list):
            anak = nilai
        else:
            continue
        kedalaman += 1
        terdalam = max(terdalam, kedalaman)
        tumpukan.extend((a, kedalaman) for a in anak)
    return terdalam


def json_kedalaman_periksa(nilai: Any, *, maks: int = KEDALAMAN_MAKS) -> Any:
    if json_kedalaman(nilai) > maks:
        raise JsonTerlaluDalam(maks)
    return nilai


def json_baca(teks: str | bytes, *, maks: int = KEDALAMAN_MAKS, **kwargs: Any) -> Any:
    """json.loads, with nesting beyond `maks` levels a JsonTerlaluDalam (a ValueError), never a
    RecursionError; other errors are json.loads' own (JSONDecodeError is a ValueError too)."""
    try:
        nilai = json.loads(teks, **kwargs)
    except RecursionError:
        raise JsonTerlaluDalam(maks) from None
    return json_kedalaman_periksa(nilai, maks=maks)
