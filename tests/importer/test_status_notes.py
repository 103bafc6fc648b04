"""A status a list prints beside an agreement ("[Suspended] X", "School of
Physics (terminated)", a Status column saying 失効, "expired"): no record keeps
it, so it is left out of the name and reported on its row for a person to
read; an agreement the column says is in force is not reported. Before, the
status was part of the partner's or department's name, or the column was
dropped without a word."""

from __future__ import annotations

import pytest

from accord.importer.pipeline import run
from tests.importer.kita import HEADER, KITA

OPTIONS = KITA


def notes(result) -> list[tuple]:
    return [
        (a.lines, a.severity)
        for a in result.report.anomalies
        if a.code == "entry-note" and a.severity != "info"
    ]


@pytest.mark.parametrize(
    "status",
    ["[Suspended] ", "(Expired) ", "\u3010\u7d42\u4e86\u3011", "Terminated: ",
     "\uff08\u5931\u52b9\uff09"],
)  # fmt: skip
def test_a_status_before_an_entrys_name_is_reported_not_named(status: str):
    result = run(
        "University Level Agreements\n(Asia)\nChina\n"
        "- * Fudan University (2005.3.1)\n"
        f"- * {status}Peking University (2001.5.5)\n",
        OPTIONS,
    )
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("Fudan University", True),
        ("Peking University", True),
    ]
    assert notes(result) == [((5,), "warning")]


def test_a_name_holding_such_a_word_stays():
    result = run(
        "University Level Agreements\n(Asia)\nChina\n"
        "- Terminated Research Institute (2001.5.5)\n",
        OPTIONS,
    )
    assert [r.institution for r in result.reconciled] == [
        "Terminated Research Institute"
    ]
    assert notes(result) == []


def test_a_status_after_a_cells_text_is_reported_not_named():
    result = run(
        f"Department Level Agreements\n{HEADER}\n"
        "Asia\tChina\tFudan University\tDepartment of History\tGS Letters\t2019/08/01\n"
        "\t\tPeking University\tSchool of Physics (terminated)\tGS Science\t"
        "2016/05/20\n"
        "Europe\tGermany\tRWTH Aachen University\t(expired)\tIMR\t2014/04/01\n",
        OPTIONS,
    )
    assert [(r.institution, r.partner_department) for r in result.reconciled] == [
        ("Fudan University", "Department of History"),
        ("Peking University", "School of Physics"),
        ("RWTH Aachen University", ""),
    ]
    assert notes(result) == [((4,), "warning"), ((5,), "warning")]


@pytest.mark.parametrize(
    ("column", "in_force", "ended"),
    [("Status", "Active", "Expired"), ("\u72b6\u6cc1", "\u6709\u52b9", "\u5931\u52b9")],
)
def test_a_status_column_is_left_out_and_each_status_not_in_force_reported(
    column: str, in_force: str, ended: str
):
    result = run(
        f"Department Level Agreements\n{HEADER}\t{column}\n"
        "Asia\tChina\tFudan University\tDepartment of History\tGS Letters\t"
        f"2019/08/01\t{in_force}\n"
        f"\t\tPeking University\tSchool of Physics\tGS Science\t2016/05/20\t{ended}\n",
        OPTIONS,
    )
    assert [(r.institution, r.partner_department) for r in result.reconciled] == [
        ("Fudan University", "Department of History"),
        ("Peking University", "School of Physics"),
    ]
    assert notes(result) == [((4,), "warning")]


def test_a_partner_cell_holding_only_a_status_takes_the_merged_name_above():
    result = run(
        f"Department Level Agreements\n{HEADER}\n"
        "Asia\tChina\tPeking University\tSchool of Law\tGS Letters\t2018/07/04\n"
        "\t\t(terminated)\tSchool of Physics\tGS Science\t2019/07/04\n",
        OPTIONS,
    )
    assert [(r.institution, r.partner_department) for r in result.reconciled] == [
        ("Peking University", "School of Law"),
        ("Peking University", "School of Physics"),
    ]
    assert notes(result) == [((4,), "warning")]
