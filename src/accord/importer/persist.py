"""Store an edition's records in the registry: one transaction, idempotent.

The only importer module that touches Django. Every row is matched on its
natural key, so importing the same edition twice updates it and never
duplicates it:

| model          | natural key                                                  |
| -------------- | ------------------------------------------------------------ |
| HomeUniversity | name                                                         |
| Region         | name                                                         |
| Country        | ISO 3166-1 code (the pseudo-country: its name, NULL code)    |
| Institution    | (country, name); a spelling whose folded form equals a known |
|                | name or alias becomes an InstitutionAlias, never a new row   |
| HomeUnit       | (home university, code)                                      |
| Edition        | (home university, as-of date)                                |
| Agreement      | (home university, level, institution, partner department,    |
|                | home unit, concluded on) — the `agreement_not_duplicated` key |

Agreements of the edition that the new list no longer holds are reported, not
deleted: ending an agreement is a human decision. Every history row written by
one import carries the same change reason naming the edition.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accord.core.countries import name_of
from accord.core.errors import ImportInputError
from accord.core.names import clean_name, fold_name, region_key
from accord.core.records import Record
from accord.importer.editions import EditionMeta, validate
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
)
from accord.registry.services import import_reason

Progress = Callable[[int, int], None]
UNIT_KINDS = {
    "graduate school": HomeUnit.Kind.GRADUATE_SCHOOL,
    "graduate_school": HomeUnit.Kind.GRADUATE_SCHOOL,
    "institute": HomeUnit.Kind.INSTITUTE,
    "research institute": HomeUnit.Kind.INSTITUTE,
    "centre": HomeUnit.Kind.CENTRE,
    "center": HomeUnit.Kind.CENTRE,
}


@dataclass
class StoreSummary:
    """What an import did (or, in a dry run, would do)."""

    edition_id: int | None
    as_of: datetime.date
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    institutions_created: int = 0
    aliases_added: list[str] = field(default_factory=list)
    units_added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["as_of"] = self.as_of.isoformat()
        return data


class _DryRun(Exception):
    pass


class _Store:
    """One import run: caches of what the database holds, filled as it goes."""

    def __init__(self, meta: EditionMeta, summary: StoreSummary) -> None:
        self.meta = meta
        self.summary = summary
        self.regions: dict[frozenset[str], Region] = {
            region_key(r.name): r for r in Region.objects.all()
        }
        self.countries: dict[str, Country] = {
            c.iso_code or f"name:{c.name}": c for c in Country.objects.all()
        }
        self.units: dict[str, HomeUnit] = {}
        self.by_name: dict[tuple[int, str], Institution] = {}
        self.by_folded: dict[tuple[int, str], Institution] = {}
        self.alias_names: set[tuple[int, str]] = set()
        self.new_aliases: list[InstitutionAlias] = []
        self.new_institutions: list[Institution] = []
        self.reason = ""
        # One timestamp for every history row of the import: one change set.
        self.now = timezone.now()
        self.placed: set[str] = set()

    # -- places ------------------------------------------------------------------

    def region(self, name: str) -> Region:
        name = clean_name(name) or "Unknown"
        # "Central and South America" in one part of a list is the region
        # the other part prints as "South and Central America".
        key = region_key(name)
        if key not in self.regions:
            slug = self._free_slug(Region, slugify(name) or "region")
            self.regions[key] = Region.objects.create(
                name=name, slug=slug, sort_order=len(self.regions)
            )
        return self.regions[key]

    def country(self, code: str, name: str, region: str) -> Country:
        key = code or f"name:{clean_name(name) or 'International Organization'}"
        found = self.countries.get(key)
        if found is None:
            shown = name_of(code) if code else key.removeprefix("name:")
            found = Country.objects.create(
                iso_code=code or None,
                name=shown,
                slug=self._free_slug(Country, slugify(shown) or code.lower()),
                region=self.region(region),
            )
            self.countries[key] = found
        elif (
            key not in self.placed
            and region
            and region_key(found.region.name) != region_key(region)
        ):
            found.region = self.region(region)
            found.save(update_fields=["region"])
        # A country's first record in the list places it; later ones that name
        # another region do not move it back and forth.
        self.placed.add(key)
        return found

    @staticmethod
    def _free_slug(model: Any, slug: str) -> str:
        candidate, n = slug, 1
        while model.objects.filter(slug=candidate).exists():
            n += 1
            candidate = f"{slug}-{n}"
        return candidate

    # -- home side ---------------------------------------------------------------

    def home_university(self, records: Sequence[Record]) -> HomeUniversity:
        meta = self.meta
        home = HomeUniversity.objects.select_for_update().filter(
            name=meta.home_university
        )
        found = home.first()
        if found is not None:
            return found
        code = meta.home_country or "ZZ"
        if code == "ZZ":
            raise ImportInputError(
                f"the home university {meta.home_university!r} is not in the "
                "database and the edition does not name its country"
            )
        region = meta.home_region or (records[0].region if records else "Unknown")
        country = self.country(code, "", region)
        return HomeUniversity.objects.create(
            name=meta.home_university,
            short_name=meta.home_short_name,
            country=country,
        )

    def load_units(self, home: HomeUniversity, records: Sequence[Record]) -> None:
        self.units = {u.code: u for u in HomeUnit.objects.filter(home_university=home)}
        for option in self.meta.units:
            kind = UNIT_KINDS.get(option.kind.lower(), HomeUnit.Kind.OTHER)
            unit = self.units.get(option.code)
            if unit is None:
                unit = HomeUnit(home_university=home, code=option.code)
            elif (unit.full_name, unit.kind) == (option.name, kind):
                continue
            unit.full_name, unit.kind = option.name, kind
            self.stamp(unit)
            unit.save()
            self.units[unit.code] = unit
        for record in records:
            code = clean_name(record.home_unit)
            if code and code not in self.units:
                unit = HomeUnit(home_university=home, code=code)
                self.stamp(unit)
                unit.save()
                self.units[code] = unit
                self.summary.units_added.append(code)

    def stamp(self, instance: Any) -> None:
        instance._change_reason = self.reason
        instance._history_date = self.now

    # -- partners ----------------------------------------------------------------

    def load_institutions(self, countries: Iterable[Country]) -> None:
        ids = [c.pk for c in countries]
        by_pk: dict[int, Institution] = {}
        for inst in Institution.objects.filter(country_id__in=ids):
            by_pk[inst.pk] = inst
            self.by_name[(inst.country_id, inst.name)] = inst
            self.by_folded.setdefault((inst.country_id, inst.name_folded), inst)
        # Keyed by the Python object, as institutions created in this run have
        # no primary key yet.
        for alias in InstitutionAlias.objects.filter(institution_id__in=by_pk):
            owner = by_pk[alias.institution_id]
            self.alias_names.add((id(owner), alias.name))
            self.by_folded.setdefault((owner.country_id, alias.name_folded), owner)

    def institution(self, country: Country, printed: str) -> Institution:
        name = clean_name(printed)
        found = self.by_name.get((country.pk, name))
        if found is not None:
            return found
        folded = fold_name(name)
        found = self.by_folded.get((country.pk, folded))
        kept = self.meta.same_institutions.get((country.iso_code or "", name))
        if found is None and kept and clean_name(kept) != name:
            found = self.institution(country, kept)
        if found is None:
            found = Institution(name=name, name_folded=folded, country=country)
            self.new_institutions.append(found)
            self.by_folded[(country.pk, folded)] = found
        elif (id(found), name) not in self.alias_names:
            self.new_aliases.append(InstitutionAlias(name=name, name_folded=folded))
            self.new_aliases[-1]._for = found  # type: ignore[attr-defined]
            self.alias_names.add((id(found), name))
            self.summary.aliases_added.append(f"{name} -> {found.name}")
        self.by_name[(country.pk, name)] = found
        return found

    def create(self, model: Any, instances: list[Any]) -> None:
        """Insert `instances` with their history rows, in this import's change set."""
        if instances:
            bulk_create_with_history(
                instances,
                model,
                batch_size=500,
                default_change_reason=self.reason,
                default_date=self.now,
            )

    def save_institutions(self) -> None:
        self.create(Institution, self.new_institutions)
        self.summary.institutions_created = len(self.new_institutions)
        for alias in self.new_aliases:
            alias.institution = alias._for  # type: ignore[attr-defined]
        # Aliases are audited too (backoffice registers their history).
        self.create(InstitutionAlias, self.new_aliases)


