"""Lists as other offices print them: what a reader of the list would take from
each is read, and what cannot be read for sure is reported, never stored
silently. Each list is small, its truth written beside it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from accord.core.areas import country_continent
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.pipeline import ImportResult, run

OPTIONS = ParseOptions(
    "Kita University",
    ("Kita",),
    home_units=(HomeUnit("GS Letters"), HomeUnit("GS Science")),
)
UNIVERSITY = """Academic Exchange Agreements
(as of May 1, 2022)

University Level Agreements
Total of 1 institutions
(Europe)
Austria
- * Universität Wien / University of Vienna (2009.7.5)
"""
HEADER = (
    "Area\tCountry / Region\tPartner Institution\tDepartment\tDepartment at Kita\tYear"
)
GRAZ = "University of Graz"


def table(total: int, *lines: str) -> str:
    """The department-level part: its heading, its totals, header and rows."""
    body = "".join(f"{line}\n" for line in lines)
    return (
        f"Department Level Agreements\n1 countries and regions, {total} institutions\n"
        f"{HEADER}\n{body}"
    )


def parsed(department: str, university: str = UNIVERSITY) -> ImportResult:
    return run(university + department, OPTIONS)


def rows(result: ImportResult) -> list[tuple]:
    return [
        (r.institution, r.co_partners, r.partner_department, r.home_unit, r.fee_waiver)
        for r in result.reconciled
        if r.level == "department"
    ]


def test_a_note_above_the_table_is_reported_not_glued_to_its_first_row():
    result = parsed(
        "Department Level Agreements\n"
        "1 countries and regions, 1 institutions\n"
        "* Mutual waiver of tuition fees\n"
        "Note: a blank Department means the agreement covers the whole institution.\n"
        f"{HEADER}\n"
        f"Europe\tAustria (1)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04\n"
    )
    assert rows(result) == [(GRAZ, (), "School of Law", "GS Letters", False)]
    notes = [a for a in result.report.anomalies if a.code == "table-note"]
    assert [(a.lines, a.severity) for a in notes] == [((12,), "info")]
    # The line above it explains the waiver's mark: a legend.
    assert [ln.kind for ln in result.lines if ln.number == 11] == ["legend"]
    assert result.report.blocking() == []


def test_department_totals_worded_otherwise_are_checked():
    for total in (
        "1 institutions in 1 country and region",
        "1 country/region, 1 institutions",
        "1 countries or regions, 1 agreements",
    ):
        result = parsed(
            f"Department Level Agreements\n{total}\n{HEADER}\n"
            f"Europe\tAustria (1)\t{GRAZ}\t\tGS Letters\t2018/07/04\n"
        )
        assert result.checksums.department_total == 1, total
        assert result.checksums.countries_total == 1, total
        assert result.report.blocking() == [], total


def test_a_name_the_university_level_list_prints_whole_is_one_partner():
    result = parsed(
        table(
            2,
            "Europe\tAustria (2)\tUniversität Wien / University of Vienna\t"
            "Faculty of Law\tGS Letters\t2018/07/04",
            f"\t\t{GRAZ} / Graz University of Technology\t\tGS Science\t2019/01/02",
        )
    )
    assert rows(result) == [
        (
            "Universität Wien / University of Vienna",
            (),
            "Faculty of Law",
            "GS Letters",
            False,
        ),
        (
            "University of Graz",
            ("Graz University of Technology",),
            "",
            "GS Science",
            False,
        ),
    ]


def test_a_date_after_the_lists_own_date_is_reported():
    result = parsed(table(1, f"Europe\tAustria (1)\t{GRAZ}\t\tGS Letters\t2051/07/04"))
    assert [r.concluded_on for r in result.reconciled if r.level == "department"] == [
        datetime.date(2051, 7, 4)
    ]
    late = [a for a in result.report.blocking() if a.code == "invalid-date"]
    assert [(a.lines, a.seen) for a in late] == [((12,), f"{GRAZ}: 2051-07-04")]


def test_full_width_marks_read_as_their_ascii_forms():
    result = parsed(
        table(
            1, f"Europe\tAustria\uff081\uff09\t{GRAZ}\t\t\uff0aGS Letters\t2018/07/04"
        )
    )
    assert [(r.country_code, r.fee_waiver) for r in result.reconciled][1:] == [
        ("AT", True)
    ]
    assert result.report.blocking() == []


def test_a_country_label_with_its_count_in_brackets():
    result = parsed(table(1, f"Europe\tAustria [1]\t{GRAZ}\t\tGS Letters\t2018/07/04"))
    assert [r.country_code for r in result.reconciled] == ["AT", "AT"]
    assert result.report.blocking() == []


def test_a_comma_before_an_entrys_date_is_no_part_of_its_name():
    result = run(UNIVERSITY.replace("Vienna (2009", "Vienna, (2009"), OPTIONS)
    assert result.reconciled[0].institution == "Universität Wien / University of Vienna"


# What an independent review of the readers above found.


def test_a_wrapped_line_reading_as_a_country_is_the_rest_of_a_name():
    result = parsed(
        table(
            2,
            "Europe\tAustria (2)\tUniversity of Graz\tCentre for Studies of\tGS Letters"
            "\t2018/07/04",
            "\t\t\tAustria\t\t",
            "\t\tUniversity of Innsbruck\tSchool of Law\tGS Letters\t2019/01/02",
        )
    )
    assert rows(result)[0][2] == "Centre for Studies of Austria"


def test_a_university_level_table_that_cannot_be_read_for_sure_is_reported():
    result = run(
        "University Level Agreements\nTotal of 4 institutions\n"
        "Area\tCountry / Region\tPartner Institution\tYear\n"
        "Asia\tChina\t- * Peking University\t1999/11/10\n"
        "\t\tUniversity of Science and Technology of\t2002/10/21\n"
        "\t\tChina\t\n"
        "Europe\t\t* Université de Lyon\t2005/06/16\n"
        "International Organization\tESRF\t2006/01/01\n",
        OPTIONS,
    )
    assert [
        (r.region, r.country_code, r.institution, r.fee_waiver)
        for r in result.reconciled
    ] == [
        ("Asia", "CN", "Peking University", True),
        ("Asia", "CN", "University of Science and Technology of", False),
        ("Europe", "", "Université de Lyon", True),
        ("International Organization", "", "ESRF", False),
    ]
    assert [(a.code, a.lines) for a in result.report.blocking()] == [
        ("unrecognised-line", (6,)),
        ("entry-without-country", (7,)),
    ]


def test_international_organization_printed_once_is_region_and_country():
    result = run(
        "University Level Agreements\nEurope\nFrance\n- * Université de Lyon "
        "(2005.6.16)\nInternational Organization\n- * ESRF (2006.1.1)\n",
        OPTIONS,
    )
    assert [(r.region, r.country_code) for r in result.reconciled] == [
        ("Europe", "FR"),
        ("International Organization", ""),
    ]


def test_an_entry_under_a_new_region_without_its_country_is_reported():
    result = run(
        "University Level Agreements\n(Europe)\nFrance\n- X (2005.6.16)\n"
        "(North America)\n- Y (2006.1.1)\n",
        OPTIONS,
    )
    assert [r.country_code for r in result.reconciled] == ["FR", ""]
    assert [a.code for a in result.report.blocking()] == ["entry-without-country"]


def test_an_as_of_line_with_no_day_gives_way_to_one_that_has_it():
    result = run(
        "Academic Exchange Agreements\n(as of April 2022)\n(as of May 1, 2022)\n"
        "University Level Agreements\n(Europe)\nFrance\n- X (2005.6.16)\n",
        OPTIONS,
    )
    assert result.edition.as_of == datetime.date(2022, 5, 1)
    assert [(a.code, a.lines) for a in result.report.blocking()] == [
        ("invalid-date", (2,))
    ]


def test_stars_and_notes_after_an_entrys_date():
    result = run(
        "University Level Agreements\n(Europe)\nFrance\n"
        "- * X (2002.10.21) (renewed) *\n"
        "- Y (2002.10.21) * (renewed)\n"
        "- Z (date unknown) (renewed)\n"
        "- W (2010.1.1) (renewed 2015.1.1)\n",
        OPTIONS,
    )
    assert [
        (r.institution, r.fee_waiver, r.concluded_on) for r in result.reconciled
    ] == [
        ("X", True, datetime.date(2002, 10, 21)),
        ("Y", True, datetime.date(2002, 10, 21)),
        ("Z", False, None),
        ("W", False, datetime.date(2010, 1, 1)),
    ]
    notes = [a for a in result.report.anomalies if a.code == "entry-note"]
    assert [(a.lines, a.severity) for a in notes] == [
        ((4,), "warning"),
        ((5,), "warning"),
        ((6,), "warning"),
        ((7,), "warning"),
    ]
    assert "invalid-date" not in result.report.codes()


def test_a_wrapped_line_reading_as_a_country_in_a_list_read_by_content():
    """The 2021 list's own header leaves the partner's department unnamed: its
    cells are read by what they hold, and "Austria" alone on a dateless line is
    the rest of the department above, not a country's label."""
    result = parsed(
        "Department Level Agreements\n1 countries and regions, 2 institutions\n"
        "Area\tCountry / Region\tPartner Institution\tDepartment at Kita\tYear\n"
        "Europe\tAustria (2)\tUniversity of Graz\tCentre for Studies of\tGS Letters "
        "2018/07/04\t\n"
        "\t\t\tAustria\t\t\n"
        "\t\tUniversity of Innsbruck\tSchool of Law\tGS Letters 2019/01/02\t\n"
    )
    assert [r[0] for r in rows(result)] == [
        "University of Graz",
        "University of Innsbruck",
    ]
    assert rows(result)[0][2] == "Centre for Studies of, Austria"


def test_a_label_shift_over_a_block_of_one_row_does_not_crash(seed_text: str, edition):
    lines = seed_text.split("\n")
    lines.insert(923, "\t\tX\tY\t* 2019/08/08")
    result = run("\n".join(lines), edition.options)
    assert result.report.blocking()


def test_rows_above_a_first_header_the_extraction_lost_stay_rows():
    """Page 1's header lost, page 2's kept: the rows above the first header
    are still rows; only a line of one text and no date is a note."""
    result = parsed(
        "Department Level Agreements\n1 countries and regions, 2 institutions\n"
        f"Europe\tAustria (2)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04\n"
        f"{HEADER}\n"
        "\t\tUniversity of Innsbruck\t\tGS Science\t2019/01/02\n"
    )
    assert [r[0] for r in rows(result)] == [GRAZ, "University of Innsbruck"]
    assert not [a for a in result.report.anomalies if a.code == "table-note"]


def _dates(result: ImportResult) -> list[tuple[str, datetime.date | None]]:
    return [(r.institution, r.concluded_on) for r in result.reconciled]


EUROPEAN = """Partner Agreements
(as of 01.05.2022)

University Level Agreements
Total of 2 institutions
(Europe)
Austria
- * University of Vienna (05.07.2009)
- University of Innsbruck (31.01.2010)
"""


