"""How a list names its two parts: the wordings other offices head them with,
a workbook's sheet named for its part, and a list that names no part at all
(its one part read from its lines, and reported)."""

from __future__ import annotations

import datetime

import pytest

from accord.core.errors import ImportInputError
from accord.importer.lines import DEPARTMENT, SECTION, UNIVERSITY, text_to_lines
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.pipeline import run
from accord.importer.workbook import Sheet, sheets_to_text

OPTIONS = ParseOptions(
    "Kita University",
    ("Kita",),
    home_units=(HomeUnit("GS Letters"), HomeUnit("GS Science")),
)
ENTRIES = (
    "(Asia)\nChina\n- * Fudan University (2005.3.1)\n- Peking University (2001.5.5)\n"
)
HEADER = (
    "Area\tCountry / Region\tPartner Institution\tDepartment\tDepartment at Kita\tYear"
)
ROWS = (
    "Asia\tChina\tFudan University\tDepartment of History\t* GS Letters\t2019/08/01\n"
    "Europe\tGermany\tRWTH Aachen University\t\tGS Science\t2014/04/01\n"
)
READ_UNIVERSITY = [
    ("university", "CN", "Fudan University", "", True, datetime.date(2005, 3, 1)),
    ("university", "CN", "Peking University", "", False, datetime.date(2001, 5, 5)),
]
READ_DEPARTMENT = [
    (
        "department",
        "CN",
        "Fudan University",
        "GS Letters",
        True,
        datetime.date(2019, 8, 1),
    ),
    (
        "department",
        "DE",
        "RWTH Aachen University",
        "GS Science",
        False,
        datetime.date(2014, 4, 1),
    ),
]


def read(result) -> list[tuple]:
    return [
        (
            r.level,
            r.country_code,
            r.institution,
            r.home_unit,
            r.fee_waiver,
            r.concluded_on,
        )
        for r in result.reconciled
    ]


def section_of(heading: str) -> str:
    lines, _ = text_to_lines(f"Title\n{heading}\n", OPTIONS)
    return lines[1].section if lines[1].kind == "section" else ""


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("A. University-Level Agreements", UNIVERSITY),
        ("B. Department-Level Agreements", DEPARTMENT),
        ("(A) Faculty Level Agreements", DEPARTMENT),
        ("Part 1: University-Level Agreements", UNIVERSITY),
        ("Part II - Department Level Agreements", DEPARTMENT),
        ("<University-wide Agreements>", UNIVERSITY),
        ("\u3008Department Level Agreements\u3009", DEPARTMENT),
        ("Inter-University Agreements with Foreign Institutions", UNIVERSITY),
        ("Academic Exchange Agreements (Faculty Level)", DEPARTMENT),
        ("Exchange Agreements: University Level", UNIVERSITY),
        ("Department-Level Agreements (as of April 1, 2023)", DEPARTMENT),
        ("University Level", UNIVERSITY),
        ("Department Level", DEPARTMENT),
        ("1.1 University-Level Agreements", UNIVERSITY),
        ("1.2 Department-Level Agreements", DEPARTMENT),
        ("(b) Department Level Agreements", DEPARTMENT),
        ("UNIVERSITY-LEVEL AGREEMENTS (4 institutions)", UNIVERSITY),
        ("Agreements at Faculty Level", DEPARTMENT),
        ("Inter-Departmental Agreements", DEPARTMENT),
        ("Faculty and Graduate School Level Agreements", DEPARTMENT),
        ("University-Level Partnerships", UNIVERSITY),
        ("Exchange Agreements between Faculties", DEPARTMENT),
        (
            "Department Level Agreements: 3 countries and regions, 3 institutions",
            DEPARTMENT,
        ),
        # Japanese: student exchange; a Roman or kanji numeral and its stop;
        # brackets and a diamond.
        ("\u5927\u5b66\u9593\u5b66\u751f\u4ea4\u6d41\u5354\u5b9a", UNIVERSITY),
        ("\u2160\uff0e\u5927\u5b66\u9593\u5354\u5b9a", UNIVERSITY),
        ("\u4e8c\u3001\u90e8\u5c40\u9593\u5354\u5b9a", DEPARTMENT),
        ("\uff1c\u5927\u5b66\u9593\u5354\u5b9a\uff1e", UNIVERSITY),
        ("\u226a\u90e8\u5c40\u9593\u5354\u5b9a\u226b", DEPARTMENT),
        ("\u25c7\u5927\u5b66\u9593\u5354\u5b9a", UNIVERSITY),
    ],
)
def test_a_part_headed_as_other_offices_head_it(heading: str, part: str):
    assert section_of(heading) == part


@pytest.mark.parametrize(
    "line",
    [
        "Academic Exchange Agreements with Foreign Institutions",
        "A. Mickiewicz University",
        "Part of the agreements",
        "Universidad de Chile",
    ],
)
def test_a_title_or_a_name_is_no_part_heading(line: str):
    assert not SECTION.match(line)


