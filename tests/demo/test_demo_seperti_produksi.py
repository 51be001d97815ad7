"""#14 point 4: `make demo` runs like production. Its settings (talenta.settings.demo, which
devserver/embedded.py gives the web server, the worker and beat) have DEBUG off even when the
environment asks for it, so an unknown address is the Indonesian 404 without the URL list, and the
app serves its static files itself (WhiteNoise)."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from devserver import embedded

pytestmark = pytest.mark.django_db

PROBE = r"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/alamat-yang-tidak-ada/")
api_missing = client.get("/api/v1/tidak-ada/")
static = client.get("/static/css/talenta.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing_status": missing.status_code,
    "missing": missing.content.decode(),
    "api_missing": api_missing.content.decode(),
    "static_status": static.status_code,
    "static_type": static.get("Content-Type", ""),
    "static_body": b"".join(static.streaming_content).decode()[:200] if static.streaming else "",
}))
"""


def test_make_demo_starts_everything_with_the_demo_settings():
    assert embedded.DEMO_SETTINGS == "talenta.settings.demo"
    source = inspect.getsource(embedded.cmd_demo)
    assert "DJANGO_SETTINGS_MODULE=DEMO_SETTINGS" in source


def test_demo_settings_are_debug_off_with_the_indonesian_404_and_static_files():
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "talenta.settings.demo",
        "DJANGO_DEBUG": "true",  # a developer's environment: the demo stays DEBUG off anyway
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["debug"] is False
    assert answer["missing_status"] == 404
    for page in (answer["missing"], answer["api_missing"]):
        assert "Using the URLconf" not in page
        assert "Django tried these URL patterns" not in page
        assert "healthz" not in page and "[name='beranda']" not in page  # entries of the URL list
    assert "Halaman tidak ditemukan" in answer["missing"]
    assert answer["static_status"] == 200
    assert answer["static_type"].startswith("text/css")
    assert answer["static_body"].strip()
