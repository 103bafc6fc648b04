"""Validation: the rules every write to the registry obeys, in one place.

`registry.services` (the admin, the API, the back office) and the importer
check through these functions, so a value one of them refuses, all of them
refuse: `text_problems` (a name as stored), `date_problems` (1900 to today),
`agreement_problems` (the level rule, the dates) and `record_problems` (an
export-schema record, every rule at once). Bad input raises
`InvalidWrite(field, message)`; a write based on a stale read raises `Conflict`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Model

from accord.core.identifiers import (
    erasmus_problem,
    normal_erasmus,
    normal_ror,
    normal_schac,
    ror_problem,
    schac_problem,
)
from accord.core.names import clean_name, has_control, is_visible
from accord.core.records import UNIVERSITY_LEVEL_RULE, Record, level_problem
from accord.registry.exceptions import (
    InvalidWrite,
)
from accord.registry.lifecycle import (
    ENDED,
    NOT_CONCLUDED,
    STATUSES,
    Status,
    allowed,
    label,
)
from accord.registry.models import (
    EARLIEST_DATE,
    Agreement,
    Country,
    HomeUnit,
    HomeUniversity,
    Institution,
    Region,
    stored_fold,
    today,
)


def max_length(model: type[Model], field: str) -> int:
    """The column's length: what a text field may hold, read from the model."""
    length = getattr(model._meta.get_field(field), "max_length", None)
    assert isinstance(length, int)
    return length


NAME_MAX = max_length(Institution, "name")
DEPARTMENT_MAX = max_length(Agreement, "partner_department")
UNIT_CODE_MAX = max_length(HomeUnit, "code")
REGION_MAX = max_length(Region, "name")
COUNTRY_MAX = max_length(Country, "name")
DEPARTMENT_NEEDS_UNIT = "a department-level agreement needs a home unit"
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
LEVELS = frozenset(Agreement.Level.values)


def raise_first(problems: Iterable[InvalidWrite]) -> None:
    """Raise the first of `problems`, if any."""
    for problem in problems:
        raise problem


# The rules an import applies to each of its records return lists rather than
# yield: a generator each, several a record (100,000 records: 0.30 -> 0.25 s).
def date_problems(
    field: str, value: datetime.date | None, today_is: datetime.date | None = None
) -> list[InvalidWrite]:
    """A date the registry stores: unknown (None), or from 1900 to today
    (`today_is`, when the caller checks many dates at once, else `today()`)."""
    if value is None:
        return []
    if not isinstance(value, datetime.date):
        return [InvalidWrite(field, "must be a date (YYYY-MM-DD)")]
    if value < EARLIEST_DATE:
        return [InvalidWrite(field, f"{value.isoformat()} is before 1900")]
    if value > (today_is or today()):
        return [InvalidWrite(field, f"{value.isoformat()} is in the future")]
    return []


def check_date(field: str, value: datetime.date | None) -> None:
    raise_first(date_problems(field, value))


def agreement_problems(
    level: str,
    *,
    has_unit: bool,
    partner_department: str,
    concluded_on: datetime.date | None,
    ended_on: datetime.date | None = None,
    unit_may_be_unknown: bool = False,
    today_is: datetime.date | None = None,
) -> list[InvalidWrite]:
    """The rules of an agreement's own values: its level (core.records'
    `level_problem`) and its dates. A department-level agreement needs its
    home unit unless `unit_may_be_unknown` (a list that lost it, reported)."""
    if level not in LEVELS:
        return [InvalidWrite("level", "must be 'university' or 'department'")]
    problems = []
    if level == Agreement.Level.DEPARTMENT and not has_unit and not unit_may_be_unknown:
        problems.append(InvalidWrite("home_unit", DEPARTMENT_NEEDS_UNIT))
    forbidden = level_problem(level, "unit" if has_unit else "", partner_department)
    if forbidden:
        problems.append(InvalidWrite(forbidden, UNIVERSITY_LEVEL_RULE))
    problems += date_problems("concluded_on", concluded_on, today_is)
    problems += date_problems("ended_on", ended_on, today_is)
    if (
        isinstance(concluded_on, datetime.date)
        and isinstance(ended_on, datetime.date)
        and ended_on < concluded_on
    ):
        problems.append(
            InvalidWrite("ended_on", "an agreement cannot end before it is concluded")
        )
    return problems


