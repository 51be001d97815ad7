"""The succession card of the BKD pegawai page: the key posts this pegawai is a stored candidate
for, with kelayakan and kesiapan (registered from SuksesiConfig.ready())."""

from __future__ import annotations

from apps.core.permissions import role_has_permission

from .selectors import kandidat_pegawai_list, kandidat_pegawai_qs

# The card shows the best candidacies; the rest are counted (each post's page lists them all).
SECTION_BATAS = 10


def suksesi_section_context(*, pegawai, actor) -> dict | None:
    """Nothing (the card is left out) unless the actor holds suksesi.view in the pegawai's instansi."""
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return None
    if not role_has_permission(role=actor.role, permission="suksesi.view"):
        return None
    if pegawai.instansi_id != actor.instansi.pk:
        return None
    pencalonan = kandidat_pegawai_list(instansi=actor.instansi, pegawai=pegawai, batas=SECTION_BATAS)
    lainnya = 0
    if len(pencalonan) == SECTION_BATAS:
        lainnya = kandidat_pegawai_qs(instansi=actor.instansi, pegawai=pegawai).count() - SECTION_BATAS
    return {"pencalonan": pencalonan, "pencalonan_lainnya": lainnya}
