"""A spreadsheet in the list's own layout -> the line form.

The workbook an office prints its list from holds what the PDF only draws:
which cells are merged, where each row ends, what a date is. Read from the
file, nothing is inferred from positions. Two stages:

    read_sheets(data) -> list[Sheet]          the workbook as plain values (openpyxl)
    sheets_to_text(sheets) -> WorkbookText    the line form, a pure function

Each sheet that is shown, in the workbook's order: its rows above the table's
column header (the first row naming a Year column) are lines of text, their
cells tab-separated; the table, from that header down to its first empty row,
is read as a ruled PDF's table is (`ruled.grids_to_rows`: a merged cell's text
belongs to every row of its range, a blank Year cell is an unknown date); the
rows after it are lines again. A cell's lines are joined as a ruled cell's
are; a date cell is written `YYYY/MM/DD`.

Rows, columns and sheets the workbook hides are not printed, so they are not
read; each that holds text is reported (`hidden-cells`), since whether the
list meant to leave them out only its editor knows.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.lines import SECTION
from accord.importer.ruled import (
    Grid,
    GridCell,
    RuledRow,
    grids_to_rows,
    join_cell_lines,
    row_to_line,
    year_column,
)

# (first row, last row, first column, last column) of a merged range: positions
# in `Sheet.cells`, counted from 0, both ends included.
Range = tuple[int, int, int, int]


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its cells' text by row and column ("" for an empty cell),
    its merged ranges, and what it hides."""

    name: str
    cells: tuple[tuple[str, ...], ...]
    merged: tuple[Range, ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    hidden: bool = False
    # Formulas the workbook stores no value for, by (row, column): read blank.
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)
    # A document's own tables, as (first row, row after the last); without
    # them a table ends at its first empty row.
    tables: tuple[tuple[int, int], ...] | None = None
    # Where each row is, as its reader says it ("table 1, row 3"); by default
    # the sheet's name and the row's number.
    row_places: tuple[str, ...] = ()
    # Text a row holds but formats hidden (a document's), by row: not read.
    hidden_text: dict[int, str] = field(default_factory=dict)
    # Text a row prints struck through, by row: read, and reported.
    struck_text: dict[int, str] = field(default_factory=dict)

    def place(self, row: int) -> str:
        if row < 0:
            return f"sheet '{self.name}', its name"
        if row < len(self.row_places):
            return self.row_places[row]
        return f"sheet '{self.name}', row {row + 1}"


@dataclass(frozen=True)
class WorkbookText:
    """What a workbook reads as: the line form, its table rows (each with its
    line; `page` is the sheet's number), where each line comes from, and the
    anomalies of reading it."""

    text: str
    ruled: tuple[RuledRow, ...] = ()
    places: tuple[str, ...] = ()  # one per line: "sheet 'X', row N"
    anomalies: tuple[Anomaly, ...] = ()


def read_sheets(data: bytes) -> list[Sheet]:
    """Every worksheet of an XLSX workbook, as stored: a formula's value as the
    program that saved it calculated it."""
    from openpyxl import load_workbook

    # Not read-only: merged ranges and hidden rows are only read in full mode.
    book = load_workbook(io.BytesIO(data), data_only=True)
    # A program that writes formulas without calculating them stores no value:
    # the formulas say which cells those are.
    formulas = (
        load_workbook(io.BytesIO(data), data_only=False)
        if _has_formulas(data)
        else None
    )
    try:
        return [
            _sheet(sheet, formulas.worksheets[k] if formulas else None)
            for k, sheet in enumerate(book.worksheets)
        ]
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _number(value: float, number_format: str) -> str:
    """A number as two formats a list may use show it; any other as its value."""
    if number_format.endswith("%") and set(number_format[:-1]) <= set("0.#"):
        decimals = number_format.count("0") - 1 if "." in number_format else 0
        return f"{value * 100:.{max(decimals, 0)}f}%"
    if number_format and set(number_format) == {"0"} and float(value).is_integer():
        return f"{int(value):0{len(number_format)}d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            _FORMULA.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


