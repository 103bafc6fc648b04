"""An edition's agreements: each record matched to a stored agreement by its
natural key, then created, updated (fee waiver, printed name, provenance,
co-partners, the lifecycle an export file gives) or left as it is.

The stored agreements are read once as plain tuples, one at a time, and the
new and changed ones written as rows in bulk (`registry.bulk`), with their
history rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from accord.core.errors import ImportInputError
from accord.core.names import clean_name
from accord.core.records import Record
from accord.importer.persist.changes import ChangeSet
from accord.importer.persist.partners import Partner
from accord.importer.persist.terms import store_terms
from accord.registry.bulk import ids_follow_insert_order, reserve_ids
from accord.registry.cooperation import CooperationTerm
from accord.registry.models import Agreement, Edition, HomeUnit, HomeUniversity
from accord.registry.validation import (
    LIFECYCLE_DEFAULTS,
    lifecycle_record_problems,
    lifecycle_values,
)

Key = tuple[Any, ...]
Partnered = tuple[Partner, list[Partner]]  # the partner and co-partners
Progress = Callable[[int, int], None]
KEY_FIELDS = ("level", "institution_id", "partner_department", "home_unit_id")
# What an edition says of an agreement, compared with what is stored.
STATED_FIELDS = ("fee_waiver", "edition_id", "source_lines", "printed_name")
# What an export file may say of its lifecycle (`Record.lifecycle`); a file
# that leaves one out leaves it as it is.
LIFECYCLE_COLUMNS = tuple(LIFECYCLE_DEFAULTS)
NEW_FIELDS = (
    "home_university_id",
    *KEY_FIELDS,
    "concluded_on",
    *STATED_FIELDS,
    *LIFECYCLE_COLUMNS,
    "version",
    "created_at",
    "updated_at",
)
UPDATED_FIELDS = (*STATED_FIELDS, *LIFECYCLE_COLUMNS, "version", "updated_at")


def natural_key(
    level: str, institution_id: int, department: str, unit_id: int | None, on: Any
) -> Key:
    """The `agreement_not_duplicated` constraint's key."""
    return (level, institution_id, clean_name(department), unit_id or 0, on)


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored agreement, as far as an import compares it."""

    pk: int
    edition_id: int | None
    stated: tuple[Any, ...]  # STATED_FIELDS' values
    version: int
    lifecycle: tuple[Any, ...] = ()  # LIFECYCLE_COLUMNS' values


@dataclass
class Outcome:
    """What storing the agreements did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    # The keys of the new agreements: their rows are made as they are written,
    # never all held at once.
    new: list[Key] = field(default_factory=list)
    changed: list[tuple[Any, ...]] = field(default_factory=list)
    co_partner_sets: list[tuple[Key, list[Partner]]] = field(default_factory=list)
    refused: list[ImportInputError] = field(default_factory=list)
    # The stored agreements the records match: their ids, by key.
    stored_pks: dict[Key, int] = field(default_factory=dict)
    # The stored agreements of this edition that no record matches.
    vanished: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Compared:
    """What comparing a record with its stored agreement found."""

    pk: int
    changed: tuple[Any, ...] | None  # UPDATED_FIELDS' values and the id
    co_changed: bool
    refused: Sequence[ImportInputError]


