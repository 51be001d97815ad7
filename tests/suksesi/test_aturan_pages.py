"""Succession rule-set pages: clone the national preset, edit a draf with per-field messages, JSON
export → import, the diff in words, a used version that cannot change (page and database),
activation that archives the old version and marks every active key post dirty, another instansi's
version answering 404, and the talent rule-set pages beside them. Roles are covered cell by cell in
tests/core/test_permission_matrix.py."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InternalError, transaction

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.petatalenta.aturan import services as umum
from apps.petatalenta.aturan.pratinjau import pratinjau_jalankan
from apps.petatalenta.aturan.talenta import preset_konfigurasi as preset_talenta
from apps.petatalenta.models import AturanTalenta, PratinjauAturan
from apps.suksesi.aturan import preset_konfigurasi
from apps.suksesi.forms_aturan import AturanSuksesiForm
from apps.suksesi.models import AturanSuksesi, JabatanKunci, StatusSuksesi
from apps.suksesi.services_aturan import JENIS_SUKSESI, aturan_suksesi_aktif_get
from tests.assertions import assert_absent

pytestmark = pytest.mark.django_db
PRESET = preset_konfigurasi("nasional")


def _versi(instansi, *, konfigurasi=None, nama="Draf suksesi", **kolom) -> AturanSuksesi:
    with instansi_scope(instansi):
        aturan = umum.aturan_salin(
            jenis=JENIS_SUKSESI, instansi=instansi, actor=None, sumber="preset:nasional", nama=nama
        )
        if konfigurasi is not None:
            aturan = umum.aturan_ubah(
                jenis=JENIS_SUKSESI,
                instansi=instansi,
                actor=None,
                aturan_id=aturan.pk,
                nama=nama,
                catatan="",
                konfigurasi=konfigurasi,
            )
        if kolom:
            AturanSuksesi.objects.filter(pk=aturan.pk).update(**kolom)
            aturan.refresh_from_db()
        return aturan


def _get(instansi, pk) -> AturanSuksesi:
    with instansi_scope(instansi):
        return AturanSuksesi.objects.get(pk=pk)


def _audit(instansi, action) -> list[AuditEvent]:
    with instansi_scope(instansi):
        return list(AuditEvent.objects.filter(instansi=instansi, action=action).order_by("id"))


# --- clone, edit ------------------------------------------------------------------------------------


def test_clone_the_national_preset_into_a_draf(admin_bkd_a, instansi_a, login):
    client = login(admin_bkd_a)
    kosong = client.get("/suksesi/aturan/").content.decode()
    assert (
        "Aturan suksesi" in kosong
        and "Belum ada versi aktif" in kosong
        and "Preset nasional suksesi" in kosong
    )
    page = client.get("/suksesi/aturan/salin/")
    assert page.status_code == 200 and page.context["form"].initial["sumber"] == "preset:nasional"
    response = client.post("/suksesi/aturan/salin/", {"sumber": "preset:nasional", "nama": "Suksesi 2027"})
    with instansi_scope(instansi_a):
        aturan = AturanSuksesi.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/suksesi/aturan/{aturan.pk}/ubah/"
    assert (aturan.versi, aturan.status, aturan.nama, aturan.konfigurasi) == (
        1,
        "draf",
        "Suksesi 2027",
        PRESET,
    )
    [event] = _audit(instansi_a, "aturan_suksesi.create")
    assert event.new_values["sumber"] == "preset:nasional"
    with instansi_scope(instansi_a):
        assert not AturanTalenta.objects.exists()  # the other kind is untouched


def test_edit_a_draf_saves_and_records_what_changed(admin_bkd_a, instansi_a, login):
    draf = _versi(instansi_a)
    client = login(admin_bkd_a)
    page = client.get(f"/suksesi/aturan/{draf.pk}/ubah/")
    html = page.content.decode()
    assert page.status_code == 200 and 'name="bobot_peringkat__kotak"' in html
    assert (
        'name="jalur__jpt_pratama__asal"' in html and "Jalur ke JPT Pratama" not in html
    )  # labels, not paths
    data = AturanSuksesiForm.data_dari(konfigurasi=draf.konfigurasi, nama="Suksesi uji")
    data.update(bobot_peringkat__kotak="35", bobot_peringkat__jpm="35", jpm_siap_1_2="70,5")
    response = client.post(f"/suksesi/aturan/{draf.pk}/ubah/", data)
    assert response.status_code == 302 and response["Location"] == f"/suksesi/aturan/{draf.pk}/"
    simpan = _get(instansi_a, draf.pk)
    assert simpan.konfigurasi["bobot_peringkat"] == {"kotak": 35, "jpm": 35, "potensial": 15, "kinerja": 15}
    assert simpan.konfigurasi["jpm_siap_1_2"] == 70.5 and simpan.nama == "Suksesi uji"
    [event] = _audit(instansi_a, "aturan_suksesi.update")
    assert event.old_values == {
        "bobot_peringkat.kotak": 40,
        "bobot_peringkat.jpm": 30,
        "jpm_siap_1_2": 68,
        "nama": "Draf suksesi",
    }
    detail = client.get(f"/suksesi/aturan/{draf.pk}/").content.decode()
    assert "Bobot kotak talenta" in detail and "70,5" in detail and "Kriteria kelayakan" in detail


def test_weights_not_summing_to_100_are_refused_on_the_page_and_nothing_is_written(
    admin_bkd_a, instansi_a, login
):
    draf = _versi(instansi_a)
    data = AturanSuksesiForm.data_dari(konfigurasi=draf.konfigurasi, nama="Draf suksesi")
    data.update(bobot_peringkat__kotak="30", bulan_berisiko="0")
    response = login(admin_bkd_a).post(f"/suksesi/aturan/{draf.pk}/ubah/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "Draf belum dapat disimpan" in html
    assert "Bobot peringkat: jumlah bobot harus 100, sekarang 90 (kurang 10)" in html
    assert 'href="#bagian-bobot_peringkat"' in html
    assert "Batas BUP pemegang untuk jabatan berisiko (bulan): Paling kecil 1." in html
    assert (
        _get(instansi_a, draf.pk).konfigurasi == PRESET and _audit(instansi_a, "aturan_suksesi.update") == []
    )


@pytest.mark.parametrize(
    ("status", "digunakan", "alasan"),
    [
        ("draf", True, "sudah dipakai untuk menghitung daftar calon suksesor"),
        ("aktif", False, "sedang aktif: daftar calon suksesor dihitung dengannya"),
        ("arsip", False, "sudah diarsipkan"),
    ],
)
def test_a_used_active_or_archived_version_cannot_be_edited(
    status, digunakan, alasan, admin_bkd_a, instansi_a, login
):
    aturan = _versi(instansi_a, status=status, digunakan=digunakan)
    client = login(admin_bkd_a)
    page = client.get(f"/suksesi/aturan/{aturan.pk}/ubah/")
    html = page.content.decode()
    assert "Versi ini tidak dapat diubah." in html and alasan in html
    assert 'name="bobot_peringkat__kotak"' not in html and f"?sumber=versi:{aturan.pk}" in html
    data = AturanSuksesiForm.data_dari(konfigurasi=aturan.konfigurasi, nama="Diubah diam-diam")
    data["bobot_peringkat__kotak"] = "35"
    data["bobot_peringkat__jpm"] = "35"
    response = client.post(f"/suksesi/aturan/{aturan.pk}/ubah/", data)
    assert response.status_code == 200 and alasan in response.content.decode()
    assert _get(instansi_a, aturan.pk).konfigurasi == PRESET
    detail = client.get(f"/suksesi/aturan/{aturan.pk}/").content.decode()
    assert alasan in detail and f"/suksesi/aturan/{aturan.pk}/ubah/" not in detail


def test_the_database_refuses_to_change_a_used_configuration(instansi_a):
    aturan = _versi(instansi_a, digunakan=True)
    lain = copy.deepcopy(PRESET)
    lain["bulan_berisiko"] = 12
    with (
        instansi_scope(instansi_a),
        pytest.raises(InternalError, match="aturansuksesi_terpakai_tetap"),
        transaction.atomic(),
    ):
        AturanSuksesi.objects.filter(pk=aturan.pk).update(konfigurasi=lain)
    assert _get(instansi_a, aturan.pk).konfigurasi == PRESET


# --- JSON, diff -------------------------------------------------------------------------------------


def test_export_then_import_round_trip(admin_bkd_a, instansi_a, login):
    konfigurasi = copy.deepcopy(PRESET)
    konfigurasi["usia_maksimum"] = {}
    konfigurasi["jalur"]["jpt_pratama"]["tahun"] = 3
    asli = _versi(instansi_a, konfigurasi=konfigurasi, nama="Suksesi BKD")
    client = login(admin_bkd_a)
    response = client.get(f"/suksesi/aturan/{asli.pk}/ekspor.json")
    assert response["Content-Disposition"].endswith(f'aturan-suksesi-{instansi_a.kode}-v1.json"')
    dokumen = json.loads(response.content)
    assert (dokumen["format"], dokumen["versi_format"]) == ("talenta/aturan-suksesi", 1)
    assert list(dokumen["konfigurasi"]) == list(PRESET)
    assert client.get(f"/suksesi/aturan/{asli.pk}/ekspor.json").content == response.content  # stable
    unggah = client.post(
        "/suksesi/aturan/impor/", {"berkas": SimpleUploadedFile("suksesi.json", response.content)}
    )
    with instansi_scope(instansi_a):
        baru = AturanSuksesi.objects.get(versi=2)
    assert unggah.status_code == 302 and unggah["Location"] == f"/suksesi/aturan/{baru.pk}/"
    assert baru.konfigurasi == asli.konfigurasi == konfigurasi and baru.status == "draf"


def test_import_of_a_talent_file_or_bad_weights_is_refused_whole(admin_bkd_a, instansi_a, login):
    client = login(admin_bkd_a)
    talenta = AturanTalenta(instansi=instansi_a, nama="Talenta", versi=1, catatan="", konfigurasi={})
    from apps.petatalenta.aturan.json_io import aturan_ekspor
    from apps.petatalenta.aturan.talenta import TALENTA

    talenta.konfigurasi = preset_talenta("berbobot")
    berkas = aturan_ekspor(aturan=talenta, katalog=TALENTA)
    html = client.post(
        "/suksesi/aturan/impor/", {"berkas": SimpleUploadedFile("t.json", berkas)}
    ).content.decode()
    assert "bukan ekspor aturan suksesi" in html
    buruk = {"format": "talenta/aturan-suksesi", "versi_format": 1, "nama": "Buruk",
             "konfigurasi": {**PRESET, "bobot_peringkat": {"kotak": 50, "jpm": 30, "potensial": 15, "kinerja": 15}}}  # fmt: skip
    html = client.post(
        "/suksesi/aturan/impor/", {"berkas": SimpleUploadedFile("b.json", json.dumps(buruk).encode())}
    ).content.decode()
    assert (
        "Konfigurasi: Bobot peringkat (bobot_peringkat): jumlah bobot harus 100, sekarang 110 (lebih 10)"
        in html
    )
    with instansi_scope(instansi_a):
        assert not AturanSuksesi.objects.exists()


def test_diff_page_lists_changed_settings_in_words(admin_bkd_a, instansi_a, login):
    lama = _versi(instansi_a, nama="Lama")
    konfigurasi = copy.deepcopy(PRESET)
    konfigurasi["hukuman_tingkat"] = ["berat"]
    konfigurasi["pendidikan_minimum"]["pengawas"] = "d4"
    baru = _versi(instansi_a, konfigurasi=konfigurasi, nama="Baru")
    client = login(admin_bkd_a)
    html = client.get(f"/suksesi/aturan/banding/?a={lama.pk}&b={baru.pk}").content.decode()
    assert "2 setelan berubah." in html
    assert (
        "Tingkat hukuman disiplin yang menghalangi" in html
        and "<del>sedang, berat</del> → <ins>berat</ins>" in html
    )
    assert "Pendidikan minimum Pengawas" in html and "<del>D-III</del> → <ins>D-IV</ins>" in html
    assert "Bobot kotak talenta" not in html
    semua = client.get(f"/suksesi/aturan/banding/?a={lama.pk}&b={baru.pk}&semua=1").content.decode()
    assert "Bobot kotak talenta" in semua


# --- activation -------------------------------------------------------------------------------------


def _jabatan_kunci(instansi, unit, nama, aktif=True) -> JabatanKunci:
    with instansi_scope(instansi):
        return JabatanKunci.objects.create(
            instansi=instansi,
            unit_kerja=unit,
            nama=nama,
            jenis_jabatan="administrator",
            alasan="Strategis",
            aktif=aktif,
        )


def test_activation_archives_the_old_version_and_marks_every_active_key_post_dirty(
    admin_bkd_a, instansi_a, instansi_b, unit_tree_a, unit_b, login
):
    dinas, bidang, _seksi = unit_tree_a
    sekretaris = _jabatan_kunci(instansi_a, dinas, "Sekretaris Dinas")
    kabid = _jabatan_kunci(instansi_a, bidang, "Kepala Bidang Pembinaan SD")
    lama_ditutup = _jabatan_kunci(instansi_a, bidang, "Kepala Bidang Lama", aktif=False)
    lain = _jabatan_kunci(instansi_b, unit_b, "Sekretaris Dinas Kesehatan")
    with instansi_scope(instansi_a):
        v1 = aturan_suksesi_aktif_get(instansi=instansi_a)
    assert (v1.versi, v1.status, v1.konfigurasi) == (1, "aktif", PRESET)
    v2 = _versi(instansi_a, nama="Suksesi 2027")
    client = login(admin_bkd_a)
    page = client.get(f"/suksesi/aturan/{v2.pk}/aktifkan/").content.decode()
    assert "Daftar calon suksesor 2 jabatan kunci aktif dihitung ulang" in page
    assert "menjadi arsip" in page
    # No impact preview read yet: no activation.
    assert "Belum ada pratinjau yang berlaku" in page and 'name="konfirmasi"' not in page
    tanpa_pratinjau = client.post(f"/suksesi/aturan/{v2.pk}/aktifkan/", {"konfirmasi": "on"})
    assert tanpa_pratinjau.status_code == 200 and _get(instansi_a, v2.pk).status == "draf"
    mulai = client.post(f"/suksesi/aturan/{v2.pk}/pratinjau/mulai/")
    with instansi_scope(instansi_a):
        job = PratinjauAturan.objects.get(instansi=instansi_a, jenis="suksesi", aturan_pk=v2.pk)
        assert mulai["Location"] == f"/suksesi/aturan/{v2.pk}/pratinjau/{job.uuid}/"
        job = pratinjau_jalankan(instansi=instansi_a, uuid=str(job.uuid))
    page = client.get(f"/suksesi/aturan/{v2.pk}/aktifkan/").content.decode()
    assert f'value="{job.uuid}"' in page and "Jabatan kunci berubah (dari 2 aktif)" in page
    tanpa_centang = client.post(f"/suksesi/aturan/{v2.pk}/aktifkan/", {"pratinjau": str(job.uuid)})
    assert tanpa_centang.status_code == 200 and _get(instansi_a, v2.pk).status == "draf"
    response = client.post(
        f"/suksesi/aturan/{v2.pk}/aktifkan/", {"konfirmasi": "on", "pratinjau": str(job.uuid)}
    )
    assert response.status_code == 302 and response["Location"] == f"/suksesi/aturan/{v2.pk}/"
    assert (_get(instansi_a, v1.pk).status, _get(instansi_a, v2.pk).status) == ("arsip", "aktif")
    with instansi_scope(instansi_a):
        status = {s.jabatan_kunci_id: s for s in StatusSuksesi.objects.all()}
    assert set(status) == {sekretaris.pk, kabid.pk} and lama_ditutup.pk not in status
    assert all(
        s.dirty_since is not None and s.penyebab_kotor == "aturan_suksesi.aktivasi" for s in status.values()
    )
    with instansi_scope(instansi_b):
        assert not StatusSuksesi.objects.filter(jabatan_kunci=lain).exists()
    [event] = _audit(instansi_a, "aturan_suksesi.aktifkan")
    assert event.old_values == {"versi_aktif": 1}
    assert event.new_values == {
        "versi_aktif": 2,
        "jabatan_kunci_dihitung_ulang": 2,
        "pratinjau": str(job.uuid),
        "pratinjau_dibuat_pada": job.dibuat_pada.isoformat(),
        "pratinjau_ditampilkan": True,
        "pratinjau_inti": job.ringkasan["inti"],
    }
    assert event.new_values["pratinjau_inti"]["jabatan_kunci"] == 2
    again = client.post(f"/suksesi/aturan/{v2.pk}/aktifkan/", {"konfirmasi": "on"})
    assert "Versi ini sudah aktif." in again.content.decode() and _get(instansi_a, v2.pk).status == "aktif"


def test_the_first_active_version_is_created_once_from_the_preset(instansi_a):
    with instansi_scope(instansi_a):
        pertama = aturan_suksesi_aktif_get(instansi=instansi_a)
        kedua = aturan_suksesi_aktif_get(instansi=instansi_a)
        assert pertama.pk == kedua.pk and AturanSuksesi.objects.count() == 1
        assert not AturanTalenta.objects.exists()


def test_delete_an_unused_draf_only(admin_bkd_a, instansi_a, login):
    draf = _versi(instansi_a)
    terpakai = _versi(instansi_a, digunakan=True)
    client = login(admin_bkd_a)
    response = client.post(f"/suksesi/aturan/{terpakai.pk}/hapus/", follow=True)
    assert "Hanya draf yang belum pernah dipakai yang dapat dihapus." in response.content.decode()
    response = client.post(f"/suksesi/aturan/{draf.pk}/hapus/")
    assert response.status_code == 302 and response["Location"] == "/suksesi/aturan/"
    with instansi_scope(instansi_a):
        assert list(AturanSuksesi.objects.values_list("pk", flat=True)) == [terpakai.pk]
    assert len(_audit(instansi_a, "aturan_suksesi.delete")) == 1


# --- isolation, the talent pages beside it -------------------------------------------------------------


def test_another_instansis_version_answers_like_an_unknown_one(admin_bkd_a, instansi_a, instansi_b, login):
    asing = _versi(instansi_b, nama="Rahasia B")
    milik = _versi(instansi_a, nama="Milik A")
    client = login(admin_bkd_a)
    for url in (
        f"/suksesi/aturan/{asing.pk}/",
        f"/suksesi/aturan/{asing.pk}/ubah/",
        f"/suksesi/aturan/{asing.pk}/ekspor.json",
        f"/suksesi/aturan/{asing.pk}/aktifkan/",
        f"/suksesi/aturan/banding/?a={milik.pk}&b={asing.pk}",
        "/suksesi/aturan/999999/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/suksesi/aturan/{asing.pk}/hapus/", f"/suksesi/aturan/{asing.pk}/aktifkan/"):
        assert client.post(url, {"konfirmasi": "on"}).status_code == 404, url
    salin = client.post("/suksesi/aturan/salin/", {"sumber": f"versi:{asing.pk}", "nama": "Curian"})
    assert salin.status_code == 200
    assert_absent(client.get("/suksesi/aturan/"), "Rahasia B")
    assert (_get(instansi_b, asing.pk).status, _get(instansi_b, asing.pk).nama) == ("draf", "Rahasia B")
    # A talent version id is not a succession version either: the talent version gets an id that
    # no succession version has (the two tables number their rows apart), and it stays unknown.
    with instansi_scope(instansi_a):
        talenta = AturanTalenta.objects.create(
            pk=max(asing.pk, milik.pk) + 1,
            instansi=instansi_a,
            versi=1,
            nama="Talenta A",
            konfigurasi=preset_talenta("berbobot"),
        )
        assert not AturanSuksesi.objects.filter(pk=talenta.pk).exists()
    assert client.get(f"/suksesi/aturan/{talenta.pk}/").status_code == 404


def test_both_kinds_of_rule_set_list_their_own_versions(admin_bkd_a, instansi_a, login):
    _versi(instansi_a, nama="Versi suksesi")
    with instansi_scope(instansi_a):
        AturanTalenta.objects.create(
            instansi=instansi_a, versi=1, nama="Versi talenta", konfigurasi=preset_talenta("berbobot")
        )
    client = login(admin_bkd_a)
    suksesi = client.get("/suksesi/aturan/").content.decode()
    talenta = client.get("/talenta/aturan/").content.decode()
    assert (
        "Versi suksesi" in suksesi
        and "Versi talenta" not in suksesi
        and "Hitung ulang sekarang" not in suksesi
    )
    assert (
        "Versi talenta" in talenta and "Versi suksesi" not in talenta and "Hitung ulang sekarang" in talenta
    )
    assert "/suksesi/aturan/salin/" in suksesi and "/talenta/aturan/salin/" in talenta
