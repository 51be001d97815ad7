"""Import job pages: upload → preview → Simpan → result, inline for small files and on the `imports`
queue for big ones (progress bar, status.json, a real worker), the errors sheet, permissions, and
jobs that never cross instansi."""

from __future__ import annotations

import itertools
import re
import time
import uuid
from uuid import uuid4

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.impor.models import ImportJob
from apps.impor.services import import_job_run, rows_estimate
from apps.impor.tasks import import_job_run_task
from apps.kinerja.models import SKP
from talenta.celery import app
from talenta.settings.env import redis_url_with_db
from tests.factories import PegawaiFactory

from .util import SKP_HEADERS, csv_bytes, skp_row, xlsx_bytes, xlsx_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(login, admin_bkd_a):
    return login(admin_bkd_a)


def upload(client, data: bytes, *, kind: str = "skp", name: str = "skp.csv"):
    return client.post(f"/impor/{kind}/", {"berkas": SimpleUploadedFile(name, data)})


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:3000]
    job_uuid = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    with scopes_disabled():
        return ImportJob.objects.get(uuid=job_uuid)


def fresh(job: ImportJob) -> ImportJob:
    with scopes_disabled():
        return ImportJob.objects.get(pk=job.pk)


def skp_count(instansi) -> int:
    with scopes_disabled():
        return SKP.objects.filter(instansi=instansi).count()


def stored_files(media, instansi) -> list:
    directory = media / "impor" / str(instansi.pk)
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


# --- upload page and template --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["skp", "asesmen"])
def test_upload_page_and_template(admin, instansi_a, kind):
    page = admin.get(f"/impor/{kind}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/impor/{kind}/template.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "NIP *" in html
    template = admin.get(f"/impor/{kind}/template.xlsx")
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert template["Cache-Control"] == "private, no-store"
    assert f'filename="templat-impor-{kind}-{instansi_a.kode}.xlsx"' in template["Content-Disposition"]
    assert "Referensi" in xlsx_read(template.content)


def test_unknown_kind_is_not_found(admin):
    assert admin.get("/impor/pegawai_lain/").status_code == 404
    assert admin.get("/impor/job/").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.VERIFIKATOR, Role.ASN, Role.PPK, Role.KOMITE_KETUA, Role.BKN, Role.OPERATOR]
)
def test_roles_without_the_permission_are_refused(login, make_user, instansi_a, role):
    client = login(make_user(role, instansi_a, username=f"tanpa.izin.{role.value}"))
    for kind in ("skp", "asesmen"):
        assert client.get(f"/impor/{kind}/").status_code == 403
        assert client.get(f"/impor/{kind}/template.xlsx").status_code == 403
        assert upload(client, b"NIP\n1\n", kind=kind).status_code == 403
    with scopes_disabled():
        assert not ImportJob.objects.exists()


def test_anonymous_goes_to_the_login(client):
    response = client.get("/impor/skp/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"%PDF-1.7\n1 0 obj\n", "isi berkas ini adalah PDF"), (b"", "Berkas kosong")],
    ids=["pdf", "empty"],
)
def test_an_unusable_upload_is_refused_on_the_form_and_not_kept(admin, instansi_a, media, data, expected):
    response = upload(admin, data, name="skp.xlsx")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert stored_files(media, instansi_a) == []
    with scopes_disabled():
        assert not ImportJob.objects.exists()


# --- inline: preview, save ----------------------------------------------------------------------------


