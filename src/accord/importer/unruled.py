"""An unruled table whose cells wrap, set top-aligned: its lines -> its rows.

A table drawn without rules (a Word table with its borders hidden, a web page
printed) in narrow columns wraps most cells over several lines, each cell's
text starting on its row's first line. Read line by line, a row's wrapped
lines look like dateless rows of their own, and the parser, made for the 2021
list (whose cells are centred on their row: wrapped text above and below the
date), gives them to the row below. Where the page shows the rows apart, the
cells are put together from where the words sit instead:

- the line pitch is the smallest step between two lines of the table; a larger
  step in a column (a row's padding) ends a cell there;
- a row starts where two columns or more start a cell together;
- the table is top-aligned when every cell starts where a row does, and no row
  holds two dates (rows set too close to tell apart). Only then
  are its cells joined, each of its lines' words to its column; a cell that
  runs on past the next row's start (a merged cell) belongs to its first row.
  A table whose cells start elsewhere (centred, as the 2021 list) is left as it
  is, line by line, and so is a table whose cells all hold one line.

The table must have its column header right above its first row, top-aligned
as its rows are (wrapped the same way, "Country /" over "Region", it becomes one
line too), and no cell may stand in a column the header leaves blank: the
columns are the page's, found from where the runs of text on all its lines
start, and only under such a header are they known to be the table's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from accord.core.names import join_wrapped
from accord.importer.cells import DATE_AT_END
from accord.importer.layout import Chunk, column_of

# A step between lines up to this many pitches is the next line of a cell.
_SAME_CELL = 1.15
# Tops within this many points are one (a cell starting on its row's line).
_SAME_TOP_PT = 1.5
# Cells that start together: a row's first line.
_ROW_CELLS = 2


@dataclass(frozen=True)
class PlacedLine:
    """A line of a page: where its top is, and its words (each at its left)."""

    top: float
    words: tuple[Chunk, ...]
    # How many runs of text the line holds apart (cells, as far as gaps tell).
    chunks: int = 1


def join_rows(
    lines: Sequence[PlacedLine], columns: Sequence[float], tolerance: float
) -> list[PlacedLine] | None:
    """The page's lines with a top-aligned table's wrapped lines joined into
    one line a row (each cell one chunk at its column's start); None when the
    page holds no such table.

    >>> w = lambda *words: tuple(Chunk(x, t) for x, t in words)
    >>> lines = [
    ...     PlacedLine(0, w((0, "Partner"), (40, "Unit"), (80, "Year")), 3),
    ...     PlacedLine(12, w((0, "University"), (40, "IMR"), (80, "2019/08/01")), 3),
    ...     PlacedLine(21, w((0, "of Graz"),)),
    ...     PlacedLine(33, w((0, "Keio"), (40, "IFS"), (80, "2018/03/15")), 3)]
    >>> for line in join_rows(lines, [0, 40, 80], 3):
    ...     print(" | ".join(c.text for c in line.words))
    Partner | Unit | Year
    University of Graz | IMR | 2019/08/01
    Keio | IFS | 2018/03/15
    """
    year = _year_column(lines, columns, tolerance)
    if year is None:
        return None
    dated = [
        i for i, line in enumerate(lines) if _dated_in(line, year, columns, tolerance)
    ]
    first, last = dated[0], dated[-1]
    pitch = _pitch(lines[first : last + 1], columns, tolerance)
    if pitch is None:
        return None
    # The first row may print its date below its first line (in the unit's
    # cell, as the 2021 list does), the last row its wrapped cells below it.
    while first > 0 and _next_line_of_a_cell(lines, first - 1, pitch):
        first -= 1
    end = last + 1
    while end < len(lines) and _next_line_of_a_cell(lines, end - 1, pitch):
        end += 1
    body = lines[first:end]
    cells = _cells(body, columns, tolerance, pitch)
    starts = _row_starts(cells)
    # A row's line is where its cells start, though set at a cell's pitch
    # below the row above (no padding between them).
    cells = _cells(body, columns, tolerance, pitch, starts)
    starts = _row_starts(cells)
    if not any(len(cell.lines) > 1 for cell in cells):
        return None  # no cell wraps: the lines are the rows already
    if any(not _starts_a_row(cell.top, starts) for cell in cells):
        return None  # cells start between rows: not top-aligned
    dates = [lines[i].top for i in dated]
    bounds = [*starts[1:], float("inf")]
    if any(
        sum(start - _SAME_TOP_PT <= d < bound - _SAME_TOP_PT for d in dates) > 1
        for start, bound in zip(starts, bounds, strict=True)
    ):
        return None  # two dates in one row: rows set too close to tell apart
    rows = [
        _line(
            top,
            [cell for cell in cells if abs(cell.top - top) <= _SAME_TOP_PT],
            columns,
        )
        for top in starts
    ]
    head = _header(lines, first, pitch, columns, tolerance)
    head_cells = _cells(head, columns, tolerance, pitch)
    named = {cell.column for cell in head_cells}
    if not head or any(cell.column not in named for cell in cells):
        # Without a header above it naming each column its cells stand in,
        # the columns are not the table's own (a page's text shares them).
        return None
    joined_head = _line(head[0].top, head_cells, columns)
    return [*lines[: first - len(head)], joined_head, *rows, *lines[end:]]


def _pitch(
    lines: Sequence[PlacedLine], columns: Sequence[float], tolerance: float
) -> float | None:
    """The smallest step from a line to the next one printing in the same
    column: a cell's line spacing (lines of two columns may be closer, a merged
    cell's text running beside a row's first line)."""
    last_top: dict[int, float] = {}
    steps: list[float] = []
    for line in lines:
        for column in _by_column(line, columns, tolerance):
            if column in last_top:
                steps.append(line.top - last_top[column])
            last_top[column] = line.top
    return min((step for step in steps if step > _SAME_TOP_PT), default=None)


@dataclass
class _Cell:
    column: int
    top: float
    lines: list[str]
    bottom: float

    @property
    def text(self) -> str:
        return reduce(join_wrapped, self.lines, "")


def _cells(
    lines: Sequence[PlacedLine],
    columns: Sequence[float],
    tolerance: float,
    pitch: float,
    row_starts: Sequence[float] = (),
) -> list[_Cell]:
    """Each column's text cut into cells where a step is wider than the pitch,
    and on the lines where rows start."""
    open_cells: dict[int, _Cell] = {}
    cells: list[_Cell] = []
    for line in lines:
        new_row = _starts_a_row(line.top, row_starts)
        for column, text in _by_column(line, columns, tolerance).items():
            cell = open_cells.get(column)
            goes_on = cell is not None and line.top - cell.bottom <= pitch * _SAME_CELL
            if cell is not None and goes_on and not new_row:
                cell.lines.append(text)
                cell.bottom = line.top
                continue
            cell = _Cell(column, line.top, [text], line.top)
            open_cells[column] = cell
            cells.append(cell)
    return cells


def _by_column(
    line: PlacedLine, columns: Sequence[float], tolerance: float
) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for word in line.words:
        out.setdefault(column_of(word.start, columns, tolerance), []).append(word.text)
    return {column: " ".join(words) for column, words in out.items()}


def _year_column(
    lines: Sequence[PlacedLine], columns: Sequence[float], tolerance: float
) -> int | None:
    """The column most of the lines' dates stand in (a cell's last word: the
    unit's cell may end with it), when two lines or more print one there."""
    found: dict[int, int] = {}
    for line in (line for line in lines if line.chunks > 1):
        for word in line.words:
            if DATE_AT_END.search(word.text):
                column = column_of(word.start, columns, tolerance)
                found[column] = found.get(column, 0) + 1
    if not found:
        return None
    column, count = max(found.items(), key=lambda item: item[1])
    return column if count >= 2 else None


