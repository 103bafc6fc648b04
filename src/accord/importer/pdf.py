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

Text the page does not show (clipped away, off the page) is not read: PDFium,
which draws pages, says where each character may show, and characters outside
that are left out and reported (`accord.importer.visible`).
"""

from __future__ import annotations

import bisect
import io
import math
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from accord.core.names import AS_SUPERSCRIPT
from accord.importer import anomalies as A
from accord.importer import visible
from accord.importer.anomalies import Anomaly
from accord.importer.cells import DATE_AT_END
from accord.importer.layout import Chunk, chunks_to_line, column_starts
from accord.importer.ruled import (
    MIN_ROWS,
    Box,
    CellMap,
    Grid,
    RuledRow,
    Word,
    cells_to_grid,
    column_lines,
    frame_lines,
    grids_to_rows,
    is_table,
    row_to_line,
    year_column,
)
from accord.importer.unruled import PlacedLine, join_rows

COLUMN_GAP_EM = 0.8
LINE_TOLERANCE_PT = 2.0
COLUMN_TOLERANCE_PT = 3.0
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Vertical rulings at fewer places than this rule no columns (a frame's sides,
# shaded rows' ends): the columns are found from the rules' pieces or the
# words (`column_lines`).
MIN_COLUMN_RULINGS = 4
# The lines at each end of a page where running headers and footers sit.
MARGIN_LINES = 2
_DIGITS = re.compile(r"\d+")
# The date and time a browser prints at the head of each page ("12/6/26, 3:50 AM",
# "2026-12-06 03:50"), before the page's title.
_PRINTED_AT = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp]\.?[Mm]\.?)?$"
)
# A page on which more than this share of the characters would be hidden is
# more likely read wrongly (PDFium and pdfminer placing its text apart) than
# mostly invisible: all of its text is read.
MOST_HIDDEN = 0.5
# How far apart (pt) PDFium and pdfminer may put one character's baseline, and
# its origin along the baseline (see `hidden_chars`).
SAME_BASELINE_PT = 0.05
SAME_ORIGIN_PT = 1.0
# A character PDFium found hidden: its text and origin.
Unseen = tuple[str, float, float]
# PDFium must not be called from two threads at once, even on two documents.
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class TextLine:
    """A line of words outside any ruled table, with where it sits."""

    top: float
    chunks: tuple[Chunk, ...]
    # Each word at its left edge: where a cell starts when gaps do not tell.
    words: tuple[Chunk, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(chunk.text for chunk in self.chunks)


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[TextLine, ...]
    grids: tuple[Grid, ...] = ()
    # Lines of text the page holds but does not show (see `hidden_chars`).
    hidden: tuple[TextLine, ...] = ()
    # Lines of text the page strikes through (see `struck_chars`).
    struck: tuple[TextLine, ...] = ()


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
    return [_word(w) for found in held.values() for w in extract_words(found)]


def _word(word: dict[str, Any]) -> Word:
    return Word(
        float(word["x0"]),
        float(word["top"]),
        float(word["x1"]),
        float(word["bottom"]),
        word["text"],
    )


def _ruled_settings(page: Any, chars: list[dict[str, Any]]) -> dict[str, Any]:
    """The table finder's settings for a page: ruling lines, and each table's
    frame closed where the page's producer left it open (`frame_lines`); on a
    page whose tables rule their rows only, lines between the columns where
    the words leave gaps (`column_lines`)."""
    verticals = _edges(page, "v")
    if len({round(x0) for x0, _, _, _ in verticals}) < MIN_COLUMN_RULINGS:
        return _row_ruled_settings(page, chars)
    closing = [_edge("h", *box) for box in frame_lines(verticals)]
    return {**RULED, "explicit_horizontal_lines": closing}


def hidden_chars(page: Any, unseen: set[Unseen]) -> list[dict[str, Any]]:
    """The characters of a pdfplumber page that PDFium found the page does not
    show; none if that would be most of them.

    The two libraries place a character's origin alike to within a few
    hundredths of a point on its baseline, and along it apart by up to ~0.15%
    of the distance from the start of its text (their glyph widths differ in
    rounding): a character is the same one if it is the same text on the same
    baseline within `SAME_ORIGIN_PT` along it, each used once.
    """
    left: dict[tuple[str, int], list[float]] = {}
    for text, x, y in unseen:
        left.setdefault((text, round(y / SAME_BASELINE_PT)), []).append(x)
    hidden = []
    for char in page.chars:
        x, y = (float(v) for v in char["matrix"][4:6])
        line = round(y / SAME_BASELINE_PT)
        for key in ((char["text"], line + d) for d in (0, -1, 1)):
            xs = left.get(key)
            if not xs:
                continue
            near = min(xs, key=lambda u: abs(u - x))
            if abs(near - x) <= SAME_ORIGIN_PT:
                xs.remove(near)
                hidden.append(char)
                break
    if len(hidden) > MOST_HIDDEN * len(page.chars):
        return []
    return hidden


def _lines_of(chars: list[dict[str, Any]]) -> tuple[TextLine, ...]:
    from pdfplumber.utils import extract_words

    return tuple(
        TextLine(
            float(line[0]["top"]),
            tuple(_line_to_chunks(line)),
            tuple(Chunk(float(w["x0"]), str(w["text"])) for w in line),
        )
        for line in _words_to_lines(extract_words(chars))
    )


def _row_ruled_settings(page: Any, chars: list[dict[str, Any]]) -> dict[str, Any]:
    from pdfplumber.utils import extract_words

    rules = _edges(page, "h")
    if len(rules) < MIN_ROWS + 1:  # no table's rows
        return dict(RULED)
    words = [_word(w) for w in extract_words(chars)]
    columns, ends = column_lines(rules, words)
    if not columns:
        return dict(RULED)
    return {
        "vertical_strategy": "explicit",
        "explicit_vertical_lines": [_edge("v", *box) for box in columns],
        "horizontal_strategy": "explicit",
        "explicit_horizontal_lines": [_edge("h", *box) for box in ends],
    }


def _edges(page: Any, orientation: str) -> list[Box]:
    """A page's ruling edges of one orientation ("h" or "v"), as boxes."""
    return [
        (float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
        for e in page.edges
        if e["orientation"] == orientation
    ]


def _edge(
    orientation: str, x0: float, top: float, x1: float, bottom: float
) -> dict[str, Any]:
    """A line for the table finder, as pdfplumber describes one."""
    return {
        "object_type": "found_edge",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _read_page(
    page: Any,
    number: int,
    first_index: int,
    unseen: set[Unseen] | None = None,
) -> Page:
    chars = list(page.chars)
    hidden = hidden_chars(page, unseen) if unseen else []
    if hidden:
        left_out = {id(c) for c in hidden}
        chars = [c for c in chars if id(c) not in left_out]
    chars = raised_digits(chars)
    struck = _on_their_lines(chars, struck_chars(chars, _edges(page, "h")))
    grids: list[Grid] = []
    for table in page.find_tables(table_settings=_ruled_settings(page, chars)):
        bbox = table.bbox  # computed anew on each access
        inside = [c for c in chars if _inside(c, bbox)]
        words = _cell_words(inside, table.cells)
        grid = cells_to_grid(number, first_index + len(grids), table.cells, words)
        if is_table(grid):
            grids.append(grid)
            chars = [c for c in chars if not _inside(c, bbox)]
    lines = _in_two_columns(chars, float(page.width), float(page.height))
    if lines is None:
        lines = _lines_of(chars)
    return Page(number, lines, tuple(grids), _lines_of(hidden), _lines_of(struck))


def raised_digits(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters, a digit set smaller and raised right after the text it
    follows (a footnote's mark: "Fudan University\u00b9") written as a
    superscript digit, so that it is read as the mark, not as a number of the
    name.

    >>> base = {"text": "y", "x0": 0.0, "x1": 5.0, "top": 100.0, "bottom": 110.0,
    ...         "size": 10.0}
    >>> mark = {"text": "1", "x0": 5.2, "x1": 8.0, "top": 98.0, "bottom": 104.0,
    ...         "size": 6.0}
    >>> [c["text"] for c in raised_digits([base, mark])]
    ['y', '\u00b9']
    """
    out = []
    base: dict[str, Any] | None = None  # the last character not raised
    for char in chars:
        text = str(char.get("text", ""))
        if base is not None and text.isdigit() and text.isascii():
            size, base_size = float(char["size"]), float(base["size"])
            near = -1 < float(char["x0"]) - float(base["x1"]) < base_size
            # Smaller, and raised by a quarter of the letter's size or more
            # (a superscript is set at 58-90% of the size, a third up).
            raised = float(char["bottom"]) < float(base["bottom"]) - 0.25 * base_size
            if size <= 0.92 * base_size and raised and near:
                out.append({**char, "text": text.translate(AS_SUPERSCRIPT)})
                base = {**base, "x1": char["x1"]}  # a second digit follows on
                continue
        out.append(char)
        base = char if text.strip() else None
    return out


def _on_their_lines(
    chars: Sequence[dict[str, Any]], some: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every character on the lines some characters stand on: a struck cell's
    whole row, so that its line in the text is found by all the row's words
    (a struck department's alone may be every row's: "School of Law")."""
    bands = sorted({(float(c["top"]), float(c["bottom"])) for c in some})
    if not bands:
        return []

    def on_a_band(char: dict[str, Any]) -> bool:
        middle = (float(char["top"]) + float(char["bottom"])) / 2
        return any(top <= middle <= bottom for top, bottom in bands)

    return [c for c in chars if on_a_band(c)]


def struck_chars(
    chars: Sequence[dict[str, Any]], rules: Sequence[Box]
) -> list[dict[str, Any]]:
    """The characters a horizontal line crosses through their middle, where
    the line runs no further than the text it crosses: text struck through.
    A table's rules run above and below a cell's text, an underline under it;
    a rule across a table that cuts a merged cell's text at a page break runs
    far past that text.

    >>> char = {"x0": 10.0, "x1": 16.0, "top": 100.0, "bottom": 110.0}
    >>> len(struck_chars([char], [(9.0, 105.0, 17.0, 105.5)]))
    1
    >>> len(struck_chars([char], [(9.0, 110.5, 17.0, 111.0)]))  # underlined
    0
    >>> len(struck_chars([char], [(0.0, 105.0, 400.0, 105.5)]))  # a rule
    0
    """
    if not rules:
        return []
    ordered = sorted(rules, key=lambda box: box[1])
    tops = [box[1] for box in ordered]
    crossed: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        top, bottom = float(char["top"]), float(char["bottom"])
        x0, x1 = float(char["x0"]), float(char["x1"])
        height = bottom - top
        if height <= 0 or x1 <= x0:
            continue
        # Through the middle: between a third of the way down and a quarter
        # above the bottom, over most of the character's width.
        low = bisect.bisect_left(tops, top + height / 3)
        high = bisect.bisect_right(tops, bottom - height / 4)
        for k in range(low, high):
            left, rule_top, right, rule_bottom = ordered[k]
            thin = rule_bottom - rule_top <= height / 4
            if thin and min(x1, right) - max(x0, left) >= (x1 - x0) / 2:
                crossed.setdefault(k, []).append(char)
                break
    found = []
    for k, struck in crossed.items():
        left, _, right, _ = ordered[k]
        start = min(float(c["x0"]) for c in struck)
        end = max(float(c["x1"]) for c in struck)
        reach = float(struck[0]["bottom"]) - float(struck[0]["top"])
        if left >= start - reach and right <= end + reach:
            found += struck
    return found


# A line of a list's entries or headings: a bullet or a number, then text.
_OPENS_ENTRY = re.compile(r"^\s*(?:[-\u2013\u2022\u30fb]|\d{1,3}[.)])\s")
# Where a page set in two columns may have its gutter, as shares of its width.
_GUTTER_FROM, _GUTTER_TO = 0.3, 0.7
# Entries each column must open for the page to be read as two columns.
_ENTRIES_PER_COLUMN = 3


def _in_two_columns(
    chars: list[dict[str, Any]], width: float, height: float
) -> tuple[TextLine, ...] | None:
    """A page whose university-level entries are set in two columns, read
    column by column: the lines across the gutter above the columns (the
    title), the left column, the right one, then the lines across below (a
    footer). None for any other page.

    Read line by line, each line would hold an entry from each column, and
    the right column's headings would take the left column's entries. A table
    of cells has a gutter too, so a page counts as two columns only when both
    sides open entries (a bullet or a number) on at least three lines.
    """
    from pdfplumber.utils import extract_words

    words = extract_words(chars)
    if len(words) < 4 * _ENTRIES_PER_COLUMN:
        return None
    gutter = _gutter(words, width)
    if gutter is None:
        return None
    rows = list(_words_to_lines(words))
    across = [r for r in rows if _across(r, gutter)]
    split = [r for r in rows if not _across(r, gutter)]
    sides = [
        [[w for w in r if w["x1"] <= gutter] for r in split],
        [[w for w in r if w["x0"] >= gutter] for r in split],
    ]
    opened = [
        sum(1 for r in side if r and _OPENS_ENTRY.match(" ".join(w["text"] for w in r)))
        for side in sides
    ]
    if min(opened) < _ENTRIES_PER_COLUMN:
        return None
    columns_top = min(float(r[0]["top"]) for r in split)
    out: list[TextLine] = []
    for r in across:
        below = float(r[0]["top"]) > columns_top
        # Sorted by `top` later: the lines below the columns after both.
        top = float(r[0]["top"]) + (2 * height if below else 0)
        out.append(TextLine(top, tuple(_line_to_chunks(r))))
    for shift, side in enumerate(sides):
        for r in side:
            if r:
                top = float(r[0]["top"]) + shift * height
                out.append(TextLine(top, tuple(_line_to_chunks(r))))
    return tuple(sorted(out, key=lambda line: line.top))


def _across(row: Sequence[dict[str, Any]], gutter: float) -> bool:
    """Whether a line runs across the gutter: a word over it, or a space no
    wider than between words ("Foreign | Institutions" of a title)."""
    if any(w["x0"] < gutter < w["x1"] for w in row):
        return True
    left = [w for w in row if w["x1"] <= gutter]
    right = [w for w in row if w["x0"] >= gutter]
    if not left or not right:
        return False
    height = float(left[-1]["bottom"]) - float(left[-1]["top"])
    return float(right[0]["x0"]) - float(left[-1]["x1"]) <= COLUMN_GAP_EM * height


def _gutter(words: Sequence[dict[str, Any]], width: float) -> float | None:
    """The x of a page's gutter: near the middle, crossed by the fewest words
    (at most a tenth of its lines, the title's), else None."""
    best: tuple[int, float] | None = None
    x = width * _GUTTER_FROM
    while x <= width * _GUTTER_TO:
        crossing = sum(1 for w in words if w["x0"] < x < w["x1"])
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += 2.0
    lines = len({round(float(w["top"])) for w in words})
    if best is None or best[0] > max(2, lines // 10):
        return None
    return best[1]


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
    with pdfplumber.open(io.BytesIO(data)) as pdf, _Clips(data) as clips:
        for number, page in enumerate(pdf.pages, start=1):
            index = sum(len(p.grids) for p in pages)
            unseen = clips.unseen(number - 1)
            pages.append(_read_page(page, number, index, unseen))
    return pages_to_text(pages)


class _Clips:
    """PDFium's reading of a document: on each page, the characters (text and
    origin) the page does not show, being outside their text's clipping path
    or the page's crop box (`accord.importer.visible`). A document or page
    PDFium cannot read gives none: all of its text is read."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.document: Any = None

    def __enter__(self) -> _Clips:
        import pypdfium2

        with _PDFIUM:
            try:
                self.document = pypdfium2.PdfDocument(self.data)
            except pypdfium2.PdfiumError:
                self.document = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.document is not None:
            with _PDFIUM:
                self.document.close()

    def unseen(self, index: int) -> set[Unseen]:
        import pypdfium2

        if self.document is None:
            return set()
        with _PDFIUM:
            try:
                page = self.document[index]
            except (pypdfium2.PdfiumError, IndexError):
                return set()
            try:
                return _unseen_on(page)
            except pypdfium2.PdfiumError:
                return set()
            finally:
                page.close()


def _unseen_on(page: Any) -> set[Unseen]:
    """The characters of a PDFium page that do not show: outside where their
    text may show, on a line of which nothing shows there.

    A line cut by its clip (a spreadsheet cell's text running into the next
    cell, clipped at the border) shows its start, and is read whole: the rest
    is the cell's text too. Only text objects drawn on the page itself are
    looked at: one inside a form XObject has its clip in the form's own space,
    and its text is read.
    """
    import ctypes

    import pypdfium2.raw as pdfium

    left, bottom, right, top = (float(v) for v in page.get_cropbox())
    crop = (left, bottom, right, top)
    # Text objects not wholly inside where they may show, by address; and the
    # vertical extents of what shows, by where it may show.
    suspects: dict[int, visible.Rect | None] = {}
    showing: dict[visible.Rect | None, list[tuple[float, float]]] = {}
    for k in range(pdfium.FPDFPage_CountObjects(page)):
        obj = pdfium.FPDFPage_GetObject(page, k)
        if pdfium.FPDFPageObj_GetType(obj) != pdfium.FPDF_PAGEOBJ_TEXT:
            continue
        region, bounds = _region(pdfium, obj, crop)
        if visible.within(bounds, region):
            showing.setdefault(region, []).append((bounds[1], bounds[3]))
        else:
            suspects[ctypes.cast(obj, ctypes.c_void_p).value or 0] = region
    if not suspects:
        return set()
    hidden: list[tuple[Unseen, visible.Rect | None, visible.Rect]] = []
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    loose = pdfium.FS_RECTF()
    try:
        for i in range(pdfium.FPDFText_CountChars(text)):
            obj = pdfium.FPDFText_GetTextObject(text, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if key not in suspects or pdfium.FPDFText_IsGenerated(text, i) == 1:
                continue
            if not pdfium.FPDFText_GetLooseCharBox(text, i, loose):
                continue
            box = (loose.left, loose.bottom, loose.right, loose.top)
            region = suspects[key]
            if visible.shows(box, region):
                showing.setdefault(region, []).append((box[1], box[3]))
                continue
            pdfium.FPDFText_GetCharOrigin(text, i, x, y)
            char = chr(pdfium.FPDFText_GetUnicode(text, i))
            hidden.append(((char, x.value, y.value), region, box))
    finally:
        text.close()
    return {
        char
        for char, region, box in hidden
        if not any(visible.same_line(box, extent) for extent in showing.get(region, ()))
    }


def _region(
    pdfium: Any, obj: Any, crop: visible.Rect
) -> tuple[visible.Rect | None, visible.Rect]:
    """Where a text object may show (its clip within the crop box; None if
    nowhere), and its bounds."""
    import ctypes

    rects: list[visible.Rect] = [crop]
    clip = pdfium.FPDFPageObj_GetClipPath(obj)
    if clip:
        px, py = ctypes.c_float(), ctypes.c_float()
        for p in range(max(0, pdfium.FPDFClipPath_CountPaths(clip))):
            xs, ys = [], []
            for k in range(max(0, pdfium.FPDFClipPath_CountPathSegments(clip, p))):
                segment = pdfium.FPDFClipPath_GetPathSegment(clip, p, k)
                if segment and pdfium.FPDFPathSegment_GetPoint(segment, px, py):
                    xs.append(px.value)
                    ys.append(py.value)
            if xs:
                rects.append((min(xs), min(ys), max(xs), max(ys)))
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return visible.intersection(rects), crop
    return visible.intersection(rects), (
        left.value,
        bottom.value,
        right.value,
        top.value,
    )


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
    unseen: list[Anomaly] = []
    for page, page_lines in zip(pages, kept, strict=True):
        lines = _table_rows_joined(page_lines, columns)
        items: list[tuple[float, int, Any]] = [(ln.top, 0, ln) for ln in lines]
        items += [(grid.top, 1, grid) for grid in page.grids]
        placed: list[tuple[float, int]] = []  # (top, line) of each item
        for top, _, item in sorted(items, key=lambda it: (it[0], it[1])):
            placed.append((top, len(out) + 1))
            if isinstance(item, TextLine):
                out.append(chunks_to_line(item.chunks, columns, COLUMN_TOLERANCE_PT))
                continue
            for row, year in zip(rows, years, strict=True):
                if row.grid == item.index:
                    out.append(row_to_line(row, year))
                    ruled.append(replace(row, line=len(out)))
        unseen += [_hidden_text(page, line, placed, len(out)) for line in page.hidden]
        first = placed[0][1] if placed else len(out) + 1
        unseen += [
            A.struck_through(
                f"page {page.number}", line.text, _holding(out, first, line)
            )
            for line in page.struck
        ]
    texts = tuple(pages[p].lines[i].text for p, i in sorted(dropped) if dropped[(p, i)])
    starts = [row.line for row in ruled]
    cut = tuple(
        _cut_row(row, _dated_line_after(out, row.line, starts))
        for row in ruled
        if row.continued_on
    )
    return PdfText("\n".join(out), tuple(ruled), texts, (*unseen, *cut))


def _table_rows_joined(
    lines: Sequence[TextLine], columns: Sequence[float]
) -> Sequence[TextLine]:
    """A page's lines, an unruled top-aligned table's wrapped lines joined into
    its rows (`accord.importer.unruled`)."""
    if not lines or not all(line.words for line in lines):
        return lines
    placed = [
        PlacedLine(ln.top, _split_at_columns(ln, columns), len(ln.chunks))
        for ln in lines
    ]
    joined = join_rows(placed, columns, COLUMN_TOLERANCE_PT)
    if joined is None:
        return lines
    kept = {id(p): line for p, line in zip(placed, lines, strict=True)}
    return [kept.get(id(p)) or TextLine(p.top, p.words, p.words) for p in joined]


def _split_at_columns(line: TextLine, columns: Sequence[float]) -> tuple[Chunk, ...]:
    """A line's runs of text, each cut again where one of its words starts at
    a column: two cells a narrow gap left as one run ("Europe Romania", the
    Area's cell and the Country's)."""
    pieces: list[Chunk] = []
    starts = [chunk.start for chunk in line.chunks]
    for word in line.words:
        own = any(abs(word.start - start) <= COLUMN_TOLERANCE_PT for start in starts)
        aligned = any(abs(word.start - c) <= COLUMN_TOLERANCE_PT for c in columns)
        if pieces and not own and not aligned:
            last = pieces[-1]
            pieces[-1] = Chunk(last.start, f"{last.text} {word.text}")
        else:
            pieces.append(word)
    return tuple(pieces)


def _dated_line_after(out: Sequence[str], line: int, starts: Sequence[int]) -> int:
    """The first line after table row `line`, before the next table row, that
    ends with a date: a row printed outside the table's rules (the grid lost
    it), which the text cut by the page break may belong to; 0 if none."""
    following = [start for start in starts if start > line]
    end = following[0] if following else len(out) + 1
    for number in range(line + 1, end):
        last = out[number - 1].rsplit("\t", 1)[-1].strip()
        if DATE_AT_END.search(last):
            return number
    return 0


def _hidden_text(
    page: Page, hidden: TextLine, placed: Sequence[tuple[float, int]], last: int
) -> Anomaly:
    """A line the page holds but does not show, reported at the first line read
    level with it or below it on its page (or the last line read before it)."""
    at = _at(hidden, placed) or last
    return Anomaly(
        A.HIDDEN_TEXT,
        lines=(at,) if at else (),
        seen=f"page {page.number}: {hidden.text}",
        decided="not read: the page does not show it (clipped away or off the page)",
        confidence="likely",
        severity="info",
    )


def _holding(out: Sequence[str], first: int, line: TextLine) -> int:
    """The line read from a page (from line `first` on) holding most of the
    words of a line of it: where a table's row, cell by cell, or a line of
    text went; 0 when none holds any."""
    words = line.text.split()
    best, at = 0, 0
    for number in range(first, len(out) + 1):
        held = set(out[number - 1].split())
        count = sum(word in held for word in words)
        if count > best:
            best, at = count, number
    return at


def _at(line: TextLine, placed: Sequence[tuple[float, int]]) -> int:
    """The first line read level with a line of the page or below it (else
    the last one read before it); 0 on a page nothing was read from."""
    below = [number for top, number in placed if top >= line.top - 1]
    return below[0] if below else (placed[-1][1] if placed else 0)


def _cut_row(row: RuledRow, dated_after: int = 0) -> Anomaly:
    def shown(texts: Iterable[str]) -> str:
        return " | ".join(text for text in texts if text)

    decided = (
        f"joined to the last row of page {row.page}, as one row: {shown(row.texts)}"
    )
    if not dated_after:
        return Anomaly(
            A.ROW_CUT_BY_PAGE_BREAK,
            lines=(row.line,),
            seen=f"top of page {row.continued_on}: {shown(row.rest)}",
            decided=decided,
            confidence="likely",
            severity="info",
        )
    # A row the table's rules do not hold came between: the text may be its.
    return Anomaly(
        A.ROW_CUT_BY_PAGE_BREAK,
        lines=(row.line, dated_after),
        seen=f"top of page {row.continued_on}: {shown(row.rest)}",
        decided=f"{decided}; but line {dated_after}, a row printed outside the "
        "table's rules, comes between, and the text may be its",
        confidence="uncertain",
    )


def pdf_to_tab_text(data: bytes) -> str:
    """The line form of a PDF (see `read_pdf`)."""
    return read_pdf(data).text
