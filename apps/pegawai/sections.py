"""Sections that apps above pegawai add to its pages (asesmen, SKP, the talent map, ...).

Pegawai must not import the apps built on it, yet its pages show their data. So each of those apps
registers a `PegawaiSection` from its AppConfig.ready(): a template and a function that reads the
section's context for one pegawai; the page renders every section registered for it, in `order`,
with one template tag (`{% pegawai_sections "bkd_detail" %}`, apps/pegawai/templatetags).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum
from typing import Any


class PegawaiPage(StrEnum):
    BKD_DETAIL = "bkd_detail"  # the BKD's page of one pegawai
    PROFIL_SAYA = "profil_saya"  # the ASN's own profile


# (pegawai, actor) -> the section's template context, or None to leave the section out.
SectionContext = Callable[..., "dict[str, Any] | None"]


@dataclass(frozen=True)
class PegawaiSection:
    key: str
    template_name: str
    context: SectionContext
    _: KW_ONLY
    order: int
    pages: frozenset[PegawaiPage] = frozenset(PegawaiPage)


_sections: dict[str, PegawaiSection] = {}


def pegawai_section_register(section: PegawaiSection) -> None:
    """Add (or, under the same key, replace) a section; called from an AppConfig.ready()."""
    _sections[section.key] = section


def pegawai_sections_for(*, page: PegawaiPage) -> list[PegawaiSection]:
    return sorted((s for s in _sections.values() if page in s.pages), key=lambda s: (s.order, s.key))
