"""Doubts about the institution blocks once every row has its institution.

Each check is a generator of anomalies over the carried rows (a block: the rows
that share one printed institution label). They change nothing: they point a
reviewer at rows whose label the text alone cannot pin down.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.roles import starts_like_institution
from accord.importer.table import TableRow

# A unit word anywhere in a department ("Li Ka Shing Faculty of Medicine").
_UNIT = re.compile(
    r"\b(faculty|school|college|department|institute|cent(?:er|re)|laborator(?:y|ies)|"
    r"division)\b",
    re.I,
)


def block_doubts(rows: list[TableRow]) -> list[Anomaly]:
    """Every doubt the checks below find, in source order.

    >>> from accord.importer.table import TableRow
    >>> rows = [TableRow((1,), institution="A", institution_line=1,
    ...                  department="École X", unit="IFS")]
    >>> [a.code for a in block_doubts(rows)]
    ['cell-role']
    """
    return [
        *label_rows_named_like_the_block_above(rows),
        *departments_named_like_partners(rows),
    ]


def _blocks(rows: list[TableRow]) -> list[list[TableRow]]:
    blocks: list[list[TableRow]] = []
    for i, row in enumerate(rows):
        same = i and row.institution_line == rows[i - 1].institution_line
        if same and not row.label and not row.page_start:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return blocks


def _unit(department: str) -> str:
    found = _UNIT.search(department)
    return found.group(1).lower().replace("centre", "center") if found else ""


def label_rows_named_like_the_block_above(rows: list[TableRow]) -> Iterator[Anomaly]:
    """A label printed one row below its block's start leaves its own row to the
    block above: the Tianjin Medical University label sits on the University of
    Hong Kong's Li Ka Shing Faculty of Medicine (line 482). Suspect a label row
    whose department names the kind of unit of the block above and not that of
    the other rows of its own block; its block's rows are in doubt with it."""
    blocks = _blocks(rows)
    for above, block in itertools.pairwise(blocks):
        head, others = block[0], block[1:]
        if head.label or head.page_start or not others:
            continue
        unit = _unit(head.department)
        above_units = {_unit(r.department) for r in above}
        if (
            unit
            and unit in above_units
            and unit not in {_unit(r.department) for r in others}
        ):
            decided = (
                f"kept with {head.institution!r}; its {unit} may be the last row of "
                f"{above[0].institution!r}, the label one row off"
            )
            for row in block:
                yield _doubt(row, decided)


def departments_named_like_partners(rows: list[TableRow]) -> Iterator[Anomaly]:
    """A department cell that reads as a partner of its own (`Ecole d'Ingénieur
    du Littoral Côte d'Opale`, line 759): two partners may share the row."""
    for row in rows:
        if row.institution and starts_like_institution(row.department):
            yield Anomaly(
                A.CELL_ROLE,
                row.lines,
                row.department,
                f"kept as {row.institution!r}'s department; it reads as a partner "
                "institution of its own",
                confidence="uncertain",
                field="partner_department",
                severity="info",
            )


def _doubt(row: TableRow, decided: str) -> Anomaly:
    return Anomaly(
        A.AMBIGUOUS_INSTITUTION,
        row.lines,
        row.department or row.unit,
        decided,
        confidence="uncertain",
        field="institution",
        severity="info",
    )
