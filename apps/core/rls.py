"""Row-level security on tenant tables: the SQL, in one home, and the migration operation.

Every tenant table (a TenantOwnedModel, a TenantEvent row-history table, and the audit trail) has
row-level security enabled and a policy that admits a row only when

* its `instansi_id` equals the transaction-local setting `app.instansi_id`, which the database
  backend (talenta/db/postgresql) sets from the active `instansi_scope()`, or
* the setting `app.lintas_instansi` is non-empty: the backend sets it only inside
  `apps.core.tenancy.lintas_instansi(alasan=…)`, the reviewed cross-tenant mechanism.

The table owner (the role that migrates) is not subject to the policies (no FORCE): migrations,
the demo seed and the test suite run as the owner. The application role is (docs/operations.md).

The audit trail has one difference: platform events (no instansi: a BKN user signing in, an
operator changing reference data) can be INSERTed by the application role but are readable only
across tenants (the reviewed mechanism), so one tenant never reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import migrations

POLICY = "instansi_isolasi"
AUDIT_TABLE = "core_auditevent"

# NULLIF: an empty setting (no scope) compares as NULL, which admits nothing. `true` (missing_ok):
# a session that never set it reads NULL instead of raising.
ADMIT_SQL = (
    "(instansi_id = NULLIF(current_setting('app.instansi_id', true), '')::bigint"
    " OR COALESCE(current_setting('app.lintas_instansi', true), '') <> '')"
)


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected table name {name!r}")
    return f'"{name}"'


def enable_sql(table: str) -> list[str]:
    """Statements that put `table` under row-level security (idempotent)."""
    t = _quote(table)
    statements = [f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY", *_drop_policies(table)]
    if table == AUDIT_TABLE:
        statements += [
            f"CREATE POLICY {POLICY}_baca ON {t} FOR SELECT USING {ADMIT_SQL}",
            f"CREATE POLICY {POLICY}_tulis ON {t} FOR INSERT WITH CHECK (instansi_id IS NULL OR {ADMIT_SQL})",
            f"CREATE POLICY {POLICY}_ubah ON {t} FOR UPDATE USING {ADMIT_SQL} WITH CHECK {ADMIT_SQL}",
            f"CREATE POLICY {POLICY}_hapus ON {t} FOR DELETE USING {ADMIT_SQL}",
        ]
    else:
        statements.append(f"CREATE POLICY {POLICY} ON {t} USING {ADMIT_SQL} WITH CHECK {ADMIT_SQL}")
    return statements


def disable_sql(table: str) -> list[str]:
    return [*_drop_policies(table), f"ALTER TABLE {_quote(table)} DISABLE ROW LEVEL SECURITY"]


def _drop_policies(table: str) -> list[str]:
    t = _quote(table)
    names = [POLICY] + (
        [f"{POLICY}_{s}" for s in ("baca", "tulis", "ubah", "hapus")] if table == AUDIT_TABLE else []
    )
    return [f"DROP POLICY IF EXISTS {name} ON {t}" for name in names]


class TenantRowLevelSecurity(migrations.operations.base.Operation):
    """`TenantRowLevelSecurity(models=["pegawai", "pegawaievent", …])`: enable row-level security
    and the tenant policy on the tables of these models of the migration's app. One such migration
    per app with tenant tables; a model added later gets its own operation in a later migration
    (tests/core/test_rls.py fails, naming the table, until it has one)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, models: Sequence[str]):
        self.models = list(models)

    def deconstruct(self):
        return (self.__class__.__name__, [], {"models": self.models})

    def state_forwards(self, app_label, state):
        pass

    def _tables(self, app_label, state) -> list[str]:
        return [state.apps.get_model(app_label, name)._meta.db_table for name in self.models]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for table in self._tables(app_label, to_state):
            for statement in enable_sql(table):
                schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for table in self._tables(app_label, from_state):
            for statement in disable_sql(table):
                schema_editor.execute(statement)

    def describe(self):
        return f"Row-level security on {len(self.models)} tenant table(s)"

    @property
    def migration_name_fragment(self):
        return "row_level_security"


def tenant_models() -> list:
    """Every model whose table is a tenant table: TenantOwnedModel and TenantEvent (row history)
    subclasses, and the audit trail. Derived from the models, so a new one cannot be forgotten."""
    from django.apps import apps

    from .models import AuditEvent, TenantEvent, TenantOwnedModel

    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and (issubclass(model, TenantOwnedModel | TenantEvent) or model is AuditEvent)
    ]