def test_dates_with_the_year_last_read_in_the_order_the_list_shows():
    result = parsed(
        table(1, f"Europe\tAustria (1)\t{GRAZ}\tSchool of Law\tGS Letters\t04/07/2018"),
        EUROPEAN,
    )
    assert _dates(result) == [
        ("University of Vienna", datetime.date(2009, 7, 5)),
        ("University of Innsbruck", datetime.date(2010, 1, 31)),
        (GRAZ, datetime.date(2018, 7, 4)),
    ]
    assert result.edition.as_of == datetime.date(2022, 5, 1)
    [order] = [a for a in result.report.anomalies if a.code == "date-order"]
    # The line whose date shows the order: 31 can only be the day.
    assert (order.lines, order.severity) == ((9,), "info")
    assert "day, month, year" in order.decided
    assert result.report.blocking() == []


def test_dates_month_first_as_the_list_shows():
    result = parsed("", EUROPEAN.replace("31.01.2010", "01.31.2010"))
    assert _dates(result) == [
        ("University of Vienna", datetime.date(2009, 5, 7)),
        ("University of Innsbruck", datetime.date(2010, 1, 31)),
    ]


def test_dates_that_never_show_their_order_are_not_guessed():
    result = parsed("", EUROPEAN.replace("31.01.2010", "01.10.2010"))
    assert _dates(result) == [
        ("University of Vienna", None),
        ("University of Innsbruck", None),
    ]
    orders = [a for a in result.report.anomalies if a.code == "date-order"]
    assert [(a.lines, a.severity) for a in orders] == [((2,), "warning")]
    assert "edition.toml" in orders[0].decided
    # Declared by the edition, the same list reads.
    declared = run(EUROPEAN.replace("31.01.2010", "01.10.2010"), _day_first())
    assert _dates(declared) == [
        ("University of Vienna", datetime.date(2009, 7, 5)),
        ("University of Innsbruck", datetime.date(2010, 10, 1)),
    ]
    assert "date-order" not in declared.report.codes()


def test_dates_in_both_orders_are_none_read():
    result = parsed("", EUROPEAN.replace("05.07.2009", "07.25.2009"))
    assert _dates(result) == [
        ("University of Vienna", None),
        ("University of Innsbruck", None),
    ]
    [order] = [a for a in result.report.anomalies if a.code == "date-order"]
    assert order.lines == (8, 9) and order.severity == "warning"


def test_a_date_against_the_declared_order_is_reported_not_read():
    result = run(EUROPEAN.replace("05.07.2009", "07.25.2009"), _day_first())
    assert _dates(result) == [
        ("University of Vienna", None),
        ("University of Innsbruck", datetime.date(2010, 1, 31)),
    ]
    [order] = [a for a in result.report.anomalies if a.code == "date-order"]
    assert (order.lines, order.severity) == ((8,), "warning")


def _day_first() -> ParseOptions:
    from dataclasses import replace

    return replace(OPTIONS, date_order="day-first")


def test_an_editions_date_order_is_read_from_its_file_and_checked():
    import pytest

    from accord.core.errors import ImportInputError
    from accord.importer.bundled import options_from_toml

    home = {"home_university": {"name": "Kita University"}}
    assert options_from_toml({**home, "date_order": "month-first"}).date_order == (
        "month-first"
    )
    assert options_from_toml(home).date_order == ""
    with pytest.raises(ImportInputError, match="date_order 'day first'"):
        options_from_toml({**home, "date_order": "day first"}, "edition.toml")


def _waivers(result: ImportResult) -> list[tuple[str, bool]]:
    return [(r.institution, r.fee_waiver) for r in result.reconciled]


MARKED = """Academic Exchange Agreements
(as of May 1, 2022)

University Level Agreements
Total of 2 institutions
\u203b indicates institutions with which tuition fees are mutually waived.
(Europe)
Austria
- \u203bUniversity of Vienna (2009.7.5)
- University of Innsbruck (2010.1.31)
"""


CIRCLE = "\u25cb"


def test_a_mark_the_legend_ties_to_the_waiver_is_read_as_one():
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tSchool of Law\t{CIRCLE} GS Letters\t"
            "2018/07/04",
            f"\t\t{GRAZ}\tSchool of Arts\tGS Science\t2019/07/04",
        ).replace(HEADER, f"{CIRCLE}: application and tuition fees waived\n{HEADER}"),
        MARKED,
    )
    assert _waivers(result) == [
        ("University of Vienna", True),
        ("University of Innsbruck", False),
        (GRAZ, True),
        (GRAZ, False),
    ]
    marks = [a for a in result.report.anomalies if a.code == "legend-mark"]
    assert [(a.lines, a.severity) for a in marks] == [((6,), "info"), ((13,), "info")]
    assert "unread-mark" not in result.report.codes()
    # The legend lines are legends, not notes or rows.
    assert {ln.kind for ln in result.lines if ln.number in (6, 13)} == {"legend"}
    assert result.report.blocking() == []


def test_the_legends_other_wordings():
    for legend in (
        "Institutions marked with \u203b have agreed to waive fees.",
        "(\u203b = tuition exemption)",
        "\u203b\u5370\u306f\u6388\u696d\u6599\u4e0d\u5fb4\u53ce",
    ):
        result = parsed("", MARKED.replace(MARKED.splitlines()[5], legend))
        assert _waivers(result)[0] == ("University of Vienna", True), legend


def test_a_mark_the_legend_gives_another_meaning_is_not_read_as_a_waiver():
    """Read as no mark; the list, saying nothing else of fee waivers, leaves
    every waiver unknown."""
    result = parsed(
        "",
        MARKED.replace(
            "\u203b indicates institutions with which tuition fees are mutually "
            "waived.",
            "\u203b indicates agreements renewed this year.",
        ),
    )
    assert _waivers(result)[0] == ("University of Vienna", None)
    assert "unread-mark" in result.report.codes()
    assert "legend-mark" not in result.report.codes()


def test_a_legend_giving_the_star_another_meaning_is_reported():
    result = parsed(
        "",
        MARKED.replace(
            "\u203b indicates institutions with which tuition fees are mutually "
            "waived.",
            "* indicates a student exchange agreement.",
        ).replace("\u203b", "* "),
    )
    [mark] = [a for a in result.report.anomalies if a.code == "legend-mark"]
    assert (mark.lines, mark.severity) == ((6,), "warning")
    assert mark in result.report.blocking()


@pytest.mark.parametrize(
    "unit_and_date",
    [
        "* GS Letters 3 June 2017",
        "* GS Letters June 3, 2017",
        "* GS Letters\u00a02017\u5e746\u67083\u65e5",
        "* GS Letters 2017\u5e746\u67083\u65e5",
    ],
)
@pytest.mark.parametrize(
    "header",
    [HEADER, "Area\tCountry / Region\tPartner Institution\tDepartment at Kita\tYear"],
    ids=["every column named", "as the 2021 list"],
)
def test_a_date_written_out_after_the_unit_in_its_cell(unit_and_date, header):
    row = f"Europe\tAustria (1)\t{GRAZ}\tSchool of Law\t{unit_and_date}"
    result = parsed(table(1, row).replace(HEADER, header))
    assert rows(result) == [(GRAZ, (), "School of Law", "GS Letters", True)]
    [row] = [r for r in result.reconciled if r.level == "department"]
    assert row.concluded_on == datetime.date(2017, 6, 3)
    assert result.report.blocking() == []


def test_a_legend_after_a_blank_line_is_read():
    # As the 2021 list sets its legends: a blank line above each.
    result = parsed("", MARKED.replace("\u203b indicates", "\n\u203b indicates"))
    assert _waivers(result)[0] == ("University of Vienna", True)
    assert [a.severity for a in result.report.anomalies if a.code == "legend-mark"] == [
        "info"
    ]


@pytest.mark.parametrize(
    "legend",
    [
        "\u203b indicates institutions with which tuition fees are NOT waived.",
        "\u203b: tuition not waived",
        # ※印は授業料免除なし
        "\u203b\u5370\u306f\u6388\u696d\u6599\u514d\u9664\u306a\u3057",
    ],
)
def test_a_legend_that_says_no_waiver_makes_its_mark_none(legend):
    result = parsed("", MARKED.replace(MARKED.splitlines()[5], legend))
    assert _waivers(result)[0] == ("University of Vienna", False)
    assert "unread-mark" in result.report.codes()


def test_a_legend_saying_stars_are_no_waiver_is_reported():
    star = MARKED.replace(
        "\u203b indicates institutions with which tuition fees are mutually waived.",
        "\n* indicates institutions with which fees are not waived.",
    ).replace("\u203b", "* ")
    result = parsed("", star)
    [mark] = [a for a in result.report.anomalies if a.code == "legend-mark"]
    assert mark.severity == "warning"


def test_a_legend_a_page_repeats_without_its_mark_is_no_partners_name():
    sentence = (
        "Where a partner institution's department has not been identified, the "
        "agreement has been concluded with the entire institution."
    )
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04",
            "",
            sentence,
            HEADER,
            "\t\t\tSchool of Arts\tGS Science\t2019/07/04",
        )
    )
    assert rows(result) == [
        (GRAZ, (), "School of Law", "GS Letters", False),
        (GRAZ, (), "School of Arts", "GS Science", False),
    ]
    [note] = [a for a in result.report.anomalies if a.code == "table-note"]
    assert note.seen == sentence and note.severity == "info"


@pytest.mark.parametrize("number", ["2", "- 2 -", "2/14", "Page 2 of 14", "p. 2"])
def test_a_pages_number_is_neither_a_country_nor_a_row(number):
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04",
            number,
            f"\t\t{GRAZ}\tSchool of Arts\tGS Science\t2019/07/04",
        ),
        UNIVERSITY.replace("Austria\n", f"Austria\n{number}\n"),
    )
    assert _waivers(result) == [
        ("Universit\u00e4t Wien / University of Vienna", True),
        (GRAZ, False),
        (GRAZ, False),
    ]
    assert result.report.blocking() == []


@pytest.mark.parametrize("printed", ["(H0.4.1)", "(\u5e73\u62100\u5e744\u67081\u65e5)"])
def test_an_eras_year_zero_is_no_date(printed):
    result = parsed("", UNIVERSITY.replace("(2009.7.5)", printed))
    assert _dates(result) == [("Universit\u00e4t Wien / University of Vienna", None)]
    assert "invalid-date" in result.report.codes()


@pytest.mark.parametrize(
    "entry",
    [
        "- Universit\u00e4t Wien / University of Vienna \u25ce (2009.7.5)",
        "- Universit\u00e4t Wien / University of Vienna (2009.7.5) \u203b",
    ],
)
def test_a_mark_after_an_entrys_name_or_date_is_left_out_and_reported(entry):
    result = parsed(
        "",
        UNIVERSITY.replace(
            "- * Universit\u00e4t Wien / University of Vienna (2009.7.5)", entry
        ),
    )
    assert _dates(result) == [
        ("Universit\u00e4t Wien / University of Vienna", datetime.date(2009, 7, 5))
    ]
    # Unread, and the list says nothing else of waivers: unknown.
    assert _waivers(result)[0][1] is None
    [mark] = [a for a in result.report.anomalies if a.code == "unread-mark"]
    assert mark.severity == "warning"


