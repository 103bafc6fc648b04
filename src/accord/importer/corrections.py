"""Stage 4: reconcile — apply the reviewed corrections to the records, then
hold them against the list's declared totals.

The file itself (loading, validation, which anomalies an entry settles) is
`corrections_file.py`; the totals are checked in `checksums.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

from accord.core.countries import name_of
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.checksums import Checksums, check_totals
from accord.importer.corrections_file import (
    ACTIONS,
    RECORD_KEEPING,
    SETTABLE,
    Correction,
    Corrections,
    unmatched,
)

__all__ = [
    "ACTIONS",
    "SETTABLE",
    "Correction",
    "Corrections",
    "Reconciled",
    "SameInstitutions",
    "apply_corrections",
    "check_totals",
    "reconcile",
    "same_institutions",
]


class Reconciled(NamedTuple):
    """The records after the corrections, and the anomalies of this stage."""

    records: list[Record]
    anomalies: list[Anomaly]


def reconcile(
    records: list[Record], checksums: Checksums, corrections: Corrections | None
) -> Reconciled:
    """Apply the corrections, then hold the records against the declared totals.

    Returns the reconciled records and the anomalies of this stage (applied and
    unmatched corrections, totals that do not hold).
    """
    anomalies: list[Anomaly] = []
    if corrections is not None:
        records, anomalies = apply_corrections(records, corrections)
    return Reconciled(records, anomalies + check_totals(records, checksums))


# Applying corrections to records ------------------------------------------


def _select(
    entry: Correction, records: list[Record], lines: Iterable[int]
) -> list[int]:
    """The records each cited line names: of the records that use the line, the
    ones with the fewest source lines (a label line is used by every row of its
    block; the row printed on it uses the fewest other lines)."""
    chosen: set[int] = set()
    for line in lines:
        using = [
            (len(r.source_lines), i)
            for i, r in enumerate(records)
            if line in r.source_lines and (not entry.level or r.level == entry.level)
        ]
        if using:
            fewest = min(n for n, _ in using)
            chosen |= {i for n, i in using if n == fewest}
    return sorted(chosen)


def _with_fields(record: Record, fields: dict[str, Any]) -> Record:
    changes = dict(fields)
    for key in ("co_partners", "source_lines"):
        if key in changes:
            changes[key] = tuple(changes[key])
    if "concluded_on" in changes:
        value = changes["concluded_on"]
        changes["concluded_on"] = datetime.date.fromisoformat(value) if value else None
    if changes.get("fee_waiver") == "":
        changes["fee_waiver"] = None
    if "country_code" in changes and "country_name" not in changes:
        changes["country_name"] = name_of(changes["country_code"])
    return record.with_changes(**changes)


def apply_corrections(
    records: list[Record], corrections: Corrections
) -> tuple[list[Record], list[Anomaly]]:
    """The records with every record-changing correction applied, in file order."""
    anomalies: list[Anomaly] = []
    for entry in corrections.entries:
        if entry.action in RECORD_KEEPING:
            continue
        changed, applied = _apply(entry, records)
        if applied and changed == records:
            anomalies.append(unmatched(entry, corrections.path, "changes nothing"))
            continue
        records = changed
        if applied:
            anomalies.append(
                Anomaly(
                    A.CORRECTED,
                    entry.lines,
                    entry.describe(),
                    _summary(entry),
                    severity="info",
                    confidence=entry.confidence,
                    resolution="corrected",
                    reason=entry.reason,
                )
            )
        else:
            anomalies.append(unmatched(entry, corrections.path))
    return records, anomalies


def _summary(entry: Correction) -> str:
    if entry.action == "set":
        return "set " + ", ".join(f"{k}={v!r}" for k, v in entry.fields.items())
    if entry.action == "joint":
        return f"one agreement with joint partners {list(entry.partners)}"
    if entry.action == "split":
        return f"split into {len(entry.rows)} agreements"
    if entry.action == "attach":
        return f"joined to the row of line {entry.to}"
    return "dropped: not an agreement row"


def _apply(entry: Correction, records: list[Record]) -> tuple[list[Record], bool]:
    hits = _select(entry, records, entry.lines)
    if not hits:
        return records, False
    out = list(records)
    if entry.action in {"set", "joint"}:
        fields = dict(entry.fields)
        if entry.action == "joint":
            fields["institution"] = entry.partners[0]
            fields["co_partners"] = list(entry.partners[1:])
        for i in hits:
            out[i] = _with_fields(out[i], fields)
    elif entry.action == "drop":
        out = [r for i, r in enumerate(out) if i not in hits]
    elif entry.action == "split":
        out = _split(entry, out, hits)
    else:
        return _attach(entry, out, hits)
    return out, True


def _split(entry: Correction, records: list[Record], hits: list[int]) -> list[Record]:
    """One printed row holding several agreements: one record per `rows` table."""
    out: list[Record] = []
    for i, record in enumerate(records):
        if i in hits:
            out += [_with_fields(record, {**entry.fields, **row}) for row in entry.rows]
        else:
            out.append(record)
    return out


def _attach(
    entry: Correction, records: list[Record], hits: list[int]
) -> tuple[list[Record], bool]:
    assert entry.to is not None
    targets = [i for i in _select(entry, records, (entry.to,)) if i not in hits]
    if len(targets) != 1:
        return records, False
    target = records[targets[0]]
    extra = tuple(n for i in hits for n in records[i].source_lines)
    merged = _with_fields(target, entry.fields).with_changes(
        source_lines=tuple(sorted({*target.source_lines, *extra}))
    )
    out = [
        merged if i == targets[0] else r for i, r in enumerate(records) if i not in hits
    ]
    return out, True


# Institutions printed under several names ----------------------------------

# (country code, name as printed) -> the name the institution is kept under.
SameInstitutions = dict[tuple[str, str], str]


def same_institutions(
    records: list[Record], corrections: Corrections | None
) -> tuple[SameInstitutions, list[Anomaly]]:
    """The institutions a reviewer found printed under several names.

    The records keep the names as printed (an edition is what it published);
    storing them files every name under the first cited line's institution,
    the others becoming its aliases.
    """
    found: SameInstitutions = {}
    anomalies: list[Anomaly] = []
    if corrections is None:
        return found, anomalies
    for entry in corrections.entries:
        if entry.action != "same-institution":
            continue
        named = [
            [records[i] for i in _select(entry, records, (line,))]
            for line in entry.lines
        ]
        why = _not_one_institution(named)
        if why:
            anomalies.append(unmatched(entry, corrections.path, why))
            continue
        kept, country, others = _names_of_one(named)
        found |= {(country, name): kept for name in others}
        anomalies.append(_one_institution(entry, kept, others))
    return found, anomalies


def _not_one_institution(named: list[list[Record]]) -> str:
    """Why the cited lines cannot be one institution ("" when they can)."""
    places = {r.country_code for rs in named for r in rs}
    if not all(named):
        return "a cited line holds no record"
    if any(len({r.institution for r in rs}) > 1 for rs in named):
        return "a cited line names several institutions"
    if len(places) != 1:
        return f"its records are in different countries {sorted(places)}"
    return ""


def _names_of_one(named: list[list[Record]]) -> tuple[str, str, list[str]]:
    """The name kept (the first cited line's), the country, the other names."""
    kept = named[0][0].institution
    others = sorted({r.institution for rs in named for r in rs} - {kept})
    return kept, named[0][0].country_code, others


def _one_institution(entry: Correction, kept: str, others: list[str]) -> Anomaly:
    return Anomaly(
        A.CORRECTED,
        entry.lines,
        entry.describe(),
        f"one institution, kept as {kept!r}; also printed {others}",
        severity="info",
        confidence=entry.confidence,
        resolution="corrected",
        reason=entry.reason,
    )
