"""Country labels as printed -> ISO 3166-1 alpha-2 and a display name.

An unknown label is never guessed: `resolve_country` returns None and the
calling stage reports an `unknown-country` anomaly.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError

from accord.core.names import region_key

INTERNATIONAL = "International Organization"


@dataclass(frozen=True)
class Country:
    code: str  # "" for the international-organization pseudo-country
    name: str


@cache
def default_aliases() -> dict[str, str]:
    """The bundled aliases (country_aliases.toml) for labels ISO 3166 lacks."""
    text = resources.files("accord.core").joinpath("country_aliases.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def _clean(label: str) -> str:
    """A label's words, without a colon after them ("China:" heads China)."""
    return " ".join(label.split()).rstrip(":\uff1a").rstrip()


@cache
def name_of(code: str) -> str:
    """pycountry's common name (or name) for an alpha-2 code.

    >>> name_of("TW"), name_of("")
    ('Taiwan', 'International Organization')
    """
    if not code:
        return INTERNATIONAL
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise ValueError(f"unknown ISO 3166-1 alpha-2 code {code!r}")
    return str(getattr(country, "common_name", None) or country.name)


def resolve_country(
    label: str, extra_aliases: Mapping[str, str] | None = None
) -> Country | None:
    """The country a printed label names, or None when unknown.

    `extra_aliases` (label -> ISO code) are a list's own spellings, tried first.

    >>> resolve_country("U. S. A.").code
    'US'
    """
    label = _clean(label)
    if not label:
        return None
    if extra_aliases:
        if label in extra_aliases:
            return Country(extra_aliases[label], name_of(extra_aliases[label]))
        keyed = {alias_key(k): v for k, v in extra_aliases.items()}
        code = keyed.get(alias_key(label))
        if code is not None:
            return Country(code, name_of(code))
    return _resolve_by_default(label)


@lru_cache(maxsize=16384)
def _resolve_by_default(label: str) -> Country | None:
    """The bundled aliases' country for a label, else ISO 3166's: asked of every
    cell of a list that might be a country label, most of them not."""
    aliases = default_aliases()
    if label in aliases:
        return Country(aliases[label], name_of(aliases[label]))
    key = alias_key(label)
    code = _keyed_default_aliases().get(key)
    if code is None:
        code = _iso_code(label) or _keyed_iso_names().get(key)
    if code is None:
        code = _keyed_latin_names().get(key)
    if code is None and not label.isascii():
        code = _cldr_names().get(_compact(label))
    qualified = _QUALIFIED.match(label)
    if code is None and qualified:
        # The United Nations' form, "Iran (Islamic Republic of)", is ISO 3166's
        # "Iran, Islamic Republic of".
        found = _resolve_by_default(f"{qualified[1]}, {qualified[2]}")
        if found is not None:
            return found
    if code is None:
        return _in_two_languages(label) or _a_place_in_its_country(label)
    return Country(code, name_of(code))


# "Georgia, USA", "USA (Hawaii)", "USA - Texas", "Scotland, UK": a state, a
# province or a nation, and the country it lies in, in either order.
_PLACE_AND_COUNTRY = (
    re.compile(r"^(.+?)\s*,\s*(.+)$"),
    re.compile(r"^(.+?)\s*\((.+)\)$"),
    re.compile(r"^(.+?)\s+[-\u2013\u2014]\s+(.+)$"),
)


def _a_place_in_its_country(label: str) -> Country | None:
    """The country of a label that names a place in it beside it: the part
    that is a country, when the other part is one of its subdivisions (ISO
    3166-2) or names the same country.

    >>> _a_place_in_its_country("Georgia, USA").code
    'US'
    >>> _a_place_in_its_country("Australia (Queensland)").code
    'AU'
    >>> _a_place_in_its_country("Scotland, UK").code
    'GB'
    >>> _a_place_in_its_country("Taiwan, Japan") is None
    True
    """
    for pattern in _PLACE_AND_COUNTRY:
        parts = pattern.match(label)
        if parts is None:
            continue
        first, second = (part.strip() for part in parts.groups())
        one, other = _resolve_by_default(first), _resolve_by_default(second)
        if one is not None and other is not None and one.code == other.code:
            return one
        if other is not None and alias_key(first) in _subdivisions(other.code):
            return other
        if one is not None and alias_key(second) in _subdivisions(one.code):
            return one
    return None


def is_subdivision_of(label: str, code: str) -> bool:
    """Whether a label names one of a country's subdivisions (ISO 3166-2):
    a state, province or nation.

    >>> is_subdivision_of("California", "US"), is_subdivision_of("Hong Kong", "CN")
    (True, False)
    """
    return alias_key(label) in _subdivisions(code)


