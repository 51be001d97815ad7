"""Domain events input services send themselves (never post_save: bulk writes skip it).

`inputs_changed` announces that data a placement is computed from changed for some pegawai of one
instansi. Receivers run synchronously, inside the sender's transaction (the talent engine marks
the placements dirty there, so both commit or roll back together).
"""

from django.dispatch import Signal

# kwargs: instansi_id: int, pegawai_ids: list[int], penyebab: str
inputs_changed = Signal()
# Portfolio items awaiting verification appeared or went for these pegawai (submitted, edited back
# into the queue, withdrawn, rejected): nothing verified changed, but what shows "perlu
# verifikasi" (succession candidates) follows. Same kwargs.
riwayat_menunggu_changed = Signal()
# The talent engine rewrote these pegawai's placements (box, scores or talent-pool status may
# differ): what is derived from placements (succession candidates) follows. Same kwargs.
penempatan_changed = Signal()


def inputs_changed_send(*, instansi_id: int, pegawai_ids: list[int], penyebab: str) -> None:
    if pegawai_ids:
        inputs_changed.send(
            sender=None, instansi_id=instansi_id, pegawai_ids=list(pegawai_ids), penyebab=penyebab
        )


def penempatan_changed_send(*, instansi_id: int, pegawai_ids: list[int], penyebab: str) -> None:
    if pegawai_ids:
        penempatan_changed.send(
            sender=None, instansi_id=instansi_id, pegawai_ids=list(pegawai_ids), penyebab=penyebab
        )


def riwayat_menunggu_changed_send(*, instansi_id: int, pegawai_ids: list[int], penyebab: str) -> None:
    if pegawai_ids:
        riwayat_menunggu_changed.send(
            sender=None, instansi_id=instansi_id, pegawai_ids=list(pegawai_ids), penyebab=penyebab
        )


# Figures of an instansi's national summary changed in a way no event above announces: the
# succession flush rewrote key-post statuses, the PPK set a period, committee members changed, an
# implementation stage was declared. kwargs: instansi_id: int, penyebab: str. Sent inside the
# writer's transaction (the summary's dirty mark commits or rolls back with it).
ringkasan_stale = Signal()


def ringkasan_stale_send(*, instansi_id: int, penyebab: str) -> None:
    ringkasan_stale.send(sender=None, instansi_id=instansi_id, penyebab=penyebab)
