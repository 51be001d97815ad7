"""Zulip-style isolation: a user of instansi A asking for instansi B's object gets exactly the
answer a missing object gets (same status, same body), on every page and endpoint with an object
in its URL. Lists never show foreign rows. Three tenants: A and B in Kalimantan Tengah, C in
Kalimantan Barat, plus a BKN user who sees no tenant rows at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.roles import Role
from apps.core.services import audit_event_record
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db

MISSING = 987654321

# (method, url template, body, kind); {pk} is replaced by the foreign or the missing id of `kind`.
# The caller is instansi A's Admin BKD, who holds every tenant permission these routes need.
OBJECT_REQUESTS = [
    ("get", "/unit-kerja/{pk}/", None, "unit"),
    ("get", "/unit-kerja/{pk}/ubah/", None, "unit"),
    (
        "post",
        "/unit-kerja/{pk}/ubah/",
        {"kode": "X", "nama": "Diambil alih", "jenis": "perangkat_daerah"},
        "unit",
    ),
    ("get", "/api/v1/unit-kerja/{pk}/", None, "unit"),
    ("patch", "/api/v1/unit-kerja/{pk}/", {"nama": "Diambil alih"}, "unit"),
    (
        "put",
        "/api/v1/unit-kerja/{pk}/",
        {"kode": "X", "nama": "Diambil alih", "jenis": "perangkat_daerah"},
        "unit",
    ),
    ("get", "/api/v1/anggota/{pk}/", None, "anggota"),
    ("get", "/api/v1/audit/{pk}/", None, "audit"),
    ("get", "/kelengkapan/{pk}/", None, "unit"),
    ("get", "/pegawai/{pk}/", None, "pegawai"),
    ("get", "/pegawai/{pk}/ubah/", None, "pegawai"),
    ("post", "/pegawai/{pk}/ubah/", {"nama": "Diambil alih"}, "pegawai"),
    ("get", "/pegawai/{pk}/hukuman/tambah/", None, "pegawai"),
    ("get", "/pegawai/{pk}/talenta/", None, "pegawai"),
    ("get", "/pegawai/{pk}/talenta/profil.pdf", None, "pegawai"),
    ("get", "/pegawai/{pk}/talenta/simulasi/", None, "pegawai"),
    ("get", "/pegawai/{pk}/talenta/simulasi/?hitung=1&jp=40&jpm=90&nilai_potensi=80", None, "pegawai"),
    ("post", "/api/v1/talenta/pegawai/{pk}/simulasi/", {"jp": 40}, "pegawai"),
    ("post", "/pegawai/{pk}/hukuman/tambah/", {"tingkat": "berat", "jenis_hukuman": "x"}, "pegawai"),
    ("get", "/api/v1/pegawai/{pk}/", None, "pegawai"),
    ("patch", "/api/v1/pegawai/{pk}/", {"nama": "Diambil alih"}, "pegawai"),
    ("put", "/api/v1/pegawai/{pk}/", {"nama": "Diambil alih"}, "pegawai"),
    ("get", "/api/v1/riwayat/sertifikat/{pk}/", None, "riwayat"),
    ("post", "/api/v1/riwayat/sertifikat/{pk}/setujui/", {}, "riwayat"),
    ("post", "/api/v1/riwayat/sertifikat/{pk}/tolak/", {"alasan": "Dokumen tidak jelas"}, "riwayat"),
    ("get", "/api/v1/riwayat/hukuman/{pk}/", None, "hukuman"),
    ("patch", "/api/v1/riwayat/hukuman/{pk}/", {"jenis_hukuman": "Diambil alih"}, "hukuman"),
    ("delete", "/api/v1/riwayat/hukuman/{pk}/", None, "hukuman"),
    ("get", "/verifikasi/sertifikat/{pk}/", None, "riwayat"),
    ("post", "/verifikasi/sertifikat/{pk}/setujui/", {}, "riwayat"),
    ("post", "/verifikasi/sertifikat/{pk}/tolak/", {"alasan": "Dokumen tidak jelas"}, "riwayat"),
    ("get", "/dokumen/{pk}/", None, "dokumen"),
    ("get", "/asesmen/{pk}/", None, "asesmen"),
    ("get", "/api/v1/asesmen/{pk}/", None, "asesmen"),
    ("get", "/api/v1/skp/{pk}/", None, "skp"),
    ("get", "/api/v1/umpan-balik-360/{pk}/", None, "umpan_balik"),
    ("get", "/umpan-balik-360/tambah/?pegawai={pk}", None, "pegawai"),
    ("post", "/umpan-balik-360/tambah/?pegawai={pk}", {}, "pegawai"),
    ("get", "/asesmen/tambah/?pegawai={pk}", None, "pegawai"),
    ("post", "/asesmen/tambah/?pegawai={pk}", {}, "pegawai"),
    ("get", "/skp/tambah/?pegawai={pk}", None, "pegawai"),
    ("post", "/skp/tambah/?pegawai={pk}", {}, "pegawai"),
    ("get", "/impor/job/{pk}/", None, "job"),
    ("get", "/impor/job/{pk}/status.json", None, "job"),
    ("post", "/impor/job/{pk}/simpan/", {}, "job"),
    ("get", "/impor/job/{pk}/galat.xlsx", None, "job"),
    ("get", "/talenta/aturan/{pk}/", None, "aturan"),
    ("get", "/talenta/aturan/{pk}/ubah/", None, "aturan"),
    ("post", "/talenta/aturan/{pk}/ubah/", {"nama": "Diambil alih"}, "aturan"),
    ("get", "/talenta/aturan/{pk}/ekspor.json", None, "aturan"),
    ("get", "/talenta/aturan/{pk}/aktifkan/", None, "aturan"),
    ("post", "/talenta/aturan/{pk}/aktifkan/", {"konfirmasi": "on"}, "aturan"),
    ("post", "/talenta/aturan/{pk}/hapus/", {}, "aturan"),
    ("get", "/talenta/aturan/banding/?a={pk}&b={pk}", None, "aturan"),
    ("get", "/talenta/aturan/hitung-ulang/{pk}/", None, "hitung_ulang"),
    ("get", "/talenta/aturan/hitung-ulang/{pk}/status.json", None, "hitung_ulang"),
    # petatalenta: pratinjau — another instansi's version, and its finished impact preview (the
    # version's id and the preview's uuid both foreign: {pk} stands for "<version>/pratinjau/<uuid>").
    ("get", "/talenta/aturan/{pk}/pratinjau/", None, "aturan"),
    ("post", "/talenta/aturan/{pk}/pratinjau/mulai/", {}, "aturan"),
    ("get", "/talenta/aturan/{pk}/", None, "pratinjau_talenta"),
    ("get", "/talenta/aturan/{pk}/status.json", None, "pratinjau_talenta"),
    ("get", "/talenta/aturan/{pk}/perubahan.xlsx", None, "pratinjau_talenta"),
    # suksesi: halaman
    ("get", "/suksesi/jabatan-kunci/{pk}/", None, "jabatan_kunci"),
    ("get", "/suksesi/jabatan-kunci/{pk}/calon-suksesor.pdf", None, "jabatan_kunci"),
    ("get", "/suksesi/laporan/calon-suksesor.xlsx?jabatan={pk}", None, "jabatan_kunci"),
    ("get", "/api/v1/suksesi/jabatan-kunci/{pk}/", None, "jabatan_kunci"),
    ("get", "/api/v1/suksesi/jabatan-kunci/{pk}/kandidat/", None, "jabatan_kunci"),
    ("get", "/suksesi/laporan/{pk}/", None, "laporan_job"),
    ("get", "/suksesi/laporan/{pk}/status.json", None, "laporan_job"),
    ("get", "/suksesi/laporan/{pk}/calon-suksesor.pdf", None, "laporan_job"),
    # end suksesi: halaman
    # petatalenta: laporan (the Peta Talenta report job)
    ("get", "/talenta/sembilan-kotak/laporan/{pk}/", None, "laporan_peta_talenta"),
    ("get", "/talenta/sembilan-kotak/laporan/{pk}/status.json", None, "laporan_peta_talenta"),
    ("get", "/talenta/sembilan-kotak/laporan/{pk}/unduh/", None, "laporan_peta_talenta"),
]
# suksesi: aturan — a succession rule-set version of another instansi.
OBJECT_REQUESTS += [
    ("get", "/suksesi/aturan/{pk}/", None, "aturan_suksesi"),
    ("get", "/suksesi/aturan/{pk}/ubah/", None, "aturan_suksesi"),
    ("post", "/suksesi/aturan/{pk}/ubah/", {"nama": "Diambil alih"}, "aturan_suksesi"),
    ("get", "/suksesi/aturan/{pk}/ekspor.json", None, "aturan_suksesi"),
    ("get", "/suksesi/aturan/{pk}/aktifkan/", None, "aturan_suksesi"),
    ("post", "/suksesi/aturan/{pk}/aktifkan/", {"konfirmasi": "on"}, "aturan_suksesi"),
    ("post", "/suksesi/aturan/{pk}/hapus/", {}, "aturan_suksesi"),
    ("get", "/suksesi/aturan/banding/?a={pk}&b={pk}", None, "aturan_suksesi"),
    # suksesi: pratinjau — the impact preview of another instansi's version ({pk[…]}: two ids)
    ("get", "/suksesi/aturan/{pk}/pratinjau/", None, "aturan_suksesi"),
    ("post", "/suksesi/aturan/{pk}/pratinjau/mulai/", {}, "aturan_suksesi"),
    ("get", "/suksesi/aturan/{pk[aturan]}/pratinjau/{pk[uuid]}/", None, "pratinjau_suksesi"),
    ("get", "/suksesi/aturan/{pk[aturan]}/pratinjau/{pk[uuid]}/status.json", None, "pratinjau_suksesi"),
    ("get", "/suksesi/aturan/{pk[aturan]}/pratinjau/{pk[uuid]}/perubahan.xlsx", None, "pratinjau_suksesi"),
    # pengembangan: antrean asesmen — another instansi's budget of a year (the year is the key).
    ("get", "/api/v1/pengembangan/anggaran-asesmen/{pk}/", None, "anggaran_asesmen"),
]
MISSING_BY_KIND = {
    "dokumen": "12345678-1234-5678-1234-567812345678",
    "job": "12345678-1234-5678-1234-567812345678",
    "hitung_ulang": "12345678-1234-5678-1234-567812345678",
    "pratinjau_talenta": f"{MISSING}/pratinjau/12345678-1234-5678-1234-567812345678",  # petatalenta: pratinjau
    "laporan_job": "12345678-1234-5678-1234-567812345678",  # suksesi: halaman
    "pratinjau_suksesi": {"aturan": MISSING, "uuid": "12345678-1234-5678-1234-567812345678"},
    "laporan_peta_talenta": "12345678-1234-5678-1234-567812345678",  # petatalenta: laporan
    "anggaran_asesmen": "1999",  # pengembangan: antrean asesmen (a year nobody budgeted)
}
# Kinds whose {pk} is a path part of several segments (the coverage check below needs its shape).
PK_BENTUK = {"pratinjau_talenta": "1/pratinjau/1"}  # petatalenta: pratinjau

# Object routes that are not tenant data (reference data, national aggregates), by route text.
NOT_TENANT_OBJECT_ROUTES = {
    "api/v1/wilayah/<kode>/",
    "nasional/provinsi/<str:kode>/",
    # BKN's drill-down, its exports and API: region and instansi codes naming summary rows
    # (counts only); tenant roles get 403 (tests/nasional/test_halaman.py).
    "nasional/provinsi/<str:kode>/ekspor.csv",
    "nasional/provinsi/<str:kode>/ekspor.xlsx",
    "nasional/instansi/<str:kode>/",
    "nasional/instansi/<str:kode>/ekspor.csv",
    "nasional/instansi/<str:kode>/ekspor.xlsx",
    "api/v1/nasional/provinsi/<str:kode>/",
    "api/v1/nasional/instansi/<str:kode>/",
    # A user's own API tokens (platform data, not a tenant's): another user's token is a 404
    # (tests/accounts/test_api_tokens.py, owner tests for the API and the page).
    "api/v1/auth/tokens/<uuid:kode>/",
    "akun/token/<uuid:kode>/cabut/",
    # A riwayat *kind* in the URL, no object: nothing of another tenant can be named.
    "saya/riwayat/<slug:kode>/tambah/",
    "verifikasi/<slug:kode>/",
    "verifikasi/<slug:kode>/setujui-massal/",
    # An import *kind* (registry key) in the URL, no object.
    "impor/<slug:kind>/",
    "impor/<slug:kind>/template.xlsx",
    # A box number (1–9) of the nine-box, no object; the lists behind it are the caller's own.
    "talenta/sembilan-kotak/kotak/<int:kotak>/",
}
# Object routes whose only callers are ASN on their own data (or a kind generated by the same
# factory as sertifikat): their isolation is tested with the right caller in these files.
COVERED_ELSEWHERE = {
    re.compile(r"saya/riwayat/<slug:kode>/<int:pk>/(ubah|hapus)/"): "tests/pegawai/test_portfolio_pages.py",
    re.compile(r"api/v1/riwayat/\w+/<pk>/((setujui|tolak)/)?"): "tests/pegawai/test_api.py",
    re.compile(
        r"verifikasi/<slug:kode>/<int:pk>/((setujui|tolak)/)?"
    ): "tests/pegawai/test_verifikasi_pages.py",
}
# suksesi: jabatan — key-post management pages, nominations and the key-post API.
COVERED_ELSEWHERE[
    re.compile(
        r"(suksesi/jabatan-kunci/<int:pk>/(ubah|nonaktifkan|nominasi)/)|(suksesi/jabatan-kunci/<int:pk>/nominasi/<int:nominasi_pk>/cabut/)|(api/v1/jabatan-kunci/<pk>/(nonaktifkan/)?)"
    )
] = "tests/suksesi/test_jabatan_isolation.py"


@pytest.fixture
def foreign_objects(instansi_b, instansi_c, make_user, settings, tmp_path):
    """One object of each kind in B, and in C (another province)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from apps.core.tenancy import instansi_scope
    from apps.impor.services import import_job_create
    from apps.pegawai.services import dokumen_store
    from tests.factories import (
        AsesmenFactory,
        HukumanDisiplinFactory,
        PegawaiFactory,
        SertifikatFactory,
        SKPFactory,
        UmpanBalik360Factory,
    )

    settings.MEDIA_ROOT = str(tmp_path)
    objects = {}
    for instansi in (instansi_b, instansi_c):
        unit = UnitKerjaFactory(instansi=instansi, kode=f"F.{instansi.kode}", nama=f"Rahasia {instansi.kode}")
        member = make_user(Role.ASN, instansi, username=f"asn.{instansi.kode}").membership
        event = audit_event_record(action="test.secret", instansi=instansi, actor=None, target=unit)
        pegawai = PegawaiFactory(instansi=instansi, nama=f"Rahasia Pegawai {instansi.kode}")
        with instansi_scope(instansi):
            dokumen = dokumen_store(
                pegawai=pegawai, actor=None, berkas=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x")
            )
            riwayat = SertifikatFactory(
                pegawai=pegawai, dokumen=dokumen, nama=f"Rahasia Sertifikat {instansi.kode}", penerbit="LKPP",
                tanggal_terbit="2024-01-15", status="diajukan", diajukan_pada=timezone.now(),
            )  # fmt: skip
            hukuman = HukumanDisiplinFactory(
                pegawai=pegawai, tingkat="ringan", jenis_hukuman="Teguran lisan", nomor_sk="800/1",
                tmt_mulai="2024-02-01", status="disetujui",
            )  # fmt: skip
            asesmen = AsesmenFactory(
                pegawai=pegawai, tanggal="2025-03-01", lembaga="Rahasia", metode="assessment_center",
                nilai_potensi=80, jpm=90, berlaku_sampai="2028-03-01",
            )  # fmt: skip
            skp = SKPFactory(pegawai=pegawai, tahun=2025, periode="tahunan", predikat="Baik")
            umpan_balik = UmpanBalik360Factory(pegawai=pegawai)
            job = import_job_create(
                instansi=instansi, actor=None, kind="skp", data=b"NIP;Tahun\n1;2025\n", nama="x.csv"
            )
        aturan, hitung_ulang = _aturan_asing(instansi)
        jabatan_kunci, laporan_job = _suksesi_halaman_asing(instansi, unit=unit, pegawai=pegawai)
        objects[instansi.kode] = {
            "jabatan_kunci": jabatan_kunci,  # suksesi: halaman
            "laporan_job": laporan_job,  # suksesi: halaman
            "unit": unit.pk,
            "anggota": member.pk,
            "audit": event.pk,
            "pegawai": pegawai.pk,
            "riwayat": riwayat.pk,
            "hukuman": hukuman.pk,
            "dokumen": dokumen.uuid,
            "asesmen": asesmen.pk,
            "skp": skp.pk,
            "umpan_balik": umpan_balik.pk,
            "job": job.uuid,
            "aturan": aturan.pk,
            "hitung_ulang": hitung_ulang.uuid,
            "pratinjau_talenta": _pratinjau_talenta_asing(instansi, aturan),  # petatalenta: pratinjau
        }
        aturan_suksesi = _aturan_suksesi_asing(instansi)
        objects[instansi.kode]["aturan_suksesi"] = aturan_suksesi.pk  # suksesi: aturan
        objects[instansi.kode]["pratinjau_suksesi"] = {  # suksesi: pratinjau
            "aturan": aturan_suksesi.pk,
            "uuid": _pratinjau_suksesi_asing(instansi, aturan_suksesi).uuid,
        }
        objects[instansi.kode]["laporan_peta_talenta"] = _peta_talenta_laporan_asing(instansi)
        objects[instansi.kode]["anggaran_asesmen"] = _anggaran_asesmen_asing(
            instansi
        )  # pengembangan: antrean
    return objects


