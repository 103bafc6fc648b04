"""The stages one by one: lines, table rows, blocks, options and countries."""

from __future__ import annotations

import datetime

import pytest

from accord.core.countries import name_of, resolve_country
from accord.core.records import Record
from accord.importer.blocks import rows_to_records
from accord.importer.checksums import Checksums, lines_to_checksums
from accord.importer.lines import parse_as_of, text_to_lines
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.roles import looks_like_institution
from accord.importer.table import lines_to_rows

OPTIONS = ParseOptions(
    "Example University",
    ("Example",),
    "JP",
    (HomeUnit("GS Law", "Graduate School of Law", variants=("Law",)), HomeUnit("IFS")),
)
HEADER = "Department Level Agreements\nArea\tCountry / Region\tPartner Institution\t"
HEADER += "Department at Example\tYear\n"


def table(body: str, university: list[Record] | None = None):
    lines, _ = text_to_lines(HEADER + body, OPTIONS)
    return lines_to_rows(lines, OPTIONS, university or [])


def records(body: str, university: list[Record] | None = None):
    rows, row_anomalies = table(body, university)
    found = rows_to_records(rows, OPTIONS, university or [], Checksums())
    return found.records, row_anomalies + found.anomalies, found.checksums


# Lines ------------------------------------------------------------------------


def test_it_classifies_every_kind_of_line():
    text = (
        "The Title\nUniversity Level Agreements\nTotal of 2 institutions\n(Asia)\n"
        "China\n- * A University (2001.1.1)\nB University (2002.2.2)\n\n"
        "The Title\nDepartment Level Agreements\n"
        "† * indicates institutions which agree upon waivers.\n"
        "64 countries and regions, 481 institutions\n(as of May 1, 2021)\n"
        "Area\tCountry / Region\tPartner Institution\tDepartment at Example\tYear\n"
        "Asia\tChina (1)\tA University\t\tIFS\t2001/01/01"
    )
    lines, anomalies = text_to_lines(text, OPTIONS)
    assert [line.kind for line in lines] == [
        "title",
        "section",
        "university-total",
        "region",
        "country",
        "entry",
        "entry-without-bullet",
        "blank",
        "page-header",
        "section",
        "legend",
        "department-total",
        "as-of",
        "column-header",
        "table-row",
    ]
    assert anomalies == []
    sums = lines_to_checksums(lines)
    assert (sums.university_total, sums.countries_total, sums.department_total) == (
        2,
        64,
        481,
    )
    assert (sums.university_total_line, sums.department_total_line) == (3, 12)


@pytest.mark.parametrize(
    ("line", "countries", "rows"),
    [
        ("64 countries and regions, 481 institutions", 64, 481),  # the original
        ("64 countries and regions, 481 agreements", 64, 481),  # Accord's own
        ("1 country or region, 1 agreement", 1, 1),
    ],
)
def test_it_reads_the_department_total_in_either_wording(line, countries, rows):
    text = f"Department Level Agreements\n{line}\n"
    lines, _ = text_to_lines(text, OPTIONS)
    assert lines[1].kind == "department-total"
    sums = lines_to_checksums(lines)
    assert (sums.countries_total, sums.department_total) == (countries, rows)


def test_a_legend_wrapped_onto_a_second_line_stays_a_legend():
    text = "\n".join(
        [
            "University Level Agreements",
            "(Asia)",
            "China",
            "- * Peking University (1999.11.10)",
            "(* indicates institutions with which TU has mutually agreed to",
            "waive fees.)",
            "(indicated in parentheses is the date of conclusion.)",
            "Japan",
            "Department Level Agreements",
            "* indicates institutions which agree upon a mutual application,",
            "matriculation and tuition waivers for students from the partner",
            "institution.",
            "Area\tCountry / Region\tPartner Institution\tDepartment"
            "\tDepartment at Tohoku\tYear",
            "Asia\tChina (1)\tA University\t\tGS Engineering\t2001/01/01",
        ]
    )
    lines, _ = text_to_lines(text, OPTIONS)
    assert [line.kind for line in lines] == [
        "section",
        "region",
        "country",
        "entry",
        "legend",
        "legend",
        "legend",
        # A finished legend leaves the next line to its own kind.
        "country",
        "section",
        "legend",
        "legend",
        "legend",
        "column-header",
        "table-row",
    ]


