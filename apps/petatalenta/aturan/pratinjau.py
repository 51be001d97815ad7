"""Impact preview of a rule-set version of any kind (a `jenis.JenisAturan`) against the active one,
before it is activated: who would move, computed by a worker with the kind's own pure engine on
the same inputs as a recompute, and writing none of the kind's results.

The generic part lives here: the job (`PratinjauAturan`: status, progress, the kind's summary),
starting it, running it (the kind's `pratinjau_hitung` does the work and stores its own per-person
rows), when a preview is *current* (same two configurations, not older than
`ATURAN_PRATINJAU_BERLAKU_JAM`), and the check activation makes. The kind's summary always has an
"inti" entry: the headline figures the activation form shows and its audit event records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid as uuid_lib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record
from apps.instansi.models import Instansi

from ..models import PratinjauAturan
from .jenis import JenisAturan, jenis_get
from .selectors import aturan_aktif

logger = logging.getLogger(__name__)

Status = PratinjauAturan.Status


def _konfigurasi_teks(konfigurasi: dict[str, Any]) -> str:
    return json.dumps(konfigurasi, sort_keys=True, separators=(",", ":"), default=str)


def pratinjau_dasar(*, jenis: JenisAturan, instansi: Instansi) -> tuple[Any, dict[str, Any]]:
    """(the active version or None, the configuration in force): without an active version the
    kind's initial preset is what a recompute would use."""
    aktif = aturan_aktif(jenis=jenis, instansi=instansi)
    if aktif is not None:
        return aktif, aktif.konfigurasi
    return None, jenis.preset_konfigurasi(jenis.preset_awal)


def pratinjau_hash(*, aktif_pk: int | None, lama: dict[str, Any], baru: dict[str, Any]) -> str:
    """What a preview was computed for: the active version and both configurations."""
    teks = f"{aktif_pk or 0}|{_konfigurasi_teks(lama)}|{_konfigurasi_teks(baru)}"
    return hashlib.sha256(teks.encode()).hexdigest()


def _berlaku_sejak() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=settings.ATURAN_PRATINJAU_BERLAKU_JAM)


# --- reads --------------------------------------------------------------------------------------------


def pratinjau_get(*, jenis: JenisAturan, instansi: Instansi, aturan, uuid) -> PratinjauAturan | None:
    """One preview of this version, by uuid, inside the instansi (another's: None, like a missing one)."""
    try:
        uuid = uuid_lib.UUID(str(uuid))
    except ValueError:
        return None
    return PratinjauAturan.objects.filter(
        instansi=instansi, jenis=jenis.kode, aturan_pk=aturan.pk, uuid=uuid
    ).first()


def pratinjau_terakhir(*, jenis: JenisAturan, instansi: Instansi, aturan) -> PratinjauAturan | None:
    """The newest preview of this version, current or not."""
    return (
        PratinjauAturan.objects.filter(instansi=instansi, jenis=jenis.kode, aturan_pk=aturan.pk)
        .order_by("-dibuat_pada", "-id")
        .first()
    )


def pratinjau_terkini(*, jenis: JenisAturan, instansi: Instansi, aturan) -> PratinjauAturan | None:
    """The newest preview of this version that is still current (same active version, same two
    configurations, young enough), whatever its status; None when there is none."""
    aktif, lama = pratinjau_dasar(jenis=jenis, instansi=instansi)
    hash_ = pratinjau_hash(aktif_pk=aktif.pk if aktif else None, lama=lama, baru=aturan.konfigurasi)
    return (
        PratinjauAturan.objects.filter(
            instansi=instansi,
            jenis=jenis.kode,
            aturan_pk=aturan.pk,
            konfigurasi_hash=hash_,
            dibuat_pada__gte=_berlaku_sejak(),
        )
        .exclude(status=Status.GAGAL)
        .order_by("-dibuat_pada", "-id")
        .first()
    )


