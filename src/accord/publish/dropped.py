"""The agreements a new edition dropped, and ending them.

An import stores what its list prints; an agreement that the earlier list printed
and the later one does not stays in force until staff end it. The differences
page (`diff_records`: "ended") names those records; this module finds the live
agreement behind each and ends the ones staff choose, through
`registry.services.end_agreement`, on the later edition's date, with a reason
naming that edition, so they read as one change set that the back office can
revert.

An agreement is behind a dropped record when it was last imported from an
edition older than the later one (the later import did not print it) and the
record it gives today is the dropped one (level, country, partner as printed,
partner department, home unit, conclusion date).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from accord.publish.diff import country_key
from accord.registry import services
from accord.registry.models import Agreement, Edition
from accord.registry.rows import Listed, listed

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Dropped:
    """A record the later edition no longer prints, and the agreement behind it."""

    record: Mapping[str, Any]
    agreement: Listed | None

    @property
    def standing(self) -> bool:
        """Still in force in the registry: staff may end it."""
        return self.agreement is not None and self.agreement.ended_on is None


def dropped_reason(edition: Edition) -> str:
    """The change reason of ending what `edition` dropped.

    >>> import datetime
    >>> dropped_reason(Edition(pk=2, as_of=datetime.date(2022, 5, 1)))
    'dropped by edition 2022-05-01 (#2)'
    """
    return f"dropped by edition {edition.as_of.isoformat()} (#{edition.pk})"


def match_key(record: Mapping[str, Any]) -> Key:
    """What identifies one agreement of a list, fee waiver and co-partners aside
    (staff may have corrected those since)."""
    return (
        record["level"],
        country_key(record),
        record["institution"],
        record.get("partner_department") or "",
        record.get("home_unit") or "",
        str(record.get("concluded_on") or ""),
    )


def find_dropped(later: Edition, ended: Iterable[Mapping[str, Any]]) -> list[Dropped]:
    """Each record of `ended` with the agreement behind it (None when the
    registry holds none any more: merged away, deleted, or re-imported)."""
    older = Agreement.objects.filter(
        home_university_id=later.home_university_id,
        edition__as_of__lt=later.as_of,
    ).values_list("pk", flat=True)
    behind: dict[Key, list[Listed]] = defaultdict(list)
    for row in listed(list(older)):
        behind[match_key(row.record().to_dict())].append(row)
    found = []
    for record in ended:
        rows = behind.get(match_key(record), [])
        candidates = [row for row in rows if row.ended_on is None] or rows
        found.append(Dropped(record, candidates[0] if candidates else None))
    return found


@transaction.atomic
def end_dropped(
    later: Edition, versions: Mapping[int, int], *, by: services.User = None
) -> int:
    """End the agreements `versions` names (id -> the version staff saw) on the
    later edition's date, all or none. A stale version or a refused end raises
    the service's error and ends nothing."""
    reason = dropped_reason(later)
    for pk, version in sorted(versions.items()):
        services.end_agreement(
            pk, ended_on=later.as_of, version=version, by=by, reason=reason
        )
    return len(versions)


def chosen_versions(
    dropped: Sequence[Dropped], chosen: Iterable[str]
) -> dict[int, int]:
    """The standing agreements among `chosen` ids (form values), with their
    versions; ids the differences do not offer are ignored."""
    standing = {
        d.agreement.pk: d.agreement for d in dropped if d.standing and d.agreement
    }
    picked = {int(value) for value in chosen if value.isascii() and value.isdigit()}
    return {pk: standing[pk].version for pk in sorted(picked & standing.keys())}
