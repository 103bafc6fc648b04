"""Writes: the one way the admin, the API, the back office and the importer change
the registry.

Every function validates before it writes, runs in one transaction, and records who
made the change (`by`) and why (`reason`) in the audit trail. Bad input raises
`InvalidWrite(field, message)`; a write based on a stale read raises `Conflict`;
in both cases nothing is written.

    agreement = create_agreement(level="university", institution=chula, by=user)
    update_agreement(agreement, version=agreement.version, fee_waiver=True, by=user)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from accord.registry.models import (
    EARLIEST_DATE,
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
)
from accord.registry.names import clean_name, fold_name

User = AbstractBaseUser | AnonymousUser | None

# What a caller may set on an agreement; the rest (version, provenance timestamps)
# is Accord's to keep.
AGREEMENT_FIELDS: tuple[str, ...] = (
    "level",
    "institution",
    "co_partners",
    "partner_department",
    "home_unit",
    "fee_waiver",
    "concluded_on",
    "ended_on",
    "notes",
    "edition",
    "source_lines",
)
INSTITUTION_FIELDS: tuple[str, ...] = ("name", "country", "ror_id")
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


def import_reason(edition: Edition) -> str:
    """The change reason an import records, so its changes read as one change set."""
    return f"import of edition {edition.as_of.isoformat()} (#{edition.pk})"


# -- validation -------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


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
    if agreement.level == Agreement.Level.UNIVERSITY:
        if agreement.home_unit_id:
            raise InvalidWrite(
                "home_unit", "a university-level agreement has no home unit"
            )
        if agreement.partner_department:
            raise InvalidWrite(
                "partner_department",
                "a university-level agreement is with the whole institution",
            )
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


def stamp(instance: Model, by: User, reason: str | None) -> None:
    """Tell simple-history who made the next change and why."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason[:100]  # type: ignore[attr-defined]


# -- agreements -------------------------------------------------------------------


