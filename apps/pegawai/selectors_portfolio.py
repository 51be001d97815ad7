"""Reads for the ASN's own pages (home, Profil Saya, portfolio) and the BKD verification queue.

Every function names the instansi it reads, on top of the request's scope, so a foreign row is
simply not found. Nothing here writes: the completeness row missing for a pegawai created outside
the services is computed on the fly, not stored.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuid_lib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Case, Count, F, Q, When
from django.utils.formats import date_format
from django.utils.text import capfirst

from apps.instansi.models import UnitKerja

from .kelengkapan import kelengkapan_compute
from .models import (
    RIWAYAT_BY_KODE,
    RIWAYAT_MODELS,
    Dokumen,
    KelengkapanData,
    Pegawai,
    PengaturanPegawai,
    Riwayat,
    StatusVerifikasi,
)
from .services import riwayat_data_fields

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.core.actor import Actor
    from apps.instansi.models import Instansi

UKURAN_DOKUMEN_MAKS_KB_BAWAAN = 2048


# --- the ASN's own record ----------------------------------------------------------------------------


def pegawai_get_own(*, actor: Actor) -> Pegawai | None:
    """The signed-in user's pegawai record in their instansi, or None if the account is not linked."""
    if actor.instansi is None or actor.user is None:
        return None
    return (
        Pegawai.objects.filter(instansi=actor.instansi, user=actor.user)
        .select_related("unit_kerja", "instansi")
        .first()
    )


@dataclass(frozen=True)
class Kelengkapan:
    persen: int
    kekurangan: list[dict[str, str]]

    @property
    def kurang(self) -> list[dict[str, str]]:
        return [k for k in self.kekurangan if k.get("jenis") == "kurang"]

    @property
    def catatan(self) -> list[dict[str, str]]:
        """Verification notes: items waiting for, or refused by, the verifier."""
        return [k for k in self.kekurangan if k.get("jenis") != "kurang"]


def kelengkapan_get(*, pegawai: Pegawai) -> Kelengkapan:
    """The stored completeness row; computed (not stored) if the pegawai has none yet."""
    row = KelengkapanData.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai).first()
    if row is not None:
        return Kelengkapan(persen=row.persen, kekurangan=list(row.kekurangan))
    riwayat: list[Riwayat] = []
    for model in RIWAYAT_MODELS:
        if model.DIISI_ASN:
            riwayat.extend(model.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai))
    hasil = kelengkapan_compute(pegawai=pegawai, riwayat=riwayat)
    return Kelengkapan(persen=hasil.persen, kekurangan=[k.as_dict() for k in hasil.kekurangan])


def pengaturan_bup(*, instansi: Instansi) -> dict:
    """The instansi's retirement-age setting (empty: national defaults)."""
    pengaturan = PengaturanPegawai.objects.filter(instansi=instansi).first()
    return dict(pengaturan.bup or {}) if pengaturan else {}


def dokumen_ukuran_maks_kb(*, instansi: Instansi) -> int:
    pengaturan = PengaturanPegawai.objects.filter(instansi=instansi).first()
    return pengaturan.ukuran_dokumen_maks_kb if pengaturan else UKURAN_DOKUMEN_MAKS_KB_BAWAAN


# --- portfolio -----------------------------------------------------------------------------------------


def riwayat_model_for_kode(kode: str, *, diisi_asn_only: bool = False) -> type[Riwayat] | None:
    model = RIWAYAT_BY_KODE.get(kode)
    if model is None or (diisi_asn_only and not model.DIISI_ASN):
        return None
    return model


