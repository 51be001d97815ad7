"""What the rule-set pages and services know about one kind of rule set beyond its catalogue: the
model its versions are stored in, its national presets, what activation starts, the audit actions,
the URL names and permission codes of its pages, and the words that name it.

The talent rule set (`petatalenta.services_aturan.JENIS_TALENTA`) and the succession one
(`suksesi.services_aturan.JENIS_SUKSESI`) are each one `JenisAturan`; the generic services
(`aturan.services`), reads (`aturan.selectors`), forms (`aturan.forms`) and views (`aturan.views`)
take it as their only kind-specific input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .katalog import Katalog


@dataclass(frozen=True)
class Aktivasi:
    """What activating a version started: `hasil` is returned to the caller (the talent kind's
    bulk-recompute job), `audit` goes into the activation's audit event."""

    hasil: Any = None
    audit: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JenisAturan:
    kode: str  # "talenta", "suksesi": the file names of exports, template folders
    model: type  # an apps.petatalenta.models.AturanBase subclass
    katalog: Katalog
    # name -> configuration with every setting written out (what a clone of the preset stores)
    preset: Mapping[str, Callable[[], dict[str, Any]]]
    preset_label: Mapping[str, Any]
    preset_awal: str  # the preset a new draf starts from, and the one in force until one is active
    audit_awalan: str  # "aturan_talenta" -> aturan_talenta.create / .update / .aktifkan / .delete
    namespace: str  # URL namespace of the pages
    url_awalan: str  # URL names are f"{namespace}:{url_awalan}{list|detail|...}"
    izin_lihat: str
    izin_kelola: str
    # Called inside the activation's transaction, after the switch: starts the recompute of what
    # the rule set derives. Keyword arguments: instansi, actor, aturan, lama (the archived version
    # or None), and any option the caller passed.
    aktivasi: Callable[..., Aktivasi]
    # Words (whole messages, gettext_lazy): the kind's name as a title and in a sentence, what its
    # versions compute, and why a version cannot be edited.
    judul: Any  # "Aturan talenta"
    nama: Any  # "aturan talenta"
    hasil: Any  # what a version is used to compute: "penempatan", "daftar calon suksesor"
    alasan_digunakan: Any
    alasan_aktif: Any
    alasan_arsip: Any
    template_folder: str  # kind-specific templates, tried before the generic ones in "aturan/"

    def url(self, nama: str) -> str:
        return f"{self.namespace}:{self.url_awalan}{nama}"

    @property
    def rute(self) -> dict[str, str]:
        """The URL names of every page, for templates (`{% url rute.detail aturan.pk %}`)."""
        return {
            n: self.url(n)
            for n in ("list", "detail", "ubah", "salin", "impor", "ekspor", "banding", "aktifkan", "hapus")
        }

    def template(self, nama: str) -> list[str]:
        return [f"{self.template_folder}/{nama}", f"aturan/{nama}"]

    def preset_konfigurasi(self, nama: str) -> dict[str, Any]:
        return self.preset[nama]()
