"""Writes for asesmen. Single records and bulk rows share one validation; both announce changed
inputs for the talent engine in the same transaction."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.bulk import TenantRowsWritten, tenant_rows_write
from apps.core.services import audit_event_record

from .models import MASA_BERLAKU_BAWAAN_TAHUN, Asesmen, AsesmenKompetensi, PengaturanAsesmen, Sumber

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi
    from apps.pegawai.models import Pegawai

ASPEK_FIELDS = [name for name, _label in Asesmen.ASPEK]
KEY_FIELDS = ("pegawai_id", "tanggal", "metode")
VALUE_FIELDS = ["lembaga", "nilai_potensi", "jpm", "berlaku_sampai", *ASPEK_FIELDS]
# Up to this many rows, the stored rows are looked up by their pegawai too.
FEW_ROWS = 1000
AsesmenWriteResult = TenantRowsWritten
METODE_ALIASES = {
    "assessment center": Asesmen.Metode.ASSESSMENT_CENTER,
    "assessment centre": Asesmen.Metode.ASSESSMENT_CENTER,
    "assessment_center": Asesmen.Metode.ASSESSMENT_CENTER,
    "ac": Asesmen.Metode.ASSESSMENT_CENTER,
    "cact": Asesmen.Metode.CACT,
    "uji kompetensi": Asesmen.Metode.UJI_KOMPETENSI,
    "uji_kompetensi": Asesmen.Metode.UJI_KOMPETENSI,
}


@dataclass
class AsesmenData:
    pegawai_id: int
    tanggal: dt.date
    metode: str
    lembaga: str
    nilai_potensi: Decimal
    jpm: Decimal
    berlaku_sampai: dt.date
    aspek: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def kunci(self) -> tuple[int, dt.date, str]:
        return (self.pegawai_id, self.tanggal, self.metode)

    def value(self, name: str):
        return self.aspek.get(name) if name in ASPEK_FIELDS else getattr(self, name)


def masa_berlaku_tahun(*, instansi: Instansi) -> int:
    pengaturan = PengaturanAsesmen.objects.filter(instansi=instansi).first()
    return pengaturan.masa_berlaku_tahun if pengaturan else MASA_BERLAKU_BAWAAN_TAHUN


def berlaku_sampai_default(tanggal: dt.date, tahun: int) -> dt.date:
    """The same calendar day `tahun` years later (29 February falls back to 28 February)."""
    try:
        return tanggal.replace(year=tanggal.year + tahun)
    except ValueError:
        return tanggal.replace(year=tanggal.year + tahun, day=28)


# Labels stay lazy until a message is built: translating them for every valid row of a 100,000-row
# import was 60 % of the row checks.
LABEL = {
    "tanggal": gettext_lazy("Tanggal asesmen"),
    "nilai_potensi": gettext_lazy("Nilai potensi"),
    "jpm": gettext_lazy("JPM"),
    "berlaku_sampai": gettext_lazy("Berlaku sampai"),
    **dict(Asesmen.ASPEK),
}
ASPEK_SET = frozenset(ASPEK_FIELDS)
NOL, SERATUS, JPM_MAKS, SEN = Decimal(0), Decimal(100), Decimal("999.99"), Decimal("0.01")


@functools.lru_cache(maxsize=20_000)
def _number(text: str) -> Decimal | None:
    """A typed number as a Decimal, None if it is not one. Remembered per text: the scores of a
    100,000-row file repeat (two decimals allow a few thousand distinct values per column)."""
    text = text.strip().replace(" ", "")
    # Indonesian spreadsheets write decimals with a comma: "77,50".
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _decimal(value: Any, *, name: str, label: Any, minimum: Decimal, maximum: Decimal | None, errors: dict):
    number = value if isinstance(value, Decimal) else _number(str(value))
    if number is None:
        errors[name] = [_("%(label)s '%(nilai)s' bukan angka.") % {"label": label, "nilai": value}]
        return None
    if not number.is_finite() or number < minimum or (maximum is not None and number > maximum):
        batas = f"{minimum}–{maximum}" if maximum is not None else f"≥ {minimum}"
        errors[name] = [
            _("%(label)s %(nilai)s di luar rentang %(batas)s.")
            % {"label": label, "nilai": value, "batas": batas}
        ]
        return None
    return number.quantize(SEN)


def asesmen_clean(
    *,
    tanggal: Any,
    metode: Any,
    lembaga: Any,
    nilai_potensi: Any,
    jpm: Any,
    berlaku_sampai: Any = None,
    masa_berlaku: int = MASA_BERLAKU_BAWAAN_TAHUN,
    today: dt.date | None = None,
    **aspek: Any,
) -> dict[str, Any]:
    """Validate one asesmen's values as typed; every problem is reported at once."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    unknown = aspek.keys() - ASPEK_SET
    if unknown:
        raise TypeError(f"asesmen_clean() got unknown fields {sorted(unknown)}")

    tanggal_date = _date(tanggal, name="tanggal", errors=errors)
    if tanggal_date is not None:
        if tanggal_date > today:
            errors["tanggal"] = [
                _("Tanggal asesmen %(t)s belum terjadi.") % {"t": tanggal_date.strftime("%d-%m-%Y")}
            ]
        elif tanggal_date.year < 2000:
            errors["tanggal"] = [
                _("Tanggal asesmen %(t)s terlalu lama.") % {"t": tanggal_date.strftime("%d-%m-%Y")}
            ]
        cleaned["tanggal"] = tanggal_date
    key = " ".join(str(metode or "").replace("-", " ").split()).lower()
    if key not in METODE_ALIASES:
        errors["metode"] = [
            _("Metode '%(nilai)s' tidak dikenal; isi Assessment Center, CACT atau Uji Kompetensi.")
            % {"nilai": metode}
        ]
    else:
        cleaned["metode"] = METODE_ALIASES[key]
    lembaga_text = " ".join(str(lembaga or "").split())
    if not lembaga_text:
        errors["lembaga"] = [_("Lembaga / assessment center wajib diisi.")]
    cleaned["lembaga"] = lembaga_text[:200]
    cleaned["nilai_potensi"] = _decimal(
        nilai_potensi,
        name="nilai_potensi",
        label=LABEL["nilai_potensi"],
        minimum=NOL,
        maximum=SERATUS,
        errors=errors,
    )
    cleaned["jpm"] = _decimal(
        jpm, name="jpm", label=LABEL["jpm"], minimum=NOL, maximum=JPM_MAKS, errors=errors
    )
    cleaned["aspek"] = {}
    for name in ASPEK_FIELDS:
        value = aspek.get(name)
        if value is None or value == "":
            cleaned["aspek"][name] = None
            continue
        cleaned["aspek"][name] = _decimal(
            value, name=name, label=LABEL[name], minimum=NOL, maximum=SERATUS, errors=errors
        )
    if berlaku_sampai in (None, ""):
        if tanggal_date is not None:
            cleaned["berlaku_sampai"] = berlaku_sampai_default(tanggal_date, masa_berlaku)
    else:
        akhir = _date(berlaku_sampai, name="berlaku_sampai", errors=errors)
        if akhir is not None and tanggal_date is not None and akhir < tanggal_date:
            errors["berlaku_sampai"] = [_("Tanggal berlaku sampai lebih awal dari tanggal asesmen.")]
        cleaned["berlaku_sampai"] = akhir
    if errors:
        raise ValidationError(errors)
    return cleaned


