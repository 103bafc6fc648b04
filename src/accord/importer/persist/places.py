"""Where partners are and who the home side is: regions, countries, the home
university and its units, created as an import first meets them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.text import slugify

from accord.core.countries import name_of
from accord.core.errors import ImportInputError
from accord.core.names import clean_name, region_key
from accord.core.records import Record
from accord.importer.editions import EditionMeta
from accord.importer.persist.changes import ChangeSet
from accord.registry import scopes
from accord.registry.models import Country, HomeUnit, HomeUniversity, Region

UNIT_KINDS = {
    "graduate school": HomeUnit.Kind.GRADUATE_SCHOOL,
    "graduate_school": HomeUnit.Kind.GRADUATE_SCHOOL,
    "institute": HomeUnit.Kind.INSTITUTE,
    "research institute": HomeUnit.Kind.INSTITUTE,
    "centre": HomeUnit.Kind.CENTRE,
    "center": HomeUnit.Kind.CENTRE,
}


class Places:
    """The regions and countries the database holds, read once, added to as
    the import goes."""

    def __init__(self, *, move_countries: bool = True) -> None:
        # Whether a country the list places in another region moves there: the
        # operator's import (a command, a network administrator) decides where
        # a country stands; a university's staff do not, for the whole network.
        self.move_countries = move_countries
        self.kept: list[str] = []  # "China: printed under Europe, kept in Asia"
        self.regions: dict[frozenset[str], Region] = {
            region_key(r.name): r for r in Region.objects.all()
        }
        self.countries: dict[str, Country] = {
            c.iso_code or f"name:{c.name}": c for c in Country.objects.all()
        }
        self.placed: set[str] = set()

    def region(self, name: str) -> Region:
        name = clean_name(name) or "Unknown"
        # "Central and South America" in one part of a list is the region
        # the other part prints as "South and Central America".
        key = region_key(name)
        if key not in self.regions:
            slug = free_slug(Region, slugify(name) or "region")
            self.regions[key] = Region.objects.create(
                name=name, slug=slug, sort_order=len(self.regions)
            )
        return self.regions[key]

    def country(self, code: str, name: str, region: str) -> Country:
        key = code or f"name:{clean_name(name) or 'International Organization'}"
        found = self.countries.get(key)
        if found is None:
            found = self._new_country(key, code, region)
        elif (
            key not in self.placed
            and region
            and region_key(found.region.name) != region_key(region)
        ):
            if self.move_countries:
                found.region = self.region(region)
                found.save(update_fields=["region"])
            else:
                self.kept.append(
                    f"{found.name}: printed under {region}, kept in {found.region.name}"
                )
        # A country's first record in the list places it; later ones that name
        # another region do not move it back and forth.
        self.placed.add(key)
        return found

    def _new_country(self, key: str, code: str, region: str) -> Country:
        shown = name_of(code) if code else key.removeprefix("name:")
        country = Country.objects.create(
            iso_code=code or None,
            name=shown,
            slug=free_slug(Country, slugify(shown) or code.lower()),
            region=self.region(region),
        )
        self.countries[key] = country
        return country


def free_slug(model: Any, slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`... whichever no row of `model` has."""
    candidate, n = slug, 1
    while model.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def home_university(
    meta: EditionMeta, places: Places, records: Sequence[Record]
) -> HomeUniversity:
    """The edition's home university (by its slug when edition.toml gives one,
    else by name), created (with its country) if new."""
    found = _stored_home(meta)
    if found is not None:
        return found
    if not meta.home_country or meta.home_country == "ZZ":
        raise ImportInputError(
            f"the home university {meta.home_university!r} is not in the "
            "database and the edition does not name its country"
        )
    region = meta.home_region or (records[0].region if records else "Unknown")
    created = HomeUniversity.objects.create(
        slug=meta.home_slug,  # blank: derived from the names (models.HomeUniversity)
        name=meta.home_university,
        name_ja=meta.home_name_ja,
        short_name=meta.home_short_name,
        country=places.country(meta.home_country, "", region),
    )
    scopes.list_implicit_staff(beside=created)
    return created


def _stored_home(meta: EditionMeta) -> HomeUniversity | None:
    stored = HomeUniversity.objects.select_for_update()
    if meta.home_slug:
        found = stored.filter(slug=meta.home_slug).first()
        if found is not None:
            return found
    found = stored.filter(name=meta.home_university).first()
    if found is not None and meta.home_slug and found.slug != meta.home_slug:
        raise ImportInputError(
            f"the edition names its home university {meta.home_slug!r}, but "
            f"{meta.home_university!r} is stored as {found.slug!r}"
        )
    return found


def home_units(
    home: HomeUniversity,
    meta: EditionMeta,
    records: Sequence[Record],
    changes: ChangeSet,
) -> tuple[dict[str, HomeUnit], list[str]]:
    """The home university's units by code: the edition's own (names and kinds
    brought up to date) and any other code its records print; and the codes
    added that the edition did not declare."""
    units = {u.code: u for u in HomeUnit.objects.filter(home_university=home)}
    for option in meta.units:
        kind = UNIT_KINDS.get(option.kind.lower(), HomeUnit.Kind.OTHER)
        unit = units.get(option.code) or HomeUnit(
            home_university=home, code=option.code
        )
        # Spellings staff added in the admin stay beside the edition's.
        variants = list(dict.fromkeys([*option.variants, *(unit.variants or ())]))
        named = (option.name, option.name_ja, kind, variants)
        stored = (unit.full_name, unit.name_ja, unit.kind, unit.variants)
        if unit.pk and stored == named:
            continue
        unit.full_name, unit.name_ja, unit.kind, unit.variants = named
        changes.stamp(unit)
        unit.save()
        units[unit.code] = unit
    added = []
    for record in records:
        code = clean_name(record.home_unit)
        if code and code not in units:
            units[code] = HomeUnit(home_university=home, code=code)
            changes.stamp(units[code])
            units[code].save()
            added.append(code)
    return units, added
