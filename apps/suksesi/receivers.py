"""Succession's one receiver, connected to three announcements (apps.py): an input service changed
some pegawai's data (`inputs_changed`), their portfolio items awaiting verification changed
(`riwayat_menunggu_changed`), or the talent engine rewrote their placements
(`penempatan_changed`). Their candidacies are marked dirty inside the sender's transaction;
nothing else happens here."""

from .services import kandidat_mark_dirty


def pegawai_changed_mark_dirty(
    sender, *, instansi_id: int, pegawai_ids: list[int], penyebab: str, **kwargs
) -> None:
    kandidat_mark_dirty(instansi_id=instansi_id, pegawai_ids=pegawai_ids, penyebab=penyebab)
