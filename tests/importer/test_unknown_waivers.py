"""A list that says it does not know whether fees are waived (Accord's own
published list prints `?` and explains it) stores the waiver as unknown, never
as "no waiver"; a `?` nothing explains is never read so."""

from __future__ import annotations

from accord.importer.legends import definition
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.pipeline import run

OPTIONS = ParseOptions(
    "Kita University", ("Kita",), home_units=(HomeUnit("GS Letters"),)
)
HEADER = (
    "Area\tCountry / Region\tPartner Institution\tDepartment\tDepartment at Kita\tYear"
)
UNIVERSITY = (
    "University Level Agreements\n"
    "(? indicates institutions for which it is not known whether fees are waived.)\n"
    "(Asia)\nChina\n"
    "- ? Fudan University (2005.3.1)\n"
    "- * Peking University (2001.5.5)\n"
    "- Universit? de Shanghai (2003.1.1)\n"
)
DEPARTMENT = (
    "Department Level Agreements\n"
    "? indicates agreements for which it is not known whether these waivers apply.\n"
    f"{HEADER}\n"
    "Asia\tChina\tFudan University\tDepartment of History\t? GS Letters\t2019/08/01\n"
    "\t\tTsinghua University\t\t? unknown\t2019/08/02\n"
    "\t\tZhejiang University\t\tunknown\t2019/08/03\n"
    "\t\tNanjing University\t\t* GS Letters\t2019/08/04\n"
)


def waivers(text: str) -> list[tuple]:
    result = run(text, OPTIONS)
    return [(r.institution, r.home_unit, r.fee_waiver) for r in result.reconciled]


def test_a_legend_saying_the_waiver_is_unknown_is_no_waiver_legend():
    found = definition(
        "(? indicates institutions for which it is not known whether fees are waived.)"
    )
    assert (found.mark, found.waiver, found.unknown) == ("?", False, True)
    japanese = definition(
        "\uff08? \u306f\u6388\u696d\u6599\u7b49\u306e\u4e0d\u5fb4\u53ce"
        "\u306e\u6709\u7121\u304c\u4e0d\u660e\u306a\u6a5f\u95a2\u3092"
        "\u793a\u3059\u3002\uff09"
    )
    assert (japanese.waiver, japanese.unknown) == (False, True)
    waived = definition("\u203b indicates institutions with which fees are waived.")
    assert (waived.waiver, waived.unknown) == (True, False)


def test_university_entries_marked_unknown_are_stored_unknown():
    result = run(UNIVERSITY, OPTIONS)
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("Fudan University", None),
        ("Peking University", True),
        # A "?" inside a name is a letter a font lacked, not the mark.
        ("Universit? de Shanghai", False),
    ]
    unknown = [a for a in result.report.anomalies if a.code == "unknown-waiver"]
    assert [(a.lines, a.seen, a.severity) for a in unknown] == [
        ((5,), "- ? Fudan University (2005.3.1)", "info")
    ]
    assert result.report.ok


def test_department_rows_marked_unknown_and_units_printed_unknown():
    assert waivers(DEPARTMENT) == [
        ("Fudan University", "GS Letters", None),
        ("Tsinghua University", "", None),
        # "unknown" with no mark: the unit is not known; fees are not waived.
        ("Zhejiang University", "", False),
        ("Nanjing University", "GS Letters", True),
    ]
    assert run(DEPARTMENT, OPTIONS).report.ok


def test_a_question_mark_no_legend_explains_is_reported_not_read():
    text = UNIVERSITY.replace(
        "(? indicates institutions for which it is not known whether fees are "
        "waived.)\n",
        "",
    )
    result = run(text, OPTIONS)
    fudan = result.reconciled[0]
    assert (fudan.institution, fudan.fee_waiver) == ("Fudan University", False)
    assert "unread-mark" in {a.code for a in result.report.blocking()}


def test_a_waiver_column_that_does_not_know_leaves_the_waiver_unknown():
    university = (
        "University Level Agreements\n"
        "Area\tCountry / Region\tPartner Institution\tYear\tTuition waiver\n"
        "Asia\tChina\tFudan University\t2005/03/01\tYes\n"
        "\t\tPeking University\t2001/05/05\tUnknown\n"
        "\tKorea\tKorea University\t2002/05/20\tTBC\n"
        "Europe\tGermany\tRWTH Aachen University\t2010/03/01\tNo\n"
    )
    result = run(university, OPTIONS)
    assert [
        (r.institution, r.fee_waiver, r.concluded_on.year) for r in result.reconciled
    ] == [
        ("Fudan University", True, 2005),
        # Before, "Unknown" was read as the date, and the name lost.
        ("Peking University", None, 2001),
        ("Korea University", None, 2002),
        ("RWTH Aachen University", False, 2010),
    ]
    assert result.report.ok


def test_a_department_waiver_cell_saying_neither_leaves_it_unknown():
    text = (
        "Department Level Agreements\n"
        f"{HEADER}\tFee waiver\n"
        "Asia\tChina\tFudan University\t\tGS Letters\t2019/08/01\tYes\n"
        "\t\tPeking University\t\tGS Letters\t2016/05/20\t\u4e0d\u660e\n"
        "\t\tTsinghua University\t\tGS Letters\t2016/05/21\tPartial\n"
        "\t\tNanjing University\t\tGS Letters\t2016/05/22\tNo\n"
    )
    result = run(text, OPTIONS)
    assert [r.fee_waiver for r in result.reconciled] == [True, None, None, False]
    # "Partial" is no word for "unknown": a person looks (before: no waiver).
    asked = [(a.code, a.seen) for a in result.report.blocking()]
    assert asked == [("waiver-column", "Partial")]


def test_a_note_saying_the_waiver_is_to_be_confirmed():
    text = (
        "University Level Agreements\n(Asia)\nChina\n"
        "- Peking University (2001.5.5) (tuition waiver: to be confirmed)\n"
        "- Fudan University (2001.5.6) (renewed)\n"
    )
    result = run(text, OPTIONS)
    # Nor does the list say Fudan's fees are not waived: no legend, no mark.
    assert [r.fee_waiver for r in result.reconciled] == [None, None]


def test_a_question_mark_ending_a_name_stays_in_it():
    text = UNIVERSITY.replace("- * Peking University", "- Universidad de Bogot?")
    names = [r.institution for r in run(text, OPTIONS).reconciled]
    assert "Universidad de Bogot?" in names


def test_the_stars_legend_saying_something_is_not_confirmed_is_still_the_waivers():
    legend = (
        "(* indicates institutions whose fees are waived; details not yet confirmed)"
    )
    found = definition(legend)
    assert (found.waiver, found.unknown) == (True, False)