def _key(
    level: str, institution_id: int, department: str, unit_id: int | None, on: Any
) -> tuple[Any, ...]:
    return (level, institution_id, clean_name(department), unit_id or 0, on)


def _describe(agreement: Agreement) -> str:
    # A set home_unit_id means home_unit is that unit, never None.
    unit = (
        cast(HomeUnit, agreement.home_unit).code
        if agreement.home_unit_id
        else "university level"
    )
    department = (
        f", {agreement.partner_department}" if agreement.partner_department else ""
    )
    on = agreement.concluded_on.isoformat() if agreement.concluded_on else "no date"
    return f"#{agreement.pk} {agreement.institution.name}{department} ({unit}, {on})"


def store_edition(
    records: Sequence[Record],
    meta: EditionMeta,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> StoreSummary:
    """Store the records as `meta`'s edition, in one transaction.

    Raises ImportInputError (nothing written) for a record the registry cannot
    hold. In a dry run, everything is done and then rolled back.
    """
    validate(records)
    summary = StoreSummary(edition_id=None, as_of=meta.as_of, dry_run=dry_run)
    try:
        with transaction.atomic():
            _store(records, meta, summary, progress)
            if dry_run:
                raise _DryRun
            refresh_planner_statistics()
    except _DryRun:
        summary.edition_id = None
    return summary


def refresh_planner_statistics() -> None:
    """Let PostgreSQL plan for the rows an import wrote, at once.

    Its planner works from table statistics that autovacuum refreshes only a
    while after a bulk write; planned on the statistics of an empty table, a
    search over a freshly imported list ran for minutes. ANALYZE may run inside
    the import's transaction and sees its rows. SQLite plans without them.
    """
    if connection.vendor != "postgresql":
        return
    models = (Region, Country, HomeUnit, Institution, InstitutionAlias, Agreement)
    tables = [m._meta.db_table for m in models]
    tables.append(Agreement.co_partners.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))


