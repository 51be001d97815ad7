"""Activation of a rule-set version and bulk recomputes: statuses switch in one transaction, a
HitungUlang job is recorded, the placements are recomputed after commit (Celery eager in tests),
the progress JSON reaches "selesai", and the progress page works with and without JavaScript.
The activation form is used the way a clerk must: after reading the version's impact preview
(tests/petatalenta/test_pratinjau_talenta.py covers the preview itself)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.aturan import services as aturan_services
from apps.petatalenta.models import AturanTalenta, HitungUlang, Penempatan, RiwayatPenempatan
from apps.petatalenta.services import aturan_aktif_get, penempatan_flush
from apps.petatalenta.services_aturan import JENIS_TALENTA
from tests.assertions import assert_absent
from tests.factories import AsesmenFactory, PegawaiFactory
from tests.petatalenta.pratinjau_data import pratinjau_jalankan

pytestmark = pytest.mark.django_db
TAHUN_LALU = timezone.localdate().year - 1


@pytest.fixture
def placed_a(instansi_a):
    """One pegawai with JPM 100, potensi 100 and SKP Sangat Baik, placed under the national
    weighted preset (version 1, active): box 5 (sesuai/menengah: kinerja 60, potensial 60)."""
    pegawai = PegawaiFactory(instansi=instansi_a)
    AsesmenFactory(pegawai=pegawai, nilai_potensi=Decimal(100), jpm=Decimal(100))
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(pegawai.pk, TAHUN_LALU, "tahunan", "di_atas", "di_atas", "Sangat Baik")],
        )
        v1 = aturan_aktif_get(instansi=instansi_a)
        penempatan_flush(instansi=instansi_a)
        assert Penempatan.objects.get(pegawai=pegawai).kotak == 5
    return pegawai, v1


def _kategoris(instansi) -> AturanTalenta:
    with instansi_scope(instansi):
        return aturan_services.aturan_salin(
            jenis=JENIS_TALENTA, instansi=instansi, actor=None, sumber="preset:kategoris", nama="Kategoris"
        )


def test_activation_switches_versions_recomputes_everyone_and_reports_progress(
    placed_a, admin_bkd_a, instansi_a, login, django_capture_on_commit_callbacks
):
    pegawai, v1 = placed_a
    v2 = _kategoris(instansi_a)
    pratinjau = pratinjau_jalankan(instansi_a, v2)
    client = login(admin_bkd_a)
    konfirmasi = client.get(f"/talenta/aturan/{v2.pk}/aktifkan/")
    html = konfirmasi.content.decode()
    assert "menjadi arsip" in html and "Penempatan 1 pegawai aktif" in html
    assert "Berbobot (Kepka BKN 411/2025)" in html and "Kategoris (predikat SKP dan kategori JPM)" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/talenta/aturan/{v2.pk}/aktifkan/", {"konfirmasi": "on", "pratinjau": str(pratinjau.uuid)}
        )
    with instansi_scope(instansi_a):
        job = HitungUlang.objects.get()
        v1.refresh_from_db()
        v2.refresh_from_db()
        penempatan = Penempatan.objects.get(pegawai=pegawai)
        riwayat = RiwayatPenempatan.objects.filter(pegawai=pegawai).order_by("-id").first()
        event = AuditEvent.objects.get(action="aturan_talenta.aktifkan")
    assert response.status_code == 302 and response["Location"] == f"/talenta/aturan/hitung-ulang/{job.uuid}/"
    assert (v1.status, v2.status) == ("arsip", "aktif") and v2.diaktifkan_pada is not None
    assert (job.penyebab, job.aturan_id, job.total, job.dibuat_oleh) == (
        "aturan.aktivasi",
        v2.pk,
        1,
        admin_bkd_a,
    )
    # The flush ran after commit: the placement follows the categorical rules now.
    assert (penempatan.kotak, penempatan.aturan_id, penempatan.dirty_since) == (9, v2.pk, None)
    assert (riwayat.kotak_lama, riwayat.kotak_baru, riwayat.penyebab) == (5, 9, "aturan.aktivasi")
    assert v2.digunakan and job.selesai_pada is not None
    assert (event.old_values, event.new_values["versi_aktif"]) == ({"versi_aktif": 1}, 2)
    assert (event.new_values["pratinjau"], event.new_values["pratinjau_inti"]) == (
        str(pratinjau.uuid),
        {**pratinjau.ringkasan["inti"], "dihitung": 1, "pindah_kotak": 1},
    )
    status = client.get(f"/talenta/aturan/hitung-ulang/{job.uuid}/status.json")
    assert status["Cache-Control"] == "private, no-store"  # a signed-in answer (NoStoreMiddleware)
    assert status.json() == {
        "selesai": True,
        "done": 1,
        "total": 1,
        "persen": 100,
        "teks": "1 dari 1 pegawai sudah dihitung ulang (100%).",
    }
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Selesai: semua penempatan sudah dihitung" in html
    assert page.context["kotak_berubah"] == 1
    assert_absent(page, 'http-equiv="refresh"', "progress.js")


def test_while_running_the_page_polls_and_refreshes_itself_without_javascript(
    placed_a, admin_bkd_a, instansi_a, login
):
    v2 = _kategoris(instansi_a)
    pratinjau = pratinjau_jalankan(instansi_a, v2)
    client = login(admin_bkd_a)
    # on_commit callbacks are not run here: the job stays running, as while a worker is busy.
    response = client.post(
        f"/talenta/aturan/{v2.pk}/aktifkan/", {"konfirmasi": "on", "pratinjau": str(pratinjau.uuid)}
    )
    with instansi_scope(instansi_a):
        job = HitungUlang.objects.get()
    status = client.get(f"/talenta/aturan/hitung-ulang/{job.uuid}/status.json").json()
    assert status == {
        "selesai": False,
        "done": 0,
        "total": 1,
        "persen": 0,
        "teks": "0 dari 1 pegawai sudah dihitung ulang (0%).",
    }
    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "js/progress.js" in html
    assert f'data-progress-status="/talenta/aturan/hitung-ulang/{job.uuid}/status.json"' in html
    assert "0 dari 1 pegawai sudah dihitung ulang (0%)." in html
    assert "Perbarui halaman" in html
    with instansi_scope(instansi_a):
        penempatan_flush(instansi=instansi_a)
    assert client.get(f"/talenta/aturan/hitung-ulang/{job.uuid}/status.json").json()["selesai"] is True


def test_activation_needs_the_confirmation_box(placed_a, admin_bkd_a, instansi_a, login):
    v2 = _kategoris(instansi_a)
    pratinjau = pratinjau_jalankan(instansi_a, v2)
    response = login(admin_bkd_a).post(
        f"/talenta/aturan/{v2.pk}/aktifkan/", {"pratinjau": str(pratinjau.uuid)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["konfirmasi"] == ["Centang konfirmasi untuk mengaktifkan."]
    with instansi_scope(instansi_a):
        assert dict(AturanTalenta.objects.values_list("versi", "status")) == {1: "aktif", 2: "draf"}
        assert not HitungUlang.objects.exists()


def test_an_archived_version_can_be_activated_again_to_roll_back(placed_a, instansi_a):
    _pegawai, v1 = placed_a
    v2 = _kategoris(instansi_a)
    with instansi_scope(instansi_a):
        # Internal callers (commands) activate without a preview; the audit event records none.
        for versi in (v2, v1):
            aturan_services.aturan_aktifkan(
                jenis=JENIS_TALENTA, instansi=instansi_a, actor=None, aturan_id=versi.pk, pratinjau_uuid=None
            )
        assert dict(AturanTalenta.objects.values_list("versi", "status")) == {1: "aktif", 2: "arsip"}
        assert list(HitungUlang.objects.values_list("aturan__versi", flat=True).order_by("id")) == [2, 1]
        events = AuditEvent.objects.filter(action="aturan_talenta.aktifkan")
        assert [e.new_values["pratinjau"] for e in events] == [None, None]


def test_the_active_version_cannot_be_activated_again(placed_a, admin_bkd_a, instansi_a, login):
    _pegawai, v1 = placed_a
    client = login(admin_bkd_a)
    assert "Versi ini sudah aktif." in client.get(f"/talenta/aturan/{v1.pk}/aktifkan/").content.decode()
    response = client.post(f"/talenta/aturan/{v1.pk}/aktifkan/", {"konfirmasi": "on"})
    assert response.status_code == 200
    with instansi_scope(instansi_a):
        assert not HitungUlang.objects.exists()


def test_hitung_ulang_sekarang_recomputes_without_changing_rules_and_ignores_a_double_click(
    placed_a, admin_bkd_a, instansi_a, login, django_capture_on_commit_callbacks
):
    _pegawai, v1 = placed_a
    client = login(admin_bkd_a)
    pertama = client.post("/talenta/aturan/hitung-ulang/")
    kedua = client.post("/talenta/aturan/hitung-ulang/")  # still running: same job
    with instansi_scope(instansi_a):
        job = HitungUlang.objects.get()
    assert pertama["Location"] == kedua["Location"] == f"/talenta/aturan/hitung-ulang/{job.uuid}/"
    assert (job.penyebab, job.aturan_id, job.total) == ("hitung_ulang.manual", v1.pk, 1)
    with instansi_scope(instansi_a):
        penempatan_flush(instansi=instansi_a)
        assert AturanTalenta.objects.get(pk=v1.pk).status == "aktif"
    with django_capture_on_commit_callbacks(execute=True):
        ketiga = client.post("/talenta/aturan/hitung-ulang/")  # the first finished: a new one
    with instansi_scope(instansi_a):
        assert HitungUlang.objects.count() == 2
        assert HitungUlang.objects.filter(selesai_pada__isnull=True).count() == 0
    assert ketiga["Location"] != pertama["Location"]
    assert client.get("/talenta/aturan/hitung-ulang/").status_code == 405


def test_progress_of_a_foreign_job_is_not_found(make_user, instansi_a, instansi_b, login):
    asing = HitungUlang.objects.create(instansi=instansi_b, periode=2026, penyebab="aturan.aktivasi", total=7)
    sendiri = HitungUlang.objects.create(
        instansi=instansi_a, periode=2026, penyebab="aturan.aktivasi", total=0
    )
    client = login(make_user(Role.KOMITE_KETUA, instansi_a, username="komite.a"))
    assert client.get(f"/talenta/aturan/hitung-ulang/{asing.uuid}/status.json").status_code == 404
    assert client.get(f"/talenta/aturan/hitung-ulang/{asing.uuid}/").status_code == 404
    # The committee may watch its own instansi's job (aturan.view).
    assert client.get(f"/talenta/aturan/hitung-ulang/{sendiri.uuid}/status.json").json()["selesai"] is True
