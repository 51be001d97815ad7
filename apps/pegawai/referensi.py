"""Reference lists of the civil-service regulations (docs/domain.md §1–3): status, golongan, jabatan."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusKepegawaian(models.TextChoices):
    PNS = "pns", _("PNS")
    CPNS = "cpns", _("CPNS")
    PPPK = "pppk", _("PPPK")
    PPPK_PARUH_WAKTU = "pppk_paruh_waktu", _("PPPK Paruh Waktu")


STATUS_NIP_PNS = frozenset({StatusKepegawaian.PNS, StatusKepegawaian.CPNS})
STATUS_PPPK = frozenset({StatusKepegawaian.PPPK, StatusKepegawaian.PPPK_PARUH_WAKTU})


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


# PNS golongan ruang with pangkat names (PP 99/2000).
GOLONGAN_PNS: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
# PPPK grades I–XVII (Perpres 98/2020); no ruang letter.
GOLONGAN_PPPK: list[str] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
GOLONGAN_CHOICES = [(g, f"{g} — {p}") for g, p in GOLONGAN_PNS.items()] + [
    (g, f"PPPK {g}") for g in GOLONGAN_PPPK
]


def golongan_label(golongan: str) -> str:
    """ "Penata Tingkat I (III/d)" for PNS, "PPPK golongan IX" for PPPK."""
    if golongan in GOLONGAN_PNS:
        return f"{GOLONGAN_PNS[golongan]} ({golongan})"
    if golongan in GOLONGAN_PPPK:
        return f"PPPK golongan {golongan}"
    return golongan


def golongan_urutan(golongan: str) -> int:
    """Rank for sorting and comparisons (PNS and PPPK each ascend from 1)."""
    if golongan in GOLONGAN_PNS:
        return list(GOLONGAN_PNS).index(golongan) + 1
    if golongan in GOLONGAN_PPPK:
        return GOLONGAN_PPPK.index(golongan) + 1
    return 0


class JenisJabatan(models.TextChoices):
    """UU 20/2023: manajerial (JPT, Administrator, Pengawas) and nonmanajerial (Fungsional, Pelaksana)."""

    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


JABATAN_MANAJERIAL = frozenset(
    {
        JenisJabatan.JPT_UTAMA,
        JenisJabatan.JPT_MADYA,
        JenisJabatan.JPT_PRATAMA,
        JenisJabatan.ADMINISTRATOR,
        JenisJabatan.PENGAWAS,
    }
)


class JenjangFungsional(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


class JenjangPendidikan(models.TextChoices):
    SD = "sd", _("SD")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    D1 = "d1", _("D-I")
    D2 = "d2", _("D-II")
    D3 = "d3", _("D-III")
    D4 = "d4", _("D-IV")
    S1 = "s1", _("S-1")
    S2 = "s2", _("S-2")
    S3 = "s3", _("S-3")


JENJANG_PENDIDIKAN_URUTAN = {value: i for i, value in enumerate(JenjangPendidikan.values, start=1)}

# Default retirement ages (BUP) by jabatan (docs/domain.md §3); per-instansi settings override them.
BUP_BAWAAN: dict[str, int] = {
    JenisJabatan.JPT_UTAMA: 60,
    JenisJabatan.JPT_MADYA: 60,
    JenisJabatan.JPT_PRATAMA: 60,
    JenisJabatan.ADMINISTRATOR: 58,
    JenisJabatan.PENGAWAS: 58,
    JenisJabatan.PELAKSANA: 58,
    JenisJabatan.FUNGSIONAL: 58,
    JenjangFungsional.AHLI_MADYA: 60,
    JenjangFungsional.AHLI_UTAMA: 65,
}


def bup_usia(*, jenis_jabatan: str, jenjang_fungsional: str = "", pengaturan: dict | None = None) -> int:
    """Retirement age of a jabatan: the instansi's setting, else the national default."""
    table = {**BUP_BAWAAN, **(pengaturan or {})}
    if jenjang_fungsional and jenjang_fungsional in table:
        return int(table[jenjang_fungsional])
    return int(table.get(jenis_jabatan, 58))


def tanggal_pensiun_dari(*, tanggal_lahir, usia: int):
    """Pension starts on the first day of the month after the BUP birthday."""
    import datetime as dt

    year, month = tanggal_lahir.year + usia, tanggal_lahir.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)
