"""The base of every import whose rows are about the instansi's pegawai, found by their NIP (asesmen,
SKP, and the imports to come: key-post holders, 360° feedback)."""

from __future__ import annotations

from django.utils import timezone

from apps.impor.pipeline import ImportResult, RowImporter

from .models import Pegawai
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

    def classified(self, result: ImportResult) -> None:
        """The preview names the pegawai of every kept new and changed row (one query for at most
        2 × CHANGES_KEPT people): rows kept with `pegawai_id=` and no name get the full name."""
        tanpa_nama = {
            result.pegawai_pk[row[1]]
            for row in (*result.changes, *result.baru_rows)
            if not row[2] and row[1] in result.pegawai_pk
        }
        if not tanpa_nama:
            return
        nama = {
            pk: Pegawai(gelar_depan=depan, nama=nama, gelar_belakang=belakang).nama_lengkap
            for pk, depan, nama, belakang in Pegawai.objects.filter(
                instansi=self.instansi, pk__in=tanpa_nama
            ).values_list("pk", "gelar_depan", "nama", "gelar_belakang")
        }

        def named(rows):
            return [
                (baris, nip, nama_row or nama.get(result.pegawai_pk.get(nip), ""), fields)
                for baris, nip, nama_row, fields in rows
            ]

        result.changes, result.baru_rows = named(result.changes), named(result.baru_rows)