def riwayat_nilai_tampilan(item: Riwayat, *, tanpa_judul: bool = False) -> list[tuple[str, str]]:
    """(label, value) of the kind's own fields, formatted for a page; empty values left out.

    `tanpa_judul`: also leave out values the item's title already shows (for compact lists).
    """
    judul = str(item) if tanpa_judul else ""
    rows = []
    for name in riwayat_data_fields(type(item)):
        model_field = item._meta.get_field(name)
        value: Any = getattr(item, name)
        if value in (None, ""):
            continue
        if model_field.choices:
            value = getattr(item, f"get_{name}_display")()
        elif isinstance(value, dt.date):
            value = date_format(value, "DATE_FORMAT")
        if judul and str(value) in judul:
            continue
        rows.append((capfirst(str(model_field.verbose_name)), str(value)))
    return rows


@dataclass
class PortfolioItem:
    item: Riwayat
    nilai: list[tuple[str, str]]


@dataclass
class PortfolioSection:
    kode: str
    label: str
    label_tunggal: str
    diisi_asn: bool
    items: list[PortfolioItem] = field(default_factory=list)


def portfolio_sections(*, pegawai: Pegawai) -> list[PortfolioSection]:
    """Every kind of riwayat in RIWAYAT_MODELS order, with the pegawai's items (newest first)."""
    sections = []
    for model in RIWAYAT_MODELS:
        items = (
            model.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai)
            .select_related("dokumen", "dokumen_baru")
            .order_by("-dibuat_pada", "-pk")
        )
        sections.append(
            PortfolioSection(
                kode=model.KODE,
                label=capfirst(str(model._meta.verbose_name_plural)),
                label_tunggal=str(model._meta.verbose_name),
                diisi_asn=model.DIISI_ASN,
                items=[
                    PortfolioItem(item=item, nilai=riwayat_nilai_tampilan(item, tanpa_judul=True))
                    for item in items
                ],
            )
        )
    return sections


def riwayat_get_own(*, pegawai: Pegawai, model: type[Riwayat], pk: int) -> Riwayat | None:
    """One item of the pegawai's own portfolio; another person's item is not found."""
    return (
        model.objects.filter(instansi=pegawai.instansi_id, pegawai=pegawai, pk=pk)
        .select_related("dokumen", "dokumen_baru", "pegawai")
        .first()
    )


# --- documents -------------------------------------------------------------------------------------------


def dokumen_get(*, instansi: Instansi, uuid: uuid_lib.UUID, owner: User | None = None) -> Dokumen | None:
    """A document of the instansi; with `owner`, only if it belongs to that user's pegawai record."""
    queryset = Dokumen.objects.filter(instansi=instansi, uuid=uuid)
    if owner is not None:
        queryset = queryset.filter(pegawai__user=owner)
    return queryset.first()


# --- verification queue -------------------------------------------------------------------------------


def verifikasi_models() -> list[type[Riwayat]]:
    """The kinds that go through verification (hukuman disiplin is BKD's own, approved at entry)."""
    return [model for model in RIWAYAT_MODELS if model.DIISI_ASN]


def _antrean_base(*, model: type[Riwayat], instansi: Instansi, verifikator: User | None) -> models.QuerySet:
    queryset = model.objects.filter(instansi=instansi)
    if verifikator is not None:
        # Nobody verifies their own portfolio. By the pegawai's id, not through a join on
        # pegawai.user: the join read every pegawai of the instansi for each kind's count
        # (8 of the verifier home's 17 ms per kind at 20,000 pegawai, bench/load_run.py).
        queryset = queryset.exclude(
            pegawai_id__in=Pegawai.objects.filter(instansi=instansi, user=verifikator).values("pk")
        )
    return queryset


# What waits for a verifier: a new or changed item, or a replacement document of an approved item
# (the item stays approved and counting meanwhile; docs/domain.md §7.2).
MENUNGGU = Q(status=StatusVerifikasi.DIAJUKAN) | Q(
    status=StatusVerifikasi.DISETUJUI, dokumen_baru__isnull=False
)


def menunggu_sejak() -> Case:
    """When a waiting item began to wait: its submission, or its replacement document's upload."""
    return Case(
        When(status=StatusVerifikasi.DIAJUKAN, then=F("diajukan_pada")),
        default=F("dokumen_baru_diajukan_pada"),
    )


