"""Positioned text -> the tab-separated line form the parser reads.

`pdftotext -layout` output (columns as runs of spaces) and PDF words read with
pdfplumber (words with coordinates) both give, per line, chunks of text with a
horizontal position. A column is a start position that many multi-chunk lines
share; each chunk goes to the column it starts in, and empty columns before it
become empty cells, so a row whose first cells are blank keeps its leading tabs:

    "          Beijing Hospital     GS Medicine"
    -> "\\t\\tBeijing Hospital\\tGS Medicine"

One parser then serves the seed's text, layout text and PDFs alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Two spaces or more separate columns in `pdftotext -layout` output; one space
# separates words of a cell.
_COLUMN_GAP = re.compile(r"\S+(?: \S+)*")


@dataclass(frozen=True)
class Chunk:
    """A run of text on one line, starting at `start` (characters or points)."""

    start: float
    text: str


def layout_line_to_chunks(line: str) -> list[Chunk]:
    """Split one line of `pdftotext -layout` text at runs of two spaces or more.

    >>> layout_line_to_chunks("  Asia   Bangladesh (1)")
    [Chunk(start=2, text='Asia'), Chunk(start=9, text='Bangladesh (1)')]
    """
    return [Chunk(m.start(), m.group()) for m in _COLUMN_GAP.finditer(line)]


def column_starts(
    lines: Iterable[Sequence[Chunk]], tolerance: float, min_support: int = 2
) -> list[float]:
    """Start positions shared by the chunks of many multi-chunk lines.

    Positions within `tolerance` of each other are one column; a column needs
    `min_support` chunks so that a stray chunk does not invent one.

    >>> rows = [[Chunk(0, "a"), Chunk(10, "b")]] * 2 + [[Chunk(0, "c"), Chunk(5, "d")]]
    >>> column_starts(rows, tolerance=1)
    [0, 10]
    """
    starts = sorted(c.start for line in lines if len(line) > 1 for c in line)
    columns: list[float] = []
    group: list[float] = []
    for start in starts:
        if group and start - group[-1] > tolerance:
            columns += [group[0]] if len(group) >= min_support else []
            group = []
        group.append(start)
    if len(group) >= min_support:
        columns.append(group[0])
    return columns


def column_of(start: float, columns: Sequence[float], tolerance: float) -> int:
    index = 0
    for i, column in enumerate(columns):
        if start + tolerance >= column:
            index = i
    return index


def _aligned(start: float, columns: Sequence[float], tolerance: float) -> bool:
    return any(abs(start - column) <= tolerance for column in columns)


def chunks_to_line(
    chunks: Sequence[Chunk], columns: Sequence[float], tolerance: float
) -> str:
    """One line in tab-separated form, blank leading cells kept as tabs.

    A lone chunk that is not aligned with a column (a centred title, a page
    header) stays plain text, as in the seed's own extraction.

    >>> chunks_to_line([Chunk(10, "b")], [0, 10], tolerance=1)
    '\\tb'
    >>> chunks_to_line([Chunk(4, "Title")], [0, 10], tolerance=1)
    'Title'
    """
    if not chunks:
        return ""
    if not columns or (
        len(chunks) == 1 and not _aligned(chunks[0].start, columns, tolerance)
    ):
        return "\t".join(c.text for c in chunks)
    cells: list[str] = []
    for chunk in chunks:
        index = max(column_of(chunk.start, columns, tolerance), len(cells))
        cells += [""] * (index - len(cells))
        cells.append(chunk.text)
    return "\t".join(cells)


def layout_text_to_tab_text(text: str, tolerance: int = 1) -> str:
    """`pdftotext -layout` text -> the tab-separated form (same line numbers).

    pdftotext lays out each page on its own character grid, so columns are
    found page by page (pages end with a form feed).

    >>> layout_text_to_tab_text("a    b\\na    b\\na    b\\n     c").split("\\n")
    ['a\\tb', 'a\\tb', 'a\\tb', '\\tc']
    """
    pages = []
    for page in text.split("\f"):
        lines = [layout_line_to_chunks(line) for line in page.split("\n")]
        columns = column_starts(lines, tolerance)
        pages.append(
            "\n".join(chunks_to_line(chunks, columns, tolerance) for chunks in lines)
        )
    return "".join(pages)


def looks_like_layout_text(text: str) -> bool:
    """True when the text has no tabs but columns made of runs of spaces.

    >>> looks_like_layout_text("Asia   China (79)   Beijing Hospital\\n" * 3)
    True
    >>> looks_like_layout_text("- * Tsinghua University (1998.8.31)\\n")
    False
    """
    if "\t" in text:
        return False
    for page in text.split("\f"):
        lines = [layout_line_to_chunks(line) for line in page.split("\n")]
        if len(column_starts(lines, tolerance=1)) >= 2:
            return True
    return False
