"""The asesmen section of the pegawai pages (registered from AsesmenConfig.ready())."""

from .selectors import asesmen_pegawai


def asesmen_section_context(*, pegawai, actor) -> dict:
    return {"asesmen_riwayat": asesmen_pegawai(pegawai=pegawai)}
