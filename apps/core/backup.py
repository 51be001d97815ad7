"""Backup and restore: one dated archive holding a pg_dump of the database and the media files.

The archive (`talenta-backup-<UTC time>.tar`) contains:

- `manifest.json`: when, which database and server, the pg_dump version, the exact row count of
  every table, the dump's sha256, and every media file with its size and sha256;
- `database.dump`: `pg_dump --format=custom` (compressed, restorable table by table);
- `media/...`: the files under MEDIA_ROOT (uploaded documents, generated reports).

A restore checks every checksum before it touches anything, refuses a database that already has
tables (or a media directory that already has files) unless forced, restores with
`--no-owner --no-acl` (the restoring role owns the objects; grants are the deployment's, see
`backup_grants_hook`), then counts the rows again and fails on any difference from the manifest.

pg_dump/pg_restore must be at least the server's major version: the binaries are looked for in
PATH, in /usr/lib/postgresql/*/bin and in the embedded server's wheel (pgserver), and the one whose
major version matches the server is preferred. docs/operations.md, "Backup and restore".
"""

# This module runs pg_dump/pg_restore: argv lists we build ourselves, never a shell.
# ruff: noqa: S603

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ
import psycopg2
from django.conf import settings
from django.core.management import get_commands

ARSIP_PREFIX = "talenta-backup-"
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_DIR = "media"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """A backup or restore that must stop; the message says why."""


@dataclass(frozen=True)
class Koneksi:
    """libpq connection parameters of one database (never put on a command line: env only)."""

    host: str
    port: str
    user: str
    password: str
    dbname: str

    @classmethod
    def from_django(cls, db: dict[str, Any]) -> Koneksi:
        # A socket directory may come as ?host=... in the URL (the embedded server's), which
        # django-environ leaves in OPTIONS.
        options = db.get("OPTIONS") or {}
        return cls(
            host=str(db.get("HOST") or options.get("host") or ""),
            port=str(db.get("PORT") or options.get("port") or ""),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
            dbname=str(db.get("NAME") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Koneksi:
        return cls.from_django(environ.Env.db_url_config(url))

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE"):
            env.pop(key, None)
        values = {"PGHOST": self.host, "PGPORT": self.port, "PGUSER": self.user, "PGPASSWORD": self.password}
        env.update({k: v for k, v in values.items() if v})
        env["PGDATABASE"] = self.dbname
        return env

    def connect(self):
        params = {"dbname": self.dbname, "host": self.host, "port": self.port, "user": self.user}
        params["password"] = self.password
        return psycopg2.connect(**{k: v for k, v in params.items() if v})


def default_koneksi() -> Koneksi:
    return Koneksi.from_django(settings.DATABASES["default"])


# --- binaries ---------------------------------------------------------------------------------


def _candidate_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver  # the embedded server's wheel ships its own client binaries

        dirs.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    return dirs


def _major(binary: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\s(\d+)(?:\.\d+)?", out.stdout)
    return int(match.group(1)) if match else None


def pg_binary(name: str, *, server_major: int) -> Path:
    """The `name` binary (pg_dump/pg_restore) for a server of this major version: the same major
    if there is one, else the oldest newer one (a newer client reads and writes older servers)."""
    found: dict[int, Path] = {}
    for directory in _candidate_dirs():
        binary = directory / name
        if binary.is_file() and os.access(binary, os.X_OK):
            major = _major(binary)
            if major is not None:
                found.setdefault(major, binary)
    if server_major in found:
        return found[server_major]
    newer = sorted(m for m in found if m > server_major)
    if newer:
        return found[newer[0]]
    have = ", ".join(f"{found[m]} ({m})" for m in sorted(found)) or "none"
    raise BackupError(f"no {name} of PostgreSQL {server_major} or newer found (found: {have})")


def server_major(koneksi: Koneksi) -> int:
    with koneksi.connect() as conn, conn.cursor() as cur:
        cur.execute("SHOW server_version_num")
        return int(cur.fetchone()[0]) // 10000


# --- counting ---------------------------------------------------------------------------------


def _count_tables(cur) -> dict[str, int]:
    cur.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY 1, 2"
    )
    counts = {}
    for schema, table in cur.fetchall():
        # Names come from the catalog and are quoted as identifiers.
        cur.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608
        name = table if schema == "public" else f"{schema}.{table}"
        counts[name] = cur.fetchone()[0]
    return counts


def table_counts(koneksi: Koneksi) -> dict[str, int]:
    """Exact row count of every ordinary table in the database's non-system schemas."""
    conn = koneksi.connect()
    try:
        with conn.cursor() as cur:
            return _count_tables(cur)
    finally:
        conn.close()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[dict[str, Any]]:
    if not root.is_dir():
        return []
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        files.append(
            {
                "path": path.relative_to(root).as_posix(),
                "ukuran": path.stat().st_size,
                "sha256": sha256_file(path),
            }
        )
    return files


# --- backup -----------------------------------------------------------------------------------


def backup_create(
    *, tujuan: Path | None = None, koneksi: Koneksi | None = None, media_root: Path | None = None
) -> Path:
    """Write one archive (database + media + manifest) into directory `tujuan` (var/backups/ by
    default) and return its path. The archive is written under a temporary name and renamed when
    complete, so a half-written backup never looks like a backup."""
    koneksi = koneksi or default_koneksi()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    tujuan = Path(tujuan or Path(settings.BASE_DIR) / "var" / "backups")
    tujuan.mkdir(parents=True, exist_ok=True)
    waktu = dt.datetime.now(dt.UTC)
    major = server_major(koneksi)
    pg_dump = pg_binary("pg_dump", server_major=major)

    with tempfile.TemporaryDirectory(prefix="talenta-backup-") as tmp:
        dump = Path(tmp) / DUMP
        # One snapshot for the counts and the dump: a repeatable-read transaction exports it and
        # stays open while pg_dump reads it (--snapshot), so the manifest's counts are exactly the
        # dump's rows even while the application writes.
        conn = koneksi.connect()
        try:
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with conn.cursor() as cur:
                cur.execute("SELECT pg_export_snapshot()")
                snapshot = cur.fetchone()[0]
                counts = _count_tables(cur)
            result = subprocess.run(
                [
                    str(pg_dump),
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                env=koneksi.env(),
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            conn.close()
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        files = media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "dibuat_pada": waktu.isoformat(),
            "database": koneksi.dbname,
            "server_major": major,
            "pg_dump": f"{pg_dump} ({_major(pg_dump)})",
            "pg_dump_major": _major(pg_dump),
            "dump_sha256": sha256_file(dump),
            "dump_ukuran": dump.stat().st_size,
            "tabel": counts,
            "jumlah_baris": sum(counts.values()),
            "media": files,
        }
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        arsip = tujuan / f"{ARSIP_PREFIX}{waktu:%Y%m%dT%H%M%SZ}.tar"
        partial = arsip.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=DUMP)
            for entry in files:
                tar.add(media_root / entry["path"], arcname=f"{MEDIA_DIR}/{entry['path']}")
        partial.replace(arsip)
    return arsip


# --- restore ----------------------------------------------------------------------------------


def _database_is_empty(koneksi: Koneksi) -> bool:
    with koneksi.connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        return cur.fetchone()[0] == 0


def _extract(arsip: Path, tmp: Path) -> dict[str, Any]:
    """Unpack and verify every checksum; members outside the archive root are refused."""
    with tarfile.open(arsip, "r") as tar:
        tar.extractall(tmp, filter="data")
    manifest_path = tmp / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{arsip} has no {MANIFEST}: not a Talenta backup")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if sha256_file(tmp / DUMP) != manifest["dump_sha256"]:
        raise BackupError("database.dump does not match its checksum in the manifest")
    for entry in manifest["media"]:
        path = tmp / MEDIA_DIR / entry["path"]
        if not path.is_file() or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"media file {entry['path']} is missing or does not match its checksum")
    return manifest


def backup_grants_hook(*, koneksi: Koneksi) -> str | None:
    """After a restore: re-apply the application role's grants (and row-level security policies,
    if any) with the project's grants command, named by setting BACKUP_GRANTS_COMMAND, run as
    `manage.py <command>` against the restored database. The restore itself uses --no-owner/--no-acl,
    so the restoring role owns every object and no grant of the source server is carried over.
    Returns the command run, or None when no such command is configured."""
    command = getattr(settings, "BACKUP_GRANTS_COMMAND", "")
    if not command:
        return None
    if command not in get_commands():
        raise BackupError(f"BACKUP_GRANTS_COMMAND={command!r} is not a management command")
    url = _django_url(koneksi)
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), command],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command} failed on the restored database: {result.stderr.strip()}")
    return command


