"""The talent engine's only receiver: an input service announced a change (inside its own
transaction), so the affected placements are marked dirty in that same transaction."""

from .services import penempatan_mark_dirty


def inputs_changed_mark_dirty(
    sender, *, instansi_id: int, pegawai_ids: list[int], penyebab: str, **kwargs
) -> None:
    penempatan_mark_dirty(instansi_id=instansi_id, pegawai_ids=pegawai_ids, penyebab=penyebab)
