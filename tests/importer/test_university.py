"""The university-level bulleted list: regions, countries, entries."""

from __future__ import annotations

import datetime

import pytest

from accord.importer.lines import text_to_lines
from accord.importer.options import ParseOptions
from accord.importer.pipeline import ImportResult, run
from accord.importer.university import parse_entry, parse_university

OPTIONS = ParseOptions("Example University", ("Example",))


def parse(text: str) -> tuple[list, list]:
    lines, _ = text_to_lines(text, OPTIONS)
    return parse_university(lines, OPTIONS)


@pytest.mark.parametrize(
    ("text", "name", "waiver", "date"),
    [
        (
            "- * Peking University (1999.11.10)",
            "Peking University",
            True,
            datetime.date(1999, 11, 10),
        ),
        (
            "- Chinese Academy of Social Sciences (2008.10.15)",
            "Chinese Academy of Social Sciences",
            False,
            datetime.date(2008, 10, 15),
        ),
        (
            "- * University of California, Davis",
            "University of California, Davis",
            True,
            None,
        ),
        (
            "- * Pohang University of Science and Technology (POSTECH) (2000.9.22)",
            "Pohang University of Science and Technology (POSTECH)",
            True,
            datetime.date(2000, 9, 22),
        ),
        (
            "Belgian Nuclear Research Centre (SCK/CEN) (2005.6.16)",
            "Belgian Nuclear Research Centre (SCK/CEN)",
            False,
            datetime.date(2005, 6, 16),
        ),
    ],
)
def test_it_reads_an_entry(text, name, waiver, date):
    entry = parse_entry(text)
    assert (entry.name, entry.waiver, entry.date) == (name, waiver, date)


def test_it_reads_regions_countries_and_entries():
    records, anomalies = parse(
        "University Level Agreements\n\n(Asia)\n\nThailand\n\n"
        "- * Chulalongkorn University (2011.2.3)\n\n(Europe)\n\nRussia\n\n"
        "- * Novosibirsk State University (2003.7.4)\n"
    )
    assert [
        (r.region, r.country_code, r.country_name, r.institution) for r in records
    ] == [
        ("Asia", "TH", "Thailand", "Chulalongkorn University"),
        ("Europe", "RU", "Russian Federation", "Novosibirsk State University"),
    ]
    assert records[0].source_lines == (7,)
    assert anomalies == []


def test_it_reports_a_missing_date_and_a_missing_bullet():
    records, anomalies = parse(
        "University Level Agreements\n(Europe)\nBelgium\n"
        "Belgian Nuclear Research Centre (SCK/CEN) (2005.6.16)\n"
        "- * École Centrale de Lyon\n"
    )
    assert [r.concluded_on for r in records] == [datetime.date(2005, 6, 16), None]
    assert [(a.code, a.lines) for a in anomalies] == [
        ("missing-bullet", (4,)),
        ("missing-date", (5,)),
    ]


def test_a_date_the_list_leaves_blank_or_unknown_is_information_not_doubt():
    records, anomalies = parse(
        "University Level Agreements\n(Europe)\nFrance\n"
        "- * École Centrale de Lyon (date unknown)\n"
        "- * École Centrale de Nantes\n"
    )
    assert [(r.institution, r.concluded_on) for r in records] == [
        ("École Centrale de Lyon", None),
        ("École Centrale de Nantes", None),
    ]
    assert [(a.code, a.lines, a.severity) for a in anomalies] == [
        ("missing-date", (4,), "info"),
        ("missing-date", (5,), "info"),
    ]


def test_it_reports_an_impossible_date_and_keeps_it_unknown():
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nChina\n- X (2018.2.30)"
    )
    assert records[0].concluded_on is None
    assert [a.code for a in anomalies] == ["invalid-date"]


