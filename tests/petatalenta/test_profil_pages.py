"""The explanation pages: the BKD talent page of a pegawai and its card on the pegawai page
(talenta.view), and the ASN's own page, which follows the instansi's setting both ways."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.models import AturanTalenta, PengaturanTalenta
from tests.factories import AsesmenFactory, PegawaiFactory, RiwayatPenempatanFactory

from .profil_data import PERIODE, flush, skp_buat

pytestmark = pytest.mark.django_db
PDF_LINK = "Unduh Profil Talenta (PDF)"


@pytest.fixture
def placed(instansi_a, unit_tree_a):
    """A pegawai of A with a final placement (box 2) and one without any asesmen (perlu data)."""
    final = PegawaiFactory(instansi=instansi_a, nama="Siti Final", unit_kerja=unit_tree_a[2])
    AsesmenFactory(pegawai=final, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, final, "Sangat Baik")
    kurang = PegawaiFactory(instansi=instansi_a, nama="Budi Kurang")
    skp_buat(instansi_a, kurang, "Baik")
    flush(instansi_a)
    return final, kurang


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- BKD ----------------------------------------------------------------------------------------


def test_bkd_talent_page_explains_the_penempatan(login, admin_bkd_a, placed):
    final, _kurang = placed
    response = login(admin_bkd_a).get(f"/pegawai/{final.pk}/talenta/")
    assert response.status_code == 200
    text = _text(response)
    assert "Kinerja sesuai ekspektasi, potensial rendah" in text  # box 2
    assert "57,50" in text and "60,00" in text  # scores, Indonesian decimals
    assert "Mengapa pegawai ini berada di kotak ini" in text
    assert "Capai nilai potensi minimal 100 pada asesmen berikutnya" in text  # a next step
    assert "Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai." in text  # box 2 follow-up
    assert "Seksi Kurikulum" in text
    grid = response.content.decode().split('<table class="grid-kotak">')[1].split("</table>")[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', grid) == [
        "Potensial rendah",
        "Potensial menengah",
        "Potensial tinggi",
    ]
    assert re.findall(r'<th scope="row">([^<]+)</th>', grid) == [
        "Kinerja di atas ekspektasi",
        "Kinerja sesuai ekspektasi",
        "Kinerja di bawah ekspektasi",
    ]
    pdf_url = f"/pegawai/{final.pk}/talenta/profil.pdf?periode={PERIODE}"
    assert f'href="{pdf_url}"' in response.content.decode()
    assert PDF_LINK in text


def test_bkd_talent_page_of_a_perlu_data_penempatan_lists_the_missing_data(login, admin_bkd_a, placed):
    _final, kurang = placed
    text = _text(login(admin_bkd_a).get(f"/pegawai/{kurang.pk}/talenta/"))
    assert "Perlu data" in text
    assert "Belum ada hasil asesmen kompetensi." in text
    assert "belum final dan tidak masuk talent pool" in text


def test_pegawai_page_shows_the_talent_card_only_with_talenta_view(login, make_user, instansi_a, placed):
    final, _kurang = placed
    url = f"/pegawai/{final.pk}/"
    admin = login(make_user(Role.ADMIN_BKD, instansi_a, username="admin.kartu")).get(url)
    assert admin.status_code == 200
    content = admin.content.decode()
    assert 'id="peta-talenta"' in content
    assert f'href="/pegawai/{final.pk}/talenta/"' in content
    assert f'href="/pegawai/{final.pk}/talenta/profil.pdf"' in content and PDF_LINK in content
    assert "Kinerja sesuai ekspektasi, potensial rendah" in _text(admin)
    # The Verifikator sees the pegawai page but not the talent map.
    verifikator = login(make_user(Role.VERIFIKATOR, instansi_a, username="verif.kartu")).get(url)
    assert verifikator.status_code == 200
    assert 'id="peta-talenta"' not in verifikator.content.decode()
    assert "/talenta/" not in verifikator.content.decode()


def test_pegawai_page_card_of_a_pegawai_never_placed(login, admin_bkd_a, instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    text = _text(login(admin_bkd_a).get(f"/pegawai/{pegawai.pk}/"))
    assert "Penempatan talenta pegawai ini belum dihitung." in text


@pytest.mark.parametrize("suffix", ["talenta/", "talenta/profil.pdf"])
def test_foreign_pegawai_is_not_found(login, admin_bkd_a, instansi_b, suffix):
    foreign = PegawaiFactory(instansi=instansi_b)
    AsesmenFactory(pegawai=foreign, nilai_potensi=Decimal("70"), jpm=Decimal("80"))
    skp_buat(instansi_b, foreign)
    flush(instansi_b)
    client = login(admin_bkd_a)
    assert client.get(f"/pegawai/{foreign.pk}/{suffix}").status_code == 404
    assert client.get(f"/pegawai/987654321/{suffix}").status_code == 404


def test_roles_without_talenta_view_are_refused(login, make_user, instansi_a, placed):
    final, _ = placed
    for role in (Role.VERIFIKATOR, Role.ASN):
        client = login(make_user(role, instansi_a, username=f"tolak.{role.value}"))
        assert client.get(f"/pegawai/{final.pk}/talenta/").status_code == 403


def test_bkd_talent_page_query_count_does_not_grow_with_the_history(login, admin_bkd_a, instansi_a, placed):
    final, _ = placed
    client = login(admin_bkd_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/pegawai/{final.pk}/talenta/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    with instansi_scope(instansi_a):
        aturan = AturanTalenta.objects.get(instansi=instansi_a)
        for i in range(25):
            RiwayatPenempatanFactory(
                pegawai=final, periode=PERIODE, aturan=aturan, kotak_lama=1, kotak_baru=2, status="final",
                penyebab=f"uji {i}", inputs_hash="x",
            )  # fmt: skip
    assert count() == few


# --- ASN ----------------------------------------------------------------------------------------


@pytest.fixture
def asn(make_user, instansi_a, unit_tree_a):
    user = make_user(Role.ASN, instansi_a, username="asn.talenta")
    pegawai = PegawaiFactory(instansi=instansi_a, user=user, nama="Rina Asn", unit_kerja=unit_tree_a[0])
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal("90"), jpm=Decimal("100"))
    skp_buat(instansi_a, pegawai, "Sangat Baik")
    flush(instansi_a)
    return user, pegawai


def _buka(instansi, boleh: bool) -> None:
    with instansi_scope(instansi):
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi, defaults={"asn_boleh_lihat_kotak": boleh}
        )


def test_asn_sees_box_reasons_and_next_steps_when_the_instansi_opened_it(login, asn, instansi_a):
    user, _pegawai = asn
    _buka(instansi_a, True)
    response = login(user).get("/saya/talenta/")
    assert response.status_code == 200
    text = _text(response)
    assert "Kinerja sesuai ekspektasi, potensial rendah" in text
    assert "Mengapa Anda berada di kotak ini" in text
    assert "Yang dapat menaikkan posisi Anda" in text
    assert "Capai nilai potensi minimal 100 pada asesmen berikutnya" in text
    # The missing education record comes with the place to add it.
    assert "Belum ada riwayat pendidikan yang disetujui." in text
    assert 'href="/saya/riwayat/pendidikan/tambah/"' in response.content.decode()
    assert 'href="/saya/talenta/profil.pdf' in response.content.decode() and PDF_LINK in text


def test_asn_sees_only_a_polite_notice_and_missing_data_when_closed(login, asn, instansi_a):
    user, _pegawai = asn
    _buka(instansi_a, False)
    response = login(user).get("/saya/talenta/")
    assert response.status_code == 200
    text = _text(response)
    assert "Instansi Anda belum membuka hasil peta talenta untuk dilihat ASN." in text
    assert "Belum ada riwayat pendidikan yang disetujui." in text  # their own data, still listed
    for hidden in ("Kinerja sesuai ekspektasi", "57,50", "Mengapa Anda", "Riwayat penempatan", PDF_LINK):
        assert hidden not in text
    assert "p" not in response.context or response.context.get("p") is None
    assert "/saya/talenta/profil.pdf" not in response.content.decode()


def test_setting_defaults_to_closed(login, asn):
    user, _ = asn
    text = _text(login(user).get("/saya/talenta/"))
    assert "belum membuka hasil peta talenta" in text


def test_asn_pdf_follows_the_setting(login, asn, instansi_a):
    user, pegawai = asn
    client = login(user)
    _buka(instansi_a, False)
    assert client.get("/saya/talenta/profil.pdf").status_code == 404
    _buka(instansi_a, True)
    response = client.get("/saya/talenta/profil.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="profil-talenta-{pegawai.nip}.pdf"'


def test_asn_without_a_linked_pegawai(login, make_user, instansi_a):
    _buka(instansi_a, True)
    client = login(make_user(Role.ASN, instansi_a, username="asn.lepas"))
    response = client.get("/saya/talenta/")
    assert response.status_code == 200
    assert "belum terhubung dengan data pegawai" in _text(response)
    assert client.get("/saya/talenta/profil.pdf").status_code == 404


def test_asn_home_links_to_the_talent_page(login, asn):
    user, _ = asn
    response = login(user).get("/asn/")
    assert 'href="/saya/talenta/"' in response.content.decode()


def test_bkd_roles_are_refused_on_the_asn_page(login, admin_bkd_a):
    client = login(admin_bkd_a)
    assert client.get("/saya/talenta/").status_code == 403
    assert client.get("/saya/talenta/profil.pdf").status_code == 403
