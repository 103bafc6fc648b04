"""Reads about places and units: regions, countries and the home units, as the
search filters name them and as the portal and the API list them.

Counts are of agreements in force (`models.in_force`), the same rule as every
other page. Names are listed in collation order (`names.collation_key`), not in
the database's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from accord.core.names import collation_key
from accord.registry import engine
from accord.registry.models import (
    Country,
    HomeUnit,
    HomeUniversity,
    Institution,
    Region,
    in_force,
)


def country_code(country: Country) -> str:
    """How the `country` filter names a country: its ISO code, or for the
    pseudo-country (international organizations) its slug."""
    return country.iso_code or country.slug


def home_universities() -> list[dict[str, Any]]:
    """Every home university (slug, names, country), by name."""
    found = HomeUniversity.objects.select_related("country")
    return [
        {
            "slug": u.slug,
            "name": u.name,
            "name_ja": u.name_ja,
            "short_name": u.short_name,
            "country_code": country_code(u.country),
        }
        for u in sorted(found, key=lambda u: collation_key(u.name))
    ]


def home_units(university: str = "") -> list[HomeUnit]:
    """Every home unit (code, full name, kind), by code; of one home university
    when its slug is given."""
    found = HomeUnit.objects.all()
    if university:
        found = found.filter(home_university__slug=university)
    return sorted(found, key=lambda u: collation_key(u.code))


def university_slugs() -> list[str]:
    """The home universities' slugs (read once per data version)."""
    return engine.snapshot().places.university_slugs


def university_names() -> dict[str, str]:
    """Each home university's name by slug (read once per data version)."""
    known = engine.snapshot().places
    return dict(zip(known.university_slugs, known.university_names, strict=True))


def unit_names_ja() -> dict[str, str]:
    """Each home unit's Japanese name by code (the units that have one)."""
    places = engine.snapshot().places
    return {
        code: name
        for code, name in zip(places.unit_codes, places.unit_names_ja, strict=True)
        if name
    }


def countries_with_counts() -> list[dict[str, Any]]:
    """Every country: its codes, names, region, agreements in force and
    institutions."""
    counts = engine.place_counts()
    countries = sorted(
        Country.objects.select_related("region"), key=lambda c: collation_key(c.name)
    )
    return [
        {
            "code": country_code(c),
            "iso_code": c.iso_code,
            "name": c.name,
            "slug": c.slug,
            "region": c.region.name,
            "region_slug": c.region.slug,
            "agreement_count": counts.agreements_by_country.get(country_code(c), 0),
            "institution_count": counts.institutions_by_country.get(country_code(c), 0),
        }
        for c in countries
    ]


def regions_with_counts() -> list[dict[str, Any]]:
    """Every region with its countries and agreements in force."""
    counts = engine.place_counts()
    regions = Region.objects.annotate(country_count=Count("countries")).order_by(
        "sort_order", "name"
    )
    return [
        {
            "slug": r.slug,
            "name": r.name,
            "country_count": r.country_count,
            "agreement_count": counts.agreements_by_region.get(r.slug, 0),
        }
        for r in regions
    ]


def home_units_with_counts() -> list[dict[str, Any]]:
    """Every home unit with the agreements in force it holds."""
    counts = engine.place_counts()
    return [
        {
            "code": u.code,
            "full_name": u.full_name,
            "kind": u.kind,
            "agreement_count": counts.agreements_by_unit.get(u.code, 0),
        }
        for u in home_units()
    ]


@dataclass(frozen=True)
class CountryPage:
    country: Country
    partners: Sequence[Institution]  # each annotated with its counts
    totals: dict[str, int]


def country_page(slug: str, university: str = "") -> CountryPage | None:
    """A country and its partners with agreements in force (of one home
    university when its slug is given), with their counts."""
    country = Country.objects.select_related("region").filter(slug=slug).first()
    if country is None:
        return None
    active = _active("agreements__", university)
    partners = list(
        Institution.objects.filter(country=country)
        .annotate(
            agreements_total=Count("agreements", filter=active),
            university_level=Count(
                "agreements", filter=active & Q(agreements__level="university")
            ),
            department_level=Count(
                "agreements", filter=active & Q(agreements__level="department")
            ),
            waived=Count("agreements", filter=active & Q(agreements__fee_waiver=True)),
        )
        .filter(agreements_total__gt=0)
    )
    partners.sort(key=lambda p: collation_key(p.name))
    names = ("agreements_total", "university_level", "department_level", "waived")
    return CountryPage(country, partners, _sum(partners, names))


@dataclass(frozen=True)
class RegionPage:
    region: Region
    countries: Sequence[Country]  # each with partners, agreements_total, waived
    totals: dict[str, int]


def region_page(slug: str, university: str = "") -> RegionPage | None:
    """A region and its countries with agreements in force (of one home
    university when its slug is given), with their counts."""
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        return None
    prefix = "institutions__agreements__"
    active = _active(prefix, university)
    countries = list(
        Country.objects.filter(region=region)
        .annotate(
            partners=Count("institutions", filter=active, distinct=True),
            agreements_total=Count("institutions__agreements", filter=active),
            waived=Count(
                "institutions__agreements",
                filter=active & Q(**{f"{prefix}fee_waiver": True}),
            ),
        )
        .filter(agreements_total__gt=0)
    )
    countries.sort(key=lambda c: collation_key(c.name))
    totals = _sum(countries, ("partners", "agreements_total", "waived"))
    return RegionPage(region, countries, totals)


def _active(prefix: str, university: str) -> Q:
    active = in_force(prefix=prefix)
    if university:
        active &= Q(**{f"{prefix}home_university__slug": university})
    return active


def _sum(rows: Sequence[Any], names: tuple[str, ...]) -> dict[str, int]:
    return {name: sum(getattr(row, name) for row in rows) for name in names}
