"""The whole import in one call: text -> lines -> records -> reconciled records.

`run` keeps every intermediate so that `accord parse --explain` can show at
which stage a row went wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from accord.core.errors import ImportInputError
from accord.core.names import as_read
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly, Report
from accord.importer.area_checks import countries_outside_their_area
from accord.importer.blocks import rows_to_records
from accord.importer.checksums import Checksums, lines_to_checksums
from accord.importer.corrections import (
    Corrections,
    SameInstitutions,
    reconcile,
    same_institutions,
)
from accord.importer.date_order import year_first
from accord.importer.footnotes import read_footnotes
from accord.importer.header_rows import joined_headers, read_remarks_column
from accord.importer.legends import (
    WAIVER_WORDS,
    definitions,
    read_marks,
    unbracketed_stars,
)
from accord.importer.lines import (
    DEPARTMENT,
    UNIVERSITY,
    Line,
    heading_as_of,
    names_waiver_column,
    parse_as_of,
    spaced_dates,
    text_to_lines,
)
from accord.importer.options import ParseOptions
from accord.importer.row_numbers import without_row_numbers
from accord.importer.table import TableRow, lines_to_rows
from accord.importer.university import parse_university
from accord.importer.waiver_column import read_waiver_column


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
    # The table rows once each took the institution and department of its
    # merged cells (the blocks stage's own intermediate).
    carried_rows: list[TableRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok


def _edition_info(lines: list[Line], options: ParseOptions) -> EditionInfo:
    title = next((" ".join(ln.text.split()) for ln in lines if ln.kind == "title"), "")
    read = (
        parse_as_of(ln.text) if ln.kind == "as-of" else heading_as_of(ln.text)
        for ln in lines
        if ln.kind in ("as-of", "section")
    )
    as_of = next((day for day in read if day is not None), None)
    return EditionInfo(title, as_of, options.home_university)


def _require_structure(lines: list[Line], source_name: str) -> None:
    # A section's heading, or the part a list without headings holds.
    sections = {ln.section for ln in lines}
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
    read: Sequence[Anomaly] = (),
) -> ImportResult:
    """Parse a list and reconcile it with its own totals and the corrections.

    `read` are the anomalies of reading the file into text (`SourceText.anomalies`).
    Raises ImportInputError when the text has no recognisable list structure.

    >>> from accord.importer.options import ParseOptions
    >>> text = "University Level Agreements\\n(Asia)\\nChina\\n- * A Univ (2001.1.1)"
    >>> result = run(text, ParseOptions("X"))
    >>> [(r.institution, r.fee_waiver) for r in result.reconciled]
    [('A Univ', True)]
    """
    # One kind of line ending for every pass (a file's reader gives it so), and
    # the text as a reader reads it (no zero-width space inside a name).
    text = as_read(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unbracketed_stars(text)
    text = spaced_dates(text)
    text, dates_read = year_first(text, options.date_order)
    text, marks_read = read_marks(text)
    text, wrapped = joined_headers(text, options)
    text, remarks = read_remarks_column(text, options)
    text, numbers_left = without_row_numbers(text, options)
    text, waivers_read = read_waiver_column(text, options)
    text, footnotes, footnote_marks = read_footnotes(text)
    classified = text_to_lines(text, options, footnotes)
    lines = classified.lines
    _require_structure(lines, source_name)
    info = _edition_info(lines, options)
    university = parse_university(lines, options, info.as_of)
    table = lines_to_rows(lines, options, university.records)
    department = rows_to_records(
        table.rows, options, university.records, lines_to_checksums(lines), info.as_of
    )
    records = [*university.records, *department.records]
    records, silent = _waivers_unsaid(records, text, lines, waivers_read)
    late = list(_dated_after(records, info.as_of))
    elsewhere = list(countries_outside_their_area(records))
    reconciled = reconcile(records, department.checksums, corrections)
    same, same_report = same_institutions(reconciled.records, corrections)
    stages = {
        "read_source": list(read),
        "text_to_lines": [
            *dates_read,
            *marks_read,
            *wrapped,
            *remarks,
            *numbers_left,
            *waivers_read,
            *footnote_marks,
            *classified.anomalies,
        ],
        "parse_university": university.anomalies,
        "lines_to_rows": _unchecked_joins(table.anomalies, department.checksums),
        "rows_to_records": department.anomalies,
        "reconcile": [*late, *elsewhere, *silent, *reconciled.anomalies, *same_report],
    }
    return ImportResult(
        source_name=source_name,
        edition=info,
        lines=lines,
        rows=table.rows,
        records=records,
        reconciled=reconciled.records,
        checksums=department.checksums,
        report=Report.of(_resolved(stages, corrections)),
        stage_anomalies=stages,
        same_institutions=same,
        carried_rows=department.rows,
    )


def _unchecked_joins(anomalies: list[Anomaly], checksums: Checksums) -> list[Anomaly]:
    """A dateless line joined to a row is the reader's guess (a split cell, or a
    row of its own that printed no date?); the department total checks it. A
    list that declares none leaves it unchecked: then each such join waits."""
    if checksums.department_total is not None:
        return anomalies
    return [
        replace(
            a,
            severity="warning",
            decided=f"{a.decided}; the list declares no total to check it against",
        )
        if a.code == A.SPLIT_ROW and a.confidence != "certain"
        else a
        for a in anomalies
    ]


def _waivers_unsaid(
    records: list[Record],
    text: str,
    lines: list[Line],
    waiver_column: list[Anomaly],
) -> tuple[list[Record], list[Anomaly]]:
    """A list that says no agreement's fees are waived (no legend about
    waivers, no mark read as one, no waiver column) leaves each agreement's
    waiver unknown, not "no waiver": its records as read, or each with its
    waiver unknown and one note, a warning on the first line that speaks of
    waivers in words Accord does not read (a footnote, a note)."""
    says = (
        any(r.fee_waiver is True for r in records)
        or bool(waiver_column)
        or any(WAIVER_WORDS.search(d.text) for d in definitions(text))
        or any(
            line.kind == "column-header"
            and any(names_waiver_column(cell) for cell in line.cells)
            for line in lines
        )
    )
    if says or not records:
        return records, []
    spoken = next((line for line in lines if WAIVER_WORDS.search(line.text)), None)
    note = Anomaly(
        A.UNKNOWN_WAIVER,
        (spoken.number,) if spoken else (),
        spoken.text.strip()
        if spoken
        else "no legend, mark or column about fee waivers",
        "fee_waiver left unknown for every agreement: the list does not say "
        "whose fees are waived"
        + (
            "; this line speaks of waivers in words not read: read it" if spoken else ""
        ),
        field="fee_waiver",
        severity="warning" if spoken else "info",
    )
    return [r.with_changes(fee_waiver=None) for r in records], [note]


def _dated_after(
    records: list[Record], as_of: datetime.date | None
) -> Iterator[Anomaly]:
    """Each agreement the list dates after its own as-of date: a misprint (2051
    for 2015?) that no reading can set right. Kept as printed, and reported."""
    if as_of is None:
        return
    for record in records:
        if record.concluded_on is not None and record.concluded_on > as_of:
            yield Anomaly(
                A.INVALID_DATE,
                record.source_lines,
                f"{record.institution}: {record.concluded_on.isoformat()}",
                f"kept as printed: after the list's as-of date, {as_of.isoformat()}",
                confidence="uncertain",
                field="concluded_on",
            )


def _resolved(
    stages: dict[str, list[Anomaly]], corrections: Corrections | None
) -> list[Anomaly]:
    """Every stage's anomalies, marked where the corrections settle them."""
    found = [a for stage in stages.values() for a in stage]
    return corrections.resolve(found) if corrections is not None else found