def _aturan_asing(instansi):
    """A draf rule-set version and a bulk-recompute job of another instansi."""
    from apps.petatalenta.engine import PRESET_BERBOBOT
    from apps.petatalenta.models import HitungUlang
    from tests.factories import AturanTalentaFactory

    aturan = AturanTalentaFactory(
        instansi=instansi, versi=1, nama=f"Rahasia Aturan {instansi.kode}", konfigurasi=PRESET_BERBOBOT
    )
    job = HitungUlang.objects.create(instansi=instansi, periode=2026, penyebab="aturan.aktivasi", total=0)
    return aturan, job


def _pratinjau_talenta_asing(instansi, aturan) -> str:
    """petatalenta: pratinjau — a finished impact preview of another instansi's version, as the
    path part "<version>/pratinjau/<uuid>" the preview routes share."""
    from apps.petatalenta.models import PratinjauAturan

    job = PratinjauAturan.objects.create(
        instansi=instansi, jenis="talenta", aturan_pk=aturan.pk, aturan_versi=1, konfigurasi_hash="x",
        status="selesai", ringkasan={"inti": {"dihitung": 1}},
    )  # fmt: skip
    return f"{aturan.pk}/pratinjau/{job.uuid}"


def _aturan_suksesi_asing(instansi):
    """suksesi: aturan — a draf succession rule-set version of another instansi."""
    from tests.factories import AturanSuksesiFactory

    return AturanSuksesiFactory(instansi=instansi, nama=f"Rahasia Aturan Suksesi {instansi.kode}")


