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
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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
