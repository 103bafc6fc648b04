"""Back up and restore the whole database, SQLite or PostgreSQL.

SQLite uses its online backup API, page by page through the live connection, so
a backup is a consistent snapshot even while `accord serve` writes. PostgreSQL
uses pg_dump's custom format (a consistent snapshot too) and pg_restore, with
the connection settings of ACCORD_DATABASE_URL; the password reaches the tools
through PGPASSWORD, never the command line.

Agreements' documents are files (ACCORD_DATA_DIR/documents/), so a backup at
PATH has a second file beside it, PATH.documents.tar: every stored document,
read before and after the database's snapshot. A stored file never changes
(its name is new for every upload) and is removed only after its row's
deletion commits, so every document the snapshot names is in the archive. A
restore checks the archive before it touches anything, then replaces the
database, then the documents directory as a whole.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.db import connections

from accord.registry.documents import documents_dir

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
DOCUMENTS_SUFFIX = ".documents.tar"
# What `registry.documents.store_file` names a file: nothing else is archived
# or restored (no temporary file, and no path out of the directory).
STORED = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|png|jpg)$")


class BackupError(Exception):
    """A backup or restore that could not be done; the database is unchanged."""


def engine_of(alias: str = "default") -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    return "sqlite" if "sqlite" in engine else "postgresql"


def documents_archive(path: Path) -> Path:
    """Where the backup at `path` keeps the documents."""
    return path.with_name(path.name + DOCUMENTS_SUFFIX)


def stored_files() -> list[str]:
    """The stored documents' names, relative to the documents directory."""
    root = documents_dir()
    if not root.is_dir():
        return []
    names = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return sorted(n for n in names if STORED.match(n))


def archive_new(archive: tarfile.TarFile, done: set[str]) -> None:
    for name in stored_files():
        if name not in done:
            try:
                archive.add(documents_dir() / name, arcname=name, recursive=False)
            except FileNotFoundError:
                continue  # deleted meanwhile: its row is gone from the snapshot
            done.add(name)


def backup(path: Path, alias: str = "default") -> str:
    """Write a backup of the database to `path` and of the documents to
    `documents_archive(path)` (each replaced only when complete)."""
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    fd, temporary = tempfile.mkstemp(prefix=".accord-backup-", dir=path.parent)
    os.close(fd)
    fd, files = tempfile.mkstemp(prefix=".accord-documents-", dir=path.parent)
    os.close(fd)
    try:
        done: set[str] = set()
        with tarfile.open(files, "w") as archive:
            archive_new(archive, done)
            if engine_of(alias) == "sqlite":
                backup_sqlite(Path(temporary), alias)
            else:
                run_pg("pg_dump", ["--format=custom", f"--file={temporary}"], alias)
            # Uploaded while the snapshot was taken, hence perhaps in it.
            archive_new(archive, done)
        os.replace(files, documents_archive(path))
        os.replace(temporary, path)
    finally:
        for left in (temporary, files):
            if os.path.exists(left):
                os.unlink(left)
    return engine_of(alias)


def unpack_documents(archive_path: Path) -> Path:
    """The documents of a backup unpacked beside the documents directory, every
    member checked first; BackupError (and nothing left behind) if one is not
    a stored document."""
    root = documents_dir()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".documents-restore-", dir=root.parent))
    try:
        with tarfile.open(archive_path, "r") as archive:
            members = archive.getmembers()
            bad = [m.name for m in members if not (m.isfile() and STORED.match(m.name))]
            if bad:
                raise BackupError(
                    f"{archive_path} holds {bad[0]!r}, not a document Accord stored"
                )
            archive.extractall(staging, members=members, filter="data")
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"{archive_path} cannot be read: {exc}") from exc
    except BackupError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_documents(staging: Path) -> None:
    """Make `staging` the documents directory, the previous one removed."""
    root = documents_dir()
    old = root.with_name(f".documents-old-{os.getpid()}")
    if root.exists():
        os.replace(root, old)
    os.replace(staging, root)
    shutil.rmtree(old, ignore_errors=True)


def restore(path: Path, alias: str = "default") -> str:
    """Replace the database's content with the backup at `path`, and the
    documents with those of its archive when it has one (a backup from before
    documents has none: the documents directory is left as it is)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    archive = documents_archive(path)
    staging = unpack_documents(archive) if archive.is_file() else None
    try:
        engine = restore_database(path, alias)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if staging is not None:
        swap_documents(staging)
    return engine


def restore_database(path: Path, alias: str) -> str:
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