def _pratinjau_suksesi_asing(instansi, aturan):
    """suksesi: pratinjau — a finished impact preview of another instansi's version."""
    from apps.core.tenancy import instansi_scope
    from apps.petatalenta.models import PratinjauAturan

    with instansi_scope(instansi):
        return PratinjauAturan.objects.create(
            instansi=instansi,
            jenis="suksesi",
            aturan_pk=aturan.pk,
            aturan_versi=aturan.versi,
            konfigurasi_hash="rahasia",
            status="selesai",
            ringkasan={"inti": {"jabatan_kunci": 1}, "jabatan": [], "kelompok": {}},
        )


# suksesi: halaman
def _suksesi_halaman_asing(instansi, *, unit, pegawai):
    """A key post of another instansi with a stored candidate, and a finished batch-report job."""
    import uuid

    from django.conf import settings
    from django.utils import timezone

    from apps.core.laporan import LaporanJob, laporan_job_save
    from apps.core.tenancy import instansi_scope
    from apps.suksesi.pdf import laporan_job_path
    from tests.factories import JabatanKunciFactory, KandidatFactory, StatusSuksesiFactory

    with instansi_scope(instansi):
        jabatan = JabatanKunciFactory(
            instansi=instansi, unit_kerja=unit, nama=f"Rahasia {instansi.kode} Kepala Dinas"
        )
        StatusSuksesiFactory(jabatan_kunci=jabatan, berisiko=True, alasan_risiko=f"Rahasia {instansi.kode}")
        KandidatFactory(jabatan_kunci=jabatan, pegawai=pegawai)
    job = LaporanJob(
        jenis="suksesi", uuid=str(uuid.uuid4()), instansi_id=instansi.pk, user_id=None, status="selesai", done=1, total=1,
        dibuat_pada=timezone.now().isoformat(),
    )  # fmt: skip
    laporan_job_save(job)
    path = laporan_job_path(instansi_id=instansi.pk, uuid=job.uuid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 rahasia")
    assert path.is_relative_to(settings.MEDIA_ROOT)
    return jabatan.pk, job.uuid


# end suksesi: halaman


# petatalenta: laporan
def _peta_talenta_laporan_asing(instansi):
    """A finished Peta Talenta report job of another instansi, its file on disk."""
    from apps.core.laporan import laporan_job_create, laporan_job_finish
    from apps.petatalenta.laporan import LAPORAN_PETA_TALENTA

    job = laporan_job_create(jenis=LAPORAN_PETA_TALENTA, instansi=instansi, actor=None, parameter={"qs": ""})
    return laporan_job_finish(job, content=b"%PDF-1.4 rahasia", periode=2026).uuid


# end petatalenta: laporan


def _normalise(body: bytes, requested_url: str) -> bytes:
    # CSRF tokens are masked anew on every render, and the page echoes the requested URL (the
    # language switcher's "next"): neither tells anything about the object.
    from django.utils.html import escape

    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    body = body.replace(escape(requested_url).encode(), b"#")  # a query string's & as &amp;
    return body.replace(requested_url.encode(), b"#")


def _call(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    if url.startswith("/api/"):
        return getattr(client, method)(url, data=body, format="json")
    return getattr(client, method)(url, data=body)


@pytest.mark.parametrize(("method", "template", "body", "kind"), OBJECT_REQUESTS, ids=lambda v: str(v)[:40])
@pytest.mark.parametrize("other", ["6202", "6101"])  # same province, other province
def test_foreign_object_answers_exactly_like_a_missing_one(
    method, template, body, kind, other, admin_bkd_a, foreign_objects, api_login, unit_tree_a
):
    client = api_login(admin_bkd_a)
    foreign_pk = foreign_objects[other][kind]
    foreign_url = template.format(pk=foreign_pk)
    missing_url = template.format(pk=MISSING_BY_KIND.get(kind, MISSING))
    foreign = _call(client, method, foreign_url, body)
    missing = _call(client, method, missing_url, body)
    assert foreign.status_code == missing.status_code == 404
    assert _normalise(foreign.content, foreign_url) == _normalise(missing.content, missing_url)


def test_foreign_objects_were_not_changed(admin_bkd_a, foreign_objects, api_login):
    from django_scopes import scopes_disabled

    from apps.instansi.models import UnitKerja

    client = api_login(admin_bkd_a)
    for other in ("6202", "6101"):
        pk = foreign_objects[other]["unit"]
        client.patch(f"/api/v1/unit-kerja/{pk}/", data={"nama": "Diambil alih"}, format="json")
        client.post(
            f"/unit-kerja/{pk}/ubah/", data={"kode": "X", "nama": "Diambil alih", "jenis": "perangkat_daerah"}
        )
    with scopes_disabled():
        assert not UnitKerja.objects.filter(nama="Diambil alih").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/unit-kerja/",
        "/anggota/",
        "/audit/",
        "/bkd/",
        "/api/v1/unit-kerja/",
        "/api/v1/anggota/",
        "/api/v1/audit/",
        # suksesi: halaman
        "/suksesi/",
        "/suksesi/jabatan-kunci/",
        "/suksesi/jabatan-kunci/?berisiko=1",
        "/api/v1/suksesi/jabatan-kunci/",
        # nasional: keadilan (tests/nasional/test_keadilan.py counts foreign placements too)
        "/keadilan/",
        "/keadilan/ekspor.csv",
        "/api/v1/nasional/keadilan/instansi/",
    ],
)
def test_lists_never_show_foreign_rows(url, admin_bkd_a, foreign_objects, api_login, unit_tree_a):
    response = api_login(admin_bkd_a).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for kode in ("6202", "6101"):
        assert f"Rahasia {kode}" not in content
        assert f"asn.{kode}" not in content
    if "unit-kerja" in url:
        assert "Dinas Pendidikan" in content  # the caller's own rows are there


