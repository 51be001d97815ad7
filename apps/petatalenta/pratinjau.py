"""Impact preview of a talent rule set (the talent kind's `pratinjau_hitung`, `pratinjau_konteks`,
`pratinjau_xlsx`; the generic job is apps/petatalenta/aturan/pratinjau.py)."""

from __future__ import annotations

from typing import Any


def pratinjau_talenta_hitung(*, instansi, pratinjau, lama: dict, baru: dict, kemajuan) -> dict[str, Any]:
    raise NotImplementedError  # built in issue #15 (H1)


def pratinjau_talenta_konteks(*, instansi, pratinjau, params) -> dict[str, Any]:
    raise NotImplementedError


def pratinjau_talenta_xlsx(*, instansi, pratinjau, params) -> tuple[list[str], list[list[Any]]]:
    raise NotImplementedError
