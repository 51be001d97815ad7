"""Penetapan pages and API: the PPK's queue and answer, the established results beside the current
box with the marker, the ASN's established box, the BKD pegawai card, the PPK home card."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import Penetapan, Sidang, SnapshotPenempatan
from apps.komite.services_penetapan import penetapan_tetapkan
from apps.pegawai.models import Pegawai
from apps.petatalenta.models import Penempatan, PengaturanTalenta
from tests.factories import user_with_role

from .penetapan_bantuan import TAHUN, sidang_selesai_buat

pytestmark = pytest.mark.django_db
HARI_INI = timezone.localdate()


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def data(instansi_a):
    return sidang_selesai_buat(instansi_a)


def _tetapkan(data):
    with instansi_scope(data.instansi):
        return penetapan_tetapkan(
            sidang=data.sidang, actor=data.ppk, nomor_keputusan="800.1.3/77/2026", tanggal_keputusan=HARI_INI
        )


def test_ppk_sees_the_queue_on_home_and_the_queue_page(login, data):
    client = login(data.ppk)
    home = _text(client.get("/ppk/"))
    assert "1 sidang menunggu penetapan." in home and data.sidang.judul in home
    antrian = client.get("/penetapan/")
    assert antrian.status_code == 200
    assert f'href="/penetapan/{data.sidang.pk}/"' in antrian.content.decode()


def test_ppk_sets_a_session_from_its_page(login, data):
    client = login(data.ppk)
    detail = client.get(f"/penetapan/{data.sidang.pk}/")
    text = _text(detail)
    assert detail.status_code == 200
    assert "Kinerja penanganan banjir 2024" in text and "5 → 8" in text  # the calibration and its reason
    assert "Tetapkan hasil sidang" in text and "Kembalikan dengan catatan" in text
    response = client.post(
        f"/penetapan/{data.sidang.pk}/tetapkan/",
        {"nomor_keputusan": "800.1.3/77/2026", "tanggal_keputusan": HARI_INI.isoformat()},
    )
    assert response.status_code == 302
    with scopes_disabled():
        penetapan = Penetapan.objects.get(sidang=data.sidang)
        assert Sidang.objects.get(pk=data.sidang.pk).status == "ditetapkan"
    assert penetapan.jumlah_penempatan == 3
    with scopes_disabled():  # a later correction of the record does not reach what was set
        Pegawai.objects.filter(pk=data.pegawai["Citra Lestari"].pk).update(nama="Citra Sesudahnya")
    after = _text(client.get(f"/penetapan/{data.sidang.pk}/"))
    assert "Keputusan nomor 800.1.3/77/2026" in after and "Tetapkan hasil sidang" not in after
    assert "Citra Lestari" in after and "Siap 1–2 tahun" in after  # successors frozen, readiness in words
    assert "Citra Sesudahnya" not in after


def test_a_refused_answer_shows_the_reason_and_changes_nothing(login, data):
    client = login(data.ppk)
    with scopes_disabled():
        Penempatan.objects.filter(pk=data.penempatan["Budi Santoso"].pk).update(dirty_since=timezone.now())
    response = client.post(
        f"/penetapan/{data.sidang.pk}/tetapkan/",
        {"nomor_keputusan": "800/1", "tanggal_keputusan": HARI_INI.isoformat()},
    )
    assert response.status_code == 400
    assert "sedang dihitung ulang" in _text(response)
    empty = client.post(f"/penetapan/{data.sidang.pk}/kembalikan/", {"catatan": ""})
    assert empty.status_code == 400
    with scopes_disabled():
        assert not Penetapan.objects.exists() and not SnapshotPenempatan.objects.exists()
        assert Sidang.objects.get(pk=data.sidang.pk).status == "selesai"


def test_ppk_returns_a_session_with_a_note(login, data):
    client = login(data.ppk)
    response = client.post(
        f"/penetapan/{data.sidang.pk}/kembalikan/", {"catatan": "Lengkapi bukti kalibrasi."}
    )
    assert response.status_code == 302
    text = _text(client.get(f"/penetapan/{data.sidang.pk}/"))
    assert "Dikembalikan PPK" in text and "Lengkapi bukti kalibrasi." in text


def test_setting_twice_through_the_page_is_refused(login, data):
    _tetapkan(data)
    response = login(data.ppk).post(
        f"/penetapan/{data.sidang.pk}/tetapkan/",
        {"nomor_keputusan": "800/2", "tanggal_keputusan": HARI_INI.isoformat()},
    )
    assert response.status_code == 400 and "sudah dijawab PPK" in _text(response)
    with scopes_disabled():
        assert Penetapan.objects.count() == 1


def test_committee_members_cannot_set(login, data):
    response = login(data.ketua).post(
        f"/penetapan/{data.sidang.pk}/tetapkan/",
        {"nomor_keputusan": "800/1", "tanggal_keputusan": HARI_INI.isoformat()},
    )
    assert response.status_code == 403
    assert "Tetapkan hasil sidang" not in _text(login(data.ketua).get(f"/penetapan/{data.sidang.pk}/"))
    with scopes_disabled():
        assert not Penetapan.objects.exists()


def test_established_results_side_by_side_with_the_marker(login, data, instansi_a):
    _tetapkan(data)
    with scopes_disabled():  # a later recompute moves Citra out of box 9
        Penempatan.objects.filter(pk=data.penempatan["Citra Lestari"].pk).update(kotak=6)
    bkd = user_with_role(Role.ADMIN_BKD, instansi_a, username="bkd.hasil")
    client = login(bkd)
    text = _text(client.get(f"/penetapan/hasil/?periode={TAHUN}"))
    assert "Ditetapkan PPK — Keputusan nomor 800.1.3/77/2026" in text
    assert "kotak hitungan sekarang 6 ≠ kotak ditetapkan 9" in text
    assert "kotak hitungan sekarang 5 ≠ kotak ditetapkan 8" in text  # Budi's calibration
    berbeda = _text(client.get(f"/penetapan/hasil/?periode={TAHUN}&berbeda_saja=on"))
    assert "Citra Lestari" in berbeda and "Dedi Kurniawan" not in berbeda
    kotak = _text(client.get(f"/penetapan/hasil/?periode={TAHUN}&kotak=4"))
    assert "Dedi Kurniawan" in kotak and "Citra Lestari" not in kotak
    ninebox = _text(client.get(f"/talenta/sembilan-kotak/?periode={TAHUN}"))
    assert "sudah ditetapkan PPK (Keputusan nomor 800.1.3/77/2026" in ninebox
    pegawai = _text(client.get(f"/pegawai/{data.pegawai['Citra Lestari'].pk}/"))
    assert (
        "Kotak yang ditetapkan PPK" in pegawai and "kotak hitungan sekarang 6 ≠ kotak ditetapkan 9" in pegawai
    )


@pytest.mark.parametrize("boleh", [True, False])
def test_asn_sees_the_established_box_only_when_the_instansi_allows(login, data, instansi_a, boleh):
    _tetapkan(data)
    with scopes_disabled():
        asn = user_with_role(Role.ASN, instansi_a, username="asn.budi")
        budi = data.pegawai["Budi Santoso"]
        budi.user = asn
        budi.save()
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi_a, defaults={"asn_boleh_lihat_kotak": boleh}
        )
    text = _text(login(asn).get("/saya/talenta/"))
    label = "Ditetapkan PPK — Keputusan nomor 800.1.3/77/2026"
    assert (label in text) is boleh
    if boleh:
        assert "Kotak talenta yang ditetapkan, periode" in text


def test_api_lists_answers_sets_and_reads_established(api_login, data, instansi_a):
    client = api_login(data.ppk)
    bad = client.post(
        "/api/v1/komite/penetapan/", {"sidang": data.sidang.pk, "hasil": "ditetapkan"}, format="json"
    )
    assert bad.status_code == 400 and "nomor_keputusan" in bad.json()
    created = client.post(
        "/api/v1/komite/penetapan/",
        {
            "sidang": data.sidang.pk,
            "hasil": "ditetapkan",
            "nomor_keputusan": "800/API",
            "tanggal_keputusan": HARI_INI.isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["jumlah_penempatan"] == 3 and created.json()["hasil"] == "ditetapkan"
    again = client.post(
        "/api/v1/komite/penetapan/",
        {"sidang": data.sidang.pk, "hasil": "dikembalikan", "catatan": "lagi"},
        format="json",
    )
    assert again.status_code == 400
    listed = client.get("/api/v1/komite/penetapan/").json()
    assert [row["nomor_keputusan"] for row in listed["results"]] == ["800/API"]
    with scopes_disabled():
        Penempatan.objects.filter(pk=data.penempatan["Dedi Kurniawan"].pk).update(kotak=2)
    established = client.get(f"/api/v1/komite/ditetapkan/?periode={TAHUN}").json()
    rows = {row["nama"]: row for row in established["results"]}
    assert set(rows) == {"Budi Santoso", "Citra Lestari", "Dedi Kurniawan"}
    assert (
        rows["Dedi Kurniawan"]["kotak"],
        rows["Dedi Kurniawan"]["kotak_sekarang"],
        rows["Dedi Kurniawan"]["berbeda"],
    ) == (4, 2, True)
    assert rows["Citra Lestari"]["berbeda"] is False and rows["Citra Lestari"]["krs_nasional"] is True
    only = client.get(f"/api/v1/komite/ditetapkan/?periode={TAHUN}&berbeda=true").json()
    assert sorted(r["nama"] for r in only["results"]) == ["Budi Santoso", "Dedi Kurniawan"]


def test_api_refuses_an_open_session_and_a_komite_member(api_login, data):
    with scopes_disabled():
        Sidang.objects.filter(pk=data.sidang.pk).update(status="berlangsung")
    body = {"sidang": data.sidang.pk, "hasil": "dikembalikan", "catatan": "x"}
    assert api_login(data.ppk).post("/api/v1/komite/penetapan/", body, format="json").status_code == 400
    assert api_login(data.ketua).post("/api/v1/komite/penetapan/", body, format="json").status_code == 403
    with scopes_disabled():
        assert not Penetapan.objects.exists()


def test_the_api_is_in_the_openapi_schema_with_its_error_answers(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/komite/penetapan/"]) >= {"get", "post"}
    assert "get" in paths["/api/v1/komite/penetapan/{id}/"]
    assert set(paths["/api/v1/komite/ditetapkan/"]) & {"post", "put", "patch", "delete"} == set()
    assert {"400", "403", "404"} <= set(paths["/api/v1/komite/penetapan/"]["post"]["responses"])
    assert {"403", "404"} <= set(paths["/api/v1/komite/penetapan/{id}/"]["get"]["responses"])
    assert {"400", "403"} <= set(paths["/api/v1/komite/ditetapkan/"]["get"]["responses"])
    parameters = {p["name"] for p in paths["/api/v1/komite/ditetapkan/"]["get"]["parameters"]}
    assert {"periode", "berbeda", "kotak", "perangkat_daerah", "page"} <= parameters
