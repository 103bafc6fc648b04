"""Which label a row without institution belongs to: merged, centred cells."""

from __future__ import annotations

from accord.core.records import Record
from accord.importer.blocks import rows_to_records
from accord.importer.checksums import Checksums
from accord.importer.lines import text_to_lines
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.table import lines_to_rows

OPTIONS = ParseOptions(
    "Example University",
    ("Example",),
    "JP",
    (HomeUnit("GS Law"), HomeUnit("IFS"), HomeUnit("IMR"), HomeUnit("RIEC")),
)
HEADER = "Department Level Agreements\nArea\tCountry / Region\tPartner Institution\t"
HEADER += "Department at Example\tYear\n"


def parse(body: str, university: list[Record] | None = None):
    lines, _ = text_to_lines(HEADER + body, OPTIONS)
    rows, _ = lines_to_rows(lines, OPTIONS, university or [])
    found = rows_to_records(rows, OPTIONS, university or [], Checksums())
    return found.records, found.anomalies


def owners(body: str) -> list[str]:
    return [r.institution for r in parse(body)[0]]


def flagged(body: str, code: str) -> list[int]:
    return [a.lines[0] for a in parse(body)[1] if a.code == code]


# Taipei Medical University (seed lines 624-628): its label on the 2nd of 4 rows.
CENTRED = (
    "Asia\tTaiwan (6)\tSoochow University\tSchool of Business\tIFS\t2007/09/27\n"
    "\t\t\tCollege of Medicine\tGS Law\t2013/05/27\n"
    "\t\tTaipei Medical University\tCollege of Oral Medicine\tIFS\t2017/04/15\n"
    "\t\t\tCollege of Pharmacy\tIMR\t2013/11/15\n"
    "\t\t\tCollege of Nutrition\tRIEC\t2006/04/28\n"
    "\t\tTaiwan Judges Academy\t\tGS Law\t2019/05/16\n"
)


def test_a_row_named_like_the_centred_label_below_is_its_blocks():
    assert owners(CENTRED)[1] == "Taipei Medical University"
    assert 4 in flagged(CENTRED, "inherited-institution")


def test_a_top_aligned_page_keeps_its_rows_with_the_label_above():
    # The same row on a page where more rows side with the labels above them
    # (School under X's School, Faculty under Y's Faculty): top-aligned.
    body = CENTRED + (
        "\t\tX University\tSchool of Law\tGS Law\t2001/01/01\n"
        "\t\t\tSchool of Arts\tIFS\t2002/01/01\n"
        "\t\tY University\tFaculty of Law\tIMR\t2003/01/01\n"
        "\t\t\tFaculty of Arts\tRIEC\t2004/01/01\n"
        "\t\tZ University\tCollege of Medicine\tGS Law\t2005/01/01\n"
    )
    assert owners(body)[1] == "Soochow University"


def test_a_label_two_rows_off_its_middle_takes_the_row_above():
    # Thammasat University (seed 647-651): nothing but centring decides 648,
    # on a page that another row (College of Law under Q) shows centred.
    body = (
        "Asia\tThailand (8)\tP University\tSchool of Arts\tIFS\t2001/01/01\n"
        "\t\t\tCollege of Law\tGS Law\t2002/01/01\n"
        "\t\tQ University\tCollege of Science\tIFS\t2003/01/01\n"
        "\t\t\tCollege of Arts\tIMR\t2004/01/01\n"
        "\t\tA Institute\t\tIFS\t2007/10/23\n"
        "\t\t\tFaculty of Medicine\tGS Law\t2018/04/03\n"
        "\t\tB University\tFaculty of Liberal Arts\tIFS\t2020/06/22\n"
        "\t\t\tFaculty of Arts\tIMR\t2008/01/21\n"
        "\t\t\t\tRIEC\t2015/12/22\n"
    )
    assert owners(body)[4:6] == ["A Institute", "B University"]


