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
