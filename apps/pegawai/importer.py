"""The base of every import whose rows are about the instansi's pegawai, found by their NIP (asesmen,
SKP, and the imports to come: key-post holders, 360° feedback)."""

from __future__ import annotations

from django.utils import timezone

from apps.impor.pipeline import RowImporter

from .nip import nip_check, nip_normalize


class NipRowImporter(RowImporter):
    """NIP cells are read with the pegawai app's rules (spaces and a leading apostrophe removed,
    numbers refused; an invalid NIP says why). Subclasses load `nip_pk` in `prepare()` after
    calling this one, and record `nip_of[pegawai_id]` for the preview's change list."""

    key_column = "NIP"
    nip_normalize = staticmethod(nip_normalize)
    nip_check = staticmethod(nip_check)

    def prepare(self) -> None:
        self.today = timezone.localdate()  # the same "today" as the services (Asia/Jakarta)
        self.nip_of: dict[int, str] = {}
