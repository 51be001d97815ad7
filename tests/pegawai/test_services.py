"""Pegawai services: profile validation messages, audit of create/update, NIP uniqueness per
instansi, every verification transition of a portfolio item, the inputs_changed event, and the
retirement date (BUP by jabatan, a per-instansi setting)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.core.events import inputs_changed
from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.pegawai.models import (
    HukumanDisiplin,
    KelengkapanData,
    Pegawai,
    PengaturanPegawai,
    RiwayatDiklat,
    RiwayatPendidikan,
    StatusVerifikasi,
)
from apps.pegawai.selectors import pengaturan_bup
from apps.pegawai.services import (
    pegawai_create,
    pegawai_update,
    pegawai_validate,
    riwayat_approve,
    riwayat_bulk_approve,
    riwayat_create,
    riwayat_delete,
    riwayat_reject,
    riwayat_update,
)
from tests.factories import ni_pppk, nip_pns

pytestmark = pytest.mark.django_db

LAHIR = dt.date(1986, 9, 26)
NIP = nip_pns(lahir=LAHIR, tmt=dt.date(2015, 5, 1), kelamin="L")
PENDIDIKAN = {
    "jenjang": "s1",
    "jurusan": "Manajemen",
    "institusi": "Universitas Palangka Raya",
    "tahun_lulus": 2009,
}
HUKUMAN = {
    "tingkat": "ringan",
    "jenis_hukuman": "Teguran tertulis",
    "nomor_sk": "800.1.6/12/BKPSDM/2025",
    "tmt_mulai": dt.date(2025, 1, 6),
}


def profil(**overrides):
    data = {
        "nip": NIP,
        "nama": "Budi Santoso",
        "gelar_belakang": "S.E.",
        "tanggal_lahir": LAHIR,
        "jenis_kelamin": "L",
        "status_kepegawaian": "pns",
        "golongan": "III/c",
        "jenis_jabatan": "pelaksana",
        "nama_jabatan": "Penata Layanan Operasional",
        "pendidikan_terakhir": "s1",
    }
    data.update(overrides)
    return data


def create(instansi, actor=None, **overrides) -> Pegawai:
    with instansi_scope(instansi):
        return pegawai_create(instansi=instansi, actor=actor, **profil(**overrides))


def validate_errors(instansi, **overrides) -> dict[str, list[str]]:
    with instansi_scope(instansi), pytest.raises(ValidationError) as error:
        pegawai_validate(instansi=instansi, data=profil(**overrides))
    return error.value.message_dict


def events(instansi, action):
    with instansi_scope(instansi):
        return list(AuditEvent.objects.filter(instansi=instansi, action=action).order_by("id"))


@pytest.fixture
def verifikator(make_user, instansi_a):
    return make_user(Role.VERIFIKATOR, instansi_a, username="verifikator.a")


@pytest.fixture
def asn_user(make_user, instansi_a):
    return make_user(Role.ASN, instansi_a, username="asn.a")


@pytest.fixture
def pegawai(instansi_a):
    return create(instansi_a)


def ajukan(pegawai, actor=None, model=RiwayatPendidikan, data=None):
    with instansi_scope(pegawai.instansi):
        return riwayat_create(model=model, pegawai=pegawai, actor=actor, data=dict(data or PENDIDIKAN))


def reload(item):
    with scopes_disabled():
        return type(item).objects.get(pk=item.pk)


# --- pegawai_validate --------------------------------------------------------------------------------


def test_a_consistent_profile_validates_and_is_normalised(instansi_a):
    with instansi_scope(instansi_a):
        cleaned = pegawai_validate(instansi=instansi_a, data=profil(nip="19860926 201505 1 001"))
    assert cleaned["nip"] == NIP


def test_nip_errors_are_on_the_nip_field(instansi_a):
    assert validate_errors(instansi_a, nip="19860231" + "2015051001") == {
        "nip": ["Tanggal lahir pada NIP (digit 1–8: 19860231) bukan tanggal yang valid."]
    }


def test_nip_is_checked_with_the_rules_of_the_status(instansi_a):
    ni = ni_pppk(lahir=LAHIR, tahun=2022, perjanjian=15, kelamin="L")
    assert "nip" in validate_errors(instansi_a, nip=ni)  # as a PNS NIP: month 15
    with instansi_scope(instansi_a):
        cleaned = pegawai_validate(
            instansi=instansi_a, data=profil(nip=ni, status_kepegawaian="pppk", golongan="IX")
        )
    assert cleaned["nip"] == ni


def test_profile_birth_date_and_sex_must_agree_with_the_nip(instansi_a):
    errors = validate_errors(instansi_a, tanggal_lahir=dt.date(1986, 9, 25), jenis_kelamin="P")
    assert errors == {
        "tanggal_lahir": ["Tanggal lahir 25-09-1986 tidak sama dengan tanggal lahir pada NIP (26-09-1986)."],
        "jenis_kelamin": [
            "Jenis kelamin perempuan tidak sama dengan digit jenis kelamin pada NIP (laki-laki)."
        ],
    }


def test_pppk_golongan_is_a_grade_without_ruang(instansi_a):
    ni = ni_pppk(lahir=LAHIR, tahun=2022, kelamin="L")
    errors = validate_errors(instansi_a, nip=ni, status_kepegawaian="pppk", golongan="III/a")
    assert errors == {"golongan": ["Golongan PPPK ditulis I–XVII (tanpa ruang), bukan III/a."]}


def test_pns_golongan_has_a_ruang(instansi_a):
    assert validate_errors(instansi_a, golongan="IX") == {
        "golongan": ["Golongan PNS/CPNS ditulis I/a–IV/e, bukan IX."]
    }


def test_fungsional_needs_a_jenjang(instansi_a):
    assert validate_errors(instansi_a, jenis_jabatan="fungsional", nama_jabatan="Guru") == {
        "jenjang_fungsional": ["Jabatan fungsional harus mempunyai jenjang (mis. Ahli Muda)."]
    }


@pytest.mark.parametrize("jenis", ["pelaksana", "pengawas", "administrator", "jpt_pratama"])
def test_jenjang_only_for_fungsional(instansi_a, jenis):
    assert validate_errors(instansi_a, jenis_jabatan=jenis, jenjang_fungsional="ahli_muda") == {
        "jenjang_fungsional": ["Jenjang hanya diisi untuk jabatan fungsional."]
    }


def test_unit_kerja_of_another_instansi(instansi_a, unit_b):
    assert validate_errors(instansi_a, unit_kerja=unit_b) == {
        "unit_kerja": ["Unit kerja tidak ditemukan di instansi ini."]
    }


def test_every_problem_is_reported_at_once(instansi_a, unit_b):
    errors = validate_errors(instansi_a, golongan="IX", jenjang_fungsional="ahli_muda", unit_kerja=unit_b)
    assert set(errors) == {"golongan", "jenjang_fungsional", "unit_kerja"}


# --- create / update / audit -----------------------------------------------------------------------------


def test_create_is_audited_and_gets_a_completeness_row(instansi_a, admin_bkd_a):
    pegawai = create(instansi_a, actor=admin_bkd_a, nip="19860926 201505 1 001")
    assert pegawai.nip == NIP  # stored without the spaces
    [event] = events(instansi_a, "pegawai.create")
    assert (event.actor_id, event.target_type, event.target_id) == (
        admin_bkd_a.pk,
        "pegawai.Pegawai",
        str(pegawai.pk),
    )
    assert event.new_values == {"nip": NIP, "nama": "Budi Santoso"}
    with instansi_scope(instansi_a):
        assert KelengkapanData.objects.get(pegawai=pegawai).instansi_id == instansi_a.pk


def test_update_audits_old_and_new_of_changed_fields_only(instansi_a, admin_bkd_a, pegawai):
    with instansi_scope(instansi_a):
        pegawai_update(
            pegawai=pegawai,
            actor=admin_bkd_a,
            nama="Budi Santoso",  # unchanged
            golongan="III/d",
            tmt_golongan=dt.date(2024, 4, 1),
            telepon="0812-5000-1234",
        )
    [event] = events(instansi_a, "pegawai.update")
    assert event.old_values == {"golongan": "III/c", "tmt_golongan": None, "telepon": ""}
    assert event.new_values == {
        "golongan": "III/d",
        "tmt_golongan": "2024-04-01",
        "telepon": "0812-5000-1234",
    }
    with scopes_disabled():
        assert Pegawai.objects.get(pk=pegawai.pk).golongan == "III/d"


def test_update_without_changes_writes_nothing(instansi_a, pegawai):
    with instansi_scope(instansi_a):
        pegawai_update(pegawai=pegawai, actor=None, nama="Budi Santoso", golongan="III/c")
    assert events(instansi_a, "pegawai.update") == []


def test_update_validates_the_resulting_profile(instansi_a, pegawai):
    with instansi_scope(instansi_a), pytest.raises(ValidationError) as error:
        pegawai_update(pegawai=pegawai, actor=None, jenis_kelamin="P")
    assert "jenis_kelamin" in error.value.message_dict
    with scopes_disabled():
        assert Pegawai.objects.get(pk=pegawai.pk).jenis_kelamin == "L"


def test_nip_is_unique_per_instansi(instansi_a, pegawai):
    with pytest.raises(ValidationError) as error:
        create(instansi_a, nama="Orang Lain")
    assert error.value.message_dict == {"nip": [f"NIP {NIP} sudah terdaftar di instansi ini."]}


def test_the_same_nip_is_allowed_in_another_instansi(instansi_a, instansi_b, pegawai):
    other = create(instansi_b)
    assert other.pk != pegawai.pk and other.nip == pegawai.nip


def test_update_to_a_nip_already_taken(instansi_a, pegawai):
    nip_lain = nip_pns(lahir=dt.date(1990, 1, 2), tmt=dt.date(2015, 5, 1), kelamin="L")
    lain = create(instansi_a, nip=nip_lain, tanggal_lahir=dt.date(1990, 1, 2), nama="Agus")
    with instansi_scope(instansi_a), pytest.raises(ValidationError) as error:
        pegawai_update(pegawai=lain, actor=None, nip=NIP, tanggal_lahir=LAHIR)
    assert error.value.message_dict == {"nip": [f"NIP {NIP} sudah terdaftar di instansi ini."]}


# --- verification transitions --------------------------------------------------------------------------------


def test_create_waits_for_verification(pegawai, asn_user):
    item = ajukan(pegawai, actor=asn_user)
    assert item.status == StatusVerifikasi.DIAJUKAN
    assert item.diajukan_pada is not None and item.diverifikasi_oleh is None
    [event] = events(pegawai.instansi, "riwayat.pendidikan.create")
    assert (
        event.new_values["status"] == "diajukan"
        and event.new_values["institusi"] == "Universitas Palangka Raya"
    )


def test_approve(pegawai, verifikator):
    item = ajukan(pegawai)
    with instansi_scope(pegawai.instansi):
        riwayat_approve(riwayat=item, actor=verifikator)
    item = reload(item)
    assert (item.status, item.diverifikasi_oleh_id) == (StatusVerifikasi.DISETUJUI, verifikator.pk)
    assert item.diverifikasi_pada is not None
    [event] = events(pegawai.instansi, "riwayat.pendidikan.approve")
    assert (event.old_values, event.new_values) == ({"status": "diajukan"}, {"status": "disetujui"})


@pytest.mark.parametrize("alasan", ["", "   ", "ok"])
def test_reject_needs_a_reason(pegawai, verifikator, alasan):
    item = ajukan(pegawai)
    with instansi_scope(pegawai.instansi), pytest.raises(ValidationError) as error:
        riwayat_reject(riwayat=item, actor=verifikator, alasan=alasan)
    assert error.value.message_dict == {
        "alasan": ["Tuliskan alasan penolakan agar ASN tahu apa yang harus diperbaiki."]
    }
    assert reload(item).status == StatusVerifikasi.DIAJUKAN


def test_reject_with_reason(pegawai, verifikator):
    item = ajukan(pegawai)
    with instansi_scope(pegawai.instansi):
        riwayat_reject(riwayat=item, actor=verifikator, alasan="  Ijazah tidak terbaca.  ")
    item = reload(item)
    assert (item.status, item.alasan_penolakan) == (StatusVerifikasi.DITOLAK, "Ijazah tidak terbaca.")
    [event] = events(pegawai.instansi, "riwayat.pendidikan.reject")
    assert event.new_values == {"status": "ditolak", "alasan": "Ijazah tidak terbaca."}


def test_rejected_then_corrected_goes_back_to_waiting(pegawai, verifikator, asn_user):
    item = ajukan(pegawai, actor=asn_user)
    with instansi_scope(pegawai.instansi):
        riwayat_reject(riwayat=item, actor=verifikator, alasan="Tahun lulus tidak sesuai ijazah.")
        riwayat_update(riwayat=reload(item), actor=asn_user, data={"tahun_lulus": 2010})
    item = reload(item)
    assert (item.status, item.alasan_penolakan, item.tahun_lulus) == (StatusVerifikasi.DIAJUKAN, "", 2010)
    assert item.diverifikasi_oleh_id is None and item.diverifikasi_pada is None


@pytest.mark.parametrize("first", ["approve", "reject"])
def test_approve_and_reject_only_from_waiting(pegawai, verifikator, first):
    item = ajukan(pegawai)
    with instansi_scope(pegawai.instansi):
        if first == "approve":
            riwayat_approve(riwayat=item, actor=verifikator)
        else:
            riwayat_reject(riwayat=item, actor=verifikator, alasan="Dokumen tidak sesuai.")
        status = reload(item).status
        for action in (
            lambda: riwayat_approve(riwayat=reload(item), actor=verifikator),
            lambda: riwayat_reject(riwayat=reload(item), actor=verifikator, alasan="Sekali lagi ditolak."),
        ):
            with pytest.raises(ValidationError) as error:
                action()
            assert "Hanya data yang menunggu verifikasi" in error.value.messages[0]
    assert reload(item).status == status


def test_editing_an_approved_item_sends_it_back_to_waiting(pegawai, verifikator, asn_user):
    item = ajukan(pegawai, actor=asn_user)
    with instansi_scope(pegawai.instansi):
        riwayat_approve(riwayat=item, actor=verifikator)
        riwayat_update(riwayat=reload(item), actor=asn_user, data={"jurusan": "Akuntansi"})
    item = reload(item)
    assert (item.status, item.jurusan, item.diverifikasi_oleh_id) == (
        StatusVerifikasi.DIAJUKAN,
        "Akuntansi",
        None,
    )
    [event] = events(pegawai.instansi, "riwayat.pendidikan.update")
    assert event.old_values == {"jurusan": "Manajemen", "status": "disetujui"}
    assert event.new_values == {"jurusan": "Akuntansi", "status": "diajukan"}


def test_asn_cannot_create_hukuman_disiplin(pegawai, asn_user):
    with pytest.raises(ValidationError) as error:
        ajukan(pegawai, actor=asn_user, model=HukumanDisiplin, data=HUKUMAN)
    assert error.value.messages == ["Hukuman disiplin hanya dicatat oleh BKD."]
    with scopes_disabled():
        assert not HukumanDisiplin.objects.exists()


def test_bkd_records_hukuman_disiplin_approved_at_once(pegawai, admin_bkd_a):
    with instansi_scope(pegawai.instansi):
        item = riwayat_create(
            model=HukumanDisiplin, pegawai=pegawai, actor=admin_bkd_a, data=HUKUMAN, oleh_bkd=True
        )
    assert (item.status, item.diverifikasi_oleh_id) == (StatusVerifikasi.DISETUJUI, admin_bkd_a.pk)


def test_asn_cannot_edit_or_delete_hukuman_disiplin(pegawai, admin_bkd_a, asn_user):
    with instansi_scope(pegawai.instansi):
        item = riwayat_create(
            model=HukumanDisiplin, pegawai=pegawai, actor=admin_bkd_a, data=HUKUMAN, oleh_bkd=True
        )
        with pytest.raises(ValidationError, match="hanya dicatat oleh BKD"):
            riwayat_update(riwayat=item, actor=asn_user, data={"jenis_hukuman": "Tidak ada"})
        with pytest.raises(ValidationError, match="hanya dapat dihapus oleh BKD"):
            riwayat_delete(riwayat=reload(item), actor=asn_user)
    item = reload(item)
    assert (item.jenis_hukuman, item.status) == ("Teguran tertulis", StatusVerifikasi.DISETUJUI)


def test_asn_cannot_delete_an_approved_item_but_may_withdraw_a_waiting_one(pegawai, verifikator, asn_user):
    approved, waiting = ajukan(pegawai, actor=asn_user), ajukan(pegawai, actor=asn_user)
    with instansi_scope(pegawai.instansi):
        riwayat_approve(riwayat=approved, actor=verifikator)
        with pytest.raises(ValidationError) as error:
            riwayat_delete(riwayat=reload(approved), actor=asn_user)
        assert error.value.messages == ["Data yang sudah disetujui hanya dapat dihapus oleh BKD."]
        riwayat_delete(riwayat=reload(waiting), actor=asn_user)
        assert list(RiwayatPendidikan.objects.filter(pegawai=pegawai).values_list("pk", flat=True)) == [
            approved.pk
        ]
        riwayat_delete(riwayat=reload(approved), actor=verifikator, oleh_bkd=True)
        assert not RiwayatPendidikan.objects.filter(pegawai=pegawai).exists()


def test_bulk_approve_skips_items_that_are_not_waiting(pegawai, verifikator, instansi_b):
    waiting, approved, rejected = ajukan(pegawai), ajukan(pegawai), ajukan(pegawai)
    foreign = ajukan(create(instansi_b))
    with instansi_scope(pegawai.instansi):
        riwayat_approve(riwayat=approved, actor=verifikator)
        riwayat_reject(riwayat=rejected, actor=verifikator, alasan="Bukan ijazah terakhir.")
        count = riwayat_bulk_approve(
            model=RiwayatPendidikan,
            instansi=pegawai.instansi,
            ids=[waiting.pk, approved.pk, rejected.pk, foreign.pk],
            actor=verifikator,
        )
    assert count == 1
    assert reload(waiting).status == StatusVerifikasi.DISETUJUI
    assert reload(rejected).status == StatusVerifikasi.DITOLAK
    assert reload(foreign).status == StatusVerifikasi.DIAJUKAN
    assert len(events(pegawai.instansi, "riwayat.pendidikan.approve")) == 2  # one earlier, one in bulk


# --- inputs_changed ----------------------------------------------------------------------------------------------


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append({k: v for k, v in kwargs.items() if k != "signal"})

    inputs_changed.connect(receiver, dispatch_uid="test-services-receiver")
    yield calls
    inputs_changed.disconnect(dispatch_uid="test-services-receiver")


def test_inputs_changed_is_sent_on_approve_not_on_submit_or_reject(pegawai, verifikator, received):
    item = ajukan(pegawai, model=RiwayatDiklat, data={
        "jenis": "teknis",
        "nama": "Bimbingan Teknis SKP",
        "penyelenggara": "BPSDM Provinsi Kalimantan Tengah",
        "tanggal_mulai": dt.date(2024, 3, 4),
        "tanggal_selesai": dt.date(2024, 3, 6),
        "jam_pelajaran": 24,
    })  # fmt: skip
    rejected = ajukan(pegawai)
    assert received == []
    with instansi_scope(pegawai.instansi):
        riwayat_reject(riwayat=rejected, actor=verifikator, alasan="Dokumen tidak terbaca.")
        assert received == []
        riwayat_approve(riwayat=item, actor=verifikator)
    assert received == [
        {"instansi_id": pegawai.instansi_id, "pegawai_ids": [pegawai.pk], "penyebab": "riwayat.diklat"}
    ]


def test_inputs_changed_on_scored_profile_fields_only(pegawai, received):
    with instansi_scope(pegawai.instansi):
        pegawai_update(pegawai=pegawai, actor=None, telepon="0812-1111-2222")
        assert received == []
        pegawai_update(pegawai=pegawai, actor=None, golongan="III/d")
    assert [call["penyebab"] for call in received] == ["pegawai.update"]


# --- retirement ----------------------------------------------------------------------------------------------------


def _pegawai(**fields) -> Pegawai:
    return Pegawai(**{"tanggal_lahir": LAHIR, "jenis_jabatan": "pelaksana", **fields})


def test_bup_58_pelaksana_retires_on_the_first_of_the_following_month():
    pegawai = _pegawai()
    assert pegawai.bup() == 58
    assert pegawai.tanggal_pensiun() == dt.date(2044, 10, 1)


@pytest.mark.parametrize(
    ("jenis", "jenjang", "bup"),
    [
        ("administrator", "", 58),
        ("pengawas", "", 58),
        ("jpt_pratama", "", 60),
        ("fungsional", "ahli_muda", 58),
        ("fungsional", "ahli_madya", 60),
        ("fungsional", "ahli_utama", 65),
        ("fungsional", "penyelia", 58),
    ],
)
def test_bup_by_jabatan(jenis, jenjang, bup):
    pegawai = _pegawai(jenis_jabatan=jenis, jenjang_fungsional=jenjang)
    assert pegawai.bup() == bup
    assert pegawai.tanggal_pensiun() == dt.date(1986 + bup, 10, 1)


def test_ahli_utama_retires_at_65():
    assert _pegawai(jenis_jabatan="fungsional", jenjang_fungsional="ahli_utama").tanggal_pensiun() == dt.date(
        2051, 10, 1
    )


def test_born_in_december_retires_in_january():
    assert _pegawai(tanggal_lahir=dt.date(1970, 12, 5)).tanggal_pensiun() == dt.date(2029, 1, 1)


def test_the_instansi_setting_overrides_the_national_default(instansi_a, instansi_b):
    with scopes_disabled():
        PengaturanPegawai.objects.create(instansi=instansi_a, bup={"pelaksana": 60, "ahli_utama": 66})
    with instansi_scope(instansi_a):
        setting = pengaturan_bup(instansi=instansi_a)
    with instansi_scope(instansi_b):
        assert pengaturan_bup(instansi=instansi_b) == {}
    assert _pegawai().tanggal_pensiun(setting) == dt.date(2046, 10, 1)
    assert _pegawai(jenis_jabatan="fungsional", jenjang_fungsional="ahli_utama").bup(setting) == 66
    assert _pegawai(jenis_jabatan="administrator").bup(setting) == 58  # not overridden: default