def menunggu_verifikasi(item: Riwayat) -> bool:
    """Whether the item (or its replacement document) waits for a verifier."""
    return item.status == StatusVerifikasi.DIAJUKAN or (
        item.status == StatusVerifikasi.DISETUJUI and item.dokumen_baru_id is not None
    )


def verifikasi_counts(*, instansi: Instansi, verifikator: User | None) -> dict[str, int]:
    """Waiting items per kind: one small query per kind, independent of the queue's length."""
    counts = {}
    for model in verifikasi_models():
        counts[model.KODE] = (
            _antrean_base(model=model, instansi=instansi, verifikator=verifikator)
            .filter(MENUNGGU)
            .aggregate(n=Count("pk"))["n"]
        )
    return counts


NON_DIGIT = re.compile(r"\D")


def verifikasi_antrean(
    *,
    model: type[Riwayat],
    instansi: Instansi,
    verifikator: User | None,
    unit_kerja: UnitKerja | None = None,
    dari: dt.date | None = None,
    sampai: dt.date | None = None,
    cari: str = "",
) -> models.QuerySet:
    """Waiting items of one kind (replacement documents of approved items included), oldest
    first, with pegawai, unit kerja and documents joined in; `menunggu_sejak` is when each began
    to wait.

    `unit_kerja` includes its bidang and seksi; `cari` matches the name or the start of the NIP
    (spaces as in "19860926 201505 1 001" are ignored).
    """
    queryset = (
        _antrean_base(model=model, instansi=instansi, verifikator=verifikator)
        .filter(MENUNGGU)
        .annotate(menunggu_sejak=menunggu_sejak())
        .select_related("pegawai", "pegawai__unit_kerja", "dokumen", "dokumen_baru")
        .order_by("menunggu_sejak", "pk")
    )
    if unit_kerja is not None:
        queryset = queryset.filter(
            Q(pegawai__unit_kerja=unit_kerja)
            | Q(pegawai__unit_kerja__induk=unit_kerja)
            | Q(pegawai__unit_kerja__induk__induk=unit_kerja)
        )
    if dari is not None:
        queryset = queryset.filter(menunggu_sejak__date__gte=dari)
    if sampai is not None:
        queryset = queryset.filter(menunggu_sejak__date__lte=sampai)
    cari = (cari or "").strip()
    if cari:
        condition = Q(pegawai__nama__icontains=cari)
        digits = NON_DIGIT.sub("", cari)
        if digits and len(digits) >= 4:
            condition |= Q(pegawai__nip__startswith=digits)
        queryset = queryset.filter(condition)
    return queryset


def verifikasi_get(
    *, model: type[Riwayat], instansi: Instansi, verifikator: User | None, pk: int
) -> Riwayat | None:
    """One item for the verifier (any status), or None if it is not theirs to see."""
    return (
        _antrean_base(model=model, instansi=instansi, verifikator=verifikator)
        .filter(pk=pk)
        .select_related("pegawai", "pegawai__unit_kerja", "dokumen", "dokumen_baru", "diverifikasi_oleh")
        .first()
    )


def verifikasi_ids_waiting(
    *, model: type[Riwayat], instansi: Instansi, verifikator: User | None, ids: list[int]
) -> list[int]:
    """Of `ids`, those still waiting and open to this verifier (for bulk approval)."""
    return list(
        _antrean_base(model=model, instansi=instansi, verifikator=verifikator)
        .filter(MENUNGGU, pk__in=ids)
        .values_list("pk", flat=True)
    )


def unit_kerja_pilihan(*, instansi: Instansi) -> models.QuerySet:
    """Active unit kerja of the instansi, for the queue's filter."""
    return UnitKerja.objects.filter(instansi=instansi, aktif=True).order_by("kode")
