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
