"""How the flush stores candidates: the level-only criteria once per (pegawai, level) in
KandidatDasar, shared by every post of that level; rows written only where the computed result
differs from the stored one; readers still get all nine criteria."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.models import Penempatan
from apps.suksesi.engine import KRITERIA, KRITERIA_JABATAN, KRITERIA_TINGKAT
from apps.suksesi.models import JabatanKunci, Kandidat, KandidatDasar
from apps.suksesi.selectors import kandidat_daftar, kandidat_pegawai_list, laporan_semua
from apps.suksesi.services import kandidat_mark_dirty, status_suksesi_mark_dirty, suksesi_flush

from .pipeline_data import jabatan_kunci_buat, kandidat_buat

pytestmark = pytest.mark.django_db


@pytest.fixture
def dua_jabatan(instansi_a):
    """Two vacant Administrator posts, both fed by the same three Pengawas in the KRS."""
    with scopes_disabled():
        pegawai = [kandidat_buat(instansi_a, kotak=9), kandidat_buat(instansi_a), kandidat_buat(instansi_a)]
        a = jabatan_kunci_buat(instansi_a)
        b = jabatan_kunci_buat(instansi_a)
    return {"a": a, "b": b, "pegawai": pegawai}


def _recompute_all(instansi):
    with instansi_scope(instansi):
        status_suksesi_mark_dirty(instansi_id=instansi.pk, jabatan_kunci_ids=None, penyebab="uji")
        return suksesi_flush(instansi=instansi)


def _versions(table: str) -> dict[int, str]:
    """{id: xmin} of every row: an UPDATE gives the row a new xmin, an untouched row keeps it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, xmin::text FROM {table}")  # noqa: S608 - a fixed table name
        return dict(cursor.fetchall())


def test_the_level_only_criteria_are_stored_once_and_shared_by_the_posts_of_a_level(instansi_a, dua_jabatan):
    flushed = _recompute_all(instansi_a)
    with instansi_scope(instansi_a):
        rows = list(Kandidat.objects.filter(instansi=instansi_a))
        dasar = list(KandidatDasar.objects.filter(instansi=instansi_a))
    assert len(rows) == 6 and flushed.kandidat_baru == 6
    # one row per pegawai for the level, not one per post
    assert sorted((d.pegawai_id, d.tingkat) for d in dasar) == sorted(
        (p.pk, "administrator") for p in dua_jabatan["pegawai"]
    )
    assert flushed.dasar_baru == 3
    assert all([k["kode"] for k in d.kriteria] == list(KRITERIA_TINGKAT) for d in dasar)
    assert all([k["kode"] for k in r.kriteria] == list(KRITERIA_JABATAN) for r in rows)
    assert {r.tingkat for r in rows} == {"administrator"}


def test_readers_show_all_nine_criteria_merged_in_order(instansi_a, dua_jabatan):
    _recompute_all(instansi_a)
    pegawai = dua_jabatan["pegawai"][0]
    with instansi_scope(instansi_a):
        per_post = {
            post: kandidat_daftar(instansi=instansi_a, jabatan_kunci=dua_jabatan[post]).semua for post in "ab"
        }
        pegawai_list = kandidat_pegawai_list(instansi=instansi_a, pegawai=pegawai)
        laporan = laporan_semua(instansi=instansi_a)
    for tampil in [*per_post["a"], *per_post["b"], *pegawai_list]:
        assert [k.kode for k in tampil.kriteria] == list(KRITERIA)
        assert all(k.alasan and k.label for k in tampil.kriteria)
    # the shared level-only part reads the same on both posts
    a = next(t for t in per_post["a"] if t.kandidat.pegawai_id == pegawai.pk)
    b = next(t for t in per_post["b"] if t.kandidat.pegawai_id == pegawai.pk)
    assert a.kriteria[: len(KRITERIA_TINGKAT)] == b.kriteria[: len(KRITERIA_TINGKAT)]
    assert len(pegawai_list) == 2
    assert sum(len(j.daftar.semua) for j in laporan) == 6
    assert all([k.kode for k in t.kriteria] == list(KRITERIA) for j in laporan for t in j.daftar.semua)


