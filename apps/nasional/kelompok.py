"""The groups the summary rows and the fairness lenses count by: one home for their codes and
labels, so the instansi lens (from placements) and the national lens (from summary rows) agree."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from apps.pegawai.referensi import JenisJabatan, JenisKelamin, JenjangPendidikan

DIMENSI: dict[str, str] = {
    "jenis_kelamin": _("Jenis kelamin"),
    "usia": _("Kelompok usia"),
    "pendidikan": _("Pendidikan"),
    "jenis_jabatan": _("Jenis jabatan"),
}

USIA: dict[str, str] = {
    "<30": _("di bawah 30 tahun"),
    "30-39": _("30–39 tahun"),
    "40-49": _("40–49 tahun"),
    "50+": _("50 tahun ke atas"),
}

PENDIDIKAN: dict[str, str] = {
    "sma_ke_bawah": _("SMA/SMK ke bawah"),
    "diploma": _("D-I s.d. D-III"),
    "sarjana": _("D-IV/S-1"),
    "s2": _("S-2"),
    "s3": _("S-3"),
}

_PENDIDIKAN_KELOMPOK = {
    JenjangPendidikan.SD: "sma_ke_bawah",
    JenjangPendidikan.SMP: "sma_ke_bawah",
    JenjangPendidikan.SMA: "sma_ke_bawah",
    JenjangPendidikan.D1: "diploma",
    JenjangPendidikan.D2: "diploma",
    JenjangPendidikan.D3: "diploma",
    JenjangPendidikan.D4: "sarjana",
    JenjangPendidikan.S1: "sarjana",
    JenjangPendidikan.S2: "s2",
    JenjangPendidikan.S3: "s3",
}


def kelompok_usia(*, tanggal_lahir: dt.date, acuan: dt.date) -> str:
    usia = (
        acuan.year
        - tanggal_lahir.year
        - ((acuan.month, acuan.day) < (tanggal_lahir.month, tanggal_lahir.day))
    )
    if usia < 30:
        return "<30"
    if usia < 40:
        return "30-39"
    if usia < 50:
        return "40-49"
    return "50+"


def kelompok_pendidikan(jenjang: str) -> str:
    return _PENDIDIKAN_KELOMPOK.get(jenjang, "sma_ke_bawah")


def label_kelompok(dimensi: str, kode: str) -> str:
    """The display label of a group code of a dimension."""
    labels = {
        "jenis_kelamin": dict(JenisKelamin.choices),
        "usia": USIA,
        "pendidikan": PENDIDIKAN,
        "jenis_jabatan": dict(JenisJabatan.choices),
    }[dimensi]
    return str(labels.get(kode, kode))


def sel_kecil(jumlah: int | None) -> int | str | None:
    """A breakdown count as it may be shown: below settings.NASIONAL_SEL_KECIL (but above zero)
    it becomes "< N". Totals of a whole instansi, province or nation are not breakdown cells."""
    from django.conf import settings

    batas = settings.NASIONAL_SEL_KECIL
    if jumlah is None or jumlah == 0 or jumlah >= batas:
        return jumlah
    return f"< {batas}"