# A validity may run far ahead; beyond this year a date is a typo.
LATEST_VALIDITY_YEAR = 2200
TERM_MONTHS_MAX = 1200  # a century


def validity_date_problems(
    field: str, value: datetime.date | None
) -> Iterator[InvalidWrite]:
    """A date of validity: unknown (None), or from 1900 to LATEST_VALIDITY_YEAR
    (unlike the dates of what happened, it may lie ahead)."""
    if value is None:
        return
    if not isinstance(value, datetime.date):
        yield InvalidWrite(field, "must be a date (YYYY-MM-DD)")
    elif value < EARLIEST_DATE:
        yield InvalidWrite(field, f"{value.isoformat()} is before 1900")
    elif value.year > LATEST_VALIDITY_YEAR:
        yield InvalidWrite(
            field, f"{value.isoformat()} is after {LATEST_VALIDITY_YEAR}"
        )


def transition_problems(before: str, after: str) -> Iterator[InvalidWrite]:
    """A status move staff may not make (`lifecycle.TRANSITIONS`)."""
    if after not in STATUSES:
        known = ", ".join(Status.values)
        yield InvalidWrite("status", f"{after!r} is not a status; known: {known}")
    elif not allowed(before, after):
        yield InvalidWrite(
            "status",
            f"an agreement cannot go from {label(before).lower()} "
            f"to {label(after).lower()}",
        )


@dataclass(frozen=True, slots=True)
class LifecycleProbe:
    """An agreement's lifecycle values alone, for the rules below: an import
    checks 100,000 records, and building a model instance for each took half
    of its time."""

    status: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    term_months: int | None
    renews_automatically: bool
    ended_on: datetime.date | None
    termination_reason: str
    concluded_on: datetime.date | None


def lifecycle_problems(agreement: Agreement | LifecycleProbe) -> Iterator[InvalidWrite]:
    """The rules tying an agreement's status to its dates, its validity and its
    termination reason (the database's `agreement_*` checks, as messages)."""
    status = agreement.status
    if status not in STATUSES:
        yield InvalidWrite("status", f"{status!r} is not a status")
        return
    if status in ENDED and agreement.ended_on is None:
        yield InvalidWrite(
            "ended_on", f"a {label(status).lower()} agreement needs the day it ended"
        )
    if status not in ENDED and agreement.ended_on is not None:
        yield InvalidWrite(
            "ended_on", f"an agreement {label(status).lower()} has not ended"
        )
    reason = agreement.termination_reason.strip()
    if status == Status.TERMINATED and not reason:
        yield InvalidWrite("termination_reason", "a termination needs its reason")
    if status != Status.TERMINATED and reason:
        yield InvalidWrite(
            "termination_reason", "only a terminated agreement has a termination reason"
        )
    if status in NOT_CONCLUDED and agreement.concluded_on is not None:
        yield InvalidWrite(
            "concluded_on",
            f"an agreement still {label(status).lower()} has no conclusion date",
        )
    yield from validity_problems(agreement)


def validity_problems(agreement: Agreement | LifecycleProbe) -> Iterator[InvalidWrite]:
    yield from validity_date_problems("valid_from", agreement.valid_from)
    yield from validity_date_problems("valid_until", agreement.valid_until)
    start, end = agreement.valid_from, agreement.valid_until
    if (
        isinstance(start, datetime.date)
        and isinstance(end, datetime.date)
        and end < start
    ):
        yield InvalidWrite("valid_until", "validity cannot end before it starts")
    term = agreement.term_months
    if term is not None and (
        not isinstance(term, int)
        or isinstance(term, bool)
        or not 1 <= term <= TERM_MONTHS_MAX
    ):
        yield InvalidWrite(
            "term_months", f"must be a number of months from 1 to {TERM_MONTHS_MAX}"
        )
    if agreement.renews_automatically and term is None:
        yield InvalidWrite(
            "term_months", "an agreement that renews automatically needs its term"
        )