def test_lettered_parts_are_read_as_numbered_ones():
    text = (
        "Kita University\nAcademic Exchange Agreements\n\n"
        f"A. University-Level Agreements\n{ENTRIES}\n"
        f"B. Department-Level Agreements\n{HEADER}\n{ROWS}"
    )
    result = run(text, OPTIONS)
    assert read(result) == READ_UNIVERSITY + READ_DEPARTMENT
    assert result.report.ok


def test_a_heading_ending_in_its_date_dates_the_list():
    text = f"Department-Level Agreements (as of April 1, 2023)\n{HEADER}\n{ROWS}"
    result = run(text, OPTIONS)
    assert result.edition.as_of == datetime.date(2023, 4, 1)
    assert read(result) == READ_DEPARTMENT


def implied(result) -> list[tuple]:
    return [
        (a.lines, a.severity, a.decided.split(":")[0])
        for a in result.report.anomalies
        if a.code == "no-section-heading"
    ]


def test_a_list_of_entries_under_areas_and_no_part_heading_is_the_university_level():
    text = f"Academic Exchange Agreements with Foreign Institutions\n\n{ENTRIES}"
    result = run(text, OPTIONS)
    assert read(result) == READ_UNIVERSITY
    # Read from its first area heading, and the import waits for a person.
    assert implied(result) == [
        ((3,), "warning", "read as the university-level list from this line")
    ]
    assert not result.report.ok
    assert result.lines[0].kind == "title"


def test_without_areas_the_university_level_starts_at_the_country_above_its_entries():
    text = (
        "Partner Universities\n(as of May 1, 2022)\n"
        "China\n- Fudan University (2005.3.1)\n"
    )
    result = run(text, OPTIONS)
    assert [(r.country_code, r.institution) for r in result.reconciled] == [
        ("CN", "Fudan University")
    ]
    assert implied(result) == [
        ((3,), "warning", "read as the university-level list from this line")
    ]
    assert result.edition.as_of == datetime.date(2022, 5, 1)


def test_a_table_naming_the_home_units_column_and_no_heading_is_the_department_level():
    # The header is the file's first line: no title, the table itself.
    result = run(f"{HEADER}\n{ROWS}", OPTIONS)
    assert read(result) == READ_DEPARTMENT
    assert implied(result) == [
        ((1,), "warning", "read as the department-level table from this line")
    ]
    assert result.edition.title == ""


def test_a_list_with_neither_entries_nor_a_table_is_still_refused():
    with pytest.raises(ImportInputError, match="not an agreement list"):
        run("Minutes of the meeting\nThe committee met on 2022/05/01.\n", OPTIONS)


def test_a_list_with_a_part_heading_reports_no_implied_part():
    result = run(f"University Level Agreements\n{ENTRIES}", OPTIONS)
    assert implied(result) == []


def sheet(name: str, *rows: tuple[str, ...]) -> Sheet:
    return Sheet(name, rows)


def test_a_workbooks_sheet_named_for_its_part_heads_its_rows():
    university = sheet(
        "University Level",
        ("Region", "Country", "Institution", "Date of Conclusion", "Fee waiver"),
        ("Asia", "China", "Fudan University", "2005/03/01", "Yes"),
        ("", "", "Peking University", "2001/05/05", "No"),
    )
    department = sheet(
        "\u90e8\u5c40\u9593\u5354\u5b9a",
        tuple(HEADER.split("\t")),
        *(tuple(row.split("\t")) for row in ROWS.splitlines()),
    )
    read_text = sheets_to_text([university, department])
    lines = read_text.text.split("\n")
    assert lines[0] == "University Level"
    assert read_text.places[0] == "sheet 'University Level', its name"
    assert lines[4] == "\u90e8\u5c40\u9593\u5354\u5b9a"
    result = run(read_text.text, OPTIONS)
    assert read(result) == READ_UNIVERSITY + READ_DEPARTMENT
    assert implied(result) == []


def test_a_sheet_whose_rows_head_its_part_keeps_its_name_out():
    named = sheet(
        "Department Level",
        ("Department Level Agreements",),
        tuple(HEADER.split("\t")),
    )
    assert sheets_to_text([named]).text.split("\n")[0] == "Department Level Agreements"
    other = sheet("Sheet1", ("Department Level Agreements",))
    assert "Sheet1" not in sheets_to_text([other]).text


def test_entries_headed_by_nothing_before_the_department_heading_are_read():
    text = (
        "Academic Exchange Agreements with Foreign Institutions\n"
        f"{ENTRIES}\nDepartment Level Agreements\n{HEADER}\n{ROWS}"
    )
    result = run(text, OPTIONS)
    # Before: the entries were page text above the first heading, dropped.
    assert read(result) == READ_UNIVERSITY + READ_DEPARTMENT
    assert implied(result) == [
        ((2,), "warning", "read as the university-level list from this line")
    ]