def _dated_in(
    line: PlacedLine, year: int, columns: Sequence[float], tolerance: float
) -> bool:
    """Whether a line of two cells or more prints a date in the Year column (an
    entry of a bulleted list, one run of text, is no table row)."""
    return line.chunks > 1 and any(
        DATE_AT_END.search(word.text)
        and column_of(word.start, columns, tolerance) == year
        for word in line.words
    )


def _row_starts(cells: Sequence[_Cell]) -> list[float]:
    """Where two cells or more start together: a row's first line."""
    starts: list[float] = []
    for cell in sorted(cells, key=lambda cell: cell.top):
        together = sum(abs(other.top - cell.top) <= _SAME_TOP_PT for other in cells)
        if together >= _ROW_CELLS and not _starts_a_row(cell.top, starts):
            starts.append(cell.top)
    return starts


def _next_line_of_a_cell(lines: Sequence[PlacedLine], at: int, pitch: float) -> bool:
    return lines[at + 1].top - lines[at].top <= pitch * _SAME_CELL


def _starts_a_row(top: float, starts: Sequence[float]) -> bool:
    return any(abs(top - start) <= _SAME_TOP_PT for start in starts)


def _header(
    lines: Sequence[PlacedLine],
    first: int,
    pitch: float,
    columns: Sequence[float],
    tolerance: float,
) -> list[PlacedLine]:
    """The line of a column header right above the first row, a row's padding
    below it, with the lines it wraps over (at the pitch; top-aligned too, its
    first line names three columns or more); [] when there is none."""
    if first < 1 or lines[first].top - lines[first - 1].top <= pitch * _SAME_CELL:
        return []
    start = first - 1
    while start > 0 and lines[start].top - lines[start - 1].top <= pitch * _SAME_CELL:
        start -= 1
    head = list(lines[start:first])
    wide = len(_by_column(head[0], columns, tolerance)) >= _HEADER_COLUMNS
    return head if wide else []


# A column header names this many columns at least on its first line.
_HEADER_COLUMNS = 3


def _line(top: float, cells: Sequence[_Cell], columns: Sequence[float]) -> PlacedLine:
    ordered = sorted(cells, key=lambda cell: cell.column)
    return PlacedLine(top, tuple(Chunk(columns[c.column], c.text) for c in ordered))
