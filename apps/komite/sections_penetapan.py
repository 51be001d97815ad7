"""The penetapan card of the BKD pegawai page: the established box of each period beside the
current computed box, with the marker (registered from KomiteConfig.ready())."""

from __future__ import annotations

from apps.core.permissions import role_has_permission
from apps.petatalenta.models import Penempatan

from .models import Penetapan, SnapshotPenempatan

BATAS = 5


def penetapan_section_context(*, pegawai, actor) -> dict | None:
    """Nothing unless the actor holds talenta.view in the pegawai's instansi; one row per period
    with a penetapan in force (the latest ditetapkan of that period)."""
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return None
    if not role_has_permission(role=actor.role, permission="talenta.view"):
        return None
    if pegawai.instansi_id != actor.instansi.pk:
        return None
    baris = []
    terlihat: set[int] = set()
    for snapshot in (
        SnapshotPenempatan.objects.filter(
            instansi=actor.instansi, pegawai=pegawai, penetapan__hasil=Penetapan.Hasil.DITETAPKAN
        )
        .select_related("penetapan")
        .order_by("-periode", "-penetapan__urutan")
    ):
        if snapshot.periode in terlihat:
            continue  # an earlier penetapan of the same period is no longer in force
        terlihat.add(snapshot.periode)
        baris.append(snapshot)
        if len(baris) == BATAS:
            break
    sekarang = dict(
        Penempatan.objects.filter(
            instansi=actor.instansi, pegawai=pegawai, periode__in=[b.periode for b in baris]
        ).values_list("periode", "kotak")
    )
    for b in baris:
        b.kotak_sekarang = sekarang.get(b.periode)
        b.berbeda = b.kotak_sekarang != b.kotak
    return {"ditetapkan_list": baris}