def test_small_file_preview_then_save(
    admin, admin_bkd_a, instansi_a, pegawai_units_a, media, django_capture_on_commit_callbacks
):
    data = csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)
    job = job_of(upload(admin, data))
    assert (job.status, job.mode, job.created_by_id, job.task_id) == ("siap", "pratinjau", admin_bkd_a.pk, "")
    assert stored_files(media, instansi_a) == [f"{job.uuid.hex}.berkas"]
    assert skp_count(instansi_a) == 0

    page = admin.get(f"/impor/job/{job.uuid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["result"].baru == 4
    assert f'action="/impor/job/{job.uuid}/simpan/"' in html
    assert "data-progress-status" not in html  # finished: no polling

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/impor/job/{job.uuid}/simpan/")
    assert response.status_code == 302 and response["Location"] == f"/impor/job/{job.uuid}/"
    job = fresh(job)
    assert (job.status, job.mode, job.disimpan_oleh_id) == ("selesai", "simpan", admin_bkd_a.pk)
    assert job.result["baru"] == 4 and job.result["committed"] is True
    assert skp_count(instansi_a) == 4
    assert stored_files(media, instansi_a) == []
    page = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert "tersimpan: 4 baru, 0 diubah, 0 tidak berubah" in page
    assert "Hasil impor" in page and "/simpan/" not in page
    with scopes_disabled():
        summary = AuditEvent.objects.get(instansi=instansi_a, action="skp.import")
    assert summary.actor == admin_bkd_a and summary.new_values["berkas"] == "skp.csv"

    # A second Simpan (double click, back button) changes nothing.
    again = admin.post(f"/impor/job/{job.uuid}/simpan/", follow=True)
    assert "Impor ini sudah disimpan atau sedang disimpan." in again.content.decode()
    assert skp_count(instansi_a) == 4
    with scopes_disabled():
        assert AuditEvent.objects.filter(instansi=instansi_a, action="skp.import").count() == 1

    # The same file again: a preview with nothing to save.
    job2 = job_of(upload(admin, data))
    assert job2.result["tetap"] == 4 and job2.result["baru"] == 0
    html = admin.get(f"/impor/job/{job2.uuid}/").content.decode()
    assert "tidak ada yang perlu disimpan" in html and "/simpan/" not in html
    assert admin.post(f"/impor/job/{job2.uuid}/simpan/").status_code == 302
    assert skp_count(instansi_a) == 4


def test_preview_with_errors_lists_them_offers_no_save_and_refuses_one(
    admin, instansi_a, pegawai_units_a, media
):
    data = csv_bytes(
        [
            skp_row(pegawai_units_a[0].nip, Tahun="1999"),
            skp_row("199001012015011001"),
            skp_row(pegawai_units_a[1].nip),
        ],
        SKP_HEADERS,
    )
    job = job_of(upload(admin, data))
    assert job.status == "siap" and job.result["baris_galat"] == 2
    assert stored_files(media, instansi_a) == []  # nothing can be saved from it: not kept
    html = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert "2 baris bermasalah" in html
    assert "Tahun 1999 di luar rentang 2000–" in html
    assert "NIP 199001012015011001 tidak terdaftar sebagai pegawai instansi ini." in html
    assert "/simpan/" not in html
    assert f'href="/impor/job/{job.uuid}/galat.xlsx"' in html
    response = admin.post(f"/impor/job/{job.uuid}/simpan/", follow=True)
    assert "Berkas ini masih bermasalah; perbaiki lalu unggah ulang." in response.content.decode()
    assert skp_count(instansi_a) == 0 and fresh(job).mode == "pratinjau"

    sheet = xlsx_read(admin.get(f"/impor/job/{job.uuid}/galat.xlsx").content)
    assert sheet["Kesalahan"][0] == ["Baris", "Kolom", "Pesan"]
    assert [row[:2] for row in sheet["Kesalahan"][1:]] == [[2, "Tahun"], [3, "NIP"]]


def test_a_refused_file_shows_its_reasons_on_the_job_page(admin, instansi_a, media):
    job = job_of(upload(admin, b"NIP;Tahun;Periode;Rating Hasil Kerja;Rating Perilaku Kerja\r\n"))
    assert job.status == "gagal" and job.result["berkas_ditolak"] is True
    html = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert "Berkas ditolak; tidak ada data yang disimpan." in html
    assert "Berkas hanya berisi judul kolom, tanpa baris data." in html
    assert stored_files(media, instansi_a) == []


def test_save_checks_again_and_writes_nothing_when_the_data_changed(admin, instansi_a, pegawai_units_a):
    job = job_of(upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)))
    assert job.result["baru"] == 4
    with scopes_disabled():  # the NIP is corrected through the pegawai form meanwhile
        PegawaiFactory._meta.model.objects.filter(pk=pegawai_units_a[0].pk).update(nip="199912312020121001")
    response = admin.post(f"/impor/job/{job.uuid}/simpan/", follow=True)
    assert response.status_code == 200
    job = fresh(job)
    assert job.status == "gagal" and job.mode == "simpan"
    assert skp_count(instansi_a) == 0
    assert "Tidak disimpan: berkas ini bermasalah ketika diperiksa ulang." in response.content.decode()
    assert f"NIP {pegawai_units_a[0].nip} tidak terdaftar" in response.content.decode()


