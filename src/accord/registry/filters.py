"""The one filter language: the search parameters the portal and the API share.

A portal URL and an API URL with the same parameters mean the same thing because
both parse them here, with the same names, the same checks and the same
messages. `PARAMETERS` is the table of every parameter (its JSON Schema and its
description make the API's OpenAPI document); `parse_search` turns a query string
into a `Search` or raises `FilterError` naming every bad parameter.

    >>> search = parse_search({"q": " lyon ", "fee_waiver": "true"}, check_names=False)
    >>> search.filters.q, search.filters.fee_waiver, search.filters.sort
    ('lyon', True, 'relevance')
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

MAX_TEXT = 200
MAX_NAME = 100
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 50
LEVELS = ("university", "department")
# Orders a search can ask for; `-` for descending. With a text query and no
# explicit order, results rank by relevance.
SORTS: tuple[str, ...] = (
    "institution",
    "-institution",
    "concluded_on",
    "-concluded_on",
    "country",
    "-country",
    "relevance",
)
TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class AgreementFilters:
    """Which agreements a visitor asked for; every default means "any".

    `region` is a region slug, `country` an ISO 3166-1 alpha-2 code (or the
    pseudo-country's slug), `home_unit` a unit code as printed (agreements held
    by that unit), `open_to` a unit code (agreements a member of that unit can go
    abroad under: every university-level one plus the unit's own), `decade` the
    first year of a decade (1990 for the 1990s).
    """

    q: str = ""
    level: str = ""
    region: str = ""
    country: str = ""
    home_unit: str = ""
    open_to: str = ""
    fee_waiver: bool | None = None
    decade: int | None = None
    concluded_from: datetime.date | None = None
    concluded_to: datetime.date | None = None
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


class _Refused(ValueError):
    """One parameter's value is unusable; the message is the reason."""


# -- the parameters -----------------------------------------------------------


def _text(limit: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if _CONTROL.search(raw):
            raise _Refused("contains control characters")
        text = " ".join(raw.split())
        if len(text) > limit:
            raise _Refused(f"is longer than {limit} characters")
        return text

    return parse


def _choice(choices: Sequence[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in choices:
            raise _Refused("must be one of " + ", ".join(choices))
        return raw

    return parse


def _boolean(raw: str) -> bool | None:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _Refused("must be true or false")


def _date(raw: str) -> datetime.date:
    # date.fromisoformat alone also takes 20200101 and week dates: refuse them,
    # so that a number never reads as a date.
    try:
        if not _ISO_DATE.match(raw):
            raise ValueError
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise _Refused("must be a date such as 2000-01-31") from None


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            raise _Refused(f"must be a whole number from {low} to {high}")
        return int(raw)

    return parse


def _decade(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or int(raw) % 10:
        raise _Refused("must be a year ending in 0, such as 1990")
    if not 1900 <= int(raw) <= 2090:
        raise _Refused("must be a year ending in 0 from 1900 to 2090")
    return int(raw)


@dataclass(frozen=True)
class Parameter:
    """One search parameter: how it is read, and how the API documents it."""

    name: str
    description: str
    schema: dict[str, Any]
    parse: Callable[[str], Any]


def _string(limit: int, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit, **extra}


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "q",
        "Words that must all appear in the partner's name (or another known "
        "spelling), its department or its country; case and accents ignored, "
        "small typos forgiven.",
        _string(MAX_TEXT),
        _text(MAX_TEXT),
    ),
    Parameter(
        "level",
        "Agreement level.",
        {"type": "string", "enum": list(LEVELS)},
        _choice(LEVELS),
    ),
    Parameter(
        "region", "Region slug (`/regions`).", _string(MAX_NAME), _text(MAX_NAME)
    ),
    Parameter(
        "country",
        "ISO 3166-1 alpha-2 code (case-insensitive), or the slug of a "
        "pseudo-country such as `international-organization` (`/countries`).",
        _string(MAX_NAME),
        _text(MAX_NAME),
    ),
    Parameter(
        "home_unit",
        "Held by this home unit (its code as printed, e.g. `GS Engineering`, "
        "case-insensitive; `/home-units`): department-level agreements only.",
        _string(MAX_NAME),
        _text(MAX_NAME),
    ),
    Parameter(
        "open_to",
        "Open to members of this home unit: every university-level agreement "
        "plus the unit's own department-level ones (the portal's “Where can I "
        "go?”).",
        _string(MAX_NAME),
        _text(MAX_NAME),
    ),
    Parameter(
        "fee_waiver",
        "Fees waived (`true`) or not (`false`).",
        {"type": "boolean"},
        _boolean,
    ),
    Parameter(
        "decade",
        "First year of the decade of conclusion (1990 for the 1990s).",
        {"type": "integer", "minimum": 1900, "maximum": 2090, "multipleOf": 10},
        _decade,
    ),
    Parameter(
        "concluded_from",
        "Concluded on or after (YYYY-MM-DD); unknown dates excluded.",
        {"type": "string", "format": "date"},
        _date,
    ),
    Parameter(
        "concluded_to",
        "Concluded on or before (YYYY-MM-DD); unknown dates excluded.",
        {"type": "string", "format": "date"},
        _date,
    ),
    Parameter(
        "include_ended",
        "Also list agreements that have ended.",
        {"type": "boolean", "default": False},
        _boolean,
    ),
    Parameter(
        "sort",
        "Order; `-` for descending. Default: `relevance` with a text query, "
        "else `institution`.",
        {"type": "string", "enum": list(SORTS)},
        _choice(SORTS),
    ),
    Parameter(
        "page",
        "1-based page number.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        _integer(1, MAX_PAGE),
    ),
    Parameter(
        "page_size",
        f"Results per page (at most {MAX_PAGE_SIZE}).",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
        _integer(1, MAX_PAGE_SIZE),
    ),
)
BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
PAGING = ("page", "page_size")
AGREEMENT_SEARCH: tuple[str, ...] = tuple(BY_NAME)
FILTER_NAMES: tuple[str, ...] = tuple(n for n in AGREEMENT_SEARCH if n not in PAGING)
INSTITUTION_SEARCH: tuple[str, ...] = ("q", "country", "region", *PAGING)


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
            except _Refused as refused:
                problems.append((name, str(refused)))
    if problems:
        raise FilterError(problems)
    return values


def _items(params: Params) -> list[tuple[str, list[str]]]:
    if hasattr(params, "lists"):
        return [(name, list(values)) for name, values in params.lists()]
    return [(name, [str(value)]) for name, value in params.items()]


def parse_search(
    params: Params,
    *,
    paged: bool = True,
    also: Iterable[str] = (),
    check_names: bool = True,
) -> Search:
    """The agreement search a query string asks for.

    FilterError names every bad parameter: unknown or repeated ones, unusable
    values, a region, country or home unit the registry does not hold (unless
    `check_names` is off, for code that has no database), and a date range whose
    end comes before its start. Without `paged`, `page` and `page_size` are
    unknown parameters (a download holds every match).
    """
    values = read_params(params, AGREEMENT_SEARCH if paged else FILTER_NAMES, also=also)
    page = values.pop("page", 1)
    page_size = values.pop("page_size", DEFAULT_PAGE_SIZE)
    problems: list[tuple[str, str]] = []
    start, end = values.get("concluded_from"), values.get("concluded_to")
    if start and end and start > end:
        problems.append(("concluded_to", "is before concluded_from"))
    if check_names:
        problems += _resolve_names(values)
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


def parse_institution_search(params: Params) -> InstitutionSearch:
    """An institution search, checked like an agreement search."""
    values = read_params(params, INSTITUTION_SEARCH)
    problems = _resolve_names(values)
    if problems:
        raise FilterError(problems)
    return InstitutionSearch(**values)


def parse_filters(params: Params, *, also: Iterable[str] = ()) -> AgreementFilters:
    """The filters of a query string, for what shows every match."""
    return parse_search(params, paged=False, also=also).filters


def _resolve_names(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Replace region, country and unit names by their stored form; a problem
    for each one the registry does not hold."""
    from accord.registry.places import find_country, find_home_unit, find_region

    problems = []
    finders: dict[str, tuple[Callable[[str], str | None], str]] = {
        "region": (find_region, "names no region {!r}"),
        "country": (find_country, "names no country with the code {!r}"),
        "home_unit": (find_home_unit, "names no home unit {!r}"),
        "open_to": (find_home_unit, "names no home unit {!r}"),
    }
    for name, (find, message) in finders.items():
        if values.get(name):
            found = find(values[name])
            if found is None:
                problems.append((name, message.format(values[name])))
            else:
                values[name] = found
    return problems


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


def openapi_parameters(names: Iterable[str]) -> list[dict[str, Any]]:
    """The OpenAPI parameter objects of these parameters (query string)."""
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": BY_NAME[name].description,
            "schema": BY_NAME[name].schema,
        }
        for name in names
    ]
