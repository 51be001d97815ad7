"""The what-if of one pegawai (selectors_simulasi, /pegawai/<pk>/talenta/simulasi/ and
/saya/talenta/simulasi/): the simulated placement is the engine's own answer for the changed
inputs under the active rule set, the unchanged simulation is the stored placement, nothing is
written, and only BKD, PPK, the Komite and the ASN for themself (when opened) may ask."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.asesmen.services import berlaku_sampai_default
from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.engine import AsesmenInput, Aturan, penempatan_compute
from apps.petatalenta.models import AturanTalenta, Penempatan, PengaturanTalenta, RiwayatPenempatan
from apps.petatalenta.periode import tanggal_acuan_periode
from apps.petatalenta.services import aturan_aktif_get
from tests.factories import (
    AsesmenFactory,
    PegawaiFactory,
    RiwayatDiklatFactory,
    RiwayatPenempatanFactory,
)

from .profil_data import PERIODE, TAHUN_LALU, aturan_kategoris, engine_inputs, flush, penempatan, skp_buat

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _url(pegawai) -> str:
    return f"/pegawai/{pegawai.pk}/talenta/simulasi/"


def _hitung(client, url, **params):
    """Submit the form as the page does: every field, the current values unless given."""
    form = client.get(url).context["form"]
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data.update({k: str(v) for k, v in params.items()})
    data["hitung"] = "1"
    return client.get(url, data)


def _engine(instansi, pegawai, **changes):
    """The engine's placement for the pegawai's inputs now with `changes` applied."""
    inputs = replace(engine_inputs(instansi, pegawai), **changes)
    with instansi_scope(instansi):
        aturan_obj = aturan_aktif_get(instansi=instansi)
    return penempatan_compute(
        inputs=inputs, aturan=Aturan.from_config(aturan_obj.konfigurasi), konfigurasi=aturan_obj.konfigurasi
    )


def _asesmen_baru(jpm, potensi) -> AsesmenInput:
    """As the database returns a recorded one: dated today, valid three years, two decimals."""
    acuan, sen = tanggal_acuan_periode(periode=PERIODE), Decimal("0.01")
    return AsesmenInput(
        acuan, berlaku_sampai_default(acuan, 3), Decimal(potensi).quantize(sen), Decimal(jpm).quantize(sen)
    )


@pytest.fixture
def siti(instansi_a, unit_tree_a):
    """Box 2 under the weighted preset: potensial 57,50 (rendah), kinerja 60 (sesuai)."""
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Siti Simulasi", unit_kerja=unit_tree_a[2])
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)
    return pegawai


@pytest.fixture
def budi(instansi_a):
    """No asesmen: perlu data."""
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Budi Kurang")
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    return pegawai


# --- (a) the engine's answer for the changed inputs ---------------------------------------------


def test_training_hours_cross_the_potensial_cut_off(login, admin_bkd_a, instansi_a, siti):
    response = _hitung(login(admin_bkd_a), _url(siti), jp=40)
    assert response.status_code == 200
    hasil = response.context["hasil"]
    assert hasil.saat_ini.kotak == 2 and hasil.saat_ini.skor_potensial == Decimal("57.50")
    expected = _engine(instansi_a, siti, jp_pengembangan=40)
    assert hasil.simulasi == expected  # every field: scores, levels, box, components, hash
    assert expected.skor_potensial == Decimal("67.50") and expected.kotak == 5
    text = _text(response)
    assert "Diklat sejak" in text and "40 JP (sekarang: 0 JP)" in text
    assert "67,50" in text and "57,50" in text  # both, Indonesian decimals
    assert "Kinerja sesuai ekspektasi, potensial menengah" in text  # the simulated box's label


def test_a_new_asesmen_resolves_perlu_data(login, admin_bkd_a, instansi_a, budi):
    response = _hitung(login(admin_bkd_a), _url(budi), jpm="95,5", nilai_potensi="85")
    hasil = response.context["hasil"]
    assert hasil.saat_ini.status == "perlu_data"
    expected = _engine(instansi_a, budi, asesmen=_asesmen_baru("95.5", "85"))
    assert hasil.simulasi == expected
    assert expected.status == "final" and not any(k.startswith("asesmen") for k in expected.kekurangan)
    text = _text(response)
    assert "Asesmen baru tanggal" in text and "JPM 95,50, nilai potensi 85" in text
    rows = dict(re.findall(r"<th scope=\"row\">([^<]+)</th><td>([^<]*)</td>", response.content.decode()))
    assert rows["Status"] == "Perlu data"


def test_talent_pool_entry(login, admin_bkd_a, instansi_a, siti):
    response = _hitung(
        login(admin_bkd_a), _url(siti), jpm=100, nilai_potensi=100, jp=40, jenjang="s2", kesesuaian="ya"
    )
    hasil = response.context["hasil"]
    assert not hasil.saat_ini.talent_pool
    expected = _engine(
        instansi_a,
        siti,
        asesmen=_asesmen_baru(100, 100),
        jp_pengembangan=40,
        jenjang_pendidikan="s2",
        pendidikan_sesuai=True,
    )
    assert hasil.simulasi == expected
    assert expected.kotak == 8 and expected.talent_pool and expected.status == "final"
    banding = {b.label: b for b in hasil.banding}
    assert banding["Talent pool (Kelompok Rencana Suksesi)"].simulasi == "masuk"
    assert banding["Talent pool (Kelompok Rencana Suksesi)"].saat_ini == "tidak masuk"
    # the components' table: the education level's contribution is 90 × 10 %
    pendidikan = next(k for k in hasil.komponen if k.kode == "pendidikan")
    assert (pendidikan.kontribusi_saat_ini, pendidikan.kontribusi_simulasi) == (Decimal(0), Decimal("9.00"))


def test_an_skp_predikat_in_the_window(login, admin_bkd_a, instansi_a, siti):
    response = _hitung(login(admin_bkd_a), _url(siti), **{f"skp_{TAHUN_LALU}": "Butuh Perbaikan"})
    hasil = response.context["hasil"]
    expected = _engine(instansi_a, siti, skp_tahunan=((TAHUN_LALU, "Butuh Perbaikan"),))
    assert hasil.simulasi == expected and expected.level_kinerja == "di_bawah"
    assert hasil.simulasi.kotak == 1
    assert f"SKP tahunan {TAHUN_LALU}: Butuh Perbaikan (sekarang: Sangat Baik)" in _text(response)


def test_categorical_model(login, admin_bkd_a, instansi_a, unit_tree_a):
    aturan_kategoris(instansi_a)
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Kategori")
    AsesmenFactory(pegawai=pegawai, jpm=Decimal("80"), nilai_potensi=Decimal("70"))
    skp_buat(instansi_a, pegawai, "Baik")
    flush(instansi_a)
    response = _hitung(
        login(admin_bkd_a), _url(pegawai), jpm=95, nilai_potensi=70, **{f"skp_{TAHUN_LALU}": "Sangat Baik"}
    )
    hasil = response.context["hasil"]
    assert hasil.saat_ini.kotak == 5
    expected = _engine(
        instansi_a, pegawai, asesmen=_asesmen_baru(95, 70), skp_tahunan=((TAHUN_LALU, "Sangat Baik"),)
    )
    assert hasil.simulasi == expected and expected.kotak == 9 and expected.talent_pool
    assert hasil.komponen == []  # nothing to add up in the categorical model
    assert "predikat Sangat Baik" in _text(response)


# --- (b) no change: the stored placement --------------------------------------------------------


def test_without_changes_it_is_the_stored_placement(login, admin_bkd_a, instansi_a, siti, budi):
    client = login(admin_bkd_a)
    for pegawai in (siti, budi):
        response = _hitung(client, _url(pegawai))
        hasil = response.context["hasil"]
        row = penempatan(instansi_a, pegawai)
        assert hasil.perubahan.kosong and hasil.simulasi == hasil.saat_ini
        got = hasil.simulasi
        assert (got.kotak, got.status, got.talent_pool, got.skor_potensial, got.skor_kinerja) == (
            row.kotak, row.status, row.talent_pool, row.skor_potensial, row.skor_kinerja
        )  # fmt: skip
        assert got.inputs_hash == row.inputs_hash and list(got.kekurangan) == row.kekurangan
        assert hasil.tersimpan_status == "sama"
        assert 'data-testid="tersimpan-status"' not in response.content.decode()
        assert "Tidak ada data yang diubah" in _text(response)


def test_a_stale_stored_placement_is_said(login, admin_bkd_a, instansi_a, siti):
    RiwayatDiklatFactory(pegawai=siti, jam_pelajaran=40, status="disetujui")  # not flushed yet
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=siti).update(dirty_since="2026-01-01T00:00:00Z")
    response = login(admin_bkd_a).get(_url(siti))
    hasil = response.context["hasil"]
    assert hasil.tersimpan_status == "kotor"
    assert hasil.saat_ini.kotak == 5 and penempatan(instansi_a, siti).kotak == 2  # computed from today's data
    assert "sedang dihitung ulang" in _text(response)
    with instansi_scope(instansi_a):
        Penempatan.objects.filter(pegawai=siti).update(dirty_since=None)
    assert login(admin_bkd_a).get(_url(siti)).context["hasil"].tersimpan_status == "beda"


# --- (c) nothing is written ---------------------------------------------------------------------


def _counts(instansi):
    with instansi_scope(instansi):
        return (
            Penempatan.objects.count(),
            Penempatan.objects.filter(dirty_since__isnull=False).count(),
            RiwayatPenempatan.objects.count(),
            AuditEvent.objects.count(),
            AturanTalenta.objects.count(),
            list(
                Penempatan.objects.values_list("pk", "kotak", "inputs_hash", "dihitung_pada").order_by("pk")
            ),
        )


def test_nothing_is_written(login, admin_bkd_a, instansi_a, siti, budi):
    before = _counts(instansi_a)
    client = login(admin_bkd_a)
    _hitung(client, _url(siti), jpm=100, nilai_potensi=100, jp=40, jenjang="s3", kesesuaian="ya")
    _hitung(client, _url(budi), jpm=90, nilai_potensi=90)
    client.get(_url(siti))
    assert _counts(instansi_a) == before


def test_an_instansi_without_an_active_rule_set_gets_the_preset_and_none_is_created(
    login, make_user, instansi_b
):
    pegawai = PegawaiFactory(instansi=instansi_b)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_b, pegawai, "Sangat Baik")
    with instansi_scope(instansi_b):
        Penempatan.objects.all().delete()  # the SKP marked it dirty: start from nothing stored
    before = _counts(instansi_b)
    assert before[4] == 0  # no rule-set version at all
    response = _hitung(login(make_user(Role.ADMIN_BKD, instansi_b)), _url(pegawai), jp=40)
    assert response.status_code == 200
    hasil = response.context["hasil"]
    assert hasil.dasar.aturan_obj is None and hasil.tersimpan_status == "belum"
    assert (hasil.saat_ini.kotak, hasil.simulasi.kotak) == (2, 5)  # the weighted preset's answer
    assert "preset nasional" in _text(response)
    assert _counts(instansi_b) == before


def test_queries_do_not_grow_with_the_history(login, admin_bkd_a, instansi_a, siti):
    client = login(admin_bkd_a)
    url = _url(siti)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"hitung": "1", "jp": "40"}).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for tahun in range(2015, 2025):
        RiwayatPenempatanFactory(pegawai=siti, periode=tahun)
    assert count() == first
    assert first <= 20, first  # session and actor, the pegawai, the rules, ten inputs, the stored row


# --- (d) who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN_BKD, 200),
        (Role.PPK, 200),
        (Role.KOMITE_KETUA, 200),
        (Role.KOMITE_ANGGOTA, 200),
        (Role.VERIFIKATOR, 403),
        (Role.ASN, 403),
    ],
)
def test_who_may_simulate_a_pegawai(login, make_user, instansi_a, siti, role, status):
    assert login(make_user(role, instansi_a)).get(_url(siti)).status_code == status


def test_another_instansi_pegawai_is_not_found(login, admin_bkd_b, siti):
    assert login(admin_bkd_b).get(_url(siti)).status_code == 404
    assert login(admin_bkd_b).get(_url(siti), {"hitung": "1", "jp": "40"}).status_code == 404


def test_the_talent_page_links_to_the_simulation(login, make_user, instansi_a, siti):
    link = f'href="{_url(siti)}"'
    assert (
        link
        in login(make_user(Role.KOMITE_SEKRETARIS, instansi_a))
        .get(f"/pegawai/{siti.pk}/talenta/")
        .content.decode()
    )


def _buka(instansi, boleh: bool) -> None:
    with instansi_scope(instansi):
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi, defaults={"asn_boleh_lihat_kotak": boleh}
        )


def test_asn_simulates_only_themself_and_only_when_opened(login, make_user, instansi_a, siti):
    user = make_user(Role.ASN, instansi_a, username="asn.simulasi")
    sendiri = PegawaiFactory(instansi=instansi_a, user=user, nama="Rina Sendiri")
    AsesmenFactory(pegawai=sendiri, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, sendiri, "Sangat Baik")
    flush(instansi_a)
    client = login(user)
    _buka(instansi_a, False)
    assert client.get("/saya/talenta/simulasi/").status_code == 404
    assert 'href="/saya/talenta/simulasi/"' not in client.get("/saya/talenta/").content.decode()
    _buka(instansi_a, True)
    assert 'href="/saya/talenta/simulasi/"' in client.get("/saya/talenta/").content.decode()
    response = _hitung(client, "/saya/talenta/simulasi/", jp=40)
    assert response.status_code == 200
    assert response.context["pegawai"] == sendiri
    assert response.context["hasil"].simulasi == _engine(instansi_a, sendiri, jp_pengembangan=40)
    assert "Siti Simulasi" not in _text(response)
    # Another pegawai stays out of reach, whatever the setting.
    assert client.get(_url(siti)).status_code == 403


def test_asn_without_a_linked_pegawai_gets_404(login, make_user, instansi_a):
    _buka(instansi_a, True)
    assert login(make_user(Role.ASN, instansi_a)).get("/saya/talenta/simulasi/").status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN_BKD, Role.VERIFIKATOR, Role.KOMITE_KETUA])
def test_only_asn_has_the_own_simulation(login, make_user, instansi_a, role):
    assert login(make_user(role, instansi_a)).get("/saya/talenta/simulasi/").status_code == 403


# --- bad inputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "pesan"),
    [
        ({"jpm": "250", "nilai_potensi": "80"}, "JPM harus angka 0–200 dengan paling banyak dua desimal"),
        ({"jpm": "abc", "nilai_potensi": "80"}, "JPM harus angka 0–200"),
        ({"jpm": "90,123", "nilai_potensi": "80"}, "JPM harus angka 0–200"),
        ({"jpm": "90", "nilai_potensi": "100,5"}, "Nilai potensi harus angka 0–100"),
        ({"jpm": "NaN", "nilai_potensi": "80"}, "JPM harus angka 0–200"),
        ({"jpm": "90"}, "Isi JPM dan nilai potensi bersama-sama"),
        ({"jp": "-1"}, "JP diklat harus bilangan bulat 0–2000."),
        ({"jp": "2001"}, "JP diklat harus bilangan bulat 0–2000."),
        ({"jp": "1,5"}, "JP diklat harus bilangan bulat 0–2000."),
        ({"jp": ""}, "Isi jumlah JP diklat (0–2000)."),
        ({f"skp_{TAHUN_LALU}": "Luar Biasa"}, "Pilih predikat SKP dari daftar."),
        ({"jenjang": "s9"}, "Pilih jenjang pendidikan dari daftar."),
        ({"kesesuaian": "mungkin"}, "Pilih kesesuaian dari daftar."),
    ],
)
def test_bad_inputs_are_refused_in_indonesian(login, admin_bkd_a, siti, params, pesan):
    response = _hitung(login(admin_bkd_a), _url(siti), **params)
    assert response.status_code == 200
    text = _text(response)
    assert pesan in text
    assert "Simulasi belum dapat dihitung" in text
    assert response.context["hasil"].perubahan.kosong  # the current result only
    assert 'data-testid="kotak-simulasi"' not in response.content.decode()


# --- the API --------------------------------------------------------------------------------------


def _api(pegawai) -> str:
    return f"/api/v1/talenta/pegawai/{pegawai.pk}/simulasi/"


def test_api_answers_the_engine_for_the_changed_inputs(api_login, admin_bkd_a, instansi_a, siti):
    before = _counts(instansi_a)
    response = api_login(admin_bkd_a).post(
        _api(siti),
        {"jpm": 100, "nilai_potensi": 100, "jp": 40, "jenjang": "s2", "kesesuaian": True},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    expected = _engine(
        instansi_a, siti, asesmen=_asesmen_baru(100, 100), jp_pengembangan=40, jenjang_pendidikan="s2",
        pendidikan_sesuai=True,
    )  # fmt: skip
    simulasi = body["simulasi"]
    assert (simulasi["kotak"], simulasi["status"], simulasi["talent_pool"]) == (8, "final", True)
    assert simulasi["kotak"] == expected.kotak
    assert Decimal(simulasi["skor_potensial"]) == expected.skor_potensial
    assert Decimal(simulasi["skor_kinerja"]) == expected.skor_kinerja
    assert [k["kode"] for k in simulasi["komponen"]] == [k.kode for k in expected.komponen]
    assert body["saat_ini"]["kotak"] == 2 and body["tersimpan"] == "sama"
    assert body["aturan"]["model"] == "berbobot" and body["aturan"]["versi"] == 1
    assert len(body["perubahan"]) == 4
    assert _counts(instansi_a) == before


def test_api_empty_body_is_the_current_placement(api_login, admin_bkd_a, instansi_a, budi):
    body = api_login(admin_bkd_a).post(_api(budi), {}, format="json").json()
    row = penempatan(instansi_a, budi)
    assert body["simulasi"] == body["saat_ini"]
    assert (
        (body["simulasi"]["kotak"], body["simulasi"]["status"])
        == (row.kotak, row.status)
        == (1, "perlu_data")
    )
    assert body["perubahan"] == []


def test_api_skp_by_year(api_login, admin_bkd_a, instansi_a, siti):
    client = api_login(admin_bkd_a)
    body = client.post(_api(siti), {"skp": {str(TAHUN_LALU): "Butuh Perbaikan"}}, format="json").json()
    assert body["simulasi"]["kotak"] == 1
    response = client.post(_api(siti), {"skp": {"2001": "Baik"}}, format="json")
    assert response.status_code == 400 and "di luar jendela SKP aturan" in response.json()["skp"][0]
    response = client.post(_api(siti), {"skp": {str(TAHUN_LALU): "Luar Biasa"}}, format="json")
    assert response.status_code == 400 and "skp" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"jpm": 90}, "nilai_potensi"),
        ({"jpm": 250, "nilai_potensi": 80}, "jpm"),
        ({"jpm": "abc", "nilai_potensi": 80}, "jpm"),
        ({"jp": 2001}, "jp"),
        ({"jp": 1.5}, "jp"),
        ({"jenjang": "s9"}, "jenjang"),
    ],
)
def test_api_bad_inputs_are_400(api_login, admin_bkd_a, siti, body, field):
    response = api_login(admin_bkd_a).post(_api(siti), body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content


def test_api_isolation_and_roles(api_login, make_user, admin_bkd_b, instansi_a, siti):
    assert api_login(admin_bkd_b).post(_api(siti), {}, format="json").status_code == 404
    assert (
        api_login(make_user(Role.VERIFIKATOR, instansi_a)).post(_api(siti), {}, format="json").status_code
        == 403
    )
    asn = make_user(Role.ASN, instansi_a, username="asn.api")
    sendiri = PegawaiFactory(instansi=instansi_a, user=asn)
    client = api_login(asn)
    assert client.post(_api(sendiri), {}, format="json").status_code == 403
    _buka(instansi_a, False)
    assert client.post("/api/v1/talenta/saya/simulasi/", {}, format="json").status_code == 404
    _buka(instansi_a, True)
    response = client.post("/api/v1/talenta/saya/simulasi/", {"jp": 10}, format="json")
    assert response.status_code == 200 and response.json()["pegawai"] == sendiri.pk
