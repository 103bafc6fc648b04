"""The search parameters: each one's name, how it is read, and how the API
documents it (its JSON Schema and description make the OpenAPI document).

`registry.filters` parses a query string with this table; the portal and the
API both parse through it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from accord.core.languages import is_language, language_codes

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
# The statuses a public search may ask for: drafts and agreements under
# negotiation are the office's work in progress, never shown to the public
# (`registry.lifecycle.PUBLIC`).
STATUSES: tuple[str, ...] = ("in_force", "suspended", "expired", "terminated")
# What a cooperation term allows (`registry.cooperation`).
MOBILITY_TYPES: tuple[str, ...] = (
    "student_studies",
    "student_traineeship",
    "staff_teaching",
    "staff_training",
    "research_visit",
)
EQF_LEVELS = (5, 6, 7, 8)
_ISCED_PREFIX = re.compile(r"^(0[0-9]|10|99)[0-9]{0,2}$")
TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class Refused(ValueError):
    """One parameter's value is unusable; the message is the reason."""


# -- the parameters -----------------------------------------------------------


def _text(limit: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if _CONTROL.search(raw):
            raise Refused("contains control characters")
        text = " ".join(raw.split())
        if len(text) > limit:
            raise Refused(f"is longer than {limit} characters")
        return text

    return parse


def _choice(choices: Sequence[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in choices:
            raise Refused("must be one of " + ", ".join(choices))
        return raw

    return parse


def _boolean(raw: str) -> bool | None:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Refused("must be true or false")


def _date(raw: str) -> datetime.date:
    # date.fromisoformat alone also takes 20200101 and week dates: refuse them,
    # so that a number never reads as a date.
    try:
        if not _ISO_DATE.match(raw):
            raise ValueError
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise Refused("must be a date such as 2000-01-31") from None


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            raise Refused(f"must be a whole number from {low} to {high}")
        return int(raw)

    return parse


def _decade(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or int(raw) % 10:
        raise Refused("must be a year ending in 0, such as 1990")
    if not 1900 <= int(raw) <= 2090:
        raise Refused("must be a year ending in 0 from 1900 to 2090")
    return int(raw)


def _subject_area(raw: str) -> str:
    if not _ISCED_PREFIX.match(raw):
        raise Refused(
            "must be an ISCED-F 2013 field code: a broad (06), narrow (061) or "
            "detailed (0611) field"
        )
    return raw


def _language(raw: str) -> str:
    code = raw.strip().lower()
    if not is_language(code):
        raise Refused("must be an ISO 639-1 language code such as en or ja")
    return code


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
        "spelling, in any script), its department or its country (in English or "
        "Japanese); case and accents ignored, small typos forgiven. A home "
        "unit's code or name in either language also finds the agreements it "
        "holds.",
        _string(MAX_TEXT),
        _text(MAX_TEXT),
    ),
    Parameter(
        "university",
        "Home university's slug (`/universities`): its agreements only; "
        "`home_unit` and `open_to` then name that university's unit.",
        _string(MAX_NAME),
        _text(MAX_NAME),
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
        "case-insensitive; `/home-units`): department-level agreements only. "
        "Codes are unique within a university: without `university`, every "
        "unit with the code.",
        _string(MAX_NAME),
        _text(MAX_NAME),
    ),
    Parameter(
        "open_to",
        "Open to members of this home unit: every university-level agreement "
        "of the unit's university plus the unit's own department-level ones "
        "(the portal's “Where can I go?”).",
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
        "status",
        "Agreements in this lifecycle status (`in_force` includes one whose "
        "start lies ahead). Without it, only the agreements in force today are "
        "listed, unless `include_ended`.",
        {"type": "string", "enum": list(STATUSES)},
        _choice(STATUSES),
    ),
    Parameter(
        "mobility_type",
        "With a cooperation term for this kind of mobility.",
        {"type": "string", "enum": list(MOBILITY_TYPES)},
        _choice(MOBILITY_TYPES),
    ),
    Parameter(
        "study_level",
        "With a cooperation term open to this EQF level (6 bachelor, 7 master, "
        "8 doctorate; 5 short cycle).",
        {"type": "integer", "minimum": 5, "maximum": 8},
        _integer(5, 8),
    ),
    Parameter(
        "subject_area",
        "With a cooperation term in this ISCED-F 2013 field: a broad (`06`), "
        "narrow (`061`) or detailed (`0611`) field code; a broader code takes in "
        "the fields within it.",
        {"type": "string", "pattern": _ISCED_PREFIX.pattern},
        _subject_area,
    ),
    Parameter(
        "language",
        "With a cooperation term taught in this language (ISO 639-1, e.g. `en`).",
        {"type": "string", "enum": list(language_codes())},
        _language,
    ),
    Parameter(
        "places_available",
        "With (`true`) or without (`false`) a cooperation term offering places "
        "per academic year (a term's places left unknown do not count).",
        {"type": "boolean"},
        _boolean,
    ),
    Parameter(
        "include_ended",
        "Also list agreements that have ended, or are suspended.",
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