def test_text_before_any_section_is_preamble():
    lines, _ = text_to_lines("Title\nsome words\nUniversity Level Agreements", OPTIONS)
    assert [line.kind for line in lines] == ["title", "preamble", "section"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("(as of May 1, 2021)", datetime.date(2021, 5, 1)),
        ("(as of Sept. 3, 2020)", datetime.date(2020, 9, 3)),
        ("(as of Sep. 3, 2020)", datetime.date(2020, 9, 3)),
        ("as of May 1, 2021", datetime.date(2021, 5, 1)),
        ("As at 1 May 2021", datetime.date(2021, 5, 1)),
        ("(as of 2021/5/1)", datetime.date(2021, 5, 1)),
        ("(As of 2021.05.01)", datetime.date(2021, 5, 1)),
        ("(as of 2021-02-30)", None),
        ("(as of 5/1/2021)", None),
        ("(as of May 2021)", None),
        ("as of today", None),
    ],
)
def test_it_reads_the_as_of_date(text, date):
    assert parse_as_of(text) == date


def test_a_header_naming_another_university_is_an_error():
    text = "Department Level Agreements\nArea\tCountry / Region\tDepartment at Kyoto\n"
    _, anomalies = text_to_lines(text, OPTIONS)
    assert [(a.code, a.severity) for a in anomalies] == [
        ("home-university-mismatch", "error")
    ]
    other = "Department Level Agreements\nArea\tPartner\tDepartment at Kyoto\n"
    lines, _ = text_to_lines(other, OPTIONS)
    assert lines[1].kind == "table-row"


# Table rows -------------------------------------------------------------------


def test_it_recognises_cells_by_content_not_position():
    rows, _ = table(
        "Asia\tChina (2)\tA University\tSchool of Law\t* GS Law 2019/12/12\n"
        "B University\tFaculty of Law *\tIFS\t2001/5/7\t\t\n"
    )
    assert [
        (
            r.area,
            r.label,
            r.label_count,
            r.institution,
            r.department,
            r.unit,
            r.date,
            r.waiver,
        )
        for r in rows
    ] == [
        (
            "Asia",
            "China",
            2,
            "A University",
            "School of Law",
            "GS Law",
            datetime.date(2019, 12, 12),
            True,
        ),
        (
            "",
            "",
            None,
            "B University",
            "Faculty of Law",
            "IFS",
            datetime.date(2001, 5, 7),
            True,
        ),
    ]


def test_it_reports_units_it_does_not_know_and_maps_variants():
    rows, anomalies = table(
        "Asia\tChina (3)\tA University\t\tLaw\t2019/12/12\n"
        "\t\tB University\t\tXYZ\t2019/12/12\n"
        "\t\t\t\t2019/12/12\n"
    )
    assert [r.unit for r in rows] == ["GS Law", "XYZ", ""]
    assert [a.code for a in anomalies] == [
        "home-unit-variant",
        "unknown-home-unit",
        "missing-home-unit",
    ]


def test_it_reports_extra_cells_and_a_dateless_line_at_the_end():
    rows, anomalies = table(
        "Asia\tChina (1)\tA University\tSchool\tAnnex\tIFS\t2019/12/12\n"
        "\t\t\tOrphan line\tstill orphan\n"
        "\t\t\t\t\n"
    )
    assert rows[0].department == "School Annex"
    assert [a.code for a in anomalies] == ["extra-cells", "row-without-date"]


