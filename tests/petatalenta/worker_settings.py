"""Settings of the Celery worker subprocess of tests/petatalenta/test_worker_pipeline.py.

The test settings plus what the test process hands over in the environment, so that the worker
and the test share one database (pytest's test database), one cache key space (the test settings
draw a random key prefix per process) and one broker, keys prefixed like the test process's (the
test settings derive the broker from REDIS_URL).
"""

from talenta.settings.env import env
from talenta.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = env("PIPELINE_TEST_DB_NAME")  # noqa: F405
DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
    # The test finds this worker's sessions in pg_stat_activity by this name.
    "application_name": env("PIPELINE_TEST_APPLICATION_NAME"),
    # The test freezes the worker on a row lock before killing it. A backend waiting on a lock
    # does not read its socket, so without this check the killed worker's transaction would
    # finish (and commit) once the test releases the lock; with it, PostgreSQL notices the dead
    # client as it does for a backend that is working or idle, and rolls back.
    "options": "-c client_connection_check_interval=100",
}
CACHES["default"]["LOCATION"] = env("PIPELINE_TEST_CACHE_URL")  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = env("PIPELINE_TEST_CACHE_PREFIX")  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("PIPELINE_TEST_BROKER_URL")
CELERY_RESULT_BACKEND = env("PIPELINE_TEST_RESULT_BACKEND")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "global_keyprefix": env("PIPELINE_TEST_BROKER_PREFIX"),
}
