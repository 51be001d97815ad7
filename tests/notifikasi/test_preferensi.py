"""The preferences page and API: the kinds of the user's role only, every channel per kind, the
choice stored (audited) and used by the next reminder run; another role's kind is refused."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.notifikasi.models import PreferensiNotifikasi
from tests.factories import AsnPegawaiFactory, user_with_role

pytestmark = pytest.mark.django_db


def _pilihan(user) -> dict[str, tuple[bool, bool]]:
    with scopes_disabled():
        return {p.jenis: (p.kotak_masuk, p.email) for p in PreferensiNotifikasi.objects.filter(user=user)}


def test_page_lists_the_kinds_of_the_role_and_saves_the_checkboxes(client, login, instansi_a):
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.pref")
    login(asn.user)
    page = client.get("/notifikasi/preferensi/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ringkasan mingguan kelengkapan data" in html
    assert "Data portofolio ditolak verifikator" in html
    assert "Hasil asesmen segera berakhir" in html
    assert "Antrean verifikasi yang tertunda" not in html  # a verifier's kind
    assert 'name="pegawai.kelengkapan_mingguan:email" checked' in html  # default: both on
    assert "belum memiliki alamat e-mail" in html
    response = client.post(
        "/notifikasi/preferensi/",
        {
            "pegawai.kelengkapan_mingguan:email": "on",
            "pegawai.riwayat_ditolak:kotak_masuk": "on",
            "pegawai.riwayat_ditolak:email": "on",
            "asesmen.kedaluwarsa:kotak_masuk": "on",
            "asesmen.kedaluwarsa:email": "on",
        },
    )
    assert response.status_code == 302
    assert _pilihan(asn.user) == {
        "pegawai.kelengkapan_mingguan": (False, True),
        "pegawai.riwayat_ditolak": (True, True),
        "asesmen.kedaluwarsa": (True, True),
    }
    html = client.get("/notifikasi/preferensi/").content.decode()
    assert 'name="pegawai.kelengkapan_mingguan:kotak_masuk">' in html  # unchecked now
    assert "Preferensi notifikasi disimpan." in html
    with scopes_disabled():
        event = AuditEvent.objects.get(action="notifikasi.preferensi")
    assert event.new_values == {"pegawai.kelengkapan_mingguan": {"kotak_masuk": False, "email": True}}


def test_api_reads_and_writes_the_callers_own_choice(api_login, instansi_a, instansi_b):
    verifikator = user_with_role(Role.VERIFIKATOR, instansi_a, username="verif.pref")
    lain = user_with_role(Role.VERIFIKATOR, instansi_b, username="verif.pref.b")
    client = api_login(verifikator)
    data = client.get("/api/v1/notifikasi/preferensi/").json()
    assert [d["jenis"] for d in data] == ["pegawai.verifikasi_tertunda"]
    assert data[0]["kotak_masuk"] is data[0]["email"] is True
    response = client.put(
        "/api/v1/notifikasi/preferensi/",
        [{"jenis": "pegawai.verifikasi_tertunda", "kotak_masuk": True, "email": False}],
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()[0]["email"] is False
    assert _pilihan(verifikator) == {"pegawai.verifikasi_tertunda": (True, False)}
    assert _pilihan(lain) == {}
    # A kind of another role is refused, and nothing of the request is saved.
    response = client.put(
        "/api/v1/notifikasi/preferensi/",
        [
            {"jenis": "pegawai.verifikasi_tertunda", "kotak_masuk": False, "email": False},
            {"jenis": "pegawai.kelengkapan_mingguan", "kotak_masuk": False, "email": False},
        ],
        format="json",
    )
    assert response.status_code == 400
    assert "tidak tersedia untuk peran Anda" in response.content.decode()
    assert _pilihan(verifikator) == {"pegawai.verifikasi_tertunda": (True, False)}


def test_accounts_without_an_instansi_have_no_preferences(client, login, bkn_user):
    login(bkn_user)
    assert "Tidak ada notifikasi untuk akun Anda." in client.get("/notifikasi/preferensi/").content.decode()
    assert client.post("/notifikasi/preferensi/", {}).status_code == 302
    with scopes_disabled():
        assert not PreferensiNotifikasi.objects.exists()
