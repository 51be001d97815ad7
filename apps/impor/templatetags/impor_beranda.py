"""The Admin BKD home's card of recent imports with their results (loaded by name from the
instansi home template): `{% load impor_beranda %}{% impor_terbaru_beranda %}`."""

from __future__ import annotations

from django import template

from apps.core.permissions import role_has_permission

register = template.Library()


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


@register.inclusion_tag("impor/_beranda.html", takes_context=True)
def impor_terbaru_beranda(context, limit: int = 5) -> dict:
    """The latest uploads of the kinds the actor may import (one query), each with its file, who
    uploaded it, its state and its counts, linked to the job's page."""
    from ..models import ImportJob
    from ..pipeline import importers
    from ..selectors import import_jobs_terbaru

    actor = context.get("actor")
    if actor is None or actor.instansi is None:
        return {"tampil": False}
    entries = {
        e.kind: e for e in importers() if role_has_permission(role=actor.role, permission=e.permission)
    }
    if not entries:
        return {"tampil": False}
    jobs = []
    for row in import_jobs_terbaru(instansi=actor.instansi, kinds=list(entries), limit=limit):
        nama = " ".join(p for p in (row["created_by__first_name"], row["created_by__last_name"]) if p)
        jobs.append(
            {
                "uuid": row["uuid"],
                "jenis": entries[row["kind"]].label,
                "nama_berkas": row["nama_berkas"],
                "oleh": nama or row["created_by__username"] or "",
                "dibuat_pada": row["dibuat_pada"],
                "status": row["status"],
                "status_label": ImportJob.Status(row["status"]).label,
                "tersimpan": row["status"] == ImportJob.Status.SELESAI
                and row["mode"] == ImportJob.Mode.SIMPAN,
                "pratinjau": row["status"] == ImportJob.Status.SIAP,
                "gagal": row["status"] == ImportJob.Status.GAGAL,
                "baris": _int(row["r_baris"]),
                "baru": _int(row["r_baru"]),
                "diubah": _int(row["r_diubah"]),
                "tetap": _int(row["r_tetap"]),
                "baris_galat": _int(row["r_baris_galat"]),
            }
        )
    return {"tampil": True, "jobs": jobs, "unggah": sorted(entries.values(), key=lambda e: str(e.label))}