@pytest.mark.parametrize(
    "cells",
    [
        "School of Law \u25ce\tGS Letters",
        "\u25ce School of Law\tGS Letters",
        "School of Law\t\u25cb GS Letters",
    ],
)
def test_a_mark_at_a_cells_end_is_left_out_and_reported(cells):
    result = parsed(table(1, f"Europe\tAustria (1)\t{GRAZ}\t{cells}\t2018/07/04"))
    assert rows(result) == [(GRAZ, (), "School of Law", "GS Letters", False)]
    [mark] = [a for a in result.report.anomalies if a.code == "unread-mark"]
    assert mark.severity == "warning" and mark.lines == (12,)


def test_a_row_in_another_area_than_the_university_level_list_gives_is_reported():
    result = parsed(
        table(
            2,
            "Asia\tChina (1)\tPeking University\tSchool of History\tGS Letters"
            "\t2019/12/12",
            f"\tAustria (1)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04",
        ).replace("1 countries", "2 countries")
    )
    assert [r.region for r in result.reconciled if r.institution == GRAZ] == ["Asia"]
    [found] = [a for a in result.report.anomalies if a.code == "region-disagrees"]
    assert (found.lines, found.severity) == ((13,), "warning")


def test_a_table_date_in_an_unsettled_order_leaves_its_row_a_row():
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tSchool of Law\tGS Letters\t05.08.1983",
            f"\t\t{GRAZ}\tSchool of Arts\tGS Science\t2019/07/04",
        )
    )
    assert rows(result) == [
        (GRAZ, (), "School of Law", "GS Letters", False),
        (GRAZ, (), "School of Arts", "GS Science", False),
    ]
    dates = [r.concluded_on for r in result.reconciled if r.level == "department"]
    assert dates == [None, datetime.date(2019, 7, 4)]
    assert {"date-order", "invalid-date"} <= set(result.report.codes())


# The review of this layer's rules for notes, page numbers, legends and areas:
# each case read wrongly by a first version of them.


@pytest.mark.parametrize(
    ("rest", "partner", "department"),
    [
        ("\t\t8", "Universit\u00e9 Paris 8", "UFR Arts"),
        (
            "\t\t\tand the Centre for Free-Electron Laser Science at DESY in Hamburg.",
            "Universit\u00e9 Paris",
            "UFR Arts and the Centre for Free-Electron Laser Science at DESY in "
            "Hamburg.",
        ),
    ],
    ids=["a number", "a sentence"],
)
def test_a_wrapped_cells_rest_on_a_line_of_cells_stays_in_its_row(
    rest, partner, department
):
    result = parsed(
        table(
            1,
            "Europe\tAustria (1)\tUniversit\u00e9 Paris\tUFR Arts\tGS Letters"
            "\t2019/04/01",
            rest,
        )
    )
    assert rows(result) == [(partner, (), department, "GS Letters", False)]


@pytest.mark.parametrize(
    "legend",
    [
        # A narrow page wraps the legend onto a second line.
        "\u203b indicates institutions which agree upon a mutual application, "
        "matriculation and\ntuition waivers for students from the partner institution.",
        "\u203b indicates institutions with\nwhich tuition fees are waived.",
        # A "no" that does not deny the waiver.
        "\u203b indicates a mutual tuition waiver for non-degree exchange students.",
        "\u203b: tuition waived for no more than five students a year",
        "\u203b: tuition waived (application fees not included)",
    ],
)
def test_a_legend_that_wraps_or_says_no_to_something_else_still_explains_its_mark(
    legend,
):
    result = parsed("", MARKED.replace(MARKED.splitlines()[5], legend))
    assert _waivers(result)[0] == ("University of Vienna", True)
    assert "unread-mark" not in result.report.codes()


def test_a_country_under_an_area_its_own_block_prints_is_as_the_list_groups_it():
    # The university-level list puts Austria in Europe; the table, printing its
    # own Area cell for Austria's rows, in Asia: the list's own grouping.
    result = parsed(
        table(
            2,
            f"Asia\tAustria (2)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04",
            f"\t\t{GRAZ}\tSchool of Arts\tGS Science\t2019/07/04",
        )
    )
    assert "region-disagrees" not in result.report.codes()


def test_a_table_date_of_an_eras_year_zero_keeps_its_row():
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tSchool of Law\tGS Letters\tH0.4.1",
            f"\t\t{GRAZ}\tSchool of Arts\tGS Science\t2019/07/04",
        )
    )
    dates = [r.concluded_on for r in result.reconciled if r.level == "department"]
    assert dates == [None, datetime.date(2019, 7, 4)]
    assert "invalid-date" in result.report.codes()


def test_a_mark_beside_a_cells_date_is_reported():
    result = parsed(
        table(
            1,
            f"Europe\tAustria (1)\t{GRAZ}\tSchool of Law\tGS Letters"
            "\t2018/07/04 \u25ce",
        )
    )
    assert rows(result) == [(GRAZ, (), "School of Law", "GS Letters", False)]
    assert "unread-mark" in result.report.codes()


def test_a_partners_name_wrapped_in_its_own_column_continues_the_name():
    result = parsed(
        table(
            2,
            "Europe\tAustria (2)\tTechnical University of\tFaculty of Physics"
            "\tGS Science\t2011/01/01",
            "\t\tDarmstadt\t\t\t",
            f"\t\t{GRAZ}\tSchool of Law\tGS Letters\t2016/02/02",
        ).replace(
            HEADER,
            "Area\tCountry / Region\tPartner Institution\tDepartment at Kita\tYear",
        )
    )
    assert rows(result) == [
        (
            "Technical University of Darmstadt",
            (),
            "Faculty of Physics",
            "GS Science",
            False,
        ),
        (GRAZ, (), "School of Law", "GS Letters", False),
    ]
    [split] = [a for a in result.report.anomalies if a.code == "split-row"]
    assert split.field == "institution"


def test_a_name_and_its_department_wrapped_together_continue_both():
    result = parsed(
        table(
            2,
            "Europe\tAustria (2)\tTechnical University of\tDepartment of Materials"
            " and\t* GS Science\t2014/07/01",
            "\t\tDarmstadt\tEarth Sciences\t\t",
            "\t\t\t\tDepartment of Mechanical Engineering\tGS Letters\t2015/09/15",
        ).replace(
            HEADER,
            "Area\tCountry / Region\tPartner Institution\tDepartment at Kita\tYear",
        )
    )
    darmstadt = "Technical University of Darmstadt"
    assert rows(result) == [
        (
            darmstadt,
            (),
            "Department of Materials and Earth Sciences",
            "GS Science",
            True,
        ),
        (darmstadt, (), "Department of Mechanical Engineering", "GS Letters", False),
    ]
    [split] = [a for a in result.report.anomalies if a.code == "split-row"]
    assert split.severity == "info" and split.lines == (12, 13)


def dated_rows(result: ImportResult) -> list[tuple]:
    return [
        (r.institution, r.partner_department, r.home_unit, r.concluded_on)
        for r in result.reconciled
        if r.level == "department"
    ]


def codes_at(result: ImportResult, line: int) -> list[str]:
    return [a.code for a in result.report.anomalies if line in a.lines]


# The department table of `table()` starts on line 11 of `parsed`'s text.
FIRST_ROW = 12


@pytest.mark.parametrize(
    "year_cell",
    [
        "2019/12/12\uff5e2024/12/11",
        "2019/12/12 - 2024/12/11",
        "2019/12/12 to 2024/12/11",
        "2019/12/12\u301c2024/12/11",
    ],
)
def test_a_year_cell_with_the_span_it_runs_keeps_its_row_its_date_unread(year_cell):
    result = parsed(
        table(
            3,
            f"Europe\tAustria (3)\t{GRAZ}\tDepartment of History\tGS Letters\t"
            "2015/04/01",
            f"\t\tUniversity of Vienna\tFaculty of Physics\t* GS Science\t{year_cell}",
            "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
        )
    )
    assert dated_rows(result) == [
        (GRAZ, "Department of History", "GS Letters", datetime.date(2015, 4, 1)),
        ("University of Vienna", "Faculty of Physics", "GS Science", None),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2016, 5, 20)),
    ]
    anomaly = next(a for a in result.report.anomalies if a.code == "invalid-date")
    assert anomaly.lines == (FIRST_ROW + 1,)
    assert "a span of dates" in anomaly.decided


def test_a_year_cell_with_a_note_after_its_date_reads_the_date_and_reports_it():
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tDepartment of History\t* GS Letters\t"
            "2015/04/01 (renewed 2020/04/01)",
            "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
        )
    )
    assert dated_rows(result) == [
        (GRAZ, "Department of History", "GS Letters", datetime.date(2015, 4, 1)),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2016, 5, 20)),
    ]
    assert codes_at(result, FIRST_ROW) == ["entry-note"]


@pytest.mark.parametrize("year_cell", ["2019", "FY2019", "2019\u5e74\u5ea6"])
def test_a_year_cell_printing_a_year_alone_keeps_its_row(year_cell):
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tDepartment of History\tGS Letters\t"
            f"{year_cell}",
            "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
        )
    )
    assert dated_rows(result) == [
        (GRAZ, "Department of History", "GS Letters", None),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2016, 5, 20)),
    ]
    anomaly = next(a for a in result.report.anomalies if a.code == "invalid-date")
    assert anomaly.lines == (FIRST_ROW,) and "only the year" in anomaly.decided


def test_a_row_that_lost_its_blank_cells_under_a_full_header_is_a_row():
    """Under a header naming all six columns, a row printed without its blank
    Area and Country cells holds its date left of the Year column."""
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ}\tDepartment of History\t* GS Letters\t"
            "2019/08/01",
            "TU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
        )
    )
    assert dated_rows(result) == [
        (GRAZ, "Department of History", "GS Letters", datetime.date(2019, 8, 1)),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2016, 5, 20)),
    ]


HISTORY = "Department of History"


def workbook_result(
    tmp_path: Path, rows: list[list], merged: str = "", header: str = HEADER
) -> ImportResult:
    """The list as a workbook: the university-level lines, then the table
    (`merged`: a range of its rows' cells to merge, counted from its first)."""
    import openpyxl

    from accord.importer.sources import read_source

    book = openpyxl.Workbook()
    sheet = book.active
    for line in UNIVERSITY.strip().splitlines():
        sheet.append([line])
    sheet.append(["Department Level Agreements"])
    sheet.append([f"1 countries and regions, {len(rows)} institutions"])
    sheet.append(header.split("\t"))
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(row)
    if merged:
        column, start, end = merged.split(":")
        sheet.merge_cells(f"{column}{first + int(start)}:{column}{first + int(end)}")
    path = tmp_path / "list.xlsx"
    book.save(path)
    source = read_source(path)
    return run(source.text, OPTIONS, read=source.anomalies)