# A cell's formula element, with or without a namespace prefix (<f>, <x:f ...>).
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _sheet(sheet: Any, formulas: Any | None) -> Sheet:
    # Up to the last cell holding a value: formatting or a merge across a whole
    # row (A1:XFD1) reaches column 16,384, and every cell up there is empty.
    held = [
        key
        for key, cell in getattr(sheet, "_cells", {}).items()
        if cell.value is not None
    ]
    height = max((r for r, _ in held), default=0)
    width = max((c for _, c in held), default=0)
    rows = list(sheet.iter_rows(min_row=1, max_row=height, max_col=width))
    values = [[cell.value for cell in row] for row in rows]
    cells = tuple(
        tuple(cell_text(cell.value, cell.number_format) for cell in row) for row in rows
    )
    struck: dict[int, str] = {}
    for row in rows:
        for cell in row:
            if cell.value is not None and cell.font is not None and cell.font.strike:
                text = cell_text(cell.value, cell.number_format)
                struck[cell.row - 1] = " ".join([struck.get(cell.row - 1, ""), text])
    uncalculated = {}
    if formulas is not None:
        for row in formulas.iter_rows(min_row=1, max_row=height, max_col=width):
            for cell in row:
                r, c = cell.row - 1, cell.column - 1
                # A formula calculated to "" stores "", one never calculated nothing.
                if cell.data_type == "f" and values[r][c] is None:
                    uncalculated[(r, c)] = str(cell.value)
    merged = tuple(
        (
            r.min_row - 1,
            min(r.max_row, height) - 1,
            r.min_col - 1,
            min(r.max_col, width) - 1,
        )
        for r in sheet.merged_cells.ranges
        if r.min_row <= height and r.min_col <= width
    )
    hidden_rows = frozenset(
        number - 1
        for number, dimension in sheet.row_dimensions.items()
        if dimension.hidden
    )
    hidden_columns: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min is not None:
            # One dimension may stand for a run of columns (min..max).
            hidden_columns.update(range(dimension.min - 1, (dimension.max or 0)))
    return Sheet(
        sheet.title,
        cells,
        merged,
        hidden_rows,
        frozenset(hidden_columns),
        sheet.sheet_state != "visible",
        uncalculated,
        struck_text={r: text.strip() for r, text in struck.items()},
    )


# A number format's quoted or escaped text ("年", \-) and its colour or
# condition in brackets: not the codes of its fields.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _shows_day(number_format: str) -> bool:
    """Whether a date cell's number format shows the day of the month (`d`,
    `dd`; `ddd` and `dddd` are the weekday's name); a format naming no date
    field (General, a built-in) shows the whole date.

    >>> [_shows_day(f) for f in ("mmm-yy", 'yyyy"年"m"月"', "d-mmm-yy", "General")]
    [False, False, True, True]
    """
    codes = _FORMAT_LITERALS.sub("", number_format).casefold()
    if not any(field in codes for field in ("y", "m", "d")):
        return True
    return bool(re.search(r"(?<!d)d{1,2}(?!d)", codes))


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell's value as the list prints it (a number as its format shows it:
    a percentage, digits padded with zeros).

    >>> cell_text(datetime.datetime(2014, 4, 27)), cell_text(2019.0), cell_text(None)
    ('2014/04/27', '2019', '')
    >>> cell_text("Faculty of\\nEngineering "), cell_text("Hamburg-\\nHarburg")
    ('Faculty of Engineering', 'Hamburg-Harburg')
    >>> cell_text(0.5, "0%"), cell_text(7, "000"), cell_text(7.0, "General")
    ('50%', '007', '7')
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        if not _shows_day(number_format):
            # "Apr-19", "2016/05": the list shows the month, not the day the
            # cell happens to hold (the 1st, as the month was typed).
            return f"{value.year}/{value.month:02}"
        return f"{value.year}/{value.month:02}/{value.day:02}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value, number_format)
    # Excel escapes a control character in a string as _xHHHH_ (a carriage
    # return pasted in: _x000D_), and openpyxl leaves it so.
    text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), str(value))
    lines = [line.strip() for line in text.splitlines()]
    return join_cell_lines(line for line in lines if line)


