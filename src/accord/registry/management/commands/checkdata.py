"""`accord check`: stored data against declared totals and registry rules."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rich.table import Table

from accord.core.console import console
from accord.registry.integrity import find_differences


class Command(BaseCommand):
    help = (
        "Verify the stored agreements against each edition's declared totals and "
        "per-country counts, and the database's integrity. Prints every "
        "difference; exits 0 only when each is acknowledged, with its reason, in "
        "the edition's corrections."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="print the differences as JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # On a fresh data directory, as `accord serve` and `accord import` do:
        # create and migrate the database first (nothing stored: 0 differences).
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
        differences = find_differences()
        open_ones = [d for d in differences if not d.acknowledged]
        if options["json"]:
            import json

            self.stdout.write(json.dumps([d.to_dict() for d in differences], indent=1))
        else:
            out = console(self.stdout)
            if differences:
                table = Table(title="Differences")
                for column in (
                    "edition",
                    "check",
                    "declared",
                    "stored",
                    "where",
                    "status",
                ):
                    table.add_column(column, overflow="fold")
                for d in differences:
                    status = (
                        f"acknowledged: {d.acknowledged}"
                        if d.acknowledged
                        else "NOT ACKNOWLEDGED"
                    )
                    table.add_row(
                        d.edition, d.check, d.declared, d.stored, d.where, status
                    )
                out.print(table)
            out.print(
                f"{len(differences)} differences, {len(open_ones)} not acknowledged"
            )
        if open_ones:
            raise SystemExit(1)
