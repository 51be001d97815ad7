"""Row-level security, the database's own tenant fence (docs/security.md, section 1).

The test database is owned by the superuser the suite runs as; the application role
(settings.DATABASE_APP_ROLE, created and granted by `manage.py db_roles` from tests/conftest.py) owns
nothing, so the policies apply to it. Each test switches the Django connection (or a raw psycopg2
cursor on it) to that role inside the test's own transaction and resets it afterwards.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import io
import json
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras
import pytest
from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from apps.core.bulk import rows_insert
from apps.core.models import AuditEvent
from apps.core.rls import AUDIT_TABLE, POLICY, tenant_models
from apps.core.services import audit_event_record
from apps.core.tasks import InstansiTask
from apps.core.tenancy import Lintas, instansi_scope, lintas_instansi, scopes_disabled
from apps.pegawai.models import Pegawai
from tests.factories import PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

APP_ROLE = settings.DATABASE_APP_ROLE
MODELS = {model._meta.db_table: model for model in tenant_models()}
TABLES = sorted(MODELS)
APPS_DIR = Path(settings.BASE_DIR) / "apps"


# --- helpers ------------------------------------------------------------------------------------


def _raw() -> psycopg2.extensions.cursor:
    """A plain psycopg2 cursor on the Django connection: the backend's settings do not touch it."""
    connection.ensure_connection()
    return connection.connection.cursor(cursor_factory=psycopg2.extensions.cursor)


@contextmanager
def as_app_role():
    """The Django connection runs as the application role for the block."""
    cursor = _raw()
    cursor.execute(f"SET ROLE {APP_ROLE}")
    try:
        yield
    finally:
        _raw().execute("RESET ROLE")


@contextmanager
def refused(*, match: str = "row-level security"):
    """The statement inside must be refused (by a row-level security policy: SQLSTATE 42501)."""
    cursor = _raw()
    cursor.execute("SAVEPOINT rls_refused")
    try:
        with pytest.raises(psycopg2.DatabaseError, match=match):
            yield cursor
    finally:
        cursor.execute("ROLLBACK TO SAVEPOINT rls_refused")


