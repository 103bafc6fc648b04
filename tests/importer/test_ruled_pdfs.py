"""A list as a university's office publishes it, a PDF with a ruled table
(tests/importer/ruled_pdfs.py draws it from the curated 2021 records), reads
back field for field, with no corrections file.

`REGEN_SAMPLES=1` rewrites the committed excerpt (samples/ruled/) for a human
to review, never during a normal run.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from accord.importer.bundled import load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import SourceText, read_source
from tests.importer.reading import explained
from tests.importer.ruled_pdfs import Drawn, ListDocument, Style, draw_list, grouped

TITLE = "Academic Exchange Agreements with Foreign Institutions"
EXCERPT = Path(__file__).parent / "samples" / "ruled" / "tohoku_2021_excerpt"
# The curated rows a human must look at in any edition of the 2021 list: two
# rows print no home unit, one partner reads as two ("X and Y").
DOUBTS = [
    ("joint-partners", "Liaoning Cancer Hospital and Liaoning Cancer Institute"),
    ("missing-home-unit", "Albi-Carmaux School of Engineering"),
    ("missing-home-unit", "Chinese Academy of Social Sciences"),
]
OTHER_HEADER = (
    "REGION",
    "Country or region",
    "Partner university",
    "Partner department",
    "Unit at {home}",
    "Date concluded",
)
# Each variant draws a quarter of the countries: together, every record.
VARIANTS = {
    "a4-landscape-sans-rects": Style(seed=1),
    "letter-portrait-serif-lines": Style(
        page="Letter",
        orientation="portrait",
        font="DejaVuSerif",
        bold="DejaVuSerif-Bold",
        widths=(0.11, 0.12, 0.22, 0.24, 0.19, 0.12),
        ruling="lines",
        split_text="last",
        seed=2,
    ),
    "a4-portrait-mono-both": Style(
        orientation="portrait",
        font="DejaVuSansMono",
        bold="DejaVuSansMono-Bold",
        size=6.5,
        widths=(0.1, 0.12, 0.24, 0.26, 0.17, 0.11),
        padding=2.0,
        split_text="both",
        seed=3,
        # Countries named without their number of rows.
        counts=False,
    ),
    "letter-landscape-large-filled-first": Style(
        page="Letter",
        size=8.5,
        leading=1.4,
        padding=4.0,
        widths=(0.08, 0.1, 0.25, 0.3, 0.16, 0.11),
        ruling="filled",
        split_text="first",
        page_numbers=False,
        seed=4,
        # Worded as other lists word it: the same columns.
        header=OTHER_HEADER,
    ),
}


def parsed(source: SourceText) -> ImportResult:
    return run(source.text, load_edition().options, None, source.path)


def fields(records: Any) -> Counter[str]:
    """Every field of every record but its source lines, as a multiset."""
    out: Counter[str] = Counter()
    for record in records:
        data = record if isinstance(record, dict) else record.to_dict()
        data = {k: v for k, v in data.items() if k != "source_lines"}
        out[json.dumps(data, sort_keys=True, ensure_ascii=False)] += 1
    return out


def doubts(result: ImportResult) -> list[tuple[str, str]]:
    """The anomalies about the list's own doubtful rows, by code and name."""
    return sorted(
        (anomaly.code, name)
        for anomaly in result.report.anomalies
        for code, name in DOUBTS
        if anomaly.code == code and name in anomaly.seen
    )


def test_every_record_of_the_2021_list_comes_back_from_its_ruled_pdf(
    ruled_2021: tuple[Drawn, SourceText], list_2021: ListDocument
):
    drawn, source = ruled_2021
    assert source.kind == "pdf"
    result = parsed(source)
    assert len(result.reconciled) == len(list_2021.records) == 725
    assert fields(result.reconciled) == fields(list_2021.records)
    assert drawn.pages > 20


def test_the_2021_pdf_holds_its_own_totals_and_imports_without_acknowledgement(
    ruled_2021: tuple[Drawn, SourceText],
):
    result = parsed(ruled_2021[1])
    codes = Counter((a.code, a.severity) for a in result.report.anomalies)
    assert ("checksum", "error") not in codes
    assert result.report.blocking() == []
    # What the list leaves blank or ambiguous is kept as printed and reported.
    assert doubts(result) == DOUBTS
    assert codes[("missing-home-unit", "info")] == 2
    # 13 university-level partners and one row print no date: unknown, for
    # information.
    assert codes[("missing-date", "info")] == 14