def record_problems(
    record: Record,
    *,
    unit_may_be_unknown: bool = False,
    today_is: datetime.date | None = None,
    with_lifecycle: bool = True,
) -> list[InvalidWrite]:
    """Every rule of the registry that an export-schema record breaks, as the
    registry would store it: the agreement's rules, each name as stored
    (`text_problems`, within its column), the country code, the edition date,
    and unless not `with_lifecycle`, its lifecycle values'
    (`lifecycle_record_problems`, last). An import checks every record with it,
    pure and without a query: give `today_is` (`today()`, read once) for the
    dates."""
    today_is = today_is or today()
    problems = agreement_problems(
        record.level,
        has_unit=bool(clean_name(record.home_unit)),
        partner_department=clean_name(record.partner_department),
        concluded_on=record.concluded_on,
        unit_may_be_unknown=unit_may_be_unknown,
        today_is=today_is,
    )
    names = [
        ("institution", record.institution, NAME_MAX, True),
        *(("co_partners", name, NAME_MAX, True) for name in record.co_partners),
        ("partner_department", record.partner_department, DEPARTMENT_MAX, False),
        ("home_unit", record.home_unit, UNIT_CODE_MAX, False),
        ("region", record.region, REGION_MAX, True),
        ("country_name", record.country_name, COUNTRY_MAX, True),
    ]
    for field, value, length, required in names:
        messages = _text_messages(str(value or ""), length, required)
        if messages:  # rarely: a name breaks a rule
            problems += (InvalidWrite(field, message) for message in messages)
    if record.country_code and not _COUNTRY_CODE.fullmatch(record.country_code):
        problems.append(
            InvalidWrite("country_code", f"{record.country_code!r} is not two capitals")
        )
    problems += date_problems("edition", record.edition, today_is)
    if with_lifecycle and record.lifecycle is not None:
        problems += lifecycle_record_problems(record, today_is=today_is)
    return problems


# What a new agreement has where a file gives nothing (`Agreement`'s defaults).
LIFECYCLE_DEFAULTS: dict[str, Any] = {
    "status": Status.IN_FORCE.value,
    "valid_from": None,
    "valid_until": None,
    "term_months": None,
    "renews_automatically": False,
    "ended_on": None,
    "termination_reason": "",
}


def lifecycle_values(
    given: Mapping[str, Any], base: Mapping[str, Any]
) -> dict[str, Any]:
    """The agreement's lifecycle fields as stored: `base` (what it has, or
    LIFECYCLE_DEFAULTS) with the values a file `given` (`Record.lifecycle`,
    dates as ISO text) over them.

    >>> lifecycle_values({"ended_on": "2020-03-31"}, LIFECYCLE_DEFAULTS)["ended_on"]
    datetime.date(2020, 3, 31)
    """
    values = dict(base)
    for name in LIFECYCLE_DEFAULTS:
        if name not in given:
            continue
        value = given[name]
        if name in ("valid_from", "valid_until", "ended_on") and value is not None:
            value = datetime.date.fromisoformat(value)
        if name == "termination_reason":
            value = (value or "").strip()  # as `services` stores it
        values[name] = value
    return values


def lifecycle_record_problems(
    record: Record,
    *,
    base: Mapping[str, Any] | None = None,
    today_is: datetime.date | None = None,
) -> list[InvalidWrite]:
    """Every rule of the registry that a record's lifecycle values break, as
    they would be stored over `base` (what the agreement has: a stored one's
    values, or LIFECYCLE_DEFAULTS for a new one): the status against its dates
    (`lifecycle_problems`), the end date, each cooperation term
    (`cooperation.term_problems`). Pure.

    Without `base` (before an import has read the registry), a record that
    gives its status is checked as a new agreement's, one that does not only
    value by value: the rules between its values and the stored ones wait for
    them (`importer.persist.agreements`).
    """
    given = record.lifecycle or {}
    if base is None and "status" not in given:
        values = lifecycle_values(given, LIFECYCLE_DEFAULTS)
        probe = LifecycleProbe(concluded_on=record.concluded_on, **values)
        problems = [p for p in validity_problems(probe) if p.field in given]
        return problems + _end_and_terms_problems(record, values, today_is)
    values = lifecycle_values(given, base or LIFECYCLE_DEFAULTS)
    status = values["status"]
    if status not in STATUSES:
        known = ", ".join(Status.values)
        return [InvalidWrite("status", f"{status!r} is not a status; known: {known}")]
    probe = LifecycleProbe(concluded_on=record.concluded_on, **values)
    problems = list(lifecycle_problems(probe))
    return problems + _end_and_terms_problems(record, values, today_is)


