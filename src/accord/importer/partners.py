"""Joint partners: one printed partner name that is two institutions.

`X / Y` is the form Accord's own published list gives joint partners; `X and
Y` is two partners only when both read as institutions and one is known
elsewhere in the list; two known names run together without a separator are
two partners as well.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from accord.core.names import name_key
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.roles import looks_like_institution

_AND = re.compile(r"\s+and\s+")
_SLASH = re.compile(r"\s+/\s+")


class Partners(NamedTuple):
    """The partner institution, its co-partners, and the doubt if any."""

    institution: str
    co_partners: tuple[str, ...] = ()
    anomaly: Anomaly | None = None


def partners_of(name: str, lines: tuple[int, ...], known: set[str]) -> Partners:
    """Read one printed partner name as one or several partners.

    >>> partners_of("A University / B Institute", (1,), set())[:2]
    ('A University', ('B Institute',))
    >>> partners_of("Egypt-Japan University of Science and Technology", (2,), set())
    Partners(institution='Egypt-Japan University of Science and Technology', \
co_partners=(), anomaly=None)
    """
    return (
        _slashed(name, lines)
        or _run_on(name, lines, known)
        or _joined_by_and(name, lines, known)
        or Partners(name)
    )


def _slashed(name: str, lines: tuple[int, ...]) -> Partners | None:
    joint = _SLASH.split(name)
    if len(joint) < 2 or not all(looks_like_institution(p) for p in joint):
        return None
    decided = f"joint partners: {joint[0]!r} with {', '.join(map(repr, joint[1:]))}"
    return Partners(
        joint[0], tuple(joint[1:]), _joint(lines, name, decided, severity="info")
    )


def _run_on(name: str, lines: tuple[int, ...], known: set[str]) -> Partners | None:
    """Two institutions known elsewhere, printed in one cell without a
    separator: `Russian Academy of Sciences Lomonosov Moscow State University`
    (line 896, one agreement with both)."""
    words = name.split()
    for cut in range(2, len(words) - 1):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if name_key(first) in known and name_key(second) in known:
            decided = f"two partners run together: {first!r} with {second!r}"
            return Partners(first, (second,), _joint(lines, name, decided))
    return None


def _joined_by_and(
    name: str, lines: tuple[int, ...], known: set[str]
) -> Partners | None:
    parts = _AND.split(name)
    if len(parts) != 2 or not all(looks_like_institution(p) for p in parts):
        return None
    # One part printed alone elsewhere in the list cannot be a piece of one
    # longer name: Tianjin Medical University (line 482) and a hospital, 484.
    if any(name_key(p) in known for p in parts):
        decided = f"two partners: {parts[0]!r} with {parts[1]!r}"
        return Partners(parts[0], (parts[1],), _joint(lines, name, decided))
    # Kept as printed: nothing is split or invented, so the reviewer is told
    # rather than stopped.
    decided = "kept as one name: neither part is known as an institution"
    return Partners(name, (), _joint(lines, name, decided, "uncertain", "info"))


def _joint(
    lines: tuple[int, ...],
    name: str,
    decided: str,
    confidence: A.Confidence = "likely",
    severity: A.Severity = "warning",
) -> Anomaly:
    return Anomaly(
        A.JOINT_PARTNERS,
        lines,
        name,
        decided,
        confidence=confidence,
        field="co_partners",
        severity=severity,
    )
