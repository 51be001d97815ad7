"""Migration instansi.0003_kode_kemendagri: BPS-coded regions of the old subset get their Kemendagri
codes, every tenant stays on its own region, and the full list is loaded.

django-test-migrations is not installed, so the tests build the old state themselves on the migrated
test database (the 76-row subset with the 19 BPS codes, tenants on BPS-coded regions) and call the
migration's function with the live app registry, whose models match the historical ones.
"""

from __future__ import annotations

import csv
import importlib

import pytest
from django.apps import apps as django_apps

from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.instansi.models import Instansi, Wilayah
from apps.instansi.services import instansi_create
from apps.instansi.wilayah import wilayah_fixture_path
from apps.nasional.models import RingkasanInstansi
from apps.nasional.services import ringkasan_refresh

pytestmark = pytest.mark.django_db

migrasi = importlib.import_module("apps.instansi.migrations.0003_kode_kemendagri")

# Written out independently of the migration: BPS code of the old subset → Kemendagri code.
BPS_KE_KEMENDAGRI = {
    "6102": "6107",
    "6103": "6108",
    "6104": "6102",
    "6105": "6103",
    "6106": "6104",
    "6107": "6105",
    "6108": "6106",
    "6206": "6208",
    "6207": "6209",
    "6208": "6207",
    "6209": "6206",
    "6210": "6211",
    "6211": "6210",
    "6212": "6213",
    "6213": "6212",
    "6402": "6407",
    "6403": "6402",
    "6404": "6408",
    "6405": "6403",
}


def _fixture() -> set[tuple[str, str, str, str | None]]:
    with wilayah_fixture_path().open(encoding="utf-8", newline="") as handle:
        return {
            (row["kode"], row["nama"], row["jenis"], row["induk"] or None) for row in csv.DictReader(handle)
        }


def _isi_tabel() -> set[tuple[str, str, str, str | None]]:
    return {
        (w.kode, w.nama, w.jenis, w.induk.kode if w.induk else None)
        for w in Wilayah.objects.select_related("induk")
    }


def _keadaan_lama() -> None:
    """Turn the migrated database back into what 0002 left with the old bundled subset."""
    kemendagri_ke_bps = {kemendagri: bps for bps, kemendagri in BPS_KE_KEMENDAGRI.items()}
    subset = set(BPS_KE_KEMENDAGRI) | {"6101", "6109", "6110", "6111", "6112", "6171", "6172"}
    subset |= {"6201", "6202", "6203", "6204", "6205", "6271", "6401", "6409", "6411", "6471", "6472", "6474"}
    Wilayah.objects.exclude(jenis=Wilayah.Jenis.PROVINSI).exclude(
        kode__in=subset | set(kemendagri_ke_bps)
    ).delete()
    rows = list(Wilayah.objects.filter(kode__in=kemendagri_ke_bps))
    for wilayah in rows:
        Wilayah.objects.filter(pk=wilayah.pk).update(kode="t" + wilayah.kode[1:])
    for wilayah in rows:
        Wilayah.objects.filter(pk=wilayah.pk).update(kode=kemendagri_ke_bps[wilayah.kode])
    assert Wilayah.objects.count() == 38 + 38
    assert Wilayah.objects.get(kode="6403").nama == "Kutai Kartanegara"
    assert Wilayah.objects.get(kode="6102").nama == "Bengkayang"


def _tenant(kode: str) -> Instansi:
    instansi = instansi_create(wilayah=Wilayah.objects.get(kode=kode), actor=None)
    with instansi_scope(instansi):
        ringkasan_refresh(instansi=instansi)
    return instansi


def test_old_database_is_renumbered_and_tenants_stay_on_their_region():
    _keadaan_lama()
    # Tenants on BPS-coded regions, one on each side of two cycles, plus one untouched region.
    kukar = _tenant("6403")  # Kutai Kartanegara (BPS) → 6402
    kubar = _tenant("6402")  # Kutai Barat (BPS) → 6407
    berau = _tenant("6405")  # Berau (BPS) → 6403
    bengkayang = _tenant("6102")  # → 6107
    sukamara = _tenant("6206")  # → 6208
    palangka = _tenant("6271")  # same in both numberings
    wilayah_pk = {i.pk: i.wilayah_id for i in (kukar, kubar, berau, bengkayang, sukamara, palangka)}

    migrasi.forwards(django_apps, None)

    expected = {
        kukar.pk: ("6402", "Kutai Kartanegara", "Pemerintah Kabupaten Kutai Kartanegara"),
        kubar.pk: ("6407", "Kutai Barat", "Pemerintah Kabupaten Kutai Barat"),
        berau.pk: ("6403", "Berau", "Pemerintah Kabupaten Berau"),
        bengkayang.pk: ("6107", "Bengkayang", "Pemerintah Kabupaten Bengkayang"),
        sukamara.pk: ("6208", "Sukamara", "Pemerintah Kabupaten Sukamara"),
        palangka.pk: ("6271", "Palangka Raya", "Pemerintah Kota Palangka Raya"),
    }
    for pk, (kode, nama_wilayah, nama_instansi) in expected.items():
        instansi = Instansi.objects.select_related("wilayah", "provinsi").get(pk=pk)
        assert instansi.wilayah_id == wilayah_pk[pk]  # the same region row, renumbered in place
        assert (instansi.kode, instansi.wilayah.kode) == (kode, kode)
        assert (instansi.wilayah.nama, instansi.nama) == (nama_wilayah, nama_instansi)
        assert instansi.provinsi.kode == kode[:2]
    with scopes_disabled():
        assert set(RingkasanInstansi.objects.values_list("instansi_id", flat=True)) == set(expected)

    # The old database ends exactly like a fresh one: the full bundled list, nothing more.
    assert _isi_tabel() == _fixture()
    assert Wilayah.objects.count() == 38 + 514


def test_fresh_database_is_left_as_it_is_and_rerunning_is_harmless():
    sebelum = dict(Wilayah.objects.values_list("pk", "kode"))
    kukar = _tenant("6402")

    migrasi.forwards(django_apps, None)
    migrasi.forwards(django_apps, None)

    assert dict(Wilayah.objects.values_list("pk", "kode")) == sebelum
    assert _isi_tabel() == _fixture()
    kukar.refresh_from_db()
    assert (kukar.kode, kukar.wilayah.nama) == ("6402", "Kutai Kartanegara")


def test_a_target_code_held_by_another_region_stops_the_migration():
    _keadaan_lama()
    # A hand-made row on 6407 (Kutai Barat's Kemendagri code) that is not part of the correction.
    Wilayah.objects.create(kode="6407", nama="Entah", jenis="kabupaten", induk=Wilayah.objects.get(kode="64"))
    with pytest.raises(RuntimeError, match="6407 Entah"):
        migrasi.kode_bps_koreksi(django_apps, None)
