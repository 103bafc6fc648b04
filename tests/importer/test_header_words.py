"""A department table's column header in other universities' words: each
column read by what its header calls it, the header itself no row."""

from __future__ import annotations

import datetime

import pytest

from accord.importer.columns import UNIT, column_of
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.pipeline import run

OPTIONS = ParseOptions(
    "Kita University", ("Kita",), home_units=(HomeUnit("GS Letters"),)
)
ROWS = (
    "China\tFudan University\tDepartment of History\t* GS Letters\t2019/08/01\n"
    "Korea\tKorea University\tCollege of Education\tGS Letters\t2011/12/10\n"
)


@pytest.mark.parametrize(
    "header",
    [
        "Country\tPartner University\tPartner Department\tHome Faculty"
        "\tDate of Agreement",
        "Country\tInstitution\tSchool/Faculty\tKita Unit\tSigned",
        "Country/Territory\tPartner\tPartner Faculty\tResponsible Unit\tEffective Date",
        "Nation\tUniversity\tFaculty\tDepartment at Kita University\tDate of Signing",
        "\u56fd\u540d\t\u5354\u5b9a\u5927\u5b66\u540d\t\u76f8\u624b\u5927\u5b66\u90e8\u5c40"
        "\t\u672c\u5b66\u90e8\u5c40\u540d\t\u5354\u5b9a\u7de0\u7d50\u5e74\u6708\u65e5",
    ],
)
def test_a_header_in_other_words_names_the_columns(header: str):
    result = run(f"Department Level Agreements\n{header}\n{ROWS}", OPTIONS)
    assert [
        (r.country_code, r.institution, r.partner_department, r.home_unit,
         r.fee_waiver, r.concluded_on)
        for r in result.reconciled
    ] == [
        ("CN", "Fudan University", "Department of History", "GS Letters", True,
         datetime.date(2019, 8, 1)),
        ("KR", "Korea University", "College of Education", "GS Letters", False,
         datetime.date(2011, 12, 10)),
    ]  # fmt: skip
    # The table names no area: that alone waits for a person.
    assert {a.code for a in result.report.blocking()} == {"unknown-region"}


def test_a_unit_named_after_another_university_is_no_home_unit_column():
    assert column_of("Kita Unit", OPTIONS) == UNIT
    assert column_of("Minami Unit", OPTIONS) is None
    assert column_of("Kita Unit") is None


WRAPPED = (
    "Area\tCountry /\tPartner\tDepartment\tDepartment at\tYear\n"
    "\tRegion\tInstitution\t\tKita\t\n"
)
AREA_ROWS = "".join(f"Asia\t{row}" for row in ROWS.splitlines(keepends=True))


def test_a_header_wrapped_onto_two_lines_is_one_header():
    result = run(f"Department Level Agreements\n{WRAPPED}{AREA_ROWS}", OPTIONS)
    assert [(r.institution, r.partner_department) for r in result.reconciled] == [
        ("Fudan University", "Department of History"),
        ("Korea University", "College of Education"),
    ]
    [wrapped] = [a for a in result.report.anomalies if a.code == "wrapped-header"]
    assert (wrapped.lines, wrapped.severity) == ((2, 3), "info")
    assert result.report.ok


def test_a_rows_second_line_is_never_taken_for_a_headers():
    # Words only under a header already whole: the rest of a wrapped row.
    text = (
        "Department Level Agreements\n"
        "Area\tCountry / Region\tPartner Institution\tDepartment\tDepartment at Kita"
        "\tYear\n"
        "Asia\tChina\tFudan University\tDepartment of\t* GS Letters\t2019/08/01\n"
        "\t\t\tHistory\t\t\n"
    )
    result = run(text, OPTIONS)
    assert [r.partner_department for r in result.reconciled] == [
        "Department of History"
    ]
    assert "wrapped-header" not in result.report.codes()


def test_a_remarks_column_is_left_out_and_each_remark_asked_about():
    header = (
        "No.\tCountry\tPartner University\tPartner Faculty\tHome Faculty\tDate\tRemarks"
    )
    rows = (
        "1\tChina\tFudan University\tDepartment of History\t* GS Letters"
        "\t2019/08/01\t\n"
        "2\tKorea\tKorea University\tCollege of Education\tGS Letters\t2011/12/10"
        "\tTerminated in 2022\n"
    )
    result = run(f"Department Level Agreements\n{header}\n{rows}", OPTIONS)
    assert [
        (r.country_code, r.institution, r.partner_department, r.home_unit)
        for r in result.reconciled
    ] == [
        ("CN", "Fudan University", "Department of History", "GS Letters"),
        ("KR", "Korea University", "College of Education", "GS Letters"),
    ]
    remarks = [
        (a.lines, a.seen, a.severity)
        for a in result.report.anomalies
        if a.code == "entry-note"
    ]
    assert remarks == [
        ((2,), "Remarks", "info"),
        ((4,), "Terminated in 2022", "warning"),
    ]


def test_a_row_above_a_repeated_header_is_no_header_of_its_own():
    header = (
        "Area\tCountry / Region\tPartner Institution\tDepartment\tDepartment at Kita"
        "\tYear"
    )
    text = (
        f"Department Level Agreements\n{header}\n"
        "Asia\tChina\tFudan University\tDepartment of History\tGS Letters\t2019/08/01\n"
        "\t\tPeking University\tSchool of Physics\tGS Science\t2016/05/20\n"
        f"{header}\n"
        "\t\tNanjing University\t\tGS Letters\t2012/07/09\n"
    )
    result = run(text, OPTIONS)
    assert [r.institution for r in result.reconciled] == [
        "Fudan University",
        "Peking University",
        "Nanjing University",
    ]
    assert "wrapped-header" not in result.report.codes()


@pytest.mark.parametrize(
    "header",
    [
        "Area\tCountry\tPartner Institution\tDepartment\tDepartment at Kita"
        "\tDate of Renewal",
        "Country\tPartner University\tPartner Department\tHome Faculty\tExpiry Date",
        "Country\tInstitution\tFaculty\tKita Unit\tValid until",
        "\u56fd\u540d\t\u5354\u5b9a\u5927\u5b66\u540d\t\u76f8\u624b\u5927\u5b66\u90e8\u5c40"
        "\t\u672c\u5b66\u90e8\u5c40\u540d\t\u6709\u52b9\u671f\u9650",
    ],
)
def test_a_tables_only_date_being_another_leaves_the_day_concluded_unknown(
    header: str,
):
    """A renewal's date or the term's end is no day concluded: it was stored
    as one without a word."""
    rows = ROWS if header.startswith(("Country", "\u56fd")) else (
        "Asia\t" + ROWS.replace("\nKorea", "\nAsia\tKorea")
    )  # fmt: skip
    result = run(f"Department Level Agreements\n{header}\n{rows}", OPTIONS)
    assert [
        (r.institution, r.home_unit, r.concluded_on) for r in result.reconciled
    ] == [
        ("Fudan University", "GS Letters", None),
        ("Korea University", "GS Letters", None),
    ]
    unread = [
        (a.lines, a.seen)
        for a in result.report.anomalies
        if a.code == "invalid-date" and "only date column" in a.decided
    ]
    assert unread == [((3,), "2019/08/01"), ((4,), "2011/12/10")]
