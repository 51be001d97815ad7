"""Labels of the KRS Nasional index's codes (the index stores codes, pages show words)."""

from django import template

from apps.komite.selectors import kesiapan_label as _kesiapan_label
from apps.pegawai.referensi import JenisJabatan, golongan_label
from apps.suksesi.selectors import TINGKAT_LABEL

register = template.Library()


@register.filter
def kesiapan_label(kode: str) -> str:
    return _kesiapan_label(kode) if kode else "—"


@register.filter
def tingkat_label(kode: str) -> str:
    return str(TINGKAT_LABEL.get(kode, kode)) if kode else "—"


@register.filter
def jenis_jabatan_label(kode: str) -> str:
    return str(dict(JenisJabatan.choices).get(kode, kode))


@register.filter
def golongan_tampil(kode: str) -> str:
    return golongan_label(kode) if kode else "—"
