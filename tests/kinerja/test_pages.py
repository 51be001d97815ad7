"""SKP pages: the list with its filters (query count independent of the rows), the kurva distribusi
warnings per unit for a year, the form through skp_record (predikat derived, never an input), the
per-pegawai history on the BKD profile and on Profil Saya, role cells and isolation."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.permissions import role_has_permission
from apps.core.roles import Role
from apps.core.tenancy import scopes_disabled
from apps.kinerja.models import SKP
from tests.assertions import assert_absent
from tests.factories import PegawaiFactory, PredikatOrganisasiFactory, SKPFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

MISSING = 987654321
LAST_YEAR = timezone.localdate().year - 1


def normalise(response, url: str) -> bytes:
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(url.encode(), b"#")


@pytest.fixture
def data(instansi_a, instansi_b, unit_tree_a, unit_b):
    dinas, bidang, seksi = unit_tree_a
    rsud = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Rumah Sakit Umum Daerah")
    siti = PegawaiFactory(instansi=instansi_a, nama="Siti Rahmawati", unit_kerja=seksi)
    budi = PegawaiFactory(instansi=instansi_a, nama="Budi Santoso", unit_kerja=rsud)
    rahasia = PegawaiFactory(instansi=instansi_b, nama="Rahasia Pegawai", unit_kerja=unit_b)
    SKPFactory(pegawai=siti, tahun=LAST_YEAR, predikat="Sangat Baik", sumber="impor")
    SKPFactory(pegawai=siti, tahun=LAST_YEAR, periode="tw4", predikat="Baik", sumber="impor")
    SKPFactory(pegawai=siti, tahun=2023, predikat="Baik", sumber="impor")
    SKPFactory(pegawai=budi, tahun=LAST_YEAR, predikat="Kurang/Misconduct", sumber="impor")
    SKPFactory(pegawai=rahasia, tahun=LAST_YEAR, predikat="Sangat Kurang", sumber="impor")
    return {
        "siti": siti, "budi": budi, "rahasia": rahasia, "dinas": dinas, "bidang": bidang,
        "seksi": seksi, "rsud": rsud, "unit_b": unit_b,
    }  # fmt: skip


def rows(response) -> list[tuple[str, int, str, str]]:
    assert response.status_code == 200
    return [(s.pegawai.nama, s.tahun, s.periode, s.predikat) for s in response.context["skp_list"]]


# --- list ----------------------------------------------------------------------------------------------


def test_list_shows_own_instansi_only_with_exact_labels(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get("/skp/")
    assert rows(response) == [
        ("Budi Santoso", LAST_YEAR, "tahunan", "Kurang/Misconduct"),
        ("Siti Rahmawati", LAST_YEAR, "tahunan", "Sangat Baik"),
        ("Siti Rahmawati", LAST_YEAR, "tw4", "Baik"),
        ("Siti Rahmawati", 2023, "tahunan", "Baik"),
    ]
    content = response.content.decode()
    assert "Rahasia" not in content and "Sangat Kurang</span>" not in content
    assert ">Kurang/Misconduct</span>" in content and ">Sangat Baik</span>" in content
    assert "Triwulan IV" in content and "Di Atas Ekspektasi" in content and "Impor berkas" in content
    assert f">{LAST_YEAR}<" in content and f"{str(LAST_YEAR)[0]}.{str(LAST_YEAR)[1:]}" not in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tahun": "2023"}, [("Siti Rahmawati", 2023)]),
        ({"periode": "tw4"}, [("Siti Rahmawati", LAST_YEAR)]),
        ({"predikat": "Kurang/Misconduct"}, [("Budi Santoso", LAST_YEAR)]),
        ({"predikat": "Sangat Kurang"}, []),
        ({"unit": "dinas", "periode": "tahunan"}, [("Siti Rahmawati", LAST_YEAR), ("Siti Rahmawati", 2023)]),
        ({"unit": "rsud"}, [("Budi Santoso", LAST_YEAR)]),
        ({"q": "budi"}, [("Budi Santoso", LAST_YEAR)]),
        ({"q": "rahasia"}, []),
    ],
)
def test_filters(login, admin_bkd_a, data, params, expected):
    if "unit" in params:
        params = {**params, "unit": data[params["unit"]].pk}
    assert [(n, t) for n, t, _p, _k in rows(login(admin_bkd_a).get("/skp/", params))] == expected


def test_search_by_nip_with_spaces(login, admin_bkd_a, data):
    nip = data["budi"].nip
    response = login(admin_bkd_a).get("/skp/", {"q": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"})
    assert {r[0] for r in rows(response)} == {"Budi Santoso"}


def test_list_query_count_does_not_grow_with_the_rows(login, admin_bkd_a, instansi_a, unit_tree_a):
    client = login(admin_bkd_a)
    PredikatOrganisasiFactory(unit_kerja=unit_tree_a[0], tahun=LAST_YEAR, predikat="baik")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/skp/", {"unit": unit_tree_a[0].pk, "tahun": LAST_YEAR})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            SKPFactory(
                pegawai=PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[i % 3]), predikat="Baik"
            )

    add(2)
    few = queries()
    add(30)
    assert queries() == few


# --- kurva distribusi ------------------------------------------------------------------------------------


def test_kurva_distribusi_warnings_per_unit_for_the_chosen_year(login, admin_bkd_a, instansi_a, data):
    dinas, rsud = data["dinas"], data["rsud"]
    PredikatOrganisasiFactory(unit_kerja=dinas, tahun=LAST_YEAR, predikat="istimewa")
    PredikatOrganisasiFactory(unit_kerja=rsud, tahun=2023, predikat="baik")
    # Dinas (incl. bidang and seksi): Siti's annual Sangat Baik plus 2 × Sangat Baik and 1 × Baik
    # placed on the bidang; the quarterly SKP does not count. 3 of 4 Sangat Baik = 75% > 70%.
    for predikat in ("Sangat Baik", "Sangat Baik", "Baik"):
        SKPFactory(
            pegawai=PegawaiFactory(instansi=instansi_a, unit_kerja=data["bidang"]),
            tahun=LAST_YEAR,
            predikat=predikat,
        )
    response = login(admin_bkd_a).get("/skp/")
    kurva = response.context["kurva"]
    assert kurva.tahun == LAST_YEAR
    assert [(u.unit.nama, u.total) for u in kurva.diperiksa] == [("Dinas Pendidikan", 4)]
    (warning,) = kurva.diperiksa[0].peringatan
    assert "'Sangat Baik' paling banyak 70%, tercatat 75,0% (3 dari 4)" in warning
    assert [u.unit.nama for u in kurva.tanpa_predikat] == ["Rumah Sakit Umum Daerah"]
    content = response.content.decode()
    assert "paling banyak 70%, tercatat 75,0%" in content
    assert "Rumah Sakit Umum Daerah</strong> · belum ada predikat organisasi" in content

    # 2023: the RSUD has a predikat that year (Baik), no annual SKP of its pegawai: no warning;
    # the dinas has none for 2023.
    older = login(admin_bkd_a).get("/skp/", {"tahun": "2023"}).context["kurva"]
    assert older.tahun == 2023
    assert [(u.unit.nama, u.peringatan) for u in older.diperiksa] == [("Rumah Sakit Umum Daerah", [])]
    assert [u.unit.nama for u in older.tanpa_predikat] == ["Dinas Pendidikan"]


def test_kurva_check_passes_when_the_distribution_fits(login, admin_bkd_a, instansi_a, data):
    PredikatOrganisasiFactory(unit_kerja=data["rsud"], tahun=LAST_YEAR, predikat="baik")
    # RSUD: Budi's Kurang/Misconduct plus 2 × Baik: Baik 67% ≤ 70% and a BP/KM is present.
    for _ in range(2):
        SKPFactory(
            pegawai=PegawaiFactory(instansi=instansi_a, unit_kerja=data["rsud"]),
            tahun=LAST_YEAR,
            predikat="Baik",
        )
    kurva = login(admin_bkd_a).get("/skp/").context["kurva"]
    (rsud,) = kurva.diperiksa
    assert (rsud.total, rsud.peringatan) == (3, [])
    assert dict(rsud.baris_jumlah) == {
        "Sangat Baik": 0, "Baik": 2, "Butuh Perbaikan": 0, "Kurang/Misconduct": 1, "Sangat Kurang": 0,
    }  # fmt: skip


# --- form ----------------------------------------------------------------------------------------------

FORM = {
    "tahun": LAST_YEAR,
    "periode": "tw2",
    "rating_hasil_kerja": "di_bawah",
    "rating_perilaku_kerja": "di_atas",
}


def test_form_derives_the_predikat_and_never_asks_for_it(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    siti = data["siti"]
    page = client.get(f"/skp/tambah/?pegawai={siti.pk}")
    assert page.status_code == 200
    form = page.context["form"]
    assert "predikat" not in form.fields and "nip" not in form.fields
    content = page.content.decode()
    assert 'name="predikat"' not in content
    assert "matriks PermenPANRB 6/2022" in content and ">Kurang/Misconduct</span>" in content
    response = client.post(f"/skp/tambah/?pegawai={siti.pk}", {**FORM, "predikat": "Sangat Baik"})
    assert response.status_code == 302
    assert response["Location"] == f"/pegawai/{siti.pk}/#penilaian-skp"
    with scopes_disabled():
        stored = SKP.objects.get(pegawai=siti, tahun=LAST_YEAR, periode="tw2")
    assert (stored.predikat, stored.sumber) == ("Butuh Perbaikan", "manual")  # derived, not as posted
    followed = client.get(response["Location"]).content.decode()
    assert "disimpan dengan predikat Butuh Perbaikan" in followed


def test_form_errors_are_indonesian_and_on_their_field(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    url = f"/skp/tambah/?pegawai={data['siti'].pk}"
    future = client.post(url, {**FORM, "tahun": LAST_YEAR + 2})
    assert "di luar rentang" in future.context["form"].errors["tahun"][0]
    missing = client.post(url, {**FORM, "rating_hasil_kerja": ""})
    assert missing.context["form"].errors["rating_hasil_kerja"] == ["Bidang ini harus diisi."]
    with scopes_disabled():
        assert not SKP.objects.filter(pegawai=data["siti"], periode="tw2").exists()


def test_form_without_pegawai_asks_for_the_nip_inside_the_instansi(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    assert "nip" in client.get("/skp/tambah/").context["form"].fields
    foreign = client.post("/skp/tambah/", {**FORM, "nip": data["rahasia"].nip})
    assert foreign.context["form"].errors["nip"] == ["NIP tidak terdaftar di instansi ini."]
    ok = client.post("/skp/tambah/", {**FORM, "nip": data["budi"].nip})
    assert ok.status_code == 302
    with scopes_disabled():
        assert SKP.objects.get(pegawai=data["budi"], periode="tw2").predikat == "Butuh Perbaikan"
        assert not SKP.objects.filter(pegawai=data["rahasia"], periode="tw2").exists()


def test_form_for_a_foreign_pegawai_is_not_found_like_a_missing_one(login, admin_bkd_a, data):
    client = login(admin_bkd_a)
    for method, body in (("get", None), ("post", FORM)):
        foreign_url, missing_url = (
            f"/skp/tambah/?pegawai={data['rahasia'].pk}",
            f"/skp/tambah/?pegawai={MISSING}",
        )
        args = () if body is None else (body,)
        foreign, missing = (
            getattr(client, method)(foreign_url, *args),
            getattr(client, method)(missing_url, *args),
        )
        assert foreign.status_code == missing.status_code == 404
        assert normalise(foreign, foreign_url) == normalise(missing, missing_url)
    with scopes_disabled():
        assert SKP.objects.filter(pegawai=data["rahasia"]).count() == 1


# --- roles and per-pegawai history ------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_role_cells(login, make_user, instansi_a, data, role):
    client = login(make_user(role, instansi_a))
    viewer = role_has_permission(role=role, permission="penilaian.view")
    manager = role_has_permission(role=role, permission="penilaian.manage")
    assert client.get("/skp/").status_code == (200 if viewer else 403)
    assert client.get(f"/skp/tambah/?pegawai={data['siti'].pk}").status_code == (200 if manager else 403)
    posted = client.post(f"/skp/tambah/?pegawai={data['siti'].pk}", FORM)
    assert posted.status_code == (302 if manager else 403)


def test_bkd_profile_shows_the_pegawai_skp(login, admin_bkd_a, data):
    content = assert_absent(
        login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/"), "Kurang/Misconduct"
    )  # Budi's
    assert 'id="penilaian-skp"' in content
    assert ">Sangat Baik</span>" in content and "Triwulan IV" in content and ">2023<" in content
    assert f'href="/skp/tambah/?pegawai={data["siti"].pk}"' in content


def test_profil_saya_shows_the_asn_own_skp(login, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a)
    with scopes_disabled():
        data["budi"].user = user
        data["budi"].save(update_fields=["user"])
    content = assert_absent(login(user).get("/saya/"), "Sangat Baik</span>", "/skp/tambah/")  # Siti's; BKD's
    assert 'id="penilaian-skp"' in content
    assert ">Kurang/Misconduct</span>" in content and "Di Bawah Ekspektasi" in content


def test_profil_saya_without_results_says_so(login, make_user, instansi_a):
    user = make_user(Role.ASN, instansi_a)
    PegawaiFactory(instansi=instansi_a, user=user)
    content = login(user).get("/saya/").content.decode()
    assert "Belum ada SKP yang dicatat." in content and "Belum ada asesmen yang dicatat." in content


def test_skp_of_a_pegawai_who_moved_away_stays_without_showing_the_new_employer(
    login, admin_bkd_a, instansi_a, instansi_b, unit_b, data
):
    pindah = PegawaiFactory(instansi=instansi_b, nama="Pegawai Pindahan", unit_kerja=unit_b)
    SKPFactory(
        instansi=instansi_a, pegawai=pindah, tahun=2024, periode="tahunan", rating_hasil_kerja="sesuai",
        rating_perilaku_kerja="sesuai",
    )  # fmt: skip
    content = assert_absent(
        login(admin_bkd_a).get("/skp/", {"tahun": "2024"}), unit_b.nama, f"/pegawai/{pindah.pk}/"
    )
    assert "Pegawai Pindahan" in content and "Sudah pindah ke instansi lain" in content
