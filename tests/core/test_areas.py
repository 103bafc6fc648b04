"""Which continent a country lies in, from the CLDR's M.49 containment."""

from __future__ import annotations

import pycountry
import pytest

from accord.core.areas import CONTINENTS, areas_of, country_continent, lies_in
from accord.core.countries import REGION_CODES


def test_every_country_lies_in_one_continent():
    """The shipped containment places each ISO 3166-1 country in exactly one
    of M.49's five continents: a country dropped or listed twice when the
    file is regenerated shows here."""
    for country in pycountry.countries:
        assert len(areas_of(country.alpha_2) & CONTINENTS) == 1, country.alpha_2


def test_every_area_a_list_prints_has_its_continent():
    for code in REGION_CODES.values():
        assert code in CONTINENTS or areas_of(code) & CONTINENTS, code


@pytest.mark.parametrize(
    ("country", "area", "fits"),
    [
        ("MX", "021", True),  # Mexico under "North America" (Northern America)
        ("CU", "021", True),
        ("GE", "021", False),  # Georgia under North America: not the country
        ("GE", "150", True),  # ... under Europe: as many lists print it
        ("KG", "150", True),  # once of the Soviet Union, with Europe
        ("RU", "142", True),
        ("TR", "150", True),
        ("DE", "142", False),
        ("AU", "150", False),
        ("PG", "002", False),
        ("NZ", "009", True),
        ("EG", "142", True),
        ("EG", "150", False),
        ("TH", "030", True),  # "East Asia": its continent, Asia, is checked
    ],
)
def test_a_country_fits_the_continent_of_the_area_it_is_printed_under(
    country: str, area: str, fits: bool
):
    assert lies_in(country, area) is fits


def test_an_area_or_country_m49_does_not_know_gets_no_answer():
    assert lies_in("GE", "XX") is None
    assert lies_in("XX", "150") is None
    assert country_continent("XX") is None
