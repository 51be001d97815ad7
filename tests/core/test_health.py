"""Health: the public probe, the operator's page and the `health` management command.

With a worker running, tests/core/test_tasks.py checks that the page and the command list it.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_minimal(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": True, "redis": True}
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "worker" not in body.lower()
    assert "@" not in body  # worker names look like celery@host


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_health_page_for_the_operator(login, operator_user):
    response = login(operator_user).get("/operator/kesehatan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "PostgreSQL" in html
    assert "Redis" in html
    assert html.count('<dd class="ok">Terhubung</dd>') == 2
    assert "Tidak ada worker yang menjawab" in html  # no worker runs in this test


@pytest.mark.parametrize("fixture", ["admin_bkd_a", "bkn_user"])
def test_health_page_is_refused_to_other_roles(login, request, fixture):
    user = request.getfixturevalue(fixture)
    assert login(user).get("/operator/kesehatan/").status_code == 403


def test_health_page_sends_anonymous_users_to_the_login(client):
    response = client.get("/operator/kesehatan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_health_command_reports_database_and_redis():
    out, err = StringIO(), StringIO()
    call_command("health", "--timeout", "0.5", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert "PostgreSQL: OK" in lines
    assert "Redis:      OK" in lines
    assert "Worker:     0 aktif" in lines
    assert err.getvalue() == ""


def test_health_command_requiring_a_worker_fails_without_one():
    out = StringIO()
    with pytest.raises(CommandError, match="Sistem tidak sehat"):
        call_command("health", "--require-worker", "--timeout", "0.5", stdout=out, stderr=StringIO())
    # Database and Redis are fine: it is the missing worker that fails the check.
    assert "PostgreSQL: OK" in out.getvalue()
    assert "Redis:      OK" in out.getvalue()
    assert "Worker:     0 aktif" in out.getvalue()
