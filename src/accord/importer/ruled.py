"""Ruled tables of a PDF -> table rows with every cell filled.

A university's office draws its department-level table with ruling lines, and
the table finder (pdfplumber's, lines strategy) gives the rectangle of every
cell. A merged cell (Area, Country / Region, Partner Institution over the rows
they cover) is one rectangle spanning several rows; a wrapped cell holds
several lines of text. Two stages, each a pure function of plain values:

    cells_to_grid(page, index, boxes, words) -> Grid    one table on one page
    grids_to_rows(grids) -> list[RuledRow]              tables across pages

`cells_to_grid` cuts the table into row and column bands at the edges of its
cells. Each word goes to the cell that holds its centre; a cell's lines are
joined with a space (without one after a hyphen inside a word: "Hamburg-" +
"Harburg"). A merged cell's text belongs to every row of its span.

`grids_to_rows` reads a table on a later page with as many columns as the one
before as its continuation, and drops its first row when it repeats the
column header. A span cut by a page break prints its text on one part, or on
each: in a column that has no other blank cell, a blank part at a page break
takes the text of the part across the break. Where a blank part fills a whole
page, it could continue the span above it or start the one below; the
document's habit with the spans it cuts unambiguously (text before the break,
or after it) decides. A row the page break itself cut in two (a word processor
lets rows break across pages) is joined back (`_join_cut_rows`).

`row_to_line` writes a row in the line form of Accord's own list: every cell,
tab-separated, under a column header naming every column (`columns.py` reads
it column by column); a date its narrow Year column broke inside is one again.

A table ruled between its rows only has no lines between its columns for the
table finder: `column_lines` finds them (where the rules' pieces end, or where
the words of every row leave a gap) and `accord.importer.pdf` hands them over.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from accord.core.names import wrap_joiner
from accord.importer.columns import year_index

# x0, top, x1, bottom in points, as pdfplumber gives them.
Box = tuple[float, float, float, float]

# Edges closer than this are one ruling line (a rectangle per cell draws each
# inner line twice, and rounding moves them apart by a fraction of a point).
SNAP_PT = 1.5
# A table needs this much to be one: a lone ruled box is not.
MIN_COLUMNS = 3
MIN_ROWS = 2
# A blank cell in the Year column is a date the list leaves unknown, written
# as Accord's own list writes it.
UNKNOWN_DATE = "unknown"
# A date a narrow Year column wrapped inside ("2014/04/2" over "7"): digits and
# separators in pieces that make one numeric date.
_DATE_PIECES = re.compile(r"[\d/.\-]+(?:\s+[\d/.\-]+)+")
_NUMERIC_DATE = re.compile(
    r"\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
)


@dataclass(frozen=True)
class Word:
    """A word of the page and its box."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True)
class GridCell:
    """The text one row shows in one column.

    `rows` is how many rows the cell's rectangle covers on its page (more than
    one for a merged cell); `origin` names the page whose part of a span cut
    by a page break printed the text, when it is not this one.
    """

    text: str = ""
    rows: int = 1
    first: bool = True
    origin: int = 0


@dataclass(frozen=True)
class Grid:
    """One ruled table on one page, as rows of cells."""

    page: int
    index: int
    top: float
    rows: tuple[tuple[GridCell, ...], ...]

    @property
    def columns(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True)
class RuledRow:
    """One table row with every cell filled; `line` is its line in the text."""

    page: int
    grid: int
    cells: tuple[GridCell, ...]
    header: bool = False
    line: int = 0
    # A row cut by a page break: the page that printed its rest, and the cells
    # of that rest, now joined to this row's.
    continued_on: int = 0
    rest: tuple[str, ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)

    def notes(self, names: Sequence[str] = ()) -> str:
        """Which cells were merged or continued across a page break.

        >>> RuledRow(3, 0, (GridCell("Asia", 9, False), GridCell("x"))).notes(["Area"])
        'Area: merged over 9 rows'
        """
        notes = []
        for i, cell in enumerate(self.cells):
            name = names[i] if i < len(names) and names[i] else f"column {i + 1}"
            note = [f"merged over {cell.rows} rows"] if cell.rows > 1 else []
            if cell.origin:
                note.append(f"text printed on page {cell.origin}")
            if note:
                notes.append(f"{name}: {', '.join(note)}")
        if self.continued_on:
            notes.append(f"cut by the page break: its rest on page {self.continued_on}")
        return "; ".join(notes)


