"""The numbers behind the portal's charts and the API's statistics, in one place.

Every function counts the agreements in force today (not ended), so a chart and the
API never disagree. Rows are plain dicts, ready for a template or for JSON.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, cast

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear, Mod

from accord.registry.models import Agreement, in_force
from accord.registry.version import cached_by_version


def active_agreements(
    on: datetime.date | None = None, university: str = ""
) -> QuerySet[Agreement]:
    """The agreements in force on a day (today by default), of one home
    university when its slug is given."""
    found = Agreement.objects.filter(in_force(on))
    return found.filter(home_university__slug=university) if university else found


def totals(university: str = "") -> dict[str, int]:
    """Agreements by level and waiver, partner institutions and countries."""
    counted = active_agreements(university=university).aggregate(
        # First: once the `fee_waiver` count below is named, the name means it.
        fee_waiver_unknown=Count("pk", filter=Q(fee_waiver__isnull=True)),
        agreements=Count("pk"),
        university_level=Count("pk", filter=Q(level=Agreement.Level.UNIVERSITY)),
        department_level=Count("pk", filter=Q(level=Agreement.Level.DEPARTMENT)),
        fee_waiver=Count("pk", filter=Q(fee_waiver=True)),
        concluded_on_unknown=Count("pk", filter=Q(concluded_on__isnull=True)),
        institutions=Count("institution", distinct=True),
        countries=Count("institution__country", distinct=True),
    )
    return {name: int(value or 0) for name, value in counted.items()}


def by_region(university: str = "") -> list[dict[str, Any]]:
    """Agreements per region, in the list's region order."""
    rows = (
        active_agreements(university=university)
        .values(
            slug=F("institution__country__region__slug"),
            name=F("institution__country__region__name"),
            sort_order=F("institution__country__region__sort_order"),
        )
        .annotate(**_level_counts())
        .order_by("sort_order", "name")
    )
    return [{k: v for k, v in row.items() if k != "sort_order"} for row in rows]


def by_country(university: str = "") -> list[dict[str, Any]]:
    """Agreements per country, most agreements first."""
    rows = (
        active_agreements(university=university)
        .values(
            code=F("institution__country__iso_code"),
            slug=F("institution__country__slug"),
            name=F("institution__country__name"),
            region=F("institution__country__region__name"),
        )
        .annotate(**_level_counts())
        # The plugin cannot see annotations passed as **kwargs.
        .order_by("-agreements", "name")  # type: ignore[misc]
    )
    return [_with_code(row) for row in rows]


def by_home_unit(university: str = "") -> list[dict[str, Any]]:
    """Department-level agreements per home unit, most first. Each unit is its
    university's: two universities' "GS Engineering" are two rows."""
    rows = (
        active_agreements(university=university)
        .filter(home_unit__isnull=False)
        .values(
            "home_unit",
            code=F("home_unit__code"),
            full_name=F("home_unit__full_name"),
            university=F("home_unit__home_university__slug"),
            university_name=F("home_unit__home_university__name"),
            university_short_name=F("home_unit__home_university__short_name"),
        )
        .annotate(
            agreements=Count("pk"),
            fee_waiver=Count("pk", filter=Q(fee_waiver=True)),
        )
        .order_by("-agreements", "code", "university")
    )
    # An agreement's own field is called home_university: the names the rows
    # carry could not be annotations.
    return [
        {
            "code": row["code"],
            "full_name": row["full_name"],
            "agreements": row["agreements"],
            "fee_waiver": row["fee_waiver"],
            "home_university": row["university"],
            "home_university_name": row["university_name"],
            "home_university_short_name": row["university_short_name"],
        }
        for row in rows
    ]