def _store(
    records: Sequence[Record],
    meta: EditionMeta,
    summary: StoreSummary,
    progress: Progress | None,
) -> None:
    store = _Store(meta, summary)
    home = store.home_university(records)
    edition = _upsert_edition(home, meta, records)
    summary.edition_id = edition.pk
    store.reason = import_reason(edition)
    store.load_units(home, records)
    countries = {
        id(r): store.country(r.country_code, r.country_name, r.region) for r in records
    }
    store.load_institutions(set(countries.values()))
    partners = [
        (
            store.institution(countries[id(r)], r.institution),
            [store.institution(countries[id(r)], p) for p in r.co_partners],
        )
        for r in records
    ]
    store.save_institutions()
    _store_agreements(store, home, edition, records, partners, progress)


def _upsert_edition(
    home: HomeUniversity, meta: EditionMeta, records: Sequence[Record]
) -> Edition:
    declared = {
        "title": meta.title,
        "declared_university_total": meta.declared_university_total,
        "declared_department_total": meta.declared_department_total,
        "declared_country_total": meta.declared_country_total,
        "declared_country_counts": dict(meta.declared_country_counts),
        "report": dict(meta.report),
    }
    # An export file declares no totals and carries no report: re-importing
    # one keeps what the edition's own list declared.
    defaults = {k: v for k, v in declared.items() if v not in (None, "", {})}
    edition, _ = Edition.objects.update_or_create(
        home_university=home,
        as_of=meta.as_of,
        defaults={
            **defaults,
            "source_name": meta.source_name,
            "source_sha256": meta.source_sha256,
            "records": [
                r.with_changes(edition=r.edition or meta.as_of).to_dict()
                for r in records
            ],
        },
    )
    return edition


def _merge_duplicates(
    keyed: list[tuple[tuple[Any, ...], Record, list[Institution]]],
    summary: StoreSummary,
) -> dict[tuple[Any, ...], tuple[Record, list[Institution]]]:
    """One entry per natural key; a repeated row is merged and reported."""
    merged: dict[tuple[Any, ...], tuple[Record, list[Institution]]] = {}
    for key, record, co in keyed:
        if key not in merged:
            merged[key] = (record, co)
            continue
        first, first_co = merged[key]
        summary.duplicates.append(
            f"lines {list(record.source_lines)} repeat lines "
            f"{list(first.source_lines)}: {record.institution}"
        )
        merged[key] = (
            first.with_changes(
                source_lines=tuple(sorted({*first.source_lines, *record.source_lines})),
                fee_waiver=first.fee_waiver or record.fee_waiver,
            ),
            first_co + [p for p in co if p not in first_co],
        )
    return merged