def _bands(values: Iterable[float]) -> list[float]:
    """Distinct edge positions; those closer than SNAP_PT are one."""
    bands: list[float] = []
    for value in sorted(values):
        if not bands or value - bands[-1] > SNAP_PT:
            bands.append(value)
    return bands


def _nearest(bands: list[float], value: float) -> int:
    at = bisect.bisect_left(bands, value)
    if at == len(bands) or (at and value - bands[at - 1] < bands[at] - value):
        return at - 1
    return at


def _band_of(bands: list[float], value: float) -> int:
    """The band (between two edges) that holds `value`, or -1."""
    at = bisect.bisect_right(bands, value) - 1
    return at if 0 <= at < len(bands) - 1 else -1


def join_cell_lines(lines: Iterable[str]) -> str:
    """A wrapped cell's lines as one text.

    >>> join_cell_lines(["Technical University Hamburg-", "Harburg"])
    'Technical University Hamburg-Harburg'
    >>> join_cell_lines(["United Nations University -", "Institute"])
    'United Nations University - Institute'
    >>> join_cell_lines(["\u591a\u5143\u7269\u8cea\u79d1\u5b66\u7814", "\u7a76\u6240"])
    '\u591a\u5143\u7269\u8cea\u79d1\u5b66\u7814\u7a76\u6240'
    """
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -"):
            text += line
        else:
            text = f"{text}{wrap_joiner(text, line)}{line}" if text else line
    return text


def frame_lines(verticals: Sequence[Box]) -> list[Box]:
    """The horizontal lines that close each table's frame, top and bottom, as
    flat boxes (top == bottom): the table finder knows a cell only by its four
    rulings, and some producers leave the frame open where a page break cuts a
    merged cell (a browser draws no border under the part before the break).

    A table is a block of vertical rulings that touch one another from top to
    bottom; its frame runs at the block's top and bottom, across the rulings
    that reach them. Where the producer drew the line, this one merges with it.

    >>> frame_lines([(10, 0, 10, 50), (40, 0, 40, 50), (90, 20, 90, 50)])
    [(10, 0, 40, 0), (10, 50, 90, 50)]
    >>> frame_lines([(10, 0, 10, 50)])  # a lone line frames nothing
    []
    """
    blocks: list[list[Box]] = []
    reach = 0.0  # the lowest bottom of the block being gathered
    for box in sorted(verticals, key=lambda b: b[1]):
        if blocks and box[1] <= reach + SNAP_PT:
            blocks[-1].append(box)
            reach = max(reach, box[3])
        else:
            blocks.append([box])
            reach = box[3]
    lines: list[Box] = []
    for block in blocks:
        top = min(b[1] for b in block)
        bottom = max(b[3] for b in block)
        for y, reaching in (
            (top, [b for b in block if b[1] <= top + SNAP_PT]),
            (bottom, [b for b in block if b[3] >= bottom - SNAP_PT]),
        ):
            xs = _bands(x for b in reaching for x in (b[0], b[2]))
            if len(xs) >= 2:
                lines.append((xs[0], y, xs[-1], y))
    return lines


# Rules further apart than this are two tables (a row is never this tall).
MAX_ROW_PT = 150.0
# A gap between columns is at least this share of the text's height wide: a
# cell's padding on both sides, where a space between words is about a quarter.
COLUMN_GAP_SHARE = 0.45


