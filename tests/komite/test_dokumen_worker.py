"""The session documents run on a real worker of the `reports` queue: the documents page shows the
job waiting with its progress poll, the worker renders the Berita Acara, and the page then offers
the download."""

from __future__ import annotations

import pytest

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import DokumenKomite
from tests.petatalenta.workers import celery_on_test_redis, thread_worker, wait_for

from .dokumen_data import ALASAN_KALIBRASI, dokumen_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def broker():
    with celery_on_test_redis(label="dokumen"):
        yield


def _status(instansi) -> str:
    with instansi_scope(instansi):
        return DokumenKomite.objects.get(instansi=instansi).status


def test_berita_acara_waits_for_and_is_made_by_a_reports_worker(
    broker, instansi_a, make_user, login, settings, tmp_path
):
    import io

    from pypdf import PdfReader

    settings.MEDIA_ROOT = str(tmp_path)
    data = dokumen_data(instansi_a)
    client = login(make_user(Role.KOMITE_SEKRETARIS, instansi_a))
    response = client.post(f"/komite/sidang/{data.sidang.pk}/dokumen/berita_acara/")
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        dokumen = DokumenKomite.objects.get(instansi=instansi_a)
    base = f"/komite/sidang/{data.sidang.pk}/dokumen/{dokumen.uuid}"
    # Queued, nobody has taken it yet: the page polls, nothing to download.
    assert dokumen.status == "antri"
    assert client.get(f"{base}/status/").json()["selesai"] is False
    assert "data-progress-status=" in client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/").content.decode()
    assert client.get(f"{base}/unduh/").status_code == 404

    with thread_worker(queues=("reports",)):
        wait_for(
            lambda: _status(instansi_a) in ("selesai", "gagal"), what="the reports worker to make the PDF"
        )
    assert _status(instansi_a) == "selesai"
    status = client.get(f"{base}/status/").json()
    assert (status["selesai"], status["done"], status["total"], status["persen"]) == (True, 1, 1, 100)
    assert f"{base}/unduh/" in client.get(f"/komite/sidang/{data.sidang.pk}/dokumen/").content.decode()
    pdf = b"".join(client.get(f"{base}/unduh/").streaming_content)
    teks = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert ALASAN_KALIBRASI in teks
