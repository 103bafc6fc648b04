"""Names the extraction put in the wrong cell, set back before the blocks are
read: an institute of an academy printed in the institution column, and one
institution's name cut at its comma into two cells."""

from __future__ import annotations

import re
from dataclasses import replace

from accord.core.names import name_key
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.roles import rejoined_name
from accord.importer.table import Rows, TableRow


def names_in_place(rows: list[TableRow], known: frozenset[str]) -> Rows:
    """The rows with each misplaced name back in its cell.

    >>> from accord.importer.table import TableRow
    >>> row = TableRow((880,), institution="National Institute for Lasers",
    ...                department="Plasma and Radiation Physics", unit="IMRAM")
    >>> names_in_place([row], frozenset()).rows[0].institution
    'National Institute for Lasers, Plasma and Radiation Physics'
    """
    rejoined = rejoin_names(rows)
    institutes = academy_institutes(rejoined.rows, known)
    return Rows(institutes.rows, [*rejoined.anomalies, *institutes.anomalies])


def rejoin_names(rows: list[TableRow]) -> Rows:
    """Institution names the extraction cut at a comma into two cells."""
    result, anomalies = [], []
    for row in rows:
        whole = rejoined_name(row.institution, row.department)
        if not row.institution or whole is None:
            result.append(row)
            continue
        decided = f"one name cut at its comma: {whole!r}, whole institution"
        seen = f"{row.institution} | {row.department}"
        anomalies.append(
            Anomaly(A.CELL_ROLE, row.lines, seen, decided, "likely", "institution")
        )
        result.append(replace(row, institution=whole, department=""))
    return Rows(result, anomalies)


# An academy of sciences signs through its institutes, which the table prints as
# departments (Chinese Academy of Sciences, lines 416-419); a shifted line puts
# one in the institution column (General Physics Institute, line 889, under the
# Russian Academy of Sciences).
_ACADEMY = re.compile(r"\bAcademy of Sciences?\b", re.I)
# An institute's own name, not a school named "... Institute of Science"
# ("Indian Institute of Science" is a partner of its own).
_INSTITUTE = re.compile(
    r"^(the\s+)?(research\s+)?institute\s+(of|for)\b|\binstitute$", re.I
)
_WHOLE = re.compile(r"universit|academy|hospital", re.I)


def academy_institutes(rows: list[TableRow], known: frozenset[str]) -> Rows:
    """Read an institute printed alone under an academy as its department.

    >>> from accord.importer.table import TableRow
    >>> rows = [TableRow((1,), label="R", institution="Russian Academy of Sciences",
    ...                  department="Institute of X", unit="IMR"),
    ...         TableRow((2,), institution="General Physics Institute", unit="IFS")]
    >>> academy_institutes(rows, frozenset()).rows[1].department
    'General Physics Institute'
    """
    result, anomalies, current = list(rows), [], ""
    for i, row in enumerate(rows):
        if row.label:
            current = ""
        if not row.institution:
            continue
        if not (_ACADEMY.search(current) and _is_institute(row, known)):
            current = row.institution
            continue
        anomalies.append(_institute_of(row, current))
        result[i] = replace(
            row, institution="", institution_line=None, department=row.institution
        )
    return Rows(result, anomalies)


def _institute_of(row: TableRow, academy: str) -> Anomaly:
    decided = f"read as a department of {academy!r}, the academy above"
    return Anomaly(
        A.CELL_ROLE,
        row.lines,
        row.institution,
        decided,
        confidence="likely",
        field="partner_department",
    )


def _is_institute(row: TableRow, known: frozenset[str]) -> bool:
    name = row.institution
    return (
        not row.department
        and bool(_INSTITUTE.search(name))
        and not _WHOLE.search(name)
        and name_key(name) not in known
    )
