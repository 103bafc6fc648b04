"""Text a PDF holds but its page does not show is not read (importer.visible,
importer.pdf): LibreOffice Calc draws a merged cell's text on every page its
range crosses, and clips it to the part of the cell on each page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from accord.importer import pdf
from accord.importer.bundled import load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import SourceText, read_source
from tests.importer.ruled_pdfs import Drawn, ListDocument, Style, draw_list
from tests.importer.test_ruled_pdfs import fields

SHOWN = [f"Agreement {n} with a partner institution abroad" for n in range(8)]


def canvas_pdf(path: Path, draw: Callable[[Canvas], None]) -> bytes:
    """A page of `SHOWN` lines and whatever `draw` adds."""
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    canvas.setFont("Helvetica", 10)
    for n, line in enumerate(SHOWN):
        canvas.drawString(72, 600 - 14 * n, line)
    draw(canvas)
    canvas.save()
    return path.read_bytes()


def clipped(canvas: Canvas, text: str, at: tuple[float, float], clip: tuple) -> None:
    """`text` drawn at `at`, clipped to the rectangle `clip` (x, y, w, h)."""
    canvas.saveState()
    box = canvas.beginPath()
    box.rect(*clip)
    canvas.clipPath(box, stroke=0, fill=0)
    canvas.drawString(*at, text)
    canvas.restoreState()


def test_text_clipped_away_or_off_the_page_is_not_read_and_is_reported(tmp_path: Path):
    def draw(canvas: Canvas) -> None:
        canvas.drawString(72, 760, "Academic Exchange Agreements")
        # A merged cell's text, placed for the part of the cell on another page.
        clipped(canvas, "Central and South", (72, 800), (72, 500, 100, 100))
        canvas.drawString(72, 900, "Beyond the top")
        # Clipped text over text that shows (a header below the cell's part).
        canvas.drawString(300, 700, "Partner Institution")
        clipped(canvas, "Sichuan University", (300, 700), (300, 500, 100, 100))

    read = pdf.read_pdf(canvas_pdf(tmp_path / "hidden.pdf", draw))
    assert read.text.splitlines() == [
        "Academic Exchange Agreements",
        "Partner Institution",
        *SHOWN,
    ]
    assert [a.seen for a in read.anomalies] == [
        "page 1: Beyond the top",
        "page 1: Central and South",
        "page 1: Sichuan University",
    ]
    assert {(a.code, a.severity, a.confidence) for a in read.anomalies} == {
        ("hidden-text", "info", "likely")
    }
    # Each at the first line read level with it or below it.
    assert [a.lines for a in read.anomalies] == [(1,), (1,), (2,)]


def test_a_line_its_clip_cuts_short_is_read_whole(tmp_path: Path):
    """A spreadsheet cell's text running past the cell's edge is clipped there:
    what shows begins it, and the rest is the cell's text too."""

    def draw(canvas: Canvas) -> None:
        name = "Faculty of Engineering and Physical Science"
        clipped(canvas, name, (72, 700), (60, 690, 90, 30))

    read = pdf.read_pdf(canvas_pdf(tmp_path / "cut.pdf", draw))
    assert read.text.splitlines()[0] == "Faculty of Engineering and Physical Science"
    assert read.anomalies == ()


def test_hidden_text_at_the_foot_of_a_page_is_reported_at_its_last_line(
    tmp_path: Path,
):
    def draw(canvas: Canvas) -> None:
        clipped(canvas, "Europe", (72, 20), (72, 400, 100, 100))

    read = pdf.read_pdf(canvas_pdf(tmp_path / "foot.pdf", draw))
    assert [(a.seen, a.lines) for a in read.anomalies] == [
        ("page 1: Europe", (len(SHOWN),))
    ]


def test_a_page_that_would_hide_most_of_its_text_is_read_whole(tmp_path: Path):
    def draw(canvas: Canvas) -> None:
        for n in range(20):
            clipped(
                canvas, f"Clipped line {n} of many", (72, 400 - 14 * n), (0, 0, 1, 1)
            )

    read = pdf.read_pdf(canvas_pdf(tmp_path / "mostly.pdf", draw))
    assert "Clipped line 19 of many" in read.text
    assert read.anomalies == ()


def test_a_page_pdfium_cannot_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def draw(canvas: Canvas) -> None:
        clipped(canvas, "Hidden", (72, 800), (72, 500, 100, 100))

    def fails(page: object) -> set:
        raise pypdfium2.PdfiumError("cannot load the page's text")

    data = canvas_pdf(tmp_path / "unread.pdf", draw)
    assert "Hidden" not in pdf.read_pdf(data).text
    monkeypatch.setattr(pdf, "_unseen_on", fails)
    assert pdf.read_pdf(data).text.splitlines()[0] == "Hidden"


@pytest.fixture(scope="module")
def clipped_2021(
    tmp_path_factory: pytest.TempPathFactory, list_2021: ListDocument
) -> tuple[Drawn, SourceText]:
    path = tmp_path_factory.mktemp("clipped") / "list-2021.pdf"
    drawn = draw_list(list_2021, path, Style(split_text="clipped", seed=2021))
    return drawn, read_source(path)


def parsed(source: SourceText) -> ImportResult:
    return run(source.text, load_edition().options, None, source.path, source.anomalies)


def test_merged_cells_clipped_as_calc_prints_them_read_back_field_for_field(
    clipped_2021: tuple[Drawn, SourceText], list_2021: ListDocument
):
    source = clipped_2021[1]
    result = parsed(source)
    assert fields(result.reconciled) == fields(list_2021.records)
    assert result.report.blocking() == []
    hidden = [a for a in result.report.anomalies if a.code == "hidden-text"]
    assert len(hidden) >= 20
    assert all(a.lines and a.seen.startswith("page ") for a in hidden)
    assert "page 9: Sichuan University" in {a.seen for a in hidden}


def test_read_without_the_clips_the_same_pdf_is_wrong(
    clipped_2021: tuple[Drawn, SourceText], list_2021: ListDocument
):
    """What makes the test above mean something: the hidden words are in the
    file, and read as if they showed, they break the table."""
    drawn, source = clipped_2021
    with pdfplumber.open(drawn.path) as document:
        pages = []
        for number, page in enumerate(document.pages, start=1):
            index = sum(len(p.grids) for p in pages)
            pages.append(pdf._read_page(page, number, index))
    unchecked = pdf.pages_to_text(pages)
    assert len(unchecked.text.splitlines()) > len(source.text.splitlines())
    records = run(unchecked.text, load_edition().options, None, source.path).reconciled
    assert fields(records) != fields(list_2021.records)
