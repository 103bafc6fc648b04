"""Names of places and units in the language of the page.

Countries are named by CLDR (Babel) from their ISO code, so every language
Accord is translated into has them without a hand list; regions and units carry
their Japanese names as data (`Region.name_ja`, `HomeUnit.name_ja`). English
keeps the names as stored (the list's own spellings).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from accord.core.countries import cldr_name


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def country_name(iso_code: str | None, stored: str) -> str:
    """A country's name in the page's language; the stored name in English,
    for a pseudo-country, or when CLDR lacks the code."""
    language = _language()
    if language == "en" or not iso_code:
        return stored
    return cldr_name(iso_code, language) or stored


def unit_name(unit: Any) -> str:
    """A home unit's full name in the page's language ("" when it has none)."""
    japanese: str = getattr(unit, "name_ja", "")
    if japanese and _language() == "ja":
        return japanese
    return str(unit.full_name or "")
