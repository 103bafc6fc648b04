"""`accord parse PATH`: run the import pipeline and print the records (no database)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.table import Table

from accord.core.console import console, fail
from accord.core.errors import ImportInputError
from accord.core.formats import records_to_csv, records_to_json
from accord.core.records import Record
from accord.importer.bundled import Edition, load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import SourceText, read_source


def edition_for(path: Path, edition_dir: Path | None) -> Edition:
    """The edition whose options read PATH: --edition, PATH's own directory when
    it holds an edition.toml, else the bundled edition."""
    if edition_dir is not None:
        return load_edition(edition_dir)
    if (path.parent / "edition.toml").exists():
        return load_edition(path.parent)
    return load_edition()


class Command(BaseCommand):
    help = (
        "Parse an agreement list and print its records in the export schema, "
        "without touching the database. --explain shows every stage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            type=Path,
            help="the list (text, layout text, PDF, XLSX workbook, DOCX document)",
        )
        parser.add_argument(
            "--without-corrections",
            action="store_true",
            help="the parser's own reading, without the edition's corrections file",
        )
        parser.add_argument(
            "--format", choices=("json", "csv", "table"), default="json"
        )
        parser.add_argument(
            "--report", type=Path, help="write the report (anomalies) as JSON here"
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="show the classified lines and table rows before the records",
        )
        parser.add_argument(
            "--edition",
            type=Path,
            dest="edition_dir",
            help="edition directory with edition.toml (default: the file's own "
            "directory if it has one, else the bundled edition)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            edition = edition_for(path, options["edition_dir"])
            source = read_source(path)
            if source.records is not None:
                raise ImportInputError(
                    "an export file holds records already; `accord import` reads it",
                    path=str(path),
                )
            corrections = (
                None
                if options["without_corrections"]
                else edition.corrections_for(source)
            )
            result = run(
                source.text, edition.options, corrections, str(path), source.anomalies
            )
        except ImportInputError as exc:
            fail(exc, self.stderr)
        unused = corrections is None and not options["without_corrections"]
        if unused and edition.corrections.entries:
            self.stderr.write(
                f"{path}: not the list of {edition.directory} "
                f"({edition.source.name}); its corrections, which cite that "
                "list's lines, are not applied"
            )
        if options["explain"]:
            self.explain_source(source)
            self.explain(result, source.places)
        self.print_records(result.reconciled, options["format"])
        if options["report"]:
            options["report"].write_text(
                json.dumps(report_json(result), ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
        self.stderr.write(
            f"{path}: {len(result.reconciled)} records, "
            f"{len(result.report.anomalies)} anomalies "
            f"({len(result.report.blocking())} unresolved)"
        )

    def print_records(self, records: list[Record], fmt: str) -> None:
        if fmt == "json":
            # A parsed list names no partner identifier: the export schema alone.
            self.stdout.write(records_to_json(records, parsed=True))
        elif fmt == "csv":
            self.stdout.write(records_to_csv(records, parsed=True), ending="")
        else:
            table = Table(show_lines=False)
            columns = (
                "lines",
                "country",
                "institution",
                "department",
                "unit",
                "*",
                "concluded",
            )
            for column in columns:
                table.add_column(column, overflow="fold")
            for r in records:
                table.add_row(
                    ",".join(map(str, r.source_lines)),
                    r.country_code or "-",
                    r.institution,
                    r.partner_department,
                    r.home_unit,
                    "*" if r.fee_waiver else "",
                    str(r.concluded_on or "?"),
                )
            console(self.stdout).print(table)

    def explain_source(self, source: SourceText) -> None:
        """What the table reader saw (a PDF's or a workbook's): each row with its
        merged cells."""
        out = console(self.stdout)
        if source.dropped:
            # Page numbers differ only by their digits: one entry for them all.
            counts = Counter(re.sub(r"\d+", "#", text) for text in source.dropped)
            shown = ", ".join(f"{text!r} x{n}" for text, n in counts.items())
            out.print(f"page headers and footers dropped: {shown}", highlight=False)
        if not source.ruled:
            return
        # A workbook's rows say where in it they are; a PDF's, their page.
        workbook = source.kind in ("workbook", "document")
        table = Table(
            title=f"table rows ({source.kind})"
            if workbook
            else "ruled table rows (pdf)"
        )
        where = "from" if workbook else "page"
        for column in ("line", where, "cells", "merged cells"):
            table.add_column(column, overflow="fold")
        names: tuple[str, ...] = ()
        for row in source.ruled:
            if row.header:
                names = row.texts
            cells = " | ".join(row.texts)
            place = source.places[row.line - 1] if workbook else str(row.page)
            table.add_row(str(row.line), place, cells, row.notes(names))
        out.print(table)

    def explain(self, result: ImportResult, places: Sequence[str] = ()) -> None:
        out = console(self.stdout)
        lines = Table(title="lines (text_to_lines)")
        for column in (
            "line",
            *(["from"] if places else []),
            "kind",
            "section",
            "text",
        ):
            lines.add_column(column, overflow="fold")
        for line in result.lines:
            if line.kind != "blank":
                text = line.text.replace("\t", " | ")
                place = [places[line.number - 1]] if places else []
                lines.add_row(str(line.number), *place, line.kind, line.section, text)
        out.print(lines)
        rows = Table(title="table rows (lines_to_rows)")
        for column in ("lines", "label", "institution", "department", "unit", "date"):
            rows.add_column(column, overflow="fold")
        for row in result.rows:
            label = f"{row.label} ({row.label_count})" if row.label else ""
            unit = ("* " if row.waiver else "") + row.unit
            rows.add_row(
                ",".join(map(str, row.lines)),
                label,
                row.institution,
                row.department,
                unit,
                row.date_text,
            )
        out.print(rows)
        report = Table(title="anomalies")
        for column in ("code", "lines", "seen", "decided", "confidence", "resolution"):
            report.add_column(column, overflow="fold")
        for a in result.report.anomalies:
            report.add_row(
                a.code,
                ",".join(map(str, a.lines)),
                a.seen,
                a.decided,
                a.confidence,
                a.resolution,
            )
        out.print(report)


def report_json(result: ImportResult) -> dict[str, Any]:
    """The report file: edition, checksums, counts and every anomaly."""
    sums = result.checksums
    return {
        "source": result.source_name,
        "edition": result.edition.to_dict(),
        "records": len(result.reconciled),
        "checksums": {
            "university_total": sums.university_total,
            "department_total": sums.department_total,
            "countries_total": sums.countries_total,
            "countries": [
                {
                    "label": c.label,
                    "country_code": c.code,
                    "declared": c.declared,
                    "line": c.line,
                }
                for c in sums.countries
            ],
        },
        **result.report.to_dict(),
    }
