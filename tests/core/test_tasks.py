"""InstansiTask (ids in, the tenant's scope around the body) and one real worker on the real broker."""

from __future__ import annotations

import json
from io import StringIO
from uuid import uuid4

import pytest
import redis
from celery import signature
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings
from django.core.management import call_command
from django_scopes.state import get_scope
from kombu.serialization import dumps, loads, prepare_accept_content

from apps.core.health import health_check
from apps.core.tasks import InstansiTask
from apps.core.tenancy import ScopeError, scopes_disabled
from apps.instansi.models import Instansi, UnitKerja
from apps.nasional import tasks as nasional_tasks
from apps.nasional.models import RingkasanInstansi
from talenta.celery import app
from talenta.settings.env import redis_url_with_db

BROKER_DB, BACKEND_DB = 3, 4


@app.task(base=InstansiTask, name="tests.core.test_tasks.scope_probe")
def scope_probe(*, instansi, label: str = "") -> dict:
    """What a task body sees: its arguments and the tenant rows its queries reach."""
    return {
        "instansi": instansi,
        "scope": get_scope().get("instansi"),
        "kode": sorted(UnitKerja.objects.values_list("kode", flat=True)),
        "label": label,
    }


# --- InstansiTask, executed in-process -----------------------------------------------------------


@pytest.mark.django_db
def test_body_runs_in_the_instansi_scope_and_gets_the_object(instansi_a, instansi_b, unit_tree_a, unit_b):
    seen = scope_probe.apply(kwargs={"instansi_id": instansi_a.pk, "label": "satu"}).get()
    assert isinstance(seen["instansi"], Instansi)
    assert seen["instansi"].pk == instansi_a.pk
    assert seen["scope"] == instansi_a
    assert seen["kode"] == ["A.01", "A.01.01", "A.01.01.01"]  # B's "B.01" is not visible
    assert seen["label"] == "satu"

    seen = scope_probe.apply(kwargs={"instansi_id": instansi_b.pk}).get()
    assert seen["instansi"].pk == instansi_b.pk
    assert seen["kode"] == ["B.01"]


@pytest.mark.django_db
def test_scope_ends_with_the_task(instansi_a, unit_tree_a):
    scope_probe.apply(kwargs={"instansi_id": instansi_a.pk}).get()
    with pytest.raises(ScopeError):
        UnitKerja.objects.count()


@pytest.mark.django_db
def test_direct_call_also_enters_the_scope(instansi_a, unit_tree_a):
    seen = scope_probe(instansi_id=instansi_a.pk)
    assert seen["instansi"].pk == instansi_a.pk
    assert seen["kode"] == ["A.01", "A.01.01", "A.01.01.01"]


@pytest.mark.django_db
def test_missing_instansi_id_is_a_type_error(instansi_a):
    with pytest.raises(TypeError, match="needs instansi_id"):
        scope_probe.apply(kwargs={}).get()
    with pytest.raises(TypeError, match="needs instansi_id"):
        scope_probe()
    with pytest.raises(TypeError, match="needs instansi_id"):
        scope_probe(instansi_id=None)


@pytest.mark.django_db
def test_unknown_instansi_id_raises(instansi_a):
    with pytest.raises(Instansi.DoesNotExist):
        scope_probe.apply(kwargs={"instansi_id": instansi_a.pk + 10_000}).get()


@pytest.mark.django_db
def test_delay_accepts_instansi_id(instansi_a, unit_tree_a):
    """`.delay(instansi_id=...)` is how callers use every InstansiTask (eager in the test settings).

    Celery checks delay()/apply_async() arguments against the body's signature; the body takes
    `instansi`, so the base must switch that check off for the `instansi_id` it substitutes.
    """
    result = scope_probe.delay(instansi_id=instansi_a.pk, label="dua")
    assert isinstance(result, EagerResult)
    seen = result.get()
    assert seen["instansi"].pk == instansi_a.pk
    assert seen["kode"] == ["A.01", "A.01.01", "A.01.01.01"]
    assert seen["label"] == "dua"


