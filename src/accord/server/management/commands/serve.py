"""`accord serve`: everything a fresh machine needs, then a production server
with one worker process per core.

Python runs one thread at a time per process, so a single process of threads
uses one core however many the machine has; granian (a production HTTP server
written in Rust) runs Accord's WSGI application in several processes instead.
Starting again on an existing database skips what is already done: migrations
are only checked, static files are collected only when they changed, and the
search snapshot of the data is read back from the data directory.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accord.core.env import env_int

STAMP = ".accord-static"


def default_workers() -> int:
    """ACCORD_WORKERS, else one per core the process may use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return env_int("ACCORD_WORKERS", cores or os.cpu_count() or 1, minimum=1)


def default_threads() -> int:
    """ACCORD_THREADS, else 4 threads per worker."""
    return env_int("ACCORD_THREADS", 4, minimum=1)


class Command(BaseCommand):
    help = (
        "Apply migrations, load the bundled edition into an empty database, "
        "collect static files and serve Accord with granian, one worker process "
        "per core (a production server, not runserver)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="default: 8000")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (default: ACCORD_WORKERS, else one per core)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="threads per worker (default: ACCORD_THREADS, else 4)",
        )
        parser.add_argument(
            "--no-bundled",
            action="store_true",
            help="do not load the bundled edition into an empty database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"] or default_workers()
        threads = options["threads"] or default_threads()
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads take a number from 1 up")
        migrate_if_needed()
        if not options["no_bundled"]:
            self.load_bundled()
        collect_static_if_changed()
        warm_search_snapshot()
        self.serve(options["host"], options["port"], workers, threads)

    def load_bundled(self) -> None:
        from accord.core.errors import ImportInputError
        from accord.importer.importing import load_bundled_edition_if_empty

        # A bundled edition that does not import cleanly is a packaging error:
        # say so loudly, store none of it, and still serve (staff can import).
        try:
            loaded = load_bundled_edition_if_empty()
        except ImportInputError as exc:
            self.stderr.write(f"accord: the bundled edition was not loaded: {exc}")
            return
        if loaded:
            self.stdout.write(loaded)

    def serve(self, host: str, port: int, workers: int, threads: int) -> None:
        from granian import Granian
        from granian.constants import Interfaces
        from granian.log import LogLevels

        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Accord is running at http://{shown_host}:{port}/")
        self.stdout.write(
            f"Data directory: {settings.DATA_DIR}  "
            f"({workers} worker{'s' if workers > 1 else ''} x {threads} threads; "
            "Ctrl+C to stop)"
        )
        self.stdout.flush()
        # The workers are new processes: they find the settings in the
        # environment, as this one did.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
        connection.close()
        Granian(
            "accord.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            respawn_failed_workers=True,
            log_level=LogLevels.warning,
        ).serve()


def migrate_if_needed() -> None:
    """Apply pending migrations; with none, leave the database alone."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def collect_static_if_changed() -> None:
    """Collect static files unless the collected ones are these very files."""
    stamp = Path(settings.STATIC_ROOT) / STAMP
    fingerprint = static_fingerprint()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint:
        return
    collect_static()
    stamp.write_text(fingerprint, encoding="utf-8")


# What the process `collect_static` starts runs.
COLLECT_STATIC = (
    "import django; django.setup(); "
    "from django.core.management import call_command; "
    "call_command('collectstatic', interactive=False, verbosity=0)"
)


def collect_static() -> None:
    """Collect the static files in a process of its own, for the reason
    `warm_search_snapshot` builds the snapshot in one: compressing them grew
    this process by 30 MB (110 -> 141 MB), and each worker, forked from it,
    started with it (90 -> 120 MB idle)."""
    _run_setup_process(COLLECT_STATIC, "collecting the static files")


def static_fingerprint() -> str:
    """Every static file's path, size and time, as the finders see them."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# What the process `warm_search_snapshot` starts runs.
BUILD_SNAPSHOT = (
    "import django; django.setup(); "
    "from accord.registry import engine; engine.snapshot()"
)


def warm_search_snapshot() -> None:
    """Make sure the data directory holds the search snapshot of the data as
    it is now, so that each worker reads it back rather than building it on
    its first search.

    It is built by a process of its own. A process keeps most of the memory a
    build took (at 100k agreements 85 of the 110 MB it grew by, freed but not
    given back to the system), and the workers, forked from this one, each
    started with it: 190 MB before their first request instead of 95, 280
    after a load instead of 210.
    """
    from accord.registry import stored_snapshots
    from accord.registry.version import data_version

    version, _ = data_version()
    if stored_snapshots.exists(version):
        return
    _run_setup_process(BUILD_SNAPSHOT, "building the search snapshot")


def _run_setup_process(code: str, what: str) -> None:
    """Run `code` in a new Python process with this one's settings."""
    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    done = subprocess.run([sys.executable, "-c", code], env=env, check=False)
    if done.returncode:
        raise CommandError(f"{what} failed (exit {done.returncode})")
