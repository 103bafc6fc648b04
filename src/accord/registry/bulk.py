"""Writes in bulk: many rows of one model inserted or updated by a few
statements, with no model instance per row, and each row's history row written
in the same change set.

For the importer, which stores tens of thousands of rows at once: the ORM's
`bulk_create` builds a model instance and compiles every value of every row
(about 0.4 ms a row at 100k agreements), where `executemany` binds plain tuples
(SQLite) and COPY streams them (PostgreSQL).
The rows are already valid (the caller checked them with `registry.validation`)
and hold each column's Python value; `Table` converts a column's values to the
database's form once per distinct value.

The history rows are django-simple-history's own (`Model.history`), copied from
the stored rows by one INSERT ... SELECT per chunk of ids, so a history row
holds exactly what was stored; every row of a change set carries one reason and
one date, which is how the audit trail groups an import (`registry.audit`).

Table and column names in the SQL come from the models' metadata, quoted; every
value is a bound parameter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model

# Rows bound per executemany call: enough to amortise the call, few enough that
# the converted parameters of one batch stay small.
BATCH = 5000
# Ids bound as one PostgreSQL array per statement.
ARRAY_CHUNK = 20_000


@dataclass(frozen=True)
class Stamp:
    """What every history row of one change set carries."""

    reason: str
    date: datetime.datetime
    # The staff account that made the change (an import from the back office);
    # None for a command, which acts as no account.
    user_id: int | None = None


class _Adapted(dict[Any, Any]):
    """A date or time column's values in the database's form, each distinct
    value converted once, on first look-up (`adapted[value]`: a dict's own
    look-up, no call of ours for a value seen before; dates repeat across rows)."""

    def __init__(self, field: Field[Any, Any]) -> None:
        super().__init__()
        self.field = field

    def __missing__(self, value: Any) -> Any:
        self[value] = adapted = self.field.get_db_prep_save(value, connection)
        return adapted


def _adapter(field: Field[Any, Any]) -> Callable[[Any], Any] | None:
    """A column's Python value to the database's form, each distinct value
    converted once: a date or time through `_Adapted`, a JSON list (short) by
    its items; None when the database takes the value as it is (text, numbers,
    booleans)."""
    if field.get_internal_type().endswith(("DateField", "DateTimeField")):
        return _Adapted(field).__getitem__
    if not isinstance(field, JSONField):
        return None
    seen: dict[Any, Any] = {}

    def adapt(value: Any) -> Any:
        key = tuple(value) if isinstance(value, list) else value
        if key not in seen:
            seen[key] = field.get_db_prep_save(value, connection)
        return seen[key]

    return adapt


class Table:
    """One model's table and the columns a bulk write fills; an insert gives
    every other column (but the id) its field's default, as the ORM would."""

    def __init__(self, model: type[Model], attnames: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = [_field(model, a) for a in attnames]
        self.columns = [_column(model, a) for a in attnames]
        adapters = [(n, _adapter(f)) for n, f in enumerate(fields)]
        self.adapters = [(n, adapt) for n, adapt in adapters if adapt is not None]
        others = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in attnames and not f.primary_key
        ]
        self.default_columns = [_column(model, f.attname) for f in others]
        self.defaults = [
            f.get_db_prep_save(f.get_default(), connection) for f in others
        ]

    def _converted(self, row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for n, adapt in self.adapters:
            values[n] = adapt(values[n])
        return values

    def _with_defaults(self, row: Sequence[Any]) -> list[Any]:
        values = self._converted(row)
        values += self.defaults
        return values

    def insert(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert `rows` (one value per column, in order)."""
        quote = connection.ops.quote_name
        columns = [*self.columns, *self.default_columns]
        if connection.vendor == "postgresql":
            # Each row of an `executemany` is a statement there, parsed,
            # planned and checked on its own (100,000 agreements took 17 s).
            _copy_rows(self.name, columns, map(self._with_defaults, rows))
            return
        sql = (
            f"INSERT INTO {quote(self.name)} ({', '.join(map(quote, columns))}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self._execute(sql, map(self._with_defaults, rows))

    def update(self, rows: Iterable[Sequence[Any]]) -> None:
        """Set the columns of the rows whose id ends each of `rows`."""
        quote = connection.ops.quote_name
        # The id at the end of each row is taken as it is.
        values = map(self._converted, rows)
        if connection.vendor == "postgresql":
            self._update_from_copy(values)
            return
        assignments = ", ".join(f"{quote(c)} = %s" for c in self.columns)
        sql = f"UPDATE {quote(self.name)} SET {assignments} WHERE id = %s"  # noqa: S608
        self._execute(sql, values)

    def _update_from_copy(self, values: Iterable[Sequence[Any]]) -> None:
        """On PostgreSQL, the rows copied into a temporary table of the same
        columns, then one UPDATE from it: an UPDATE per row is a statement each
        (a new edition of 100,000 agreements took 35 s)."""
        quote = connection.ops.quote_name
        changes = f"accord_changes_{self.name}"
        columns = [*self.columns, "id"]
        listed = ", ".join(map(quote, columns))
        with connection.cursor() as cursor:
            # Typed as the table's columns, without its constraints.
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(changes)} AS "  # noqa: S608
                f"SELECT {listed} FROM {quote(self.name)} WITH NO DATA"
            )
            _copy_rows(changes, columns, values)
            assignments = ", ".join(f"{quote(c)} = c.{quote(c)}" for c in self.columns)
            cursor.execute(
                f"UPDATE {quote(self.name)} t SET {assignments} "  # noqa: S608
                f"FROM {quote(changes)} c WHERE t.id = c.id"
            )
            cursor.execute(f"DROP TABLE {quote(changes)}")

    def _execute(self, sql: str, params: Iterable[list[Any]]) -> None:
        with connection.cursor() as cursor:
            batch: list[list[Any]] = []
            for values in params:
                batch.append(values)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def reserve_ids(model: type[Model], count: int) -> list[int] | None:
    """On PostgreSQL, `count` ids drawn from the table's own sequence, in
    increasing order, for rows to be inserted with them: COPY promises no order
    for the ids it draws, and reading them back by the rows' keys took 0.5 s at
    100,000 agreements. None on SQLite, whose ids follow the insert order
    (`ids_follow_insert_order`)."""
    if connection.vendor != "postgresql":
        return None
    if count == 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column]
        )
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [sequence, count],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


def ids_follow_insert_order() -> bool:
    """Whether the ids of the rows one `Table.insert` wrote increase in the
    order it was given them: on SQLite, where an AUTOINCREMENT id is larger
    than any before it and one connection writes at a time. PostgreSQL's COPY
    draws them in the rows' order in practice, without promising it: there,
    `reserve_ids` draws them first."""
    return connection.vendor == "sqlite"


def _copy_rows(
    table: str, columns: Sequence[str], values: Iterable[Sequence[Any]]
) -> None:
    """PostgreSQL's COPY of `values` (in the database's form) into `table`:
    streamed in one statement (100,000 agreements: 1.5 s)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in values:
            copy.write_row(row)


def _field(model: type[Model], attname: str) -> Field[Any, Any]:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    raise LookupError(f"{model.__name__} has no column {attname}")


def _column(model: type[Model], attname: str) -> str:
    column = _field(model, attname).column
    assert column is not None  # a concrete field has its column
    return column


def record_history(
    model: type[Model], ids: Sequence[int], kind: str, stamp: Stamp
) -> None:
    """Write the history row of each of `ids` as stored now: `kind` is "+"
    (created) or "~" (changed), as django-simple-history writes them."""
    history = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in history.tracked_fields]
    quote = connection.ops.quote_name
    copied = [quote(_column(model, a)) for a in tracked]
    columns = [
        *(quote(_column(history, a)) for a in tracked),
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]
    date = history._meta.get_field("history_date").get_db_prep_save(
        stamp.date, connection
    )
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(copied)}, %s, %s, %s, %s "
        f"FROM {quote(model._meta.db_table)} "
    )
    stamped = [date, stamp.reason, kind, stamp.user_id]
    if connection.vendor == "postgresql":
        # The ids as one array: PostgreSQL parsed and planned a statement of
        # 996 parameters per chunk (100,000 agreements: 2.2-2.7 s, now 1.5-1.9).
        with connection.cursor() as cursor:
            for start in range(0, len(ids), ARRAY_CHUNK):
                part = list(ids[start : start + ARRAY_CHUNK])
                cursor.execute(
                    insert + "WHERE id = ANY(%s) ORDER BY id", [*stamped, part]
                )
        return
    chunk = max(1, (connection.features.max_query_params or 999) - 3)
    with connection.cursor() as cursor:
        for first, last, listed in id_segments(sorted(ids), chunk):
            if listed:
                where = f"WHERE id IN ({', '.join(['%s'] * len(listed))})"
                cursor.execute(f"{insert}{where} ORDER BY id", [*stamped, *listed])
            else:
                cursor.execute(
                    f"{insert}WHERE id BETWEEN %s AND %s ORDER BY id",
                    [*stamped, first, last],
                )