def test_a_recompute_with_nothing_changed_writes_nothing(instansi_a, dua_jabatan):
    _recompute_all(instansi_a)
    kandidat, dasar = _versions("suksesi_kandidat"), _versions("suksesi_kandidatdasar")
    again = _recompute_all(instansi_a)
    assert again.kandidat == 6 and again.jabatan == 2  # every row computed …
    assert again.ditulis == 0  # … none written
    assert _versions("suksesi_kandidat") == kandidat
    assert _versions("suksesi_kandidatdasar") == dasar
    # the same for a pegawai whose inputs were announced as changed but are not
    with instansi_scope(instansi_a):
        kandidat_mark_dirty(
            instansi_id=instansi_a.pk, pegawai_ids=[p.pk for p in dua_jabatan["pegawai"]], penyebab="uji"
        )
        pegawai_pass = suksesi_flush(instansi=instansi_a)
    assert pegawai_pass.pegawai == 3 and pegawai_pass.ditulis == 0
    assert _versions("suksesi_kandidat") == kandidat


def test_only_what_changed_is_written(instansi_a, dua_jabatan):
    _recompute_all(instansi_a)
    before = _versions("suksesi_kandidat")
    dasar_before = _versions("suksesi_kandidatdasar")
    with instansi_scope(instansi_a):
        ids_a = set(Kandidat.objects.filter(jabatan_kunci=dua_jabatan["a"]).values_list("id", flat=True))
        # a post-specific requirement of post a: only its rows change, the level-only ones do not
        JabatanKunci.objects.filter(pk=dua_jabatan["a"].pk).update(
            syarat_tambahan={"golongan_minimum": "IV/e"}
        )
    flushed = _recompute_all(instansi_a)
    assert (flushed.kandidat_diubah, flushed.kandidat_baru, flushed.dasar_diubah) == (3, 0, 0)
    after = _versions("suksesi_kandidat")
    assert {i for i in after if after[i] != before[i]} == ids_a
    assert _versions("suksesi_kandidatdasar") == dasar_before

    # one pegawai's SKP: their level-only row changes (once, for both posts), nobody else's
    pegawai = dua_jabatan["pegawai"][1]
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[
                SkpData(
                    pegawai.pk,
                    timezone.localdate().year - 1,
                    "tahunan",
                    "di_bawah",
                    "sesuai",
                    "Butuh Perbaikan",
                )
            ],
        )
        flushed = suksesi_flush(instansi=instansi_a)
        dasar = KandidatDasar.objects.get(pegawai=pegawai, tingkat="administrator")
        other = KandidatDasar.objects.exclude(pegawai=pegawai).values_list("id", flat=True)
    assert flushed.dasar_diubah == 1
    assert {k["kode"]: k["hasil"] for k in dasar.kriteria}["kinerja"] == "tidak_memenuhi"
    assert all(_versions("suksesi_kandidatdasar")[i] == dasar_before[i] for i in other)

    # a pegawai who leaves the pool: their rows and their level-only row go
    gone = dua_jabatan["pegawai"][2]
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=gone).update(kotak=5, talent_pool=False)
        kandidat_mark_dirty(instansi_id=instansi_a.pk, pegawai_ids=[gone.pk], penyebab="uji")
        flushed = suksesi_flush(instansi=instansi_a)
        assert not Kandidat.objects.filter(pegawai=gone).exists()
        assert not KandidatDasar.objects.filter(pegawai=gone).exists()
    assert (flushed.kandidat_dihapus, flushed.dasar_dihapus, flushed.status_diubah) == (2, 1, 2)


def test_a_changed_level_only_row_brings_the_other_posts_of_its_level_along(instansi_a, dua_jabatan):
    """When a post's recompute finds a stored level-only row different (the planning date moved
    since it was written), the other posts of that level are recomputed in the same flush, so
    their kelayakan and kesiapan follow what they now show."""
    _recompute_all(instansi_a)
    with instansi_scope(instansi_a):
        KandidatDasar.objects.filter(instansi=instansi_a).update(hasil_hash="kemarin")
        status_suksesi_mark_dirty(
            instansi_id=instansi_a.pk, jabatan_kunci_ids=[dua_jabatan["a"].pk], penyebab="uji"
        )
        flushed = suksesi_flush(instansi=instansi_a)
        assert not KandidatDasar.objects.filter(hasil_hash="kemarin").exists()
    assert flushed.dasar_diubah == 3
    assert flushed.jabatan == 2  # post a, then post b marked by it
    again = _recompute_all(instansi_a)
    assert again.ditulis == 0
