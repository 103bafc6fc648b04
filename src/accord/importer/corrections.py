"""The corrections file: human decisions the text cannot make by itself.

A TOML file of `[[correction]]` entries, each citing source lines and a reason
(see README.md in this package). Applying it is part of `reconcile`. An entry
that matches nothing is itself reported, so the file cannot rot silently.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from accord.core.countries import name_of
from accord.core.errors import ImportInputError
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly, Confidence
from accord.importer.checksums import Checksums

ACTIONS = (
    "set",
    "joint",
    "split",
    "drop",
    "attach",
    "same-institution",
    "acknowledge",
)
# Actions that leave the records as printed.
_RECORD_KEEPING = frozenset({"acknowledge", "same-institution"})
SETTABLE = {
    "institution": str,
    "partner_department": str,
    "home_unit": str,
    "fee_waiver": bool,
    "region": str,
    "country_code": str,
    "country_name": str,
    "co_partners": list,
    "concluded_on": str,
    "source_lines": list,
}


@dataclass(frozen=True)
class Correction:
    """One reviewed decision."""

    action: str
    reason: str
    lines: tuple[int, ...] = ()
    level: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    partners: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    to: int | None = None
    anomaly: str = ""
    checksum: str = ""
    number: int = 0  # position in the file, for messages
    # How sure the reviewer is: "uncertain" entries are the ones to check
    # against the PDF or another edition.
    confidence: Confidence = "likely"

    def describe(self) -> str:
        where = f"lines {list(self.lines)}" if self.lines else self.checksum
        what = f"{self.action} {self.anomaly}" if self.anomaly else self.action
        return f"correction #{self.number} ({what} {where})"


@dataclass(frozen=True)
class Corrections:
    entries: tuple[Correction, ...] = ()
    path: str = ""

    @classmethod
    def load(cls, path: str | Path) -> Corrections:
        text = Path(path).read_text(encoding="utf-8")
        return cls.from_toml(text, str(path))

    @classmethod
    def from_toml(cls, text: str, path: str = "") -> Corrections:
        """Parse and validate a corrections file.

        >>> c = Corrections.from_toml('[[correction]]\\naction = "drop"\\n'
        ...     'lines = [421]\\nreason = "a date alone, repeated"')
        >>> c.entries[0].lines
        (421,)
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ImportInputError(f"not valid TOML: {exc}", path=path) from exc
        unknown = set(data) - {"correction"}
        if unknown:
            raise ImportInputError(f"unknown keys {sorted(unknown)}", path=path)
        entries = [
            _entry(raw, number, path)
            for number, raw in enumerate(data.get("correction", []), start=1)
        ]
        return cls(tuple(entries), path)

    def resolve(self, anomalies: Iterable[Anomaly]) -> list[Anomaly]:
        """Mark the anomalies a correction settles: those on the lines of a
        record-changing correction ("corrected") and those an acknowledgement
        names ("acknowledged"); report acknowledgements matching nothing."""
        result = list(anomalies)
        for entry in self.entries:
            if entry.action == "same-institution":
                continue
            if entry.action != "acknowledge":
                result = [_settle(a, entry) for a in result]
                continue
            hits = [i for i, a in enumerate(result) if _acknowledges(entry, a)]
            for i in hits:
                result[i] = replace(
                    result[i], resolution="acknowledged", reason=entry.reason
                )
            if not hits:
                result.append(_unmatched(entry, self.path))
        return result


_OWN_CODES = frozenset({A.CORRECTED, A.CORRECTION_UNMATCHED, A.CHECKSUM})


def _settle(anomaly: Anomaly, entry: Correction) -> Anomaly:
    if anomaly.is_resolved or anomaly.code in _OWN_CODES:
        return anomaly
    if not anomaly.lines or not set(anomaly.lines) <= set(entry.lines):
        return anomaly
    return replace(anomaly, resolution="corrected", reason=entry.reason)


def _acknowledges(entry: Correction, anomaly: Anomaly) -> bool:
    if anomaly.code != entry.anomaly or anomaly.is_resolved:
        return False
    if entry.checksum:
        return anomaly.field == entry.checksum
    return bool(set(entry.lines) & set(anomaly.lines))


