"""Areas as lists print them, and each country held against its area."""

from __future__ import annotations

import pytest

from accord.importer.options import ParseOptions
from accord.importer.pipeline import run

OPTIONS = ParseOptions("Kita University", ("Kita",))


def university_list(*parts: str) -> str:
    return "University Level Agreements\n" + "".join(parts)


def regions(text: str) -> list[tuple[str, str]]:
    return [(r.region, r.country_code) for r in run(text, OPTIONS).reconciled]


@pytest.mark.parametrize(
    "heading",
    ["(europe)", "(EUROPE)", "< Europe >", "\u226aEurope\u226b", "Europe:",
     "\u25a0 Europe", "\uff1cEurope\uff1e", "EUROPE"],
)  # fmt: skip
def test_an_area_heading_set_off_or_cased_otherwise_is_the_area(heading: str):
    text = university_list(
        "(Asia)\nChina\n- Fudan University (2005.3.1)\n",
        f"{heading}\nGermany\n- RWTH Aachen University (2010.3.1)\n",
    )
    assert regions(text) == [("Asia", "CN"), ("Europe", "DE")]
    assert "country-outside-area" not in run(text, OPTIONS).report.codes()


def test_a_country_under_an_area_of_another_continent_is_reported_once():
    """ "Georgia" under North America is the US state read as the country: the
    label is a country's name, so only the area above shows it."""
    text = university_list(
        "(North America)\nMexico\n- UNAM (2005.3.1)\n",
        "Georgia\n- Emory University (2010.1.1)\n- Georgia Tech (2011.1.1)\n",
        "(Europe)\nGeorgia\n- Tbilisi State University (2012.1.1)\n",
        "(Middle East)\nEgypt\n- Cairo University (2013.1.1)\n",
    )
    result = run(text, OPTIONS)
    outside = [
        (a.lines, a.seen, a.severity)
        for a in result.report.anomalies
        if a.code == "country-outside-area"
    ]
    assert outside == [((6,), "Georgia (GE) under North America", "warning")]
    # Kept as read: the check changes no record.
    assert [r.country_code for r in result.reconciled] == ["MX", "GE", "GE", "GE", "EG"]


def test_a_department_row_under_an_area_of_another_continent_is_reported():
    header = "Area\tCountry\tPartner Institution\tDepartment\tDepartment at Kita\tYear"
    text = (
        f"Department Level Agreements\n{header}\n"
        "Asia\tChina\tFudan University\tSchool of History\tGS Letters\t2019/08/01\n"
        "\tFrance\tSorbonne University\t\tGS Letters\t2014/04/01\n"
    )
    result = run(text, ParseOptions("Kita University", ("Kita",)))
    outside = [
        a.seen for a in result.report.anomalies if a.code == "country-outside-area"
    ]
    assert outside == ["France (FR) under Asia"]


def places(text: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    result = run(text, OPTIONS)
    found = [
        (a.lines, a.seen, a.severity)
        for a in result.report.anomalies
        if a.code in {"place-heading", "unknown-country"}
    ]
    return [(r.institution, r.country_code) for r in result.reconciled], found


def test_headings_naming_places_in_the_country_above_keep_its_country():
    """ "United States", then its states; "China", then its municipalities. A
    state that is a country's name too ("Georgia") is the state's after the
    country heading or another state's, and is reported as a warning."""
    read, found = places(
        university_list(
            "(Asia)\nChina\nBeijing\n- Peking University (2001.5.5)\n",
            "Shanghai\n- Fudan University (2005.3.1)\n",
            "(North America)\nUnited States\nCalifornia\n- UC Davis (2010.1.1)\n",
            "Georgia\n- Emory University (2013.3.3)\n",
        )
    )
    assert read == [
        ("Peking University", "CN"),
        ("Fudan University", "CN"),
        ("UC Davis", "US"),
        ("Emory University", "US"),
    ]
    assert found == [
        ((4,), "Beijing", "info"),
        ((6,), "Shanghai", "info"),
        ((10,), "California", "info"),
        ((12,), "Georgia", "warning"),
    ]


def test_a_country_after_the_entries_of_one_it_is_a_place_of_stays_a_country():
    """Luxembourg is a Belgian province's name too: after Belgium's own
    entries it is the country, with a warning; a city no subdivision names
    stays unknown (an error)."""
    read, found = places(
        university_list(
            "(Europe)\nBelgium\n- Ghent University (2001.5.5)\n",
            "Luxembourg\n- University of Luxembourg (2005.3.1)\n",
            "(Asia)\nChina\nWuhan\n- Wuhan University (2006.1.1)\n",
        )
    )
    assert read == [
        ("Ghent University", "BE"),
        ("University of Luxembourg", "LU"),
        ("Wuhan University", ""),
    ]
    assert found == [
        ((5,), "Luxembourg", "warning"),
        ((9,), "Wuhan", "error"),
    ]


def test_a_country_of_its_own_code_is_no_place_of_the_country_above():
    """ISO 3166-2 lists Taiwan and Hong Kong among China's subdivisions
    ("Taiwan Sheng", "Hong Kong SAR"); each has a country code of its own, so
    after China's heading each is its own country, and "China (Taiwan)" names
    no one country (an error, as before)."""
    read, found = places(
        university_list(
            "(Asia)\nChina\n- Peking University (2001.5.5)\n",
            "Taiwan\n- National Taiwan University (2002.2.2)\n",
            "Hong Kong\n- University of Hong Kong (2003.3.3)\n",
            "China (Taiwan)\n- National Tsing Hua University (2004.4.4)\n",
        )
    )
    assert [code for _, code in read] == ["CN", "TW", "HK", ""]
    assert found == [((9,), "China (Taiwan)", "error")]


def test_a_place_heading_keeps_counting_against_its_country():
    text = university_list(
        "(North America)\nUnited States (3)\nCalifornia (2)\n",
        "- UC Davis (2010.1.1)\n- UC Berkeley (2011.1.1)\n",
        "New York\n- Columbia University (2014.4.4)\n",
    )
    read, found = places(text)
    assert [code for _, code in read] == ["US", "US", "US"]
    assert found == [((4,), "California (2)", "info"), ((7,), "New York", "info")]
    # United States (3) holds the three entries of its places.
    assert "checksum" not in run(text, OPTIONS).report.codes()
