"""`accord backup PATH`: a consistent copy of the whole database, while serving,
and of the agreements' documents beside it (PATH.documents.tar)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.backoffice.backups import BackupError, backup, documents_archive


class Command(BaseCommand):
    help = (
        "Write a backup of the database to PATH: an SQLite database file (online "
        "backup API) or a pg_dump custom-format archive (PostgreSQL); and the "
        "agreements' documents to PATH.documents.tar."
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
        archive = documents_archive(path.resolve())
        self.stdout.write(
            f"Backed up the documents to {archive} ({archive.stat().st_size} bytes)."
        )
