"""Writes for SKP. Single records (form, API) and bulk rows (imports) share one validation, and
both announce changed inputs for the talent engine in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import inputs_changed_send
from apps.core.services import audit_event_record

from .models import SKP, Periode, Sumber
from .predikat import Predikat, predikat_derive, predikat_parse, rating_parse

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi
    from apps.pegawai.models import Pegawai

SKP_FIELDS = ["rating_hasil_kerja", "rating_perilaku_kerja", "predikat"]


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


@dataclass
class SkpWriteResult:
    baru: int = 0
    diubah: int = 0
    tetap: int = 0
    pegawai_ids: set[int] = field(default_factory=set)


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


def _skp_write_rows(
    *,
    instansi: Instansi,
    actor: User | None,
    rows: list[SkpData],
    sumber: str = Sumber.MANUAL,
    cause: str = "skp",
) -> SkpWriteResult:
    """Upsert validated rows by (pegawai, tahun, periode): new rows inserted, changed rows updated,
    identical rows left alone (so a re-import changes nothing). One query to read what exists, bulk
    writes in batches; row history is recorded by database triggers, bulk paths included."""
    result = SkpWriteResult()
    if not rows:
        return result
    pegawai_ids = {row.pegawai_id for row in rows}
    existing = {
        (skp.pegawai_id, skp.tahun, skp.periode): skp
        for skp in SKP.objects.filter(instansi=instansi, pegawai_id__in=pegawai_ids)
    }
    baru, diubah = [], []
    now = timezone.now()
    for row in rows:
        current = existing.get(row.kunci)
        if current is None:
            baru.append(
                SKP(
                    instansi=instansi,
                    pegawai_id=row.pegawai_id,
                    tahun=row.tahun,
                    periode=row.periode,
                    rating_hasil_kerja=row.rating_hasil_kerja,
                    rating_perilaku_kerja=row.rating_perilaku_kerja,
                    predikat=row.predikat,
                    sumber=sumber,
                )
            )
        elif any(getattr(current, name) != getattr(row, name) for name in SKP_FIELDS):
            for name in SKP_FIELDS:
                setattr(current, name, getattr(row, name))
            current.sumber = sumber
            current.diubah_pada = now  # bulk_update does not apply auto_now
            diubah.append(current)
        else:
            result.tetap += 1
            continue
        result.pegawai_ids.add(row.pegawai_id)
    SKP.objects.bulk_create(baru, batch_size=2000)
    SKP.objects.bulk_update(diubah, [*SKP_FIELDS, "sumber", "diubah_pada"], batch_size=2000)
    result.baru, result.diubah = len(baru), len(diubah)
    if baru or diubah:
        audit_event_record(
            action="skp.write",
            instansi=instansi,
            actor=actor,
            new_values={
                "baru": result.baru,
                "diubah": result.diubah,
                "tetap": result.tetap,
                "sumber": sumber,
            },
        )
        inputs_changed_send(instansi_id=instansi.pk, pegawai_ids=sorted(result.pegawai_ids), cause=cause)
    return result


@transaction.atomic
def skp_write(
    *,
    instansi: Instansi,
    actor: User | None,
    rows: list[SkpData],
    sumber: str = Sumber.MANUAL,
    cause: str = "skp",
) -> SkpWriteResult:
    """Upsert validated rows by their natural key; identical rows are left alone (a re-import
    changes nothing). Row history is written by database triggers, bulk rows included, with the
    actor and cause from this context."""
    with pghistory.context(user=actor.pk if actor else None, cause=cause):
        return _skp_write_rows(instansi=instansi, actor=actor, rows=rows, sumber=sumber, cause=cause)


def skp_record(
    *, instansi: Instansi, actor: User | None, pegawai: Pegawai, sumber: str = Sumber.MANUAL, **values
):
    """One SKP from a form or the API: validate, upsert, return the stored row."""
    cleaned = skp_clean(**values)
    row = SkpData(pegawai_id=pegawai.pk, **cleaned)
    skp_write(instansi=instansi, actor=actor, rows=[row], sumber=sumber, cause="skp.record")
    return SKP.objects.get(instansi=instansi, pegawai=pegawai, tahun=row.tahun, periode=row.periode)
