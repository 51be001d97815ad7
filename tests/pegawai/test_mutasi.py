"""Mutasi: `manage.py mutasi_pegawai` moves a pegawai with their portfolio (riwayat, documents,
completeness) to another instansi; the old instansi keeps its audit trail and loses sight of the
pegawai; a NIP clash moves nothing; a PPPK gets a new NI."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.demo.pegawai import demo_pdf
from apps.pegawai.models import RIWAYAT_MODELS, Dokumen, KelengkapanData, Pegawai, RiwayatPendidikan
from apps.pegawai.services import (
    dokumen_store,
    pegawai_create,
    pegawai_transfer,
    riwayat_approve,
    riwayat_create,
)
from tests.assertions import assert_absent
from tests.factories import UnitKerjaFactory, ni_pppk, nip_pns

pytestmark = pytest.mark.django_db

LAHIR = dt.date(1986, 9, 26)
NIP = nip_pns(lahir=LAHIR, tmt=dt.date(2015, 5, 1), kelamin="L")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _create(instansi, **overrides) -> Pegawai:
    fields = {
        "nip": NIP,
        "nama": "Budi Santoso",
        "tanggal_lahir": LAHIR,
        "jenis_kelamin": "L",
        "status_kepegawaian": "pns",
        "golongan": "III/c",
        "jenis_jabatan": "pelaksana",
        "nama_jabatan": "Penata Layanan Operasional",
        "pendidikan_terakhir": "s1",
        **overrides,
    }
    with instansi_scope(instansi):
        return pegawai_create(instansi=instansi, actor=None, **fields)


@pytest.fixture
def budi(instansi_a, unit_tree_a, make_user):
    """A pegawai of A with an approved, documented pendidikan."""
    verifikator = make_user(Role.VERIFIKATOR, instansi_a)
    pegawai = _create(instansi_a, unit_kerja=unit_tree_a[0])
    with instansi_scope(instansi_a):
        dokumen = dokumen_store(
            pegawai=pegawai,
            actor=None,
            berkas=SimpleUploadedFile("ijazah.pdf", demo_pdf("Ijazah"), content_type="application/pdf"),
        )
        item = riwayat_create(
            model=RiwayatPendidikan,
            pegawai=pegawai,
            actor=None,
            data={"jenjang": "s1", "institusi": "Universitas Palangka Raya", "tahun_lulus": 2009},
            dokumen=dokumen,
        )
        riwayat_approve(riwayat=item, actor=verifikator)
    return pegawai


def mutasi(*args) -> str:
    out = StringIO()
    call_command("mutasi_pegawai", *args, stdout=out)
    return out.getvalue()


def _instansi_of_everything(pegawai) -> set[int]:
    with scopes_disabled():
        ids = {Pegawai.objects.get(pk=pegawai.pk).instansi_id}
        ids |= set(Dokumen.objects.filter(pegawai=pegawai).values_list("instansi_id", flat=True))
        ids |= set(KelengkapanData.objects.filter(pegawai=pegawai).values_list("instansi_id", flat=True))
        for model in RIWAYAT_MODELS:
            ids |= set(model.objects.filter(pegawai=pegawai).values_list("instansi_id", flat=True))
    return ids


def test_transfer_moves_the_pegawai_and_their_portfolio(budi, instansi_a, instansi_b, unit_b):
    assert _instansi_of_everything(budi) == {instansi_a.pk}
    output = mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_b.kode, "--unit", unit_b.kode)
    assert (
        "dipindahkan dari Pemerintah Kabupaten Kotawaringin Barat ke Pemerintah Kabupaten Kotawaringin Timur"
        in output
    )
    assert _instansi_of_everything(budi) == {instansi_b.pk}
    with scopes_disabled():
        moved = Pegawai.objects.get(pk=budi.pk)
        assert (moved.unit_kerja_id, moved.nip) == (unit_b.pk, NIP)
        assert RiwayatPendidikan.objects.get(pegawai=budi).status == "disetujui"  # verification kept
        row = KelengkapanData.objects.get(pegawai=budi)
    # Completeness was recomputed in the new instansi with the moved riwayat.
    assert not any(k["kode"] == "pendidikan" for k in row.kekurangan)


def test_only_the_new_instansi_sees_the_pegawai(budi, instansi_b, admin_bkd_a, admin_bkd_b, client):
    mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_b.kode)
    client.force_login(admin_bkd_a)
    assert client.get(f"/pegawai/{budi.pk}/").status_code == 404
    assert_absent(client.get("/pegawai/"), "Budi Santoso")
    client.force_login(admin_bkd_b)
    response = client.get(f"/pegawai/{budi.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Universitas Palangka Raya" in content  # the riwayat came along
    assert "<code>pegawai.transfer</code>" in content
    assert "<code>pegawai.create</code>" not in content  # A's trail stays with A


def test_both_instansi_have_the_transfer_event_and_a_keeps_its_history(budi, instansi_a, instansi_b):
    mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_b.kode)
    with scopes_disabled():
        transfer = {
            e.instansi_id: e
            for e in AuditEvent.objects.filter(action="pegawai.transfer", target_id=str(budi.pk))
        }
        history_a = set(AuditEvent.objects.filter(instansi=instansi_a).values_list("action", flat=True))
    assert set(transfer) == {instansi_a.pk, instansi_b.pk}
    for event in transfer.values():
        assert event.target_type == "pegawai.Pegawai"
        assert event.old_values["instansi"] == instansi_a.kode
        assert event.new_values["instansi"] == instansi_b.kode
    assert {
        "pegawai.create",
        "dokumen.upload",
        "riwayat.pendidikan.create",
        "riwayat.pendidikan.approve",
    } <= history_a


def test_nip_clash_in_the_target_moves_nothing(budi, instansi_a, instansi_b):
    _create(instansi_b, nama="Budi Lain")
    with pytest.raises(CommandError, match=f"NIP {NIP} sudah terdaftar di instansi tujuan"):
        mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_b.kode)
    assert _instansi_of_everything(budi) == {instansi_a.pk}
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="pegawai.transfer").exists()


def test_nip_clash_through_the_service_raises_validation_error(budi, instansi_a, instansi_b):
    _create(instansi_b, nama="Budi Lain")
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        pegawai_transfer(pegawai=budi, ke_instansi=instansi_b, unit_kerja=None, actor=None)
    assert error.value.message_dict == {"nip": [f"NIP {NIP} sudah terdaftar di instansi tujuan."]}
    assert _instansi_of_everything(budi) == {instansi_a.pk}


def test_pppk_gets_a_new_ni(instansi_a, instansi_b):
    lahir = dt.date(1992, 7, 1)
    lama = ni_pppk(lahir=lahir, tahun=2022, perjanjian=1, kelamin="P")
    baru = ni_pppk(lahir=lahir, tahun=2025, perjanjian=2, kelamin="P", urut=17)
    pegawai = _create(
        instansi_a,
        nip=lama,
        tanggal_lahir=lahir,
        jenis_kelamin="P",
        status_kepegawaian="pppk",
        golongan="IX",
    )
    with pytest.raises(CommandError, match="--nip-baru"):
        mutasi("--pegawai-id", str(pegawai.pk), "--ke", instansi_b.kode)
    mutasi("--pegawai-id", str(pegawai.pk), "--ke", instansi_b.kode, "--nip-baru", "19920701 2025 02 2 017")
    with scopes_disabled():
        moved = Pegawai.objects.get(pk=pegawai.pk)
        event = AuditEvent.objects.get(action="pegawai.transfer", instansi=instansi_b)
    assert (moved.instansi_id, moved.nip) == (instansi_b.pk, baru)
    assert (event.old_values["nip"], event.new_values["nip"]) == (lama, baru)


def test_an_invalid_new_ni_moves_nothing(instansi_a, instansi_b):
    lahir = dt.date(1992, 7, 1)
    pegawai = _create(
        instansi_a,
        nip=ni_pppk(lahir=lahir, tahun=2022, kelamin="P"),
        tanggal_lahir=lahir,
        jenis_kelamin="P",
        status_kepegawaian="pppk",
        golongan="IX",
    )
    with pytest.raises(CommandError, match="Jumlah perjanjian kerja"):
        mutasi("--pegawai-id", str(pegawai.pk), "--ke", instansi_b.kode, "--nip-baru", "199207012025002017")
    assert _instansi_of_everything(pegawai) == {instansi_a.pk}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ke", "6202"], "Pegawai dengan id 987654321 tidak ditemukan"),
        (["--ke", "9999"], "Instansi dengan kode 9999 tidak ditemukan"),
        (["--ke", "6202", "--unit", "TIDAK.ADA"], "Unit kerja TIDAK.ADA tidak ada di"),
    ],
)
def test_command_errors(budi, instansi_b, args, message):
    pegawai_id = "987654321" if "987654321" in message else str(budi.pk)
    with pytest.raises(CommandError, match=message):
        mutasi("--pegawai-id", pegawai_id, *args)


def test_a_unit_of_the_old_instansi_is_refused(budi, instansi_b, unit_tree_a):
    # The unit code exists in A but not in B: looked up in the target only.
    with pytest.raises(CommandError, match="tidak ada di"):
        mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_b.kode, "--unit", unit_tree_a[0].kode)
    with scopes_disabled(), pytest.raises(ValidationError, match="bukan milik instansi tujuan"):
        pegawai_transfer(pegawai=budi, ke_instansi=instansi_b, unit_kerja=unit_tree_a[0], actor=None)


def test_transfer_to_the_same_instansi_is_refused(budi, instansi_a):
    with pytest.raises(CommandError, match="Instansi tujuan sama dengan instansi asal"):
        mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_a.kode)


def test_the_unit_must_exist_in_the_target(budi, instansi_b):
    UnitKerjaFactory(instansi=instansi_b, kode="B.77", nama="Dinas Tujuan")
    mutasi("--pegawai-id", str(budi.pk), "--ke", instansi_b.kode, "--unit", "B.77")
    with scopes_disabled():
        assert Pegawai.objects.select_related("unit_kerja").get(pk=budi.pk).unit_kerja.nama == "Dinas Tujuan"