def sheets_to_text(sheets: Sequence[Sheet]) -> WorkbookText:
    """The line form of the sheets, in their order.

    >>> sheet = Sheet("Department Level", (
    ...     ("Department Level Agreements", "", ""),
    ...     ("Country / Region", "Partner Institution", "Year"),
    ...     ("Korea (2)", "Seoul National University", "2001/01/05"),
    ...     ("", "KAIST", ""),
    ... ), merged=((2, 3, 0, 0),))
    >>> print(sheets_to_text([sheet]).text.replace("\\t", " | "))
    Department Level Agreements
    Country / Region | Partner Institution | Year
    Korea (2) | Seoul National University | 2001/01/05
    Korea (2) | KAIST | unknown
    """
    lines: list[str] = []
    origins: list[tuple[int, int]] = []  # (sheet, row) of each line
    ruled: list[RuledRow] = []
    hidden: list[tuple[str, str, int, int]] = []  # what, its text, sheet, row
    uncalculated: list[tuple[str, str, int, int]] = []
    unseen: list[tuple[str, str, int, int]] = []  # text formatted hidden
    struck: list[tuple[str, str, int, int]] = []  # text printed struck through
    for number, sheet in enumerate(sheets, start=1):
        if sheet.hidden:
            if any(any(row) for row in sheet.cells):
                hidden.append((f"sheet '{sheet.name}'", "", number, 0))
            continue
        shown = [c for c in range(_width(sheet)) if c not in sheet.hidden_columns]
        rows = [r for r in range(len(sheet.cells)) if r not in sheet.hidden_rows]
        tables = _tables(sheet, rows, shown)
        starts = {table[0]: table for table in tables}
        in_table = {r for table in tables for r in table}

        def add(text: str, row: int, number: int = number) -> None:
            lines.append(text)
            origins.append((number, row))

        if _named_for_its_part(sheet, rows):
            # A workbook with a sheet per part ("University Level", "部局間協定")
            # whose rows print no heading: the sheet's name is the heading.
            add(sheet.name.strip(), -1)
        for r in rows:
            if r not in in_table:
                add(_line(sheet.cells[r], shown), r)
                continue
            if r not in starts:
                continue  # read with its table
            table = starts[r]
            grid = Grid(number, r, 0.0, _grid_rows(sheet, table, shown))
            # The ruled reader keeps each row's cells: they say which row it is.
            row_of = {id(cells): r for r, cells in zip(table, grid.rows, strict=True)}
            table_rows = grids_to_rows([grid])
            year = year_column(table_rows[0])
            for row in table_rows:
                add(row_to_line(row, year), row_of.get(id(row.cells), table[0]))
                ruled.append(replace(row, line=len(lines)))
        for r in sorted(sheet.hidden_rows):
            if r < len(sheet.cells) and any(sheet.cells[r]):
                hidden.append((sheet.place(r), _line(sheet.cells[r], shown), number, r))
        for (r, c), formula in sorted(sheet.uncalculated.items()):
            if r not in sheet.hidden_rows and c not in sheet.hidden_columns:
                where = f"sheet '{sheet.name}', cell {_column_name(c)}{r + 1}"
                uncalculated.append((where, formula, number, r))
        for r, text in sorted(sheet.hidden_text.items()):
            if r not in sheet.hidden_rows:
                unseen.append((sheet.place(r), text, number, r))
        for r, text in sorted(sheet.struck_text.items()):
            if r not in sheet.hidden_rows:
                struck.append((sheet.place(r), text, number, r))
        for c in sorted(sheet.hidden_columns):
            texts = [row[c] for row in sheet.cells if c < len(row) and row[c]]
            if texts:
                what = f"sheet '{sheet.name}', column {_column_name(c)}"
                hidden.append((what, " | ".join(texts[:3]), number, 0))
    while lines and not lines[-1]:  # a sheet's empty rows after its last text
        lines.pop()
        origins.pop()
    places = tuple(sheets[n - 1].place(r) for n, r in origins)
    reported = (
        tuple(
            _hidden(what, text, _line_at(origins, number, row))
            for what, text, number, row in hidden
        )
        + tuple(
            _no_value(where, formula, _line_at(origins, number, row))
            for where, formula, number, row in uncalculated
        )
        + tuple(
            _hidden(where, text, _line_at(origins, number, row), code=A.HIDDEN_TEXT)
            for where, text, number, row in unseen
        )
        + tuple(
            A.struck_through(where, text, _line_at(origins, number, row))
            for where, text, number, row in struck
        )
    )
    return WorkbookText("\n".join(lines), tuple(ruled), places, reported)


def _named_for_its_part(sheet: Sheet, rows: list[int]) -> bool:
    """Whether a sheet's name names a part of the list (`SECTION`) that none of
    its shown rows heads."""
    if not SECTION.match(" ".join(sheet.name.split())):
        return False
    texts = (" ".join(" ".join(sheet.cells[r]).split()) for r in rows)
    return not any(SECTION.match(text) for text in texts)


def _line_at(origins: list[tuple[int, int]], sheet: int, row: int) -> int:
    """The line of the first row read at or below a sheet's row (else the last
    line read before it): where a report about that row is shown."""
    for line, origin in enumerate(origins, start=1):
        if origin >= (sheet, row):
            return line
    return len(origins)


def _width(sheet: Sheet) -> int:
    return max((len(row) for row in sheet.cells), default=0)


