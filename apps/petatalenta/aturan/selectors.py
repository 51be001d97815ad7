"""Reads of any rule-set kind (a `jenis.JenisAturan`): the versions of an instansi, one version,
the active one, why a version is locked, and a version's settings in words."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.instansi.models import Instansi

from .diff import setelan_datar, setelan_tampil
from .jenis import JenisAturan


def aturan_list(*, jenis: JenisAturan, instansi: Instansi) -> QuerySet:
    return jenis.model.objects.filter(instansi=instansi).select_related("dibuat_oleh").order_by("-versi")


def aturan_get(*, jenis: JenisAturan, instansi: Instansi, pk: Any):
    """One version of the instansi, or None (another instansi's id reads like an unknown one)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return jenis.model.objects.filter(instansi=instansi, pk=pk).select_related("dibuat_oleh").first()


def aturan_aktif(*, jenis: JenisAturan, instansi: Instansi):
    """The active version, without creating one (pages never write on a GET)."""
    return jenis.model.objects.filter(instansi=instansi, status=jenis.model.Status.AKTIF).first()


def aturan_alasan_terkunci(*, jenis: JenisAturan, aturan) -> str:
    """Why a version cannot be edited any more ("" if it can)."""
    if aturan.digunakan:
        return str(jenis.alasan_digunakan)
    if aturan.status == jenis.model.Status.AKTIF:
        return str(jenis.alasan_aktif)
    if aturan.status == jenis.model.Status.ARSIP:
        return str(jenis.alasan_arsip)
    return ""


def aturan_setelan_tampil(*, jenis: JenisAturan, konfigurasi: dict[str, Any]) -> list[dict[str, Any]]:
    """Every setting of a configuration in words, grouped by the catalogue's sections in their
    first-seen order: [{"judul": section, "baris": [(label, value), ...]}, ...]."""
    bagian: dict[str, list[tuple[str, str]]] = {}
    for s in setelan_datar(konfigurasi, katalog=jenis.katalog):
        nilai = setelan_tampil(s.kunci.split(".")[0], s.nilai, katalog=jenis.katalog)
        bagian.setdefault(s.bagian, []).append((s.label, nilai))
    return [{"judul": judul, "baris": baris} for judul, baris in bagian.items()]
