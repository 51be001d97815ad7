"""The permission matrix, cell by cell: every role against every page and endpoint that exists.

ENDPOINTS names, for each permission of apps/core/permissions.py, the requests that enforce it. A
meta-test below makes sure every URL pattern of the project appears here (or is public by design),
so a new page cannot slip in without a row in the matrix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from apps.core.permissions import PERMISSIONS, permission_matrix_markdown, role_has_permission
from apps.core.roles import Role
from apps.core.services import audit_event_record
from apps.core.tenancy import instansi_scope

pytestmark = pytest.mark.django_db

# Placeholders for objects of the caller's own instansi (A), filled in per test. RIWAYAT and DOKUMEN
# belong to the caller's own pegawai record when the caller is an ASN (an ASN sees only their own).
UNIT, MEMBER, EVENT = "{unit}", "{member}", "{event}"
PEGAWAI, RIWAYAT, DOKUMEN = "{pegawai}", "{riwayat}", "{dokumen}"
HUKUMAN, ASESMEN, SKP_ID, JOB = "{hukuman}", "{asesmen}", "{skp}", "{job}"
UMPAN_BALIK = "{umpan_balik}"
SAMPLE = {JOB: "12345678-1234-5678-1234-567812345678", ASESMEN: "1", SKP_ID: "1", HUKUMAN: "1", UNIT: "1", MEMBER: "1", EVENT: "1", PEGAWAI: "1", RIWAYAT: "1",
          DOKUMEN: "12345678-1234-5678-1234-567812345678"}  # fmt: skip
ATURAN, HITUNG_ULANG = "{aturan}", "{hitung_ulang}"
SAMPLE.update({ATURAN: "1", HITUNG_ULANG: "12345678-1234-5678-1234-567812345678", UMPAN_BALIK: "1"})
# suksesi: halaman
JABATAN_KUNCI, LAPORAN_JOB = "{jabatan_kunci}", "{laporan_job}"
SAMPLE.update({JABATAN_KUNCI: "1", LAPORAN_JOB: "12345678-1234-5678-1234-567812345678"})
# end suksesi: halaman
LAPORAN_PETA_TALENTA = "{laporan_peta_talenta}"  # petatalenta: laporan
SAMPLE[LAPORAN_PETA_TALENTA] = "12345678-1234-5678-1234-567812345678"
SERTIFIKAT = {"nama": "Sertifikat Matriks", "penerbit": "LKPP", "tanggal_terbit": "2024-01-15"}
MULTIPART = "multipart"

# permission (or a tuple: any one of them) -> [(method, path, body)]. A body of MULTIPART posts a
# small real PDF as `berkas`.
ENDPOINTS: dict[str | tuple[str, ...], list[tuple[str, str, dict | str | None]]] = {
    "home.admin_bkd": [("get", "/bkd/", None)],
    "home.verifikator": [("get", "/verifikator/", None)],
    "home.komite": [("get", "/komite/", None)],
    "home.ppk": [("get", "/ppk/", None)],
    "home.asn": [("get", "/asn/", None)],
    "home.bkn": [
        ("get", "/nasional/", None),
        ("get", "/nasional/ekspor.csv", None),
        ("get", "/nasional/ekspor.xlsx", None),
    ],
    "home.operator": [("get", "/operator/", None)],
    "instansi.view": [("get", "/instansi/", None), ("get", "/api/v1/instansi/saya/", None)],
    "unit_kerja.view": [
        ("get", "/unit-kerja/", None),
        ("get", f"/unit-kerja/{UNIT}/", None),
        ("get", "/api/v1/unit-kerja/", None),
        ("get", f"/api/v1/unit-kerja/{UNIT}/", None),
    ],
    "unit_kerja.manage": [
        ("get", "/unit-kerja/tambah/", None),
        ("get", f"/unit-kerja/{UNIT}/ubah/", None),
        (
            "post",
            "/api/v1/unit-kerja/",
            {"kode": "M.01", "nama": "Dinas Matriks", "jenis": "perangkat_daerah"},
        ),
        ("patch", f"/api/v1/unit-kerja/{UNIT}/", {"nama": "Dinas Pendidikan dan Kebudayaan"}),
        (
            "put",
            f"/api/v1/unit-kerja/{UNIT}/",
            {"kode": "A.01", "nama": "Dinas P", "jenis": "perangkat_daerah"},
        ),
    ],
    "membership.view": [
        ("get", "/anggota/", None),
        ("get", "/api/v1/anggota/", None),
        ("get", f"/api/v1/anggota/{MEMBER}/", None),
    ],
    "audit.view": [
        ("get", "/audit/", None),
        ("get", "/api/v1/audit/", None),
        ("get", f"/api/v1/audit/{EVENT}/", None),
    ],
    "pegawai.view": [
        ("get", "/pegawai/", None),
        ("get", f"/pegawai/{PEGAWAI}/", None),
        ("get", "/api/v1/pegawai/", None),
        ("get", f"/api/v1/pegawai/{PEGAWAI}/", None),
    ],
    "pegawai.manage": [
        ("get", "/pegawai/tambah/", None),
        ("get", f"/pegawai/{PEGAWAI}/ubah/", None),
        ("get", f"/pegawai/{PEGAWAI}/hukuman/tambah/", None),
        ("post", "/api/v1/pegawai/", {"nama": "Tidak Lengkap"}),  # allowed callers get 400
        ("patch", f"/api/v1/pegawai/{PEGAWAI}/", {"telepon": "0811-5000-1234"}),
        ("put", f"/api/v1/pegawai/{PEGAWAI}/", {"nama": "Tidak Lengkap"}),
        ("post", "/api/v1/riwayat/hukuman/", {"pegawai": 0}),  # allowed callers get 400
        ("patch", f"/api/v1/riwayat/hukuman/{HUKUMAN}/", {"jenis_hukuman": "Teguran tertulis"}),
    ],
    "pegawai.import": [
        ("get", "/pegawai/impor/", None),  # redirects to /impor/pegawai/
        ("get", "/impor/pegawai/", None),
        ("post", "/impor/pegawai/", {}),  # no file: the form answers with an error
        ("get", "/impor/pegawai/template.xlsx", None),
        ("get", "/pegawai/ekspor.xlsx", None),
        ("get", "/pegawai/ekspor.csv", None),
    ],
    "portfolio.own": [
        ("get", "/saya/", None),
        ("get", "/saya/kontak/", None),
        (
            "post",
            "/saya/kontak/",
            {"email": "siti@example.go.id", "telepon": "0811", "alamat": "Jl. Tjilik Riwut"},
        ),
        ("get", "/saya/riwayat/sertifikat/tambah/", None),
        ("get", f"/saya/riwayat/sertifikat/{RIWAYAT}/ubah/", None),
        ("post", f"/saya/riwayat/sertifikat/{RIWAYAT}/hapus/", {}),
        ("get", "/api/v1/saya/pegawai/", None),
        ("patch", "/api/v1/saya/pegawai/", {"telepon": "0811"}),
        ("post", "/api/v1/riwayat/sertifikat/", SERTIFIKAT),
        ("patch", f"/api/v1/riwayat/sertifikat/{RIWAYAT}/", {"nomor": "PBJ-1"}),
        ("put", f"/api/v1/riwayat/sertifikat/{RIWAYAT}/", SERTIFIKAT),
        ("delete", f"/api/v1/riwayat/sertifikat/{RIWAYAT}/", None),
        ("get", "/api/v1/saya/asesmen/", None),
        ("get", "/api/v1/saya/skp/", None),
        ("get", "/api/v1/saya/umpan-balik-360/", None),
        ("get", "/saya/talenta/", None),
        ("get", "/saya/talenta/profil.pdf", None),  # _objects opens the talent map to ASN
        ("get", "/saya/data-pribadi/", None),  # the ASN's own data (apps/privasi)
        ("post", "/saya/data-pribadi/", {}),
    ],
    ("pegawai.view", "portfolio.own"): [
        ("get", "/api/v1/riwayat/sertifikat/", None),
        ("get", f"/api/v1/riwayat/sertifikat/{RIWAYAT}/", None),
        ("get", "/api/v1/riwayat/hukuman/", None),
        ("get", f"/api/v1/riwayat/hukuman/{HUKUMAN}/", None),
    ],
    ("portfolio.own", "pegawai.manage"): [("post", "/api/v1/dokumen/", MULTIPART)],
    ("portfolio.own", "pegawai.view", "portfolio.verify"): [("get", f"/dokumen/{DOKUMEN}/", None)],
    "portfolio.verify": [
        ("get", "/verifikasi/", None),
        ("get", "/verifikasi/sertifikat/", None),
        ("get", f"/verifikasi/sertifikat/{RIWAYAT}/", None),
        ("post", f"/verifikasi/sertifikat/{RIWAYAT}/setujui/", {}),
        ("post", f"/verifikasi/sertifikat/{RIWAYAT}/tolak/", {"alasan": "Dokumen tidak terbaca jelas"}),
        ("post", "/verifikasi/sertifikat/setujui-massal/", {"ids": []}),
        ("get", "/verifikasi-kesesuaian/", None),
        ("post", "/verifikasi-kesesuaian/", {"massal": "1"}),  # nothing chosen: a message
        ("post", f"/api/v1/riwayat/sertifikat/{RIWAYAT}/setujui/", {}),
        ("post", f"/api/v1/riwayat/sertifikat/{RIWAYAT}/tolak/", {"alasan": "Dokumen tidak terbaca jelas"}),
        ("post", "/api/v1/riwayat/sertifikat/setujui-massal/", {"ids": []}),
    ],
    "penilaian.view": [
        ("get", "/asesmen/", None),
        ("get", f"/asesmen/{ASESMEN}/", None),
        ("get", "/skp/", None),
        ("get", "/cakupan/", None),
        ("get", "/api/v1/asesmen/", None),
        ("get", f"/api/v1/asesmen/{ASESMEN}/", None),
        ("get", "/api/v1/skp/", None),
        ("get", f"/api/v1/skp/{SKP_ID}/", None),
        ("get", "/umpan-balik-360/", None),
        ("get", "/api/v1/umpan-balik-360/", None),
        ("get", f"/api/v1/umpan-balik-360/{UMPAN_BALIK}/", None),
    ],
    "penilaian.manage": [
        ("get", "/asesmen/tambah/", None),
        ("post", "/asesmen/tambah/", {}),
        ("get", "/skp/tambah/", None),
        ("post", "/skp/tambah/", {}),
        ("post", "/api/v1/asesmen/", {}),
        ("post", "/api/v1/asesmen/batch/", {"items": []}),
        ("post", "/api/v1/skp/", {}),
        ("post", "/api/v1/skp/batch/", {"items": []}),
        ("get", "/umpan-balik-360/tambah/", None),
        ("post", "/umpan-balik-360/tambah/", {}),
        ("post", "/api/v1/umpan-balik-360/", {}),
        ("post", "/api/v1/umpan-balik-360/batch/", {"items": []}),
        ("get", "/impor/umpan_balik_360/", None),
        ("get", "/impor/umpan_balik_360/template.xlsx", None),
        ("get", "/impor/skp/", None),
        ("post", "/impor/skp/", {}),  # no file: the form answers with an error
        ("get", "/impor/asesmen/template.xlsx", None),
        ("get", f"/impor/job/{JOB}/", None),
        ("get", f"/impor/job/{JOB}/status.json", None),
        ("post", f"/impor/job/{JOB}/simpan/", {}),
        ("get", f"/impor/job/{JOB}/galat.xlsx", None),
    ],
    "talenta.view": [
        ("get", f"/pegawai/{PEGAWAI}/talenta/", None),
        ("get", f"/pegawai/{PEGAWAI}/talenta/profil.pdf", None),
        ("get", "/talenta/sembilan-kotak/", None),
        ("get", "/talenta/sembilan-kotak/kotak/9/", None),
        ("get", "/talenta/sembilan-kotak/perlu-data/", None),
        ("get", "/talenta/sembilan-kotak/transisi/", None),
        # petatalenta: laporan (the Peta Talenta report of the nine-box page)
        ("post", "/talenta/sembilan-kotak/laporan/", {"format": "xlsx"}),
        ("get", f"/talenta/sembilan-kotak/laporan/{LAPORAN_PETA_TALENTA}/", None),
        ("get", f"/talenta/sembilan-kotak/laporan/{LAPORAN_PETA_TALENTA}/status.json", None),
        ("get", f"/talenta/sembilan-kotak/laporan/{LAPORAN_PETA_TALENTA}/unduh/", None),
    ],
    "aturan.view": [
        ("get", "/talenta/aturan/", None),
        ("get", f"/talenta/aturan/{ATURAN}/", None),
        ("get", f"/talenta/aturan/{ATURAN}/ekspor.json", None),
        ("get", "/talenta/aturan/banding/", None),
        ("get", f"/talenta/aturan/banding/?a={ATURAN}&b={ATURAN}", None),
        ("get", f"/talenta/aturan/hitung-ulang/{HITUNG_ULANG}/", None),
        ("get", f"/talenta/aturan/hitung-ulang/{HITUNG_ULANG}/status.json", None),
    ],
    "aturan.manage": [
        ("get", "/talenta/aturan/salin/", None),
        ("post", "/talenta/aturan/salin/", {}),  # no source: the form answers with an error
        ("get", f"/talenta/aturan/{ATURAN}/ubah/", None),
        ("post", f"/talenta/aturan/{ATURAN}/ubah/", {}),
        ("get", "/talenta/aturan/impor/", None),
        ("post", "/talenta/aturan/impor/", {}),
        ("get", f"/talenta/aturan/{ATURAN}/aktifkan/", None),
        ("post", f"/talenta/aturan/{ATURAN}/aktifkan/", {}),  # unconfirmed: nothing happens
        ("post", f"/talenta/aturan/{ATURAN}/hapus/", {}),
        ("post", "/talenta/aturan/hitung-ulang/", {}),
        ("get", "/talenta/aturan/pengaturan/", None),
        ("post", "/talenta/aturan/pengaturan/", {}),
    ],
    # suksesi: halaman
    "suksesi.view": [
        ("get", "/suksesi/", None),
        ("get", "/suksesi/jabatan-kunci/", None),
        ("get", f"/suksesi/jabatan-kunci/{JABATAN_KUNCI}/", None),
        ("get", f"/suksesi/jabatan-kunci/{JABATAN_KUNCI}/calon-suksesor.pdf", None),
        ("get", "/suksesi/krs/", None),
        ("get", "/suksesi/krs/ekspor.xlsx", None),
        ("get", "/suksesi/krs/ekspor.csv", None),
        ("get", "/suksesi/krs-nasional/ekspor.xlsx", None),
        ("get", "/suksesi/krs-nasional/ekspor.csv", None),
        ("get", "/suksesi/krs-nasional/", None),
        ("get", "/suksesi/laporan/", None),
        ("post", "/suksesi/laporan/", {}),
        ("get", "/suksesi/laporan/calon-suksesor.xlsx", None),
        ("get", f"/suksesi/laporan/{LAPORAN_JOB}/", None),
        ("get", f"/suksesi/laporan/{LAPORAN_JOB}/status.json", None),
        ("get", f"/suksesi/laporan/{LAPORAN_JOB}/calon-suksesor.pdf", None),
        ("get", "/api/v1/suksesi/jabatan-kunci/", None),
        ("get", f"/api/v1/suksesi/jabatan-kunci/{JABATAN_KUNCI}/", None),
        ("get", f"/api/v1/suksesi/jabatan-kunci/{JABATAN_KUNCI}/kandidat/", None),
        ("get", "/api/v1/suksesi/krs/", None),
    ],
    "suksesi.own": [("get", "/suksesi/saya/", None)],
    # pengembangan: antrean asesmen (the year's budget of the matrix objects: 2026)
    "antrean_asesmen.view": [
        ("get", "/pengembangan/antrean-asesmen/", None),
        ("get", "/pengembangan/antrean-asesmen/ekspor.xlsx", None),
        ("get", "/api/v1/pengembangan/antrean-asesmen/", None),
        ("get", "/api/v1/pengembangan/anggaran-asesmen/", None),
        ("get", "/api/v1/pengembangan/anggaran-asesmen/2026/", None),
    ],
    "antrean_asesmen.manage": [
        ("get", "/pengembangan/antrean-asesmen/anggaran/", None),
        (
            "post",
            "/pengembangan/antrean-asesmen/anggaran/",
            {"tahun": "2026", "jenis": "slot", "jumlah_slot": "5", "metode": "cact"},
        ),
        (
            "post",
            "/api/v1/pengembangan/anggaran-asesmen/",
            {"tahun": 2026, "jenis": "slot", "jumlah_slot": 5, "metode": "cact"},
        ),
    ],
    # end suksesi: halaman
    "kelengkapan.view": [("get", "/kelengkapan/", None), ("get", f"/kelengkapan/{UNIT}/", None)],
    "nasional.view": [
        ("get", "/nasional/provinsi/62/", None),
        ("get", "/nasional/provinsi/62/ekspor.csv", None),
        ("get", "/nasional/provinsi/62/ekspor.xlsx", None),
        ("get", "/nasional/instansi/6201/", None),  # instansi A
        ("get", "/nasional/instansi/6201/ekspor.csv", None),
        ("get", "/nasional/instansi/6201/ekspor.xlsx", None),
        ("get", "/api/v1/nasional/rekap/", None),
        ("get", "/api/v1/nasional/provinsi/62/", None),
        ("get", "/api/v1/nasional/instansi/6201/", None),
        ("get", "/api/v1/nasional/ringkasan/", None),
    ],
    "system.health": [("get", "/operator/kesehatan/", None)],
    "account.view": [("get", "/api/v1/saya/", None)],
    "wilayah.view": [("get", "/api/v1/wilayah/", None), ("get", "/api/v1/wilayah/62/", None)],
}

# suksesi: aturan — the succession rule-set pages (a draf version of the caller's instansi).
ATURAN_SUKSESI = "{aturan_suksesi}"
SAMPLE[ATURAN_SUKSESI] = "1"
ENDPOINTS.setdefault("suksesi.view", []).extend(
    [
        ("get", "/suksesi/aturan/", None),
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/", None),
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/ekspor.json", None),
        ("get", "/suksesi/aturan/banding/", None),
        ("get", f"/suksesi/aturan/banding/?a={ATURAN_SUKSESI}&b={ATURAN_SUKSESI}", None),
    ]
)
ENDPOINTS.setdefault("suksesi.manage", []).extend(
    [
        ("get", "/suksesi/aturan/salin/", None),
        ("post", "/suksesi/aturan/salin/", {}),  # no source: the form answers with an error
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/ubah/", None),
        ("post", f"/suksesi/aturan/{ATURAN_SUKSESI}/ubah/", {}),
        ("get", "/suksesi/aturan/impor/", None),
        ("post", "/suksesi/aturan/impor/", {}),
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/aktifkan/", None),
        ("post", f"/suksesi/aturan/{ATURAN_SUKSESI}/aktifkan/", {}),  # unconfirmed: nothing happens
        ("post", f"/suksesi/aturan/{ATURAN_SUKSESI}/hapus/", {}),
    ]
)

# suksesi: jabatan — key-post management (Admin BKD), the Komite's nominations, the key-post API.
JABATAN, NOMINASI = "{jabatan}", "{nominasi}"
SAMPLE.update({JABATAN: "1", NOMINASI: "1"})
ENDPOINTS.setdefault("suksesi.view", []).extend(
    [("get", "/api/v1/jabatan-kunci/", None), ("get", f"/api/v1/jabatan-kunci/{JABATAN}/", None)]
)
ENDPOINTS.setdefault("suksesi.manage", []).extend(
    [
        ("get", "/suksesi/jabatan-kunci/kelola/", None),
        ("get", "/suksesi/jabatan-kunci/ekspor.xlsx", None),
        ("get", "/suksesi/jabatan-kunci/tambah/", None),
        ("post", "/suksesi/jabatan-kunci/tambah/", {}),  # empty: the form answers with errors
        ("get", f"/suksesi/jabatan-kunci/{JABATAN}/ubah/", None),
        ("post", f"/suksesi/jabatan-kunci/{JABATAN}/ubah/", {}),
        ("get", f"/suksesi/jabatan-kunci/{JABATAN}/nonaktifkan/", None),
        ("post", f"/suksesi/jabatan-kunci/{JABATAN}/nonaktifkan/", {}),  # no reason: nothing happens
        ("get", "/suksesi/jabatan-kunci/tandai-massal/", None),
        ("post", "/suksesi/jabatan-kunci/tandai-massal/", {}),
        ("get", "/suksesi/jabatan-kunci/pengaturan/", None),
        ("post", "/suksesi/jabatan-kunci/pengaturan/", {}),
        ("get", "/impor/jabatan_kunci/", None),
        ("get", "/impor/jabatan_kunci/template.xlsx", None),
        ("post", "/api/v1/jabatan-kunci/", {}),  # allowed callers get 400
        ("patch", f"/api/v1/jabatan-kunci/{JABATAN}/", {"nama": "Sekretaris Matriks"}),
        ("put", f"/api/v1/jabatan-kunci/{JABATAN}/", {}),
        ("post", f"/api/v1/jabatan-kunci/{JABATAN}/nonaktifkan/", {}),
    ]
)
ENDPOINTS.setdefault("suksesi.nominasi", []).extend(
    [
        ("get", f"/suksesi/jabatan-kunci/{JABATAN}/nominasi/", None),
        ("post", f"/suksesi/jabatan-kunci/{JABATAN}/nominasi/", {}),
        ("get", f"/suksesi/jabatan-kunci/{JABATAN}/nominasi/{NOMINASI}/cabut/", None),
        ("post", f"/suksesi/jabatan-kunci/{JABATAN}/nominasi/{NOMINASI}/cabut/", {}),
    ]
)

# komite penetapan — the PPK's queue, one closed session, the answers (empty bodies: the form or
# serializer answers with errors), the established results and the penetapan API.
SIDANG_PENETAPAN, PENETAPAN = "{sidang_penetapan}", "{penetapan}"
SAMPLE.update({SIDANG_PENETAPAN: "1", PENETAPAN: "1"})
ENDPOINTS.setdefault("komite.view", []).extend(
    [
        ("get", "/penetapan/", None),
        ("get", f"/penetapan/{SIDANG_PENETAPAN}/", None),
        ("get", "/api/v1/komite/penetapan/", None),
        ("get", f"/api/v1/komite/penetapan/{PENETAPAN}/", None),
    ]
)
ENDPOINTS.setdefault("penetapan.manage", []).extend(
    [
        ("post", f"/penetapan/{SIDANG_PENETAPAN}/tetapkan/", {}),
        ("post", f"/penetapan/{SIDANG_PENETAPAN}/kembalikan/", {}),
        ("post", "/api/v1/komite/penetapan/", {}),
    ]
)
ENDPOINTS.setdefault("talenta.view", []).extend(
    [("get", "/penetapan/hasil/", None), ("get", "/api/v1/komite/ditetapkan/", None)]
)
# end komite penetapan


# komite: anggota — the committee's membership and settings, and the inbox of notifications.
ANGGOTA_KOMITE, NOTIFIKASI = "{anggota_komite}", "{notifikasi}"
SAMPLE.update({ANGGOTA_KOMITE: "1", NOTIFIKASI: "1"})
ENDPOINTS.setdefault("komite.view", []).extend(
    [
        ("get", "/komite/anggota/", None),
        ("get", "/api/v1/komite/anggota/", None),
        ("get", f"/api/v1/komite/anggota/{ANGGOTA_KOMITE}/", None),
        ("get", "/api/v1/komite/pengaturan/", None),
    ]
)
ENDPOINTS.setdefault("komite.manage", []).extend(
    [
        ("get", "/komite/anggota/tambah/", None),
        ("post", "/komite/anggota/tambah/", {}),  # empty: the form answers with errors
        ("get", f"/komite/anggota/{ANGGOTA_KOMITE}/ubah/", None),
        ("post", f"/komite/anggota/{ANGGOTA_KOMITE}/ubah/", {}),
        ("get", f"/komite/anggota/{ANGGOTA_KOMITE}/akhiri/", None),
        ("post", f"/komite/anggota/{ANGGOTA_KOMITE}/akhiri/", {}),  # no date: nothing happens
        ("post", f"/komite/anggota/{ANGGOTA_KOMITE}/hapus/", {}),  # never invited: deleted, 302
        ("get", "/komite/anggota/pengaturan/", None),
        ("post", "/komite/anggota/pengaturan/", {}),
        ("post", "/api/v1/komite/anggota/", {}),  # allowed callers get 400
        ("put", f"/api/v1/komite/anggota/{ANGGOTA_KOMITE}/", {}),
        ("patch", f"/api/v1/komite/anggota/{ANGGOTA_KOMITE}/", {}),
        ("post", f"/api/v1/komite/anggota/{ANGGOTA_KOMITE}/akhiri/", {}),
        ("put", "/api/v1/komite/pengaturan/", {}),
    ]
)
# Every role holds notifikasi.own; an account without an instansi (BKN, operator) has an empty inbox
# and nothing to mark (the page redirects to the inbox, the API answers 400).
ENDPOINTS.setdefault("notifikasi.own", []).extend(
    [
        ("get", "/notifikasi/", None),
        ("post", f"/notifikasi/{NOTIFIKASI}/baca/", {}),
        ("post", "/notifikasi/baca-semua/", {}),
        ("get", "/api/v1/notifikasi/", None),
        ("post", f"/api/v1/notifikasi/{NOTIFIKASI}/baca/", {}),
        # notifikasi: preferensi — the caller's own choices per kind (empty form: every channel off).
        ("get", "/notifikasi/preferensi/", None),
        ("post", "/notifikasi/preferensi/", {}),
        ("get", "/api/v1/notifikasi/preferensi/", None),
        ("put", "/api/v1/notifikasi/preferensi/", {}),  # not a list: 400
    ]
)


def _anggota_objects(instansi, user) -> dict[str, str]:
    """komite: anggota — a committee member of the caller's instansi and a notification of the caller."""
    from apps.komite.models import AnggotaKomite
    from apps.notifikasi.models import Notifikasi
    from tests.factories import AnggotaKomiteFactory, user_with_role

    komite_user = user_with_role(Role.KOMITE_ANGGOTA, instansi, username="matriks.komite")
    with instansi_scope(instansi):
        anggota = AnggotaKomiteFactory(instansi=instansi, user=komite_user, peran=AnggotaKomite.Peran.ANGGOTA)
        notifikasi = Notifikasi.objects.create(
            instansi=instansi, penerima=user, jenis="uji", judul="Notifikasi matriks", tautan="/beranda/"
        )
    return {ANGGOTA_KOMITE: str(anggota.pk), NOTIFIKASI: str(notifikasi.pk)}


