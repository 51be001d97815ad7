"""The decisions API: the same rules as the pages (a refusal is a 400 and nothing changes),
isolation (another instansi's item or decision answers 404), and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_scopes import scopes_disabled

from apps.komite.models import KehadiranSidang, KeputusanKomite, UsulanKalibrasi
from apps.petatalenta.models import Penempatan
from tests.komite.test_keputusan_services import PDF, komite_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(instansi_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return komite_build(instansi_a)


def _n(model):
    with scopes_disabled():
        return model.objects.count()


def test_proposal_decision_and_read_through_the_api(k, api_login):
    api = api_login(k.users["anggota"])
    url = f"/api/v1/komite/agenda/{k.kalibrasi.pk}/"
    response = api.post(
        url + "usulan/",
        {"kotak_usulan": 8, "alasan": "Prestasi luar biasa.", "bukti": SimpleUploadedFile("b.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["kotak_dihitung"] == 5 and response.json()["bukti_nama"] == "b.pdf"
    response = api.post(url + "keputusan/", {"cara": "suara", "hasil": "setuju", "suara_setuju": 2,
                                             "suara_tolak": 1, "suara_abstain": 0}, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kotak_dihitung"], body["kotak_diputuskan"]) == (5, 8)
    assert body["penanda"] == {
        "kotak_diputuskan": 8,
        "kotak_sekarang": 5,
        "berbeda": True,
        "hitungan_berubah": False,  # the calibration differs from the computation; no data changed
    }
    listing = api.get(f"/api/v1/komite/keputusan/?sidang={k.sidang.pk}").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [r["id"] for r in rows] == [body["id"]]
    assert api.get(f"/api/v1/komite/keputusan/{body['id']}/").json()["alasan"] == "Prestasi luar biasa."


def test_api_refusals_answer_400_and_change_nothing(k, api_login):
    api = api_login(k.users["ketua"])
    url = f"/api/v1/komite/agenda/{k.kalibrasi.pk}/"
    response = api.post(url + "usulan/", {"kotak_usulan": 8, "alasan": "  "}, format="json")
    assert response.status_code == 400 and "alasan" in response.json()
    response = api.post(url + "keputusan/", {"cara": "mufakat", "hasil": "setuju"}, format="json")
    assert response.status_code == 400  # no proposal
    api.post(url + "usulan/", {"kotak_usulan": 8, "alasan": "Alasan."}, format="json")
    with scopes_disabled():
        KehadiranSidang.objects.filter(anggota=k.anggota["anggota"]).update(hadir=False)
    response = api.post(url + "keputusan/", {"cara": "mufakat", "hasil": "setuju"}, format="json")
    assert response.status_code == 400 and "kuorum" in str(response.json()).lower()
    assert _n(KeputusanKomite) == 0


def test_succession_and_review_through_the_api(k, api_login):
    api = api_login(k.users["ketua"])
    body = {
        "cara": "mufakat",
        "daftar_pendek": [{"pegawai_id": k.calon[0].pk}, {"pegawai_id": k.luar.pk}],
        "suksesor": [{"pegawai_id": k.calon[0].pk, "kesiapan": "siap_1_2"}],
        "arahan": [{"jenis": "rotasi", "pegawai_id": None, "uraian": "Rotasi ke bidang lain."}],
    }
    url = f"/api/v1/komite/agenda/{k.suksesi.pk}/keputusan/"
    response = api.post(url, body, format="json")
    assert response.status_code == 400 and "daftar_pendek" in response.json()
    body["daftar_pendek"][1]["alasan_luar_krs"] = "Memimpin tim lintas sektor."
    response = api.post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["isi"]["suksesor"][0]["kesiapan"] == "siap_1_2"
    response = api.post(
        f"/api/v1/komite/agenda/{k.tinjau.pk}/keputusan/",
        {"cara": "mufakat", "catatan": "Wajar."},
        format="json",
    )
    assert response.status_code == 201 and response.json()["hasil"] == "dicatat"


def test_another_instansi_item_and_decision_answer_404(k, api_login, instansi_b):
    lain = komite_build(instansi_b, prefix="b")
    api_b = api_login(lain.users["ketua"])
    api_b.post(
        f"/api/v1/komite/agenda/{lain.tinjau.pk}/keputusan/",
        {"cara": "mufakat", "catatan": "x"},
        format="json",
    )
    with scopes_disabled():
        keputusan_b = KeputusanKomite.objects.get(instansi=instansi_b)
    api = api_login(k.users["ketua"])
    assert api.get(f"/api/v1/komite/keputusan/{keputusan_b.pk}/").status_code == 404
    listing = api.get(f"/api/v1/komite/keputusan/?sidang={lain.sidang.pk}").json()
    assert (listing["results"] if isinstance(listing, dict) else listing) == []
    for action in ("usulan", "keputusan"):
        response = api.post(
            f"/api/v1/komite/agenda/{lain.kalibrasi.pk}/{action}/",
            {"kotak_usulan": 8, "alasan": "x", "cara": "mufakat", "hasil": "setuju"},
            format="json",
        )
        assert response.status_code == 404
    assert _n(UsulanKalibrasi) == 0


def test_routes_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/komite/keputusan/"]) >= {"get"}
    assert set(paths["/api/v1/komite/keputusan/{id}/"]) >= {"get"}
    assert "post" in paths["/api/v1/komite/agenda/{id}/usulan/"]
    assert "post" in paths["/api/v1/komite/agenda/{id}/keputusan/"]
    assert "400" in paths["/api/v1/komite/agenda/{id}/keputusan/"]["post"]["responses"]


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_list_markers_come_from_one_query(k, api_login, django_assert_max_num_queries):
    from apps.komite.models import UsulanKalibrasi as Usulan

    api = api_login(k.users["ketua"])
    with scopes_disabled():
        Usulan.objects.create(
            instansi=k.instansi, agenda=k.kalibrasi, kotak_dihitung=5, kotak_usulan=8, alasan="A"
        )
    api.post(
        f"/api/v1/komite/agenda/{k.kalibrasi.pk}/keputusan/",
        {"cara": "mufakat", "hasil": "setuju"},
        format="json",
    )
    with scopes_disabled():
        Penempatan.objects.filter(pk=k.penempatan.pk).update(kotak=8)
    with django_assert_max_num_queries(12):
        rows = api.get("/api/v1/komite/keputusan/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows[0]["penanda"] == {
        "kotak_diputuskan": 8,
        "kotak_sekarang": 8,
        "berbeda": False,
        "hitungan_berubah": True,  # a recompute moved the box to the decided one
    }
