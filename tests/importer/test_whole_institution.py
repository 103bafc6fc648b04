"""A department cell that says "the whole institution" in words or a dash is
an agreement with the whole institution, as a blank cell is by the list's
legend. Before, the dash or the words were stored as the partner's
department."""

from __future__ import annotations

import pytest

from accord.importer.pipeline import run
from tests.importer.kita import HEADER, KITA

OPTIONS = KITA


def department(*rows: str) -> str:
    body = "".join(f"{row}\n" for row in rows)
    return f"Department Level Agreements\n{HEADER}\n{body}"


@pytest.mark.parametrize(
    "cell",
    ["-", "\u2014", "\uff0d", "N/A", "n/a", "None", "University-wide",
     "(entire institution)", "Whole University", "All faculties",
     "\u5168\u5b66", "\uff08\u5927\u5b66\u5168\u4f53\uff09"],
)  # fmt: skip
def test_a_department_cell_saying_the_whole_institution_is_blank(cell: str):
    result = run(
        department(
            "Asia\tChina\tFudan University\tDepartment of History\tGS Letters\t"
            "2019/08/01",
            f"\t\tPeking University\t{cell}\tGS Science\t2016/05/20",
        ),
        OPTIONS,
    )
    assert [(r.institution, r.partner_department) for r in result.reconciled] == [
        ("Fudan University", "Department of History"),
        ("Peking University", ""),
    ]
    noted = [(a.lines, a.severity) for a in result.report.anomalies
             if a.code == "whole-institution"]  # fmt: skip
    assert noted == [((4,), "info")]


def test_a_dash_is_not_a_merged_department_cell_to_carry():
    """A blank cell signed the same day as the row above continues its merged
    department cell; a dash above is no department to continue, and a dash
    below says its own."""
    result = run(
        department(
            "Asia\tChina\tPeking University\t-\tGS Letters\t2016/05/20",
            "\t\t\t\tGS Science\t2016/05/20",
            "\t\tFudan University\tSchool of Law\tGS Letters\t2019/08/01",
            "\t\t\t-\tIMR\t2019/08/01",
        ),
        OPTIONS,
    )
    assert [(r.institution, r.partner_department) for r in result.reconciled] == [
        ("Peking University", ""),
        ("Peking University", ""),
        ("Fudan University", "School of Law"),
        ("Fudan University", ""),
    ]
    assert "inherited-department" not in result.report.codes()


@pytest.mark.parametrize(
    "cell",
    ["University-wide Centre for Languages", "School of All Faculties", "N/A Lab"],
)
def test_a_department_merely_using_those_words_stays(cell: str):
    result = run(
        department(f"Asia\tChina\tPeking University\t{cell}\tGS Letters\t2016/05/20"),
        OPTIONS,
    )
    assert [r.partner_department for r in result.reconciled] == [cell]
    assert "whole-institution" not in result.report.codes()
