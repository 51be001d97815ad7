"""Writes for SKP. Single records (form, API) and bulk rows (imports) share one validation, and
both announce changed inputs for the talent engine in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.bulk import TenantRowsWritten, tenant_rows_write

from .models import SKP, Periode, Sumber
from .predikat import Predikat, predikat_derive, predikat_parse, rating_parse

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi
    from apps.pegawai.models import Pegawai

KEY_FIELDS = ("pegawai_id", "tahun", "periode")
SKP_FIELDS = ["rating_hasil_kerja", "rating_perilaku_kerja", "predikat"]
# Up to this many rows, the stored rows are looked up by their pegawai too.
FEW_ROWS = 1000
SkpWriteResult = TenantRowsWritten


@dataclass
class SkpData:
    """One validated SKP row, ready to write."""

    pegawai_id: int
    tahun: int
    periode: str
    rating_hasil_kerja: str
    rating_perilaku_kerja: str
    predikat: str

    @property
    def kunci(self) -> tuple[int, int, str]:
        return (self.pegawai_id, self.tahun, self.periode)


def skp_clean(
    *,
    tahun: Any,
    periode: Any,
    rating_hasil_kerja: Any,
    rating_perilaku_kerja: Any,
    predikat: Any = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Validate one SKP's values as typed (form, API, spreadsheet); every problem is reported.

    A supplied predikat is checked against the matrix: it must agree, it is never taken as given.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    try:
        tahun_int = int(str(tahun).strip())
        if str(tahun).strip() != str(tahun_int):
            raise ValueError
    except (TypeError, ValueError):
        errors["tahun"] = [_("Tahun '%(nilai)s' bukan tahun (contoh: 2025).") % {"nilai": tahun}]
    else:
        if tahun_int < 2000 or tahun_int > today.year:
            errors["tahun"] = [
                _("Tahun %(tahun)s di luar rentang 2000–%(kini)s.") % {"tahun": tahun_int, "kini": today.year}
            ]
        cleaned["tahun"] = tahun_int
    periode_key = str(periode or "").strip().lower().replace(" ", "")
    periode_map = {
        "tahunan": Periode.TAHUNAN,
        "triwulani": Periode.TW1,
        "triwulanii": Periode.TW2,
        "triwulaniii": Periode.TW3,
        "triwulaniv": Periode.TW4,
        "tw1": Periode.TW1,
        "tw2": Periode.TW2,
        "tw3": Periode.TW3,
        "tw4": Periode.TW4,
    }
    if periode_key not in periode_map:
        errors["periode"] = [
            _("Periode '%(nilai)s' tidak dikenal; isi Tahunan atau Triwulan I–IV.") % {"nilai": periode}
        ]
    else:
        cleaned["periode"] = periode_map[periode_key]
    for name, value in (
        ("rating_hasil_kerja", rating_hasil_kerja),
        ("rating_perilaku_kerja", rating_perilaku_kerja),
    ):
        parsed = rating_parse(value)
        if parsed is None:
            errors[name] = [
                _(
                    "Rating '%(nilai)s' tidak dikenal; isi Di Atas Ekspektasi, Sesuai Ekspektasi atau Di Bawah Ekspektasi."
                )
                % {"nilai": value}
            ]
        else:
            cleaned[name] = parsed
    if "rating_hasil_kerja" in cleaned and "rating_perilaku_kerja" in cleaned:
        derived = predikat_derive(
            hasil_kerja=cleaned["rating_hasil_kerja"], perilaku_kerja=cleaned["rating_perilaku_kerja"]
        )
        cleaned["predikat"] = derived
        if predikat not in (None, ""):
            given = predikat_parse(predikat)
            if given is None:
                errors["predikat"] = [
                    _("Predikat '%(nilai)s' bukan label resmi (%(label)s).")
                    % {"nilai": predikat, "label": ", ".join(Predikat.values)}
                ]
            elif given != derived:
                errors["predikat"] = [
                    _(
                        "Predikat '%(diberikan)s' tidak sesuai matriks PermenPANRB 6/2022: "
                        "hasil kerja %(hasil)s dan perilaku %(perilaku)s menghasilkan '%(seharusnya)s'."
                    )
                    % {
                        "diberikan": given,
                        "hasil": rating_hasil_kerja,
                        "perilaku": rating_perilaku_kerja,
                        "seharusnya": derived,
                    }
                ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def skp_existing(*, instansi: Instansi, rows: list[SkpData]):
    """Where the stored SKP the rows could match are: the instansi's of the rows' years (and, for a
    few rows, of their pegawai: a form writes one)."""
    queryset = SKP.objects.filter(instansi=instansi, tahun__in={row.tahun for row in rows})
    if len(rows) <= FEW_ROWS:
        queryset = queryset.filter(pegawai_id__in={row.pegawai_id for row in rows})
    return queryset


def skp_write(
    *,
    instansi: Instansi,
    actor: User | None,
    rows: list[SkpData],
    sumber: str = Sumber.MANUAL,
    penyebab: str = "skp",
) -> SkpWriteResult:
    """Upsert validated rows by (pegawai, tahun, periode): new rows inserted, changed rows updated,
    identical rows left alone (so a re-import changes nothing). Row history is written by database
    triggers, bulk rows included, with the actor and cause from this context."""
    if not rows:
        return SkpWriteResult()
    return tenant_rows_write(
        model=SKP,
        instansi=instansi,
        actor=actor,
        key=KEY_FIELDS,
        fields=SKP_FIELDS,
        rows=[
            (
                row.pegawai_id,
                row.tahun,
                row.periode,
                row.rating_hasil_kerja,
                row.rating_perilaku_kerja,
                row.predikat,
            )
            for row in rows
        ],
        existing=skp_existing(instansi=instansi, rows=rows),
        sumber=sumber,
        penyebab=penyebab,
        action="skp.write",
    )


def skp_record(
    *, instansi: Instansi, actor: User | None, pegawai: Pegawai, sumber: str = Sumber.MANUAL, **values
):
    """One SKP from a form or the API: validate, upsert; returns the stored row and whether it is new."""
    cleaned = skp_clean(**values)
    row = SkpData(pegawai_id=pegawai.pk, **cleaned)
    written = skp_write(instansi=instansi, actor=actor, rows=[row], sumber=sumber, penyebab="skp.record")
    skp = SKP.objects.get(instansi=instansi, pegawai=pegawai, tahun=row.tahun, periode=row.periode)
    return skp, written.baru == 1