def column_lines(
    rules: Sequence[Box], words: Sequence[Word]
) -> tuple[list[Box], list[Box]]:
    """The lines between the columns of tables ruled between their rows only,
    and those tables' rules with their ends on them, as flat boxes, for the
    table finder.

    A table is a run of horizontal rules each within `MAX_ROW_PT` of the one
    above, at least three (two rows); it spans from its leftmost to its
    rightmost rule. Its columns end where its rules do, when the producer drew
    them a cell at a time; else where its words leave a gap from top to bottom
    at least `COLUMN_GAP_SHARE` of their height wide: the padding that parts
    two cells, which the text of every row respects; a space between two words
    of one cell is narrower. A rule ends at a cell's border, somewhere in
    such a gap (under a merged cell it starts there): it is drawn to the gap's
    middle, the line found, so that the finder sees the two meet. The table's
    frame is closed at its first and last rule, across its width, where a
    page break cuts a merged cell that has no border there.

    >>> rules = [(0, y, 150, y) for y in (0, 10)] + [(40, 20, 150, 20)]
    >>> words = [Word(2, 2, 30, 8, "a"), Word(52, 2, 70, 8, "b"),
    ...          Word(2, 12, 20, 18, "c"), Word(60, 12, 95, 18, "d"),
    ...          Word(110, 2, 140, 8, "e")]
    >>> columns, ends = column_lines(rules, words)
    >>> [box[0] for box in columns], ends[2]
    ([0.0, 41.0, 102.5, 150.0], (41.0, 20, 150.0, 20))
    """
    runs: list[list[Box]] = []
    for rule in sorted(rules, key=lambda b: b[1]):
        if runs and rule[1] - runs[-1][-1][1] <= MAX_ROW_PT:
            runs[-1].append(rule)
        else:
            runs.append([rule])
    columns: list[Box] = []
    ends: list[Box] = []
    for run in runs:
        found, drawn = _columns_of(run, words)
        columns += found
        ends += drawn
    return columns, ends


def _columns_of(run: list[Box], words: Sequence[Word]) -> tuple[list[Box], list[Box]]:
    if len(run) < MIN_ROWS + 1:
        return [], []
    left, right = min(r[0] for r in run), max(r[2] for r in run)
    top, bottom = run[0][1], run[-1][1]
    inside = [
        w
        for w in words
        if left <= (w.x0 + w.x1) / 2 <= right
        and top <= (w.top + w.bottom) / 2 <= bottom
    ]
    if not inside:
        return [], []
    # A producer that borders each cell draws each rule in pieces, one a cell,
    # that end on the borders between the columns.
    borders = _bands(
        x for r in run for x in (r[0], r[2]) if left + SNAP_PT < x < right - SNAP_PT
    )
    gaps = [(x - SNAP_PT, x + SNAP_PT) for x in borders]
    if len(gaps) + 1 < MIN_COLUMNS:
        gaps = _word_gaps(inside, left)
    if len(gaps) + 1 < MIN_COLUMNS:
        return [], []
    xs = [float(left), *((a + b) / 2 for a, b in gaps), float(right)]

    def drawn_to(x: float) -> float:
        for (a, b), middle in zip(gaps, xs[1:-1], strict=True):
            if a - SNAP_PT <= x <= b + SNAP_PT:
                return middle
        return float(x)

    columns = [(x, top, x, bottom) for x in xs]
    ends = [(drawn_to(r[0]), r[1], drawn_to(r[2]), r[3]) for r in run]
    # The frame, closed where a page break cuts a merged cell with no border.
    frame = [
        (float(left), top, float(right), top),
        (float(left), bottom, float(right), bottom),
    ]
    return columns, ends + frame


