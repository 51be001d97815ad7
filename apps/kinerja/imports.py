"""Import of SKP / e-Kinerja ratings from a spreadsheet: every row checked, then all or nothing.

`skp_import(instansi=, actor=, data=, nama=, dry_run=)` runs the generic pipeline of
apps/impor/pipeline.py with the rules here:

* the key is NIP + Tahun + Periode; the NIP must belong to a pegawai of the instansi (all NIPs are
  loaded in one query, never per row); the same key twice in one file is an error on both rows;
* each row's values go through `services.skp_clean` (the same rules as the form and the API: year
  range, periode, the two ratings, and a supplied predikat must agree with the matrix);
* the write goes through `services.skp_write` (bulk upsert, identical rows left alone, audit,
  row history with the cause "skp.import", inputs_changed);
* annual rows are checked against the kurva distribusi of each unit kerja that has its own
  organisational predikat for that year (PredikatOrganisasi), on the distribution the import would
  leave behind (stored annual SKPs of the unit's current pegawai, replaced by the file's rows).
  A breach is a warning, never an error.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.impor.pipeline import CHANGES_KEPT, ImportResult
from apps.instansi.models import UnitKerja
from apps.pegawai.importer import NipRowImporter
from apps.pegawai.models import Pegawai

from .distribusi import kurva_distribusi_check
from .models import SKP, Periode, PredikatOrganisasi, Sumber
from .predikat import Rating
from .resources import HEADER_BY_FIELD, SHEET_DATA, LabelWidget, SkpResource
from .services import SKP_FIELDS, SkpData, skp_clean, skp_write

COLUMNS = SkpResource.columns()
REQUIRED = ("tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja")
CACHE_MAX = 10_000  # distinct value combinations remembered by SkpImporter._clean
_PERIODE = LabelWidget(Periode)
_RATING = LabelWidget(Rating)


class SkpImporter(NipRowImporter):
    kind = "skp"
    columns = COLUMNS
    sheet_name = SHEET_DATA

    def prepare(self) -> None:
        super().prepare()
        self.nip_pk = {}
        self.pegawai_unit: dict[int, int | None] = {}
        for nip, pk, unit_id in Pegawai.objects.filter(instansi=self.instansi).values_list(
            "nip", "pk", "unit_kerja_id"
        ):
            self.nip_pk[nip] = pk
            self.pegawai_unit[pk] = unit_id
        self._cache: dict[tuple, dict[str, Any] | ValidationError] = {}

    def clean_row(self, values: dict[str, Any], invalid: set[str]):
        errors: list[tuple[str, str]] = []
        nip, pegawai_id = self.nip_lookup(values.get("nip"), invalid, errors)
        empty = self.required_missing(values, invalid, REQUIRED, errors)
        skip = invalid | empty
        get = values.get
        cleaned = self._clean(
            None if "tahun" in skip else get("tahun"),
            None if "periode" in skip else get("periode"),
            None if "rating_hasil_kerja" in skip else get("rating_hasil_kerja"),
            None if "rating_perilaku_kerja" in skip else get("rating_perilaku_kerja"),
            None if "predikat" in invalid else get("predikat"),
        )
        if isinstance(cleaned, ValidationError):
            self.errors_in(cleaned, skip, errors)
            cleaned = None
        if nip is None:
            return None, None, errors
        if cleaned is None:
            return self._key_probe(nip, values, skip), None, errors
        key = (nip, cleaned["tahun"], cleaned["periode"])
        if pegawai_id is None or errors:
            return key, None, errors
        self.nip_of[pegawai_id] = nip
        return key, SkpData(pegawai_id=pegawai_id, **cleaned), None

    def _clean(self, *args: Any) -> dict[str, Any] | ValidationError:
        """skp_clean(tahun, periode, rating_hasil_kerja, rating_perilaku_kerja, predikat), remembered
        per distinct combination: a file of 100,000 rows holds only a few dozen of them, and the
        function is pure, so its result (or its ValidationError) is the same for every row that
        repeats one."""
        key = tuple((type(arg), arg) for arg in args)  # 2025 and 2025.0 are equal, not the same input
        hit = self._cache.get(key)
        if hit is None:
            tahun, periode, hasil, perilaku, predikat = args
            try:
                hit = skp_clean(
                    tahun=tahun,
                    periode=periode,
                    rating_hasil_kerja=hasil,
                    rating_perilaku_kerja=perilaku,
                    predikat=predikat,
                    today=self.today,
                )
            except ValidationError as error:
                hit = error
            if len(self._cache) < CACHE_MAX:
                self._cache[key] = hit
        return hit

    def _key_probe(self, nip: str, values: dict[str, Any], skip: set[str]):
        """The key of a row whose ratings failed, so a duplicate is still reported at once: the same
        skp_clean decides what the year and period are (with neutral ratings)."""
        if "tahun" in skip or "periode" in skip:
            return None
        probe = self._clean(values.get("tahun"), values.get("periode"), "sesuai", "sesuai", None)
        if isinstance(probe, ValidationError):
            return None
        return (nip, probe["tahun"], probe["periode"])

    def duplicate_message(self, key, others: str) -> str:
        nip, tahun, periode = key
        return _(
            "NIP %(nip)s dengan tahun %(tahun)s dan periode %(periode)s juga ada di baris %(baris)s. "
            "Satu pegawai hanya boleh satu baris per tahun dan periode; hapus baris ganda."
        ) % {"nip": nip, "tahun": tahun, "periode": _PERIODE.render(periode), "baris": others}

    # -- against what is stored -------------------------------------------------------------------

    def classify(self, rows: list[tuple[int, SkpData]], result: ImportResult) -> None:
        if not rows:
            return
        years = {item.tahun for _number, item in rows}
        existing = {
            (pegawai_id, tahun, periode): values
            for pegawai_id, tahun, periode, *values in SKP.objects.filter(
                instansi=self.instansi, tahun__in=years
            ).values_list("pegawai_id", "tahun", "periode", *SKP_FIELDS)
        }
        for number, item in rows:
            stored = existing.get(item.kunci)
            new = [getattr(item, name) for name in SKP_FIELDS]
            if stored is None:
                result.baru += 1
                self.new_add(
                    result,
                    number,
                    self.nip_of.get(item.pegawai_id, ""),
                    [
                        (HEADER_BY_FIELD["tahun"], str(item.tahun)),
                        (HEADER_BY_FIELD["periode"], _PERIODE.render(item.periode)),
                        *(
                            (HEADER_BY_FIELD[name], _RATING.render(value))
                            for name, value in zip(SKP_FIELDS, new, strict=True)
                            if value not in (None, "")
                        ),
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
                    (HEADER_BY_FIELD[name], _RATING.render(old), _RATING.render(value))
                    for name, old, value in zip(SKP_FIELDS, stored, new, strict=True)
                    if old != value
                ]
                self.change_add(
                    result, number, self.nip_of.get(item.pegawai_id, ""), parts, pegawai_id=item.pegawai_id
                )

    def verify(self) -> str | None:
        return self.nip_verify(dict(Pegawai.objects.filter(instansi=self.instansi).values_list("nip", "pk")))

    def write(self, items: list[SkpData]) -> tuple[int, int, int]:
        written = skp_write(
            instansi=self.instansi, actor=self.actor, rows=items, sumber=Sumber.IMPOR, penyebab="skp.import"
        )
        return written.baru, written.diubah, written.tetap

    # -- kurva distribusi -------------------------------------------------------------------------

    def warnings(self, items: list[SkpData]) -> list[str]:
        tahunan = [item for item in items if item.periode == Periode.TAHUNAN]
        if not tahunan:
            return []
        years = {item.tahun for item in tahunan}
        org = {
            (unit_id, tahun): predikat
            for unit_id, tahun, predikat in PredikatOrganisasi.objects.filter(
                instansi=self.instansi, tahun__in=years
            ).values_list("unit_kerja_id", "tahun", "predikat")
        }
        if not org:
            return []
        units = {
            pk: (induk_id, kode, nama)
            for pk, induk_id, kode, nama in UnitKerja.objects.filter(instansi=self.instansi).values_list(
                "pk", "induk_id", "kode", "nama"
            )
        }
        chains: dict[int | None, tuple[int, ...]] = {None: ()}

        def chain(unit_id: int | None) -> tuple[int, ...]:
            """The unit and its ancestors (the tree is three levels deep)."""
            if unit_id not in chains:
                found, current = [], unit_id
                while current is not None and current in units and current not in found:
                    found.append(current)
                    current = units[current][0]
                chains[unit_id] = tuple(found)
            return chains[unit_id]

        # The annual predikat each pegawai will have after this import.
        predikat: dict[tuple[int, int], str] = {
            (pegawai_id, tahun): value
            for pegawai_id, tahun, value in SKP.objects.filter(
                instansi=self.instansi, periode=Periode.TAHUNAN, tahun__in=years
            ).values_list("pegawai_id", "tahun", "predikat")
        }
        touched: set[tuple[int, int]] = set()
        for item in tahunan:
            predikat[(item.pegawai_id, item.tahun)] = item.predikat
            for unit_id in chain(self.pegawai_unit.get(item.pegawai_id)):
                if (unit_id, item.tahun) in org:
                    touched.add((unit_id, item.tahun))
        if not touched:
            return []
        jumlah: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for (pegawai_id, tahun), value in predikat.items():
            if pegawai_id not in self.pegawai_unit:
                continue  # no longer a pegawai of this instansi
            for unit_id in chain(self.pegawai_unit[pegawai_id]):
                if (unit_id, tahun) in touched:
                    jumlah[(unit_id, tahun)][value] += 1
        warnings = []
        for unit_id, tahun in sorted(touched, key=lambda k: (k[1], units[k[0]][1])):
            _induk, kode, nama = units[unit_id]
            for message in kurva_distribusi_check(
                predikat_organisasi=org[(unit_id, tahun)], jumlah=dict(jumlah[(unit_id, tahun)])
            ):
                warnings.append(
                    _("Kurva distribusi %(unit)s (%(kode)s), tahun %(tahun)s: %(pesan)s")
                    % {"unit": nama, "kode": kode, "tahun": tahun, "pesan": message}
                )
        return warnings


skp_import = SkpImporter.run
