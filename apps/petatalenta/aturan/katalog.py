"""What the rule-set machinery knows about one kind of rule set, and the ordering helpers every
kind shares."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .validasi import Masalah


@dataclass(frozen=True)
class Katalog:
    """One kind of rule set. The engine (`mesin.from_config`) stays the final authority: the
    per-setting checks before it exist only to say which setting is wrong, in words a BKD clerk
    understands."""

    # The JSON files of this kind (docs/rulesets.md): the "format" they declare and its version.
    format_nama: str
    format_versi: int
    # Every key a configuration may hold, in the documented (and exported) order.
    kunci_urutan: tuple[str, ...]
    # The documented order of the keys inside the settings that hold a mapping.
    urutan_dalam: Mapping[str, tuple[str, ...]]
    # The keys each model (value of "model") reads; the engine ignores the others for that model.
    # Empty for a kind with a single model and no "model" setting.
    kunci_model: Mapping[str, tuple[str, ...]]
    # Per model, the keys it cannot do without (the engine's defaults would be meaningless) and
    # the message a missing one gets.
    kunci_wajib: Mapping[str, tuple[tuple[str, ...], Any]]
    # Settings holding a fixed-length list, shown and compared one entry at a time.
    kunci_berindeks: Mapping[str, int]
    # (key, check) in the order problems are reported; a check sees the key and its value.
    pemeriksa: tuple[tuple[str, Callable[[str, Any], list[Masalah]]], ...]
    # The engine: `mesin.from_config(konfigurasi)` builds the rule set or raises `mesin_galat`
    # (whose `problems` lists every problem); looked up at call time, never bound here.
    mesin: type
    mesin_galat: type[Exception]
    # The explicit configuration of an engine rule set that two versions are compared on
    # (defaults written out, and whatever else the kind resolves, e.g. default labels).
    banding: Callable[[Any], dict[str, Any]]
    # People's words: a setting path's label, the section a top-level key is listed under, a
    # value as a clerk reads it (never None).
    kunci_label: Callable[[str], str]
    bagian_label: Callable[[str], str]
    nilai_tampil: Callable[[str, Any], str]
    # Messages naming this kind (their words differ per kind, so the catalogue holds them whole).
    pesan_model: Any  # the value of "model" is not one of kunci_model
    pesan_bukan_format: Any  # "%(f)s": the file declares another format
    pesan_terlalu_besar: Any  # "%(kb)s", "%(maks)s": the file is over the import limit
    # Checks across settings (a threshold below another), run once every setting passed its own
    # check; the whole configuration in, problems on the settings they name out.
    pemeriksa_silang: Callable[[dict[str, Any]], list[Masalah]] | None = None


def angka_json(value: Decimal) -> int | float:
    """A Decimal as the JSON number a clerk would write (80, not 80.0)."""
    return int(value) if value == value.to_integral_value() else float(value)


def angka_tampil(value: Any) -> str:
    return number_format(value) if isinstance(value, int | float | Decimal) else str(value)


def daftar_tampil(items) -> str:
    """ "a, b dan c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(awal)s dan %(akhir)s") % {"awal": ", ".join(items[:-1]), "akhir": items[-1]}


def urut(mapping: dict, urutan: tuple) -> dict:
    """The mapping with the keys of `urutan` first, in that order, then the others as they came."""
    return {k: mapping[k] for k in urutan if k in mapping} | {
        k: v for k, v in mapping.items() if k not in urutan
    }


def konfigurasi_urut(konfigurasi: dict[str, Any], *, katalog: Katalog) -> dict[str, Any]:
    """The same configuration with its keys in the documented order (values untouched): JSONB
    keeps no key order, the export must be stable."""
    hasil = urut(dict(konfigurasi), katalog.kunci_urutan)
    for kunci, urutan in katalog.urutan_dalam.items():
        if isinstance(hasil.get(kunci), dict):
            hasil[kunci] = urut(hasil[kunci], urutan)
    return hasil


def aturan_baca(konfigurasi: dict[str, Any], *, katalog: Katalog) -> Any | None:
    """The engine's rule set, or None if the engine cannot read the configuration."""
    try:
        return katalog.mesin.from_config(konfigurasi)
    except (katalog.mesin_galat, TypeError, ValueError, KeyError, AttributeError, ArithmeticError):
        return None


def nilai_tampil_umum(nilai: Any) -> str:
    """A setting's value as a clerk reads it, when its kind has no words of its own for it."""
    if isinstance(nilai, bool):
        return str(nilai)
    return angka_tampil(nilai)
