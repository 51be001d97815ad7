"""The IDP card of the BKD pegawai page: this year's plan with its status and progress, or a
button to draft it (registered from PengembanganConfig.ready())."""

from __future__ import annotations

from apps.core.permissions import role_has_permission


def idp_section_context(*, pegawai, actor) -> dict | None:
    """Nothing (the card is left out) unless the actor holds idp.view in the pegawai's instansi."""
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return None
    if not role_has_permission(role=actor.role, permission="idp.view"):
        return None
    if pegawai.instansi_id != actor.instansi.pk:
        return None
    from .selectors import idp_milik, idp_ringkas, kegiatan_list, tahun_sekarang

    tahun = tahun_sekarang()
    idp = idp_milik(pegawai=pegawai, tahun=tahun)
    return {
        "idp_tahun": tahun,
        "idp": idp,
        "idp_ringkas": idp_ringkas(kegiatan=kegiatan_list(idp=idp)) if idp else None,
        "idp_boleh_kelola": role_has_permission(role=actor.role, permission="idp.manage") and pegawai.aktif,
    }
