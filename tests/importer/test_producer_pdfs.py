"""The excerpt of the 2021 list as Chromium and LibreOffice print it (see
samples/producers/README.md) reads back field for field, with no corrections
file: the PDFs of programs the reader was not written against."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from accord.importer.bundled import load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import read_source
from tests.importer.test_ruled_pdfs import fields

SAMPLES = Path(__file__).parent / "samples" / "producers"
TITLE = "Academic Exchange Agreements with Foreign Institutions"
PRINTED = [
    "chromium_print_headers",
    "chromium_large_type",
    "libreoffice_rows_break",
    "libreoffice_calc_merged",
    "libreoffice_calc_top_left_borders",
    "weasyprint_narrow_columns",
]


def parsed(name: str) -> ImportResult:
    source = read_source(SAMPLES / f"{name}.pdf")
    assert source.kind == "pdf"
    return run(source.text, load_edition().options, None, source.path, source.anomalies)


@pytest.fixture(scope="module")
def excerpt() -> list[dict]:
    return json.loads((SAMPLES / "excerpt.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PRINTED)
def test_every_record_comes_back_as_printed(name: str, excerpt: list[dict]):
    result = parsed(name)
    assert fields(result.reconciled) == fields(excerpt)
    assert result.report.blocking() == []
    assert result.edition.title == TITLE


def test_a_merged_cell_left_open_by_the_page_break_keeps_its_text():
    """Chromium draws no border under the part of a merged cell before a page
    break: the frame of the page's table closes it, so Asia's rows keep their
    area and no country takes its neighbour's rows."""
    result = parsed("chromium_print_headers")
    regions = Counter(r.region for r in result.reconciled if r.level == "department")
    assert regions == {"Asia": 37, "Africa": 3, "North America": 8, "Europe": 13}
    assert not [a for a in result.report.anomalies if a.code == "checksum"]


def test_the_browsers_page_header_is_not_the_title():
    result = parsed("chromium_print_headers")
    assert not result.edition.title.startswith(tuple("0123456789"))


def test_a_wrapped_legend_is_no_table_row():
    result = parsed("chromium_large_type")
    kinds = [line.kind for line in result.lines]
    section = kinds.index("section", kinds.index("section") + 1)
    above_table = kinds[section + 1 : kinds.index("column-header")]
    assert set(above_table) == {"legend", "department-total"}
    assert above_table.count("legend") == 3  # two sentences, one wrapped
    dhaka = [r for r in result.reconciled if "Dhaka" in r.institution]
    assert [r.institution for r in dhaka] == ["University of Dhaka"]


def test_each_row_a_page_break_cut_is_one_again_and_reported():
    result = parsed("libreoffice_rows_break")
    cut = [a for a in result.report.anomalies if a.code == "row-cut-by-page-break"]
    assert len(cut) == 3
    assert all(a.severity == "info" and a.confidence == "likely" for a in cut)
    assert "Ramathibodi Hospital" in cut[0].seen
    departments = {r.partner_department for r in result.reconciled}
    assert "Faculty of Medicine, Ramathibodi Hospital" in departments


@pytest.mark.parametrize(
    ("name", "hidden"),
    [
        ("libreoffice_calc_merged", ["page 2: North America Canada (8)"]),
        (
            "libreoffice_calc_top_left_borders",
            [
                "page 4: Asia",
                "page 4: Thailand (22)",
                "page 4: Thammasat University",
                "page 5: Europe United Kingdom (13)",
                "page 5: University of East Anglia",
            ],
        ),
    ],
)
def test_what_calc_clips_away_is_not_read_but_reported(name: str, hidden: list[str]):
    """Calc prints a merged cell's text on each page its range crosses, clipped
    to the part of the cell on that page: only one part shows it. The hidden
    copies, read, were a second "Canada (8)" label and rows split in two, or a
    partner's name taken for a department (warnings blocking the import)."""
    result = parsed(name)
    found = [a for a in result.report.anomalies if a.code == "hidden-text"]
    assert [a.seen for a in found] == hidden
    assert [a.code for a in result.report.anomalies] == ["hidden-text"] * len(hidden)


def test_dates_a_narrow_year_column_wraps_and_a_row_cut_before_its_date():
    """WeasyPrint breaks a date wider than its column ("2019/01/0" over "9"),
    and lets rows break across pages: with cells centred vertically, a row's
    two-line department and its date go to the next page whole, its unit
    stays."""
    result = parsed("weasyprint_narrow_columns")
    assert all(r.concluded_on for r in result.reconciled if r.level == "department")
    cut = [a for a in result.report.anomalies if a.code == "row-cut-by-page-break"]
    assert len(cut) == 1
    assert "Ramathibodi Hospital" in cut[0].seen
    mahidol = {
        (r.partner_department, r.home_unit, str(r.concluded_on))
        for r in result.reconciled
        if r.institution == "Mahidol University"
    }
    assert (
        "Faculty of Medicine, Ramathibodi Hospital",
        "GS Medicine",
        "2013-11-01",
    ) in mahidol


def test_the_whole_list_as_calc_prints_it_reads_back_field_for_field(list_2021):
    """All 725 records of the 2021 list through Calc: 18 clipped copies of
    merged cells, one of which ("Central and South" / "America" in a page's
    top margin) gave an agreement a region of its own when it was read."""
    result = parsed("libreoffice_calc_whole_list")
    assert fields(result.reconciled) == fields(list_2021.records)
    assert result.report.blocking() == []
    hidden = [a.seen for a in result.report.anomalies if a.code == "hidden-text"]
    assert len(hidden) == 18
    assert "page 18: Central and South" in hidden