def test_a_blank_line_with_only_tabs_is_skipped():
    rows, anomalies = table("Asia\tChina (1)\tA University\t\tIFS\t2019/12/12\n\t\t\n")
    assert len(rows) == 1
    assert [a.code for a in anomalies] == []


def test_it_reports_a_label_printed_twice():
    _, anomalies = table(
        "Asia\tChina (1)\tChina (2)\tA University\t\tIFS\t2019/12/12\n"
    )
    assert [(a.code, a.severity) for a in anomalies] == [("duplicate-label", "warning")]


def test_a_dateless_line_with_a_label_joins_the_next_row():
    rows, anomalies = table(
        "Asia\tChina (1)\tA University\tSchool of Law\n\t\t\t\tIFS\t2019/12/12\n"
    )
    assert (rows[0].label, rows[0].institution, rows[0].lines) == (
        "China",
        "A University",
        (3, 4),
    )
    assert [a.code for a in anomalies] == ["split-row"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Faculty of Law", False),
        ("Research Institute of Nuclear Physics", False),
        ("National Chemical Laboratory, Pune", True),
        ("Aceh Tsunami Museum", True),
        ("Kuwait Institute for Scientific Research (KISR)", True),
        ("Mongolia Study Institute", True),
    ],
)
def test_it_tells_an_institution_from_a_department_by_name(name, expected):
    assert looks_like_institution(name) is expected


# Blocks -----------------------------------------------------------------------


def test_rows_without_institution_at_a_country_start_take_the_next_one():
    found, anomalies, _ = records(
        "Europe\tGermany (2)\t\tDepartment of Aerospace Engineering\tIFS\t2016/10/17\n"
        "\t\tFH Aachen\tInstitute of Nano\tIFS\t2019/04/14\n"
    )
    assert [r.institution for r in found] == ["FH Aachen", "FH Aachen"]
    assert [a.code for a in anomalies] == ["inherited-institution"]


def test_a_row_without_any_institution_stays_empty_and_is_an_error():
    found, anomalies, _ = records(
        "Europe\tGermany (1)\t\tFaculty of Law\tIFS\t2016/10/17\n"
    )
    assert found[0].institution == ""
    assert [(a.code, a.severity) for a in anomalies] == [
        ("missing-institution", "error")
    ]


def test_rows_before_any_label_have_no_country():
    found, anomalies, _ = records("\t\tA University\tSchool\tIFS\t2016/10/17\n")
    assert (found[0].country_code, found[0].country_name) == ("", "")
    assert "entry-without-country" in [a.code for a in anomalies]


def test_an_unknown_label_is_reported_not_guessed():
    found, anomalies, sums = records(
        "Asia\tAtlantis (1)\tA University\t\tIFS\t2016/10/17\n"
    )
    assert found[0].country_code == ""
    assert "unknown-country" in [a.code for a in anomalies]
    assert sums.countries[0].code is None


def test_it_splits_joint_partners_only_when_one_is_known():
    # A name printed alone elsewhere cannot be a piece of one longer name: the
    # seed's "Tianjin Medical University and TEDA ... Hospital" (line 484).
    university = [
        Record("university", "Asia", "CN", "China", name)
        for name in ("A University", "B Hospital")
    ]
    found, anomalies, _ = records(
        "Asia\tChina (4)\tA University and B Hospital\t\tIFS\t2016/10/17\n"
        "\t\tA University and C Hospital\t\tIFS\t2016/10/18\n"
        "\t\tD University and E Hospital\t\tIFS\t2016/10/18\n"
        "\t\tEgypt-Japan University of Science and Technology\t\tIFS\t2016/10/19\n",
        university,
    )
    assert [(r.institution, r.co_partners) for r in found] == [
        ("A University", ("B Hospital",)),
        ("A University", ("C Hospital",)),
        ("D University and E Hospital", ()),
        ("Egypt-Japan University of Science and Technology", ()),
    ]
    joint = [(a.code, a.confidence) for a in anomalies if a.code == "joint-partners"]
    assert joint == [
        ("joint-partners", "likely"),
        ("joint-partners", "likely"),
        ("joint-partners", "uncertain"),
    ]


