"""The Peta Talenta report runs on a real worker of the `reports` queue: queued by the nine-box
page's button it waits (the page polls, no file), a worker of that queue renders it, and the
progress then offers the file."""

from __future__ import annotations

import pytest

from apps.petatalenta.laporan import peta_talenta_laporan_get
from tests.petatalenta.workers import celery_on_test_redis, thread_worker, wait_for

from .laporan_data import TAHUN, peta_laporan_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def broker():
    with celery_on_test_redis(label="peta-talenta"):
        yield


def test_report_waits_for_and_is_rendered_by_a_reports_worker(
    broker, instansi_a, instansi_b, unit_tree_a, admin_bkd_a, login, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    data = peta_laporan_data(instansi_a, instansi_b, unit_tree_a)
    client = login(admin_bkd_a)
    job_url = client.post(
        f"/talenta/sembilan-kotak/laporan/?periode={TAHUN}&unit={data['dinas'].pk}", {"format": "pdf"}
    )["Location"]
    job_uuid = job_url.rstrip("/").rsplit("/", 1)[1]
    # Pressed again while it waits: the same job, nothing queued twice; another format is its own.
    again = client.post(
        f"/talenta/sembilan-kotak/laporan/?periode={TAHUN}&unit={data['dinas'].pk}", {"format": "pdf"}
    )
    assert again["Location"] == job_url
    excel = client.post(
        f"/talenta/sembilan-kotak/laporan/?periode={TAHUN}&unit={data['dinas'].pk}", {"format": "xlsx"}
    )
    assert excel["Location"] != job_url
    excel_uuid = excel["Location"].rstrip("/").rsplit("/", 1)[1]
    status = client.get(f"{job_url}status.json").json()
    assert status["selesai"] is False and status["total"] == 0
    assert 'data-progress-status="' in client.get(job_url).content.decode()
    assert client.get(f"{job_url}unduh/").status_code == 404

    with thread_worker(queues=("reports",)):
        wait_for(
            lambda: peta_talenta_laporan_get(instansi=instansi_a, uuid=job_uuid).status == "selesai",
            what="the reports worker to finish the Peta Talenta PDF",
        )
        wait_for(
            lambda: peta_talenta_laporan_get(instansi=instansi_a, uuid=excel_uuid).status == "selesai",
            what="the reports worker to finish the Peta Talenta Excel file",
        )
    status = client.get(f"{job_url}status.json").json()
    assert (status["selesai"], status["persen"]) == (True, 100)
    pdf = b"".join(client.get(f"{job_url}unduh/").streaming_content)
    assert pdf.startswith(b"%PDF")
    # Finished: the button queues a fresh report (the data may have changed since).
    fresh = client.post(
        f"/talenta/sembilan-kotak/laporan/?periode={TAHUN}&unit={data['dinas'].pk}", {"format": "pdf"}
    )
    assert fresh["Location"] != job_url
