"""A list in its own layout saved as CSV -> the line form.

A spreadsheet program saves each row as a CSV record, a merged cell's text in
its first row only, its other rows blank: the seed's own form, its cells
separated by commas instead of tabs. Each record becomes one line of cells
separated by tabs (a cell's lines joined as a wrapped cell's are, a tab inside
a cell a space), and says which line of the file it starts on, since a quoted
cell may run over several.
"""

from __future__ import annotations

import csv
import io

from accord.core.errors import ImportInputError
from accord.importer.ruled import join_cell_lines


def csv_to_lines(text: str, path: str = "") -> tuple[str, tuple[str, ...]]:
    """The line form of a CSV list, and where each line starts in the file.

    >>> text, places = csv_to_lines('Asia,"Korea (2)",KAIST,"Faculty of\\nScience"\\n')
    >>> text.split("\\t"), places
    (['Asia', 'Korea (2)', 'KAIST', 'Faculty of Science'], ('line 1',))
    """
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter_of(text), strict=True
    )
    lines: list[str] = []
    places: list[str] = []
    start = 1
    try:
        for cells in reader:
            texts = [_cell(cell) for cell in cells]
            while texts and not texts[-1]:
                texts.pop()
            lines.append("\t".join(texts))
            places.append(f"line {start}")
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportInputError(
            f"malformed CSV: {exc}", path=path, line=reader.line_num
        ) from None
    return "\n".join(lines), tuple(places)


def _cell(text: str) -> str:
    lines = [line.strip() for line in text.replace("\t", " ").splitlines()]
    return join_cell_lines(line for line in lines if line)


def delimiter_of(text: str) -> str:
    """The separator a spreadsheet program saved with: a comma, or where the
    decimal comma is the custom (Excel in much of Europe) a semicolon; a tab
    for tab-separated values. Read from the first lines, as the one that splits
    them most evenly.

    >>> delimiter_of("Area;Country / Region;Year\\nAsia;Korea (1);2001/01/01\\n")
    ';'
    """
    sample = text.lstrip("\ufeff")[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