@pytest.mark.parametrize(
    ("year", "said"), [(2019, "only the year"), (42505, "a number, no date")]
)
def test_a_workbooks_year_column_with_a_number_keeps_its_row(tmp_path, year, said):
    rows = [
        ["Europe", "Austria (3)", GRAZ, HISTORY, "* GS Letters", "2019/08/01"],
        ["", "", "", "Faculty of Law", "GS Letters", year],
        ["", "", "TU Wien", "", "GS Science", datetime.date(2016, 5, 20)],
    ]
    result = workbook_result(tmp_path, rows, merged="C:0:1")
    assert dated_rows(result) == [
        (GRAZ, "Department of History", "GS Letters", datetime.date(2019, 8, 1)),
        (GRAZ, "Faculty of Law", "GS Letters", None),
        ("TU Wien", "", "GS Science", datetime.date(2016, 5, 20)),
    ]
    unread = [a for a in result.report.anomalies if a.code == "invalid-date"]
    assert len(unread) == 1 and said in unread[0].decided


def test_a_workbooks_date_in_the_units_cell_under_a_blank_year(tmp_path):
    rows = [
        ["Europe", "Austria (2)", GRAZ, HISTORY, "GS Letters", "2019/08/01"],
        ["", "", "TU Wien", "Faculty of Physics", "GS Science 2017/03/01", None],
    ]
    result = workbook_result(tmp_path, rows)
    assert dated_rows(result) == [
        (GRAZ, "Department of History", "GS Letters", datetime.date(2019, 8, 1)),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2017, 3, 1)),
    ]
    assert result.report.unresolved() == []


def university(*entries: str) -> ImportResult:
    return run(
        "Academic Exchange Agreements\n(as of May 1, 2022)\n\n"
        "University Level Agreements\n(Asia)\nChina\n"
        + "".join(f"{entry}\n" for entry in entries),
        OPTIONS,
    )


def entries(result: ImportResult) -> list[tuple]:
    return [
        (r.institution, r.fee_waiver, r.concluded_on, r.source_lines)
        for r in result.reconciled
    ]


def severities(result: ImportResult, code: str) -> list[str]:
    return [a.severity for a in result.report.anomalies if a.code == code]


@pytest.mark.parametrize("second", ["(2018.8.31)", "[2018.8.31]", "* (2018.8.31)"])
def test_a_second_date_after_an_entrys_own_is_a_note(second):
    result = university(f"- Tsinghua University (1998.8.31) {second}")
    assert entries(result) == [
        (
            "Tsinghua University",
            # A list printing no star nor legend says nothing of waivers.
            True if second.startswith("*") else None,
            datetime.date(1998, 8, 31),
            (7,),
        )
    ]
    assert severities(result, "entry-note") == ["warning"]


def test_a_year_in_parentheses_stays_in_the_name():
    result = university("- * Universidad Nacional (1949) (2010.4.1)")
    assert entries(result) == [
        ("Universidad Nacional (1949)", True, datetime.date(2010, 4, 1), (7,))
    ]


@pytest.mark.parametrize(
    ("line", "severity"),
    [
        (
            "- * Tsinghua University (1998.8.31) - * Nanjing University (1999.9.1)",
            "info",
        ),
        ("- * Tsinghua University (1998.8.31) * Nanjing University (1999.9.1)", "info"),
        (
            "- * Tsinghua University (1998.8.31)     Nanjing University (1999.9.1)",
            "warning",
        ),
        (
            "- * Tsinghua University (1998.8.31) - Nanjing University (1999.9.1)",
            "warning",
        ),
    ],
)
def test_two_entries_on_one_line_are_two(line, severity):
    result = university(line, "- Fudan University (2001.4.19)")
    assert entries(result) == [
        ("Tsinghua University", True, datetime.date(1998, 8, 31), (7,)),
        (
            "Nanjing University",
            "*" in line.split(")")[1],
            datetime.date(1999, 9, 1),
            (7,),
        ),
        ("Fudan University", False, datetime.date(2001, 4, 19), (8,)),
    ]
    assert severities(result, "entries-on-one-line") == [severity]


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        (
            "- * National University of",
            "Singapore (2000.2.2)",
            "National University of Singapore",
        ),
        (
            "- * Universidad Nacional de",
            "Colombia (2000.2.2)",
            "Universidad Nacional de Colombia",
        ),
    ],
)
def test_a_name_wrapped_where_no_name_ends_is_joined(first, second, name):
    result = university(first, second, "- Fudan University (2001.4.19)")
    assert entries(result) == [
        (name, True, datetime.date(2000, 2, 2), (7, 8)),
        ("Fudan University", False, datetime.date(2001, 4, 19), (9,)),
    ]
    assert severities(result, "split-row") == ["info"]
    assert severities(result, "missing-bullet") == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("- * King Mongkut's University of Technology", "Thonburi (2005.2.1)"),
        # A comma does not tell: the first may be an entry of its own.
        ("- * Zhejiang University,", "Fudan University (2001.4.19)"),
        ("- * University of California,", "Berkeley (1990.3.15)"),
    ],
)
def test_an_undated_entry_above_a_line_without_bullet_is_a_warning(first, second):
    """Read as printed (two entries), but one name wrapped looks the same."""
    result = university(first, second)
    assert len(entries(result)) == 2
    anomaly = next(a for a in result.report.anomalies if a.code == "split-row")
    assert anomaly.severity == "warning" and anomaly.lines == (7, 8)


def test_a_dash_and_a_lowercase_word_after_the_date_is_no_second_entry():
    result = university(
        "- * A University (2001.1.1) - renewed (2011.1.1)",
        "- Fudan University (2001.4.19)",
    )
    names = [r.institution for r in result.reconciled]
    assert "renewed" not in names
    assert "entries-on-one-line" not in result.report.codes()


def kita_department(*lines: str, header: str = HEADER, total: int | None = None):
    counted = f"1 countries and regions, {total} institutions\n" if total else ""
    return run(
        UNIVERSITY
        + f"Department Level Agreements\n{counted}{header}\n"
        + "".join(f"{line}\n" for line in lines),
        OPTIONS,
    )


def test_a_span_wrapped_in_the_year_column_stays_one_row():
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t2015/04/01 -",
        "\t\t\t\t\t2020/03/31",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", None),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2016, 5, 20)),
    ]
    [unread] = [a for a in result.report.anomalies if a.code == "invalid-date"]
    assert "a span of dates" in unread.decided


def test_a_stray_digit_in_a_continuation_lines_year_cell_makes_no_row():
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t2015/04/01",
        "\t\t\tand Archaeology\t\t1",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert [r[:2] for r in dated_rows(result)] == [
        (GRAZ, "Department of History and Archaeology"),
        ("TU Wien", "Faculty of Physics"),
    ]


def test_two_cells_under_a_cut_name_whose_department_ends_are_a_row_of_their_own():
    """Only a department that goes on too makes the line the rest of both."""
    result = kita_department(
        "Europe\tAustria (2)\tTechnical University of\tDepartment of Materials"
        "\tGS Science\t2014/07/01",
        "\t\tTU Wien\tFaculty of Physics\t\t",
        "\t\t\t\tGS Letters\t2015/09/15",
        header=HEADER.replace("\tDepartment\t", "\t"),
        total=2,
    )
    assert dated_rows(result)[-1][:2] == ("TU Wien", "Faculty of Physics")


def test_a_year_cell_with_a_date_and_a_second_date_reads_the_first():
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t2015/04/01 (2020/04/01)",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert dated_rows(result)[0][3] == datetime.date(2015, 4, 1)
    assert "entry-note" in result.report.codes()


def test_a_year_alone_after_a_unit_cell_holding_the_date_leaves_the_date_read():
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters 2015/04/01\t2019",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
        header="",
    )
    assert dated_rows(result)[0][2:] == ("GS Letters", datetime.date(2015, 4, 1))


# Labels printed one row early down a chain of countries (written with its
# truth by an adversarial reading): lines 39 and 41 are Korea's and Mongolia's.
LABELS_EARLY = Path(__file__).parent / "lists" / "labels_early_chain.txt"


def test_a_blocks_edge_row_the_university_list_places_next_door_is_reported():
    """Mongolia (2) and Philippines (2) hold their counts, yet their first
    rows are Korea's and Mongolia's partners: each such row is reported."""
    from accord.importer.bundled import load_edition

    text = LABELS_EARLY.read_text(encoding="utf-8")
    result = run(text, load_edition().options)
    lines = text.split("\n")
    flagged = {
        lines[line - 1].split("\t")[2]
        for a in result.report.anomalies
        if a.code == "country-disagrees"
        for line in a.lines
    }
    assert flagged == {"Pusan National University", "National University of Mongolia"}


def university_table(header: str, *rows: str) -> ImportResult:
    return run(
        "Academic Exchange Agreements\n(as of May 1, 2022)\n\n"
        "University Level Agreements\nTotal of 3 institutions\n"
        + "".join(f"{line}\n" for line in (header, *rows)),
        OPTIONS,
    )


def table_entries(result: ImportResult) -> list[tuple]:
    return [
        (r.country_code, r.institution, r.fee_waiver, r.concluded_on)
        for r in result.reconciled
    ]


PEKING = ("CN", "Peking University", True, datetime.date(2005, 4, 1))
FUDAN = ("CN", "Fudan University", False, datetime.date(2007, 11, 20))
SEOUL = ("KR", "Seoul National University", True, datetime.date(2001, 3, 15))


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        (
            "No.\tCountry\tInstitution\tDate of Conclusion\tFee waiver",
            (
                "1\tChina\tPeking University\t2005/04/01\tYes",
                "2\tChina\tFudan University\t2007/11/20\tNo",
                "3\tKorea\tSeoul National University\t2001/03/15\tYes",
            ),
        ),
        (
            "Country\tPartner Institution\tDate\tTuition waiver",
            (
                "China\tPeking University\t2005/04/01\t\u25cb",
                "\tFudan University\t2007/11/20\t-",
                "Korea\tSeoul National University\t2001/03/15\t\u25cb",
            ),
        ),
        (
            "No.\tCountry\tInstitution\tDate of Conclusion",
            (
                "1\tChina\t* Peking University\t2005/04/01",
                "2\tChina\tFudan University\t2007/11/20",
                "3\tKorea\t* Seoul National University\t2001/03/15",
            ),
        ),
        (
            "Region\tCountry\tPartner Institution\tDate\tFee waiver",
            (
                "Asia\tChina\tPeking University\t2005/04/01\t*",
                "\t\tFudan University\t2007/11/20",
                "\tKorea\tSeoul National University\t2001/03/15\t*",
            ),
        ),
    ],
)
def test_a_university_table_with_row_numbers_or_a_waiver_column(header, rows):
    result = university_table(header, *rows)
    assert table_entries(result) == [PEKING, FUDAN, SEOUL]
    assert result.report.unresolved() == []


def test_a_university_tables_month_without_its_day_keeps_its_row():
    result = university_table(
        "Country\tInstitution\tDate",
        "China\tPeking University\t2019/04",
        "\tFudan University\t2007/11/20",
        "Korea\tSeoul National University\t2001/03/15",
    )
    assert [(r.institution, r.concluded_on) for r in result.reconciled] == [
        ("Peking University", None),
        ("Fudan University", datetime.date(2007, 11, 20)),
        ("Seoul National University", datetime.date(2001, 3, 15)),
    ]
    unread = [a.lines for a in result.report.anomalies if a.code == "invalid-date"]
    assert unread == [(7,)]


