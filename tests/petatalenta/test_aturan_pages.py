"""Rule-set pages: clone from the presets and from a version, edit a draf (and refuse to edit an
active, archived or used one), the diff, the version list and detail, delete a draf, the talent
settings. Roles are covered cell by cell in tests/core/test_permission_matrix.py."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.aturan import services as aturan_services
from apps.petatalenta.aturan.talenta import preset_konfigurasi
from apps.petatalenta.forms_aturan import AturanForm
from apps.petatalenta.models import AturanTalenta, HitungUlang, PengaturanTalenta
from apps.petatalenta.services_aturan import JENIS_TALENTA
from tests.assertions import assert_absent

pytestmark = pytest.mark.django_db
BERBOBOT = preset_konfigurasi("berbobot")


def _draf(instansi, sumber="preset:berbobot", nama="Draf uji", actor=None) -> AturanTalenta:
    with instansi_scope(instansi):
        return aturan_services.aturan_salin(
            jenis=JENIS_TALENTA, instansi=instansi, actor=actor, sumber=sumber, nama=nama
        )


def _get(instansi, pk) -> AturanTalenta:
    with instansi_scope(instansi):
        return AturanTalenta.objects.get(pk=pk)


def _audit(instansi, action):
    with instansi_scope(instansi):
        return list(AuditEvent.objects.filter(instansi=instansi, action=action).order_by("id"))


# --- clone ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sumber", "model"), [("preset:berbobot", "berbobot"), ("preset:kategoris", "kategoris")]
)
def test_clone_a_national_preset_into_a_new_draf(sumber, model, admin_bkd_a, instansi_a, login):
    client = login(admin_bkd_a)
    page = client.get(f"/talenta/aturan/salin/?sumber={sumber}")
    assert page.status_code == 200 and page.context["form"].initial["sumber"] == sumber
    response = client.post(
        "/talenta/aturan/salin/", {"sumber": sumber, "nama": "Aturan 2027", "catatan": "SK 12"}
    )
    with instansi_scope(instansi_a):
        aturan = AturanTalenta.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/talenta/aturan/{aturan.pk}/ubah/"
    assert (aturan.versi, aturan.status, aturan.nama, aturan.catatan) == (1, "draf", "Aturan 2027", "SK 12")
    assert aturan.konfigurasi == preset_konfigurasi(model)
    assert aturan.dibuat_oleh == admin_bkd_a
    event = _audit(instansi_a, "aturan_talenta.create")[0]
    assert event.new_values["sumber"] == sumber and event.actor == admin_bkd_a


def test_clone_a_version_copies_it_exactly_and_numbers_the_next_version(admin_bkd_a, instansi_a, login):
    asli = _draf(instansi_a)
    konfigurasi = dict(copy.deepcopy(BERBOBOT), label_kotak={"9": "Bintang"})
    with instansi_scope(instansi_a):
        AturanTalenta.objects.filter(pk=asli.pk).update(konfigurasi=konfigurasi, status="aktif")
    client = login(admin_bkd_a)
    response = client.post("/talenta/aturan/salin/", {"sumber": f"versi:{asli.pk}", "nama": "Salinan"})
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        salinan = AturanTalenta.objects.get(versi=2)
    assert salinan.konfigurasi == konfigurasi and salinan.status == "draf"


def test_clone_from_a_foreign_version_is_refused_like_a_missing_one(
    admin_bkd_a, instansi_a, instansi_b, login
):
    asing = _draf(instansi_b)
    client = login(admin_bkd_a)
    foreign = client.post("/talenta/aturan/salin/", {"sumber": f"versi:{asing.pk}", "nama": "Curian"})
    missing = client.post("/talenta/aturan/salin/", {"sumber": "versi:987654", "nama": "Curian"})
    assert foreign.status_code == missing.status_code == 200
    pesan_asing = foreign.context["form"].errors["sumber"][0].replace(str(asing.pk), "#")
    assert pesan_asing == missing.context["form"].errors["sumber"][0].replace("987654", "#")
    assert "sumber" in foreign.context["form"].errors
    # A foreign id in the query string is not preselected either.
    page = client.get(f"/talenta/aturan/salin/?sumber=versi:{asing.pk}")
    assert page.context["form"].initial["sumber"] == "preset:berbobot"
    with instansi_scope(instansi_a):
        assert not AturanTalenta.objects.exists()


# --- edit -------------------------------------------------------------------------------------------


def test_edit_a_draf_saves_and_records_what_changed(admin_bkd_a, instansi_a, login):
    draf = _draf(instansi_a)
    client = login(admin_bkd_a)
    page = client.get(f"/talenta/aturan/{draf.pk}/ubah/")
    assert page.status_code == 200 and b'name="bobot_potensial__jpm"' in page.content
    data = AturanForm.data_dari(konfigurasi=draf.konfigurasi, nama="Draf uji")
    data.update(
        bobot_potensial__jpm=25, bobot_potensial__potensi=20, batas_potensial__1="75", catatan="Rapat 3 Mei"
    )
    response = client.post(f"/talenta/aturan/{draf.pk}/ubah/", data)
    assert response.status_code == 302 and response["Location"] == f"/talenta/aturan/{draf.pk}/"
    aturan = _get(instansi_a, draf.pk)
    assert aturan.konfigurasi["bobot_potensial"]["jpm"] == 25
    assert aturan.konfigurasi["batas_potensial"] == [60, 75]
    assert aturan.catatan == "Rapat 3 Mei" and aturan.status == "draf"
    event = _audit(instansi_a, "aturan_talenta.update")[0]
    assert event.old_values == {
        "bobot_potensial.jpm": 20,
        "bobot_potensial.potensi": 25,
        "batas_potensial.1": 80,
        "catatan": "",
    }
    assert event.new_values["bobot_potensial.jpm"] == 25 and event.new_values["catatan"] == "Rapat 3 Mei"


def test_an_invalid_edit_shows_every_problem_and_writes_nothing(admin_bkd_a, instansi_a, login):
    draf = _draf(instansi_a)
    data = AturanForm.data_dari(konfigurasi=draf.konfigurasi, nama="Draf uji")
    data.update(bobot_kinerja__skp=50, batas_kinerja__0="85", kotak__di_bawah__rendah="9")
    response = login(admin_bkd_a).post(f"/talenta/aturan/{draf.pk}/ubah/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draf belum dapat disimpan" in html
    assert "Bobot kinerja: jumlah bobot harus 100, sekarang 90 (kurang 10)" in html
    assert "Harus lebih besar dari batas kinerja sesuai ekspektasi (85), sekarang 80" in html
    assert "Nomor 9 dipakai 2 kali" in html and "Nomor 1 belum dipakai" in html
    assert _get(instansi_a, draf.pk).konfigurasi == draf.konfigurasi
    assert _audit(instansi_a, "aturan_talenta.update") == []


@pytest.mark.parametrize(
    ("status", "digunakan", "alasan"),
    [
        ("aktif", False, "Versi ini sedang aktif"),
        ("arsip", False, "Versi ini sudah diarsipkan"),
        ("arsip", True, "sudah dipakai untuk menghitung penempatan"),
    ],
)
def test_an_active_archived_or_used_version_cannot_be_edited(
    status, digunakan, alasan, admin_bkd_a, instansi_a, login
):
    aturan = _draf(instansi_a)
    with instansi_scope(instansi_a):
        AturanTalenta.objects.filter(pk=aturan.pk).update(status=status, digunakan=digunakan)
    client = login(admin_bkd_a)
    page = client.get(f"/talenta/aturan/{aturan.pk}/ubah/")
    assert page.status_code == 200
    assert "Versi ini tidak dapat diubah." in page.content.decode() and alasan in page.content.decode()
    assert b'name="bobot_potensial__jpm"' not in page.content
    assert f"?sumber=versi:{aturan.pk}".encode() in page.content  # the way forward: a copy
    data = AturanForm.data_dari(konfigurasi=aturan.konfigurasi, nama="Diubah diam-diam")
    data["bobot_potensial__jpm"], data["bobot_potensial__potensi"] = 30, 15
    response = client.post(f"/talenta/aturan/{aturan.pk}/ubah/", data)
    assert response.status_code == 200 and alasan in response.content.decode()
    tetap = _get(instansi_a, aturan.pk)
    assert tetap.konfigurasi == aturan.konfigurasi and tetap.nama == "Draf uji"
    detail = client.get(f"/talenta/aturan/{aturan.pk}/")
    assert detail.status_code == 200
    assert (
        alasan in detail.content.decode()
        and f"/talenta/aturan/{aturan.pk}/ubah/".encode() not in detail.content
    )


def test_the_service_refuses_too_so_a_race_with_activation_cannot_slip_through(instansi_a):
    aturan = _draf(instansi_a)
    with instansi_scope(instansi_a):
        AturanTalenta.objects.filter(pk=aturan.pk).update(status="aktif")
        with pytest.raises(ValidationError, match="sedang aktif"):
            aturan_services.aturan_ubah(jenis=JENIS_TALENTA, instansi=instansi_a, actor=None, aturan_id=aturan.pk, nama="x", catatan="",
                        konfigurasi=BERBOBOT)  # fmt: skip


def test_a_kategoris_draf_edits_its_jpm_cut_offs(admin_bkd_a, instansi_a, login):
    draf = _draf(instansi_a, sumber="preset:kategoris")
    data = AturanForm.data_dari(konfigurasi=draf.konfigurasi, nama="Kategoris")
    data.update(batas_jpm__0="80", batas_jpm__1="92,5")
    response = login(admin_bkd_a).post(f"/talenta/aturan/{draf.pk}/ubah/", data)
    assert response.status_code == 302
    assert _get(instansi_a, draf.pk).konfigurasi["batas_jpm"] == [80, 92.5]


# --- diff -------------------------------------------------------------------------------------------


def test_diff_shows_only_changed_settings_unless_asked(admin_bkd_a, instansi_a, login):
    a = _draf(instansi_a, nama="Lama")
    b = _draf(instansi_a, nama="Baru")
    konfigurasi = copy.deepcopy(BERBOBOT)
    konfigurasi["bobot_potensial"].update(jpm=25, potensi=20)
    konfigurasi["batas_potensial"] = [60, 75]
    with instansi_scope(instansi_a):
        aturan_services.aturan_ubah(
            jenis=JENIS_TALENTA,
            instansi=instansi_a,
            actor=None,
            aturan_id=b.pk,
            nama="Baru",
            catatan="",
            konfigurasi=konfigurasi,
        )
    client = login(admin_bkd_a)
    response = client.get(f"/talenta/aturan/banding/?a={a.pk}&b={b.pk}")
    assert response.status_code == 200
    assert [(p.label, p.lama, p.baru) for p in response.context["perbedaan"]] == [
        ("Bobot JPM", "20", "25"),
        ("Bobot nilai potensi", "25", "20"),
        ("Batas potensial tinggi", "80", "75"),
    ]
    html = response.content.decode()
    assert "3 setelan berubah." in html and "<del>20</del> → <ins>25</ins>" in html
    assert "Bobot integritas" not in html
    semua = client.get(f"/talenta/aturan/banding/?a={a.pk}&b={b.pk}&semua=1")
    assert "Bobot integritas" in semua.content.decode() and len(semua.context["perbedaan"]) > 40
    assert client.get("/talenta/aturan/banding/").status_code == 200  # the picker alone
    assert client.get(f"/talenta/aturan/banding/?a={a.pk}&b=x").status_code == 404


# --- list and detail --------------------------------------------------------------------------------


def test_list_highlights_the_active_version_and_shows_recent_recomputes(make_user, instansi_a, login):
    lama = _draf(instansi_a, nama="Versi lama")
    aktif = _draf(instansi_a, nama="Versi berjalan")
    with instansi_scope(instansi_a):
        AturanTalenta.objects.filter(pk=lama.pk).update(
            status="arsip", digunakan=True, catatan="Dipakai 2025"
        )
        AturanTalenta.objects.filter(pk=aktif.pk).update(status="aktif")
        HitungUlang.objects.create(
            instansi=instansi_a, periode=2026, aturan=aktif, penyebab="aturan.aktivasi", total=0
        )
    ppk = make_user(Role.PPK, instansi_a, username="ppk.a")
    response = login(ppk).get("/talenta/aturan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["aktif"].pk == aktif.pk
    assert 'class="aturan-baris--aktif"' in html and "Versi berjalan" in html and "Dipakai 2025" in html
    assert "Aktivasi aturan talenta" in html
    # PPK reads, only Admin BKD writes: no write buttons for PPK.
    assert "/talenta/aturan/salin/" not in html and "Hitung ulang sekarang" not in html


def test_list_without_any_version_explains_the_default(admin_bkd_a, instansi_a, login):
    html = login(admin_bkd_a).get("/talenta/aturan/").content.decode()
    assert "Belum ada versi aktif" in html and "Preset nasional berbobot" in html
    with instansi_scope(instansi_a):
        assert not AturanTalenta.objects.exists()  # a GET never creates version 1


def test_list_query_count_does_not_grow_with_versions_or_jobs(admin_bkd_a, instansi_a, login):
    client = login(admin_bkd_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/talenta/aturan/").status_code == 200
        return len(ctx.captured_queries)

    def tambah(n):
        for _i in range(n):
            aturan = _draf(instansi_a, actor=admin_bkd_a)
            with instansi_scope(instansi_a):
                HitungUlang.objects.create(instansi=instansi_a, periode=2026, aturan=aturan, penyebab="x", total=3,
                                           dibuat_oleh=admin_bkd_a)  # fmt: skip

    tambah(2)
    sedikit = queries()
    tambah(8)
    assert queries() == sedikit


def test_detail_shows_the_configuration_in_readable_indonesian(admin_bkd_a, instansi_a, login):
    draf = _draf(instansi_a)
    konfigurasi = dict(copy.deepcopy(BERBOBOT), label_kotak={"9": "Bintang Instansi"})
    with instansi_scope(instansi_a):
        aturan_services.aturan_ubah(
            jenis=JENIS_TALENTA,
            instansi=instansi_a,
            actor=None,
            aturan_id=draf.pk,
            nama="Draf",
            catatan="",
            konfigurasi=konfigurasi,
        )
    response = login(admin_bkd_a).get(f"/talenta/aturan/{draf.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for teks in ("Bobot potensial", "Kompetensi", "JPM", "80 ke atas", "60 sampai di bawah 80", "Bintang Instansi",
                 "Kinerja di bawah ekspektasi, potensial rendah", "Talent pool (Kelompok Rencana Suksesi)",
                 "Skor predikat SKP", "Sangat Kurang", "Ubah draf", "Aktifkan", "Hapus draf ini"):  # fmt: skip
        assert teks in html, teks
    grid = response.context["tampilan"].baris_kotak
    assert [[s.nomor for s in sel] for _j, sel in grid] == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]


def test_detail_warns_only_when_the_boxes_are_numbered_otherwise_than_the_regulation(
    admin_bkd_a, instansi_a, login
):
    warning = "Penomoran kotak versi ini berbeda dari PermenPANRB 3/2020"
    draf = _draf(instansi_a)
    client = login(admin_bkd_a)
    assert_absent(client.get(f"/talenta/aturan/{draf.pk}/"), warning)
    konfigurasi = copy.deepcopy(BERBOBOT)
    kotak = konfigurasi["kotak"]
    kotak["di_atas/tinggi"], kotak["di_bawah/rendah"] = kotak["di_bawah/rendah"], kotak["di_atas/tinggi"]
    with instansi_scope(instansi_a):
        aturan_services.aturan_ubah(
            jenis=JENIS_TALENTA,
            instansi=instansi_a,
            actor=None,
            aturan_id=draf.pk,
            nama="Draf",
            catatan="",
            konfigurasi=konfigurasi,
        )
    response = client.get(f"/talenta/aturan/{draf.pk}/")
    assert response.status_code == 200 and warning in response.content.decode()


# --- delete -----------------------------------------------------------------------------------------


def test_delete_an_unused_draf_only(admin_bkd_a, instansi_a, login):
    draf = _draf(instansi_a)
    aktif = _draf(instansi_a)
    with instansi_scope(instansi_a):
        AturanTalenta.objects.filter(pk=aktif.pk).update(status="aktif")
    client = login(admin_bkd_a)
    assert client.post(f"/talenta/aturan/{aktif.pk}/hapus/").status_code == 302
    assert client.post(f"/talenta/aturan/{draf.pk}/hapus/").status_code == 302
    with instansi_scope(instansi_a):
        assert list(AturanTalenta.objects.values_list("pk", flat=True)) == [aktif.pk]
    assert _audit(instansi_a, "aturan_talenta.delete")[0].old_values["versi"] == draf.versi
    assert client.get(f"/talenta/aturan/{aktif.pk}/hapus/").status_code == 405


# --- talent settings --------------------------------------------------------------------------------


def test_talent_settings_are_created_on_first_save_and_audited(admin_bkd_a, instansi_a, login):
    client = login(admin_bkd_a)
    page = client.get("/talenta/aturan/pengaturan/")
    assert page.status_code == 200 and page.context["form"].initial == {"asn_boleh_lihat_kotak": False}
    response = client.post("/talenta/aturan/pengaturan/", {"asn_boleh_lihat_kotak": "on"})
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        assert PengaturanTalenta.objects.get(instansi=instansi_a).asn_boleh_lihat_kotak is True
    event = _audit(instansi_a, "pengaturan_talenta.update")[0]
    assert (event.old_values, event.new_values) == (
        {"asn_boleh_lihat_kotak": False},
        {"asn_boleh_lihat_kotak": True},
    )
    assert client.get("/talenta/aturan/pengaturan/").context["form"].initial == {
        "asn_boleh_lihat_kotak": True
    }
    client.post("/talenta/aturan/pengaturan/", {})  # unticked
    client.post("/talenta/aturan/pengaturan/", {})  # unchanged: no second event
    with instansi_scope(instansi_a):
        assert PengaturanTalenta.objects.filter(instansi=instansi_a).count() == 1
        assert PengaturanTalenta.objects.get(instansi=instansi_a).asn_boleh_lihat_kotak is False
    assert len(_audit(instansi_a, "pengaturan_talenta.update")) == 2
