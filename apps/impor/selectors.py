"""Reads for the import pages: jobs of the caller's instansi, and a job's errors as a sheet."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models.fields.json import KT

from apps.core.spreadsheets import XlsxSheet, xlsx_write

from .models import ImportJob
from .pipeline import ImportResult

if TYPE_CHECKING:
    from apps.instansi.models import Instansi


def import_job_get(
    *, instansi: Instansi, job_uuid: uuid.UUID | str, with_result: bool = True
) -> ImportJob | None:
    """The job of *this* instansi, or None (another instansi's job is not found, like a missing one)."""
    queryset = ImportJob.objects.filter(instansi=instansi, uuid=job_uuid)
    if not with_result:
        queryset = queryset.defer("result")
    return queryset.first()


def import_jobs_recent(*, instansi: Instansi, kind: str, limit: int = 10) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(instansi=instansi, kind=kind)
        .defer("result")
        .select_related("created_by")
        .order_by("-dibuat_pada", "-id")[:limit]
    )


def import_job_errors_xlsx(*, job: ImportJob) -> bytes:
    """Every kept error (Baris, Kolom, Pesan) and the warnings, as an .xlsx; cells escaped."""
    result = ImportResult.from_json(job.result)
    rows = [[row or None, column, message] for row, column, message in result.errors]
    galat_total = job.result.get("galat_total", len(result.errors))
    if galat_total > len(result.errors):
        rows.append([None, "", f"… dan {galat_total - len(result.errors)} kesalahan lain tidak dicantumkan."])
    return xlsx_write(
        [
            XlsxSheet(title="Kesalahan", headers=["Baris", "Kolom", "Pesan"], rows=rows, widths=[8, 24, 110]),
            XlsxSheet(
                title="Peringatan",
                headers=["Peringatan"],
                rows=[[warning] for warning in result.warnings],
                widths=[140],
            ),
        ]
    )


def import_jobs_terbaru(*, instansi: Instansi, kinds: list[str], limit: int = 5) -> list[dict]:
    """The latest jobs of the given kinds with their counts, for the Admin BKD home: one query that
    reads only the counts out of `result` (its error list can be long)."""
    counts = ("baris", "baru", "diubah", "tetap", "baris_galat", "galat_total", "committed")
    return list(
        ImportJob.objects.filter(instansi=instansi, kind__in=kinds)
        .annotate(**{f"r_{name}": KT(f"result__{name}") for name in counts})
        .values(
            "uuid",
            "kind",
            "nama_berkas",
            "status",
            "mode",
            "dibuat_pada",
            "selesai_pada",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__username",
            *(f"r_{name}" for name in counts),
        )
        .order_by("-dibuat_pada", "-id")[:limit]
    )
