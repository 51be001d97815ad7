"""Thin task wrapper of the session documents (the `reports` queue); the work is in
services_dokumen.py and pdf.py. Registered with the worker by KomiteConfig.ready()."""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import InstansiTask


@shared_task(base=InstansiTask, name="apps.komite.tasks.dokumen_jalankan", queue="reports")
def dokumen_jalankan_task(*, instansi, dokumen_id: int) -> dict:
    from .models import DokumenKomite
    from .services_dokumen import dokumen_gagal, dokumen_jalankan

    dokumen = DokumenKomite.objects.filter(instansi=instansi, pk=dokumen_id).select_related("sidang").first()
    if dokumen is None:
        return {"dokumen": dokumen_id, "status": "tidak ditemukan"}
    try:
        dokumen = dokumen_jalankan(dokumen=dokumen)
    except Exception:
        dokumen_gagal(dokumen=dokumen)
        raise
    return {"dokumen": dokumen_id, "status": dokumen.status, "langkah": dokumen.total_langkah}
