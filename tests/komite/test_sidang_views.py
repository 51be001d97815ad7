# ruff: noqa: F811  (the komite_a / komite_b fixtures are imported from sidang_fixtures)
"""Session pages and API: the flow a secretary follows, the refusals shown on the page, roles, and
isolation (another instansi's session answers 404 like a missing one, and nothing changes)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tenancy import instansi_scope
from apps.komite.models import AgendaSidang, KehadiranSidang, Sidang
from tests.factories import AgendaSidangFactory, SidangFactory
from tests.komite.sidang_fixtures import keputusan_catat, komite_a, komite_b  # noqa: F401

pytestmark = pytest.mark.django_db

HARI_INI = timezone.localdate()


def _sidang(k, **kw):
    return SidangFactory(instansi=k.instansi, judul="Sidang Kalibrasi Uji", tempat="Aula Bappeda", **kw)


def _status(pk) -> str:
    with scopes_disabled():
        return Sidang.objects.get(pk=pk).status


def test_secretary_runs_a_session_through_the_pages(client, komite_a):
    k = komite_a
    client.force_login(k.sekretaris)
    response = client.post(
        "/komite/sidang/tambah/",
        {"judul": "Sidang Komite Talenta 2026", "periode": HARI_INI.year, "tanggal": HARI_INI.isoformat(),
         "waktu": "09:00", "tempat": "Aula Setda", "nomor": "800/12/BKPSDM"},
    )  # fmt: skip
    assert response.status_code == 302
    with scopes_disabled():
        sidang = Sidang.objects.get(judul="Sidang Komite Talenta 2026")
    base = f"/komite/sidang/{sidang.pk}/"
    assert response["Location"] == base
    assert client.post(base + "agenda/tambah/", {"jenis": "tinjau_peta", "unit_kerja": ""}).status_code == 302
    assert (
        client.post(base + "agenda/tambah/", {"jenis": "kalibrasi", "nip": k.pegawai.nip}).status_code == 302
    )
    assert (
        client.post(base + "agenda/tambah/", {"jenis": "suksesi", "jabatan_kunci": k.jabatan.pk}).status_code
        == 302
    )
    # the pegawai search lists the pegawai with a final placement
    page = client.get(base + "agenda/tambah/", {"q": k.pegawai.nama[:8]}).content.decode()
    assert k.pegawai.nip in page
    # starting before the invitations is refused with the reason, nothing changes
    page = client.post(base + "mulai/", follow=True).content.decode()
    assert "Kirim undangan kepada anggota" in page
    assert _status(sidang.pk) == "draf"
    assert client.post(base + "undang/").status_code == 302
    form = {f"hadir_{a.pk}": "on" for a in k.anggota_rows.values()}
    assert client.post(base + "kehadiran/", form).status_code == 302
    assert client.post(base + "mulai/").status_code == 302
    assert _status(sidang.pk) == "berlangsung"

    detail = client.get(base).content.decode()
    assert "Kuorum" in detail and "3 dari 3 anggota hadir" in detail
    assert k.pegawai.nama in detail and k.pegawai.nip in detail
    assert "Kotak hasil perhitungan sekarang" in detail and "<strong>6</strong>" in detail
    assert k.jabatan.nama in detail and "Seluruh instansi" in detail
    assert "Komite memutuskan 3 agenda" in detail

    # closing with undecided items: refused, the items named, still under way
    page = client.post(base + "tutup/", {"catatan": ""}).content.decode()
    assert "belum diputuskan" in page
    assert _status(sidang.pk) == "berlangsung"
    with instansi_scope(k.instansi):
        for agenda in AgendaSidang.objects.filter(sidang=sidang):
            keputusan_catat(agenda, k.ketua)
    response = client.post(base + "tutup/", {"catatan": "Selesai tepat waktu."})
    assert response.status_code == 302
    assert _status(sidang.pk) == "selesai"
    detail = client.get(base).content.decode()
    assert "Menunggu penetapan PPK" in detail
    assert "Tambah agenda" not in detail  # no change buttons on a closed session


def test_closed_session_refuses_changes_on_the_page(client, komite_a):
    k = komite_a
    sidang = _sidang(k, status="selesai")
    agenda = AgendaSidangFactory(sidang=sidang)
    client.force_login(k.sekretaris)
    base = f"/komite/sidang/{sidang.pk}/"
    page = client.post(
        base + "agenda/tambah/", {"jenis": "tinjau_peta", "unit_kerja": k.unit.pk}
    ).content.decode()
    assert "sudah ditutup" in page
    page = client.post(base + f"agenda/{agenda.pk}/hapus/", follow=True).content.decode()
    assert "sudah ditutup" in page
    page = client.post(base + "undang/", follow=True).content.decode()
    assert "sudah ditutup" in page
    with instansi_scope(k.instansi):
        assert sidang.agenda.count() == 1
        assert not KehadiranSidang.objects.filter(sidang=sidang).exists()


def test_readers_see_but_cannot_change(client, komite_a):
    k = komite_a
    sidang = _sidang(k)
    client.force_login(k.anggota)
    assert client.get("/komite/sidang/").status_code == 200
    page = client.get(f"/komite/sidang/{sidang.pk}/").content.decode()
    assert "Sidang Kalibrasi Uji" in page and "Mulai sidang" not in page
    assert client.post(f"/komite/sidang/{sidang.pk}/undang/").status_code == 403
    assert client.post("/komite/sidang/tambah/", {}).status_code == 403
    client.force_login(k.ppk)
    assert client.get(f"/komite/sidang/{sidang.pk}/").status_code == 200


def test_list_filters_by_period_and_status(client, komite_a):
    k = komite_a
    SidangFactory(instansi=k.instansi, judul="Sidang Lama 2024", periode=2024, status="selesai")
    SidangFactory(instansi=k.instansi, judul="Sidang Baru 2026", periode=2026)
    client.force_login(k.sekretaris)
    page = client.get("/komite/sidang/", {"periode": 2024}).content.decode()
    assert "Sidang Lama 2024" in page and "Sidang Baru 2026" not in page
    page = client.get("/komite/sidang/", {"status": "draf"}).content.decode()
    assert "Sidang Baru 2026" in page and "Sidang Lama 2024" not in page


def test_home_card_shows_next_session_and_my_invitation(client, komite_a):
    k = komite_a
    sidang = _sidang(k)
    with instansi_scope(k.instansi):
        KehadiranSidang.objects.create(
            instansi=k.instansi,
            sidang=sidang,
            anggota=k.anggota_rows["anggota"],
            diundang_pada=timezone.now(),
        )
    client.force_login(k.anggota)
    page = client.get("/komite/").content.decode()
    assert "Sidang berikutnya" in page and "Undangan saya" in page
    assert page.count("Sidang Kalibrasi Uji") >= 2  # next session and my invitation
    assert "Susunan Komite Talenta" in page  # the existing content stays


# --- isolation -------------------------------------------------------------------------------------

PAGES = [
    ("get", "{s}/"),
    ("get", "{s}/ubah/"),
    ("post", "{s}/ubah/"),
    ("get", "{s}/hapus/"),
    ("post", "{s}/hapus/"),
    ("get", "{s}/agenda/tambah/"),
    ("post", "{s}/agenda/tambah/"),
    ("post", "{s}/agenda/{a}/hapus/"),
    ("post", "{s}/undang/"),
    ("get", "{s}/kehadiran/"),
    ("post", "{s}/kehadiran/"),
    ("post", "{s}/mulai/"),
    ("get", "{s}/tutup/"),
    ("post", "{s}/tutup/"),
    ("post", "{s}/lanjutan/"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_another_instansis_session_page_is_404(client, komite_a, komite_b, method, path):
    asing = _sidang(komite_b)
    agenda = AgendaSidangFactory(sidang=asing)
    client.force_login(komite_a.sekretaris)
    url = "/komite/sidang/" + path.format(s=asing.pk, a=agenda.pk)
    response = getattr(client, method)(url, {"jenis": "tinjau_peta"} if method == "post" else None)
    assert response.status_code == 404
    with instansi_scope(komite_b.instansi):
        assert Sidang.objects.get(pk=asing.pk).status == "draf"
        assert asing.agenda.count() == 1


def test_another_instansis_agenda_item_is_404_on_my_session(client, komite_a, komite_b):
    mine = _sidang(komite_a)
    asing = AgendaSidangFactory(sidang=_sidang(komite_b))
    client.force_login(komite_a.sekretaris)
    assert client.post(f"/komite/sidang/{mine.pk}/agenda/{asing.pk}/hapus/").status_code == 404
    api = f"/api/v1/komite/sidang/{mine.pk}/agenda/{asing.pk}/"
    assert client.delete(api).status_code == 404
    with instansi_scope(komite_b.instansi):
        assert AgendaSidang.objects.filter(pk=asing.pk).exists()


API = [
    ("get", "{s}/", None),
    ("put", "{s}/", {"judul": "X", "periode": 2026, "tanggal": "2026-01-05", "tempat": "Aula"}),
    ("patch", "{s}/", {"judul": "X"}),
    ("post", "{s}/agenda/", {"jenis": "tinjau_peta"}),
    ("delete", "{s}/agenda/{a}/", None),
    ("post", "{s}/undang/", {}),
    ("post", "{s}/kehadiran/", {"hadir": [{"anggota": 1, "hadir": True}]}),
    ("post", "{s}/mulai/", {}),
    ("post", "{s}/tutup/", {}),
    ("post", "{s}/lanjutan/", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_another_instansis_session_api_is_404(api_login, komite_a, komite_b, method, path, body):
    asing = _sidang(komite_b)
    agenda = AgendaSidangFactory(sidang=asing)
    api = api_login(komite_a.sekretaris)
    url = "/api/v1/komite/sidang/" + path.format(s=asing.pk, a=agenda.pk)
    response = (
        getattr(api, method)(url, data=body, format="json") if body is not None else getattr(api, method)(url)
    )
    assert response.status_code == 404
    with instansi_scope(komite_b.instansi):
        fresh = Sidang.objects.get(pk=asing.pk)
        assert (fresh.status, fresh.judul) == ("draf", "Sidang Kalibrasi Uji")
        assert asing.agenda.count() == 1


def test_api_list_shows_only_my_instansi(api_login, komite_a, komite_b):
    mine = _sidang(komite_a)
    _sidang(komite_b)
    data = api_login(komite_a.anggota).get("/api/v1/komite/sidang/").json()
    assert [row["id"] for row in data["results"]] == [mine.pk]


# --- API flow ----------------------------------------------------------------------------------------


def test_api_runs_a_session(api_login, komite_a):
    k = komite_a
    api = api_login(k.sekretaris)
    response = api.post(
        "/api/v1/komite/sidang/",
        {"judul": "Sidang API", "periode": HARI_INI.year, "tanggal": HARI_INI.isoformat(), "tempat": "Aula"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    base = f"/api/v1/komite/sidang/{pk}/"
    assert api.patch(base, {"tempat": "Ruang Rapat"}, format="json").json()["tempat"] == "Ruang Rapat"
    r = api.post(base + "agenda/", {"jenis": "kalibrasi", "pegawai_nip": k.pegawai.nip}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["agenda"][0]["pegawai_nip"] == k.pegawai.nip
    r = api.post(base + "agenda/", {"jenis": "kalibrasi", "pegawai": k.pegawai.pk}, format="json")
    assert r.status_code == 400 and "sudah ada di agenda" in str(r.json())
    r = api.post(base + "agenda/", {"jenis": "suksesi", "jabatan_kunci": k.jabatan.pk}, format="json")
    agenda_suksesi = r.json()["agenda"][1]["id"]
    assert api.delete(base + f"agenda/{agenda_suksesi}/").status_code == 204
    r = api.post(base + "mulai/", {}, format="json")
    assert r.status_code == 400 and "undangan" in str(r.json())
    r = api.post(base + "undang/", {}, format="json")
    assert len(r.json()["kehadiran"]) == 3
    hadir = [{"anggota": a.pk, "hadir": True} for a in k.anggota_rows.values()]
    r = api.post(base + "kehadiran/", {"hadir": hadir}, format="json")
    assert r.json()["kuorum"]["tercapai"] is True
    assert api.post(base + "mulai/", {}, format="json").json()["status"] == "berlangsung"
    r = api.post(base + "tutup/", {}, format="json")
    assert r.status_code == 400 and "belum diputuskan" in str(r.json())
    with instansi_scope(k.instansi):
        keputusan_catat(AgendaSidang.objects.get(sidang_id=pk), k.ketua)
    r = api.post(base + "tutup/", {"catatan": "Lancar"}, format="json")
    assert r.json()["status"] == "selesai"
    r = api.patch(base, {"judul": "Diubah"}, format="json")
    assert r.status_code == 400 and "sudah ditutup" in str(r.json())


def test_api_writes_are_refused_to_readers(api_login, komite_a):
    sidang = _sidang(komite_a)
    api = api_login(komite_a.ketua)
    assert api.get(f"/api/v1/komite/sidang/{sidang.pk}/").status_code == 200
    assert api.post(f"/api/v1/komite/sidang/{sidang.pk}/undang/", {}, format="json").status_code == 403
    with instansi_scope(komite_a.instansi):
        assert not KehadiranSidang.objects.filter(sidang=sidang).exists()


def test_page_shows_current_box_of_the_calibration_item(client, komite_a):
    k = komite_a
    sidang = _sidang(k)
    AgendaSidangFactory(sidang=sidang, jenis="kalibrasi", pegawai=k.pegawai, urutan=1)
    with instansi_scope(k.instansi):
        from apps.petatalenta.models import Penempatan

        Penempatan.objects.filter(pegawai=k.pegawai).update(kotak=8)
    client.force_login(k.ketua)
    page = client.get(f"/komite/sidang/{sidang.pk}/").content.decode()
    assert "<strong>8</strong>" in page


def test_session_api_is_in_the_openapi_schema(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    assert set(paths["/api/v1/komite/sidang/"]) >= {"get", "post"}
    assert set(paths["/api/v1/komite/sidang/{id}/"]) >= {"get", "put", "patch"}
    for aksi in ("agenda", "undang", "kehadiran", "mulai", "tutup", "lanjutan"):
        assert "post" in paths[f"/api/v1/komite/sidang/{{id}}/{aksi}/"]
    assert "delete" in paths["/api/v1/komite/sidang/{id}/agenda/{agenda_id}/"]


def test_anchors_stay_plain_numbers_past_a_thousand(client, komite_a):
    """Indonesian number formatting must not reach ids and anchors: agenda 12.345 would become
    id="agenda-12.345" while the redirect after a decision points to #agenda-12345."""
    k = komite_a
    sidang = _sidang(k, status="berlangsung")
    AgendaSidangFactory(sidang=sidang, pk=12345)
    client.force_login(k.sekretaris)
    html = client.get(f"/komite/sidang/{sidang.pk}/").content.decode()
    assert 'id="agenda-12345"' in html and 'id="keputusan-12345"' in html
    assert "12.345" not in html