def test_a_cell_after_the_date_under_no_waiver_column_is_reported():
    result = university_table(
        "Country\tInstitution\tDate",
        "China\tPeking University\t2005/04/01\tYes",
        "\tFudan University\t2007/11/20",
        "Korea\tSeoul National University\t2001/03/15",
    )
    # The cell unread, the list says nothing of waivers: each unknown.
    assert [r.fee_waiver for r in result.reconciled] == [None, None, None]
    [extra] = [a for a in result.report.anomalies if a.code == "extra-cells"]
    assert extra.lines == (7,) and extra.field == "fee_waiver"


@pytest.mark.parametrize(
    "year_cell",
    ["April 2019", "2019-2024", "FY2019-FY2023", "2019/04", "2019/12/12 to present"],
)
def test_a_year_cell_holding_a_year_among_other_text_keeps_its_row(year_cell):
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t{year_cell}",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", None),
        ("TU Wien", "Faculty of Physics", "GS Science", datetime.date(2016, 5, 20)),
    ]
    assert severities(result, "invalid-date") == ["warning"]


@pytest.mark.parametrize("year_cell", ["2015/04/01 2020/04/01", "expired 2020/03/31"])
def test_a_year_cell_with_more_than_its_date_leaves_the_date_unread(year_cell):
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t{year_cell}",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert dated_rows(result)[0] == (GRAZ, HISTORY, "GS Letters", None)
    assert severities(result, "invalid-date") == ["warning"]


def test_a_date_and_its_hour_read_the_date():
    result = kita_department(
        f"Europe\tAustria (1)\t{GRAZ}\t{HISTORY}\tGS Letters\t2019/12/12 10:00",
    )
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", datetime.date(2019, 12, 12))
    ]


def test_a_unit_printed_with_the_date_in_the_year_cell_is_read():
    result = kita_department(
        f"Europe\tAustria (1)\t{GRAZ}\t{HISTORY}\t\tGS Letters 2019/08/01",
    )
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", datetime.date(2019, 8, 1))
    ]


@pytest.mark.parametrize(
    "tail", [", (2018.8.31)", "; (2018.8.31)", " renewed 2018.8.31", " 2018.8.31"]
)
def test_a_second_date_in_other_shapes_is_a_note_too(tail):
    result = university(f"- Tsinghua University (1998.8.31){tail}")
    assert entries(result) == [
        ("Tsinghua University", None, datetime.date(1998, 8, 31), (7,))
    ]
    assert severities(result, "entry-note") == ["warning"]


@pytest.mark.parametrize(
    ("line", "severity"),
    [
        (
            "12. * Tsinghua University (1998.8.31) 13. Nanjing University (1999.9.1)",
            "info",
        ),
        ("- Tsinghua University (1998.8.31); Nanjing University (1999.9.1)", "warning"),
        ("- Tsinghua University (1998.8.31), Nanjing University (1999.9.1)", "warning"),
    ],
)
def test_entries_numbered_or_separated_by_punctuation_on_one_line(line, severity):
    result = university(line)
    assert [e[0] for e in entries(result)] == [
        "Tsinghua University",
        "Nanjing University",
    ]
    assert severities(result, "entries-on-one-line") == [severity]


def test_a_country_heading_under_a_cut_name_is_the_rest_of_it():
    result = run(
        "Academic Exchange Agreements\n(as of May 1, 2022)\n\n"
        "University Level Agreements\n(North America)\nU.S.A.\n"
        "- * University of\nGeorgia\n- Emory University (2011.1.1)\n",
        OPTIONS,
    )
    assert [
        (r.institution, r.country_code, r.source_lines) for r in result.records
    ] == [
        ("University of Georgia", "US", (7, 8)),
        ("Emory University", "US", (9,)),
    ]
    anomaly = next(a for a in result.report.anomalies if a.code == "split-row")
    assert anomaly.lines == (7, 8) and anomaly.severity == "warning"


def test_a_counted_country_heading_under_a_cut_name_stays_a_heading():
    result = run(
        "Academic Exchange Agreements\n(as of May 1, 2022)\n\n"
        "University Level Agreements\n(Europe)\nFrance\n"
        "- * University of\nGeorgia (1)\n- Tbilisi State University (2011.1.1)\n",
        OPTIONS,
    )
    assert [(r.institution, r.country_code) for r in result.records] == [
        ("University of", "FR"),
        ("Tbilisi State University", "GE"),
    ]
    doubt = next(a for a in result.report.anomalies if a.code == "split-row")
    assert (doubt.lines, doubt.field, doubt.severity) == (
        (7, 8),
        "country_code",
        "warning",
    )


@pytest.mark.parametrize("year", ["April 2019", "FY2019-FY2023", "2019/04"])
def test_a_unit_cell_holding_a_year_that_is_no_date_keeps_its_row(year):
    """The 2021 list's own layout: the unit and its date in one cell."""
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters 2015/04/01",
        f"\t\tTU Wien\tFaculty of Physics\tGS Science {year}",
        header=HEADER.replace("\tDepartment\t", "\t"),
    )
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", datetime.date(2015, 4, 1)),
        ("TU Wien", "Faculty of Physics", "GS Science", None),
    ]
    assert severities(result, "invalid-date") == ["warning"]


@pytest.mark.parametrize(
    "line",
    [
        "- Tsinghua University (1998.8.31) * - Nanjing University (1999.9.1)",
        "- * Tsinghua University (date unknown) - * Nanjing University (1999.9.1)",
        "- * Tsinghua University (1998.8.31) (renewed) - * Fudan University (1999.9.1)",
    ],
)
def test_a_name_holding_a_date_is_never_read_silently(line):
    result = university(line)
    assert any(
        a.code == "entry-note" and a.severity == "warning" and a.lines == (7,)
        for a in result.report.anomalies
    )


def test_a_dash_and_a_lowercase_note_after_the_date_is_a_note():
    result = university("- * Fudan University (2005.3.1) - renewed (2010.3.1)")
    assert entries(result) == [
        ("Fudan University", True, datetime.date(2005, 3, 1), (7,))
    ]
    assert severities(result, "entry-note") == ["warning"]


@pytest.mark.parametrize("year_cell", ["H28", "2016.5", "19/07/09", "'19/07/09"])
def test_a_year_cell_of_digits_that_is_no_date_keeps_its_row(year_cell):
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t{year_cell}",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert [r[0] for r in dated_rows(result)] == [GRAZ, "TU Wien"]
    assert dated_rows(result)[0][3] is None


def test_a_date_cut_by_the_year_columns_width_stays_one_row():
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t2015/04/",
        "\t\t\t\t\t01",
        "\t\tTU Wien\tFaculty of Physics\tGS Science\t2016/05/20",
    )
    assert [r[0] for r in dated_rows(result)] == [GRAZ, "TU Wien"]


def test_a_blank_year_beside_a_date_in_a_column_of_its_own_keeps_the_row():
    """A "Valid until" column after the Year: a row whose Year is blank is a
    row still, its date concluded unknown (the other date is no such day)."""
    result = kita_department(
        f"Europe\tAustria (2)\t{GRAZ}\t{HISTORY}\tGS Letters\t2019/08/01\t2024/07/31",
        "\t\tTU Wien\t\tGS Science\t\t2023/03/31",
        header=f"{HEADER}\tValid until",
    )
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", datetime.date(2019, 8, 1)),
        ("TU Wien", "", "GS Science", None),
    ]
    [unread] = [a for a in result.report.anomalies if a.code == "invalid-date"]
    assert "another column" in unread.decided


def test_a_row_that_lost_its_unit_cell_has_its_waiver_unknown_not_refused():
    # The `*` is printed with the unit: a row without its unit cell says nothing
    # of the waiver; a lone `*` still says it, and a unit without one says no.
    result = parsed(
        table(
            3,
            f"Europe\tAustria (3)\t{GRAZ}\tSchool of Law\t\t2018/07/04",
            "\t\t\tSchool of Music\t*\t2019/07/04",
            "\t\t\tSchool of Art\tGS Letters\t2020/07/04",
        )
    )
    assert [r[2:] for r in rows(result)] == [
        ("School of Law", "", None),
        ("School of Music", "", True),
        ("School of Art", "GS Letters", False),
    ]
    missing = [a for a in result.report.anomalies if a.code == "missing-home-unit"]
    assert [(a.lines, "fee waiver unknown" in a.decided) for a in missing] == [
        ((12,), True),
        ((13,), False),
    ]


# An area of each continent, for a country printed under its own.
_AREAS = {"142": "Asia", "150": "Europe", "019": "North America", "009": "Oceania",
          "002": "Africa"}  # fmt: skip


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Macau, China", "MO"),
        ("China (Mainland)", "CN"),
        ("ROK", "KR"),
        ("Korea (ROK)", "KR"),
        ("Taiwan (ROC)", "TW"),
        ("Hong Kong (China)", "HK"),
        # A state, a province or a nation beside its country, either way round.
        ("Georgia, USA", "US"),
        ("Ontario, Canada", "CA"),
        ("Scotland, UK", "GB"),
        ("USA (Hawaii)", "US"),
        ("USA - Texas", "US"),
        ("Australia (Queensland)", "AU"),
        ("UK (England)", "GB"),
        # The country's own name, its accents left out or not.
        ("Espana", "ES"),
        ("Osterreich", "AT"),
        ("\u00d6sterreich", "AT"),
        ("Polska", "PL"),
        ("Polen", "PL"),
        ("Deutschland", "DE"),
        ("Brasil", "BR"),
        ("Italia", "IT"),
        ("S. Korea", "KR"),
        ("Czech Rep.", "CZ"),
        ("Sverige", "SE"),
        ("Suomi", "FI"),
        # With its own name in its own script, in brackets.
        (
            "Georgia (\u10e1\u10d0\u10e5\u10d0\u10e0\u10d7\u10d5\u10d4\u10da\u10dd)",
            "GE",
        ),
        ("Thailand (\u0e1b\u0e23\u0e30\u0e40\u0e17\u0e28\u0e44\u0e17\u0e22)", "TH"),
    ],
)
def test_country_labels_as_other_lists_print_them_are_placed(label, code):
    result = parsed(
        "",
        "University Level Agreements\nTotal of 1 institutions\n"
        f"({_AREAS[country_continent(code) or '']})\n"
        f"{label}\n- * Example University (2009.7.5)\n",
    )
    assert [(r.country_code, r.institution) for r in result.reconciled] == [
        (code, "Example University")
    ]
    assert result.report.blocking() == []


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Georgia", "GE"),
        ("Taiwan, Japan", None),
        ("Fudan University", None),
        # Territories with codes of their own: not a state of the country beside.
        ("Puerto Rico, USA", None),
        ("Guam (USA)", None),
        # A city's name, an English word: no country's name in another language.
        ("Granada", None),
        ("Island", None),
    ],
)
def test_a_label_naming_another_country_or_none_is_not_placed_by_its_parts(label, code):
    from accord.core.countries import resolve_country

    found = resolve_country(label)
    assert (found.code if found else None) == code


NUMBERED_HEADER = f"No.\t{HEADER}"


