"""Inputs for the succession engine tests: a candidate who meets every criterion for an
Administrator key post on the planning date ACUAN, changed one field at a time by the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from apps.suksesi.engine import (
    PRESET_NASIONAL,
    AsesmenKandidat,
    Aturan,
    JabatanInput,
    KandidatInputs,
    PeriodeJabatan,
    kandidat_nilai,
)

ACUAN = dt.date(2026, 6, 15)
ATURAN = Aturan.from_config(PRESET_NASIONAL)


def aturan(**changes) -> Aturan:
    return Aturan.from_config({**PRESET_NASIONAL, **changes})


def kandidat(**changes) -> KandidatInputs:
    base = KandidatInputs(
        pegawai_id=1,
        status_kepegawaian="pns",
        tanggal_lahir=dt.date(1980, 3, 10),
        tingkat="pengawas",
        golongan="III/d",
        jabatan=(PeriodeJabatan("pengawas", dt.date(2020, 1, 1)),),
        pendidikan="s1",
        jurusan=("Ilmu Hukum",),
        skp=((2024, "Baik"), (2025, "Sangat Baik")),
        asesmen=AsesmenKandidat(
            tanggal=dt.date(2025, 2, 1),
            berlaku_sampai=dt.date(2028, 2, 1),
            jpm=Decimal("85.00"),
            nilai_potensi=Decimal("80.00"),
            kompetensi=(("integritas", 4), ("kerja sama", 3)),
        ),
        kotak=8,
        status_penempatan="final",
        talent_pool=True,
        skor_potensial=Decimal("82.00"),
        skor_kinerja=Decimal("85.00"),
    )
    return replace(base, **changes)


def jabatan(**changes) -> JabatanInput:
    base = JabatanInput(tingkat="administrator", bup_usia=58)
    return replace(base, **changes)


def nilai(inputs=None, post=None, aturan_=None, acuan=ACUAN, **kwargs):
    return kandidat_nilai(
        inputs=inputs or kandidat(),
        post=post or jabatan(),
        aturan=aturan_ or ATURAN,
        tanggal_acuan=acuan,
        **kwargs,
    )
