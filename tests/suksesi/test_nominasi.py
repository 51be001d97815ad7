"""The Komite's exception nominations (suksesi: jabatan): a pegawai outside the talent pool
nominated for a key post with a written reason, withdrawn with a written reason; only the roles
holding `suksesi.nominasi`; audited; the post marked dirty."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.suksesi.models import NominasiKhusus, StatusSuksesi
from apps.suksesi.services_jabatan import nominasi_khusus_create
from tests.factories import JabatanKunciFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jabatan(instansi_a, pejabat):
    with scopes_disabled():
        return JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Kepala Dinas", jenis_jabatan="jpt_pratama",
            pemegang=pejabat.kepala,
        )  # fmt: skip


@pytest.fixture
def ketua(make_user, instansi_a):
    return make_user(Role.KOMITE_KETUA, instansi_a, username="ketua.komite")


def nominasi(instansi) -> list[NominasiKhusus]:
    with scopes_disabled():
        return list(NominasiKhusus.objects.filter(instansi=instansi).order_by("pk"))


def events(instansi) -> list[AuditEvent]:
    with scopes_disabled():
        return list(
            AuditEvent.objects.filter(instansi=instansi, action__startswith="nominasi_khusus.").order_by("pk")
        )


def test_nominate_then_revoke_with_written_reasons(login, ketua, instansi_a, pejabat, jabatan):
    client = login(ketua)
    url = f"/suksesi/jabatan-kunci/{jabatan.pk}/nominasi/"
    assert "Belum ada nominasi" in client.get(url).content.decode()
    response = client.post(
        url, {"nip": pejabat.kabid.nip, "alasan": "Kinerja menonjol pada program prioritas daerah"}
    )
    assert response.status_code == 302
    [row] = nominasi(instansi_a)
    assert (row.pegawai_id, row.dibuat_oleh_id, row.dicabut_pada) == (pejabat.kabid.pk, ketua.pk, None)
    with scopes_disabled():
        assert StatusSuksesi.objects.get(jabatan_kunci=jabatan).dirty_since is not None
    page = client.get(url).content.decode()
    assert pejabat.kabid.nama in page and "Kinerja menonjol" in page

    cabut = f"/suksesi/jabatan-kunci/{jabatan.pk}/nominasi/{row.pk}/cabut/"
    response = client.post(cabut, {"alasan": ""})
    assert response.status_code == 200 and "alasan" in response.context["form"].errors
    assert client.post(cabut, {"alasan": "Sudah masuk KRS"}).status_code == 302
    [row] = nominasi(instansi_a)
    assert row.dicabut_pada is not None
    assert [(e.action, e.actor_id) for e in events(instansi_a)] == [
        ("nominasi_khusus.create", ketua.pk),
        ("nominasi_khusus.revoke", ketua.pk),
    ]
    assert events(instansi_a)[1].new_values["alasan"] == "Sudah masuk KRS"
    assert "Nominasi ini sudah dicabut." in client.get(cabut).content.decode()
    # A withdrawn nomination does not block a new one.
    client.post(url, {"nip": pejabat.kabid.nip, "alasan": "Dinominasikan kembali"})
    assert len(nominasi(instansi_a)) == 2


@pytest.mark.parametrize(
    ("who", "alasan", "field", "fragment"),
    [
        ("asing", "Alasan", "nip", "tidak terdaftar sebagai pegawai instansi ini"),
        ("nonaktif", "Alasan", "nip", "tidak aktif"),
        ("kepala", "Alasan", "nip", "adalah pemegang jabatan ini"),
        ("kabid", "", "alasan", "harus diisi"),
        ("kabid", "   ", "alasan", "harus diisi"),
    ],
)
def test_bad_nominations_are_refused_and_nothing_is_written(
    login, ketua, instansi_a, pejabat, jabatan, who, alasan, field, fragment
):
    response = login(ketua).post(
        f"/suksesi/jabatan-kunci/{jabatan.pk}/nominasi/", {"nip": getattr(pejabat, who).nip, "alasan": alasan}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(fragment in message for message in errors[field]), errors
    assert nominasi(instansi_a) == [] and events(instansi_a) == []


def test_the_same_standing_nomination_twice_is_refused(instansi_a, pejabat, jabatan):
    with instansi_scope(instansi_a):
        nominasi_khusus_create(jabatan=jabatan, actor=None, pegawai=pejabat.kabid, alasan="Pertama")
        with pytest.raises(Exception) as error:
            nominasi_khusus_create(jabatan=jabatan, actor=None, pegawai=pejabat.kabid, alasan="Kedua")
    assert "sudah dinominasikan" in error.value.message_dict["pegawai"][0]
    assert len(nominasi(instansi_a)) == 1


def test_only_the_roles_holding_suksesi_nominasi_may_nominate(login, make_user, instansi_a, pejabat, jabatan):
    url = f"/suksesi/jabatan-kunci/{jabatan.pk}/nominasi/"
    for role in (Role.ADMIN_BKD, Role.KOMITE_ANGGOTA, Role.PPK, Role.ASN):
        user = make_user(role, instansi_a, username=f"nom.{role.value}")
        response = login(user).post(url, {"nip": pejabat.kabid.nip, "alasan": "x"})
        assert response.status_code == 403, role
    assert nominasi(instansi_a) == []


def test_a_nomination_of_another_post_answers_404(login, ketua, instansi_a, pejabat, jabatan):
    with scopes_disabled():
        other = JabatanKunciFactory(instansi=instansi_a, unit_kerja=pejabat.bidang, nama="Kepala Bidang")
    with instansi_scope(instansi_a):
        row = nominasi_khusus_create(jabatan=jabatan, actor=None, pegawai=pejabat.kabid, alasan="Alasan")
    client = login(ketua)
    assert client.get(f"/suksesi/jabatan-kunci/{other.pk}/nominasi/{row.pk}/cabut/").status_code == 404
    client.post(f"/suksesi/jabatan-kunci/{other.pk}/nominasi/{row.pk}/cabut/", {"alasan": "x"})
    assert nominasi(instansi_a)[0].dicabut_pada is None
