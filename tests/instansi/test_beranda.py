"""Role home pages: each answers its role's first question with figures that link to where to act,
and reads only stored rows in a fixed number of queries (more data never means more queries).

Every page goes through the real middleware (session, tenant scope, language)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.impor.models import ImportJob
from apps.nasional.services import ringkasan_refresh
from apps.pegawai.models import StatusVerifikasi
from apps.petatalenta.models import PengaturanTalenta
from tests.factories import (
    AsnPegawaiFactory,
    PegawaiFactory,
    PenempatanFactory,
    RiwayatDiklatFactory,
    RiwayatPendidikanFactory,
    SertifikatFactory,
)

pytestmark = pytest.mark.django_db

HOMES = {
    Role.ADMIN_BKD: "/bkd/",
    Role.VERIFIKATOR: "/verifikator/",
    Role.KOMITE_KETUA: "/komite/",
    Role.PPK: "/ppk/",
    Role.ASN: "/asn/",
}

# The most queries each home page may take (session, user, membership, the page's cards). A card
# that queried per pegawai, per item or per job would break both this bound and the equality
# between the small and the large data set below.
# Measured when written: 21, 14, 15, 14, 11; the Admin BKD and ASN bounds leave room for the
# development-plan and assessment-queue cards (a few queries each).
QUERY_BOUND = {
    Role.ADMIN_BKD: 28,
    Role.VERIFIKATOR: 16,
    Role.KOMITE_KETUA: 18,
    Role.PPK: 17,
    Role.ASN: 15,
}


def _lalu(hari: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=hari)


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _data(instansi, *, n: int, unit=None) -> None:
    """n pegawai with waiting portfolio items of every age, placements, imports; then the summary."""
    with scopes_disabled():
        for i in range(n):
            pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit)
            RiwayatPendidikanFactory(pegawai=pegawai, diajukan_pada=_lalu(1))
            RiwayatDiklatFactory(pegawai=pegawai, diajukan_pada=_lalu(5))
            SertifikatFactory(pegawai=pegawai, diajukan_pada=_lalu(45))
            PenempatanFactory(pegawai=pegawai, kotak=1 + i % 9)
            ImportJob.objects.create(
                instansi=instansi,
                kind="pegawai",
                nama_berkas=f"pegawai-{i}.xlsx",
                status=ImportJob.Status.SELESAI,
                mode=ImportJob.Mode.SIMPAN,
                result={"baris": 10, "baru": 7, "diubah": 2, "tetap": 1, "errors": [[2, "NIP", "x"]] * 50},
            )
    with instansi_scope(instansi):
        ringkasan_refresh(instansi=instansi)


@pytest.fixture
def pengguna(make_user, instansi_a):
    users = {
        role: make_user(role, instansi_a, username=f"beranda.{role.value}")
        for role in HOMES
        if role != Role.ASN
    }
    asn = AsnPegawaiFactory(instansi=instansi_a, username="beranda.asn")
    users[Role.ASN] = asn.user
    with scopes_disabled():  # the ASN's card shows their box (its query counted below)
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi_a, defaults={"asn_boleh_lihat_kotak": True}
        )
    return users


# --- Admin BKD ---------------------------------------------------------------------------------


def test_admin_bkd_home_answers_with_figures_and_links(client, pengguna, instansi_a):
    _data(instansi_a, n=3)
    client.force_login(pengguna[Role.ADMIN_BKD])
    html = _html(client, HOMES[Role.ADMIN_BKD])

    # Data quality from the stored summary row: 4 active pegawai (3 + the ASN), none assessed.
    assert "Kualitas data talenta" in html
    assert 'href="/kelengkapan/"' in html
    assert 'href="/cakupan/"' in html
    assert re.search(r"asesmen berlaku \(0 pegawai\)", html)
    assert re.search(r"Belum pernah diasesmen</span> <strong>4</strong>", html)

    # Verification backlog: 9 waiting items, 3 older than 30 days, each figure a filtered link.
    assert "Antrean verifikasi portofolio" in html
    assert re.search(r'<span class="stat__value"><a href="/verifikasi/">9</a></span>', html)
    assert re.search(
        r'<span class="stat__value">3</span><span class="stat__label">menunggu lebih dari 30 hari', html
    )
    sampai_lama = (timezone.localdate() - dt.timedelta(days=31)).isoformat()
    assert f'href="/verifikasi/sertifikat/?sampai={sampai_lama}">3</a>' in html

    # Recent imports with their results, linked to each job.
    assert "Impor terbaru" in html
    assert "Tersimpan: 7 baru, 2 diubah, 1 tetap" in html
    with scopes_disabled():
        job = ImportJob.objects.filter(instansi=instansi_a).order_by("-dibuat_pada", "-id").first()
    assert f'href="/impor/job/{job.uuid}/"' in html
    assert 'href="/impor/pegawai/"' in html


def test_backlog_links_lead_to_exactly_the_items_counted(client, pengguna, instansi_a):
    with scopes_disabled():
        baru = PegawaiFactory(instansi=instansi_a, nama="Budi Santoso")
        lama = PegawaiFactory(instansi=instansi_a, nama="Rina Marlina")
        SertifikatFactory(pegawai=baru, diajukan_pada=_lalu(0))
        SertifikatFactory(pegawai=lama, diajukan_pada=_lalu(40))
        SertifikatFactory(pegawai=lama, status=StatusVerifikasi.DISETUJUI, diajukan_pada=_lalu(60))
    client.force_login(pengguna[Role.VERIFIKATOR])
    html = _html(client, HOMES[Role.VERIFIKATOR])
    links = re.findall(r'href="(/verifikasi/sertifikat/\?[^"]+)">(\d+)</a>', html)
    assert len(links) == 2 and all(n == "1" for _url, n in links)
    halaman = {url: _html(client, url.replace("&amp;", "&")) for url, _n in links}
    baru_url, lama_url = sorted(halaman, key=lambda url: "dari=" not in url)
    assert "Budi Santoso" in halaman[baru_url] and "Rina Marlina" not in halaman[baru_url]
    assert "Rina Marlina" in halaman[lama_url] and "Budi Santoso" not in halaman[lama_url]


def test_verifier_backlog_leaves_out_their_own_items(client, make_user, instansi_a):
    verifikator = AsnPegawaiFactory(instansi=instansi_a, username="verif.juga.asn")
    with scopes_disabled():
        RiwayatPendidikanFactory(pegawai=verifikator)
        membership = verifikator.user.membership
        membership.role = Role.VERIFIKATOR.value
        membership.save(update_fields=["role"])
    client.force_login(verifikator.user)
    html = _html(client, HOMES[Role.VERIFIKATOR])
    assert "Tidak ada portofolio yang menunggu verifikasi." in html


def test_admin_bkd_home_without_a_summary_row_says_so(client, pengguna):
    client.force_login(pengguna[Role.ADMIN_BKD])
    html = _html(client, HOMES[Role.ADMIN_BKD])
    assert "Ringkasan instansi belum pernah dihitung." in html
    assert "Belum ada berkas yang diimpor." in html


# --- ASN ---------------------------------------------------------------------------------------


def test_asn_home_shows_their_box_only_when_the_instansi_allows(client, pengguna, instansi_a):
    asn = pengguna[Role.ASN]
    with scopes_disabled():
        PenempatanFactory(pegawai=asn.pegawai, kotak=5)
        PengaturanTalenta.objects.filter(instansi=instansi_a).update(asn_boleh_lihat_kotak=False)
    client.force_login(asn)
    html = _html(client, HOMES[Role.ASN])
    assert "Instansi Anda belum membuka hasil peta talenta untuk ASN." in html
    assert "Kotak 5" not in html
    assert "lengkap — lengkapi:" in html  # completeness with the next actions stays
    assert 'href="/saya/talenta/"' in html

    with scopes_disabled():
        PengaturanTalenta.objects.filter(instansi=instansi_a).update(asn_boleh_lihat_kotak=True)
    html = _html(client, HOMES[Role.ASN])
    assert "Kotak 5" in html
    assert "Langkah berikutnya untuk naik kotak" in html


# --- cheap reads -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(HOMES), ids=lambda r: r.value)
def test_home_page_queries_are_bounded_and_do_not_grow_with_data(client, pengguna, instansi_a, role):
    client.force_login(pengguna[role])
    url = HOMES[role]
    _data(instansi_a, n=2)
    _html(client, url)  # warm the per-process caches (content types, registries)
    kecil = _queries(client, url)
    _data(instansi_a, n=12)
    besar = _queries(client, url)
    assert besar == kecil, f"{url}: {kecil} queries with 3 pegawai, {besar} with 15"
    assert besar <= QUERY_BOUND[role], f"{url}: {besar} queries"
