"""Impact preview of a succession rule set (the succession kind's `pratinjau_hitung`,
`pratinjau_konteks`, `pratinjau_xlsx`; the generic job is apps/petatalenta/aturan/pratinjau.py)."""

from __future__ import annotations

from typing import Any


def pratinjau_suksesi_hitung(*, instansi, pratinjau, lama: dict, baru: dict, kemajuan) -> dict[str, Any]:
    raise NotImplementedError  # built in issue #15 (H2)


def pratinjau_suksesi_konteks(*, instansi, pratinjau, params) -> dict[str, Any]:
    raise NotImplementedError


def pratinjau_suksesi_xlsx(*, instansi, pratinjau, params) -> tuple[list[str], list[list[Any]]]:
    raise NotImplementedError