def test_child_form_cannot_attach_to_a_foreign_parent(admin_bkd_a, foreign_objects, api_login):
    client = api_login(admin_bkd_a)
    foreign_parent = foreign_objects["6202"]["unit"]
    response = client.post(
        "/api/v1/unit-kerja/",
        data={"kode": "Z.01", "nama": "Bidang Z", "jenis": "bidang", "induk": foreign_parent},
        format="json",
    )
    missing = client.post(
        "/api/v1/unit-kerja/",
        data={"kode": "Z.01", "nama": "Bidang Z", "jenis": "bidang", "induk": MISSING},
        format="json",
    )
    assert response.status_code == missing.status_code == 400
    assert response.json()["induk"][0].replace(str(foreign_parent), "#") == missing.json()["induk"][
        0
    ].replace(str(MISSING), "#")


@pytest.mark.parametrize(("method", "template", "body", "kind"), OBJECT_REQUESTS, ids=lambda v: str(v)[:40])
def test_bkn_user_is_refused_before_any_lookup(
    method, template, body, kind, bkn_user, foreign_objects, api_login
):
    """BKN holds no tenant permission: the same 403 whether or not the object exists."""
    client = api_login(bkn_user)
    foreign = _call(client, method, template.format(pk=foreign_objects["6202"][kind]), body)
    missing = _call(client, method, template.format(pk=MISSING_BY_KIND.get(kind, MISSING)), body)
    assert foreign.status_code == missing.status_code == 403


