"""Anomalies: every place where the importer was unsure, or the list disagrees
with itself, recorded with a stable code, the lines, what was seen and decided.

Codes are kebab-case and registered once here with a title, so the CLI, the
report JSON and docs/anomalies.md all speak the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
Confidence = Literal["certain", "likely", "uncertain"]

CODES: dict[str, str] = {}


def register(code: str, title: str) -> str:
    """Register an anomaly code with its human title; returns the code."""
    if code in CODES and CODES[code] != title:
        raise ValueError(f"anomaly code {code!r} registered twice")
    CODES[code] = title
    return code


@dataclass(frozen=True)
class Anomaly:
    """One doubt or disagreement found in a list.

    >>> Anomaly("missing-date", lines=(78,), seen="- * École Centrale de Lyon",
    ...         decided="concluded_on left unknown").code
    'missing-date'
    """

    code: str
    lines: tuple[int, ...] = ()
    seen: str = ""
    decided: str = ""
    confidence: Confidence = "certain"
    field: str = ""
    severity: Severity = "warning"
    resolution: str = ""  # filled by corrections: "corrected" / "acknowledged"
    reason: str = ""  # the corrections file's reason, when resolved there

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered anomaly code {self.code!r}")

    @property
    def title(self) -> str:
        return CODES[self.code]

    @property
    def is_resolved(self) -> bool:
        return bool(self.resolution)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = list(self.lines)
        data["title"] = self.title
        return data


@dataclass(frozen=True)
class Report:
    """All anomalies of one import run, in source order."""

    anomalies: tuple[Anomaly, ...] = field(default=())

    @classmethod
    def of(cls, anomalies: Iterable[Anomaly]) -> Report:
        return cls(tuple(sorted(anomalies, key=lambda a: (a.lines or (0,), a.code))))

    @property
    def ok(self) -> bool:
        """True when nothing blocks an import: every error is resolved."""
        return not self.unresolved(severity="error") and not self.unresolved(
            severity="warning"
        )

    def unresolved(self, severity: Severity | None = None) -> list[Anomaly]:
        return [
            a
            for a in self.anomalies
            if not a.is_resolved and (severity is None or a.severity == severity)
        ]

    def flatten(self, *keys: str) -> list[tuple[Any, ...]]:
        """The anomalies as tuples of the given keys, for one-line assertions.

        >>> Report.of([Anomaly("missing-date", lines=(78,))]).flatten("code", "lines")
        [('missing-date', (78,))]
        """
        return [tuple(getattr(a, key) for key in keys) for a in self.anomalies]

    def codes(self) -> Sequence[str]:
        return [a.code for a in self.anomalies]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "anomalies": [a.to_dict() for a in self.anomalies],
        }


# The registry of codes. Each stage yields anomalies with one of these codes;
# docs/anomalies.md lists them (a test keeps the two in step).
MISSING_DATE = register("missing-date", "An agreement has no date of conclusion")
