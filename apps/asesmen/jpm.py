"""Job-person match (JPM) categories. JPM = individual competency total ÷ jabatan standard × 100;
it may exceed 100 and is stored as given. Two category scales are in use (docs/domain.md §6)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class KategoriMS(models.TextChoices):
    """Selection/promotion fit: MS ≥ 80, MMS ≥ 68, else KMS."""

    MS = "MS", _("Memenuhi Syarat")
    MMS = "MMS", _("Masih Memenuhi Syarat")
    KMS = "KMS", _("Kurang Memenuhi Syarat")


class KategoriOptimal(models.TextChoices):
    """Talent mapping: Optimal ≥ 90, Cukup Optimal ≥ 78, else Kurang Optimal."""

    OPTIMAL = "optimal", _("Optimal")
    CUKUP_OPTIMAL = "cukup_optimal", _("Cukup Optimal")
    KURANG_OPTIMAL = "kurang_optimal", _("Kurang Optimal")


# Lower bounds are inclusive: exactly 80 is MS, exactly 90 is Optimal.
BATAS_MS = (Decimal(80), Decimal(68))
BATAS_OPTIMAL = (Decimal(90), Decimal(78))


def kategori_ms(jpm: Decimal) -> str:
    if jpm >= BATAS_MS[0]:
        return KategoriMS.MS
    if jpm >= BATAS_MS[1]:
        return KategoriMS.MMS
    return KategoriMS.KMS


def kategori_optimal(jpm: Decimal) -> str:
    if jpm >= BATAS_OPTIMAL[0]:
        return KategoriOptimal.OPTIMAL
    if jpm >= BATAS_OPTIMAL[1]:
        return KategoriOptimal.CUKUP_OPTIMAL
    return KategoriOptimal.KURANG_OPTIMAL