# Consecutive ids from this many on are copied as one range.
RUN = 64


def id_segments(ids: Sequence[int], chunk: int) -> Iterable[tuple[int, int, list[int]]]:
    """Sorted distinct ids, in order, as (first, last, []) for each run of at
    least RUN consecutive ids and (first, last, ids) for at most `chunk` ids
    between them. An import's new rows have consecutive ids (one insert, in
    order): 100,000 of them are one range, not a hundred statements binding
    996 ids each (0.1 s of Django's own work).

    >>> list(id_segments([1, 2, 3, 7, 9], chunk=2))
    [(1, 2, [1, 2]), (3, 7, [3, 7]), (9, 9, [9])]
    >>> list(id_segments(list(range(5, 105)) + [200], chunk=10))
    [(5, 104, []), (200, 200, [200])]
    """
    listed: list[int] = []
    start = 0
    while start < len(ids):
        end = start + 1
        while end < len(ids) and ids[end] == ids[end - 1] + 1:
            end += 1
        if end - start >= RUN:
            if listed:
                yield listed[0], listed[-1], listed
                listed = []
            yield ids[start], ids[end - 1], []
        else:
            for value in ids[start:end]:
                listed.append(value)
                if len(listed) == chunk:
                    yield listed[0], listed[-1], listed
                    listed = []
        start = end
    if listed:
        yield listed[0], listed[-1], listed
