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


_TERDAFTAR: dict[str, JenisAturan] = {}


def jenis_get(kode: str) -> JenisAturan:
    """The kind named `kode` (each kind registers itself when its module is imported; the apps
    import theirs in AppConfig.ready, so a worker knows them all)."""
    return _TERDAFTAR[kode]


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
    # Impact preview (aturan/pratinjau.py); None: the kind has none (activation then needs none).
    # pratinjau_hitung(*, instansi, pratinjau, lama, baru, kemajuan) -> summary dict, in the
    # worker, inside the instansi's scope: computes the configuration in force (`lama`) and the
    # previewed one (`baru`) on the same inputs, writes only its own per-person preview rows (after
    # deleting any of an interrupted run), may set `periode`/`tanggal_acuan` on the job row with
    # an UPDATE, calls kemajuan(done, total) now and then, and returns the summary, which has an
    # "inti" entry: {code: number} headline figures (activation form, audit event).
    pratinjau_hitung: Callable[..., dict[str, Any]] | None = None
    # pratinjau_konteks(*, instansi, pratinjau, params) -> the finished preview page's context
    # (params: the request's GET, for filters and paging), rendered by
    # <template_folder>/pratinjau.html; <template_folder>/_pratinjau_ringkasan.html shows
    # `pratinjau.ringkasan` on the activation form and the version's page.
    pratinjau_konteks: Callable[..., dict[str, Any]] | None = None
    # pratinjau_xlsx(*, instansi, pratinjau, params) -> (headers, rows) of the export of every
    # change (with the page's filters).
    pratinjau_xlsx: Callable[..., tuple[list[str], list[list[Any]]]] | None = None

    def __post_init__(self) -> None:
        _TERDAFTAR[self.kode] = self

    def url(self, nama: str) -> str:
        return f"{self.namespace}:{self.url_awalan}{nama}"

    @property
    def rute(self) -> dict[str, str]:
        """The URL names of every page, for templates (`{% url rute.detail aturan.pk %}`)."""
        return {
            n: self.url(n)
            for n in (
                "list",
                "detail",
                "ubah",
                "salin",
                "impor",
                "ekspor",
                "banding",
                "aktifkan",
                "hapus",
                "pratinjau",
                "pratinjau_mulai",
                "pratinjau_detail",
                "pratinjau_status",
                "pratinjau_xlsx",
            )
        }

    def template(self, nama: str) -> list[str]:
        return [f"{self.template_folder}/{nama}", f"aturan/{nama}"]

    def preset_konfigurasi(self, nama: str) -> dict[str, Any]:
        return self.preset[nama]()
