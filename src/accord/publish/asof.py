"""The live agreements as they stood on a date, as export-schema records.

An agreement is on the list of day D when it was concluded on or before D and had
not ended by D (`ended_on` after D, or none). An agreement whose conclusion date is
unknown counts as present on every date before its end: the office listed it, and
leaving it out would silently shrink the list (see publish/README.md).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from accord.registry.models import Agreement, HomeUniversity
from accord.registry.queries import agreements_in_force_on
from accord.registry.rows import Listed


class PublishError(Exception):
    """A publication request Accord cannot honour (unknown university, edition...)."""


def pick_home_university(name: str | None = None) -> HomeUniversity:
    """The home university of this slug, name or short name, or the only one
    there is."""
    if name:
        found = HomeUniversity.objects.filter(
            Q(slug=name) | Q(name=name) | Q(short_name=name)
        )
        if len(found) > 1:
            # A slug is unique: it settles a short name two universities share.
            found = found.filter(slug=name)
        if len(found) != 1:
            known = ", ".join(HomeUniversity.objects.values_list("slug", flat=True))
            raise PublishError(
                f"no single home university named {name!r} (known: {known or 'none'})"
            )
        return found[0]
    universities = list(HomeUniversity.objects.all()[:2])
    if not universities:
        raise PublishError("there is no home university yet: import a list first")
    if len(universities) > 1:
        raise PublishError("several home universities: name one (--home-university)")
    return universities[0]


def records_as_of(
    home: HomeUniversity,
    as_of: datetime.date,
    *,
    with_ids: bool = False,
    with_lifecycle: bool = False,
) -> list[dict[str, Any]]:
    """The records of the list of day `as_of`, in the order the list prints them.

    `with_ids` adds each agreement's primary key as "id" (not an export field),
    for pages that link to the agreement; `with_lifecycle` its status and
    validity (`status`, `valid_from`, `valid_until`, `term_months`,
    `renews_automatically`), for the renewal watch.
    """
    agreements = sorted(agreements_in_force_on(as_of, home.pk), key=_print_order)
    records = []
    for agreement in agreements:
        record = agreement.record().to_dict()
        if with_ids:
            record["id"] = agreement.pk
        if with_lifecycle:
            record |= lifecycle_of(agreement)
        records.append(record)
    return records


def lifecycle_of(agreement: Listed) -> dict[str, Any]:
    """An agreement's status and validity, dates in ISO form."""
    return {
        "status": agreement.status,
        "valid_from": _iso(agreement.valid_from),
        "valid_until": _iso(agreement.valid_until),
        "term_months": agreement.term_months,
        "renews_automatically": agreement.renews_automatically,
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _print_order(agreement: Listed) -> tuple[Any, ...]:
    country = agreement.institution.country
    # University level: chronological within a country as the office prints it,
    # unknown dates after the known ones. Department level: alphabetical.
    if agreement.level == Agreement.Level.UNIVERSITY:
        within: tuple[Any, ...] = (
            agreement.concluded_on is None,
            agreement.concluded_on or datetime.date.min,
            agreement.partner_name,
        )
    else:
        within = (
            agreement.partner_name,
            agreement.partner_department,
            agreement.home_unit.code if agreement.home_unit else "",
            agreement.concluded_on or datetime.date.min,
        )
    level_rank = 0 if agreement.level == Agreement.Level.UNIVERSITY else 1
    return (
        level_rank,
        country.region_order,
        country.region_name,
        country.name,
        *within,
    )
