"""Template side of the small-cell rule (apps/nasional/kelompok.py `sel_kecil`)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from apps.nasional.kelompok import sel_kecil as _sel_kecil

register = template.Library()

_KELAS_ANGKA = mark_safe(' class="num"')


@register.filter
def sel_kecil(jumlah):
    """{{ n|sel_kecil }}: "< 5" for a small breakdown cell, else the number in Indonesian format."""
    nilai = _sel_kecil(jumlah)
    return intcomma(nilai) if isinstance(nilai, int) else nilai


@register.filter
def angka(nilai):
    return angka_filter(nilai)


def angka_filter(nilai):
    """{{ sel.nilai|angka }}: a table cell in Indonesian format (1.234; 12,5; a date and time);
    text (a name, a "< 5") as it is; None as a dash."""
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


@register.simple_tag
def tabel_sel(baris, angka):
    """The <td> cells of one table row (tabel.Sel values), rendered in Python: the national page
    has ~1,200 cells and the template language spent most of the page's time on them."""

    def sel(index, s):
        kunci = s.kunci_urut
        urut = format_html(' data-urut="{}"', kunci if not isinstance(kunci, Decimal | float) else str(kunci))
        kelas = _KELAS_ANGKA if index in angka else ""
        teks = angka_filter(s.nilai)
        isi = format_html('<a href="{}">{}</a>', s.tautan, teks) if s.tautan else format_html("{}", teks)
        return (urut if kunci != "" else "", kelas, isi)

    return format_html_join("", "<td{}{}>{}</td>", (sel(i, s) for i, s in enumerate(baris)))