def _triggers_off(cursor) -> bool:
    """Row triggers off for the rows the owner writes (session_replication_role needs a superuser:
    true on the project's machines and embedded mode; .ci/run's password path runs as a plain
    owner). Foreign keys need nothing: Django creates them DEFERRABLE INITIALLY DEFERRED, and the
    test's transaction never commits."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")
        return True
    return False


def _value(field: models.Field, n: int, *, fill_nullable: bool = False):
    """A value the column accepts; foreign keys get ids that exist nowhere (checked at commit only)."""
    if field.null and not fill_nullable:
        return None
    if field.has_default():
        return field.get_default()
    if field.blank and isinstance(field, models.CharField | models.TextField) and not fill_nullable:
        return ""
    if field.flatchoices:
        return field.flatchoices[0][0]
    if isinstance(field, models.ForeignKey):
        return 900_000_000 + n
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(1)
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.IntegerField):  # the positive and big variants too
        return n
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2025, 1, 1)
    if isinstance(field, models.DurationField):
        return dt.timedelta(0)
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.FileField):
        return f"rls/{n}.pdf"
    if isinstance(field, models.EmailField):
        return f"rls{n}@contoh.go.id"
    if isinstance(field, models.CharField | models.TextField):
        return f"rls{n}"[: field.max_length or 20]
    raise AssertionError(f"no test value for {field!r}")


def _row_insert(model, *, instansi_id: int, n: int) -> int:
    """One minimal row of `model` for `instansi_id`, written by the owner (CHECK, NOT NULL and
    unique constraints hold; foreign keys are checked only at a commit that never comes)."""
    for fill_nullable in (False, True):  # the empty row first; a CHECK may want the optional values
        obj = model()
        for field in model._meta.concrete_fields:
            if not field.primary_key:
                value = (
                    instansi_id
                    if field.attname == "instansi_id"
                    else _value(field, n, fill_nullable=fill_nullable)
                )
                setattr(obj, field.attname, value)
        try:
            with transaction.atomic():
                models.QuerySet(model=model).bulk_create([obj])
        except IntegrityError:
            if fill_nullable:
                raise
        else:
            return obj.pk
    raise AssertionError("unreachable")


def _count(cursor, table: str, where: str = "TRUE", params=()) -> int:
    cursor.execute(f'SELECT count(*) FROM "{table}" WHERE {where}', params)  # noqa: S608 - model tables
    return cursor.fetchone()[0]


def _set_instansi(cursor, instansi_id: int | str) -> None:
    cursor.execute("SELECT set_config('app.instansi_id', %s, true)", [str(instansi_id)])


# --- every tenant table -------------------------------------------------------------------------


def test_the_tenant_tables_are_derived_from_the_models():
    # Not vacuous: the ones everybody knows are in, the platform tables are out.
    assert {
        "pegawai_pegawai",
        "pegawai_pegawaievent",
        "core_auditevent",
        "nasional_ringkasaninstansi",
    } <= set(TABLES)
    assert not {"instansi_instansi", "instansi_membership", "accounts_user"} & set(TABLES)
    assert len(TABLES) >= 60


def test_every_tenant_table_has_row_level_security_and_its_policy():
    cursor = _raw()
    cursor.execute(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relowner::regrole::text"
        " FROM pg_class c WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
        [TABLES],
    )
    found = {name: (rls, force, owner) for name, rls, force, owner in cursor.fetchall()}
    cursor.execute("SELECT tablename, policyname FROM pg_policies WHERE tablename = ANY(%s)", [TABLES])
    policies: dict[str, set[str]] = {}
    for table, policy in cursor.fetchall():
        policies.setdefault(table, set()).add(policy)
    missing = [t for t in TABLES if not found.get(t, (False,))[0] or not policies.get(t)]
    assert not missing, f"tenant tables without row-level security or policy: {missing}"
    for table in TABLES:
        wanted = (
            {f"{POLICY}_{s}" for s in ("baca", "tulis", "ubah", "hapus")}
            if table == AUDIT_TABLE
            else {POLICY}
        )
        assert policies[table] == wanted, table
    # The application role owns none of them (an owner is not subject to its table's policies).
    assert not [t for t, (_r, _f, owner) in found.items() if owner == APP_ROLE]


def test_the_application_role_owns_nothing_and_cannot_bypass():
    cursor = _raw()
    cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [APP_ROLE])
    assert cursor.fetchone() == (False, False)
    cursor.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s",
        [APP_ROLE],
    )
    assert cursor.fetchone()[0] == 0
    # No TRUNCATE: it is not subject to row-level security.
    cursor.execute("SELECT has_table_privilege(%s, 'pegawai_pegawai', 'TRUNCATE')", [APP_ROLE])
    assert cursor.fetchone()[0] is False


@pytest.mark.parametrize("table", TABLES)
def test_app_role_in_one_scope_neither_sees_nor_writes_another_instansis_rows(table, instansi_a, instansi_b):
    model = MODELS[table]
    pk = model._meta.pk.column
    cursor = _raw()
    triggers_off = _triggers_off(cursor)
    own = _row_insert(model, instansi_id=instansi_a.pk, n=1)
    foreign = _row_insert(model, instansi_id=instansi_b.pk, n=2)
    # The owner sees B's row: there is something to hide.
    assert _count(cursor, table, "instansi_id = %s", [instansi_b.pk]) >= 1
    cursor.execute(f'SELECT to_jsonb(t) FROM "{table}" t WHERE "{pk}" = %s', [foreign])  # noqa: S608
    copy_of_foreign = json.loads(cursor.fetchone()[0])  # Django's connection leaves jsonb as text
    copy_of_foreign[pk] = foreign + 1_000_000

    with as_app_role():
        _set_instansi(cursor, instansi_a.pk)
        assert _count(cursor, table, "instansi_id = %s", [instansi_b.pk]) == 0
        assert _count(cursor, table, f'"{pk}" = %s', [foreign]) == 0
        assert _count(cursor, table, f'"{pk}" = %s', [own]) == 1  # its own row is there
        with refused() as c:  # a B row cannot be inserted
            c.execute(
                f'INSERT INTO "{table}" SELECT * FROM jsonb_populate_record(NULL::"{table}", %s::jsonb)',  # noqa: S608
                [psycopg2.extras.Json(copy_of_foreign)],
            )
        # Nor can an A row be moved to B. (With row triggers on, a row-history table's append-only
        # trigger refuses the UPDATE before the policy is asked.)
        append_only = not triggers_off and model._meta.pk.column == "pgh_id"
        with refused(match="row-level security|append" if append_only else "row-level security") as c:
            c.execute(f'UPDATE "{table}" SET instansi_id = %s WHERE "{pk}" = %s', [instansi_b.pk, own])  # noqa: S608
        cursor.execute(f'UPDATE "{table}" SET instansi_id = instansi_id WHERE "{pk}" = %s', [foreign])  # noqa: S608
        assert cursor.rowcount == 0
        cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" = %s', [foreign])  # noqa: S608
        assert cursor.rowcount == 0
        # Without any setting: nothing at all.
        _set_instansi(cursor, "")
        assert _count(cursor, table) == 0
    assert _count(cursor, table, f'"{pk}" = %s', [foreign]) == 1


# --- the audit trail's platform events ----------------------------------------------------------


def test_platform_audit_events_are_insertable_but_readable_only_across_tenants(instansi_a, django_user_model):
    with as_app_role():
        # A BKN sign-in: no instansi, no scope.
        event = audit_event_record(action="accounts.login", instansi=None, actor=None, actor_label="bkn")
        assert event.pk
        cursor = _raw()
        assert _count(cursor, AUDIT_TABLE, "id = %s", [event.pk]) == 0
        with instansi_scope(instansi_a):
            assert AuditEvent.objects.filter(pk=event.pk).count() == 0
        with lintas_instansi(alasan=Lintas.RETENSI):
            assert AuditEvent.objects.filter(pk=event.pk).count() == 1
        # A tenant user's sign-in is written before any scope, in the user's instansi.
        tenant_event = audit_event_record(action="accounts.login", instansi=instansi_a, actor=None)
        with instansi_scope(instansi_a):
            assert AuditEvent.objects.filter(pk=tenant_event.pk).count() == 1


# --- the backend: settings follow the scope -----------------------------------------------------


@pytest.fixture
def two_tenants(instansi_a, instansi_b):
    PegawaiFactory.create_batch(2, instansi=instansi_a)
    PegawaiFactory.create_batch(3, instansi=instansi_b)
    return instansi_a, instansi_b


def _pegawai_raw_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pegawai_pegawai")  # no WHERE: only the policy filters
        return cursor.fetchone()[0]


def test_backend_in_a_transaction_sets_the_scope_once_and_uncounted(two_tenants, django_assert_num_queries):
    a, b = two_tenants
    with as_app_role():
        assert _pegawai_raw_count() == 0  # no scope: fail closed
        with scopes_disabled():
            assert Pegawai.objects.count() == 0  # lifting the ORM filter does not reach the database
        with instansi_scope(a), django_assert_num_queries(2):
            assert _pegawai_raw_count() == 2
            assert Pegawai.objects.count() == 2
        with instansi_scope(b):
            assert _pegawai_raw_count() == 3
        assert _pegawai_raw_count() == 0  # the scope ended inside the same transaction


class Boom(Exception):
    pass


def test_backend_sets_again_after_a_savepoint_rollback(two_tenants):
    a, _b = two_tenants
    with as_app_role(), instansi_scope(a):
        with pytest.raises(Boom), transaction.atomic():
            assert _pegawai_raw_count() == 2  # set inside the savepoint
            raise Boom
        assert _pegawai_raw_count() == 2  # the rollback undid it; the backend set it again


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backend_in_autocommit_prefixes_each_statement(instansi_a, instansi_b):
    PegawaiFactory.create_batch(2, instansi=instansi_a)
    PegawaiFactory.create_batch(1, instansi=instansi_b)
    assert connection.get_autocommit()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {APP_ROLE}")
        assert _pegawai_raw_count() == 0
        with instansi_scope(instansi_a):
            assert _pegawai_raw_count() == 2
            with connection.cursor() as cursor:  # the setting ended with the statement's transaction
                cursor.execute("SELECT current_setting('app.instansi_id', true)")
                assert cursor.fetchone()[0] == str(instansi_a.pk)
            _raw().execute("SELECT 1")
            cursor = _raw()
            cursor.execute("SELECT coalesce(current_setting('app.instansi_id', true), '')")
            assert cursor.fetchone()[0] == ""
        with instansi_scope(instansi_b):
            assert _pegawai_raw_count() == 1
    finally:
        _raw().execute("RESET ROLE")


def test_a_scope_over_several_instansi_is_refused_by_the_backend(two_tenants):
    from django_scopes import scope

    a, b = two_tenants
    with scope(instansi=[a, b]), pytest.raises(ValueError, match="several instansi"):
        _pegawai_raw_count()


def test_a_request_sees_only_its_instansi(two_tenants, make_user, client):
    a, _b = two_tenants
    seen: list[tuple[str, int]] = []

    def probe(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "pegawai_pegawai" in sql:
            cursor = _raw()  # same transaction: what the policy admits right now
            cursor.execute(
                "SELECT coalesce(current_setting('app.instansi_id', true), ''), count(*) FROM pegawai_pegawai"
            )
            seen.append(cursor.fetchone())
        return result

    from apps.core.roles import Role

    user = make_user(role=Role.ADMIN_BKD, instansi=a)
    client.force_login(user)
    with as_app_role(), connection.execute_wrapper(probe):
        response = client.get("/pegawai/")
    assert response.status_code == 200
    assert seen
    assert set(seen) == {(str(a.pk), 2)}


@shared_task(base=InstansiTask, name="tests.core.test_rls.pegawai_hitung")
def pegawai_hitung(*, instansi) -> int:
    return _pegawai_raw_count()


def test_an_instansi_task_sees_only_its_instansi(two_tenants):
    a, b = two_tenants
    with as_app_role():
        assert pegawai_hitung.apply(kwargs={"instansi_id": a.pk}).get() == 2
        assert pegawai_hitung.apply(kwargs={"instansi_id": b.pk}).get() == 3


# --- the reviewed cross-tenant mechanism --------------------------------------------------------


def test_lintas_instansi_admits_every_tenant_and_a_nested_scope_narrows_again(two_tenants):
    a, _b = two_tenants
    with as_app_role(), lintas_instansi(alasan=Lintas.RINGKASAN_NASIONAL):
        assert _pegawai_raw_count() == 5
        assert Pegawai.objects.count() == 5
        with instansi_scope(a):
            assert _pegawai_raw_count() == 2


def test_lintas_instansi_refuses_an_unreviewed_reason():
    from apps.core.tenancy import ScopeError

    with pytest.raises(ScopeError), lintas_instansi(alasan="cuma_lihat"):
        pass


def test_sweepers_and_the_national_summary_work_as_the_app_role(two_tenants):
    from apps.nasional.models import RingkasanInstansi
    from apps.nasional.selectors import nasional_scope
    from apps.nasional.services import ringkasan_mark_dirty, ringkasan_refresh, ringkasan_sweep_targets
    from apps.suksesi.services import suksesi_refresh_all, suksesi_sweep_targets

    a, b = two_tenants
    with as_app_role():
        for instansi in (a, b):
            with instansi_scope(instansi):
                ringkasan_refresh(instansi=instansi)  # the summary refresh, in its own scope
        for instansi in (a, b):
            with instansi_scope(instansi):
                ringkasan_mark_dirty(instansi_id=instansi.pk, penyebab="uji")
    _raw().execute(
        "UPDATE nasional_ringkasankotor SET dirty_since = now() - interval '1 hour'"
    )  # as the owner
    with as_app_role():
        assert ringkasan_sweep_targets(older_than_seconds=60) == sorted([a.pk, b.pk])
        assert suksesi_sweep_targets(older_than_seconds=60) == []
        assert suksesi_refresh_all() == []
        with nasional_scope():
            assert RingkasanInstansi.objects.filter(instansi__in=[a, b]).count() == 2


def test_the_sweeper_without_its_reason_would_see_nothing(two_tenants):
    a, _b = two_tenants
    with instansi_scope(a):
        from apps.nasional.services import ringkasan_mark_dirty

        ringkasan_mark_dirty(instansi_id=a.pk, penyebab="uji")
    _raw().execute("UPDATE nasional_ringkasankotor SET dirty_since = now() - interval '1 hour'")
    with as_app_role():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM nasional_ringkasankotor")
            assert cursor.fetchone()[0] == 0
        from apps.nasional.services import ringkasan_sweep_targets

        assert ringkasan_sweep_targets(older_than_seconds=60) == [a.pk]


def test_mutasi_between_instansi_works_as_the_app_role(instansi_a, instansi_b):
    pegawai = PegawaiFactory(instansi=instansi_a)
    unit = UnitKerjaFactory(instansi=instansi_b)
    with as_app_role():
        call_command(
            "mutasi_pegawai",
            pegawai_id=pegawai.pk,
            ke=instansi_b.kode,
            unit=unit.kode,
            stdout=io.StringIO(),
        )
    with scopes_disabled():
        assert Pegawai.objects.get(pk=pegawai.pk).instansi_id == instansi_b.pk


def test_the_operators_platform_admin_works_as_the_app_role(make_user, client, instansi_a):
    from apps.core.roles import Role

    client.force_login(make_user(role=Role.OPERATOR))
    with as_app_role():
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/instansi/membership/").status_code == 200


def test_bulk_copy_path_works_as_the_app_role(two_tenants):
    a, b = two_tenants
    with as_app_role(), instansi_scope(a):
        fields = ("instansi_id", "actor_label", "action", "target_type", "target_id", "target_repr")
        fields += ("user_agent", "request_id")
        ids = rows_insert(
            model=AuditEvent, fields=fields, rows=[(a.pk, "uji", "uji.bulk", "", "", "", "", "")] * 3
        )
        assert AuditEvent.objects.filter(pk__in=ids).count() == 3
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            rows_insert(model=AuditEvent, fields=fields, rows=[(b.pk, "x", "x", "", "", "", "", "")])


# --- every use of the cross-tenant mechanism is reviewed ----------------------------------------

# (file, reason) -> why. A new use site fails here until it is reviewed and added.
REVIEWED_LINTAS = {
    ("apps/core/middleware.py", "ADMIN_PLATFORM"): "the operator's Django admin (accounts, memberships)",
    ("apps/nasional/selectors.py", "RINGKASAN_NASIONAL"): "nasional_scope(): BKN's sums of summary rows",
    ("apps/nasional/krs.py", "KRS_NASIONAL"): "BKN's KRS Nasional search and profile, audited",
    ("apps/nasional/services.py", "PENYAPU"): "ids of instansi with a stale summary mark",
    ("apps/suksesi/services.py", "PENYAPU"): "ids of instansi with stale succession marks / key posts",
    ("apps/petatalenta/services.py", "PENYAPU"): "ids of instansi with dirty placements",
    ("apps/pegawai/management/commands/mutasi_pegawai.py", "MUTASI"): "the operator's transfer command",
    ("apps/privasi/services_retensi.py", "RETENSI"): "deletes expired platform audit events (instansi empty)",
}
# Plain scopes_disabled() in application code: only where no tenant table is read.
REVIEWED_SCOPES_DISABLED = {"apps/instansi/selectors.py"}


def _calls(name: str):
    for path in sorted(APPS_DIR.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if called == name:
                    yield path.relative_to(APPS_DIR.parent).as_posix(), node


def test_every_cross_tenant_use_site_is_reviewed():
    found = set()
    for path, node in _calls("lintas_instansi"):
        (alasan,) = [k.value for k in node.keywords if k.arg == "alasan"]
        assert isinstance(alasan, ast.Attribute) and alasan.value.id == "Lintas", (path, ast.dump(alasan))
        found.add((path, alasan.attr))
    assert found == set(REVIEWED_LINTAS)
    assert {p for p, _n in _calls("scopes_disabled")} == REVIEWED_SCOPES_DISABLED
    # django-scopes' own scope() is entered only by apps/core/tenancy.py.
    assert {p for p, _n in _calls("scope")} <= {"apps/core/tenancy.py"}
    assert set(Lintas.__members__) >= {r for _p, r in REVIEWED_LINTAS}


def test_national_rollup_reads_the_same_as_the_app_role_as_as_the_owner(two_tenants):
    """The national figures are sums of summary rows, part of them summed by raw SQL: every one
    of those statements must run inside the national scope, or the app role would read zeros."""
    from apps.nasional.selectors import rekap_nasional_hitung
    from apps.nasional.services import ringkasan_refresh
    from apps.petatalenta.periode import periode_sekarang

    for instansi in two_tenants:
        with instansi_scope(instansi):
            ringkasan_refresh(instansi=instansi)
    periode = periode_sekarang()
    as_owner = rekap_nasional_hitung(periode=periode)
    assert as_owner.total.sebaran
    with as_app_role():
        as_app = rekap_nasional_hitung(periode=periode)
    assert as_app.total == as_owner.total


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_that_sets_its_isolation_level_first_still_gets_the_scope(instansi_a, instansi_b):
    """SET TRANSACTION must be a transaction's first statement: the summary refresh (a repeatable
    read snapshot) runs as the worker runs it, outside any outer transaction."""
    from apps.nasional.models import RingkasanInstansi
    from apps.nasional.services import ringkasan_refresh

    PegawaiFactory.create_batch(2, instansi=instansi_a)
    PegawaiFactory.create_batch(1, instansi=instansi_b)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {APP_ROLE}")
        with instansi_scope(instansi_a):
            ringkasan_refresh(instansi=instansi_a)
            assert RingkasanInstansi.objects.get(instansi=instansi_a).jumlah_pegawai == 2
    finally:
        _raw().execute("RESET ROLE")
