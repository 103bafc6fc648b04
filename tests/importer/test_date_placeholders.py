"""What a list prints in a date's place when it does not know the date ("n.d.",
a dash, "不明", "(unknown)") is an unknown date, its agreement kept; a date
still to be settled ("TBD") is one too, and asks someone whether the
agreement is concluded at all. Before, a department row whose Year cell held
such a word was read as the rest of the row above: agreements lost."""

from __future__ import annotations

import datetime

import pytest

from accord.importer.pipeline import run
from tests.importer.kita import HEADER, KITA

OPTIONS = KITA
NOT_KNOWN = ["unknown", "n.d.", "N/A", "-", "\u2014", "\u4e0d\u660e"]


def department(year: str) -> str:
    return (
        f"Department Level Agreements\n{HEADER}\n"
        "Asia\tChina\tFudan University\tDepartment of History\t* GS Letters\t"
        "2019/08/01\n"
        f"\t\tPeking University\tSchool of Physics\tGS Science\t{year}\n"
        f"\t\tNanjing University\t\tIMR\t{year}\n"
        "Europe\tGermany\tRWTH Aachen University\t\tIMR\t2014/04/01\n"
    )


def rows(result) -> list[tuple]:
    return [
        (r.institution, r.partner_department, r.home_unit, r.concluded_on)
        for r in result.reconciled
    ]


@pytest.mark.parametrize("year", NOT_KNOWN)
def test_a_year_cell_saying_the_date_is_not_known_keeps_its_row(year: str):
    result = run(department(year), OPTIONS)
    assert rows(result) == [
        (
            "Fudan University",
            "Department of History",
            "GS Letters",
            datetime.date(2019, 8, 1),
        ),
        ("Peking University", "School of Physics", "GS Science", None),
        ("Nanjing University", "", "IMR", None),
        ("RWTH Aachen University", "", "IMR", datetime.date(2014, 4, 1)),
    ]
    missing = [a for a in result.report.anomalies if a.code == "missing-date"]
    assert [(a.lines, a.severity) for a in missing] == [((4,), "info"), ((5,), "info")]
    assert result.report.ok


@pytest.mark.parametrize("year", ["TBD", "to be confirmed", "\u672a\u5b9a"])
def test_a_date_still_to_be_settled_keeps_its_row_and_asks(year: str):
    result = run(department(year), OPTIONS)
    assert [r[3] for r in rows(result)][1:3] == [None, None]
    asked = [a for a in result.report.blocking() if a.code == "missing-date"]
    assert [a.lines for a in asked] == [(4,), (5,)]
    assert "still to be settled" in asked[0].decided


@pytest.mark.parametrize(
    "printed",
    ["(unknown)", "(n.d.)", "(-)", "\uff08\u7de0\u7d50\u65e5\u4e0d\u660e\uff09"],
)
def test_an_entry_whose_brackets_say_the_date_is_not_known(printed: str):
    text = (
        "University Level Agreements\n(Asia)\nChina\n"
        f"- * Peking University {printed}\n- Fudan University (2001.1.1)\n"
    )
    result = run(text, OPTIONS)
    assert [
        (r.institution, r.fee_waiver, r.concluded_on) for r in result.reconciled
    ] == [
        ("Peking University", True, None),
        ("Fudan University", False, datetime.date(2001, 1, 1)),
    ]
    assert result.report.ok


def test_an_entry_dated_tbd_is_kept_and_asks():
    text = "University Level Agreements\n(Asia)\nChina\n- Peking University (TBD)\n"
    result = run(text, OPTIONS)
    assert [r.institution for r in result.reconciled] == ["Peking University"]
    assert [a.code for a in result.report.blocking()] == ["missing-date"]


def test_a_page_number_set_apart_by_a_text_layout_is_no_part_of_a_row():
    text = department("2015/01/01").replace("Europe\t", "\t\t\t\t\t2/2\nEurope\t")
    result = run(text, OPTIONS)
    assert [r[1] for r in rows(result)] == [
        "Department of History",
        "School of Physics",
        "",
        "",
    ]
    assert "page-header-mid-list" in result.report.codes()


def test_an_abbreviation_in_brackets_is_no_placeholder():
    text = (
        "University Level Agreements\n(North America)\nUSA\n"
        "- Dickinson State University (ND)\n"
    )
    result = run(text, OPTIONS)
    assert [r.institution for r in result.reconciled] == [
        "Dickinson State University (ND)"
    ]


def test_a_unit_cell_printing_a_dash_stays_a_doubt():
    text = department("2015/01/01").replace("\tIMR\t2015", "\t-\t2015")
    result = run(text, OPTIONS)
    nanjing = [r for r in result.reconciled if r.institution == "Nanjing University"]
    assert [(r.home_unit, r.fee_waiver) for r in nanjing] == [("-", False)]
    assert "unknown-home-unit" in {a.code for a in result.report.blocking()}
