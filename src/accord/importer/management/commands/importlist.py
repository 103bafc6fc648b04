"""`accord import PATH`: parse a list (or read an export file) and store it."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandParser
from rich.progress import Progress
from rich.table import Table

from accord.core.console import console, fail
from accord.core.errors import ImportInputError
from accord.importer.importing import ImportOutcome, import_file, prepare_database

# Below this many records an import takes well under a second: no progress bar.
PROGRESS_FROM = 2000
# A list this large (20 times the 2021 list) takes seconds to parse.
PARSE_PROGRESS_FROM = 1024 * 1024


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read_source reports it properly


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Parse an agreement list (text, pdftotext -layout text, PDF, or the XLSX "
        "workbook or DOCX document it is printed from) or read an "
        "export file (CSV, XLSX, JSON) and store it as an edition, atomically and "
        "idempotently. A list with a failed checksum or an anomaly its corrections "
        "do not resolve is refused unless --force."
    )
    # The checks of what an import uses. The URL and admin checks import the
    # whole API and back office, which an import never reaches: 0.8 s and
    # 40 MB of every import's start.
    requires_system_checks = [
        Tags.caches,
        Tags.compatibility,
        Tags.database,
        Tags.files,
        Tags.models,
        Tags.translation,
    ]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the list or export file")
        parser.add_argument(
            "--edition-date",
            type=_date,
            help="the edition's as-of date (default: the one the list states)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="do everything, then roll back"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="store even with unresolved anomalies or failed checksums",
        )
        parser.add_argument(
            "--corrections",
            type=Path,
            help="a corrections file (default: the edition directory's)",
        )
        parser.add_argument(
            "--edition",
            type=Path,
            dest="edition_dir",
            help="edition directory with edition.toml (default: the file's own "
            "directory if it has one, else the bundled edition)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = console(self.stdout)
        bar = Progress(console=console(self.stderr), transient=True)
        task = bar.add_task("reading and parsing", total=None)
        if _size(options["path"]) >= PARSE_PROGRESS_FROM:
            bar.start()

        def progress(done: int, total: int) -> None:
            # Started only for long inputs, so short imports print no bar at all.
            if total >= PROGRESS_FROM and not bar.live.is_started:
                bar.start()
            bar.update(
                task, description="storing agreements", completed=done, total=total
            )

        try:
            prepare_database()
            outcome = import_file(
                options["path"],
                edition_dir=options["edition_dir"],
                corrections=options["corrections"],
                edition_date=options["edition_date"],
                dry_run=options["dry_run"],
                force=options["force"],
                progress=progress,
            )
        except ImportInputError as exc:
            fail(exc, self.stderr)
        finally:
            if bar.live.is_started:
                bar.stop()
        if outcome.refused:
            self.show_refusal(outcome, out)
            raise SystemExit(1)
        self.show_summary(outcome)

    def show_refusal(self, outcome: ImportOutcome, out: Any) -> None:
        table = Table(title="Unresolved anomalies", show_lines=False)
        for column in ("code", "lines", "seen", "decided", "confidence"):
            table.add_column(column, overflow="fold")
        for a in outcome.refused:
            lines = ", ".join(map(str, a.lines))
            table.add_row(a.code, lines, a.seen, a.decided, a.confidence)
        out.print(table)
        self.stderr.write(
            f"accord: {outcome.source.path}: refused: {len(outcome.refused)} "
            "anomalies are neither corrected nor acknowledged by the corrections "
            "file (see the table); fix the corrections or use --force. "
            "Nothing was stored."
        )

    def show_summary(self, outcome: ImportOutcome) -> None:
        for summary in outcome.summaries:
            verb = "would store" if summary.dry_run else "stored"
            self.stdout.write(
                f"{outcome.source.path}: {verb} edition {summary.as_of.isoformat()}: "
                f"{summary.created} new, {summary.updated} updated, "
                f"{summary.unchanged} unchanged agreements; "
                f"{summary.institutions_created} new institutions"
            )
            for alias in summary.aliases_added:
                self.stdout.write(f"  alias: {alias}")
            for unit in summary.units_added:
                self.stdout.write(f"  new home unit not in the edition data: {unit}")
            for line in summary.duplicates:
                self.stdout.write(f"  repeated row merged: {line}")
            if summary.vanished:
                self.stdout.write(
                    f"  {len(summary.vanished)} agreements of this edition are no "
                    "longer in the list (kept; end them in the back office if so):"
                )
                for gone in summary.vanished:
                    self.stdout.write(f"    {gone}")
        if outcome.result is not None:
            acknowledged = [a for a in outcome.result.report.anomalies if a.is_resolved]
            self.stdout.write(
                f"  {len(acknowledged)} anomalies resolved by corrections"
            )