def test_a_department_tables_column_of_row_numbers_is_left_out():
    result = parsed(
        "Department Level Agreements\n1 countries and regions, 3 institutions\n"
        f"{NUMBERED_HEADER}\n"
        f"1\tEurope\tAustria (3)\t{GRAZ}\tSchool of Law\t* GS Letters\t2018/07/04\n"
        "2\t\t\t\tSchool of Music and\tGS Letters\t2019/07/04\n"
        "\t\t\t\tPerforming Arts\n"
        "Page 2\n"
        f"{NUMBERED_HEADER}\n"
        "3.\t\t\tTU Wien\t\tGS Science\t2016/05/20\n"
    )
    assert rows(result) == [
        (GRAZ, (), "School of Law", "GS Letters", True),
        (GRAZ, (), "School of Music and Performing Arts", "GS Letters", False),
        ("TU Wien", (), "", "GS Science", False),
    ]
    numbers = [a for a in result.report.anomalies if a.code == "row-numbers"]
    assert [(a.lines, a.severity) for a in numbers] == [((11,), "info")]
    assert result.report.blocking() == []


def test_a_workbooks_column_of_row_numbers_is_left_out(tmp_path):
    rows = [
        [1, "Europe", "Austria (2)", GRAZ, HISTORY, "* GS Letters", "2019/08/01"],
        [2, "", "", "TU Wien", "", "GS Science", datetime.date(2016, 5, 20)],
    ]
    result = workbook_result(tmp_path, rows, header=NUMBERED_HEADER)
    assert dated_rows(result) == [
        (GRAZ, HISTORY, "GS Letters", datetime.date(2019, 8, 1)),
        ("TU Wien", "", "GS Science", datetime.date(2016, 5, 20)),
    ]
    assert result.report.blocking() == []


FOOTNOTED = """University Level Agreements
Total of 5 institutions
(Asia)
China
- * Fudan University 1) (2005.3.1)
- Peking University (2001.5.5) 2)
- Zhejiang University\u00b9 (2002.2.2)
- * Wuhan University*1 (2003.3.3)
(Europe)
France
- Universit\u00e9 Panth\u00e9on-Sorbonne (Paris 1) (2010.1.1)

1) Agreement under renewal.
2) Student exchange only.
"""


def test_footnote_marks_are_left_out_of_names_and_footnotes_are_no_entries():
    result = parsed("", FOOTNOTED)
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("Fudan University", True),
        ("Peking University", False),
        ("Zhejiang University", False),
        ("Wuhan University", True),
        ("Universit\u00e9 Panth\u00e9on-Sorbonne (Paris 1)", False),
    ]
    marks = [a for a in result.report.anomalies if a.code == "footnote-mark"]
    assert [(a.lines, a.severity) for a in marks] == [
        ((5,), "info"),
        ((6,), "info"),
        ((7,), "info"),
        ((8,), "info"),
    ]
    assert "line 13: Agreement under renewal." in marks[0].decided
    notes = [a.lines for a in result.report.anomalies if a.code == "table-note"]
    assert notes == [(13,), (14,)]
    assert result.report.blocking() == []


def test_footnotes_under_a_notes_heading_and_in_a_table_are_notes():
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ} 1)\tSchool of Law a\tGS Letters\t2018/07/04",
            "\t\tTU Wien\u00b2\t\tGS Science\t2016/05/20",
        )
        + "\n1) renewed in 2020\na) joint supervision programme\n",
        UNIVERSITY + "Notes\n1. Dates are those of the first agreement.\n",
    )
    assert [r[0] for r in rows(result)] == [GRAZ, "TU Wien"]
    assert rows(result)[0][2] == "School of Law"
    assert len([r for r in result.reconciled if r.level == "university"]) == 1
    notes = [a.lines for a in result.report.anomalies if a.code == "table-note"]
    assert notes == [(9,), (10,), (17,), (18,)]
    assert result.report.blocking() == []


def test_a_numbered_entry_that_lost_its_date_stays_an_entry():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 2 institutions\n(Asia)\nChina\n"
        "1) Fudan University\n2) Peking University (2001.5.5)\n",
    )
    assert [(r.institution, r.concluded_on) for r in result.reconciled] == [
        ("Fudan University", None),
        ("Peking University", datetime.date(2001, 5, 5)),
    ]


def test_a_name_ending_with_a_lone_letter_no_footnote_explains_is_doubted():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 1 institutions\n(Asia)\nChina\n"
        "- * Nanjing University a (2001.1.1)\n",
    )
    assert [r.institution for r in result.reconciled] == ["Nanjing University a"]
    [doubt] = [a for a in result.report.anomalies if a.code == "footnote-mark"]
    assert (doubt.lines, doubt.severity) == ((5,), "warning")


def test_a_name_wrapped_over_three_lines_is_one_entry():
    result = run(
        "Academic Exchange Agreements\n\nUniversity Level Agreements\n"
        "(International Organization)\nInternational Organization\n"
        "- * United Nations University - Institute for the\nAdvanced Study of\n"
        "Sustainability (UNU-IAS) (2018.3.8)\n"
        "- International Atomic Energy Agency (2010.1.1)\n",
        OPTIONS,
    )
    assert [
        (r.institution, r.concluded_on, r.source_lines) for r in result.records
    ] == [
        (
            "United Nations University - Institute for the Advanced Study of "
            "Sustainability (UNU-IAS)",
            datetime.date(2018, 3, 8),
            (6, 7, 8),
        ),
        ("International Atomic Energy Agency", datetime.date(2010, 1, 1), (9,)),
    ]
    [joined] = [a for a in result.report.anomalies if a.code == "split-row"]
    assert (joined.lines, joined.severity) == ((6, 7, 8), "info")
    assert result.report.blocking() == []


def test_a_name_wrapped_across_a_page_break_is_one_entry():
    title = "Academic Exchange Agreements with Foreign Institutions"
    result = run(
        f"{title}\n\nUniversity Level Agreements\n(Asia)\nSingapore\n"
        "- * Nanyang Technological University (2008.1.1)\n"
        "- * National University of\n\n"
        f"{title}\nUniversity Level Agreements\n2\n"
        "Singapore (2000.2.2)\n- Singapore Management University (2012.2.2)\n",
        OPTIONS,
    )
    assert [(r.institution, r.concluded_on) for r in result.records] == [
        ("Nanyang Technological University", datetime.date(2008, 1, 1)),
        ("National University of Singapore", datetime.date(2000, 2, 2)),
        ("Singapore Management University", datetime.date(2012, 2, 2)),
    ]
    assert result.records[1].source_lines == (7, 12)


DOUBLE_STAR = """University Level Agreements
Total of 4 institutions
* indicates institutions with which tuition fees are mutually waived.
** indicates institutions with which only the application fee is waived.
(Asia)
China
- * Fudan University (2005.3.1)
- ** Peking University (2001.5.5)
- Nanjing University (2001.1.1) **
- Zhejiang University (2002.2.2)
"""


def test_a_double_star_the_legend_gives_its_own_meaning_is_no_waiver():
    result = parsed("", DOUBLE_STAR)
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("Fudan University", True),
        ("Peking University", False),
        ("Nanjing University", False),
        ("Zhejiang University", False),
    ]
    unread = [a for a in result.report.anomalies if a.code == "unread-mark"]
    assert [(a.lines, a.field) for a in unread] == [
        ((8,), "fee_waiver"),
        ((9,), "fee_waiver"),
    ]
    assert "line 4" in unread[0].decided


def test_a_double_star_alone_in_the_legend_for_the_waiver_is_the_waiver():
    text = DOUBLE_STAR.replace(
        "* indicates institutions with which tuition fees are mutually waived.\n", ""
    ).replace(
        "** indicates institutions with which only the application fee",
        "** indicates institutions with which the tuition fee",
    )
    result = parsed("", text)
    # The single star keeps its usual reading; the double one is the waiver too.
    assert [r.fee_waiver for r in result.reconciled] == [True, True, True, False]
    assert [a.code for a in result.report.anomalies if a.field == "fee_waiver"] == [
        "legend-mark"
    ]


def test_a_shifted_rows_lone_cell_under_a_full_header_is_a_reported_guess():
    # Both rows lost their leading blank cells: whether each name is a new
    # partner or an institute of the one above, no position can tell.
    result = parsed(
        table(
            3,
            f"Europe\tAustria (3)\t{GRAZ}\tInstitute of Physics\tGS Science\t"
            "2008/08/08",
            "Institute of Chemistry\tGS Science\t2009/09/09",
            "Graz Institute of Molecular Biology\tGS Science\t2010/10/10",
        )
    )
    roles = [a for a in result.report.anomalies if a.code == "cell-role"]
    assert [(a.lines, a.severity) for a in roles] == [
        ((13,), "warning"),
        ((14,), "warning"),
    ]
    assert result.report.blocking() != []


TWO_COLUMN_ENTRIES = [
    "(Asia)",
    "China",
    "- * Fudan University (2005.3.1)",
    "- * Tsinghua University (1998.8.31)",
    "- Peking University (2001.5.5)",
    "Korea",
    "- * Seoul National University (1990.4.1)",
    "- * Korea University (2002.5.20)",
    "(Europe)",
    "Germany",
    "- * RWTH Aachen University (2010.3.1)",
    "- * Technical University of Munich (2012.9.19)",
    "France",
    "- * \u00c9cole Centrale de Lyon (1999.5.12)",
    "- University of Lorraine (2016.6.1)",
    "- * Universit\u00e9 Paris 8 (2010.4.1)",
]


def test_a_pdf_set_in_two_columns_is_read_column_by_column(tmp_path):
    import html

    from weasyprint import HTML

    from accord.importer.sources import read_source

    body = "".join(f"<p>{html.escape(line)}</p>" for line in TWO_COLUMN_ENTRIES)
    page = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2cm}"
        "body{font:10pt sans-serif}.cols{column-count:2;column-gap:1cm}"
        "p{margin:0 0 3pt 0}</style></head><body>"
        "<p>Academic Exchange Agreements with Foreign Institutions</p>"
        "<p>(as of May 1, 2022)</p><p>University Level Agreements</p>"
        f"<p>Total of 10 institutions</p><div class=cols>{body}</div></body></html>"
    )
    path = tmp_path / "list.pdf"
    HTML(string=page).write_pdf(path)
    source = read_source(path)
    result = run(source.text, OPTIONS, read=source.anomalies)
    assert [(r.country_code, r.institution) for r in result.reconciled] == [
        ("CN", "Fudan University"),
        ("CN", "Tsinghua University"),
        ("CN", "Peking University"),
        ("KR", "Seoul National University"),
        ("KR", "Korea University"),
        ("DE", "RWTH Aachen University"),
        ("DE", "Technical University of Munich"),
        ("FR", "\u00c9cole Centrale de Lyon"),
        ("FR", "University of Lorraine"),
        ("FR", "Universit\u00e9 Paris 8"),
    ]
    assert all(r.concluded_on for r in result.reconciled)
    assert result.report.blocking() == []