def test_every_object_route_is_covered_by_this_file():
    """A new URL with an object id must be added to OBJECT_REQUESTS (or declared non-tenant)."""
    # {pk} of a kind that stands for a longer path part is replaced by a sample of that shape.
    covered = [t.lstrip("/").replace("{pk}", PK_BENTUK.get(k, "1")) for _m, t, _b, k in OBJECT_REQUESTS]
    uncovered = []
    for route in _object_routes():
        if route in NOT_TENANT_OBJECT_ROUTES or any(p.fullmatch(route) for p in COVERED_ELSEWHERE):
            continue
        pattern = re.sub(r"<[^>]+>", "[^/]+", route)
        if not any(re.fullmatch(pattern, c) for c in covered):
            uncovered.append(route)
    assert uncovered == []
    for test_file in COVERED_ELSEWHERE.values():
        assert (Path(settings.BASE_DIR) / test_file).exists(), test_file


def _object_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not text.startswith("admin/"):
                routes.extend(_object_routes(entry, text))
        elif isinstance(entry, URLPattern) and ("<" in text) and "(?P<format>" not in text:
            text = text.replace("^", "").replace("$", "")
            text = re.sub(r"\(\?P<(\w+)>[^)]+\)", r"<\1>", text)
            routes.append(text)
    return routes