def test_it_splits_two_known_names_run_together():
    university = [
        Record("university", "Europe", "RU", "Russia", name)
        for name in ("Russian Academy of Sciences", "Lomonosov Moscow State University")
    ]
    found, _, _ = records(
        "Europe\tRussia (1)\tRussian Academy of Sciences Lomonosov Moscow State "
        "University\tGEOKHI\tIMRAM\t2013/09/02\n",
        university,
    )
    assert (found[0].institution, found[0].co_partners) == (
        "Russian Academy of Sciences",
        ("Lomonosov Moscow State University",),
    )


def test_a_row_repeating_the_unit_and_date_above_keeps_its_blank_department():
    found, _, _ = records(
        "Asia\tChina (3)\tA University\tSchool of Law\tGS Law\t2016/10/07\n"
        "\t\t\t\tGS Law\t2016/10/07\n"
        "\t\t\t\tIFS\t2016/10/07\n"
    )
    assert [r.partner_department for r in found] == ["School of Law", "", ""]


def test_a_missing_header_block_with_no_known_country_stays_put():
    university = [
        Record("university", "Asia", "TH", "Thailand", "Chiang Mai University")
    ]
    found, anomalies, _ = records(
        "Asia\tTaiwan (1)\tA University\t\tIFS\t2016/10/17\n"
        "\t\tB University\t\tIFS\t2016/10/17\n",
        university,
    )
    assert {r.country_code for r in found} == {"TW"}
    assert "missing-country-header" not in [a.code for a in anomalies]


def test_a_label_shift_is_not_made_against_name_evidence():
    university = [Record("university", "Asia", "MN", "Mongolia", "Mongolian Academy")]
    found, anomalies, _ = records(
        "Asia\tChina (2)\tPeking University\t\tIFS\t2016/10/17\n"
        "\tMongolia (1)\tMongolian Academy\t\tIFS\t2016/10/17\n"
        "\t\tMongolian University\t\tIFS\t2016/10/17\n",
        university,
    )
    assert [r.country_code for r in found] == ["CN", "MN", "MN"]
    assert "label-one-row-off" not in [a.code for a in anomalies]


def test_a_label_one_row_below_its_block_moves_the_last_row_down():
    found, anomalies, _ = records(
        "Asia\tChina (1)\tPeking University\t\tIFS\t2016/10/17\n"
        "\t\tUlaanbaatar University\t\tIFS\t2016/10/17\n"
        "\tMongolia (2)\tMongolian University\t\tIFS\t2016/10/17\n"
    )
    assert [r.country_code for r in found] == ["CN", "MN", "MN"]
    assert [a.code for a in anomalies] == ["label-one-row-off"]


# Options and countries ---------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"home_university": " "},
        {"home_university": "X", "home_country": "Japan"},
        {"home_university": "X", "country_aliases": {"Nowhere": "ZZZ"}},
        {"home_university": "X", "home_units": (HomeUnit("A"), HomeUnit("A"))},
    ],
)
def test_it_refuses_invalid_options(kwargs):
    with pytest.raises(ValueError):
        ParseOptions(**kwargs)


def test_a_unit_code_may_not_be_padded():
    with pytest.raises(ValueError):
        HomeUnit(" IFS")


