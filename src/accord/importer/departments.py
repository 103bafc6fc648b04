"""Merged department cells: a blank department that continues the one printed
beside another row of its institution block.

A blank department normally means an agreement with the whole institution
(the list's own legend). Within one block, though, the department cell can be
merged over several rows of one agreement document and printed once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.lines import NOT_IN_FORCE
from accord.importer.table import Rows, TableRow

# Days apart that still make one signing round of one agreement document.
SAME_ROUND_DAYS = 7

# What a list prints in a department cell, besides a blank, for an agreement
# with the whole institution: a dash, "N/A", "None", "University-wide", "All
# faculties", "(entire institution)", 全学 / 大学全体 / 全学部 ("the whole
# university", "all faculties"), in brackets or not.
WHOLE_INSTITUTION = re.compile(
    r"^[(\uff08\[]?\s*(?:"
    r"[-\u2010-\u2015\u2212\u30fc\uff0d]+|n\s*/\s*a|none|not applicable"
    r"|(?:the )?(?:whole|entire) (?:institution|university|school)"
    r"|(?:institution|university|school|campus)[- ]wide"
    r"|all (?:faculties|departments|schools|colleges)"
    r"|\u5168\u5b66(?:\u90e8)?|\u5927\u5b66\u5168\u4f53"
    r")\s*[)\uff09\]]?\.?$",
    re.I,
)


# A status in brackets after a cell's text, or the whole cell: "School of
# Physics (terminated)", "(expired)".
_STATUS_AFTER = re.compile(
    rf"\s*[\[(\uff08\u3010]\s*(?:{NOT_IN_FORCE.pattern})\s*[\])\uff09\u3011]$", re.I
)


def status_notes(rows: list[TableRow]) -> Rows:
    """Each partner or department cell ending in a status ("(terminated)"):
    the status left out of the name and reported on its row (a warning: it
    may say the agreement is not in force, which the record does not keep).

    >>> from accord.importer.table import TableRow
    >>> done = status_notes([TableRow((4,), institution="A", department="B (expired)")])
    >>> done.rows[0].department, done.anomalies[0].seen
    ('B', 'B (expired)')
    """
    result, anomalies = [], []
    for row in rows:
        changed = {}
        for field in ("institution", "department"):
            text = getattr(row, field)
            found = _STATUS_AFTER.search(text)
            if found is None:
                continue
            changed[field] = text[: found.start()]
            anomalies.append(
                Anomaly(
                    A.ENTRY_NOTE,
                    row.lines,
                    text,
                    f"{found.group(0).strip()!r} left out of the name and not read: "
                    "an agreement keeps no status here; is it in force?",
                    confidence="uncertain",
                    field="institution"
                    if field == "institution"
                    else "partner_department",
                )
            )
        result.append(replace(row, **changed) if changed else row)
    return Rows(result, anomalies)


def names_a_department(department: str) -> bool:
    """Whether a department cell names a part of the partner, not blank nor
    saying the whole institution in words or a dash.

    >>> [names_a_department(d) for d in ("School of Law", "", "-", "(全学)")]
    [True, False, False, False]
    """
    return bool(department) and not WHOLE_INSTITUTION.match(department.strip())


def whole_institution_cells(rows: list[TableRow]) -> Rows:
    """Each department cell that says the whole institution in words or a
    dash, blank as the list's legend writes it; noted (info).

    >>> from accord.importer.table import TableRow
    >>> done = whole_institution_cells([TableRow((4,), department="N/A")])
    >>> done.rows[0].department, done.anomalies[0].seen
    ('', "'N/A'")
    """
    result, anomalies = [], []
    for row in rows:
        if row.department and not names_a_department(row.department):
            anomalies.append(
                Anomaly(
                    A.WHOLE_INSTITUTION,
                    row.lines,
                    repr(row.department),
                    "read as the whole institution, as a blank department cell",
                    confidence="likely",
                    field="partner_department",
                    severity="info",
                )
            )
            row = replace(row, department="")
        result.append(row)
    return Rows(result, anomalies)


def carry_departments(rows: list[TableRow]) -> Rows:
    """Blank departments that are a merged department cell printed once.

    Within one institution block, a blank department on a row signed within
    days of the row above for another home unit (one agreement document), or
    on every second row of a block whose departments alternate filled and
    blank (Nankai University, lines 447-450), continues the department above;
    a blank first row signed like the row below takes its department (MIT,
    691). A row without a home unit (a date alone) keeps its blank: its cells
    are lost; so does a row repeating the unit and date above (line 623).

    >>> from accord.importer.table import TableRow
    >>> import datetime
    >>> day = datetime.date(2020, 6, 1)
    >>> rows = [TableRow((1,), institution="A", institution_line=1,
    ...                  department="LOEWE Center", unit="IRIDeS", date=day),
    ...         TableRow((2,), institution="A", institution_line=1,
    ...                  unit="TCPAI", date=day)]
    >>> carry_departments(rows).rows[1].department
    'LOEWE Center'
    """
    result, anomalies = list(rows), []
    for block in institution_blocks(rows):
        alternating = _alternates(rows, block)
        for k, i in enumerate(block):
            source, why = _merged_with(result, rows, block, k, alternating)
            if source is None:
                continue
            anomalies.append(_inherited(result[i], source, why))
            result[i] = replace(result[i], department=source.department)
    return Rows(result, anomalies)


def institution_blocks(rows: list[TableRow]) -> list[list[int]]:
    """Indexes of the rows of each institution block, in order."""
    blocks: list[list[int]] = []
    for i, row in enumerate(rows):
        previous = rows[i - 1] if i else None
        if previous is not None and _same_block(row, previous):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


def _same_block(row: TableRow, previous: TableRow) -> bool:
    new_label = bool(row.label) and row.label != previous.label
    return (
        row.institution == previous.institution
        and row.institution_line == previous.institution_line
        and not new_label
    )


def _alternates(rows: list[TableRow], block: list[int]) -> bool:
    filled = [names_a_department(rows[i].department) for i in block]
    return len(block) >= 4 and all(f == (k % 2 == 0) for k, f in enumerate(filled))


def _merged_with(
    result: list[TableRow],
    rows: list[TableRow],
    block: list[int],
    k: int,
    alternating: bool,
) -> tuple[TableRow | None, str]:
    """The row whose department cell row k's blank continues, and why."""
    row = result[block[k]]
    if row.department or not row.unit:
        return None, ""
    above = result[block[k - 1]] if k else None
    below = rows[block[k + 1]] if k + 1 < len(block) else None
    if above is not None and same_round(row, above):
        return above, "signed within days of the row above"
    if above is not None and alternating and names_a_department(above.department):
        return above, "alternating with the row above"
    if k == 0 and below is not None and same_round(row, below):
        # The merged cell's text landed on the block's second row.
        return below, "signed within days of the row below"
    return None, ""


def same_round(row: TableRow, other: TableRow) -> bool:
    """Another home unit signed within days of a department: one signing round
    (a merged department cell). The same unit on the same day is a repeated
    row, not a merged cell. NTNU's GS Life Sciences row (line 867, a day after
    line 866) and Sapienza's GS Information Sciences row (845, two days after
    844) are the only rows of the 2021 list this reaches beyond the same day."""
    return (
        names_a_department(other.department)
        and row.date is not None
        and other.date is not None
        and abs((row.date - other.date).days) <= SAME_ROUND_DAYS
        and row.unit != other.unit
    )


def _inherited(row: TableRow, source: TableRow, why: str) -> Anomaly:
    return Anomaly(
        A.INHERITED_DEPARTMENT,
        row.lines,
        f"{row.unit} {row.date_text}, no department",
        f"given {source.department!r}: {why} in its block",
        confidence="likely",
        field="partner_department",
    )