def _suksesi_jabatan_objects(instansi, unit, pegawai) -> dict[str, str]:
    """suksesi: jabatan — a key post of the caller's instansi and a standing nomination for it."""
    from apps.suksesi.models import NominasiKhusus
    from tests.factories import JabatanKunciFactory

    with instansi_scope(instansi):
        jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, nama="Sekretaris Matriks")
        nominasi = NominasiKhusus.objects.create(
            instansi=instansi, jabatan_kunci=jabatan, pegawai=pegawai, alasan="Nominasi matriks"
        )
    return {JABATAN: str(jabatan.pk), NOMINASI: str(nominasi.pk)}


RIWAYAT_KINDS = re.compile(r"api/v1/riwayat/(pendidikan|diklat|penghargaan|sk_tim|jabatan|organisasi)/")

# URL patterns open to everyone (or to every signed-in user) by design.
PUBLIC_ROUTES = {
    "",
    "beranda/",
    "healthz",
    "masuk/",
    "keluar/",
    "akun/kata-sandi/",
    "akun/kata-sandi/selesai/",
    "i18n/setlang/",
    "api/v1/auth/token/",
    # Every signed-in user's own API tokens (tests/accounts/test_api_tokens.py).
    "akun/token/",
    "akun/token/cabut-semua/",
    "akun/token/<uuid:kode>/cabut/",
    "api/v1/auth/tokens/",
    "api/v1/auth/tokens/<uuid:kode>/",
    "api/v1/auth/logout/",
    "api/v1/schema/",
    "api/v1/docs/",
    "api/v1/",  # the catch-all: an address no endpoint matches answers a JSON 404 to anyone
}

