"""A department table's column of row numbers ("No.", "#", "番号"), left out
before the lines are read.

Some lists number the rows of their department table in a first column. Every
later stage finds a row's cells by their order (area, country, partner,
department, unit, year), so a number before them would push each cell one
column on. A header naming such a column before the table's own columns starts
the numbered part; from there each line of cells whose first cell is a row
number, or blank (a wrapped cell's next line, a row under a merged number),
loses that cell, until a header without the number column. A line of one cell
(a heading, a page number, a note) is left as it is. Reported once, for
information, with the header's line.
"""

from __future__ import annotations

import re

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.columns import DEPARTMENT, UNIT, column_of
from accord.importer.lines import (
    NUMBER_COLUMN,
    NUMBER_WORDS,
    is_column_header,
    shown_cells,
)
from accord.importer.options import ParseOptions

# A row's number: "12", "12.", "2-1" (the first row under number 2).
_ROW_NUMBER = re.compile(r"^\d{1,4}(?:[-.]\d{1,3})?\.?$")
# A line starting with a cell that may name the number column: only a text
# that has one is read line by line.
_MAYBE = re.compile(rf"^[ ]*{NUMBER_WORDS}[ ]*\t", re.I | re.M)


def without_row_numbers(text: str, options: ParseOptions) -> tuple[str, list[Anomaly]]:
    """The text with the department table's row numbers left out, and the
    report of it.

    >>> text = ("No.\\tArea\\tCountry / Region\\tPartner Institution\\tDepartment"
    ...         "\\tDepartment at TU\\tYear\\n1\\tAsia\\tChina (1)\\tFudan University"
    ...         "\\t\\tGS Law\\t2019/08/01")
    >>> without_row_numbers(text, ParseOptions("T", ("TU",)))[0].splitlines()[1]
    'Asia\\tChina (1)\\tFudan University\\t\\tGS Law\\t2019/08/01'
    """
    if not _MAYBE.search(text):
        return text, []
    lines = text.split("\n")
    numbered = False
    first_header: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) < 2:
            continue
        first = cells[0].strip()
        if NUMBER_COLUMN.match(first) and _department_header(cells[1:], options):
            numbered = True
            first_header = first_header or (index + 1, line)
        elif numbered and is_column_header(line, options):
            numbered = False  # another table's header, without numbers
            continue
        elif not numbered or (first and not _ROW_NUMBER.match(first)):
            continue
        lines[index] = "\t".join(cells[1:])
    if first_header is None:
        return text, []
    number, header = first_header
    report = Anomaly(
        A.ROW_NUMBERS,
        (number,),
        shown_cells(header),
        f"the {header.split(chr(9))[0].strip()!r} column of row numbers left out "
        "of the rows under this header",
        confidence="certain",
        severity="info",
    )
    return "\n".join(lines), [report]


def _department_header(cells: list[str], options: ParseOptions) -> bool:
    """The rest of a header names the department table's columns (a
    university-level table's number column is read with its rows)."""
    rest = "\t".join(cells)
    return is_column_header(rest, options) and any(
        column_of(cell, options) in (DEPARTMENT, UNIT) for cell in cells
    )
