"""One import run: the edition row, then places, partners and agreements, in
one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.db import connection, transaction

from accord.core.errors import ImportInputError
from accord.core.packed import pack
from accord.core.records import Record, orjson_ready
from accord.importer.editions import EditionMeta, validate
from accord.importer.persist.agreements import Progress, store_agreements
from accord.importer.persist.changes import ChangeSet
from accord.importer.persist.partners import Partners
from accord.importer.persist.places import Places, home_units, home_university
from accord.registry import scopes
from accord.registry.cooperation import CooperationTerm
from accord.registry.exceptions import InvalidWrite
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
    today,
)
from accord.registry.services import import_reason
from accord.registry.triggers import one_bump_for
from accord.registry.validation import (
    lifecycle_check_key,
    lifecycle_record_problems,
    record_problems,
)

__all__ = [
    "Progress",
    "StoreSummary",
    "check_records",
    "refresh_planner_statistics",
    "store_edition",
]


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
    # What a university's staff import leaves as the network has it: a country
    # the list prints under another region, a shared partner's new spelling.
    regions_kept: list[str] = field(default_factory=list)
    aliases_withheld: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["as_of"] = self.as_of.isoformat()
        return data


RECORDS_CHUNK = 2000
# The tables an import writes many rows of.
BULK_TABLES = (
    Institution._meta.db_table,
    Agreement._meta.db_table,
    CooperationTerm._meta.db_table,
)


class _DryRun(Exception):
    pass


def store_edition(
    records: Sequence[Record],
    meta: EditionMeta,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    unit_may_be_unknown: Callable[[Record], bool] = lambda record: True,
    by: Any = None,
) -> StoreSummary:
    """Store the records as `meta`'s edition, in one transaction, its history
    rows naming `by` (the staff account importing from the back office).

    Raises ImportInputError (nothing written) for a record the registry cannot
    hold. In a dry run, everything is done and then rolled back. By default a
    department-level record may lack its home unit: a list may lose it, its
    report says so (and the gate before this decided); an export file's rows
    may not, unless its edition acknowledged it (`unit_may_be_unknown`).
    """
    check_records(records, unit_may_be_unknown=unit_may_be_unknown)
    validate(records)
    summary = StoreSummary(edition_id=None, as_of=meta.as_of, dry_run=dry_run)
    try:
        with transaction.atomic(), one_bump_for(connection, BULK_TABLES):
            _store(records, meta, summary, progress, by)
            if dry_run:
                raise _DryRun
            refresh_planner_statistics()
    except _DryRun:
        summary.edition_id = None
    return summary


def check_records(
    records: Sequence[Record],
    *,
    unit_may_be_unknown: Callable[[Record], bool],
    path: str = "",
) -> None:
    """Refuse, before anything is written, records that break a rule of the
    registry (`registry.validation.record_problems`): one ImportInputError
    naming every problem, at the record's row in an export file, else at its
    first line in the list."""
    problems = []
    day = today()
    # The rows of a file share each distinct lifecycle (`core.formats.
    # shared_lifecycle`), whose problems depend on it and at most the
    # conclusion date: checked once for each (`lifecycle_check_key`).
    lifecycles: dict[tuple[int, Any], list[InvalidWrite]] = {}
    for record in records:
        allowed = unit_may_be_unknown(record)
        found = record_problems(
            record, unit_may_be_unknown=allowed, today_is=day, with_lifecycle=False
        )
        if record.lifecycle is not None:
            key = lifecycle_check_key(record)
            if key not in lifecycles:
                lifecycles[key] = lifecycle_record_problems(record, today_is=day)
            found += lifecycles[key]
        if found:
            line = record.row
            if line is None and record.source_lines:
                line = record.source_lines[0]
            problems += [
                ImportInputError(p.message, path=path, line=line, field=p.field)
                for p in found
            ]
    if problems:
        raise ImportInputError.several(problems, path=path)


def _store(
    records: Sequence[Record],
    meta: EditionMeta,
    summary: StoreSummary,
    progress: Progress | None,
    by: Any,
) -> None:
    places = Places(move_countries=scopes.is_network_admin(by))
    home = home_university(meta, places, records)
    edition = _upsert_edition(home, meta)
    summary.edition_id = edition.pk
    # First: the records' JSON is the largest value an import writes, and its
    # memory goes back to the system before the rows' many small objects come
    # (written last, it raised the peak by 30 MB).
    _keep_records(edition, records, meta.as_of)
    _store_rows(home, edition, places, records, meta, summary, progress, by)


def _store_rows(
    home: HomeUniversity,
    edition: Edition,
    places: Places,
    records: Sequence[Record],
    meta: EditionMeta,
    summary: StoreSummary,
    progress: Progress | None,
    by: Any,
) -> None:
    changes = ChangeSet(by)
    changes.reason = import_reason(edition)
    units, summary.units_added = home_units(home, meta, records, changes)
    # A row's country is placed by its code, name and region: each distinct
    # three looked up once (a later row naming them again changes nothing).
    placed: dict[tuple[str, str, str], Country] = {}
    countries = []
    for record in records:
        named = (record.country_code, record.country_name, record.region)
        country = placed.get(named)
        if country is None:
            country = placed[named] = places.country(*named)
        countries.append(country)
    # One Country object per country (`Places`): told apart by identity, not
    # by a model's hash (its `pk`, for each of 100,000 rows).
    partners = Partners({id(c): c for c in countries}.values(), meta.same_institutions)
    partnered = [
        (
            partners.institution(country, r.institution),
            [partners.institution(country, p) for p in r.co_partners],
        )
        for r, country in zip(records, countries, strict=True)
    ]
    summary.aliases_withheld = partners.withhold_aliases(by)
    summary.regions_kept = places.kept
    partners.save(changes)
    summary.institutions_created = len(partners.new_institutions)
    summary.aliases_added = partners.aliases_added
    outcome = store_agreements(
        home, edition, records, partnered, units, changes, progress
    )
    summary.created, summary.updated = outcome.created, outcome.updated
    summary.unchanged = outcome.unchanged
    summary.duplicates, summary.vanished = outcome.duplicates, outcome.vanished


def _upsert_edition(home: HomeUniversity, meta: EditionMeta) -> Edition:
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
    # The records kept are replaced by `_keep_records`, never read: at 100k
    # agreements decoding them took seconds and hundreds of megabytes.
    edition, _ = Edition.objects.defer("packed_records").update_or_create(
        home_university=home,
        as_of=meta.as_of,
        defaults={
            **defaults,
            "source_name": meta.source_name,
            "source_sha256": meta.source_sha256,
        },
    )
    return edition


def _keep_records(
    edition: Edition, records: Sequence[Record], as_of: datetime.date
) -> None:
    """Keep the records as imported on the edition (`Edition.records`),
    compressed as they are encoded: the whole JSON text is never held."""
    packed = pack(_records_json(records, as_of))
    Edition.objects.filter(pk=edition.pk).update(packed_records=packed)


def _records_json(records: Sequence[Record], as_of: datetime.date) -> Iterator[bytes]:
    """The records in the export schema as one JSON array (UTF-8), an unknown
    edition given as `as_of`, in pieces of RECORDS_CHUNK records so that their
    dicts are never all held at once."""
    yield b"["
    for start in range(0, len(records), RECORDS_CHUNK):
        dicts = [orjson_ready(r, as_of) for r in records[start : start + RECORDS_CHUNK]]
        if start:
            yield b", "
        # orjson: ten times json's speed (0.35 s less at 100k records).
        yield orjson.dumps(dicts)[1:-1]
    yield b"]"


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
