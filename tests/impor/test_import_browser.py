"""A real browser (Debian's Chromium) uploads an SKP file, watches the progress bar of a job that
runs in the background, sees the page turn into the preview by itself, and saves it."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.core.tenancy import instansi_scope
from apps.impor.models import ImportJob
from apps.impor.services import import_job_create, import_job_run
from apps.kinerja.models import SKP
from tests.conftest import PASSWORD
from tests.factories import PegawaiFactory

from .util import SKP_HEADERS, csv_bytes, skp_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


def sign_in(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna atau NIP").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_progress_bar_turns_into_the_preview_and_saves(
    live_server, page: Page, admin_bkd_a, instansi_a, unit_tree_a
):
    pegawai = [PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0]) for _ in range(3)]
    data = csv_bytes([skp_row(p.nip) for p in pegawai], SKP_HEADERS)
    with instansi_scope(instansi_a):
        job = import_job_create(instansi=instansi_a, actor=admin_bkd_a, kind="skp", data=data, nama="skp.csv")

    sign_in(page, live_server, admin_bkd_a)
    page.goto(f"{live_server.url}/impor/job/{job.uuid}/")
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_text("Menunggu giliran diproses…")).to_be_visible()

    with instansi_scope(instansi_a):  # the worker's part
        import_job_run(instansi=instansi_a, job_id=job.pk)
    # progress.js notices the finished job and reloads: the preview appears without a click.
    expect(page.get_by_role("button", name="Simpan")).to_be_visible(timeout=10_000)
    expect(page.locator(".stat", has_text="baru").first.locator(".stat__value")).to_have_text("3")
    expect(page.locator("progress")).to_have_count(0)

    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text(re.compile(r"tersimpan: 3 baru, 0 diubah, 0 tidak berubah"))).to_be_visible()
    with scopes_disabled():
        assert SKP.objects.filter(instansi=instansi_a).count() == 3
        assert ImportJob.objects.get(pk=job.pk).status == "selesai"
