"""Retention (docs/privacy.md, "Berapa lama"): audit events older than AUDIT_RETENTION_MONTHS and
the files of documents no item refers to any more, DOCUMENT_RETENTION_DAYS days after they stopped
being referenced. Run per instansi inside its scope (retensi_jalankan); the platform's own audit
events (instansi empty) by retensi_audit_platform_hapus. Idempotent (a second run deletes
nothing), batched (RETENTION_BATCH rows per statement), audited as counts, and never deletes a
document that any row still refers to: Django's PROTECT on every document foreign key is the last
check, inside the transaction that deletes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pghistory.models
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, ProtectedError
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.services import audit_event_record
from apps.core.tenancy import Lintas, lintas_instansi
from apps.instansi.models import Instansi
from apps.pegawai.models import Dokumen

from .models import DokumenYatim

logger = logging.getLogger(__name__)


def audit_batas(*, sekarang: dt.datetime | None = None) -> dt.datetime:
    return (sekarang or timezone.now()) - relativedelta(months=settings.AUDIT_RETENTION_MONTHS)


def dokumen_batas(*, sekarang: dt.datetime | None = None) -> dt.datetime:
    return (sekarang or timezone.now()) - dt.timedelta(days=settings.DOCUMENT_RETENTION_DAYS)


def _hapus_bertahap(queryset: models.QuerySet) -> int:
    """Delete `queryset`'s rows RETENTION_BATCH at a time, each batch its own transaction."""
    jumlah = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.order_by("pk").values_list("pk", flat=True)[: settings.RETENTION_BATCH])
            if not ids:
                return jumlah
            jumlah += queryset.filter(pk__in=ids).delete()[0]


def _audit_hapus(*, instansi: Instansi | None, sekarang: dt.datetime | None) -> int:
    """Delete the events of `instansi` (None: the platform's own) older than the retention
    period; one event records the count."""
    batas = audit_batas(sekarang=sekarang)
    jumlah = _hapus_bertahap(AuditEvent.objects.filter(instansi=instansi, created_at__lt=batas))
    if jumlah:
        audit_event_record(
            action="retensi.audit_hapus",
            instansi=instansi,
            actor=None,
            actor_label="retensi",
            new_values={"jumlah": jumlah, "sebelum": batas.isoformat()},
        )
    return jumlah


def audit_event_retensi_hapus(*, instansi: Instansi, sekarang: dt.datetime | None = None) -> int:
    """Delete the instansi's audit events older than the retention period (in its scope)."""
    return _audit_hapus(instansi=instansi, sekarang=sekarang)


def audit_event_retensi_platform_hapus(*, sekarang: dt.datetime | None = None) -> int:
    """The platform's own events (instansi empty: a BKN user signing in, an operator's change).
    They belong to no tenant, so no tenant scope can hold them: the reviewed reason
    Lintas.RETENSI (row-level security shows platform events only across tenants), restricted to
    rows without an instansi."""
    with lintas_instansi(alasan=Lintas.RETENSI):
        return _audit_hapus(instansi=None, sekarang=sekarang)


def dokumen_rujukan() -> Iterator[tuple[type[models.Model], str]]:
    """(model, column) of every foreign key to Dokumen, hidden ones included (related_name="+"),
    except the row-history tables: an event row keeps an old id, not the document."""
    for rel in Dokumen._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        model = rel.related_model
        if issubclass(model, pghistory.models.Event) or not isinstance(rel.field, models.ForeignKey):
            continue
        yield model, rel.field.attname


def dokumen_yatim(*, instansi: Instansi) -> models.QuerySet:
    """The instansi's documents that no row refers to."""
    queryset = Dokumen.objects.filter(instansi=instansi)
    for model, kolom in dokumen_rujukan():
        queryset = queryset.exclude(
            Exists(model.objects.filter(instansi=instansi, **{kolom: OuterRef("pk")}))
        )
    return queryset


def dokumen_retensi_tandai(*, instansi: Instansi) -> int:
    """Mark the documents that became unreferenced; drop the marks of documents referenced again
    (or gone). Returns how many are newly marked."""
    yatim = set(dokumen_yatim(instansi=instansi).values_list("pk", flat=True))
    bertanda = set(DokumenYatim.objects.filter(instansi=instansi).values_list("dokumen_id", flat=True))
    DokumenYatim.objects.filter(instansi=instansi, dokumen_id__in=bertanda - yatim).delete()
    baru = sorted(yatim - bertanda)
    DokumenYatim.objects.bulk_create(
        [DokumenYatim(instansi=instansi, dokumen_id=pk) for pk in baru],
        batch_size=settings.RETENTION_BATCH,
        ignore_conflicts=True,
    )
    return len(baru)


def dokumen_retensi_hapus(*, instansi: Instansi, sekarang: dt.datetime | None = None) -> int:
    """Delete the documents (row and file) unreferenced for longer than the retention period. Each
    batch re-checks, in its transaction and with the rows locked, that nothing refers to them; the
    files go after the commit (a rolled-back batch keeps its files)."""
    batas = dokumen_batas(sekarang=sekarang)
    jumlah = 0
    while True:
        with transaction.atomic():
            tanda = DokumenYatim.objects.filter(instansi=instansi, sejak__lt=batas).order_by("pk")
            tanda_ids = list(tanda.values_list("dokumen_id", flat=True)[: settings.RETENTION_BATCH])
            if not tanda_ids:
                break
            dokumen = list(
                dokumen_yatim(instansi=instansi).filter(pk__in=tanda_ids).select_for_update(of=("self",))
            )
            for row in dokumen:
                nama = row.berkas.name
                try:
                    with transaction.atomic():
                        row.delete()
                except ProtectedError:  # referenced between the check and the delete: kept
                    continue
                if nama:
                    storage = row.berkas.storage
                    transaction.on_commit(lambda storage=storage, nama=nama: storage.delete(nama))
                jumlah += 1
            # Processed marks go: deleted documents, and documents found referenced again.
            DokumenYatim.objects.filter(instansi=instansi, dokumen_id__in=tanda_ids).delete()
    if jumlah:
        audit_event_record(
            action="retensi.dokumen_hapus",
            instansi=instansi,
            actor=None,
            actor_label="retensi",
            new_values={"jumlah": jumlah, "sebelum": batas.isoformat()},
        )
    return jumlah


def retensi_jalankan(*, instansi: Instansi, sekarang: dt.datetime | None = None) -> dict[str, int]:
    """Everything retention does for one instansi (call inside its scope)."""
    return {
        "audit_dihapus": audit_event_retensi_hapus(instansi=instansi, sekarang=sekarang),
        "dokumen_ditandai": dokumen_retensi_tandai(instansi=instansi),
        "dokumen_dihapus": dokumen_retensi_hapus(instansi=instansi, sekarang=sekarang),
    }
