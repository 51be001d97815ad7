"""Tests: real PostgreSQL and Redis (DATABASE_URL / REDIS_URL, else the embedded ones)."""

import uuid

from .env import env, read_embedded_env, redis_url_with_db

read_embedded_env()

from .base import *  # noqa: E402,F403

SECRET_KEY = "test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# A key prefix of this process only: tests clear their own keys between tests (tests/conftest.py)
# and never touch demo data or a concurrent test run on the same Redis.
CACHES["default"]["KEY_PREFIX"] = f"talenta-test-{uuid.uuid4().hex[:12]}"  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
AXES_FAILURE_LIMIT = 5
TRUSTED_PROXY_COUNT = 0

# Test cache keys live in their own Redis databases (one per pytest-xdist worker), away from the
# broker and the demo's data.
_worker = env("PYTEST_XDIST_WORKER", default="gw0")
_worker_index = int(_worker[2:]) if _worker[2:].isdigit() else 0
CACHES["default"]["LOCATION"] = env(  # noqa: F405
    "TEST_CACHE_URL",
    default=redis_url_with_db(REDIS_URL, 10 + _worker_index),  # noqa: F405
)

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Nothing in the test run may reach a worker a developer runs on the same Redis (e.g. make demo).
CELERY_BROKER_URL = redis_url_with_db(REDIS_URL, 5)  # noqa: F405
CELERY_RESULT_BACKEND = redis_url_with_db(REDIS_URL, 6)  # noqa: F405
