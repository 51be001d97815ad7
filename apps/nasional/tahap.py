"""Implementation-stage tracker (SE MenPANRB 10/2021). FOUNDATION STAND-IN: the tracker part
replaces this file; the contract below is what the summary refresh calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apps.instansi.models import Instansi


@dataclass(frozen=True)
class TahapHasil:
    tahap: int = 0  # highest stage reached, 0–5
    skor_kti: int = 0  # 0–4
    rincian: dict = field(default_factory=dict)  # JSON-safe, stored in RingkasanInstansi.tahap_rincian


def tahap_baca(*, instansi: Instansi) -> TahapHasil:
    """Read inside the instansi's scope, in a fixed number of queries."""
    return TahapHasil()
