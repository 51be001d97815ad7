"""Template side of the small-cell rule (apps/nasional/kelompok.py `sel_kecil`)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from apps.nasional.kelompok import sel_kecil as _sel_kecil

register = template.Library()


@register.filter
def sel_kecil(jumlah):
    """{{ n|sel_kecil }}: "< 5" for a small breakdown cell, else the number in Indonesian format."""
    nilai = _sel_kecil(jumlah)
    return intcomma(nilai) if isinstance(nilai, int) else nilai


@register.filter
def angka(nilai):
    """{{ sel.nilai|angka }}: a table cell in Indonesian format (1.234; 12,5; a date and time);
    text (a name, a "< 5") as it is; None as a dash."""
    import datetime as dt
    from decimal import Decimal

    from django.utils.formats import date_format, number_format
    from django.utils.timezone import localtime

    if nilai is None:
        return "—"
    if isinstance(nilai, bool):
        return nilai
    if isinstance(nilai, int):
        return intcomma(nilai)
    if isinstance(nilai, Decimal | float):
        return number_format(nilai, use_l10n=True, force_grouping=True)
    if isinstance(nilai, dt.datetime):
        return date_format(localtime(nilai), "DATETIME_FORMAT")
    return nilai
