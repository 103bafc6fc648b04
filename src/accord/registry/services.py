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
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Model

from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUniversity,
    Institution,
    InstitutionAlias,
)
from accord.registry.validation import (
    DEPARTMENT_MAX,
    NAME_MAX,
    Conflict,
    InvalidWrite,
    Missing,
    WriteRefused,
    check_agreement,
    check_institution,
    clean_text,
    default_home_university,
    resolve,
    resolve_country,
    resolve_home_unit,
    today,
)

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


def import_reason(edition: Edition) -> str:
    """The change reason an import records, so its changes read as one change set."""
    return f"import of edition {edition.as_of.isoformat()} (#{edition.pk})"


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
            value = resolve_home_unit(value, agreement.home_university_id)
        elif name == "edition":
            value = resolve(Edition, value, name)
        elif name == "partner_department":
            value = clean_text(name, value, DEPARTMENT_MAX)
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
        raise Missing("id", f"no agreement with id {pk!r}")
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


def apply_institution_fields(institution: Institution, values: dict[str, Any]) -> None:
    unknown = set(values) - set(INSTITUTION_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field an institution can set")
    if "name" in values:
        institution.name = clean_text("name", values["name"], NAME_MAX)
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
        raise Missing("id", f"no institution with id {pk!r}")
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
    text = clean_text("aliases", name, NAME_MAX)
    if not text:
        raise InvalidWrite("aliases", "an alias cannot be blank")
    if text == institution.name or institution.aliases.filter(name=text).exists():
        return None
    alias = InstitutionAlias(institution=institution, name=text)
    stamp(alias, by, reason)
    alias.save()
    return alias


__all__ = [
    "Conflict",
    "InvalidWrite",
    "Missing",
    "WriteRefused",
    "add_alias",
    "create_agreement",
    "create_institution",
    "end_agreement",
    "import_reason",
    "update_agreement",
    "update_institution",
]


SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"


@transaction.atomic
def create_home_university(
    *,
    slug: str,
    name: str,
    country: Country | int | str | None = None,
    name_ja: str = "",
    short_name: str = "",
    by: User = None,
) -> HomeUniversity:
    """A new home university (a tenant); its units and editions come with its
    first import. Without a country, the one every stored home university has
    (a national registry), if they agree."""
    if not re.fullmatch(SLUG_PATTERN, slug or "") or len(slug) > 50:
        raise InvalidWrite("slug", "must be lowercase letters, digits and hyphens")
    if HomeUniversity.objects.filter(slug=slug).exists():
        raise InvalidWrite("slug", f"{slug!r} is taken")
    name = clean_text("name", name, 200, required=True)
    if HomeUniversity.objects.filter(name=name).exists():
        raise InvalidWrite("name", f"a home university is named {name!r}")
    university = HomeUniversity(
        slug=slug,
        name=name,
        name_ja=clean_text("name_ja", name_ja, 200),
        short_name=clean_text("short_name", short_name, 50),
        country=resolve_country(country) if country else _shared_country(),
    )
    university.save()
    return university


def _shared_country() -> Country:
    countries = set(HomeUniversity.objects.values_list("country", flat=True))
    if len(countries) != 1:
        raise InvalidWrite("country", "is required (an ISO 3166-1 alpha-2 code)")
    return Country.objects.get(pk=countries.pop())
