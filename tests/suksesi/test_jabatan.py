"""Key posts managed by Admin BKD (suksesi: jabatan): the services and the management pages; every
bad input refused with a message naming the field and nothing written; every write audited and the
post marked dirty for the succession workers in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.suksesi.models import JabatanKunci, PengaturanSuksesi, StatusSuksesi
from apps.suksesi.services_jabatan import (
    jabatan_kunci_bulk_mark,
    jabatan_kunci_create,
    jabatan_kunci_update,
    standar_kompetensi_parse,
)
from tests.factories import JabatanKunciFactory, PegawaiFactory

pytestmark = pytest.mark.django_db

UNKNOWN_NIP = "198001012006041001"


def posts(instansi) -> list[JabatanKunci]:
    with scopes_disabled():
        return list(JabatanKunci.objects.filter(instansi=instansi).order_by("pk"))


def audits(instansi, prefix="jabatan_kunci.") -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(instansi=instansi, action__startswith=prefix).order_by("pk"))


def dirty(jabatan) -> bool:
    with scopes_disabled():
        status = StatusSuksesi.objects.filter(jabatan_kunci=jabatan).first()
        return status is not None and status.dirty_since is not None


def form_data(pejabat, **changes) -> dict:
    data = {
        "unit_kerja": pejabat.dinas.pk,
        "nama": "Kepala Dinas",
        "jenis_jabatan": "jpt_pratama",
        "jenjang_fungsional": "",
        "nip_pemegang": pejabat.kepala.nip,
        "alasan": "Pemegang mencapai BUP tahun ini",
        "standar_kompetensi": "Integritas:4; Kerja Sama:3",
        "golongan_minimum": "IV/a",
        "bidang_pendidikan": "Pendidikan; Manajemen",
        "sertifikat": "PKN II",
    }
    data.update(changes)
    return data


def test_the_form_records_a_key_post_audited_and_marked_dirty(login, admin_bkd_a, instansi_a, pejabat):
    client = login(admin_bkd_a)
    response = client.post("/suksesi/jabatan-kunci/tambah/", form_data(pejabat))
    assert response.status_code == 302, response.content.decode()[:2000]
    [jabatan] = posts(instansi_a)
    assert (jabatan.nama, jabatan.jenis_jabatan, jabatan.pemegang_id) == (
        "Kepala Dinas",
        "jpt_pratama",
        pejabat.kepala.pk,
    )
    assert jabatan.standar_kompetensi == [
        {"kompetensi": "Integritas", "level": 4},
        {"kompetensi": "Kerja Sama", "level": 3},
    ]
    assert jabatan.syarat_tambahan == {
        "golongan_minimum": "IV/a",
        "bidang_pendidikan": ["Pendidikan", "Manajemen"],
        "sertifikat": ["PKN II"],
    }
    [event] = audits(instansi_a)
    assert event.action == "jabatan_kunci.create" and event.actor_id == admin_bkd_a.pk
    assert event.new_values["pemegang"] == pejabat.kepala.pk
    assert dirty(jabatan)

    # The edit page shows the holder's BUP date: born 10 May 1966, JPT Pratama retires at 60.
    response = client.get(f"/suksesi/jabatan-kunci/{jabatan.pk}/ubah/")
    page = response.content.decode()
    assert "1 Juni 2026" in page
    # The edit form starts from the stored post.
    form = response.context["form"]
    assert {
        name: form[name].value()
        for name in ("unit_kerja", "nama", "nip_pemegang", "standar_kompetensi", "sertifikat")
    } == {
        "unit_kerja": pejabat.dinas.pk,
        "nama": "Kepala Dinas",
        "nip_pemegang": pejabat.kepala.nip,
        "standar_kompetensi": "Integritas:4; Kerja Sama:3",
        "sertifikat": "PKN II",
    }
    assert 'value="Kepala Dinas"' in page
    listing = client.get("/suksesi/jabatan-kunci/kelola/").content.decode()
    assert "Kepala Dinas" in listing and "1 Juni 2026" in listing and pejabat.kepala.nip in listing


def test_the_bup_follows_the_instansi_setting_of_the_post_level(login, admin_bkd_a, instansi_a, pejabat):
    from apps.pegawai.models import PengaturanPegawai

    with scopes_disabled():
        PengaturanPegawai.objects.create(instansi=instansi_a, bup={"jpt_pratama": 62})
        jabatan = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Kepala Dinas", jenis_jabatan="jpt_pratama",
            pemegang=pejabat.kepala,
        )  # fmt: skip
    page = login(admin_bkd_a).get(f"/suksesi/jabatan-kunci/{jabatan.pk}/ubah/").content.decode()
    assert "1 Juni 2028" in page


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        pytest.param({"nip_pemegang": "asing"}, "nip_pemegang", "tidak terdaftar sebagai pegawai instansi ini", id="holder-of-another-instansi"),
        pytest.param({"nip_pemegang": UNKNOWN_NIP}, "nip_pemegang", "tidak terdaftar sebagai pegawai instansi ini", id="unknown-nip"),
        pytest.param({"nip_pemegang": "nonaktif"}, "nip_pemegang", "tidak aktif; pemegang jabatan kunci harus pegawai aktif", id="inactive-holder"),
        pytest.param({"nip_pemegang": "sekretaris"}, "nip_pemegang", "sudah memegang jabatan kunci Sekretaris", id="holder-of-another-post"),
        pytest.param({"nama": "Sekretaris", "nip_pemegang": ""}, "nama", "Jabatan kunci Sekretaris di Dinas Pendidikan sudah ada", id="same-post-twice"),
        pytest.param({"nama": "  Sekretaris ", "nip_pemegang": ""}, "nama", "sudah ada", id="same-post-twice-spaces"),
        pytest.param({"jenis_jabatan": "fungsional"}, "jenjang_fungsional", "Jenjang fungsional wajib diisi", id="fungsional-without-jenjang"),
        pytest.param({"jenjang_fungsional": "ahli_madya"}, "jenjang_fungsional", "hanya untuk jabatan fungsional", id="jenjang-for-structural"),
        pytest.param({"standar_kompetensi": "Integritas:6"}, "standar_kompetensi", "Level kompetensi Integritas harus bilangan bulat 1–5", id="level-6"),
        pytest.param({"standar_kompetensi": "Integritas:0; Kerja Sama:3"}, "standar_kompetensi", "harus bilangan bulat 1–5", id="level-0"),
        pytest.param({"standar_kompetensi": "Integritas"}, "standar_kompetensi", "bukan pasangan kompetensi dan level", id="level-missing"),
        pytest.param({"golongan_minimum": "V/a"}, "golongan_minimum", "bukan salah satu dari pilihan", id="unknown-golongan"),
        pytest.param({"alasan": ""}, "alasan", "harus diisi", id="no-reason"),
    ],
)  # fmt: skip
def test_bad_input_on_the_form_is_refused_and_nothing_is_written(
    login, admin_bkd_a, instansi_a, pejabat, changes, field, fragment
):
    with scopes_disabled():
        JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
    before = posts(instansi_a)
    changes = {
        name: getattr(pejabat, value).nip
        if name == "nip_pemegang" and value and not value.isdigit()
        else value
        for name, value in changes.items()
    }
    response = login(admin_bkd_a).post("/suksesi/jabatan-kunci/tambah/", form_data(pejabat, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(fragment in message for message in errors[field]), errors[field]
    assert posts(instansi_a) == before
    assert audits(instansi_a) == []


def test_the_form_shows_every_problem_of_the_typed_values_at_once(login, admin_bkd_a, instansi_a, pejabat):
    response = login(admin_bkd_a).post(
        "/suksesi/jabatan-kunci/tambah/",
        form_data(
            pejabat, jenis_jabatan="fungsional", standar_kompetensi="Integritas:7", nip_pemegang=UNKNOWN_NIP
        ),
    )
    assert set(response.context["form"].errors) == {
        "jenjang_fungsional",
        "standar_kompetensi",
        "nip_pemegang",
    }
    assert posts(instansi_a) == []


def test_a_holder_of_another_instansi_answers_exactly_like_an_unknown_nip(login, admin_bkd_a, pejabat):
    client = login(admin_bkd_a)
    foreign = client.post(
        "/suksesi/jabatan-kunci/tambah/", form_data(pejabat, nip_pemegang=pejabat.asing.nip)
    )
    unknown = client.post("/suksesi/jabatan-kunci/tambah/", form_data(pejabat, nip_pemegang=UNKNOWN_NIP))
    message_foreign = foreign.context["form"].errors["nip_pemegang"][0].replace(pejabat.asing.nip, "<NIP>")
    message_unknown = unknown.context["form"].errors["nip_pemegang"][0].replace(UNKNOWN_NIP, "<NIP>")
    assert message_foreign == message_unknown


def test_the_services_refuse_a_foreign_unit_or_holder_even_when_called_directly(instansi_a, pejabat, unit_b):
    with instansi_scope(instansi_a), pytest.raises(Exception) as error:
        jabatan_kunci_create(
            instansi=instansi_a, actor=None, unit_kerja=unit_b, nama="Kepala", jenis_jabatan="administrator",
            pemegang=pejabat.asing, alasan="x",
        )  # fmt: skip
    messages = error.value.message_dict
    assert "Unit kerja tidak ditemukan di instansi ini." in messages["unit_kerja"]
    assert "tidak terdaftar sebagai pegawai instansi ini" in messages["pemegang"][0]
    assert posts(instansi_a) == []


def test_update_records_only_what_changed_and_an_unchanged_save_writes_nothing(
    login, admin_bkd_a, instansi_a, pejabat
):
    with scopes_disabled():
        jabatan = JabatanKunciFactory(
            instansi=instansi_a,
            unit_kerja=pejabat.bidang,
            nama="Kepala Bidang Pembinaan SD",
            pemegang=pejabat.kabid,
            standar_kompetensi=[{"kompetensi": "Integritas", "level": 4}],
        )
    client = login(admin_bkd_a)
    data = form_data(
        pejabat, unit_kerja=pejabat.bidang.pk, nama="Kepala Bidang Pembinaan SD", jenis_jabatan="administrator",
        nip_pemegang=pejabat.kabid.nip, alasan=jabatan.alasan, standar_kompetensi="Integritas:4",
        golongan_minimum="", bidang_pendidikan="", sertifikat="", aktif="on",
    )  # fmt: skip
    assert client.post(f"/suksesi/jabatan-kunci/{jabatan.pk}/ubah/", data).status_code == 302
    assert audits(instansi_a) == []  # nothing changed
    data["nip_pemegang"] = ""  # the holder left: the post is vacant
    assert client.post(f"/suksesi/jabatan-kunci/{jabatan.pk}/ubah/", data).status_code == 302
    [event] = audits(instansi_a)
    assert (event.action, event.old_values, event.new_values) == (
        "jabatan_kunci.update",
        {"pemegang": pejabat.kabid.pk},
        {"pemegang": None},
    )
    assert posts(instansi_a)[0].pemegang_id is None and dirty(jabatan)


def test_update_refuses_a_holder_who_holds_another_post(instansi_a, pejabat):
    with scopes_disabled():
        a = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
        b = JabatanKunciFactory(instansi=instansi_a, unit_kerja=pejabat.bidang, nama="Kepala Bidang")
    with instansi_scope(instansi_a), pytest.raises(Exception) as error:
        jabatan_kunci_update(jabatan=b, actor=None, pemegang=pejabat.sekretaris)
    assert "sudah memegang jabatan kunci Sekretaris" in error.value.message_dict["pemegang"][0]
    with scopes_disabled():
        b.refresh_from_db()
        assert b.pemegang_id is None and a.pemegang_id == pejabat.sekretaris.pk


def test_deactivate_needs_a_reason_and_is_audited(login, admin_bkd_a, instansi_a, pejabat):
    with scopes_disabled():
        jabatan = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
    client = login(admin_bkd_a)
    url = f"/suksesi/jabatan-kunci/{jabatan.pk}/nonaktifkan/"
    assert "Nonaktifkan jabatan kunci" in client.get(url).content.decode()
    response = client.post(url, {"alasan": ""})
    assert response.status_code == 200 and "alasan" in response.context["form"].errors
    assert posts(instansi_a)[0].aktif is True
    assert client.post(url, {"alasan": "Dirampingkan dalam SOTK baru"}).status_code == 302
    [post] = posts(instansi_a)
    # no longer key, and its holder is free to hold another key post
    assert (post.aktif, post.pemegang_id) == (False, None)
    [event] = audits(instansi_a)
    assert event.action == "jabatan_kunci.deactivate"
    assert event.old_values == {"aktif": True, "pemegang": pejabat.sekretaris.pk}
    assert event.new_values == {"aktif": False, "pemegang": None, "alasan": "Dirampingkan dalam SOTK baru"}
    assert dirty(jabatan)
    response = client.post(
        "/suksesi/jabatan-kunci/tambah/",
        form_data(
            pejabat, unit_kerja=pejabat.dinas.pk, nama="Sekretaris Dinas Baru", jenis_jabatan="administrator",
            nip_pemegang=pejabat.sekretaris.nip, alasan="Struktur baru", standar_kompetensi="Integritas:4",
            golongan_minimum="", bidang_pendidikan="", sertifikat="", aktif="on",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert {p.nama: p.pemegang_id for p in posts(instansi_a)}[
        "Sekretaris Dinas Baru"
    ] == pejabat.sekretaris.pk


def test_bulk_mark_makes_every_jpt_and_administrator_post_of_a_perangkat_daerah_key(
    login, admin_bkd_a, instansi_a, pejabat
):
    with scopes_disabled():
        # Already recorded by hand: skipped.
        JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
        # Another perangkat daerah's administrator: untouched.
        PegawaiFactory(
            instansi=instansi_a,
            unit_kerja=pejabat.unit_lain,
            jenis_jabatan="administrator",
            nama_jabatan="Sekretaris",
        )
    client = login(admin_bkd_a)
    assert client.get("/suksesi/jabatan-kunci/tandai-massal/").status_code == 200
    response = client.post(
        "/suksesi/jabatan-kunci/tandai-massal/",
        {"perangkat_daerah": pejabat.dinas.pk, "alasan": "Jabatan pimpinan perangkat daerah"},
        follow=True,
    )
    assert "2 jabatan kunci ditambahkan; 1 dilewati karena sudah ada." in response.content.decode()
    created = {(j.unit_kerja_id, j.nama, j.jenis_jabatan, j.pemegang_id) for j in posts(instansi_a)[1:]}
    assert created == {
        (pejabat.dinas.pk, "Kepala Dinas", "jpt_pratama", pejabat.kepala.pk),
        (pejabat.bidang.pk, "Kepala Bidang Pembinaan SD", "administrator", pejabat.kabid.pk),
    }
    assert all(j.alasan == "Jabatan pimpinan perangkat daerah" for j in posts(instansi_a)[1:])
    assert all(dirty(j) for j in posts(instansi_a)[1:])
    [event] = audits(instansi_a)
    assert event.action == "jabatan_kunci.bulk_mark"
    assert (event.new_values["dibuat"], event.new_values["dilewati"]) == (2, 1)

    with instansi_scope(instansi_a):
        again = jabatan_kunci_bulk_mark(
            instansi=instansi_a, actor=None, perangkat_daerah=pejabat.dinas, alasan="Lagi"
        )
    assert (again.dibuat, again.dilewati) == (0, 3) and len(posts(instansi_a)) == 3


def test_bulk_mark_refuses_a_bidang_and_needs_a_reason(instansi_a, pejabat):
    with instansi_scope(instansi_a):
        with pytest.raises(Exception) as error:
            jabatan_kunci_bulk_mark(
                instansi=instansi_a, actor=None, perangkat_daerah=pejabat.bidang, alasan="x"
            )
        assert "perangkat_daerah" in error.value.message_dict
        with pytest.raises(Exception) as error:
            jabatan_kunci_bulk_mark(
                instansi=instansi_a, actor=None, perangkat_daerah=pejabat.dinas, alasan=" "
            )
        assert "alasan" in error.value.message_dict
    assert posts(instansi_a) == []


def test_the_settings_page_saves_and_audits(login, admin_bkd_a, instansi_a):
    client = login(admin_bkd_a)
    page = client.get("/suksesi/jabatan-kunci/pengaturan/").content.decode()
    assert "ASN boleh melihat pencalonannya sendiri" in page
    assert (
        client.post("/suksesi/jabatan-kunci/pengaturan/", {"asn_boleh_lihat_pencalonan": "on"}).status_code
        == 302
    )
    with scopes_disabled():
        assert PengaturanSuksesi.objects.get(instansi=instansi_a).asn_boleh_lihat_pencalonan is True
    [event] = audits(instansi_a, "pengaturan_suksesi.")
    assert event.new_values == {"asn_boleh_lihat_pencalonan": True}
    client.post("/suksesi/jabatan-kunci/pengaturan/", {"asn_boleh_lihat_pencalonan": "on"})
    assert len(audits(instansi_a, "pengaturan_suksesi.")) == 1  # unchanged: nothing written


def test_another_instansis_post_answers_404_and_other_roles_403(
    login, make_user, instansi_a, instansi_b, pejabat, unit_b
):
    with scopes_disabled():
        foreign = JabatanKunciFactory(instansi=instansi_b, unit_kerja=unit_b, nama="Kepala Dinas")
    admin = make_user(Role.ADMIN_BKD, instansi_a, username="admin.jabatan")
    ketua = make_user(Role.KOMITE_KETUA, instansi_a, username="ketua.jabatan")
    for user, path in ((admin, "ubah"), (admin, "nonaktifkan"), (ketua, "nominasi")):
        client = login(user)
        assert client.get(f"/suksesi/jabatan-kunci/{foreign.pk}/{path}/").status_code == 404
        assert client.get(f"/suksesi/jabatan-kunci/999999/{path}/").status_code == 404
    client = login(admin)
    client.post(f"/suksesi/jabatan-kunci/{foreign.pk}/nonaktifkan/", {"alasan": "x"})
    with scopes_disabled():
        foreign.refresh_from_db()
        assert foreign.aktif is True
    asn = make_user(Role.ASN, instansi_a, username="asn.jabatan")
    assert login(asn).get("/suksesi/jabatan-kunci/kelola/").status_code == 403


def test_the_list_filters_and_shows_vacant_posts(login, admin_bkd_a, instansi_a, pejabat):
    with scopes_disabled():
        JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
        JabatanKunciFactory(instansi=instansi_a, unit_kerja=pejabat.unit_lain, nama="Kepala Dinas Kesehatan")
    client = login(admin_bkd_a)
    response = client.get("/suksesi/jabatan-kunci/kelola/?status=lowong")
    assert [j.nama for j in response.context["jabatan_list"]] == ["Kepala Dinas Kesehatan"]
    assert "lowong" in response.content.decode()
    response = client.get(f"/suksesi/jabatan-kunci/kelola/?perangkat_daerah={pejabat.dinas.pk}")
    assert [j.nama for j in response.context["jabatan_list"]] == ["Sekretaris"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("Integritas:4", [{"kompetensi": "Integritas", "level": 4}]),
        ("Integritas = 5;\nKerja Sama:1", [{"kompetensi": "Integritas", "level": 5}, {"kompetensi": "Kerja Sama", "level": 1}]),
    ],
)  # fmt: skip
def test_the_competency_standard_text(text, expected):
    assert standar_kompetensi_parse(text) == expected


@pytest.mark.parametrize(
    "text", ["Integritas:6", "Integritas:0", "Integritas:3,5", "Integritas:4; integritas:3", ":4"]
)
def test_the_competency_standard_refuses(text):
    with pytest.raises(Exception) as error:
        standar_kompetensi_parse(text)
    assert "standar_kompetensi" in error.value.message_dict


def test_the_date_of_the_bup_uses_the_first_of_the_next_month():
    from apps.pegawai.referensi import tanggal_pensiun_dari

    assert tanggal_pensiun_dari(tanggal_lahir=dt.date(1966, 12, 10), usia=60) == dt.date(2027, 1, 1)
