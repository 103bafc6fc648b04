"""The one validated options object every stage reads: who the home university is,
which units it has, and how a list names countries and regions.

Nothing in the importer knows Tohoku: the bundled edition's `edition.toml` fills
these options (see `accord.importer.bundled`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

_UNIT_CODE = re.compile(r"^\S(.*\S)?$")
# Areas a list of exchange agreements groups countries by; an edition's own
# names come from its university-level list and its region aliases.
DEFAULT_AREAS = frozenset(
    {
        "Asia",
        "Middle East",
        "Africa",
        "Oceania",
        "Europe",
        "North America",
        "South America",
        "Central America",
        "Central and South America",
        "South and Central America",
        "Latin America",
        "International Organization",
        # Parts of Asia, as lists that group it finer print them.
        "East Asia",
        "Southeast Asia",
        "South Asia",
        "Central Asia",
    }
)


# The areas as a Japanese list names them (and a Chinese or a Korean one), and
# the names its records carry (an edition's own region aliases come first).
JAPANESE_AREAS: Mapping[str, str] = MappingProxyType(
    {
        "\u30a2\u30b8\u30a2": "Asia",
        "\u4e2d\u6771": "Middle East",
        "\u30a2\u30d5\u30ea\u30ab": "Africa",
        "\u30aa\u30bb\u30a2\u30cb\u30a2": "Oceania",
        "\u30e8\u30fc\u30ed\u30c3\u30d1": "Europe",
        "\u6b27\u5dde": "Europe",
        "\u5317\u7c73": "North America",
        "\u5317\u30a2\u30e1\u30ea\u30ab": "North America",
        "\u4e2d\u5357\u7c73": "Central and South America",
        "\u5357\u7c73": "South America",
        "\u4e2d\u7c73": "Central America",
        "\u5357\u30a2\u30e1\u30ea\u30ab": "South America",
        "\u30e9\u30c6\u30f3\u30a2\u30e1\u30ea\u30ab": "Latin America",
        "\u56fd\u969b\u6a5f\u95a2": "International Organization",
        "\u5927\u6d0b\u5dde": "Oceania",  # 大洋州
        "\u4e2d\u8fd1\u6771": "Middle East",  # 中近東
        "\u6771\u30a2\u30b8\u30a2": "East Asia",
        "\u6771\u5357\u30a2\u30b8\u30a2": "Southeast Asia",
        "\u5357\u30a2\u30b8\u30a2": "South Asia",
        "\u4e2d\u592e\u30a2\u30b8\u30a2": "Central Asia",
        # A Chinese list's, simplified and traditional; a Korean list's.
        "\u4e9a\u6d32": "Asia",  # 亚洲
        "\u4e9e\u6d32": "Asia",  # 亞洲
        "\u6b27\u6d32": "Europe",  # 欧洲 (also Japanese)
        "\u6b50\u6d32": "Europe",  # 歐洲
        "\u975e\u6d32": "Africa",  # 非洲
        "\u5317\u7f8e\u6d32": "North America",  # 北美洲
        "\u5357\u7f8e\u6d32": "South America",  # 南美洲
        "\u62c9\u4e01\u7f8e\u6d32": "Latin America",  # 拉丁美洲
        "\u4e2d\u4e1c": "Middle East",  # 中东
        "\uc544\uc2dc\uc544": "Asia",  # 아시아
        "\uc720\ub7fd": "Europe",  # 유럽
        "\uc544\ud504\ub9ac\uce74": "Africa",  # 아프리카
        "\ubd81\ubbf8": "North America",  # 북미
        "\uc911\ub0a8\ubbf8": "Central and South America",  # 중남미
        "\ub0a8\ubbf8": "South America",  # 남미
        "\uc624\uc138\uc544\ub2c8\uc544": "Oceania",  # 오세아니아
        "\uc911\ub3d9": "Middle East",  # 중동
    }
)


# The default areas by their letters, whatever their case: "ASIA", "europe".
_DEFAULT_AREAS_BY_KEY = {
    " ".join(area.split()).casefold(): area for area in DEFAULT_AREAS
}


def default_area(printed: str) -> str | None:
    """The default area a printed name is, in whatever case it is printed.

    >>> default_area("NORTH  AMERICA"), default_area("Asia Pacific")
    ('North America', None)
    """
    return _DEFAULT_AREAS_BY_KEY.get(" ".join(printed.split()).casefold())


def _without_area_word(printed: str) -> str:
    """A Japanese area's name without 地域 ("area") after it: "アジア地域"."""
    return printed.removesuffix("\u5730\u57df") or printed


@dataclass(frozen=True)
class HomeUnit:
    """A unit of the home university as the list prints it.

    >>> HomeUnit("GS Engineering", "Graduate School of Engineering").code
    'GS Engineering'
    """

    code: str
    name: str = ""
    kind: str = ""
    variants: tuple[str, ...] = ()
    name_ja: str = ""

    def __post_init__(self) -> None:
        if not _UNIT_CODE.match(self.code):
            raise ValueError(f"home unit code {self.code!r} is empty or padded")


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