def test_a_name_wrapped_after_a_dash_and_before_its_date_alone_is_one_entry():
    result = run(
        "Academic Exchange Agreements\n\nUniversity Level Agreements\n"
        "(International Organization)\nInternational Organization\n"
        "- * United Nations University -\nInstitute for the Advanced Study\n"
        "of Sustainability (UNU-IAS)\n(2018.3.8)\n"
        "- * International Atomic Energy Agency\n(2010.1.1)\n",
        OPTIONS,
    )
    assert [
        (r.institution, r.concluded_on, r.source_lines) for r in result.records
    ] == [
        (
            "United Nations University - Institute for the Advanced Study of "
            "Sustainability (UNU-IAS)",
            datetime.date(2018, 3, 8),
            (6, 7, 8, 9),
        ),
        ("International Atomic Energy Agency", datetime.date(2010, 1, 1), (10, 11)),
    ]
    assert result.report.blocking() == []


def test_footnotes_leave_a_countrys_count_and_numbered_entries_alone():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 4 institutions\n(Asia)\nChina (1)\n"
        "- * Fudan University 1) (2005.3.1)\n- Peking University (2001.5.5)\n"
        "Korea (2)\n1) Korea University\u00b2 (2001.1.1)\n2) Yonsei University\n"
        "3) Samsung Co., Ltd.\n\n1) Agreement under renewal.\n",
    )
    assert [r.institution for r in result.reconciled] == [
        "Fudan University",
        "Peking University",
        "Korea University",
        "Yonsei University",
        "Samsung Co., Ltd.",
    ]
    # China's count, still checked: it prints two entries.
    checked = [a.lines for a in result.report.anomalies if a.code == "checksum"]
    assert (4,) in checked


def test_an_inverted_article_is_no_cut_name():
    result = run(
        "Academic Exchange Agreements\n\nUniversity Level Agreements\n(Asia)\n"
        "Hong Kong\n- Chinese University of Hong Kong, The\nSingapore\n"
        "- National University of Singapore (2000.2.2)\n",
        OPTIONS,
    )
    assert [(r.institution, r.country_code) for r in result.records] == [
        ("Chinese University of Hong Kong, The", "HK"),
        ("National University of Singapore", "SG"),
    ]


@pytest.mark.parametrize(
    ("legend", "waivers", "unread"),
    [
        # The double star explained alone, as no waiver: left out, reported.
        ("** indicates a student exchange agreement only.\n", [True, False], [7]),
        # The single star no waiver, the double one the waiver: the waiver.
        (
            "* indicates a student exchange agreement only.\n"
            "** indicates institutions with which tuition fees are waived.\n",
            [True, True],
            [],
        ),
    ],
)
def test_a_double_star_is_read_as_its_legend_says(legend, waivers, unread):
    result = parsed(
        "",
        f"University Level Agreements\nTotal of 2 institutions\n{legend}(Asia)\n"
        "China\n- * Fudan University (2005.3.1)\n- ** Peking University (2001.5.5)\n",
    )
    assert [r.fee_waiver for r in result.reconciled] == waivers
    unread_lines = [
        a.lines[0] for a in result.report.anomalies if a.code == "unread-mark"
    ]
    assert unread_lines == unread


def test_row_numbers_stop_at_a_header_without_them_and_read_sub_numbers():
    result = parsed(
        "Department Level Agreements\n1 countries and regions, 3 institutions\n"
        f"{NUMBERED_HEADER}\n"
        f"1\tEurope\tAustria (3)\t{GRAZ}\tSchool of Law\tGS Letters\t2018/07/04\n"
        "1-1\t\t\t\tSchool of Music\tGS Letters\t2019/07/04\n"
        f"{HEADER}\n"
        "\t\tTU Wien\t\tGS Science\t2016/05/20\n"
    )
    assert [(r[0], r[2]) for r in rows(result)] == [
        (GRAZ, "School of Law"),
        (GRAZ, "School of Music"),
        ("TU Wien", ""),
    ]


def test_a_list_printing_its_stars_by_the_partner_says_no_waiver_without_a_unit():
    # The star is not printed with the unit here: a row without its unit still
    # printed the cell that would carry the mark.
    result = parsed(
        table(
            2,
            f"Europe\tAustria (2)\t{GRAZ} *\tSchool of Law\tGS Letters\t2018/07/04",
            "\t\tTU Graz\t\t\t2019/07/04",
        )
    )
    assert [(r[0], r[3], r[4]) for r in rows(result)] == [
        (GRAZ, "GS Letters", True),
        ("TU Graz", "", False),
    ]


def test_a_country_printed_with_none_has_no_agreement():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 1 institutions\n(Asia)\nMongolia\n"
        "- None\nNepal\n(none)\nBhutan\n- (no agreement at present)\nLaos\n- N/A\n"
        "Thailand\n- Mahidol University (2003.1.1)\n",
    )
    assert [(r.country_code, r.institution) for r in result.reconciled] == [
        ("TH", "Mahidol University")
    ]
    notes = [a.lines for a in result.report.anomalies if a.code == "table-note"]
    assert notes == [(5,), (7,), (9,), (11,)]
    assert result.report.blocking() == []


@pytest.mark.parametrize("printed_as", ["text", "workbook"])
def test_a_department_tables_fee_waiver_column_is_read(tmp_path, printed_as):
    header = f"{HEADER}\tFee waiver"
    cells = [
        ["Europe", "Austria (4)", GRAZ, HISTORY, "GS Letters", "2019/08/01", "Yes"],
        ["", "", "TU Wien", "", "GS Science", "2016/05/20", "No"],
        ["", "", "JKU Linz", "", "GS Science", "2017/05/20", "\u25cb"],
        ["", "", "Uni Wien", "", "GS Letters", "2018/05/20", "maybe"],
    ]
    if printed_as == "text":
        result = parsed(
            table(4, *("\t".join(row) for row in cells)).replace(HEADER, header)
        )
    else:
        result = workbook_result(tmp_path, cells, header=header)
    assert [(r.institution, r.fee_waiver) for r in result.reconciled[1:]] == [
        (GRAZ, True),
        ("TU Wien", False),
        ("JKU Linz", True),
        # Neither yes nor no: unknown, and a person asked (never "no waiver").
        ("Uni Wien", None),
    ]
    read = [a.severity for a in result.report.anomalies if a.code == "waiver-column"]
    assert read == ["info", "warning"]


def test_a_university_table_with_its_places_in_rows_of_their_own(tmp_path):
    import openpyxl

    from accord.importer.sources import read_source

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Academic Exchange Agreements with Foreign Institutions"])
    sheet.append(["University Level Agreements"])
    sheet.append(["(as of May 1, 2022)"])
    sheet.append(["Institution", "Date of Conclusion", "Fee waiver"])
    rows = [
        ["Asia"],
        ["China"],
        ["Fudan University", "2005/03/01", "Yes"],
        ["Peking University", "2001/05/05", "No"],
        ["Europe"],
        ["France"],
        ["Universit\u00e9 Paris 8", "2008/04/01", "No"],
    ]
    for row in rows:
        sheet.append(row)
        if len(row) == 1:  # a place merged across the table
            sheet.merge_cells(f"A{sheet.max_row}:C{sheet.max_row}")
    path = tmp_path / "list.xlsx"
    book.save(path)
    source = read_source(path)
    result = run(source.text, OPTIONS, read=source.anomalies)
    assert [
        (r.country_code, r.institution, r.fee_waiver) for r in result.reconciled
    ] == [
        ("CN", "Fudan University", True),
        ("CN", "Peking University", False),
        ("FR", "Universit\u00e9 Paris 8", False),
    ]


def test_entries_numbered_in_brackets_keep_their_waiver_and_name():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 4 institutions\n(Asia)\nChina\n"
        "(1) * Fudan University (2005.3.1)\n(2) Peking University (2001.5.5)\n"
        "[3] * Nanjing University (2001.1.1)\nNo. 4 Zhejiang University (2002.2.2)\n",
    )
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("Fudan University", True),
        ("Peking University", False),
        ("Nanjing University", True),
        ("Zhejiang University", False),
    ]
    assert result.report.blocking() == []


def test_a_heading_numbered_in_brackets_is_no_entry():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 1 institutions\n(1) Asia\nChina\n"
        "- * Fudan University (2005.3.1)\n",
    )
    assert [r.institution for r in result.reconciled] == ["Fudan University"]


def test_an_entry_may_print_its_date_before_its_name():
    result = parsed(
        "",
        "University Level Agreements\nTotal of 3 institutions\n(Asia)\nChina\n"
        "- (2005.3.1) * Fudan University\n- 2001.5.5 Peking University\n"
        "- 2001.1.1  * Nanjing University\n",
    )
    assert [
        (r.institution, r.fee_waiver, r.concluded_on) for r in result.reconciled
    ] == [
        ("Fudan University", True, datetime.date(2005, 3, 1)),
        ("Peking University", False, datetime.date(2001, 5, 5)),
        ("Nanjing University", True, datetime.date(2001, 1, 1)),
    ]
    assert result.report.blocking() == []


SECTIONED = (
    "Department Level Agreements\n"
    "Partner Institution\tDepartment\tDepartment at Kita\tYear\n"
    "Europe\n"
    "Austria\n"
    "University of Graz\tDepartment of History\t* GS Letters\t2019/08/01\n"
    "University of Vienna\tFaculty of Physics\tGS Science\t2016/05/20\n"
    "Germany\n"
    "Heidelberg University\tFaculty of Physics\t* GS Science\t2011/12/10\n"
    "Asia\n"
    "Korea\n"
    "Korea University\t\tGS Letters\t2014/04/01\n"
)


def test_rows_of_their_own_naming_area_and_country_head_the_rows_below():
    """A table without a Country column, each area and country on a row of its
    own: the country was lost, and `Germany` was glued to the department above."""
    result = parsed(SECTIONED)
    department = [r for r in result.reconciled if r.level == "department"]
    assert [
        (r.country_code, r.region, r.institution, r.partner_department)
        for r in department
    ] == [
        ("AT", "Europe", "University of Graz", "Department of History"),
        ("AT", "Europe", "University of Vienna", "Faculty of Physics"),
        ("DE", "Europe", "Heidelberg University", "Faculty of Physics"),
        ("KR", "Asia", "Korea University", ""),
    ]
    sections = [a for a in result.report.anomalies if a.code == "section-row"]
    assert [(a.lines, a.seen, a.severity) for a in sections] == [
        ((11,), "Europe", "info"),
        ((12,), "Austria", "info"),
        ((15,), "Germany", "info"),
        ((17,), "Asia", "info"),
        ((18,), "Korea", "info"),
    ]
    assert department[2].source_lines == (15, 16)


def test_a_country_name_ending_a_wrapped_partner_is_no_section_row():
    result = parsed(
        "Department Level Agreements\n"
        "Partner Institution\tDepartment\tDepartment at Kita\tYear\n"
        "Europe\n"
        "Austria\n"
        "University of Graz\tFaculty of Arts\tGS Letters\t2019/08/01\n"
        "Asia\n"
        "Singapore\n"
        "National University of\tFaculty of Science\tGS Science\t2016/05/20\n"
        "Singapore\n"
    )
    department = [r for r in result.reconciled if r.level == "department"]
    assert [(r.country_code, r.institution) for r in department] == [
        ("AT", "University of Graz"),
        ("SG", "National University of Singapore"),
    ]
    assert [a.lines for a in result.report.anomalies if a.code == "section-row"] == [
        (11,),
        (12,),
        (14,),
        (15,),
    ]