def pratinjau_masih_terkini(
    *, jenis: JenisAturan, instansi: Instansi, aturan, pratinjau: PratinjauAturan
) -> bool:
    terkini = pratinjau_terkini(jenis=jenis, instansi=instansi, aturan=aturan)
    return terkini is not None and terkini.pk == pratinjau.pk


def pratinjau_persen(pratinjau: PratinjauAturan) -> int:
    if pratinjau.status == Status.SELESAI:
        return 100
    return min(99, pratinjau.done * 100 // pratinjau.total) if pratinjau.total else 0


def pratinjau_teks(pratinjau: PratinjauAturan) -> str:
    """The line under the progress bar, in the user's language."""
    if pratinjau.status == Status.GAGAL:
        return _("Pratinjau gagal dihitung. Mulai lagi.")
    if pratinjau.status == Status.SELESAI:
        return _("Pratinjau selesai dihitung.")
    if not pratinjau.total:
        return _("Menunggu giliran di antrean…")
    return _("%(done)s dari %(total)s dihitung…") % {"done": pratinjau.done, "total": pratinjau.total}


# --- writes -------------------------------------------------------------------------------------------


@transaction.atomic
def pratinjau_mulai(
    *, jenis: JenisAturan, instansi: Instansi, actor, aturan_id: int
) -> tuple[PratinjauAturan, bool]:
    """Queue the impact preview of one version against the configuration in force. A current
    preview still being computed is returned instead of a second one (False): a double click
    starts one job. An active version has nothing to preview (ValidationError)."""
    aturan = jenis.model.objects.filter(instansi=instansi, pk=aturan_id).first()
    if aturan is None:
        raise jenis.model.DoesNotExist
    if aturan.status == jenis.model.Status.AKTIF:
        raise ValidationError(_("Versi ini sudah aktif: tidak ada perubahan untuk dipratinjau."))
    if jenis.pratinjau_hitung is None:
        raise ValidationError(_("Pratinjau dampak belum tersedia untuk jenis aturan ini."))
    terkini = pratinjau_terkini(jenis=jenis, instansi=instansi, aturan=aturan)
    if terkini is not None and terkini.status in (Status.MENUNGGU, Status.BERJALAN):
        return terkini, False
    aktif, lama = pratinjau_dasar(jenis=jenis, instansi=instansi)
    pratinjau = PratinjauAturan.objects.create(
        instansi=instansi,
        jenis=jenis.kode,
        aturan_pk=aturan.pk,
        aturan_versi=aturan.versi,
        aktif_pk=aktif.pk if aktif else None,
        aktif_versi=aktif.versi if aktif else None,
        konfigurasi_hash=pratinjau_hash(
            aktif_pk=aktif.pk if aktif else None, lama=lama, baru=aturan.konfigurasi
        ),
        dibuat_oleh=actor,
    )
    audit_event_record(
        action=f"{jenis.audit_awalan}.pratinjau",
        instansi=instansi,
        actor=actor,
        target=aturan,
        new_values={
            "pratinjau": str(pratinjau.uuid),
            "versi": aturan.versi,
            "versi_aktif": pratinjau.aktif_versi,
        },
    )
    transaction.on_commit(lambda: _antrekan(instansi_id=instansi.pk, uuid=str(pratinjau.uuid)))
    return pratinjau, True


def _antrekan(*, instansi_id: int, uuid: str) -> None:
    from ..tasks import pratinjau_hitung_task

    try:
        pratinjau_hitung_task.delay(instansi_id=instansi_id, uuid=uuid)
    except Exception:
        # The job stays "menunggu"; the page offers to start it again.
        logger.warning("preview %s not queued", uuid, exc_info=True)


def _kemajuan(pk: int) -> Callable[[int, int], None]:
    def catat(done: int, total: int) -> None:
        PratinjauAturan.objects.filter(pk=pk).update(done=done, total=total)

    return catat


def pratinjau_jalankan(*, instansi: Instansi, uuid: str) -> PratinjauAturan:
    """Compute one preview (the worker; tests and the benchmark call it directly, inside the
    instansi's scope). Idempotent: a rerun deletes what an interrupted run wrote and starts over.
    Raises LookupError when the job is not found (deleted meanwhile)."""
    pratinjau = PratinjauAturan.objects.filter(instansi=instansi, uuid=uuid).first()
    if pratinjau is None:
        raise LookupError(uuid)
    if pratinjau.status == Status.SELESAI:
        return pratinjau
    jenis = jenis_get(pratinjau.jenis)
    aturan = jenis.model.objects.filter(instansi=instansi, pk=pratinjau.aturan_pk).first()
    if aturan is None:
        raise LookupError(uuid)
    aktif = None
    if pratinjau.aktif_pk is not None:
        aktif = jenis.model.objects.filter(instansi=instansi, pk=pratinjau.aktif_pk).first()
    lama = aktif.konfigurasi if aktif is not None else jenis.preset_konfigurasi(jenis.preset_awal)
    PratinjauAturan.objects.filter(pk=pratinjau.pk).update(status=Status.BERJALAN, done=0)
    ringkasan = jenis.pratinjau_hitung(
        instansi=instansi,
        pratinjau=pratinjau,
        lama=lama,
        baru=aturan.konfigurasi,
        kemajuan=_kemajuan(pratinjau.pk),
    )
    pratinjau.refresh_from_db()
    pratinjau.ringkasan = ringkasan
    pratinjau.status = Status.SELESAI
    pratinjau.selesai_pada = timezone.now()
    pratinjau.done = pratinjau.total = max(pratinjau.total, pratinjau.done)
    pratinjau.save(
        update_fields=["ringkasan", "status", "selesai_pada", "done", "total", "periode", "tanggal_acuan"]
    )
    return pratinjau


def pratinjau_gagal(*, instansi_id: int, uuid: str) -> None:
    PratinjauAturan.objects.filter(instansi_id=instansi_id, uuid=uuid).exclude(status=Status.SELESAI).update(
        status=Status.GAGAL
    )


def pratinjau_untuk_aktivasi(
    *, jenis: JenisAturan, instansi: Instansi, aturan, pratinjau_uuid
) -> PratinjauAturan:
    """The preview an activation was shown: finished, of this version, and still current; else a
    ValidationError telling the clerk to read a fresh one first."""
    pratinjau = pratinjau_get(jenis=jenis, instansi=instansi, aturan=aturan, uuid=pratinjau_uuid)
    if pratinjau is None or not pratinjau_masih_terkini(
        jenis=jenis, instansi=instansi, aturan=aturan, pratinjau=pratinjau
    ):
        raise ValidationError(
            _(
                "Pratinjau dampak yang ditampilkan sudah tidak berlaku (drafnya diubah, versi aktif "
                "berganti, atau pratinjau lebih dari %(jam)s jam). Buka pratinjau terbaru, baca "
                "dampaknya, lalu aktifkan."
            )
            % {"jam": settings.ATURAN_PRATINJAU_BERLAKU_JAM}
        )
    if pratinjau.status != Status.SELESAI:
        raise ValidationError(
            _("Pratinjau dampak belum selesai dihitung. Tunggu sampai selesai, lalu aktifkan.")
        )
    return pratinjau


def pratinjau_audit(pratinjau: PratinjauAturan) -> dict[str, Any]:
    """What an activation's audit event records of the preview the clerk was shown."""
    return {
        "pratinjau": str(pratinjau.uuid),
        "pratinjau_dibuat_pada": pratinjau.dibuat_pada.isoformat(),
        "pratinjau_ditampilkan": True,
        "pratinjau_inti": (pratinjau.ringkasan or {}).get("inti", {}),
    }


__all__ = [
    "jenis_get",
    "pratinjau_audit",
    "pratinjau_dasar",
    "pratinjau_gagal",
    "pratinjau_get",
    "pratinjau_hash",
    "pratinjau_jalankan",
    "pratinjau_masih_terkini",
    "pratinjau_mulai",
    "pratinjau_persen",
    "pratinjau_teks",
    "pratinjau_terakhir",
    "pratinjau_terkini",
    "pratinjau_untuk_aktivasi",
]
