"""Which of the world's areas a country lies in (UN M.49 as the Unicode CLDR
keeps it), so that a country printed under an area it does not lie in is
noticed: a label that names another place of the same name ("Georgia" under
North America), or a heading out of place.

Lists group countries by continent loosely: Mexico under "North America"
(M.49's Northern America is Bermuda, Canada, Greenland, St Pierre and the US),
Turkey or Russia under Europe or Asia. So a country is held against the
continent of the area a list prints, not the area itself, and a country that
lists put on either side of a continent's edge fits both.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

# M.49's five continents: Africa, the Americas, Asia, Europe, Oceania.
CONTINENTS = frozenset({"002", "019", "142", "150", "009"})

# Countries lists place on either side of a continent's edge: spanning two
# (Russia, Kazakhstan, Turkey, Egypt, Indonesia), in Western Asia by M.49 and
# in Europe by most of their ties (Cyprus), or once of the Soviet Union, which
# Japanese lists still group with Europe ("Europe and NIS": Tohoku's 2021 list
# has Kyrgyzstan and Uzbekistan under Europe).
_EUROPE = {"150"}
_EITHER_SIDE = {
    "RU": {"142"},
    "TR": _EUROPE,
    "CY": _EUROPE,
    **dict.fromkeys(("AM", "AZ", "GE", "KG", "KZ", "TJ", "TM", "UZ"), _EUROPE),
    "EG": {"142"},
    "ID": {"009"},
    "TL": {"009"},
    "PG": {"142"},
}

CONTAINMENT_FILE = "data/territory_containment.json"


@cache
def _containment() -> dict[str, tuple[str, ...]]:
    """Each M.49 area's members (areas or countries), from the CLDR's
    supplemental data (`territoryContainment`, CLDR 41)."""
    text = resources.files("accord.core").joinpath(CONTAINMENT_FILE)
    return {
        area: tuple(members) for area, members in json.loads(text.read_text()).items()
    }


@cache
def _parents() -> dict[str, frozenset[str]]:
    parents: dict[str, set[str]] = {}
    for area, members in _containment().items():
        for member in members:
            parents.setdefault(member, set()).add(area)
    return {member: frozenset(areas) for member, areas in parents.items()}


@cache
def areas_of(code: str) -> frozenset[str]:
    """Every M.49 area a country or area lies in, up to its continent.

    >>> sorted(areas_of("MX")), sorted(areas_of("XX"))
    (['003', '013', '019', '419'], [])
    """
    found: set[str] = set()
    todo = [code]
    while todo:
        for parent in _parents().get(todo.pop(), ()):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)


def continent_of(area: str) -> str | None:
    """The continent an M.49 area is, or lies in; None for one outside them.

    >>> continent_of("021"), continent_of("142"), continent_of("XX")
    ('019', '142', None)
    """
    if area in CONTINENTS:
        return area
    return country_continent(area)


def country_continent(country: str) -> str | None:
    """The continent a country lies in (M.49 puts each in one); None when
    M.49 does not place it.

    >>> country_continent("GE"), country_continent("XX")
    ('142', None)
    """
    return next(iter(areas_of(country) & CONTINENTS), None)


def lies_in(country: str, area: str) -> bool | None:
    """Whether a country lies in the continent of an area a list prints it
    under; None when either is not known to M.49 (no answer, no complaint).

    >>> lies_in("MX", "021"), lies_in("GE", "021"), lies_in("TR", "150")
    (True, False, True)
    """
    continent = continent_of(area)
    own = country_continent(country)
    if continent is None or own is None:
        return None
    return continent == own or continent in _EITHER_SIDE.get(country, ())