@cache
def _subdivisions(code: str) -> frozenset[str]:
    """The names of a country's subdivisions (states, provinces, nations), as
    `alias_key` writes them."""
    found = pycountry.subdivisions.get(country_code=code) or ()
    names = {alias_key(sub.name) for sub in found if not _own_country(sub)}
    # Subdivisions as lists print them, without the word for their kind (the
    # ISO names of China's): "Beijing" for "Beijing Shi", "Sichuan" for
    # "Sichuan Sheng".
    return frozenset(names | {_KIND.sub("", name) for name in names})


# The word for a subdivision's kind after its name in ISO 3166-2 (China's:
# province, municipality, autonomous region, special administrative region).
_KIND = re.compile(r" (?:sheng|shi|zizhiqu|sar)$")


def _own_country(subdivision: Any) -> bool:
    """A territory with a country code of its own is its own country, as ISO
    3166-1 lists it, no subdivision of another: "US-PR" Puerto Rico, "US-GU"
    Guam, "CN-TW" Taiwan Sheng, "CN-HK" Hong Kong SAR (its name without the
    word for its kind is the country's)."""
    suffix = subdivision.code.split("-")[-1]
    if not _has_code(suffix):
        return False
    name = _KIND.sub("", alias_key(subdivision.name))
    return name == alias_key(name_of(suffix))


def same_country(
    one: str, other: str, extra_aliases: Mapping[str, str] | None = None
) -> bool:
    """Whether two labels name one country ("Korea", "South Korea"); two that
    name none are the same when spelt the same.

    >>> same_country("Korea", "Republic of Korea"), same_country("Korea", "China")
    (True, False)
    """
    first = resolve_country(one, extra_aliases)
    second = resolve_country(other, extra_aliases)
    if first is None or second is None:
        return _clean(one).casefold() == _clean(other).casefold()
    return first.code == second.code


_QUALIFIED = re.compile(r"^(.+?) \(([^()]*[A-Za-z][^()]*)\)$")
# A label in two languages: "Germany / Deutschland", "China 中国" (a Latin
# name, then one in a script written without spaces, or the other way).
_TWO_NAMES = re.compile(
    r"\s*[/\uff0f]\s*|(?<=[A-Za-z)])\s*(?=[^\x00-\u024f\s])"
    r"|(?<=[^\x00-\u024f\s])\s*(?=[A-Za-z])"
)


# "Georgia (საქართველო)": a name, and in brackets one in a script other than
# the Latin alphabet's.
_OTHER_SCRIPT_IN_BRACKETS = re.compile(
    r"^(.*[A-Za-z].*?)\s*[(\uff08]([^\x00-\u024f()\uff08\uff09]+)[)\uff09]$"
)


def _in_two_languages(label: str) -> Country | None:
    """The country a label names in two languages, when each name it prints
    that is a country's is the same one's.

    >>> _in_two_languages("Korea \u97d3\u56fd").code
    'KR'
    >>> _in_two_languages("Germany / Deutschland").code
    'DE'
    >>> _in_two_languages("Taiwan / China") is None
    True

    The other name may stand in brackets, in a script of its own:

    >>> _in_two_languages("Thailand (\u0e44\u0e17\u0e22)").code
    'TH'
    """
    bracketed = _OTHER_SCRIPT_IN_BRACKETS.match(label)
    parts = (
        list(bracketed.groups())
        if bracketed
        else [part for part in _TWO_NAMES.split(label) if part]
    )
    if len(parts) != 2:
        return None
    found = {c.code for c in map(_resolve_by_default, parts) if c is not None}
    if len(found) != 1:
        return None
    code = found.pop()
    return Country(code, name_of(code))


@lru_cache(maxsize=16384)
def alias_key(label: str) -> str:
    """A country label as aliases are matched: case, accents, full stops and a
    leading "The" aside, an acronym's letters joined.

    >>> alias_key("The U. S. A."), alias_key("Côte d'Ivoire")
    ('usa', "cote d'ivoire")
    """
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = text.replace(".", " ").casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return _join_letters(words)


def _join_letters(words: list[str]) -> str:
    """Single letters in a row are one acronym: "u s a" is "usa"."""
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return " ".join(out)


@cache
def _keyed_default_aliases() -> dict[str, str]:
    return {alias_key(k): v for k, v in default_aliases().items()}


@cache
def _keyed_iso_names() -> dict[str, str]:
    """ISO 3166's names, official and common names, as `alias_key` writes them
    ("Türkiye" is also "Turkiye"; "The Netherlands", "Netherlands")."""
    keyed: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name and len(name) >= 4:
                keyed.setdefault(alias_key(name), str(country.alpha_2))
    return keyed


