"""`manage.py seed_demo`: idempotent, and every printed demo login really signs in."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.instansi.models import Instansi, Membership, UnitKerja
from apps.nasional.models import RingkasanInstansi

pytestmark = pytest.mark.django_db

LOGINS_FILE = settings.BASE_DIR / "var" / "demo-logins.txt"

# Written out independently of the views: where each role lands after signing in.
ROLE_HOME = {
    Role.ADMIN_BKD: "/bkd/",
    Role.VERIFIKATOR: "/verifikator/",
    Role.KOMITE_KETUA: "/komite/",
    Role.KOMITE_SEKRETARIS: "/komite/",
    Role.KOMITE_ANGGOTA: "/komite/",
    Role.PPK: "/ppk/",
    Role.ASN: "/asn/",
    Role.BKN: "/nasional/",
    Role.OPERATOR: "/operator/",
}

LINE = re.compile(r"^\s+(?P<username>\S+)\s+(?P<peran>\S.*?)\s{2,}(?P<instansi>\S.*)$")


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "instansi": Instansi.objects.count(),
            "unit_kerja": UnitKerja.objects.count(),
            "membership": Membership.objects.count(),
            "user": get_user_model().objects.count(),
            "audit": AuditEvent.objects.count(),
            "ringkasan": RingkasanInstansi.objects.count(),
        }


def _parse_logins(text: str) -> tuple[str, list[dict[str, str]]]:
    password_line, *rest = text.splitlines()
    match = re.fullmatch(r"Kata sandi semua akun demo: (\S+)", password_line)
    assert match, password_line
    logins = [LINE.match(line).groupdict() for line in rest if line.strip()]
    return match.group(1), logins


@pytest.fixture
def seeded() -> str:
    out = StringIO()
    call_command("seed_demo", pegawai=4, stdout=out)
    return out.getvalue()


def test_second_run_creates_nothing(seeded):
    first = _counts()
    assert first["instansi"] == 5
    assert first["unit_kerja"] > 5 * 3
    assert first["ringkasan"] == 10  # five instansi, this period and last year's closing row
    assert first["audit"] >= first["unit_kerja"] + first["instansi"] + first["membership"]

    call_command("seed_demo", pegawai=4, stdout=StringIO())
    assert _counts() == first


def test_every_instansi_gets_a_three_level_tree(seeded):
    with scopes_disabled():
        for instansi in Instansi.objects.all():
            jenis = set(UnitKerja.objects.filter(instansi=instansi).values_list("jenis", flat=True))
            assert jenis == set(UnitKerja.Jenis.values), instansi


def test_logins_file_is_what_the_command_printed(seeded):
    # The command prints its pegawai progress first, then exactly the logins it wrote to the file.
    assert seeded.endswith(LOGINS_FILE.read_text(encoding="utf-8"))


def test_every_role_has_a_demo_login(seeded):
    _password, logins = _parse_logins(LOGINS_FILE.read_text(encoding="utf-8"))
    labels = {str(role.label): role for role in Role}
    roles = [labels[login["peran"]] for login in logins]
    # One login per role; the Komite Talenta has five members (the quorum needs more than two).
    extra = sorted(roles)
    for role in Role:
        extra.remove(role)
    # ... and a second BKN account, the one with the operator's KRS Nasional grant.
    assert extra == [Role.BKN, Role.KOMITE_ANGGOTA, Role.KOMITE_ANGGOTA]
    assert len({login["username"] for login in logins}) == len(logins)


def test_every_demo_login_signs_in_and_lands_on_its_home(seeded):
    password, logins = _parse_logins(LOGINS_FILE.read_text(encoding="utf-8"))
    labels = {str(role.label): role for role in Role}
    assert logins
    for login in logins:
        role = labels[login["peran"]]
        client = Client()
        response = client.post("/masuk/", {"username": login["username"], "password": password}, follow=True)
        assert response.status_code == 200, login
        assert response.redirect_chain, f"{login['username']} was not signed in"
        assert response.request["PATH_INFO"] == ROLE_HOME[role], (login, response.redirect_chain)
        actor = response.wsgi_request.actor
        assert actor.user.username == login["username"]
        assert actor.role == role


def test_wrong_password_does_not_sign_in(seeded):
    _password, logins = _parse_logins(LOGINS_FILE.read_text(encoding="utf-8"))
    response = Client().post("/masuk/", {"username": logins[0]["username"], "password": "salah-sekali-123"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_komite_lands_on_real_work(seeded):
    """Kota Palangka Raya: five members with a substitute for the ketua, the 2025 session set by
    the PPK with an intact chain, and a draft session of this year with its invitations sent."""
    from apps.komite.integrity import rantai_periksa
    from apps.komite.models import AnggotaKomite, KeputusanKomite, Penetapan, Sidang, SnapshotPenempatan
    from apps.notifikasi.models import Notifikasi

    tahun = timezone.localdate().year
    instansi = Instansi.objects.get(kode="6271")
    with instansi_scope(instansi):
        anggota = AnggotaKomite.objects.filter(instansi=instansi)
        assert anggota.count() == 5 and anggota.filter(pengganti_ketua=True).count() == 1
        lalu = Sidang.objects.get(instansi=instansi, periode=tahun - 1)
        assert lalu.status == Sidang.Status.DITETAPKAN
        assert KeputusanKomite.objects.filter(sidang=lalu).count() == lalu.agenda.count() >= 2
        penetapan = Penetapan.objects.get(sidang=lalu)
        assert penetapan.nomor_keputusan and penetapan.jumlah_penempatan > 0
        assert SnapshotPenempatan.objects.filter(penetapan=penetapan).count() == penetapan.jumlah_penempatan
        draf = Sidang.objects.get(instansi=instansi, periode=tahun)
        assert draf.status == Sidang.Status.DRAF and draf.agenda.exists() and draf.diundang_pada
        assert Notifikasi.objects.filter(jenis="komite.undangan", penerima__username="komite.ketua").exists()
        assert rantai_periksa(instansi=instansi) == []


def test_kutai_kartanegara_is_on_its_kemendagri_code_and_an_old_login_follows_it(seeded):
    with scopes_disabled():
        kukar = Instansi.objects.select_related("wilayah").get(kode="6402")
        assert (kukar.wilayah.nama, kukar.nama_bkd) == (
            "Kutai Kartanegara",
            "BKPSDM Kabupaten Kutai Kartanegara",
        )
        assert not Instansi.objects.filter(kode="6403").exists()  # 6403 is Berau, not a demo tenant
        user_model = get_user_model()
        admin = user_model.objects.get(username="admin.6402")
        assert Membership.objects.get(user=admin).instansi == kukar

        # A demo database seeded before 2026: the same tenant's admin was called admin.6403.
        admin.username = "admin.6403"
        admin.save(update_fields=["username"])
    call_command("seed_demo", pegawai=4, stdout=StringIO())
    with scopes_disabled():
        assert not user_model.objects.filter(username="admin.6403").exists()
        assert user_model.objects.get(username="admin.6402").pk == admin.pk


def test_admin_bkd_home_shows_the_backlog_by_age_and_recent_imports(seeded):
    """The demo's Admin BKD home: waiting items in the oldest age column, the three demo imports
    with their results, and the data-quality card from the summary row."""
    client = Client()
    client.post("/masuk/", {"username": "admin.6271", "password": "Talenta-Demo-2026"})
    html = client.get("/bkd/").content.decode()
    assert "Kualitas data talenta" in html and "Ringkasan instansi belum pernah dihitung" not in html
    lama = re.search(
        r'<span class="stat__value">(\d+)</span><span class="stat__label">menunggu lebih dari 30 hari', html
    )
    assert lama and int(lama.group(1)) > 0
    assert "demo-data-pegawai-januari.xlsx" in html and "Tersimpan: 120 baru, 24 diubah, 6 tetap" in html
    assert "Pratinjau: 6 baris bermasalah, belum disimpan" in html