def by_university() -> list[dict[str, Any]]:
    """Agreements, partners and countries per home university, most agreements
    first: the network's view (a partner several universities share counts once
    in `totals` and once for each of them here)."""
    rows = (
        active_agreements()
        .values(
            slug=F("home_university__slug"),
            name=F("home_university__name"),
            name_ja=F("home_university__name_ja"),
            short_name=F("home_university__short_name"),
        )
        .annotate(
            **_level_counts(),
            institutions=Count("institution", distinct=True),
            countries=Count("institution__country", distinct=True),
        )
        .order_by("-agreements", "name")  # type: ignore[misc]
    )
    return cast("list[dict[str, Any]]", list(rows))


def by_decade(university: str = "") -> list[dict[str, Any]]:
    """Agreements by the decade they were concluded in; unknown dates left out
    (see `totals()["concluded_on_unknown"]`)."""
    rows = (
        active_agreements(university=university)
        .filter(concluded_on__isnull=False)
        .annotate(year=ExtractYear("concluded_on"))
        # year - year % 10, not a cast of year / 10: PostgreSQL divides exactly
        # and rounds the cast (2006 -> 2010).
        .annotate(decade=F("year") - Mod("year", 10))
        .values("decade")
        .annotate(**_level_counts())
        .order_by("decade")
    )
    # values() rows are plain dicts; the stubs type them as TypedDicts.
    return cast("list[dict[str, Any]]", list(rows))


def by_year(university: str = "") -> list[dict[str, Any]]:
    """Agreements concluded per year, oldest first; unknown dates left out."""
    rows = (
        active_agreements(university=university)
        .filter(concluded_on__isnull=False)
        .annotate(year=ExtractYear("concluded_on"))
        .values("year")
        .annotate(**_level_counts())
        .order_by("year")
    )
    # values() rows are plain dicts; the stubs type them as TypedDicts.
    return cast("list[dict[str, Any]]", list(rows))


def partners_by_country(university: str = "") -> list[dict[str, Any]]:
    """Partner institutions (with an agreement in force) per country, most first."""
    rows = (
        active_agreements(university=university)
        .values(
            code=F("institution__country__iso_code"),
            slug=F("institution__country__slug"),
            name=F("institution__country__name"),
        )
        .annotate(partners=Count("institution", distinct=True), agreements=Count("pk"))
        .order_by("-partners", "name")
    )
    return [_with_code(row) for row in rows]


SUMMARY = (
    "totals",
    "by_region",
    "by_country",
    "by_home_unit",
    "by_decade",
    "by_university",
)


def snapshot(university: str = "") -> dict[str, Any]:
    """Every count above, computed together and kept in the cache until the data
    changes: the statistics page, the map and the API read this. Of one home
    university when its slug is given (its portal space), else of all."""

    def compute() -> dict[str, Any]:
        return {
            "totals": totals(university),
            "by_region": by_region(university),
            "by_country": by_country(university),
            "by_home_unit": by_home_unit(university),
            "by_decade": by_decade(university),
            "by_year": by_year(university),
            "partners_by_country": partners_by_country(university),
            "by_university": [] if university else by_university(),
        }

    # The key names the document's shape: a cache shared with an older
    # release never answers with rows lacking `by_university`.
    key = f"statistics-2:{university}"
    return cached_by_version(key, compute)


def summary() -> dict[str, Any]:
    """The API's statistics document."""
    numbers = snapshot()
    return {name: numbers[name] for name in SUMMARY}


def _level_counts() -> dict[str, Count]:
    return {
        "agreements": Count("pk"),
        "university_level": Count("pk", filter=Q(level=Agreement.Level.UNIVERSITY)),
        "department_level": Count("pk", filter=Q(level=Agreement.Level.DEPARTMENT)),
        "fee_waiver": Count("pk", filter=Q(fee_waiver=True)),
    }


def _with_code(row: Mapping[str, Any]) -> dict[str, Any]:
    # The pseudo-country (international organizations) has no ISO code; it is
    # addressed by its slug, as in the search filters.
    entry = dict(row)
    entry["country_code"] = entry["code"] or ""
    entry["code"] = entry["code"] or entry["slug"]
    return entry
