"""PostgreSQL backend that carries the tenant scope into the database (row-level security).

The policies of apps/core/rls.py admit a tenant row only when the transaction-local setting
`app.instansi_id` names its instansi, or when `app.lintas_instansi` names a reviewed cross-tenant
reason (apps.core.tenancy.lintas_instansi). This backend keeps those two settings equal to the
django-scopes state of the running code, for the transaction each statement runs in:

* inside a transaction (an atomic block), one `SELECT set_config(…, true), set_config(…, true)` on
  the raw psycopg2 cursor before the first statement that needs it, and again only when the scope
  changes. It goes past Django's cursor wrapper, so `assertNumQueries` and the query log do not
  count it. A new transaction (after COMMIT or ROLLBACK) and a ROLLBACK TO SAVEPOINT forget what
  was set, so the next statement sets it again;
* in autocommit, the same SELECT is prefixed to the statement: psycopg2 sends both in one simple
  Query message, which PostgreSQL runs as one implicit transaction, so the setting holds for that
  statement and ends with it.

Without a scope both settings are empty: the application role then sees no tenant row at all
(fail closed). The values are an int and a reason code checked against a pattern, and are passed
as parameters, never pasted into SQL. Server-side (named) cursors cannot take the prefix, so the
settings force DISABLE_SERVER_SIDE_CURSORS (talenta/settings/base.py).
"""

from __future__ import annotations

import psycopg2.extensions
from django.db.backends.postgresql import base as postgresql_base

from apps.core.tenancy import rls_settings as wanted_settings

_SET_SQL = "SELECT set_config('app.instansi_id', %s, true), set_config('app.lintas_instansi', %s, true)"
_NOTHING = ("", "")
_TRANSACTION_CONTROL = (
    "SET TRANSACTION",
    "SET SESSION CHARACTERISTICS",
    "BEGIN",
    "START TRANSACTION",
    "SAVEPOINT",
    "RELEASE",
    "COMMIT",
)
_STATUS_IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE
_STATUS_INTRANS = psycopg2.extensions.TRANSACTION_STATUS_INTRANS


class RlsCursor(psycopg2.extensions.cursor):
    """A psycopg2 cursor that sets the tenant settings for the statement's transaction."""

    def _prepare(self, query):
        """Return the query to run: prefixed in autocommit, as is in a transaction (after setting
        the settings there if they differ from what this transaction holds)."""
        conn = self.connection
        wanted = wanted_settings()
        if conn.autocommit:
            if wanted == _NOTHING:
                return query
            prefix = self.mogrify(_SET_SQL, wanted) + b"; "
            if isinstance(query, bytes):
                return prefix + query
            return prefix.decode() + query
        status = conn.info.transaction_status
        if status == _STATUS_IDLE:
            conn.rls_applied = _NOTHING  # this statement opens a new transaction
        elif status != _STATUS_INTRANS:
            return query  # an aborted transaction: every statement but ROLLBACK fails anyway
        head = (query if isinstance(query, str) else query.decode(errors="replace"))[:40].lstrip().upper()
        if head.startswith("ROLLBACK"):
            conn.rls_applied = None  # ROLLBACK TO SAVEPOINT may undo what was set after it
            return query
        if head.startswith(_TRANSACTION_CONTROL):
            # SET TRANSACTION … must be the transaction's first statement; the setting follows
            # with the next statement.
            return query
        if wanted != conn.rls_applied:
            super().execute(_SET_SQL, wanted)
            conn.rls_applied = wanted
        return query

    def execute(self, query, vars=None):
        return super().execute(self._prepare(query), vars)

    def executemany(self, query, vars_list):
        # In autocommit each execution is its own transaction and carries the prefix.
        return super().executemany(self._prepare(query), vars_list)

    def copy_expert(self, sql, file, size=8192):
        if not self.connection.autocommit:
            self._prepare("COPY")
        elif wanted_settings() != _NOTHING:
            raise RuntimeError("COPY under a tenant scope needs a transaction (transaction.atomic)")
        return super().copy_expert(sql, file, size)


class RlsConnection(psycopg2.extensions.connection):
    """Remembers the settings this connection's current transaction holds (None: unknown)."""

    rls_applied: tuple[str, str] | None = _NOTHING

    def cursor(self, *args, **kwargs):
        kwargs.setdefault("cursor_factory", RlsCursor)
        return super().cursor(*args, **kwargs)


class DatabaseWrapper(postgresql_base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["connection_factory"] = RlsConnection
        return params

    def create_cursor(self, name=None):
        if name:
            raise RuntimeError("server-side cursors are disabled with row-level security")
        return super().create_cursor(name)