# Between an area's names in two languages.
_TWO_NAMES = re.compile(r"\s*[/\uff0f]\s*")
# Full-width Latin letters, digits and signs, as a Japanese list may print a code.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


@dataclass(frozen=True)
class ParseOptions:
    """Everything the parser must know about the list's publisher.

    `home_short_names` are the forms the list uses for the home university in
    headers ("Department at Tohoku") and legends ("... with which TU has ...").
    `country_aliases` maps a printed country label to an ISO 3166-1 alpha-2 code
    ("" for the international-organization pseudo-country); labels not listed
    there are looked up in ISO 3166 by name. `region_aliases` maps a printed area
    to the region name records carry.

    >>> ParseOptions("Tohoku University", ("Tohoku",)).home_short_names
    ('Tohoku',)
    """

    home_university: str
    home_short_names: tuple[str, ...] = ()
    home_country: str = ""
    home_units: tuple[HomeUnit, ...] = ()
    country_aliases: Mapping[str, str] = field(default_factory=dict)
    region_aliases: Mapping[str, str] = field(default_factory=dict)
    # A list this short is not a list: ImportInputError instead of a report.
    min_entries: int = 1
    # How the list writes a date with the year last (`date_order.ORDERS`), when
    # none of its dates shows it ("" : as the list shows, or not read).
    date_order: str = ""

    def __post_init__(self) -> None:
        if not self.home_university.strip():
            raise ValueError("home_university must not be empty")
        if self.home_country and not re.fullmatch(r"[A-Z]{2}", self.home_country):
            raise ValueError(f"home_country {self.home_country!r} is not ISO alpha-2")
        for label, code in self.country_aliases.items():
            if code and not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"country alias {label!r}: {code!r} is not alpha-2")
        if self.date_order not in ("", "day-first", "month-first"):
            raise ValueError(
                f"date_order {self.date_order!r} is not day-first or month-first"
            )
        codes = [unit.code for unit in self.home_units]
        if len(codes) != len(set(codes)):
            raise ValueError("home unit codes must be unique")
        object.__setattr__(self, "country_aliases", _frozen(self.country_aliases))
        object.__setattr__(self, "region_aliases", _frozen(self.region_aliases))

    @property
    def home_names(self) -> tuple[str, ...]:
        """Every name the list may use for the home university, longest first."""
        names = {self.home_university, *self.home_short_names}
        return tuple(sorted(names, key=lambda n: (-len(n), n)))

    @cached_property
    def _units_by_form(self) -> dict[str, HomeUnit]:
        found: dict[str, HomeUnit] = {}
        for unit in reversed(self.home_units):  # the first unit wins a shared form
            for form in (unit.code, unit.name, *unit.variants, unit.name_ja):
                if form:
                    found[" ".join(form.split()).casefold()] = unit
        return found

    @cached_property
    def _unit_prefixes(self) -> tuple[str, ...]:
        return (*(n.casefold() for n in self.home_names), "\u5927\u5b66\u9662")

    def unit_for(self, printed: str) -> HomeUnit | None:
        """The home unit a printed code, full name or variant names, if known;
        also after the home university's name or 大学院 ("graduate school"), as
        a Japanese list may print it ("大学院工学研究科", "東北大学工学研究科")."""
        key = " ".join(printed.split()).casefold()
        found = self._units_by_form.get(key)
        if found is None and _FULL_WIDTH.search(key):  # a code in full-width letters
            key = " ".join(unicodedata.normalize("NFKC", key).split()).casefold()
            found = self._units_by_form.get(key)
        if found is not None or not key.startswith(self._unit_prefixes):
            return found
        for prefix in self._unit_prefixes:
            rest = key.removeprefix(prefix).strip()
            if rest != key:
                found = self._units_by_form.get(rest.removeprefix("\u5927\u5b66\u9662"))
                if found is not None:
                    return found
        return None

    def region_name(self, printed: str) -> str:
        """The region a printed area stands for: the edition's alias, a
        default area as Accord spells it ("ASIA" is Asia), the English name of
        a Japanese one, else the area as printed."""
        found = self.region_aliases.get(printed) or default_area(printed)
        if found is not None:
            return found
        if not self.is_area(printed):
            # In two languages: "Asia / \u30a2\u30b8\u30a2", the names it knows
            # naming one area ("Asia / Oceania" names two: kept as printed).
            parts = [p for p in _TWO_NAMES.split(printed) if p != printed]
            named = {self.region_name(p) for p in parts if self.is_area(p)}
            if len(named) == 1:
                return named.pop()
        return JAPANESE_AREAS.get(_without_area_word(printed), printed)

    def is_area(self, printed: str) -> bool:
        """Whether a line names an area the list groups countries by: a
        default one ("Asia", "Europe", ...) or one of the region aliases."""
        return (
            default_area(printed) is not None
            or printed in self.region_aliases
            or _without_area_word(printed) in JAPANESE_AREAS
        )
