"""The bulk paths of the recompute pipeline (bench/recompute_talenta.py measures them): the fast
serialisation gives exactly the hash and explanation of the plain definitions (stored hashes stay
valid), the SQL input loader reads exactly what the ORM loader read, array and JSON literals
round-trip through PostgreSQL, parallel flushes share the work without doubling it, a bulk mark
refreshes the planner's statistics and asks for two flush tasks, and a crashed flush can leave
neither an editable rule set with placements nor a job nobody closes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import defaultdict
from dataclasses import asdict
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.asesmen.models import Asesmen
from apps.core.tenancy import instansi_scope
from apps.kinerja.models import SKP
from apps.kinerja.services import SkpData, skp_write
from apps.pegawai.models import (
    HukumanDisiplin,
    Penghargaan,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    SkTimKerja,
)
from apps.pegawai.referensi import JENJANG_PENDIDIKAN_URUTAN
from apps.petatalenta import services
from apps.petatalenta.engine import (
    PRESET_BERBOBOT,
    AsesmenInput,
    Aturan,
    HukumanInput,
    PenempatanInputs,
    inputs_hash,
    inputs_json,
    penempatan_compute,
)
from apps.petatalenta.inputs import penempatan_inputs_load
from apps.petatalenta.models import HitungUlang, Penempatan, RiwayatPenempatan
from apps.petatalenta.pgarray import int_array, json_array, text_array
from tests.factories import (
    AsesmenFactory,
    HukumanDisiplinFactory,
    PegawaiFactory,
    PenghargaanFactory,
    RiwayatDiklatFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    SKPFactory,
    SkTimKerjaFactory,
)

pytestmark = pytest.mark.django_db
HARI_INI = timezone.localdate()
TAHUN = HARI_INI.year
BERBOBOT = Aturan.from_config(PRESET_BERBOBOT)


# --- the serialisation behind the hash and the explanation -----------------------------------------


def _reference_jsonable(inputs) -> dict:
    return json.loads(json.dumps(asdict(inputs), default=str))


def _reference_hash(inputs, konfigurasi) -> str:
    payload = json.dumps(
        {"inputs": _reference_jsonable(inputs), "aturan": konfigurasi}, sort_keys=True, default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))
decimals = st.decimals(min_value=0, max_value=999, places=2, allow_nan=False)
texts = st.text(max_size=12)  # quotes, backslashes, "$j$", non-ASCII: anything a string may hold
inputs_strategy = st.builds(
    PenempatanInputs,
    tanggal_acuan=dates,
    asesmen=st.none() | st.builds(AsesmenInput, dates, dates, decimals, decimals),
    skp_tahunan=st.lists(st.tuples(st.integers(2000, 2040), texts), max_size=3).map(tuple),
    jp_pengembangan=st.integers(0, 500),
    tahun_pengalaman=st.none() | decimals,
    jenjang_pendidikan=st.none() | st.sampled_from(list(JENJANG_PENDIDIKAN_URUTAN)) | texts,
    pendidikan_sesuai=st.none() | st.booleans(),
    hukuman=st.lists(st.builds(HukumanInput, texts, dates, st.none() | dates), max_size=2).map(tuple),
    jumlah_penghargaan=st.integers(0, 5),
    jumlah_sk_tim=st.integers(0, 9),
    umpan_balik_360=st.none() | decimals,
)


@settings(max_examples=300, deadline=None)
@given(inputs=inputs_strategy)
def test_fast_serialisation_is_exactly_the_plain_definition(inputs):
    assert inputs.as_jsonable() == _reference_jsonable(inputs)
    assert inputs_json(inputs) == json.dumps(_reference_jsonable(inputs), sort_keys=True, default=str)
    # The hash of every placement already stored stays what it was: nothing is rewritten.
    assert inputs_hash(inputs, PRESET_BERBOBOT) == _reference_hash(inputs, PRESET_BERBOBOT)
    penempatan = penempatan_compute(inputs=inputs, aturan=BERBOBOT, konfigurasi=PRESET_BERBOBOT)
    assert penempatan.inputs_hash == _reference_hash(inputs, PRESET_BERBOBOT)


def test_odd_value_types_take_the_exact_slow_path():
    class Jenjang(str):
        pass

    inputs = PenempatanInputs(
        tanggal_acuan=dt.date(2026, 1, 1), jenjang_pendidikan=Jenjang("s1"), umpan_balik_360=3.5,
        skp_tahunan=((2025, "Baik"),), tahun_pengalaman=Decimal("1E+1"),
    )  # fmt: skip
    assert inputs_json(inputs) == json.dumps(_reference_jsonable(inputs), sort_keys=True, default=str)
    assert inputs_hash(inputs, {"x": 1}) == _reference_hash(inputs, {"x": 1})


def test_shared_components_score_like_fresh_ones_whatever_the_exponent():
    base = {
        "tanggal_acuan": dt.date(2026, 11, 22),
        "skp_tahunan": ((2025, "Baik"),),
        "jenjang_pendidikan": "s1",
    }
    one = penempatan_compute(
        inputs=PenempatanInputs(**base, tahun_pengalaman=Decimal("2.5")), aturan=BERBOBOT, konfigurasi={}
    )
    two = penempatan_compute(
        inputs=PenempatanInputs(**base, tahun_pengalaman=Decimal("2.50")), aturan=BERBOBOT, konfigurasi={}
    )
    assert one.komponen == two.komponen and one.skor_potensial == two.skor_potensial
    pengalaman = next(k for k in one.komponen if k.kode == "pengalaman")
    assert (pengalaman.nilai, pengalaman.kontribusi) == (Decimal("50.00"), Decimal("5.00"))
    assert json.loads(pengalaman.as_json) == pengalaman.as_jsonable()


# --- literals through PostgreSQL ----------------------------------------------------------------------

ODD = [
    "plain",
    "",
    "NULL",
    'with "quotes"',
    "back\\slash",
    "comma, {brace}",
    "$j$ tag $j1$",
    "tab\there",
    "é–✓",
]


def test_array_literals_round_trip():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[], %s::bigint[], %s::numeric[]", [
            text_array([*ODD, None]), int_array([1, None, 9007199254740993]), text_array([Decimal("1.50"), None]),
        ])  # fmt: skip
        texts, ints, numbers = cursor.fetchone()
    assert texts == [*ODD, None]
    assert ints == [1, None, 9007199254740993]
    assert numbers == [Decimal("1.50"), None]


def test_json_array_literal_needs_no_escaping_and_picks_a_free_tag():
    documents = [json.dumps({"s": s}) for s in ODD] + [
        json.dumps("$j$ and $j1$"),
        "[]",
        "null",
        '["100%", "é–"]',
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT value::text FROM jsonb_array_elements(%s)", [json_array(documents)])
        back = [json.loads(row[0]) for row in cursor.fetchall()]
    assert back == [json.loads(d) for d in documents]
    assert json_array(['"$j$"']).getquoted().startswith(b"$j1$")


# --- the SQL input loader -----------------------------------------------------------------------------


def _orm_inputs(instansi, ids, tanggal, aturan) -> dict:
    """The loader as it was written with the ORM (the reference)."""
    window_start = dt.date(tanggal.year - aturan.jendela_tahun, 1, 1)
    asesmen = {
        r["pegawai_id"]: AsesmenInput(r["tanggal"], r["berlaku_sampai"], r["nilai_potensi"], r["jpm"])
        for r in Asesmen.objects.filter(instansi=instansi, pegawai_id__in=ids, tanggal__lte=tanggal)
        .order_by("pegawai_id", "-tanggal", "-id")
        .distinct("pegawai_id")
        .values("pegawai_id", "tanggal", "berlaku_sampai", "nilai_potensi", "jpm")
    }
    skp = defaultdict(list)
    for pid, tahun, predikat in SKP.objects.filter(
        instansi=instansi, pegawai_id__in=ids, periode="tahunan",
        tahun__gte=tanggal.year - aturan.jendela_tahun, tahun__lt=tanggal.year,
    ).values_list("pegawai_id", "tahun", "predikat"):  # fmt: skip
        skp[pid].append((tahun, predikat))
    ok = {"instansi": instansi, "pegawai_id__in": ids, "status": "disetujui"}
    jp = dict(
        RiwayatDiklat.objects.filter(**ok, tanggal_selesai__gte=window_start, tanggal_selesai__lte=tanggal)
        .values_list("pegawai_id").annotate(t=Sum("jam_pelajaran")).values_list("pegawai_id", "t")
    )  # fmt: skip
    pengalaman = defaultdict(Decimal)
    for pid, mulai, selesai in RiwayatJabatan.objects.filter(**ok, tmt_mulai__lte=tanggal).values_list(
        "pegawai_id", "tmt_mulai", "tmt_selesai"
    ):
        pengalaman[pid] += Decimal(max(0, (min(selesai or tanggal, tanggal) - mulai).days)) / Decimal(
            "365.25"
        )
    pendidikan = {}
    for pid, jenjang in RiwayatPendidikan.objects.filter(**ok).values_list("pegawai_id", "jenjang"):
        if (
            pid not in pendidikan
            or JENJANG_PENDIDIKAN_URUTAN[jenjang] > JENJANG_PENDIDIKAN_URUTAN[pendidikan[pid]]
        ):
            pendidikan[pid] = jenjang
    hukuman = defaultdict(list)
    for pid, tingkat, mulai, selesai in HukumanDisiplin.objects.filter(
        **ok, tmt_mulai__lte=tanggal
    ).values_list("pegawai_id", "tingkat", "tmt_mulai", "tmt_selesai"):
        hukuman[pid].append(HukumanInput(tingkat, mulai, selesai))

    def counts(model, field, start):
        return dict(
            model.objects.filter(**ok, **{f"{field}__gte": start, f"{field}__lte": tanggal})
            .values_list("pegawai_id").annotate(n=Count("id")).values_list("pegawai_id", "n")
        )  # fmt: skip

    penghargaan = counts(Penghargaan, "tanggal", dt.date(tanggal.year - 5, 1, 1))
    sk_tim = counts(SkTimKerja, "tanggal_sk", window_start)
    return {
        pid: PenempatanInputs(
            tanggal_acuan=tanggal,
            asesmen=asesmen.get(pid),
            skp_tahunan=tuple(sorted(skp.get(pid, []))),
            jp_pengembangan=int(jp.get(pid) or 0),
            tahun_pengalaman=pengalaman[pid].quantize(Decimal("0.1")) if pid in pengalaman else None,
            jenjang_pendidikan=pendidikan.get(pid),
            pendidikan_sesuai=None,
            hukuman=tuple(sorted(hukuman.get(pid, []), key=lambda h: (h.tmt_mulai, h.tingkat))),
            jumlah_penghargaan=penghargaan.get(pid, 0),
            jumlah_sk_tim=sk_tim.get(pid, 0),
            umpan_balik_360=None,
        )
        for pid in ids
    }


def test_the_sql_loader_reads_exactly_what_the_orm_loader_read(instansi_a, instansi_b):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(6)]
    stranger = PegawaiFactory(instansi=instansi_b)
    d = dt.date
    with scopes_disabled():
        for i, p in enumerate(pegawai[:5]):
            base = {"instansi": instansi_a, "pegawai": p}
            AsesmenFactory(**base, tanggal=d(2023, 5, 1), lembaga="L", metode="cact",
                           nilai_potensi=Decimal("61.50"), jpm=Decimal("101.25"), berlaku_sampai=d(2026, 5, 1))  # fmt: skip
            if i % 2:
                AsesmenFactory(**base, tanggal=d(2025, 2, 3), lembaga="L", metode="cact",
                               nilai_potensi=Decimal(70), jpm=Decimal("88.10"), berlaku_sampai=d(2028, 2, 3))  # fmt: skip
            AsesmenFactory(**base, tanggal=HARI_INI + dt.timedelta(days=3), lembaga="L", metode="cact",
                           nilai_potensi=Decimal(99), jpm=Decimal(99), berlaku_sampai=d(2031, 1, 1))  # future: ignored  # fmt: skip
            for tahun, periode, pred, r in ((TAHUN - 1, "tahunan", "Baik", "sesuai"), (TAHUN - 2, "tahunan", "Sangat Baik", "di_atas"),
                                            (TAHUN - 3, "tahunan", "Baik", "sesuai"), (TAHUN - 1, "tw1", "Baik", "sesuai")):  # fmt: skip
                if (i + tahun) % 3:
                    SKPFactory(**base, tahun=tahun, periode=periode, rating_hasil_kerja=r,
                               rating_perilaku_kerja=r, predikat=pred)  # fmt: skip
            for j, status in enumerate(("disetujui", "disetujui", "diajukan", "ditolak")):
                RiwayatDiklatFactory(**base, status=status, jenis="teknis", nama="D", penyelenggara="P",
                                     tanggal_mulai=d(TAHUN - 2 + j % 3, 1, 1), tanggal_selesai=d(TAHUN - 3 + j, 6, 1),
                                     jam_pelajaran=8 * (i + j + 1))  # fmt: skip
                RiwayatJabatanFactory(**base, status=status, jenis_jabatan="pelaksana", nama_jabatan="J", unit="U",
                                      tmt_mulai=d(2010 + j * 3 + i, 3, 1 + i),
                                      tmt_selesai=None if j == 1 else d(2013 + j * 3 + i, 2, 28))  # fmt: skip
                RiwayatPendidikanFactory(**base, status=status, jenjang=["sma", "s2", "s3", "d3"][(i + j) % 4],
                                         institusi="U", tahun_lulus=2000 + j)  # fmt: skip
                PenghargaanFactory(
                    **base, status=status, jenis="lainnya", pemberi="G", tanggal=d(TAHUN - 6 + 2 * j, 8, 17)
                )
                SkTimKerjaFactory(**base, status=status, nama_tim="T", peran="A", nomor_sk="1",
                                  tanggal_sk=d(TAHUN - 3 + j, 1, 5 + i))  # fmt: skip
            if i in (1, 3):
                HukumanDisiplinFactory(**base, status="disetujui", tingkat="sedang", jenis_hukuman="H", nomor_sk="1",
                                       tmt_mulai=d(2024, 1, 1), tmt_selesai=d(2024, 12, 31) if i == 1 else None)  # fmt: skip
                HukumanDisiplinFactory(**base, status="disetujui", tingkat="ringan", jenis_hukuman="H", nomor_sk="2",
                                       tmt_mulai=d(2022, 1, 1), tmt_selesai=d(2022, 6, 30))  # fmt: skip
        # Another instansi's rows of a pegawai id in the batch must not leak in.
        AsesmenFactory(instansi=instansi_b, pegawai=stranger, tanggal=d(2025, 1, 1), lembaga="L", metode="cact",
                       nilai_potensi=Decimal(1), jpm=Decimal(1), berlaku_sampai=d(2029, 1, 1))  # fmt: skip
    ids = [p.pk for p in pegawai] + [stranger.pk]
    with instansi_scope(instansi_a):
        for tanggal in (HARI_INI, d(TAHUN - 1, 12, 31)):
            got = penempatan_inputs_load(
                instansi=instansi_a, pegawai_ids=ids, tanggal_acuan=tanggal, aturan=BERBOBOT
            )
            want = _orm_inputs(instansi_a, ids, tanggal, BERBOBOT)
            assert got == want
    assert got[stranger.pk] == PenempatanInputs(tanggal_acuan=d(TAHUN - 1, 12, 31))
    assert {p.jenjang_pendidikan for p in got.values()} >= {"s3", "s2"}
    assert any(p.hukuman for p in got.values()) and any(p.tahun_pengalaman for p in got.values())
    with instansi_scope(instansi_a):
        assert (
            penempatan_inputs_load(
                instansi=instansi_a, pegawai_ids=[], tanggal_acuan=HARI_INI, aturan=BERBOBOT
            )
            == {}
        )


# --- what the flush writes ----------------------------------------------------------------------------


def test_the_flush_stores_the_explanation_and_history_of_the_plain_definitions(instansi_a):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(3)]
    with scopes_disabled():
        AsesmenFactory(
            pegawai=pegawai[0], nilai_potensi=Decimal("81.25"), jpm=Decimal("104.50"),
            berlaku_sampai=HARI_INI + dt.timedelta(days=700),
        )  # fmt: skip
        RiwayatPendidikanFactory(instansi=instansi_a, pegawai=pegawai[0], status="disetujui", jenjang="s2",
                                 institusi='Universitas "Lambung" \\ Mangkurat', tahun_lulus=2010)  # fmt: skip
    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=None, penyebab='skp "uji" $j$',
                  rows=[SkpData(p.pk, TAHUN - 1, "tahunan", "di_atas", "di_atas", "Sangat Baik") for p in pegawai])  # fmt: skip
        result = services.penempatan_flush(instansi=instansi_a)
        aturan = services.aturan_aktif_get(instansi=instansi_a)
        inputs = penempatan_inputs_load(
            instansi=instansi_a, pegawai_ids=[p.pk for p in pegawai], tanggal_acuan=HARI_INI, aturan=BERBOBOT
        )
        rows = {r.pegawai_id: r for r in Penempatan.objects.all()}
        history = {h.pegawai_id: h for h in RiwayatPenempatan.objects.all()}
    assert (result.diproses, result.berubah, result.tetap) == (3, 3, 0)
    for p in pegawai:
        penempatan = penempatan_compute(inputs=inputs[p.pk], aturan=BERBOBOT, konfigurasi=aturan.konfigurasi)
        row = rows[p.pk]
        assert row.rincian == services._rincian(penempatan, inputs[p.pk])
        assert row.kekurangan == list(penempatan.kekurangan)
        assert (row.kotak, row.status, row.skor_potensial, row.skor_kinerja, row.talent_pool, row.inputs_hash) == (
            penempatan.kotak, penempatan.status, penempatan.skor_potensial, penempatan.skor_kinerja,
            penempatan.talent_pool, penempatan.inputs_hash,
        )  # fmt: skip
        assert (row.level_potensial, row.level_kinerja, row.aturan_id, row.dirty_since) == (
            penempatan.level_potensial, penempatan.level_kinerja, aturan.pk, None,
        )  # fmt: skip
        h = history[p.pk]
        assert (h.kotak_lama, h.kotak_baru, h.status, h.penyebab, h.inputs_hash, h.aturan_id) == (
            None, penempatan.kotak, penempatan.status, 'skp "uji" $j$', penempatan.inputs_hash, aturan.pk,
        )  # fmt: skip
        assert (h.skor_potensial, h.skor_kinerja, h.periode) == (
            penempatan.skor_potensial,
            penempatan.skor_kinerja,
            TAHUN,
        )
    assert rows[pegawai[0].pk].status == "final" and rows[pegawai[1].pk].status == "perlu_data"


def test_a_mark_newer_than_the_batch_stays_dirty_and_is_flushed_again(instansi_a, monkeypatch):
    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=None,
                  rows=[SkpData(pegawai.pk, TAHUN - 1, "tahunan", "sesuai", "sesuai", "Baik")])  # fmt: skip
        real_load, calls = services.penempatan_inputs_load, []

        def load_then_change(**kwargs):
            loaded = real_load(**kwargs)
            if not calls:  # a change lands between the batch's read and its write
                Penempatan.objects.filter(pegawai=pegawai).update(dirty_since=timezone.now())
            calls.append(1)
            return loaded

        monkeypatch.setattr(services, "penempatan_inputs_load", load_then_change)
        result = services.penempatan_flush(instansi=instansi_a)
        row = Penempatan.objects.get(pegawai=pegawai)
    # Written by the first batch but left dirty (its mark was newer than the one read), then
    # taken again: same inputs, so only the mark is cleared.
    assert len(calls) == 2
    assert (result.diproses, result.berubah, result.tetap) == (2, 1, 1)
    assert row.dirty_since is None and row.kotak is not None


def test_a_bulk_mark_analyzes_and_asks_for_two_flush_tasks(
    instansi_a, monkeypatch, django_capture_on_commit_callbacks
):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(4)]
    queued = []
    monkeypatch.setattr(services, "ANALYZE_AFTER_MARKED", 3)
    monkeypatch.setattr(services, "FLUSH_PARALLEL_MIN", 3)
    monkeypatch.setattr(
        "apps.petatalenta.tasks.penempatan_flush_task.apply_async", lambda **kwargs: queued.append(kwargs)
    )
    periode = TAHUN
    for ids, tasks, analyzed in (([p.pk for p in pegawai], 2, True), ([pegawai[0].pk], 1, False)):
        queued.clear()
        from django.core.cache import cache

        cache.delete(services.FLUSH_KEY.format(instansi_id=instansi_a.pk, periode=periode))
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            services.penempatan_mark_dirty(instansi_id=instansi_a.pk, pegawai_ids=ids, penyebab="uji")
        assert len(queued) == tasks
        assert all(q["kwargs"] == {"instansi_id": instansi_a.pk, "periode": periode} for q in queued)
        assert (
            any("petatalenta_penempatan_analyze()" in q["sql"] for q in queries.captured_queries) is analyzed
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_flushes_share_the_rows_and_place_each_once(instansi_a, monkeypatch):
    n = 40
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(n)]
    with scopes_disabled():
        for p in pegawai[::3]:
            AsesmenFactory(pegawai=p, nilai_potensi=Decimal("81.25"), jpm=Decimal("104.50"))
    monkeypatch.setattr(services, "penempatan_flush_schedule", lambda **kwargs: False)  # no eager flush
    monkeypatch.setattr(services, "BATCH_SIZE", 6)
    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=None,
                  rows=[SkpData(p.pk, TAHUN - 1, "tahunan", "di_atas", "di_atas", "Sangat Baik") for p in pegawai])  # fmt: skip
        job = services.hitung_ulang_start(instansi=instansi_a, penyebab="uji.paralel")

    # The first flush holds its first batch until the second has written one of its own: only
    # possible if the second skips the first one's locked rows instead of waiting for them.
    second_wrote, real_batch, results, errors = threading.Event(), services._flush_batch, {}, []

    def batch(**kwargs):
        name = threading.current_thread().name
        if name == "first" and not second_wrote.is_set():
            assert second_wrote.wait(timeout=20), "the second flush never got rows of its own"
        real_batch(**kwargs)
        if name == "second":
            second_wrote.set()

    monkeypatch.setattr(services, "_flush_batch", batch)

    def flush(name):
        try:
            with instansi_scope(instansi_a):
                results[name] = services.penempatan_flush(instansi=instansi_a)
        except BaseException as error:  # reported by the test thread
            errors.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=flush, args=("first",), name="first")
    first.start()
    second = threading.Thread(target=flush, args=("second",), name="second")
    second.start()
    first.join(60)
    second.join(60)
    assert not errors, errors
    assert results["first"].diproses > 0 and results["second"].diproses > 0
    assert results["first"].diproses + results["second"].diproses == n
    with instansi_scope(instansi_a):
        assert Penempatan.objects.filter(dirty_since__isnull=True).count() == n
        history = list(RiwayatPenempatan.objects.values_list("pegawai_id", flat=True))
        job.refresh_from_db()
        aturan = services.aturan_aktif_get(instansi=instansi_a)
        inputs = penempatan_inputs_load(
            instansi=instansi_a, pegawai_ids=[p.pk for p in pegawai], tanggal_acuan=HARI_INI, aturan=BERBOBOT
        )
        for row in Penempatan.objects.all():
            expected = penempatan_compute(
                inputs=inputs[row.pegawai_id], aturan=BERBOBOT, konfigurasi=aturan.konfigurasi
            )
            assert (row.kotak, row.inputs_hash) == (expected.kotak, expected.inputs_hash)
    assert sorted(history) == sorted(p.pk for p in pegawai)  # one history row each, none twice
    assert job.selesai_pada is not None and aturan.digunakan


# --- crashes -------------------------------------------------------------------------------------------


def test_the_aturan_is_frozen_before_anything_is_placed_under_it(instansi_a, monkeypatch):
    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        skp_write(instansi=instansi_a, actor=None,
                  rows=[SkpData(pegawai.pk, TAHUN - 1, "tahunan", "sesuai", "sesuai", "Baik")])  # fmt: skip
        aturan = services.aturan_aktif_get(instansi=instansi_a)
        assert not aturan.digunakan

        def crash(**kwargs):
            raise RuntimeError("worker died")

        monkeypatch.setattr(services, "penempatan_inputs_load", crash)
        with pytest.raises(RuntimeError):
            services.penempatan_flush(instansi=instansi_a)
        aturan.refresh_from_db()
        assert aturan.digunakan and not Penempatan.objects.filter(aturan=aturan).exists()


def test_the_sweeper_also_finds_an_open_job_with_nothing_dirty(instansi_a):
    with instansi_scope(instansi_a):
        job = HitungUlang.objects.create(instansi=instansi_a, periode=TAHUN, penyebab="uji", total=0)
    with scopes_disabled():
        HitungUlang.objects.filter(pk=job.pk).update(dimulai_pada=timezone.now() - dt.timedelta(minutes=2))
    assert services.penempatan_sweep_targets(older_than_seconds=30) == [(instansi_a.pk, TAHUN)]
    with instansi_scope(instansi_a):
        services.penempatan_flush(instansi=instansi_a, periode=TAHUN)
        job.refresh_from_db()
    assert job.selesai_pada is not None
    assert services.penempatan_sweep_targets(older_than_seconds=30) == []
