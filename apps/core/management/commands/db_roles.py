"""`manage.py db_roles`: the application role of row-level security, created and granted.

Run as the owner role (the one that migrates and owns the tables), after `migrate`. Idempotent:
creates the application role (settings.DATABASE_APP_ROLE) if it does not exist and the owner may
create roles, then grants it the data of every table and sequence of the schema, now and for the
tables later migrations create (ALTER DEFAULT PRIVILEGES). It owns nothing, so the row-level
security policies apply to it (docs/security.md section 1, docs/operations.md "Database roles").

No TRUNCATE: TRUNCATE is not subject to row-level security, so it would empty every tenant's rows.
"""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"


def db_roles_apply(*, role: str, password: str | None = None) -> list[str]:
    """Create (if allowed and missing) and grant the application role; returns what was done."""
    if not ROLE_NAME.match(role):
        raise CommandError(f"Nama role tidak valid: {role!r}")
    done: list[str] = []
    quoted = connection.ops.quote_name(role)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        owner, may_create = cursor.fetchone()
        if owner == role:
            raise CommandError(
                f"db_roles berjalan sebagai {role}: jalankan dengan URL pemilik tabel (yang menjalankan migrate)."
            )
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            if not may_create:
                raise CommandError(
                    f"Role {role} belum ada dan {owner} tidak boleh membuat role: minta DBA membuatnya "
                    f"(CREATE ROLE {role} LOGIN PASSWORD '…'), lalu jalankan perintah ini lagi."
                )
            # Concurrent runs (pytest-xdist workers) may race: the loser's duplicate is fine.
            cursor.execute(
                f"DO $$ BEGIN CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;"
                " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
            done.append(f"role {role} dibuat")
        elif row[0]:
            raise CommandError(
                f"Role {role} adalah superuser atau BYPASSRLS: row-level security tidak berlaku."
            )
        if password:
            cursor.execute(f"ALTER ROLE {quoted} LOGIN PASSWORD %s", [password])
            done.append("kata sandi diatur")
        cursor.execute("SELECT current_database()")
        database = connection.ops.quote_name(cursor.fetchone()[0])
        for statement in (
            f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {quoted}",
            f"GRANT USAGE ON SCHEMA public TO {quoted}",
            f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {quoted}",
            f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {TABLE_PRIVILEGES} ON TABLES TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {quoted}",
        ):
            cursor.execute(statement)
        done.append(f"hak {role} atas tabel dan sequence diberikan (pemilik: {owner})")
    return done


class Command(BaseCommand):
    help = (
        "Membuat (bila belum ada) dan memberi hak role aplikasi yang tunduk pada row-level security. "
        "Jalankan sebagai pemilik tabel, setelah migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=None, help="nama role (bawaan: DATABASE_APP_ROLE)")
        parser.add_argument(
            "--password-env",
            default="DATABASE_APP_PASSWORD",
            help="variabel lingkungan berisi kata sandi role (kosong: tidak diubah)",
        )

    def handle(self, *args, **options):
        role = options["role"] or settings.DATABASE_APP_ROLE
        password = os.environ.get(options["password_env"]) or None
        try:
            done = db_roles_apply(role=role, password=password)
        except DatabaseError as error:
            raise CommandError(str(error)) from error
        for line in done:
            self.stdout.write(line)
