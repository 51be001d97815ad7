"""The decision pages: the item page with its block, the proposal and decision POST targets, the
evidence download, refusals shown on the page with nothing changed, and isolation (another
instansi's session or item answers 404 like a missing one)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.core.actor import actor_for_user
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import AgendaSidang, KehadiranSidang, KeputusanKomite, UsulanKalibrasi
from apps.petatalenta.models import Penempatan
from tests.factories import AgendaSidangFactory, PegawaiFactory, PenempatanFactory, user_with_role
from tests.komite.test_keputusan_services import PDF, komite_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(instansi_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return komite_build(instansi_a)


def _url(name, agenda, **extra):
    return reverse(f"komite:{name}", args=[agenda.sidang_id, agenda.pk])


def _count(model, instansi):
    with scopes_disabled():
        return model.objects.filter(instansi=instansi).count()


def test_member_proposes_and_decides_a_calibration_then_sees_the_marker(k, client):
    client.force_login(k.users["ketua"])
    page = client.get(_url("agenda_detail", k.kalibrasi))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Usulkan kalibrasi" in html and "Catat keputusan" not in html  # no proposal yet
    u = f"u{k.kalibrasi.pk}-"
    response = client.post(
        _url("usulan_kalibrasi", k.kalibrasi),
        {
            u + "kotak_usulan": "8",
            u + "alasan": "Prestasi luar biasa.",
            u + "bukti": SimpleUploadedFile("b.pdf", PDF),
        },
    )
    assert response.status_code == 302
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "kotak 5 → kotak 8" in html and "Catat keputusan" in html and "Unduh bukti" in html
    bukti = client.get(_url("usulan_bukti", k.kalibrasi))
    assert bukti.status_code == 200 and bukti["Content-Disposition"].startswith("attachment")
    assert b"".join(bukti.streaming_content) == PDF
    p = f"k{k.kalibrasi.pk}-"
    response = client.post(
        _url("keputusan_catat", k.kalibrasi),
        {
            p + "hasil": "setuju",
            p + "cara": "suara",
            p + "suara_setuju": "3",
            p + "suara_tolak": "0",
            p + "suara_abstain": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "Disetujui" in html and "Prestasi luar biasa." in html
    assert "Kotak hitungan sekarang 5 ≠ kotak diputuskan 8" in html
    with scopes_disabled():
        Penempatan.objects.filter(pk=k.penempatan.pk).update(kotak=8)
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "≠ kotak diputuskan" not in html


def test_refused_decision_is_shown_on_the_page_and_nothing_changes(k, client):
    with instansi_scope(k.instansi):
        UsulanKalibrasi.objects.create(
            instansi=k.instansi, agenda=k.kalibrasi, kotak_dihitung=5, kotak_usulan=8, alasan="Alasan."
        )
        KehadiranSidang.objects.filter(anggota=k.anggota["anggota"]).update(hadir=False)
    client.force_login(k.users["ketua"])
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "Belum kuorum" in html and "Catat keputusan</button>" not in html
    p = f"k{k.kalibrasi.pk}-"
    response = client.post(
        _url("keputusan_catat", k.kalibrasi), {p + "hasil": "setuju", p + "cara": "mufakat"}
    )
    assert response.status_code == 200
    assert "Belum kuorum" in response.content.decode()
    assert _count(KeputusanKomite, k.instansi) == 0


def test_proposal_without_reason_is_refused_on_the_page(k, client):
    client.force_login(k.users["anggota"])
    u = f"u{k.kalibrasi.pk}-"
    response = client.post(
        _url("usulan_kalibrasi", k.kalibrasi), {u + "kotak_usulan": "8", u + "alasan": "   "}
    )
    assert response.status_code == 200
    assert _count(UsulanKalibrasi, k.instansi) == 0


def test_succession_and_review_decisions_through_the_page(k, client):
    client.force_login(k.users["sekretaris"])
    html = client.get(_url("agenda_detail", k.suksesi)).content.decode()
    assert "Calon 0" in html and "Daftar pendek, suksesor" in html
    p = f"k{k.suksesi.pk}-"
    c0, c1 = k.calon[0].pk, k.calon[1].pk
    data = {
        p + f"urutan_{c1}": "1", p + f"suksesor_{c1}": "on", p + f"kesiapan_{c1}": "siap_sekarang",
        p + f"urutan_{c0}": "2",
        p + "lain_nip_0": k.luar.nip, p + "lain_urutan_0": "3", p + "lain_alasan_0": "",
        p + "darurat": str(c0),
        p + "arahan_jenis_0": "pelatihan", p + "arahan_nip_0": k.calon[0].nip, p + "arahan_uraian_0": "Diklat PIM",
        p + "cara": "mufakat",
    }  # fmt: skip
    response = client.post(_url("keputusan_catat", k.suksesi), data)
    assert (
        response.status_code == 200 and "Luar Krs tidak ada dalam daftar calon" in response.content.decode()
    )
    data[p + "lain_alasan_0"] = "Pengalaman lintas perangkat daerah."
    response = client.post(_url("keputusan_catat", k.suksesi), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        keputusan = KeputusanKomite.objects.get(agenda=k.suksesi)
    assert [d["pegawai_id"] for d in keputusan.isi["daftar_pendek"]] == [c1, c0, k.luar.pk]
    assert keputusan.isi["suksesor_darurat"]["pegawai_id"] == c0
    assert keputusan.isi["arahan"][0]["pegawai_id"] == c0
    html = client.get(_url("agenda_detail", k.suksesi)).content.decode()
    assert "Pengalaman lintas perangkat daerah." in html and "Siap sekarang" in html

    p = f"k{k.tinjau.pk}-"
    response = client.post(
        _url("keputusan_catat", k.tinjau), {p + "catatan": "Sebaran wajar.", p + "cara": "mufakat"}
    )
    assert response.status_code == 302
    html = client.get(_url("agenda_detail", k.tinjau)).content.decode()
    assert "Sebaran wajar." in html and "Sebaran sembilan kotak" in html


def test_viewers_see_the_record_without_forms_and_non_members_are_refused(k, client, instansi_a):
    ppk = user_with_role(Role.PPK, instansi_a, username="ppk.lihat")
    client.force_login(ppk)
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "Usulkan kalibrasi" not in html and "Catat keputusan" not in html
    assert client.post(_url("keputusan_catat", k.kalibrasi), {}).status_code == 403
    assert client.post(_url("usulan_kalibrasi", k.kalibrasi), {}).status_code == 403


def test_another_instansi_session_or_item_answers_404(k, client, instansi_b):
    lain = komite_build(instansi_b, prefix="b")
    client.force_login(k.users["ketua"])
    for name in ("agenda_detail", "usulan_bukti"):
        assert client.get(_url(name, lain.kalibrasi)).status_code == 404
    for name in ("usulan_kalibrasi", "keputusan_catat"):
        assert client.post(_url(name, lain.kalibrasi), {}).status_code == 404
    # An item of this instansi under another session's number is not found either.
    with instansi_scope(k.instansi):
        from tests.factories import SidangFactory

        sidang_lain = SidangFactory(instansi=k.instansi)
    url = reverse("komite:agenda_detail", args=[sidang_lain.pk, k.kalibrasi.pk])
    assert client.get(url).status_code == 404
    assert client.get(_url("usulan_bukti", k.kalibrasi)).status_code == 404  # no evidence yet
    with scopes_disabled():
        assert UsulanKalibrasi.objects.count() == 0


def test_template_tags_render_on_the_session_page(k):
    """The session page renders both tags; the nine-box warns and shows before → after."""
    request = RequestFactory().get("/")
    request.user = k.users["anggota"]
    with instansi_scope(k.instansi):
        request.actor = actor_for_user(k.users["anggota"])
        html = Template("{% load komite_keputusan %}{% sidang_sebaran sidang %}").render(
            Context({"sidang": k.sidang, "request": request})
        )
    assert "Kotak 9 berisi 14,3% pegawai, melebihi batas 10%." in html
    assert "Sebelum kalibrasi" in html


def test_draft_session_says_when_proposals_open(k, client):
    with scopes_disabled():
        k.sidang.status = "draf"
        k.sidang.save()
    client.force_login(k.users["ketua"])
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "setelah sidang dimulai" in html and "Usulkan kalibrasi" not in html


def test_marker_says_data_changed_only_when_the_computed_box_moved_since_the_decision(k, client):
    """An approved calibration differs from the computed box from the start; the marker must not
    claim the pegawai's data changed until a recompute actually moves the computed box."""
    from tests.komite.test_keputusan_services import _putus, _usul

    _usul(k, kotak=8)
    _putus(k)
    client.force_login(k.users["ketua"])
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "Kotak hitungan sekarang 5 ≠ kotak diputuskan 8" in html
    assert "Hasil hitungan belum berubah sejak keputusan" in html
    assert "Hasil hitungan berubah sejak keputusan karena data pegawai berubah" not in html
    with scopes_disabled():  # a recompute moves the computed box
        Penempatan.objects.filter(pk=k.penempatan.pk).update(kotak=6)
    html = client.get(_url("agenda_detail", k.kalibrasi)).content.decode()
    assert "Kotak hitungan sekarang 6 ≠ kotak diputuskan 8" in html
    assert "Hasil hitungan berubah sejak keputusan karena data pegawai berubah" in html
    assert "Hasil hitungan belum berubah sejak keputusan" not in html


def test_session_page_reads_membership_presence_and_quorum_once_not_per_item(k, client):
    """The quorum, the member and their presence are the session's: ten more items must not
    repeat them (they cost 14 queries an item before; the item's own rows cost 7)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/komite/sidang/{k.sidang.pk}/").status_code == 200
        return len(captured)

    client.force_login(k.users["ketua"])
    sebelum = queries()
    with instansi_scope(k.instansi):
        for _ in range(10):
            pegawai = PegawaiFactory(instansi=k.instansi, unit_kerja=k.unit)
            PenempatanFactory(pegawai=pegawai, periode=k.sidang.periode, kotak=5)
            AgendaSidangFactory(sidang=k.sidang, jenis=AgendaSidang.Jenis.KALIBRASI, pegawai=pegawai)
    assert queries() - sebelum <= 10 * 8
