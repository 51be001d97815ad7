"""Committee membership and settings: every rule of services_anggota.py, with a clear refusal and
nothing changed; the pages (read with komite.view, buttons only with komite.manage) and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import AnggotaKomite, KehadiranSidang, PengaturanKomite, Sidang
from apps.komite.selectors import kuorum_status, pengaturan_komite_get
from apps.komite.services_anggota import (
    anggota_komite_akhiri,
    anggota_komite_tambah,
    anggota_komite_ubah,
    pengaturan_komite_ubah,
)
from tests.factories import AnggotaKomiteFactory, PegawaiFactory, SidangFactory, user_with_role

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sekretaris(instansi_a):
    return user_with_role(Role.KOMITE_SEKRETARIS, instansi_a, username="sekretaris.a")


@pytest.fixture
def ketua_user(instansi_a):
    return user_with_role(Role.KOMITE_KETUA, instansi_a, username="ketua.a", nip="198001012005011001")


@pytest.fixture
def anggota_user(instansi_a):
    return user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.a")


def tambah(instansi, actor, user, **kwargs):
    kwargs.setdefault("peran", "anggota")
    kwargs.setdefault("mulai", D(2025, 1, 1))
    with instansi_scope(instansi):
        return anggota_komite_tambah(instansi=instansi, actor=actor, user=user, **kwargs)


def count(instansi) -> int:
    with instansi_scope(instansi):
        return AnggotaKomite.objects.count()


def pesan(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- adding -----------------------------------------------------------------------------------------


def test_tambah_links_the_users_own_pegawai_and_audits(instansi_a, sekretaris, anggota_user):
    with scopes_disabled():
        pegawai = PegawaiFactory(instansi=instansi_a, user=anggota_user, nama="Rina Anggraini")
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    assert (anggota.peran, anggota.pegawai_id, anggota.dibuat_oleh_id) == (
        "anggota",
        pegawai.pk,
        sekretaris.pk,
    )
    with scopes_disabled():
        event = AuditEvent.objects.get(action="komite.anggota.tambah")
    assert event.target_id == str(anggota.pk)
    assert event.new_values["mulai"] == "2025-01-01"


def test_tambah_falls_back_to_the_pegawai_with_the_users_nip(instansi_a, instansi_b, sekretaris, ketua_user):
    with scopes_disabled():
        PegawaiFactory(instansi=instansi_b, nip=ketua_user.nip)  # same NIP elsewhere: never
        pegawai = PegawaiFactory(instansi=instansi_a, nip=ketua_user.nip)
    anggota = tambah(instansi_a, sekretaris, ketua_user, peran="ketua")
    assert anggota.pegawai_id == pegawai.pk


def test_tambah_refuses_a_role_that_does_not_match(instansi_a, sekretaris, anggota_user):
    with pytest.raises(ValidationError) as error:
        tambah(instansi_a, sekretaris, anggota_user, peran="ketua")
    assert "Ketua Komite Talenta" in pesan(error.value)
    asn = user_with_role(Role.ASN, instansi_a, username="asn.biasa")
    with pytest.raises(ValidationError):
        tambah(instansi_a, sekretaris, asn)
    assert count(instansi_a) == 0


def test_tambah_refuses_a_user_of_another_instansi(instansi_a, instansi_b, sekretaris):
    orang_b = user_with_role(Role.KOMITE_ANGGOTA, instansi_b, username="anggota.b")
    with pytest.raises(ValidationError) as error:
        tambah(instansi_a, sekretaris, orang_b)
    assert "bukan pengguna instansi ini" in pesan(error.value)
    assert count(instansi_a) == 0


def test_one_ketua_at_a_time_but_a_successor_after_the_term(instansi_a, sekretaris, ketua_user):
    kedua = user_with_role(Role.KOMITE_KETUA, instansi_a, username="ketua.kedua")
    tambah(instansi_a, sekretaris, ketua_user, peran="ketua", mulai=D(2024, 1, 1), selesai=D(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        tambah(instansi_a, sekretaris, kedua, peran="ketua", mulai=D(2025, 6, 30))
    assert "hanya satu ketua" in pesan(error.value)
    tambah(instansi_a, sekretaris, kedua, peran="ketua", mulai=D(2025, 7, 1))
    assert count(instansi_a) == 2


def test_one_pengganti_ketua_at_a_time(instansi_a, sekretaris, anggota_user):
    lain = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.lain")
    tambah(instansi_a, sekretaris, anggota_user, pengganti_ketua=True)
    with pytest.raises(ValidationError) as error:
        tambah(instansi_a, sekretaris, lain, pengganti_ketua=True, mulai=D(2026, 1, 1))
    assert "pengganti ketua" in pesan(error.value)
    assert count(instansi_a) == 1


def test_the_ketua_is_not_also_the_substitute(instansi_a, sekretaris, ketua_user):
    with pytest.raises(ValidationError):
        tambah(instansi_a, sekretaris, ketua_user, peran="ketua", pengganti_ketua=True)
    assert count(instansi_a) == 0


def test_one_users_terms_do_not_overlap(instansi_a, sekretaris, anggota_user):
    tambah(instansi_a, sekretaris, anggota_user, mulai=D(2025, 1, 1), selesai=D(2025, 12, 31))
    with pytest.raises(ValidationError) as error:
        tambah(instansi_a, sekretaris, anggota_user, mulai=D(2025, 12, 31))
    assert "tumpang tindih" in pesan(error.value)
    tambah(instansi_a, sekretaris, anggota_user, mulai=D(2026, 1, 1))
    assert count(instansi_a) == 2


def test_end_before_start_is_refused(instansi_a, sekretaris, anggota_user):
    with pytest.raises(ValidationError):
        tambah(instansi_a, sekretaris, anggota_user, mulai=D(2025, 5, 1), selesai=D(2025, 4, 30))
    assert count(instansi_a) == 0


# --- changing and ending -------------------------------------------------------------------------------


def _dihitung(instansi, anggota, *, tanggal, status=Sidang.Status.SELESAI):
    with scopes_disabled():
        sidang = SidangFactory(instansi=instansi, tanggal=tanggal, periode=tanggal.year, status=status)
        KehadiranSidang.objects.create(instansi=instansi, sidang=sidang, anggota=anggota, hadir=True)
    return sidang


def test_akhiri_sets_the_end_and_audits(instansi_a, sekretaris, anggota_user):
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    with instansi_scope(instansi_a):
        anggota_komite_akhiri(anggota=anggota, actor=sekretaris, selesai=D(2025, 8, 31))
        anggota.refresh_from_db()
        assert anggota.selesai == D(2025, 8, 31)
        event = AuditEvent.objects.get(action="komite.anggota.akhiri")
    assert event.new_values == {"selesai": "2025-08-31"}


def test_akhiri_keeps_covering_a_session_that_counted_the_member(instansi_a, sekretaris, anggota_user):
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    _dihitung(instansi_a, anggota, tanggal=D(2025, 9, 15))
    with instansi_scope(instansi_a):
        with pytest.raises(ValidationError) as error:
            anggota_komite_akhiri(anggota=anggota, actor=sekretaris, selesai=D(2025, 9, 14))
        assert "15-09-2025" in pesan(error.value)
        anggota.refresh_from_db()
        assert anggota.selesai is None
        anggota_komite_akhiri(anggota=anggota, actor=sekretaris, selesai=D(2025, 9, 15))


def test_a_draft_session_does_not_pin_the_term(instansi_a, sekretaris, anggota_user):
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    _dihitung(instansi_a, anggota, tanggal=D(2025, 9, 15), status=Sidang.Status.DRAF)
    with instansi_scope(instansi_a):
        anggota_komite_akhiri(anggota=anggota, actor=sekretaris, selesai=D(2025, 9, 1))


def test_ubah_changes_role_while_uncounted_but_not_after(instansi_a, sekretaris, anggota_user):
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    with instansi_scope(instansi_a):
        anggota_komite_ubah(anggota=anggota, actor=sekretaris, pengganti_ketua=True)
        anggota.refresh_from_db()
        assert anggota.pengganti_ketua is True
        assert AuditEvent.objects.get(action="komite.anggota.ubah").new_values == {"pengganti_ketua": True}
    _dihitung(instansi_a, anggota, tanggal=D(2025, 3, 3))
    with instansi_scope(instansi_a):
        with pytest.raises(ValidationError) as error:
            anggota_komite_ubah(anggota=anggota, actor=sekretaris, pengganti_ketua=False)
        assert "sudah dihitung" in pesan(error.value)
        with pytest.raises(ValidationError):
            anggota_komite_ubah(anggota=anggota, actor=sekretaris, mulai=D(2025, 4, 1))
        anggota.refresh_from_db()
        assert (anggota.pengganti_ketua, anggota.mulai) == (True, D(2025, 1, 1))


def test_ubah_applies_the_same_rules_as_tambah(instansi_a, sekretaris, ketua_user, anggota_user):
    tambah(instansi_a, sekretaris, ketua_user, peran="ketua")
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    with instansi_scope(instansi_a):
        with pytest.raises(ValidationError):
            anggota_komite_ubah(anggota=anggota, actor=sekretaris, peran="ketua")
        anggota.refresh_from_db()
        assert anggota.peran == "anggota"


# --- settings -----------------------------------------------------------------------------------------


def test_pengaturan_defaults_then_saved_and_used_by_the_quorum(
    instansi_a, sekretaris, ketua_user, anggota_user
):
    with instansi_scope(instansi_a):
        assert pengaturan_komite_get(instansi=instansi_a).kuorum_persen == 50
    ketua = tambah(instansi_a, sekretaris, ketua_user, peran="ketua")
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    sidang = _dihitung(instansi_a, anggota, tanggal=D(2025, 9, 15), status=Sidang.Status.DRAF)
    with instansi_scope(instansi_a):
        KehadiranSidang.objects.create(instansi=instansi_a, sidang=sidang, anggota=ketua, hadir=False)
        assert kuorum_status(sidang=sidang).tercapai is False  # 1 of 2, minimum 2
        pengaturan_komite_ubah(
            instansi=instansi_a,
            actor=sekretaris,
            kuorum_persen=40,
            kuorum_wajib_ketua=False,
            kop_surat=" A \nB ",
        )
        assert kuorum_status(sidang=sidang).tercapai is True  # 1 of 2, minimum 1, ketua not required
        pengaturan = PengaturanKomite.objects.get()
        assert pengaturan.kop_surat == "A\nB"
        event = AuditEvent.objects.get(action="komite.pengaturan.ubah")
    assert event.new_values["kuorum_persen"] == 40


@pytest.mark.parametrize(
    "fields",
    [
        {"kuorum_persen": 100},
        {"batas_kotak_9_persen": 0},
        {"batas_talent_pool_persen": 101},
        {"kuorum_persen": "x"},
    ],
)
def test_pengaturan_refuses_out_of_range(instansi_a, sekretaris, fields):
    with instansi_scope(instansi_a):
        with pytest.raises(ValidationError) as error:
            pengaturan_komite_ubah(instansi=instansi_a, actor=sekretaris, **fields)
        assert set(error.value.message_dict) == set(fields)
        assert not PengaturanKomite.objects.exists()


def test_the_quorum_rule_stays_while_a_session_is_under_way(instansi_a, sekretaris):
    with scopes_disabled():
        SidangFactory(instansi=instansi_a, status=Sidang.Status.BERLANGSUNG, judul="Sidang Kalibrasi 2025")
    with instansi_scope(instansi_a):
        with pytest.raises(ValidationError) as error:
            pengaturan_komite_ubah(instansi=instansi_a, actor=sekretaris, kuorum_persen=30)
        assert "Sidang Kalibrasi 2025" in pesan(error.value)
        assert not PengaturanKomite.objects.exists()
        # The letterhead and the warning limits may still change.
        pengaturan_komite_ubah(instansi=instansi_a, actor=sekretaris, batas_kotak_9_persen=15)
        assert PengaturanKomite.objects.get().batas_kotak_9_persen == 15


# --- pages ----------------------------------------------------------------------------------------------


def test_list_page_reads_for_komite_view_with_buttons_only_for_manage(
    login, instansi_a, sekretaris, ketua_user, anggota_user
):
    tambah(instansi_a, sekretaris, ketua_user, peran="ketua", mulai=D(2020, 1, 1))
    lalu = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.lalu", first_name="Bambang")
    tambah(instansi_a, sekretaris, lalu, mulai=D(2020, 1, 1), selesai=D(2021, 1, 1))
    page = login(anggota_user).get("/komite/anggota/").content.decode()
    assert "lebih dari 50% anggota aktif" in page
    assert "Anggota terdahulu" in page and "Bambang" in page
    assert "/komite/anggota/tambah/" not in page
    assert "/ubah/" not in page
    page = login(sekretaris).get("/komite/anggota/").content.decode()
    assert "/komite/anggota/tambah/" in page and "/komite/anggota/pengaturan/" in page


def test_tambah_page_adds_and_shows_service_errors(login, instansi_a, sekretaris, ketua_user, anggota_user):
    user_with_role(Role.ASN, instansi_a, username="asn.tidak.ditawarkan")
    client = login(sekretaris)
    page = client.get("/komite/anggota/tambah/").content.decode()
    pilihan = page.split('name="user"')[1].split("</select>")[0]
    # An ASN account of the instansi exists and is not offered; Komite accounts are.
    assert "ketua.a" in pilihan and "— Sekretaris Komite Talenta" in pilihan
    assert "asn.tidak.ditawarkan" not in pilihan and "— ASN</option>" not in pilihan
    response = client.post(
        "/komite/anggota/tambah/", {"user": anggota_user.pk, "peran": "ketua", "mulai": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "Ketua Komite Talenta" in response.content.decode()
    response = client.post(
        "/komite/anggota/tambah/", {"user": ketua_user.pk, "peran": "ketua", "mulai": "2025-01-01"}
    )
    assert response.status_code == 302
    assert count(instansi_a) == 1


def test_pengaturan_page_saves(login, instansi_a, sekretaris):
    response = login(sekretaris).post(
        "/komite/anggota/pengaturan/",
        {
            "kuorum_persen": "60",
            "kuorum_wajib_ketua": "on",
            "batas_kotak_9_persen": "10",
            "batas_talent_pool_persen": "25",
            "kop_surat": "PEMERINTAH KABUPATEN KOTAWARINGIN BARAT",
        },
    )
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        pengaturan = PengaturanKomite.objects.get()
    assert (pengaturan.kuorum_persen, pengaturan.batas_talent_pool_persen) == (60, 25)


def test_akhiri_page_refuses_before_the_start(login, instansi_a, sekretaris, anggota_user):
    anggota = tambah(instansi_a, sekretaris, anggota_user, mulai=D(2025, 1, 1))
    response = login(sekretaris).post(f"/komite/anggota/{anggota.pk}/akhiri/", {"selesai": "2024-12-31"})
    assert response.status_code == 200
    assert "tidak boleh sebelum" in response.content.decode()
    with instansi_scope(instansi_a):
        anggota.refresh_from_db()
    assert anggota.selesai is None


# --- API ----------------------------------------------------------------------------------------------


def test_api_create_change_end_and_settings(api_login, instansi_a, sekretaris, ketua_user, anggota_user):
    api = api_login(sekretaris)
    response = api.post(
        "/api/v1/komite/anggota/",
        {"user": ketua_user.pk, "peran": "ketua", "mulai": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.post(
        "/api/v1/komite/anggota/",
        {"user": anggota_user.pk, "peran": "ketua", "mulai": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "user" in response.json()
    response = api.patch(f"/api/v1/komite/anggota/{pk}/", {"selesai": "2026-12-31"}, format="json")
    assert response.status_code == 200 and response.json()["selesai"] == "2026-12-31"
    response = api.post(f"/api/v1/komite/anggota/{pk}/akhiri/", {"selesai": "2026-06-30"}, format="json")
    assert response.status_code == 200 and response.json()["selesai"] == "2026-06-30"
    assert [row["id"] for row in api.get("/api/v1/komite/anggota/").json()["results"]] == [pk]

    assert api.get("/api/v1/komite/pengaturan/").json()["kuorum_persen"] == 50
    body = {
        "kuorum_persen": 66,
        "kuorum_wajib_ketua": True,
        "batas_kotak_9_persen": 10,
        "batas_talent_pool_persen": 30,
    }
    response = api.put("/api/v1/komite/pengaturan/", body, format="json")
    assert response.status_code == 200 and response.json()["kuorum_persen"] == 66
    response = api.put("/api/v1/komite/pengaturan/", {**body, "kuorum_persen": 100}, format="json")
    assert response.status_code == 400
    with instansi_scope(instansi_a):
        assert PengaturanKomite.objects.get().kuorum_persen == 66


def test_api_reading_roles_cannot_write(api_login, instansi_a, anggota_user, ketua_user):
    api = api_login(anggota_user)
    assert api.get("/api/v1/komite/anggota/").status_code == 200
    response = api.post(
        "/api/v1/komite/anggota/",
        {"user": ketua_user.pk, "peran": "ketua", "mulai": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert count(instansi_a) == 0


def test_factory_member_is_counted_from_2020(instansi_a, anggota_user):
    with scopes_disabled():
        anggota = AnggotaKomiteFactory(instansi=instansi_a, user=anggota_user)
    assert anggota.mulai == D(2020, 1, 1)


def test_api_put_settings_needs_the_whole_setting(api_login, instansi_a, sekretaris):
    response = api_login(sekretaris).put("/api/v1/komite/pengaturan/", {"kuorum_persen": 60}, format="json")
    assert response.status_code == 400
    assert "batas_kotak_9_persen" in response.json()
    with instansi_scope(instansi_a):
        assert not PengaturanKomite.objects.exists()


def test_hapus_only_a_membership_no_session_counted(login, instansi_a, sekretaris, anggota_user):
    anggota = tambah(instansi_a, sekretaris, anggota_user)
    lain = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.diundang")
    diundang = tambah(instansi_a, sekretaris, lain)
    _dihitung(instansi_a, diundang, tanggal=D(2025, 9, 15), status=Sidang.Status.DRAF)
    client = login(sekretaris)
    assert "Hapus keanggotaan ini" not in client.get(f"/komite/anggota/{diundang.pk}/ubah/").content.decode()
    response = client.post(f"/komite/anggota/{diundang.pk}/hapus/", follow=True)
    assert "tidak dapat dihapus" in response.content.decode()
    assert "Hapus keanggotaan ini" in client.get(f"/komite/anggota/{anggota.pk}/ubah/").content.decode()
    assert client.post(f"/komite/anggota/{anggota.pk}/hapus/").status_code == 302
    with instansi_scope(instansi_a):
        assert list(AnggotaKomite.objects.values_list("pk", flat=True)) == [diundang.pk]
        event = AuditEvent.objects.get(action="komite.anggota.hapus")
    assert event.old_values["user"] == anggota_user.pk