# komite: sidang — session pages and API (a draft session of the caller's instansi with one item).
SDG, SDG_AGENDA = "{sdg}", "{sdg_agenda}"
SAMPLE.update({SDG: "1", SDG_AGENDA: "1"})
ENDPOINTS.setdefault("komite.view", []).extend(
    [
        ("get", "/komite/sidang/", None),
        ("get", f"/komite/sidang/{SDG}/", None),
        ("get", "/api/v1/komite/sidang/", None),
        ("get", f"/api/v1/komite/sidang/{SDG}/", None),
    ]
)
ENDPOINTS.setdefault("komite.sekretariat", []).extend(
    [
        ("get", "/komite/sidang/tambah/", None),
        ("post", "/komite/sidang/tambah/", {}),  # empty: the form answers with errors
        ("get", f"/komite/sidang/{SDG}/ubah/", None),
        ("post", f"/komite/sidang/{SDG}/ubah/", {}),
        ("get", f"/komite/sidang/{SDG}/hapus/", None),
        ("post", f"/komite/sidang/{SDG}/hapus/", {}),
        ("get", f"/komite/sidang/{SDG}/agenda/tambah/", None),
        ("post", f"/komite/sidang/{SDG}/agenda/tambah/", {}),
        ("post", f"/komite/sidang/{SDG}/agenda/{SDG_AGENDA}/hapus/", {}),
        ("post", f"/komite/sidang/{SDG}/undang/", {}),  # no members: refused with a message
        ("get", f"/komite/sidang/{SDG}/kehadiran/", None),
        ("post", f"/komite/sidang/{SDG}/kehadiran/", {}),
        ("post", f"/komite/sidang/{SDG}/mulai/", {}),  # not invited yet: refused with a message
        ("get", f"/komite/sidang/{SDG}/tutup/", None),
        ("post", f"/komite/sidang/{SDG}/tutup/", {}),
        ("post", f"/komite/sidang/{SDG}/lanjutan/", {}),  # not returned: refused with a message
        ("post", "/api/v1/komite/sidang/", {}),  # allowed callers get 400
        ("put", f"/api/v1/komite/sidang/{SDG}/", {}),
        ("patch", f"/api/v1/komite/sidang/{SDG}/", {"tempat": "Aula Matriks"}),
        ("post", f"/api/v1/komite/sidang/{SDG}/agenda/", {}),
        ("delete", f"/api/v1/komite/sidang/{SDG}/agenda/{SDG_AGENDA}/", None),
        ("post", f"/api/v1/komite/sidang/{SDG}/undang/", {}),
        ("post", f"/api/v1/komite/sidang/{SDG}/kehadiran/", {}),
        ("post", f"/api/v1/komite/sidang/{SDG}/mulai/", {}),
        ("post", f"/api/v1/komite/sidang/{SDG}/tutup/", {}),
        ("post", f"/api/v1/komite/sidang/{SDG}/lanjutan/", {}),
    ]
)


