"""The summary refresh: every figure equals a plain recount over the tenant tables (a property
test over random data in three instansi), in a fixed number of queries whatever the size; the
dirty marks, the coalesced refresh and the sweeps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from apps.core.events import inputs_changed_send, ringkasan_stale_send
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.nasional import services, tasks
from apps.nasional.models import RingkasanInstansi, RingkasanKotor
from apps.nasional.tahap import tahap_baca
from apps.pegawai.referensi import JenisJabatan, JenisKelamin, JenjangPendidikan, StatusKepegawaian
from apps.petatalenta.periode import periode_sekarang

from .ringkasan_data import (
    InstansiSpec,
    JabatanSpec,
    PegawaiSpec,
    PenetapanSpec,
    instansi_isi,
    pindahkan,
    ringkasan_hitung_ulang,
)

pytestmark = pytest.mark.django_db

FIELDS = [
    f.name
    for f in RingkasanInstansi._meta.concrete_fields
    if f.name not in ("id", "instansi", "periode", "diperbarui_pada")
]

# --- strategies -------------------------------------------------------------------------------------

pegawai_st = st.builds(
    PegawaiSpec,
    aktif=st.sampled_from([True, True, True, False]),
    status=st.sampled_from(StatusKepegawaian.values),
    jenis_jabatan=st.sampled_from(JenisJabatan.values),
    kelamin=st.sampled_from(JenisKelamin.values),
    # Around each age band's edge (29/30, 39/40, 49/50), and anywhere.
    umur=st.one_of(st.sampled_from([29, 30, 39, 40, 49, 50]), st.integers(18, 64)),
    geser_hari=st.sampled_from([-1, 0, 0, 1, 200]),
    pendidikan=st.sampled_from([*JenjangPendidikan.values, ""]),
    kelengkapan=st.one_of(st.none(), st.sampled_from([0, 49, 50, 74, 75, 99, 100]), st.integers(0, 100)),
    asesmen=st.lists(st.tuples(st.integers(-10, 2000), st.integers(-400, 1200)), max_size=2),
    skp=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["tahunan", "tahunan", "tw1"])), max_size=3),
    penempatan=st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(["final", "final", "final", "perlu_data", ""]),
            st.one_of(st.none(), st.integers(1, 9)),
            st.booleans(),
            st.sampled_from([True, True, False]),
        ),
    ),
    pindah=st.sampled_from([False, False, False, False, True]),
)

instansi_st = st.builds(
    InstansiSpec,
    pegawai=st.lists(pegawai_st, max_size=8),
    jabatan=st.lists(
        st.builds(
            JabatanSpec,
            aktif=st.sampled_from([True, True, False]),
            status=st.one_of(st.none(), st.tuples(st.booleans(), st.integers(0, 3), st.integers(0, 4))),
        ),
        max_size=3,
    ),
    penetapan=st.lists(
        st.builds(
            PenetapanSpec,
            ditetapkan=st.sampled_from([True, True, False]),
            periode_ini=st.sampled_from([True, True, False]),
            kotak=st.lists(
                st.tuples(st.integers(0, 20), st.one_of(st.none(), st.integers(1, 9))), max_size=5
            ),
        ),
        max_size=2,
    ),
    pengguna=st.lists(st.sampled_from([Role.ADMIN_BKD, Role.ASN, Role.VERIFIKATOR, Role.PPK]), max_size=3),
    krs_nasional=st.one_of(st.none(), st.sampled_from([[9], [8, 9], [6, 8, 9]])),
    unit_nonaktif=st.booleans(),
)


def _refresh_all(tenants) -> dict:
    rows = {}
    for instansi in tenants:
        with instansi_scope(instansi):
            rows[instansi.pk] = services.ringkasan_refresh(instansi=instansi)
    return rows


def _figures(row: RingkasanInstansi) -> dict:
    return {name: getattr(row, name) for name in FIELDS}


@settings(
    max_examples=20,
    deadline=None,
    # No shrinking: each example writes rows in three instansi, and a shrink of a failure took
    # minutes on a shared machine; the failing example is printed as drawn.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(specs=st.lists(instansi_st, min_size=3, max_size=3))
def test_every_figure_equals_a_plain_recount(tenants, specs):
    # Each example in a savepoint rolled back at its end: the next one starts from the fixtures.
    with transaction.atomic():
        with scopes_disabled():
            pegawai = [
                instansi_isi(instansi, spec, prefix=f"{instansi.kode}")
                for instansi, spec in zip(tenants, specs, strict=True)
            ]
            for n in range(3):
                pindahkan(pegawai[n], specs[n].pegawai, tenants[(n + 1) % 3])
        sebelum = timezone.now()
        rows = _refresh_all(tenants)
        with scopes_disabled():
            for instansi in tenants:
                row = RingkasanInstansi.objects.get(instansi=instansi, periode=periode_sekarang())
                assert row.pk == rows[instansi.pk].pk
                expected = ringkasan_hitung_ulang(instansi)
                with instansi_scope(instansi):
                    tahap = tahap_baca(instansi=instansi)
                expected |= {
                    "tahap_implementasi": tahap.tahap,
                    "skor_kti": tahap.skor_kti,
                    "tahap_rincian": tahap.rincian,
                }
                assert set(expected) == set(FIELDS)  # a new model field needs its recount here
                assert _figures(row) == expected
                assert row.diperbarui_pada >= sebelum
                # The triples and the placements partition the active pegawai.
                n = row.jumlah_pegawai
                assert row.asesmen_valid + row.asesmen_kedaluwarsa + row.asesmen_tidak_ada == n
                assert row.skp_valid + row.skp_kedaluwarsa + row.skp_tidak_ada == n
                assert row.jumlah_final + row.jumlah_perlu_data + row.jumlah_belum_dihitung == n
                assert sum(row.kelengkapan_sebaran.values()) == n
                for groups in row.kelompok.values():
                    assert sum(g["n"] for g in groups.values()) == row.jumlah_final
        transaction.set_rollback(True)


def _example(size: int) -> list[InstansiSpec]:
    """Every kind of row the refresh reads, `size` pegawai in the first instansi."""
    pegawai = [
        PegawaiSpec(
            status=StatusKepegawaian.values[i % 4],
            jenis_jabatan=JenisJabatan.values[i % len(JenisJabatan.values)],
            kelamin="LP"[i % 2],
            umur=20 + i % 40,
            pendidikan=JenjangPendidikan.values[i % 10],
            kelengkapan=(i * 13) % 101,
            asesmen=[(30 + i, 300), (1500, -200)][: 1 + i % 2],
            skp=[(1, "tahunan"), (2, "tahunan")][i % 2 :],
            penempatan=("final", 1 + i % 9, i % 9 >= 6, True),
        )
        for i in range(size)
    ]
    first = InstansiSpec(
        pegawai=pegawai,
        jabatan=[JabatanSpec(status=(i % 2 == 0, i % 3, i % 4)) for i in range(3)],
        penetapan=[PenetapanSpec(kotak=[(i, 1 + i % 9) for i in range(size)])],
        pengguna=[Role.ADMIN_BKD, Role.ASN],
        krs_nasional=[8, 9],
    )
    return [first, InstansiSpec(pegawai=pegawai[:2]), InstansiSpec()]


def _queries(instansi) -> int:
    with instansi_scope(instansi), CaptureQueriesContext(connection) as captured:
        services.ringkasan_refresh(instansi=instansi)
    return len(captured.captured_queries)


def test_the_refresh_takes_the_same_few_queries_at_any_size(tenants, django_assert_max_num_queries):
    counts = []
    # Both sizes hold members of every kind the refresh reads (box 8 and 9 placements for the KRS
    # Nasional index from 9 pegawai on): a reader skips its query when it has nothing to read.
    for size in (12, 60):
        with transaction.atomic():
            with scopes_disabled():
                for instansi, spec in zip(tenants, _example(size), strict=True):
                    instansi_isi(instansi, spec, prefix=f"{instansi.kode}")
            counts.append(_queries(tenants[0]))
            # About 20 today; the stage tracker and the KRS Nasional index add their own fixed
            # number. What matters is the equality at both sizes below.
            with django_assert_max_num_queries(40), instansi_scope(tenants[0]):
                services.ringkasan_refresh(instansi=tenants[0])
            with scopes_disabled():
                row = RingkasanInstansi.objects.get(instansi=tenants[0])
                assert row.jumlah_pegawai == size
                assert row.jumlah_final == size
                assert _figures(row) | {"tahap_implementasi": 0, "skor_kti": 0, "tahap_rincian": {}} == (
                    ringkasan_hitung_ulang(tenants[0])
                    | {"tahap_implementasi": 0, "skor_kti": 0, "tahap_rincian": {}}
                )
            transaction.set_rollback(True)
    assert counts[0] == counts[1], counts


def test_an_empty_instansi_has_zeros_and_unknown_means(instansi_a):
    with instansi_scope(instansi_a):
        row = services.ringkasan_refresh(instansi=instansi_a)
    assert row.jumlah_pegawai == 0
    assert row.kelengkapan_rata is None
    assert row.kekuatan_bench_rata is None
    assert row.idp_jumlah is None
    assert row.kotak_dihitung == dict.fromkeys([str(n) for n in range(1, 10)], 0)
    assert row.kotak_ditetapkan == {}
    assert row.penetapan_tanggal is None


def test_rows_of_earlier_periods_keep_their_figures(instansi_a):
    with scopes_disabled():
        lama = RingkasanInstansi.objects.create(
            instansi=instansi_a,
            periode=periode_sekarang() - 1,
            jumlah_pegawai=7,
            diperbarui_pada=timezone.now(),
        )
        instansi_isi(instansi_a, InstansiSpec(pegawai=[PegawaiSpec()]), prefix="A")
    with instansi_scope(instansi_a):
        services.ringkasan_refresh(instansi=instansi_a)
    with scopes_disabled():
        lama.refresh_from_db()
        assert lama.jumlah_pegawai == 7
        assert (
            RingkasanInstansi.objects.get(instansi=instansi_a, periode=periode_sekarang()).jumlah_pegawai == 1
        )


# --- dirty marks, coalescing, sweeps -------------------------------------------------------------


@pytest.fixture
def queued(monkeypatch):
    """The refresh tasks sent (instead of running them eagerly)."""
    sent: list[dict] = []
    monkeypatch.setattr(
        tasks.ringkasan_refresh, "apply_async", lambda kwargs=None, **opts: sent.append(kwargs)
    )
    monkeypatch.setattr(tasks.ringkasan_refresh, "delay", lambda **kwargs: sent.append(kwargs))
    return sent


def _kotor(instansi) -> RingkasanKotor | None:
    with scopes_disabled():
        return RingkasanKotor.objects.filter(instansi=instansi).first()


def test_a_mark_is_set_in_the_writers_transaction_and_one_refresh_queued_after_commit(
    instansi_a, instansi_b, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            inputs_changed_send(instansi_id=instansi_a.pk, pegawai_ids=[n + 1], penyebab="skp.import")
        ringkasan_stale_send(instansi_id=instansi_a.pk, penyebab="komite.penetapan")
        assert queued == []  # nothing before commit
    assert _kotor(instansi_a).penyebab == "komite.penetapan"
    assert _kotor(instansi_b) is None
    assert queued == [{"instansi_id": instansi_a.pk}]  # six changes, one refresh

    # The key is held until the task starts: a later change in the meantime queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        ringkasan_stale_send(instansi_id=instansi_a.pk, penyebab="komite.anggota")
    assert queued == [{"instansi_id": instansi_a.pk}]


def test_a_rolled_back_change_leaves_no_mark(instansi_a, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        ringkasan_stale_send(instansi_id=instansi_a.pk, penyebab="uji")
        raise RuntimeError
    assert _kotor(instansi_a) is None
    assert queued == []


def test_the_task_clears_the_mark_and_releases_the_key(
    instansi_a, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ringkasan_stale_send(instansi_id=instansi_a.pk, penyebab="uji")
    assert len(queued) == 1
    # Run the task as the worker would (InstansiTask enters the scope).
    tasks.ringkasan_refresh(instansi_id=instansi_a.pk)
    assert _kotor(instansi_a) is None
    with scopes_disabled():
        assert RingkasanInstansi.objects.filter(instansi=instansi_a).exists()
    # The key was released as the task started: the next change queues the next refresh.
    with django_capture_on_commit_callbacks(execute=True):
        ringkasan_stale_send(instansi_id=instansi_a.pk, penyebab="uji")
    assert len(queued) == 2


def test_a_mark_renewed_during_the_refresh_stays(instansi_a, monkeypatch):
    with scopes_disabled():
        RingkasanKotor.objects.create(
            instansi=instansi_a, dirty_since=timezone.now() - dt.timedelta(seconds=5)
        )
    original = services.ringkasan_refresh

    def refresh_and_meanwhile_a_change(*, instansi):
        row = original(instansi=instansi)
        with scopes_disabled():  # another transaction marked it while the refresh was counting
            RingkasanKotor.objects.filter(instansi=instansi).update(
                dirty_since=timezone.now(), penyebab="baru"
            )
        return row

    monkeypatch.setattr(services, "ringkasan_refresh", refresh_and_meanwhile_a_change)
    with instansi_scope(instansi_a):
        services.ringkasan_refresh_marked(instansi=instansi_a)
    assert _kotor(instansi_a).penyebab == "baru"  # its own refresh will clear it


def test_the_sweep_refreshes_only_marks_older_than_a_minute(instansi_a, instansi_b, instansi_c, queued):
    now = timezone.now()
    with scopes_disabled():
        RingkasanKotor.objects.create(instansi=instansi_a, dirty_since=now - dt.timedelta(seconds=90))
        RingkasanKotor.objects.create(instansi=instansi_b, dirty_since=now - dt.timedelta(seconds=10))
    assert tasks.ringkasan_sweep() == [instansi_a.pk]
    assert queued == [{"instansi_id": instansi_a.pk}]


def test_the_nightly_pass_refreshes_every_active_instansi(tenants, queued):
    instansi_c = tenants[2]
    instansi_c.aktif = False
    instansi_c.save(update_fields=["aktif"])
    assert tasks.ringkasan_refresh_all() == 2
    assert sorted(k["instansi_id"] for k in queued) == sorted(t.pk for t in tenants[:2])


def test_the_beat_schedule_has_the_sweep_and_the_nightly_pass(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["apps.nasional.tasks.ringkasan_sweep"] == 60
    nightly = schedule["apps.nasional.tasks.ringkasan_refresh_all"]
    assert not isinstance(nightly, int | float)  # a crontab, not every few minutes


def test_decimal_means_are_rounded_to_two_places(instansi_a):
    spec = InstansiSpec(
        pegawai=[PegawaiSpec(kelengkapan=v) for v in (100, 50, 50)],
        jabatan=[
            JabatanSpec(status=(False, 1, 1)),
            JabatanSpec(status=(False, 1, 2)),
            JabatanSpec(status=(False, 0, 2)),
        ],
    )
    with scopes_disabled():
        instansi_isi(instansi_a, spec, prefix="A")
    with instansi_scope(instansi_a):
        row = services.ringkasan_refresh(instansi=instansi_a)
    row.refresh_from_db()
    assert row.kelengkapan_rata == Decimal("66.67")
    assert row.kekuatan_bench_rata == Decimal("1.67")


def test_the_pegawai_facts_handed_to_the_stage_tracker_equal_its_own_count(tenants):
    """The refresh counts the tracker's pegawai facts in its own scan (one scan of 100,000 pegawai
    fewer); they must be the tracker's definitions exactly."""
    from apps.nasional import tahap
    from apps.petatalenta.periode import tanggal_acuan_periode

    with scopes_disabled():
        for instansi, spec in zip(tenants, _example(60), strict=True):
            instansi_isi(instansi, spec, prefix=f"{instansi.kode}")
    periode = periode_sekarang()
    hari = tanggal_acuan_periode(periode=periode)
    seen = []
    for instansi in tenants:
        with instansi_scope(instansi):
            diserahkan = services._pegawai_hitung(instansi=instansi, hari=hari, periode=periode)[
                "_fakta_pegawai"
            ]
            sendiri = tahap._fakta_pegawai(instansi=instansi, tanggal=hari, periode=periode)
        assert diserahkan == sendiri
        seen.append(sendiri)
    assert seen[0].final and seen[0].final_asesmen and seen[0].pool and seen[0].asesmen  # not all zeros
