"""A PDF list -> the tab-separated line form.

A ruled table (the department-level table as a university's office draws it)
is read from its ruling lines (`accord.importer.ruled`): each row with every
cell, merged cells copied to the rows they span, wrapped text joined, under one
column header. Text outside ruled tables, and every page of a PDF without them,
is read from its words and their positions: pdfplumber gives each word with its
box; words whose tops agree are one line; within a line, a horizontal gap wider
than `COLUMN_GAP_EM` times the text height separates two cells (a space between
words is about a quarter of that). Cells then go to columns shared across the
document (see `accord.importer.layout`).

A line repeated at the top or bottom of most pages is a page header or footer:
a running title is kept where it first appears, page numbers are dropped.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.layout import Chunk, chunks_to_line, column_starts
from accord.importer.ruled import (
    Box,
    CellMap,
    Grid,
    RuledRow,
    Word,
    cells_to_grid,
    frame_lines,
    grids_to_rows,
    is_table,
    row_to_line,
    year_column,
)

COLUMN_GAP_EM = 0.8
LINE_TOLERANCE_PT = 2.0
COLUMN_TOLERANCE_PT = 3.0
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# The lines at each end of a page where running headers and footers sit.
MARGIN_LINES = 2
_DIGITS = re.compile(r"\d+")
# The date and time a browser prints at the head of each page ("12/6/26, 3:50 AM",
# "2026-12-06 03:50"), before the page's title.
_PRINTED_AT = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp]\.?[Mm]\.?)?$"
)


@dataclass(frozen=True)
class TextLine:
    """A line of words outside any ruled table, with where it sits."""

    top: float
    chunks: tuple[Chunk, ...]

    @property
    def text(self) -> str:
        return " ".join(chunk.text for chunk in self.chunks)


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[TextLine, ...]
    grids: tuple[Grid, ...] = ()


@dataclass(frozen=True)
class PdfText:
    """What a PDF reads as: the line form, the ruled rows it holds (each with
    its line) and the running headers and footers dropped."""

    text: str
    ruled: tuple[RuledRow, ...] = ()
    dropped: tuple[str, ...] = field(default=())
    anomalies: tuple[Anomaly, ...] = ()


def _words_to_lines(words: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    line: list[dict[str, Any]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), w["x0"])):
        if line and abs(float(word["top"]) - float(line[0]["top"])) > LINE_TOLERANCE_PT:
            yield sorted(line, key=lambda w: float(w["x0"]))
            line = []
        line.append(word)
    if line:
        yield sorted(line, key=lambda w: float(w["x0"]))


def _line_to_chunks(words: Sequence[dict[str, Any]]) -> list[Chunk]:
    chunks: list[Chunk] = []
    parts: list[str] = []
    start = end = 0.0
    for word in words:
        height = float(word["bottom"]) - float(word["top"])
        if parts and float(word["x0"]) - end > COLUMN_GAP_EM * height:
            chunks.append(Chunk(start, " ".join(parts)))
            parts = []
        if not parts:
            start = float(word["x0"])
        parts.append(str(word["text"]))
        end = float(word["x1"])
    if parts:
        chunks.append(Chunk(start, " ".join(parts)))
    return chunks


def _centre(obj: dict[str, Any]) -> tuple[float, float]:
    return (
        (float(obj["x0"]) + float(obj["x1"])) / 2,
        (float(obj["top"]) + float(obj["bottom"])) / 2,
    )


def _inside(obj: dict[str, Any], bbox: Sequence[float]) -> bool:
    x, y = _centre(obj)
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _cell_words(chars: Sequence[dict[str, Any]], boxes: Sequence[Box]) -> list[Word]:
    """The words of a table, read cell by cell (see `cells_to_grid`)."""
    from pdfplumber.utils import extract_words

    cells = CellMap(boxes)
    held: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        number = cells.cell_at(*_centre(char))
        if number is not None:
            held.setdefault(number, []).append(char)
    return [
        Word(
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
            w["text"],
        )
        for found in held.values()
        for w in extract_words(found)
    ]


def _ruled_settings(page: Any) -> dict[str, Any]:
    """The table finder's settings for a page: ruling lines, and each table's
    frame closed where the page's producer left it open (`frame_lines`)."""
    verticals = [
        (float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
        for e in page.edges
        if e["orientation"] == "v"
    ]
    closing = [
        {
            "object_type": "frame_edge",
            "orientation": "h",
            "x0": x0,
            "x1": x1,
            "top": y,
            "bottom": y,
            "width": x1 - x0,
            "height": 0.0,
        }
        for x0, y, x1, _ in frame_lines(verticals)
    ]
    return {**RULED, "explicit_horizontal_lines": closing}


def _read_page(page: Any, number: int, first_index: int) -> Page:
    from pdfplumber.utils import extract_words

    chars = list(page.chars)
    grids: list[Grid] = []
    for table in page.find_tables(table_settings=_ruled_settings(page)):
        bbox = table.bbox  # computed anew on each access
        inside = [c for c in chars if _inside(c, bbox)]
        words = _cell_words(inside, table.cells)
        grid = cells_to_grid(number, first_index + len(grids), table.cells, words)
        if is_table(grid):
            grids.append(grid)
            chars = [c for c in chars if not _inside(c, bbox)]
    lines = tuple(
        TextLine(float(line[0]["top"]), tuple(_line_to_chunks(line)))
        for line in _words_to_lines(extract_words(chars))
    )
    return Page(number, lines, tuple(grids))


def running_lines(pages: Sequence[Page]) -> dict[tuple[int, int], bool]:
    """Page headers and footers: (page, line) -> whether it is dropped.

    A line among the first or last `MARGIN_LINES` of its page whose text, digits
    aside, is at that end of at least half the pages (two at least). The first
    of a running title stays, marked False (it is the list's title); a footer
    whose digits change (a page number) goes everywhere.
    """
    seen: dict[str, list[tuple[int, int, str]]] = {}
    for p, page in enumerate(pages):
        count = len(page.lines)
        ends = set(range(min(MARGIN_LINES, count)))
        ends |= set(range(max(0, count - MARGIN_LINES), count))
        for i in sorted(ends):
            text = page.lines[i].text
            seen.setdefault(_DIGITS.sub("#", text), []).append((p, i, text))
    needed = max(2, math.ceil(len(pages) / 2))
    dropped: dict[tuple[int, int], bool] = {}
    for found in seen.values():
        if len({p for p, _, _ in found}) < needed:
            continue
        same = len({text for _, _, text in found}) == 1
        for k, (p, i, _) in enumerate(found):
            dropped[(p, i)] = not (same and k == 0)
    return dropped


def _without_print_stamp(line: TextLine) -> TextLine:
    """A running title without the date and time a browser printed before it."""
    if len(line.chunks) > 1 and _PRINTED_AT.match(line.chunks[0].text):
        return replace(line, chunks=line.chunks[1:])
    return line


def read_pdf(data: bytes) -> PdfText:
    """Every page's lines and ruled tables, top to bottom, as tab-separated text.

    Raises whatever pdfplumber/pdfminer raise on a damaged file; the caller
    turns that into an ImportInputError naming the file.
    """
    import pdfplumber

    pages: list[Page] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            index = sum(len(p.grids) for p in pages)
            pages.append(_read_page(page, number, index))
    return pages_to_text(pages)


def pages_to_text(pages: Sequence[Page]) -> PdfText:
    """The pages' text lines and table rows in reading order."""
    dropped = running_lines(pages)
    kept = [
        [
            _without_print_stamp(line) if (p, i) in dropped else line
            for i, line in enumerate(page.lines)
            if not dropped.get((p, i))
        ]
        for p, page in enumerate(pages)
    ]
    columns = column_starts(
        (line.chunks for lines in kept for line in lines), COLUMN_TOLERANCE_PT
    )
    rows = grids_to_rows([grid for page in pages for grid in page.grids])
    # Each table's own header says which of its columns is the Year.
    years: list[int | None] = []
    for row in rows:
        years.append(year_column(row) if row.header else (years or [None])[-1])
    out: list[str] = []
    ruled: list[RuledRow] = []
    for page, lines in zip(pages, kept, strict=True):
        items: list[tuple[float, int, Any]] = [(ln.top, 0, ln) for ln in lines]
        items += [(grid.top, 1, grid) for grid in page.grids]
        for _, _, item in sorted(items, key=lambda it: (it[0], it[1])):
            if isinstance(item, TextLine):
                out.append(chunks_to_line(item.chunks, columns, COLUMN_TOLERANCE_PT))
                continue
            for row, year in zip(rows, years, strict=True):
                if row.grid == item.index:
                    out.append(row_to_line(row, year))
                    ruled.append(replace(row, line=len(out)))
    texts = tuple(pages[p].lines[i].text for p, i in sorted(dropped) if dropped[(p, i)])
    cut = tuple(_cut_row(row) for row in ruled if row.continued_on)
    return PdfText("\n".join(out), tuple(ruled), texts, cut)


def _cut_row(row: RuledRow) -> Anomaly:
    def shown(texts: Iterable[str]) -> str:
        return " | ".join(text for text in texts if text)

    return Anomaly(
        A.ROW_CUT_BY_PAGE_BREAK,
        lines=(row.line,),
        seen=f"top of page {row.continued_on}: {shown(row.rest)}",
        decided=f"joined to the last row of page {row.page}, as one row: "
        f"{shown(row.texts)}",
        confidence="likely",
        severity="info",
    )


def pdf_to_tab_text(data: bytes) -> str:
    """The line form of a PDF (see `read_pdf`)."""
    return read_pdf(data).text