def test_the_reader_shows_merged_cells_and_spans_across_page_breaks(
    ruled_2021: tuple[Drawn, SourceText],
):
    drawn, source = ruled_2021
    rows = source.ruled
    assert [row.line for row in rows if row.header] == [rows[0].line]
    assert len(rows) == 1 + 475
    merged = [row for row in rows if row.cells[2].rows > 1]
    continued = [row for row in rows if any(cell.origin for cell in row.cells)]
    assert merged and continued
    assert "Partner Institution" in {column for column, _ in drawn.cuts}
    assert "Partner Institution: merged over" in " ".join(
        row.notes(rows[0].texts) for row in merged
    )
    # The page header stays once, page numbers go.
    assert Counter(source.dropped)[TITLE] == drawn.pages - 1
    assert "- 2 -" in source.dropped


def quarter(doc: ListDocument, k: int) -> ListDocument:
    countries = list(dict.fromkeys(_country(r) for r in doc.records))[k::4]
    records = tuple(r for r in doc.records if _country(r) in countries)
    return replace(doc, records=records)


def _country(record: dict[str, Any]) -> tuple[str, str]:
    return record["country_code"], record["country_name"]


@pytest.mark.parametrize("name", VARIANTS)
def test_every_record_comes_back_whatever_the_page_fonts_and_widths(
    name: str, list_2021: ListDocument, tmp_path: Path
):
    k = list(VARIANTS).index(name)
    doc = quarter(list_2021, k)
    drawn = draw_list(doc, tmp_path / f"{name}.pdf", VARIANTS[name])
    result = parsed(read_source(drawn.path))
    assert fields(result.reconciled) == fields(doc.records)
    assert result.report.blocking() == []
    # What the variant is there for: spans and a partner cut by page breaks,
    # text wrapped onto three lines or more.
    partner = VARIANTS[name].header[2]
    assert partner in {column for column, _ in drawn.cuts}
    assert drawn.most_lines >= 3


EXCERPT_COUNTRIES = {"US", "IN", "ID", "CA", ""}


def excerpt(doc: ListDocument) -> ListDocument:
    records = tuple(r for r in doc.records if r["country_code"] in EXCERPT_COUNTRIES)
    return replace(doc, records=records)


EXCERPT_STYLE = Style(
    page="Letter",
    orientation="portrait",
    size=8.0,
    widths=(0.13, 0.13, 0.22, 0.22, 0.19, 0.11),
    split_text="first",
    seed=7,
)


def test_a_committed_ruled_pdf_reads_as_expected(list_2021: ListDocument):
    pdf = EXCERPT.with_suffix(".pdf")
    expected = EXCERPT.with_suffix(".expected.json")
    if os.environ.get("REGEN_SAMPLES"):
        doc = excerpt(list_2021)
        draw_list(doc, pdf, EXCERPT_STYLE)
        layout = EXCERPT.with_suffix(".layout.txt")
        subprocess.run(["pdftotext", "-layout", str(pdf), str(layout)], check=True)
        records = [
            *doc.university,
            *grouped([r for r in doc.records if r["level"] == "department"]),
        ]
        expected.write_text(
            json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    truth = json.loads(expected.read_text(encoding="utf-8"))
    assert fields(parsed(read_source(pdf)).reconciled) == fields(truth)


def test_the_layout_text_of_a_ruled_pdf_keeps_its_university_level_part():
    """`pdftotext -layout` of the excerpt is kept as a text fixture. Its
    university-level part reads back whole; its table lost the ruling lines
    that tell a merged cell from a blank one."""
    source = read_source(EXCERPT.with_suffix(".layout.txt"))
    assert source.kind == "layout-text"
    truth = json.loads(EXCERPT.with_suffix(".expected.json").read_text("utf-8"))
    university = [r for r in parsed(source).reconciled if r.level == "university"]
    assert fields(university) == fields(r for r in truth if r["level"] == "university")


def test_parse_explain_shows_what_the_ruled_reader_saw():
    text = explained(EXCERPT.with_suffix(".pdf"))
    assert "page headers and footers dropped: '- # -' x5" in text
    assert "ruled table rows (pdf)" in text
    assert "Area: merged over" in text