# Languages whose names of countries a list may print in Latin letters, with
# or without their accents ("España", "Espana", "Österreich", "Polska",
# "Deutschland", "Sverige", "Suomi"): the CLDR's names, matched as `alias_key`
# writes them, after ISO 3166's English names (so no such name can take an
# English one's place). A name two languages give two countries ("Kongo") is
# none.
LATIN_LANGUAGES = (
    "de", "fr", "es", "it", "pt", "pl", "nl", "sv", "fi", "da", "nb", "cs", "sk",
    "hu", "ro", "tr", "id", "ms", "vi", "hr", "sl", "et", "lv", "lt", "ca",
)  # fmt: skip


@cache
def _keyed_latin_names() -> dict[str, str]:
    """`latin_names_from_cldr`, as the package keeps it: loading 25 of the
    CLDR's languages costs a process 26 MB and 0.1 s; the file, 0.1 MB."""
    text = resources.files("accord.core").joinpath(LATIN_NAMES_FILE)
    return dict(json.loads(text.read_text(encoding="utf-8")))


LATIN_NAMES_FILE = "data/country_names_latin.json"


def latin_names_from_cldr() -> dict[str, str]:
    """The CLDR's names of countries in `LATIN_LANGUAGES`, keyed by
    `alias_key`: what `LATIN_NAMES_FILE` holds (a test compares the two, so
    that the file follows the installed CLDR data)."""
    found: dict[str, set[str]] = {}
    for language in LATIN_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and _has_code(code):
                found.setdefault(alias_key(name), set()).add(code)
    # A short name ("Irã") is too near to words of a name to be one alone, and
    # some are a city's, a county's or an English word (Granada, Spanish for
    # Grenada; Island, German for Iceland): a line of a name wrapped there
    # must stay the name's.
    return {
        key: codes.pop()
        for key, codes in sorted(found.items())
        if len(codes) == 1 and len(key) >= 4 and key not in _PLACES_AND_WORDS
    }


_PLACES_AND_WORDS = frozenset(
    {"granada", "salvador", "norfolk", "maurice", "island", "cada"}
)


# Languages whose lists print country names that ISO 3166's English names and
# the aliases do not hold: a Japanese list prints "中国", "ドイツ"; a Chinese one
# "美国" or "美國", a Korean one "미국". Loaded only for a label not in ASCII.
CLDR_LANGUAGES = ("ja", "zh", "zh_Hant", "ko")


@cache
def _cldr_names() -> dict[str, str]:
    """Countries' names in `CLDR_LANGUAGES`, as the Unicode CLDR writes them
    (through Babel), keyed by `_compact`."""
    names: dict[str, str] = {}
    for language in CLDR_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and _has_code(code):
                names.setdefault(_compact(name), code)
    return names


def _compact(label: str) -> str:
    """A label in a script without spaces between words, full-width forms as
    their plain ones and no spaces: "中 国" is "中国"."""
    return "".join(unicodedata.normalize("NFKC", label).split())


@cache
def _has_code(code: str) -> bool:
    """Whether ISO 3166-1 has the alpha-2 code (CLDR names other territories)."""
    return pycountry.countries.get(alpha_2=code) is not None


def _iso_code(label: str) -> str | None:
    """ISO 3166's code for a country's name, official or common name."""
    # Short codes ("IND", "MIT") are not labels a list prints for a country.
    if len(label) < 4:
        return None
    try:
        found = pycountry.countries.lookup(label)
    except LookupError:
        return None
    return str(found.alpha_2)


@cache
def cldr_name(code: str, language: str) -> str | None:
    """The Unicode CLDR's name (through Babel) of a territory in a language:
    an ISO 3166-1 alpha-2 code, or a UN M.49 region number; None when CLDR
    has none.

    >>> cldr_name("TH", "ja"), cldr_name("142", "ja"), cldr_name("XX", "ja")
    ('タイ', 'アジア', None)
    """
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return None
    found = territories.get(code.upper())
    return str(found) if found else None


# Regions as lists print them -> the UN M.49 area CLDR names: the code only, the
# names come from CLDR in every language. A list's "South and Central America"
# holds Latin America and the Caribbean (Mexico and Cuba among them). "Middle
# East" is no M.49 area (it spans Western Asia and North Africa): no code.
REGION_CODES = {
    region_key("Asia"): "142",
    region_key("Africa"): "002",
    region_key("Europe"): "150",
    region_key("Oceania"): "009",
    region_key("North America"): "021",
    region_key("South America"): "005",
    region_key("Central America"): "013",
    region_key("South and Central America"): "419",
    region_key("Latin America"): "419",
    region_key("East Asia"): "030",
    region_key("Southeast Asia"): "035",
    region_key("South Asia"): "034",
    region_key("Central Asia"): "143",
}


def region_code(name: str) -> str | None:
    """The M.49 code of a region as a list names it, in any word order.

    >>> region_code("Central & South America"), region_code("Middle East")
    ('419', None)
    """
    return REGION_CODES.get(region_key(name))