# komite penetapan — the PPK's pages of one session and the penetapan API.
COVERED_ELSEWHERE[
    re.compile(r"(penetapan/<int:sidang_pk>/((tetapkan|kembalikan)/)?)|(api/v1/komite/penetapan/<pk>/)")
] = "tests/komite/test_penetapan_isolation.py"
# end komite penetapan
# komite — each part's own isolation tests request every one of its object routes as another
# instansi and check the 404 and that nothing changed.
COVERED_ELSEWHERE.update(
    {
        re.compile(
            r"(komite/anggota/<int:pk>/(ubah|akhiri|hapus)/)|(api/v1/komite/anggota/<pk>/(akhiri/)?)"
        ): ("tests/komite/test_anggota_isolation.py"),
        re.compile(
            r"(komite/sidang/<int:pk>/((ubah|hapus|undang|kehadiran|mulai|tutup|lanjutan|agenda/tambah)/)?)"
            r"|(komite/sidang/<int:pk>/agenda/<int:agenda_pk>/hapus/)"
            r"|(api/v1/komite/sidang/<pk>/((agenda|kehadiran|lanjutan|mulai|tutup|undang)/)?)"
            r"|(api/v1/komite/sidang/<pk>/agenda/<agenda_id>/)"
        ): "tests/komite/test_sidang_views.py",
        re.compile(r"komite/sidang/<int:pk>/agenda/<int:agenda_pk>/((usulan|usulan/bukti|keputusan)/)?"): (
            "tests/komite/test_keputusan_pages.py"
        ),
        re.compile(r"(api/v1/komite/keputusan/<pk>/)|(api/v1/komite/agenda/<pk>/(usulan|keputusan)/)"): (
            "tests/komite/test_keputusan_api.py"
        ),
        re.compile(
            r"(komite/sidang/<int:pk>/dokumen/(<slug:jenis>/|<uuid:uuid>/(status|unduh)/)?)"
            r"|(api/v1/komite/sidang/<int:id>/dokumen/)|(api/v1/komite/dokumen/<uuid>/(unduh/)?)"
        ): "tests/komite/test_dokumen_isolation.py",
        re.compile(r"(notifikasi/<int:pk>/baca/)|(api/v1/notifikasi/<pk>/baca/)"): (
            "tests/notifikasi/test_notifikasi.py"
        ),
    }
)