def store_agreements(
    home: HomeUniversity,
    edition: Edition,
    records: Sequence[Record],
    partners: Sequence[Partnered],
    units: Mapping[str, HomeUnit],
    changes: ChangeSet,
    progress: Progress | None = None,
) -> Outcome:
    """Store the records' agreements as `edition`'s; report what changed."""
    outcome = Outcome()
    merged = _merge_duplicates(_keyed(records, partners, units), outcome.duplicates)
    plan = _plan(home, edition, merged, changes, progress)
    if plan.refused:
        raise ImportInputError.several(plan.refused)
    # A new agreement's lifecycle columns depend on the record's lifecycle
    # only, which the rows of a file share (`core.formats.shared_lifecycle`).
    lifecycles: dict[int, tuple[Any, ...]] = {}
    rows = (
        _new_row(home, edition, k, merged[k], changes, lifecycles) for k in plan.new
    )
    new_pks = _write(home, plan, rows, changes)
    # An empty list asks nothing of an agreement without terms, a new one or
    # a stored one (an export gives `[]` on every row without terms: at 100k
    # agreements, asking for all their terms was one query of 100,000 ids).
    termed = _with_stored_terms(home)
    with_terms = {}
    for key, (record, _) in merged.items():
        terms = (record.lifecycle or {}).get("cooperation_terms")
        if terms is None:
            continue
        pk = new_pks.get(key) or plan.stored_pks[key]
        if terms or pk in termed:
            with_terms[pk] = terms
    if with_terms:
        store_terms(with_terms, changes)
    outcome.created, outcome.updated = len(plan.new), len(plan.changed)
    outcome.unchanged = len(merged) - len(plan.new) - len(plan.changed)
    outcome.vanished = _describe(plan.vanished)
    if progress:
        progress(len(merged), len(merged))
    return outcome


