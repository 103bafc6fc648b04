"""Draw an agreement list the way a university's office publishes it, for the
ruled-PDF reader's tests.

Independent of Accord's own publisher: ReportLab draws the original layout of
the list. A page header (title, as-of date) and a page number on every page;
the university-level part as a bulleted list under region and country
headings; the department-level part as one ruled table whose Area, Country /
Region and Partner Institution cells are merged over the rows they cover, with
the merged text vertically centred in its span, text wrapped inside its cell,
the column header repeated on every page, and the fee-waiver star before the
unit (`* GS Engineering`).

A `Style` says how to draw (page size, fonts, column widths, padding, ruling
drawn as rectangles or as lines, where a span cut by a page break prints its
text); its `seed` makes the random choices repeatable.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, letter, portrait
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold": "DejaVuSansMono-Bold.ttf",
}
PAGES = {"A4": A4, "Letter": letter}
HEADER = (
    "Area",
    "Country / Region",
    "Partner Institution",
    "Department",
    "Department at {home}",
    "Year",
)
SPANNED = (0, 1, 2)  # the columns whose cells are merged over their rows
SPLIT_TEXT = ("first", "last", "both")


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
    # its "last" part, on "both" (each part), or "random" (one of these for
    # the whole document, by the seed).
    split_text: str = "random"
    page_numbers: bool = True
    seed: int = 0

    @property
    def pagesize(self) -> tuple[float, float]:
        size = PAGES[self.page]
        return landscape(size) if self.orientation == "landscape" else portrait(size)

    @property
    def line_height(self) -> float:
        return self.size * self.leading


@dataclass(frozen=True)
class ListDocument:
    """What the list says: its records (export-schema dicts) and how it names
    countries (`headings` in the university-level list, `labels` in the table;
    by country code, default the record's country name)."""

    title: str
    as_of: datetime.date
    home: str
    home_short: str
    records: tuple[dict[str, Any], ...]
    headings: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def university(self) -> list[dict[str, Any]]:
        return grouped([r for r in self.records if r["level"] == "university"])

    @property
    def department(self) -> list[dict[str, Any]]:
        return grouped([r for r in self.records if r["level"] == "department"])


def register_fonts() -> None:
    for name, file in FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


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


def entry_date(value: str | None) -> str:
    if not value:
        return ""
    day = datetime.date.fromisoformat(value)
    return f" ({day.year}.{day.month}.{day.day})"


def table_date(value: str | None) -> str:
    return datetime.date.fromisoformat(value).strftime("%Y/%m/%d") if value else ""


def as_of_text(day: datetime.date) -> str:
    return f"(as of {day.strftime('%B')} {day.day}, {day.year})"


# The table ---------------------------------------------------------------


@dataclass
class Cell:
    column: int
    first: int  # row index where the cell starts (in the whole table)
    last: int  # row index where it ends (inclusive)
    text: str


def table_cells(doc: ListDocument) -> tuple[list[list[str]], list[Cell]]:
    """Every row's six texts, and the cells: spans in the merged columns."""
    rows = doc.department
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (r["country_code"], r["country_name"])
        counts[key] = counts.get(key, 0) + 1
    texts: list[list[str]] = []
    for r in rows:
        code = r["country_code"]
        label = doc.labels.get(code, r["country_name"])
        unit = r["home_unit"]
        if r["fee_waiver"]:
            unit = f"* {unit}".strip()
        texts.append(
            [
                r["region"],
                f"{label} ({counts[(code, r['country_name'])]})",
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


class Drawing:
    """One canvas and its cursor: pages with their header and number."""

    def __init__(self, path: Path, doc: ListDocument, style: Style) -> None:
        register_fonts()
        self.doc, self.style = doc, style
        self.canvas = Canvas(str(path), pagesize=style.pagesize, invariant=True)
        self.width, self.height = style.pagesize
        self.page = 0
        self.y = 0.0
        self.random = random.Random(style.seed)
        self.split_text = style.split_text
        if self.split_text == "random":
            self.split_text = self.random.choice(SPLIT_TEXT)
        self.start_page()

    @property
    def bottom(self) -> float:
        return self.style.margin + 2 * self.style.line_height

    def start_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        s = self.style
        c = self.canvas
        c.setFont(s.bold, s.size + 2)
        top = self.height - s.margin
        c.drawCentredString(self.width / 2, top, self.doc.title)
        c.setFont(s.font, s.size)
        c.drawRightString(
            self.width - s.margin, top - 1.6 * s.line_height, as_of_text(self.doc.as_of)
        )
        if s.page_numbers:
            c.drawCentredString(self.width / 2, s.margin / 2, f"- {self.page} -")
        self.y = top - 3.5 * s.line_height

    def text(self, text: str, *, bold: bool = False, indent: float = 0.0) -> None:
        s = self.style
        if self.y < self.bottom:
            self.start_page()
        self.canvas.setFont(s.bold if bold else s.font, s.size)
        self.canvas.drawString(s.margin + indent, self.y, text)
        self.y -= s.line_height

    def gap(self, lines: float = 0.6) -> None:
        self.y -= lines * self.style.line_height

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def draw_university(d: Drawing) -> None:
    doc = d.doc
    d.text("University Level Agreements", bold=True)
    d.gap()
    d.text(f"Total of {len(doc.university)} institutions")
    region = country = None
    for r in doc.university:
        if r["region"] != region:
            region, country = r["region"], None
            d.gap()
            d.text(f"({region})", bold=True)
        if r["country_code"] != country:
            country = r["country_code"]
            d.text(doc.headings.get(country, r["country_name"]), indent=6)
        star = "* " if r["fee_waiver"] else ""
        name = r["institution"]
        d.text(f"- {star}{name}{entry_date(r['concluded_on'])}", indent=12)
    d.gap()
    d.text(
        f"(* indicates institutions with which {doc.home_short} has mutually "
        "agreed to waive fees.)"
    )
    d.text(
        "(indicated in parentheses is the date on which the agreement was concluded.)"
    )


def draw_department(d: Drawing, drawn: Drawn) -> None:
    doc = d.doc
    d.start_page()
    d.text("Department Level Agreements", bold=True)
    d.gap()
    d.text(
        "* indicates institutions which agree upon a mutual application, "
        "matriculation and tuition waivers for students from the partner institution."
    )
    d.text(
        "\u2020 Where a partner institution's department has not been identified, "
        "the agreement has been concluded with the entire institution."
    )
    d.gap()
    countries = {
        r["country_code"] for r in doc.department if r["region"] != INTERNATIONAL
    }
    d.text(
        f"{len(countries)} countries and regions, {len(doc.department)} institutions"
    )
    d.gap()
    draw_table(d, drawn)


INTERNATIONAL = "International Organization"


@dataclass
class Drawn:
    """What a drawing holds, so a test can tell that its variant exercises what
    it is meant to: pages, spans cut by a page break (column, where their text
    went) and the most lines a cell's text wrapped onto."""

    path: Path
    pages: int = 0
    cuts: list[tuple[str, str]] = field(default_factory=list)
    most_lines: int = 0


def draw_table(d: Drawing, drawn: Drawn) -> None:
    s = d.style
    texts, cells = table_cells(d.doc)
    table_width = d.width - 2 * s.margin
    shares = sum(s.widths)
    widths = [table_width * w / shares for w in s.widths]
    xs = [s.margin]
    for w in widths:
        xs.append(xs[-1] + w)
    wrap = _wrapper(s, widths)
    header = [h.format(home=d.doc.home) for h in HEADER]
    header_lines = [wrap(text, i, bold=True) for i, text in enumerate(header)]
    header_height = _height(s, max(len(lines) for lines in header_lines))
    heights = _row_heights(s, texts, cells, wrap)
    page_rows = _fit_cut_spans(d, cells, heights, header_height, wrap)
    shown = _placements(d, cells, page_rows, heights, wrap)
    drawn.most_lines = max(len(wrap(c.text, c.column)) for c in cells)
    for number, rows in enumerate(page_rows):
        if number:
            d.start_page()
        top = d.y
        _draw_row_cells(
            d, xs, top, header_height, header_lines, bold=True, centred=True
        )
        y = top - header_height
        row_tops: dict[int, float] = {}
        for i in rows:
            row_tops[i] = y
            y -= heights[i]
        for k, cell in enumerate(cells):
            first, last = max(cell.first, rows[0]), min(cell.last, rows[-1])
            if first > last:
                continue
            lines = wrap(cell.text, cell.column) if (k, number) in shown else []
            cell_top = row_tops[first]
            height = cell_top - (row_tops[last] - heights[last])
            _cell(d, xs[cell.column], cell_top, widths[cell.column], height, lines)
        d.y = y
    for k, cell in enumerate(cells):
        parts = [n for n, rows in enumerate(page_rows) if _overlaps(cell, rows)]
        if len(parts) > 1:
            where = [n for n in parts if (k, n) in shown]
            placed = {parts[0]: "first", parts[-1]: "last"}.get(where[0], "middle")
            if len(where) > 1:
                placed = "both"
            drawn.cuts.append((header[cell.column], placed))


def _overlaps(cell: Cell, rows: list[int]) -> bool:
    return cell.first <= rows[-1] and cell.last >= rows[0]


def _part_height(cell: Cell, rows: list[int], heights: list[float]) -> float:
    return sum(heights[i] for i in rows if cell.first <= i <= cell.last)


def _fit_cut_spans(
    d: Drawing, cells: list[Cell], heights: list[float], header: float, wrap: Any
) -> list[list[int]]:
    """Pages of rows such that a span cut by a page break has a part tall enough
    for its text (its tallest part's last row grows until it is)."""
    for _ in range(20):
        pages = _paginate(d, heights, header)
        grown = False
        for cell in cells:
            parts = [rows for rows in pages if _overlaps(cell, rows)]
            if len(parts) < 2:
                continue
            need = _height(d.style, len(wrap(cell.text, cell.column)))
            tallest = max(parts, key=lambda rows: _part_height(cell, rows, heights))
            deficit = need - _part_height(cell, tallest, heights)
            if deficit > 0:
                heights[min(cell.last, tallest[-1])] += deficit
                grown = True
        if not grown:
            return pages
    raise AssertionError("the table cannot be laid out with these widths")


def _placements(
    d: Drawing,
    cells: list[Cell],
    pages: list[list[int]],
    heights: list[float],
    wrap: Any,
) -> set[tuple[int, int]]:
    """(cell, page) pairs where a cell prints its text: everywhere for a cell on
    one page; for a span cut by a page break, on its parts tall enough, as the
    style says (first, last, both) or its seeded dice."""
    shown: set[tuple[int, int]] = set()
    for k, cell in enumerate(cells):
        parts = [n for n, rows in enumerate(pages) if _overlaps(cell, rows)]
        if len(parts) == 1:
            shown.add((k, parts[0]))
            continue
        need = _height(d.style, len(wrap(cell.text, cell.column)))
        fits = [n for n in parts if _part_height(cell, pages[n], heights) >= need]
        where = d.split_text
        if where == "first":
            chosen = fits[:1]
        elif where == "last":
            chosen = fits[-1:]
        else:
            chosen = fits
        shown |= {(k, n) for n in chosen}
    return shown


def _wrapper(s: Style, widths: Sequence[float]) -> Any:
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


def _height(s: Style, lines: int) -> float:
    return max(lines, 1) * s.line_height + 2 * s.padding


def _row_heights(
    s: Style, texts: list[list[str]], cells: list[Cell], wrap: Any
) -> list[float]:
    """Each row as tall as its tallest one-row cell; a span whose text needs more
    than its rows makes its last row taller."""
    heights = [
        _height(
            s,
            max(len(wrap(c.text, c.column)) for c in cells if c.first == c.last == i),
        )
        for i in range(len(texts))
    ]
    for c in cells:
        if c.first == c.last:
            continue
        need = _height(s, len(wrap(c.text, c.column)))
        have = sum(heights[c.first : c.last + 1])
        if need > have:
            heights[c.last] += need - have
    return heights


def _paginate(d: Drawing, heights: list[float], header: float) -> list[list[int]]:
    """Rows per page; a row never splits, a span does."""
    pages: list[list[int]] = [[]]
    room = d.y - d.bottom - header
    for i, height in enumerate(heights):
        if height > room and pages[-1]:
            pages.append([])
            room = d.height - d.style.margin - 3.5 * d.style.line_height
            room -= d.bottom + header
        pages[-1].append(i)
        room -= height
    return pages


def _draw_row_cells(
    d: Drawing,
    xs: list[float],
    top: float,
    height: float,
    lines: list[list[str]],
    *,
    bold: bool = False,
    centred: bool = False,
) -> None:
    for column, cell_lines in enumerate(lines):
        width = xs[column + 1] - xs[column]
        _cell(d, xs[column], top, width, height, cell_lines, bold, centred)


def _cell(
    d: Drawing,
    x: float,
    top: float,
    width: float,
    height: float,
    lines: Iterable[str],
    bold: bool = False,
    centred: bool = False,
) -> None:
    """One cell: its ruling, then its lines centred vertically."""
    s = d.style
    c = d.canvas
    c.setLineWidth(0.5)
    borders = (
        (x, top, x + width, top),
        (x, top - height, x + width, top - height),
        (x, top, x, top - height),
        (x + width, top, x + width, top - height),
    )
    if s.ruling == "rects":
        c.rect(x, top - height, width, height, stroke=1, fill=0)
    elif s.ruling == "lines":
        for x0, y0, x1, y1 in borders:
            c.line(x0, y0, x1, y1)
    else:  # "filled": each border a thin filled rectangle, as office suites draw
        for x0, y0, x1, y1 in borders:
            c.rect(x0 - 0.25, y1 - 0.25, x1 - x0 + 0.5, y0 - y1 + 0.5, stroke=0, fill=1)
    lines = list(lines)
    c.setFont(s.bold if bold else s.font, s.size)
    block = len(lines) * s.line_height
    baseline = top - (height - block) / 2 - s.line_height + 0.25 * s.size
    for line in lines:
        if centred:
            c.drawCentredString(x + width / 2, baseline, line)
        else:
            c.drawString(x + s.padding, baseline, line)
        baseline -= s.line_height


def draw_list(doc: ListDocument, path: Path, style: Style = Style()) -> Drawn:
    """Write `doc` to `path` as a PDF in the original layout."""
    d = Drawing(path, doc, style)
    drawn = Drawn(path)
    draw_university(d)
    draw_department(d, drawn)
    d.save()
    drawn.pages = d.page
    return drawn


def document_of(
    records: Iterable[dict[str, Any]],
    as_of: datetime.date,
    headings: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
) -> ListDocument:
    """A Tohoku University list of these records."""
    return ListDocument(
        title="Academic Exchange Agreements with Foreign Institutions",
        as_of=as_of,
        home="Tohoku",
        home_short="TU",
        records=tuple(records),
        headings=dict(headings or {}),
        labels=dict(labels or {}),
    )
