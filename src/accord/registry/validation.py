"""Validation: the rules every write to the registry obeys, in one place.

`registry.services` (the admin, the API, the back office) and the importer's
export-format path check through these functions, so a value one of them
refuses, all of them refuse. Bad input raises `InvalidWrite(field, message)`; a
write based on a stale read raises `Conflict`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Model

from accord.core.names import clean_name, fold_name
from accord.core.records import UNIVERSITY_LEVEL_RULE, level_problem
from accord.registry.models import (
    EARLIEST_DATE,
    Agreement,
    Country,
    HomeUnit,
    HomeUniversity,
    Institution,
    today,
)

CONFLICT_MESSAGE = (
    "This record was changed by someone else since you opened it; "
    "reload it and apply your change again."
)


class WriteRefused(Exception):
    """A write the registry refused; nothing was stored."""

    code = "refused"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


class InvalidWrite(WriteRefused):
    """The data breaks a rule of the registry (a 4xx for the API)."""

    code = "invalid"


class Conflict(WriteRefused):
    """The record changed since the caller read it (optimistic locking)."""

    code = "conflict"

    def __init__(self, current_version: int, message: str = CONFLICT_MESSAGE) -> None:
        super().__init__("version", message)
        self.current_version = current_version


def check_date(field: str, value: datetime.date | None) -> None:
    if value is None:
        return
    if not isinstance(value, datetime.date):
        raise InvalidWrite(field, "must be a date (YYYY-MM-DD)")
    if value < EARLIEST_DATE:
        raise InvalidWrite(field, f"{value.isoformat()} is before 1900")
    if value > today():
        raise InvalidWrite(field, f"{value.isoformat()} is in the future")


def check_agreement(agreement: Agreement, co_partners: Iterable[Institution]) -> None:
    """Raise InvalidWrite for the first rule the agreement breaks."""
    if agreement.level not in Agreement.Level.values:
        raise InvalidWrite("level", "must be 'university' or 'department'")
    if agreement.level == Agreement.Level.DEPARTMENT and not agreement.home_unit_id:
        raise InvalidWrite(
            "home_unit", "a department-level agreement needs a home unit"
        )
    forbidden = level_problem(
        agreement.level,
        "unit" if agreement.home_unit_id else "",
        agreement.partner_department,
    )
    if forbidden:
        raise InvalidWrite(forbidden, UNIVERSITY_LEVEL_RULE)
    unit = agreement.home_unit
    if unit is not None and unit.home_university_id != agreement.home_university_id:
        raise InvalidWrite("home_unit", f"{unit.code} is not a unit of this university")
    check_date("concluded_on", agreement.concluded_on)
    check_date("ended_on", agreement.ended_on)
    if (
        agreement.concluded_on
        and agreement.ended_on
        and agreement.ended_on < agreement.concluded_on
    ):
        raise InvalidWrite("ended_on", "an agreement cannot end before it is concluded")
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


def clean_text(field: str, value: Any, max_length: int) -> str:
    text = clean_name(str(value or ""))
    if len(text) > max_length:
        raise InvalidWrite(field, f"is longer than {max_length} characters")
    return text


def check_institution(institution: Institution) -> None:
    if not institution.name:
        raise InvalidWrite("name", "is required")
    folded = fold_name(institution.name)
    same = Institution.objects.filter(country_id=institution.country_id)
    clash = same.filter(name_folded=folded).exclude(pk=institution.pk).first()
    if clash is not None:
        raise InvalidWrite(
            "name", f"{clash.name} already exists in {institution.country.name}"
        )
    if institution.ror_id:
        owner = Institution.objects.filter(ror_id=institution.ror_id)
        other = owner.exclude(pk=institution.pk).first()
        if other is not None:
            raise InvalidWrite("ror_id", f"{institution.ror_id} belongs to {other}")
