"""The excerpt of the 2021 list printed by WeasyPrint from HTML
(tests/importer/html_list.py) on several papers, types and table settings: a
producer the reader was not written against reads back field for field, and
where it prints what the reader cannot read, the report says so."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from accord.importer.bundled import load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import read_source
from tests.importer.html_list import Page, list_html
from tests.importer.ruled_pdfs import ListDocument, document_of
from tests.importer.test_ruled_pdfs import fields

pytestmark = pytest.mark.needs("libpango-1.0-0", "fonts-dejavu-core")

EXCERPT = Path(__file__).parent / "samples" / "producers" / "excerpt.expected.json"
READ_BACK = {
    "a4-landscape-rows-kept": Page(),
    "a4-landscape-11pt-rows-break": Page(size=11, rows_break=True),
    "letter-landscape-10pt-top-rows-break": Page(
        paper="Letter", size=10, valign="top", rows_break=True
    ),
    "letter-portrait-rows-break": Page(
        paper="Letter", orientation="portrait", rows_break=True
    ),
    # Every date is wider than the Year column and breaks inside.
    "a4-portrait-9pt-rows-break": Page(orientation="portrait", size=9, rows_break=True),
    # No lines between the columns: they are where the rules' pieces end.
    "a4-landscape-rules-between-rows": Page(borders="rows"),
    # The university-level part a table too.
    "a4-landscape-university-table": Page(university_table=True),
}
# Columns too narrow for single words: WeasyPrint breaks them anywhere
# ("North Americ" over "a", "Banglades" over "h").
TOO_NARROW = {
    "a4-portrait-12pt": Page(orientation="portrait", size=12, rows_break=True),
    "letter-portrait-11pt": Page(
        paper="Letter", orientation="portrait", size=11, rows_break=True
    ),
}
# Read wrongly for other reasons, never silently: rules between the rows only,
# and rows free to break across pages.
MISREAD = {
    "a4-landscape-10pt-rules-between-rows-break": Page(
        size=10, rows_break=True, borders="rows"
    ),
}


@pytest.fixture(scope="module")
def excerpt() -> ListDocument:
    records = json.loads(EXCERPT.read_text(encoding="utf-8"))
    return document_of(records, datetime.date(2021, 5, 1))


def printed(doc: ListDocument, page: Page, path: Path) -> ImportResult:
    import weasyprint

    weasyprint.HTML(string=list_html(doc, page)).write_pdf(path)
    source = read_source(path)
    assert source.kind == "pdf"
    return run(source.text, load_edition().options, None, source.path, source.anomalies)


@pytest.mark.parametrize("name", READ_BACK)
def test_every_record_comes_back_from_weasyprint(
    name: str, excerpt: ListDocument, tmp_path: Path
):
    result = printed(excerpt, READ_BACK[name], tmp_path / f"{name}.pdf")
    assert fields(result.reconciled) == fields(excerpt.records)
    assert result.report.blocking() == []


@pytest.mark.parametrize("name", [*TOO_NARROW, *MISREAD])
def test_what_is_read_wrongly_is_never_read_silently(
    name: str, excerpt: ListDocument, tmp_path: Path
):
    page = {**TOO_NARROW, **MISREAD}[name]
    result = printed(excerpt, page, tmp_path / f"{name}.pdf")
    assert fields(result.reconciled) != fields(excerpt.records)
    assert result.report.blocking()
    codes = {a.code for a in result.report.blocking()}
    assert codes & {
        "unknown-region",
        "unknown-country",
        "checksum",
        "row-cut-by-page-break",
    }