@pytest.mark.parametrize(
    "printed", ["(5.8.1983)", "(08/05/1983)", "\uff085-8-1983\uff09"]
)
def test_a_date_in_another_order_is_reported_never_guessed(printed: str):
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nChina\n"
        f"- * Northeastern University {printed}\n"
        f"Tsinghua University {printed}"
    )
    assert [(r.institution, r.concluded_on) for r in records] == [
        ("Northeastern University", None),
        ("Tsinghua University", None),
    ]
    assert [(a.code, a.lines) for a in anomalies] == [
        ("invalid-date", (4,)),
        ("missing-bullet", (5,)),
        ("invalid-date", (5,)),
    ]
    assert {a.severity for a in anomalies if a.code == "invalid-date"} == {"warning"}


def test_it_reports_an_unknown_country_instead_of_guessing():
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nAtlantis\n- * X (2001.1.1)"
    )
    assert (records[0].country_code, records[0].country_name) == ("", "")
    assert [(a.code, a.lines, a.severity) for a in anomalies] == [
        ("unknown-country", (3,), "error")
    ]


def test_it_reports_an_entry_before_any_country():
    _, anomalies = parse("University Level Agreements\n(Asia)\n- * X (2001.1.1)")
    assert [a.code for a in anomalies] == ["entry-without-country"]


def test_it_skips_an_entry_without_a_name():
    records, anomalies = parse("University Level Agreements\n(Asia)\nChina\n- *")
    assert records == []
    assert [a.code for a in anomalies] == ["unrecognised-line"]


def test_it_reads_the_250_entries_of_the_seed(seed_raw: ImportResult):
    university = [r for r in seed_raw.records if r.level == "university"]
    assert len(university) == 250
    assert seed_raw.checksums.university_total == 250
    by_line = {r.source_lines[0]: r for r in university}
    assert by_line[249].institution == "Belgian Nuclear Research Centre (SCK/CEN)"
    assert by_line[204].country_code == "US"  # after the page header on line 202
    assert by_line[390].country_code == ""
    assert by_line[390].country_name == "International Organization"


def test_it_reports_the_page_header_in_the_middle_of_the_list(seed_raw: ImportResult):
    codes = seed_raw.report.flatten("code", "lines")
    assert ("page-header-mid-list", (202,)) in codes
    assert ("missing-bullet", (249,)) in codes
    missing = [lines[0] for code, lines in codes if code == "missing-date"]
    assert missing == [195, 196, 197, 198, 199, 200, 204, 205, 206, 272, 273, 274, 275]


def test_a_university_level_list_kept_as_a_table_reads_its_rows():
    records, anomalies = parse(
        "University Level Agreements\n"
        "Area\tCountry / Region\tPartner Institution\tYear\n"
        "Asia\tChina\t* Peking University\t1999/11/10\n"
        "\t\tTsinghua University\t1998-08-31\n"
        "\tKorea (2)\tKAIST\tunknown\n"
        "\t\t*\tYonsei University\t5/8/1983\n"
        "Europe\tFrance\tEcole Centrale\tLyon\t2001.4.9"
    )
    assert [
        (r.region, r.country_code, r.institution, r.fee_waiver, r.concluded_on)
        for r in records
    ] == [
        ("Asia", "CN", "Peking University", True, datetime.date(1999, 11, 10)),
        ("Asia", "CN", "Tsinghua University", False, datetime.date(1998, 8, 31)),
        ("Asia", "KR", "KAIST", False, None),
        ("Asia", "KR", "Yonsei University", True, None),
        ("Europe", "FR", "Lyon", False, datetime.date(2001, 4, 9)),
    ]
    assert [(a.code, a.lines, a.severity) for a in anomalies] == [
        ("missing-date", (5,), "info"),
        ("invalid-date", (6,), "warning"),
        ("extra-cells", (7,), "warning"),
    ]


