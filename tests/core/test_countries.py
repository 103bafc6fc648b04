"""The countries' names in other languages that Accord ships follow the CLDR
data of the installed Babel."""

from __future__ import annotations

from accord.core.countries import (
    _keyed_latin_names,
    latin_names_from_cldr,
    resolve_country,
)


def test_the_shipped_names_are_what_the_cldr_gives():
    assert _keyed_latin_names() == latin_names_from_cldr()


def test_a_name_in_another_language_places_its_country():
    assert resolve_country("\u00d6sterreich").code == "AT"
    assert resolve_country("Espana").code == "ES"
    assert resolve_country("Granada") is None
