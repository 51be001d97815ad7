"""The SKP and 360° sections of the pegawai pages (registered from KinerjaConfig.ready())."""

from django.utils import timezone

from .selectors import skp_pegawai, umpan_balik_berlaku_dari, umpan_balik_pegawai


def skp_section_context(*, pegawai, actor) -> dict:
    return {"skp_riwayat": skp_pegawai(pegawai=pegawai)}


def umpan_balik_section_context(*, pegawai, actor) -> dict:
    """The pegawai's 360° results, newest first; the one the talent map uses today (the newest inside
    the validity window) is marked `dipakai`, results older than the window `kedaluwarsa`."""
    hari_ini = timezone.localdate()
    dari = umpan_balik_berlaku_dari(hari_ini)
    items = umpan_balik_pegawai(pegawai=pegawai)
    dipakai = next((item for item in items if dari < item.tanggal <= hari_ini), None)
    for item in items:
        item.dipakai = item is dipakai
        item.kedaluwarsa = item.tanggal <= dari
    return {"umpan_balik_riwayat": items}
