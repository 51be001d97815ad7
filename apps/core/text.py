"""Small text helpers for sentences shown to people."""

from __future__ import annotations

import re

# A full stop right after a value that already ends with one ("…, S.Pd." + "."), but not an
# ellipsis ("...").
_TITIK_GANDA = re.compile(r"(?<!\.)\.\.(?!\.)")


def titik_tunggal(teks: str) -> str:
    """One full stop where a sentence ends on a value that ends with its own: names with degrees
    ("Siti Rahmawati, S.Pd."), abbreviations ("Jl."), titles of sessions. Ellipses are kept."""
    return _TITIK_GANDA.sub(".", str(teks))
