"""Kesesuaian bidang pendidikan: a verifier judges whether an approved education item's field of
study fits the pegawai's jabatan (one item or many at once). The judgement names the jabatan it
was made against; the talent engine counts it only while that is still the pegawai's jabatan
(apps/petatalenta/inputs.py), so a new post asks for a new judgement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import inputs_changed_send
from apps.core.services import audit_event_record

from .models import RiwayatPendidikan, StatusVerifikasi

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


@transaction.atomic
def pendidikan_kesesuaian_set(*, instansi: Instansi, ids: list[int], sesuai: bool, actor: User) -> int:
    """Mark the approved education items `ids` as fitting (`sesuai`) the pegawai's current jabatan
    or not. Items of another instansi or not approved are refused with a message that says so;
    items already judged the same way against the same jabatan are left alone. Returns the
    number of items changed; one audit event per item, one inputs_changed for their pegawai."""
    ids = sorted({int(pk) for pk in ids})
    if not ids:
        raise ValidationError(_("Pilih sedikitnya satu riwayat pendidikan."))
    items = list(
        RiwayatPendidikan.objects.select_for_update(of=("self",))
        .filter(instansi=instansi, pk__in=ids)
        .select_related("pegawai")
        .order_by("pk")
    )
    if len(items) != len(ids):
        raise ValidationError(
            _("Sebagian riwayat pendidikan yang dipilih tidak ditemukan; muat ulang halaman.")
        )
    belum = [item for item in items if item.status != StatusVerifikasi.DISETUJUI]
    if belum:
        raise ValidationError(
            _(
                "Hanya riwayat pendidikan yang sudah disetujui yang dapat dinilai kesesuaiannya; "
                "belum disetujui: %(daftar)s"
            )
            % {"daftar": "; ".join(f"{item.pegawai.nama_lengkap} ({item})" for item in belum[:5])}
        )
    if any(item.pegawai.user_id == actor.pk for item in items):
        raise ValidationError(_("Riwayat pendidikan Anda sendiri dinilai oleh verifikator lain."))
    now = timezone.now()
    changed = []
    for item in items:
        jabatan = item.pegawai.nama_jabatan
        masih_berlaku = item.diverifikasi_pada is None or (
            item.kesesuaian_dinilai_pada is not None
            and item.kesesuaian_dinilai_pada >= item.diverifikasi_pada
        )
        if item.sesuai_jabatan is sesuai and item.kesesuaian_jabatan == jabatan and masih_berlaku:
            continue
        old = {"sesuai_jabatan": item.sesuai_jabatan, "kesesuaian_jabatan": item.kesesuaian_jabatan}
        item.sesuai_jabatan, item.kesesuaian_jabatan = sesuai, jabatan
        item.kesesuaian_dinilai_oleh, item.kesesuaian_dinilai_pada = actor, now
        item.save(
            update_fields=[
                "sesuai_jabatan",
                "kesesuaian_jabatan",
                "kesesuaian_dinilai_oleh",
                "kesesuaian_dinilai_pada",
                "diubah_pada",
            ]
        )
        audit_event_record(
            action="riwayat.pendidikan.kesesuaian",
            instansi=instansi,
            actor=actor,
            target=item,
            old_values=old,
            new_values={"sesuai_jabatan": sesuai, "kesesuaian_jabatan": jabatan},
        )
        changed.append(item)
    if changed:
        inputs_changed_send(
            instansi_id=instansi.pk,
            pegawai_ids=sorted({item.pegawai_id for item in changed}),
            penyebab="riwayat.pendidikan.kesesuaian",
        )
    return len(changed)
