"""A department table's column saying whether fees are waived ("Fee waiver":
Yes / No / ○), read as the waiver's `*` before the row's unit.

The 2021 list prints the waiver as a `*` before the home unit; other lists give
it a column of its own, as some print the university-level list too. Every
later stage reads the waiver from the `*`, so the column is taken out of the
header and of each row under it, and a yes in it becomes a `*` before the
row's unit. A cell that says neither yes nor no leaves the waiver unknown (the
mark of an unknown waiver before the unit, `legends.UNKNOWN_WAIVER`): the row
reports it for information when the cell says it does not know ("Unknown",
"TBC", "不明"), and this reader as a warning when it says something else. The
column itself is reported once, for information, with the header's line.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.columns import UNIT, column_of
from accord.importer.legends import UNKNOWN_WAIVER, lines_holding
from accord.importer.lines import (
    WAIVER_CELLS,
    is_column_header,
    names_waiver_column,
    shown_cells,
    waiver_not_known,
)
from accord.importer.options import ParseOptions

# Words a waiver column's name holds (`names_waiver_column`): only a text with
# one on a line of cells is read line by line.
_WAIVER_WORDS = ("waive", "exempt", "\u4e0d\u5fb4\u53ce", "\u514d\u9664")


def read_waiver_column(text: str, options: ParseOptions) -> tuple[str, list[Anomaly]]:
    """The text with a department table's waiver column read as `*` before
    each row's unit, and the report of it.

    >>> text = ("Area\\tCountry / Region\\tPartner Institution\\tDepartment\\t"
    ...         "Department at TU\\tYear\\tFee waiver\\nAsia\\tChina (1)\\tFudan "
    ...         "University\\t\\tGS Law\\t2019/08/01\\tYes")
    >>> read_waiver_column(text, ParseOptions("T", ("TU",)))[0].splitlines()[1]
    'Asia\\tChina (1)\\tFudan University\\t\\t* GS Law\\t2019/08/01'
    """
    lines = text.split("\n")
    named = lines_holding(lines, _offsets(text.lower(), _WAIVER_WORDS))
    if not any("\t" in lines[index] for index in named):
        return text, []
    report: list[Anomaly] = []
    columns: tuple[int, int] | None = None  # (the waiver's, the unit's)
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if is_column_header(line, options):
            columns = _waiver_and_unit(cells, options)
            if columns is None:
                continue
            if not report:
                report.append(_read(index + 1, cells))
            del cells[columns[0]]
            lines[index] = "\t".join(cells)
            continue
        if columns is None or len(cells) < 2:
            continue
        waiver_at, unit_at = columns
        if len(cells) <= waiver_at:
            continue
        value = cells.pop(waiver_at).strip()
        waived = WAIVER_CELLS.get(value.casefold().rstrip("."))
        unknown = waived is None and bool(value)
        if unknown and not waiver_not_known(value):
            # Neither yes nor no, nor "not known" (which the row reports:
            # `unknown-waiver`): the waiver stays unknown, never "no waiver".
            report.append(_unread(index + 1, value))
        mark = "*" if waived else UNKNOWN_WAIVER if unknown else ""
        if mark and unit_at < len(cells) and cells[unit_at].lstrip()[:1] != "*":
            cells[unit_at] = f"{mark} {cells[unit_at].strip()}".rstrip()
        lines[index] = "\t".join(cells)
    if not report:
        return text, []
    return "\n".join(lines), report


def _offsets(text: str, words: tuple[str, ...]) -> Iterator[int]:
    """Where each word stands in the text (a search without case folding
    each character: three times faster over a list of 15,000 lines)."""
    for word in words:
        at = text.find(word)
        while at >= 0:
            yield at
            at = text.find(word, at + 1)


def _waiver_and_unit(cells: list[str], options: ParseOptions) -> tuple[int, int] | None:
    """Where a department header puts its waiver column and, once that column
    is taken out, its unit's; None when it has no waiver column."""
    waiver = next((i for i, c in enumerate(cells) if names_waiver_column(c)), None)
    unit = next((i for i, c in enumerate(cells) if column_of(c, options) == UNIT), None)
    if waiver is None or unit is None:
        return None
    return waiver, unit - 1 if unit > waiver else unit


def _read(number: int, cells: list[str]) -> Anomaly:
    return Anomaly(
        A.WAIVER_COLUMN,
        (number,),
        shown_cells("\t".join(cells)),
        "the fee-waiver column read as the waiver's * before each row's unit "
        "(yes, y, \u25cb, \u2713 or *: waived; no, a dash or blank: not)",
        confidence="likely",
        field="fee_waiver",
        severity="info",
    )


def _unread(number: int, value: str) -> Anomaly:
    return Anomaly(
        A.WAIVER_COLUMN,
        (number,),
        value,
        "the fee-waiver cell says neither yes nor no: the waiver left unknown",
        confidence="uncertain",
        field="fee_waiver",
    )