# nasional: KRS Nasional — the profile is cross-instansi by design (BKN with an operator's grant
# and a stated purpose, audited), and a grant is platform data, not a tenant's: their access rules
# are tested in the KRS Nasional tests.
COVERED_ELSEWHERE[re.compile(r"nasional/krs/profil/<int:pegawai_id>/|operator/akses-krs/<int:pk>/cabut/")] = (
    "tests/nasional/test_krs_nasional.py"
)
# end nasional: KRS Nasional
# nasional: tahap — a declaration's evidence download and withdrawal (tests/nasional/test_tahap_halaman.py
# requests both for another instansi's declaration and a missing one, and checks nothing changed).
COVERED_ELSEWHERE[re.compile(r"tahap-implementasi/deklarasi/<uuid:uuid>/(berkas|cabut)/")] = (
    "tests/nasional/test_tahap_halaman.py"
)
# end nasional: tahap
# pengembangan: IDP — every IDP page and endpoint with an object, as the BKD and as an ASN/atasan.
COVERED_ELSEWHERE[
    re.compile(
        r"(pengembangan/idp/(saya/|atasan/)?<int:pk>/((ajukan|setujui|kembalikan|hapus|kegiatan/tambah)/)?)"
        r"|(pengembangan/idp/saya/kegiatan/<int:pk>/(progres|selesai)/)"
        r"|(pengembangan/idp/<int:pk>/kegiatan/<int:kpk>/(ubah|hapus)/)"
        r"|(pengembangan/idp/pegawai/<int:pegawai_pk>/susun/)"
        r"|(api/v1/pengembangan/(idp|kegiatan-idp)/<pk>/((setujui|kembalikan|progres)/)?)"
    )
] = "tests/pengembangan/test_idp_isolation.py"
# end pengembangan: IDP


def _anggaran_asesmen_asing(instansi) -> int:
    """pengembangan: antrean asesmen — another instansi's assessment budget (its year is its key)."""
    from apps.pengembangan.models import AnggaranAsesmen

    return AnggaranAsesmen.objects.create(instansi=instansi, tahun=2026, jenis="slot", jumlah_slot=7).tahun