def test_the_errors_sheet_escapes_formulas(admin, instansi_a, pegawai_units_a):
    job = job_of(upload(admin, csv_bytes([skp_row("199001012015011001")], SKP_HEADERS)))
    with scopes_disabled():
        ImportJob.objects.filter(pk=job.pk).update(
            result={**job.result, "errors": [[2, "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","klik")']], "warnings": ["+62 812", "@SUM(1)"]}
        )  # fmt: skip
    sheets = xlsx_read(admin.get(f"/impor/job/{job.uuid}/galat.xlsx").content)
    assert sheets["Kesalahan"][1] == [2, "'=cmd|' /C calc'!A0", '\'=HYPERLINK("http://x","klik")']
    assert sheets["Peringatan"][1:] == [["'+62 812"], ["'@SUM(1)"]]


# --- big files: the imports queue ---------------------------------------------------------------------


def test_a_big_file_is_queued_and_shows_a_progress_bar(
    admin, instansi_a, pegawai_units_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    data = csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_of(upload(admin, data))
    assert len(callbacks) == 1  # the task is sent only once the upload is committed
    assert job.status == "menunggu" and job.task_id
    page = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert f'data-progress-status="/impor/job/{job.uuid}/status.json"' in page
    assert "<progress" in page and "js/progress.js" in page and 'http-equiv="refresh"' in page
    response = admin.get(f"/impor/job/{job.uuid}/status.json")
    assert response["Cache-Control"] == "private, no-store"  # a signed-in answer (NoStoreMiddleware)
    assert response.json() == {
        "selesai": False,
        "done": 0,
        "total": 0,
        "persen": 0,
        "teks": "Menunggu giliran diproses…",
    }

    callbacks[0]()  # eager in the test settings: runs import_job_run_task now
    state = admin.get(f"/impor/job/{job.uuid}/status.json").json()
    assert (state["selesai"], state["done"], state["total"], state["persen"], state["teks"]) == (
        True,
        4,
        4,
        100,
        "Pratinjau siap",
    )
    assert fresh(job).status == "siap"
    assert fresh(job).result["baru"] == 4

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        admin.post(f"/impor/job/{job.uuid}/simpan/")
    assert len(callbacks) >= 1  # queued again (the preview counted 4 rows > 2)
    job = fresh(job)
    assert job.status == "selesai" and skp_count(instansi_a) == 4


def test_the_task_is_idempotent(
    instansi_a, admin_bkd_a, pegawai_units_a, admin, django_capture_on_commit_callbacks
):
    job = job_of(upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)))
    # A save whose worker died before its transaction committed: the job is left "menyimpan" with
    # nothing written. The re-delivered task writes it once; further deliveries change nothing.
    with scopes_disabled():
        ImportJob.objects.filter(pk=job.pk).update(
            mode="simpan", status="menyimpan", disimpan_oleh=admin_bkd_a
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_job_run_task.delay(instansi_id=instansi_a.pk, job_id=job.pk).get() == "selesai"
    done = fresh(job)
    assert done.result["baru"] == 4 and skp_count(instansi_a) == 4
    with scopes_disabled():
        audit = AuditEvent.objects.filter(instansi=instansi_a).count()
    for _ in range(2):
        assert import_job_run_task.delay(instansi_id=instansi_a.pk, job_id=job.pk).get() == "selesai"
    again = fresh(job)
    assert (again.result, again.selesai_pada, again.status) == (done.result, done.selesai_pada, "selesai")
    with scopes_disabled():
        assert AuditEvent.objects.filter(instansi=instansi_a).count() == audit
    assert skp_count(instansi_a) == 4

    # A preview already done is not redone either.
    preview = job_of(upload(admin, csv_bytes([skp_row(pegawai_units_a[0].nip)], SKP_HEADERS)))
    with instansi_scope(instansi_a):
        assert import_job_run(instansi=instansi_a, job_id=preview.pk).diubah_pada == preview.diubah_pada


def test_rows_estimate_stops_counting_early():
    data = csv_bytes([skp_row("1" * 18)] * 50, SKP_HEADERS)
    assert rows_estimate(data, enough=10) == 50
    xlsx = xlsx_bytes([skp_row("1" * 18)] * 50, SKP_HEADERS)
    assert 10 < rows_estimate(xlsx, enough=10) <= 50
    assert rows_estimate(xlsx_bytes([skp_row("1" * 18)] * 3, SKP_HEADERS), enough=10) == 3
    assert rows_estimate(b"PK\x03\x04broken", enough=10) == 0


# --- jobs never cross instansi, permissions on job pages ----------------------------------------------


def job_urls(job_uuid) -> list[tuple[str, str]]:
    return [
        ("get", f"/impor/job/{job_uuid}/"),
        ("get", f"/impor/job/{job_uuid}/status.json"),
        ("get", f"/impor/job/{job_uuid}/galat.xlsx"),
        ("post", f"/impor/job/{job_uuid}/simpan/"),
    ]


def normalise(body: bytes, url: str) -> bytes:
    """CSRF tokens are masked anew on every render and the page echoes its own URL."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return body.replace(url.encode(), b"#")


def test_another_instansis_job_is_not_found_like_a_missing_one(
    admin, instansi_a, pegawai_units_a, login, admin_bkd_b
):
    job = job_of(upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)))
    other = login(admin_bkd_b)
    for (method, url), (_m, missing) in zip(job_urls(job.uuid), job_urls(uuid.uuid4()), strict=True):
        foreign = getattr(other, method)(url)
        absent = getattr(other, method)(missing)
        assert foreign.status_code == absent.status_code == 404
        assert normalise(foreign.content, url) == normalise(absent.content, missing)
    assert fresh(job).mode == "pratinjau" and skp_count(instansi_a) == 0


@pytest.mark.parametrize("role", [Role.VERIFIKATOR, Role.ASN, Role.KOMITE_ANGGOTA, Role.BKN])
def test_job_pages_refuse_roles_without_the_permission(
    admin, instansi_a, pegawai_units_a, login, make_user, role
):
    job = job_of(upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)))
    client = login(make_user(role, instansi_a, username=f"lihat.{role.value}"))
    for method, url in job_urls(job.uuid) + job_urls(uuid.uuid4()):
        assert getattr(client, method)(url).status_code == 403, url
    assert fresh(job).mode == "pratinjau" and skp_count(instansi_a) == 0


def test_recent_imports_are_listed_on_the_upload_page(admin, pegawai_units_a):
    job = job_of(
        upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS), name="skp-2025.csv")
    )
    html = admin.get("/impor/skp/").content.decode()
    assert f'href="/impor/job/{job.uuid}/"' in html and "skp-2025.csv" in html
    assert "skp-2025.csv" not in admin.get("/impor/asesmen/").content.decode()


# --- a real worker on the real broker -----------------------------------------------------------------

BROKER_DB, BACKEND_DB = 7, 8


def _reset_app_connections() -> None:
    app._pool = None
    app.amqp._producer_pool = None
    vars(app._local).pop("backend", None)


@pytest.fixture
def imports_worker():
    """A solo-pool worker consuming the `imports` queue on Redis db 7 (results in db 8)."""
    broker_url = redis_url_with_db(settings.REDIS_URL, BROKER_DB)
    backend_url = redis_url_with_db(settings.REDIS_URL, BACKEND_DB)
    for url in (broker_url, backend_url):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
        except redis.RedisError as error:
            pytest.fail(f"Redis is not reachable at {url}: {error}")
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    # `queues=` narrows the app's own consume list for good; put it back so a later worker of the
    # session (which passes no queues) still sees every queue.
    consume_from = app.amqp.queues._consume_from
    _reset_app_connections()
    app.conf.update(task_always_eager=False, broker_url=broker_url, result_backend=backend_url)
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            shutdown_timeout=30,
            queues=["imports"],
            hostname=f"talenta-impor-{uuid4().hex[:10]}@localhost",
        ) as worker:
            yield worker
    finally:
        app.amqp.queues._consume_from = consume_from
        app.conf.update(saved)
        _reset_app_connections()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_job_runs_on_the_worker_with_visible_progress(
    imports_worker, settings, login, admin_bkd_a, instansi_a, unit_tree_a, media
):
    from celery.result import AsyncResult

    settings.IMPORT_SYNC_MAX_ROWS = 100
    pegawai = [PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0]) for _ in range(120)]
    data = csv_bytes(
        [skp_row(p.nip) for p in pegawai] + [skp_row(p.nip, Periode="Triwulan I") for p in pegawai],
        SKP_HEADERS,
    )
    client = login(admin_bkd_a)
    job = job_of(upload(client, data))
    assert job.task_id  # queued, not run in the request

    def wait() -> list[dict]:
        seen, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline:
            state = client.get(f"/impor/job/{job.uuid}/status.json").json()
            seen.append(state)
            if state["selesai"]:
                return seen
            time.sleep(0.05)
        pytest.fail(f"job did not finish: {seen[-3:]}")

    seen = wait()
    assert fresh(job).status == "siap" and seen[-1]["done"] == seen[-1]["total"] == 240
    assert all(a["done"] <= b["done"] for a, b in itertools.pairwise(seen))  # progress only grows
    result = AsyncResult(job.task_id, app=app)
    assert result.get(timeout=30) == "siap" and result.status == "SUCCESS"  # through the broker
    assert fresh(job).result["baru"] == 240 and skp_count(instansi_a) == 0

    client.post(f"/impor/job/{job.uuid}/simpan/")
    wait()
    job = fresh(job)
    assert job.status == "selesai"
    assert AsyncResult(job.task_id, app=app).get(timeout=30) == "selesai"
    assert job.result["baru"] == 240 and skp_count(instansi_a) == 240
    assert job.disimpan_oleh_id == admin_bkd_a.pk
    html = client.get(f"/impor/job/{job.uuid}/").content.decode()
    assert "Tersimpan. Semua baris disimpan sekaligus." in html
    assert stored_files(media, instansi_a) == []


def test_the_registry_refuses_bad_registrations():
    from django.core.exceptions import ImproperlyConfigured

    from apps.impor.pipeline import importer_get, importer_register, importers
    from apps.kinerja.imports import skp_import
    from apps.kinerja.resources import skp_template_xlsx

    assert [entry.kind for entry in importers()] == [
        "asesmen",
        "jabatan_kunci",
        "pegawai",
        "skp",
        "umpan_balik_360",
    ]
    assert {entry.kind: entry.permission for entry in importers()} == {
        "asesmen": "penilaian.manage",
        "jabatan_kunci": "suksesi.manage",
        "pegawai": "pegawai.import",
        "skp": "penilaian.manage",
        "umpan_balik_360": "penilaian.manage",
    }
    entry = importer_get("skp")
    assert entry.importer is skp_import and entry.template_builder is skp_template_xlsx
    # registering the same importer again (ready() twice) is harmless
    importer_register(
        "skp",
        label="SKP",
        importer=skp_import,
        template_builder=skp_template_xlsx,
        permission="penilaian.manage",
    )
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        importer_register(
            "skp",
            label="x",
            importer=lambda **kw: None,
            template_builder=skp_template_xlsx,
            permission="penilaian.manage",
        )
    with pytest.raises(ImproperlyConfigured, match="unknown permission"):
        importer_register(
            "baru", label="x", importer=skp_import, template_builder=skp_template_xlsx, permission="tidak.ada"
        )
    for kind in ("job", "Skp", "skp-2", ""):
        with pytest.raises(ImproperlyConfigured):
            importer_register(
                kind,
                label="x",
                importer=skp_import,
                template_builder=skp_template_xlsx,
                permission="penilaian.manage",
            )
    assert importer_get("baru") is None


def test_save_is_refused_while_the_preview_still_runs(
    admin, instansi_a, pegawai_units_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=False):
        job = job_of(upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)))
    assert job.status == "menunggu"
    response = admin.post(f"/impor/job/{job.uuid}/simpan/", follow=True)
    assert "Pemeriksaan berkas belum selesai; tunggu hingga pratinjau tampil." in response.content.decode()
    assert fresh(job).mode == "pratinjau" and skp_count(instansi_a) == 0


def test_a_system_error_fails_the_job_cleanly(admin, instansi_a, pegawai_units_a, media, monkeypatch):
    from apps.kinerja import imports as skp_imports

    def broken(self, items):
        raise RuntimeError("boom")

    monkeypatch.setattr(skp_imports.SkpImporter, "warnings", broken)
    job = job_of(upload(admin, csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS)))
    assert job.status == "gagal"
    html = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert "Terjadi kesalahan sistem ketika memproses berkas; tidak ada data yang disimpan." in html
    assert "Gagal: tidak ada data yang disimpan." in html
    assert stored_files(media, instansi_a) == [] and skp_count(instansi_a) == 0