def _django_url(koneksi: Koneksi) -> str:
    from urllib.parse import quote

    auth = quote(koneksi.user, safe="")
    if koneksi.password:
        auth += ":" + quote(koneksi.password, safe="")
    host = koneksi.host
    query = ""
    if host.startswith("/"):  # a Unix socket directory
        query, host = f"?host={quote(host, safe='')}", ""
    port = f":{koneksi.port}" if koneksi.port else ""
    return f"postgres://{auth}@{host}{port}/{koneksi.dbname}{query}"


def backup_restore(
    *, arsip: Path, koneksi: Koneksi | None = None, media_root: Path | None = None, paksa: bool = False
) -> dict[str, Any]:
    """Restore `arsip` into the database and media directory (the configured ones by default).

    Refuses a database with tables or a media directory with files unless `paksa` (then the
    database's objects are dropped first and the media files are overwritten). Returns the
    manifest after checking that every table has the manifest's row count."""
    koneksi = koneksi or default_koneksi()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    arsip = Path(arsip)
    if not arsip.is_file():
        raise BackupError(f"{arsip} does not exist")
    if not paksa:
        if not _database_is_empty(koneksi):
            raise BackupError(
                f"database {koneksi.dbname} is not empty; restore into a fresh database or pass --force"
            )
        if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
            raise BackupError(f"{media_root} is not empty; restore into a fresh directory or pass --force")

    with tempfile.TemporaryDirectory(prefix="talenta-restore-") as tmp_name:
        tmp = Path(tmp_name)
        manifest = _extract(arsip, tmp)
        major = server_major(koneksi)
        pg_restore = pg_binary("pg_restore", server_major=max(major, manifest.get("pg_dump_major") or major))
        argv = [str(pg_restore), "--no-owner", "--no-acl", "--exit-on-error", "--no-password"]
        if paksa:
            argv += ["--clean", "--if-exists"]
        argv += [f"--dbname={koneksi.dbname}", str(tmp / DUMP)]
        result = subprocess.run(argv, env=koneksi.env(), capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        for entry in manifest["media"]:
            target = media_root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tmp / MEDIA_DIR / entry["path"], target)

    counts = table_counts(koneksi)
    selisih = {
        name: (manifest["tabel"].get(name), counts.get(name))
        for name in sorted(set(counts) | set(manifest["tabel"]))
        if counts.get(name) != manifest["tabel"].get(name)
    }
    if selisih:
        raise BackupError(f"row counts differ after restore (manifest, restored): {selisih}")
    manifest["grants"] = backup_grants_hook(koneksi=koneksi)
    return manifest