@pytest.mark.parametrize(
    ("printed", "date"),
    [
        ("(12 June 2008)", datetime.date(2008, 6, 12)),
        ("(June 12, 2008)", datetime.date(2008, 6, 12)),
        ("(Sept. 3, 2020)", datetime.date(2020, 9, 3)),
        ("(2010\u5e748\u67086\u65e5)", datetime.date(2010, 8, 6)),
        ("(R2.8.6)", datetime.date(2020, 8, 6)),
        ("(H22.8.6)", datetime.date(2010, 8, 6)),
        (
            "\uff08\uff12\uff10\uff10\uff16\uff0e\uff14\uff0e\uff12\uff09",
            datetime.date(2006, 4, 2),
        ),
        ("[2010.8.6]", datetime.date(2010, 8, 6)),
        ("2010.8.6", datetime.date(2010, 8, 6)),
        (", 2010.8.6", datetime.date(2010, 8, 6)),
        # As a Korean list spaces it; with a weekday; in the ROC's calendar.
        ("(2019. 4. 1.)", datetime.date(2019, 4, 1)),
        ("(2019\u5e744\u67081\u65e5\uff08\u6708\uff09)", datetime.date(2019, 4, 1)),
        ("(\u6c11\u570b107\u5e749\u67081\u65e5)", datetime.date(2018, 9, 1)),
    ],
)
def test_an_entrys_date_written_otherwise_is_read(printed: str, date: datetime.date):
    records, anomalies = parse(
        f"University Level Agreements\n(Asia)\nChina\n- Wuhan University {printed}\n"
        f"Fudan University {printed}"
    )
    assert [(r.institution, r.concluded_on) for r in records] == [
        ("Wuhan University", date),
        ("Fudan University", date),
    ]
    assert [a.code for a in anomalies] == ["missing-bullet"]


@pytest.mark.parametrize(
    "printed", ["(Spring 2008)", "(June 2008)", "(2008)", "(1-Apr-19)"]
)
def test_an_entrys_date_that_is_no_day_is_reported(printed: str):
    records, anomalies = parse(
        f"University Level Agreements\n(Asia)\nChina\n- Wuhan University {printed}"
    )
    assert [(r.institution, r.concluded_on) for r in records] == [
        ("Wuhan University", None)
    ]
    assert [(a.code, a.severity) for a in anomalies] == [("invalid-date", "warning")]


def test_numbered_entries_and_marks_before_a_name():
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nChina\n"
        "1. * Jilin University (2010.8.6)\n"
        "2) Fudan University (2005.3.1)\n"
        "\u30fb\u203bTongji University (2002.8.13)\n"
        "- * \u25ceXiamen University (2005.6.29)\n"
        "5 * Wuhan University \u2013 2008.6.12"
    )
    assert [(r.institution, r.fee_waiver) for r in records] == [
        ("Jilin University", True),
        ("Fudan University", False),
        ("Tongji University", False),
        ("Xiamen University", True),
        ("Wuhan University", True),
    ]
    assert [(a.code, a.lines, a.severity) for a in anomalies] == [
        ("unread-mark", (6,), "warning"),
        ("unread-mark", (7,), "warning"),
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Thailand (2)",
        "Thailand (2 institutions)",
        "Thailand: 2",
        "Thailand - 2 institutions",
        "Thailand 2 agreements",
        "Thailand\uff082\uff09",
    ],
)
def test_a_heading_counts_its_entries_however_it_prints_the_count(heading: str):
    """`China (2 institutions)`, `Korea: 1`: the country was not recognised and
    its entries kept no country."""
    text = (
        f"University Level Agreements\n\n(Asia)\n\n{heading}\n\n"
        "- * Chulalongkorn University (2011.2.3)\n"
        "- Mahidol University (2003.1.1)\n- Kasetsart University (2004.1.1)\n"
    )
    records, anomalies = parse(text)
    assert {r.country_code for r in records} == {"TH"}
    assert [(a.code, a.seen) for a in anomalies] == [
        ("checksum", "Thailand entries: declared 2, found 3")
    ]


