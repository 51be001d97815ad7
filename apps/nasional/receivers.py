"""The summary's receivers (connected in apps.py): any announcement that an instansi's data
changed marks its summary stale inside the sender's transaction; nothing else happens here."""

from .services import ringkasan_mark_dirty


def pegawai_changed_mark_dirty(sender, *, instansi_id: int, penyebab: str = "", **kwargs) -> None:
    """inputs_changed, penempatan_changed, riwayat_menunggu_changed (pegawai_ids ignored: the
    refresh recounts the whole instansi in a fixed number of queries anyway)."""
    ringkasan_mark_dirty(instansi_id=instansi_id, penyebab=penyebab)


def ringkasan_stale_mark_dirty(sender, *, instansi_id: int, penyebab: str = "", **kwargs) -> None:
    """ringkasan_stale: a change no placement event covers (succession status, penetapan,
    committee members, stage declarations)."""
    ringkasan_mark_dirty(instansi_id=instansi_id, penyebab=penyebab)
