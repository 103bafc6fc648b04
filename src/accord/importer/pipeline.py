"""The whole import in one call: text -> lines -> records -> reconciled records.

`run` keeps every intermediate so that `accord parse --explain` can show at
which stage a row went wrong.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from accord.core.errors import ImportInputError
from accord.core.records import Record
from accord.importer.anomalies import Anomaly, Report
from accord.importer.blocks import rows_to_records
from accord.importer.checksums import Checksums, lines_to_checksums
from accord.importer.corrections import (
    Corrections,
    SameInstitutions,
    reconcile,
    same_institutions,
)
from accord.importer.lines import (
    DEPARTMENT,
    UNIVERSITY,
    Line,
    parse_as_of,
    text_to_lines,
)
from accord.importer.options import ParseOptions
from accord.importer.table import TableRow, lines_to_rows
from accord.importer.university import parse_university


@dataclass(frozen=True)
class EditionInfo:
    """What the list says about itself."""

    title: str = ""
    as_of: datetime.date | None = None
    home_university: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "home_university": self.home_university,
        }


@dataclass(frozen=True)
class ImportResult:
    source_name: str
    edition: EditionInfo
    lines: list[Line]
    rows: list[TableRow]
    records: list[Record]
    reconciled: list[Record]
    checksums: Checksums
    report: Report
    stage_anomalies: dict[str, list[Anomaly]] = field(default_factory=dict)
    # Names a reviewer found to be one institution: (country, printed) -> kept.
    same_institutions: SameInstitutions = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report.ok


def _edition_info(lines: list[Line], options: ParseOptions) -> EditionInfo:
    title = next((" ".join(ln.text.split()) for ln in lines if ln.kind == "title"), "")
    as_of = next((parse_as_of(ln.text) for ln in lines if ln.kind == "as-of"), None)
    return EditionInfo(title, as_of, options.home_university)


def _require_structure(lines: list[Line], source_name: str) -> None:
    sections = {ln.section for ln in lines if ln.kind == "section"}
    if not sections & {UNIVERSITY, DEPARTMENT}:
        first = next((ln for ln in lines if ln.text.strip()), None)
        raise ImportInputError(
            "not an agreement list: no 'University Level Agreements' or "
            "'Department Level Agreements' section",
            path=source_name,
            line=first.number if first else 1,
        )


def run(
    text: str,
    options: ParseOptions,
    corrections: Corrections | None = None,
    source_name: str = "",
) -> ImportResult:
    """Parse a list and reconcile it with its own totals and the corrections.

    Raises ImportInputError when the text has no recognisable list structure.
    """
    lines, line_anomalies = text_to_lines(text, options)
    _require_structure(lines, source_name)
    info = _edition_info(lines, options)
    checksums = lines_to_checksums(lines)
    university, uni_anomalies = parse_university(lines, options, info.as_of)
    rows, row_anomalies = lines_to_rows(lines, options, university)
    department, rec_anomalies, checksums = rows_to_records(
        rows, options, university, checksums, info.as_of
    )
    records = [*university, *department]
    reconciled, rec_report = reconcile(records, checksums, corrections)
    same, same_report = same_institutions(reconciled, corrections)
    rec_report += same_report
    stages = {
        "text_to_lines": line_anomalies,
        "parse_university": uni_anomalies,
        "lines_to_rows": row_anomalies,
        "rows_to_records": rec_anomalies,
        "reconcile": rec_report,
    }
    all_anomalies = [a for found in stages.values() for a in found]
    if corrections is not None:
        all_anomalies = corrections.resolve(all_anomalies)
    return ImportResult(
        source_name=source_name,
        edition=info,
        lines=lines,
        rows=rows,
        records=records,
        reconciled=reconciled,
        checksums=checksums,
        report=Report.of(all_anomalies),
        stage_anomalies=stages,
        same_institutions=same,
    )
