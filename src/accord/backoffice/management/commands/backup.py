"""`accord backup PATH`: a consistent copy of the whole database, while serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.backoffice.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a backup of the database to PATH: an SQLite database file (online "
        "backup API) or a pg_dump custom-format archive (PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace PATH if it exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if path.exists() and not options["force"]:
            raise CommandError(f"{path} exists; pass --force to replace it")
        try:
            engine = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        self.stdout.write(f"Backed up the {engine} database to {path} ({size} bytes).")
