"""Writes of the session documents: queue a document job, run it (the `reports` worker), mark it
failed, and record its download.

A job is a DokumenKomite row: status antri → proses → selesai (with the file) or gagal (with a
message). Asking again for a kind whose job is still waiting or running answers that job instead
of queueing a second one. Running is idempotent: a finished job is left as it is; a job re-run
after a lost worker renders the file again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record

from .models import DokumenKomite, Sidang
from .selectors_dokumen import dokumen_alasan_tidak_tersedia

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

BERJALAN = (DokumenKomite.Status.ANTRI, DokumenKomite.Status.PROSES)


def dokumen_buat(*, sidang: Sidang, actor: User | None, jenis: str) -> DokumenKomite:
    """Queue the document `jenis` of the session on the `reports` queue. The Berita Acara from the
    session's close on; the Keputusan PPK and the Excel annexes once the PPK has set the session.
    A job of the same kind still waiting or running is returned instead of a new one."""
    with transaction.atomic():
        sidang = Sidang.objects.select_for_update().get(instansi=sidang.instansi, pk=sidang.pk)
        alasan = dokumen_alasan_tidak_tersedia(sidang=sidang, jenis=jenis)
        if alasan:
            raise ValidationError(alasan, code="tidak_tersedia")
        berjalan = (
            DokumenKomite.objects.filter(
                instansi=sidang.instansi, sidang=sidang, jenis=jenis, status__in=BERJALAN
            )
            .order_by("-dibuat_pada")
            .first()
        )
        if berjalan is not None:
            return berjalan
        dokumen = DokumenKomite.objects.create(
            instansi=sidang.instansi, sidang=sidang, jenis=jenis, dibuat_oleh=actor, total_langkah=0
        )
        audit_event_record(
            action="komite.dokumen.buat",
            instansi=sidang.instansi,
            actor=actor,
            target=sidang,
            new_values={"jenis": jenis, "dokumen": str(dokumen.uuid)},
        )
        instansi_id, dokumen_id = sidang.instansi_id, dokumen.pk

        def antre() -> None:
            from .tasks_dokumen import dokumen_jalankan_task

            dokumen_jalankan_task.delay(instansi_id=instansi_id, dokumen_id=dokumen_id)

        transaction.on_commit(antre)
    return dokumen


def _kemajuan_simpan(dokumen: DokumenKomite, done: int, total: int) -> None:
    # Outside any transaction of the caller's: the status page sees each step as it finishes.
    DokumenKomite.objects.filter(instansi=dokumen.instansi, pk=dokumen.pk).update(
        selesai_langkah=done, total_langkah=total
    )
    dokumen.selesai_langkah, dokumen.total_langkah = done, total


def dokumen_jalankan(*, dokumen: DokumenKomite) -> DokumenKomite:
    """The worker's body: render the document in steps (progress saved per step), store the file,
    mark it finished. A finished job is returned unchanged; a session that no longer allows the
    document (it cannot happen in the normal cycle) marks the job failed with the reason."""
    from .pdf import dokumen_render

    if dokumen.status == DokumenKomite.Status.SELESAI and dokumen.berkas:
        return dokumen
    alasan = dokumen_alasan_tidak_tersedia(sidang=dokumen.sidang, jenis=dokumen.jenis)
    if alasan:
        return dokumen_gagal(dokumen=dokumen, pesan=alasan)
    DokumenKomite.objects.filter(instansi=dokumen.instansi, pk=dokumen.pk).update(
        status=DokumenKomite.Status.PROSES, selesai_langkah=0, pesan=""
    )
    dokumen.status = DokumenKomite.Status.PROSES
    isi = dokumen_render(dokumen=dokumen, kemajuan=lambda done, total: _kemajuan_simpan(dokumen, done, total))
    with transaction.atomic():
        if dokumen.berkas:
            dokumen.berkas.delete(save=False)  # a re-run replaces the file of an earlier attempt
        dokumen.berkas.save(f"{dokumen.uuid.hex}{dokumen.ekstensi}", ContentFile(isi), save=False)
        dokumen.status = DokumenKomite.Status.SELESAI
        dokumen.selesai_langkah = dokumen.total_langkah
        dokumen.selesai_pada = timezone.now()
        dokumen.pesan = ""
        dokumen.save(update_fields=["berkas", "status", "selesai_langkah", "selesai_pada", "pesan"])
    return dokumen


def dokumen_gagal(*, dokumen: DokumenKomite, pesan: str = "") -> DokumenKomite:
    """Mark the job failed, with a message the page shows."""
    dokumen.status = DokumenKomite.Status.GAGAL
    dokumen.pesan = (pesan or _("Dokumen gagal dibuat. Silakan coba lagi; bila berulang, hubungi operator."))[
        :300
    ]
    dokumen.selesai_pada = timezone.now()
    DokumenKomite.objects.filter(instansi=dokumen.instansi, pk=dokumen.pk).update(
        status=dokumen.status, pesan=dokumen.pesan, selesai_pada=dokumen.selesai_pada
    )
    return dokumen


def dokumen_unduh_catat(*, dokumen: DokumenKomite, actor: User | None) -> None:
    """A finished document leaves the system (personal data): one audit event per download."""
    audit_event_record(
        action="komite.dokumen.unduh",
        instansi=dokumen.instansi,
        actor=actor,
        target=dokumen.sidang,
        new_values={"jenis": dokumen.jenis, "dokumen": str(dokumen.uuid)},
    )
