"""Fixtures of the import tests: pegawai of instansi A in a unit tree, a private MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import PegawaiFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def pegawai_units_a(instansi_a, unit_tree_a):
    """Four pegawai of instansi A: two in the Dinas itself, one in its Bidang, one in its Seksi."""
    dinas, bidang, seksi = unit_tree_a
    units = [dinas, dinas, bidang, seksi]
    return [PegawaiFactory(instansi=instansi_a, unit_kerja=unit) for unit in units]
