"""The Peta Talenta card of the BKD pegawai page (registered from PetatalentaConfig.ready())."""

from __future__ import annotations

from apps.core.permissions import role_has_permission

from .selectors_profil import penempatan_ringkasan_get


def talenta_section_context(*, pegawai, actor) -> dict | None:
    """Nothing (the card is left out) unless the actor holds talenta.view in the pegawai's instansi."""
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return None
    if not role_has_permission(role=actor.role, permission="talenta.view"):
        return None
    if pegawai.instansi_id != actor.instansi.pk:
        return None
    talenta = penempatan_ringkasan_get(instansi=actor.instansi, pegawai=pegawai)
    return None if talenta is None else {"talenta": talenta}