def test_a_name_is_read_as_a_reader_reads_it_without_invisible_characters():
    """A typeset PDF's text carries ligatures and soft hyphens; a pasted one
    zero-width spaces: the names kept them, and matched nothing else."""
    result = run(
        "University Level Agreements\n\n(Asia)\n\nFiji\n\n"
        "- * The University of the South Paci\ufb01c (2010.1.1)\n"
        "- Uni\u00adversity of Suva\u200b (2011.1.1)\n",
        OPTIONS,
    )
    assert [r.institution for r in result.reconciled] == [
        "The University of the South Pacific",
        "University of Suva",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Agreements terminated during FY2022",
        "Under negotiation",
        "Expired agreements (not renewed)",
        "\u7d42\u4e86\u3057\u305f\u5354\u5b9a",
    ],
)
def test_entries_under_a_heading_of_agreements_not_in_force_are_not_read(
    heading: str,
):
    """Their entries were stored as agreements in force."""
    result = run(
        "University Level Agreements\n\n(Asia)\n\nChina\n\n"
        "- * Fudan University (2005.3.1)\n\n"
        f"{heading}\n\nChina\n\n- Xiamen University (2005.6.29)\n\n"
        "Department Level Agreements\n"
        "Area\tCountry / Region\tPartner Institution\tDepartment\t"
        "Department at Example\tYear\n"
        "Asia\tChina\tPeking University\t\tGS Law\t2019/08/01\n",
        OPTIONS,
    )
    assert [r.institution for r in result.reconciled] == [
        "Fudan University",
        "Peking University",
    ]
    [status] = [a for a in result.report.anomalies if a.code == "status-section"]
    assert (status.lines, status.severity) == ((9, 11, 13), "warning")


def test_a_note_that_names_a_status_in_a_sentence_is_no_such_heading():
    records, _ = parse(
        "University Level Agreements\n\n(Asia)\n\nChina\n\n"
        "- * Fudan University (2005.3.1)\n\n"
        "Agreements terminated before 2020 are not listed.\n\n"
        "- Xiamen University (2005.6.29)\n"
    )
    assert [r.institution for r in records] == ["Fudan University", "Xiamen University"]


def test_headings_with_a_colon_or_in_two_languages_name_their_country():
    """`China:`, `Korea 韓国`, `Germany / Deutschland`, `(Asia / アジア)`: the
    headings were unknown countries and regions, their entries kept none."""
    records, anomalies = parse(
        "University Level Agreements\n\n(Asia / \u30a2\u30b8\u30a2)\n\n"
        "China:\n\n- * Fudan University (2005.3.1)\n\n"
        "Korea \u97d3\u56fd\n\n- Korea University (2002.5.20)\n\n"
        "(Europe)\n\nGermany / Deutschland\n\n- RWTH Aachen University (2010.3.1)\n\n"
        "Taiwan / China\n\n- Tunghai University (2011.1.1)\n"
    )
    assert [(r.region, r.country_code) for r in records] == [
        ("Asia", "CN"),
        ("Asia", "KR"),
        ("Europe", "DE"),
        ("Europe", ""),
    ]
    assert [(a.code, a.seen) for a in anomalies] == [
        ("unknown-country", "Taiwan / China")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "- (*) Kasetsart University (2003.10.20)",
        "- Kasetsart University (*) (2003.10.20)",
        "- Kasetsart University (2003.10.20) (*)",
        "- Kasetsart University \uff08\uff0a\uff09 (2003.10.20)",
    ],
)
def test_the_star_in_brackets_is_the_waiver(text: str):
    """`(*)` stayed in the name, and the waiver was lost."""
    result = run(f"University Level Agreements\n(Asia)\nThailand\n{text}\n", OPTIONS)
    [record] = result.reconciled
    assert (record.institution, record.fee_waiver) == ("Kasetsart University", True)


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("(H.30.4.1)", datetime.date(2018, 4, 1)),
        ("(\uff32\uff12\uff0e\uff11\uff10\uff0e\uff11)", datetime.date(2020, 10, 1)),
    ],
)
def test_an_eras_date_with_a_stop_or_in_full_width_is_read(printed: str, day):
    """Both were kept in the name, the date lost."""
    result = run(
        f"University Level Agreements\n(Asia)\nKorea\n- Ajou University {printed}\n",
        OPTIONS,
    )
    [record] = result.reconciled
    assert (record.institution, record.concluded_on) == ("Ajou University", day)


