"""A department table's column header as other lists print it: wrapped onto
a second line ("Country /" over "Region", "Department at" over "Tohoku"), and
with a column of remarks that no agreement keeps.

Both are read before the line classifier, which finds the table by its header:
the header's two lines become one (the second left blank, so every line keeps
its number), and the remarks column is taken out of the header and of each row
under it, each remark reported for a person to read (it may say "terminated").
"""

from __future__ import annotations

import re

from accord.core.names import join_wrapped
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.lines import NUMBER_COLUMN, is_column_header, shown_cells
from accord.importer.options import ParseOptions

# A remarks column's name: "Remarks", "Notes", "備考"; or a status column's,
# whose cells say whether each agreement is in force: "Status", "状況".
REMARKS_COLUMN = re.compile(
    r"^\s*(?:remarks?|notes?|comments?|status|\u5099\u8003|\u72b6\u6cc1|\u72b6\u614b"
    r"|\u30b9\u30c6\u30fc\u30bf\u30b9)\s*$",
    re.I,
)
# A status cell saying the agreement is in force: nothing to report.
_IN_FORCE = re.compile(
    r"^\s*(?:active|in force|valid|current|ongoing|effective|\u6709\u52b9|\u7d99\u7d9a"
    r"|\u7de0\u7d50\u4e2d|[-\u2013\u2014\uff0d])\s*$",
    re.I,
)


def joined_headers(text: str, options: ParseOptions) -> tuple[str, list[Anomaly]]:
    """The text with each column header wrapped onto two lines written on its
    first line, and the report of it.

    >>> text = ("Area\\tCountry /\\tPartner\\tDepartment at\\tYear\\n"
    ...         "\\tRegion\\tInstitution\\tTU\\t")
    >>> joined_headers(text, ParseOptions("T", ("TU",)))[0].split("\\n")[0]
    'Area\\tCountry / Region\\tPartner Institution\\tDepartment at TU\\tYear'
    """
    lines = text.split("\n")
    report: list[Anomaly] = []
    for index in range(len(lines) - 1):
        first, second = lines[index], lines[index + 1]
        # A header's lines hold words only: no row's date or number; and
        # neither is a whole header (a page's repeated one) on its own.
        if "\t" not in first or "\t" not in second:
            continue
        if _has_digits(first) or _has_digits(second):
            continue
        if is_column_header(first, options) or is_column_header(second, options):
            continue
        joined = _joined(first.split("\t"), second.split("\t"))
        if not is_column_header(joined, options):
            continue
        lines[index], lines[index + 1] = joined, ""
        report.append(
            Anomaly(
                A.WRAPPED_HEADER,
                (index + 1, index + 2),
                shown_cells(joined),
                "the column header wrapped onto two lines, read as one",
                confidence="likely",
                severity="info",
            )
        )
    return "\n".join(lines), report


def _has_digits(line: str) -> bool:
    return any(ch.isdigit() for ch in line)


def _joined(first: list[str], second: list[str]) -> str:
    width = max(len(first), len(second))
    first = first + [""] * (width - len(first))
    second = second + [""] * (width - len(second))
    return "\t".join(
        join_wrapped(top.strip(), bottom.strip()) if bottom.strip() else top.strip()
        for top, bottom in zip(first, second, strict=True)
    )


def read_remarks_column(text: str, options: ParseOptions) -> tuple[str, list[Anomaly]]:
    """The text with a department table's remarks column left out of its
    header and of each row under it, and the report: the header's line once,
    for information, and each remark, a warning (a remark may say what changes
    the record: "terminated in 2022").

    >>> text = ("Country\\tPartner University\\tHome Faculty\\tYear\\tRemarks\\n"
    ...         "China\\tFudan University\\tGS Law\\t2019/08/01\\trenewed")
    >>> read, report = read_remarks_column(text, ParseOptions("T", ("TU",)))
    >>> read.split("\\n")[1], [a.seen for a in report]
    ('China\\tFudan University\\tGS Law\\t2019/08/01', ['Remarks', 'renewed'])
    """
    if "\t" not in text or not _REMARKS_ANYWHERE.search(text):
        return text, []
    lines = text.split("\n")
    report: list[Anomaly] = []
    at: int | None = None  # the remarks column under the last header read
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) < 2:
            continue
        remarks = _remarks_in_header(cells, options)
        if remarks is not None:
            at = remarks
            report.append(_left_out(index + 1, cells[at]))
        elif is_column_header(line, options):
            at = None  # another table, without remarks
            continue
        if at is None or len(cells) <= at:
            continue
        value = cells.pop(at).strip()
        lines[index] = "\t".join(cells)
        if value and remarks is None and not _IN_FORCE.match(value):
            report.append(_remark(index + 1, value))
    return "\n".join(lines), report


_REMARKS_ANYWHERE = re.compile(
    r"\b(?:remarks?|notes?|comments?|status)\b|\u5099\u8003|\u72b6\u6cc1|\u72b6\u614b"
    r"|\u30b9\u30c6\u30fc\u30bf\u30b9",
    re.I,
)


def _remarks_in_header(cells: list[str], options: ParseOptions) -> int | None:
    """The remarks column of a line that is the table's header once that
    column (and a first column of row numbers) is left out."""
    at = next((i for i, c in enumerate(cells) if REMARKS_COLUMN.match(c)), None)
    if at is None:
        return None
    named = [c for i, c in enumerate(cells) if i != at]
    if named and NUMBER_COLUMN.match(named[0]):
        named = named[1:]
    return at if is_column_header("\t".join(named), options) else None


def _left_out(number: int, name: str) -> Anomaly:
    return Anomaly(
        A.ENTRY_NOTE,
        (number,),
        name.strip(),
        "the table's remarks or status column left out of its rows: no agreement "
        "keeps a remark; each one is reported on its row",
        severity="info",
    )


def _remark(number: int, value: str) -> Anomaly:
    return Anomaly(
        A.ENTRY_NOTE,
        (number,),
        value,
        "not read: a remark, which no agreement keeps; it may change what the "
        "record should say (terminated?), so read it",
        confidence="uncertain",
    )