def test_options_know_units_by_code_name_and_variant():
    assert OPTIONS.unit_for("graduate school of law").code == "GS Law"
    assert OPTIONS.unit_for("Law").code == "GS Law"
    assert OPTIONS.unit_for("Nothing") is None
    assert OPTIONS.region_name("Asia") == "Asia"
    assert OPTIONS.home_names == ("Example University", "Example")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("U. S. A.", "US"),
        ("Russia", "RU"),
        ("South Korea", "KR"),
        ("Kyrgyz Republic", "KG"),
        ("International Organization", ""),
        ("IND", None),
        ("", None),
        ("Narnia", None),
        # As other lists print them: case, accents, full stops, "The".
        ("the U.S.A.", "US"),
        ("THE NETHERLANDS", "NL"),
        ("Turkiye", "TR"),
        ("Cote d'Ivoire", "CI"),
        ("Hong Kong SAR, China", "HK"),
        ("Taiwan, R.O.C.", "TW"),
        ("P.R. China", "CN"),
        ("Korea (South)", "KR"),
        ("England", "GB"),
        ("Viet Nam", "VN"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Bolivia (Plurinational State of)", "BO"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Korea, DPR", "KP"),
        ("Peking University", None),
        ("Peking University (PKU)", None),
    ],
)
def test_it_resolves_country_labels(label, code):
    found = resolve_country(label, OPTIONS.country_aliases)
    assert (found.code if found else None) == code


def test_options_aliases_win_over_the_bundled_ones():
    options = ParseOptions("X", country_aliases={"Formosa": "TW"})
    assert resolve_country("Formosa", options.country_aliases).name == "Taiwan"
    assert resolve_country("FORMOSA.", options.country_aliases).code == "TW"
    with pytest.raises(ValueError):
        name_of("ZZ")


def test_a_country_start_without_any_institution_before_the_next_label():
    found, anomalies, _ = records(
        "Europe\tGermany (1)\t\tFaculty of Law\tIFS\t2016/10/17\n"
        "\tFrance (1)\tA University\tSchool\tIFS\t2016/10/18\n"
    )
    assert [r.institution for r in found] == ["", "A University"]
    assert "missing-institution" in [a.code for a in anomalies]


def test_a_header_without_a_department_column_names_no_university():
    lines, anomalies = text_to_lines(
        "Department Level Agreements\nArea\tCountry / Region\tPartner\n", OPTIONS
    )
    assert lines[1].kind == "column-header"
    assert anomalies == []


def test_an_unknown_name_with_a_count_inside_the_row_is_text():
    rows, _ = table("Asia\tChina (1)\tNarnia Institute (2)\tSchool\tIFS\t2016/10/17\n")
    assert rows[0].institution == "Narnia Institute (2)"
    assert rows[0].to_dict()["cells"][0] == (2, "Narnia Institute (2)", "")


def test_a_lone_star_cell_marks_the_row_waived():
    rows, _ = table("Asia\tChina (1)\tA University\t*\tIFS\t2016/10/17\n")
    assert (rows[0].institution, rows[0].waiver) == ("A University", True)


def test_anomaly_codes_are_registered_once():
    from accord.importer.anomalies import Anomaly, register

    assert register("missing-date", "An agreement has no date of conclusion")
    with pytest.raises(ValueError):
        register("missing-date", "another title")
    with pytest.raises(ValueError):
        Anomaly("no-such-code")


def test_a_year_printed_unknown_is_an_unknown_date():
    rows, anomalies = table("Asia\tChina (1)\tA University\tSchool\tIFS\tunknown\n")
    assert (rows[0].unit, rows[0].date, rows[0].department) == ("IFS", None, "School")
    # The list states it: information, not a doubt to acknowledge.
    assert [(a.code, a.severity) for a in anomalies] == [("missing-date", "info")]


def test_under_a_full_header_cells_are_read_by_column():
    lines, _ = text_to_lines(
        "Department Level Agreements\n"
        "Area\tCountry / Region\tPartner Institution\tDepartment\t"
        "Department at Example\tYear\n"
        "Asia\tChina (2)\tA University\t\t\t2001/01/01\n"
        "\t\t\tSchool of\tIFS\t2002/02/02\n"
        "\t\tB College\tLaw\t\t\n",
        OPTIONS,
    )
    rows, _ = lines_to_rows(lines, OPTIONS, [])
    assert [(r.institution, r.department, r.unit) for r in rows] == [
        ("A University", "", ""),
        ("B College", "School of Law", "IFS"),
    ]