# komite: keputusan — the decision pages and API on an agenda item of the caller's instansi (a
# calibration item with a proposal and its PDF evidence, in a session under way) and a recorded
# decision. The callers are not committee members, so allowed roles get the page back with the
# service's refusal (200) or a 400 from the API — never a 403.
K_SIDANG, K_AGENDA, K_KEPUTUSAN = "{k_sidang}", "{k_agenda}", "{k_keputusan}"
SAMPLE.update({K_SIDANG: "1", K_AGENDA: "1", K_KEPUTUSAN: "1"})
KEPUTUSAN_ENDPOINTS = {
    "komite.view": [
        ("get", f"/komite/sidang/{K_SIDANG}/agenda/{K_AGENDA}/", None),
        ("get", f"/komite/sidang/{K_SIDANG}/agenda/{K_AGENDA}/usulan/bukti/", None),
        ("get", "/api/v1/komite/keputusan/", None),
        ("get", f"/api/v1/komite/keputusan/?sidang={K_SIDANG}", None),
        ("get", f"/api/v1/komite/keputusan/{K_KEPUTUSAN}/", None),
    ],
    "komite.putus": [
        ("post", f"/komite/sidang/{K_SIDANG}/agenda/{K_AGENDA}/usulan/", {}),
        ("post", f"/komite/sidang/{K_SIDANG}/agenda/{K_AGENDA}/keputusan/", {}),
        ("post", f"/api/v1/komite/agenda/{K_AGENDA}/usulan/", {}),
        ("post", f"/api/v1/komite/agenda/{K_AGENDA}/keputusan/", {}),
    ],
}
for _permission, _requests in KEPUTUSAN_ENDPOINTS.items():
    ENDPOINTS.setdefault(_permission, []).extend(_requests)


