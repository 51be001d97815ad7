"""Backup and restore drill (issue #14 point 7, docs/operations.md "Backup and restore").

A real pg_dump of the test database plus its media, restored into a database created here and a
fresh media directory: the same rows in every table, the same document bytes, and an ASN who signs
in on the restored copy (a separate `manage.py` process pointed at the restored database) and
downloads her document there.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from apps.core.backup import Koneksi, backup_create, backup_restore, table_counts
from apps.core.tenancy import instansi_scope
from apps.pegawai.services import dokumen_store
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n% dokumen SK pangkat\n" + bytes(range(256)) * 40


def _admin() -> Koneksi:
    return Koneksi.from_django({**settings.DATABASES["default"], "NAME": "postgres"})


@pytest.fixture
def fresh_database():
    """An empty database on the same server, dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    conn = _admin().connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Koneksi.from_django({**settings.DATABASES["default"], "NAME": name})
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


@pytest.fixture
def seeded(settings, tmp_path, pegawai_a):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with instansi_scope(pegawai_a.instansi):
        dokumen = dokumen_store(
            pegawai=pegawai_a, actor=pegawai_a.user, berkas=SimpleUploadedFile("sk-pangkat.pdf", PDF)
        )
    return pegawai_a, dokumen


def _manage(code: str, *, database: Koneksi, media_root: Path) -> dict:
    """Run `code` in a fresh Django process on the restored database; it prints one JSON line."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "talenta.settings.test",
        "DATABASE_URL": f"postgres://{database.user}@{database.host}:{database.port}/{database.dbname}"
        if database.host
        else f"postgres:///{database.dbname}",
        "MEDIA_ROOT": str(media_root),
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    result = subprocess.run(  # noqa: S603 - our own argv
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_backup_restores_same_rows_documents_and_sign_in(seeded, fresh_database, tmp_path):
    pegawai, dokumen = seeded
    source_counts = table_counts(Koneksi.from_django(settings.DATABASES["default"]))
    assert source_counts["pegawai_dokumen"] == 1 and source_counts["accounts_user"] >= 1

    arsip = backup_create(tujuan=tmp_path / "backups")

    assert arsip.name.startswith("talenta-backup-") and arsip.suffix == ".tar"
    with tarfile.open(arsip) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert "database.dump" in tar.getnames()
    assert manifest["tabel"] == source_counts
    assert manifest["media"] == [
        {"path": dokumen.berkas.name, "ukuran": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}
    ]

    media = tmp_path / "media-restored"
    backup_restore(arsip=arsip, koneksi=fresh_database, media_root=media)

    assert table_counts(fresh_database) == source_counts
    assert hashlib.sha256((media / dokumen.berkas.name).read_bytes()).hexdigest() == dokumen.sha256
    # The second fence survives: the policies come back with the dump, and the grants command
    # (BACKUP_GRANTS_COMMAND = db_roles) gave the application role its rights again.
    restored = fresh_database.connect()
    try:
        with restored.cursor() as cur:
            cur.execute(
                "SELECT c.relrowsecurity, (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname),"
                " has_table_privilege(%s, 'pegawai_pegawai', 'SELECT')"
                " FROM pg_class c WHERE c.relname = 'pegawai_pegawai'",
                [settings.DATABASE_APP_ROLE],
            )
            rls, policies, granted = cur.fetchone()
    finally:
        restored.close()
    assert rls and policies >= 1 and granted

    # The restored copy works: the ASN signs in through the real login form and downloads her
    # document, served from the restored media directory.
    code = f"""
import hashlib, json
from django.test import Client
from django.urls import reverse
c = Client()
r = c.post(reverse("accounts:login"), {{"username": "asn.siti", "password": {PASSWORD!r}}})
d = c.get(reverse("pegawai:dokumen", args=["{dokumen.uuid}"]))
body = b"".join(d.streaming_content) if d.streaming else d.content
print(json.dumps({{"login": r.status_code, "user": c.session.get("_auth_user_id"),
                  "dokumen": d.status_code, "sha256": hashlib.sha256(body).hexdigest()}}))
"""
    hasil = _manage(code, database=fresh_database, media_root=media)
    assert hasil == {"login": 302, "user": str(pegawai.user_id), "dokumen": 200, "sha256": dokumen.sha256}


def test_restore_refuses_a_database_that_is_not_empty(seeded, tmp_path):
    arsip = backup_create(tujuan=tmp_path / "backups")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(arsip), "--media-root", str(tmp_path / "kosong"))


def test_restore_refuses_a_tampered_archive(seeded, fresh_database, tmp_path):
    arsip = backup_create(tujuan=tmp_path / "backups")
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(arsip) as src, tarfile.open(tampered, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"pangkat", b"PANGKAT")
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(Exception, match="does not match its checksum"):
        backup_restore(arsip=tampered, koneksi=fresh_database, media_root=tmp_path / "m")
    assert table_counts(fresh_database) == {}


def test_restore_with_force_replaces_a_non_empty_database(seeded, fresh_database, tmp_path):
    from apps.core.backup import _django_url

    arsip = backup_create(tujuan=tmp_path / "backups")
    media = tmp_path / "media-restored"
    backup_restore(arsip=arsip, koneksi=fresh_database, media_root=media)

    url = _django_url(fresh_database)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(arsip), "--database-url", url, "--media-root", str(tmp_path / "lain"))
    call_command("restore", str(arsip), "--database-url", url, "--media-root", str(media), "--force")

    assert table_counts(fresh_database) == table_counts(Koneksi.from_django(settings.DATABASES["default"]))
