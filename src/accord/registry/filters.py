"""The one filter language: the search parameters the portal and the API share.

A portal URL and an API URL with the same parameters mean the same thing because
both parse them here, with the same names, the same checks and the same
messages. `parameters.PARAMETERS` is the table of every parameter;
`parse_search` turns a query string into a `Search` or raises `FilterError`
naming every bad parameter.

    >>> search = parse_search({"q": " lyon ", "fee_waiver": "true"})
    >>> search.filters.q, search.filters.fee_waiver, search.filters.sort
    ('lyon', True, 'relevance')
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

from accord.registry.parameters import (
    AGREEMENT_SEARCH,
    BY_NAME,
    DEFAULT_PAGE_SIZE,
    FILTER_NAMES,
    INSTITUTION_SEARCH,
    PARAMETERS,
    SORTS,
    Refused,
    openapi_parameters,
)

__all__ = [
    "AGREEMENT_SEARCH",
    "FILTER_NAMES",
    "INSTITUTION_SEARCH",
    "PARAMETERS",
    "SORTS",
    "AgreementFilters",
    "FilterError",
    "InstitutionSearch",
    "Search",
    "filters_to_params",
    "openapi_parameters",
    "parse_institution_search",
    "parse_search",
    "read_params",
]


@dataclass(frozen=True)
class AgreementFilters:
    """Which agreements a visitor asked for; every default means "any".

    `university` is a home university's slug, `region` a region slug, `country`
    an ISO 3166-1 alpha-2 code (or the pseudo-country's slug), `home_unit` a
    unit code as printed (agreements held by that unit), `open_to` a unit code
    (agreements a member of that unit can go abroad under: every university-level
    one of the unit's university plus the unit's own), `decade` the first year of
    a decade (1990 for the 1990s). A unit code is unique within a university
    only: with `university`, `home_unit` and `open_to` name that university's
    unit; without it, every unit with the code. `status` is a lifecycle status;
    without it only agreements in force today count, unless `include_ended`.
    The cooperation-term filters (`mobility_type`, `study_level`,
    `subject_area` (an ISCED-F code or a prefix of one), `language`,
    `places_available`) select an agreement when one of its terms meets them
    all.
    """

    q: str = ""
    university: str = ""
    level: str = ""
    region: str = ""
    country: str = ""
    home_unit: str = ""
    open_to: str = ""
    fee_waiver: bool | None = None
    decade: int | None = None
    concluded_from: datetime.date | None = None
    concluded_to: datetime.date | None = None
    status: str = ""
    mobility_type: str = ""
    study_level: int | None = None
    subject_area: str = ""
    language: str = ""
    places_available: bool | None = None
    include_ended: bool = False
    sort: str = "institution"

    def without(self, name: str) -> AgreementFilters:
        """The same filters with `name` back at its default."""
        # Every field has a default, so never the MISSING sentinel.
        default: Any = next(f.default for f in fields(self) if f.name == name)
        return replace(self, **{name: default})

    @property
    def natural_sort(self) -> str:
        """The order used when none is asked for."""
        return "relevance" if self.q else "institution"


@dataclass(frozen=True)
class Search:
    """A parsed query string: the filters, and which page of the results."""

    filters: AgreementFilters = field(default_factory=AgreementFilters)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


class FilterError(ValueError):
    """Parameters a search cannot use: each problem is (parameter, reason).

    >>> str(FilterError([("level", "must be university or department")]))
    'level: must be university or department'
    """

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in problems))


# -- parsing ------------------------------------------------------------------

Params = Mapping[str, str] | Any  # a dict, or a Django QueryDict (which has lists)


def read_params(
    params: Params, allowed: Iterable[str], *, also: Iterable[str] = ()
) -> dict[str, Any]:
    """The values of `allowed` parameters, parsed; FilterError for unknown or
    repeated parameters (a typo such as `contry=DE` must never widen a result)
    and for every unusable value. Parameters in `also` are the caller's own
    (the portal's `fragment`) and are passed over."""
    known = set(allowed)
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for name, raws in _items(params):
        if name in also:
            continue
        if name not in known:
            problems.append(
                (name, "is not a parameter here; known: " + ", ".join(sorted(known)))
            )
        elif len(raws) > 1:
            problems.append((name, "is given more than once"))
        elif raws[0] != "":
            try:
                values[name] = BY_NAME[name].parse(raws[0])
            except Refused as refused:
                problems.append((name, str(refused)))
    if problems:
        raise FilterError(problems)
    return values


def _items(params: Params) -> list[tuple[str, list[str]]]:
    if hasattr(params, "lists"):
        return [(name, list(values)) for name, values in params.lists()]
    return [(name, [str(value)]) for name, value in params.items()]


class Names(Protocol):
    """The home universities, regions, countries and units a registry holds:
    each method gives a name's stored form (a unit's code as printed, an ISO
    code in capitals), or None when the registry has no such place or unit (a
    unit within `university` when a slug is given)."""

    def university(self, slug: str) -> str | None: ...

    def region(self, slug: str) -> str | None: ...

    def country(self, code: str) -> str | None: ...

    def unit(self, code: str, university: str = "") -> str | None: ...


def parse_search(
    params: Params,
    *,
    paged: bool = True,
    also: Iterable[str] = (),
    names: Names | None = None,
) -> Search:
    """The agreement search a query string asks for.

    FilterError names every bad parameter: unknown or repeated ones, unusable
    values, a region, country or home unit `names` does not hold (the registry's:
    `queries.read_search`), and a date range whose end comes before its start.
    Without `paged`, `page` and `page_size` are unknown parameters (a download
    holds every match).
    """
    values = read_params(params, AGREEMENT_SEARCH if paged else FILTER_NAMES, also=also)
    page = values.pop("page", 1)
    page_size = values.pop("page_size", DEFAULT_PAGE_SIZE)
    problems: list[tuple[str, str]] = []
    start, end = values.get("concluded_from"), values.get("concluded_to")
    if start and end and start > end:
        problems.append(("concluded_to", "is before concluded_from"))
    if names is not None:
        problems += _resolve_names(values, names)
    if problems:
        raise FilterError(problems)
    filters = AgreementFilters(**values)
    if "sort" not in values:
        filters = replace(filters, sort=filters.natural_sort)
    return Search(filters, page, page_size)


@dataclass(frozen=True)
class InstitutionSearch:
    """A search for partner institutions (the API's `/institutions`)."""

    q: str = ""
    country: str = ""
    region: str = ""
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def parse_institution_search(params: Params, names: Names) -> InstitutionSearch:
    """An institution search, checked like an agreement search."""
    values = read_params(params, INSTITUTION_SEARCH)
    problems = _resolve_names(values, names)
    if problems:
        raise FilterError(problems)
    return InstitutionSearch(**values)


def _resolve_names(values: dict[str, Any], names: Names) -> list[tuple[str, str]]:
    """Replace university, region, country and unit names by their stored
    form; a problem for each one the registry does not hold (a unit is looked
    for within the university the search names, if it names one)."""
    problems = []
    finders: dict[str, tuple[Callable[[str], str | None], str]] = {
        "university": (names.university, "names no home university {!r}"),
        "region": (names.region, "names no region {!r}"),
        "country": (names.country, "names no country with the code {!r}"),
    }
    for name, (find, message) in finders.items():
        if values.get(name):
            found = find(values[name])
            if found is None:
                problems.append((name, message.format(values[name])))
            else:
                values[name] = found
    if any(name == "university" for name, _ in problems):
        return problems  # no units to look for in a university that is not there
    university = values.get("university", "")
    for name in ("home_unit", "open_to"):
        if values.get(name):
            found = names.unit(values[name], university)
            if found is None:
                problems.append((name, _no_unit(values[name], university)))
            else:
                values[name] = found
    return problems


def _no_unit(code: str, university: str) -> str:
    within = f" of {university!r}" if university else ""
    return f"names no home unit {code!r}{within}"


def filters_to_params(filters: AgreementFilters) -> dict[str, str]:
    """The query string of a filter state, only with its non-default values, in
    the order of `PARAMETERS` (so shared links are stable)."""
    defaults = AgreementFilters()
    params: dict[str, str] = {}
    for name in FILTER_NAMES:
        value = getattr(filters, name)
        if name == "sort":
            if value != filters.natural_sort:
                params[name] = value
            continue
        if value == getattr(defaults, name) or value in ("", None):
            continue
        params[name] = (
            ("true" if value else "false") if isinstance(value, bool) else str(value)
        )
    return params
