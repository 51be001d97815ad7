"""The section registry of the pegawai pages (apps/pegawai/sections.py): what the apps above pegawai
registered, in which order, and how the tag renders them."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from apps.pegawai import sections
from apps.pegawai.sections import PegawaiPage, PegawaiSection, pegawai_section_register, pegawai_sections_for


def test_the_apps_above_pegawai_registered_their_sections_in_page_order():
    bkd = [section.key for section in pegawai_sections_for(page=PegawaiPage.BKD_DETAIL)]
    own = [section.key for section in pegawai_sections_for(page=PegawaiPage.PROFIL_SAYA)]
    assert bkd == [
        "talenta",
        "komite_penetapan",  # established vs current, right below the talent card it compares with
        "suksesi",
        "idp",  # pengembangan: this year's IDP, below the candidacies
        "asesmen",
        "skp",
        "umpan_balik_360",
    ]  # suksesi: halaman (candidacies below the talent card)
    assert own == ["asesmen", "skp", "umpan_balik_360"]  # the talent card is the BKD's


@pytest.fixture
def registry(monkeypatch, settings):
    """An empty registry and a section template for the test; the apps' sections are back afterwards."""
    monkeypatch.setattr(sections, "_sections", {})
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"_section.html": "[{{ isi }} {{ pegawai }}]"})
                ]
            },
        }
    ]


def test_the_tag_renders_each_section_in_the_page_context_and_skips_a_section_without_context(registry):
    pegawai_section_register(
        PegawaiSection("kedua", "_section.html", lambda *, pegawai, actor: {"isi": "B"}, order=2)
    )
    pegawai_section_register(
        PegawaiSection("pertama", "_section.html", lambda *, pegawai, actor: {"isi": "A"}, order=1)
    )
    pegawai_section_register(
        PegawaiSection("kosong", "_section.html", lambda *, pegawai, actor: None, order=0)
    )
    html = Template('{% load pegawai_sections %}{% pegawai_sections "bkd_detail" %}').render(
        Context({"pegawai": "Siti", "actor": None})
    )
    assert html == "[A Siti][B Siti]"


def test_registering_a_key_again_replaces_the_section(registry):
    for isi in ("lama", "baru"):
        pegawai_section_register(
            PegawaiSection("satu", "_section.html", lambda *, pegawai, actor, isi=isi: {"isi": isi}, order=1)
        )
    assert [
        s.context(pegawai=None, actor=None) for s in pegawai_sections_for(page=PegawaiPage.PROFIL_SAYA)
    ] == [{"isi": "baru"}]
