"""The SKP section of the pegawai pages (registered from KinerjaConfig.ready())."""

from .selectors import skp_pegawai


def skp_section_context(*, pegawai, actor) -> dict:
    return {"skp_riwayat": skp_pegawai(pegawai=pegawai)}
