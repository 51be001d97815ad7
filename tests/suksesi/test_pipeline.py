"""The succession pipeline in one process (the flush called directly; the worker tests run it on a
real worker): marks set inside the writer's transaction, lists recomputed by the flush, the
status of each post recounted, nothing read from another instansi."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.events import penempatan_changed_send
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.pegawai.models import RiwayatJabatan
from apps.pegawai.services import pegawai_transfer, pegawai_update, riwayat_create, riwayat_reject
from apps.petatalenta.models import Penempatan
from apps.petatalenta.services import penempatan_flush, penempatan_mark_dirty
from apps.suksesi import services as suksesi_services
from apps.suksesi.engine import PRESET_NASIONAL
from apps.suksesi.inputs import QUERIES, kandidat_inputs_load
from apps.suksesi.models import AturanSuksesi, Kandidat, NominasiKhusus, StatusSuksesi, SuksesiKotor
from apps.suksesi.services import (
    FLUSH_KEY,
    kandidat_mark_dirty,
    status_suksesi_mark_dirty,
    suksesi_flush,
    suksesi_flush_release,
    suksesi_flush_schedule,
    suksesi_refresh_all,
    suksesi_sweep_targets,
)
from apps.suksesi.services_aturan import JENIS_SUKSESI
from tests.factories import PegawaiFactory, PenempatanFactory, user_with_role

from .pipeline_data import jabatan_kunci_buat, kandidat_buat, kriteria_dibaca

pytestmark = pytest.mark.django_db


def _flush(instansi):
    with instansi_scope(instansi):
        return suksesi_flush(instansi=instansi)


def _kandidat(instansi, post) -> dict[int, Kandidat]:
    with instansi_scope(instansi):
        return {k.pegawai_id: k for k in kriteria_dibaca(Kandidat.objects.filter(jabatan_kunci=post))}


def _status(instansi, post) -> StatusSuksesi:
    with instansi_scope(instansi):
        return StatusSuksesi.objects.get(jabatan_kunci=post)


def _mark(instansi, posts=None):
    with instansi_scope(instansi):
        return status_suksesi_mark_dirty(
            instansi_id=instansi.pk,
            jabatan_kunci_ids=None if posts is None else [p.pk for p in posts],
            penyebab="uji",
        )


@pytest.fixture
def dunia(instansi_a, instansi_b):
    """An Administrator post held by a Pengawas in the KRS; three Pengawas candidates in the KRS
    (one of them ready in 1–2 years only), one Ahli Muda in the KRS, a Pengawas outside the KRS,
    an inactive one, a Pelaksana in the KRS, and a Pengawas of another instansi."""
    with scopes_disabled():
        pemegang = kandidat_buat(instansi_a)
        post = jabatan_kunci_buat(instansi_a, pemegang=pemegang)
        siap = kandidat_buat(instansi_a, kotak=9)
        siap_1_2 = kandidat_buat(instansi_a, jpm="72.00")
        ahli_muda = kandidat_buat(instansi_a, jenis="fungsional", jenjang="ahli_muda", kotak=7)
        luar_krs = kandidat_buat(instansi_a, kotak=5)
        nonaktif = kandidat_buat(instansi_a, aktif=False)
        pelaksana = kandidat_buat(instansi_a, jenis="pelaksana")
        asing = kandidat_buat(instansi_b)
        jabatan_kunci_buat(instansi_b, pemegang=None)
    return {
        "post": post,
        "pemegang": pemegang,
        "siap": siap,
        "siap_1_2": siap_1_2,
        "ahli_muda": ahli_muda,
        "luar_krs": luar_krs,
        "nonaktif": nonaktif,
        "pelaksana": pelaksana,
        "asing": asing,
    }


def test_a_dirty_post_gets_its_whole_list_from_the_krs_at_its_feeder_levels(instansi_a, dunia):
    _mark(instansi_a, [dunia["post"]])
    result = _flush(instansi_a)
    assert (result.jabatan, result.kandidat) == (1, 3)
    rows = _kandidat(instansi_a, dunia["post"])
    # the holder, the pegawai outside the KRS, the inactive one, the wrong level and the other
    # instansi's pegawai are not candidates
    assert set(rows) == {dunia["siap"].pk, dunia["siap_1_2"].pk, dunia["ahli_muda"].pk}
    siap = rows[dunia["siap"].pk]
    assert (siap.kelayakan, siap.kesiapan, siap.kotak, siap.nominasi) == (
        "memenuhi",
        "siap_sekarang",
        9,
        False,
    )
    assert [k["kode"] for k in siap.kriteria][:3] == ["status", "pendidikan", "jalur"]
    assert siap.jpm_jabatan == Decimal("90.00") and siap.jpm_sumber == "asesmen"
    assert siap.tanggal_acuan == timezone.localdate() and len(siap.hasil_hash) == 32
    assert rows[dunia["siap_1_2"].pk].kesiapan == "siap_1_2"
    status = _status(instansi_a, dunia["post"])
    assert (status.jumlah_kandidat, status.jumlah_memenuhi, status.jumlah_siap_sekarang) == (3, 3, 2)
    assert (status.jumlah_siap_1_2, status.kekuatan_bench, status.berisiko) == (1, 3, False)
    assert status.dirty_since is None and status.dihitung_pada is not None
    # the holder's BUP date: born 10-04-1982, Administrator BUP 58
    assert status.tanggal_bup_pemegang == dt.date(2040, 5, 1)
    # the first flush created the instansi's rule set from the national preset, and froze it
    with instansi_scope(instansi_a):
        aturan = AturanSuksesi.objects.get()
    assert (aturan.konfigurasi, aturan.status, aturan.digunakan, status.aturan_id) == (
        JENIS_SUKSESI.preset_konfigurasi(JENIS_SUKSESI.preset_awal),
        "aktif",
        True,
        aturan.pk,
    )


def test_ranking_order_is_stored_for_the_pages(instansi_a, dunia):
    _mark(instansi_a, [dunia["post"]])
    _flush(instansi_a)
    with instansi_scope(instansi_a):
        urutan = list(
            Kandidat.objects.filter(jabatan_kunci=dunia["post"])
            .order_by("kelayakan", "-skor_peringkat", "pegawai_id")
            .values_list("pegawai_id", flat=True)
        )
    assert urutan[0] == dunia["siap"].pk  # box 9 outranks box 8 and box 7


def test_a_vacant_post_without_a_ready_candidate_is_at_risk(instansi_a):
    with scopes_disabled():
        post = jabatan_kunci_buat(instansi_a)
        kandidat_buat(instansi_a, jpm="70.00")
    _mark(instansi_a, [post])
    _flush(instansi_a)
    status = _status(instansi_a, post)
    assert (status.berisiko, status.alasan_risiko) == (
        True,
        "jabatan lowong; tidak ada kandidat siap sekarang",
    )
    assert (status.kekuatan_bench, status.tanggal_bup_pemegang) == (1, None)


def test_a_holder_near_bup_without_a_ready_candidate_is_at_risk(instansi_a):
    hari_ini = timezone.localdate()
    with scopes_disabled():
        # Administrator BUP 58: this holder retires within a year
        pemegang = PegawaiFactory(
            instansi=instansi_a,
            jenis_jabatan="administrator",
            nama_jabatan="Kepala Bidang",
            tanggal_lahir=dt.date(hari_ini.year - 58, hari_ini.month, 1) + dt.timedelta(days=200),
        )
        post = jabatan_kunci_buat(instansi_a, pemegang=pemegang)
    _mark(instansi_a, [post])
    _flush(instansi_a)
    status = _status(instansi_a, post)
    assert status.berisiko
    assert status.alasan_risiko == (
        f"pemegang mencapai BUP {status.tanggal_bup_pemegang:%d-%m-%Y}; tidak ada kandidat siap sekarang"
    )


def test_rule_set_activation_recomputes_every_post(instansi_a, dunia):
    with scopes_disabled():
        kedua = jabatan_kunci_buat(instansi_a)
    _mark(instansi_a)
    _flush(instansi_a)
    # the holder of the first post is a candidate for the second one
    assert _kandidat(instansi_a, kedua).keys() == _kandidat(instansi_a, dunia["post"]).keys() | {
        dunia["pemegang"].pk
    }
    # a new version that wants 20 years on the path: everyone falls short
    config = {
        **PRESET_NASIONAL,
        "jalur": {
            **PRESET_NASIONAL["jalur"],
            "administrator": {"asal": ["pengawas", "ahli_muda"], "tahun": 20},
        },
    }
    with instansi_scope(instansi_a):
        AturanSuksesi.objects.filter(status="aktif").update(status="arsip")
        baru = AturanSuksesi.objects.create(
            instansi=instansi_a, versi=2, nama="v2", status="aktif", konfigurasi=config
        )
        assert (
            status_suksesi_mark_dirty(instansi_id=instansi_a.pk, jabatan_kunci_ids=None, penyebab="aturan")
            == 2
        )
    assert _flush(instansi_a).jabatan == 2
    for post in (kedua, dunia["post"]):
        rows = _kandidat(instansi_a, post)
        assert {k.kelayakan for k in rows.values()} == {"tidak_memenuhi"}
        assert _status(instansi_a, post).aturan_id == baru.pk
        assert _status(instansi_a, post).jumlah_siap_sekarang == 0


def test_a_pegawai_who_leaves_the_krs_leaves_every_list(instansi_a, dunia):
    _mark(instansi_a)
    _flush(instansi_a)
    siap = dunia["siap"]
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=siap).update(kotak=5, talent_pool=False)
        penempatan_changed_send(instansi_id=instansi_a.pk, pegawai_ids=[siap.pk], penyebab="penempatan.flush")
        assert SuksesiKotor.objects.filter(pegawai=siap).exists()  # marked by the receiver
    result = _flush(instansi_a)
    assert (result.pegawai, result.jabatan) == (1, 0)
    assert siap.pk not in _kandidat(instansi_a, dunia["post"])
    status = _status(instansi_a, dunia["post"])
    assert (status.jumlah_kandidat, status.jumlah_siap_sekarang) == (2, 1)
    with instansi_scope(instansi_a):
        assert not SuksesiKotor.objects.exists()


def test_a_placement_rewritten_with_box_and_scores_unchanged_does_not_mark_the_candidate(instansi_a, dunia):
    siap = dunia["siap"]

    def placed_again():
        with instansi_scope(instansi_a):
            SuksesiKotor.objects.all().delete()
            penempatan_mark_dirty(instansi_id=instansi_a.pk, pegawai_ids=[siap.pk], penyebab="uji")
            assert penempatan_flush(instansi=instansi_a).berubah == 1
            return SuksesiKotor.objects.filter(pegawai=siap).exists()

    # the factory's box and scores give way to the engine's: announced
    assert placed_again()
    # new inputs (the stored hash no longer matches), same box, status and scores: not announced
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=siap).update(inputs_hash="lama")
    assert not placed_again()


def test_a_pegawai_who_enters_the_krs_becomes_a_candidate(instansi_a, dunia):
    _mark(instansi_a)
    _flush(instansi_a)
    luar = dunia["luar_krs"]
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=luar).update(kotak=8, talent_pool=True)
        kandidat_mark_dirty(instansi_id=instansi_a.pk, pegawai_ids=[luar.pk], penyebab="uji")
    _flush(instansi_a)
    assert _kandidat(instansi_a, dunia["post"])[luar.pk].kesiapan == "siap_sekarang"
    assert _status(instansi_a, dunia["post"]).jumlah_kandidat == 4


def test_deactivation_through_the_pegawai_service_removes_the_candidate(instansi_a, dunia):
    _mark(instansi_a)
    _flush(instansi_a)
    with instansi_scope(instansi_a):
        pegawai_update(pegawai=dunia["siap"], actor=None, aktif=False)
    _flush(instansi_a)
    assert dunia["siap"].pk not in _kandidat(instansi_a, dunia["post"])


def test_a_transfer_removes_the_candidacies_left_behind(instansi_a, instansi_b, dunia):
    _mark(instansi_a)
    _flush(instansi_a)
    with scopes_disabled():
        pegawai_transfer(pegawai=dunia["siap"], ke_instansi=instansi_b, unit_kerja=None, actor=None)
    _flush(instansi_a)
    assert dunia["siap"].pk not in _kandidat(instansi_a, dunia["post"])


def test_a_holder_transferred_away_leaves_the_post_vacant(instansi_a, instansi_b, dunia):
    """The holder's row is read only while they are an active pegawai of the post's instansi:
    once transferred, the post counts as vacant and their birth date is not read."""
    _mark(instansi_a, [dunia["post"]])
    _flush(instansi_a)
    assert _status(instansi_a, dunia["post"]).tanggal_bup_pemegang == dt.date(2040, 5, 1)
    with scopes_disabled():
        pegawai_transfer(pegawai=dunia["pemegang"], ke_instansi=instansi_b, unit_kerja=None, actor=None)
    _flush(instansi_a)
    status = _status(instansi_a, dunia["post"])
    assert (status.tanggal_bup_pemegang, status.berisiko) == (None, False)  # two ready candidates


def test_a_new_holder_is_not_a_candidate_for_their_own_post(instansi_a, dunia):
    _mark(instansi_a)
    _flush(instansi_a)
    with instansi_scope(instansi_a):
        post = dunia["post"]
        post.pemegang = dunia["siap"]
        post.save()
        status_suksesi_mark_dirty(instansi_id=instansi_a.pk, jabatan_kunci_ids=[post.pk], penyebab="uji")
    _flush(instansi_a)
    rows = _kandidat(instansi_a, dunia["post"])
    assert dunia["siap"].pk not in rows and dunia["pemegang"].pk in rows


def test_a_komite_nomination_brings_in_a_pegawai_outside_the_krs(instansi_a, dunia):
    with instansi_scope(instansi_a):
        for pegawai in (dunia["luar_krs"], dunia["pelaksana"]):
            NominasiKhusus.objects.create(
                instansi=instansi_a, jabatan_kunci=dunia["post"], pegawai=pegawai, alasan="Kinerja luar biasa"
            )
    _mark(instansi_a, [dunia["post"]])
    _flush(instansi_a)
    rows = _kandidat(instansi_a, dunia["post"])
    luar = rows[dunia["luar_krs"].pk]
    krs = next(k for k in luar.kriteria if k["kode"] == "krs")
    assert (krs["hasil"], krs["alasan"], luar.nominasi, luar.kotak) == (
        "memenuhi",
        "nominasi Komite: Kinerja luar biasa",
        True,
        5,
    )
    # a KRS member at another level, nominated: in the list, but not on the path
    pelaksana = rows[dunia["pelaksana"].pk]
    assert pelaksana.nominasi is False
    assert {k["kode"]: k["hasil"] for k in pelaksana.kriteria}["jalur"] == "tidak_memenuhi"
    assert pelaksana.kelayakan == "tidak_memenuhi"
    assert _status(instansi_a, dunia["post"]).jumlah_tidak_memenuhi == 1


def test_an_skp_write_marks_the_candidate_in_the_same_transaction(instansi_a, dunia):
    _mark(instansi_a)
    _flush(instansi_a)
    pegawai = dunia["siap_1_2"]
    tahun = timezone.localdate().year - 1
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(pegawai.pk, tahun, "tahunan", "di_bawah", "sesuai", "Butuh Perbaikan")],
        )
        assert SuksesiKotor.objects.filter(pegawai=pegawai, penyebab="skp").exists()
    _flush(instansi_a)
    row = _kandidat(instansi_a, dunia["post"])[pegawai.pk]
    assert row.kelayakan == "tidak_memenuhi"
    assert next(k for k in row.kriteria if k["kode"] == "kinerja")["hasil"] == "tidak_memenuhi"


def test_nothing_is_marked_or_created_where_there_are_no_key_posts(instansi_c):
    with scopes_disabled():
        pegawai = kandidat_buat(instansi_c)
    with instansi_scope(instansi_c):
        assert kandidat_mark_dirty(instansi_id=instansi_c.pk, pegawai_ids=[pegawai.pk]) == 0
    assert _flush(instansi_c).kandidat == 0
    with instansi_scope(instansi_c):
        assert not AturanSuksesi.objects.exists()


def test_another_instansi_is_never_read(instansi_a, instansi_b, dunia):
    with scopes_disabled():
        PenempatanFactory(
            pegawai=dunia["asing"], kotak=9, instansi=instansi_a, periode=timezone.localdate().year + 1
        )
    _mark(instansi_a)
    with instansi_scope(instansi_a):
        # asking for the other instansi's pegawai by id gives nothing
        assert (
            kandidat_inputs_load(
                instansi=instansi_a, pegawai_ids=[dunia["asing"].pk], tanggal_acuan=timezone.localdate()
            )
            == {}
        )
    _flush(instansi_a)
    with scopes_disabled():
        assert not Kandidat.objects.filter(pegawai=dunia["asing"]).exists()
        assert not Kandidat.objects.filter(instansi=instansi_b).exists()
        assert StatusSuksesi.objects.filter(instansi=instansi_b).count() == 0


def test_the_loader_runs_a_fixed_number_of_queries(instansi_a):
    with scopes_disabled():
        few = [kandidat_buat(instansi_a).pk for _ in range(2)]
        many = few + [kandidat_buat(instansi_a, kotak=7).pk for _ in range(6)]
    with instansi_scope(instansi_a):
        for ids in (few, many):
            with CaptureQueriesContext(connection) as queries:
                loaded = kandidat_inputs_load(
                    instansi=instansi_a, pegawai_ids=ids, tanggal_acuan=timezone.localdate()
                )
            assert len(loaded) == len(ids)
            assert len(queries) == QUERIES


def test_sweep_and_nightly_refresh(instansi_a, instansi_b, dunia):
    _mark(instansi_a, [dunia["post"]])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE suksesi_statussuksesi SET dirty_since = now() - interval '5 minutes'")
    assert suksesi_sweep_targets(older_than_seconds=30) == [instansi_a.pk]
    _flush(instansi_a)
    assert suksesi_sweep_targets(older_than_seconds=0) == []
    # nightly: every active post of every instansi with one
    assert suksesi_refresh_all() == sorted([instansi_a.pk, instansi_b.pk])
    with scopes_disabled():
        assert StatusSuksesi.objects.filter(dirty_since__isnull=False).count() == 2


def test_many_dirty_pegawai_become_a_recompute_of_every_post(instansi_a, dunia, monkeypatch):
    _mark(instansi_a)
    _flush(instansi_a)
    monkeypatch.setattr(suksesi_services, "PEGAWAI_KE_JABATAN", 1)
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=dunia["siap"]).update(kotak=5, talent_pool=False)
        Penempatan.objects.filter(pegawai=dunia["luar_krs"]).update(kotak=7, talent_pool=True)
        kandidat_mark_dirty(
            instansi_id=instansi_a.pk, pegawai_ids=[dunia["siap"].pk, dunia["luar_krs"].pk], penyebab="uji"
        )
    result = _flush(instansi_a)
    assert (result.pegawai, result.jabatan) == (0, 1)  # taken over by the post's recompute
    rows = _kandidat(instansi_a, dunia["post"])
    assert set(rows) == {dunia["luar_krs"].pk, dunia["siap_1_2"].pk, dunia["ahli_muda"].pk}
    with instansi_scope(instansi_a):
        assert not SuksesiKotor.objects.exists()
        assert not StatusSuksesi.objects.filter(dirty_since__isnull=False).exists()


def test_a_submitted_riwayat_shows_as_perlu_verifikasi_and_a_rejection_takes_it_back(instansi_a, dunia):

    with scopes_disabled():
        verifikator = user_with_role(Role.VERIFIKATOR, instansi_a)
        # a KRS Pengawas with half a verified year on the path (short by more than 24 months)
        baru = kandidat_buat(instansi_a, mulai=timezone.localdate() - dt.timedelta(days=200))
    _mark(instansi_a)
    _flush(instansi_a)
    jalur = lambda: {k["kode"]: k for k in _kandidat(instansi_a, dunia["post"])[baru.pk].kriteria}["jalur"]  # noqa: E731
    assert (jalur()["hasil"], jalur()["waktu"]) == ("tidak_memenuhi", False)
    with instansi_scope(instansi_a):
        item = riwayat_create(
            model=RiwayatJabatan,
            pegawai=baru,
            actor=None,
            data={"jenis_jabatan": "pengawas", "nama_jabatan": "Kepala Seksi", "unit": "Dinas", "tmt_mulai": dt.date(2018, 1, 1)},
        )  # fmt: skip
        assert SuksesiKotor.objects.filter(pegawai=baru, penyebab="riwayat.jabatan.diajukan").exists()
    _flush(instansi_a)
    assert (jalur()["hasil"], jalur()["verifikasi"]) == ("perlu_verifikasi", ["jabatan"])
    with instansi_scope(instansi_a):
        riwayat_reject(riwayat=item, actor=verifikator, alasan="SK tidak terbaca.")
    _flush(instansi_a)
    assert (jalur()["hasil"], jalur()["verifikasi"]) == ("tidak_memenuhi", [])


def test_the_flush_is_queued_once_per_instansi_until_it_starts(instansi_a, dunia):
    _mark(instansi_a, [dunia["post"]])
    # (tests run tasks eagerly: the first call runs the flush, which frees the key as it starts)
    assert suksesi_flush_schedule(instansi_id=instansi_a.pk) is True
    assert _status(instansi_a, dunia["post"]).dirty_since is None
    assert len(_kandidat(instansi_a, dunia["post"])) == 3
    cache.add(FLUSH_KEY.format(instansi_id=instansi_a.pk), 1, timeout=30)  # a flush is queued
    assert suksesi_flush_schedule(instansi_id=instansi_a.pk) is False
    suksesi_flush_release(instansi_id=instansi_a.pk)
    assert cache.get(FLUSH_KEY.format(instansi_id=instansi_a.pk)) is None
