"""Import of asesmen results from a spreadsheet: every row checked, then all or nothing.

`asesmen_import(instansi=, actor=, data=, nama=, dry_run=)` runs the generic pipeline of
apps/impor/pipeline.py with the rules here:

* the key is NIP + Tanggal Asesmen + Metode; the NIP must belong to a pegawai of the instansi (all
  NIPs loaded in one query, never per row); the same key twice in one file is an error on both rows;
* each row's values go through `services.asesmen_clean` (the same rules as the form and the API:
  the date is real and not in the future, the method is known, the potential score and the aspects
  are 0–100, JPM is 0–999.99 and may exceed 100, validity not before the date; an empty validity is
  the date plus the instansi's masa berlaku);
* on an asesmen already stored, an empty aspect or "Berlaku Sampai" cell (or a missing column) keeps
  the stored value: a partial file never wipes what a fuller one brought;
* the write goes through `services.asesmen_write` (bulk upsert, identical rows left alone, audit,
  row history with the cause "asesmen.import", inputs_changed).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.bulk import rows_stored
from apps.impor.pipeline import CHANGES_KEPT, ImportResult
from apps.pegawai.importer import NipRowImporter
from apps.pegawai.models import Pegawai

from .models import Asesmen, Sumber
from .resources import HEADER_BY_FIELD, SHEET_DATA, AsesmenResource, LabelWidget
from .services import (
    ASPEK_FIELDS,
    KEY_FIELDS,
    VALUE_FIELDS,
    AsesmenData,
    asesmen_clean,
    asesmen_existing,
    asesmen_write,
    masa_berlaku_tahun,
)

COLUMNS = AsesmenResource.columns()
REQUIRED = ("tanggal", "metode", "lembaga", "nilai_potensi", "jpm")
CLEAN_FIELDS = ("tanggal", "metode", "lembaga", "nilai_potensi", "jpm", "berlaku_sampai")
# Optional values an empty cell leaves as stored on an existing asesmen.
KEPT_WHEN_EMPTY = ("berlaku_sampai", *ASPEK_FIELDS)
CLEAN_ARGS = (*CLEAN_FIELDS, *ASPEK_FIELDS)
STORED_INDEX = {name: index for index, name in enumerate(VALUE_FIELDS, start=1)}  # after the pk
_METODE = LabelWidget(Asesmen.Metode)


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


class AsesmenImporter(NipRowImporter):
    kind = "asesmen"
    columns = COLUMNS
    sheet_name = SHEET_DATA

    def prepare(self) -> None:
        super().prepare()
        self.masa_berlaku = masa_berlaku_tahun(instansi=self.instansi)
        self.nip_pk = dict(Pegawai.objects.filter(instansi=self.instansi).values_list("nip", "pk"))
        self.empty_optional: dict[tuple, tuple[str, ...]] = {}

    def clean_row(self, values: dict[str, Any], invalid: set[str]):
        errors: list[tuple[str, str]] = []
        nip, pegawai_id = self.nip_lookup(values.get("nip"), invalid, errors)
        empty = self.required_missing(values, invalid, REQUIRED, errors)
        skip = invalid | empty
        get = values.get
        if skip:
            given = {name: None if name in skip else get(name) for name in CLEAN_ARGS}
        else:
            given = {name: get(name) for name in CLEAN_ARGS}
        try:
            cleaned = asesmen_clean(masa_berlaku=self.masa_berlaku, today=self.today, **given)
        except ValidationError as error:
            self.errors_in(error, skip, errors)
            cleaned = None
        if nip is None:
            return None, None, errors
        if cleaned is None:
            return self._key_probe(nip, values, skip), None, errors
        key = (nip, cleaned["tanggal"], cleaned["metode"])
        if pegawai_id is None or errors:
            return key, None, errors
        item = AsesmenData(pegawai_id=pegawai_id, **cleaned)
        # The reader gives None for an empty or blank cell and for a column the file lacks.
        left_empty = tuple(name for name in KEPT_WHEN_EMPTY if get(name) is None)
        if left_empty:
            self.empty_optional[item.kunci] = left_empty
        self.nip_of[pegawai_id] = nip
        return key, item, None

    def _key_probe(self, nip: str, values: dict[str, Any], skip: set[str]):
        """The key of a row whose other values failed, so a duplicate is still reported at once: the
        same asesmen_clean decides what the date and the method are (with neutral scores)."""
        if "tanggal" in skip or "metode" in skip:
            return None
        try:
            probe = asesmen_clean(
                tanggal=values.get("tanggal"),
                metode=values.get("metode"),
                lembaga="-",
                nilai_potensi=0,
                jpm=0,
                today=self.today,
            )
        except ValidationError:
            return None
        return (nip, probe["tanggal"], probe["metode"])

    def duplicate_message(self, key, others: str) -> str:
        nip, tanggal, metode = key
        return _(
            "NIP %(nip)s dengan tanggal asesmen %(tanggal)s dan metode %(metode)s juga ada di baris "
            "%(baris)s. Satu asesmen hanya boleh satu baris; hapus baris ganda."
        ) % {
            "nip": nip,
            "tanggal": tanggal.strftime("%d-%m-%Y"),
            "metode": _METODE.render(metode),
            "baris": others,
        }

    # -- against what is stored -------------------------------------------------------------------

    def _stored(self, items: list[AsesmenData]) -> dict[tuple, tuple]:
        """{(pegawai_id, tanggal, metode): (pk, *VALUE_FIELDS)}, read once for the comparison, the
        kept optionals and the write."""
        if not items:
            return {}
        return rows_stored(
            existing=asesmen_existing(instansi=self.instansi, rows=items), key=KEY_FIELDS, fields=VALUE_FIELDS
        )

    def _keep_stored_optionals(self, items: list[AsesmenData], stored: dict[tuple, tuple]) -> None:
        for item in items:
            names = self.empty_optional.get(item.kunci)
            current = stored.get(item.kunci) if names else None
            if current is None:
                continue
            for name in names:
                if name == "berlaku_sampai":
                    item.berlaku_sampai = current[STORED_INDEX[name]]
                else:
                    item.aspek[name] = current[STORED_INDEX[name]]

    def classify(self, rows: list[tuple[int, AsesmenData]], result: ImportResult) -> None:
        items = [item for _number, item in rows]
        stored = self._stored(items)
        self._keep_stored_optionals(items, stored)
        for number, item in rows:
            current = stored.get(item.kunci)
            if current is None:
                result.baru += 1
                filled = [(HEADER_BY_FIELD[name], _text(item.value(name))) for name in VALUE_FIELDS]
                self.new_add(
                    result,
                    number,
                    self.nip_of.get(item.pegawai_id, ""),
                    [(kolom, nilai) for kolom, nilai in filled if nilai != "—"],
                    pegawai_id=item.pegawai_id,
                )
                continue
            changed = [name for name in VALUE_FIELDS if current[STORED_INDEX[name]] != item.value(name)]
            if not changed:
                result.tetap += 1
                continue
            result.diubah += 1
            if len(result.changes) < CHANGES_KEPT:
                parts = [
                    (HEADER_BY_FIELD[name], _text(current[STORED_INDEX[name]]), _text(item.value(name)))
                    for name in changed
                ]
                self.change_add(
                    result, number, self.nip_of.get(item.pegawai_id, ""), parts, pegawai_id=item.pegawai_id
                )

    def verify(self) -> str | None:
        return self.nip_verify(dict(Pegawai.objects.filter(instansi=self.instansi).values_list("nip", "pk")))

    def write(self, items: list[AsesmenData]) -> tuple[int, int, int]:
        stored = self._stored(items)
        self._keep_stored_optionals(items, stored)
        written = asesmen_write(
            instansi=self.instansi,
            actor=self.actor,
            rows=items,
            sumber=Sumber.IMPOR,
            penyebab="asesmen.import",
            stored=stored,
        )
        return written.baru, written.diubah, written.tetap


asesmen_import = AsesmenImporter.run
