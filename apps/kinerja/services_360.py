"""Writes for umpan balik 360°: the form, the API and the spreadsheet import share one validation
(`umpan_balik_clean`) and one bulk upsert (`umpan_balik_write`: audit, row history, inputs_changed
in the same transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.bulk import TenantRowsWritten, tenant_rows_write

from .models import Sumber, UmpanBalik360

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi
    from apps.pegawai.models import Pegawai

KEY_FIELDS = ("pegawai_id", "tanggal")
UMPAN_BALIK_FIELDS = ["skor", "penyelenggara"]
SEN = Decimal("0.01")


@dataclass
class UmpanBalikData:
    """One validated 360° result, ready to write."""

    pegawai_id: int
    tanggal: dt.date
    skor: Decimal
    penyelenggara: str

    @property
    def kunci(self) -> tuple[int, dt.date]:
        return (self.pegawai_id, self.tanggal)


def _tanggal(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _angka(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value or "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # "85,5" as Indonesian spreadsheets write it
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def umpan_balik_clean(
    *, tanggal: Any, skor: Any, penyelenggara: Any = "", today: dt.date | None = None
) -> dict[str, Any]:
    """Validate one result as typed (form, API, spreadsheet); every problem is reported at once."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    if tanggal in (None, ""):
        errors["tanggal"] = [_("Tanggal penilaian wajib diisi.")]
    else:
        tanggal_date = _tanggal(tanggal)
        if tanggal_date is None:
            errors["tanggal"] = [
                _("Tanggal '%(nilai)s' bukan tanggal yang valid (format HH-BB-TTTT, mis. 17-08-2025).")
                % {"nilai": tanggal}
            ]
        elif tanggal_date > today:
            errors["tanggal"] = [
                _("Tanggal penilaian %(t)s belum terjadi.") % {"t": tanggal_date.strftime("%d-%m-%Y")}
            ]
        elif tanggal_date.year < 2000:
            errors["tanggal"] = [
                _("Tanggal penilaian %(t)s terlalu lama.") % {"t": tanggal_date.strftime("%d-%m-%Y")}
            ]
        else:
            cleaned["tanggal"] = tanggal_date
    if skor in (None, ""):
        errors["skor"] = [_("Nilai umpan balik 360° wajib diisi (0–100).")]
    else:
        number = _angka(skor)
        if number is None:
            errors["skor"] = [_("Nilai '%(nilai)s' bukan angka.") % {"nilai": skor}]
        elif not Decimal(0) <= number <= Decimal(100):
            errors["skor"] = [_("Nilai %(nilai)s di luar rentang 0–100.") % {"nilai": skor}]
        elif number != number.quantize(SEN):
            errors["skor"] = [
                _("Nilai %(nilai)s: paling banyak dua angka di belakang koma.") % {"nilai": skor}
            ]
        else:
            cleaned["skor"] = number.quantize(SEN)
    cleaned["penyelenggara"] = " ".join(str(penyelenggara or "").split())[:200]
    if errors:
        raise ValidationError(errors)
    return cleaned


def umpan_balik_write(
    *,
    instansi: Instansi,
    actor: User | None,
    rows: list[UmpanBalikData],
    sumber: str = Sumber.MANUAL,
    penyebab: str = "umpan_balik_360",
) -> TenantRowsWritten:
    """Upsert validated rows by (pegawai, tanggal): new inserted, changed updated, identical left
    alone (a re-import changes nothing)."""
    if not rows:
        return TenantRowsWritten()
    return tenant_rows_write(
        model=UmpanBalik360,
        instansi=instansi,
        actor=actor,
        key=KEY_FIELDS,
        fields=UMPAN_BALIK_FIELDS,
        rows=[(row.pegawai_id, row.tanggal, row.skor, row.penyelenggara) for row in rows],
        existing=UmpanBalik360.objects.filter(
            instansi=instansi, pegawai_id__in={row.pegawai_id for row in rows}
        ),
        sumber=sumber,
        penyebab=penyebab,
        action="umpan_balik_360.write",
    )


def umpan_balik_record(
    *, instansi: Instansi, actor: User | None, pegawai: Pegawai, sumber: str = Sumber.MANUAL, **values
) -> tuple[UmpanBalik360, bool]:
    """One result from a form or the API: validate, upsert; the stored row and whether it is new."""
    cleaned = umpan_balik_clean(**values)
    row = UmpanBalikData(pegawai_id=pegawai.pk, **cleaned)
    written = umpan_balik_write(
        instansi=instansi, actor=actor, rows=[row], sumber=sumber, penyebab="umpan_balik_360.record"
    )
    stored = UmpanBalik360.objects.get(instansi=instansi, pegawai=pegawai, tanggal=row.tanggal)
    return stored, written.baru == 1
