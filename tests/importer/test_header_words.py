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
