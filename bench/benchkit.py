"""What every benchmark here needs besides its own data: the PostgreSQL server and a throwaway
database on it, the run's checks, and the measures (peak memory, CPU time of this process and of
its PostgreSQL backend). Imported as `import benchkit` (the scripts run from bench/)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent


def server_url() -> str:
    """DATABASE_URL, or the embedded server's (var/embedded.env) while `make demo`/`make test` run."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        env_file = PROJECT_DIR / "var" / "embedded.env"
        if env_file.exists():
            for line in env_file.read_text().splitlines():
                if line.startswith("DATABASE_URL="):
                    url = line.split("=", 1)[1].strip()
    if not url:
        sys.exit("DATABASE_URL is not set (or run through `python -m devserver.embedded run -- ...`).")
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def recreate_database(url: str, name: str, *, drop_only: bool = False) -> None:
    """Drop the benchmark's own database `name` (and create it empty, unless `drop_only`)."""
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if not drop_only:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def check(condition: bool, message: str = "unexpected result") -> None:
    if not condition:
        raise SystemExit(f"benchmark check failed: {message}")


def peak_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process image (VmHWM), in MB.

    getrusage's ru_maxrss survives fork + exec on Linux: a child started by a parent that holds the
    generated data would report the parent's peak as its own. VmHWM in /proc/<pid>/status is the
    same kernel high-water mark for the current image only; ru_maxrss is the fallback without /proc.
    """
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def peak_reset() -> None:
    """Start the peak (VmHWM) again from the current resident size, so each step shows its own peak
    (Linux: writing 5 to clear_refs; elsewhere the peak stays the process's)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def cpu_seconds(pid: int | str = "self") -> float | None:
    """User + system CPU seconds of a process on this host (a PostgreSQL backend too), from /proc;
    None when it cannot be read. Unlike wall time, it does not grow while other work shares the
    machine's cores."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def backend_pid(connection=None) -> int:
    """The process id of the PostgreSQL backend serving `connection` (Django's default one)."""
    if connection is None:
        from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def spawn(script: str | Path, spec: dict) -> dict:
    """Run one measured step in a fresh process: `script --child <spec as JSON>`, which prints its
    figures as a line `RESULT <json>`; its other output is echoed, indented."""
    command = [sys.executable, str(script), "--child", json.dumps(spec)]
    process = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=False)  # noqa: S603
    result = None
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(f"    {line}", flush=True)
    if process.returncode != 0 or result is None:
        sys.stderr.write(process.stderr[-6000:])
        raise SystemExit(f"benchmark step failed: {spec.get('step')}")
    return result