def test_a_row_either_label_may_own_is_reported():
    body = (
        "Asia\tTaiwan (3)\tA University\tCollege of Arts\tIFS\t1999/04/03\n"
        "\t\t\tCollege of Law\tGS Law\t2017/07/03\n"
        "\t\tB University\tCollege of Public Affairs\tIMR\t2008/09/05\n"
    )
    assert owners(body)[1] == "A University"
    assert flagged(body, "ambiguous-institution") == [4]


def test_a_row_dated_like_the_label_below_is_its_blocks():
    # MIT (seed 690-694): one agreement document for four home units.
    body = (
        "North America\tU. S. A. (4)\tHarvard University\tInstitute\tIFS\t2014/06/13\n"
        "\t\t\t\tGS Law\t2015/01/09\n"
        "\t\tMIT\tRLE\tIMR\t2015/01/09\n"
        "\t\t\t\tRIEC\t2015/01/09\n"
    )
    assert owners(body) == ["Harvard University", "MIT", "MIT", "MIT"]


def test_an_institute_printed_alone_under_an_academy_is_its_department():
    body = (
        "Europe\tRussia (3)\tRussian Academy of Sciences\tInstitute of X\tIFS\t"
        "2020/09/25\n"
        "General Physics Institute\t\tIMR\t1993/10/01\n"
        "\t\tIndian Institute of Science\t\tGS Law\t2008/12/18\n"
    )
    found, _ = parse(body)
    assert [(r.institution, r.partner_department) for r in found] == [
        ("Russian Academy of Sciences", "Institute of X"),
        ("Russian Academy of Sciences", "General Physics Institute"),
        ("Indian Institute of Science", ""),
    ]


def test_a_name_cut_at_its_comma_is_rejoined():
    body = "Europe\tRomania (1)\tNational Institute for Lasers\tPlasma and "
    body += "Radiation Physics\tIMR\t2006/08/04\n"
    found, _ = parse(body)
    assert (found[0].institution, found[0].partner_department) == (
        "National Institute for Lasers, Plasma and Radiation Physics",
        "",
    )


def test_a_label_row_named_like_the_block_above_is_reported():
    # The Tianjin Medical University label on HKU's Faculty of Medicine (482).
    body = (
        "Asia\tChina (4)\tThe University of Hong Kong\tFaculty of Dentistry\tIFS\t"
        "2015/11/16\n"
        "\t\t\tFaculty of Engineering\tIMR\t2019/08/19\n"
        "\t\tTianjin Medical University\tLi Ka Shing Faculty of Medicine\tRIEC\t"
        "2013/11/01\n"
        "\t\t\tDental College and Dental Hospital\tGS Law\t2010/07/08\n"
    )
    assert {5, 6} <= set(flagged(body, "ambiguous-institution"))


def test_a_department_that_reads_as_a_partner_is_reported():
    body = "Europe\tFrance (1)\tA School\tEcole d'Ingénieur X\tIFS\t2017/02/14\n"
    assert flagged(body, "cell-role") == [3]


def test_a_label_off_its_middle_keeps_a_row_that_sides_with_the_label_above():
    # As above, but the row above B is dated like A's row: one agreement with A.
    body = (
        "Asia\tThailand (8)\tP University\tSchool of Arts\tIFS\t2001/01/01\n"
        "\t\t\tCollege of Law\tGS Law\t2002/01/01\n"
        "\t\tQ University\tCollege of Science\tIFS\t2003/01/01\n"
        "\t\t\tCollege of Arts\tIMR\t2004/01/01\n"
        "\t\tA Institute\t\tIFS\t2007/10/23\n"
        "\t\t\tFaculty of Medicine\tGS Law\t2007/10/23\n"
        "\t\tB University\tFaculty of Liberal Arts\tIFS\t2020/06/22\n"
        "\t\t\tFaculty of Arts\tIMR\t2008/01/21\n"
        "\t\t\t\tRIEC\t2015/12/22\n"
    )
    assert owners(body)[4:6] == ["A Institute", "A Institute"]
