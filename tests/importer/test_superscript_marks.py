"""A footnote's mark set as a superscript after a name (Word's footnote
reference, a PDF's small raised digit) is read as the mark, not as the name's
last characters: "Fudan University1" was stored so, and "School of Physicsb"."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from accord.importer.pipeline import run
from accord.importer.sources import SourceText, read_source
from tests.importer.docx_list import cell, docx_bytes, paragraph, row, table
from tests.importer.docx_list import run as text_run
from tests.importer.kita import HEADER, KITA

SUPERSCRIPT = '<w:vertAlign w:val="superscript"/>'


def read(source: SourceText) -> list[tuple[str, str, str]]:
    result = run(source.text, KITA, read=source.anomalies)
    assert "unknown-home-unit" not in result.report.codes()
    return [
        (r.institution, r.partner_department, r.home_unit) for r in result.reconciled
    ]


def test_a_superscript_mark_in_a_word_document_is_no_part_of_a_name(tmp_path: Path):
    def marked(text: str, mark: str) -> str:
        return cell(text_run(text) + text_run(mark, properties=SUPERSCRIPT))

    body = [
        paragraph(text_run("University Level Agreements")),
        paragraph(text_run("(Asia)")),
        paragraph(text_run("China")),
        paragraph(
            text_run("- * Fudan University"),
            text_run("1", properties=SUPERSCRIPT),
            text_run(" (2005.3.1)"),
        ),
        paragraph(text_run("1 Renewed in 2020.")),
        paragraph(text_run("Department Level Agreements")),
        table(
            row(*(cell(text) for text in HEADER.split("\t"))),
            row(
                cell("Asia"),
                cell("China"),
                marked("Peking University", "a"),
                marked("School of Physics", "b"),
                cell("GS Science"),
                cell("2016/05/20"),
            ),
        ),
        paragraph(text_run("a Agreement renewed.")),
        paragraph(text_run("b Including the Institute of Theoretical Physics.")),
    ]
    path = tmp_path / "list.docx"
    path.write_bytes(docx_bytes(*body))
    assert read(read_source(path)) == [
        ("Fudan University", "", ""),
        ("Peking University", "School of Physics", "GS Science"),
    ]


def test_a_small_raised_digit_in_a_pdf_is_a_footnotes_mark(tmp_path: Path):
    path = tmp_path / "list.pdf"
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=True)
    columns = (40, 100, 190, 340, 500, 620)
    cells = ("Asia", "China", "Fudan University", "Department of History",
             "GS Letters", "2019/08/01")  # fmt: skip
    lines = [("Department Level Agreements",), tuple(HEADER.split("\t")), cells]
    for n, texts in enumerate(lines):
        y = 540 - 16 * n
        for x, text in zip(columns, texts, strict=False):
            canvas.setFont("Helvetica", 10)
            canvas.drawString(x, y, text)
            if n == 2 and text in ("Fudan University", "Department of History"):
                width = canvas.stringWidth(text, "Helvetica", 10)
                canvas.setFont("Helvetica", 6)
                canvas.drawString(x + width + 0.5, y + 4, "1" if x == 190 else "2")
    canvas.setFont("Helvetica", 9)
    canvas.drawString(40, 480, "1 Renewed on 2019/08/01.")
    canvas.drawString(40, 468, "2 Including the Institute of Chinese Studies.")
    canvas.save()
    assert read(read_source(path)) == [
        ("Fudan University", "Department of History", "GS Letters")
    ]
