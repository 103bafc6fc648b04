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
from accord.importer.block_checks import block_doubts
from accord.importer.checksums import Checksums, CountryCount
from accord.importer.country_blocks import (
    Block,
    country_blocks,
    first_per_label,
    shift_labels,
    split_missing_headers,
    university_countries,
)
from accord.importer.merged_cells import academy_institutes, carry_institutions
from accord.importer.options import ParseOptions
from accord.importer.roles import looks_like_institution, rejoined_name
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
    index = university_countries(university)
    known = set(index) | {name_key(r.institution) for r in rows if r.department}
    rows = _rejoin_names(rows, anomalies)
    institutes = academy_institutes(rows, frozenset(known))
    carried = carry_institutions(institutes.rows)
    rows = carried.rows
    anomalies += [*institutes.anomalies, *carried.anomalies, *block_doubts(rows)]
    rows = _carry_departments(rows, anomalies)
    blocks = country_blocks(rows, options, anomalies)
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
            _label_lines(rows, b.label),
        )
        for b in first_per_label(blocks)
    )
    return records, anomalies, replace(checksums, countries=counts)


# Days apart that still make one signing round of one agreement document.
SAME_ROUND_DAYS = 7


def _label_lines(rows: list[TableRow], label: str) -> tuple[int, ...]:
    found = {r.label_line for r in rows if r.label == label}
    return tuple(sorted(n for n in found if n))


def _rejoin_names(rows: list[TableRow], anomalies: list[Anomaly]) -> list[TableRow]:
    """Institution names the extraction cut at a comma into two cells."""
    result = []
    for row in rows:
        whole = (
            rejoined_name(row.institution, row.department) if row.institution else None
        )
        if whole is None:
            result.append(row)
            continue
        anomalies.append(
            Anomaly(
                A.CELL_ROLE,
                row.lines,
                f"{row.institution} | {row.department}",
                f"one name cut at its comma: {whole!r}, whole institution",
                confidence="likely",
                field="institution",
            )
        )
        result.append(replace(row, institution=whole, department=""))
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
                source, why = above, "signed within days of the row above"
            elif above is not None and alternating and above.department:
                source, why = above, "alternating with the row above"
            elif k == 0 and below is not None and _same_day(row, below):
                # The merged cell's text landed on the block's second row.
                source, why = below, "signed within days of the row below"
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
    """Another home unit signed within days of a department: one signing round
    (a merged department cell). The same unit on the same day is a repeated
    row, not a merged cell. NTNU's GS Life Sciences row (line 867, a day after
    line 866) and Sapienza's GS Information Sciences row (845, two days after
    844) are the only rows of the 2021 list this reaches beyond the same day."""
    return (
        bool(other.department)
        and row.date is not None
        and other.date is not None
        and abs((row.date - other.date).days) <= SAME_ROUND_DAYS
        and row.unit != other.unit
    )


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
    """ "X and Y" is two partners only when both read as institutions and one is
    known elsewhere (printed alone in the list, or in the university level);
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
    run_on = _run_on_names(name, known)
    if run_on:
        anomalies.append(
            Anomaly(
                A.JOINT_PARTNERS,
                row.lines,
                name,
                f"two partners run together: {run_on[0]!r} with {run_on[1]!r}",
                confidence="likely",
                field="co_partners",
            )
        )
        return run_on[0], (run_on[1],)
    parts = _AND.split(name)
    if len(parts) != 2 or not all(looks_like_institution(p) for p in parts):
        return name, ()
    # One part printed alone elsewhere in the list cannot be a piece of one
    # longer name: Tianjin Medical University (line 482) and a hospital, 484.
    if any(name_key(p) in known for p in parts):
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
            "kept as one name: neither part is known as an institution",
            confidence="uncertain",
            field="co_partners",
        )
    )
    return name, ()


def _run_on_names(name: str, known: set[str]) -> tuple[str, str] | None:
    """Two institutions known elsewhere, printed in one cell without a
    separator: `Russian Academy of Sciences Lomonosov Moscow State University`
    (line 896, one agreement with both)."""
    words = name.split()
    for cut in range(2, len(words) - 1):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if name_key(first) in known and name_key(second) in known:
            return first, second
    return None
