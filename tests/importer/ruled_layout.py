"""How the ruled table of a list is laid out, before it is drawn: rows grouped
by region, country and partner; cells merged over the rows of their group;
text wrapped to its column; row heights; rows to pages; and where a span cut by
a page break prints its text."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, letter, portrait
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics

PAGES = {"A4": A4, "Letter": letter}
SPANNED = (0, 1, 2)  # the columns whose cells are merged over their rows
SPLIT_TEXT = ("first", "last", "both")
Wrap = Any  # (text, column, bold=False) -> lines


# The department table's column header, "{home}" the home university's name.
HEADER = (
    "Area",
    "Country / Region",
    "Partner Institution",
    "Department",
    "Department at {home}",
    "Year",
)


@dataclass(frozen=True)
class Style:
    """How a list is drawn. `widths` are shares of the table's width."""

    page: str = "A4"
    orientation: str = "landscape"
    font: str = "DejaVuSans"
    bold: str = "DejaVuSans-Bold"
    size: float = 7.0
    leading: float = 1.25
    widths: tuple[float, ...] = (0.1, 0.12, 0.22, 0.28, 0.17, 0.11)
    margin: float = 36.0
    padding: float = 3.0
    # "rects": a rectangle per cell; "lines": its borders as lines; "filled":
    # its borders as thin filled rectangles.
    ruling: str = "rects"
    # Where a span cut by a page break prints its text: on its "first" part,
    # its "last" part, on "both" (each part), "random" (one of these for the
    # whole document, by the seed), or "clipped": on each part where the whole
    # span centres it, clipped to the part (seen on one part at most).
    split_text: str = "random"
    page_numbers: bool = True
    seed: int = 0
    # The department table's column header.
    header: tuple[str, ...] = HEADER
    # Each country's cell with its number of rows, `China (79)`, or its name alone.
    counts: bool = True

    @property
    def pagesize(self) -> tuple[float, float]:
        size = PAGES[self.page]
        return landscape(size) if self.orientation == "landscape" else portrait(size)

    @property
    def line_height(self) -> float:
        return self.size * self.leading


