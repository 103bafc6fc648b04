"""Render tab-separated text to a PDF table with ReportLab, for reader tests.

Each cell is drawn at its column's x, as a published table places it; columns
are as wide as their widest cell plus a gutter.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "DejaVuSans"
FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIZE = 7.0
GUTTER = 14.0
MARGIN = 36.0
LINES_PER_PAGE = 60


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    return FONT


def tab_text_to_pdf(text: str, path: Path) -> Path:
    font = _font()
    rows = [line.rstrip("\t ").split("\t") for line in text.split("\n")]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    widths: dict[int, float] = {}
    for row in rows:
        for index, cell in enumerate(row):
            width = pdfmetrics.stringWidth(cell, font, SIZE)
            widths[index] = max(widths.get(index, 0.0), width)
    xs = [MARGIN]
    for index in range(max(widths) + 1):
        xs.append(xs[-1] + widths.get(index, 0.0) + GUTTER)
    page_size = (xs[-1] + MARGIN, MARGIN * 2 + LINES_PER_PAGE * SIZE * 1.5)
    canvas = Canvas(str(path), pagesize=page_size)
    for start in range(0, len(rows), LINES_PER_PAGE):
        canvas.setFont(font, SIZE)
        y = page_size[1] - MARGIN
        for row in rows[start : start + LINES_PER_PAGE]:
            for index, cell in enumerate(row):
                if cell.strip():
                    canvas.drawString(xs[index], y, cell)
            y -= SIZE * 1.5
        canvas.showPage()
    canvas.save()
    return path