def _date(value: Any, *, name: str, errors: dict) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    # DD-MM-YYYY, as the templates ask, without strptime (a third of the row checks otherwise).
    if len(text) == 10 and text[2] == text[5] == "-" and (text[:2] + text[3:5] + text[6:]).isdigit():
        try:
            return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            pass  # not a real date: strptime below says so in the same words
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors[name] = [
        _("%(label)s '%(nilai)s' bukan tanggal yang valid (format HH-BB-TTTT, mis. 17-08-2025).")
        % {"label": LABEL[name], "nilai": value}
    ]
    return None


def asesmen_rows(rows: list[AsesmenData]) -> list[tuple]:
    """The rows as `tenant_rows_write` takes them: (*KEY_FIELDS, *VALUE_FIELDS)."""
    return [
        (
            row.pegawai_id,
            row.tanggal,
            row.metode,
            row.lembaga,
            row.nilai_potensi,
            row.jpm,
            row.berlaku_sampai,
            *map(row.aspek.get, ASPEK_FIELDS),
        )
        for row in rows
    ]


def asesmen_existing(*, instansi: Instansi, rows: list[AsesmenData]):
    """Where the stored asesmen the rows could match are: the instansi's in the rows' date range
    (and, for a few rows, of their pegawai: a form writes one)."""
    queryset = Asesmen.objects.filter(
        instansi=instansi,
        tanggal__gte=min(row.tanggal for row in rows),
        tanggal__lte=max(row.tanggal for row in rows),
    )
    if len(rows) <= FEW_ROWS:
        queryset = queryset.filter(pegawai_id__in={row.pegawai_id for row in rows})
    return queryset


