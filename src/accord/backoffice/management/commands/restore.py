"""`accord restore PATH`: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.backoffice.backups import BackupError, documents_archive, restore


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup at PATH (made by "
        "`accord backup` on the same kind of database), and the documents with "
        "those of PATH.documents.tar when it exists, then apply any newer "
        "migrations. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not options["yes"]:
            answer = input(f"Replace the whole database with {path}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("restore cancelled; nothing changed")
        try:
            engine = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # A backup from an older Accord is brought up to the current schema.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Restored the {engine} database from {path}.")
        archive = documents_archive(path)
        if archive.is_file():
            self.stdout.write(f"Restored the documents from {archive}.")
        else:
            self.stdout.write(
                f"{archive} does not exist: the documents were left as they were."
            )