def _tables(sheet: Sheet, rows: list[int], shown: list[int]) -> list[list[int]]:
    """The shown rows of each table, from its column header (a row naming a
    Year column) down: to the end of a table the document marks
    (`Sheet.tables`), else to its last row with cells in two columns (or under
    a merged range) before the next table's header."""

    def names_year(r: int) -> bool:
        return year_column(RuledRow(0, 0, _cells(sheet.cells[r], shown))) is not None

    if sheet.tables is not None:
        found = []
        for first, end in sheet.tables:
            inside = [r for r in rows if first <= r < end]
            header = next((i for i, r in enumerate(inside) if names_year(r)), None)
            if header is not None:
                found.append(inside[header:])
        return found
    # Each table from its header; a header repeating the table's own is no new
    # table, another one is (a sheet holding both parts of a list, each a table).
    starts: list[int] = []
    for i, r in enumerate(rows):
        if names_year(r) and (
            not starts or sheet.cells[r] != sheet.cells[rows[starts[-1]]]
        ):
            starts.append(i)
    covered = {
        r for r0, r1, _, _ in sheet.merged for r in range(r0 + 1, r1 + 1)
    }  # rows a merged range continues into from above

    def in_table(r: int) -> bool:
        filled = sum(1 for c in shown if c < len(sheet.cells[r]) and sheet.cells[r][c])
        return filled >= 2 or r in covered

    # Down to the last row that is the table's (cells in two columns, or a
    # merged range going on) before the next table's header: an empty row
    # between two areas is inside it, a note under it is not.
    tables = []
    for k, header in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        last = max((i for i in range(header, end) if in_table(rows[i])), default=header)
        tables.append(rows[header : last + 1])
    return tables


def _grid_rows(
    sheet: Sheet, table: list[int], shown: list[int]
) -> tuple[tuple[GridCell, ...], ...]:
    """The table's rows as a ruled table's cells: a merged range's text in
    every row it spans (in its first shown column), counted over its shown
    rows."""
    owner: dict[tuple[int, int], Range] = {}
    width, rows = _width(sheet), set(table)
    for merged in sheet.merged:
        r0, r1, c0, c1 = merged
        for r in range(r0, r1 + 1):
            if r in rows:
                for c in range(c0, min(c1, width - 1) + 1):
                    owner[(r, c)] = merged
    # Per merged range: its shown rows in the table, and its first shown column
    # (the one that shows its text), worked out once.
    at = set(table)
    spans: dict[Range, tuple[list[int], int | None]] = {}
    for r0, r1, c0, c1 in set(owner.values()):
        first = next((c for c in shown if c0 <= c <= c1), None)
        spans[(r0, r1, c0, c1)] = ([x for x in range(r0, r1 + 1) if x in at], first)
    out = []
    for r in table:
        row = []
        for c in shown:
            span = owner.get((r, c))
            if span is None:
                row.append(GridCell(_text(sheet, r, c)))
                continue
            spanned, first = spans[span]
            text = _text(sheet, span[0], span[2]) if c == first else ""
            row.append(GridCell(text, len(spanned), r == spanned[0]))
        out.append(tuple(row))
    return tuple(out)


def _text(sheet: Sheet, r: int, c: int) -> str:
    row = sheet.cells[r] if r < len(sheet.cells) else ()
    return row[c] if c < len(row) else ""


def _cells(row: Sequence[str], shown: Iterable[int]) -> tuple[GridCell, ...]:
    return tuple(GridCell(row[c] if c < len(row) else "") for c in shown)


def _line(row: Sequence[str], shown: Sequence[int]) -> str:
    """A row outside the table: its shown cells up to the last with text."""
    texts = [row[c] if c < len(row) else "" for c in shown]
    while texts and not texts[-1]:
        texts.pop()
    return "\t".join(texts)


def _column_name(c: int) -> str:
    """`A` for the first column, `AA` for the 27th."""
    name = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _hidden(what: str, text: str, line: int, code: str = A.HIDDEN_CELLS) -> Anomaly:
    return Anomaly(
        code,
        lines=(line,) if line else (),
        seen=f"{what}: {text}" if text else what,
        decided="not read: the file hides it, so the printed list does not show "
        "it; show it and import again to read it",
        confidence="certain",
        severity="warning",
    )


def _no_value(where: str, formula: str, line: int) -> Anomaly:
    return Anomaly(
        A.UNCALCULATED_FORMULA,
        lines=(line,) if line else (),
        seen=f"{where}: {formula}",
        decided="read as blank: the workbook stores no value for it (the program "
        "that saved it did not calculate it); open and save it in a spreadsheet "
        "program, then import again",
        confidence="certain",
        severity="warning",
    )