def _stored(home: HomeUniversity) -> Iterator[tuple[Key, Stored]]:
    """The university's stored agreements, one at a time: at 100,000 agreements
    their values held all at once took 64 MB of a re-import's memory."""
    rows = Agreement.objects.filter(home_university=home).values_list(
        "pk", *KEY_FIELDS, "concluded_on", *STATED_FIELDS, *LIFECYCLE_COLUMNS, "version"
    )
    stated_end = 6 + len(STATED_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        yield (
            natural_key(*row[1:6]),
            Stored(
                pk=row[0],
                edition_id=row[7],
                stated=tuple(row[6:stated_end]),
                version=row[-1],
                lifecycle=tuple(row[stated_end:-1]),
            ),
        )


def _with_stored_terms(home: HomeUniversity) -> set[int]:
    """The ids of the university's agreements that have cooperation terms."""
    return set(
        CooperationTerm.objects.filter(agreement__home_university=home)
        .values_list("agreement_id", flat=True)
        .distinct()
    )


def _keyed(
    records: Sequence[Record],
    partners: Sequence[Partnered],
    units: Mapping[str, HomeUnit],
) -> Iterable[tuple[Key, Record, Partnered]]:
    for record, partnered in zip(records, partners, strict=True):
        unit = units.get(clean_name(record.home_unit)) if record.home_unit else None
        key = natural_key(
            record.level,
            partnered[0].pk,
            record.partner_department,
            unit.id if unit else None,
            record.concluded_on,
        )
        yield key, record, partnered


def _merge_duplicates(
    keyed: Iterable[tuple[Key, Record, Partnered]], duplicates: list[str]
) -> dict[Key, tuple[Record, Partnered]]:
    """One entry per natural key; a repeated row is merged and reported."""
    merged: dict[Key, tuple[Record, Partnered]] = {}
    for key, record, partnered in keyed:
        if key not in merged:
            merged[key] = (record, partnered)
            continue
        first, (institution, first_co) = merged[key]
        duplicates.append(
            f"lines {list(record.source_lines)} repeat lines "
            f"{list(first.source_lines)}: {record.institution}"
        )
        lines = tuple(sorted({*first.source_lines, *record.source_lines}))
        merged[key] = (
            first.with_changes(
                source_lines=lines,
                fee_waiver=_either_waiver(first.fee_waiver, record.fee_waiver),
            ),
            (institution, first_co + [p for p in partnered[1] if p not in first_co]),
        )
    return merged


def _either_waiver(first: bool | None, second: bool | None) -> bool | None:
    """A repeated row's waiver: waived if either row says so, else not waived
    if either says that, else unknown."""
    if first or second:
        return True
    return False if False in (first, second) else None


def _plan(
    home: HomeUniversity,
    edition: Edition,
    merged: dict[Key, tuple[Record, Partnered]],
    changes: ChangeSet,
    progress: Progress | None,
) -> _Plan:
    """The plan, in the records' order: each record compared with its stored
    agreement as the stored ones are read, then the new ones."""
    plan = _Plan()
    position = {key: index for index, key in enumerate(merged)}
    # By the record's position: None for a new agreement, the stored id alone
    # for one the record leaves as it is (most, on a re-import: 10 MB less at
    # 100,000 than a _Compared each), else what comparing them found.
    compared: list[_Compared | int | None] = [None] * len(merged)
    co_ids = _current_co_partners(home.pk)
    vanished: list[tuple[str, int]] = []
    for key, stored in _stored(home):
        index = position.get(key)
        if index is None:
            if stored.edition_id == edition.pk:
                vanished.append((str(key), stored.pk))
            continue
        record, (institution, co) = merged[key]
        compared[index] = _compare(
            edition, record, institution, co, stored, co_ids, changes.now
        )
    del position
    plan.vanished = [pk for _, pk in sorted(vanished)]
    for index, (key, (record, (_, co))) in enumerate(merged.items()):
        found = compared[index]
        if found is None:
            _check_lifecycle(record, None, plan.refused)
            plan.new.append(key)
            if co:
                plan.co_partner_sets.append((key, co))
            continue
        if isinstance(found, int):
            plan.stored_pks[key] = found
            continue
        plan.stored_pks[key] = found.pk
        plan.refused += found.refused
        if found.changed is not None:
            plan.changed.append(found.changed)
        if found.co_changed:
            plan.co_partner_sets.append((key, co))
        if progress and index % 5000 == 0:
            progress(index, len(merged))
    return plan


def _compare(
    edition: Edition,
    record: Record,
    institution: Partner,
    co: list[Partner],
    stored: Stored,
    co_ids: Mapping[int, list[int]],
    now: Any,
) -> _Compared | int:
    refused: list[ImportInputError] = []
    stated = _stated(edition, record, institution)
    lifecycle = _lifecycle(record, stored, refused)
    co_changed = sorted(p.pk for p in co) != co_ids.get(stored.pk, [])
    changed = None
    if co_changed or stated != stored.stated or lifecycle != stored.lifecycle:
        changed = (*stated, *lifecycle, stored.version + 1, now, stored.pk)
    elif not refused:
        return stored.pk
    return _Compared(stored.pk, changed, co_changed, refused or ())


def _stated(edition: Edition, record: Record, institution: Partner) -> tuple[Any, ...]:
    """What the edition says of the agreement: STATED_FIELDS' values."""
    printed = _printed_name(record, institution.name)
    # `id`, not the `pk` property: for each of an import's rows.
    return (record.fee_waiver, edition.id, list(record.source_lines), printed)


def _lifecycle(
    record: Record, stored: Stored | None, refused: list[ImportInputError]
) -> tuple[Any, ...]:
    """LIFECYCLE_COLUMNS' values: what the record's file gives, over what the
    agreement has (a new one: the defaults); problems go to `refused`."""
    base = (
        dict(zip(LIFECYCLE_COLUMNS, stored.lifecycle, strict=True))
        if stored is not None
        else LIFECYCLE_DEFAULTS
    )
    if not record.lifecycle:
        return tuple(base.values())
    _check_lifecycle(record, stored, refused)
    values = lifecycle_values(record.lifecycle, base)
    return tuple(values[name] for name in LIFECYCLE_COLUMNS)


def _check_lifecycle(
    record: Record, stored: Stored | None, refused: list[ImportInputError]
) -> None:
    """The rules between the record's lifecycle values and those it leaves
    to the agreement (the stored ones, or a new agreement's defaults), which
    `check_records` could not apply before the registry was read."""
    if not record.lifecycle:
        return
    if stored is None:
        if "status" in record.lifecycle:
            return  # checked whole already
        base, whose = LIFECYCLE_DEFAULTS, "a new agreement's"
    else:
        base = dict(zip(LIFECYCLE_COLUMNS, stored.lifecycle, strict=True))
        whose = "the stored agreement's"
    refused += (
        ImportInputError(
            f"{p.message} (with {whose} other lifecycle values)",
            line=record.row,
            field=p.field,
        )
        for p in lifecycle_record_problems(record, base=base)
    )


def _new_row(
    home: HomeUniversity,
    edition: Edition,
    key: Key,
    merged: tuple[Record, Partnered],
    changes: ChangeSet,
    lifecycles: dict[int, tuple[Any, ...]],
) -> tuple[Any, ...]:
    """A new agreement's NEW_FIELDS values; `lifecycles` keeps the columns of
    each record lifecycle seen, by its identity."""
    record, (institution, _) = merged
    stated = _stated(edition, record, institution)
    now = changes.now
    lifecycle = lifecycles.get(id(record.lifecycle))
    if lifecycle is None:
        lifecycle = lifecycles[id(record.lifecycle)] = _lifecycle(record, None, [])
    return (
        home.id,
        *key[:3],
        key[3] or None,
        key[4],
        *stated,
        *lifecycle,
        1,
        now,
        now,
    )


def _printed_name(record: Record, institution_name: str) -> str:
    """What to keep of the name the row printed: nothing when it is the name
    the institution is stored under."""
    printed = clean_name(record.institution)
    return "" if printed == institution_name else printed


def _current_co_partners(home_id: int) -> dict[int, list[int]]:
    through = Agreement.co_partners.through
    found: dict[int, list[int]] = {}
    for agreement_id, institution_id in through.objects.filter(
        agreement__home_university_id=home_id
    ).values_list("agreement_id", "institution_id"):
        found.setdefault(agreement_id, []).append(institution_id)
    return {k: sorted(v) for k, v in found.items()}


def _write(
    home: HomeUniversity,
    plan: _Plan,
    new_rows: Iterable[tuple[Any, ...]],
    changes: ChangeSet,
) -> dict[Key, int]:
    """Write the plan; the ids of the agreements it created, by key."""
    reserved = reserve_ids(Agreement, len(plan.new))
    if reserved is None:
        changes.insert(Agreement, NEW_FIELDS, new_rows)
        # Every agreement with this change set's creation time is one it
        # created (unordered: the model's order joins two tables to sort).
        created = Agreement.objects.filter(
            home_university=home, created_at=changes.now
        ).order_by()
        created_pks = sorted(created.values_list("pk", flat=True))
        new_pks = _new_pks(created, plan.new, created_pks)
    else:
        # The rows come in the order of `plan.new`.
        with_ids = ((pk, *row) for pk, row in zip(reserved, new_rows, strict=True))
        changes.insert(Agreement, ("id", *NEW_FIELDS), with_ids)
        created_pks = reserved
        new_pks = dict(zip(plan.new, reserved, strict=True))
    changes.created(Agreement, created_pks)
    changes.update(Agreement, UPDATED_FIELDS, plan.changed)
    # Co-partners are rare (a few joint agreements in a list): set through the
    # ORM, so django-simple-history records them as it does for an editor.
    pks = {k: new_pks.get(k) or plan.stored_pks[k] for k, _ in plan.co_partner_sets}
    agreements = Agreement.objects.in_bulk(pks.values())
    for key, co in plan.co_partner_sets:
        agreement = agreements[pks[key]]
        changes.stamp(agreement)
        agreement.co_partners.set([p.pk for p in co])
    return new_pks


def _new_pks(
    created: QuerySet[Agreement], new: Sequence[Key], pks: Sequence[int]
) -> dict[Key, int]:
    """The ids of the new agreements, by key: `created` holds them, `pks` their
    ids in order, and they were inserted in the order of `new`."""
    if not new:
        return {}
    if ids_follow_insert_order() and len(pks) == len(new):
        # Reading the keys back took 0.3 s at 100,000 agreements.
        return dict(zip(new, pks, strict=True))
    return {
        natural_key(*key): pk
        for pk, *key in created.values_list("pk", *KEY_FIELDS, "concluded_on")
    }


def _describe(pks: list[int]) -> list[str]:
    """Each agreement as the summary names it, in the order of `pks`."""
    found = Agreement.objects.select_related("institution", "home_unit")
    by_pk = found.in_bulk(pks)
    return [_description(by_pk[pk]) for pk in pks]


def _description(agreement: Agreement) -> str:
    unit = agreement.home_unit.code if agreement.home_unit else "university level"
    department = (
        f", {agreement.partner_department}" if agreement.partner_department else ""
    )
    on = agreement.concluded_on.isoformat() if agreement.concluded_on else "no date"
    return f"#{agreement.pk} {agreement.institution.name}{department} ({unit}, {on})"
