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


@register.simple_tag
def krs_akses_aktif(actor) -> bool:
    """The menu offers the KRS Nasional search only to a BKN account whose grant is in force: the
    role alone answers 403 there (apps/nasional/krs.py)."""
    from apps.core.permissions import role_has_permission
    from apps.nasional.krs import akses_aktif_get

    if not role_has_permission(role=actor.role, permission="nasional.krs"):
        return False
    return akses_aktif_get(user=actor.user) is not None