@pytest.mark.django_db
def test_kwargs_survive_a_json_round_trip(instansi_a, unit_tree_a):
    assert app.conf.task_serializer == "json"
    assert list(app.conf.accept_content) == ["json"]

    kwargs = {"instansi_id": instansi_a.pk, "label": "tiga"}
    assert json.loads(json.dumps(kwargs)) == kwargs
    content_type, encoding, body = dumps(kwargs, serializer="json")
    assert (
        loads(body, content_type, encoding, accept=prepare_accept_content(app.conf.accept_content)) == kwargs
    )

    # The whole message description, as a worker would receive it.
    sig = json.loads(json.dumps(scope_probe.s(**kwargs)))
    seen = signature(sig, app=app).apply().get()
    assert seen["instansi"].pk == instansi_a.pk
    assert seen["label"] == "tiga"

    # The result of a real task is JSON-safe too.
    message_kwargs = json.loads(json.dumps({"instansi_id": instansi_a.pk}))
    pk = nasional_tasks.ringkasan_refresh.apply(kwargs=message_kwargs).get()
    assert json.loads(json.dumps(pk)) == pk


def test_ringkasan_task_is_an_instansi_task():
    assert isinstance(nasional_tasks.ringkasan_refresh, InstansiTask)
    assert nasional_tasks.ringkasan_refresh.acks_late is True


# --- a real worker thread on the real Redis broker -----------------------------------------------


def _reset_app_connections() -> None:
    """Forget the app's pooled broker connections and this thread's result backend: they were made
    for the URLs configured when first used. (Not closed: kombu shares pools per URL.)"""
    app._pool = None
    app.amqp._producer_pool = None
    vars(app._local).pop("backend", None)


@pytest.fixture
def celery_worker_thread():
    """A solo-pool worker of the project app, consuming Redis db 3, storing results in db 4.

    Redis being unreachable is a failure of the test, never a skip.
    """
    broker_url = redis_url_with_db(settings.REDIS_URL, BROKER_DB)
    backend_url = redis_url_with_db(settings.REDIS_URL, BACKEND_DB)
    for url in (broker_url, backend_url):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
        except redis.RedisError as error:
            pytest.fail(f"Redis is not reachable at {url}: {error}")

    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    _reset_app_connections()
    app.conf.update(task_always_eager=False, broker_url=broker_url, result_backend=backend_url)
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            shutdown_timeout=15,
            hostname=f"talenta-test-{uuid4().hex[:10]}@localhost",
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _reset_app_connections()
    assert app.conf.task_always_eager is saved["task_always_eager"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ringkasan_refresh_runs_on_the_real_worker(
    celery_worker_thread, instansi_a, admin_bkd_a, unit_tree_a, make_user
):
    from apps.core.roles import Role

    make_user(Role.ASN, instansi_a, username="asn.worker")
    with scopes_disabled():
        assert not RingkasanInstansi.objects.filter(instansi=instansi_a).exists()

    result = nasional_tasks.ringkasan_refresh.delay(instansi_id=instansi_a.pk)
    assert not isinstance(result, EagerResult)  # it went through the broker
    pk = result.get(timeout=30)
    assert result.status == "SUCCESS"

    with scopes_disabled():
        ringkasan = RingkasanInstansi.objects.get(instansi=instansi_a)
    assert ringkasan.pk == pk
    assert ringkasan.pengguna_per_peran == {"admin_bkd": 1, "asn": 1}
    assert (ringkasan.jumlah_pengguna, ringkasan.jumlah_unit_kerja) == (2, 3)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_answers_ping_and_shows_on_the_health_page(celery_worker_thread, login, operator_user):
    hostname = celery_worker_thread.hostname
    replies = app.control.inspect(timeout=1).ping() or {}
    assert replies.get(hostname) == {"ok": "pong"}

    assert hostname in health_check(include_workers=True, worker_timeout=1).workers

    client = login(operator_user)
    page = client.get("/operator/kesehatan/")
    assert page.status_code == 200
    assert hostname in page.content.decode()

    out = StringIO()
    call_command("health", "--require-worker", "--timeout", "1", stdout=out, stderr=StringIO())
    assert f"  - {hostname}" in out.getvalue()

    # The public probe never names workers.
    healthz = client.get("/healthz")
    assert healthz.json() == {"status": "ok", "database": True, "redis": True}
    assert healthz.status_code == 200 and hostname not in healthz.content.decode()
