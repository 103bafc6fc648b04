"""Stage 3: table rows -> department-level records.

Rows are grouped the way the printed table groups them: a country block starts
at a `Country (N)` label, an institution block at a row that prints the
partner institution. Where the printed structure contradicts the document's own
counts, the university-level list and name evidence decide, and each such
decision is an anomaly.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from accord.core.countries import Country
from accord.core.names import name_key
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.checksums import Checksums, CountryCount
from accord.importer.country_blocks import (
    Block,
    country_blocks,
    first_per_label,
    shift_labels,
    split_missing_headers,
    university_countries,
)
from accord.importer.options import ParseOptions
from accord.importer.roles import looks_like_institution
from accord.importer.table import TableRow


def rows_to_records(
    rows: list[TableRow],
    options: ParseOptions,
    university: list[Record],
    checksums: Checksums,
    edition: datetime.date | None = None,
) -> tuple[list[Record], list[Anomaly], Checksums]:
    """Department-level records, their anomalies, and the per-country checksums.

    >>> from accord.importer.table import TableRow
    >>> rows = [TableRow((5,), label="China", label_count=1, area="Asia",
    ...                  institution="Peking University", unit="GS Law")]
    >>> records, _, sums = rows_to_records(rows, ParseOptions("X"), [], Checksums())
    >>> records[0].country_code, sums.countries[0].declared
    ('CN', 1)
    """
    anomalies: list[Anomaly] = []
    rows = _carry_institutions(rows, anomalies)
    rows = _carry_departments(rows, anomalies)
    blocks = country_blocks(rows, options, anomalies)
    index = university_countries(university)
    regions = {r.country_code: r.region for r in university}
    blocks = split_missing_headers(blocks, index, regions, anomalies)
    shift_labels(blocks, index, anomalies)
    known = set(index) | {name_key(r.institution) for r in rows if r.institution}
    records = [
        _record(block, row, edition, known, anomalies)
        for block in blocks
        for row in block.rows
    ]
    counts = tuple(
        CountryCount(
            b.label,
            b.country.code if b.country else None,
            b.declared or 0,
            b.label_line or 0,
        )
        for b in first_per_label(blocks)
    )
    return records, anomalies, replace(checksums, countries=counts)


def _carry_institutions(
    rows: list[TableRow], anomalies: list[Anomaly]
) -> list[TableRow]:
    """Give each row the institution of its block.

    A merged cell prints its text once, usually on the first row of its block:
    rows without text continue the institution above. At the start of a country
    block there is nothing above, so the text must be on a later row (a merged
    cell whose text landed on a middle row): those rows take the next one. So
    does a row dated like the next institution's row and unlike the current
    one's (one agreement document: MIT, lines 691-694).
    """
    result: list[TableRow] = []
    current = ""
    current_line: int | None = None
    current_date: datetime.date | None = None
    label = ""
    for i, row in enumerate(rows):
        if row.label and row.label != label:
            label, current = row.label, ""
        if row.institution:
            current, current_line = row.institution, row.institution_line
            current_date = row.date
            result.append(row)
            continue
        below = _next_institution_row(rows, i, label)
        if current and below is not None and _dated_like(row, below, current_date):
            anomalies.append(
                Anomaly(
                    A.INHERITED_INSTITUTION,
                    row.lines,
                    row.department or row.unit,
                    f"given {below.institution!r}: dated {row.date_text} like its "
                    f"row below, unlike {current!r}",
                    confidence="likely",
                    field="institution",
                )
            )
            result.append(
                replace(
                    row,
                    institution=below.institution,
                    institution_line=below.institution_line,
                )
            )
            continue
        if current:
            if row.page_start:
                anomalies.append(
                    Anomaly(
                        A.INHERITED_INSTITUTION,
                        row.lines,
                        row.department or row.unit,
                        f"continues {current!r} from the previous page",
                        confidence="likely",
                        field="institution",
                    )
                )
            result.append(
                replace(row, institution=current, institution_line=current_line)
            )
            continue
        later, later_line = (
            (below.institution, below.institution_line) if below else ("", None)
        )
        if later:
            anomalies.append(
                Anomaly(
                    A.INHERITED_INSTITUTION,
                    row.lines,
                    row.department or row.unit,
                    f"given {later!r}, the institution printed further down its block",
                    confidence="likely",
                    field="institution",
                )
            )
        else:
            anomalies.append(
                Anomaly(
                    A.MISSING_INSTITUTION,
                    row.lines,
                    row.department or row.unit,
                    "institution left empty",
                    confidence="uncertain",
                    field="institution",
                    severity="error",
                )
            )
        result.append(replace(row, institution=later, institution_line=later_line))
    return result


def _institution_blocks(rows: list[TableRow]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for i, row in enumerate(rows):
        same = i > 0 and row.institution == rows[i - 1].institution
        new_label = row.label and i > 0 and row.label != rows[i - 1].label
        if (
            same
            and not new_label
            and row.institution_line == rows[i - 1].institution_line
        ):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


def _carry_departments(
    rows: list[TableRow], anomalies: list[Anomaly]
) -> list[TableRow]:
    """Blank departments that are a merged department cell printed once.

    Within one institution block, a blank department on a row dated the same day
    as the row above (one agreement document for several home units), or on
    every second row of a block whose departments alternate filled and blank
    (Nankai University, lines 447-450), continues the department above; a blank
    first row dated like the row below takes its department (MIT, 691). A row
    without a home unit (a date alone) is not read this way: its cells are lost;
    nor is a row repeating the unit and date above (line 623).
    """
    result = list(rows)
    for block in _institution_blocks(rows):
        filled = [bool(rows[i].department) for i in block]
        alternating = len(block) >= 4 and all(
            f == (k % 2 == 0) for k, f in enumerate(filled)
        )
        for k, i in enumerate(block):
            row = result[i]
            if row.department or not row.unit:
                continue
            above = result[block[k - 1]] if k else None
            below = rows[block[k + 1]] if k + 1 < len(block) else None
            source, why = None, ""
            if above is not None and _same_day(row, above):
                source, why = above, "dated the same day as the row above"
            elif above is not None and alternating and above.department:
                source, why = above, "alternating with the row above"
            elif k == 0 and below is not None and _same_day(row, below):
                # The merged cell's text landed on the block's second row.
                source, why = below, "dated the same day as the row below"
            if source is None:
                continue
            anomalies.append(
                Anomaly(
                    A.INHERITED_DEPARTMENT,
                    row.lines,
                    f"{row.unit} {row.date_text}, no department",
                    f"given {source.department!r}: {why} in its block",
                    confidence="likely",
                    field="partner_department",
                )
            )
            result[i] = replace(row, department=source.department)
    return result


def _same_day(row: TableRow, other: TableRow) -> bool:
    """Another home unit on the same day next to a department: one agreement
    document (a merged department cell). The same unit on the same day is a
    repeated row, not a merged cell."""
    return (
        bool(other.department)
        and row.date is not None
        and row.date == other.date
        and row.unit != other.unit
    )


def _next_institution_row(
    rows: list[TableRow], start: int, label: str
) -> TableRow | None:
    """The next row printing an institution, within the same country label."""
    for index in range(start + 1, len(rows)):  # no slice: this runs per row
        row = rows[index]
        if row.label and row.label != label:
            return None
        if row.institution:
            return row
    return None


def _dated_like(
    row: TableRow, below: TableRow, current_date: datetime.date | None
) -> bool:
    return row.date is not None and row.date == below.date != current_date


_AND = re.compile(r"\s+and\s+")
_SLASH = re.compile(r"\s+/\s+")


def _record(
    block: Block,
    row: TableRow,
    edition: datetime.date | None,
    known: set[str],
    anomalies: list[Anomaly],
) -> Record:
    country = block.country or Country("", "")
    institution, co_partners = _joint(row, known, anomalies)
    return Record(
        level="department",
        region=block.region,
        country_code=country.code,
        country_name=country.name,
        institution=institution,
        co_partners=co_partners,
        partner_department=row.department,
        home_unit=row.unit,
        fee_waiver=row.waiver,
        concluded_on=row.date,
        edition=edition,
        source_lines=_source_lines(row),
    )


def _source_lines(row: TableRow) -> tuple[int, ...]:
    """The row's own lines and the lines of the labels it uses: the institution
    printed on another row of its block and the country label of its page."""
    used = {row.institution_line, row.country_line} - {None}
    return tuple(sorted({*row.lines, *(n for n in used if n is not None)}))


def _joint(
    row: TableRow, known: set[str], anomalies: list[Anomaly]
) -> tuple[str, tuple[str, ...]]:
    """ "X and Y" is two partners only when both are institutions known elsewhere;
    "X / Y", the form Accord's own published list gives joint partners, is two
    partners when both read as institutions."""
    name = row.institution
    joint = _SLASH.split(name)
    if len(joint) > 1 and all(looks_like_institution(p) for p in joint):
        anomalies.append(
            Anomaly(
                A.JOINT_PARTNERS,
                row.lines,
                name,
                f"joint partners: {joint[0]!r} with {', '.join(map(repr, joint[1:]))}",
                confidence="likely",
                field="co_partners",
                severity="info",
            )
        )
        return joint[0], tuple(joint[1:])
    parts = _AND.split(name)
    if len(parts) != 2 or not all(looks_like_institution(p) for p in parts):
        return name, ()
    if all(name_key(p) in known for p in parts):
        anomalies.append(
            Anomaly(
                A.JOINT_PARTNERS,
                row.lines,
                name,
                f"two partners: {parts[0]!r} with {parts[1]!r}",
                confidence="likely",
                field="co_partners",
            )
        )
        return parts[0], (parts[1],)
    anomalies.append(
        Anomaly(
            A.JOINT_PARTNERS,
            row.lines,
            name,
            "kept as one name: not both parts are known as institutions",
            confidence="uncertain",
            field="co_partners",
        )
    )
    return name, ()
