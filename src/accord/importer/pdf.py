"""A PDF list -> the tab-separated line form, from its words and their positions.

pdfplumber gives each word with its box. Words whose tops agree are one line;
within a line, a horizontal gap wider than `COLUMN_GAP_EM` times the text height
separates two cells (a space between words is about a quarter of that). Cells
then go to columns shared across the document (see `accord.importer.layout`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from accord.importer.layout import Chunk, chunks_to_line, column_starts

COLUMN_GAP_EM = 0.8
LINE_TOLERANCE_PT = 2.0
COLUMN_TOLERANCE_PT = 3.0


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


def pdf_to_tab_text(data: bytes) -> str:
    """Every page's lines, top to bottom, as tab-separated text.

    Raises whatever pdfplumber/pdfminer raise on a damaged file; the caller
    turns that into an ImportInputError naming the file.
    """
    import pdfplumber

    pages: list[list[list[Chunk]]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            pages.append([_line_to_chunks(line) for line in _words_to_lines(words)])
    columns = column_starts(
        (line for page in pages for line in page), COLUMN_TOLERANCE_PT
    )
    return "\n".join(
        chunks_to_line(line, columns, COLUMN_TOLERANCE_PT)
        for page in pages
        for line in page
    )
