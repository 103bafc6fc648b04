"""An edition's agreements: each record matched to a stored agreement by its
natural key, then created, updated (fee waiver, printed name, provenance,
co-partners) or left as it is."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.utils import timezone

from accord.core.names import clean_name
from accord.core.records import Record
from accord.importer.persist.changes import ChangeSet
from accord.registry.models import (
    Agreement,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
)

Key = tuple[Any, ...]
Partnered = tuple[Institution, list[Institution]]  # the partner and co-partners
Progress = Callable[[int, int], None]
UPDATED_FIELDS = (
    "printed_name",
    "fee_waiver",
    "edition",
    "source_lines",
    "version",
    "updated_at",
)


def natural_key(
    level: str, institution_id: int, department: str, unit_id: int | None, on: Any
) -> Key:
    """The `agreement_not_duplicated` constraint's key."""
    return (level, institution_id, clean_name(department), unit_id or 0, on)


def stored_key(agreement: Agreement) -> Key:
    return natural_key(
        agreement.level,
        agreement.institution_id,
        agreement.partner_department,
        agreement.home_unit_id,
        agreement.concluded_on,
    )


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
    new: list[Agreement] = field(default_factory=list)
    changed: list[Agreement] = field(default_factory=list)
    co_partner_sets: list[tuple[Agreement, list[Institution]]] = field(
        default_factory=list
    )


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
    existing = {
        stored_key(a): a for a in Agreement.objects.filter(home_university=home)
    }
    keyed = _keyed(records, partners, units)
    merged = _merge_duplicates(keyed, outcome.duplicates)
    plan = _plan(home, edition, merged, existing, progress)
    _write(plan, changes)
    outcome.created, outcome.updated = len(plan.new), len(plan.changed)
    outcome.unchanged = len(merged) - len(plan.new) - len(plan.changed)
    before = {k for k, a in existing.items() if a.edition_id == edition.pk}
    vanished = sorted(before - merged.keys(), key=str)
    outcome.vanished = [_describe(existing[k]) for k in vanished]
    if progress:
        progress(len(merged), len(merged))
    return outcome


def _keyed(
    records: Sequence[Record],
    partners: Sequence[Partnered],
    units: Mapping[str, HomeUnit],
) -> list[tuple[Key, Record, Partnered]]:
    keyed = []
    for record, partnered in zip(records, partners, strict=True):
        unit = units.get(clean_name(record.home_unit)) if record.home_unit else None
        key = natural_key(
            record.level,
            partnered[0].pk,
            record.partner_department,
            unit.pk if unit else None,
            record.concluded_on,
        )
        keyed.append((key, record, partnered))
    return keyed


def _merge_duplicates(
    keyed: list[tuple[Key, Record, Partnered]], duplicates: list[str]
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
                source_lines=lines, fee_waiver=first.fee_waiver or record.fee_waiver
            ),
            (institution, first_co + [p for p in partnered[1] if p not in first_co]),
        )
    return merged


def _plan(
    home: HomeUniversity,
    edition: Edition,
    merged: dict[Key, tuple[Record, Partnered]],
    existing: dict[Key, Agreement],
    progress: Progress | None,
) -> _Plan:
    plan = _Plan()
    co_ids = _current_co_partners(existing.values())
    now = timezone.now()
    for index, (key, (record, (institution, co))) in enumerate(merged.items()):
        printed = _printed_name(record, institution.name)
        agreement = existing.get(key)
        if agreement is None:
            agreement = _new_agreement(home, edition, key, record, printed)
            plan.new.append(agreement)
            if co:
                plan.co_partner_sets.append((agreement, co))
        else:
            co_changed = sorted(p.pk for p in co) != co_ids.get(agreement.pk, [])
            if co_changed or _refresh(agreement, record, edition, printed):
                agreement.version += 1
                agreement.updated_at = now
                plan.changed.append(agreement)
            if co_changed:
                plan.co_partner_sets.append((agreement, co))
        if progress and index % 200 == 0:
            progress(index, len(merged))
    return plan


def _new_agreement(
    home: HomeUniversity, edition: Edition, key: Key, record: Record, printed: str
) -> Agreement:
    return Agreement(
        home_university=home,
        level=record.level,
        institution_id=key[1],
        partner_department=key[2],
        printed_name=printed,
        home_unit_id=key[3] or None,
        fee_waiver=record.fee_waiver,
        concluded_on=record.concluded_on,
        edition=edition,
        source_lines=list(record.source_lines),
    )


def _refresh(
    agreement: Agreement, record: Record, edition: Edition, printed: str
) -> bool:
    """Bring what an edition says of a stored agreement up to date; whether
    anything changed."""
    wanted = (record.fee_waiver, edition.pk, list(record.source_lines), printed)
    stored = (
        agreement.fee_waiver,
        agreement.edition_id,
        list(agreement.source_lines),
        agreement.printed_name,
    )
    if wanted == stored:
        return False
    agreement.fee_waiver = record.fee_waiver
    agreement.edition = edition
    agreement.source_lines = list(record.source_lines)
    agreement.printed_name = printed
    return True


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


def _write(plan: _Plan, changes: ChangeSet) -> None:
    changes.create(Agreement, plan.new)
    changes.update(Agreement, plan.changed, UPDATED_FIELDS)
    for agreement, co in plan.co_partner_sets:
        changes.stamp(agreement)
        agreement.co_partners.set(co)


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