# komite: dokumen — the session documents (a set session of the caller's instansi with a finished
# Berita Acara). The POSTs queue a job (302 to the documents page / 201 from the API).
SIDANG_DOKUMEN, DOKUMEN_SIDANG = "{sidang_dokumen}", "{dokumen_sidang}"
SAMPLE.update({SIDANG_DOKUMEN: "1", DOKUMEN_SIDANG: "12345678-1234-5678-1234-567812345678"})
_KOMITE_DOKUMEN_ENDPOINTS = [
    ("get", f"/komite/sidang/{SIDANG_DOKUMEN}/dokumen/", None),
    ("post", f"/komite/sidang/{SIDANG_DOKUMEN}/dokumen/berita_acara/", {}),
    ("get", f"/komite/sidang/{SIDANG_DOKUMEN}/dokumen/{DOKUMEN_SIDANG}/status/", None),
    ("get", f"/komite/sidang/{SIDANG_DOKUMEN}/dokumen/{DOKUMEN_SIDANG}/unduh/", None),
    ("post", f"/api/v1/komite/sidang/{SIDANG_DOKUMEN}/dokumen/", {"jenis": "berita_acara"}),
    ("get", f"/api/v1/komite/dokumen/{DOKUMEN_SIDANG}/", None),
    ("get", f"/api/v1/komite/dokumen/{DOKUMEN_SIDANG}/unduh/", None),
]
ENDPOINTS.setdefault("komite.view", []).extend(_KOMITE_DOKUMEN_ENDPOINTS)

# nasional: keadilan — the fairness lenses: the instansi's own (from its placements) and BKN's
# national / province lens (from the summary rows), with their exports and API.
ENDPOINTS.setdefault("keadilan.view", []).extend(
    [
        ("get", "/keadilan/", None),
        ("get", "/keadilan/ekspor.csv", None),
        ("get", "/keadilan/ekspor.xlsx", None),
        ("get", "/api/v1/nasional/keadilan/instansi/", None),
    ]
)
ENDPOINTS.setdefault("nasional.view", []).extend(
    [
        ("get", "/nasional/keadilan/", None),
        ("get", "/nasional/keadilan/?provinsi=62", None),
        ("get", "/nasional/keadilan/ekspor.csv", None),
        ("get", "/nasional/keadilan/ekspor.xlsx", None),
        ("get", "/nasional/keadilan/ekspor.xlsx?provinsi=62", None),
        ("get", "/api/v1/nasional/keadilan/", None),
        ("get", "/api/v1/nasional/keadilan/?provinsi=62", None),
    ]
)
# end nasional: keadilan


# nasional: KRS Nasional — the search needs the BKN role AND an operator's grant in force: every
# caller gets a grant (_krs_objects), so the BKN cell is decided by the role (a BKN account without
# a grant gets 403 everywhere: tests/nasional/test_krs_nasional.py). Without a stated purpose the
# search shows the purpose form and a profile link goes back to it (302); empty POSTs answer 200
# with the form's errors.
AKSES_KRS = "{akses_krs}"
SAMPLE[AKSES_KRS] = "1"
ENDPOINTS.setdefault("nasional.krs", []).extend(
    [
        ("get", "/nasional/krs/", None),
        ("post", "/nasional/krs/sesi/", {}),
        ("post", "/nasional/krs/sesi/akhiri/", {}),
        ("get", f"/nasional/krs/profil/{PEGAWAI}/", None),
    ]
)
ENDPOINTS.setdefault("nasional.krs_pantau", []).append(("get", "/krs-nasional/pemantauan/", None))
ENDPOINTS.setdefault("nasional.krs_akses", []).extend(
    [
        ("get", "/operator/akses-krs/", None),
        ("post", "/operator/akses-krs/", {}),
        ("post", f"/operator/akses-krs/{AKSES_KRS}/cabut/", {}),
    ]
)


def _krs_objects(user) -> dict[str, str]:
    """nasional: KRS Nasional — a grant in force for the caller (it matters only to BKN)."""
    from apps.nasional.models import AksesKrsNasional

    akses = AksesKrsNasional.objects.create(user=user, dasar="ND matriks", berlaku_mulai=timezone.localdate())
    return {AKSES_KRS: str(akses.pk)}


# end nasional: KRS Nasional


# pengembangan: IDP — the caller's own plan (draft, one activity), and a submitted plan of another
# pegawai whose atasan is the caller's pegawai record (so an ASN caller is its atasan).
IDP_SAYA, KEGIATAN_SAYA, IDP_BAWAHAN, KEGIATAN_BAWAHAN = (
    "{idp_saya}",
    "{kegiatan_saya}",
    "{idp_bawahan}",
    "{kegiatan_bawahan}",
)
SAMPLE.update({IDP_SAYA: "1", KEGIATAN_SAYA: "1", IDP_BAWAHAN: "1", KEGIATAN_BAWAHAN: "1"})
ENDPOINTS.setdefault("idp.own", []).extend(
    [
        ("get", "/pengembangan/idp/saya/", None),
        ("post", f"/pengembangan/idp/saya/{IDP_SAYA}/ajukan/", {}),
        ("get", f"/pengembangan/idp/saya/kegiatan/{KEGIATAN_SAYA}/progres/", None),
        ("post", f"/pengembangan/idp/saya/kegiatan/{KEGIATAN_SAYA}/progres/", {}),
        ("get", f"/pengembangan/idp/saya/kegiatan/{KEGIATAN_SAYA}/selesai/", None),
        ("post", f"/pengembangan/idp/saya/kegiatan/{KEGIATAN_SAYA}/selesai/", {}),  # not approved: refused
        ("get", "/api/v1/pengembangan/idp/saya/", None),
        ("post", f"/api/v1/pengembangan/kegiatan-idp/{KEGIATAN_SAYA}/progres/", {}),  # 400
    ]
)
ENDPOINTS.setdefault("idp.atasan", []).extend(
    [
        ("get", "/pengembangan/idp/atasan/", None),
        ("get", f"/pengembangan/idp/atasan/{IDP_BAWAHAN}/", None),
        ("post", f"/pengembangan/idp/atasan/{IDP_BAWAHAN}/setujui/", {}),
        ("get", f"/pengembangan/idp/atasan/{IDP_BAWAHAN}/kembalikan/", None),
        ("post", f"/pengembangan/idp/atasan/{IDP_BAWAHAN}/kembalikan/", {}),  # no reason: form errors
    ]
)
ENDPOINTS.setdefault("idp.view", []).extend(
    [
        ("get", "/pengembangan/idp/", None),
        ("get", "/pengembangan/idp/prioritas/", None),
        ("get", "/pengembangan/idp/krs/", None),
        ("get", "/pengembangan/idp/ekspor.xlsx", None),
        ("get", f"/pengembangan/idp/{IDP_BAWAHAN}/", None),
        ("get", "/api/v1/pengembangan/idp/", None),
        ("get", f"/api/v1/pengembangan/idp/{IDP_BAWAHAN}/", None),
        ("get", "/api/v1/pengembangan/kegiatan-idp/", None),
        ("get", f"/api/v1/pengembangan/kegiatan-idp/{KEGIATAN_BAWAHAN}/", None),
    ]
)
ENDPOINTS.setdefault("idp.manage", []).extend(
    [
        ("get", "/pengembangan/idp/susun/", None),
        ("post", "/pengembangan/idp/susun/", {}),  # no year: form errors
        ("post", f"/pengembangan/idp/pegawai/{PEGAWAI}/susun/", {}),
        ("post", f"/pengembangan/idp/{IDP_BAWAHAN}/setujui/", {}),
        ("get", f"/pengembangan/idp/{IDP_BAWAHAN}/kembalikan/", None),
        ("post", f"/pengembangan/idp/{IDP_BAWAHAN}/kembalikan/", {}),
        ("post", f"/pengembangan/idp/{IDP_SAYA}/hapus/", {}),
        ("get", f"/pengembangan/idp/{IDP_BAWAHAN}/kegiatan/tambah/", None),
        ("post", f"/pengembangan/idp/{IDP_BAWAHAN}/kegiatan/tambah/", {}),
        ("get", f"/pengembangan/idp/{IDP_BAWAHAN}/kegiatan/{KEGIATAN_BAWAHAN}/ubah/", None),
        ("post", f"/pengembangan/idp/{IDP_BAWAHAN}/kegiatan/{KEGIATAN_BAWAHAN}/ubah/", {}),
        ("post", f"/pengembangan/idp/{IDP_BAWAHAN}/kegiatan/{KEGIATAN_BAWAHAN}/hapus/", {}),
        ("post", "/api/v1/pengembangan/idp/", {}),  # allowed callers get 400
        ("delete", f"/api/v1/pengembangan/idp/{IDP_SAYA}/", None),
        ("post", f"/api/v1/pengembangan/idp/{IDP_BAWAHAN}/setujui/", {}),
        ("post", f"/api/v1/pengembangan/idp/{IDP_BAWAHAN}/kembalikan/", {}),
        ("post", "/api/v1/pengembangan/kegiatan-idp/", {}),
        ("patch", f"/api/v1/pengembangan/kegiatan-idp/{KEGIATAN_BAWAHAN}/", {"nama": "Coaching matriks"}),
        ("delete", f"/api/v1/pengembangan/kegiatan-idp/{KEGIATAN_BAWAHAN}/", None),
    ]
)


