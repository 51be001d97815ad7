"""The succession card of the BKD pegawai page: the key posts this pegawai is a stored candidate
for, with kelayakan and kesiapan (registered from SuksesiConfig.ready())."""

from __future__ import annotations

from apps.core.permissions import role_has_permission

from .selectors import kandidat_pegawai_list


def suksesi_section_context(*, pegawai, actor) -> dict | None:
    """Nothing (the card is left out) unless the actor holds suksesi.view in the pegawai's instansi."""
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return None
    if not role_has_permission(role=actor.role, permission="suksesi.view"):
        return None
    if pegawai.instansi_id != actor.instansi.pk:
        return None
    return {"pencalonan": kandidat_pegawai_list(instansi=actor.instansi, pegawai=pegawai)}