def test_a_pages_running_lines_beside_its_number_are_no_headings():
    """An office's name, a web address and the title "continued" around
    `Page 1 of 3` were country headings no country has: the entries below
    lost their country."""
    result = run(
        "Agreements\nUniversity Level Agreements\n(Asia)\nChina\n"
        "- * Fudan University (2005.3.1)\n\nPage 1 of 2\n"
        "Office of International Affairs\nhttps://example.edu/agreements\n"
        "Agreements (continued)\n- Nanjing University (2001.1.1)\n"
        "Korea\n- Korea University (2002.5.20)\n",
        OPTIONS,
    )
    assert [(r.institution, r.country_code) for r in result.reconciled] == [
        ("Fudan University", "CN"),
        ("Nanjing University", "CN"),
        ("Korea University", "KR"),
    ]
    furniture = [
        (a.lines[0], a.severity)
        for a in result.report.anomalies
        if a.code == "page-header-mid-list" and "running" in a.decided
    ]
    assert furniture == [(8, "warning"), (9, "info"), (10, "info")]


def test_an_unknown_heading_away_from_a_page_number_stays_a_heading():
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nChina\n- Fudan University (2005.3.1)\n"
        "Atlantis\n- Poseidon University (2001.1.1)\n"
    )
    assert records[1].country_code == ""
    assert [a.code for a in anomalies] == ["unknown-country"]


def test_a_subtotal_line_under_a_countrys_entries_is_checked_not_a_heading():
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nChina\n- Fudan University (2005.3.1)\n"
        "- Peking University (2001.5.5)\nSubtotal: 2\nKorea\n"
        "- Korea University (2002.5.20)\nSubtotal: 2\n"
    )
    assert [r.country_code for r in records] == ["CN", "CN", "KR"]
    assert [(a.code, a.lines, a.severity) for a in anomalies] == [
        ("total-row", (6,), "info"),
        ("total-row", (9,), "warning"),
    ]


def test_an_area_heading_naming_two_areas_is_kept_as_printed():
    records, anomalies = parse(
        "University Level Agreements\n(Asia / Oceania)\nAustralia\n"
        "- Monash University (2012.7.9)\n"
    )
    assert records[0].region == "Asia / Oceania"
    assert [a.code for a in anomalies] == ["unknown-region"]


def test_a_note_about_terminated_agreements_is_no_status_heading():
    records, _ = parse(
        "University Level Agreements\n(Europe)\nAustria\n"
        "- University of Vienna (2009.7.5)\nTerminated agreements are not listed\n"
        "Germany\n- Heidelberg University (2010.1.1)\n"
    )
    assert [r.institution for r in records] == [
        "University of Vienna",
        "Heidelberg University",
    ]


def test_an_unknown_short_heading_beside_a_page_number_stays_a_heading():
    records, anomalies = parse(
        "University Level Agreements\n(Asia)\nMongolia\n"
        "- Mongolian University (2012.7.9)\n- 1 -\nKosovo\n"
        "- University of Pristina (2015.3.1)\n"
    )
    assert records[1].country_code == ""
    assert "unknown-country" in [a.code for a in anomalies]


def test_a_legend_line_stops_where_the_next_marks_legend_starts():
    """The `◎` legend ran on into the `○` one below it ("... with tuition
    waiver ○ ... without tuition waiver") and read as no waiver: every `◎`
    entry lost its waiver."""
    result = run(
        "University Level Agreements\n"
        "\u25ce Student exchange agreement with tuition waiver\n"
        "\u25cb Student exchange agreement without tuition waiver\n"
        "(Asia)\nChina\n- \u25ce Fudan University (2005.3.1)\n"
        "- \u25cb Peking University (2001.5.5)\n",
        OPTIONS,
    )
    assert [(r.institution, r.fee_waiver) for r in result.reconciled] == [
        ("Fudan University", True),
        ("Peking University", False),
    ]
