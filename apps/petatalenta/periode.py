"""The talent period (a calendar year) and its reference date: pure date helpers, read by the
services and the selectors alike."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def periode_sekarang(tanggal: dt.date | None = None) -> int:
    return (tanggal or timezone.localdate()).year


def tanggal_acuan_periode(*, periode: int) -> dt.date:
    """The reference date of a period: today for the current year, 31 December for a past one."""
    hari_ini = timezone.localdate()
    return hari_ini if periode >= hari_ini.year else dt.date(periode, 12, 31)