def _idp_objects(instansi, pegawai) -> dict[str, str]:
    """pengembangan: IDP — the caller's own draft plan, and a submitted plan whose atasan is the caller's pegawai."""
    from tests.factories import IdpFactory, KegiatanIdpFactory, PegawaiFactory

    with instansi_scope(instansi):
        saya = IdpFactory(pegawai=pegawai)
        kegiatan_saya = KegiatanIdpFactory(idp=saya)
        bawahan = IdpFactory(pegawai=PegawaiFactory(instansi=instansi), atasan=pegawai, status="diajukan")
        kegiatan_bawahan = KegiatanIdpFactory(idp=bawahan)
    return {
        IDP_SAYA: str(saya.pk),
        KEGIATAN_SAYA: str(kegiatan_saya.pk),
        IDP_BAWAHAN: str(bawahan.pk),
        KEGIATAN_BAWAHAN: str(kegiatan_bawahan.pk),
    }


# end pengembangan: IDP


# petatalenta: simulasi — the what-if of a pegawai (form, then a computed result; nothing stored),
# and the ASN's own (their pegawai is linked and _objects opens the talent map to ASN).
ENDPOINTS.setdefault("talenta.simulasi", []).extend(
    [
        ("get", f"/pegawai/{PEGAWAI}/talenta/simulasi/", None),
        ("get", f"/pegawai/{PEGAWAI}/talenta/simulasi/?hitung=1&jp=40&jenjang=s2", None),
        ("post", f"/api/v1/talenta/pegawai/{PEGAWAI}/simulasi/", {"jp": 40}),
    ]
)
ENDPOINTS.setdefault("talenta.simulasi_saya", []).extend(
    [
        ("get", "/saya/talenta/simulasi/", None),
        ("get", "/saya/talenta/simulasi/?hitung=1&jp=40&jenjang=s2", None),
        ("post", "/api/v1/talenta/saya/simulasi/", {"jp": 40}),
    ]
)
# end petatalenta: simulasi


def pytest_generate_tests(metafunc):
    """The cells are built when pytest collects, after the whole module ran: an ENDPOINTS block added
    anywhere in this file (each part appends its own) gets its cells, never silently none."""
    if metafunc.function.__name__ != "test_matrix_cell":
        return
    metafunc.parametrize(
        ("permission", "method", "path", "body", "role"),
        [
            pytest.param(
                permission, method, path, body, role, id=f"{permission}-{method}-{path}-{role.value}"
            )
            for permission, requests in ENDPOINTS.items()
            for method, path, body in requests
            for role in Role
        ],
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _allowed(role: Role, permission: str | tuple[str, ...]) -> bool:
    codes = permission if isinstance(permission, tuple) else (permission,)
    return any(role_has_permission(role=role, permission=code) for code in codes)


def test_matrix_cell(
    permission, method, path, body, role, make_user, instansi_a, unit_tree_a, api_login, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    user = make_user(role, instansi_a)
    client = api_login(user)  # session login: the real middleware resolves the actor
    url = path
    for placeholder, value in _objects(
        role=role, user=user, instansi=instansi_a, unit=unit_tree_a[0]
    ).items():
        url = url.replace(placeholder, value)
    if body == MULTIPART:
        response = client.post(url, data={"berkas": SimpleUploadedFile("s.pdf", PDF)}, format="multipart")
    elif body is None:
        response = getattr(client, method)(url)
    elif url.startswith("/api/"):
        response = getattr(client, method)(url, data=body, format="json")
    else:
        response = getattr(client, method)(url, data=body, format="multipart")
    if _allowed(role, permission):
        # Allowed: served (2xx), redirected after a successful POST (302), or refused on the *data*
        # (400) — never refused on the role.
        assert response.status_code in (200, 201, 204, 302, 400), (
            response.status_code,
            response.content[:300],
        )
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])


def _objects(*, role, user, instansi, unit) -> dict[str, str]:
    """One object of each kind in the caller's instansi, owned by the caller where ownership matters."""
    from apps.impor.services import import_job_create
    from apps.pegawai.services import dokumen_store
    from apps.petatalenta.models import PengaturanTalenta
    from tests.factories import (
        AsesmenFactory,
        HukumanDisiplinFactory,
        PegawaiFactory,
        SertifikatFactory,
        SKPFactory,
        UmpanBalik360Factory,
    )

    pegawai = PegawaiFactory(instansi=instansi, user=user if role == Role.ASN else None)
    other_member = make_user_membership(instansi)
    event = audit_event_record(action="test.event", instansi=instansi, actor=None)
    with instansi_scope(instansi):
        dokumen = dokumen_store(pegawai=pegawai, actor=None, berkas=SimpleUploadedFile("s.pdf", PDF))
        riwayat = SertifikatFactory(
            pegawai=pegawai, dokumen=dokumen, nama="Sertifikat PBJ", penerbit="LKPP",
            tanggal_terbit="2024-01-15", status="diajukan", diajukan_pada=timezone.now(),
        )  # fmt: skip
        hukuman = HukumanDisiplinFactory(
            pegawai=pegawai, tingkat="ringan", jenis_hukuman="Teguran lisan", nomor_sk="800/1/BKPSDM",
            tmt_mulai="2024-02-01", status="disetujui",
        )  # fmt: skip
        asesmen = AsesmenFactory(
            pegawai=pegawai, tanggal="2025-03-01", lembaga="UPT Asesmen", metode="assessment_center",
            nilai_potensi=80, jpm=90, berlaku_sampai="2028-03-01",
        )  # fmt: skip
        skp = SKPFactory(pegawai=pegawai, tahun=2025, periode="tahunan", predikat="Baik")
        umpan_balik = UmpanBalik360Factory(pegawai=pegawai)
        job = import_job_create(
            instansi=instansi, actor=None, kind="skp", data=b"NIP;Tahun\n1;2025\n", nama="x.csv"
        )
        # The ASN's own Profil Talenta exists only where the instansi opened the talent map to ASN.
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi, defaults={"asn_boleh_lihat_kotak": True}
        )
    aturan, hitung_ulang = _aturan_objects(instansi)
    jabatan_kunci, laporan_job = _suksesi_halaman_objects(instansi, unit=unit, pegawai=pegawai, user=user)
    return {
        JABATAN_KUNCI: str(jabatan_kunci.pk),  # suksesi: halaman
        LAPORAN_JOB: laporan_job,  # suksesi: halaman
        UNIT: str(unit.pk),
        MEMBER: str(other_member.pk),
        EVENT: str(event.pk),
        PEGAWAI: str(pegawai.pk),
        RIWAYAT: str(riwayat.pk),
        DOKUMEN: str(dokumen.uuid),
        HUKUMAN: str(hukuman.pk),
        ASESMEN: str(asesmen.pk),
        SKP_ID: str(skp.pk),
        UMPAN_BALIK: str(umpan_balik.pk),
        JOB: str(job.uuid),
        ATURAN: str(aturan.pk),
        HITUNG_ULANG: str(hitung_ulang.uuid),
        ATURAN_SUKSESI: str(_aturan_suksesi(instansi).pk),  # suksesi: aturan
        **_suksesi_jabatan_objects(instansi, unit, pegawai),  # suksesi: jabatan
        **_anggota_objects(instansi, user),  # komite: anggota
        **_krs_objects(user),  # nasional: KRS Nasional
        **_idp_objects(instansi, pegawai),  # pengembangan: IDP
        **_antrean_objects(instansi),  # pengembangan: antrean asesmen
        LAPORAN_PETA_TALENTA: _peta_talenta_laporan_objects(instansi, user),  # petatalenta: laporan
    }


