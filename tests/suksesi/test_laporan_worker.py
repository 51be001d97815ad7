"""The batch "Daftar Calon Suksesor" runs on a real worker of the `reports` queue: the page shows
it waiting, the worker renders every post, and the progress then offers the download."""

from __future__ import annotations

import pytest

from apps.core.roles import Role
from apps.suksesi.pdf import laporan_job_get
from tests.petatalenta.workers import celery_on_test_redis, thread_worker, wait_for

from .halaman_data import suksesi_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def broker():
    with celery_on_test_redis(label="laporan"):
        yield


def test_batch_report_waits_for_and_is_rendered_by_a_reports_worker(
    broker, instansi_a, make_user, login, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    suksesi_data(instansi_a)
    client = login(make_user(Role.KOMITE_KETUA, instansi_a))
    job_url = client.post("/suksesi/laporan/")["Location"]
    job_uuid = job_url.rstrip("/").rsplit("/", 1)[1]
    # Queued, nobody has taken it yet: the page polls, nothing to download.
    status = client.get(f"{job_url}status.json").json()
    assert status["selesai"] is False and status["total"] == 0
    assert 'data-progress-status="' in client.get(job_url).content.decode()
    assert client.get(f"{job_url}calon-suksesor.pdf").status_code == 404

    with thread_worker(queues=("reports",)):
        wait_for(
            lambda: laporan_job_get(instansi=instansi_a, uuid=job_uuid).status == "selesai",
            what="the reports worker to finish the batch PDF",
        )
    status = client.get(f"{job_url}status.json").json()
    assert (status["selesai"], status["done"], status["total"], status["persen"]) == (True, 2, 2, 100)
    pdf = b"".join(client.get(f"{job_url}calon-suksesor.pdf").streaming_content)
    assert pdf.startswith(b"%PDF")
