"""Reads of any rule-set kind (a `jenis.JenisAturan`): the versions of an instansi, one version,
the active one, and why a version is locked."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.instansi.models import Instansi

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
