"""The batch "Daftar Calon Suksesor" runs on a real worker of the `reports` queue: the page shows
it waiting, the worker renders every post, and the progress then offers the download."""

from __future__ import annotations

from uuid import uuid4

import pytest
import redis
from django.conf import settings

from apps.core.roles import Role
from apps.suksesi.pdf import laporan_job_get
from talenta.settings.env import redis_url_with_db
from tests.petatalenta.workers import celery_app_on, redis_ping_or_fail, thread_worker, wait_for

from .halaman_data import suksesi_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BROKER_DB, BACKEND_DB = 13, 14


@pytest.fixture
def broker():
    """This process's Celery app on a real Redis broker, its keys under a prefix of this test."""
    urls = {
        "broker_url": redis_url_with_db(settings.REDIS_URL, BROKER_DB),
        "backend_url": redis_url_with_db(settings.REDIS_URL, BACKEND_DB),
    }
    for url in urls.values():
        redis_ping_or_fail(url)
    prefix = f"talenta-laporan-{uuid4().hex[:12]}:"
    try:
        with celery_app_on(**urls, broker_prefix=prefix):
            yield
    finally:
        client = redis.Redis.from_url(urls["broker_url"])
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


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
