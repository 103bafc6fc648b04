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
drawn as rectangles, lines or filled rectangles, where a span cut by a page
break prints its text); its `seed` makes the random choices repeatable. The
table's layout (groups, spans, wraps, heights, pages) is `ruled_layout.py`'s.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tests.importer.ruled_layout import (
    SPLIT_TEXT,
    Cell,
    Style,
    fit_cut_spans,
    grouped,
    height,
    overlaps,
    placements,
    row_heights,
    table_cells,
    wrapper,
)

DEFAULT = Style()
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold": "DejaVuSansMono-Bold.ttf",
}


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


def entry_date(value: str | None) -> str:
    if not value:
        return ""
    day = datetime.date.fromisoformat(value)
    return f" ({day.year}.{day.month}.{day.day})"


def as_of_text(day: datetime.date) -> str:
    return f"(as of {day.strftime('%B')} {day.day}, {day.year})"


def university_lines(doc: ListDocument) -> list[str]:
    """The title and the university-level part as lines of text, as a
    spreadsheet or a document holds them (one line a cell or a paragraph)."""
    lines = [doc.title, as_of_text(doc.as_of), ""]
    lines += [
        "University Level Agreements",
        f"Total of {len(doc.university)} institutions",
    ]
    region = country = None
    for r in doc.university:
        if r["region"] != region:
            region, country = r["region"], None
            lines.append(f"({region})")
        if r["country_code"] != country:
            country = r["country_code"]
            lines.append(doc.headings.get(country, r["country_name"]))
        star = "* " if r["fee_waiver"] else ""
        lines.append(f"- {star}{r['institution']}{entry_date(r['concluded_on'])}")
    lines.append(
        f"(* indicates institutions with which {doc.home_short} has mutually "
        "agreed to waive fees.)"
    )
    return lines


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

    @property
    def page_top(self) -> float:
        """Where a page's content starts, below its header."""
        return self.height - self.style.margin - 3.5 * self.style.line_height

    @property
    def page_room(self) -> float:
        return self.page_top - self.bottom

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
        self.y = self.page_top

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
    texts, cells = table_cells(d.doc.department, d.doc.labels, d.style.counts)
    table_width = d.width - 2 * s.margin
    shares = sum(s.widths)
    widths = [table_width * w / shares for w in s.widths]
    xs = [s.margin]
    for w in widths:
        xs.append(xs[-1] + w)
    wrap = wrapper(s, widths)
    header = [h.format(home=d.doc.home) for h in d.style.header]
    header_lines = [wrap(text, i, bold=True) for i, text in enumerate(header)]
    header_height = height(s, max(len(lines) for lines in header_lines))
    heights = row_heights(s, len(texts), cells, wrap)
    rooms = (d.y - d.bottom - header_height, d.page_room - header_height)
    page_rows = fit_cut_spans(s, cells, heights, rooms, wrap)
    shown = placements(s, cells, page_rows, heights, wrap, d.split_text)
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
            cell_top = row_tops[first]
            tall = cell_top - (row_tops[last] - heights[last])
            if d.split_text == "clipped" and (cell.first, cell.last) != (first, last):
                above = sum(heights[i] for i in range(cell.first, first))
                whole = sum(heights[i] for i in range(cell.first, cell.last + 1))
                lines = wrap(cell.text, cell.column)
                x, width = xs[cell.column], widths[cell.column]
                _cell(d, x, cell_top, width, tall, [])
                part, span = (cell_top, tall), (cell_top + above, whole)
                _clipped_text(d, (x, width), part, span, lines)
                continue
            lines = wrap(cell.text, cell.column) if (k, number) in shown else []
            _cell(d, xs[cell.column], cell_top, widths[cell.column], tall, lines)
        d.y = y
    drawn.cuts = _cuts(cells, page_rows, shown, header)


def _cuts(
    cells: list[Cell],
    pages: list[list[int]],
    shown: set[tuple[int, int]],
    header: list[str],
) -> list[tuple[str, str]]:
    """Each span cut by a page break: its column and where its text went."""
    cuts = []
    for k, cell in enumerate(cells):
        parts = [n for n, rows in enumerate(pages) if overlaps(cell, rows)]
        if len(parts) > 1:
            where = [n for n in parts if (k, n) in shown]
            placed = {parts[0]: "first", parts[-1]: "last"}.get(where[0], "middle")
            cuts.append((header[cell.column], "both" if len(where) > 1 else placed))
    return cuts


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
    _centred_lines(d, (x, width), (top, height), list(lines), bold, centred)


def _centred_lines(
    d: Drawing,
    column: tuple[float, float],
    span: tuple[float, float],
    lines: list[str],
    bold: bool = False,
    centred: bool = False,
) -> None:
    """Lines centred vertically in a span (top, height) of a column (x, width),
    each at the left or centred across."""
    (x, width), (top, height) = column, span
    s = d.style
    c = d.canvas
    c.setFont(s.bold if bold else s.font, s.size)
    block = len(lines) * s.line_height
    baseline = top - (height - block) / 2 - s.line_height + 0.25 * s.size
    for line in lines:
        if centred:
            c.drawCentredString(x + width / 2, baseline, line)
        else:
            c.drawString(x + s.padding, baseline, line)
        baseline -= s.line_height


def _clipped_text(
    d: Drawing,
    column: tuple[float, float],
    part: tuple[float, float],
    span: tuple[float, float],
    lines: list[str],
) -> None:
    """A cut span's text where the whole span centres it, clipped to the part of
    the cell on this page, as LibreOffice Calc prints a merged cell: on a page
    the text does not fall on, it is drawn in the margin, unseen."""
    (x, width), (part_top, part_height) = column, part
    c = d.canvas
    c.saveState()
    clip = c.beginPath()
    clip.rect(x, part_top - part_height, width, part_height)
    c.clipPath(clip, stroke=0, fill=0)
    _centred_lines(d, column, span, lines)
    c.restoreState()


def draw_list(doc: ListDocument, path: Path, style: Style = DEFAULT) -> Drawn:
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
