"""The corrections file: loading it, validating each entry, and settling the
anomalies an entry corrects or acknowledges.

A TOML file of `[[correction]]` entries, each citing source lines and a reason
(see README.md in this package). An invalid file is an ImportInputError naming
the entry and the field; an entry that matches nothing is itself reported, so
the file cannot rot silently. Applying the entries to records is
`corrections.py`.
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
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly, Confidence

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
RECORD_KEEPING = frozenset({"acknowledge", "same-institution"})
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

_KIND = {"fee_waiver": 'true, false or "" (unknown)'}


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
                result.append(unmatched(entry, self.path))
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


def unmatched(
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


# The keys an entry may have.
_KEYS = frozenset(
    {
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
)


def _entry(raw: dict[str, Any], number: int, path: str) -> Correction:
    def fail(message: str, key: str = "") -> ImportInputError:
        return ImportInputError(
            f"correction #{number}: {message}", path=path, field=key or None
        )

    _check_keys(raw, fail)
    entry = Correction(
        action=raw["action"],
        reason=raw["reason"].strip(),
        lines=tuple(raw.get("lines", [])),
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


def _check_keys(raw: dict[str, Any], fail: Any) -> None:
    """The action, the reason and the cited lines every entry needs."""
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
    if set(raw) - _KEYS:
        raise fail(f"unknown keys {sorted(set(raw) - _KEYS)}")


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
        if key == "fee_waiver" and value == "":
            continue  # unknown, as "" is for concluded_on
        if not isinstance(value, SETTABLE[key]):
            raise fail(f"{key} must be {_KIND.get(key, SETTABLE[key].__name__)}", key)
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
