"""#13 point 8: causes shown to people ("demo", "skp.import", "riwayat.organisasi") are words.

Every cause code a service sends (found by reading the source, so a new code without a label fails
here) reads as words through `penyebab_label`, and the talent page's history shows those words."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from apps.core.tenancy import instansi_scope
from apps.pegawai.models import RIWAYAT_MODELS
from apps.petatalenta import labels
from apps.petatalenta.labels import PENYEBAB_LABEL, penyebab_label
from apps.petatalenta.models import AturanTalenta
from tests.factories import AsesmenFactory, PegawaiFactory, RiwayatPenempatanFactory

from .profil_data import PERIODE, flush, skp_buat

APPS = Path(settings.BASE_DIR) / "apps"
KODE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+|[a-z0-9_]+")


def _penyebab_codes() -> set[str]:
    """Every `penyebab=` argument and `PENYEBAB_*` constant in apps/ that is a literal, with the
    portfolio f-strings ("riwayat.{model.KODE}.diajukan") expanded over every riwayat kind."""
    codes: set[str] = set()
    for path in APPS.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            values = []
            if isinstance(node, ast.keyword) and node.arg in ("penyebab", "penyebab_kotor"):
                values.append(node.value)
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.startswith("PENYEBAB_") for t in node.targets
            ):
                values.append(node.value)
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    codes.add(value.value)
                elif isinstance(value, ast.JoinedStr):
                    pattern = "".join(
                        part.value if isinstance(part, ast.Constant) else "{}" for part in value.values
                    )
                    if pattern.startswith("riwayat.{}"):
                        codes.update(pattern.replace("{}", model.KODE, 1) for model in RIWAYAT_MODELS)
                    else:
                        raise AssertionError(f"{path}: a cause built as {pattern!r} needs a label rule")
    return codes


def test_the_source_sends_the_codes_the_walk_through_saw():
    codes = _penyebab_codes()
    assert {"demo", "skp.import", "riwayat.organisasi", "riwayat.organisasi.diajukan"} <= codes


@pytest.mark.parametrize("code", sorted(_penyebab_codes()))
def test_every_cause_code_reads_as_words(code):
    with translation.override("id"):
        label = penyebab_label(code)
    assert label and label != code
    assert not KODE.fullmatch(label), label  # no code-like text ("skp.import", "demo")
    assert label[0].isupper(), label
    if code != "perubahan data":
        # Known codes get their own words, not the catch-all.
        assert label != "Perubahan data", code


def test_examples_of_the_walk_through():
    with translation.override("id"):
        assert penyebab_label("demo") == "Data contoh (demo)"
        assert penyebab_label("skp.import") == "Impor SKP"
        assert penyebab_label("riwayat.organisasi") == "Portofolio berubah: organisasi"
        assert (
            penyebab_label("riwayat.sk_tim.diajukan") == "Portofolio diajukan untuk verifikasi: SK tim kerja"
        )
        # Codes that arrive later (another app's cause) are named by their parts, never shown raw.
        assert penyebab_label("umpan_balik.import") == "Umpan balik 360° diimpor"
        assert penyebab_label("sesuatu.baru") == "Perubahan data"
        # Free text written by a person or an older version stays as written.
        assert penyebab_label("impor SKP") == "impor SKP"


def test_table_labels_are_words():
    for code in PENYEBAB_LABEL:
        assert not KODE.fullmatch(str(PENYEBAB_LABEL[code])), code
    assert labels.PENYEBAB_RIWAYAT_AKSI[""]


@pytest.mark.django_db
def test_the_talent_page_history_shows_words(login, admin_bkd_a, instansi_a, unit_tree_a):
    pegawai = PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[2])
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)
    with instansi_scope(instansi_a):
        aturan = AturanTalenta.objects.get(instansi=instansi_a)
        for penyebab in ("demo", "skp.import", "riwayat.organisasi"):
            RiwayatPenempatanFactory(
                pegawai=pegawai, periode=PERIODE, aturan=aturan, kotak_lama=1, kotak_baru=2, penyebab=penyebab
            )
    html = login(admin_bkd_a).get(f"/pegawai/{pegawai.pk}/talenta/").content.decode()
    for words in ("Data contoh (demo)", "Impor SKP", "Portofolio berubah: organisasi"):
        assert words in html
    for code in ("skp.import", "riwayat.organisasi", ">demo<"):
        assert code not in html