def _unmatched(
    entry: Correction, path: str, why: str = "nothing in the list matches it"
) -> Anomaly:
    return Anomaly(
        A.CORRECTION_UNMATCHED,
        entry.lines,
        entry.describe(),
        f"{why}; fix or remove it in {path or 'the corrections file'}",
        severity="error",
        reason=entry.reason,
    )


def _entry(raw: dict[str, Any], number: int, path: str) -> Correction:
    def fail(message: str, key: str = "") -> ImportInputError:
        return ImportInputError(
            f"correction #{number}: {message}", path=path, field=key or None
        )

    action = raw.get("action")
    if action not in ACTIONS:
        raise fail(f"action must be one of {ACTIONS}, not {action!r}", "action")
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise fail("every correction needs a reason", "reason")
    lines = raw.get("lines", [])
    if not isinstance(lines, list) or not all(
        isinstance(n, int) and n > 0 for n in lines
    ):
        raise fail("lines must be a list of line numbers", "lines")
    allowed = {
        "action",
        "reason",
        "lines",
        "level",
        "set",
        "partners",
        "rows",
        "to",
        "anomaly",
        "checksum",
        "confidence",
    }
    if set(raw) - allowed:
        raise fail(f"unknown keys {sorted(set(raw) - allowed)}")
    entry = Correction(
        action=action,
        reason=reason.strip(),
        lines=tuple(lines),
        level=str(raw.get("level", "")),
        fields=_fields(raw.get("set", {}), fail),
        partners=tuple(raw.get("partners", ())),
        rows=tuple(_fields(row, fail) for row in raw.get("rows", ())),
        to=raw.get("to"),
        anomaly=str(raw.get("anomaly", "")),
        checksum=str(raw.get("checksum", "")),
        confidence=_confidence(raw.get("confidence", "likely"), fail),
        number=number,
    )
    _check(entry, fail)
    return entry


def _confidence(value: Any, fail: Any) -> Confidence:
    if value not in ("certain", "likely", "uncertain"):
        raise fail("confidence must be certain, likely or uncertain", "confidence")
    return cast(Confidence, value)


