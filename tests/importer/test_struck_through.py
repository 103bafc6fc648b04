"""Text a document prints struck through, the way many lists show an agreement
that has ended, is read as printed and reported on its line (a warning): in a
Word document, a workbook and a PDF. Before, it was read as a live agreement
without a word."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from accord.importer.pipeline import run
from accord.importer.sources import SourceText, read_source
from tests.importer.docx_list import cell, docx_bytes, paragraph, row, table
from tests.importer.docx_list import run as text_run
from tests.importer.kita import HEADER, KITA

ROWS = [
    ("Asia", "China", "Fudan University", "Department of History", "GS Letters",
     "2019/08/01"),
    ("", "", "Peking University", "School of Physics", "GS Science", "2016/05/20"),
    ("Europe", "Germany", "RWTH Aachen University", "", "IMR", "2014/04/01"),
]  # fmt: skip
STRUCK = 1  # the row struck through: Peking University's


def struck(source: SourceText) -> list[tuple[str, str]]:
    result = run(source.text, KITA, read=source.anomalies)
    lines = source.text.splitlines()
    return [
        (lines[a.lines[0] - 1].split("\t")[2], a.severity)
        for a in result.report.anomalies
        if a.code == "struck-through"
    ]


def test_a_struck_through_word_table_row_is_reported(tmp_path: Path):
    strike = "<w:strike/>"
    body = [
        paragraph(text_run("Department Level Agreements")),
        table(
            row(*(cell(text) for text in HEADER.split("\t"))),
            *(
                row(
                    *(
                        cell(text_run(text, properties=strike if n == STRUCK else ""))
                        for text in cells
                    )
                )
                for n, cells in enumerate(ROWS)
            ),
        ),
    ]
    path = tmp_path / "list.docx"
    path.write_bytes(docx_bytes(*body))
    assert struck(read_source(path)) == [("Peking University", "warning")]


def test_a_struck_through_workbook_row_is_reported(tmp_path: Path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Department Level Agreements"])
    sheet.append(HEADER.split("\t"))
    for n, cells in enumerate(ROWS):
        sheet.append(list(cells))
        if n == STRUCK:
            for found in sheet[sheet.max_row]:
                found.font = Font(strike=True)
    path = tmp_path / "list.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    assert struck(read_source(path)) == [("Peking University", "warning")]


def test_a_line_through_a_pdf_rows_text_is_reported_not_an_underline(
    tmp_path: Path,
):
    """One row struck through, another underlined. (A rule across a table
    that cuts a merged cell's text: tests/importer/test_hidden_text.py.)"""
    path = tmp_path / "list.pdf"
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=True)
    canvas.setFont("Helvetica", 9)
    columns = (40, 100, 190, 340, 500, 620)
    lines = [("Department Level Agreements",), tuple(HEADER.split("\t")), *ROWS]
    for n, cells in enumerate(lines):
        y = 540 - 16 * n
        for x, text in zip(columns, cells, strict=False):
            canvas.drawString(x, y, text)
        if n - 2 == STRUCK:  # a line through the middle of each cell's text
            for x, text in zip(columns, cells, strict=False):
                if text:
                    width = canvas.stringWidth(text, "Helvetica", 9)
                    canvas.line(x, y + 3, x + width, y + 3)
        if n - 2 == 0:  # underlined
            width = canvas.stringWidth(cells[2], "Helvetica", 9)
            canvas.line(columns[2], y - 1.5, columns[2] + width, y - 1.5)
    canvas.save()
    assert struck(read_source(path)) == [("Peking University", "warning")]


def test_a_struck_cell_is_placed_on_its_own_row_not_one_sharing_its_text(
    tmp_path: Path,
):
    """Every row's department reads "School of Law"; only Wuhan's is struck:
    the warning is on Wuhan's row (it was on the first row holding the
    words)."""
    path = tmp_path / "list.pdf"
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=True)
    canvas.setFont("Helvetica", 9)
    columns = (40, 100, 190, 340, 500, 620)
    rows = [
        ("Asia", "China", "Fudan University", "School of Law", "GS Letters",
         "2019/08/01"),
        ("", "", "Wuhan University", "School of Law", "GS Science", "2014/04/01"),
    ]  # fmt: skip
    lines = [("Department Level Agreements",), tuple(HEADER.split("\t")), *rows]
    for n, cells in enumerate(lines):
        y = 540 - 16 * n
        for x, text in zip(columns, cells, strict=False):
            canvas.drawString(x, y, text)
        if n == 3:
            width = canvas.stringWidth(cells[3], "Helvetica", 9)
            canvas.line(columns[3], y + 3, columns[3] + width, y + 3)
    canvas.save()
    assert struck(read_source(path)) == [("Wuhan University", "warning")]