def asesmen_write(
    *,
    instansi: Instansi,
    actor: User | None,
    rows: list[AsesmenData],
    sumber: str = Sumber.MANUAL,
    penyebab: str = "asesmen",
    stored: Mapping[tuple, Sequence[Any]] | None = None,
) -> AsesmenWriteResult:
    """Upsert validated rows by their natural key; identical rows are left alone (a re-import
    changes nothing). Row history is written by database triggers, bulk rows included, with the
    actor and cause from this context. `stored`: what `rows_stored(key=KEY_FIELDS,
    fields=VALUE_FIELDS)` returns for the rows, when the caller has already read it."""
    if not rows:
        return AsesmenWriteResult()
    return tenant_rows_write(
        model=Asesmen,
        instansi=instansi,
        actor=actor,
        key=KEY_FIELDS,
        fields=VALUE_FIELDS,
        rows=asesmen_rows(rows),
        existing=None if stored is not None else asesmen_existing(instansi=instansi, rows=rows),
        stored=stored,
        sumber=sumber,
        penyebab=penyebab,
        action="asesmen.write",
    )


def asesmen_kompetensi_clean(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-competency levels against the jabatan standard (optional detail): every problem at once."""
    errors: list[str] = []
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    kelompok_valid = set(AsesmenKompetensi.Kelompok.values)
    for index, item in enumerate(items, start=1):
        nama = " ".join(str(item.get("kompetensi") or "").split())[:120]
        kelompok = str(item.get("kelompok") or "").strip().lower().replace(" ", "_")
        if not nama:
            errors.append(_("Kompetensi ke-%(n)s: nama kompetensi wajib diisi.") % {"n": index})
        elif nama.lower() in seen:
            errors.append(_("Kompetensi '%(nama)s' tercantum dua kali.") % {"nama": nama})
        seen.add(nama.lower())
        if kelompok not in kelompok_valid:
            errors.append(
                _("Kompetensi ke-%(n)s: kelompok harus manajerial, sosial_kultural atau teknis.")
                % {"n": index}
            )
        levels = {}
        for name in ("level_standar", "level_individu"):
            try:
                levels[name] = int(item.get(name))
                if not 1 <= levels[name] <= 5:
                    raise ValueError
            except (TypeError, ValueError):
                errors.append(
                    _("Kompetensi ke-%(n)s: %(f)s harus 1–5.") % {"n": index, "f": name.replace("_", " ")}
                )
        cleaned.append({"kompetensi": nama, "kelompok": kelompok, **levels})
    if errors:
        raise ValidationError({"kompetensi": errors})
    return cleaned


def asesmen_record(
    *,
    instansi: Instansi,
    actor: User | None,
    pegawai: Pegawai,
    sumber: str = Sumber.MANUAL,
    kompetensi: list[dict[str, Any]] | None = None,
    **values: Any,
) -> Asesmen:
    """One asesmen from a form or the API: validate, upsert, return the stored row. `kompetensi`,
    when given, replaces the asesmen's per-competency levels (all validated before anything is
    written)."""
    cleaned = asesmen_clean(masa_berlaku=masa_berlaku_tahun(instansi=instansi), **values)
    kompetensi_rows = asesmen_kompetensi_clean(kompetensi) if kompetensi is not None else None
    row = AsesmenData(pegawai_id=pegawai.pk, **cleaned)
    with transaction.atomic():
        written = asesmen_write(
            instansi=instansi, actor=actor, rows=[row], sumber=sumber, penyebab="asesmen.record"
        )
        asesmen = Asesmen.objects.get(
            instansi=instansi, pegawai=pegawai, tanggal=row.tanggal, metode=row.metode
        )
        if kompetensi_rows is not None:
            current = sorted(
                AsesmenKompetensi.objects.filter(instansi=instansi, asesmen=asesmen).values(
                    "kompetensi", "kelompok", "level_standar", "level_individu"
                ),
                key=lambda k: k["kompetensi"],
            )
            if current != sorted(kompetensi_rows, key=lambda k: k["kompetensi"]):
                AsesmenKompetensi.objects.filter(instansi=instansi, asesmen=asesmen).delete()
                AsesmenKompetensi.objects.bulk_create(
                    AsesmenKompetensi(instansi=instansi, asesmen=asesmen, **item) for item in kompetensi_rows
                )
                audit_event_record(
                    action="asesmen.kompetensi",
                    instansi=instansi,
                    actor=actor,
                    target=asesmen,
                    old_values={"kompetensi": current},
                    new_values={"kompetensi": kompetensi_rows},
                )
    return asesmen, written.baru == 1
