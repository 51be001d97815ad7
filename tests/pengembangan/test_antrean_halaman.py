"""The assessment queue over stored rows: the build (who, in which order, with which reason in
words), the page with the budget line and the coverage, the filters, the Excel export, the budget
form, the API, and the queue following an asesmen import (apps/pengembangan/*_antrean.py)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.asesmen.imports import asesmen_import
from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.pengembangan.models import AnggaranAsesmen
from apps.pengembangan.selectors_antrean import antrean_tersimpan_get
from apps.pengembangan.services_antrean import ANTREAN_KEY, antrean_asesmen_build
from apps.petatalenta.models import Penempatan
from tests.factories import (
    AsesmenFactory,
    JabatanKunciFactory,
    KandidatFactory,
    PegawaiFactory,
    PenempatanFactory,
    StatusSuksesiFactory,
    UnitKerjaFactory,
)
from tests.impor.util import ASESMEN_HEADERS, asesmen_row, xlsx_bytes

pytestmark = pytest.mark.django_db
HARI = timezone.localdate()
TAHUN = HARI.year


def _asesmen(instansi, pegawai, *, berlaku_sampai: dt.date):
    tanggal = berlaku_sampai - dt.timedelta(days=3 * 365)
    return AsesmenFactory(instansi=instansi, pegawai=pegawai, tanggal=tanggal, berlaku_sampai=berlaku_sampai)


@pytest.fixture
def antrean_a(instansi_a, unit_tree_a):
    """Six active pegawai in the queue, one per reason, and two who are not in it."""
    dinas, bidang, _seksi = unit_tree_a
    dinas_b = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan")
    with scopes_disabled():
        p = {
            "berisiko": PegawaiFactory(instansi=instansi_a, nama="Ani Berisiko", unit_kerja=bidang),
            "krs": PegawaiFactory(
                instansi=instansi_a, nama="Budi Krs", unit_kerja=dinas, jenis_jabatan="administrator"
            ),
            "bisa_krs": PegawaiFactory(instansi=instansi_a, nama="Citra Bisa", unit_kerja=dinas_b),
            "sumber": PegawaiFactory(
                instansi=instansi_a, nama="Dedi Sumber", unit_kerja=dinas, jenis_jabatan="pengawas"
            ),
            "lain_belum": PegawaiFactory(instansi=instansi_a, nama="Eka Belum", unit_kerja=dinas_b),
            "lain_lewat": PegawaiFactory(instansi=instansi_a, nama="Fajar Lewat", unit_kerja=dinas_b),
            "berlaku": PegawaiFactory(instansi=instansi_a, nama="Gita Berlaku", unit_kerja=dinas),
            "nonaktif": PegawaiFactory(
                instansi=instansi_a, nama="Hadi Pensiun", unit_kerja=dinas, aktif=False
            ),
        }
        # An at-risk administrator key post; Ani is its candidate (never assessed).
        jabatan = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=dinas, nama="Kepala Bidang Pembinaan SD"
        )
        StatusSuksesiFactory(jabatan_kunci=jabatan, berisiko=True, alasan_risiko="tanpa suksesor siap")
        KandidatFactory(instansi=instansi_a, jabatan_kunci=jabatan, pegawai=p["berisiko"])
        # Budi: KRS member (box 8) whose asesmen ends in two months.
        _asesmen(instansi_a, p["krs"], berlaku_sampai=HARI + dt.timedelta(days=60))
        PenempatanFactory(instansi=instansi_a, pegawai=p["krs"], kotak=8)
        # Citra: no asesmen, kinerja above expectations, potential 50 of the 55 points without it:
        # in line with the rest, 50 × 100 / 55 = 90,9 ≥ 80 → box 9.
        PenempatanFactory(
            instansi=instansi_a,
            pegawai=p["bisa_krs"],
            kotak=4,
            status=Penempatan.Status.PERLU_DATA,
            level_kinerja="di_atas",
            level_potensial="rendah",
            skor_potensial=Decimal("50.00"),
        )
        # Dedi: a pengawas (the administrator post draws from pengawas), asesmen expired.
        _asesmen(instansi_a, p["sumber"], berlaku_sampai=HARI - dt.timedelta(days=10))
        # Fajar expired long ago; Eka never assessed: Eka first.
        _asesmen(instansi_a, p["lain_lewat"], berlaku_sampai=HARI - dt.timedelta(days=400))
        _asesmen(instansi_a, p["berlaku"], berlaku_sampai=HARI + dt.timedelta(days=700))
    return p


URUTAN = ["berisiko", "bisa_krs", "krs", "sumber", "lain_belum", "lain_lewat"]


def _build(instansi):
    with instansi_scope(instansi):
        return antrean_asesmen_build(instansi=instansi)


def _anggaran(instansi, **kwargs):
    with scopes_disabled():
        return AnggaranAsesmen.objects.create(instansi=instansi, tahun=TAHUN, **kwargs)


def test_build_ranks_per_the_rules_and_skips_the_valid_and_inactive(instansi_a, antrean_a):
    stored = _build(instansi_a)
    ids = [row[0] for row in stored["baris"]]
    assert ids == [antrean_a[k].pk for k in URUTAN]
    assert [row[1] for row in stored["baris"]] == [1, 2, 2, 3, 4, 4]
    assert (stored["total_pegawai"], stored["berlaku_sekarang"]) == (7, 2)  # Budi and Gita valid now


def test_page_shows_reasons_in_words_and_the_budget_line_in_slots(
    client, login, admin_bkd_a, instansi_a, antrean_a
):
    _build(instansi_a)
    _anggaran(instansi_a, jenis="slot", jumlah_slot=2, metode="assessment_center")
    login(admin_bkd_a)
    html = client.get(reverse("pengembangan:antrean")).content.decode()
    assert (
        html.index("Ani Berisiko")
        < html.index("Citra Bisa")
        < html.index("Budi Krs")
        < html.index("Dedi Sumber")
    )
    assert "Calon suksesor jabatan kunci berisiko: Kepala Bidang Pembinaan SD" in html
    assert "menempatkannya di kotak 9 (KRS) bila hasil asesmennya setara dengan data lainnya" in html
    assert "Anggota KRS (kotak 8)" in html
    assert "Jabatan Pengawas: sumber calon jabatan kunci Administrator" in html
    assert "Belum pernah diasesmen" in html and "kedaluwarsa sejak" in html
    # The line runs after the second place, between Citra and Budi.
    garis = html.index('id="garis-anggaran"')
    assert html.index("Citra Bisa") < garis < html.index("Budi Krs")
    assert "Garis anggaran: urutan 1–2 tercakup" in html
    # Coverage: 2 of 7 valid now; both covered lack a valid asesmen → 4 of 7.
    assert "28,6%" in html and "57,1%" in html


def test_budget_line_in_rupiah_with_the_unit_cost_of_the_method(
    client, login, admin_bkd_a, instansi_a, antrean_a
):
    _build(instansi_a)
    # 5,000,000 ÷ 1,500,000 (CACT) = 3 slots, 500,000 left.
    _anggaran(
        instansi_a, jenis="rupiah", jumlah_rupiah=Decimal(5_000_000), metode="cact",
        biaya_per_metode={"assessment_center": 3_500_000, "cact": 1_500_000, "uji_kompetensi": 750_000},
    )  # fmt: skip
    login(admin_bkd_a)
    html = client.get(reverse("pengembangan:antrean")).content.decode()
    garis = html.index('id="garis-anggaran"')
    assert html.index("Budi Krs") < garis < html.index("Dedi Sumber")
    assert "= 3 slot" in html and "sisa Rp 500.000" in html
    # Budi's asesmen is still valid: covered, it is renewed, coverage rises by the two others.
    assert "1 asesmen yang segera kedaluwarsa diperbarui" in html
    assert "57,1%" in html


def test_filters_keep_the_global_rank_and_the_line(client, login, admin_bkd_a, instansi_a, antrean_a):
    _build(instansi_a)
    _anggaran(instansi_a, jenis="slot", jumlah_slot=2, metode="assessment_center")
    with scopes_disabled():
        dinas_b = antrean_a["bisa_krs"].unit_kerja
    login(admin_bkd_a)
    html = client.get(reverse("pengembangan:antrean"), {"perangkat_daerah": dinas_b.pk}).content.decode()
    assert "Citra Bisa" in html and "Eka Belum" in html and "Ani Berisiko" not in html
    assert "3 pegawai dalam daftar ini" in html
    html = client.get(reverse("pengembangan:antrean"), {"kelompok": 4}).content.decode()
    assert "Eka Belum" in html and "Fajar Lewat" in html and "Dedi Sumber" not in html
    html = client.get(reverse("pengembangan:antrean"), {"cakupan": "di_luar"}).content.decode()
    assert "Ani Berisiko" not in html and "Budi Krs" in html


def test_export_for_the_assessment_centre(client, login, admin_bkd_a, instansi_a, antrean_a):
    _build(instansi_a)
    _anggaran(
        instansi_a,
        jenis="slot",
        jumlah_slot=2,
        metode="uji_kompetensi",
        biaya_per_metode={"uji_kompetensi": 750_000},
    )
    login(admin_bkd_a)
    response = client.get(reverse("pengembangan:antrean_ekspor"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(
        f'antrean-asesmen-{TAHUN}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Antrean Asesmen"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Urutan", "NIP", "Nama")
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4, 5, 6]
    assert rows[1][1] == antrean_a["berisiko"].nip
    assert rows[1][6].startswith("Calon suksesor jabatan kunci berisiko")
    assert [r[-1] for r in rows[1:]] == ["Ya", "Ya", "Tidak", "Tidak", "Tidak", "Tidak"]
    assert rows[1][10] == "Uji Kompetensi" and rows[1][11] == 750_000


def test_budget_form_shows_every_error_at_once_then_saves_with_audit(client, login, admin_bkd_a, instansi_a):
    login(admin_bkd_a)
    url = reverse("pengembangan:antrean_anggaran")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"tahun": TAHUN, "jenis": "rupiah", "jumlah_rupiah": "", "metode": "cact", "biaya_cact": ""}
    )
    html = response.content.decode()
    assert "Isi jumlah anggaran dalam rupiah" in html
    assert "Isi biaya per orang untuk metode yang dipakai" in html
    response = client.post(
        url,
        {"tahun": TAHUN, "jenis": "rupiah", "jumlah_rupiah": "7000000", "metode": "assessment_center",
         "biaya_assessment_center": "3500000", "biaya_cact": "1500000", "biaya_uji_kompetensi": "750000"},
    )  # fmt: skip
    assert response.status_code == 302
    with scopes_disabled():
        anggaran = AnggaranAsesmen.objects.get(instansi=instansi_a, tahun=TAHUN)
        assert (anggaran.jenis, anggaran.jumlah_rupiah, anggaran.jumlah_slot) == ("rupiah", 7_000_000, None)
        assert anggaran.biaya_per_metode["assessment_center"] == 3_500_000
        assert AuditEvent.objects.filter(instansi=instansi_a, action="anggaran_asesmen.create").count() == 1


def test_ppk_reads_but_cannot_set_the_budget(client, login, make_user, instansi_a, antrean_a):
    _build(instansi_a)
    login(make_user(Role.PPK, instansi_a))
    assert client.get(reverse("pengembangan:antrean")).status_code == 200
    assert client.get(reverse("pengembangan:antrean_anggaran")).status_code == 403


def test_page_without_a_stored_queue_builds_it(client, login, admin_bkd_a, instansi_a, antrean_a):
    login(admin_bkd_a)
    # Celery runs eagerly in tests: the queued build stores the queue.
    html = client.get(reverse("pengembangan:antrean")).content.decode()
    assert "Antrean sedang disusun" in html
    with instansi_scope(instansi_a):
        assert len(antrean_tersimpan_get(instansi=instansi_a).baris) == 6
    assert "Ani Berisiko" in client.get(reverse("pengembangan:antrean")).content.decode()


def test_queue_follows_an_asesmen_import(instansi_a, antrean_a, django_capture_on_commit_callbacks):
    _build(instansi_a)
    with instansi_scope(instansi_a):
        # Read once: this process keeps the unpickled queue until a new build replaces it.
        assert len(antrean_tersimpan_get(instansi=instansi_a).baris) == 6
    data = xlsx_bytes(
        [asesmen_row(antrean_a["lain_belum"].nip, **{"Tanggal Asesmen": HARI.strftime("%d-%m-%Y")})],
        ASESMEN_HEADERS,
    )
    with django_capture_on_commit_callbacks(execute=True), instansi_scope(instansi_a):
        result = asesmen_import(
            instansi=instansi_a, actor=None, data=data, nama="asesmen.xlsx", dry_run=False
        )
    assert result.errors == [] and result.committed
    with instansi_scope(instansi_a):
        tersimpan = antrean_tersimpan_get(instansi=instansi_a)
    assert antrean_a["lain_belum"].pk not in [row[0] for row in tersimpan.baris]
    assert len(tersimpan.baris) == 5 and tersimpan.berlaku_sekarang == 3 and not tersimpan.kotor


def test_api_queue_and_budget(api_login, admin_bkd_a, instansi_a, antrean_a):
    _build(instansi_a)
    api = api_login(admin_bkd_a)
    response = api.post(
        "/api/v1/pengembangan/anggaran-asesmen/",
        {"tahun": TAHUN, "jenis": "slot", "jumlah_slot": 3, "metode": "cact"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["slot"] == 3
    again = api.post(
        "/api/v1/pengembangan/anggaran-asesmen/",
        {"tahun": TAHUN, "jenis": "rupiah", "jumlah_rupiah": 4_500_000, "metode": "cact",
         "biaya_per_metode": {"cact": 1_500_000}},
        format="json",
    )  # fmt: skip
    assert (again.status_code, again.json()["slot"], again.json()["jenis"]) == (200, 3, "rupiah")
    api.post(
        "/api/v1/pengembangan/anggaran-asesmen/",
        {"tahun": TAHUN, "jenis": "slot", "jumlah_slot": 3, "metode": "cact"},
        format="json",
    )
    bad = api.post(
        "/api/v1/pengembangan/anggaran-asesmen/",
        {"tahun": TAHUN, "jenis": "slot", "metode": "cact"},
        format="json",
    )
    assert bad.status_code == 400 and "jumlah_slot" in bad.json()
    assert api.get(f"/api/v1/pengembangan/anggaran-asesmen/{TAHUN}/").json()["jumlah_slot"] == 3
    body = api.get("/api/v1/pengembangan/antrean-asesmen/").json()
    assert body["panjang_antrean"] == 6 and body["tercakup"] == 3
    assert [r["pegawai"]["id"] for r in body["results"]] == [antrean_a[k].pk for k in URUTAN]
    assert [r["dalam_anggaran"] for r in body["results"]] == [True, True, True, False, False, False]
    assert body["results"][0]["alasan"].startswith("Calon suksesor jabatan kunci berisiko")
    body = api.get("/api/v1/pengembangan/antrean-asesmen/", {"kelompok": 3}).json()
    assert [r["pegawai"]["id"] for r in body["results"]] == [antrean_a["sumber"].pk]


def test_home_card_shows_the_queue_head(client, login, admin_bkd_a, instansi_a, antrean_a):
    _build(instansi_a)
    _anggaran(instansi_a, jenis="slot", jumlah_slot=2, metode="assessment_center")
    login(admin_bkd_a)
    html = client.get(reverse("instansi:home_admin_bkd")).content.decode()
    assert "Antrean asesmen" in html and "6 pegawai perlu asesmen." in html
    assert "Ani Berisiko" in html and "28,6% → 57,1%" in html


def test_queue_of_another_instansi_is_not_shown(client, login, admin_bkd_b, instansi_a, antrean_a):
    _build(instansi_a)
    login(admin_bkd_b)
    html = client.get(reverse("pengembangan:antrean")).content.decode()
    assert "Ani Berisiko" not in html
    assert cache.get(ANTREAN_KEY.format(instansi_id=instansi_a.pk)) is not None
