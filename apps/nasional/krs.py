"""KRS Nasional. FOUNDATION STAND-IN: the KRS Nasional part replaces this file; the contract
below is what the summary refresh calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apps.instansi.models import Instansi


def krs_indeks_refresh(*, instansi: Instansi, periode: int) -> int:
    """Rewrite the instansi's IndeksKrsNasional rows of `periode` inside its scope, in a fixed
    number of queries; returns how many rows it holds now."""
    return 0
