"""Environment access for all settings modules (django-environ).

Values come from the process environment. When the embedded services of `make demo` / `make test`
are running, `var/embedded.env` holds their URLs; local and test settings read it as a fallback so
that `python manage.py ...` in another terminal reaches the same database and Redis.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
EMBEDDED_ENV_FILE = BASE_DIR / "var" / "embedded.env"

env = environ.Env()


def read_embedded_env() -> None:
    """Fill missing variables from the embedded run mode's env file, if it exists."""
    if EMBEDDED_ENV_FILE.exists():
        environ.Env.read_env(str(EMBEDDED_ENV_FILE), overwrite=False)


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server, another logical database (tests keep their keys apart)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))