def test_a_table_headed_by_nothing_before_the_university_heading_is_read():
    text = f"{HEADER}\n{ROWS}\nUniversity Level Agreements\n{ENTRIES}"
    result = run(text, OPTIONS)
    # The university-level records first, as every list's are.
    assert read(result) == READ_UNIVERSITY + READ_DEPARTMENT
    assert implied(result) == [
        ((1,), "warning", "read as the department-level table from this line")
    ]


@pytest.mark.parametrize(
    ("university", "department", "totals"),
    [
        (
            "University Level Agreements: Total of 2 institutions",
            "Department Level Agreements: 2 countries and regions, 2 institutions",
            (2, 2, 2),
        ),
        (
            "UNIVERSITY-LEVEL AGREEMENTS (2 institutions)",
            "DEPARTMENT-LEVEL AGREEMENTS (2 agreements)",
            (2, None, 2),
        ),
    ],
)
def test_a_total_printed_on_a_parts_heading_is_its_checksum(
    university: str, department: str, totals: tuple
):
    text = f"{university}\n{ENTRIES}{department}\n{HEADER}\n{ROWS}"
    result = run(text, OPTIONS)
    checksums = result.checksums
    assert (
        checksums.university_total,
        checksums.countries_total,
        checksums.department_total,
    ) == totals
    assert read(result) == READ_UNIVERSITY + READ_DEPARTMENT
    assert "checksum" not in result.report.codes()
    # A total the entries do not make is reported.
    wrong = run(text.replace("2 institutions", "3 institutions", 1), OPTIONS)
    assert "checksum" in wrong.report.codes()


@pytest.mark.parametrize(
    ("part", "total", "field"),
    [
        (
            "University Level Agreements (3 institutions)\n" + ENTRIES,
            "Total of 2 institutions",
            "university-total",
        ),
        (
            "Department Level Agreements: 2 countries and regions, 2 institutions\n"
            f"{HEADER}\n{ROWS}",
            "2 countries and regions, 3 institutions",
            "department-total",
        ),
    ],
)
def test_a_total_declared_again_with_another_number_is_reported(
    part: str, total: str, field: str
):
    """The heading says one total, a later line another: the list contradicts
    itself, and which is right is for a person to say, whichever the records
    happen to match."""
    result = run(f"{part}{total}\n", OPTIONS)
    last = len(f"{part}{total}".splitlines())
    restated = [
        (a.lines, a.severity)
        for a in result.report.anomalies
        if a.code == "checksum" and a.field == field and "on line" in a.seen
    ]
    assert restated == [((1, last), "error")]
    # The same total printed twice (each page's foot) is no contradiction.
    agreed = f"{part}{total}\n".replace("3 institutions", "2 institutions")
    again = run(agreed, OPTIONS)
    assert "checksum" not in again.report.codes()


def test_a_level_word_wrapped_inside_a_table_row_is_the_rest_of_its_cell():
    text = (
        f"Department Level Agreements\n{HEADER}\n"
        "Asia\tChina\tFudan University\tGraduate School of\tGS Letters\t2019/08/01\n"
        "\t\t\tInterfaculty\t\t\n"
        "\t\t\tInitiative\t\t\n"
        "Europe\tGermany\tRWTH Aachen University\t\tGS Science\t2014/04/01\n"
    )
    result = run(text, OPTIONS)
    assert [r.partner_department for r in result.reconciled] == [
        "Graduate School of Interfaculty Initiative",
        "",
    ]


def test_a_dated_line_of_the_page_is_no_entry_of_an_unheaded_part():
    text = (
        "Partner list\nLast updated (2021.4.1)\n\n"
        f"Department Level Agreements\n{HEADER}\n{ROWS}"
    )
    result = run(text, OPTIONS)
    assert read(result) == READ_DEPARTMENT
    assert implied(result) == []


@pytest.mark.parametrize(
    ("university", "department"),
    [
        ("Number of partner institutions: 2", "Total number of agreements: 2"),
        ("Total: 2 agreements", "Total: 2 agreements in 2 countries"),
    ],
)
def test_totals_worded_otherwise_are_each_parts_checksum(
    university: str, department: str
):
    """Totals worded otherwise were notes or unknown countries; rows alone
    under the department part's heading count its rows."""
    text = (
        f"University Level Agreements\n{university}\n{ENTRIES}"
        f"Department Level Agreements\n{department}\n{HEADER}\n{ROWS}"
    )
    result = run(text, OPTIONS)
    sums = result.checksums
    assert (sums.university_total, sums.department_total) == (2, 2)
    assert "checksum" not in result.report.codes()
    wrong = run(text.replace(department, department.replace("2", "3", 1)), OPTIONS)
    assert [a.field for a in wrong.report.anomalies if a.code == "checksum"] == [
        "department-total"
    ]
