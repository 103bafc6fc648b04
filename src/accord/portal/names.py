"""Names of places and units in the language of the page.

Countries and regions are named by CLDR (Babel), from their ISO 3166 or UN
M.49 code, so every language Accord is translated into has them without a hand
list; the two names no code covers ("Middle East", the pseudo-country of
international organizations) are in the message catalog. Units carry their
Japanese names as data (`HomeUnit.name_ja`, from `edition.toml`). English keeps
the names as stored (the list's own spellings).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy

from accord.core.countries import INTERNATIONAL, cldr_name, region_code
from accord.registry.places import unit_names_ja

# What CLDR has no code for, translated by the catalog.
UNCODED = {
    "Middle East": gettext_lazy("Middle East"),
    INTERNATIONAL: gettext_lazy("International Organization"),
}


def page_language() -> str:
    """The page's language as CLDR names it ("en", "ja"). A caller naming many
    places passes it on: each look-up of the active language costs ~3 us."""
    return (get_language() or "en").split("-")[0]


def country_name(iso_code: str | None, stored: str, language: str = "") -> str:
    """A country's name in the page's language (`language`, else the active
    one); the stored name in English or when neither CLDR nor the catalog has it."""
    language = language or page_language()
    if language == "en":
        return stored
    found = cldr_name(iso_code, language) if iso_code else None
    return found or str(UNCODED.get(stored, stored))


def region_name(stored: str, language: str = "") -> str:
    """A region's name in the page's language (CLDR by its M.49 code)."""
    language = language or page_language()
    if language == "en":
        return stored
    code = region_code(stored)
    found = cldr_name(code, language) if code else None
    return found or str(UNCODED.get(stored, stored))


def unit_name(unit: Any, language: str = "") -> str:
    """A home unit's full name in the page's language (`language`, else the
    active one; "" when it has none)."""
    japanese: str = getattr(unit, "name_ja", "")
    if japanese and (language or page_language()) == "ja":
        return japanese
    return str(unit.full_name or "")


def unit_name_of(code: str, stored: str, language: str = "") -> str:
    """The name of the unit with `code` in the page's language: its Japanese
    name when the page is Japanese and it has one, else `stored`."""
    if (language or page_language()) == "ja":
        return unit_names_ja().get(code, stored)
    return stored


def facet_label(facet: str, value: str, stored: str, language: str = "") -> str:
    """A facet value's label in the page's language."""
    if facet == "country":
        return country_name(value if len(value) == 2 else None, stored, language)
    if facet == "region":
        return region_name(stored, language)
    if facet in ("open_to", "home_unit"):
        return unit_name_of(value, stored, language)
    return stored
