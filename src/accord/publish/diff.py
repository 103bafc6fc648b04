"""What changed between two editions of a list: a pure function over their records.

Records are export-schema dicts (`Edition.records`). Institutions are matched
across spelling changes first, within one country, then agreements are paired
within (level, country, institution, home unit):

    >>> a = [{"level": "university", "country_code": "TH", "country_name": "Thailand",
    ...       "institution": "Chiang Mai University", "fee_waiver": True,
    ...       "concluded_on": "2010-01-01"}]
    >>> b = [dict(a[0], institution="Chiangmai University", fee_waiver=False)]
    >>> diff_records(a, b).changed[0].fields
    ('institution', 'fee_waiver')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from accord.core.names import fold_name

Record = Mapping[str, Any]

# token_sort_ratio of folded names: at or above this, two names of one country are
# one institution ("Chiang Mai University" / "Chiangmai University": 98); below it
# are look-alikes such as "Seoul National University" / "Pusan National
# University" (84) and "University of Tokyo" / "University of Kyoto" (79).
SAME_NAME_SCORE = 88
# A weaker likeness is enough when an agreement of both names has the same level,
# home unit and conclusion date ("University of Indonesia" / "Universitas
# Indonesia": 86).
SAME_NAME_WITH_EVIDENCE_SCORE = 70

COMPARED_FIELDS = (
    "institution",
    "co_partners",
    "partner_department",
    "fee_waiver",
    "concluded_on",
)


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ChangedAgreement:
    before: Record
    after: Record
    changes: tuple[Change, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(change.field for change in self.changes)


@dataclass(frozen=True)
class Renamed:
    """One institution printed under another name in the later edition."""

    level: str
    country: str
    before: str
    after: str
    score: float


@dataclass(frozen=True)
class EditionDiff:
    added: tuple[Record, ...] = field(default=())
    ended: tuple[Record, ...] = field(default=())
    changed: tuple[ChangedAgreement, ...] = field(default=())
    renamed: tuple[Renamed, ...] = field(default=())
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.ended or self.changed)


def diff_records(before: Iterable[Record], after: Iterable[Record]) -> EditionDiff:
    """Agreements added, ended (in `before`, not in `after`) and changed."""
    before, after = list(before), list(after)
    renamed = match_institutions(before, after)
    canonical = {(r.level, r.country, r.after): r.before for r in renamed}

    def group_key(record: Record) -> tuple[str, ...]:
        level, country, name = _name_key(record)
        return (
            level,
            country,
            canonical.get((level, country, name), name),
            record.get("home_unit") or "",
        )

    groups_a, groups_b = _grouped(before, group_key), _grouped(after, group_key)
    added: list[Record] = []
    ended: list[Record] = []
    changed: list[ChangedAgreement] = []
    unchanged = 0
    for key in sorted(set(groups_a) | set(groups_b)):
        pairs, only_a, only_b = pair_agreements(groups_a[key], groups_b[key])
        for old, new in pairs:
            changes = record_changes(old, new)
            if changes:
                changed.append(ChangedAgreement(old, new, changes))
            else:
                unchanged += 1
        ended += only_a
        added += only_b
    return EditionDiff(
        added=tuple(added),
        ended=tuple(ended),
        changed=tuple(changed),
        renamed=tuple(renamed),
        unchanged=unchanged,
    )


def country_key(record: Record) -> str:
    """ISO code, or the printed name for the pseudo-country that has none."""
    return record.get("country_code") or f"={record.get('country_name', '')}"


def comparable_name(name: str) -> str:
    """A folded name without a leading "The".

    >>> comparable_name("The University of York")
    'university of york'
    """
    folded = fold_name(name)
    return folded.removeprefix("the ") if folded != "the" else folded


def _signatures(records: Iterable[Record]) -> dict[tuple[str, ...], set[Any]]:
    signatures: dict[tuple[str, ...], set[Any]] = defaultdict(set)
    for record in records:
        if record.get("concluded_on"):
            signatures[_name_key(record)].add(
                (record.get("home_unit") or "", record["concluded_on"])
            )
    return signatures


def _name_key(record: Record) -> tuple[str, str, str]:
    return (record["level"], country_key(record), record["institution"])


def match_institutions(
    before: Sequence[Record], after: Sequence[Record]
) -> list[Renamed]:
    """Names of one country and level that differ between editions but are one
    institution.

    Only names found in one edition and not the other are candidates, one to one,
    best likeness first; a name printed in both editions is never re-matched.
    Levels are matched apart: the two parts of one list may spell a partner
    differently ("Universitas Indonesia" in the table, "University of Indonesia"
    in the university-level list).
    """
    sig_a, sig_b = _signatures(before), _signatures(after)
    names_a = {_name_key(r) for r in before}
    names_b = {_name_key(r) for r in after}
    only_b = sorted(names_b - names_a)
    candidates: list[tuple[float, tuple[str, str, str], tuple[str, str, str]]] = []
    for old in sorted(names_a - names_b):
        for new in only_b:
            if new[:2] != old[:2]:
                continue
            score = fuzz.token_sort_ratio(
                comparable_name(old[2]), comparable_name(new[2])
            )
            shared = sig_a.get(old, set()) & sig_b.get(new, set())
            if score >= SAME_NAME_SCORE or (
                shared and score >= SAME_NAME_WITH_EVIDENCE_SCORE
            ):
                candidates.append((score, old, new))
    renamed: list[Renamed] = []
    used: set[tuple[str, str, str]] = set()
    for score, old, new in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if old in used or new in used:
            continue
        used |= {old, new}
        renamed.append(Renamed(old[0], old[1], old[2], new[2], score))
    return sorted(renamed, key=lambda r: (r.level, r.country, r.before))


def _grouped(
    records: Iterable[Record], key: Any
) -> defaultdict[tuple[str, ...], list[Record]]:
    groups: defaultdict[tuple[str, ...], list[Record]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return groups


def _department(record: Record) -> str:
    return fold_name(record.get("partner_department") or "")


def pair_agreements(
    before: list[Record], after: list[Record]
) -> tuple[list[tuple[Record, Record]], list[Record], list[Record]]:
    """Pair the agreements of one institution and home unit across two editions.

    Rounds from the strictest likeness down: same department and date, same
    department, same date; a single agreement left on each side is the same one
    changed in both department and date.
    """
    left, right = list(before), list(after)
    pairs: list[tuple[Record, Record]] = []
    rounds = (
        lambda r: (_department(r), r.get("concluded_on")),
        lambda r: _department(r),
        lambda r: r.get("concluded_on"),
    )
    for likeness in rounds:
        for old in list(left):
            new = next((n for n in right if likeness(n) == likeness(old)), None)
            if new is not None:
                pairs.append((old, new))
                left.remove(old)
                right.remove(new)
    if len(left) == 1 and len(right) == 1:
        pairs.append((left.pop(), right.pop()))
    return pairs, left, right


def record_changes(before: Record, after: Record) -> tuple[Change, ...]:
    changes = []
    for name in COMPARED_FIELDS:
        old, new = _value(before, name), _value(after, name)
        if old != new:
            changes.append(Change(name, old, new))
    return tuple(changes)


def _value(record: Record, name: str) -> Any:
    value = record.get(name)
    if name == "co_partners":
        return tuple(sorted(value or ()))
    if name == "partner_department":
        return value or ""
    if name == "fee_waiver":
        return None if value is None else bool(value)
    return value
