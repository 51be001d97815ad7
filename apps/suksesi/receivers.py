"""Succession's receivers: an input service announced a change of some pegawai's data, or the
talent engine rewrote their placements (inside the sender's transaction): their candidacies are
marked dirty in that same transaction. Nothing else happens here."""

from .services import kandidat_mark_dirty


def inputs_changed_mark_dirty(
    sender, *, instansi_id: int, pegawai_ids: list[int], penyebab: str, **kwargs
) -> None:
    kandidat_mark_dirty(instansi_id=instansi_id, pegawai_ids=pegawai_ids, penyebab=penyebab)


def penempatan_changed_mark_dirty(
    sender, *, instansi_id: int, pegawai_ids: list[int], penyebab: str, **kwargs
) -> None:
    kandidat_mark_dirty(instansi_id=instansi_id, pegawai_ids=pegawai_ids, penyebab=penyebab)