def _fields(raw: Any, fail: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise fail("set must be a table of fields", "set")
    for key, value in raw.items():
        if key not in SETTABLE:
            raise fail(f"cannot set {key!r}", key)
        if not isinstance(value, SETTABLE[key]):
            raise fail(f"{key} must be {SETTABLE[key].__name__}", key)
    if raw.get("concluded_on"):
        try:
            datetime.date.fromisoformat(raw["concluded_on"])
        except ValueError as exc:
            raise fail(
                "concluded_on must be YYYY-MM-DD or empty", "concluded_on"
            ) from exc
    lines = raw.get("source_lines", [])
    if not all(isinstance(n, int) and n > 0 for n in lines):
        raise fail("source_lines must be line numbers", "source_lines")
    if raw.get("country_code"):
        try:
            name_of(raw["country_code"])
        except ValueError as exc:
            raise fail(str(exc), "country_code") from exc
    return dict(raw)


def _check(entry: Correction, fail: Any) -> None:
    needs_lines = entry.action != "acknowledge" or not entry.checksum
    if needs_lines and not entry.lines:
        raise fail("cite the source line(s) it is about", "lines")
    if entry.action == "set" and not entry.fields:
        raise fail("set needs a [set] table of fields", "set")
    if entry.action == "joint" and len(entry.partners) < 2:
        raise fail("joint needs at least two partners", "partners")
    if entry.action == "split" and len(entry.rows) < 2:
        raise fail("split needs at least two [[correction.rows]]", "rows")
    if entry.action == "same-institution" and len(entry.lines) < 2:
        raise fail(
            "same-institution needs two or more lines: the name to keep first",
            "lines",
        )
    if entry.action == "attach" and entry.to is None:
        raise fail("attach needs `to`, the line of the row it joins", "to")
    if entry.action == "acknowledge" and entry.anomaly not in A.CODES:
        raise fail(f"unknown anomaly code {entry.anomaly!r}", "anomaly")


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
    if "country_code" in changes and "country_name" not in changes:
        changes["country_name"] = name_of(changes["country_code"])
    return record.with_changes(**changes)


def apply_corrections(
    records: list[Record], corrections: Corrections
) -> tuple[list[Record], list[Anomaly]]:
    """The records with every record-changing correction applied, in file order."""
    anomalies: list[Anomaly] = []
    for entry in corrections.entries:
        if entry.action in _RECORD_KEEPING:
            continue
        changed, applied = _apply(entry, records)
        if applied and changed == records:
            anomalies.append(_unmatched(entry, corrections.path, "changes nothing"))
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
            anomalies.append(_unmatched(entry, corrections.path))
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


# Checksums ----------------------------------------------------------------


def check_totals(records: list[Record], checksums: Checksums) -> list[Anomaly]:
    """Each declared total that the records do not reach: declared N, found n."""
    university = [r for r in records if r.level == "university"]
    department = [r for r in records if r.level == "department"]
    found: list[Anomaly] = []

    def compare(
        key: str,
        declared: int | None,
        count: int,
        line: int | tuple[int, ...] | None,
        what: str,
    ) -> None:
        lines = line if isinstance(line, tuple) else (line,) if line else ()
        if declared is not None and declared != count:
            found.append(
                Anomaly(
                    A.CHECKSUM,
                    lines,
                    f"{what}: declared {declared}, found {count}",
                    "reported; no record invented",
                    field=key,
                    severity="error",
                )
            )

    compare(
        "university-total",
        checksums.university_total,
        len(university),
        checksums.university_total_line,
        "university-level institutions",
    )
    compare(
        "department-total",
        checksums.department_total,
        len(department),
        checksums.department_total_line,
        "department-level rows",
    )
    # "64 countries and regions": the international-organization pseudo-country
    # is neither, so it does not count.
    countries = {r.country_code for r in department if r.country_code}
    compare(
        "countries-total",
        checksums.countries_total,
        len(countries),
        checksums.department_total_line,
        "countries and regions",
    )
    for count in checksums.countries:
        rows = [r for r in department if r.country_code == count.code]
        where = _span(rows)
        compare(
            f"country:{count.code or 'international'}",
            count.declared,
            len(rows),
            count.lines or count.line,
            f"{count.label} rows{where}",
        )
    return found


def _span(records: list[Record]) -> str:
    lines = [n for r in records for n in r.source_lines]
    return f" (lines {min(lines)}-{max(lines)})" if lines else ""


def reconcile(
    records: list[Record], checksums: Checksums, corrections: Corrections | None
) -> tuple[list[Record], list[Anomaly]]:
    """Apply the corrections, then hold the records against the declared totals.

    Returns the reconciled records and the anomalies of this stage (applied and
    unmatched corrections, totals that do not hold).
    """
    anomalies: list[Anomaly] = []
    if corrections is not None:
        records, anomalies = apply_corrections(records, corrections)
    return records, anomalies + check_totals(records, checksums)


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
    for entry in corrections.entries if corrections else ():
        if entry.action != "same-institution":
            continue
        named = [
            [records[i] for i in _select(entry, records, (line,))]
            for line in entry.lines
        ]
        places = {r.country_code for rs in named for r in rs}
        why = ""
        if not all(named):
            why = "a cited line holds no record"
        elif any(len({r.institution for r in rs}) > 1 for rs in named):
            why = "a cited line names several institutions"
        elif len(places) != 1:
            why = f"its records are in different countries {sorted(places)}"
        if why:
            anomalies.append(_unmatched(entry, corrections.path, why))  # type: ignore[union-attr]
            continue
        kept = named[0][0].institution
        (country,) = places
        others = sorted({r.institution for rs in named for r in rs} - {kept})
        for name in others:
            found[(country, name)] = kept
        anomalies.append(
            Anomaly(
                A.CORRECTED,
                entry.lines,
                entry.describe(),
                f"one institution, kept as {kept!r}; also printed {others}",
                severity="info",
                confidence=entry.confidence,
                resolution="corrected",
                reason=entry.reason,
            )
        )
    return found, anomalies
