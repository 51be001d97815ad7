"""JSON export and import of rule-set versions: a stable, self-describing file; a round trip gives
the same configuration (also into another instansi); a bad file explains every problem and writes
nothing."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.petatalenta.aturan import services as aturan_services
from apps.petatalenta.aturan.talenta import KUNCI_URUTAN, preset_konfigurasi
from apps.petatalenta.models import AturanTalenta
from apps.petatalenta.services_aturan import JENIS_TALENTA

pytestmark = pytest.mark.django_db


def _versi(
    instansi, sumber="preset:berbobot", konfigurasi=None, nama="Aturan BKD", catatan=""
) -> AturanTalenta:
    with instansi_scope(instansi):
        aturan = aturan_services.aturan_salin(
            jenis=JENIS_TALENTA, instansi=instansi, actor=None, sumber=sumber, nama=nama
        )
        if konfigurasi is not None or catatan:
            aturan = aturan_services.aturan_ubah(
                jenis=JENIS_TALENTA,
                instansi=instansi,
                actor=None,
                aturan_id=aturan.pk,
                nama=nama,
                catatan=catatan,
                konfigurasi=konfigurasi or aturan.konfigurasi,
            )
        return aturan


def _unggah(client, isi: bytes | str, berkas_nama="aturan.json", **extra):
    if isinstance(isi, str):
        isi = isi.encode()
    return client.post("/talenta/aturan/impor/", {"berkas": SimpleUploadedFile(berkas_nama, isi), **extra})


def _jumlah(instansi) -> int:
    with instansi_scope(instansi):
        return AturanTalenta.objects.count()


def test_export_is_a_stable_self_describing_document(admin_bkd_a, instansi_a, login):
    konfigurasi = copy.deepcopy(preset_konfigurasi("berbobot"))
    konfigurasi["label_kotak"] = {"9": "Bintang"}
    aturan = _versi(instansi_a, konfigurasi=konfigurasi, catatan="SK Bupati 800/12")
    client = login(admin_bkd_a)
    response = client.get(f"/talenta/aturan/{aturan.pk}/ekspor.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="aturan-talenta-{instansi_a.kode}-v1.json"'
    )
    dokumen = json.loads(response.content)
    assert list(dokumen) == ["format", "versi_format", "instansi", "nama", "versi", "catatan", "konfigurasi"]
    assert (dokumen["format"], dokumen["versi_format"]) == ("talenta/aturan-talenta", 1)
    assert (dokumen["nama"], dokumen["versi"], dokumen["catatan"]) == ("Aturan BKD", 1, "SK Bupati 800/12")
    assert dokumen["instansi"]["kode"] == instansi_a.kode
    assert list(dokumen["konfigurasi"]) == [k for k in KUNCI_URUTAN if k != "batas_jpm"]
    assert list(dokumen["konfigurasi"]["pendidikan_skor"])[:3] == ["sd", "smp", "sma"]
    assert dokumen["konfigurasi"] == konfigurasi
    # Same version, same bytes: the file can be kept under version control or compared.
    assert client.get(f"/talenta/aturan/{aturan.pk}/ekspor.json").content == response.content


@pytest.mark.parametrize("sumber", ["preset:berbobot", "preset:kategoris"])
def test_round_trip_export_then_import_gives_the_same_configuration(sumber, admin_bkd_a, instansi_a, login):
    konfigurasi = copy.deepcopy(preset_konfigurasi(sumber.split(":")[1]))
    konfigurasi["kotak_talent_pool"] = [8, 9]
    konfigurasi["label_kotak"] = {"1": "Perlu pembinaan", "9": "Bintang"}
    asli = _versi(instansi_a, sumber=sumber, konfigurasi=konfigurasi, catatan="Catatan asli")
    client = login(admin_bkd_a)
    berkas = client.get(f"/talenta/aturan/{asli.pk}/ekspor.json").content
    response = _unggah(client, berkas, berkas_nama="aturan-talenta-6201-v1.json")
    with instansi_scope(instansi_a):
        baru = AturanTalenta.objects.get(versi=2)
    assert response.status_code == 302 and response["Location"] == f"/talenta/aturan/{baru.pk}/"
    assert baru.konfigurasi == asli.konfigurasi == konfigurasi
    assert (baru.status, baru.nama) == ("draf", "Aturan BKD")
    assert baru.catatan.startswith("Catatan asli") and "aturan-talenta-6201-v1.json" in baru.catatan
    assert "6201 v1" in baru.catatan
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="aturan_talenta.create", target_id=str(baru.pk))
    assert event.new_values["sumber"] == "impor"


def test_a_file_from_another_instansi_imports_as_a_draf_with_a_new_name(
    admin_bkd_a, admin_bkd_b, instansi_a, instansi_b, login, client
):
    asli = _versi(instansi_a, sumber="preset:kategoris")
    berkas = login(admin_bkd_a).get(f"/talenta/aturan/{asli.pk}/ekspor.json").content
    client.logout()
    response = _unggah(login(admin_bkd_b), berkas, nama="Dari Kobar")
    assert response.status_code == 302
    with instansi_scope(instansi_b):
        baru = AturanTalenta.objects.get()
    assert (baru.instansi_id, baru.versi, baru.nama) == (instansi_b.pk, 1, "Dari Kobar")
    assert baru.konfigurasi == asli.konfigurasi


def _dokumen(**ubah) -> dict:
    dokumen = {
        "format": "talenta/aturan-talenta",
        "versi_format": 1,
        "nama": "Impor",
        "versi": 3,
        "catatan": "",
        "konfigurasi": preset_konfigurasi("berbobot"),
    }
    dokumen.update(ubah)
    return dokumen


def _dengan_konfigurasi(**ubah) -> str:
    konfigurasi = copy.deepcopy(preset_konfigurasi("berbobot"))
    konfigurasi.update(ubah)
    return json.dumps(_dokumen(konfigurasi=konfigurasi))


BAD_FILES = [
    pytest.param("", ["Berkas kosong."], id="empty"),
    pytest.param("ini bukan json", ["Berkas bukan JSON yang sah: baris 1, kolom 1"], id="not-json"),
    pytest.param(b"\xff\xfe{\x00", ["Berkas bukan teks UTF-8"], id="not-utf8"),
    pytest.param(
        '{"format": "talenta/aturan-talenta",', ["Berkas bukan JSON yang sah: baris 1, kolom"], id="truncated"
    ),
    pytest.param("[1, 2, 3]", ["Isi berkas harus satu objek JSON"], id="list"),
    pytest.param(json.dumps(_dokumen(versi_format=2)), ["Versi format 2 tidak dikenal"], id="format-version"),
    pytest.param(json.dumps(_dokumen(format="excel")), ["bukan ekspor aturan talenta"], id="format-name"),
    pytest.param(
        json.dumps(_dokumen(tambahan=1)), ["Kunci “tambahan” tidak dikenal di berkas."], id="unknown-top"
    ),
    pytest.param(json.dumps(_dokumen(nama="")), ["“nama” wajib diisi (teks)."], id="no-name"),
    pytest.param(
        json.dumps({k: v for k, v in _dokumen().items() if k != "konfigurasi"}),
        ["“konfigurasi” tidak ada di berkas."],
        id="no-konfigurasi",
    ),
    pytest.param(
        _dengan_konfigurasi(bobot_bakat={"x": 1}),
        ["Konfigurasi: Setelan “bobot_bakat” tidak dikenal"],
        id="unknown-setting",
    ),
    pytest.param(
        _dengan_konfigurasi(
            bobot_potensial={
                "jpm": 30,
                "pengembangan": 10,
                "pengalaman": 10,
                "potensi": 25,
                "pendidikan": 10,
                "kesesuaian": 10,
                "integritas": 15,
            },
            batas_kinerja=[80, 60],
        ),
        [
            "Konfigurasi: Bobot potensial (bobot_potensial): jumlah bobot harus 100, sekarang 110 (lebih 10)",
            "Konfigurasi: Batas kinerja di atas ekspektasi (batas_kinerja.1): harus lebih besar dari batas "
            "kinerja sesuai ekspektasi (80), sekarang 60",
        ],
        id="invalid-values",
    ),
    pytest.param(
        _dengan_konfigurasi(
            kotak={
                "di_bawah/rendah": 1,
                "di_bawah/menengah": 1,
                "di_bawah/tinggi": 6,
                "sesuai/rendah": 2,
                "sesuai/menengah": 5,
                "sesuai/tinggi": 8,
                "di_atas/rendah": 4,
                "di_atas/menengah": 7,
                "di_atas/tinggi": 9,
            }
        ),
        ["nomor 1 dipakai 2 kali", "nomor 3 belum dipakai"],
        id="boxes",
    ),
    pytest.param(
        '{"format": "talenta/aturan-talenta", "format": "lagi"}',
        ["kunci “format” ditulis lebih dari sekali"],
        id="duplicate-key",
    ),
    pytest.param(
        _dengan_konfigurasi(batas_potensial=[60, 80]).replace("[60, 80]", "[NaN, 80]"),
        ["NaN bukan angka yang sah di sini"],
        id="nan",
    ),
]


@pytest.mark.parametrize(("isi", "pesan"), BAD_FILES)
def test_a_bad_file_explains_every_problem_and_writes_nothing(isi, pesan, admin_bkd_a, instansi_a, login):
    _versi(instansi_a)
    with instansi_scope(instansi_a):
        events_before = AuditEvent.objects.count()
    response = _unggah(login(admin_bkd_a), isi)
    assert response.status_code == 200
    errors = response.context["form"].errors["berkas"]
    for bagian in pesan:
        assert any(bagian in e for e in errors), (bagian, errors)
    assert "Berkas ditolak; tidak ada yang disimpan." in response.content.decode()
    assert _jumlah(instansi_a) == 1
    with instansi_scope(instansi_a):
        assert AuditEvent.objects.count() == events_before


def test_every_problem_of_a_file_is_listed_at_once(admin_bkd_a, instansi_a, login):
    konfigurasi = copy.deepcopy(preset_konfigurasi("berbobot"))
    konfigurasi.update(jendela_tahun=0, agregasi_skp="median", kotak_talent_pool=[], warna="biru")
    response = _unggah(login(admin_bkd_a), json.dumps(_dokumen(versi_format=1, konfigurasi=konfigurasi, x=1)))
    errors = response.context["form"].errors["berkas"]
    assert len(errors) == 5, errors
    assert _jumlah(instansi_a) == 0


def test_an_oversized_file_is_refused_before_reading(admin_bkd_a, instansi_a, login):
    response = _unggah(login(admin_bkd_a), " " * (256 * 1024 + 1))
    assert "Berkas terlalu besar" in response.context["form"].errors["berkas"][0]
    assert _jumlah(instansi_a) == 0


@pytest.mark.parametrize(
    "isi",
    [
        pytest.param("[" * 1200 + "]" * 1200, id="top-level-1200"),
        pytest.param(
            _dengan_konfigurasi(catatan_x=1).replace('"catatan_x": 1', '"x": ' + "[" * 1200 + "]" * 1200),
            id="in-konfigurasi-1200",
        ),
        pytest.param('{"a":' * 1200 + "1" + "}" * 1200, id="objects-1200"),
        pytest.param(
            _dengan_konfigurasi(catatan_x=1).replace('"catatan_x": 1', '"x": ' + "[" * 20 + "]" * 20),
            id="in-konfigurasi-20",
        ),
    ],
)
def test_a_deeply_nested_file_is_a_form_error_not_a_server_error(isi, admin_bkd_a, instansi_a, login):
    """#14 point 4: a rule-set file nested 1,200 levels deep was a 500 (RecursionError)."""
    response = _unggah(login(admin_bkd_a), isi)
    assert response.status_code == 200
    [error] = response.context["form"].errors["berkas"]
    assert error.startswith("Berkas bersarang terlalu dalam (lebih dari 10 tingkat objek/daftar)"), error
    assert _jumlah(instansi_a) == 0


def test_the_depth_limit_leaves_room_for_every_real_rule_set(admin_bkd_a, instansi_a, login):
    from apps.core.json_aman import json_kedalaman
    from apps.petatalenta.aturan.json_io import IMPOR_KEDALAMAN_MAKS
    from apps.suksesi.aturan import preset_konfigurasi as suksesi_preset

    dokumen = json.loads(_dengan_konfigurasi())
    assert json_kedalaman(dokumen) < IMPOR_KEDALAMAN_MAKS
    assert json_kedalaman({"konfigurasi": suksesi_preset()}) + 2 < IMPOR_KEDALAMAN_MAKS
