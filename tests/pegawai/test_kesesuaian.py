"""Kesesuaian bidang pendidikan: a verifier judges approved education items (one or many) against
the pegawai's current jabatan; audit, inputs_changed, and the talent engine reads it fail-closed
(approved items only, current jabatan only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.pegawai.models import RiwayatPendidikan, StatusVerifikasi
from apps.pegawai.services_kesesuaian import pendidikan_kesesuaian_set
from apps.petatalenta.engine import PRESET_BERBOBOT, Aturan
from apps.petatalenta.inputs import penempatan_inputs_load
from apps.petatalenta.models import Penempatan
from tests.factories import AsnPegawaiFactory, PegawaiFactory, RiwayatPendidikanFactory

pytestmark = pytest.mark.django_db
ATURAN = Aturan.from_config(PRESET_BERBOBOT)


@pytest.fixture
def verifikator_a(make_user, instansi_a):
    return make_user(Role.VERIFIKATOR, instansi_a, username="verif.a")


def disetujui(pegawai, **kwargs):
    with scopes_disabled():
        return RiwayatPendidikanFactory(pegawai=pegawai, status=StatusVerifikasi.DISETUJUI, **kwargs)


def kesesuaian_engine(instansi, pegawai):
    with instansi_scope(instansi):
        return penempatan_inputs_load(
            instansi=instansi, pegawai_ids=[pegawai.pk], tanggal_acuan=dt.date.today(), aturan=ATURAN
        )[pegawai.pk].pendidikan_sesuai


def test_one_item_is_judged_audited_and_read_by_the_engine_for_the_current_jabatan(instansi_a, verifikator_a):
    pegawai = PegawaiFactory(instansi=instansi_a, nama_jabatan="Analis Kepegawaian")
    item = disetujui(pegawai)
    assert kesesuaian_engine(instansi_a, pegawai) is None  # not judged: unknown (fail closed)
    with instansi_scope(instansi_a):
        assert (
            pendidikan_kesesuaian_set(instansi=instansi_a, ids=[item.pk], sesuai=True, actor=verifikator_a)
            == 1
        )
        item.refresh_from_db()
        event = AuditEvent.objects.get(action="riwayat.pendidikan.kesesuaian")
        dirty = Penempatan.objects.get(pegawai=pegawai).dirty_since
    assert (item.sesuai_jabatan, item.kesesuaian_jabatan) == (True, "Analis Kepegawaian")
    assert item.kesesuaian_dinilai_oleh == verifikator_a and item.kesesuaian_dinilai_pada is not None
    assert event.new_values == {"sesuai_jabatan": True, "kesesuaian_jabatan": "Analis Kepegawaian"}
    assert dirty is not None  # inputs_changed marked the placement for recompute
    assert kesesuaian_engine(instansi_a, pegawai) is True
    # The same judgement again changes nothing (no second event).
    with instansi_scope(instansi_a):
        assert (
            pendidikan_kesesuaian_set(instansi=instansi_a, ids=[item.pk], sesuai=True, actor=verifikator_a)
            == 0
        )
        assert AuditEvent.objects.filter(action="riwayat.pendidikan.kesesuaian").count() == 1
    # A new jabatan: the judgement no longer counts until judged again.
    with scopes_disabled():
        type(pegawai).objects.filter(pk=pegawai.pk).update(nama_jabatan="Kepala Subbagian Umum")
    assert kesesuaian_engine(instansi_a, pegawai) is None


def test_bulk_judgement_and_any_fitting_item_counts(instansi_a, verifikator_a):
    satu = PegawaiFactory(instansi=instansi_a)
    dua = PegawaiFactory(instansi=instansi_a)
    s1, s2 = disetujui(satu, jenjang="s1"), disetujui(satu, jenjang="s2", jurusan="Sastra")
    lain = disetujui(dua)
    with instansi_scope(instansi_a):
        assert (
            pendidikan_kesesuaian_set(
                instansi=instansi_a, ids=[s2.pk, lain.pk], sesuai=False, actor=verifikator_a
            )
            == 2
        )
        assert (
            pendidikan_kesesuaian_set(instansi=instansi_a, ids=[s1.pk], sesuai=True, actor=verifikator_a) == 1
        )
    assert kesesuaian_engine(instansi_a, satu) is True  # one fitting item is enough
    assert kesesuaian_engine(instansi_a, dua) is False


def test_only_approved_items_of_the_instansi_and_never_ones_own(instansi_a, instansi_b, verifikator_a):
    pegawai = PegawaiFactory(instansi=instansi_a)
    with scopes_disabled():
        menunggu = RiwayatPendidikanFactory(pegawai=pegawai)  # submitted, not approved
    asing = disetujui(PegawaiFactory(instansi=instansi_b))
    ok = disetujui(pegawai)
    with instansi_scope(instansi_a):
        with pytest.raises(ValidationError, match="sudah disetujui"):
            pendidikan_kesesuaian_set(
                instansi=instansi_a, ids=[ok.pk, menunggu.pk], sesuai=True, actor=verifikator_a
            )
        with pytest.raises(ValidationError, match="tidak ditemukan"):
            pendidikan_kesesuaian_set(instansi=instansi_a, ids=[asing.pk], sesuai=True, actor=verifikator_a)
    with scopes_disabled():
        # Nothing half-written: the approved one in the refused batch is untouched.
        assert RiwayatPendidikan.objects.get(pk=ok.pk).sesuai_jabatan is None
        assert RiwayatPendidikan.objects.get(pk=asing.pk).sesuai_jabatan is None
    # An approved but unjudged item does not count in the engine, nor a judged one not approved.
    with scopes_disabled():
        RiwayatPendidikan.objects.filter(pk=menunggu.pk).update(
            sesuai_jabatan=True, kesesuaian_jabatan=pegawai.nama_jabatan
        )
    assert kesesuaian_engine(instansi_a, pegawai) is None


def test_page_lists_judges_one_and_many(instansi_a, verifikator_a):
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Sari Dewi", nama_jabatan="Pranata Komputer")
    satu, dua = (
        disetujui(pegawai, jurusan="Teknik Informatika"),
        disetujui(pegawai, jenjang="d3", jurusan="Akuntansi"),
    )
    client = Client()
    client.force_login(verifikator_a)
    page = client.get("/verifikasi-kesesuaian/")
    text = page.content.decode()
    assert page.status_code == 200 and "Sari Dewi" in text and "Teknik Informatika" in text
    assert "Pranata Komputer" in text
    response = client.post("/verifikasi-kesesuaian/", {"satu": f"{satu.pk}:1", "status": "belum"})
    assert response.status_code == 302 and response["Location"] == "/verifikasi-kesesuaian/?status=belum"
    with scopes_disabled():
        satu.refresh_from_db()
    assert satu.sesuai_jabatan is True
    response = client.post("/verifikasi-kesesuaian/", {"pilih": [dua.pk], "massal": "0"}, follow=True)
    assert "1 riwayat pendidikan ditandai tidak sesuai jabatan." in response.content.decode()
    with scopes_disabled():
        dua.refresh_from_db()
    assert dua.sesuai_jabatan is False
    # The tabs: nothing left to judge, one each way.
    text = client.get("/verifikasi-kesesuaian/?status=tidak_sesuai").content.decode()
    assert "Akuntansi" in text and "Teknik Informatika" not in text
    assert (
        "Tidak ada riwayat pendidikan pada daftar ini."
        in client.get("/verifikasi-kesesuaian/").content.decode()
    )
    # Nothing chosen: a message, not an error page.
    response = client.post("/verifikasi-kesesuaian/", {"massal": "1"}, follow=True)
    assert "Pilih sedikitnya satu riwayat pendidikan." in response.content.decode()


def test_page_refuses_items_of_another_instansi_like_missing_ones(instansi_a, instansi_b, verifikator_a):
    asing = disetujui(PegawaiFactory(instansi=instansi_b, nama="Orang Lain"))
    client = Client()
    client.force_login(verifikator_a)
    assert "Orang Lain" not in client.get("/verifikasi-kesesuaian/?status=semua").content.decode()
    response = client.post("/verifikasi-kesesuaian/", {"satu": f"{asing.pk}:1"}, follow=True)
    assert "tidak ditemukan" in response.content.decode()
    missing = client.post("/verifikasi-kesesuaian/", {"satu": "999999:1"}, follow=True)
    assert "tidak ditemukan" in missing.content.decode()
    with scopes_disabled():
        assert RiwayatPendidikan.objects.get(pk=asing.pk).sesuai_jabatan is None


def test_asn_cannot_open_the_page(pegawai_a):
    client = Client()
    client.force_login(pegawai_a.user)
    assert client.get("/verifikasi-kesesuaian/").status_code == 403


def test_a_judgement_made_before_the_item_was_changed_and_verified_again_no_longer_counts(
    instansi_a, verifikator_a
):
    from django.utils import timezone

    from apps.pegawai.selectors_kesesuaian import pendidikan_kesesuaian_daftar

    pegawai = PegawaiFactory(instansi=instansi_a)
    item = disetujui(pegawai, diverifikasi_pada=timezone.now() - dt.timedelta(days=10))
    with instansi_scope(instansi_a):
        pendidikan_kesesuaian_set(instansi=instansi_a, ids=[item.pk], sesuai=True, actor=verifikator_a)
    assert kesesuaian_engine(instansi_a, pegawai) is True
    # The ASN changed the item (new jurusan) and it was approved again after the judgement.
    with scopes_disabled():
        RiwayatPendidikan.objects.filter(pk=item.pk).update(
            jurusan="Sastra Inggris", diverifikasi_pada=timezone.now()
        )
    assert kesesuaian_engine(instansi_a, pegawai) is None
    with instansi_scope(instansi_a):
        keadaan = (
            pendidikan_kesesuaian_daftar(instansi=instansi_a, verifikator=verifikator_a)
            .get(pk=item.pk)
            .keadaan
        )
        assert keadaan == "ulang"
        # Judging it again (the same way) writes and counts again.
        assert (
            pendidikan_kesesuaian_set(instansi=instansi_a, ids=[item.pk], sesuai=True, actor=verifikator_a)
            == 1
        )
    assert kesesuaian_engine(instansi_a, pegawai) is True


def test_a_judgement_survives_a_replacement_document_but_not_a_data_change(
    instansi_a, verifikator_a, settings, tmp_path
):
    from apps.pegawai.services import (
        dokumen_store,
        riwayat_approve,
        riwayat_dokumen_baru_approve,
        riwayat_update,
    )
    from tests.pegawai.test_portfolio_pages import PDF, upload

    settings.MEDIA_ROOT = tmp_path
    pegawai = AsnPegawaiFactory(instansi=instansi_a, nama_jabatan="Analis Kepegawaian")
    item = disetujui(pegawai)
    with instansi_scope(instansi_a):
        pendidikan_kesesuaian_set(instansi=instansi_a, ids=[item.pk], sesuai=True, actor=verifikator_a)
        item.refresh_from_db()
        # Only the evidence changes: the document waits, is approved, the judgement holds.
        riwayat_update(
            riwayat=item,
            actor=pegawai.user,
            data={},
            dokumen=dokumen_store(pegawai=pegawai, actor=pegawai.user, berkas=upload("Ijazah.pdf", PDF)),
        )
        item.refresh_from_db()
        assert item.status == StatusVerifikasi.DISETUJUI and item.dokumen_baru_id is not None
        riwayat_dokumen_baru_approve(riwayat=item, actor=verifikator_a)
    assert kesesuaian_engine(instansi_a, pegawai) is True
    with instansi_scope(instansi_a):
        item.refresh_from_db()
        riwayat_update(riwayat=item, actor=pegawai.user, data={"jurusan": "Ilmu Sejarah"})
        item.refresh_from_db()
        riwayat_approve(riwayat=item, actor=verifikator_a)
    # The data changed and was approved again: the old judgement no longer holds (fail closed).
    assert kesesuaian_engine(instansi_a, pegawai) is None