def _store_agreements(
    store: _Store,
    home: HomeUniversity,
    edition: Edition,
    records: Sequence[Record],
    partners: Sequence[tuple[Institution, list[Institution]]],
    progress: Progress | None,
) -> None:
    summary = store.summary
    existing = {
        _key(
            a.level,
            a.institution_id,
            a.partner_department,
            a.home_unit_id,
            a.concluded_on,
        ): a
        for a in Agreement.objects.filter(home_university=home)
    }
    before_in_edition = {k for k, a in existing.items() if a.edition_id == edition.pk}
    co_ids = _current_co_partners(existing.values())
    keyed = []
    institution_names = {
        institution.pk: institution.name for institution, _ in partners
    }
    for record, (institution, co) in zip(records, partners, strict=True):
        unit = (
            store.units.get(clean_name(record.home_unit)) if record.home_unit else None
        )
        key = _key(
            record.level,
            institution.pk,
            record.partner_department,
            unit.pk if unit else None,
            record.concluded_on,
        )
        keyed.append((key, record, co))
    merged = _merge_duplicates(keyed, summary)
    new: list[Agreement] = []
    changed: list[Agreement] = []
    co_partner_sets: list[tuple[Agreement, list[Institution]]] = []
    now = timezone.now()
    for index, (key, (record, co)) in enumerate(merged.items()):
        agreement = existing.get(key)
        if agreement is None:
            agreement = Agreement(
                home_university=home,
                level=record.level,
                institution_id=key[1],
                partner_department=key[2],
                printed_name=_printed_name(record, institution_names[key[1]]),
                home_unit_id=key[3] or None,
                fee_waiver=record.fee_waiver,
                concluded_on=record.concluded_on,
                edition=edition,
                source_lines=list(record.source_lines),
            )
            new.append(agreement)
            if co:
                co_partner_sets.append((agreement, co))
        else:
            co_changed = sorted(p.pk for p in co) != co_ids.get(agreement.pk, [])
            printed = _printed_name(record, institution_names[key[1]])
            if co_changed or (
                agreement.fee_waiver,
                agreement.edition_id,
                list(agreement.source_lines),
                agreement.printed_name,
            ) != (record.fee_waiver, edition.pk, list(record.source_lines), printed):
                agreement.printed_name = printed
                agreement.fee_waiver = record.fee_waiver
                agreement.edition = edition
                agreement.source_lines = list(record.source_lines)
                agreement.version += 1
                agreement.updated_at = now
                changed.append(agreement)
            if co_changed:
                co_partner_sets.append((agreement, co))
        if progress and index % 200 == 0:
            progress(index, len(merged))
    _write_agreements(store, new, changed, co_partner_sets)
    summary.created, summary.updated = len(new), len(changed)
    summary.unchanged = len(merged) - len(new) - len(changed)
    vanished = sorted(before_in_edition - merged.keys(), key=str)
    summary.vanished = [_describe(existing[k]) for k in vanished]
    if progress:
        progress(len(merged), len(merged))


def _printed_name(record: Record, institution_name: str) -> str:
    """What to keep of the name the row printed: nothing when it is the name
    the institution is stored under."""
    printed = clean_name(record.institution)
    return "" if printed == institution_name else printed


def _current_co_partners(agreements: Iterable[Agreement]) -> dict[int, list[int]]:
    ids = [a.pk for a in agreements]
    through = Agreement.co_partners.through
    found: dict[int, list[int]] = {}
    for agreement_id, institution_id in through.objects.filter(
        agreement_id__in=ids
    ).values_list("agreement_id", "institution_id"):
        found.setdefault(agreement_id, []).append(institution_id)
    return {k: sorted(v) for k, v in found.items()}


def _write_agreements(
    store: _Store,
    new: list[Agreement],
    changed: list[Agreement],
    co_partner_sets: list[tuple[Agreement, list[Institution]]],
) -> None:
    store.create(Agreement, new)
    if changed:
        bulk_update_with_history(
            changed,
            Agreement,
            [
                "printed_name",
                "fee_waiver",
                "edition",
                "source_lines",
                "version",
                "updated_at",
            ],
            batch_size=500,
            default_change_reason=store.reason,
            default_date=store.now,
        )
    for agreement, co in co_partner_sets:
        store.stamp(agreement)
        agreement.co_partners.set(co)
