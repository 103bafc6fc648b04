"""Run one `accord` command and SIGKILL this process at a chosen point (a helper
of tests/test_crash_consistency.py, run as a script).

    python tests/crash_child.py sql:40 importlist agreements.json
    python tests/crash_child.py page:3 restore accord.backup --yes

`sql:N` kills at the Nth SQL statement the command sends, `page:N` after the
Nth page an SQLite restore copies, `none` never (and prints the number of SQL
statements and pages on standard error, to choose the points from).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys

import django


def main(point: str, command: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accord.backoffice import backups

    kind, _, at = point.partition(":")
    limit = int(at or 0)
    counts = {"sql": 0, "page": 0}

    def tick(what: str) -> None:
        counts[what] += 1
        if kind == what and counts[what] == limit:
            os.kill(os.getpid(), signal.SIGKILL)

    def count_sql(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        tick("sql")
        return execute(sql, params, many, context)

    class PageByPage(sqlite3.Connection):
        def backup(self, target, *, pages=-1, progress=None, **kwargs):  # type: ignore[no-untyped-def, override]
            def each(status, remaining, total):  # type: ignore[no-untyped-def]
                tick("page")

            return super().backup(target, pages=1, progress=each, **kwargs)

    connect = sqlite3.connect
    backups.sqlite3.connect = (  # type: ignore[attr-defined]
        lambda *a, **k: connect(*a, factory=PageByPage, **k)
    )
    with connection.execute_wrapper(count_sql):
        call_command(*command)
    print(f"sql {counts['sql']} page {counts['page']}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