def lifecycle_check_key(record: Record) -> tuple[int, Any]:
    """What `lifecycle_record_problems(record)` (without `base`) reads besides
    the record's lifecycle mapping: the conclusion date where the lifecycle
    gives an end to compare it with, else only whether there is one. Records
    that share a lifecycle (`core.formats.shared_lifecycle`) and this key have
    the same problems: an import checks each once (the 100k benchmark export:
    2 keys, where its lifecycle and conclusion dates made 22,635 pairs)."""
    given = record.lifecycle or {}
    concluded = record.concluded_on if given.get("ended_on") else None
    return (id(record.lifecycle), (record.concluded_on is None, concluded))


def _end_and_terms_problems(
    record: Record, values: Mapping[str, Any], today_is: datetime.date | None
) -> list[InvalidWrite]:
    problems: list[InvalidWrite] = []
    ended = values["ended_on"]
    if isinstance(ended, datetime.date):
        problems += date_problems("ended_on", ended, today_is)
        if record.concluded_on and ended < record.concluded_on:
            problems.append(
                InvalidWrite(
                    "ended_on", "an agreement cannot end before it is concluded"
                )
            )
    terms = (record.lifecycle or {}).get("cooperation_terms")
    if terms is not None:
        problems += terms_problems(terms)
    return problems


def terms_problems(terms: Iterable[Mapping[str, Any]]) -> list[InvalidWrite]:
    """The cooperation terms of one agreement, as a file gives them: each an
    object of `cooperation.TERM_FIELDS` with its direction and mobility type,
    breaking no rule of `term_problems`; the problems name the field
    `cooperation_terms` and say which term (from 1) and which of its fields."""
    from accord.registry.cooperation import TERM_FIELDS, term_problems

    problems = []
    for number, term in enumerate(terms, start=1):
        where = f"term {number}"
        unknown = sorted(set(term) - set(TERM_FIELDS))
        if unknown:
            problems.append(
                InvalidWrite(
                    "cooperation_terms",
                    f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
                    f"a term has {', '.join(TERM_FIELDS)}",
                )
            )
            continue
        for required in ("direction", "mobility_type"):
            if not term.get(required):
                problems.append(
                    InvalidWrite(
                        "cooperation_terms", f"{where}: {required} is required"
                    )
                )
        problems += (
            InvalidWrite("cooperation_terms", f"{where}: {p.field} {p.message}")
            for p in term_problems(term)
        )
    return problems


def check_agreement(agreement: Agreement, co_partners: Iterable[Institution]) -> None:
    """Raise InvalidWrite for the first rule the agreement breaks."""
    raise_first(
        agreement_problems(
            agreement.level,
            has_unit=bool(agreement.home_unit_id),
            partner_department=agreement.partner_department,
            concluded_on=agreement.concluded_on,
            ended_on=agreement.ended_on,
        )
    )
    raise_first(lifecycle_problems(agreement))
    unit = agreement.home_unit
    if unit is not None and unit.home_university_id != agreement.home_university_id:
        raise InvalidWrite("home_unit", f"{unit.code} is not a unit of this university")
    if any(p.pk == agreement.institution_id for p in co_partners):
        raise InvalidWrite(
            "co_partners", "the partner institution cannot be its own co-partner"
        )
    clash = find_duplicate_agreement(agreement)
    if clash is not None:
        raise InvalidWrite("institution", f"the same agreement already exists: {clash}")


def find_duplicate_agreement(agreement: Agreement) -> Agreement | None:
    """Another agreement the `agreement_not_duplicated` constraint would refuse."""
    same = Agreement.objects.filter(
        home_university_id=agreement.home_university_id,
        level=agreement.level,
        institution_id=agreement.institution_id,
        partner_department=agreement.partner_department,
        home_unit_id=agreement.home_unit_id,
        concluded_on=agreement.concluded_on,
    )
    return same.exclude(pk=agreement.pk).first()


def resolve(model: type[Model], value: Any, field: str) -> Any:
    """A model instance from an instance or a primary key; InvalidWrite if absent."""
    if value is None or isinstance(value, model):
        if (
            value is not None
            and not model._default_manager.filter(pk=value.pk).exists()
        ):
            raise InvalidWrite(field, f"{value} does not exist")
        return value
    found = model._default_manager.filter(pk=value).first()
    if found is None:
        raise InvalidWrite(field, f"no {model._meta.verbose_name} with id {value!r}")
    return found