def _antrean_objects(instansi) -> dict[str, str]:
    """The 2026 assessment budget the matrix reads (no placeholder: the year is in the path)."""
    from apps.pengembangan.models import AnggaranAsesmen

    AnggaranAsesmen.objects.create(instansi=instansi, tahun=2026, jenis="slot", jumlah_slot=10)
    return {}


def _aturan_objects(instansi):
    """A draf rule-set version (editable, activatable, deletable) and a bulk-recompute job."""
    from apps.petatalenta.aturan.talenta import preset_konfigurasi
    from apps.petatalenta.models import HitungUlang
    from tests.factories import AturanTalentaFactory

    aturan = AturanTalentaFactory(
        instansi=instansi, versi=1, nama="Draf matriks", konfigurasi=preset_konfigurasi("berbobot")
    )
    job = HitungUlang.objects.create(instansi=instansi, periode=2026, penyebab="aturan.aktivasi", total=0)
    return aturan, job


def _aturan_suksesi(instansi):
    """suksesi: aturan — a draf succession rule-set version (editable, activatable, deletable)."""
    from tests.factories import AturanSuksesiFactory

    return AturanSuksesiFactory(instansi=instansi, nama="Draf matriks suksesi")


# suksesi: halaman
def _suksesi_halaman_objects(instansi, *, unit, pegawai, user):
    """A key post with the caller's pegawai as a stored candidate, and a finished batch-report job
    of the caller (its PDF on disk)."""
    from apps.core.laporan import LaporanJob, laporan_job_save
    from apps.suksesi.pdf import laporan_job_path
    from tests.factories import JabatanKunciFactory, KandidatFactory, StatusSuksesiFactory

    with instansi_scope(instansi):
        jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, nama="Kepala Dinas Matriks")
        StatusSuksesiFactory(jabatan_kunci=jabatan)
        KandidatFactory(jabatan_kunci=jabatan, pegawai=pegawai)
    job = LaporanJob(
        jenis="suksesi", uuid="12345678-1234-5678-1234-567812345678", instansi_id=instansi.pk, user_id=user.pk,
        status="selesai", done=1, total=1, dibuat_pada=timezone.now().isoformat(),
    )  # fmt: skip
    laporan_job_save(job)
    path = laporan_job_path(instansi_id=instansi.pk, uuid=job.uuid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    return jabatan, job.uuid


# end suksesi: halaman


# petatalenta: laporan
def _peta_talenta_laporan_objects(instansi, user) -> str:
    """A finished Peta Talenta report job of the caller, its file on disk."""
    from apps.core.laporan import laporan_job_create, laporan_job_finish
    from apps.petatalenta.laporan import LAPORAN_PETA_TALENTA as JENIS

    job = laporan_job_create(jenis=JENIS, instansi=instansi, actor=user, parameter={"qs": ""})
    return laporan_job_finish(job, content=PDF, periode=2026, baris={}).uuid


# end petatalenta: laporan


def make_user_membership(instansi):
    from tests.factories import user_with_role

    return user_with_role(Role.ASN, instansi, username="anggota.lain").membership


def test_every_permission_is_exercised_and_every_route_is_in_the_matrix():
    exercised = {code for key in ENDPOINTS for code in (key if isinstance(key, tuple) else (key,))}
    assert exercised == set(PERMISSIONS)
    covered = set()
    for reqs in ENDPOINTS.values():
        for _m, path, _b in reqs:
            for placeholder, sample in SAMPLE.items():
                path = path.replace(placeholder, sample)
            covered.add(path.lstrip("/"))
    missing = []
    for route in _all_routes():
        # The riwayat API routes of the ASN-entered kinds come from one viewset factory with the
        # same permissions; sertifikat stands for all of them here, and tests/pegawai/test_api.py
        # exercises every kind.
        route = RIWAYAT_KINDS.sub("api/v1/riwayat/sertifikat/", route)
        if route.startswith("admin/") or route in PUBLIC_ROUTES or "(?P<format>" in route:
            continue
        if not any(_route_matches(route, path) for path in covered):
            missing.append(route)
    assert missing == [], f"Routes without a row in the permission matrix: {missing}"


def test_docs_roles_md_shows_exactly_the_enforced_matrix():
    text = (Path(settings.BASE_DIR) / "docs" / "roles.md").read_text(encoding="utf-8")
    assert permission_matrix_markdown() in text, (
        "docs/roles.md is out of date: run manage.py permission_matrix"
    )


def test_unknown_permission_code_is_a_programming_error():
    with pytest.raises(KeyError):
        role_has_permission(role=Role.ADMIN_BKD, permission="does.not_exist")


def test_anonymous_is_sent_to_login_and_gets_401_or_403_from_the_api(client):
    response = client.get("/bkd/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")
    assert client.get("/api/v1/unit-kerja/").status_code in (401, 403)


def _all_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes.extend(_all_routes(entry, text))
        elif isinstance(entry, URLPattern):
            routes.append(text.replace("^", "").replace("$", "").replace("\\Z", ""))
    return routes


def _route_matches(route: str, concrete: str) -> bool:
    """Does a concrete path (with <int:pk> already in place or a real value) fit the route?"""
    pattern = re.sub(r"<[^>]+>|\(\?P<[^>]+>[^)]+\)", "[^/]+", route)
    return re.fullmatch(pattern, concrete) is not None or route == concrete


def _komite_sidang_objects(instansi) -> dict[str, str]:
    from tests.factories import AgendaSidangFactory, SidangFactory

    with instansi_scope(instansi):
        sidang = SidangFactory(instansi=instansi, judul="Sidang Matriks")
        agenda = AgendaSidangFactory(sidang=sidang)
    return {SDG: str(sidang.pk), SDG_AGENDA: str(agenda.pk)}


_objects_sebelum_sidang = _objects


def _objects(**kwargs) -> dict[str, str]:
    return {**_objects_sebelum_sidang(**kwargs), **_komite_sidang_objects(kwargs["instansi"])}


# end komite: sidang


# komite penetapan — a closed session waiting for the PPK and a returned one (a penetapan row to
# read); `_objects` is wrapped so each part adds its objects without editing the shared body.
_objects_sebelum_penetapan = _objects


def _objects(*, role, user, instansi, unit) -> dict[str, str]:
    from apps.komite.models import Penetapan, Sidang
    from tests.factories import SidangFactory

    objects = _objects_sebelum_penetapan(role=role, user=user, instansi=instansi, unit=unit)
    sidang = SidangFactory(instansi=instansi, status=Sidang.Status.SELESAI, judul="Sidang matriks")
    dikembalikan = SidangFactory(instansi=instansi, status=Sidang.Status.SELESAI, judul="Sidang kembali")
    with instansi_scope(instansi):
        from apps.komite.integrity import rantai_tambah

        penetapan = rantai_tambah(
            Penetapan(
                instansi=instansi, sidang=dikembalikan, periode=dikembalikan.periode,
                hasil=Penetapan.Hasil.DIKEMBALIKAN, catatan="Catatan matriks", oleh=user, pada=timezone.now(),
            )
        )  # fmt: skip
        Sidang.objects.filter(pk=dikembalikan.pk).update(status=Sidang.Status.DIKEMBALIKAN)
    return {**objects, SIDANG_PENETAPAN: str(sidang.pk), PENETAPAN: str(penetapan.pk)}


# end komite penetapan


def _komite_keputusan_objects(instansi, user) -> dict[str, str]:
    from django.core.files.base import ContentFile

    from apps.komite.integrity import rantai_tambah
    from apps.komite.models import AgendaSidang, KeputusanKomite, UsulanKalibrasi
    from tests.factories import AgendaSidangFactory, PegawaiFactory, PenempatanFactory, SidangFactory

    with instansi_scope(instansi):
        sidang = SidangFactory(instansi=instansi, status="berlangsung")
        pegawai = PegawaiFactory(instansi=instansi, nama="Pegawai Matriks Kalibrasi")
        PenempatanFactory(pegawai=pegawai, periode=sidang.periode, kotak=5)
        agenda = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.KALIBRASI, pegawai=pegawai)
        usulan = UsulanKalibrasi(
            instansi=instansi,
            agenda=agenda,
            kotak_dihitung=5,
            kotak_usulan=8,
            alasan="Matriks",
            bukti_nama="b.pdf",
        )
        usulan.bukti.save("bukti.pdf", ContentFile(PDF), save=False)
        usulan.save()
        tinjau = AgendaSidangFactory(sidang=sidang)
        keputusan = rantai_tambah(
            KeputusanKomite(
                instansi=instansi, sidang=sidang, agenda=tinjau, jenis=tinjau.jenis, hasil="dicatat",
                periode=sidang.periode, cara="mufakat", alasan="Matriks", dicatat_oleh=user,
                dicatat_pada=timezone.now(),
            )
        )  # fmt: skip
    return {K_SIDANG: str(sidang.pk), K_AGENDA: str(agenda.pk), K_KEPUTUSAN: str(keputusan.pk)}


