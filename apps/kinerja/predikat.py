"""SKP predikat kinerja (PermenPANRB 6/2022): derived from the two ratings, never typed in.

                       perilaku: di bawah            sesuai              di atas
hasil kerja di atas              Kurang/Misconduct   Baik                Sangat Baik
hasil kerja sesuai               Kurang/Misconduct   Baik                Baik
hasil kerja di bawah             Sangat Kurang       Butuh Perbaikan     Butuh Perbaikan

The matrix is asymmetric on purpose: poor behaviour with good results is misconduct, poor results
with good behaviour needs improvement.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    # The values are the regulation's exact labels: they are what imports and exports carry.
    SANGAT_BAIK = "Sangat Baik", "Sangat Baik"
    BAIK = "Baik", "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan", "Butuh Perbaikan"
    KURANG_MISCONDUCT = "Kurang/Misconduct", "Kurang/Misconduct"
    SANGAT_KURANG = "Sangat Kurang", "Sangat Kurang"


MATRIKS: dict[tuple[str, str], str] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG_MISCONDUCT,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG_MISCONDUCT,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat_derive(*, hasil_kerja: str, perilaku_kerja: str) -> str:
    """The predikat for a (rating hasil kerja, rating perilaku kerja) pair."""
    return MATRIKS[(Rating(hasil_kerja), Rating(perilaku_kerja))]


_RATING_ALIASES = {
    "di atas ekspektasi": Rating.DI_ATAS,
    "diatas ekspektasi": Rating.DI_ATAS,
    "di atas": Rating.DI_ATAS,
    "sesuai ekspektasi": Rating.SESUAI,
    "sesuai": Rating.SESUAI,
    "di bawah ekspektasi": Rating.DI_BAWAH,
    "dibawah ekspektasi": Rating.DI_BAWAH,
    "di bawah": Rating.DI_BAWAH,
}


def rating_parse(text: str) -> str | None:
    """A rating as people type it in a spreadsheet ("Di Atas Ekspektasi", "di_atas", "Sesuai")."""
    key = " ".join(str(text or "").replace("_", " ").split()).lower()
    return _RATING_ALIASES.get(key)


_PREDIKAT_BY_KEY = {value.lower(): value for value in Predikat.values}


def predikat_parse(text: str) -> str | None:
    """The exact label, tolerant of case and spacing; "Kurang" alone is not accepted (ambiguous)."""
    key = " ".join(str(text or "").split()).lower().replace(" / ", "/")
    return _PREDIKAT_BY_KEY.get(key)