def _word_gaps(words: Sequence[Word], left: float) -> list[tuple[float, float]]:
    """Where the words leave a gap from top to bottom, each at least
    `COLUMN_GAP_SHARE` of their median height wide."""
    heights = sorted(w.bottom - w.top for w in words)
    least = COLUMN_GAP_SHARE * heights[len(heights) // 2]
    gaps: list[tuple[float, float]] = []
    end = float(left)
    for word in sorted(words, key=lambda w: w.x0):
        if word.x0 - end >= least and end > left:
            gaps.append((end, word.x0))
        end = max(end, word.x1)
    return gaps


def _words_to_text(words: Sequence[Word]) -> str:
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = word.bottom - word.top
        if lines and abs(word.top - lines[-1][0].top) <= height / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return join_cell_lines(
        " ".join(w.text for w in sorted(line, key=lambda w: w.x0)) for line in lines
    )


class CellMap:
    """A table's row and column bands, cut at the edges of its cells, and which
    cell covers each (row, column) position."""

    def __init__(self, boxes: Sequence[Box]) -> None:
        self.xs = _bands(v for box in boxes for v in (box[0], box[2]))
        self.ys = _bands(v for box in boxes for v in (box[1], box[3]))
        self.owner: dict[tuple[int, int], int] = {}
        self.spans: list[tuple[int, int, int, int]] = []
        for number, (x0, top, x1, bottom) in enumerate(boxes):
            c0, c1 = _nearest(self.xs, x0), _nearest(self.xs, x1)
            r0, r1 = _nearest(self.ys, top), _nearest(self.ys, bottom)
            self.spans.append((r0, r1, c0, c1))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.owner.setdefault((r, c), number)

    def cell_at(self, x: float, y: float) -> int | None:
        """The cell (index of its box) that holds the point, if any."""
        return self.owner.get((_band_of(self.ys, y), _band_of(self.xs, x)))


def cells_to_grid(
    page: int, index: int, boxes: Sequence[Box], words: Sequence[Word]
) -> Grid:
    """One table: its cells' boxes and the words inside it -> rows of cells.

    The words should be read cell by cell: text centred in a merged cell sits
    between the lines of its neighbours, and read across the page its letters
    would interleave with theirs.

    >>> boxes = [(0, 0, 10, 20), (10, 0, 20, 10), (10, 10, 20, 20)]
    >>> words = [Word(2, 8, 8, 12, "A"), Word(12, 2, 18, 6, "b"),
    ...          Word(12, 12, 18, 16, "c")]
    >>> [[c.text for c in row] for row in cells_to_grid(1, 0, boxes, words).rows]
    [['A', 'b'], ['A', 'c']]
    """
    cells = CellMap(boxes)
    held: dict[int, list[Word]] = {}
    for word in words:
        number = cells.cell_at((word.x0 + word.x1) / 2, (word.top + word.bottom) / 2)
        if number is not None:
            held.setdefault(number, []).append(word)
    texts = {number: _words_to_text(found) for number, found in held.items()}
    rows = []
    for r in range(len(cells.ys) - 1):
        row = []
        for c in range(len(cells.xs) - 1):
            number = cells.owner.get((r, c))
            if number is None:
                row.append(GridCell())
                continue
            r0, r1, c0, _ = cells.spans[number]
            text = texts.get(number, "") if c == c0 else ""
            row.append(GridCell(text, r1 - r0, r == r0))
        rows.append(tuple(row))
    return Grid(page, index, cells.ys[0] if cells.ys else 0.0, tuple(rows))


def is_table(grid: Grid) -> bool:
    return grid.columns >= MIN_COLUMNS and len(grid.rows) >= MIN_ROWS


def grids_to_rows(grids: Sequence[Grid]) -> list[RuledRow]:
    """The rows of every table, a table continued across pages read as one.

    >>> def grid(page, *rows):
    ...     cells = tuple(tuple(GridCell(t) for t in row) for row in rows)
    ...     return Grid(page, page, 0, cells)
    >>> rows = grids_to_rows([grid(1, "ABC", "xyz"), grid(2, "ABC", "uvw")])
    >>> ["".join(r.texts) for r in rows]
    ['ABC', 'xyz', 'uvw']
    """
    runs: list[list[Grid]] = []
    for grid in grids:
        last = runs[-1][-1] if runs else None
        if last is not None and grid.page > last.page and grid.columns == last.columns:
            runs[-1].append(grid)
        else:
            runs.append([grid])
    rows: list[RuledRow] = []
    for run in runs:
        rows += _run_rows(run)
    return rows


def _run_rows(run: list[Grid]) -> list[RuledRow]:
    # A spreadsheet printed with its gridlines rules the text above the table
    # too (headings, totals): the column header is the first row naming a Year
    # column, and the rows above it are lines of text.
    g, at = next(
        (
            (g, i)
            for g, grid in enumerate(run)
            for i, row in enumerate(grid.rows)
            if _year_index(row) is not None
        ),
        (0, 0),
    )
    first = run[g]
    above = [
        RuledRow(grid.page, grid.index, row)
        for grid in run[: g + 1]
        for row in (grid.rows[:at] if grid is first else grid.rows)
        if any(cell.text for cell in row)
    ]
    header = first.rows[at]
    parts: list[list[RuledRow]] = []
    for grid in run[g:]:
        cells = list(grid.rows[at:] if grid is first else grid.rows)
        if _texts(cells[0]) == _texts(header):
            cells = cells[1:]  # the column header, first or repeated
        filled = [c for c in cells if any(cell.text for cell in c)]
        if filled:
            parts.append([RuledRow(grid.page, grid.index, c) for c in filled])
    columns = _spanned_columns(parts)
    # Where a span ends at a page break and a blank one fills the next page,
    # the blank part may continue it or start the next span, whose text is
    # printed further on. The document's own habit decides: where does it
    # print the text of the spans it cuts unambiguously?
    before, after = _habit(parts, columns)
    passes = (_continue_forward, _continue_backward)
    for fill in passes if before >= after else passes[::-1]:
        for column in columns:
            fill(parts, column)
    head = RuledRow(first.page, first.index, header, header=True)
    year = year_column(head)
    if year is not None:
        _join_cut_rows(parts, year)
    return [*above, head, *(row for part in parts for row in part)]


def _year_index(cells: Sequence[GridCell]) -> int | None:
    return year_index([cell.text for cell in cells])


def _join_cut_rows(parts: list[list[RuledRow]], year: int) -> None:
    """Join each row a page break cut in two (a word processor lets a row break
    across pages) back into one.

    The rest of a cut row opens the next page with a blank Year, every row's
    first line holding its date, and with text only in one-row cells below
    one-row cells of the row above that have text: the lines its cells wrapped
    onto (a merged cell goes on as a span across the break). Inside a block
    that goes on across the break (a merged cell of the rest is a part of one
    above), the cell above may be blank too: a browser moves a cell's text to
    the next page whole when not even its first line fits, and with cells
    centred vertically that may be the date itself, the part above then
    holding no date and the rest only cells the part above leaves blank. A row
    that opens a page with its date unknown looks the same when its cells fall
    in those columns; the reader reports each join (`row-cut-by-page-break`),
    and the list's totals tell a join too many.
    """
    for j in range(1, len(parts)):
        if not parts[j]:
            continue
        above, rest = parts[j - 1][-1], parts[j][0]
        dated_above = bool(above.cells[year].text)
        if dated_above == bool(rest.cells[year].text):
            continue
        own = [
            c
            for c, cell in enumerate(rest.cells)
            if cell.text and not _same_span(above.cells[c], cell)
        ]
        if not own and _moved_back(above, rest):
            # Its one-row cells' text already given to the row above (a
            # browser moved it to the next page whole): nothing of its own.
            parts[j - 1][-1] = replace(above, continued_on=rest.page, rest=rest.texts)
            del parts[j][0]
            continue
        inside = len(own) < sum(1 for cell in rest.cells if cell.text)
        if not own or any(
            not _continues(above.cells[c], rest.cells[c], inside) for c in own
        ):
            continue
        if not dated_above and any(above.cells[c].text for c in own):
            continue
        cells = list(above.cells)
        for c in own:
            text = join_cell_lines([above.cells[c].text, rest.cells[c].text])
            cells[c] = replace(above.cells[c], text=text)
        parts[j - 1][-1] = replace(
            above,
            cells=tuple(cells),
            continued_on=rest.page,
            rest=tuple(
                cell.text if c in own else "" for c, cell in enumerate(rest.cells)
            ),
        )
        del parts[j][0]


def _moved_back(above: RuledRow, rest: RuledRow) -> bool:
    """Whether a cell of the row above holds text the rest printed in a one-row
    cell of the same column, which the spans' filling gave it: the text of a
    cell a page break moved whole to the next page, not a merged cell's."""
    return any(
        cell.origin == rest.page and cell.rows == 1 and below.rows == 1
        for cell, below in zip(above.cells, rest.cells, strict=True)
    )


def _continues(above: GridCell, below: GridCell, inside_block: bool) -> bool:
    """Whether a cell opening a page can hold the wrapped rest of the cell above
    it: both are one row's cells, and the one above has text (or is blank,
    inside a block that goes on across the break). A merged cell opening the
    page, or one below a merged cell that the break ends, starts a block of
    its own (a new country, a new institution)."""
    return (bool(above.text) or inside_block) and above.rows == 1 and below.rows == 1


def _same_span(above: GridCell, below: GridCell) -> bool:
    """Whether two cells across a page break are parts of one merged cell."""
    return bool(below.origin or above.origin) or (
        below.text == above.text and (below.rows > 1 or above.rows > 1)
    )


def _texts(cells: Sequence[GridCell]) -> tuple[str, ...]:
    return tuple(cell.text for cell in cells)


def _top_span(part: list[RuledRow], column: int) -> range:
    """The rows of the cell at the top of a part (one merged cell's rows)."""
    end = 1
    while end < len(part) and not part[end].cells[column].first:
        end += 1
    return range(end)


def _bottom_span(part: list[RuledRow], column: int) -> range:
    start = len(part) - 1
    while start > 0 and not part[start].cells[column].first:
        start -= 1
    return range(start, len(part))


def _spanned_columns(parts: list[list[RuledRow]]) -> list[int]:
    """Columns of merged cells whose only blank cells touch a page break: there a
    blank cell is the part of a span whose text is printed across the break."""
    if len(parts) < 2:
        return []
    columns = []
    for column in range(len(parts[0][0].cells)):
        at_breaks: set[tuple[int, int]] = set()
        for j, part in enumerate(parts):
            if j:
                at_breaks |= {(j, i) for i in _top_span(part, column)}
            if j < len(parts) - 1:
                at_breaks |= {(j, i) for i in _bottom_span(part, column)}
        blanks = {
            (j, i)
            for j, part in enumerate(parts)
            for i, row in enumerate(part)
            if not row.cells[column].text
        }
        merged = any(row.cells[column].rows > 1 for part in parts for row in part)
        if blanks and blanks <= at_breaks and merged:
            columns.append(column)
    return columns


def _habit(parts: list[list[RuledRow]], columns: list[int]) -> tuple[int, int]:
    """How many spans cut by a page break print their text before the break,
    and how many after it, counting those that can be told: a blank part that
    ends (or starts) inside its page belongs to the span across the break."""
    before = after = 0
    for column in columns:
        for j in range(1, len(parts)):
            above, below = parts[j - 1], parts[j]
            top, bottom = _top_span(below, column), _bottom_span(above, column)
            printed_above = bool(above[-1].cells[column].text)
            printed_below = bool(below[0].cells[column].text)
            if printed_above and not printed_below and len(top) < len(below):
                before += 1
            if printed_below and not printed_above and bottom.start > 0:
                after += 1
    return before, after


def _fill(part: list[RuledRow], rows: range, column: int, text: str, page: int) -> None:
    for i in rows:
        row = part[i]
        cell = replace(row.cells[column], text=text, origin=page)
        cells = (*row.cells[:column], cell, *row.cells[column + 1 :])
        part[i] = replace(row, cells=cells)


def _continue_forward(parts: list[list[RuledRow]], column: int) -> None:
    for j in range(1, len(parts)):
        top, above = parts[j][0].cells[column], parts[j - 1][-1]
        source = above.cells[column]
        if not top.text and source.text:
            page = source.origin or above.page
            _fill(parts[j], _top_span(parts[j], column), column, source.text, page)


def _continue_backward(parts: list[list[RuledRow]], column: int) -> None:
    for j in range(len(parts) - 2, -1, -1):
        bottom, below = parts[j][-1].cells[column], parts[j + 1][0]
        source = below.cells[column]
        if not bottom.text and source.text:
            page = source.origin or below.page
            _fill(parts[j], _bottom_span(parts[j], column), column, source.text, page)


def row_to_line(row: RuledRow, year: int | None) -> str:
    """A row in the tab-separated line form; a blank Year cell is `unknown`.

    >>> row_to_line(RuledRow(1, 0, (GridCell("a"), GridCell(""))), year=1)
    'a\\tunknown'
    """
    texts = list(row.texts)
    if year is not None and not row.header and year < len(texts):
        texts[year] = _year_text(texts[year])
    return "\t".join(texts)


def _year_text(text: str) -> str:
    """A Year cell's text: blank is `unknown`; a date its column was too narrow
    for, wrapped inside a number, is one token again.

    >>> _year_text("2014/04/2 7"), _year_text("2014/04/27"), _year_text("1998 2001")
    ('2014/04/27', '2014/04/27', '1998 2001')
    """
    if not text:
        return UNKNOWN_DATE
    if _DATE_PIECES.fullmatch(text):
        whole = "".join(text.split())
        if _NUMERIC_DATE.fullmatch(whole):
            return whole
    return text


def year_column(header: RuledRow) -> int | None:
    """The column a header names Year, if any."""
    return _year_index(header.cells)