def grouped(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as a table prints them: by region, country and institution, each in
    the order of its first appearance."""
    first: dict[tuple[str, ...], int] = {}
    for i, r in enumerate(records):
        for key in _group_keys(r):
            first.setdefault(key, i)
    return sorted(records, key=lambda r: tuple(first[k] for k in _group_keys(r)))


def _group_keys(record: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    region = (record["region"],)
    country = (*region, record["country_code"], record["country_name"])
    return region, country, (*country, partner_text(record))


def partner_text(record: dict[str, Any]) -> str:
    """Joint partners are printed `X / Y`."""
    return " / ".join([record["institution"], *record.get("co_partners", ())])


def table_date(value: str | None) -> str:
    return datetime.date.fromisoformat(value).strftime("%Y/%m/%d") if value else ""


@dataclass
class Cell:
    """A cell of the table: its column, its first and last row (in the whole
    table; more than one for a merged cell) and its text."""

    column: int
    first: int
    last: int
    text: str


def table_cells(
    rows: Sequence[dict[str, Any]], labels: dict[str, str], counts: bool = True
) -> tuple[list[list[str]], list[Cell]]:
    """Every row's six texts, and the cells: spans in the merged columns. With
    `counts`, a country's cell ends with its number of rows: `China (79)`."""
    rows_of: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (r["country_code"], r["country_name"])
        rows_of[key] = rows_of.get(key, 0) + 1
    texts: list[list[str]] = []
    for r in rows:
        code = r["country_code"]
        label = labels.get(code, r["country_name"])
        unit = r["home_unit"]
        if r["fee_waiver"]:
            unit = f"* {unit}".strip()
        texts.append(
            [
                r["region"],
                f"{label} ({rows_of[(code, r['country_name'])]})" if counts else label,
                partner_text(r),
                r["partner_department"],
                unit,
                table_date(r["concluded_on"]),
            ]
        )
    cells: list[Cell] = []
    keys = [_group_keys(r) for r in rows]
    for column in range(6):
        for i, row in enumerate(texts):
            spans = column in SPANNED
            if spans and i and keys[i][column] == keys[i - 1][column]:
                cells[-1].last = i
            else:
                cells.append(Cell(column, i, i, row[column]))
    cells.sort(key=lambda c: (c.column, c.first))
    return texts, cells


def wrapper(s: Style, widths: Sequence[float]) -> Wrap:
    """A cell's text as the lines it wraps onto in its column."""

    def wrap(text: str, column: int, bold: bool = False) -> list[str]:
        if not text:
            return []
        font = s.bold if bold else s.font
        room = widths[column] - 2 * s.padding
        lines = simpleSplit(text, font, s.size, room)
        for line in lines:
            # A word wider than its column would run into the next cell.
            if pdfmetrics.stringWidth(line, font, s.size) > room + 0.01:
                raise ValueError(f"{line!r} is wider than column {column}")
        return lines

    return wrap


def height(s: Style, lines: int) -> float:
    return max(lines, 1) * s.line_height + 2 * s.padding


def row_heights(s: Style, rows: int, cells: list[Cell], wrap: Wrap) -> list[float]:
    """Each row as tall as its tallest one-row cell; a span whose text needs more
    than its rows makes its last row taller."""
    heights = [
        height(
            s,
            max(len(wrap(c.text, c.column)) for c in cells if c.first == c.last == i),
        )
        for i in range(rows)
    ]
    for c in cells:
        if c.first == c.last:
            continue
        need = height(s, len(wrap(c.text, c.column)))
        have = sum(heights[c.first : c.last + 1])
        if need > have:
            heights[c.last] += need - have
    return heights


def paginate(heights: list[float], first: float, room: float) -> list[list[int]]:
    """Rows per page, `first` points tall on the first page and `room` on the
    others; a row never splits, a span does."""
    pages: list[list[int]] = [[]]
    left = first
    for i, tall in enumerate(heights):
        if tall > left and pages[-1]:
            pages.append([])
            left = room
        pages[-1].append(i)
        left -= tall
    return pages


def overlaps(cell: Cell, rows: list[int]) -> bool:
    return cell.first <= rows[-1] and cell.last >= rows[0]


def part_height(cell: Cell, rows: list[int], heights: list[float]) -> float:
    return sum(heights[i] for i in rows if cell.first <= i <= cell.last)


def fit_cut_spans(
    s: Style,
    cells: list[Cell],
    heights: list[float],
    rooms: tuple[float, float],
    wrap: Wrap,
) -> list[list[int]]:
    """Pages of rows such that a span cut by a page break has a part tall enough
    for its text (its tallest part's last row grows until it is)."""
    for _ in range(20):
        pages = paginate(heights, *rooms)
        grown = False
        for cell in cells:
            parts = [rows for rows in pages if overlaps(cell, rows)]
            if len(parts) < 2:
                continue
            need = height(s, len(wrap(cell.text, cell.column)))
            tallest = max(parts, key=lambda rows: part_height(cell, rows, heights))
            deficit = need - part_height(cell, tallest, heights)
            if deficit > 0:
                heights[min(cell.last, tallest[-1])] += deficit
                grown = True
        if not grown:
            return pages
    raise AssertionError("the table cannot be laid out with these widths")


def placements(
    s: Style,
    cells: list[Cell],
    pages: list[list[int]],
    heights: list[float],
    wrap: Wrap,
    where: str,
) -> set[tuple[int, int]]:
    """(cell, page) pairs where a cell prints its text: everywhere for a cell on
    one page; for a span cut by a page break, on its parts tall enough for it,
    the `first`, the `last` or `both` (each)."""
    shown: set[tuple[int, int]] = set()
    for k, cell in enumerate(cells):
        parts = [n for n, rows in enumerate(pages) if overlaps(cell, rows)]
        if len(parts) == 1:
            shown.add((k, parts[0]))
            continue
        need = height(s, len(wrap(cell.text, cell.column)))
        fits = [n for n in parts if part_height(cell, pages[n], heights) >= need]
        if where == "first":
            chosen = fits[:1]
        elif where == "last":
            chosen = fits[-1:]
        else:
            chosen = fits
        shown |= {(k, n) for n in chosen}
    return shown