def apply_agreement_fields(agreement: Agreement, values: dict[str, Any]) -> None:
    unknown = set(values) - set(AGREEMENT_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field an agreement can set")
    for name, value in values.items():
        if name == "co_partners":
            continue
        if name == "institution":
            value = resolve(Institution, value, name)
            if value is None:
                raise InvalidWrite(name, "is required")
            if value.pk != agreement.institution_id:
                # The printed name belonged to the partner this replaces.
                agreement.printed_name = ""
        elif name == "home_unit":
            value = resolve(HomeUnit, value, name)
        elif name == "edition":
            value = resolve(Edition, value, name)
        elif name == "partner_department":
            value = clean_text(name, value, 300)
        elif name == "notes":
            value = str(value or "").strip()
        elif name == "fee_waiver":
            if not isinstance(value, bool):
                raise InvalidWrite(name, "must be true or false")
        elif name == "source_lines":
            value = list(value or [])
        setattr(agreement, name, value)


def resolve_co_partners(values: Iterable[Any]) -> list[Institution]:
    partners = [resolve(Institution, v, "co_partners") for v in values]
    return list({p.pk: p for p in partners if p is not None}.values())


@transaction.atomic
def create_agreement(
    *,
    by: User = None,
    reason: str | None = None,
    home_university: HomeUniversity | int | None = None,
    **fields: Any,
) -> Agreement:
    """A new agreement, validated; `fields` are names from AGREEMENT_FIELDS."""
    agreement = Agreement(
        home_university=resolve(HomeUniversity, home_university, "home_university")
        or default_home_university()
    )
    if "institution" not in fields:
        raise InvalidWrite("institution", "is required")
    if "level" not in fields:
        raise InvalidWrite("level", "is required")
    apply_agreement_fields(agreement, fields)
    co_partners = resolve_co_partners(fields.get("co_partners", ()))
    check_agreement(agreement, co_partners)
    stamp(agreement, by, reason)
    agreement.save()
    if co_partners:
        agreement.co_partners.set(co_partners)
    return agreement


def lock_agreement(agreement: Agreement | int, version: int | None) -> Agreement:
    """The agreement's current row, locked; Conflict when `version` is stale."""
    pk = agreement.pk if isinstance(agreement, Agreement) else agreement
    current = (
        # Only the agreement's row: PostgreSQL cannot lock the nullable side of
        # the outer join that select_related("home_unit") makes.
        Agreement.objects.select_for_update(of=("self",))
        .select_related("home_unit", "institution")
        .filter(pk=pk)
        .first()
    )
    if current is None:
        raise InvalidWrite("id", f"no agreement with id {pk!r}")
    if version is not None and current.version != version:
        raise Conflict(current.version)
    return current


@transaction.atomic
def update_agreement(
    agreement: Agreement | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> Agreement:
    """Change an agreement read at `version`; Conflict if it changed since."""
    current = lock_agreement(agreement, version)
    apply_agreement_fields(current, changes)
    if "co_partners" in changes:
        co_partners = resolve_co_partners(changes["co_partners"])
    else:
        co_partners = list(current.co_partners.all())
    check_agreement(current, co_partners)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    if "co_partners" in changes and set(co_partners) != set(current.co_partners.all()):
        current.co_partners.set(co_partners)
    return current


def end_agreement(
    agreement: Agreement | int,
    *,
    ended_on: datetime.date | None = None,
    version: int | None = None,
    by: User = None,
    reason: str | None = None,
) -> Agreement:
    """Record that an agreement ended (today unless `ended_on` is given)."""
    with transaction.atomic():
        current = lock_agreement(agreement, version)
        if current.ended_on is not None:
            raise InvalidWrite(
                "ended_on", f"the agreement already ended on {current.ended_on}"
            )
        return update_agreement(
            current,
            version=current.version,
            ended_on=ended_on or today(),
            by=by,
            reason=reason,
        )


# -- institutions -----------------------------------------------------------------


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


def apply_institution_fields(institution: Institution, values: dict[str, Any]) -> None:
    unknown = set(values) - set(INSTITUTION_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field an institution can set")
    if "name" in values:
        institution.name = clean_text("name", values["name"], 300)
    if "country" in values:
        institution.country = resolve_country(values["country"])
    if "ror_id" in values:
        institution.ror_id = clean_text("ror_id", values["ror_id"], 20) or None


@transaction.atomic
def create_institution(
    *,
    name: str,
    country: Country | int | str,
    ror_id: str | None = None,
    aliases: Iterable[str] = (),
    by: User = None,
    reason: str | None = None,
) -> Institution:
    """A new partner institution, with the other spellings of its name."""
    institution = Institution()
    apply_institution_fields(
        institution, {"name": name, "country": country, "ror_id": ror_id}
    )
    check_institution(institution)
    stamp(institution, by, reason)
    institution.save()
    for alias in aliases:
        add_alias(institution, alias, by=by, reason=reason)
    return institution


@transaction.atomic
def update_institution(
    institution: Institution | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> Institution:
    """Change an institution read at `version`; Conflict if it changed since."""
    pk = institution.pk if isinstance(institution, Institution) else institution
    current = Institution.objects.select_for_update().filter(pk=pk).first()
    if current is None:
        raise InvalidWrite("id", f"no institution with id {pk!r}")
    if current.version != version:
        raise Conflict(current.version)
    apply_institution_fields(current, changes)
    check_institution(current)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    return current


def add_alias(
    institution: Institution,
    name: str,
    *,
    by: User = None,
    reason: str | None = None,
) -> InstitutionAlias | None:
    """Keep another spelling of the institution's name; None if already known."""
    text = clean_text("aliases", name, 300)
    if not text:
        raise InvalidWrite("aliases", "an alias cannot be blank")
    if text == institution.name or institution.aliases.filter(name=text).exists():
        return None
    alias = InstitutionAlias(institution=institution, name=text)
    stamp(alias, by, reason)
    alias.save()
    return alias


# Merging lives in its own module (it keeps an undo record); callers import it here.
from accord.registry.merging import merge_institutions, unmerge_institutions  # noqa: E402

__all__ = [
    "Conflict",
    "InvalidWrite",
    "WriteRefused",
    "add_alias",
    "create_agreement",
    "create_institution",
    "end_agreement",
    "import_reason",
    "merge_institutions",
    "unmerge_institutions",
    "update_agreement",
    "update_institution",
]
