"""The database triggers that keep `DataVersion` current, for SQLite and
PostgreSQL: created by migration 0006 and re-created by `install_triggers`
whenever the version row is missing (after a flush); `one_bump_for` lets a
bulk write move the version once instead of once per row."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from accord.registry.models import VERSIONED_TABLES

BUMP = (
    "UPDATE registry_dataversion SET counter = counter + 1, changed_at = {now} "
    "WHERE id = 1"
)
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def sqlite_statements(tables: Sequence[str] = VERSIONED_TABLES) -> list[str]:
    # SQLite has row triggers only; SQLite writes one transaction at a time, so
    # each bump is a cheap in-page update.
    bump = BUMP.format(now=SQLITE_NOW)
    return [
        f"CREATE TRIGGER IF NOT EXISTS accord_version_{table}_{op.lower()} "
        f"AFTER {op} ON {table} BEGIN {bump}; END"
        for table in tables
        for op in OPERATIONS
    ]


# While on in a transaction, PostgreSQL's version triggers leave the version
# as it is: `one_bump_for` moves it once, at the end of a bulk write.
HELD = "accord.data_version_held"


def postgresql_statements(tables: Sequence[str] = VERSIONED_TABLES) -> list[str]:
    # One bump per statement, not per row; none while a bulk write holds them.
    function = (
        "CREATE OR REPLACE FUNCTION accord_bump_data_version() RETURNS trigger "
        f"AS $$ BEGIN IF current_setting('{HELD}', true) = 'on' THEN RETURN NULL; "
        f"END IF; {BUMP.format(now='now()')}; RETURN NULL; END; $$ "
        "LANGUAGE plpgsql"
    )
    triggers = []
    for table in tables:
        triggers += [
            f"DROP TRIGGER IF EXISTS accord_version ON {table}",
            f"CREATE TRIGGER accord_version AFTER INSERT OR UPDATE OR DELETE "
            f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
            "EXECUTE FUNCTION accord_bump_data_version()",
        ]
    return [function, *triggers]


def drop_statements(
    vendor: str, tables: Sequence[str] = VERSIONED_TABLES, *, function: bool = True
) -> list[str]:
    """The statements dropping the tables' triggers, and on PostgreSQL their
    shared function unless `function` is false (a later migration unwinding
    only its own tables leaves it to the earlier tables' triggers)."""
    if vendor == "postgresql":
        drop_function = ["DROP FUNCTION IF EXISTS accord_bump_data_version()"]
        return [
            *(f"DROP TRIGGER IF EXISTS accord_version ON {t}" for t in tables),
            *(drop_function if function else []),
        ]
    return [
        f"DROP TRIGGER IF EXISTS accord_version_{table}_{op.lower()}"
        for table in tables
        for op in OPERATIONS
    ]


def install_triggers(connection: Any, tables: Sequence[str] = VERSIONED_TABLES) -> None:
    """Create the triggers and, if missing, the version row (a new epoch)."""
    statements = (
        postgresql_statements(tables)
        if connection.vendor == "postgresql"
        else sqlite_statements(tables)
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("SELECT 1 FROM registry_dataversion WHERE id = 1")
        if cursor.fetchone() is None:
            cursor.execute(
                "INSERT INTO registry_dataversion (id, epoch, counter) "
                "VALUES (1, %s, 0)",
                [secrets.token_hex(8)],
            )


def versioning(tables: Sequence[str]) -> Any:
    """The migration operation that gives `tables`, created after the version
    itself, their triggers; undone, it drops theirs only (the shared function
    stays for the earlier tables')."""
    from django.db import migrations

    def uninstall(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for statement in drop_statements(connection.vendor, tables, function=False):
                cursor.execute(statement)

    return migrations.RunPython(_installing(tables), uninstall)


def rebuilt(tables: Sequence[str]) -> Any:
    """The migration operation that gives `tables` their triggers back, done or
    undone: SQLite copies a table into a new one to add or drop some columns,
    and the copy has none. Placed after the operations that rebuild them and,
    for the way back, before."""
    from django.db import migrations

    return migrations.RunPython(_installing(tables), _installing(tables))


def _installing(tables: Sequence[str]) -> Callable[[Any, Any], None]:
    """A migration function installing the triggers of `tables`."""

    def install(apps: Any, schema_editor: Any) -> None:
        install_triggers(schema_editor.connection, tables)

    return install


@contextmanager
def one_bump_for(connection: Any, tables: Sequence[str]) -> Iterator[None]:
    """Writes to `tables` inside this block move the data version once, at its
    end, not once per row.

    SQLite has row triggers only: 100,000 agreements bumped the version 100,000
    times, three quarters of their insert time. The tables' triggers are
    dropped and created again inside the caller's transaction (SQLite's DDL is
    transactional), so no other connection ever sees the tables without them.

    PostgreSQL's triggers fire once per statement, but a bulk insert is one
    statement per row there too (psycopg pipelines `executemany`): 100,000
    updates of the one version row in one transaction, each slower than the
    last (an import of 100k agreements took 191 s, 15 of them its own CPU).
    There a setting local to the transaction (HELD) makes every version
    trigger of the transaction return at once until the block ends, whatever
    the table; other sessions' writes move the version as ever.

    On an error the caller's transaction rolls back, and with it the dropped
    triggers or the setting.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("one_bump_for needs the caller's transaction")
    if connection.vendor == "postgresql":
        hold = [f"SELECT set_config('{HELD}', 'on', true)"]
        release = [f"SELECT set_config('{HELD}', 'off', true)"]
        bump = BUMP.format(now="now()")
    else:
        hold = drop_statements("sqlite", tables)
        release = sqlite_statements(tables)
        bump = BUMP.format(now=SQLITE_NOW)
    with connection.cursor() as cursor:
        for statement in hold:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in [*release, bump]:
            cursor.execute(statement)