_objects_sebelum_keputusan = _objects


def _objects(*, role, user, instansi, unit) -> dict[str, str]:
    return {
        **_objects_sebelum_keputusan(role=role, user=user, instansi=instansi, unit=unit),
        **_komite_keputusan_objects(instansi, user),
    }


def _komite_dokumen_objects(instansi) -> dict[str, str]:
    """komite: dokumen — a set session and its finished Berita Acara (a small file on disk)."""
    from django.core.files.base import ContentFile

    from apps.komite.models import DokumenKomite
    from tests.factories import SidangFactory

    with instansi_scope(instansi):
        sidang = SidangFactory(instansi=instansi, status="ditetapkan")
        dokumen = DokumenKomite(instansi=instansi, sidang=sidang, jenis="berita_acara", status="selesai")
        dokumen.berkas.save("ba.pdf", ContentFile(PDF), save=False)
        dokumen.save()
    return {SIDANG_DOKUMEN: str(sidang.pk), DOKUMEN_SIDANG: str(dokumen.uuid)}


_objects_sebelum_komite_dokumen = _objects


def _objects(**kwargs) -> dict[str, str]:
    return {**_objects_sebelum_komite_dokumen(**kwargs), **_komite_dokumen_objects(kwargs["instansi"])}


# end komite: dokumen


# nasional: tahap — the instansi's stage tracker (a declaration of the caller's instansi with its
# PDF) and BKN's list, export and API. The empty POSTs answer 400 with the form's errors.
DEKLARASI_TAHAP = "{deklarasi_tahap}"
SAMPLE[DEKLARASI_TAHAP] = "12345678-1234-5678-1234-567812345678"
ENDPOINTS.setdefault("tahap.view", []).extend(
    [
        ("get", "/tahap-implementasi/", None),
        ("get", f"/tahap-implementasi/deklarasi/{DEKLARASI_TAHAP}/berkas/", None),
    ]
)
ENDPOINTS.setdefault("tahap.manage", []).extend(
    [
        ("post", "/tahap-implementasi/deklarasi/", {}),
        ("post", f"/tahap-implementasi/deklarasi/{DEKLARASI_TAHAP}/cabut/", {}),
    ]
)
ENDPOINTS.setdefault("nasional.view", []).extend(
    [
        ("get", "/nasional/tahap/", None),
        ("get", "/nasional/tahap/ekspor.csv", None),
        ("get", "/nasional/tahap/ekspor.xlsx", None),
        ("get", "/api/v1/nasional/tahap/", None),
    ]
)


def _tahap_objects(instansi) -> dict[str, str]:
    from django.core.files.base import ContentFile

    from apps.nasional.models import DeklarasiTahap

    with instansi_scope(instansi):
        deklarasi = DeklarasiTahap(instansi=instansi, butir="perkada", nomor="188/1", nama_berkas="p.pdf")
        deklarasi.berkas.save("bukti.pdf", ContentFile(PDF), save=False)
        deklarasi.save()
    return {DEKLARASI_TAHAP: str(deklarasi.uuid)}


_objects_sebelum_tahap = _objects


def _objects(**kwargs) -> dict[str, str]:
    return {**_objects_sebelum_tahap(**kwargs), **_tahap_objects(kwargs["instansi"])}


# end nasional: tahap


# suksesi: pratinjau — the impact preview of a succession rule-set version: read with suksesi.view
# (the Komite reads what it is asked to approve), started with suksesi.manage.
PRATINJAU_SUKSESI = "{pratinjau_suksesi}"
SAMPLE[PRATINJAU_SUKSESI] = "12345678-1234-5678-1234-567812345678"
ENDPOINTS.setdefault("suksesi.view", []).extend(
    [
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/pratinjau/", None),
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/pratinjau/{PRATINJAU_SUKSESI}/", None),
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/pratinjau/{PRATINJAU_SUKSESI}/status.json", None),
        ("get", f"/suksesi/aturan/{ATURAN_SUKSESI}/pratinjau/{PRATINJAU_SUKSESI}/perubahan.xlsx", None),
    ]
)
ENDPOINTS.setdefault("suksesi.manage", []).append(
    ("post", f"/suksesi/aturan/{ATURAN_SUKSESI}/pratinjau/mulai/", {})
)


def _pratinjau_suksesi_objects(instansi, aturan_pk: str) -> dict[str, str]:
    """A finished preview of the draf succession version of the matrix."""
    from apps.petatalenta.models import PratinjauAturan

    with instansi_scope(instansi):
        pratinjau = PratinjauAturan.objects.create(
            instansi=instansi,
            jenis="suksesi",
            aturan_pk=int(aturan_pk),
            aturan_versi=1,
            konfigurasi_hash="matriks",
            status="selesai",
            ringkasan={"inti": {"jabatan_kunci": 0}, "jabatan": [], "kelompok": {}},
        )
    return {PRATINJAU_SUKSESI: str(pratinjau.uuid)}


_objects_sebelum_pratinjau_suksesi = _objects


def _objects(**kwargs) -> dict[str, str]:
    objects = _objects_sebelum_pratinjau_suksesi(**kwargs)
    return {**objects, **_pratinjau_suksesi_objects(kwargs["instansi"], objects[ATURAN_SUKSESI])}


# end suksesi: pratinjau


# petatalenta: pratinjau — the impact preview of a talent rule-set version (a finished one of the
# draf above, to read, poll and export); starting one needs aturan.manage, reading aturan.view.
PRATINJAU_TALENTA = "{pratinjau_talenta}"
SAMPLE.update({PRATINJAU_TALENTA: "12345678-1234-5678-1234-567812345678"})
ENDPOINTS.setdefault("aturan.view", []).extend(
    [
        ("get", f"/talenta/aturan/{ATURAN}/pratinjau/", None),
        ("get", f"/talenta/aturan/{ATURAN}/pratinjau/{PRATINJAU_TALENTA}/", None),
        ("get", f"/talenta/aturan/{ATURAN}/pratinjau/{PRATINJAU_TALENTA}/status.json", None),
        ("get", f"/talenta/aturan/{ATURAN}/pratinjau/{PRATINJAU_TALENTA}/perubahan.xlsx", None),
    ]
)
ENDPOINTS.setdefault("aturan.manage", []).append(("post", f"/talenta/aturan/{ATURAN}/pratinjau/mulai/", {}))


def _pratinjau_talenta_objects(instansi, aturan_pk: str) -> dict[str, str]:
    from apps.petatalenta.models import PratinjauAturan

    with instansi_scope(instansi):
        job = PratinjauAturan.objects.create(
            instansi=instansi, jenis="talenta", aturan_pk=int(aturan_pk), aturan_versi=1,
            konfigurasi_hash="matriks", status="selesai", ringkasan={"inti": {"dihitung": 0}},
        )  # fmt: skip
    return {PRATINJAU_TALENTA: str(job.uuid)}


_objects_sebelum_pratinjau_talenta = _objects


def _objects(**kwargs) -> dict[str, str]:
    objects = _objects_sebelum_pratinjau_talenta(**kwargs)
    return {**objects, **_pratinjau_talenta_objects(kwargs["instansi"], objects[ATURAN])}


# end petatalenta: pratinjau
