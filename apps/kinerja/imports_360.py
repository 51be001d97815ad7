"""Import of umpan balik 360° from a spreadsheet on the one import pipeline: every row checked
(`services_360.umpan_balik_clean`, the rules of the form and the API), then all or nothing through
`umpan_balik_write` (audit, row history with the cause "umpan_balik_360.import", inputs_changed).
The key is NIP + Tanggal Penilaian; the same key twice in one file is an error on both rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.impor.pipeline import CHANGES_KEPT, ImportResult
from apps.pegawai.importer import NipRowImporter
from apps.pegawai.models import Pegawai

from .models import Sumber, UmpanBalik360
from .resources_360 import HEADER_BY_FIELD, SHEET_DATA, UmpanBalikResource
from .services_360 import UMPAN_BALIK_FIELDS, UmpanBalikData, umpan_balik_clean, umpan_balik_write

COLUMNS = UmpanBalikResource.columns()
REQUIRED = ("tanggal", "skor")


class UmpanBalikImporter(NipRowImporter):
    kind = "umpan_balik_360"
    columns = COLUMNS
    sheet_name = SHEET_DATA

    def prepare(self) -> None:
        super().prepare()
        self.nip_pk = dict(Pegawai.objects.filter(instansi=self.instansi).values_list("nip", "pk"))

    def clean_row(self, values: dict[str, Any], invalid: set[str]):
        errors: list[tuple[str, str]] = []
        nip, pegawai_id = self.nip_lookup(values.get("nip"), invalid, errors)
        empty = self.required_missing(values, invalid, REQUIRED, errors)
        skip = invalid | empty
        cleaned = None
        try:
            cleaned = umpan_balik_clean(
                tanggal=None if "tanggal" in skip else values.get("tanggal"),
                skor=None if "skor" in skip else values.get("skor"),
                penyelenggara=None if "penyelenggara" in invalid else values.get("penyelenggara"),
                today=self.today,
            )
        except ValidationError as error:
            self.errors_in(error, skip, errors)
        if nip is None:
            return None, None, errors
        if cleaned is None:
            return None, None, errors
        key = (nip, cleaned["tanggal"])
        if pegawai_id is None or errors:
            return key, None, errors
        self.nip_of[pegawai_id] = nip
        return key, UmpanBalikData(pegawai_id=pegawai_id, **cleaned), None

    def duplicate_message(self, key, others: str) -> str:
        nip, tanggal = key
        return _(
            "NIP %(nip)s dengan tanggal penilaian %(tanggal)s juga ada di baris %(baris)s. "
            "Satu pegawai hanya boleh satu baris per tanggal; hapus baris ganda."
        ) % {"nip": nip, "tanggal": date_format(tanggal, "DATE_FORMAT"), "baris": others}

    def classify(self, rows: list[tuple[int, UmpanBalikData]], result: ImportResult) -> None:
        if not rows:
            return
        existing = {
            (pegawai_id, tanggal): values
            for pegawai_id, tanggal, *values in UmpanBalik360.objects.filter(
                instansi=self.instansi, pegawai_id__in={item.pegawai_id for _n, item in rows}
            ).values_list("pegawai_id", "tanggal", *UMPAN_BALIK_FIELDS)
        }
        for number, item in rows:
            stored = existing.get(item.kunci)
            new = [getattr(item, name) for name in UMPAN_BALIK_FIELDS]
            if stored is None:
                result.baru += 1
                self.new_add(
                    result,
                    number,
                    self.nip_of.get(item.pegawai_id, ""),
                    [
                        (HEADER_BY_FIELD[name], str(value))
                        for name, value in zip(UMPAN_BALIK_FIELDS, new, strict=True)
                        if value not in (None, "")
                    ],
                    pegawai_id=item.pegawai_id,
                )
                continue
            if list(stored) == new:
                result.tetap += 1
                continue
            result.diubah += 1
            if len(result.changes) < CHANGES_KEPT:
                parts = [
                    (HEADER_BY_FIELD[name], str(old), str(value))
                    for name, old, value in zip(UMPAN_BALIK_FIELDS, stored, new, strict=True)
                    if old != value
                ]
                self.change_add(
                    result, number, self.nip_of.get(item.pegawai_id, ""), parts, pegawai_id=item.pegawai_id
                )

    def verify(self) -> str | None:
        return self.nip_verify(dict(Pegawai.objects.filter(instansi=self.instansi).values_list("nip", "pk")))

    def write(self, items: list[UmpanBalikData]) -> tuple[int, int, int]:
        written = umpan_balik_write(
            instansi=self.instansi,
            actor=self.actor,
            rows=items,
            sumber=Sumber.IMPOR,
            penyebab="umpan_balik_360.import",
        )
        return written.baru, written.diubah, written.tetap


umpan_balik_import = UmpanBalikImporter.run
