"""Back up and restore the whole database, SQLite or PostgreSQL.

SQLite uses its online backup API, page by page through the live connection, so
a backup is a consistent snapshot even while `accord serve` writes. PostgreSQL
uses pg_dump's custom format (a consistent snapshot too) and pg_restore, with
the connection settings of ACCORD_DATABASE_URL; the password reaches the tools
through PGPASSWORD, never the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the database is unchanged."""


def engine_of(alias: str = "default") -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    return "sqlite" if "sqlite" in engine else "postgresql"


def backup(path: Path, alias: str = "default") -> str:
    """Write a backup of the database to `path` (replaced only when complete)."""
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    fd, temporary = tempfile.mkstemp(prefix=".accord-backup-", dir=path.parent)
    os.close(fd)
    try:
        if engine_of(alias) == "sqlite":
            backup_sqlite(Path(temporary), alias)
        else:
            run_pg("pg_dump", ["--format=custom", f"--file={temporary}"], alias)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return engine_of(alias)


def restore(path: Path, alias: str = "default") -> str:
    """Replace the database's content with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    with path.open("rb") as handle:
        head = handle.read(16)
    engine = engine_of(alias)
    if engine == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{path} is not an SQLite backup made by `accord backup`")
        restore_sqlite(path, alias)
    else:
        if not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(
                f"{path} is not a PostgreSQL backup made by `accord backup`"
            )
        connections[alias].close()
        run_pg(
            "pg_restore",
            ["--clean", "--if-exists", "--single-transaction", str(path)],
            alias,
        )
    return engine


def live_sqlite(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    raw: sqlite3.Connection = connection.connection
    return raw


def backup_sqlite(target: Path, alias: str) -> None:
    destination = sqlite3.connect(target)
    try:
        live_sqlite(alias).backup(destination)
    finally:
        destination.close()


def restore_sqlite(source: Path, alias: str) -> None:
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = origin.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'"
        ).fetchone()[0]
        if not tables:
            raise BackupError(f"{source} is an SQLite file but not an Accord database")
        origin.backup(live_sqlite(alias))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} cannot be read: {exc}") from exc
    finally:
        origin.close()


def pg_arguments(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [f"--dbname={settings['NAME']}", "--no-owner", "--no-privileges"]
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def run_pg(tool: str, extra: list[str], alias: str) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} is not installed (Debian: apt-get install postgresql-client)"
        )
    args, env = pg_arguments(connections[alias].settings_dict)
    result = subprocess.run(
        [executable, *args, "--no-password", *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")
