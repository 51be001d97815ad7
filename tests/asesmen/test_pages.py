"""Asesmen pages: the list with its filters (query count independent of the rows), one asesmen in
full (both JPM scales, eight aspects, competencies against the standard, validity computed from
today), the form through asesmen_record with Indonesian errors on the fields, the per-pegawai history
on the BKD profile and on Profil Saya, role cells and isolation (foreign ids 404 like missing ones)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.asesmen.models import Asesmen, PengaturanAsesmen
from apps.core.models import AuditEvent
from apps.core.permissions import role_has_permission
from apps.core.roles import Role
from apps.core.tenancy import scopes_disabled
from tests.assertions import assert_absent
from tests.factories import AsesmenFactory, AsesmenKompetensiFactory, PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

MISSING = 987654321
TODAY = timezone.localdate()


@pytest.fixture
def data(instansi_a, instansi_b, unit_tree_a, unit_b):
    dinas, bidang, seksi = unit_tree_a
    rsud = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Rumah Sakit Umum Daerah")
    siti = PegawaiFactory(instansi=instansi_a, nama="Siti Rahmawati", unit_kerja=seksi)
    budi = PegawaiFactory(instansi=instansi_a, nama="Budi Santoso", unit_kerja=rsud)
    rahasia = PegawaiFactory(instansi=instansi_b, nama="Rahasia Pegawai", unit_kerja=unit_b)
    a_siti = AsesmenFactory(
        pegawai=siti,
        tanggal=dt.date(2025, 8, 17),
        metode="assessment_center",
        lembaga="UPT Penilaian Kompetensi BKD",
        nilai_potensi=Decimal("77.50"),
        jpm=Decimal("138.89"),
        berlaku_sampai=dt.date(2099, 12, 31),
        aspek_intelektual=Decimal("81.25"),
        aspek_motivasi=Decimal("70"),
    )
    AsesmenKompetensiFactory(
        asesmen=a_siti, kompetensi="Integritas", kelompok="manajerial", level_standar=3, level_individu=4
    )
    AsesmenKompetensiFactory(
        asesmen=a_siti,
        kompetensi="Perekat Bangsa",
        kelompok="sosial_kultural",
        level_standar=3,
        level_individu=2,
    )
    a_budi = AsesmenFactory(
        pegawai=budi,
        tanggal=dt.date(2021, 3, 1),
        metode="cact",
        lembaga="Pusat Penilaian Kompetensi BKN",
        nilai_potensi=Decimal("61"),
        jpm=Decimal("70.00"),
        berlaku_sampai=TODAY - dt.timedelta(days=1),
    )
    a_rahasia = AsesmenFactory(pegawai=rahasia, lembaga="Lembaga Rahasia", jpm=Decimal("55"))
    return {
        "siti": siti, "budi": budi, "rahasia": rahasia, "a_siti": a_siti, "a_budi": a_budi,
        "a_rahasia": a_rahasia, "dinas": dinas, "bidang": bidang, "seksi": seksi, "rsud": rsud,
        "unit_b": unit_b,
    }  # fmt: skip


def normalise(response, url: str) -> bytes:
    # CSRF tokens are masked anew per render and the page echoes the requested URL (the language
    # switcher's "next"): neither tells anything about the object.
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(url.encode(), b"#")


def assert_same_answer(client, method: str, foreign_url: str, missing_url: str, body=None) -> None:
    args = () if body is None else (body,)
    foreign = getattr(client, method)(foreign_url, *args)
    missing = getattr(client, method)(missing_url, *args)
    assert foreign.status_code == missing.status_code == 404
    assert normalise(foreign, foreign_url) == normalise(missing, missing_url)


def names(response) -> list[str]:
    assert response.status_code == 200
    return [a.pegawai.nama for a in response.context["asesmen_list"]]


# --- list ----------------------------------------------------------------------------------------------


def test_list_shows_own_instansi_only_with_indonesian_numbers_and_both_scales(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get("/asesmen/")
    assert names(response) == ["Siti Rahmawati", "Budi Santoso"]  # newest first
    content = response.content.decode()
    assert "Rahasia" not in content and "Lembaga Rahasia" not in content
    assert "138,89 %" in content and "77,50" in content
    assert ">MS</abbr>" in content and 'title="Memenuhi Syarat"' in content
    assert "Optimal" in content
    assert ">MMS</abbr>" in content and "Kurang Optimal" in content  # Budi: JPM 70
    assert "17 Agustus 2025" in content and "31 Desember 2099" in content
    assert "Valid" in content and "Kedaluwarsa" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "valid"}, ["Siti Rahmawati"]),
        ({"status": "kedaluwarsa"}, ["Budi Santoso"]),
        ({"tahun": "2025"}, ["Siti Rahmawati"]),
        ({"tahun": "2021"}, ["Budi Santoso"]),
        ({"metode": "cact"}, ["Budi Santoso"]),
        ({"metode": "assessment_center"}, ["Siti Rahmawati"]),
        ({"unit": "dinas"}, ["Siti Rahmawati"]),  # her seksi is below the dinas
        ({"unit": "bidang"}, ["Siti Rahmawati"]),
        ({"unit": "rsud"}, ["Budi Santoso"]),
        ({"q": "siti"}, ["Siti Rahmawati"]),
        ({"q": "rahasia"}, []),
        ({"status": "valid", "metode": "cact"}, []),
    ],
)
def test_filters(login, admin_bkd_a, data, params, expected):
    if "unit" in params:
        params = {**params, "unit": data[params["unit"]].pk}
    assert names(login(admin_bkd_a).get("/asesmen/", params)) == expected


def test_search_by_nip_typed_with_spaces(login, admin_bkd_a, data):
    nip = data["budi"].nip
    grouped = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert names(login(admin_bkd_a).get("/asesmen/", {"q": grouped})) == ["Budi Santoso"]
    assert names(login(admin_bkd_a).get("/asesmen/", {"q": data["rahasia"].nip})) == []


def test_validity_end_day_itself_still_counts_as_valid(login, admin_bkd_a, data):
    with scopes_disabled():
        Asesmen.objects.filter(pk=data["a_budi"].pk).update(berlaku_sampai=TODAY)
    assert names(login(admin_bkd_a).get("/asesmen/", {"status": "valid"})) == [
        "Siti Rahmawati",
        "Budi Santoso",
    ]


def test_a_foreign_unit_in_the_filter_is_not_a_valid_choice(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get("/asesmen/", {"unit": data["unit_b"].pk})
    assert response.context["filter_form"].errors["unit"]
    assert names(response) == ["Siti Rahmawati", "Budi Santoso"]  # the filter is dropped, no leak


def test_list_query_count_does_not_grow_with_the_rows(login, admin_bkd_a, instansi_a, unit_tree_a):
    client = login(admin_bkd_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/asesmen/", {"status": "valid", "unit": unit_tree_a[0].pk})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for _ in range(n):
            AsesmenFactory(pegawai=PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[2]))

    add(2)
    few = queries()
    add(30)
    assert queries() == few


# --- detail ------------------------------------------------------------------------------------------


def test_detail_shows_scales_aspects_competencies_and_validity(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get(f"/asesmen/{data['a_siti'].pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Siti Rahmawati" in content and "UPT Penilaian Kompetensi BKD" in content
    assert "Assessment Center" in content
    assert "138,89 %" in content and "Memenuhi Syarat" in content and "Optimal" in content
    assert "Kemampuan intelektual" in content and "81,25" in content and "70,00" in content
    assert "Kecerdasan emosional" in content  # all eight aspects are listed, empty ones as "—"
    assert "Integritas" in content and "+1" in content
    assert "Perekat Bangsa" in content and "-1" in content
    assert "31 Desember 2099" in content and "Valid" in content


def test_detail_of_an_expired_asesmen_says_so(login, admin_bkd_a, data):
    content = login(admin_bkd_a).get(f"/asesmen/{data['a_budi'].pk}/").content.decode()
    assert "Kedaluwarsa" in content
    assert "Rincian kompetensi tidak dicatat" in content


def test_foreign_asesmen_is_not_found_exactly_like_a_missing_one(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    assert_same_answer(client, "get", f"/asesmen/{data['a_rahasia'].pk}/", f"/asesmen/{MISSING}/")


# --- form ----------------------------------------------------------------------------------------------

FORM = {
    "tanggal": "2025-08-17",
    "metode": "cact",
    "lembaga": "UPT Penilaian Kompetensi BKD",
    "nilai_potensi": "82,5",
    "jpm": "91,00",
    "aspek_intelektual": "80",
}


def test_form_records_through_the_service_and_redirects_to_the_detail(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    siti = data["siti"]
    page = client.get(f"/asesmen/tambah/?pegawai={siti.pk}")
    assert page.status_code == 200
    assert "nip" not in page.context["form"].fields
    assert "Siti Rahmawati" in page.content.decode()
    response = client.post(f"/asesmen/tambah/?pegawai={siti.pk}", FORM)
    assert response.status_code == 302
    with scopes_disabled():
        stored = Asesmen.objects.get(pegawai=siti, metode="cact")
        assert AuditEvent.objects.filter(action="asesmen.write", instansi=siti.instansi_id).exists()
    assert response["Location"] == f"/asesmen/{stored.pk}/"
    assert stored.nilai_potensi == Decimal("82.50") and stored.jpm == Decimal("91.00")
    assert stored.aspek_intelektual == Decimal("80.00") and stored.aspek_motivasi is None
    assert stored.berlaku_sampai == dt.date(2028, 8, 17)  # default validity: 3 years
    assert stored.sumber == "manual"
    followed = client.get(response["Location"])
    assert "Asesmen Siti Rahmawati tanggal 17 Agustus 2025 disimpan." in followed.content.decode()


def test_form_default_validity_follows_the_instansi_setting(login, admin_bkd_a, instansi_a, data):
    PengaturanAsesmen.objects.create(instansi=instansi_a, masa_berlaku_tahun=2)
    client = login(admin_bkd_a)
    page = client.get(f"/asesmen/tambah/?pegawai={data['siti'].pk}")
    assert "otomatis 2 tahun" in page.content.decode()
    client.post(f"/asesmen/tambah/?pegawai={data['siti'].pk}", FORM)
    with scopes_disabled():
        assert Asesmen.objects.get(pegawai=data["siti"], metode="cact").berlaku_sampai == dt.date(2027, 8, 17)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"nilai_potensi": "101"}, "nilai_potensi", "di luar rentang"),
        ({"nilai_potensi": "tinggi"}, "nilai_potensi", "bukan angka"),
        ({"jpm": "-3"}, "jpm", "di luar rentang"),
        ({"tanggal": (TODAY + dt.timedelta(days=3)).isoformat()}, "tanggal", "belum terjadi"),
        ({"berlaku_sampai": "2024-01-01"}, "berlaku_sampai", "lebih awal"),
        ({"aspek_motivasi": "120"}, "aspek_motivasi", "di luar rentang"),
        ({"lembaga": ""}, "lembaga", "harus diisi"),  # Django's own Indonesian message
    ],
)
def test_form_errors_are_indonesian_and_on_their_field(login, admin_bkd_a, data, changes, field, fragment):
    response = login(admin_bkd_a).post(f"/asesmen/tambah/?pegawai={data['siti'].pk}", {**FORM, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(fragment in e.lower() for e in errors), errors
    with scopes_disabled():
        assert not Asesmen.objects.filter(pegawai=data["siti"], metode="cact").exists()


def test_form_without_pegawai_asks_for_the_nip_inside_the_instansi(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    assert "nip" in client.get("/asesmen/tambah/").context["form"].fields
    foreign = client.post("/asesmen/tambah/", {**FORM, "nip": data["rahasia"].nip})
    assert foreign.context["form"].errors["nip"] == ["NIP tidak terdaftar di instansi ini."]
    angka = client.post("/asesmen/tambah/", {**FORM, "nip": "1.98609262015051E+17"})
    assert "tersimpan sebagai angka" in angka.context["form"].errors["nip"][0]
    nip = data["budi"].nip
    ok = client.post("/asesmen/tambah/", {**FORM, "nip": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"})
    assert ok.status_code == 302
    with scopes_disabled():
        assert Asesmen.objects.filter(
            pegawai=data["budi"], metode="cact", tanggal=dt.date(2025, 8, 17)
        ).exists()
        assert not Asesmen.objects.filter(pegawai=data["rahasia"], metode="cact").exists()


def test_form_for_a_foreign_or_missing_pegawai_is_not_found(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    foreign, missing = f"/asesmen/tambah/?pegawai={data['rahasia'].pk}", f"/asesmen/tambah/?pegawai={MISSING}"
    assert_same_answer(client, "get", foreign, missing)
    assert_same_answer(client, "post", foreign, missing, FORM)
    assert client.get("/asesmen/tambah/?pegawai=abc").status_code == 404
    with scopes_disabled():
        assert Asesmen.objects.filter(pegawai=data["rahasia"]).count() == 1


# --- roles ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_role_cells(login, make_user, instansi_a, data, role):
    client = login(make_user(role, instansi_a))
    viewer = role_has_permission(role=role, permission="penilaian.view")
    manager = role_has_permission(role=role, permission="penilaian.manage")
    assert client.get("/asesmen/").status_code == (200 if viewer else 403)
    assert client.get(f"/asesmen/{data['a_siti'].pk}/").status_code == (200 if viewer else 403)
    assert client.get(f"/asesmen/tambah/?pegawai={data['siti'].pk}").status_code == (200 if manager else 403)
    posted = client.post(f"/asesmen/tambah/?pegawai={data['siti'].pk}", FORM)
    assert posted.status_code == (302 if manager else 403)
    beranda = client.get("/beranda/", follow=True).content.decode()
    assert ('href="/asesmen/"' in beranda) == viewer
    assert ('href="/skp/"' in beranda) == viewer


def test_refused_role_gets_403_before_the_pegawai_is_looked_up(login, make_user, instansi_a, data):
    client = login(make_user(Role.VERIFIKATOR, instansi_a))
    assert client.get(f"/asesmen/tambah/?pegawai={MISSING}").status_code == 403


def test_anonymous_is_sent_to_login(client, data):
    response = client.get("/asesmen/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


# --- per-pegawai history ------------------------------------------------------------------------------


def test_bkd_profile_shows_the_pegawai_asesmen(login, admin_bkd_a, data):
    content = assert_absent(
        login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/"),
        "Pusat Penilaian Kompetensi BKN",  # Budi's
    )
    assert 'id="penilaian-asesmen"' in content
    assert "138,89 %" in content and "17 Agustus 2025" in content
    assert f'href="/asesmen/{data["a_siti"].pk}/"' in content
    assert f'href="/asesmen/tambah/?pegawai={data["siti"].pk}"' in content


def test_committee_sees_the_history_without_the_record_button(login, make_user, instansi_a, data):
    client = login(make_user(Role.KOMITE_ANGGOTA, instansi_a))
    content = assert_absent(client.get(f"/pegawai/{data['siti'].pk}/"), "/asesmen/tambah/")
    assert "138,89 %" in content


def test_profil_saya_shows_the_asn_own_asesmen_in_full(login, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a)
    with scopes_disabled():
        data["siti"].user = user
        data["siti"].save(update_fields=["user"])
    # No links to BKD pages, no record button, nobody else's results.
    content = assert_absent(
        login(user).get("/saya/"), "/asesmen/", "Pusat Penilaian Kompetensi BKN", "Lembaga Rahasia"
    )
    assert 'id="penilaian-asesmen"' in content
    assert "138,89 %" in content and "Memenuhi Syarat" in content
    assert "Kemampuan intelektual" in content and "81,25" in content  # aspects inline for the ASN
    assert "Integritas" in content and "Perekat Bangsa" in content


def test_large_pegawai_ids_are_not_grouped_in_links(login, admin_bkd_a, instansi_a, data):
    with scopes_disabled():
        pegawai = PegawaiFactory(instansi=instansi_a, pk=12345)
    content = login(admin_bkd_a).get(f"/pegawai/{pegawai.pk}/").content.decode()
    assert 'href="/asesmen/tambah/?pegawai=12345"' in content


def test_asesmen_of_a_pegawai_who_moved_away_stays_without_showing_the_new_employer(
    login, admin_bkd_a, instansi_a, instansi_b, unit_b, data
):
    # Mutasi: the person is instansi B's now; the asesmen A commissioned stays with A.
    pindah = PegawaiFactory(instansi=instansi_b, nama="Pegawai Pindahan", unit_kerja=unit_b)
    moved = AsesmenFactory(
        instansi=instansi_a, pegawai=pindah, tanggal=dt.date(2024, 5, 2), metode="cact", lembaga="UPT A",
        nilai_potensi=Decimal("60"), jpm=Decimal("75"), berlaku_sampai=dt.date(2099, 1, 1),
    )  # fmt: skip
    client = login(admin_bkd_a)
    listing = assert_absent(client.get("/asesmen/"), unit_b.nama)
    assert "Pegawai Pindahan" in listing and "Sudah pindah ke instansi lain" in listing
    detail = assert_absent(client.get(f"/asesmen/{moved.pk}/"), unit_b.nama, f"/pegawai/{pindah.pk}/")
    assert "Pegawai Pindahan" in detail