def test_an_area_row_without_a_country_row_keeps_the_country_above_and_says_so():
    result = parsed(
        "Department Level Agreements\n"
        "Partner Institution\tDepartment\tDepartment at Kita\tYear\n"
        "Austria\n"
        "University of Graz\tFaculty of Arts\tGS Letters\t2019/08/01\n"
        "Asia\n"
        "Korea University\t\tGS Letters\t2014/04/01\n"
    )
    last = [r for r in result.reconciled if r.level == "department"][-1]
    assert last.country_code == "AT"
    warning = [
        a
        for a in result.report.anomalies
        if a.code == "section-row" and a.severity == "warning"
    ]
    assert [(a.lines, a.confidence) for a in warning] == [((13, 14), "uncertain")]


def test_subtotal_and_total_rows_are_checked_not_glued_to_the_partner_above():
    """`Subtotal | 2` under a country's rows made `University of Graz Subtotal`,
    `China total | 2` made `... 2`."""
    result = parsed(
        table(
            3,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\t* GS Letters\t2019/08/01",
            "\t\tUniversity of Vienna\tFaculty of Physics\tGS Science\t2016/05/20",
            "\t\tSubtotal\t\t\t2",
            "\tAustria total\t2\t\t\t",
            "\tGermany\tHeidelberg University\t\tGS Science\t2011/12/10",
            "\t\tSub-total\t\t\t2",
            "Total\t\t\t\t\t3 agreements",
        )
    )
    assert [r[0] for r in rows(result)] == [
        GRAZ,
        "University of Vienna",
        "Heidelberg University",
    ]
    totals = [a for a in result.report.anomalies if a.code == "total-row"]
    assert [(a.lines[0] - 11, a.severity) for a in totals] == [
        (3, "info"),
        (4, "info"),
        (6, "warning"),
        (7, "info"),
    ]
    assert "under Germany are 1" in totals[2].decided


def test_a_partner_named_total_dated_by_its_year_stays_a_partner():
    result = parsed(
        table(
            2,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\tGS Letters\t2019/08/01",
            "\t\tTotal\t\t\t2019",
        )
    )
    assert [r[0] for r in rows(result)] == [GRAZ, "Total"]


UNIT_FIRST = (
    "Department at Kita\tArea\tCountry / Region\tPartner Institution\tDepartment\tYear"
)


def test_a_table_grouped_by_its_first_column_the_unit_gives_each_row_its_unit():
    """The unit merged over the rows of each unit: the rows below its first lost
    their unit."""
    result = parsed(
        "Department Level Agreements\n"
        f"{UNIT_FIRST}\n"
        f"* GS Letters\tEurope\tAustria\t{GRAZ}\tFaculty of Arts\t2019/08/01\n"
        "\t\t\tUniversity of Vienna\tFaculty of Law\t2016/05/20\n"
        "GS Science\tEurope\tGermany\tHeidelberg University\t\t2011/12/10\n"
        "\tAsia\tKorea\tKorea University\tCollege of Science\t2012/07/09\n"
    )
    assert [(r[0], r[3], r[4]) for r in rows(result)] == [
        (GRAZ, "GS Letters", True),
        ("University of Vienna", "GS Letters", True),
        ("Heidelberg University", "GS Science", False),
        ("Korea University", "GS Science", False),
    ]
    inherited = [a for a in result.report.anomalies if a.code == "inherited-home-unit"]
    assert [(a.lines[0] - 8, a.seen, a.severity) for a in inherited] == [
        (4, "GS Letters", "info"),
        (6, "GS Science", "info"),
    ]
    assert not [a for a in result.report.anomalies if a.code == "missing-home-unit"]


def test_a_blank_unit_after_the_partner_columns_stays_unknown():
    result = parsed(
        table(
            2,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\t* GS Letters\t2019/08/01",
            "\t\tUniversity of Vienna\tFaculty of Law\t\t2016/05/20",
        )
    )
    assert [(r[0], r[3], r[4]) for r in rows(result)][1] == (
        "University of Vienna",
        "",
        None,
    )


def test_a_row_with_its_year_blank_is_a_row_not_the_rest_of_the_row_above():
    """Its own unit or country on a dateless line: the row was glued to the row
    above (`Graz University of Vienna`), its agreement lost."""
    result = parsed(
        table(
            3,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\t* GS Letters\t2019/08/01",
            "\t\tUniversity of Vienna\tFaculty of Law\tGS Science\t",
            "\tGermany\tHeidelberg University\t\t\t",
        )
    )
    department = [r for r in result.reconciled if r.level == "department"]
    assert [
        (r.country_code, r.institution, r.home_unit, r.concluded_on) for r in department
    ] == [
        ("AT", GRAZ, "GS Letters", datetime.date(2019, 8, 1)),
        ("AT", "University of Vienna", "GS Science", None),
        ("DE", "Heidelberg University", "", None),
    ]
    blank = [a for a in result.report.anomalies if a.code == "missing-date"]
    assert [(a.lines[0] - 11, a.severity) for a in blank] == [(2, "info"), (3, "info")]
    assert "Year cell is blank" in blank[0].decided


def test_a_wrapped_line_under_a_row_still_continues_it():
    result = parsed(
        table(
            1,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts and\tGS Letters\t2019/08/01",
            "\t\t\tHumanities\t\t",
        )
    )
    assert rows(result) == [
        (GRAZ, (), "Faculty of Arts and Humanities", "GS Letters", False)
    ]


def test_a_unit_printed_in_full_width_letters_is_the_unit():
    result = parsed(
        table(
            1,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\t"
            "\uff27\uff33 \uff2c\uff45\uff54\uff54\uff45\uff52\uff53\t2019/08/01",
        )
    )
    assert [r[3] for r in rows(result)] == ["GS Letters"]


def test_in_a_table_with_a_country_column_a_lone_country_name_continues_a_name():
    result = parsed(
        table(
            1,
            "Asia\tMalaysia\tUniversiti Teknologi\tFaculty of Arts\tGS Letters\t"
            "2012/07/09",
            "\t\tMalaysia\t\t\t",
        )
    )
    assert [r[0] for r in rows(result)] == ["Universiti Teknologi Malaysia"]
    assert not [a for a in result.report.anomalies if a.code == "section-row"]


def test_sub_total_and_grand_total_name_no_country():
    result = parsed(
        table(
            1,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\tGS Letters\t2019/08/01",
            "\t\tSub total\t\t\t1",
            "Grand Total\t\t\t\t\t1",
        )
    )
    totals = [a for a in result.report.anomalies if a.code == "total-row"]
    assert [a.severity for a in totals] == ["info", "info"]


def test_a_unit_first_row_takes_the_units_star_not_the_partners():
    result = parsed(
        "Department Level Agreements\n"
        f"{UNIT_FIRST}\n"
        f"GS Letters\tEurope\tAustria\t* {GRAZ}\tFaculty of Arts\t2019/08/01\n"
        "\t\t\tUniversity of Vienna\tFaculty of Law\t2016/05/20\n"
        "\t\t\t* University of Linz\tFaculty of Law\t2017/05/20\n"
    )
    assert [(r[0], r[3], r[4]) for r in rows(result)] == [
        (GRAZ, "GS Letters", True),
        ("University of Vienna", "GS Letters", False),
        ("University of Linz", "GS Letters", True),
    ]


def test_a_unit_alone_under_a_row_is_no_row_of_its_own():
    result = parsed(
        table(
            1,
            f"Europe\tAustria\t{GRAZ}\tFaculty of Arts\t* GS Letters\t2019/08/01",
            "\t\t\t\t* GS Science\t",
        )
    )
    assert [r[0] for r in rows(result)] == [GRAZ]


@pytest.mark.parametrize(
    "legend",
    [
        "* Tuition fees only are waived (application and matriculation fees are "
        "charged).",
        "\u203b indicates a partial waiver of fees.",
        "\u25ce\uff1a\u691c\u5b9a\u6599\u30fb\u5165\u5b66\u6599\u30fb\u6388\u696d\u6599"
        "\u3092\u4e0d\u5fb4\u53ce\u3000\u25cb\uff1a\u6388\u696d\u6599\u306e\u307f"
        "\u4e0d\u5fb4\u53ce",
    ],
)
def test_a_legend_telling_a_partial_waiver_apart_makes_the_import_wait(legend: str):
    """A record keeps a waiver or none: marks a legend says waive some fees
    only are read as waived, and a warning on the legend asks whether that is
    what the list means (it was information only)."""
    mark = legend[0]
    result = parsed(
        "",
        f"University Level Agreements\n{legend}\n(Europe)\nAustria\n"
        f"- {mark} University of Vienna (2009.7.5)\n",
    )
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("University of Vienna", True)
    ]
    partial = [
        (a.lines, a.severity)
        for a in result.report.anomalies
        if a.code == "legend-mark" and "partial" in a.decided
    ]
    assert partial == [((2,), "warning")]


@pytest.mark.parametrize(
    "legend",
    [
        "* 100% tuition fee waiver",
        "* Tuition fees are waived for exchange students only",
        "* indicates tuition waiver only for graduate students",
    ],
)
def test_a_legend_saying_only_who_is_waived_is_no_partial_waiver(legend: str):
    result = parsed(
        "",
        f"University Level Agreements\n{legend}\n(Europe)\nAustria\n"
        "- * University of Vienna (2009.7.5)\n",
    )
    assert [a for a in result.report.anomalies if "partial" in a.decided] == []


@pytest.mark.parametrize(
    "entries",
    [
        # A footnote about waivers Accord does not read as a legend.
        "- Universit\u00e4t Wien 1) (2009.7.5)\n- Universit\u00e4t Linz (2009.7.6)\n"
        "1) Tuition fees are waived.\n",
        # One entry's note: the others' waivers are still unsaid.
        "- Universit\u00e4t Wien (2009.7.5)\n"
        "- Universit\u00e4t Linz (2009.7.6) (tuition waiver: to be confirmed)\n",
    ],
)
def test_waivers_a_list_speaks_of_without_saying_whose_stay_unknown_and_wait(
    entries: str,
):
    result = parsed("", f"University Level Agreements\n(Europe)\nAustria\n{entries}")
    assert [r.fee_waiver for r in result.reconciled] == [None, None]
    [note] = [a for a in result.report.anomalies if a.code == "unknown-waiver"]
    assert note.severity == "warning" and note.lines


@pytest.mark.parametrize(
    "legend",
    ["\u25cb: \ub4f1\ub85d\uae08 \uba74\uc81c", "\u25cb\uff1a\u4e92\u514d\u5b66\u8d39"],
)
def test_a_korean_or_chinese_legend_ties_its_mark_to_the_waiver(legend: str):
    result = parsed(
        "",
        f"University Level Agreements\n{legend}\n(Europe)\nAustria\n"
        "- \u25cb University of Vienna (2009.7.5)\n- University of Graz (2010.1.1)\n",
    )
    assert [r.fee_waiver for r in result.reconciled] == [True, False]
