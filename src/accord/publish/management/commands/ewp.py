"""`accord ewp`: agreements as Erasmus Without Paper IIA v7 documents.

accord ewp export 12 15 -o iias.xml     one get response, two IIAs
accord ewp import iias.xml --dry-run    check every write, store nothing
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.core.console import fail
from accord.core.errors import ImportInputError
from accord.publish.ewp.exchange import ExportRefused, export_agreements
from accord.publish.ewp.importing import import_iias
from accord.publish.management.commands.export import write_atomically


class Command(BaseCommand):
    help = (
        "Export agreements as an EWP IIA v7 `iias` get response (validated "
        "against the official schema), or import one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser(
            "export", help="write agreements (with cooperation terms) as IIAs"
        )
        export.add_argument("ids", nargs="+", type=int, metavar="AGREEMENT_ID")
        export.add_argument(
            "-o", "--output", type=Path, help="file to write (default: standard output)"
        )
        read = actions.add_parser(
            "import", help="store the IIAs of a get response as new agreements"
        )
        read.add_argument("file", type=Path)
        read.add_argument(
            "--dry-run",
            action="store_true",
            help="check everything, every write included, and store nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options["ids"], options["output"])
        else:
            self.import_file(options["file"], options["dry_run"])

    def export(self, ids: list[int], output: Path | None) -> None:
        try:
            exported = export_agreements(ids)
        except ExportRefused as exc:
            fail(str(exc), self.stderr)
        for note in exported.left_out:
            self.stderr.write(f"not exported: {note}")
        if output is None:
            sys.stdout.buffer.write(exported.xml)
            sys.stdout.buffer.flush()
        else:
            write_atomically(output, exported.xml)

    def import_file(self, path: Path, dry_run: bool) -> None:
        try:
            data = path.read_bytes()
            report = import_iias(data, str(path), dry_run=dry_run)
        except OSError as exc:
            fail(
                ImportInputError(exc.strerror or str(exc), path=str(path)), self.stderr
            )
        except ImportInputError as exc:
            fail(exc, self.stderr)
        for item in report.unstored:
            self.stderr.write(f"not stored: {path}: {item}")
        ids = ", ".join(str(pk) for pk in report.agreements)
        if dry_run:
            self.stdout.write(
                f"{len(report.agreements)} IIAs would be stored; nothing was stored"
            )
        else:
            self.stdout.write(
                f"{len(report.agreements)} IIAs stored as agreements {ids}"
            )
