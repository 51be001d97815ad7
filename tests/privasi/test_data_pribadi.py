"""The ASN's download of their own data (issue #14 point 8, docs/privacy.md "Hak ASN")."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.notifikasi.models import Notifikasi
from apps.pegawai.services import dokumen_store
from apps.petatalenta.models import PengaturanTalenta
from tests.factories import (
    AsesmenFactory,
    AsnPegawaiFactory,
    IdpFactory,
    KegiatanIdpFactory,
    PenempatanFactory,
    RiwayatPenempatanFactory,
    SertifikatFactory,
    SKPFactory,
    UmpanBalik360Factory,
)

pytestmark = pytest.mark.django_db

URL = "/saya/data-pribadi/"
PDF_SITI = b"%PDF-1.4 sertifikat milik Siti " + b"s" * 500
PDF_BUDI = b"%PDF-1.4 sertifikat milik Budi " + b"b" * 500


@pytest.fixture
def data(settings, tmp_path, pegawai_a, instansi_a, instansi_b):
    settings.MEDIA_ROOT = str(tmp_path)
    budi = AsnPegawaiFactory(instansi=instansi_a, username="asn.budi", nama="Budi Santoso Rahasia")
    lain = AsnPegawaiFactory(instansi=instansi_b, username="asn.lain", nama="Pegawai Instansi Lain")
    for pegawai, isi, nama in ((pegawai_a, PDF_SITI, "Sertifikat Siti"), (budi, PDF_BUDI, "Sertifikat Budi")):
        with instansi_scope(pegawai.instansi):
            dokumen = dokumen_store(
                pegawai=pegawai, actor=pegawai.user, berkas=SimpleUploadedFile("sertifikat.pdf", isi)
            )
        SertifikatFactory(pegawai=pegawai, dokumen=dokumen, nama=nama)
        AsesmenFactory(pegawai=pegawai)
        SKPFactory(pegawai=pegawai)
        UmpanBalik360Factory(pegawai=pegawai)
        KegiatanIdpFactory(idp=IdpFactory(pegawai=pegawai), nama=f"Kegiatan {pegawai.nama}")
        PenempatanFactory(pegawai=pegawai, kotak=8 if pegawai == pegawai_a else 2)
        RiwayatPenempatanFactory(pegawai=pegawai, kotak_baru=8 if pegawai == pegawai_a else 2)
        Notifikasi.objects.create(
            instansi=pegawai.instansi, penerima=pegawai.user, jenis="uji", judul=f"Pesan untuk {pegawai.nama}"
        )
    return pegawai_a, budi, lain


def unduh(client, **post) -> tuple[dict, zipfile.ZipFile, bytes]:
    response = client.post(URL, post)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    zf = zipfile.ZipFile(io.BytesIO(body))
    return json.loads(zf.read("data-pribadi.json")), zf, body


def test_asn_downloads_all_their_own_data_with_documents(client, data):
    siti, _, _ = data
    client.force_login(siti.user)

    halaman = client.get(reverse("pegawai:profil_saya"))
    assert URL.encode() in halaman.content
    assert "Unduh data pribadi" in client.get(URL).content.decode()

    isi, zf, _ = unduh(client)

    assert isi["profil"]["NIP / NI PPPK"] == siti.nip
    assert isi["profil"]["Nama"] == siti.nama
    assert isi["akun"]["nama pengguna"] == "asn.siti"
    sertifikat = isi["riwayat"]["Sertifikat"]
    assert [s["Nama sertifikat"] if "Nama sertifikat" in s else s["Nama"] for s in sertifikat] == [
        "Sertifikat Siti"
    ]
    [dokumen] = isi["dokumen"]
    assert zf.read(dokumen["berkas"]) == PDF_SITI
    assert sertifikat[0]["Dokumen"]["berkas"] == dokumen["berkas"]
    assert len(isi["asesmen"]) == len(isi["SKP"]) == len(isi["umpan balik 360°"]) == 1
    assert isi["IDP"][0]["kegiatan"][0]["Nama kegiatan"] == f"Kegiatan {siti.nama}"
    assert [n["Judul"] for n in isi["notifikasi"]] == [f"Pesan untuk {siti.nama}"]
    assert any(e["tindakan"] == "dokumen.upload" for e in isi["peristiwa audit"])
    assert "BACA-SAYA.txt" in zf.namelist()

    with scopes_disabled():
        event = AuditEvent.objects.filter(action="data_pribadi.unduh").get()
    assert (event.actor_id, event.instansi_id, event.target_id) == (
        siti.user_id,
        siti.instansi_id,
        str(siti.pk),
    )
    assert event.new_values["dokumen"] == 1


def test_sign_in_events_are_in_the_download(client, data):
    from tests.conftest import PASSWORD

    assert (
        client.post(reverse("accounts:login"), {"username": "asn.siti", "password": PASSWORD}).status_code
        == 302
    )
    isi, _, _ = unduh(client)
    assert [e["tindakan"] for e in isi["riwayat masuk"]] == ["auth.login"]
    assert all(not e["tindakan"].startswith("auth.") for e in isi["peristiwa audit"])


def test_only_the_requesters_own_data_whatever_ids_are_sent(client, data):
    siti, budi, lain = data
    client.force_login(siti.user)

    isi, zf, _ = unduh(client, pegawai=budi.pk, user=budi.user_id, pk=lain.pk, instansi=lain.instansi_id)

    assert isi["profil"]["NIP / NI PPPK"] == siti.nip
    semua = json.dumps(isi, ensure_ascii=False) + "".join(zf.namelist())
    for asing in (budi.nama, budi.nip, "Sertifikat Budi", lain.nama, lain.nip, "asn.budi"):
        assert asing not in semua
    assert b"milik Budi" not in b"".join(zf.read(n) for n in zf.namelist())
    # No address names anyone: another pegawai's or user's id in the path does not exist.
    assert client.post(f"{URL}{budi.pk}/").status_code == 404
    assert client.get(f"/saya/data-pribadi/{budi.user_id}.zip").status_code == 404


def test_box_only_when_the_instansi_opens_it_to_asn(client, data):
    siti, _, _ = data
    client.force_login(siti.user)

    isi, _, _ = unduh(client)
    # Closed: only the note and the missing data, as on /saya/talenta/; no box, score or history
    # anywhere in the file.
    assert set(isi["penempatan talenta"]) == {"keterangan", "data yang kurang"}
    semua = json.dumps(isi, ensure_ascii=False)
    assert '"Kotak' not in semua and '"kotak' not in semua and "skor_potensial" not in semua

    PengaturanTalenta.objects.create(instansi=siti.instansi, asn_boleh_lihat_kotak=True)
    isi, _, _ = unduh(client)
    [penempatan] = isi["penempatan talenta"]["penempatan per periode"]
    assert penempatan["Kotak"] == 8
    assert isi["penempatan talenta"]["riwayat perpindahan kotak"][0]["Kotak baru"] == 8


@pytest.mark.parametrize("role", [Role.ADMIN_BKD, Role.BKN, Role.OPERATOR])
def test_roles_without_an_own_portfolio_are_refused(client, make_user, instansi_a, role):
    client.force_login(make_user(role, instansi_a, username=f"u.{role.value}"))
    assert client.post(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.post(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_candidacies_only_when_the_instansi_opens_them_and_without_a_closed_box(client, data, unit_tree_a):
    from apps.suksesi.models import PengaturanSuksesi
    from tests.factories import JabatanKunciFactory, KandidatFactory

    siti, _, _ = data
    jabatan = JabatanKunciFactory(
        instansi=siti.instansi, unit_kerja=unit_tree_a[0], nama="Kepala Bidang Mutasi"
    )
    KandidatFactory(jabatan_kunci=jabatan, pegawai=siti)
    client.force_login(siti.user)

    isi, _, _ = unduh(client)
    assert "Kepala Bidang Mutasi" not in json.dumps(isi, ensure_ascii=False)

    PengaturanSuksesi.objects.create(instansi=siti.instansi, asn_boleh_lihat_pencalonan=True)
    isi, _, _ = unduh(client)
    [calon] = isi["pencalonan suksesor"]
    assert "Kepala Bidang Mutasi" in calon["Jabatan kunci"] and "Kotak" not in calon

    PengaturanTalenta.objects.create(instansi=siti.instansi, asn_boleh_lihat_kotak=True)
    isi, _, _ = unduh(client)
    assert isi["pencalonan suksesor"][0]["Kotak"] == 9