def resolve_home_unit(value: Any, home_university_id: int | None) -> HomeUnit | None:
    """A home unit from an instance, a primary key, or its code as printed
    (case-insensitive) among the units of the agreement's university."""
    if isinstance(value, str):
        found = HomeUnit.objects.filter(
            home_university_id=home_university_id, code__iexact=value.strip()
        ).first()
        if found is None:
            raise InvalidWrite("home_unit", f"no home unit {value!r}; see /home-units")
        return found
    unit: HomeUnit | None = resolve(HomeUnit, value, "home_unit")
    return unit


def resolve_country(value: Country | int | str) -> Country:
    """A country from an instance, a primary key or an ISO 3166-1 alpha-2 code."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        found = Country.objects.filter(iso_code=value.strip().upper()).first()
        if found is None:
            raise InvalidWrite("country", f"no country with ISO code {value!r}")
        return found
    country: Country = resolve(Country, value, "country")
    if country is None:
        raise InvalidWrite("country", "is required")
    return country


def default_home_university() -> HomeUniversity:
    universities = list(HomeUniversity.objects.all()[:2])
    if len(universities) != 1:
        raise InvalidWrite(
            "home_university",
            "is required" if universities else "no home university is set up",
        )
    return universities[0]


def text_problems(
    field: str, value: Any, max_length: int, *, required: bool = False
) -> Iterator[InvalidWrite]:
    """A name as stored (`core.names.clean_name`: NFC, bidirectional controls
    and invisible characters removed, spaces collapsed): no control character,
    something visible if anything was given, within its column's length."""
    for message in _text_messages(str(value or ""), max_length, required):
        yield InvalidWrite(field, message)


# An import checks the same names on many rows (an institution's every
# agreement, a country on every row): each distinct one is checked once.
@lru_cache(maxsize=1 << 16)
def _text_messages(raw: str, max_length: int, required: bool) -> tuple[str, ...]:
    text = clean_name(raw)
    messages = []
    if has_control(text):
        messages.append("holds a control character")
    elif raw.strip() and not is_visible(text):
        messages.append("has no visible character")
    elif required and not text:
        messages.append("is required")
    if len(text) > max_length:
        messages.append(f"is longer than {max_length} characters")
    return tuple(messages)


def clean_text(
    field: str, value: Any, max_length: int, *, required: bool = False
) -> str:
    """`value` as stored; InvalidWrite when `text_problems` finds a problem."""
    raise_first(text_problems(field, value, max_length, required=required))
    return clean_name(str(value or ""))


CITY_MAX = max_length(Institution, "city")
WEBSITE_MAX = max_length(Institution, "website")
_URL = URLValidator(schemes=["http", "https"])
_IDENTIFIERS = {
    "ror_id": (normal_ror, ror_problem),
    "erasmus_code": (normal_erasmus, erasmus_problem),
    "schac_code": (normal_schac, schac_problem),
}


def clean_identifier(field: str, value: Any) -> str | None:
    """A ROR id (or its URL), Erasmus code or SCHAC code as stored, None when
    blank; InvalidWrite naming what is wrong."""
    text = str(value or "").strip()
    if not text:
        return None
    normal, problem = _IDENTIFIERS[field]
    found = problem(text)
    if found:
        raise InvalidWrite(field, found)
    stored = normal(text)
    if len(stored) > max_length(Institution, field):
        raise InvalidWrite(field, f"is longer than {max_length(Institution, field)}")
    return stored


def clean_website(value: Any) -> str:
    """A website as stored: an http(s) URL, or blank."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > WEBSITE_MAX:
        raise InvalidWrite("website", f"is longer than {WEBSITE_MAX} characters")
    try:
        _URL(text)
    except ValidationError:
        raise InvalidWrite(
            "website", f"{text!r} is not a web address (https://...)"
        ) from None
    return text


def check_institution(institution: Institution) -> None:
    if not institution.name:
        raise InvalidWrite("name", "is required")
    folded = stored_fold(institution.name)
    same = Institution.objects.filter(country_id=institution.country_id)
    clash = same.filter(name_folded=folded).exclude(pk=institution.pk).first()
    if clash is not None:
        raise InvalidWrite(
            "name", f"{clash.name} already exists in {institution.country.name}"
        )
    for field in _IDENTIFIERS:
        value = getattr(institution, field)
        if not value:
            continue
        owner = Institution.objects.filter(**{field: value})
        other = owner.exclude(pk=institution.pk).first()
        if other is not None:
            # The same identifier: the same institution, entered twice.
            raise InvalidWrite(
                field,
                f"{value} belongs to {other} (#{other.pk}): if they are the same "
                "institution, merge them",
            )
